/*
 * Direct kernel boot as booting.rst requires it: entered at EL1 with the
 * MMU off and IRQ/FIQ masked, x0 = the DTB (8-byte aligned, inside RAM,
 * after the image, not crossing a 2 MiB boundary), x1-x3 = 0. Prints the
 * FDT magic and each fact as 0/1, so no address the two emulators choose
 * differently shows.
 */
    .equ RAM_BASE, 0x40000000
    .equ RAM_SIZE, 0x8000000        /* the default -m 128M */

    .macro  flag cond
    cset    x0, \cond
    bl      puthex
    .endm

    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    ldr     x19, =boot_regs
    ldr     x20, [x19]              /* x0 at entry */

    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    bl      puthex
    mrs     x0, sctlr_el1
    and     x0, x0, #1              /* M */
    bl      puthex
    mrs     x0, daif
    lsr     x0, x0, #6
    and     x0, x0, #3              /* I, F */
    bl      puthex
    bl      putnl

    ldp     x1, x2, [x19, #8]       /* x1, x2 */
    ldr     x3, [x19, #24]          /* x3 */
    orr     x1, x1, x2
    orr     x1, x1, x3
    cmp     x1, #0
    flag    eq                      /* x1-x3 == 0 */
    tst     x20, #7
    flag    eq                      /* 8-byte aligned */
    mov     x1, #RAM_BASE
    cmp     x20, x1
    flag    hs
    ldr     x1, =RAM_BASE + RAM_SIZE
    cmp     x20, x1
    flag    lo                      /* inside RAM */
    ldr     x1, =_end
    cmp     x20, x1
    flag    hs                      /* after the image */
    bl      putnl

    ldr     w21, [x20]              /* fdt_header.magic, big-endian */
    rev     w0, w21
    bl      puthex
    ldr     w21, [x20, #4]          /* totalsize */
    rev     w21, w21
    mov     x1, #0x200000
    cmp     x21, x1
    flag    ls                      /* under 2 MiB */
    add     x1, x20, x21
    sub     x1, x1, #1
    eor     x1, x1, x20
    lsr     x1, x1, #21
    cmp     x1, #0
    flag    eq                      /* within one 2 MiB block */
    ldr     w0, [x20, #20]          /* version */
    rev     w0, w0
    bl      puthex
    bl      putnl

    mov     w0, #0
    ldp     x29, x30, [sp], #16
    ret
