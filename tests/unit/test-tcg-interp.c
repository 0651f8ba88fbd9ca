/*
 * The IR interpreter, op by op: every op on edge values for i32 and i64,
 * with expected results computed here by plain C (bit loops, __int128),
 * independently of tcg/interp.c; branches, loops and labels; helper
 * calls with 0..6 arguments; guest loads and stores through a hook over
 * a byte array; chaining; and restoring the faulting instruction after
 * a helper or a load longjmps out.
 */
#include <check.h>
#include <glib.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "tcg/interp.h"
#include "tcg/tcg-op.h"

typedef struct Env {
    uint64_t g64[4];
    uint32_t g32[4];
    uint64_t field;  /* host ld/st target, not a global */
    uint64_t ptr;    /* code pointer for goto_ptr */
    uint8_t mem[64]; /* guest memory, through the hooks */
    uint64_t log;    /* written by helpers */
} Env;

static TCGContext *s;
static TCGv_i64 A, B, C, D;
static TCGv_i32 A32, B32, C32, D32;
static Env env;

static void setup(void)
{
    s = tcg_context_new();
    A = tcg_global_mem_new_i64(s, offsetof(Env, g64[0]), "a");
    B = tcg_global_mem_new_i64(s, offsetof(Env, g64[1]), "b");
    C = tcg_global_mem_new_i64(s, offsetof(Env, g64[2]), "c");
    D = tcg_global_mem_new_i64(s, offsetof(Env, g64[3]), "d");
    A32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[0]), "a32");
    B32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[1]), "b32");
    C32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[2]), "c32");
    D32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[3]), "d32");
    memset(&env, 0, sizeof(env));
    tcg_func_start(s);
}

static void teardown(void)
{
    tcg_context_free(s);
}

/* End the TB and compile it without the passes: the raw ops run. */
static TCGInterpCode *finish(void)
{
    GString *why = g_string_new(NULL);

    tcg_gen_exit_tb(NULL, 0);
    ck_assert_msg(tcg_check_ir(s, why), "%s", why->str);
    g_string_free(why, true);
    return tcg_interp_compile(s);
}

static const uint64_t edge_fixed[] = {
    0,
    1,
    2,
    3,
    7,
    31,
    32,
    33,
    63,
    64,
    65,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xffffffffffffffffull,
    0xfffffffffffffffeull,
    0xffffffff80000000ull,
    0x123456789abcdef0ull,
    0xdeadbeefcafef00dull,
    0x00ff00ff00ff00ffull,
    0x8000000000000001ull,
    0x0000000100000001ull,
};
/* The edge values, then seeded random ones (filled in by main). */
#define N_RANDOM 8
static uint64_t edge64[G_N_ELEMENTS(edge_fixed) + N_RANDOM];
#define N_EDGE G_N_ELEMENTS(edge64)

/* Reference semantics, written from the IR definition. */

static unsigned W; /* 32 or 64: width of the op under test */

static uint64_t wmask(uint64_t v)
{
    return W == 32 ? (uint32_t)v : v;
}

static int64_t sgn(uint64_t v) /* as a signed W-bit number */
{
    return W == 32 ? (int64_t)(int32_t)v : (int64_t)v;
}

static uint64_t smin(void)
{
    return W == 32 ? 0x80000000u : 0x8000000000000000ull;
}

/* Division: documented interpreter answers where the IR is undefined. */
static uint64_t r_div(uint64_t a, uint64_t b)
{
    if (b == 0) {
        return 0;
    }
    if (a == smin() && sgn(b) == -1) {
        return a;
    }
    return (uint64_t)(sgn(a) / sgn(b));
}

static uint64_t r_rem(uint64_t a, uint64_t b)
{
    if (b == 0) {
        return a;
    }
    if (sgn(b) == -1) {
        return 0;
    }
    return (uint64_t)(sgn(a) % sgn(b));
}

static uint64_t r_shl(uint64_t a, uint64_t b)
{
    for (unsigned i = 0; i < b % W; i++) {
        a *= 2;
    }
    return a;
}

static uint64_t r_shr(uint64_t a, uint64_t b)
{
    for (unsigned i = 0; i < b % W; i++) {
        a /= 2;
    }
    return a;
}

static uint64_t r_sar(uint64_t a, uint64_t b)
{
    uint64_t top = 1ull << (W - 1);

    for (unsigned i = 0; i < b % W; i++) {
        a = (a / 2) | (a & top);
    }
    return a;
}

static uint64_t r_rotl(uint64_t a, uint64_t b)
{
    for (unsigned i = 0; i < b % W; i++) {
        a = wmask(a << 1) | (a >> (W - 1));
    }
    return a;
}

static uint64_t r_rotr(uint64_t a, uint64_t b)
{
    for (unsigned i = 0; i < b % W; i++) {
        a = (a >> 1) | ((a & 1) << (W - 1));
    }
    return a;
}

static uint64_t r_clz(uint64_t a, uint64_t b)
{
    unsigned n = 0;

    if (a == 0) {
        return b;
    }
    while (!(a & (1ull << (W - 1 - n)))) {
        n++;
    }
    return n;
}

static uint64_t r_ctz(uint64_t a, uint64_t b)
{
    unsigned n = 0;

    if (a == 0) {
        return b;
    }
    while (!(a & (1ull << n))) {
        n++;
    }
    return n;
}

typedef struct BinOp {
    const char *name;
    void (*gen32)(TCGv_i32, TCGv_i32, TCGv_i32);
    void (*gen64)(TCGv_i64, TCGv_i64, TCGv_i64);
    uint64_t (*ref)(uint64_t, uint64_t);
} BinOp;

/* name, reference with operands a, b (zero-extended W-bit values) */
#define BINOPS(X)                                                              \
    X(add, (a + b))                                                            \
    X(sub, (a - b))                                                            \
    X(mul, (a * b))                                                            \
    X(and, (a & b))                                                            \
    X(or, (a | b))                                                             \
    X(xor, (a ^ b))                                                            \
    X(andc, (a & ~b))                                                          \
    X(orc, (a | ~b))                                                           \
    X(eqv, (~a ^ b))                                                           \
    X(nand, (~a | ~b))                                                         \
    X(nor, (~a & ~b))                                                          \
    X(div, (r_div(a, b)))                                                      \
    X(divu, (b ? a / b : 0))                                                   \
    X(rem, (r_rem(a, b)))                                                      \
    X(remu, (b ? a % b : a))                                                   \
    X(shl, (r_shl(a, b)))                                                      \
    X(shr, (r_shr(a, b)))                                                      \
    X(sar, (r_sar(a, b)))                                                      \
    X(rotl, (r_rotl(a, b)))                                                    \
    X(rotr, (r_rotr(a, b)))                                                    \
    X(clz, (r_clz(a, b)))                                                      \
    X(ctz, (r_ctz(a, b)))

#define BIN_REF(n, e)                                                          \
    static uint64_t ref_##n(uint64_t a, uint64_t b)                            \
    {                                                                          \
        return e;                                                              \
    }
#define BIN_ENTRY(n, e) {#n, tcg_gen_##n##_i32, tcg_gen_##n##_i64, ref_##n},

BINOPS(BIN_REF)
static const BinOp binops[] = {BINOPS(BIN_ENTRY)};

START_TEST(test_binary)
{
    const BinOp *op = &binops[_i];
    TCGInterpCode *c32, *c64;

    op->gen32(C32, A32, B32);
    c32 = finish();
    tcg_func_start(s);
    op->gen64(C, A, B);
    c64 = finish();
    for (unsigned i = 0; i < N_EDGE; i++) {
        for (unsigned j = 0; j < N_EDGE; j++) {
            uint64_t a = edge64[i], b = edge64[j], want;

            W = 64;
            env.g64[0] = a;
            env.g64[1] = b;
            tcg_interp_exec(c64, &env);
            want = op->ref(a, b);
            ck_assert_msg(
                env.g64[2] == want, "%s_i64(%#llx, %#llx) = %#llx, want %#llx",
                op->name, (unsigned long long)a, (unsigned long long)b,
                (unsigned long long)env.g64[2], (unsigned long long)want);

            W = 32;
            env.g32[0] = (uint32_t)a;
            env.g32[1] = (uint32_t)b;
            env.g32[2] = 0xdeadbeef;
            tcg_interp_exec(c32, &env);
            want = wmask(op->ref((uint32_t)a, (uint32_t)b));
            ck_assert_msg(env.g32[2] == want,
                          "%s_i32(%#x, %#x) = %#x, want %#llx", op->name,
                          (uint32_t)a, (uint32_t)b, env.g32[2],
                          (unsigned long long)want);
        }
    }
    tcg_interp_free(c32);
    tcg_interp_free(c64);
}
END_TEST

/* Unary ops: the reference takes the operand and the width. */

static uint64_t sext_from(uint64_t v, unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;

    v &= m;
    if (bits < 64 && (v >> (bits - 1)) & 1) {
        v |= ~m;
    }
    return v;
}

static uint64_t swap_bytes(uint64_t v, unsigned n)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < n; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t u_ctpop(uint64_t a)
{
    uint64_t n = 0;

    for (; a; a >>= 1) {
        n += a & 1;
    }
    return n;
}

typedef struct UnOp {
    const char *name;
    void (*gen32)(TCGv_i32, TCGv_i32);
    void (*gen64)(TCGv_i64, TCGv_i64);
    uint64_t (*ref)(uint64_t);
} UnOp;

#define UNOPS(X)                                                               \
    X(neg, (0 - a))                                                            \
    X(not, (~a))                                                               \
    X(ext8s, (sext_from(a, 8)))                                                \
    X(ext8u, (a % 256))                                                        \
    X(ext16s, (sext_from(a, 16)))                                              \
    X(ext16u, (a % 65536))                                                     \
    X(bswap16, (swap_bytes(a, 2)))                                             \
    X(bswap32, (swap_bytes(a, 4)))                                             \
    X(ctpop, (u_ctpop(a)))

#define UN_REF(n, e)                                                           \
    static uint64_t uref_##n(uint64_t a)                                       \
    {                                                                          \
        return e;                                                              \
    }
#define UN_ENTRY(n, e) {#n, tcg_gen_##n##_i32, tcg_gen_##n##_i64, uref_##n},

UNOPS(UN_REF)
static const UnOp unops[] = {UNOPS(UN_ENTRY)};

