/*
 * The optimizer and liveness: thousands of seeded random programs run
 * unoptimized and optimized in the interpreter must end in the same
 * state; targeted programs check that folding, copy propagation,
 * known-bits and dead-code removal happen, and that liveness marks what
 * the register allocator needs.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "tcg-random.h"
#include "tcg/interp.h"
#include "tcg/tcg-op.h"

static TCGContext *s;
static TCGRandomGlobals g;
static TCGv_i64 X0, X1, X2, X3;
static TCGv_i32 W0, W1;

static void setup(void)
{
    s = tcg_context_new();
    tcg_random_register(s, &g);
    tcg_set_guest_mem_hooks(&tcg_random_hooks);
    X0 = g.g64[0];
    X1 = g.g64[1];
    X2 = g.g64[2];
    X3 = g.g64[3];
    W0 = g.g32[0];
    W1 = g.g32[1];
    tcg_func_start(s);
}

static void teardown(void)
{
    tcg_context_free(s);
}

static void check_ir(const char *when, uint64_t seed)
{
    GString *why = g_string_new(NULL);

    if (!tcg_check_ir(s, why)) {
        tcg_dump_ops(s, stderr, true);
        ck_abort_msg("seed %llu, %s: %s", (unsigned long long)seed, when,
                     why->str);
    }
    g_string_free(why, true);
}

static unsigned count_ops(void)
{
    unsigned n = 0;

    for (TCGOp *op = s->first_op; op; op = op->next) {
        n++;
    }
    return n;
}

static unsigned count_opc(TCGOpcode a, TCGOpcode b)
{
    unsigned n = 0;

    for (TCGOp *op = s->first_op; op; op = op->next) {
        n += op->opc == a || op->opc == b;
    }
    return n;
}

static TCGOp *find_op(TCGOpcode opc, unsigned nth)
{
    for (TCGOp *op = s->first_op; op; op = op->next) {
        if (op->opc == opc && nth-- == 0) {
            return op;
        }
    }
    return NULL;
}

static bool op_seen[NB_OPS];

/* Run the program built from seed; print it all if the runs differ. */
static void run_one(uint64_t seed, unsigned n_ops, bool optimize,
                    uint64_t *before, uint64_t *after)
{
    TCGRandomState sa, sb;
    TCGInterpCode *c0, *c1;
    uintptr_t ra, rb;
    char *dump = NULL;
    size_t len;
    FILE *f;

    tcg_func_start(s);
    tcg_random_gen(&g, seed, n_ops);
    check_ir("as generated", seed);
    *before += count_ops();
    for (TCGOp *op = s->first_op; op; op = op->next) {
        op_seen[op->opc] = true;
    }
    f = open_memstream(&dump, &len);
    tcg_dump_ops(s, f, false);
    fclose(f);

    c0 = tcg_interp_compile(s);
    if (optimize) {
        tcg_optimize(s);
        check_ir("optimized", seed);
    }
    tcg_liveness(s);
    check_ir("after liveness", seed);
    *after += count_ops();
    c1 = tcg_interp_compile(s);

    tcg_random_init_state(&sa, seed);
    tcg_random_init_state(&sb, seed);
    ra = tcg_interp_exec(c0, &sa);
    rb = tcg_interp_exec(c1, &sb);
    if (ra != rb || memcmp(&sa, &sb, sizeof(sa))) {
        fprintf(stderr, "seed %llu: before:\n%s\nafter:\n",
                (unsigned long long)seed, dump);
        tcg_dump_ops(s, stderr, true);
        for (int i = 0; i < TCG_RANDOM_NG64; i++) {
            fprintf(stderr, "g%d %016llx %016llx\n", i,
                    (unsigned long long)sa.g64[i],
                    (unsigned long long)sb.g64[i]);
        }
        for (int i = 0; i < TCG_RANDOM_NG32; i++) {
            fprintf(stderr, "w%d %08x %08x\n", i, sa.g32[i], sb.g32[i]);
        }
    }
    ck_assert_msg(ra == rb, "seed %llu: exit values differ",
                  (unsigned long long)seed);
    ck_assert_msg(!memcmp(&sa, &sb, sizeof(sa)), "seed %llu: states differ",
                  (unsigned long long)seed);
    free(dump);
    tcg_interp_free(c0);
    tcg_interp_free(c1);
}

