/*
 * Exception vectors for the GIC tests: an IRQ calls irq_handler (which
 * the test defines, returning the INTID in w0) and logs the INTID in
 * irq_log; any other exception prints its ESR and ELR and exits 1.
 */
    .text
    .balign 2048
    .global vectors
vectors:
    .rept   5
    .balign 128
    b       unexpected
    .endr
    .balign 128                     /* 0x280: IRQ, current EL, SP_ELx */
    b       irq_entry
    .rept   10
    .balign 128
    b       unexpected
    .endr

    .balign 128
unexpected:
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, elr_el1
    bl      puthex
    bl      putnl
    mov     w0, #1
    bl      exit

    .balign 128
    .global irq_entry
irq_entry:
    sub     sp, sp, #96
    stp     x0, x1, [sp]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x29, x30, [sp, #80]
    bl      irq_handler
    ldr     x1, =irq_count
    ldr     x2, [x1]
    ldr     x3, =irq_log
    str     w0, [x3, x2, lsl #2]
    add     x2, x2, #1
    and     x2, x2, #15
    str     x2, [x1]
    ldp     x0, x1, [sp]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x29, x30, [sp, #80]
    add     sp, sp, #96
    eret

/* wait_irq(x0: count to reach): spin (bounded) until irq_count = x0;
 * prints the INTID logged last, or "timeout" */
    .global wait_irq
wait_irq:
    stp     x29, x30, [sp, #-16]!
    ldr     x1, =irq_count
    mov     x2, #0x100000
1:  ldr     x3, [x1]
    cmp     x3, x0
    b.eq    2f
    subs    x2, x2, #1
    b.ne    1b
    ldr     x0, =timeout_msg
    bl      puts
    b       3f
2:  ldr     x1, =irq_log
    sub     x0, x0, #1
    ldr     w0, [x1, x0, lsl #2]
    bl      puthex
3:  ldp     x29, x30, [sp], #16
    ret

    .section .rodata
timeout_msg:
    .asciz  "timeout "

    .data
    .balign 8
    .global irq_count
irq_count:
    .quad   0
irq_log:
    .space  64
