/*
 * Start-up for the bare-metal benchmarks (linked at 0x40000000, the virt
 * board's RAM; MMU off, EL1h): stack, zeroed .bss, FP/AdvSIMD enabled, a
 * vector table for the SVC and timer workloads, then bench_main(); its
 * result is the semihosting exit status.  Console and exit go through
 * A64 semihosting (HLT #0xF000).
 */
    .equ SYS_WRITE0, 0x04
    .equ SYS_EXIT, 0x18
    .equ ADP_STOPPED_APPLICATION_EXIT, 0x20026

    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =stack_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  ldr     x0, =vectors
    msr     vbar_el1, x0
    /*
     * CPACR_EL1.FPEN = 0b11: FP/AdvSIMD instructions do not trap at EL1
     * or EL0 (ARM ARM D17.2.30; its reset value traps them).  Only the
     * FP workloads use them, on a CPU that has them.
     */
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    bl      bench_main
    b       sys_exit

    .text
/* sys_write0(x0: NUL-terminated string) */
    .global sys_write0
sys_write0:
    mov     x1, x0
    mov     w0, #SYS_WRITE0
    hlt     #0xf000
    ret

/* sys_exit(w0: status), never returns */
    .global sys_exit
sys_exit:
    ldr     x1, =exit_block
    ldr     x2, =ADP_STOPPED_APPLICATION_EXIT
    uxtw    x0, w0
    stp     x2, x0, [x1]
    mov     w0, #SYS_EXIT
    hlt     #0xf000
1:  wfi
    b       1b

/*
 * Exceptions.  Only SVC is expected: from EL0 (svc.c's loop) it returns
 * x0 = x0 * 3 + imm16 of the SVC, so every round trip does visible work;
 * SVC #0xffff from EL0 ends the EL0 part and resumes EL1 at the address
 * in x1 with the stack in x2.  Anything else exits with status 3.
 */
lower_sync:
    mrs     x9, esr_el1
    lsr     x10, x9, #26
    cmp     x10, #0x15
    b.ne    unexpected
    and     x9, x9, #0xffff
    mov     x10, #0xffff
    cmp     x9, x10
    b.eq    back_to_el1
    add     x10, x0, x0, lsl #1
    add     x0, x10, x9
    eret
back_to_el1:
    msr     elr_el1, x1
    mov     x10, #0x3c5             /* EL1h, DAIF masked */
    msr     spsr_el1, x10
    mov     sp, x2
    eret

unexpected:
    mov     w0, #3
    b       sys_exit

/*
 * IRQ at EL1h: save what AAPCS64 lets a C function clobber, call
 * bench_irq() (timer.c; the weak default below treats an IRQ as
 * unexpected), restore and return.  The flags live in SPSR_EL1.
 */
el1_irq:
    stp     x0, x1, [sp, #-192]!
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    str     x30, [sp, #160]
    bl      bench_irq
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x29, [sp, #144]
    ldr     x30, [sp, #160]
    ldp     x0, x1, [sp], #192
    eret

    .weak   bench_irq
bench_irq:
    b       unexpected

    .balign 2048
vectors:
    .rept   5                       /* current EL, SP_EL0; SP_ELx sync */
    .balign 128
    b       unexpected
    .endr
    .balign 128
    b       el1_irq                 /* current EL, SP_ELx: IRQ */
    .rept   2
    .balign 128
    b       unexpected
    .endr
    .balign 128
    b       lower_sync              /* lower EL, AArch64: synchronous */
    .rept   7
    .balign 128
    b       unexpected
    .endr

    .data
    .balign 16
exit_block:
    .quad   0, 0

    /*
     * 1 MiB + 64 KiB: not a multiple of the 1 MiB a 256-entry
     * direct-mapped TLB of 4 KiB pages covers, so the top of the stack
     * does not share a TLB set with the start of the image.
     */
    .bss
    .balign 16
    .space  0x110000
    .global stack_top
stack_top:
