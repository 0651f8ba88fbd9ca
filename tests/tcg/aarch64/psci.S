/*
 * PSCI through HVC (the virt board's conduit without firmware), with
 * -smp 2: VERSION, FEATURES, AFFINITY_INFO, CPU_ON of the secondary
 * (which stores its context ID and calls CPU_OFF), ALREADY_ON, an
 * invalid target, and SYSTEM_OFF, which must end the run with status 0
 * (no semihosting exit).
 */
#include "check.inc"

    .equ    PSCI_VERSION, 0x84000000
    .equ    PSCI_CPU_OFF, 0x84000002
    .equ    PSCI_CPU_ON, 0xc4000003
    .equ    PSCI_AFFINITY_INFO, 0xc4000004
    .equ    PSCI_SYSTEM_OFF, 0x84000008
    .equ    PSCI_FEATURES, 0x8400000a

    .macro  psci fn, a1=0, a2=0, a3=0
    ldr     x0, =\fn
    ldr     x1, =\a1
    ldr     x2, =\a2
    ldr     x3, =\a3
    hvc     #0
    .endm

    MAIN
    psci    PSCI_VERSION
    bl      puthex
    psci    PSCI_FEATURES, PSCI_CPU_ON
    bl      puthex
    psci    PSCI_FEATURES, 0x12345678
    bl      puthex
    psci    PSCI_AFFINITY_INFO, 1
    bl      puthex
    bl      putnl

    psci    PSCI_CPU_ON, 1, secondary, 0x4242
    bl      puthex
    ldr     x19, =flag
1:  yield                           /* cpu_relax() */
    ldr     x0, [x19]
    cbz     x0, 1b
    bl      puthex
    /* it powers itself off */
2:  yield
    psci    PSCI_AFFINITY_INFO, 1
    cmp     x0, #1
    b.ne    2b
    bl      puthex
    psci    PSCI_CPU_ON, 0, secondary, 0
    bl      puthex                  /* ALREADY_ON (-4) */
    psci    PSCI_CPU_ON, 7, secondary, 0
    bl      puthex                  /* INVALID_PARAMETERS (-2) */
    bl      putnl

    psci    PSCI_SYSTEM_OFF
    /* not reached */
    mov     w0, #3
    ldp     x29, x30, [sp], #16
    ret

secondary:
    ldr     x1, =flag
    mrs     x2, mpidr_el1
    and     x2, x2, #0xff
    lsl     x2, x2, #32
    orr     x0, x0, x2
    str     x0, [x1]
    dsb     sy
    ldr     x0, =PSCI_CPU_OFF
    hvc     #0
    b       .

    .data
    .balign 8
flag:
    .quad   0
