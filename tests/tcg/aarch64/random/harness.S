/*
 * Run-time half of the random differential tests (gen.py writes the
 * other half): enables FP/SIMD, installs a vector table whose
 * synchronous handler reports the exception and skips the instruction,
 * loads the initial state from the generated tables, jumps to the
 * generated body, and prints state dumps when the body asks.
 *
 * The generated file defines:
 *   rand_init   x0-x30 (31 quads), NZCV, FPCR, pad, V0-V31 (16 bytes
 *               each)
 *   rand_flags  bit 0: dumps include a hash of rand_scratch and the
 *               final dump prints all of it; bit 1: set SCTLR_EL1.A
 *               (everything here is aligned, the body need not be)
 *   rand_mem    4 KiB, copied into rand_scratch before the body
 *   rand_body   the test; it calls a dump as
 *                   str x30, [sp, #-16]!; bl rand_dump; .word N;
 *                   ldr x30, [sp], #16
 *               and ends with a dump followed by "b rand_done"
 *
 * Output (semihosting, one WRITE0 per line, deterministic):
 *   D <N> <x0..x30> <nzcv> <fpsr> <v0..v31 as hi:lo> [<memhash>]
 *   E <esr> <elr> <far>     a synchronous exception (FAR 0 unless the
 *                           EC is a data abort), then ELR += 4
 *   M <off> <8 quads>       scratch memory, at the end (flag bit 0)
 * Nothing here uses the V registers or FPSR, so the test state survives
 * a dump; NZCV is restored with MSR, the handler's by ERET.
 */
    .equ SYS_WRITE0, 0x04
    .equ INIT_NZCV, 248
    .equ INIT_FPCR, 256
    .equ INIT_V, 272
    .equ FRAME, 256             /* x0-x29, NZCV, FPSR */
    .equ MAX_EXCEPTIONS, 200000

    .text
    .global main
main:
    mov     x0, #(3 << 20)      /* CPACR_EL1.FPEN = 3: no FP/SIMD traps */
    msr     cpacr_el1, x0
    ldr     x0, =rand_vectors
    msr     vbar_el1, x0
    ldr     x0, =rand_flags
    ldr     w0, [x0]
    tbz     w0, #1, 1f
    mrs     x1, sctlr_el1
    orr     x1, x1, #2          /* SCTLR_EL1.A: alignment checks */
    msr     sctlr_el1, x1
1:  isb
    ldr     x0, =rand_mem
    ldr     x1, =rand_scratch
    mov     x2, #4096
