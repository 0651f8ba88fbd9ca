/*
 * Start of the bare-metal reference tests: a stack, main(), then exit
 * with main's return value (semihost.S has the console routines), and
 * the routines the tests share.
 */
#include "check.inc"

    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =stack_top
    mov     sp, x0
    bl      main
    bl      exit

/*
 * Routines shared by the tests (the macros are in check.inc). The
 * checksum is x20 (MIX), the random state x22, the FPCR setting x23.
 * Each has its own section: the build links with --gc-sections, so a
 * test that calls none of them keeps the layout it has without them
 * (ldst.S and alu.S fold addresses into their checksums).
 */
/* mixv0(): fold V0 and FPSR into x20; clear FPSR (clobbers x0) */
    .section .text.mixv0, "ax"
    .balign 4
    .global mixv0
mixv0:
    mov     x0, v0.d[0]
    MIX     x0
    mov     x0, v0.d[1]
    MIX     x0
    mrs     x0, fpsr
    MIX     x0
    msr     fpsr, xzr
    ret

/* rand(): next random 64 bits in x0 (xorshift64 on x22) */
    .section .text.rand, "ax"
    .balign 4
    .global rand
rand:
    eor     x22, x22, x22, lsl #13
    eor     x22, x22, x22, lsr #7
    eor     x22, x22, x22, lsl #17
    mov     x0, x22
    ret

/*
 * set_fpcr(): FPCR for setting x23 (RMode = bits 1:0, FZ = bit 2, DN =
 * bit 3, AHP = bit 4: tests of 16 settings leave AHP clear); clears
 * FPSR (clobbers x0, x1)
 */
    .section .text.set_fpcr, "ax"
    .balign 4
    .global set_fpcr
set_fpcr:
    and     x0, x23, #3
    lsl     x0, x0, #22
    tst     x23, #4
    orr     x1, x0, #(1 << 24)
    csel    x0, x1, x0, ne
    tst     x23, #8
    orr     x1, x0, #(1 << 25)
    csel    x0, x1, x0, ne
    tst     x23, #16
    orr     x1, x0, #(1 << 26)
    csel    x0, x1, x0, ne
    msr     fpcr, x0
    msr     fpsr, xzr
    ret

/* sum_esr_step: a synchronous handler, x24 += ESR, step over (x25) */
    .section .text.sum_esr_step, "ax"
    .balign 4
    .global sum_esr_step
sum_esr_step:
    mrs     x25, esr_el1
    add     x24, x24, x25
    mrs     x25, elr_el1
    add     x25, x25, #4
    msr     elr_el1, x25
    eret

/* unexpected: a handler for what must not trap; ESR, ELR, exit 1 */
    .section .text.unexpected, "ax"
    .balign 4
    .global unexpected
unexpected:
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, elr_el1
    bl      puthex
    bl      putnl
    mov     w0, #1
    bl      exit
