/*
 * The IR interpreter, op by op: every arithmetic, logic, shift, bit-count,
 * extension, field, double-word and condition op on edge values for i32
 * and i64, with expected results computed here by plain C (bit loops,
 * __int128), independently of tcg/interp.c. Memory, branches, calls,
 * chaining and fault restore are in test-tcg-interp-flow.c.
 */
#include <check.h>
#include <glib.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "tcg/interp.h"
#include "tcg/tcg-op.h"

#include "tcg-interp-test.h"

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

static Suite *tcg_interp_suite(void)
{
    Suite *su = suite_create("tcg-interp");
    TCase *tc = tcase_create("interp");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_binary, 0, G_N_ELEMENTS(binops));
    tcase_add_loop_test(tc, test_unary, 0, G_N_ELEMENTS(unops));
    tcase_add_test(tc, test_conversions);
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_double_word);
    tcase_add_loop_test(tc, test_conditions, TCG_COND_EQ, TCG_COND_COUNT);
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
