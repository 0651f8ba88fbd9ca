/*
 * LSE atomics (ARMv8.1): every operation in every size, with acquire/
 * release forms, the ST aliases, CAS (hit and miss), CASP, and an
 * alignment fault. Run with -cpu max (ID_AA64ISAR0_EL1.Atomic = 2) and
 * with -cpu cortex-a57, where each of them is UNDEFINED: the handler
 * prints ESR and skips, so the two runs print different but exact lines.
 */
#include "check.inc"

    .equ    V1, 0x80f0f00ff00f7f81
    .equ    V2, 0x7f0ff0f00ff08001

    /* op with Rs = rsval on memory holding V1: print Rt and memory */
    .macro  atom op, rs, rt, rsval
    ldr     x0, =mem
    ldr     x1, =V1
    str     x1, [x0]
    ldr     x1, =\rsval
    mov     x2, x1
    mov     x4, #0x5a
    mov     x5, x1
    \op     \rs, \rt, [x0]
    mov     x0, x4
    bl      puthex
    ldr     x0, =mem
    ldr     x0, [x0]
    bl      puthex
    bl      putnl
    .endm

    /* the same for both operand orders (V2 then V1 as Rs) */
    .macro  atom2 op, rs, rt
    atom    \op, \rs, \rt, V2
    atom    \op, \rs, \rt, V1
    .endm

    MAIN
    SET_VBAR
    mrs     x0, id_aa64isar0_el1
    ubfx    x0, x0, #20, #4
    cmp     x0, #2
    cset    x0, hs
    bl      puthex
    bl      putnl

    atom2   ldaddb, w5, w4
    atom2   ldaddh, w5, w4
    atom2   ldadd, w5, w4
    atom2   ldadd, x5, x4
    atom2   ldaddal, x5, x4
    atom2   ldclrab, w5, w4
    atom2   ldclrlh, w5, w4
    atom2   ldclr, x5, x4
    atom2   ldeor, w5, w4
    atom2   ldeoral, x5, x4
    atom2   ldsetb, w5, w4
    atom2   ldseta, x5, x4
    atom2   ldsmaxb, w5, w4
    atom2   ldsmaxh, w5, w4
    atom2   ldsmax, w5, w4
    atom2   ldsmax, x5, x4
    atom2   ldsminb, w5, w4
    atom2   ldsminlh, w5, w4
    atom2   ldsmin, w5, w4
    atom2   ldsminal, x5, x4
    atom2   ldumaxb, w5, w4
    atom2   ldumaxh, w5, w4
    atom2   ldumax, w5, w4
    atom2   ldumax, x5, x4
    atom2   lduminb, w5, w4
    atom2   lduminh, w5, w4
    atom2   ldumin, w5, w4
    atom2   ldumin, x5, x4
    atom2   swpb, w5, w4
    atom2   swph, w5, w4
    atom2   swpal, w5, w4
    atom2   swp, x5, x4
    atom2   ldadd, x5, xzr      /* STADD */
    atom2   ldsetl, w5, wzr     /* STSETL */

    /* CAS: Rs is compared, Rt stored on a match; Rs gets the old value */
    .irp    op, casb, cash, cas, casa, casl, casal
    ldr     x0, =mem
    ldr     x1, =V1
    str     x1, [x0]
    ldr     x5, =V1
    ldr     x4, =V2
    \op     w5, w4, [x0]        /* hit */
    mov     x0, x5
    bl      puthex
    ldr     x0, =mem
    ldr     x0, [x0]
    bl      puthex
    ldr     x0, =mem
    mov     x5, #3
    \op     w5, w4, [x0]        /* miss */
    mov     x0, x5
    bl      puthex
    ldr     x0, =mem
    ldr     x0, [x0]
    bl      puthex
    bl      putnl
    .endr
    ldr     x0, =mem
    ldr     x1, =V1
    str     x1, [x0]
    ldr     x5, =V1
    ldr     x4, =V2
    casal   x5, x4, [x0]
    mov     x0, x5
    bl      puthex
    ldr     x0, =mem
    ldr     x0, [x0]
    bl      puthex
    bl      putnl

    /* CASP: pairs */
    ldr     x0, =mem
    ldr     x1, =V1
    ldr     x2, =V2
    stp     x1, x2, [x0]
    mov     x6, x1
    mov     x7, x2
    ldr     x8, =0x1234
    ldr     x9, =0x5678
    caspal  x6, x7, x8, x9, [x0]
    mov     x0, x6
    bl      puthex
    mov     x0, x7
    bl      puthex
    ldr     x0, =mem
    ldp     x0, x1, [x0]
    bl      puthex
    bl      putnl
    ldr     x0, =mem
    mov     w6, #0x1234
    mov     w7, #0
    mov     w8, #1
    mov     w9, #2
    casp    w6, w7, w8, w9, [x0]  /* hit on the 32-bit halves */
    mov     x0, x6
    bl      puthex
    mov     x0, x7
    bl      puthex
    ldr     x0, =mem
    ldr     x0, [x0]
    bl      puthex
    mov     w6, #7
    ldr     x0, =mem
    casp    w6, w7, w8, w9, [x0]  /* miss */
    mov     x0, x6
    bl      puthex
    bl      putnl

    /* misaligned: alignment fault */
    ldr     x0, =mem
    add     x0, x0, #2
    ldadd   w1, w2, [x0]
    ldr     x0, =mem
    add     x0, x0, #8
    casp    x6, x7, x8, x9, [x0]

    RETURN0

sync_handler:
    stp     x29, x30, [sp, #-16]!
    stp     x0, x1, [sp, #-16]!
    mrs     x0, esr_el1
    bl      puthex
    bl      putnl
    mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    ldp     x0, x1, [sp], #16
    ldp     x29, x30, [sp], #16
    eret

    VECTORS sync_handler, unexpected, unexpected

    .data
    .balign 16
mem:
    .quad   0, 0
