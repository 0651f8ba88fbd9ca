/*
 * Generic timer, polled (no interrupt controller needed): CNTFRQ,
 * CNTVCT/CNTPCT monotonic, the virtual and physical timers' condition
 * through CVAL and TVAL with IMASK, ISTATUS read-only, and CNTKCTL_EL1's
 * control of EL0 access (trapped accesses print their ESR). Then its
 * interrupt through the GICv2: pending while PSTATE.I masks it, it must
 * be taken right after the MSR DAIFClr or MSR DAIF that unmasks it (the
 * handler prints the INTID and ELR_EL1's distance from there: 0).
 */
#include "check.inc"

    .macro  show reg
    mrs     x0, \reg
    bl      puthex
    .endm

    MAIN
    SET_VBAR
    show    cntfrq_el0
    bl      putnl

    /* the counters only go forward */
    mrs     x19, cntvct_el0
    mov     x2, #2000
1:  subs    x2, x2, #1
    b.ne    1b
    mrs     x20, cntvct_el0
    mrs     x21, cntpct_el0
    cmp     x20, x19
    cset    x0, hi
    bl      puthex
    cmp     x21, x19
    cset    x0, hi
    bl      puthex
    bl      putnl

    /* virtual timer: reset state, then CVAL in the future, masked */
    show    cntv_ctl_el0
    mrs     x0, cntvct_el0
    add     x0, x0, #0x400000       /* ~67 ms at 62.5 MHz */
    msr     cntv_cval_el0, x0
    mov     x0, #7                  /* ISTATUS is read-only */
    msr     cntv_ctl_el0, x0
    isb
    show    cntv_ctl_el0            /* 3: enabled, masked, not met */
    mrs     x0, cntv_tval_el0
    mov     x1, #0x400000
    cmp     x0, x1
    cset    x0, ls                  /* 0 < TVAL <= 0x400000 */
    bl      puthex