START_TEST(test_random_programs)
{
    const unsigned n = 10000;
    uint64_t before = 0, after = 0;
    gint64 t0 = g_get_monotonic_time();

    for (uint64_t seed = 1; seed <= n; seed++) {
        /* Every fourth program exercises liveness alone. */
        run_one(seed * 7919, 20 + seed % 100, seed % 4 != 0, &before, &after);
    }
    printf("random programs: %u in %.2f s, ops %llu -> %llu (%.0f%%)\n", n,
           (g_get_monotonic_time() - t0) / 1e6, (unsigned long long)before,
           (unsigned long long)after, 100.0 * after / before);
    ck_assert_uint_lt(after, before);
    /* The generator covers the whole op set. */
    for (unsigned opc = 0; opc < NB_OPS; opc++) {
        ck_assert_msg(op_seen[opc], "no %s generated", tcg_op_defs[opc].name);
    }
}
END_TEST

/* Rough speed of each stage, per op emitted (printed, not asserted). */
START_TEST(test_pass_speed)
{
    const unsigned n = 200, len = 400;
    gint64 t_gen = 0, t_opt = 0, t_live = 0, t_comp = 0, t;
    uint64_t ops = 0;

    for (unsigned i = 0; i < n; i++) {
        TCGInterpCode *c;

        t = g_get_monotonic_time();
        tcg_func_start(s);
        tcg_random_gen(&g, 1000 + i, len);
        t_gen += g_get_monotonic_time() - t;
        ops += count_ops();
        t = g_get_monotonic_time();
        tcg_optimize(s);
        t_opt += g_get_monotonic_time() - t;
        t = g_get_monotonic_time();
        tcg_liveness(s);
        t_live += g_get_monotonic_time() - t;
        t = g_get_monotonic_time();
        c = tcg_interp_compile(s);
        t_comp += g_get_monotonic_time() - t;
        tcg_interp_free(c);
    }
    printf("per emitted op: generate %.0f ns, optimize %.0f ns, "
           "liveness %.0f ns, interp compile %.0f ns\n",
           1e3 * t_gen / ops, 1e3 * t_opt / ops, 1e3 * t_live / ops,
           1e3 * t_comp / ops);
}
END_TEST

/* Everything folds: only constant moves into globals remain. */
START_TEST(test_all_fold)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i32 w = tcg_temp_new_i32();
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    tcg_gen_movi_i64(a, 0x1234);
    tcg_gen_shli_i64(b, a, 8); /* 0x123400 */
    tcg_gen_mul_i64(b, b, tcg_constant_i64(3));
    tcg_gen_extrl_i64_i32(w, b);
    tcg_gen_bswap32_i32(w, w);
    tcg_gen_ctpop_i32(w, w);
    tcg_gen_deposit_i64(a, a, b, 4, 12);
    tcg_gen_mulu2_i64(lo, hi, b, tcg_constant_i64(-1));
    tcg_gen_setcond_i64(TCG_COND_LT, X1, lo, hi);
    tcg_gen_mov_i64(X0, a);
    tcg_gen_mov_i64(X2, hi);
    tcg_gen_mov_i32(W0, w);
    tcg_gen_div_i64(X3, tcg_constant_i64(-7), tcg_constant_i64(2));
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);

    /* 5 movs of constants into globals, and the exit. */
    ck_assert_int_eq(count_ops(), 6);
    for (TCGOp *op = s->first_op; op; op = op->next) {
        if (op->opc != INDEX_op_exit_tb) {
            ck_assert(op->opc == INDEX_op_mov_i64 ||
                      op->opc == INDEX_op_mov_i32);
            ck_assert_int_eq(tcg_temp(s, op->args[1])->kind, TEMP_CONST);
            ck_assert_int_eq(tcg_temp(s, op->args[0])->kind, TEMP_GLOBAL);
        }
    }
    /* The values, computed here. */
    {
        uint64_t b0 = 0x123400ull * 3;
        uint32_t w0 = __builtin_popcount(__builtin_bswap32((uint32_t)b0));
        uint64_t a0 = (0x1234 & ~0xfff0ull) | ((b0 & 0xfff) << 4);
        unsigned __int128 p = (unsigned __int128)b0 * UINT64_MAX;
        TCGOp *op = s->first_op;

        ck_assert_uint_eq(tcg_temp(s, op->args[1])->val,
                          (int64_t)(uint64_t)p < (int64_t)(p >> 64));
        op = op->next;
        ck_assert_uint_eq(tcg_temp(s, op->args[1])->val, a0);
        op = op->next;
        ck_assert_uint_eq(tcg_temp(s, op->args[1])->val, (uint64_t)(p >> 64));
        op = op->next;
        ck_assert_uint_eq(tcg_temp(s, op->args[1])->val, w0);
        op = op->next;
        ck_assert_uint_eq(tcg_temp(s, op->args[1])->val, (uint64_t)-3);
    }
}
END_TEST

/* Division by zero is left for run time. */
START_TEST(test_no_fold_div0)
{
    tcg_gen_div_i64(X0, tcg_constant_i64(5), tcg_constant_i64(0));
    tcg_gen_remu_i32(W0, tcg_constant_i32(5), tcg_constant_i32(0));
    tcg_gen_div_i32(W1, tcg_constant_i32(0x80000000), tcg_constant_i32(-1));
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    ck_assert_int_eq(count_opc(INDEX_op_div_i64, INDEX_op_remu_i32), 2);
    ck_assert_int_eq(count_opc(INDEX_op_div_i32, NB_OPS), 1);
}
END_TEST

/* A dead computation is removed; so is the first of two writes. */
START_TEST(test_dead_code)
{
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();

    tcg_gen_mul_i64(t, X0, X1);
    tcg_gen_addi_i64(u, t, 5);   /* u never used */
    tcg_gen_add_i64(X2, X0, X1); /* overwritten below */
    tcg_gen_sub_i64(X2, X0, X1);
    tcg_gen_calln(&tcg_random_helpers[0], tcgv_i64_arg(t), tcgv_i64_arg(X0),
                  tcgv_i32_arg(W0)); /* pure, unused */
    tcg_gen_calln(&tcg_random_helpers[4], TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(X0)); /* side effect: kept */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);
    ck_assert_int_eq(count_ops(), 3);
    ck_assert_int_eq(s->first_op->opc, INDEX_op_sub_i64);
    ck_assert_int_eq(s->first_op->next->opc, INDEX_op_call);
}
END_TEST

/* Known bits: an ext32u after an and with 0xff is dropped. */
START_TEST(test_known_bits)
{
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();
    TCGv_i32 w = tcg_temp_new_i32();

    tcg_gen_and_i64(t, X0, tcg_constant_i64(0xff));
    tcg_gen_ext32u_i64(u, t);
    tcg_gen_mov_i64(X1, u);
    /* setcond gives 0/1: the and with 1 and the ext8u go too. */
    tcg_gen_setcond_i32(TCG_COND_LTU, w, W0, W1);
    tcg_gen_andi_i32(w, w, 1);
    tcg_gen_ext8u_i32(W0, w);
    /* A shift right by 40 leaves 24 bits: extract of them is a copy. */
    tcg_gen_shri_i64(t, X2, 40);
    tcg_gen_extract_i64(X3, t, 0, 24);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);
    ck_assert_int_eq(count_opc(INDEX_op_ext32u_i64, NB_OPS), 0);
    ck_assert_int_eq(count_opc(INDEX_op_and_i64, NB_OPS), 1);
    ck_assert_int_eq(count_opc(INDEX_op_and_i32, INDEX_op_ext8u_i32), 0);
    ck_assert_int_eq(count_opc(INDEX_op_extract_i64, NB_OPS), 0);
    /* and, mov; setcond, mov; shr, mov; exit */
    ck_assert_int_eq(count_ops(), 7);
    ck_assert_uint_eq(find_op(INDEX_op_mov_i64, 0)->args[1],
                      find_op(INDEX_op_and_i64, 0)->args[0]);
}
END_TEST

START_TEST(test_copy_propagation)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_mov_i64(t, X0);
    tcg_gen_add_i64(X1, t, t);
    tcg_gen_mov_i64(X2, X1);
    tcg_gen_sub_i64(X3, X2, X1); /* x - x */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);
    /* add x1,x0,x0; mov x2,x1; mov x3,$0; exit */
    ck_assert_int_eq(count_ops(), 4);
    ck_assert_uint_eq(s->first_op->args[1], X0.n);
    ck_assert_uint_eq(s->first_op->args[2], X0.n);
    ck_assert_uint_eq(find_op(INDEX_op_mov_i64, 1)->args[0], X3.n);
    ck_assert_uint_eq(tcg_temp(s, find_op(INDEX_op_mov_i64, 1)->args[1])->val,
                      0);
}
END_TEST

/* Constant branches fold, dead code after br goes, labels merge. */
START_TEST(test_branch_folding)
{
    TCGLabel l1 = tcg_label_new(), l2 = tcg_label_new();
    TCGv_i64 t = tcg_temp_local_new_i64();

    tcg_gen_movi_i64(t, 4);
    tcg_gen_brcondi_i64(TCG_COND_GTU, t, 5, l1); /* never */
    tcg_gen_addi_i64(X0, X0, 1);
    tcg_gen_brcondi_i64(TCG_COND_LT, t, 5, l2); /* always */
    tcg_gen_addi_i64(X1, X1, 1);                /* unreachable */
    tcg_gen_set_label(l1);                      /* no longer used */
    tcg_gen_addi_i64(X2, X2, 1);                /* unreachable */
    tcg_gen_set_label(l2);                      /* right after its br */
    tcg_gen_movcond_i64(TCG_COND_EQ, X3, t, tcg_constant_i64(4), X0, X1);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);
    check_ir("folded", 0);
    /* add x0; mov x3,x0; exit: t is still known to be 4 at l2. */
    ck_assert_int_eq(count_ops(), 3);
    ck_assert_int_eq(count_opc(INDEX_op_brcond_i64, INDEX_op_movcond_i64), 0);
    ck_assert_int_eq(count_opc(INDEX_op_br, INDEX_op_set_label), 0);
    ck_assert_uint_eq(find_op(INDEX_op_mov_i64, 0)->args[0], X3.n);
    ck_assert_uint_eq(find_op(INDEX_op_mov_i64, 0)->args[1], X0.n);
}
END_TEST

