/*
 * A64 decoder tests: single instruction words (assembly in the comment)
 * translated by the A64 frontend and run on the IR interpreter against
 * results worked out by hand from the ARM ARM's pseudocode. Guest memory
 * is a small buffer at MEM_BASE behind the guest-memory hooks.
 */
#include <check.h>
#include <string.h>

#include "target/arm/internals.h"
#include "target/arm/translate-a64.h"
#include "tcg/interp.h"

#define MEM_BASE 0x1000u
#define PC 0x10000u

static uint8_t mem[256];
static TCGContext *s;
static CPUState *cs;
static ArmCPUState *env;

static uint64_t mem_load(void *e, uint64_t addr, MemOp op, int mmu_idx,
                         uintptr_t ra)
{
    ck_assert(addr >= MEM_BASE && addr + memop_size(op) <= MEM_BASE + 256);
    return memop_load_host(mem + (addr - MEM_BASE), op);
}

static void mem_store(void *e, uint64_t addr, uint64_t val, MemOp op,
                      int mmu_idx, uintptr_t ra)
{
    ck_assert(addr >= MEM_BASE && addr + memop_size(op) <= MEM_BASE + 256);
    memop_store_host(mem + (addr - MEM_BASE), val, op);
}

static const TCGGuestMemHooks hooks = { mem_load, mem_store };

static void setup_model(const char *model)
{
    cs = arm_cpu_create(model, 0, NULL);
    ck_assert_ptr_nonnull(cs);
    env = arm_env(cs);
    s = tcg_context_new();
    arm_tcg_init_globals(s);
    tcg_set_guest_mem_hooks(&hooks);
    memset(mem, 0, sizeof(mem));
}

static void setup(void)
{
    setup_model("max");
}

static void teardown(void)
{
    tcg_context_free(s);
    arm_cpu_free(cs);
}

/* Translate one word at PC; true if it was allocated (not UNDEFINED). */
static bool translate(uint32_t insn, DisasContextBase *db)
{
    DisasContext dc = {
        .base = db, .env = env, .pc_curr = PC, .el = 1,
        .mmu_idx = ARM_MMU_IDX_EL1, .test_mode = true,
    };

    *db = (DisasContextBase){
        .tcg = s, .pc_first = PC, .pc_next = PC + 4, .max_insns = 1,
    };
    tcg_func_start(s);
    tcg_gen_insn_start(PC, 0, 0);
    a64_translate_word(&dc, insn);
    if (db->is_jmp == DISAS_NORETURN) {
        return false;   /* only undef ends these words' TBs that way */
    }
    a64_tb_stop_common(&dc);
    return true;
}

static void run(uint32_t insn)
{
    DisasContextBase db;
    TCGInterpCode *code;

    ck_assert_msg(translate(insn, &db), "%08x undefined", insn);
    tcg_run_passes(s, true);
    code = tcg_interp_compile(s);
    tcg_interp_exec(code, env);
    tcg_interp_free(code);
    ck_assert_uint_eq(env->pc, PC + 4);
}

START_TEST(test_dp)
{
    env->x[1] = 5;
    env->x[2] = 7;
    run(0x8b020020);                    /* add x0, x1, x2 */
    ck_assert_uint_eq(env->x[0], 12);

    env->x[1] = UINT64_MAX;
    env->x[2] = 1;
    run(0xab020020);                    /* adds x0, x1, x2 */
    ck_assert_uint_eq(env->x[0], 0);
    ck_assert_uint_eq(arm_nzcv_read(env), PSTATE_Z | PSTATE_C);

    env->x[1] = (uint64_t)-7;
    env->x[2] = 2;
    run(0x9ac20c20);                    /* sdiv x0, x1, x2: toward zero */
    ck_assert_uint_eq(env->x[0], (uint64_t)-3);

    env->x[1] = 1ull << 63;
    env->x[2] = 4;
    run(0x9bc27c20);                    /* umulh x0, x1, x2 */
    ck_assert_uint_eq(env->x[0], 2);

    env->x[1] = 0xabcd;
    run(0xd3441c20);                    /* ubfx x0, x1, #4, #4 */
    ck_assert_uint_eq(env->x[0], 0xc);

    /* csinc x0, x1, x2, eq: Z is still set from adds above? set it */
    arm_nzcv_write(env, 0);
    env->x[1] = 10;
    env->x[2] = 20;
    run(0x9a820420);                    /* ne: x2 + 1 */
    ck_assert_uint_eq(env->x[0], 21);

    env->x[1] = 0xffffffff00000001ull;
    run(0x5ac00020);                    /* rbit w0, w1 */
    ck_assert_uint_eq(env->x[0], 0x80000000u);
}
END_TEST

START_TEST(test_lse)
{
    uint64_t v = 10;

    memcpy(mem, &v, 8);
    env->x[1] = MEM_BASE;
    env->x[2] = 5;
    run(0xf8220020);                    /* ldadd x2, x0, [x1] */
    ck_assert_uint_eq(env->x[0], 10);
    memcpy(&v, mem, 8);
    ck_assert_uint_eq(v, 15);

    /* ldsmaxh w2, w0, [x1]: 0x8000 (-32768) vs 0x0005: 5 wins */
    mem[0] = 0x00;
    mem[1] = 0x80;
    env->x[2] = 0xffff0005;             /* only the low half counts */
    run(0x78224020);
    ck_assert_uint_eq(env->x[0], 0x8000);
    ck_assert_uint_eq(mem[0] | mem[1] << 8, 5);

    /* casal x2, x3, [x1]: hit stores x3, x2 gets the old value */
    v = 42;
    memcpy(mem, &v, 8);
    env->x[2] = 42;
    env->x[3] = 99;
    run(0xc8e2fc23);
    memcpy(&v, mem, 8);
    ck_assert_uint_eq(v, 99);
    ck_assert_uint_eq(env->x[2], 42);
    /* miss: memory unchanged, x2 = 99 */
    env->x[2] = 1;
    run(0xc8e2fc23);
    memcpy(&v, mem, 8);
    ck_assert_uint_eq(v, 99);
    ck_assert_uint_eq(env->x[2], 99);

    /* swpb w2, w0, [x1] */
    mem[0] = 0x7f;
    env->x[2] = 0x1234;
    run(0x38228020);
    ck_assert_uint_eq(env->x[0], 0x7f);
    ck_assert_uint_eq(mem[0], 0x34);
    ck_assert_uint_eq(mem[1], 0);       /* from the casal above: 99 */
}
END_TEST

/* cortex-a57 is ARMv8.0: the LSE encodings are unallocated. */
START_TEST(test_lse_a57)
{
    DisasContextBase db;

    teardown();
    setup_model("cortex-a57");
    ck_assert(!translate(0xf8220020, &db));     /* ldadd x2, x0, [x1] */
    ck_assert(!translate(0xc8e2fc23, &db));     /* casal x2, x3, [x1] */
    ck_assert(translate(0x8b020020, &db));      /* add x0, x1, x2 */
}
END_TEST

int main(void)
{
    Suite *su = suite_create("a64-decode");
    TCase *tc = tcase_create("a64");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dp);
    tcase_add_test(tc, test_lse);
    tcase_add_test(tc, test_lse_a57);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
