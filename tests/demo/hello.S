/*
 * The bare-metal demo: prints a greeting on the virt board's PL011 UART
 * and exits through ARM semihosting (SYS_EXIT, ADP_Stopped_ApplicationExit).
 * Linked at 0x40000000, the start of the virt board's RAM.
 */
    .equ UART_DR, 0x09000000
    .equ UART_FR, 0x09000018
    .equ SYS_EXIT, 0x18
    .equ ADP_STOPPED_APPLICATION_EXIT, 0x20026

    .section .text.start, "ax"
    .global _start
_start:
    ldr     x1, =UART_DR
    ldr     x2, =UART_FR
    adr     x3, message
1:  ldrb    w0, [x3], #1
    cbz     w0, 3f
2:  ldr     w4, [x2]
    tbnz    w4, #5, 2b          /* FR.TXFF: transmit FIFO full */
    str     w0, [x1]
    b       1b
3:  mov     w0, #SYS_EXIT
    adr     x1, exit_block
    hlt     #0xf000             /* A64 semihosting call */
4:  wfi
    b       4b

    .section .rodata
    .balign 8
exit_block:
    .quad   ADP_STOPPED_APPLICATION_EXIT
    .quad   0
message:
    .asciz  "Hello from a bare-metal AArch64 guest on Kestrel!\n"
