/*
 * tcg-bench: IR ops per second translated and executed, JIT against
 * the interpreter, on a few IR loops.  A command, not a test:
 *
 *     build/tests/bench/tcg-bench [iterations]
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "tcg/interp.h"
#include "tcg/jit.h"
#include "tcg/tcg-op.h"

typedef struct BenchEnv {
    uint64_t r[8];
    uint8_t mem[4096];
    TCGTLBFast fast[1];
    TCGTLBEntry tlb[1];
} BenchEnv;

static TCGv_i64 R[8];

static uint64_t bench_load(void *env, uint64_t addr, MemOp op, int idx,
                           uintptr_t ra)
{
    return memop_load_host(&((BenchEnv *)env)->mem[addr & 4095], op);
}

static void bench_store(void *env, uint64_t addr, uint64_t val, MemOp op,
                        int idx, uintptr_t ra)
{
    memop_store_host(&((BenchEnv *)env)->mem[addr & 4095], val, op);
}

static const TCGGuestMemHooks bench_hooks = {bench_load, bench_store};

static uint64_t bench_helper(uint64_t a, uint64_t b)
{
    return a * 3 + b;
}

static const TCGHelperInfo bench_helper_info = {
    (void *)bench_helper, "mix", TCG_CALL_PURE & ~TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_I64, 2, {TCG_CALL_I64, TCG_CALL_I64}};

/* One loop of n iterations; returns the ops in its body. */
static unsigned gen_loop(int kind, uint64_t n)
{
    TCGv_i64 i = tcg_temp_local_new_i64();
    TCGv_i64 a = tcg_temp_new_i64();
    TCGLabel top = tcg_label_new();

    tcg_gen_insn_start(0x1000, 0, 0);
    tcg_gen_movi_i64(i, n);
    tcg_gen_set_label(top);
    switch (kind) {
    case 0: /* arithmetic on globals */
        tcg_gen_add_i64(R[0], R[0], R[1]);
        tcg_gen_xor_i64(R[1], R[1], R[0]);
        tcg_gen_shli_i64(R[2], R[0], 3);
        tcg_gen_sub_i64(R[3], R[2], R[1]);
        tcg_gen_mul_i64(R[4], R[3], R[0]);
        tcg_gen_rotli_i64(R[5], R[4], 7);
        tcg_gen_add_i64(R[0], R[0], R[5]);
        break;
    case 1: /* guest memory through the TLB */
        tcg_gen_andi_i64(a, R[0], 4088);
        tcg_gen_qemu_ld_i64(R[1], a, 0, MO_LEUQ);
        tcg_gen_addi_i64(R[1], R[1], 1);
        tcg_gen_qemu_st_i64(R[1], a, 0, MO_LEUQ);
        tcg_gen_addi_i64(R[0], R[0], 8);
        break;
    default: /* helper calls */
        tcg_gen_calln(&bench_helper_info, tcgv_i64_arg(R[0]),
                      tcgv_i64_arg(R[0]), tcgv_i64_arg(R[1]));
        tcg_gen_addi_i64(R[1], R[1], 1);
        break;
    }
    tcg_gen_subi_i64(i, i, 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, i, 0, top);
    tcg_gen_exit_tb(NULL, 0);
    return kind == 0 ? 9 : kind == 1 ? 7 : 4;
}

static void env_init(BenchEnv *e)
{
    memset(e, 0, sizeof(*e));
    e->r[1] = 0x12345;
    e->fast[0].mask = 0;
    e->fast[0].table = e->tlb;
    e->tlb[0].addr_read = e->tlb[0].addr_write = 0;
    e->tlb[0].addend = (uintptr_t)e->mem;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"arith", "memory", "calls"};
    uint64_t iters = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000;
    TCGContext *s = tcg_context_new();
    TCGJit *jit = tcg_jit_new(64 << 20, NULL);
    static BenchEnv e;

    for (int k = 0; k < 8; k++) {
        static const char *const rn[] = {"r0", "r1", "r2", "r3",
                                         "r4", "r5", "r6", "r7"};

        R[k] = tcg_global_mem_new_i64(s, offsetof(BenchEnv, r) + 8 * k, rn[k]);
    }
    s->tlb.fast_ofs = offsetof(BenchEnv, fast);
    s->tlb.page_bits = 12;
    s->tlb.nb_mmu_idx = 1;
    tcg_set_guest_mem_hooks(&bench_hooks);
    printf("%-8s %14s %14s %14s %14s\n", "loop", "interp exec", "jit exec",
           "interp xlate", "jit xlate");
    for (int kind = 0; kind < 3; kind++) {
        unsigned body = 0, nb_ops = 0, reps = 20000;
        TCGInterpCode *code = NULL;
        TCGJitTB tb;
        double t0, ti, tj, xi = 0, xj = 0;
        uint64_t ri, rj;

        /* Translation: build + passes + compile, per op emitted. */
        for (unsigned r = 0; r < reps; r++) {
            double a = g_get_monotonic_time();

            tcg_func_start(s);
            body = gen_loop(kind, iters);
            nb_ops = s->nb_ops;
            tcg_run_passes(s, true);
            if (r & 1) {
                if (tcg_jit_gen(jit, s, &tb) == TCG_JIT_FULL) {
                    tcg_jit_flush(jit);
                    tcg_jit_gen(jit, s, &tb);
                }
                xj += g_get_monotonic_time() - a;
            } else {
                g_clear_pointer(&code, tcg_interp_free);
                code = tcg_interp_compile(s);
                xi += g_get_monotonic_time() - a;
            }
        }
        env_init(&e);
        t0 = g_get_monotonic_time();
        tcg_interp_exec(code, &e);
        ti = g_get_monotonic_time() - t0;
        ri = e.r[0];
        env_init(&e);
        t0 = g_get_monotonic_time();
        tcg_jit_exec(jit, &e, tb.code);
        tj = g_get_monotonic_time() - t0;
        rj = e.r[0];
        printf("%-8s %10.0f M/s %10.0f M/s %10.1f M/s %10.1f M/s%s\n",
               names[kind], body * (double)iters / ti,
               body * (double)iters / tj, nb_ops * (reps / 2) / xi,
               nb_ops * (reps / 2) / xj, ri == rj ? "" : "  MISMATCH");
        tcg_interp_free(code);
    }
    printf("(ops/s: IR ops of the loop body executed; translation counts "
           "ops emitted, passes included)\n");
    tcg_jit_free(jit);
    tcg_context_free(s);
    return 0;
}
