/*
 * The x86-64 JIT against the interpreter: seeded random IR programs
 * (tcg-random.h) run both ways must leave the same CPU state, guest
 * memory, exit value and slow-path calls, with guest accesses going
 * through a real TLB (fast-path hits into host memory, and entries that
 * force the slow path).  Directed tests cover chaining, goto_ptr,
 * helper calls with 0..6 arguments, restoring state after a helper or
 * slow-path fault, and the code buffer's mappings and flush.
 */
#include <check.h>
#include <glib.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "tcg-random.h"
#include "tcg/interp.h"
#include "tcg/jit.h"
#include "tcg/tcg-op.h"

#define NB_IDX 4
#define TLB_N 8

/* env: the random programs' state, then the TLB the fast path reads. */
typedef struct TestEnv {
    TCGRandomState st;
    TCGTLBFast fast[NB_IDX];
    TCGTLBEntry tlb[NB_IDX][TLB_N];
} TestEnv;

static TCGContext *s;
static TCGRandomGlobals g;
static TCGJit *jit;
static unsigned hook_calls[NB_IDX];
static uint64_t fault_addr = ~0ull;
static sigjmp_buf fault_jb;
static uintptr_t fault_ra;
static uint8_t *hook_big; /* test_tlb_paths: guest pages 0-2 */

/* Like tcg_random's hooks without the log (the fast path has none). */
static uint64_t test_load(void *env, uint64_t addr, MemOp op, int idx,
                          uintptr_t ra)
{
    TestEnv *e = env;

    if (addr == fault_addr) {
        fault_ra = ra;
        siglongjmp(fault_jb, 1);
    }
    hook_calls[idx]++;
    if (hook_big) {
        return memop_load_host(&hook_big[addr], op);
    }
    return memop_load_host(&e->st.mem[addr % TCG_RANDOM_MEM], op);
}

static void test_store(void *env, uint64_t addr, uint64_t val, MemOp op,
                       int idx, uintptr_t ra)
{
    TestEnv *e = env;

    hook_calls[idx]++;
    if (hook_big) {
        memop_store_host(&hook_big[addr], val, op);
        return;
    }
    memop_store_host(&e->st.mem[addr % TCG_RANDOM_MEM], val, op);
}

static const TCGGuestMemHooks test_hooks = {test_load, test_store};

/* Page 0 mapped for idx 0 and 1 (reads and writes), forced slow for 2,
   invalid for 3. */
static void tlb_init(TestEnv *e)
{
    for (int i = 0; i < NB_IDX; i++) {
        e->fast[i].mask = (TLB_N - 1) << TLB_ENTRY_BITS;
        e->fast[i].table = e->tlb[i];
        for (int j = 0; j < TLB_N; j++) {
            e->tlb[i][j] = (TCGTLBEntry){TLB_INVALID, TLB_INVALID,
                                         TLB_INVALID, 0};
        }
    }
    for (int i = 0; i < 3; i++) {
        uint64_t tag = i == 2 ? TLB_FORCE_SLOW : 0;

        e->tlb[i][0].addr_read = e->tlb[i][0].addr_write = tag;
        e->tlb[i][0].addend = (uintptr_t)e->st.mem;
        /* Page 1 too, for page-crossing tests. */
        e->tlb[i][1].addr_read = e->tlb[i][1].addr_write = 4096 | tag;
        e->tlb[i][1].addend = (uintptr_t)e->st.mem - 4096;
    }
}

static void setup(void)
{
    s = tcg_context_new();
    tcg_random_register(s, &g);
    tcg_set_guest_mem_hooks(&test_hooks);
    s->tlb.fast_ofs = offsetof(TestEnv, fast);
    s->tlb.page_bits = 12;
    s->tlb.nb_mmu_idx = NB_IDX;
    jit = tcg_jit_new(16 << 20, NULL);
    ck_assert_ptr_nonnull(jit);
    tcg_func_start(s);
}

static void teardown(void)
{
    tcg_jit_free(jit);
    tcg_context_free(s);
    tcg_jit_disable_features(0);
}

static void gen_tb(TCGJitTB *tb)
{
    if (tcg_jit_gen(jit, s, tb) == TCG_JIT_FULL) {
        tcg_jit_flush(jit);
        ck_assert_int_eq(tcg_jit_gen(jit, s, tb), TCG_JIT_OK);
    }
}