/* What is known about globals survives only calls that cannot write
   them, and no label. */
START_TEST(test_calls_and_labels_reset)
{
    TCGLabel l = tcg_label_new();

    tcg_gen_movi_i64(X0, 7);
    tcg_gen_calln(&tcg_random_helpers[4], TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(X1)); /* writes no global */
    tcg_gen_addi_i64(X1, X0, 1);     /* folds to 8 */
    tcg_gen_calln(&tcg_random_helpers[3], TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(X1)); /* may write globals */
    tcg_gen_addi_i64(X2, X0, 1);     /* stays an add */
    tcg_gen_movi_i64(X3, 1);
    tcg_gen_brcondi_i64(TCG_COND_EQ, X2, 0, l);
    tcg_gen_set_label(l);
    tcg_gen_addi_i64(X3, X3, 1); /* stays: another path arrives */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(s);
    ck_assert_int_eq(count_opc(INDEX_op_add_i64, NB_OPS), 2);
    ck_assert_uint_eq(tcg_temp(s, find_op(INDEX_op_mov_i64, 1)->args[1])->val,
                      8);
}
END_TEST

/* Liveness: sync before faults, reads of globals and exits; dead args. */
START_TEST(test_liveness_marks)
{
    TCGv_i64 t = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGOp *a1, *a2, *ld, *a3, *add2;

    tcg_gen_addi_i64(X0, X1, 1); /* a1: a fault follows */
    a1 = s->last_op;
    tcg_gen_qemu_ld_i64(t, X2, 0, MO_LEUQ);
    ld = s->last_op;
    tcg_gen_add_i64(X0, X0, t); /* a2: overwritten... */
    a2 = s->last_op;
    tcg_gen_calln(&tcg_random_helpers[0], tcgv_i64_arg(X3), tcgv_i64_arg(X0),
                  tcgv_i32_arg(W0)); /* ...read here */
    tcg_gen_addi_i64(X0, X0, 2);     /* a3: reaches the exit */
    a3 = s->last_op;
    tcg_gen_add2_i64(X1, hi, X1, X2, X3, X3); /* hi unused */
    add2 = s->last_op;
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness(s);

    ck_assert(a1->life & TCG_LIFE_SYNC(0));    /* the load may fault */
    ck_assert(!(a1->life & TCG_LIFE_DEAD(0))); /* read by a2 */
    ck_assert(!(ld->life & TCG_LIFE_DEAD(0))); /* t is read by a2 */
    /* x2 dies at the load: add2 became an add, which does not read it. */
    ck_assert(ld->life & TCG_LIFE_DEAD(1));
    ck_assert(!(a2->life & TCG_LIFE_SYNC(0))); /* pure call: no sync */
    ck_assert(a2->life & TCG_LIFE_DEAD(2));    /* t dies here */
    ck_assert(a3->life & TCG_LIFE_SYNC(0));    /* exit */
    ck_assert(a3->life & TCG_LIFE_DEAD(0));    /* not read again */
    /* add2 with a dead high half became an add. */
    ck_assert_int_eq(add2->opc, INDEX_op_add_i64);
    ck_assert_uint_eq(add2->args[1], X1.n);
    ck_assert_uint_eq(add2->args[2], X3.n);
}
END_TEST

static Suite *tcg_opt_suite(void)
{
    Suite *su = suite_create("tcg-opt");
    TCase *tc = tcase_create("opt");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_all_fold);
    tcase_add_test(tc, test_no_fold_div0);
    tcase_add_test(tc, test_dead_code);
    tcase_add_test(tc, test_known_bits);
    tcase_add_test(tc, test_copy_propagation);
    tcase_add_test(tc, test_branch_folding);
    tcase_add_test(tc, test_calls_and_labels_reset);
    tcase_add_test(tc, test_liveness_marks);
    tcase_add_test(tc, test_random_programs);
    tcase_add_test(tc, test_pass_speed);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_opt_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