1:  ldp     x3, x4, [x0], #16
    stp     x3, x4, [x1], #16
    subs    x2, x2, #16
    b.ne    1b
    ldr     x0, =rand_init
    ldr     x1, [x0, #INIT_FPCR]
    msr     fpcr, x1
    msr     fpsr, xzr
    ldr     x1, [x0, #INIT_NZCV]
    msr     nzcv, x1
    add     x1, x0, #INIT_V
    ldp     q0, q1, [x1, #0]
    ldp     q2, q3, [x1, #32]
    ldp     q4, q5, [x1, #64]
    ldp     q6, q7, [x1, #96]
    ldp     q8, q9, [x1, #128]
    ldp     q10, q11, [x1, #160]
    ldp     q12, q13, [x1, #192]
    ldp     q14, q15, [x1, #224]
    ldp     q16, q17, [x1, #256]
    ldp     q18, q19, [x1, #288]
    ldp     q20, q21, [x1, #320]
    ldp     q22, q23, [x1, #352]
    ldp     q24, q25, [x1, #384]
    ldp     q26, q27, [x1, #416]
    ldp     q28, q29, [x1, #448]
    ldp     q30, q31, [x1, #480]
    ldr     x30, [x0, #240]
    ldp     x2, x3, [x0, #16]
    ldp     x4, x5, [x0, #32]
    ldp     x6, x7, [x0, #48]
    ldp     x8, x9, [x0, #64]
    ldp     x10, x11, [x0, #80]
    ldp     x12, x13, [x0, #96]
    ldp     x14, x15, [x0, #112]
    ldp     x16, x17, [x0, #128]
    ldp     x18, x19, [x0, #144]
    ldp     x20, x21, [x0, #160]
    ldp     x22, x23, [x0, #176]
    ldp     x24, x25, [x0, #192]
    ldp     x26, x27, [x0, #208]
    ldp     x28, x29, [x0, #224]
    ldp     x0, x1, [x0]
    b       rand_body

    .global rand_done
rand_done:
    ldr     x0, =rand_flags
    ldr     w0, [x0]
    tbz     w0, #0, 2f
    ldr     x19, =rand_scratch
    mov     x20, #0
1:  ldr     x1, =rand_line
    mov     w2, #'M'
    strb    w2, [x1], #1
    mov     w2, #' '
    strb    w2, [x1], #1
    mov     x0, x20
    bl      hex16
    .rept   8
    ldr     x0, [x19, x20]
    bl      hex16
    add     x20, x20, #8
    .endr
    bl      line_end
    cmp     x20, #4096
    b.ne    1b
2:  mov     w0, #0
    b       exit

/* hex16(x0: value, x1: buffer) -> x1 past 16 digits and a space;
 * clobbers x2-x4 and NZCV */
hex16:
    mov     x2, #60
1:  lsr     x3, x0, x2
    and     x3, x3, #0xf
    cmp     x3, #10
    add     x4, x3, #'0'
    add     x3, x3, #('a' - 10)
    csel    x3, x4, x3, lo
    strb    w3, [x1], #1
    subs    x2, x2, #4
    b.ge    1b
    mov     w3, #' '
    strb    w3, [x1], #1
    ret

/* line_end(x1: end of the line in rand_line): newline, NUL, WRITE0 */
line_end:
    mov     w2, #'\n'
    strb    w2, [x1, #-1]       /* over the last space */
    strb    wzr, [x1]
    ldr     x1, =rand_line
    mov     w0, #SYS_WRITE0
    hlt     #0xf000
    ret

/* The dump: the caller saved its x30 at [sp]; the word after the BL is
 * the dump's number, and the return skips it. */
    .global rand_dump
rand_dump:
    sub     sp, sp, #FRAME
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x0, nzcv
    str     x0, [sp, #240]
    mrs     x0, fpsr
    str     x0, [sp, #248]
    ldr     x0, =rand_vsave
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mov     x20, x30
    ldr     x1, =rand_line
    mov     w2, #'D'
    strb    w2, [x1], #1
    mov     w2, #' '
    strb    w2, [x1], #1
    ldr     w0, [x20]
    bl      hex16
    mov     x19, #0
1:  ldr     x0, [sp, x19, lsl #3]   /* x0-x29 */
    bl      hex16
    add     x19, x19, #1
    cmp     x19, #30
    b.ne    1b
    ldr     x0, [sp, #FRAME]        /* the caller's x30 */
    bl      hex16
    ldr     x0, [sp, #240]
    bl      hex16
    ldr     x0, [sp, #248]
    bl      hex16
    ldr     x21, =rand_vsave
    mov     x19, #0
2:  add     x22, x21, x19, lsl #4
    ldr     x0, [x22, #8]
    bl      hex16
    sub     x1, x1, #1              /* hi and lo as one 32-digit word */
    ldr     x0, [x22]
    bl      hex16
    add     x19, x19, #1
    cmp     x19, #32
    b.ne    2b
    ldr     x0, =rand_flags
    ldr     w0, [x0]
    tbz     w0, #0, 4f
    /* FNV-1a over the 512 quads of the scratch area */
    ldr     x21, =rand_scratch
    ldr     x0, =0xcbf29ce484222325
    ldr     x23, =0x100000001b3
    mov     x19, #0
3:  ldr     x22, [x21, x19, lsl #3]
    eor     x0, x0, x22
    mul     x0, x0, x23
    add     x19, x19, #1
    cmp     x19, #512
    b.ne    3b
    bl      hex16
4:  bl      line_end
    ldr     x0, [sp, #240]
    msr     nzcv, x0
    add     x30, x20, #4
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME
    ret

/* A synchronous exception from the body: report, skip, return. */
rand_sync:
    sub     sp, sp, #80
    stp     x0, x1, [sp]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x30, [sp, #64]
    ldr     x0, =rand_nexc
    ldr     x2, [x0]
    add     x2, x2, #1
    str     x2, [x0]
    ldr     x3, =MAX_EXCEPTIONS
    cmp     x2, x3
    b.hs    rand_unexpected
    ldr     x1, =rand_line
    mov     w2, #'E'
    strb    w2, [x1], #1
    mov     w2, #' '
    strb    w2, [x1], #1
    mrs     x8, esr_el1
    mov     x0, x8
    bl      hex16
    mrs     x0, elr_el1
    bl      hex16
    mov     x0, #0
    lsr     x8, x8, #26
    cmp     x8, #0x24               /* data abort from a lower EL */
    b.eq    1f
    cmp     x8, #0x25               /* data abort from the same EL */
    b.ne    2f
1:  mrs     x0, far_el1
2:  bl      hex16
    bl      line_end
    mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    ldp     x0, x1, [sp]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x30, [sp, #64]
    add     sp, sp, #80
    eret

/* Anything else (IRQ, SError, exceptions from EL0, too many): report
 * ESR and ELR, exit 3. */
rand_unexpected:
    ldr     x1, =rand_line
    mov     w2, #'X'
    strb    w2, [x1], #1
    mov     w2, #' '
    strb    w2, [x1], #1
    mrs     x0, esr_el1
    bl      hex16
    mrs     x0, elr_el1
    bl      hex16
    bl      line_end
    mov     w0, #3
    b       exit

    .balign 2048
rand_vectors:
    .rept   4
    b       rand_unexpected
    .balign 128
    .endr
    b       rand_sync               /* current EL with SP_ELx, synchronous */
    .balign 128
    .rept   11
    b       rand_unexpected
    .balign 128
    .endr

    .data
    .balign 8
rand_nexc:
    .quad   0

    .bss
    .balign 4096
    .global rand_scratch
rand_scratch:
    .space  4096
    .balign 16
rand_vsave:
    .space  512
rand_line:
    .space  4096
