/*
 * The IR builder: what frontends call to emit ops into this thread's
 * context (tcg_ctx, set by tcg_func_start).  Ops are described in
 * tcg/tcg.h.  Handles are typed: passing a TCGv_i32 where a TCGv_i64 is
 * expected does not compile.
 *
 * Forms with an "i" suffix take an immediate and pick the cheapest op
 * (andi 0xff is ext8u, muli 8 is shli 3, ...); ops the IR does not have
 * (abs, min/max, concat, ...) are expanded here from ones it has.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

/* Raw emitters; args in op order (tcg/tcg-opc.h). */
TCGOp *tcg_gen_op1(TCGOpcode opc, TCGArg a1);
TCGOp *tcg_gen_op2(TCGOpcode opc, TCGArg a1, TCGArg a2);
TCGOp *tcg_gen_op3(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3);
TCGOp *tcg_gen_op4(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4);
TCGOp *tcg_gen_op5(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5);
TCGOp *tcg_gen_op6(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5, TCGArg a6);

/* Temps.  new: block kind; local_new: local kind; constant: interned. */
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
TCGv_i32 tcg_temp_local_new_i32(void);
TCGv_i64 tcg_temp_local_new_i64(void);
TCGv_ptr tcg_temp_local_new_ptr(void);
TCGv_i32 tcg_constant_i32(uint32_t val);
TCGv_i64 tcg_constant_i64(uint64_t val);
TCGv_ptr tcg_constant_ptr(uintptr_t val);

/* Globals: once per context, before the first TB. */
TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, intptr_t offset,
                                const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, intptr_t offset,
                                const char *name);
TCGv_ptr tcg_global_mem_new_ptr(TCGContext *s, intptr_t offset,
                                const char *name);

/* A pointer temp seen as an i64 (the same temp). */
static inline TCGv_i64 tcgv_ptr_as_i64(TCGv_ptr p)
{
    return (TCGv_i64){p.n};
}

/* Temp indices, for tcg_gen_call and the passes. */
static inline TCGArg tcgv_i32_arg(TCGv_i32 v)
{
    return v.n;
}

static inline TCGArg tcgv_i64_arg(TCGv_i64 v)
{
    return v.n;
}

static inline TCGArg tcgv_ptr_arg(TCGv_ptr v)
{
    return v.n;
}

/* Labels and control flow. */
TCGLabel tcg_label_new(void);
void tcg_gen_set_label(TCGLabel l);
void tcg_gen_br(TCGLabel l);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel l);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel l);
void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, uint32_t b, TCGLabel l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, uint64_t b, TCGLabel l);

/* One per guest instruction: its PC and two target-defined words. */
void tcg_gen_insn_start(uint64_t pc, uint64_t w1, uint64_t w2);
/* Direct-jump slot n (0 or 1), at most once per slot and TB. */
void tcg_gen_goto_tb(unsigned n);
/* Return (uintptr_t)tb | idx to the exec loop; tb 4-byte aligned. */
void tcg_gen_exit_tb(const void *tb, unsigned idx);
/* Continue at the code pointer in p (from a lookup helper). */
void tcg_gen_goto_ptr(TCGv_ptr p);
void tcg_gen_mb(TCGBar type);

/*
 * Call info's helper with nargs temp indices (tcgv_*_arg), storing its
 * result in ret (TCG_NO_TEMP for none).  Types must match info.
 */
void tcg_gen_call(const TCGHelperInfo *info, TCGArg ret, unsigned nargs,
                  const TCGArg *args);
#define tcg_gen_calln(info, ret, ...)                                          \
    tcg_gen_call(info, ret, sizeof((TCGArg[]){__VA_ARGS__}) / sizeof(TCGArg),  \
                 (TCGArg[]){__VA_ARGS__})

/* Guest memory through the softmmu; addr is always 64 bits. */
void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);

/*
 * Plain ops, generated for both types:
 *   tcg_gen_<op>_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b) and _i64.
 */
#define TCG_GEN_OP3(name)                                                      \
    static inline void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a,            \
                                            TCGv_i32 b)                        \
    {                                                                          \
        tcg_gen_op3(INDEX_op_##name##_i32, d.n, a.n, b.n);                     \
    }                                                                          \
    static inline void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a,            \
                                            TCGv_i64 b)                        \
    {                                                                          \
        tcg_gen_op3(INDEX_op_##name##_i64, d.n, a.n, b.n);                     \
    }

TCG_GEN_OP3(add)
TCG_GEN_OP3(sub)
TCG_GEN_OP3(mul)
TCG_GEN_OP3(div)
TCG_GEN_OP3(divu)
TCG_GEN_OP3(rem)
TCG_GEN_OP3(remu)
TCG_GEN_OP3(and)
TCG_GEN_OP3(or)
TCG_GEN_OP3(xor)
TCG_GEN_OP3(andc)
TCG_GEN_OP3(orc)
TCG_GEN_OP3(eqv)
TCG_GEN_OP3(nand)
TCG_GEN_OP3(nor)
TCG_GEN_OP3(shl)
TCG_GEN_OP3(shr)
TCG_GEN_OP3(sar)
TCG_GEN_OP3(rotl)
TCG_GEN_OP3(rotr)
TCG_GEN_OP3(clz)
TCG_GEN_OP3(ctz)
#undef TCG_GEN_OP3

/* tcg_gen_<op>_i32(TCGv_i32 d, TCGv_i32 a) and _i64. */
#define TCG_GEN_OP2(name)                                                      \
    static inline void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a)            \
    {                                                                          \
        tcg_gen_op2(INDEX_op_##name##_i32, d.n, a.n);                          \
    }                                                                          \
    static inline void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a)            \
    {                                                                          \
        tcg_gen_op2(INDEX_op_##name##_i64, d.n, a.n);                          \
    }

TCG_GEN_OP2(neg)
TCG_GEN_OP2(not )
TCG_GEN_OP2(ext8s)
TCG_GEN_OP2(ext8u)
TCG_GEN_OP2(ext16s)
TCG_GEN_OP2(ext16u)
TCG_GEN_OP2(bswap16)
TCG_GEN_OP2(bswap32)
TCG_GEN_OP2(ctpop)
#undef TCG_GEN_OP2

static inline void tcg_gen_ext32s_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_ext32s_i64, d.n, a.n);
}

static inline void tcg_gen_ext32u_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_ext32u_i64, d.n, a.n);
}

static inline void tcg_gen_bswap64_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_bswap64_i64, d.n, a.n);
}

static inline void tcg_gen_extu_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    tcg_gen_op2(INDEX_op_extu_i32_i64, d.n, a.n);
}

static inline void tcg_gen_ext_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    tcg_gen_op2(INDEX_op_ext_i32_i64, d.n, a.n);
}

static inline void tcg_gen_extrl_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_extrl_i64_i32, d.n, a.n);
}

static inline void tcg_gen_extrh_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_extrh_i64_i32, d.n, a.n);
}

static inline void tcg_gen_mulu2_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a,
                                     TCGv_i32 b)
{
    tcg_gen_op4(INDEX_op_mulu2_i32, lo.n, hi.n, a.n, b.n);
}

static inline void tcg_gen_mulu2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a,
                                     TCGv_i64 b)
{
    tcg_gen_op4(INDEX_op_mulu2_i64, lo.n, hi.n, a.n, b.n);
}

static inline void tcg_gen_muls2_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i32 a,
                                     TCGv_i32 b)
{
    tcg_gen_op4(INDEX_op_muls2_i32, lo.n, hi.n, a.n, b.n);
}

static inline void tcg_gen_muls2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 a,
                                     TCGv_i64 b)
{
    tcg_gen_op4(INDEX_op_muls2_i64, lo.n, hi.n, a.n, b.n);
}

static inline void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al,
                                    TCGv_i32 ah, TCGv_i32 bl, TCGv_i32 bh)
{
    tcg_gen_op6(INDEX_op_add2_i32, rl.n, rh.n, al.n, ah.n, bl.n, bh.n);
}

static inline void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al,
                                    TCGv_i64 ah, TCGv_i64 bl, TCGv_i64 bh)
{
    tcg_gen_op6(INDEX_op_add2_i64, rl.n, rh.n, al.n, ah.n, bl.n, bh.n);
}

static inline void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al,
                                    TCGv_i32 ah, TCGv_i32 bl, TCGv_i32 bh)
{
    tcg_gen_op6(INDEX_op_sub2_i32, rl.n, rh.n, al.n, ah.n, bl.n, bh.n);
}

static inline void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al,
                                    TCGv_i64 ah, TCGv_i64 bl, TCGv_i64 bh)
{
    tcg_gen_op6(INDEX_op_sub2_i64, rl.n, rh.n, al.n, ah.n, bl.n, bh.n);
}

/*
 * Host memory relative to a pointer (usually tcg_env), for CPU-state
 * fields that are not globals:
 *   tcg_gen_<ld|st><size>_<type>(TCGv val, TCGv_ptr base, intptr_t off)
 */
