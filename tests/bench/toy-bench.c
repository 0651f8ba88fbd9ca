/*
 * toy-bench: speed of the exec loop and the block cache on the toy guest
 * ISA (tests/unit/toy-isa.h), for each engine: guest instructions per
 * second on a chained loop, through goto_ptr calls, with guest loads and
 * stores; and translation speed (TBs per second) on code run once.
 *
 *   toy-bench [seconds-per-row]     (default 0.5)
 *
 * A command for developers, not a test: the figures depend on the host.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accel/accel.h"
#include "accel/tcg/tcg-stats.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "util/log.h"

#include "tests/unit/toy-isa.c"

static Machine *m;
static const AccelOps *accel;
static MemoryRegion *ram;
static ToyCPU *cpu;

static bool bench_setup(const char *engine)
{
    g_autofree char *spec = g_strdup_printf("tcg,backend=%s", engine);
    GError *err = NULL;

    accel = accel_configure(spec, &err);
    if (!accel) {
        g_error_free(err);
        return false;
    }
    toy_map_reset();
    m = g_new0(Machine, 1);
    m->sysmem = as_new("bench");
    ram = mr_new_ram("ram", 8u << 20, &err);
    if (!ram || !as_map(m->sysmem, 0, ram, 0, &err) ||
        !accel_init_machine(accel, m, &err)) {
        g_error("%s", err->message);
    }
    cpu = toy_cpu_new();
    m->cpus[0] = &cpu->parent;
    m->ncpus = 1;
    if (!accel->vcpu_create(&cpu->parent, &err)) {
        g_error("%s", err->message);
    }
    return true;
}

static void bench_teardown(void)
{
    accel->cleanup(m);
    as_unmap(m->sysmem, ram);
    mr_free(ram);
    as_free(m->sysmem);
    g_free(m);
    toy_cpu_free(cpu);
}

static double run_timed(uint64_t pc)
{
    gint64 t0 = g_get_monotonic_time();

    cpu->env.pc = pc;
    while (accel->vcpu_run(&cpu->parent) != VCPU_EXIT_HALT) {
    }
    return (g_get_monotonic_time() - t0) / 1e6;
}

static void load(uint64_t addr, const uint32_t *code, size_t n)
{
    as_write_rom(m->sysmem, addr, code, n * 4);
}

/* Guest instructions per second on workload w; iters chosen to last. */
static double bench_exec(int w, double secs)
{
    static const uint32_t alu[] = {
        TOY_ADDI(2, 2, 3), TOY_ADD(3, 3, 2), TOY_SUB(4, 3, 1),
        TOY_ADDI(5, 4, 7), TOY_ADD(2, 2, 5), TOY_ADDI(1, 1, -1),
        TOY_BNZ(1, -7),    TOY_HALT(),
    };
    static const uint32_t mem[] = {
        TOY_LD(2, 6, 0),  TOY_ADDI(2, 2, 1), TOY_ST(2, 6, 8),
        TOY_LD(3, 6, 8),  TOY_ST(3, 6, 0),   TOY_ADDI(1, 1, -1),
        TOY_BNZ(1, -7),   TOY_HALT(),
    };
    static const uint32_t call[] = {
        TOY_JALR(15, 5), TOY_ADDI(1, 1, -1), TOY_BNZ(1, -3), TOY_HALT(),
    };
    static const uint32_t fn[] = {TOY_ADDI(2, 2, 1), TOY_JALR(14, 15)};
    const uint32_t *prog = w == 0 ? alu : w == 1 ? mem : call;
    unsigned per_iter = w == 2 ? 5 : 7;
    uint64_t iters = 1000;
    double t;

    load(0x1000, prog, w == 2 ? G_N_ELEMENTS(call) : G_N_ELEMENTS(alu));
    load(0x2000, fn, G_N_ELEMENTS(fn));
    for (;;) {
        memset(cpu->env.r, 0, sizeof(cpu->env.r));
        cpu->env.r[1] = iters;
        cpu->env.r[5] = 0x2000;
        cpu->env.r[6] = 0x10000;
        t = run_timed(0x1000);
        if (t >= secs || iters >= (1ull << 40)) {
            break;
        }
        iters *= t < secs / 100 ? 16 : 2;
    }
    return (double)iters * per_iter / t;
}

/* TBs translated per second: nblocks distinct TBs, each run once. */
static double bench_translate(double secs)
{
    enum { NBLOCKS = 40000 };
    uint32_t *p = g_new(uint32_t, NBLOCKS * 4 + 1);
    TCGExecStats s0, s1;
    double t = 0;

    for (unsigned b = 0; b < NBLOCKS; b++) {
        p[4 * b] = TOY_ADDI(2, 2, b & 127);
        p[4 * b + 1] = TOY_ADD(3, 3, 2);
        p[4 * b + 2] = TOY_SUB(4, 3, 2);
        p[4 * b + 3] = TOY_B(0);
    }
    p[NBLOCKS * 4] = TOY_HALT();
    load(0x100000, p, NBLOCKS * 4 + 1);
    g_free(p);
    tcg_exec_get_stats(&s0);
    while (t < secs) {
        /* An empty cache each round: every TB is translated. */
        tcg_exec_flush();
        t += run_timed(0x100000);
    }
    tcg_exec_get_stats(&s1);
    return (double)(s1.tbs_translated - s0.tbs_translated) / t;
}

int main(int argc, char **argv)
{
    static const char *const engines[] = {"interp", "jit"};
    static const char *const rows[] = {
        "ALU loop, chained (guest insn/s)",
        "loads/stores (guest insn/s)",
        "indirect calls, goto_ptr (guest insn/s)",
        "translation (TBs/s)",
    };
    double secs = argc > 1 ? atof(argv[1]) : 0.5;
    double r[4][2] = {{0}};
    bool have[2] = {false, false};

    for (int e = 0; e < 2; e++) {
        if (!bench_setup(engines[e])) {
            continue;
        }
        have[e] = true;
        for (int w = 0; w < 3; w++) {
            r[w][e] = bench_exec(w, secs);
        }
        r[3][e] = bench_translate(secs);
        bench_teardown();
    }
    printf("%-42s %14s %14s %8s\n", "toy ISA", "interp", "jit", "jit/int");
    for (int i = 0; i < 4; i++) {
        printf("%-42s %14.3e ", rows[i], r[i][0]);
        if (have[1]) {
            printf("%14.3e %7.1fx\n", r[i][1],
                   r[i][0] > 0 ? r[i][1] / r[i][0] : 0);
        } else {
            printf("%14s %8s\n", "n/a", "");
        }
    }
    return 0;
}
