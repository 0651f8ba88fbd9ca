/*
 * Seeded random IR programs, for differential tests: the same program
 * run two ways (unoptimized and optimized in test-tcg-opt; interpreter
 * and JIT in the backend's tests) must leave the same CPU state, guest
 * memory and exit value.
 *
 *   TCGRandomGlobals g;
 *   tcg_random_register(ctx, &g);            once per context
 *   tcg_set_guest_mem_hooks(&tcg_random_hooks);
 *   tcg_func_start(ctx);
 *   tcg_random_gen(&g, seed, n_ops);          emit one TB
 *   tcg_random_init_state(&state, seed);      same start for both runs
 *
 * Programs use every op in both types, constants biased to edge values,
 * globals (fields of TCGRandomState), locals, block temps (only within
 * their extended basic block), forward branches, helper calls of each
 * flag combination, host loads/stores on a scratch area and guest
 * loads/stores through the hooks.  They never divide by zero or MIN by
 * -1, never read a temp before writing it, and never touch a global's
 * field through a host store, so every run is defined.
 */
#ifndef TESTS_UNIT_TCG_RANDOM_H
#define TESTS_UNIT_TCG_RANDOM_H

#include <stddef.h>
#include <string.h>

#include "tcg/tcg-op.h"

#define TCG_RANDOM_NG64 6
#define TCG_RANDOM_NG32 4
#define TCG_RANDOM_MEM 256 /* guest memory bytes (a power of two) */

typedef struct TCGRandomState {
    uint64_t g64[TCG_RANDOM_NG64];
    uint32_t g32[TCG_RANDOM_NG32];
    uint64_t scratch[4]; /* host ld/st only */
    uint64_t log;        /* side-effecting helpers mix into it */
    uint8_t mem[TCG_RANDOM_MEM + 8];
} TCGRandomState;

typedef struct TCGRandomGlobals {
    TCGv_i64 g64[TCG_RANDOM_NG64];
    TCGv_i32 g32[TCG_RANDOM_NG32];
} TCGRandomGlobals;

static inline uint64_t tcg_random_next(uint64_t *x)
{
    /* splitmix64 */
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static const uint64_t tcg_random_edges[] = {
    0,
    1,
    2,
    3,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    31,
    32,
    63,
    64,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xffffffffffffffffull,
    0xfffffffffffffffeull,
    0xffffffff80000000ull,
    0x00000000ffff0000ull,
};

static inline uint64_t tcg_random_value(uint64_t *x)
{
    uint64_t r = tcg_random_next(x);

    switch (r % 4) {
    case 0:
    case 1:
        return tcg_random_edges[(r >> 8) % G_N_ELEMENTS(tcg_random_edges)];
    case 2:
        return (r >> 16) % 300 - 150;
    default:
        return tcg_random_next(x);
    }
}

static inline void tcg_random_register(TCGContext *s, TCGRandomGlobals *g)
{
    static const char *const n64[] = {"g0", "g1", "g2", "g3", "g4", "g5"};
    static const char *const n32[] = {"w0", "w1", "w2", "w3"};

    for (int i = 0; i < TCG_RANDOM_NG64; i++) {
        g->g64[i] = tcg_global_mem_new_i64(
            s, offsetof(TCGRandomState, g64) + 8 * i, n64[i]);
    }
    for (int i = 0; i < TCG_RANDOM_NG32; i++) {
        g->g32[i] = tcg_global_mem_new_i32(
            s, offsetof(TCGRandomState, g32) + 4 * i, n32[i]);
    }
}

static inline void tcg_random_init_state(TCGRandomState *st, uint64_t seed)
{
    uint64_t x = seed ^ 0x5eed;

    memset(st, 0, sizeof(*st));
    for (int i = 0; i < TCG_RANDOM_NG64; i++) {
        st->g64[i] = tcg_random_value(&x);
    }
    for (int i = 0; i < TCG_RANDOM_NG32; i++) {
        st->g32[i] = (uint32_t)tcg_random_value(&x);
    }
    for (int i = 0; i < 4; i++) {
        st->scratch[i] = tcg_random_next(&x);
    }
    for (unsigned i = 0; i < sizeof(st->mem); i++) {
        st->mem[i] = (uint8_t)tcg_random_next(&x);
    }
}

/* Guest memory: addresses wrap within mem; accesses must be aligned as
   their MemOp asks (the generator makes them so). */
static inline uint64_t tcg_random_load(void *env, uint64_t addr, MemOp op,
                                       int mmu_idx, uintptr_t ra)
{
    TCGRandomState *st = env;

    g_assert((addr & ((1u << memop_alignment_bits(op)) - 1)) == 0);
    /* Fold the MMU index into the state so a wrong one shows. */
    st->log = st->log * 31 + (unsigned)mmu_idx;
    return memop_load_host(&st->mem[addr % TCG_RANDOM_MEM], op);
}

static inline void tcg_random_store(void *env, uint64_t addr, uint64_t val,
                                    MemOp op, int mmu_idx, uintptr_t ra)
{
    TCGRandomState *st = env;

    g_assert((addr & ((1u << memop_alignment_bits(op)) - 1)) == 0);
    memop_store_host(&st->mem[addr % TCG_RANDOM_MEM], val, op);
    st->log = st->log * 31 + (unsigned)mmu_idx;
}

static const TCGGuestMemHooks tcg_random_hooks = {
    tcg_random_load,
    tcg_random_store,
};

/* Helpers of each flag combination. */

static inline uint64_t tcg_random_h_pure(uint64_t a, uint32_t b)
{
    return (a ^ b) * 0x9e3779b97f4a7c15ull + (a >> 17);
}

static inline uint32_t tcg_random_h_pure32(uint32_t a)
{
    return (a * 2654435761u) ^ (a >> 13);
}

/* Reads globals, writes none, no side effects. */
static inline uint64_t tcg_random_h_readg(TCGRandomState *st)
{
    uint64_t h = 0;

    for (int i = 0; i < TCG_RANDOM_NG64; i++) {
        h = h * 1000003 + st->g64[i];
    }
    return h + st->g32[1];
}

/* Writes a global. */
static inline void tcg_random_h_writeg(TCGRandomState *st, uint64_t v)
{
    st->g64[v % TCG_RANDOM_NG64] ^= v | 1;
    st->g32[v % TCG_RANDOM_NG32] += (uint32_t)v;
}

/* A side effect outside the globals; reads and writes none. */
static inline void tcg_random_h_log(TCGRandomState *st, uint64_t v)
{
    st->log = st->log * 33 + v;
}

static inline uint64_t tcg_random_h_six(uint64_t a, uint32_t b, uint64_t c,
                                        uint32_t d, uint64_t e, uint32_t f)
{
    return a - 3 * (uint64_t)b + 5 * c - 7 * (uint64_t)d + 11 * e -
           13 * (uint64_t)f;
}

static const TCGHelperInfo tcg_random_helpers[] = {
    {(void *)tcg_random_h_pure,
     "pure",
     TCG_CALL_PURE,
     TCG_CALL_I64,
     2,
     {TCG_CALL_I64, TCG_CALL_I32}},
    {(void *)tcg_random_h_pure32,
     "pure32",
     TCG_CALL_PURE,
     TCG_CALL_I32,
     1,
     {TCG_CALL_I32}},
    {(void *)tcg_random_h_readg,
     "readg",
     TCG_CALL_NO_SIDE_EFFECTS | TCG_CALL_NO_WRITE_GLOBALS,
     TCG_CALL_I64,
     1,
     {TCG_CALL_PTR}},
    {(void *)tcg_random_h_writeg,
     "writeg",
     0,
     TCG_CALL_VOID,
     2,
     {TCG_CALL_PTR, TCG_CALL_I64}},
    {(void *)tcg_random_h_log,
     "log",
     TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
     TCG_CALL_VOID,
     2,
     {TCG_CALL_PTR, TCG_CALL_I64}},
    {(void *)tcg_random_h_six,
     "six",
     TCG_CALL_PURE,
     TCG_CALL_I64,
     6,
     {TCG_CALL_I64, TCG_CALL_I32, TCG_CALL_I64, TCG_CALL_I32, TCG_CALL_I64,
      TCG_CALL_I32}},
};

/* The generator. */

#define TCG_RANDOM_NLOC 3
#define TCG_RANDOM_NBLK 6
#define TCG_RANDOM_NLAB 4

typedef struct TCGRandomGen {
    uint64_t x;
    const TCGRandomGlobals *g;
    TCGv_i64 loc64[TCG_RANDOM_NLOC];
    TCGv_i32 loc32[TCG_RANDOM_NLOC];
    TCGv_i64 blk64[TCG_RANDOM_NBLK];
    TCGv_i32 blk32[TCG_RANDOM_NBLK];
    bool ok64[TCG_RANDOM_NBLK], ok32[TCG_RANDOM_NBLK];
    TCGLabel pending[TCG_RANDOM_NLAB];
    unsigned npending;
    uint64_t pc;
} TCGRandomGen;

static inline unsigned tcg_random_below(TCGRandomGen *r, unsigned n)
{
    return (unsigned)(tcg_random_next(&r->x) % n);
}

static inline TCGv_i64 tcg_random_src64(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, 20), i;

    if (k < 7) {
        return r->g->g64[tcg_random_below(r, TCG_RANDOM_NG64)];
    }
    if (k < 10) {
        return r->loc64[tcg_random_below(r, TCG_RANDOM_NLOC)];
    }
    if (k < 15) {
        i = tcg_random_below(r, TCG_RANDOM_NBLK);
        if (r->ok64[i]) {
            return r->blk64[i];
        }
    }
    return tcg_constant_i64(tcg_random_value(&r->x));
}