#define TCG_GEN_LDST(name, type)                                               \
    static inline void tcg_gen_##name##_##type(TCGv_##type v, TCGv_ptr base,   \
                                               intptr_t off)                   \
    {                                                                          \
        tcg_gen_op3(INDEX_op_##name##_##type, v.n, base.n, (TCGArg)off);       \
    }

TCG_GEN_LDST(ld8u, i32)
TCG_GEN_LDST(ld8s, i32)
TCG_GEN_LDST(ld16u, i32)
TCG_GEN_LDST(ld16s, i32)
TCG_GEN_LDST(ld, i32)
TCG_GEN_LDST(st8, i32)
TCG_GEN_LDST(st16, i32)
TCG_GEN_LDST(st, i32)
TCG_GEN_LDST(ld8u, i64)
TCG_GEN_LDST(ld8s, i64)
TCG_GEN_LDST(ld16u, i64)
TCG_GEN_LDST(ld16s, i64)
TCG_GEN_LDST(ld32u, i64)
TCG_GEN_LDST(ld32s, i64)
TCG_GEN_LDST(ld, i64)
TCG_GEN_LDST(st8, i64)
TCG_GEN_LDST(st16, i64)
TCG_GEN_LDST(st32, i64)
TCG_GEN_LDST(st, i64)
#undef TCG_GEN_LDST

static inline void tcg_gen_ld_ptr(TCGv_ptr v, TCGv_ptr base, intptr_t off)
{
    tcg_gen_op3(INDEX_op_ld_i64, v.n, base.n, (TCGArg)off);
}

static inline void tcg_gen_st_ptr(TCGv_ptr v, TCGv_ptr base, intptr_t off)
{
    tcg_gen_op3(INDEX_op_st_i64, v.n, base.n, (TCGArg)off);
}

/* Moves and immediates (tcg-op.c): the same set for i32 and i64. */
void tcg_gen_mov_i32(TCGv_i32 d, TCGv_i32 a);
void tcg_gen_mov_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_movi_i32(TCGv_i32 d, uint32_t val);
void tcg_gen_movi_i64(TCGv_i64 d, uint64_t val);
void tcg_gen_discard_i32(TCGv_i32 t);
void tcg_gen_discard_i64(TCGv_i64 t);

void tcg_gen_addi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_addi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_subi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_subi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_subfi_i32(TCGv_i32 d, uint32_t a, TCGv_i32 b); /* a - b */
void tcg_gen_subfi_i64(TCGv_i64 d, uint64_t a, TCGv_i64 b);
void tcg_gen_muli_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_muli_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_andi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_andi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_ori_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_ori_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
void tcg_gen_xori_i32(TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_xori_i64(TCGv_i64 d, TCGv_i64 a, uint64_t b);
/* Shifts and rotates by an immediate: 0 <= b < width. */
void tcg_gen_shli_i32(TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_shli_i64(TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_shri_i32(TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_shri_i64(TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_sari_i32(TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_sari_i64(TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_rotli_i32(TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_rotli_i64(TCGv_i64 d, TCGv_i64 a, unsigned b);
void tcg_gen_rotri_i32(TCGv_i32 d, TCGv_i32 a, unsigned b);
void tcg_gen_rotri_i64(TCGv_i64 d, TCGv_i64 a, unsigned b);
/* clz/ctz with the result for a zero input as an immediate. */
void tcg_gen_clzi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t zero);
void tcg_gen_clzi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t zero);
void tcg_gen_ctzi_i32(TCGv_i32 d, TCGv_i32 a, uint32_t zero);
void tcg_gen_ctzi_i64(TCGv_i64 d, TCGv_i64 a, uint64_t zero);

/* Bit fields: 1 <= len, pos + len <= width. */
void tcg_gen_deposit_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b, unsigned pos,
                         unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned pos,
                         unsigned len);
void tcg_gen_extract_i32(TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_extract_i64(TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 d, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 d, TCGv_i64 a, unsigned pos, unsigned len);

/* Conditions (NEVER/ALWAYS are resolved here, not emitted). */
void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, uint32_t b);
void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, uint64_t b);
/* d = (c1 c c2) ? v1 : v2 */
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);

/* Expanded from other ops. */
void tcg_gen_abs_i32(TCGv_i32 d, TCGv_i32 a);
void tcg_gen_abs_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_smin_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_smax_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_umin_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_umax_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
/* High half of the unsigned/signed double-width product. */
void tcg_gen_muluh_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_mulsh_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
/* d = hi:lo;  lo, hi = the halves of a */
void tcg_gen_concat_i32_i64(TCGv_i64 d, TCGv_i32 lo, TCGv_i32 hi);
void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a);

/* Pointer arithmetic. */
void tcg_gen_mov_ptr(TCGv_ptr d, TCGv_ptr a);
void tcg_gen_addi_ptr(TCGv_ptr d, TCGv_ptr a, intptr_t b);
void tcg_gen_add_ptr(TCGv_ptr d, TCGv_ptr a, TCGv_i64 b);

#endif
