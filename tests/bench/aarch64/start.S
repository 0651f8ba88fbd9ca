/*
 * Start-up for the bare-metal benchmarks (linked at 0x40000000, the virt
 * board's RAM; MMU off, EL1h): stack, zeroed .bss, a vector table for the
 * SVC workload, then bench_main(); its result is the semihosting exit
 * status.  Console and exit go through A64 semihosting (HLT #0xF000).
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

    .balign 2048
vectors:
    .rept   8                       /* current EL (SP_EL0 and SP_ELx) */
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