static inline TCGv_i32 tcg_random_src32(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, 20), i;

    if (k < 7) {
        return r->g->g32[tcg_random_below(r, TCG_RANDOM_NG32)];
    }
    if (k < 10) {
        return r->loc32[tcg_random_below(r, TCG_RANDOM_NLOC)];
    }
    if (k < 15) {
        i = tcg_random_below(r, TCG_RANDOM_NBLK);
        if (r->ok32[i]) {
            return r->blk32[i];
        }
    }
    return tcg_constant_i32((uint32_t)tcg_random_value(&r->x));
}

static inline TCGv_i64 tcg_random_dst64(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, 10), i;

    if (k < 4) {
        return r->g->g64[tcg_random_below(r, TCG_RANDOM_NG64)];
    }
    if (k < 6) {
        return r->loc64[tcg_random_below(r, TCG_RANDOM_NLOC)];
    }
    i = tcg_random_below(r, TCG_RANDOM_NBLK);
    r->ok64[i] = true;
    return r->blk64[i];
}

static inline TCGv_i32 tcg_random_dst32(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, 10), i;

    if (k < 4) {
        return r->g->g32[tcg_random_below(r, TCG_RANDOM_NG32)];
    }
    if (k < 6) {
        return r->loc32[tcg_random_below(r, TCG_RANDOM_NLOC)];
    }
    i = tcg_random_below(r, TCG_RANDOM_NBLK);
    r->ok32[i] = true;
    return r->blk32[i];
}

/* A divisor that is neither 0 nor -1 (the IR leaves both undefined). */
static inline TCGv_i64 tcg_random_divisor64(TCGRandomGen *r, TCGv_i64 b)
{
    TCGv_i64 d = tcg_temp_new_i64();

    tcg_gen_movcond_i64(TCG_COND_EQ, d, b, tcg_constant_i64(0),
                        tcg_constant_i64(7), b);
    tcg_gen_movcond_i64(TCG_COND_EQ, d, d, tcg_constant_i64(-1),
                        tcg_constant_i64(3), d);
    return d;
}

static inline TCGv_i32 tcg_random_divisor32(TCGRandomGen *r, TCGv_i32 b)
{
    TCGv_i32 d = tcg_temp_new_i32();

    tcg_gen_movcond_i32(TCG_COND_EQ, d, b, tcg_constant_i32(0),
                        tcg_constant_i32(7), b);
    tcg_gen_movcond_i32(TCG_COND_EQ, d, d, tcg_constant_i32(-1),
                        tcg_constant_i32(3), d);
    return d;
}

static inline TCGCond tcg_random_cond(TCGRandomGen *r)
{
    return (TCGCond)(TCG_COND_EQ +
                     tcg_random_below(r, TCG_COND_COUNT - TCG_COND_EQ));
}

typedef void (*TCGRandomBin64)(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void (*TCGRandomBin32)(TCGv_i32, TCGv_i32, TCGv_i32);
typedef void (*TCGRandomImm64)(TCGv_i64, TCGv_i64, uint64_t);
typedef void (*TCGRandomImm32)(TCGv_i32, TCGv_i32, uint32_t);
typedef void (*TCGRandomSh64)(TCGv_i64, TCGv_i64, unsigned);
typedef void (*TCGRandomSh32)(TCGv_i32, TCGv_i32, unsigned);
typedef void (*TCGRandomUn64)(TCGv_i64, TCGv_i64);
typedef void (*TCGRandomUn32)(TCGv_i32, TCGv_i32);

#define TCG_RANDOM_PICK(r, tab) (tab)[tcg_random_below(r, G_N_ELEMENTS(tab))]

static inline void tcg_random_arith(TCGRandomGen *r, bool w64)
{
    static const TCGRandomBin64 b64[] = {
        tcg_gen_add_i64,  tcg_gen_sub_i64,   tcg_gen_mul_i64,
        tcg_gen_and_i64,  tcg_gen_or_i64,    tcg_gen_xor_i64,
        tcg_gen_andc_i64, tcg_gen_orc_i64,   tcg_gen_eqv_i64,
        tcg_gen_nand_i64, tcg_gen_nor_i64,   tcg_gen_shl_i64,
        tcg_gen_shr_i64,  tcg_gen_sar_i64,   tcg_gen_rotl_i64,
        tcg_gen_rotr_i64, tcg_gen_clz_i64,   tcg_gen_ctz_i64,
        tcg_gen_smin_i64, tcg_gen_smax_i64,  tcg_gen_umin_i64,
        tcg_gen_umax_i64, tcg_gen_muluh_i64, tcg_gen_mulsh_i64,
    };
    static const TCGRandomBin32 b32[] = {
        tcg_gen_add_i32, tcg_gen_sub_i32,  tcg_gen_mul_i32,  tcg_gen_and_i32,
        tcg_gen_or_i32,  tcg_gen_xor_i32,  tcg_gen_andc_i32, tcg_gen_orc_i32,
        tcg_gen_eqv_i32, tcg_gen_nand_i32, tcg_gen_nor_i32,  tcg_gen_shl_i32,
        tcg_gen_shr_i32, tcg_gen_sar_i32,  tcg_gen_rotl_i32, tcg_gen_rotr_i32,
        tcg_gen_clz_i32, tcg_gen_ctz_i32,
    };

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r), b = tcg_random_src64(r);

        TCG_RANDOM_PICK(r, b64)(tcg_random_dst64(r), a, b);
    } else {
        TCGv_i32 a = tcg_random_src32(r), b = tcg_random_src32(r);

        TCG_RANDOM_PICK(r, b32)(tcg_random_dst32(r), a, b);
    }
}

static inline void tcg_random_imm(TCGRandomGen *r, bool w64)
{
    static const TCGRandomImm64 i64[] = {
        tcg_gen_addi_i64, tcg_gen_subi_i64, tcg_gen_muli_i64,
        tcg_gen_andi_i64, tcg_gen_ori_i64,  tcg_gen_xori_i64,
    };
    static const TCGRandomImm32 i32[] = {
        tcg_gen_addi_i32, tcg_gen_subi_i32, tcg_gen_muli_i32,
        tcg_gen_andi_i32, tcg_gen_ori_i32,  tcg_gen_xori_i32,
    };
    static const TCGRandomSh64 s64[] = {
        tcg_gen_shli_i64,  tcg_gen_shri_i64,  tcg_gen_sari_i64,
        tcg_gen_rotli_i64, tcg_gen_rotri_i64,
    };
    static const TCGRandomSh32 s32[] = {
        tcg_gen_shli_i32,  tcg_gen_shri_i32,  tcg_gen_sari_i32,
        tcg_gen_rotli_i32, tcg_gen_rotri_i32,
    };
    uint64_t v = tcg_random_value(&r->x);
    bool shift = tcg_random_below(r, 2);

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r);

        if (shift) {
            TCG_RANDOM_PICK(r, s64)(tcg_random_dst64(r), a, v % 64);
        } else {
            TCG_RANDOM_PICK(r, i64)(tcg_random_dst64(r), a, v);
        }
    } else {
        TCGv_i32 a = tcg_random_src32(r);

        if (shift) {
            TCG_RANDOM_PICK(r, s32)(tcg_random_dst32(r), a, v % 32);
        } else {
            TCG_RANDOM_PICK(r, i32)(tcg_random_dst32(r), a, (uint32_t)v);
        }
    }
}