START_TEST(test_unary)
{
    const UnOp *op = &unops[_i];
    TCGInterpCode *c32, *c64;

    op->gen32(C32, A32);
    c32 = finish();
    tcg_func_start(s);
    op->gen64(C, A);
    c64 = finish();
    for (unsigned i = 0; i < N_EDGE; i++) {
        uint64_t a = edge64[i];

        env.g64[0] = a;
        env.g32[0] = (uint32_t)a;
        tcg_interp_exec(c64, &env);
        tcg_interp_exec(c32, &env);
        ck_assert_msg(env.g64[2] == op->ref(a), "%s_i64(%#llx)", op->name,
                      (unsigned long long)a);
        ck_assert_msg(env.g32[2] == (uint32_t)op->ref((uint32_t)a),
                      "%s_i32(%#x) = %#x", op->name, (uint32_t)a, env.g32[2]);
    }
    tcg_interp_free(c32);
    tcg_interp_free(c64);
}
END_TEST

/* i64-only unary ops and the conversions between i32 and i64. */
START_TEST(test_conversions)
{
    TCGInterpCode *c;

    tcg_gen_ext32s_i64(B, A);
    tcg_gen_ext32u_i64(C, A);
    tcg_gen_bswap64_i64(D, A);
    tcg_gen_extrl_i64_i32(B32, A);
    tcg_gen_extrh_i64_i32(C32, A);
    c = finish();
    for (unsigned i = 0; i < N_EDGE; i++) {
        uint64_t a = edge64[i];

        env.g64[0] = a;
        env.g32[3] = 0x5a5a5a5a; /* next to c32: an i32 writes 4 bytes */
        tcg_interp_exec(c, &env);
        ck_assert_uint_eq(env.g32[3], 0x5a5a5a5a);
        ck_assert_uint_eq(env.g64[1], sext_from(a, 32));
        ck_assert_uint_eq(env.g64[2], a % (1ull << 32));
        ck_assert_uint_eq(env.g64[3], swap_bytes(a, 8));
        ck_assert_uint_eq(env.g32[1], a % (1ull << 32));
        ck_assert_uint_eq(env.g32[2], a / (1ull << 32));
    }
    tcg_interp_free(c);

    tcg_func_start(s);
    tcg_gen_extu_i32_i64(B, A32);
    tcg_gen_ext_i32_i64(C, A32);
    c = finish();
    for (unsigned i = 0; i < N_EDGE; i++) {
        env.g32[0] = (uint32_t)edge64[i];
        env.g64[1] = env.g64[2] = 0x5555555555555555ull;
        tcg_interp_exec(c, &env);
        ck_assert_uint_eq(env.g64[1], (uint32_t)edge64[i]);
        ck_assert_uint_eq(env.g64[2], sext_from(edge64[i], 32));
    }
    tcg_interp_free(c);
}
END_TEST

START_TEST(test_fields)
{
    static const unsigned f[][2] = {
        {0, 1},  {0, 8},   {3, 5},  {8, 8},  {31, 1}, {16, 16}, {0, 31},
        {1, 31}, {32, 32}, {60, 4}, {0, 63}, {1, 63}, {63, 1},  {17, 40},
    };

    for (unsigned k = 0; k < G_N_ELEMENTS(f); k++) {
        unsigned pos = f[k][0], len = f[k][1];
        bool has32 = pos + len <= 32;
        TCGInterpCode *c;

        tcg_func_start(s);
        tcg_gen_deposit_i64(C, A, B, pos, len);
        tcg_gen_extract_i64(D, A, pos, len);
        tcg_gen_sextract_i64(A, A, pos, len); /* in place */
        if (has32) {
            tcg_gen_deposit_i32(C32, A32, B32, pos, len);
            tcg_gen_extract_i32(D32, A32, pos, len);
            tcg_gen_sextract_i32(A32, A32, pos, len);
        }
        c = finish();
        for (unsigned i = 0; i < N_EDGE; i++) {
            uint64_t a = edge64[i], b = edge64[(i * 7 + 3) % N_EDGE];
            uint64_t m = len == 64 ? ~0ull : (1ull << len) - 1;
            uint64_t field = (a >> pos) & m;

            env.g64[0] = a;
            env.g64[1] = b;
            env.g32[0] = (uint32_t)a;
            env.g32[1] = (uint32_t)b;
            tcg_interp_exec(c, &env);
            ck_assert_uint_eq(env.g64[2], (a & ~(m << pos)) | ((b & m) << pos));
            ck_assert_uint_eq(env.g64[3], field);
            ck_assert_uint_eq(env.g64[0], sext_from(field, len));
            if (has32) {
                uint32_t m32 = (uint32_t)m, a32 = (uint32_t)a;
                uint32_t f32 = (a32 >> pos) & m32;

                ck_assert_uint_eq(env.g32[2], (a32 & ~(m32 << pos)) |
                                                  (((uint32_t)b & m32) << pos));
                ck_assert_uint_eq(env.g32[3], f32);
                ck_assert_uint_eq(env.g32[0], (uint32_t)sext_from(f32, len));
            }
        }
        tcg_interp_free(c);
    }
}
END_TEST

START_TEST(test_double_word)
{
    TCGInterpCode *c;

    tcg_gen_mulu2_i64(C, D, A, B);
    tcg_gen_mulu2_i32(C32, D32, A32, B32);
    c = finish();
    tcg_func_start(s);
    tcg_gen_muls2_i64(C, D, A, B);
    tcg_gen_muls2_i32(C32, D32, A32, B32);
    TCGInterpCode *cs = finish();
    tcg_func_start(s);
    /* (b:a) + (a:b) and (b:a) - (a:b) */
    tcg_gen_add2_i64(C, D, A, B, B, A);
    tcg_gen_sub2_i32(C32, D32, A32, B32, B32, A32);
    TCGInterpCode *ca = finish();

    for (unsigned i = 0; i < N_EDGE; i++) {
        for (unsigned j = 0; j < N_EDGE; j++) {
            uint64_t a = edge64[i], b = edge64[j];
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
            unsigned __int128 pu = (unsigned __int128)a * b;
            __int128 ps = (__int128)(int64_t)a * (int64_t)b;
            unsigned __int128 x = ((unsigned __int128)b << 64) | a;
            unsigned __int128 y = ((unsigned __int128)a << 64) | b;
            uint64_t x32 = ((uint64_t)b32 << 32) | a32;
            uint64_t y32 = ((uint64_t)a32 << 32) | b32;

            env.g64[0] = a;
            env.g64[1] = b;
            env.g32[0] = a32;
            env.g32[1] = b32;
            tcg_interp_exec(c, &env);
            ck_assert_uint_eq(env.g64[2], (uint64_t)pu);
            ck_assert_uint_eq(env.g64[3], (uint64_t)(pu >> 64));
            ck_assert_uint_eq(env.g32[2], (uint32_t)((uint64_t)a32 * b32));
            ck_assert_uint_eq(env.g32[3],
                              (uint32_t)(((uint64_t)a32 * b32) >> 32));
            tcg_interp_exec(cs, &env);
            ck_assert_uint_eq(env.g64[2], (uint64_t)ps);
            ck_assert_uint_eq(env.g32[2], (uint32_t)(a32 * b32));
            ck_assert_uint_eq(env.g64[3],
                              (uint64_t)((unsigned __int128)ps >> 64));
            ck_assert_uint_eq(
                env.g32[3],
                (uint32_t)((uint64_t)((int64_t)(int32_t)a32 * (int32_t)b32) >>
                           32));
            tcg_interp_exec(ca, &env);
            ck_assert_uint_eq(env.g64[2], (uint64_t)(x + y));
            ck_assert_uint_eq(env.g64[3], (uint64_t)((x + y) >> 64));
            ck_assert_uint_eq(env.g32[2], (uint32_t)(x32 - y32));
            ck_assert_uint_eq(env.g32[3], (uint32_t)((x32 - y32) >> 32));
        }
    }
    tcg_interp_free(c);
    tcg_interp_free(cs);
    tcg_interp_free(ca);
}
END_TEST

static bool ref_cond(TCGCond c, uint64_t a, uint64_t b)
{
    switch (c) {
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return sgn(a) < sgn(b);
    case TCG_COND_GE:
        return !(sgn(a) < sgn(b));
    case TCG_COND_GT:
        return sgn(b) < sgn(a);
    case TCG_COND_LE:
        return !(sgn(b) < sgn(a));
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return !(a < b);
    case TCG_COND_GTU:
        return b < a;
    case TCG_COND_LEU:
        return !(b < a);
    case TCG_COND_TSTEQ:
        return !(a & b);
    case TCG_COND_TSTNE:
        return !!(a & b);
    default:
        ck_abort();
        return false;
    }
}

/* setcond, movcond and brcond for every condition. */
START_TEST(test_conditions)
{
    TCGCond cond = (TCGCond)_i;
    TCGLabel l = tcg_label_new(), l32 = tcg_label_new();
    TCGInterpCode *c;

    tcg_gen_setcond_i64(cond, C, A, B);
    tcg_gen_setcond_i32(cond, C32, A32, B32);
    tcg_gen_movcond_i64(cond, D, A, B, tcg_constant_i64(111),
                        tcg_constant_i64(222));
    tcg_gen_movcond_i32(cond, D32, A32, B32, A32, B32);
    /* a32 = 0 or 1 when the branches are taken */
    tcg_gen_movi_i64(A, 0);
    tcg_gen_brcond_i64(cond, tcg_constant_i64(0), B, l);
    tcg_gen_movi_i64(A, 1);
    tcg_gen_set_label(l);
    tcg_gen_brcond_i32(cond, C32, B32, l32); /* C32 is the setcond value */
    tcg_gen_movi_i32(A32, 7);
    tcg_gen_set_label(l32);
    c = finish();
    for (unsigned i = 0; i < N_EDGE; i++) {
        for (unsigned j = 0; j < N_EDGE; j++) {
            uint64_t a = edge64[i], b = edge64[j];
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32;
            bool r;

            env.g64[0] = a;
            env.g64[1] = b;
            env.g32[0] = a32;
            env.g32[1] = b32;
            tcg_interp_exec(c, &env);
            W = 64;
            r = ref_cond(cond, a, b);
            ck_assert_uint_eq(env.g64[2], r);
            ck_assert_uint_eq(env.g64[3], r ? 111 : 222);
            /* brcond compared the constant 0 with b */
            ck_assert_uint_eq(env.g64[0], ref_cond(cond, 0, b) ? 0 : 1);
            W = 32;
            r32 = ref_cond(cond, a32, b32);
            ck_assert_uint_eq(env.g32[2], r32);
            ck_assert_uint_eq(env.g32[3], r32 ? a32 : b32);
            ck_assert_uint_eq(env.g32[0], ref_cond(cond, r32, b32) ? a32 : 7);
        }
    }
    tcg_interp_free(c);
}
END_TEST

