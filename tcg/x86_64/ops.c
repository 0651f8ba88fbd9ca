/*
 * x86-64 code for each IR op (guest memory is in softmmu.c, bit-field
 * and bit-count ops in bitops.c).
 *
 * Conventions: an i32 value in a host register has undefined upper 32
 * bits; i32 ops use 32-bit forms (which zero the upper half) and an
 * explicit zero/sign extension makes an i64.  REG_TMP (r11) is free for
 * any emitter between allocator calls.  Flags never live across ops: a
 * compare is emitted after every allocator call that may emit code,
 * since those may use "xor r, r" for a zero.
 */
#include "tcg/x86_64/ops.h"

/* A constant input usable as an immediate of a w-bit ALU operation. */
bool jit_imm(JitCtx *c, TCGArg t, bool w64, int64_t *imm)
{
    uint64_t v;

    if (!ra_is_const(c, t, &v)) {
        return false;
    }
    if (!w64) {
        *imm = (int32_t)v;
        return true;
    }
    *imm = (int64_t)v;
    return x86_fits_i32((int64_t)v);
}

static const int8_t cond_cc[TCG_COND_COUNT] = {
    [TCG_COND_EQ] = CC_E,    [TCG_COND_NE] = CC_NE,  [TCG_COND_LT] = CC_L,
    [TCG_COND_GE] = CC_GE,   [TCG_COND_GT] = CC_G,   [TCG_COND_LE] = CC_LE,
    [TCG_COND_LTU] = CC_B,   [TCG_COND_GEU] = CC_AE, [TCG_COND_GTU] = CC_A,
    [TCG_COND_LEU] = CC_BE,  [TCG_COND_TSTEQ] = CC_E, [TCG_COND_TSTNE] = CC_NE,
};

void jit_cmp_prepare(JitCtx *c, JitCmp *k, TCGCond cond, TCGArg a, TCGArg b,
                     bool w64)
{
    uint64_t v;

    k->w64 = w64;
    k->cond = cond;
    if (ra_is_const(c, a, &v) && !ra_is_const(c, b, &v)) {
        TCGArg x = a;

        a = b;
        b = x;
        k->cond = tcg_swap_cond(cond);
    }
    k->ra = ra_in(c, a);
    k->is_imm = jit_imm(c, b, w64, &k->imm);
    k->rb = k->is_imm ? -1 : ra_in(c, b);
}

int jit_cmp_emit(JitCtx *c, const JitCmp *k)
{
    bool tst = k->cond == TCG_COND_TSTEQ || k->cond == TCG_COND_TSTNE;
    unsigned w = k->w64 ? P_W : 0;

    if (k->is_imm && (k->imm == 0 && !tst)) {
        /* test a, a sets every flag the conditions read as cmp a, 0. */
        x86_rr(&c->b, OPC_TEST | w, k->ra, k->ra);
    } else if (k->is_imm && tst) {
        x86_rr(&c->b, OPC_GRP3 | w, UN_TEST, k->ra);
        x86_u32(&c->b, (uint32_t)k->imm);
    } else if (k->is_imm) {
        x86_alu_ri(&c->b, ALU_CMP, k->w64, k->ra, k->imm);
    } else if (tst) {
        x86_rr(&c->b, OPC_TEST | w, k->rb, k->ra);
    } else {
        x86_alu_rr(&c->b, ALU_CMP, k->w64, k->ra, k->rb);
    }
    return cond_cc[k->cond];
}

static void emit_alu(JitCtx *c, const TCGOp *op, int alu, bool commute)
{
    bool w64 = jit_op64(op);
    unsigned ia = 1, ib = 2;
    int64_t imm;
    uint64_t v;
    int rd, rb;

    if (commute && ra_is_const(c, op->args[1], &v) &&
        !ra_is_const(c, op->args[2], &v)) {
        ia = 2;
        ib = 1;
    }
    if (jit_imm(c, op->args[ib], w64, &imm)) {
        rd = ra_out_tied(c, 0, ia, 0);
        x86_alu_ri(&c->b, alu, w64, rd, imm);
        return;
    }
    rb = ra_in(c, op->args[ib]);
    rd = ra_out_tied(c, 0, ia, 0);
    x86_alu_rr(&c->b, alu, w64, rd, rb);
}

