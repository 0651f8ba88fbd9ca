/*
 * x86-64 code for the bit ops: byte swaps, bit counts, bit fields.
 * LZCNT/TZCNT/POPCNT are used only when CPUID reports them (without
 * them the F3 prefix is ignored and the bytes decode as BSR/BSF, or
 * fault): see backend.c, tcg_jit_host_features.
 */
#include "tcg/x86_64/ops.h"

static uint64_t low_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

static void emit_bswap(JitCtx *c, const TCGOp *op)
{
    int rd = ra_out_tied(c, 0, 1, 0);

    switch (op->opc) {
    case INDEX_op_bswap16_i32:
    case INDEX_op_bswap16_i64:
        x86_rr(&c->b, OPC_SHIFT_IMM | P_66, SH_ROL, rd); /* rol r16, 8 */
        x86_byte(&c->b, 8);
        x86_rr(&c->b, OPC_MOVZWL, rd, rd);
        break;
    case INDEX_op_bswap64_i64:
        x86_opc(&c->b, (0xc8 + (rd & 7)) | P_0F | P_W, 0, rd, 0);
        break;
    default:
        /* A 32-bit bswap zeroes the upper half, as bswap32_i64 wants. */
        x86_opc(&c->b, (0xc8 + (rd & 7)) | P_0F, 0, rd, 0);
        break;
    }
}

/* Population count without POPCNT: the classic SWAR reduction. */
static void emit_popcount_swar(JitCtx *c, bool w64, int x)
{
    X86Buf *b = &c->b;
    int m = ra_scratch(c, 0), t = REG_TMP;
    uint64_t k55 = 0x5555555555555555ull, k33 = 0x3333333333333333ull;
    uint64_t k0f = 0x0f0f0f0f0f0f0f0full, k01 = 0x0101010101010101ull;

    x86_movi(b, w64, m, k55);
    x86_mov_rr(b, true, t, x);
    x86_shift_ri(b, SH_SHR, w64, t, 1);
    x86_alu_rr(b, ALU_AND, w64, t, m);
    x86_alu_rr(b, ALU_SUB, w64, x, t);
    x86_movi(b, w64, m, k33);
    x86_mov_rr(b, true, t, x);
    x86_alu_rr(b, ALU_AND, w64, x, m);
    x86_shift_ri(b, SH_SHR, w64, t, 2);
    x86_alu_rr(b, ALU_AND, w64, t, m);
    x86_alu_rr(b, ALU_ADD, w64, x, t);
    x86_mov_rr(b, true, t, x);
    x86_shift_ri(b, SH_SHR, w64, t, 4);
    x86_alu_rr(b, ALU_ADD, w64, x, t);
    x86_movi(b, w64, m, k0f);
    x86_alu_rr(b, ALU_AND, w64, x, m);
    x86_movi(b, w64, m, k01);
    x86_rr(b, OPC_IMUL_RRM | (w64 ? P_W : 0), x, m);
    x86_shift_ri(b, SH_SHR, w64, x, w64 ? 56 : 24);
}

static void emit_ctpop(JitCtx *c, const TCGOp *op)
{
    bool w64 = jit_op64(op);
    int ra, rd;

    if (c->features & TCG_JIT_HAVE_POPCNT) {
        ra = ra_in(c, op->args[1]);
        rd = ra_out(c, 0, 0);
        x86_rr(&c->b, OPC_POPCNT | (w64 ? P_W : 0), rd, ra);
        return;
    }
    rd = ra_out_tied(c, 0, 1, 0);
    emit_popcount_swar(c, w64, rd);
}

/*
 * clz/ctz d, a, b: b when a == 0.  LZCNT/TZCNT set CF for a zero source
 * and give w; BSR/BSF set ZF and leave the destination undefined, so
 * both are followed by a cmov of b.  BSR gives the index of the top bit,
 * and clz = (w - 1) ^ index.
 */
static void emit_clz_ctz(JitCtx *c, const TCGOp *op, bool clz)
{
    bool w64 = jit_op64(op);
    unsigned w = w64 ? P_W : 0, bits = w64 ? 64 : 32;
    bool fast = c->features &
                (clz ? TCG_JIT_HAVE_LZCNT : TCG_JIT_HAVE_BMI1);
    uint64_t v;
    bool b_is_w = ra_is_const(c, op->args[2], &v) && v == bits;
    int ra, rd;

    ra = ra_in(c, op->args[1]);
    if (!(fast && b_is_w)) {
        ra_load(c, op->args[2], REG_TMP);
        if (clz && !fast) {
            x86_alu_ri(&c->b, ALU_XOR, w64, REG_TMP, bits - 1);
        }
    }
    rd = ra_out(c, 0, 0);
    if (fast) {
        x86_rr(&c->b, (clz ? OPC_LZCNT : OPC_TZCNT) | w, rd, ra);
        if (!b_is_w) {
            x86_rr(&c->b, (OPC_CMOV + CC_B) | w, rd, REG_TMP);
        }
    } else {
        x86_rr(&c->b, (clz ? OPC_BSR : OPC_BSF) | w, rd, ra);
        x86_rr(&c->b, (OPC_CMOV + CC_E) | w, rd, REG_TMP);
        if (clz) {
            x86_alu_ri(&c->b, ALU_XOR, w64, rd, bits - 1);
        }
    }
}