/* Host loads and stores relative to env and to a computed pointer. */
START_TEST(test_host_ldst)
{
    TCGv_ptr p = tcg_temp_local_new_ptr();
    TCGLabel l = tcg_label_new();
    intptr_t f = offsetof(Env, field);
    TCGInterpCode *c;

    tcg_gen_addi_ptr(p, tcg_env, f - 8);
    tcg_gen_ld8s_i64(A, tcg_env, f);
    tcg_gen_ld16s_i64(B, p, 8);
    tcg_gen_set_label(l); /* p is a local: it survives */
    tcg_gen_ld32s_i64(C, p, 8);
    tcg_gen_ld32u_i64(D, tcg_env, f);
    tcg_gen_ld8u_i32(A32, tcg_env, f + 1);
    tcg_gen_ld16u_i32(B32, p, 10);
    tcg_gen_ld16s_i32(C32, p, 10);
    tcg_gen_ld_i32(D32, p, 12);
    c = finish();
    env.field = 0x89abcdef8765c3f1ull;
    tcg_interp_exec(c, &env);
    ck_assert_uint_eq(env.g64[0], 0xfffffffffffffff1ull);
    ck_assert_uint_eq(env.g64[1], 0xffffffffffffc3f1ull);
    ck_assert_uint_eq(env.g64[2], 0xffffffff8765c3f1ull);
    ck_assert_uint_eq(env.g64[3], 0x8765c3f1ull);
    ck_assert_uint_eq(env.g32[0], 0xc3);
    ck_assert_uint_eq(env.g32[1], 0x8765);
    ck_assert_uint_eq(env.g32[2], 0xffff8765u);
    ck_assert_uint_eq(env.g32[3], 0x89abcdefu);
    tcg_interp_free(c);

    tcg_func_start(s);
    tcg_gen_ld_i64(A, tcg_env, f);
    tcg_gen_st8_i64(B, tcg_env, f);
    tcg_gen_st16_i32(B32, tcg_env, f + 2);
    tcg_gen_st32_i64(C, tcg_env, f + 4);
    c = finish();
    env.field = 0x1122334455667788ull;
    env.g64[1] = 0xaabb;
    env.g32[1] = 0xccddeeff;
    env.g64[2] = 0x0102030405060708ull;
    tcg_interp_exec(c, &env);
    ck_assert_uint_eq(env.g64[0], 0x1122334455667788ull);
    ck_assert_uint_eq(env.field, 0x05060708eeff77bbull);
    tcg_interp_free(c);
}
END_TEST

/* Guest memory: a hook over env.mem, strict about alignment. */

static jmp_buf fault_jmp;
static uintptr_t fault_ra;
static unsigned last_mmu_idx;

static void check_access(uint64_t addr, MemOp op, uintptr_t ra)
{
    unsigned a = memop_alignment_bits(op);

    if (addr & ((1u << a) - 1)) {
        fault_ra = ra;
        longjmp(fault_jmp, 1);
    }
    ck_assert_uint_le(addr + memop_size(op), sizeof(env.mem));
}

static uint64_t hook_load(void *e, uint64_t addr, MemOp op, int mmu_idx,
                          uintptr_t ra)
{
    ck_assert_ptr_eq(e, &env);
    check_access(addr, op, ra);
    last_mmu_idx = mmu_idx;
    return memop_load_host(&env.mem[addr], op);
}

static void hook_store(void *e, uint64_t addr, uint64_t val, MemOp op,
                       int mmu_idx, uintptr_t ra)
{
    check_access(addr, op, ra);
    last_mmu_idx = mmu_idx;
    memop_store_host(&env.mem[addr], val, op);
}

static const TCGGuestMemHooks hooks = {hook_load, hook_store};

/* The value a load of op at addr must see, assembled byte by byte. */
static uint64_t expect_load(unsigned addr, MemOp op)
{
    unsigned n = 1u << (op & MO_SIZE);
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        unsigned k = op & MO_BSWAP ? i : n - 1 - i; /* from the top */

        v = (v << 8) | env.mem[addr + k];
    }
    return op & MO_SIGN ? sext_from(v, 8 * n) : v;
}

START_TEST(test_guest_ldst)
{
    for (unsigned size = MO_8; size <= MO_64; size++) {
        for (unsigned flags = 0; flags < 4; flags++) {
            MemOp op =
                size | (flags & 1 ? MO_SIGN : 0) | (flags & 2 ? MO_BE : 0);
            TCGInterpCode *c;

            tcg_func_start(s);
            tcg_gen_qemu_ld_i64(B, A, 3, op);
            if (size < MO_64) {
                tcg_gen_qemu_ld_i32(B32, A, 5, op);
            }
            c = finish();
            for (unsigned addr = 0; addr < 16; addr++) {
                for (unsigned i = 0; i < sizeof(env.mem); i++) {
                    env.mem[i] = 0x80 + i * 13;
                }
                env.g64[0] = addr;
                tcg_interp_exec(c, &env);
                ck_assert_uint_eq(env.g64[1], expect_load(addr, op));
                if (size < MO_64) {
                    ck_assert_uint_eq(env.g32[1],
                                      (uint32_t)expect_load(addr, op));
                    ck_assert_uint_eq(last_mmu_idx, 5);
                }
            }
            tcg_interp_free(c);

            /* Store, then read back the bytes. */
            tcg_func_start(s);
            tcg_gen_qemu_st_i64(B, A, 2, op);
            c = finish();
            memset(env.mem, 0, sizeof(env.mem));
            env.g64[0] = 8;
            env.g64[1] = 0x0102030405060708ull;
            tcg_interp_exec(c, &env);
            ck_assert_uint_eq(last_mmu_idx, 2);
            for (unsigned i = 0; i < 16; i++) {
                unsigned n = 1u << size, k = i - 8;
                uint8_t want = 0;

                if (i >= 8 && k < n) {
                    want = 0x08 - (op & MO_BSWAP ? n - 1 - k : k);
                }
                ck_assert_uint_eq(env.mem[i], want);
            }
            tcg_interp_free(c);
        }
    }
}
END_TEST

/* Branches: a loop with a backward branch, locals across labels. */
START_TEST(test_loop)
{
    TCGv_i64 i = tcg_temp_local_new_i64();
    TCGv_i64 sum = tcg_temp_local_new_i64();
    TCGv_i64 t;
    TCGLabel top = tcg_label_new(), skip = tcg_label_new();
    TCGInterpCode *c;

    /* sum of the odd i in [1, a] */
    tcg_gen_movi_i64(i, 0);
    tcg_gen_movi_i64(sum, 0);
    tcg_gen_set_label(top);
    tcg_gen_addi_i64(i, i, 1);
    t = tcg_temp_new_i64();
    tcg_gen_andi_i64(t, i, 1);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, skip);
    tcg_gen_add_i64(sum, sum, i);
    tcg_gen_set_label(skip);
    tcg_gen_brcond_i64(TCG_COND_LTU, i, A, top);
    tcg_gen_mov_i64(B, sum);
    c = finish();
    for (uint64_t n = 1; n < 200; n += 17) {
        uint64_t want = 0;

        for (uint64_t k = 1; k <= n; k += 2) {
            want += k;
        }
        env.g64[0] = n;
        tcg_interp_exec(c, &env);
        ck_assert_uint_eq(env.g64[1], want);
    }
    tcg_interp_free(c);
}
END_TEST

/* Helpers with 0..6 arguments of every type. */

static uint64_t h0(void)
{
    return 0x600d;
}

static uint32_t h1(uint32_t a)
{
    return a * 3 + 0x80000000u;
}

static uint64_t h2(uint64_t a, uint32_t b)
{
    return a - b;
}

static void h3(Env *e, uint64_t a, int32_t b)
{
    e->log = a * 1000 + (int64_t)b;
}

static uint64_t h4(uint32_t a, uint64_t b, uint32_t c, uint64_t d)
{
    return a + 2 * b + 4 * (uint64_t)c + 8 * d;
}

static int32_t h5(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
{
    return (int32_t)(a ^ b ^ c ^ d ^ e) - 5;
}

static uint64_t h6(Env *e, uint64_t a, uint32_t b, uint64_t c, uint32_t d,
                   uint64_t f)
{
    return (uintptr_t)e + a * 10 + b * 100ull + c * 1000 + d * 10000ull + f;
}

#define I32 TCG_CALL_I32
#define I64 TCG_CALL_I64
#define PTR TCG_CALL_PTR
static const TCGHelperInfo i_h0 = {(void *)h0, "h0", TCG_CALL_PURE,
                                   I64,        0,    {0}};
static const TCGHelperInfo i_h1 = {(void *)h1, "h1", TCG_CALL_PURE,
                                   I32,        1,    {I32}};
static const TCGHelperInfo i_h2 = {(void *)h2, "h2", TCG_CALL_PURE,
                                   I64,        2,    {I64, I32}};
static const TCGHelperInfo i_h3 = {(void *)h3,    "h3", 0,
                                   TCG_CALL_VOID, 3,    {PTR, I64, I32}};
static const TCGHelperInfo i_h4 = {(void *)h4, "h4", TCG_CALL_PURE,
                                   I64,        4,    {I32, I64, I32, I64}};
static const TCGHelperInfo i_h5 = {(void *)h5, "h5", TCG_CALL_PURE,
                                   I32,        5,    {I32, I32, I32, I32, I32}};
static const TCGHelperInfo i_h6 = {
    (void *)h6, "h6", TCG_CALL_PURE, I64, 6, {PTR, I64, I32, I64, I32, I64}};

START_TEST(test_calls)
{
    TCGv_i64 t = tcg_temp_new_i64();
    TCGInterpCode *c;

    tcg_gen_call(&i_h0, tcgv_i64_arg(t), 0, NULL);
    tcg_gen_mov_i64(D, t);
    tcg_gen_calln(&i_h1, tcgv_i32_arg(C32), tcgv_i32_arg(A32));
    tcg_gen_calln(&i_h2, tcgv_i64_arg(C), tcgv_i64_arg(A), tcgv_i32_arg(B32));
    tcg_gen_calln(&i_h3, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env), tcgv_i64_arg(B),
                  tcgv_i32_arg(B32));
    tcg_gen_calln(&i_h4, tcgv_i64_arg(B), tcgv_i32_arg(A32), tcgv_i64_arg(A),
                  tcgv_i32_arg(tcg_constant_i32(7)),
                  tcgv_i64_arg(tcg_constant_i64(1ull << 60)));
    tcg_gen_calln(&i_h5, tcgv_i32_arg(D32), tcgv_i32_arg(A32),
                  tcgv_i32_arg(B32), tcgv_i32_arg(A32), tcgv_i32_arg(C32),
                  tcgv_i32_arg(tcg_constant_i32(0x10)));
    tcg_gen_calln(&i_h6, tcgv_i64_arg(A), tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(A), tcgv_i32_arg(A32), tcgv_i64_arg(D),
                  tcgv_i32_arg(tcg_constant_i32(3)),
                  tcgv_i64_arg(tcg_constant_i64(5)));
    c = finish();
    env.g64[0] = 0x100000007ull;
    env.g64[1] = 9;
    env.g32[0] = 0x40000001;
    env.g32[1] = 0xfffffffe; /* -2 as an int32 */
    tcg_interp_exec(c, &env);
    ck_assert_uint_eq(env.g64[3], 0x600d);
    ck_assert_uint_eq(env.g32[2], 0xc0000003u + 0x80000000u);
    ck_assert_uint_eq(env.g64[2], 0x100000007ull - 0xfffffffeull);
    ck_assert_uint_eq(env.log, 9 * 1000 - 2);
    ck_assert_uint_eq(env.g64[1], 0x40000001ull + 2 * 0x100000007ull + 4 * 7 +
                                      8 * (1ull << 60));
    ck_assert_uint_eq(
        env.g32[3],
        (0x40000001u ^ 0xfffffffeu ^ 0x40000001u ^ 0x40000003u ^ 0x10) - 5);
    ck_assert_uint_eq(env.g64[0], (uintptr_t)&env + 0x100000007ull * 10 +
                                      0x40000001ull * 100 + 0x600dull * 1000 +
                                      3 * 10000 + 5);
    tcg_interp_free(c);
}
END_TEST

