/*
 * Console output and exit through A64 semihosting (HLT #0xF000), and a
 * stack: shared by the bare-metal tests (tests/tcg/aarch64/lib.S starts
 * an ELF, tests/arm-virt/head.S an arm64 Image). Each routine clobbers
 * x0-x7 only.
 */
    .equ SYS_WRITEC, 0x03
    .equ SYS_WRITE0, 0x04
    .equ SYS_EXIT, 0x18
    .equ ADP_STOPPED_APPLICATION_EXIT, 0x20026

    .text
/* puts(x0: NUL-terminated string) */
    .global puts
puts:
    mov     x1, x0
    mov     w0, #SYS_WRITE0
    hlt     #0xf000
    ret

/* putnl(): a newline */
    .global putnl
putnl:
    adr     x1, newline
    mov     w0, #SYS_WRITEC
    hlt     #0xf000
    ret

/* puthex(x0): 16 hex digits and a space */
    .global puthex
puthex:
    ldr     x1, =hexbuf
    mov     x2, #16
1:  sub     x2, x2, #1
    and     x3, x0, #0xf
    cmp     x3, #10
    add     x4, x3, #'0'
    add     x5, x3, #('a' - 10)
    csel    x4, x4, x5, lo
    strb    w4, [x1, x2]
    lsr     x0, x0, #4
    cbnz    x2, 1b
    mov     w3, #' '
    strb    w3, [x1, #16]
    strb    wzr, [x1, #17]
    mov     w0, #SYS_WRITE0
    hlt     #0xf000
    ret

/* exit(w0: status), never returns */
    .global exit
exit:
    ldr     x1, =exit_block
    ldr     x2, =ADP_STOPPED_APPLICATION_EXIT
    uxtw    x0, w0
    stp     x2, x0, [x1]
    mov     w0, #SYS_EXIT
    hlt     #0xf000
1:  wfi
    b       1b

    .section .rodata
newline:
    .byte   10

    .data
    .balign 16
hexbuf:
    .space  32
exit_block:
    .quad   0, 0

    .bss
    .balign 16
    .space  16384
    .global stack_top
stack_top:
