/*
 * GICv3 (-M virt,gic-version=3): affinity routing in the distributor,
 * CPU 0's redistributor woken, the system-register CPU interface; then
 * three group 1 IRQs taken at VBAR_EL1 + 0x280, each INTID printed from
 * ICC_IAR1_EL1: SGI 1 through ICC_SGI1R_EL1, SPI 10 (INTID 42) through
 * GICD_ISPENDR1, and the EL1 virtual timer's PPI (INTID 27).
 */
    .equ GICD, 0x08000000
    .equ GICD_CTLR, 0x0000
    .equ GICD_IGROUPR, 0x0080
    .equ GICD_ISENABLER, 0x0100
    .equ GICD_ISPENDR, 0x0200
    .equ GICD_IROUTER, 0x6000
    .equ GICR, 0x080a0000
    .equ GICR_WAKER, 0x0014
    .equ GICR_SGI, 0x10000          /* SGI_base frame */
    .equ GICR_IGROUPR0, 0x0080
    .equ GICR_ISENABLER0, 0x0100

    /* ICC registers by encoding (ARM IHI 0069 12.2) */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x19, =GICD
    ldr     x20, =GICR
    /* ARE | EnableGrp1 (one Security state), then wait for RWP */
    mov     w0, #0x12
    str     w0, [x19, #GICD_CTLR]
1:  ldr     w0, [x19, #GICD_CTLR]
    tbnz    w0, #31, 1b
    /* wake the redistributor: ProcessorSleep off, ChildrenAsleep off */
    ldr     w0, [x20, #GICR_WAKER]
    bic     w0, w0, #2
    str     w0, [x20, #GICR_WAKER]
2:  ldr     w0, [x20, #GICR_WAKER]
    tbnz    w0, #2, 2b
    /* SGIs/PPIs: group 1, SGI 1 and INTID 27 enabled */
    add     x21, x20, #GICR_SGI
    mov     w0, #-1
    str     w0, [x21, #GICR_IGROUPR0]
    mov     w0, #(1 << 1)
    orr     w0, w0, #(1 << 27)
    str     w0, [x21, #GICR_ISENABLER0]
    /* SPI 10: group 1, routed to 0.0.0.0, enabled */
    mov     w0, #(1 << 10)
    str     w0, [x19, #GICD_IGROUPR + 4]
    add     x1, x19, #GICD_IROUTER
    str     xzr, [x1, #(42 * 8)]
    str     w0, [x19, #GICD_ISENABLER + 4]
    /* CPU interface */
    mrs     x0, ICC_SRE_EL1
    orr     x0, x0, #1
    msr     ICC_SRE_EL1, x0
    isb
    mov     x0, #0xff
    msr     ICC_PMR_EL1, x0
    mov     x0, #1
    msr     ICC_IGRPEN1_EL1, x0
    isb
    msr     daifclr, #2

    /* SGI 1 to Aff3.Aff2.Aff1 = 0, target list bit 0 */
    mov     x0, #(1 << 24)
    orr     x0, x0, #1
    msr     ICC_SGI1R_EL1, x0
    isb
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

    .global irq_handler
irq_handler:
    mrs     x2, ICC_IAR1_EL1
    mov     w0, w2
    cmp     w0, #27
    b.ne    1f
    mov     x3, #2                  /* timer: IMASK */
    msr     cntv_ctl_el0, x3
    isb
1:  msr     ICC_EOIR1_EL1, x2
    ret