static void emit_extract(JitCtx *c, const TCGOp *op, bool sign)
{
    bool w64 = jit_op64(op);
    unsigned bits = w64 ? 64 : 32;
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    int rd;

    if (pos == 0 && (len == 8 || len == 16 || (len == 32 && w64))) {
        static const unsigned zx[3] = {OPC_MOVZBL, OPC_MOVZWL, OPC_MOV_LD};
        static const unsigned sx[3] = {OPC_MOVSBL, OPC_MOVSWL, OPC_MOVSXD};
        unsigned k = len == 8 ? 0 : len == 16 ? 1 : 2;
        int ra = ra_in(c, op->args[1]);

        rd = ra_out(c, 0, 0);
        x86_rr(&c->b, sign ? sx[k] | (w64 ? P_W : 0) : zx[k], rd, ra);
        return;
    }
    rd = ra_out_tied(c, 0, 1, 0);
    if (pos + len == bits) {
        x86_shift_ri(&c->b, sign ? SH_SAR : SH_SHR, w64, rd, pos);
    } else if (!sign && (len < 32 || !w64)) {
        x86_shift_ri(&c->b, SH_SHR, w64, rd, pos);
        x86_alu_ri(&c->b, ALU_AND, w64, rd, (int32_t)low_mask(len));
    } else {
        x86_shift_ri(&c->b, SH_SHL, w64, rd, bits - pos - len);
        x86_shift_ri(&c->b, sign ? SH_SAR : SH_SHR, w64, rd, bits - len);
    }
}

static void emit_deposit(JitCtx *c, const TCGOp *op)
{
    bool w64 = jit_op64(op);
    unsigned bits = w64 ? 64 : 32;
    unsigned pos = (unsigned)op->args[3], len = (unsigned)op->args[4];
    uint64_t m = low_mask(len) << pos, vb = 0;
    bool b_const = ra_is_const(c, op->args[2], &vb);
    int rd;

    if (!w64) {
        m = (uint32_t)m;
    }
    if (!b_const) {
        int rb = ra_in(c, op->args[2]);

        /* TMP = (b & low_mask(len)) << pos, by two shifts. */
        x86_mov_rr(&c->b, true, REG_TMP, rb);
        x86_shift_ri(&c->b, SH_SHL, w64, REG_TMP, bits - len);
        x86_shift_ri(&c->b, SH_SHR, w64, REG_TMP, bits - len - pos);
    }
    rd = ra_out_tied(c, 0, 1, 0);
    /* Clear the field in rd. */
    if (len == bits) {
        x86_movi(&c->b, w64, rd, 0);
    } else if (!w64 || x86_fits_i32((int64_t)~m)) {
        x86_alu_ri(&c->b, ALU_AND, w64, rd, w64 ? (int64_t)~m : (int32_t)~m);
    } else {
        /* Rotate the field to the bottom, shift it out and back. */
        x86_shift_ri(&c->b, SH_ROR, w64, rd, pos);
        x86_shift_ri(&c->b, SH_SHR, w64, rd, len);
        x86_shift_ri(&c->b, SH_SHL, w64, rd, len);
        x86_shift_ri(&c->b, SH_ROL, w64, rd, pos);
    }
    if (!b_const) {
        x86_alu_rr(&c->b, ALU_OR, w64, rd, REG_TMP);
        return;
    }
    vb = (vb << pos) & m;
    if (vb == 0) {
        return;
    }
    if (!w64 || x86_fits_i32((int64_t)vb)) {
        x86_alu_ri(&c->b, ALU_OR, w64, rd, w64 ? (int64_t)vb : (int32_t)vb);
    } else {
        x86_movi(&c->b, true, REG_TMP, vb);
        x86_alu_rr(&c->b, ALU_OR, true, rd, REG_TMP);
    }
}

void jit_emit_bitop(JitCtx *c, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_bswap16_i32:
    case INDEX_op_bswap16_i64:
    case INDEX_op_bswap32_i32:
    case INDEX_op_bswap32_i64:
    case INDEX_op_bswap64_i64:
        emit_bswap(c, op);
        break;
    case INDEX_op_ctpop_i32:
    case INDEX_op_ctpop_i64:
        emit_ctpop(c, op);
        break;
    case INDEX_op_clz_i32:
    case INDEX_op_clz_i64:
        emit_clz_ctz(c, op, true);
        break;
    case INDEX_op_ctz_i32:
    case INDEX_op_ctz_i64:
        emit_clz_ctz(c, op, false);
        break;
    case INDEX_op_extract_i32:
    case INDEX_op_extract_i64:
        emit_extract(c, op, false);
        break;
    case INDEX_op_sextract_i32:
    case INDEX_op_sextract_i64:
        emit_extract(c, op, true);
        break;
    default:
        emit_deposit(c, op);
        break;
    }
}
