/*
 * Exceptions at EL1 and from EL0: SVC, BRK, an undefined instruction,
 * SMC without EL3, a misaligned exclusive (alignment fault), a drop to
 * EL0 through ERET and SVC back, SPSel and DAIF, SP_EL0 with either
 * SPSel. The handler prints ESR, ELR - base, SPSR and FAR where it is
 * valid.
 */
#include "check.inc"

    MAIN
    SET_VBAR
    mrs     x0, CurrentEL
    bl      puthex
    mrs     x0, SPSel
    bl      puthex
    mrs     x0, daif
    bl      puthex
    bl      putnl
    msr     daifclr, #0xf
    mrs     x0, daif
    bl      puthex
    msr     daifset, #0x3
    mrs     x0, daif
    bl      puthex
    bl      putnl
    mrs     x0, midr_el1
    bl      puthex
    mrs     x0, id_aa64isar0_el1
    ubfx    x0, x0, #16, #4
    bl      puthex
    bl      putnl

    svc     #0x1234
    brk     #0x42
    .word   0x00000000          /* UDF #0 */
    .word   0xd4000003          /* SMC #0: no EL3, undefined */
    ldr     x1, =buf
    add     x1, x1, #4
    ldxr    x0, [x1]            /* misaligned exclusive: alignment fault */
    mrs     x0, tpidr_el0
    bl      puthex
    bl      putnl

    /* to EL0 with SP_EL0, then back with SVC #1 */
    ldr     x0, =el0_stack
    msr     sp_el0, x0
    adr     x0, el0_code
    msr     elr_el1, x0
    mov     x0, #0              /* EL0t, interrupts unmasked */
    msr     spsr_el1, x0
    eret
back:
    mrs     x0, CurrentEL
    bl      puthex
    bl      putnl

    /*
     * SP_EL0 at EL1: readable while SPSel = 1; with SPSel = 0 it is the
     * SP in use and MRS/MSR of it are UNDEFINED (ARM ARM C5.2, SP_EL0).
     * Exceptions with SPSel = 0 use the SP0 vectors: vectors_sp0.
     */
    ldr     x0, =0x1234560
    msr     sp_el0, x0
    mrs     x0, sp_el0
    bl      puthex
    bl      putnl
    ldr     x0, =vectors_sp0
    msr     vbar_el1, x0
    ldr     x0, =el0_stack
    msr     sp_el0, x0
    msr     spsel, #0
    mrs     x0, sp_el0          /* UNDEFINED */
    msr     sp_el0, x0          /* UNDEFINED */
    msr     spsel, #1
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    mrs     x0, sp_el0
    ldr     x1, =el0_stack
    sub     x0, x0, x1
    bl      puthex
    bl      putnl
    RETURN0

el0_code:
    mov     x0, #0x55
    msr     tpidr_el0, x0
    mrs     x2, nzcv
    svc     #1

/* the synchronous handler for the current EL with SP_ELx */
sync_handler:
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, elr_el1
    ldr     x1, =main
    sub     x0, x0, x1
    bl      puthex
    mrs     x0, spsr_el1
    bl      puthex
    mrs     x0, esr_el1
    lsr     x0, x0, #26
    cmp     x0, #0x25
    b.ne    1f
    mrs     x0, far_el1
    ldr     x1, =buf
    sub     x0, x0, x1
    bl      puthex
1:  bl      putnl
    mrs     x0, elr_el1
    add     x0, x0, #4
    mrs     x1, esr_el1
    lsr     x1, x1, #26
    cmp     x1, #0x15           /* SVC: ELR is already past it */
    b.ne    2f
    sub     x0, x0, #4
2:  msr     elr_el1, x0
    eret

lower_sync:
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, spsr_el1
    bl      puthex
    mov     x0, sp
    ldr     x1, =stack_top
    sub     x0, x0, x1
    bl      puthex
    bl      putnl
    /* continue at back, in EL1h */
    adr     x0, back
    msr     elr_el1, x0
    mov     x0, #0x3c5
    msr     spsr_el1, x0
    ldr     x0, =stack_top
    sub     x0, x0, #16
    mov     sp, x0
    eret

    VECTORS sync_handler, lower_sync

    /* current EL with SP_EL0: synchronous only */
    .balign 2048
vectors_sp0:
    b       sync_handler

    .bss
    .balign 16
buf:
    .space  64
    .space  1024
el0_stack:
