/*
 * Guest side of every workload: count instructions where the CPU can,
 * run the kernel, print "<name>: checksum 0x... ok|BAD" and exit 0 only
 * when the checksum is the expected one.
 *
 * Instruction counts: when ID_AA64DFR0_EL1.PMUVer says there is a PMU,
 * PMCCNTR_EL0 is read around the kernel and printed as "cycles N".
 * Under qemu-system-aarch64 -icount shift=0 that cycle count is the
 * number of instructions executed (the virtual clock advances 1 ns per
 * instruction and QEMU's PMU derives cycles from it at 1 GHz), which is
 * how scripts/bench.py learns each workload's instruction count.  A CPU
 * without a PMU (Kestrel today) prints nothing; the checksum line is the
 * same everywhere.
 */
#include "bench.h"

void sys_write0(const char *s);

static int has_pmu(void)
{
    uint64_t dfr0;
    __asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
    unsigned ver = (dfr0 >> 8) & 0xf;
    return ver != 0 && ver != 0xf;
}

static uint64_t read_cycles(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v));
    return v;
}

static void start_cycles(void)
{
    /* PMCR_EL0.E enables, .C resets the cycle counter, .LC 64-bit. */
    __asm__ volatile("msr pmccfiltr_el0, xzr\n"
                     "msr pmcr_el0, %0\n"
                     "msr pmcntenset_el0, %1\n"
                     "isb" :: "r"(0x45ull), "r"(1ull << 31));
}

static char *put_str(char *p, const char *s)
{
    while (*s) {
        *p++ = *s++;
    }
    return p;
}

static char *put_hex(char *p, uint64_t v)
{
    p = put_str(p, "0x");
    for (int i = 60; i >= 0; i -= 4) {
        *p++ = "0123456789abcdef"[(v >> i) & 0xf];
    }
    return p;
}

static char *put_dec(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        *p++ = tmp[--n];
    }
    return p;
}

int bench_main(void)
{
    static char line[128];
    int pmu = has_pmu();
    uint64_t c0 = 0, c1 = 0;

    if (pmu) {
        start_cycles();
        c0 = read_cycles();
    }
    uint64_t sum = bench_run();
    if (pmu) {
        c1 = read_cycles();
    }

    char *p = put_str(line, bench_name);
    p = put_str(p, ": checksum ");
    p = put_hex(p, sum);
    p = put_str(p, sum == bench_expected ? " ok\n" : " BAD\n");
    if (pmu) {
        p = put_str(p, "cycles ");
        p = put_dec(p, c1 - c0);
        p = put_str(p, "\n");
    }
    *p = 0;
    sys_write0(line);
    return sum == bench_expected ? 0 : 1;
}
