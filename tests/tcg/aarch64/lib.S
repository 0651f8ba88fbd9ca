/*
 * Start of the bare-metal reference tests: a stack, main(), then exit
 * with main's return value (semihost.S has the routines).
 */
    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =stack_top
    mov     sp, x0
    bl      main
    bl      exit
