/*
 * Start of every virt test: the arm64 Image header (booting.rst, "Call
 * the kernel image"), a stack, the boot registers x0-x3 kept in
 * boot_regs, then main(); console output and exit come from
 * tests/tcg/aarch64/semihost.S.
 */
    .section .text.head, "ax"
    .global _start
_start:
    b       entry                   /* code0 */
    .word   0                       /* code1 */
    .quad   0x80000                 /* text_offset */
    .quad   _image_size             /* image_size, BSS included */
    .quad   0x2                     /* flags: LE, 4 KiB pages */
    .quad   0, 0, 0                 /* res2-res4 */
    .ascii  "ARM\x64"               /* magic */
    .word   0                       /* res5 */

entry:
    ldr     x4, =boot_regs
    stp     x0, x1, [x4]
    stp     x2, x3, [x4, #16]
    ldr     x0, =stack_top
    mov     sp, x0
    bl      main
    bl      exit

    .data
    .balign 16
    .global boot_regs
boot_regs:
    .quad   0, 0, 0, 0
