/*
 * Generic timer, polled (no interrupt controller needed): CNTFRQ,
 * CNTVCT/CNTPCT monotonic, the virtual and physical timers' condition
 * through CVAL and TVAL with IMASK, ISTATUS read-only, and CNTKCTL_EL1's
 * control of EL0 access (trapped accesses print their ESR).
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

    RETURN0

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

    VECTORS unexpected, lower_sync, unexpected

    .bss
    .balign 16
    .space  1024
el0_stack:
