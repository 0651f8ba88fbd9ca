/*
 * The IR builder (see tcg/tcg-op.h): temps, labels, control flow, calls,
 * guest memory, and the immediate and derived forms.  The i32 and i64
 * versions of each form share one implementation over a TCGType.
 */
#include "tcg/tcg-op.h"

static TCGContext *ctx(void)
{
    g_assert(tcg_ctx);
    return tcg_ctx;
}

TCGOp *tcg_gen_op1(TCGOpcode opc, TCGArg a1)
{
    TCGOp *op = tcg_emit_op(ctx(), opc);

    op->args[0] = a1;
    return op;
}

TCGOp *tcg_gen_op2(TCGOpcode opc, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_emit_op(ctx(), opc);

    op->args[0] = a1;
    op->args[1] = a2;
    return op;
}

TCGOp *tcg_gen_op3(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGOp *op = tcg_emit_op(ctx(), opc);

    op->args[0] = a1;
    op->args[1] = a2;
    op->args[2] = a3;
    return op;
}

TCGOp *tcg_gen_op4(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4)
{
    TCGOp *op = tcg_gen_op3(opc, a1, a2, a3);

    op->args[3] = a4;
    return op;
}

TCGOp *tcg_gen_op5(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5)
{
    TCGOp *op = tcg_gen_op4(opc, a1, a2, a3, a4);

    op->args[4] = a5;
    return op;
}

TCGOp *tcg_gen_op6(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5, TCGArg a6)
{
    TCGOp *op = tcg_gen_op5(opc, a1, a2, a3, a4, a5);

    op->args[5] = a6;
    return op;
}

/* Temps */

TCGv_i32 tcg_temp_new_i32(void)
{
    return (TCGv_i32){tcg_temp_alloc(ctx(), TCG_TYPE_I32, TEMP_BLOCK)};
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return (TCGv_i64){tcg_temp_alloc(ctx(), TCG_TYPE_I64, TEMP_BLOCK)};
}

TCGv_ptr tcg_temp_new_ptr(void)
{
    return (TCGv_ptr){tcg_temp_alloc(ctx(), TCG_TYPE_PTR, TEMP_BLOCK)};
}

TCGv_i32 tcg_temp_local_new_i32(void)
{
    return (TCGv_i32){tcg_temp_alloc(ctx(), TCG_TYPE_I32, TEMP_LOCAL)};
}

TCGv_i64 tcg_temp_local_new_i64(void)
{
    return (TCGv_i64){tcg_temp_alloc(ctx(), TCG_TYPE_I64, TEMP_LOCAL)};
}

TCGv_ptr tcg_temp_local_new_ptr(void)
{
    return (TCGv_ptr){tcg_temp_alloc(ctx(), TCG_TYPE_PTR, TEMP_LOCAL)};
}

TCGv_i32 tcg_constant_i32(uint32_t val)
{
    return (TCGv_i32){tcg_constant_alloc(ctx(), TCG_TYPE_I32, val)};
}

TCGv_i64 tcg_constant_i64(uint64_t val)
{
    return (TCGv_i64){tcg_constant_alloc(ctx(), TCG_TYPE_I64, val)};
}

TCGv_ptr tcg_constant_ptr(uintptr_t val)
{
    return (TCGv_ptr){tcg_constant_alloc(ctx(), TCG_TYPE_PTR, val)};
}

TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, intptr_t offset,
                                const char *name)
{
    return (TCGv_i32){tcg_global_alloc(s, TCG_TYPE_I32, offset, name)};
}

TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, intptr_t offset,
                                const char *name)
{
    return (TCGv_i64){tcg_global_alloc(s, TCG_TYPE_I64, offset, name)};
}

TCGv_ptr tcg_global_mem_new_ptr(TCGContext *s, intptr_t offset,
                                const char *name)
{
    return (TCGv_ptr){tcg_global_alloc(s, TCG_TYPE_PTR, offset, name)};
}

/* Labels and control flow */

TCGLabel tcg_label_new(void)
{
    return (TCGLabel){tcg_label_alloc(ctx())};
}

void tcg_gen_set_label(TCGLabel l)
{
    TCGLabelInfo *li = tcg_label_info(ctx(), l.id);

    g_assert(!li->present);
    li->present = true;
    tcg_gen_op1(INDEX_op_set_label, l.id);
}

void tcg_gen_br(TCGLabel l)
{
    tcg_label_info(ctx(), l.id)->refs++;
    tcg_gen_op1(INDEX_op_br, l.id);
}

static void gen_brcond(TCGType t, TCGCond c, TCGArg a, TCGArg b, TCGLabel l)
{
    g_assert((unsigned)c < TCG_COND_COUNT);
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        tcg_label_info(ctx(), l.id)->refs++;
        tcg_gen_op4(t == TCG_TYPE_I32 ? INDEX_op_brcond_i32
                                      : INDEX_op_brcond_i64,
                    a, b, c, l.id);
    }
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel l)
{
    gen_brcond(TCG_TYPE_I32, c, a.n, b.n, l);
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel l)
{
    gen_brcond(TCG_TYPE_I64, c, a.n, b.n, l);
}

void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, uint32_t b, TCGLabel l)
{
    gen_brcond(TCG_TYPE_I32, c, a.n, tcg_constant_i32(b).n, l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, uint64_t b, TCGLabel l)
{
    gen_brcond(TCG_TYPE_I64, c, a.n, tcg_constant_i64(b).n, l);
}

void tcg_gen_insn_start(uint64_t pc, uint64_t w1, uint64_t w2)
{
    TCGContext *s = ctx();
    TCGOp *op = tcg_gen_op3(INDEX_op_insn_start, pc, w1, w2);

    s->last_insn_start = op;
    s->nb_insns++;
}

void tcg_gen_goto_tb(unsigned n)
{
    TCGContext *s = ctx();

    /* The block cache has one patchable jump per slot. */
    g_assert(n < 2 && !(s->goto_tb_issued & (1u << n)));
    s->goto_tb_issued |= 1u << n;
    tcg_gen_op1(INDEX_op_goto_tb, n);
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    uintptr_t v = (uintptr_t)tb;

    g_assert(idx < 4 && (v & 3) == 0);
    tcg_gen_op1(INDEX_op_exit_tb, v | idx);
}

void tcg_gen_goto_ptr(TCGv_ptr p)
{
    tcg_gen_op1(INDEX_op_goto_ptr, p.n);
}

void tcg_gen_mb(TCGBar type)
{
    g_assert(type > 0 && type <= TCG_MO_ALL);
    tcg_gen_op1(INDEX_op_mb, type);
}

static TCGType call_type(unsigned t)
{
    g_assert(t == TCG_CALL_I32 || t == TCG_CALL_I64 || t == TCG_CALL_PTR);
    return t == TCG_CALL_I32 ? TCG_TYPE_I32 : TCG_TYPE_I64;
}

void tcg_gen_call(const TCGHelperInfo *info, TCGArg ret, unsigned nargs,
                  const TCGArg *args)
{
    TCGContext *s = ctx();
    TCGOp *op = tcg_emit_op(s, INDEX_op_call);
    unsigned o = 0;

    g_assert(info->func && nargs == info->nargs && nargs <= TCG_MAX_CALL_ARGS);
    if (info->ret != TCG_CALL_VOID) {
        g_assert(tcg_temp(s, ret)->type == call_type(info->ret));
        op->args[o++] = ret;
    } else {
        g_assert(ret == TCG_NO_TEMP);
    }
    for (unsigned i = 0; i < nargs; i++) {
        g_assert(tcg_temp(s, args[i])->type == call_type(info->args[i]));
        op->args[o + i] = args[i];
    }
    op->callo = o;
    op->calli = nargs;
    op->args[o + nargs] = (uintptr_t)info;
}

/*
 * Guest memory.  Bits that cannot matter are cleared so equal accesses
 * look equal: no byte order for one byte, no sign when the load fills
 * the whole value.
 */
static MemOpIdx canon_memop(TCGType t, unsigned mmu_idx, MemOp op, bool st)
{
    unsigned size = op & MO_SIZE;

    g_assert((op & ~MO_ALL) == 0);
    g_assert(t == TCG_TYPE_I64 || size <= MO_32);
    if (size == MO_8) {
        op &= ~MO_BSWAP;
    }
    if (st || size == (t == TCG_TYPE_I32 ? MO_32 : MO_64)) {
        op &= ~MO_SIGN;
    }
    return make_memop_idx(op, mmu_idx);
}

void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    tcg_gen_op3(INDEX_op_qemu_ld_i32, val.n, addr.n,
                canon_memop(TCG_TYPE_I32, mmu_idx, memop, false));
}