2:  mrs     x0, cntv_ctl_el0
    tbz     x0, #2, 2b              /* wait for ISTATUS */
    show    cntv_ctl_el0            /* 7 */
    mrs     x0, cntv_tval_el0
    lsr     x0, x0, #31             /* negative 32-bit: bit 31 */
    bl      puthex
    mrs     x0, cntv_tval_el0
    lsr     x0, x0, #32             /* bits 63:32 are zero */
    bl      puthex
    bl      putnl
    /* TVAL = -1: met at once; a disabled timer shows no ISTATUS */
    mov     x0, #1
    msr     cntv_ctl_el0, x0
    mov     x0, #-1
    msr     cntv_tval_el0, x0
    isb
    show    cntv_ctl_el0            /* 5 */
    mrs     x0, cntvct_el0
    mrs     x1, cntv_cval_el0
    cmp     x1, x0
    cset    x0, ls
    bl      puthex
    msr     cntv_ctl_el0, xzr
    show    cntv_ctl_el0            /* 0 */
    bl      putnl

    /* physical timer: TVAL in the future, then a CVAL in the past */
    mov     x0, #3
    msr     cntp_ctl_el0, x0
    mov     x0, #0x7fffffff
    msr     cntp_tval_el0, x0
    isb
    show    cntp_ctl_el0            /* 3 */
    mov     x0, #1
    msr     cntp_cval_el0, x0
    isb
    show    cntp_ctl_el0            /* 7 */
    show    cntp_cval_el0
    msr     cntp_ctl_el0, xzr
    bl      putnl

    /* EL0: CNTKCTL_EL1 = 0 traps the counter; EL0VCTEN allows CNTVCT */
    msr     cntkctl_el1, xzr
    bl      run_el0
    mov     x0, #2                  /* EL0VCTEN */
    msr     cntkctl_el1, x0
    bl      run_el0
    mov     x0, #0x303              /* everything */
    msr     cntkctl_el1, x0
    bl      run_el0

    /* GICv2 of virt: distributor and CPU interface on, PPI 27 enabled */
    ldr     x1, =0x08000000
    mov     w0, #1
    str     w0, [x1]                /* GICD_CTLR */
    mov     w0, #(1 << 27)
    str     w0, [x1, #0x100]        /* GICD_ISENABLER0 */
    ldr     x1, =0x08010000
    mov     w0, #0xff
    str     w0, [x1, #4]            /* GICC_PMR */
    mov     w0, #1
    str     w0, [x1]                /* GICC_CTLR */
    mov     x28, #1                 /* IRQs expected from here */
    /* twice: the second time the code after each MSR is translated */
    bl      unmask_cases
    bl      unmask_cases
    msr     daifset, #3
    mov     x28, #0
    RETURN0

unmask_cases:
    stp     x29, x30, [sp, #-16]!
    bl      irq_pending
    adr     x27, 4f
    msr     daifclr, #2
4:  mov     x0, #100                /* a late IRQ lands in here */
5:  subs    x0, x0, #1
    b.ne    5b
    bl      irq_pending
    adr     x27, 6f
    msr     daif, xzr
6:  mov     x0, #100
7:  subs    x0, x0, #1
    b.ne    7b
    /* F only: I stays masked, nothing taken; DAIFClr #3 then */
    bl      irq_pending
    adr     x27, 8f
    mov     x0, #0x80
    msr     daif, x0
    mov     x0, #100
9:  subs    x0, x0, #1
    b.ne    9b
    msr     daifclr, #3
8:  mov     x0, #100
10: subs    x0, x0, #1
    b.ne    10b
    ldp     x29, x30, [sp], #16
    ret

/* mask IRQs, make the virtual timer's condition met, wait until pending */
irq_pending:
    msr     daifset, #2
    msr     cntv_cval_el0, xzr
    mov     x0, #1
    msr     cntv_ctl_el0, x0
    isb
1:  mrs     x0, isr_el1
    tbz     x0, #7, 1b
    ret

/* IRQ (x28 = 1): acknowledge, disable the timer, print INTID, ELR - x27 */
irq_or_other:
    cmp     x28, #1
    b.ne    unexpected
    stp     x29, x30, [sp, #-16]!
    stp     x0, x1, [sp, #-16]!
    ldr     x1, =0x08010000
    ldr     w0, [x1, #0xc]          /* GICC_IAR */
    msr     cntv_ctl_el0, xzr
    str     w0, [x1, #0x10]         /* GICC_EOIR */
    bl      puthex
    mrs     x0, elr_el1
    sub     x0, x0, x27
    bl      puthex
    bl      putnl
    ldp     x0, x1, [sp], #16
    ldp     x29, x30, [sp], #16
    eret

/* run el0_code at EL0, back here through its SVC */
run_el0:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    ldr     x0, =el0_stack
    msr     sp_el0, x0
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #0x3c0              /* EL0t, interrupts masked */
    msr     spsr_el1, x0
    isb
    eret
el0_back:
    mov     sp, x29
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

el0_code:
    mov     x0, #0
    mrs     x0, cntvct_el0
    cmp     x0, #0
    cset    x3, ne                  /* 1 if the read worked */
    mrs     x0, cntfrq_el0
    mrs     x0, cntpct_el0
    mrs     x0, cntv_ctl_el0
    msr     cntp_ctl_el0, xzr
    mov     x0, x3
    svc     #0

lower_sync:
    mrs     x1, esr_el1
    lsr     x1, x1, #26
    cmp     x1, #0x15
    b.ne    1f
    /* SVC: x0 from EL0, print it and return to EL1 */
    bl      puthex
    ldr     x0, =el0_back
    msr     elr_el1, x0
    mov     x0, #0x3c5
    msr     spsr_el1, x0
    eret
1:  mrs     x0, esr_el1
    bl      puthex
    mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    eret

    VECTORS unexpected, lower_sync, irq_or_other

    .bss
    .balign 16
    .space  1024
el0_stack:
