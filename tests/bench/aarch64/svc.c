/* Exception round trips: a loop at EL0 making ROUNDS system calls
 * (SVC -> EL1 vector -> ERET), each one transforming x0 (start.S's
 * handler returns x0 * 3 + imm16).  On a non-AArch64 host (host-check.c)
 * the handler's arithmetic is done in C. */
#include "bench.h"

#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 2000000u
#endif

const char bench_name[] = "svc";
const uint64_t bench_expected = 0x90f3d69d8be7f2b7ull;

static inline uint64_t syscall7(uint64_t x)
{
#ifdef __aarch64__
    register uint64_t x0 __asm__("x0") = x;
    /* The handler clobbers x9, x10; ERET restores the flags. */
    __asm__ volatile("svc #7" : "+r"(x0) : : "x9", "x10", "memory");
    return x0;
#else
    return x * 3 + 7;
#endif
}

static __attribute__((noipa)) uint64_t el0_loop(uint64_t n, uint64_t x)
{
    for (uint64_t i = 0; i < n; i++) {
        x = syscall7(x ^ i) & 0xffffffffffffull;
    }
    return x;
}

#ifdef __aarch64__
static uint64_t el0_stack[4096] __attribute__((aligned(16)));
uint64_t run_at_el0(uint64_t (*fn)(uint64_t, uint64_t), uint64_t a,
                    uint64_t b, void *sp);

/*
 * run_at_el0(fn, a, b, sp): call fn(a, b) at EL0t on stack sp and return
 * its result at EL1.  The return goes through SVC #0xffff, which start.S
 * answers by resuming EL1h at x1 with the stack in x2.
 */
__asm__(
    "    .text\n"
    "run_at_el0:\n"
    "    stp   x29, x30, [sp, #-16]!\n"
    "    msr   sp_el0, x3\n"
    "    msr   elr_el1, x0\n"
    "    msr   spsr_el1, xzr\n"          /* EL0t, interrupts unmasked */
    "    mov   x0, x1\n"
    "    mov   x1, x2\n"
    "    adr   x30, 1f\n"
    "    mov   x9, sp\n"
    "    adr   x10, saved_sp\n"
    "    str   x9, [x10]\n"
    "    eret\n"
    "1:  adr   x1, 2f\n"                 /* at EL0: fn returned in x0 */
    "    adr   x2, saved_sp\n"
    "    ldr   x2, [x2]\n"
    "    svc   #0xffff\n"
    "2:  ldp   x29, x30, [sp], #16\n"    /* at EL1 again */
    "    ret\n"
    "    .data\n"
    "    .balign 8\n"
    "saved_sp: .quad 0\n"
    "    .text\n");
#endif

uint64_t bench_run(void)
{
    uint64_t x = 0x5eed;
#ifdef __aarch64__
    x = run_at_el0(el0_loop, ROUNDS, x, el0_stack + 4096);
#else
    x = el0_loop(ROUNDS, x);
#endif
    return bench_mix(0, x);
}
