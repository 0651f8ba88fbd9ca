/*
 * Loads and stores: every integer addressing mode, sizes and sign
 * extensions, pairs, exclusives and acquire/release on a buffer; the
 * loaded values, written-back bases and final buffer are checksummed.
 */
#include "check.inc"

    MAIN
    mov     x20, #0x77
    ldr     x19, =buf
    /* fill the buffer with a pattern */
    mov     x2, #0
    ldr     x3, =0x0123456789abcdef
1:  str     x3, [x19, x2, lsl #3]
    eor     x3, x3, x3, lsl #13
    eor     x3, x3, x3, lsr #7
    add     x2, x2, #1
    cmp     x2, #64
    b.ne    1b

    /* unsigned offset, all sizes and signs */
    ldrb    w3, [x19, #7]
    MIX     x3
    ldrsb   x3, [x19, #13]
    MIX     x3
    ldrsb   w3, [x19, #21]
    MIX     x3
    ldrh    w3, [x19, #34]
    MIX     x3
    ldrsh   x3, [x19, #46]
    MIX     x3
    ldrsh   w3, [x19, #58]
    MIX     x3
    ldr     w3, [x19, #68]
    MIX     x3
    ldrsw   x3, [x19, #76]
    MIX     x3
    ldr     x3, [x19, #88]
    MIX     x3
    /* unscaled and unaligned */
    ldur    x3, [x19, #3]
    MIX     x3
    ldur    w3, [x19, #-0]
    MIX     x3
    ldursh  w3, [x19, #9]
    MIX     x3
    /* pre/post-index with writeback */
    add     x4, x19, #128
    ldr     x3, [x4, #8]!
    MIX     x3
    MIX     x4
    ldrb    w3, [x4], #-5
    MIX     x3
    MIX     x4
    strh    w3, [x4, #-3]!
    MIX     x4
    str     x20, [x4], #17
    MIX     x4
    /* register offset with extend and shift */
    mov     x5, #5
    ldr     x3, [x19, x5, lsl #3]
    MIX     x3
    mov     w5, #-2
    ldrsw   x3, [x4, w5, sxtw #2]
    MIX     x3
    mov     w5, #9
    ldrh    w3, [x19, w5, uxtw #1]
    MIX     x3
    strb    w20, [x19, x5]
    str     w20, [x19, w5, uxtw #2]
    /* literal */
    ldr     x3, lit64
    MIX     x3
    ldrsw   x3, lit32
    MIX     x3
    /* pairs */
    ldp     x3, x6, [x19, #16]
    MIX     x3
    MIX     x6
    ldpsw   x3, x6, [x19, #-0]
    MIX     x3
    MIX     x6
    add     x4, x19, #256
    stp     x20, x3, [x4, #-16]!
    MIX     x4
    ldp     w3, w6, [x4], #24
    MIX     x3
    MIX     x6
    MIX     x4
    stp     w6, w3, [x19, #200]
    stnp    x3, x6, [x19, #208]
    /* exclusives */
    add     x4, x19, #320
    ldxr    x3, [x4]
    MIX     x3
    add     x3, x3, #1
    stxr    w7, x3, [x4]
    MIX     x7
    stxr    w7, x3, [x4]      /* no reservation any more: fails */
    MIX     x7
    ldaxr   w3, [x4]
    clrex
    stlxr   w7, w3, [x4]      /* cleared: fails */
    MIX     x7
    ldxp    x3, x6, [x4]
    MIX     x3
    MIX     x6
    stxp    w7, x6, x3, [x4]
    MIX     x7
    ldar    x3, [x4]
    MIX     x3
    stlr    w20, [x4]
    ldarb   w3, [x4]
    MIX     x3
    prfm    pldl1keep, [x19]
    dmb     ish
    dsb     sy
    isb

    /* checksum the whole buffer */
    mov     x2, #0
2:  ldr     x3, [x19, x2, lsl #3]
    MIX     x3
    add     x2, x2, #1
    cmp     x2, #64
    b.ne    2b
    PRINTSUM
    RETURN0

    .balign 8
lit64:
    .quad   0xfedcba9876543210
lit32:
    .word   0x89abcdef

    .bss
    .balign 16
buf:
    .space  512
