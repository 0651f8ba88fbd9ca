/*
 * SIMD&FP state and loads/stores: the CPACR_EL1.FPEN trap (EC 0x07) on
 * an instruction and on MRS FPCR, FPCR/FPSR writable bits, then every
 * SIMD&FP addressing mode (LDR/STR B/H/S/D/Q immediate, pre/post-index,
 * unscaled, register offset, literal; LDP/STP/LDNP/STNP S/D/Q) and the
 * structure forms (LD1-LD4/ST1-ST4 multiple and single, LD1R-LD4R, post
 * index); registers, written-back bases and the buffer are checksummed.
 */
#include "check.inc"

    /* fold V0-V7 and the bases x11, x12 into the checksum, then print */
    .macro  MIXV
    bl      mixv
    .endm

    MAIN
    SET_VBAR
    mov     x20, #0x99
    ldr     x19, =buf

    /* FPEN = 0: both instructions trap, the handler enables and retries */
    msr     cpacr_el1, xzr
    isb
    mov     x9, #0x1234
    fmov    d0, x9
    msr     cpacr_el1, xzr
    isb
    mrs     x0, fpcr
    /* FPEN = 1: EL1 may use FP */
    mov     x0, #(1 << 20)
    msr     cpacr_el1, x0
    isb
    fmov    x0, d0
    bl      puthex
    mrs     x0, cpacr_el1
    bl      puthex
    bl      putnl

    /* FPCR and FPSR: which bits stick */
    mov     x0, #-1
    bic     x0, x0, #(1 << 19)  /* all but FZ16 (no FP16 here) */
    msr     fpcr, x0
    mrs     x0, fpcr
    bl      puthex
    mov     x0, #-1
    msr     fpsr, x0
    mrs     x0, fpsr
    bl      puthex
    msr     fpcr, xzr
    msr     fpsr, xzr
    bl      putnl

    /* a pattern in the buffer */
    mov     x2, #0
    ldr     x3, =0x0123456789abcdef
