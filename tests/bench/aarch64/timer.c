/* Timer-interrupt-heavy loop: IRQS rounds of a little integer work, then
 * the EL1 virtual timer (CNTV, PPI 27) armed to fire at once, the IRQ
 * taken through the GICv2 (acknowledge at GICC_IAR, end at GICC_EOIR),
 * the handler disarming the timer and counting.  It measures the whole
 * interrupt path: timer system registers, the interrupt controller's
 * MMIO, exception entry and ERET; the wait for a deadline on the host
 * is not in it (the timer condition is met when it is armed).
 *
 * The checksum is independent of timing: the work between interrupts is
 * fixed, the handler folds in its own count and the interrupt ID, and
 * the main loop waits for interrupt k before it starts round k + 1.
 * host-check.c runs the same rounds with the interrupt a plain call. */
#include "bench.h"

#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 200000u
#endif

const char bench_name[] = "timer";
const uint64_t bench_expected = 0xccf76e25fca94827ull;

#define TIMER_PPI 27 /* EL1 virtual timer on the virt board */

static volatile uint32_t irq_count;
static uint64_t irq_state;
static uint32_t table[256];

/* Called from start.S's IRQ vector (or directly on the host). */
void bench_irq(void);

#ifdef __aarch64__
/* virt board, GICv2 (ARM IHI 0048B, 4.3 and 4.4) */
#define GICD 0x08000000ul
#define GICC 0x08010000ul
#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

static inline void mmio_write(unsigned long addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline uint32_t mmio_read(unsigned long addr)
{
    return *(volatile uint32_t *)addr;
}

static void irq_setup(void)
{
    mmio_write(GICD + GICD_ISENABLER0, 1u << TIMER_PPI);
    mmio_write(GICD + GICD_CTLR, 1);
    mmio_write(GICC + GICC_PMR, 0xff);
    mmio_write(GICC + GICC_CTLR, 1);
    __asm__ volatile("msr cntv_ctl_el0, xzr\n"
                     "msr daifclr, #2\n"
                     "isb" ::
                         : "memory");
}

static void irq_teardown(void)
{
    __asm__ volatile("msr daifset, #2\n"
                     "msr cntv_ctl_el0, xzr\n"
                     "isb" ::
                         : "memory");
    mmio_write(GICC + GICC_CTLR, 0);
    mmio_write(GICD + GICD_CTLR, 0);
}

static inline uint32_t irq_ack(void)
{
    return mmio_read(GICC + GICC_IAR);
}

static inline void irq_end(uint32_t iar)
{
    /* Disarm first: the level-triggered PPI must be low before EOI. */
    __asm__ volatile("msr cntv_ctl_el0, xzr\n"
                     "isb" ::
                         : "memory");
    mmio_write(GICC + GICC_EOIR, iar);
}

/* Arm the timer (TVAL 0: the condition holds at once), then wait for
 * interrupt number k.  IRQs masked around the test and WFI so that the
 * interrupt cannot slip in between them (WFI wakes on a pending IRQ
 * even while masked). */
static void fire_and_wait(uint32_t k)
{
    __asm__ volatile("msr cntv_tval_el0, xzr\n"
                     "msr cntv_ctl_el0, %0\n"
                     "isb" ::"r"(1ull)
                     : "memory");
    __asm__ volatile("msr daifset, #2" ::: "memory");
    while (irq_count <= k) {
        __asm__ volatile("wfi\n"
                         "msr daifclr, #2\n"
                         "isb\n"
                         "msr daifset, #2" ::
                             : "memory");
    }
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}
#else
static void irq_setup(void)
{
}

static void irq_teardown(void)
{
}

static inline uint32_t irq_ack(void)
{
    return TIMER_PPI;
}

static inline void irq_end(uint32_t iar)
{
    (void)iar;
}

static void fire_and_wait(uint32_t k)
{
    (void)k;
    bench_irq();
}
#endif

void bench_irq(void)
{
    uint32_t iar = irq_ack();
    if ((iar & 0x3ff) == 1023) {
        return; /* spurious: nothing to end */
    }
    irq_state = bench_mix(irq_state, (uint64_t)irq_count << 10 | (iar & 0x3ff));
    irq_count = irq_count + 1;
    irq_end(iar);
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x1234fedcba987ull, h = 0;
    for (unsigned i = 0; i < 256; i++) {
        table[i] = (uint32_t)bench_rand(&seed);
    }
    irq_setup();
    uint32_t x = 1;
    for (uint32_t k = 0; k < ROUNDS; k++) {
        /* A little table-driven hashing between interrupts. */
        for (unsigned j = 0; j < 16; j++) {
            x = (x >> 8) ^ table[(x ^ j) & 0xff] ^ k;
        }
        h = bench_mix(h, x);
        fire_and_wait(k);
    }
    irq_teardown();
    return bench_mix(bench_mix(h, irq_state), irq_count);
}