void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    tcg_gen_op3(INDEX_op_qemu_ld_i64, val.n, addr.n,
                canon_memop(TCG_TYPE_I64, mmu_idx, memop, false));
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    tcg_gen_op3(INDEX_op_qemu_st_i32, val.n, addr.n,
                canon_memop(TCG_TYPE_I32, mmu_idx, memop, true));
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    tcg_gen_op3(INDEX_op_qemu_st_i64, val.n, addr.n,
                canon_memop(TCG_TYPE_I64, mmu_idx, memop, true));
}

/*
 * Type-generic forms.  OPC(name, t) picks name_i32 or name_i64 (adjacent
 * in the opcode enum); K(t, v) is the constant v of type t.
 */
#define OPC(name, t)                                                           \
    ((TCGOpcode)(INDEX_op_##name##_i32 + ((t) == TCG_TYPE_I64)))

G_STATIC_ASSERT(INDEX_op_mov_i64 == INDEX_op_mov_i32 + 1);
G_STATIC_ASSERT(INDEX_op_sextract_i64 == INDEX_op_sextract_i32 + 1);

static unsigned width(TCGType t)
{
    return t == TCG_TYPE_I32 ? 32 : 64;
}

static uint64_t ones(TCGType t)
{
    return t == TCG_TYPE_I32 ? UINT32_MAX : UINT64_MAX;
}

static TCGArg K(TCGType t, uint64_t v)
{
    return tcg_constant_alloc(ctx(), t, v);
}

static void gen_mov(TCGType t, TCGArg d, TCGArg a)
{
    if (d != a) {
        tcg_gen_op2(OPC(mov, t), d, a);
    }
}

static void gen_movi(TCGType t, TCGArg d, uint64_t v)
{
    tcg_gen_op2(OPC(mov, t), d, K(t, v));
}

static void gen_addi(TCGType t, TCGArg d, TCGArg a, uint64_t b)
{
    if ((b & ones(t)) == 0) {
        gen_mov(t, d, a);
    } else {
        tcg_gen_op3(OPC(add, t), d, a, K(t, b));
    }
}

static void gen_muli(TCGType t, TCGArg d, TCGArg a, uint64_t b)
{
    b &= ones(t);
    if (b == 0) {
        gen_movi(t, d, 0);
    } else if ((b & (b - 1)) == 0) {
        unsigned sh = __builtin_ctzll(b);

        if (sh == 0) {
            gen_mov(t, d, a);
        } else {
            tcg_gen_op3(OPC(shl, t), d, a, K(t, sh));
        }
    } else {
        tcg_gen_op3(OPC(mul, t), d, a, K(t, b));
    }
}

static void gen_andi(TCGType t, TCGArg d, TCGArg a, uint64_t b)
{
    b &= ones(t);
    if (b == 0) {
        gen_movi(t, d, 0);
    } else if (b == ones(t)) {
        gen_mov(t, d, a);
    } else if (b == 0xff) {
        tcg_gen_op2(OPC(ext8u, t), d, a);
    } else if (b == 0xffff) {
        tcg_gen_op2(OPC(ext16u, t), d, a);
    } else if (b == UINT32_MAX) {
        tcg_gen_op2(INDEX_op_ext32u_i64, d, a);
    } else {
        tcg_gen_op3(OPC(and, t), d, a, K(t, b));
    }
}

static void gen_ori(TCGType t, TCGArg d, TCGArg a, uint64_t b)
{
    b &= ones(t);
    if (b == 0) {
        gen_mov(t, d, a);
    } else if (b == ones(t)) {
        gen_movi(t, d, b);
    } else {
        tcg_gen_op3(OPC(or, t), d, a, K(t, b));
    }
}

static void gen_xori(TCGType t, TCGArg d, TCGArg a, uint64_t b)
{
    b &= ones(t);
    if (b == 0) {
        gen_mov(t, d, a);
    } else if (b == ones(t)) {
        tcg_gen_op2(OPC(not, t), d, a);
    } else {
        tcg_gen_op3(OPC(xor, t), d, a, K(t, b));
    }
}

static void gen_shifti(TCGOpcode opc, TCGType t, TCGArg d, TCGArg a, unsigned b)
{
    g_assert(b < width(t));
    if (b == 0) {
        gen_mov(t, d, a);
    } else {
        tcg_gen_op3(opc, d, a, K(t, b));
    }
}

void tcg_gen_mov_i32(TCGv_i32 d, TCGv_i32 a)
{
    gen_mov(TCG_TYPE_I32, d.n, a.n);
}

void tcg_gen_mov_i64(TCGv_i64 d, TCGv_i64 a)
{
    gen_mov(TCG_TYPE_I64, d.n, a.n);
}

void tcg_gen_movi_i32(TCGv_i32 d, uint32_t val)
{
    gen_movi(TCG_TYPE_I32, d.n, val);
}

void tcg_gen_movi_i64(TCGv_i64 d, uint64_t val)
{
    gen_movi(TCG_TYPE_I64, d.n, val);
}

void tcg_gen_discard_i32(TCGv_i32 t)
{
    tcg_gen_op1(INDEX_op_discard, t.n);
}

void tcg_gen_discard_i64(TCGv_i64 t)
{
    tcg_gen_op1(INDEX_op_discard, t.n);
}

/* Instantiate an immediate form for both types. */
#define GEN_IMM_BOTH(name, gen)                                                \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b)              \
    {                                                                          \
        gen(TCG_TYPE_I32, d.n, a.n, b);                                        \
    }                                                                          \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b)              \
    {                                                                          \
        gen(TCG_TYPE_I64, d.n, a.n, b);                                        \
    }

GEN_IMM_BOTH(addi, gen_addi)
GEN_IMM_BOTH(muli, gen_muli)
GEN_IMM_BOTH(andi, gen_andi)
GEN_IMM_BOTH(ori, gen_ori)
GEN_IMM_BOTH(xori, gen_xori)
#undef GEN_IMM_BOTH

void tcg_gen_subi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    gen_addi(TCG_TYPE_I32, d.n, a.n, -(uint64_t)b);
}

void tcg_gen_subi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    gen_addi(TCG_TYPE_I64, d.n, a.n, -b);
}

void tcg_gen_subfi_i32(TCGv_i32 d, uint32_t a, TCGv_i32 b)
{
    if (a == 0) {
        tcg_gen_neg_i32(d, b);
    } else {
        tcg_gen_sub_i32(d, tcg_constant_i32(a), b);
    }
}

void tcg_gen_subfi_i64(TCGv_i64 d, uint64_t a, TCGv_i64 b)
{
    if (a == 0) {
        tcg_gen_neg_i64(d, b);
    } else {
        tcg_gen_sub_i64(d, tcg_constant_i64(a), b);
    }
}

#define GEN_SHIFTI(name, op)                                                   \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a, unsigned b)              \
    {                                                                          \
        gen_shifti(INDEX_op_##op##_i32, TCG_TYPE_I32, d.n, a.n, b);            \
    }                                                                          \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a, unsigned b)              \
    {                                                                          \
        gen_shifti(INDEX_op_##op##_i64, TCG_TYPE_I64, d.n, a.n, b);            \
    }

GEN_SHIFTI(shli, shl)
GEN_SHIFTI(shri, shr)
GEN_SHIFTI(sari, sar)
GEN_SHIFTI(rotli, rotl)
GEN_SHIFTI(rotri, rotr)
#undef GEN_SHIFTI

void tcg_gen_clzi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t zero)
{
    tcg_gen_clz_i32(d, a, tcg_constant_i32(zero));
}

void tcg_gen_clzi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t zero)
{
    tcg_gen_clz_i64(d, a, tcg_constant_i64(zero));
}

void tcg_gen_ctzi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t zero)
{
    tcg_gen_ctz_i32(d, a, tcg_constant_i32(zero));
}

void tcg_gen_ctzi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t zero)
{
    tcg_gen_ctz_i64(d, a, tcg_constant_i64(zero));
}

/* Bit fields */

static void check_field(TCGType t, unsigned pos, unsigned len)
{
    g_assert(len >= 1 && pos < width(t) && len <= width(t) - pos);
}

static void gen_deposit(TCGType t, TCGArg d, TCGArg a, TCGArg b, unsigned pos,
                        unsigned len)
{
    check_field(t, pos, len);
    if (len == width(t)) {
        gen_mov(t, d, b);
    } else {
        tcg_gen_op5(OPC(deposit, t), d, a, b, pos, len);
    }
}

static void gen_extract(TCGType t, bool sign, TCGArg d, TCGArg a, unsigned pos,
                        unsigned len)
{
    check_field(t, pos, len);
    if (len == width(t)) {
        gen_mov(t, d, a);
    } else if (sign) {
        tcg_gen_op4(OPC(sextract, t), d, a, pos, len);
    } else {
        tcg_gen_op4(OPC(extract, t), d, a, pos, len);
    }
}

void tcg_gen_deposit_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b, unsigned pos,
                         unsigned len)
{
    gen_deposit(TCG_TYPE_I32, d.n, a.n, b.n, pos, len);
}

void tcg_gen_deposit_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned pos,
                         unsigned len)
{
    gen_deposit(TCG_TYPE_I64, d.n, a.n, b.n, pos, len);
}

void tcg_gen_extract_i32(TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len)
{
    gen_extract(TCG_TYPE_I32, false, d.n, a.n, pos, len);
}

void tcg_gen_extract_i64(TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len)
{
    gen_extract(TCG_TYPE_I64, false, d.n, a.n, pos, len);
}

void tcg_gen_sextract_i32(TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len)
{
    gen_extract(TCG_TYPE_I32, true, d.n, a.n, pos, len);
}

void tcg_gen_sextract_i64(TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len)
{
    gen_extract(TCG_TYPE_I64, true, d.n, a.n, pos, len);
}

/* Conditions */

static void gen_setcond(TCGType t, TCGCond c, TCGArg d, TCGArg a, TCGArg b)
{
    g_assert((unsigned)c < TCG_COND_COUNT);
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_movi(t, d, c == TCG_COND_ALWAYS);
    } else {
        tcg_gen_op4(OPC(setcond, t), d, a, b, c);
    }
}

static void gen_movcond(TCGType t, TCGCond c, TCGArg d, TCGArg c1, TCGArg c2,
                        TCGArg v1, TCGArg v2)
{
    g_assert((unsigned)c < TCG_COND_COUNT);
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_mov(t, d, c == TCG_COND_ALWAYS ? v1 : v2);
    } else {
        tcg_gen_op6(OPC(movcond, t), d, c1, c2, v1, v2, c);
    }
}

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_setcond(TCG_TYPE_I32, c, d.n, a.n, b.n);
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_setcond(TCG_TYPE_I64, c, d.n, a.n, b.n);
}

void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, uint32_t b)
{
    gen_setcond(TCG_TYPE_I32, c, d.n, a.n, K(TCG_TYPE_I32, b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, uint64_t b)
{
    gen_setcond(TCG_TYPE_I64, c, d.n, a.n, K(TCG_TYPE_I64, b));
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(TCG_TYPE_I32, c, d.n, c1.n, c2.n, v1.n, v2.n);
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(TCG_TYPE_I64, c, d.n, c1.n, c2.n, v1.n, v2.n);
}

/* Derived ops */

static void gen_abs(TCGType t, TCGArg d, TCGArg a)
{
    TCGArg neg = tcg_temp_alloc(ctx(), t, TEMP_BLOCK);

    tcg_gen_op2(OPC(neg, t), neg, a);
    tcg_gen_op6(OPC(movcond, t), d, a, K(t, 0), neg, a, TCG_COND_LT);
}

void tcg_gen_abs_i32(TCGv_i32 d, TCGv_i32 a)
{
    gen_abs(TCG_TYPE_I32, d.n, a.n);
}

void tcg_gen_abs_i64(TCGv_i64 d, TCGv_i64 a)
{
    gen_abs(TCG_TYPE_I64, d.n, a.n);
}

void tcg_gen_smin_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_movcond_i64(TCG_COND_LT, d, a, b, a, b);
}

void tcg_gen_smax_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_movcond_i64(TCG_COND_GT, d, a, b, a, b);
}

void tcg_gen_umin_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_movcond_i64(TCG_COND_LTU, d, a, b, a, b);
}

void tcg_gen_umax_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_movcond_i64(TCG_COND_GTU, d, a, b, a, b);
}

void tcg_gen_muluh_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_mulu2_i64(lo, d, a, b);
}

void tcg_gen_mulsh_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_muls2_i64(lo, d, a, b);
}

void tcg_gen_concat_i32_i64(TCGv_i64 d, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 h = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(h, hi);
    tcg_gen_extu_i32_i64(d, lo);
    tcg_gen_deposit_i64(d, d, h, 32, 32);
}

void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a)
{
    tcg_gen_extrl_i64_i32(lo, a);
    tcg_gen_extrh_i64_i32(hi, a);
}

void tcg_gen_mov_ptr(TCGv_ptr d, TCGv_ptr a)
{
    gen_mov(TCG_TYPE_PTR, d.n, a.n);
}

void tcg_gen_addi_ptr(TCGv_ptr d, TCGv_ptr a, intptr_t b)
{
    gen_addi(TCG_TYPE_PTR, d.n, a.n, (uint64_t)b);
}

void tcg_gen_add_ptr(TCGv_ptr d, TCGv_ptr a, TCGv_i64 b)
{
    tcg_gen_op3(INDEX_op_add_i64, d.n, a.n, b.n);
}