1:  str     x3, [x19, x2, lsl #3]
    eor     x3, x3, x3, lsl #13
    eor     x3, x3, x3, lsr #7
    add     x2, x2, #1
    cmp     x2, #128
    b.ne    1b
    /* every V register non-zero, to see what a load clears */
    mov     x2, #0x5a5a
    dup     v0.2d, x2
    mov     v1.16b, v0.16b
    mov     v2.16b, v0.16b
    mov     v3.16b, v0.16b
    mov     v4.16b, v0.16b
    mov     v5.16b, v0.16b
    mov     v6.16b, v0.16b
    mov     v7.16b, v0.16b
    mov     v31.16b, v0.16b

    /* single registers, unsigned offset */
    ldr     b0, [x19, #3]
    ldr     h1, [x19, #6]
    ldr     s2, [x19, #12]
    ldr     d3, [x19, #24]
    ldr     q4, [x19, #48]
    ldr     q31, [x19, #4080]
    mov     x11, x19
    mov     x12, x19
    MIXV
    mov     v1.d[1], v31.d[1]
    MIXV
    /* unscaled, pre/post-index, register offset */
    ldur    q0, [x19, #3]
    ldur    d1, [x19, #-0]
    ldur    h2, [x19, #255]
    add     x11, x19, #256
    ldr     s3, [x11, #-4]!
    ldr     q5, [x11], #-33
    ldr     b6, [x11, #1]!
    mov     x13, #5
    ldr     d7, [x19, x13, lsl #3]
    mov     w13, #-3
    ldr     q4, [x12, w13, sxtw #4]
    MIXV
    mov     w13, #7
    ldr     h4, [x19, w13, uxtw #1]
    ldr     s5, [x19, w13, uxtw]
    ldr     q6, [x19, x13]
    ldr     b7, [x19, x13, lsl #0]
    MIXV
    /* literal */
    ldr     s0, lit
    ldr     d1, lit
    ldr     q2, lit
    MIXV
    /* stores */
    add     x12, x19, #512
    str     b0, [x12, #1]
    str     h1, [x12, #2]
    str     s2, [x12, #4]
    str     d3, [x12, #8]
    str     q4, [x12, #16]
    stur    q5, [x12, #33]
    str     d6, [x12, #64]!
    str     s7, [x12], #-7
    str     q2, [x12, x13]
    str     h3, [x12, w13, uxtw #1]
    bl      mixbuf
    MIXV
    /* pairs */
    ldp     s0, s1, [x19, #8]
    ldp     d2, d3, [x19, #-16]
    ldp     q4, q5, [x19, #32]
    MIXV
    add     x11, x19, #128
    ldp     q6, q7, [x11, #-64]!
    ldp     d0, d1, [x11], #24
    ldnp    q2, q3, [x11, #16]
    ldnp    s4, s5, [x11, #-4]
    MIXV
    add     x12, x19, #768
    stp     s0, s1, [x12]
    stp     d2, d3, [x12, #8]!
    stp     q4, q5, [x12], #32
    stnp    q6, q7, [x12, #-96]
    stnp    d0, d1, [x12, #64]
    bl      mixbuf
    MIXV

    /* structures: multiple, 1-4 registers */
    mov     x11, x19
    ld1     {v0.16b}, [x11], #16
    ld1     {v1.8b, v2.8b}, [x11], #16
    ld1     {v3.4h, v4.4h, v5.4h}, [x11]
    ld1     {v6.2d, v7.2d}, [x11], x13
    MIXV
    ld1     {v0.4s, v1.4s, v2.4s, v3.4s}, [x11], #64
    ld1     {v4.1d, v5.1d, v6.1d, v7.1d}, [x11]
    MIXV
    ld2     {v0.16b, v1.16b}, [x11], #32
    ld2     {v2.4h, v3.4h}, [x11], x13
    ld3     {v4.4s, v5.4s, v6.4s}, [x11]
    MIXV
    ld3     {v0.8b, v1.8b, v2.8b}, [x11], #24
    ld4     {v3.8h, v4.8h, v5.8h, v6.8h}, [x11], #64
    ld4     {v31.2d, v0.2d, v1.2d, v2.2d}, [x11]
    MIXV
    mov     v7.16b, v31.16b
    MIXV
    add     x12, x19, #256
    st1     {v0.16b}, [x12], #16
    st1     {v1.8b, v2.8b, v3.8b}, [x12], x13
    st1     {v4.2d, v5.2d, v6.2d, v7.2d}, [x12]
    st2     {v0.4s, v1.4s}, [x12], #32
    st3     {v2.4h, v3.4h, v4.4h}, [x12], #24
    st4     {v4.16b, v5.16b, v6.16b, v7.16b}, [x12]
    sub     x14, x12, #32
    st4     {v4.2s, v5.2s, v6.2s, v7.2s}, [x14]
    bl      mixbuf
    MIXV
    /* single structures and replicate */
    mov     x11, x19
    ld1     {v0.b}[3], [x11], #1
    ld1     {v1.h}[7], [x11]
    ld1     {v2.s}[2], [x11], x13
    ld1     {v3.d}[1], [x11], #8
    ld2     {v4.b, v5.b}[15], [x11], #2
    ld3     {v5.s, v6.s, v7.s}[1], [x11]
    MIXV
    ld4     {v0.h, v1.h, v2.h, v3.h}[5], [x11], #8
    ld2     {v6.d, v7.d}[0], [x11], x13
    MIXV
    ld1r    {v0.16b}, [x11], #1
    ld1r    {v1.4h}, [x11]
    ld2r    {v2.4s, v3.4s}, [x11], #8
    ld3r    {v4.1d, v5.1d, v6.1d}, [x11], x13
    ld4r    {v31.8b, v0.8b, v1.8b, v2.8b}, [x11]
    MIXV
    mov     v7.16b, v31.16b
    MIXV
    add     x12, x19, #384
    st1     {v0.b}[9], [x12], #1
    st1     {v1.h}[2], [x12], x13
    st2     {v2.s, v3.s}[3], [x12], #8
    st3     {v4.d, v5.d, v6.d}[1], [x12]
    st4     {v4.b, v5.b, v6.b, v7.b}[13], [x12], #4
    bl      mixbuf
    MIXV

    PRINTSUM
    RETURN0

mixv:
    stp     x29, x30, [sp, #-16]!
    .irp    n, 0, 1, 2, 3, 4, 5, 6, 7
    mov     x0, v\n\().d[0]
    MIX     x0
    mov     x0, v\n\().d[1]
    MIX     x0
    .endr
    sub     x0, x11, x19
    MIX     x0
    sub     x0, x12, x19
    MIX     x0
    mov     x0, x20
    bl      puthex
    ldp     x29, x30, [sp], #16
    ret

/* fold the first 1 KiB of the buffer into the checksum */
mixbuf:
    mov     x2, #0
1:  ldr     x3, [x19, x2, lsl #3]
    MIX     x3
    add     x2, x2, #1
    cmp     x2, #128
    b.ne    1b
    ret

/* print ESR and ELR - main; an FP trap enables FP and retries */
sync_handler:
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, elr_el1
    ldr     x1, =main
    sub     x0, x0, x1
    bl      puthex
    bl      putnl
    mrs     x0, esr_el1
    lsr     x0, x0, #26
    cmp     x0, #0x07
    b.ne    1f
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    eret
1:  mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    eret

    .balign 16
lit:
    .quad   0x1122334455667788, 0x99aabbccddeeff00

    VECTORS sync_handler

    .bss
    .balign 16
    .space  4096
buf:
    .space  8192