/* Chaining through goto_tb slots, and goto_ptr. */
START_TEST(test_chaining)
{
    static uint32_t tb1, tb2;
    TCGInterpCode *c1, *c2, *c3;
    TCGv_ptr p;

    tcg_gen_addi_i64(A, A, 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(&tb1, 0);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb(&tb1, 1);
    c1 = tcg_interp_compile(s);

    tcg_func_start(s);
    tcg_gen_addi_i64(A, A, 10);
    tcg_gen_exit_tb(&tb2, 2);
    c2 = tcg_interp_compile(s);

    tcg_func_start(s);
    p = tcg_temp_new_ptr(); /* handles of block temps last one TB */
    tcg_gen_ld_ptr(p, tcg_env, offsetof(Env, ptr));
    tcg_gen_addi_i64(A, A, 100);
    tcg_gen_goto_ptr(p);
    c3 = tcg_interp_compile(s);

    env.g64[0] = 0;
    ck_assert_uint_eq(tcg_interp_exec(c1, &env), (uintptr_t)&tb1 | 0);
    ck_assert_uint_eq(env.g64[0], 1);
    ck_assert_ptr_eq(tcg_interp_current(), c1);

    tcg_interp_set_jump(c1, 0, c2);
    ck_assert_uint_eq(tcg_interp_exec(c1, &env), (uintptr_t)&tb2 | 2);
    ck_assert_uint_eq(env.g64[0], 12);
    ck_assert_ptr_eq(tcg_interp_current(), c2);

    /* Slot 1 is reached only when slot 0 is unlinked. */
    tcg_interp_set_jump(c1, 0, NULL);
    tcg_interp_set_jump(c1, 1, c2);
    ck_assert_uint_eq(tcg_interp_exec(c1, &env), (uintptr_t)&tb1 | 0);
    ck_assert_uint_eq(env.g64[0], 13);

    env.ptr = (uintptr_t)c2;
    ck_assert_uint_eq(tcg_interp_exec(c3, &env), (uintptr_t)&tb2 | 2);
    ck_assert_uint_eq(env.g64[0], 123);
    env.ptr = 0;
    ck_assert_uint_eq(tcg_interp_exec(c3, &env), 0);
    ck_assert_uint_eq(env.g64[0], 223);

    tcg_interp_set_opaque(c2, &tb2);
    ck_assert_ptr_eq(tcg_interp_get_opaque(c2), &tb2);
    ck_assert_uint_gt(tcg_interp_code_size(c1), 0);
    tcg_interp_free(c1);
    tcg_interp_free(c2);
    tcg_interp_free(c3);
}
END_TEST

/* A helper that faults, and a misaligned load that does. */

static void h_fault(Env *e, uint64_t v)
{
    fault_ra = TCG_GETPC();
    if (v) {
        longjmp(fault_jmp, 1);
    }
}

static const TCGHelperInfo i_fault = {(void *)h_fault, "fault", 0,
                                      TCG_CALL_VOID,   2,       {PTR, I64}};

START_TEST(test_fault_restore)
{
    TCGInterpCode *c;
    uint64_t data[TCG_INSN_START_WORDS];
    const TCGInterpCode *volatile cur;

    tcg_gen_insn_start(0x1000, 0xa, 0);
    tcg_gen_movi_i64(A, 1);
    tcg_gen_insn_start(0x1004, 0xb, 0);
    tcg_gen_movi_i64(A, 2);
    tcg_gen_calln(&i_fault, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(B));
    tcg_gen_insn_start(0x1008, 0xc, 0);
    tcg_gen_qemu_ld_i64(D, C, 0, MO_LEUQ | MO_ALIGN);
    tcg_gen_movi_i64(A, 3);
    tcg_gen_insn_start(0x100c, 0xd, 0);
    tcg_gen_movi_i64(A, 4);
    c = finish();

    /* The helper faults inside the second instruction. */
    env.g64[1] = 1;
    env.g64[2] = 8;
    if (!setjmp(fault_jmp)) {
        tcg_interp_exec(c, &env);
        ck_abort_msg("no fault");
    }
    cur = tcg_interp_current();
    ck_assert_ptr_eq(cur, c);
    ck_assert(tcg_interp_restore(cur, fault_ra, data));
    ck_assert_uint_eq(data[0], 0x1004);
    ck_assert_uint_eq(data[1], 0xb);
    ck_assert_uint_eq(env.g64[0], 2); /* globals are in env */
    ck_assert_uint_eq(tcg_interp_retaddr, 0);

    /* The load faults inside the third. */
    env.g64[1] = 0;
    env.g64[2] = 12;
    if (!setjmp(fault_jmp)) {
        tcg_interp_exec(c, &env);
        ck_abort_msg("no fault");
    }
    ck_assert(tcg_interp_restore(c, fault_ra, data));
    ck_assert_uint_eq(data[0], 0x1008);
    ck_assert_uint_eq(data[1], 0xc);

    /* No fault: runs to the end; the helper saw a retaddr in the code. */
    env.g64[2] = 16;
    tcg_interp_exec(c, &env);
    ck_assert_uint_eq(env.g64[0], 4);
    ck_assert(tcg_interp_restore(c, fault_ra, data));
    ck_assert_uint_eq(data[0], 0x1004);

    /* Addresses outside the code are refused. */
    ck_assert(!tcg_interp_restore(c, (uintptr_t)&env, data));
    ck_assert(!tcg_interp_restore(c, 0, data));
    tcg_interp_free(c);
}
END_TEST

/* mb, discard, a large frame; and a rough speed figure. */
START_TEST(test_misc_and_speed)
{
    TCGv_i64 i = tcg_temp_local_new_i64();
    TCGv_i64 t = tcg_temp_new_i64();
    TCGLabel top = tcg_label_new();
    TCGInterpCode *c;
    gint64 t0, t1;
    const uint64_t iters = 1000000;

    /* Many temps alive at once: a frame larger than the stack one. */
    TCGv_i64 many[300];
    for (int k = 0; k < 300; k++) {
        many[k] = tcg_temp_new_i64();
        tcg_gen_addi_i64(many[k], A, k);
    }
    tcg_gen_movi_i64(D, 0);
    for (int k = 0; k < 300; k++) {
        tcg_gen_add_i64(D, D, many[k]);
    }
    tcg_gen_mb(TCG_MO_ALL);
    tcg_gen_discard_i64(t);
    tcg_gen_movi_i64(i, 0);
    tcg_gen_set_label(top);
    /* 6 ops per iteration */
    tcg_gen_addi_i64(i, i, 1);
    t = tcg_temp_new_i64();
    tcg_gen_xor_i64(t, i, B);
    tcg_gen_shli_i64(t, t, 3);
    tcg_gen_add_i64(C, C, t);
    tcg_gen_ext32u_i64(C, C);
    tcg_gen_brcondi_i64(TCG_COND_LTU, i, iters, top);
    c = finish();
    env.g64[0] = 5;
    env.g64[1] = 0x55;
    env.g64[2] = 0;
    t0 = g_get_monotonic_time();
    tcg_interp_exec(c, &env);
    t1 = g_get_monotonic_time();
    ck_assert_uint_eq(env.g64[3], 300 * 5 + 299 * 300 / 2);
    {
        uint64_t want = 0;

        for (uint64_t k = 1; k <= iters; k++) {
            want = (uint32_t)(want + ((k ^ 0x55) << 3));
        }
        ck_assert_uint_eq(env.g64[2], want);
    }
    printf("interpreter: %.1f M ops/s\n", 6.0 * iters / (double)(t1 - t0 + 1));
    tcg_interp_free(c);
}
END_TEST

static Suite *tcg_interp_suite(void)
{
    Suite *su = suite_create("tcg-interp");
    TCase *tc = tcase_create("interp");

    tcg_set_guest_mem_hooks(&hooks);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_binary, 0, G_N_ELEMENTS(binops));
    tcase_add_loop_test(tc, test_unary, 0, G_N_ELEMENTS(unops));
    tcase_add_test(tc, test_conversions);
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_double_word);
    tcase_add_loop_test(tc, test_conditions, TCG_COND_EQ, TCG_COND_COUNT);
    tcase_add_test(tc, test_host_ldst);
    tcase_add_test(tc, test_guest_ldst);
    tcase_add_test(tc, test_loop);
    tcase_add_test(tc, test_calls);
    tcase_add_test(tc, test_chaining);
    tcase_add_test(tc, test_fault_restore);
    tcase_add_test(tc, test_misc_and_speed);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_interp_suite());
    uint64_t x = 0x1234567;
    int failed;

    memcpy(edge64, edge_fixed, sizeof(edge_fixed));
    for (unsigned i = G_N_ELEMENTS(edge_fixed); i < N_EDGE; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        edge64[i] = x ^ (x >> 29);
    }
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