static inline void tcg_random_unary(TCGRandomGen *r, bool w64)
{
    static const TCGRandomUn64 u64[] = {
        tcg_gen_neg_i64,     tcg_gen_not_i64,     tcg_gen_ext8s_i64,
        tcg_gen_ext8u_i64,   tcg_gen_ext16s_i64,  tcg_gen_ext16u_i64,
        tcg_gen_ext32s_i64,  tcg_gen_ext32u_i64,  tcg_gen_bswap16_i64,
        tcg_gen_bswap32_i64, tcg_gen_bswap64_i64, tcg_gen_ctpop_i64,
        tcg_gen_abs_i64,     tcg_gen_mov_i64,
    };
    static const TCGRandomUn32 u32[] = {
        tcg_gen_neg_i32,     tcg_gen_not_i32,     tcg_gen_ext8s_i32,
        tcg_gen_ext8u_i32,   tcg_gen_ext16s_i32,  tcg_gen_ext16u_i32,
        tcg_gen_bswap16_i32, tcg_gen_bswap32_i32, tcg_gen_ctpop_i32,
        tcg_gen_abs_i32,     tcg_gen_mov_i32,
    };

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r);

        TCG_RANDOM_PICK(r, u64)(tcg_random_dst64(r), a);
    } else {
        TCGv_i32 a = tcg_random_src32(r);

        TCG_RANDOM_PICK(r, u32)(tcg_random_dst32(r), a);
    }
}

static inline void tcg_random_convert(TCGRandomGen *r)
{
    switch (tcg_random_below(r, 6)) {
    case 0:
        tcg_gen_extu_i32_i64(tcg_random_dst64(r), tcg_random_src32(r));
        break;
    case 1:
        tcg_gen_ext_i32_i64(tcg_random_dst64(r), tcg_random_src32(r));
        break;
    case 2:
        tcg_gen_extrl_i64_i32(tcg_random_dst32(r), tcg_random_src64(r));
        break;
    case 3:
        tcg_gen_extrh_i64_i32(tcg_random_dst32(r), tcg_random_src64(r));
        break;
    case 4: {
        TCGv_i32 lo = tcg_random_src32(r), hi = tcg_random_src32(r);

        tcg_gen_concat_i32_i64(tcg_random_dst64(r), lo, hi);
        break;
    }
    default: {
        TCGv_i32 lo = tcg_random_dst32(r), hi = tcg_random_dst32(r);

        if (lo.n == hi.n) {
            hi = tcg_temp_new_i32();
        }
        tcg_gen_extr_i64_i32(lo, hi, tcg_random_src64(r));
        break;
    }
    }
}

static inline void tcg_random_divide(TCGRandomGen *r, bool w64)
{
    unsigned k = tcg_random_below(r, 4);

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r);
        TCGv_i64 b = tcg_random_divisor64(r, tcg_random_src64(r));
        TCGv_i64 d = tcg_random_dst64(r);

        (k == 0   ? tcg_gen_div_i64
         : k == 1 ? tcg_gen_divu_i64
         : k == 2 ? tcg_gen_rem_i64
                  : tcg_gen_remu_i64)(d, a, b);
    } else {
        TCGv_i32 a = tcg_random_src32(r);
        TCGv_i32 b = tcg_random_divisor32(r, tcg_random_src32(r));
        TCGv_i32 d = tcg_random_dst32(r);

        (k == 0   ? tcg_gen_div_i32
         : k == 1 ? tcg_gen_divu_i32
         : k == 2 ? tcg_gen_rem_i32
                  : tcg_gen_remu_i32)(d, a, b);
    }
}

static inline void tcg_random_field(TCGRandomGen *r, bool w64)
{
    unsigned w = w64 ? 64 : 32;
    unsigned len = 1 + tcg_random_below(r, w);
    unsigned pos = tcg_random_below(r, w - len + 1);
    unsigned k = tcg_random_below(r, 3);

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r), b = tcg_random_src64(r);
        TCGv_i64 d = tcg_random_dst64(r);

        if (k == 0) {
            tcg_gen_deposit_i64(d, a, b, pos, len);
        } else if (k == 1) {
            tcg_gen_extract_i64(d, a, pos, len);
        } else {
            tcg_gen_sextract_i64(d, a, pos, len);
        }
    } else {
        TCGv_i32 a = tcg_random_src32(r), b = tcg_random_src32(r);
        TCGv_i32 d = tcg_random_dst32(r);

        if (k == 0) {
            tcg_gen_deposit_i32(d, a, b, pos, len);
        } else if (k == 1) {
            tcg_gen_extract_i32(d, a, pos, len);
        } else {
            tcg_gen_sextract_i32(d, a, pos, len);
        }
    }
}

/* mulu2, muls2, add2, sub2: two distinct outputs. */
static inline void tcg_random_double(TCGRandomGen *r, bool w64)
{
    unsigned k = tcg_random_below(r, 4);

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r), b = tcg_random_src64(r);
        TCGv_i64 c = tcg_random_src64(r), d = tcg_random_src64(r);
        TCGv_i64 lo = tcg_random_dst64(r), hi = tcg_random_dst64(r);

        if (lo.n == hi.n) {
            hi = tcg_temp_new_i64();
        }
        if (k == 0) {
            tcg_gen_mulu2_i64(lo, hi, a, b);
        } else if (k == 1) {
            tcg_gen_muls2_i64(lo, hi, a, b);
        } else if (k == 2) {
            tcg_gen_add2_i64(lo, hi, a, b, c, d);
        } else {
            tcg_gen_sub2_i64(lo, hi, a, b, c, d);
        }
    } else {
        TCGv_i32 a = tcg_random_src32(r), b = tcg_random_src32(r);
        TCGv_i32 c = tcg_random_src32(r), d = tcg_random_src32(r);
        TCGv_i32 lo = tcg_random_dst32(r), hi = tcg_random_dst32(r);

        if (lo.n == hi.n) {
            hi = tcg_temp_new_i32();
        }
        if (k == 0) {
            tcg_gen_mulu2_i32(lo, hi, a, b);
        } else if (k == 1) {
            tcg_gen_muls2_i32(lo, hi, a, b);
        } else if (k == 2) {
            tcg_gen_add2_i32(lo, hi, a, b, c, d);
        } else {
            tcg_gen_sub2_i32(lo, hi, a, b, c, d);
        }
    }
}

static inline void tcg_random_compare(TCGRandomGen *r, bool w64, bool mov)
{
    TCGCond c = tcg_random_cond(r);

    if (w64) {
        TCGv_i64 a = tcg_random_src64(r), b = tcg_random_src64(r);

        if (mov) {
            TCGv_i64 v1 = tcg_random_src64(r), v2 = tcg_random_src64(r);

            tcg_gen_movcond_i64(c, tcg_random_dst64(r), a, b, v1, v2);
        } else {
            tcg_gen_setcond_i64(c, tcg_random_dst64(r), a, b);
        }
    } else {
        TCGv_i32 a = tcg_random_src32(r), b = tcg_random_src32(r);

        if (mov) {
            TCGv_i32 v1 = tcg_random_src32(r), v2 = tcg_random_src32(r);

            tcg_gen_movcond_i32(c, tcg_random_dst32(r), a, b, v1, v2);
        } else {
            tcg_gen_setcond_i32(c, tcg_random_dst32(r), a, b);
        }
    }
}

static inline void tcg_random_set_label(TCGRandomGen *r)
{
    unsigned i = tcg_random_below(r, r->npending);

    tcg_gen_set_label(r->pending[i]);
    r->pending[i] = r->pending[--r->npending];
    /* Block temps die at a label. */
    memset(r->ok64, 0, sizeof(r->ok64));
    memset(r->ok32, 0, sizeof(r->ok32));
}

/* A forward branch (conditional, rarely not) to a pending label. */
static inline void tcg_random_branch(TCGRandomGen *r)
{
    TCGLabel l;

    if (r->npending == 0 ||
        (r->npending < TCG_RANDOM_NLAB && tcg_random_below(r, 2))) {
        r->pending[r->npending++] = tcg_label_new();
    }
    l = r->pending[tcg_random_below(r, r->npending)];
    if (tcg_random_below(r, 8) == 0) {
        tcg_gen_br(l);
    } else if (tcg_random_below(r, 2)) {
        tcg_gen_brcond_i64(tcg_random_cond(r), tcg_random_src64(r),
                           tcg_random_src64(r), l);
    } else {
        tcg_gen_brcond_i32(tcg_random_cond(r), tcg_random_src32(r),
                           tcg_random_src32(r), l);
    }
}

/* Host loads and stores on TCGRandomState.scratch. */
static inline void tcg_random_host_mem(TCGRandomGen *r)
{
    unsigned size = 1u << tcg_random_below(r, 4);
    unsigned off = tcg_random_below(r, 32 - size + 1);
    intptr_t base_off = offsetof(TCGRandomState, scratch);
    TCGv_ptr base = tcg_env;
    unsigned k = tcg_random_below(r, 6);

    if (tcg_random_below(r, 2)) {
        base = tcg_temp_new_ptr();
        tcg_gen_addi_ptr(base, tcg_env, base_off - 16);
        base_off = 16;
    }
    off += base_off;
    switch (size) {
    case 1:
        if (k == 0) {
            tcg_gen_st8_i64(tcg_random_src64(r), base, off);
        } else if (k == 1) {
            tcg_gen_st8_i32(tcg_random_src32(r), base, off);
        } else if (k == 2) {
            tcg_gen_ld8s_i64(tcg_random_dst64(r), base, off);
        } else if (k == 3) {
            tcg_gen_ld8u_i64(tcg_random_dst64(r), base, off);
        } else if (k == 4) {
            tcg_gen_ld8s_i32(tcg_random_dst32(r), base, off);
        } else {
            tcg_gen_ld8u_i32(tcg_random_dst32(r), base, off);
        }
        break;
    case 2:
        if (k == 0) {
            tcg_gen_st16_i64(tcg_random_src64(r), base, off);
        } else if (k == 1) {
            tcg_gen_st16_i32(tcg_random_src32(r), base, off);
        } else if (k == 2) {
            tcg_gen_ld16s_i64(tcg_random_dst64(r), base, off);
        } else if (k == 3) {
            tcg_gen_ld16u_i64(tcg_random_dst64(r), base, off);
        } else if (k == 4) {
            tcg_gen_ld16s_i32(tcg_random_dst32(r), base, off);
        } else {
            tcg_gen_ld16u_i32(tcg_random_dst32(r), base, off);
        }
        break;
    case 4:
        if (k < 2) {
            tcg_gen_st32_i64(tcg_random_src64(r), base, off);
        } else if (k < 4) {
            tcg_gen_st_i32(tcg_random_src32(r), base, off);
        } else if (k == 4) {
            tcg_gen_ld32s_i64(tcg_random_dst64(r), base, off);
        } else if (tcg_random_below(r, 2)) {
            tcg_gen_ld32u_i64(tcg_random_dst64(r), base, off);
        } else {
            tcg_gen_ld_i32(tcg_random_dst32(r), base, off);
        }
        break;
    default:
        if (k < 3) {
            tcg_gen_st_i64(tcg_random_src64(r), base, off);
        } else {
            tcg_gen_ld_i64(tcg_random_dst64(r), base, off);
        }
        break;
    }
}

/* Guest loads and stores through the hooks. */
static inline void tcg_random_guest_mem(TCGRandomGen *r, bool store)
{
    bool w64 = tcg_random_below(r, 2);
    MemOp size = tcg_random_below(r, w64 ? 4 : 3);
    MemOp op = size | (tcg_random_below(r, 2) ? MO_SIGN : 0) |
               (tcg_random_below(r, 2) ? MO_BE : 0);
    TCGv_i64 addr = tcg_temp_new_i64();
    uint64_t mask = TCG_RANDOM_MEM - 1;
    unsigned idx = tcg_random_below(r, 4);

    if (tcg_random_below(r, 2)) {
        op |= MO_ALIGN;
        mask &= ~(uint64_t)((1u << size) - 1);
    }
    tcg_gen_andi_i64(addr, tcg_random_src64(r), mask);
    if (store && w64) {
        tcg_gen_qemu_st_i64(tcg_random_src64(r), addr, idx, op);
    } else if (store) {
        tcg_gen_qemu_st_i32(tcg_random_src32(r), addr, idx, op);
    } else if (w64) {
        tcg_gen_qemu_ld_i64(tcg_random_dst64(r), addr, idx, op);
    } else {
        tcg_gen_qemu_ld_i32(tcg_random_dst32(r), addr, idx, op);
    }
}