static void run_random(uint64_t seed, bool optimize)
{
    static TestEnv ei, ej;
    unsigned calls_i[NB_IDX];
    TCGInterpCode *code;
    TCGJitTB tb;
    uintptr_t vi, vj;

    tcg_func_start(s);
    tcg_random_gen(&g, seed, 20 + seed % 100);
    tcg_run_passes(s, optimize);
    code = tcg_interp_compile(s);
    gen_tb(&tb);

    tcg_random_init_state(&ei.st, seed);
    tlb_init(&ei);
    memset(hook_calls, 0, sizeof(hook_calls));
    vi = tcg_interp_exec(code, &ei);
    memcpy(calls_i, hook_calls, sizeof(calls_i));

    tcg_random_init_state(&ej.st, seed);
    tlb_init(&ej);
    memset(hook_calls, 0, sizeof(hook_calls));
    vj = tcg_jit_exec(jit, &ej, tb.code);

    if (vi != vj || memcmp(&ei.st, &ej.st, sizeof(ei.st)) != 0 ||
        hook_calls[0] || hook_calls[1] || hook_calls[2] != calls_i[2] ||
        hook_calls[3] != calls_i[3]) {
        tcg_dump_ops(s, stderr, true);
        for (int i = 0; i < TCG_RANDOM_NG64; i++) {
            fprintf(stderr, "g%d %016llx %016llx\n", i,
                    (unsigned long long)ei.st.g64[i],
                    (unsigned long long)ej.st.g64[i]);
        }
        for (int i = 0; i < TCG_RANDOM_NG32; i++) {
            fprintf(stderr, "w%d %08x %08x\n", i, ei.st.g32[i], ej.st.g32[i]);
        }
        fprintf(stderr, "log %llx %llx exit %lx %lx\n",
                (unsigned long long)ei.st.log, (unsigned long long)ej.st.log,
                (unsigned long)vi, (unsigned long)vj);
        ck_abort_msg("seed %llu (optimize %d): JIT differs from interpreter",
                     (unsigned long long)seed, optimize);
    }
    tcg_interp_free(code);
}

START_TEST(test_random_programs)
{
    for (uint64_t seed = 1; seed <= 4000; seed++) {
        run_random(seed, seed & 1);
    }
}
END_TEST

/* The same without LZCNT/TZCNT/POPCNT/MOVBE: BSR/BSF and SWAR paths. */
START_TEST(test_random_no_features)
{
    tcg_jit_disable_features(~0u);
    for (uint64_t seed = 100001; seed <= 101000; seed++) {
        run_random(seed, true);
    }
}
END_TEST

/* Two TBs: A adds 1 to g0 then goto_tb 0; B adds g0 to g1. */
START_TEST(test_chaining)
{
    static TestEnv e;
    TCGJitTB a, b, c, d;

    tcg_func_start(s);
    tcg_gen_insn_start(0x100, 0, 0);
    tcg_gen_addi_i64(g.g64[0], g.g64[0], 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb((void *)0x1000, 0);
    tcg_run_passes(s, true);
    gen_tb(&a);
    ck_assert(a.jmp_addr[0] && !a.jmp_addr[1]);
    ck_assert_uint_eq((a.jmp_addr[0] + 1) & 3, 0);

    tcg_func_start(s);
    tcg_gen_add_i64(g.g64[1], g.g64[1], g.g64[0]);
    tcg_gen_exit_tb((void *)0x2000, 3);
    tcg_run_passes(s, true);
    gen_tb(&b);

    memset(&e, 0, sizeof(e));
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, a.code), 0x1000);
    ck_assert_uint_eq(e.st.g64[0], 1);
    ck_assert_uint_eq(e.st.g64[1], 0);
    tcg_jit_set_jump(jit, a.jmp_addr[0], (uintptr_t)b.code);
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, a.code), 0x2003);
    ck_assert_uint_eq(e.st.g64[0], 2);
    ck_assert_uint_eq(e.st.g64[1], 2);
    tcg_jit_set_jump(jit, a.jmp_addr[0], a.jmp_reset[0]);
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, a.code), 0x1000);
    ck_assert_uint_eq(e.st.g64[0], 3);
    ck_assert_uint_eq(e.st.g64[1], 2);

    /* goto_ptr to B's code, and to the return-0 address. */
    tcg_func_start(s);
    tcg_gen_movi_i64(g.g64[2], (uintptr_t)b.code);
    tcg_gen_goto_ptr((TCGv_ptr){g.g64[2].n});
    tcg_run_passes(s, true);
    gen_tb(&c);
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, c.code), 0x2003);
    ck_assert_uint_eq(e.st.g64[1], 5);
    ck_assert_uint_eq(e.st.g64[2], (uintptr_t)b.code);

    tcg_func_start(s);
    tcg_gen_movi_i64(g.g64[3], 7);
    tcg_gen_movi_i64(g.g64[2], tcg_jit_return0_addr(jit));
    tcg_gen_goto_ptr((TCGv_ptr){g.g64[2].n});
    tcg_run_passes(s, true);
    gen_tb(&d);
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, d.code), 0);
    ck_assert_uint_eq(e.st.g64[3], 7);
}
END_TEST

static uint64_t h0(void)
{
    return 42;
}
static uint64_t h1(uint64_t a)
{
    return a * 3;
}
static uint32_t h2(uint32_t a, uint64_t b)
{
    return a - (uint32_t)b;
}
static uint64_t h3(uint64_t a, uint64_t b, void *env)
{
    return a + b + ((TestEnv *)env)->st.g64[5];
}
static uint64_t h4(uint64_t a, uint32_t b, uint64_t c, uint32_t d)
{
    return a * 1000 + b * 100 + c * 10 + d;
}
static uint64_t h5(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
    return a ^ (b << 8) ^ (c << 16) ^ (d << 24) ^ (e << 32);
}
static uint64_t h6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                   uint64_t f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

#define HI(fn, r, n, ...)                                                      \
    static const TCGHelperInfo info_##fn = {(void *)fn, #fn, 0, r, n,          \
                                            {__VA_ARGS__}}
HI(h0, TCG_CALL_I64, 0);
HI(h1, TCG_CALL_I64, 1, TCG_CALL_I64);
HI(h2, TCG_CALL_I32, 2, TCG_CALL_I32, TCG_CALL_I64);
HI(h3, TCG_CALL_I64, 3, TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_PTR);
HI(h4, TCG_CALL_I64, 4, TCG_CALL_I64, TCG_CALL_I32, TCG_CALL_I64,
   TCG_CALL_I32);
HI(h5, TCG_CALL_I64, 5, TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64,
   TCG_CALL_I64, TCG_CALL_I64);
HI(h6, TCG_CALL_I64, 6, TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64,
   TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64);

START_TEST(test_helper_args)
{
    static TestEnv e;
    TCGJitTB tb;
    TCGv_i64 *x = g.g64;
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    tcg_gen_calln(&info_h0, tcgv_i64_arg(x[0]));
    tcg_gen_calln(&info_h1, tcgv_i64_arg(x[1]), tcgv_i64_arg(x[0]));
    tcg_gen_calln(&info_h2, tcgv_i32_arg(g.g32[0]), tcgv_i32_arg(g.g32[1]),
                  tcgv_i64_arg(x[1]));
    tcg_gen_addi_i64(t, x[1], 1);
    tcg_gen_calln(&info_h3, tcgv_i64_arg(x[2]), tcgv_i64_arg(t),
                  tcgv_i64_arg(x[0]), tcgv_ptr_arg(tcg_env));
    tcg_gen_calln(&info_h4, tcgv_i64_arg(x[3]),
                  tcgv_i64_arg(tcg_constant_i64(1)), tcgv_i32_arg(g.g32[2]),
                  tcgv_i64_arg(tcg_constant_i64(3)), tcgv_i32_arg(g.g32[3]));
    /* Arguments in each other's registers: a permutation. */
    tcg_gen_calln(&info_h5, tcgv_i64_arg(x[4]), tcgv_i64_arg(x[3]),
                  tcgv_i64_arg(x[2]), tcgv_i64_arg(x[1]), tcgv_i64_arg(x[0]),
                  tcgv_i64_arg(tcg_constant_i64(0x11)));
    tcg_gen_calln(&info_h6, tcgv_i64_arg(x[5]), tcgv_i64_arg(x[5]),
                  tcgv_i64_arg(x[4]), tcgv_i64_arg(x[3]), tcgv_i64_arg(x[2]),
                  tcgv_i64_arg(x[1]), tcgv_i64_arg(x[0]));
    tcg_gen_exit_tb(NULL, 0);
    tcg_run_passes(s, true);
    gen_tb(&tb);

    memset(&e, 0, sizeof(e));
    e.st.g32[1] = 1000;
    e.st.g32[2] = 2;
    e.st.g32[3] = 4;
    e.st.g64[5] = 0x500;
    ck_assert_uint_eq(tcg_jit_exec(jit, &e, tb.code), 0);
    ck_assert_uint_eq(e.st.g64[0], 42);
    ck_assert_uint_eq(e.st.g64[1], 126);
    ck_assert_uint_eq(e.st.g32[0], 1000 - 126);
    ck_assert_uint_eq(e.st.g64[2], 127 + 42 + 0x500);
    ck_assert_uint_eq(e.st.g64[3], 1234);
    ck_assert_uint_eq(e.st.g64[4], h5(1234, 127 + 42 + 0x500, 126, 42, 0x11));
    ck_assert_uint_eq(e.st.g64[5], h6(0x500, e.st.g64[4], 1234,
                                      127 + 42 + 0x500, 126, 42));
}
END_TEST

/* A helper that faults: longjmps out after recording its retaddr. */
static void h_fault(void *env)
{
    fault_ra = TCG_GETPC();
    siglongjmp(fault_jb, 1);
}
static const TCGHelperInfo info_fault = {(void *)h_fault, "fault", 0,
                                         TCG_CALL_VOID, 1, {TCG_CALL_PTR}};

START_TEST(test_fault_restore)
{
    static TestEnv e;
    TCGJitTB tb;
    uint64_t data[TCG_INSN_START_WORDS];

    tcg_func_start(s);
    tcg_gen_insn_start(0x1000, 1, 2);
    tcg_gen_addi_i64(g.g64[0], g.g64[0], 5);
    tcg_gen_insn_start(0x1004, 3, 4);
    tcg_gen_addi_i64(g.g64[1], g.g64[0], 5);
    tcg_gen_calln(&info_fault, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env));
    tcg_gen_insn_start(0x1008, 5, 6);
    tcg_gen_addi_i64(g.g64[0], g.g64[0], 5);
    tcg_gen_exit_tb(NULL, 0);
    tcg_run_passes(s, true);
    gen_tb(&tb);
    memset(&e, 0, sizeof(e));
    if (sigsetjmp(fault_jb, 1) == 0) {
        tcg_jit_exec(jit, &e, tb.code);
        ck_abort_msg("helper did not fault");
    }
    /* Globals were stored before the call (it may read them). */
    ck_assert_uint_eq(e.st.g64[0], 5);
    ck_assert_uint_eq(e.st.g64[1], 10);
    ck_assert(tcg_jit_restore(&tb, fault_ra, data));
    ck_assert_uint_eq(data[0], 0x1004);
    ck_assert_uint_eq(data[1], 3);
    ck_assert_uint_eq(data[2], 4);
    ck_assert(!tcg_jit_restore(&tb, (uintptr_t)tb.code, data));

    /* The same for a guest load whose slow path faults. */
    tcg_func_start(s);
    tcg_gen_insn_start(0x2000, 0, 0);
    tcg_gen_movi_i64(g.g64[2], 9);
    tcg_gen_insn_start(0x2004, 0, 0);
    tcg_gen_movi_i64(g.g64[3], 0xdead000);
    tcg_gen_qemu_ld_i64(g.g64[4], g.g64[3], 0, MO_LEUQ);
    tcg_gen_insn_start(0x2008, 0, 0);
    tcg_gen_movi_i64(g.g64[2], 10);
    tcg_gen_exit_tb(NULL, 0);
    tcg_run_passes(s, true);
    gen_tb(&tb);
    tlb_init(&e);
    fault_addr = 0xdead000;
    if (sigsetjmp(fault_jb, 1) == 0) {
        tcg_jit_exec(jit, &e, tb.code);
        ck_abort_msg("load did not fault");
    }
    fault_addr = ~0ull;
    ck_assert_uint_eq(e.st.g64[2], 9);
    ck_assert(tcg_jit_restore(&tb, fault_ra, data));
    ck_assert_uint_eq(data[0], 0x2004);
}
END_TEST

/* Fast-path hits, misaligned and page-crossing accesses. */
START_TEST(test_tlb_paths)
{
    static TestEnv e;
    static uint8_t big[3 * 4096 + 8];
    static const struct {
        uint64_t addr;
        MemOp op;
        unsigned calls;
    } cases[] = {
        {8, MO_LEUQ, 0},            {3, MO_LEUL, 0},
        {3, MO_LEUL | MO_ALIGN, 1}, {4, MO_BEUL | MO_ALIGN, 0},
        {4094, MO_LEUL, 1},         {4092, MO_LEUL, 0},
        {4095, MO_UB, 0},           {4095, MO_LEUW, 1},
        {8192, MO_UB, 1},           {6, MO_BESW | MO_ALIGN_2, 0},
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        TCGJitTB tb;

        tcg_func_start(s);
        tcg_gen_qemu_ld_i64(g.g64[0], tcg_constant_i64(cases[i].addr), 1,
                            cases[i].op);
        tcg_gen_qemu_st_i64(g.g64[0], tcg_constant_i64(cases[i].addr), 1,
                            cases[i].op);
        tcg_gen_exit_tb(NULL, 0);
        tcg_run_passes(s, true);
        gen_tb(&tb);
        memset(&e, 0, sizeof(e));
        tlb_init(&e);
        /* Pages 0 and 1 of big are mapped; page 2 is not in the TLB. */
        e.tlb[1][0].addend = (uintptr_t)big;
        e.tlb[1][1].addend = (uintptr_t)big;
        for (unsigned j = 0; j < sizeof(big); j++) {
            big[j] = (uint8_t)(j * 7 + i);
        }
        hook_big = big;
        memset(hook_calls, 0, sizeof(hook_calls));
        tcg_jit_exec(jit, &e, tb.code);
        hook_big = NULL;
        ck_assert_msg(hook_calls[1] == 2 * cases[i].calls,
                      "case %u: %u slow-path calls", i, hook_calls[1]);
        ck_assert_uint_eq(e.st.g64[0],
                          memop_load_host(&big[cases[i].addr], cases[i].op));
    }
}
END_TEST

static bool maps_line(const char *perm)
{
    g_autofree char *maps = NULL;
    g_auto(GStrv) lines = NULL;
    bool found = false;

    ck_assert(g_file_get_contents("/proc/self/maps", &maps, NULL, NULL));
    lines = g_strsplit(maps, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (strstr(*l, "kestrel-jit")) {
            char p[5] = {0};

            ck_assert(sscanf(*l, "%*x-%*x %4s", p) == 1);
            ck_assert_msg(!(p[1] == 'w' && p[2] == 'x'), "W+X: %s", *l);
            found |= strncmp(p, perm, 3) == 0;
        }
    }
    return found;
}

START_TEST(test_code_buffer)
{
    TCGJit *small = tcg_jit_new(64 * 1024, NULL);
    TCGJitTB tb;
    unsigned n = 0;

    ck_assert(maps_line("r-x"));
    ck_assert(maps_line("rw-"));
    tcg_func_start(s);
    tcg_random_gen(&g, 7, 120);
    tcg_run_passes(s, false);
    while (tcg_jit_gen(small, s, &tb) == TCG_JIT_OK) {
        n++;
        ck_assert(tcg_jit_contains(small, (uintptr_t)tb.code));
    }
    ck_assert_uint_gt(n, 5);
    ck_assert_uint_le(tcg_jit_used(small), tcg_jit_size(small));
    tcg_jit_flush(small);
    ck_assert_int_eq(tcg_jit_gen(small, s, &tb), TCG_JIT_OK);
    tcg_jit_free(small);
}
END_TEST

static Suite *tcg_jit_suite(void)
{
    Suite *su = suite_create("tcg-jit");
    TCase *tc = tcase_create("jit");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_random_programs);
    tcase_add_test(tc, test_random_no_features);
    tcase_add_test(tc, test_chaining);
    tcase_add_test(tc, test_helper_args);
    tcase_add_test(tc, test_fault_restore);
    tcase_add_test(tc, test_tlb_paths);
    tcase_add_test(tc, test_code_buffer);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_jit_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
