/*
 * The IR interpreter beyond single ops: host loads and stores, guest
 * loads and stores through a hook over a byte array, branches, loops and
 * labels, helper calls with 0..6 arguments, chaining through goto_tb and
 * goto_ptr, and restoring the faulting instruction after a helper or a
 * load longjmps out. The ops themselves are in test-tcg-interp.c.
 */
#include <check.h>
#include <glib.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "tcg/interp.h"
#include "tcg/tcg-op.h"

#include "tcg-interp-test.h"

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

static Suite *tcg_interp_flow_suite(void)
{
    Suite *su = suite_create("tcg-interp-flow");
    TCase *tc = tcase_create("interp-flow");

    tcg_set_guest_mem_hooks(&hooks);
    tcase_add_checked_fixture(tc, setup, teardown);
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
    SRunner *sr = srunner_create(tcg_interp_flow_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