/* andc, orc: a op ~b. */
static void emit_alu_not_b(JitCtx *c, const TCGOp *op, int alu)
{
    bool w64 = jit_op64(op);
    uint64_t v;
    int rd, rb;

    if (ra_is_const(c, op->args[2], &v) &&
        (!w64 || x86_fits_i32((int64_t)~v))) {
        rd = ra_out_tied(c, 0, 1, 0);
        x86_alu_ri(&c->b, alu, w64, rd, w64 ? (int64_t)~v : (int32_t)~v);
        return;
    }
    rb = ra_in(c, op->args[2]);
    x86_mov_rr(&c->b, true, REG_TMP, rb);
    x86_unary(&c->b, UN_NOT, w64, REG_TMP);
    rd = ra_out_tied(c, 0, 1, 0);
    x86_alu_rr(&c->b, alu, w64, rd, REG_TMP);
}

static void emit_mul(JitCtx *c, const TCGOp *op)
{
    bool w64 = jit_op64(op);
    unsigned w = w64 ? P_W : 0;
    unsigned ia = 1, ib = 2;
    int64_t imm;
    uint64_t v;
    int rd, ra, rb;

    if (ra_is_const(c, op->args[1], &v) && !ra_is_const(c, op->args[2], &v)) {
        ia = 2;
        ib = 1;
    }
    if (jit_imm(c, op->args[ib], w64, &imm)) {
        ra = ra_in(c, op->args[ia]);
        rd = ra_out(c, 0, 0);
        x86_rr(&c->b, OPC_IMUL_IMM32 | w, rd, ra);
        x86_u32(&c->b, (uint32_t)imm);
        return;
    }
    rb = ra_in(c, op->args[ib]);
    rd = ra_out_tied(c, 0, ia, 0);
    x86_rr(&c->b, OPC_IMUL_RRM | w, rd, rb);
}

static void emit_unary(JitCtx *c, const TCGOp *op, int un)
{
    int rd = ra_out_tied(c, 0, 1, 0);

    x86_unary(&c->b, un, jit_op64(op), rd);
}

static void emit_shift(JitCtx *c, const TCGOp *op, int sh)
{
    bool w64 = jit_op64(op);
    uint64_t v;
    int rd;

    if (ra_is_const(c, op->args[2], &v)) {
        rd = ra_out_tied(c, 0, 1, 0);
        x86_shift_ri(&c->b, sh, w64, rd, (unsigned)v);
        return;
    }
    /* The count must be in CL; the hardware masks it (SDM SAL/SAR/SHL/
       SHR: to 5 bits, 6 with REX.W), as the IR wants. */
    ra_in_fixed(c, op->args[2], RCX);
    rd = ra_out_tied(c, 0, 1, REG_MASK(RCX));
    x86_rr(&c->b, OPC_SHIFT_CL | (w64 ? P_W : 0), sh, rd);
}

/*
 * div, divu, rem, remu.  The IR leaves b == 0 and signed MIN / -1
 * undefined, but #DE would kill the host, so those cases branch around
 * the divide and give the interpreter's answers: q = 0, r = a for
 * b == 0; q = -a, r = 0 for b == -1 (which covers MIN / -1).
 */
static void emit_div(JitCtx *c, const TCGOp *op, bool sign, bool rem)
{
    bool w64 = jit_op64(op);
    X86Buf *b = &c->b;
    uint8_t *to_m1 = NULL, *to_zero, *done1, *m1_end = NULL;
    int rb;

    ra_evict(c, RDX);
    ra_in_fixed(c, op->args[1], RAX);
    rb = ra_in(c, op->args[2]);
    if (sign) {
        x86_alu_ri(b, ALU_CMP, w64, rb, -1);
        to_m1 = x86_jcc8(b, CC_E);
    }
    x86_rr(b, OPC_TEST | (w64 ? P_W : 0), rb, rb);
    to_zero = x86_jcc8(b, CC_E);
    if (sign) {
        x86_opc(b, 0x99 | (w64 ? P_W : 0), 0, 0, 0); /* cdq / cqo */
    } else {
        x86_rr(b, 0x31, RDX, RDX);
    }
    x86_unary(b, sign ? UN_IDIV : UN_DIV, w64, rb);
    done1 = x86_jcc8(b, -1);
    if (sign) {
        x86_patch8(to_m1, b->p);
        x86_unary(b, UN_NEG, w64, RAX);
        x86_rr(b, 0x31, RDX, RDX);
        m1_end = x86_jcc8(b, -1);
    }
    x86_patch8(to_zero, b->p);
    x86_mov_rr(b, true, RDX, RAX);
    x86_rr(b, 0x31, RAX, RAX);
    x86_patch8(done1, b->p);
    if (m1_end) {
        x86_patch8(m1_end, b->p);
    }
    ra_out_fixed(c, 0, rem ? RDX : RAX);
}

static void emit_mul2(JitCtx *c, const TCGOp *op, bool sign)
{
    bool w64 = jit_op64(op);
    int rb;

    ra_evict(c, RDX);
    ra_in_fixed(c, op->args[2], RAX);
    rb = ra_in(c, op->args[3]);
    x86_unary(&c->b, sign ? UN_IMUL : UN_MUL, w64, rb);
    ra_out_fixed(c, 0, RAX);
    ra_out_fixed(c, 1, RDX);
}

static void emit_addsub2(JitCtx *c, const TCGOp *op, bool sub)
{
    bool w64 = jit_op64(op);
    int64_t il, ih;
    bool kl = jit_imm(c, op->args[4], w64, &il);
    bool kh = jit_imm(c, op->args[5], w64, &ih);
    int rbl = kl ? -1 : ra_in(c, op->args[4]);
    int rbh = kh ? -1 : ra_in(c, op->args[5]);
    int rl = ra_scratch(c, 0), rh = ra_scratch(c, 0);

    ra_load(c, op->args[2], rl);
    ra_load(c, op->args[3], rh);
    if (kl) {
        x86_alu_ri(&c->b, sub ? ALU_SUB : ALU_ADD, w64, rl, il);
    } else {
        x86_alu_rr(&c->b, sub ? ALU_SUB : ALU_ADD, w64, rl, rbl);
    }
    if (kh) {
        x86_alu_ri(&c->b, sub ? ALU_SBB : ALU_ADC, w64, rh, ih);
    } else {
        x86_alu_rr(&c->b, sub ? ALU_SBB : ALU_ADC, w64, rh, rbh);
    }
    ra_out_fixed(c, 0, rl);
    ra_out_fixed(c, 1, rh);
}

static void emit_setcond(JitCtx *c, const TCGOp *op)
{
    JitCmp k;
    int rd, cc;

    jit_cmp_prepare(c, &k, (TCGCond)op->args[3], op->args[1], op->args[2],
                    jit_op64(op));
    rd = ra_out(c, 0, 0);
    cc = jit_cmp_emit(c, &k);
    x86_rr(&c->b, OPC_SETCC + cc, 0, rd);
    x86_rr(&c->b, OPC_MOVZBL, rd, rd);
}

static void emit_movcond(JitCtx *c, const TCGOp *op)
{
    bool w64 = jit_op64(op);
    JitCmp k;
    int rd, rv1, cc;

    jit_cmp_prepare(c, &k, (TCGCond)op->args[5], op->args[1], op->args[2],
                    w64);
    rv1 = ra_in(c, op->args[3]);
    rd = ra_out_tied(c, 0, 4, 0);
    cc = jit_cmp_emit(c, &k);
    x86_rr(&c->b, (OPC_CMOV + cc) | (w64 ? P_W : 0), rd, rv1);
}

static void add_label_fix(JitCtx *c, uint8_t *field, TCGArg label)
{
    if (c->nb_label_fix == c->label_fix_cap) {
        c->label_fix_cap = c->label_fix_cap * 2 + 16;
        c->label_fix = g_renew(JitFix, c->label_fix, c->label_fix_cap);
    }
    c->label_fix[c->nb_label_fix++] = (JitFix){field, (uint32_t)label};
}

static void emit_brcond(JitCtx *c, const TCGOp *op)
{
    JitCmp k;
    int cc;

    jit_cmp_prepare(c, &k, (TCGCond)op->args[2], op->args[0], op->args[1],
                    jit_op64(op));
    cc = jit_cmp_emit(c, &k);
    add_label_fix(c, x86_jcc32(&c->b, cc), op->args[3]);
}

/* Extensions and conversions: d = f(a) with a movzx/movsx form. */
static void emit_ext(JitCtx *c, const TCGOp *op, unsigned opc)
{
    int ra = ra_in(c, op->args[1]);
    int rd = ra_out(c, 0, 0);

    x86_rr(&c->b, opc, rd, ra);
}

static void emit_host_ld(JitCtx *c, const TCGOp *op, unsigned opc)
{
    int rbase = ra_in(c, op->args[1]);
    int rd = ra_out(c, 0, 0);

    x86_rm(&c->b, opc, rd, rbase, (int32_t)op->args[2]);
}

/* size: 0..3 for 1..8 bytes. */
static void emit_host_st(JitCtx *c, const TCGOp *op, unsigned size)
{
    static const unsigned st_opc[4] = {
        OPC_MOV_STB, OPC_MOV_ST | P_66, OPC_MOV_ST, OPC_MOV_ST | P_W,
    };
    int32_t ofs = (int32_t)op->args[2];
    int64_t imm;
    int rbase, rv;

    if (jit_imm(c, op->args[0], true, &imm) ||
        (size < 3 && jit_imm(c, op->args[0], false, &imm))) {
        rbase = ra_in(c, op->args[1]);
        if (size == 0) {
            x86_rm(&c->b, 0xc6, 0, rbase, ofs);
            x86_byte(&c->b, (uint8_t)imm);
        } else {
            x86_rm(&c->b, OPC_MOV_STI | (size == 1 ? P_66 : 0) |
                              (size == 3 ? P_W : 0),
                   0, rbase, ofs);
            if (size == 1) {
                x86_byte(&c->b, (uint8_t)imm);
                x86_byte(&c->b, (uint8_t)(imm >> 8));
            } else {
                x86_u32(&c->b, (uint32_t)imm);
            }
        }
        return;
    }
    rv = ra_in(c, op->args[0]);
    rbase = ra_in(c, op->args[1]);
    x86_rm(&c->b, st_opc[size], rv, rbase, ofs);
}

static void emit_call(JitCtx *c, const TCGOp *op)
{
    const TCGHelperInfo *info = tcg_call_info(op);

    ra_save_callregs(c);
    ra_call_args(c, &op->args[op->callo], info->args, op->calli);
    ra_release_callregs(c);
    if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        ra_forget_globals(c);
    }
    x86_call_abs(&c->b, (uintptr_t)info->func);
    if (op->callo) {
        ra_out_fixed(c, 0, RAX);
    }
}

static void emit_goto_tb(JitCtx *c, const TCGOp *op)
{
    unsigned n = (unsigned)op->args[0];
    uintptr_t at = x86_rx(&c->b, c->b.p);

    /* The jmp's rel32 at a 4-aligned address: one aligned store patches
       it atomically while other threads may be executing it. */
    x86_nops(&c->b, (3 - (at & 3)) & 3);
    c->jmp_at[n] = c->b.p;
    x86_byte(&c->b, 0xe9);
    x86_u32(&c->b, 0); /* unlinked: on to the exit_tb that follows */
}

static void emit_goto_ptr(JitCtx *c, const TCGOp *op)
{
    uint64_t v;

    if (ra_is_const(c, op->args[0], &v)) {
        x86_jmp_abs(&c->b, v ? v : c->ret0);
        return;
    }
    x86_jmp_reg(&c->b, ra_in(c, op->args[0]));
}

static void emit_exit_tb(JitCtx *c, const TCGOp *op)
{
    uint64_t v = op->args[0];

    if (v == 0) {
        x86_jmp_abs(&c->b, c->ret0);
    } else {
        x86_movi(&c->b, true, RAX, v);
        x86_jmp_abs(&c->b, c->epilogue);
    }
}

#define CASE2(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64

void jit_emit_op(JitCtx *c, const TCGOp *op)
{
    bool w64 = jit_op64(op);
    unsigned w = w64 ? P_W : 0;
    uint64_t v;

    switch (op->opc) {
    case INDEX_op_insn_start:
        g_assert(c->nb_insn_starts < c->insn_starts_cap);
        c->insn_ops[c->nb_insn_starts] = op;
        c->insn_starts[c->nb_insn_starts++] = x86_ofs(&c->b);
        break;
    case INDEX_op_discard:
        ra_discard(c, op->args[0]);
        break;
    case INDEX_op_set_label:
        ra_bb_end(c);
        c->label_at[op->args[0]] = c->b.p;
        break;
    case INDEX_op_br:
        add_label_fix(c, x86_jmp32(&c->b), op->args[0]);
        break;
    case INDEX_op_mb:
        /* x86 is TSO: only a store followed by a load may be reordered
           (SDM vol. 3, 9.2.2), so only that needs a fence. */
        if (op->args[0] & TCG_MO_ST_LD) {
            x86_byte(&c->b, 0x0f);
            x86_byte(&c->b, 0xae);
            x86_byte(&c->b, 0xf0);
        }
        break;
    case INDEX_op_call:
        emit_call(c, op);
        break;
    case INDEX_op_exit_tb:
        emit_exit_tb(c, op);
        break;
    case INDEX_op_goto_tb:
        emit_goto_tb(c, op);
        break;
    case INDEX_op_goto_ptr:
        emit_goto_ptr(c, op);
        break;

    CASE2(mov):
        if (ra_is_const(c, op->args[1], &v)) {
            ra_set_const(c, 0, v);
        } else {
            ra_out_tied(c, 0, 1, 0);
        }
        break;
    CASE2(setcond):
        emit_setcond(c, op);
        break;
    CASE2(movcond):
        emit_movcond(c, op);
        break;
    CASE2(brcond):
        emit_brcond(c, op);
        break;

    CASE2(add):
        emit_alu(c, op, ALU_ADD, true);
        break;
    CASE2(sub):
        emit_alu(c, op, ALU_SUB, false);
        break;
    CASE2(and):
        emit_alu(c, op, ALU_AND, true);
        break;
    CASE2(or):
        emit_alu(c, op, ALU_OR, true);
        break;
    CASE2(xor):
        emit_alu(c, op, ALU_XOR, true);
        break;
    CASE2(andc):
        emit_alu_not_b(c, op, ALU_AND);
        break;
    CASE2(orc):
        emit_alu_not_b(c, op, ALU_OR);
        break;
    CASE2(eqv):
        emit_alu(c, op, ALU_XOR, true);
        x86_unary(&c->b, UN_NOT, w64, c->t[op->args[0]].reg);
        break;
    CASE2(nand):
        emit_alu(c, op, ALU_AND, true);
        x86_unary(&c->b, UN_NOT, w64, c->t[op->args[0]].reg);
        break;
    CASE2(nor):
        emit_alu(c, op, ALU_OR, true);
        x86_unary(&c->b, UN_NOT, w64, c->t[op->args[0]].reg);
        break;
    CASE2(mul):
        emit_mul(c, op);
        break;
    CASE2(neg):
        emit_unary(c, op, UN_NEG);
        break;
    CASE2(not):
        emit_unary(c, op, UN_NOT);
        break;
    CASE2(shl):
        emit_shift(c, op, SH_SHL);
        break;
    CASE2(shr):
        emit_shift(c, op, SH_SHR);
        break;
    CASE2(sar):
        emit_shift(c, op, SH_SAR);
        break;
    CASE2(rotl):
        emit_shift(c, op, SH_ROL);
        break;
    CASE2(rotr):
        emit_shift(c, op, SH_ROR);
        break;
    CASE2(div):
        emit_div(c, op, true, false);
        break;
    CASE2(divu):
        emit_div(c, op, false, false);
        break;
    CASE2(rem):
        emit_div(c, op, true, true);
        break;
    CASE2(remu):
        emit_div(c, op, false, true);
        break;
    CASE2(mulu2):
        emit_mul2(c, op, false);
        break;
    CASE2(muls2):
        emit_mul2(c, op, true);
        break;
    CASE2(add2):
        emit_addsub2(c, op, false);
        break;
    CASE2(sub2):
        emit_addsub2(c, op, true);
        break;

    CASE2(ext8s):
        emit_ext(c, op, OPC_MOVSBL | w);
        break;
    CASE2(ext8u):
        emit_ext(c, op, OPC_MOVZBL);
        break;
    CASE2(ext16s):
        emit_ext(c, op, OPC_MOVSWL | w);
        break;
    CASE2(ext16u):
        emit_ext(c, op, OPC_MOVZWL);
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        emit_ext(c, op, OPC_MOVSXD);
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        emit_ext(c, op, OPC_MOV_LD); /* 32-bit mov zero-extends */
        break;
    case INDEX_op_extrl_i64_i32:
        ra_out_tied(c, 0, 1, 0);
        break;
    case INDEX_op_extrh_i64_i32:
        x86_shift_ri(&c->b, SH_SHR, true, ra_out_tied(c, 0, 1, 0), 32);
        break;

    CASE2(bswap16):
    CASE2(bswap32):
    case INDEX_op_bswap64_i64:
    CASE2(ctpop):
    CASE2(clz):
    CASE2(ctz):
    CASE2(deposit):
    CASE2(extract):
    CASE2(sextract):
        jit_emit_bitop(c, op);
        break;

    CASE2(ld8u):
        emit_host_ld(c, op, OPC_MOVZBL);
        break;
    CASE2(ld8s):
        emit_host_ld(c, op, OPC_MOVSBL | w);
        break;
    CASE2(ld16u):
        emit_host_ld(c, op, OPC_MOVZWL);
        break;
    CASE2(ld16s):
        emit_host_ld(c, op, OPC_MOVSWL | w);
        break;
    case INDEX_op_ld32u_i64:
    case INDEX_op_ld_i32:
        emit_host_ld(c, op, OPC_MOV_LD);
        break;
    case INDEX_op_ld32s_i64:
        emit_host_ld(c, op, OPC_MOVSXD);
        break;
    case INDEX_op_ld_i64:
        emit_host_ld(c, op, OPC_MOV_LD | P_W);
        break;
    CASE2(st8):
        emit_host_st(c, op, 0);
        break;
    CASE2(st16):
        emit_host_st(c, op, 1);
        break;
    case INDEX_op_st32_i64:
    case INDEX_op_st_i32:
        emit_host_st(c, op, 2);
        break;
    case INDEX_op_st_i64:
        emit_host_st(c, op, 3);
        break;

    CASE2(qemu_ld):
        jit_emit_qemu_ld(c, op);
        break;
    CASE2(qemu_st):
        jit_emit_qemu_st(c, op);
        break;
    default:
        g_error("JIT: no code for op %s", tcg_op_def(op)->name);
    }
}