static inline void tcg_random_call(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, G_N_ELEMENTS(tcg_random_helpers));
    const TCGHelperInfo *h = &tcg_random_helpers[k];
    TCGArg args[TCG_MAX_CALL_ARGS];
    TCGArg ret = TCG_NO_TEMP;

    for (unsigned i = 0; i < h->nargs; i++) {
        if (h->args[i] == TCG_CALL_PTR) {
            args[i] = tcgv_ptr_arg(tcg_env);
        } else if (h->args[i] == TCG_CALL_I32) {
            args[i] = tcgv_i32_arg(tcg_random_src32(r));
        } else {
            args[i] = tcgv_i64_arg(tcg_random_src64(r));
        }
    }
    if (h->ret == TCG_CALL_I64) {
        ret = tcgv_i64_arg(tcg_random_dst64(r));
    } else if (h->ret == TCG_CALL_I32) {
        ret = tcgv_i32_arg(tcg_random_dst32(r));
    }
    tcg_gen_call(h, ret, h->nargs, args);
}

static inline void tcg_random_misc(TCGRandomGen *r)
{
    unsigned k = tcg_random_below(r, 4), i = tcg_random_below(r, 6);

    if (k == 0) {
        tcg_gen_mb(TCG_MO_ALL);
    } else if (k == 1 && r->ok64[i]) {
        tcg_gen_discard_i64(r->blk64[i]);
        r->ok64[i] = false;
    } else if (k == 2 && r->ok32[i]) {
        tcg_gen_discard_i32(r->blk32[i]);
        r->ok32[i] = false;
    } else if (tcg_random_below(r, 2)) {
        tcg_gen_movi_i64(tcg_random_dst64(r), tcg_random_value(&r->x));
    } else {
        tcg_gen_movi_i32(tcg_random_dst32(r),
                         (uint32_t)tcg_random_value(&r->x));
    }
}

/* Emit one random op (or a short sequence that builds one). */
static inline void tcg_random_op(TCGRandomGen *r)
{
    bool w64 = tcg_random_below(r, 2);

    switch (tcg_random_below(r, 20)) {
    case 0:
    case 1:
    case 2:
        tcg_random_arith(r, w64);
        break;
    case 3:
        tcg_random_imm(r, w64);
        break;
    case 4:
    case 5:
        tcg_random_unary(r, w64);
        break;
    case 6:
        tcg_random_convert(r);
        break;
    case 7:
        tcg_random_divide(r, w64);
        break;
    case 8:
        tcg_random_field(r, w64);
        break;
    case 9:
        tcg_random_double(r, w64);
        break;
    case 10:
        tcg_random_compare(r, w64, tcg_random_below(r, 2));
        break;
    case 11:
        tcg_random_branch(r);
        break;
    case 12:
        if (r->npending) {
            tcg_random_set_label(r);
        }
        break;
    case 13:
        tcg_random_host_mem(r);
        break;
    case 14:
        tcg_random_guest_mem(r, tcg_random_below(r, 2));
        break;
    case 15:
        tcg_random_call(r);
        break;
    case 16:
        tcg_gen_insn_start(r->pc += 4, 0, 0);
        break;
    default:
        tcg_random_misc(r);
        break;
    }
}

/* Emit one TB of about n_ops random ops into tcg_ctx. */
static inline void tcg_random_gen(const TCGRandomGlobals *g, uint64_t seed,
                                  unsigned n_ops)
{
    TCGRandomGen r = {.x = seed, .g = g, .pc = 0x400000};

    tcg_gen_insn_start(r.pc, 0, 0);
    for (int i = 0; i < TCG_RANDOM_NLOC; i++) {
        r.loc64[i] = tcg_temp_local_new_i64();
        r.loc32[i] = tcg_temp_local_new_i32();
        tcg_gen_movi_i64(r.loc64[i], tcg_random_value(&r.x));
        tcg_gen_movi_i32(r.loc32[i], (uint32_t)tcg_random_value(&r.x));
    }
    for (int i = 0; i < TCG_RANDOM_NBLK; i++) {
        r.blk64[i] = tcg_temp_new_i64();
        r.blk32[i] = tcg_temp_new_i32();
    }
    for (unsigned i = 0; i < n_ops; i++) {
        tcg_random_op(&r);
    }
    while (r.npending) {
        tcg_random_set_label(&r);
    }
    switch (tcg_random_below(&r, 3)) {
    case 0:
        tcg_gen_exit_tb(NULL, tcg_random_below(&r, 4));
        break;
    case 1:
        tcg_gen_goto_tb(0);
        tcg_gen_exit_tb(NULL, 1);
        break;
    default:
        tcg_gen_goto_ptr(tcg_constant_ptr(0));
        break;
    }
}

#endif
