/*
 * GICv2 (-M virt, the default): enable the distributor and CPU
 * interface, then take three IRQs at VBAR_EL1 + 0x280 and print each
 * INTID from GICC_IAR: SGI 1 sent to this CPU through GICD_SGIR, SPI 10
 * (INTID 42) made pending through GICD_ISPENDR1, and the EL1 virtual
 * timer's PPI (INTID 27) raised by the timer itself.
 */
    .equ GICD, 0x08000000
    .equ GICD_CTLR, 0x000
    .equ GICD_ISENABLER, 0x100
    .equ GICD_ISPENDR, 0x200
    .equ GICD_ITARGETSR, 0x800
    .equ GICD_SGIR, 0xf00
    .equ GICC, 0x08010000
    .equ GICC_CTLR, 0x00
    .equ GICC_PMR, 0x04
    .equ GICC_IAR, 0x0c
    .equ GICC_EOIR, 0x10

    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x19, =GICD
    ldr     x20, =GICC
    mov     w0, #1
    str     w0, [x19, #GICD_CTLR]
    str     w0, [x20, #GICC_CTLR]
    mov     w0, #0xff
    str     w0, [x20, #GICC_PMR]
    /* SGI 1 and PPI 11 (INTID 27) enabled; SPI 10 enabled, to CPU 0 */
    mov     w0, #(1 << 1)
    orr     w0, w0, #(1 << 27)
    str     w0, [x19, #GICD_ISENABLER]
    mov     w0, #(1 << 10)
    str     w0, [x19, #GICD_ISENABLER + 4]
    mov     w0, #1
    strb    w0, [x19, #GICD_ITARGETSR + 42]
    msr     daifclr, #2

    /* SGI 1, TargetListFilter = 2: to the requesting CPU only */
    ldr     w0, =(2 << 24) | 1
    str     w0, [x19, #GICD_SGIR]
    mov     x0, #1
    bl      wait_irq
    /* SPI 10 */
    mov     w0, #(1 << 10)
    str     w0, [x19, #GICD_ISPENDR + 4]
    mov     x0, #2
    bl      wait_irq
    /* virtual timer: expired at once */
    mrs     x0, cntvct_el0
    msr     cntv_cval_el0, x0
    mov     x0, #1
    msr     cntv_ctl_el0, x0
    isb
    mov     x0, #3
    bl      wait_irq
    bl      putnl

    mov     w0, #0
    ldp     x29, x30, [sp], #16
    ret

/* Acknowledge, quieten the source, end: the INTID in w0. */
    .global irq_handler
irq_handler:
    ldr     x1, =GICC
    ldr     w2, [x1, #GICC_IAR]
    and     w0, w2, #0x3ff
    cmp     w0, #27
    b.ne    1f
    mov     x3, #2                  /* timer: IMASK */
    msr     cntv_ctl_el0, x3
    isb
1:  str     w2, [x1, #GICC_EOIR]
    ret
