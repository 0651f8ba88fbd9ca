/*
 * Scalar FP arithmetic, single and double: each group runs its
 * instructions on every pair of a table of special operands (zeros,
 * denormals, min/max normals, infinities, quiet and signalling NaNs
 * with payloads, 1.0 and rounding ties) and on random pairs with close
 * exponents, under all 16 FPCR settings (RMode x FZ x DN). Each result
 * (the whole of V0, which starts all ones), NZCV for compares, and FPSR
 * are folded into a checksum printed per group. V3 (the FMADD addend)
 * is the previous pair's V2.
 */
#include "fp-test.inc"

    /* C insn: a compare, fold NZCV and FPSR in */
    .macro  C insn:vararg
    PRESET_FPSR
    msr     nzcv, xzr
    \insn
    mrs     x0, nzcv
    MIX     x0
    mrs     x0, fpsr
    MIX     x0
    msr     fpsr, xzr
    .endm

    /* I insn: a conversion to X0, fold X0 and FPSR in */
    .macro  I insn:vararg
    PRESET_FPSR
    mov     x0, #0x5555
    \insn
    MIX     x0
    mrs     x0, fpsr
    MIX     x0
    msr     fpsr, xzr
    .endm

    MAIN
    ENABLE_FP
    ldr     x22, =0x9e3779b97f4a7c15

    adr     x19, g_addsub_s
    bl      run_s
    adr     x19, g_addsub_d
    bl      run_d
    adr     x19, g_mul_s
    bl      run_s
    adr     x19, g_mul_d
    bl      run_d
    adr     x19, g_div_s
    bl      run_s
    adr     x19, g_div_d
    bl      run_d
    adr     x19, g_cmp_s
    bl      run_s
    adr     x19, g_cmp_d
    bl      run_d
    adr     x19, g_minmax_s
    bl      run_s
    adr     x19, g_minmax_d
    bl      run_d
    adr     x19, g_sqrt_s
    bl      run_s
    adr     x19, g_sqrt_d
    bl      run_d
    adr     x19, g_cvt_s
    bl      run_s
    adr     x19, g_cvt_d
    bl      run_d
    adr     x19, g_rint_s
    bl      run_s
    adr     x19, g_rint_d
    bl      run_d
    adr     x19, g_fma_s
    bl      run_s
    adr     x19, g_fma_d
    bl      run_d
    adr     x19, g_int_s
    bl      run_s
    adr     x19, g_int_d
    bl      run_d
    adr     x19, g_toint_s
    bl      run_s
    adr     x19, g_toint_d
    bl      run_d
    adr     x19, g_fixed_s
    bl      run_s
    adr     x19, g_fixed_d
    bl      run_d
    adr     x19, g_fccmp_s
    bl      run_s
    adr     x19, g_fccmp_d
    bl      run_d

    msr     fpcr, xzr
    RETURN0

    GROUP   g_addsub_s
    T       fadd s0, s1, s2
    T       fsub s0, s1, s2
    T       fsub s0, s2, s1
    ENDGROUP
    GROUP   g_addsub_d
    T       fadd d0, d1, d2
    T       fsub d0, d1, d2
    T       fsub d0, d2, d1
    ENDGROUP
    GROUP   g_mul_s
    T       fmul s0, s1, s2
    T       fnmul s0, s1, s2
    ENDGROUP
    GROUP   g_mul_d
    T       fmul d0, d1, d2
    T       fnmul d0, d1, d2
    ENDGROUP
    GROUP   g_div_s
    T       fdiv s0, s1, s2
    T       fdiv s0, s2, s1
    ENDGROUP
    GROUP   g_div_d
    T       fdiv d0, d1, d2
    T       fdiv d0, d2, d1
    ENDGROUP
    GROUP   g_cmp_s
    C       fcmp s1, s2
    C       fcmpe s1, s2
    C       fcmp s1, #0.0
    C       fcmpe s2, #0.0
    ENDGROUP
    GROUP   g_cmp_d
    C       fcmp d1, d2
    C       fcmpe d1, d2
    C       fcmp d1, #0.0
    C       fcmpe d2, #0.0
    ENDGROUP

    GROUP   g_minmax_s
    T       fmax s0, s1, s2
    T       fmin s0, s1, s2
    T       fmaxnm s0, s1, s2
    T       fminnm s0, s1, s2
    T       fmaxnm s0, s2, s1
    T       fminnm s0, s2, s1
    ENDGROUP
    GROUP   g_minmax_d
    T       fmax d0, d1, d2
    T       fmin d0, d1, d2
    T       fmaxnm d0, d1, d2
    T       fminnm d0, d1, d2
    T       fmaxnm d0, d2, d1
    T       fminnm d0, d2, d1
    ENDGROUP
    GROUP   g_sqrt_s
    T       fsqrt s0, s1
    ENDGROUP
    GROUP   g_sqrt_d
    T       fsqrt d0, d1
    ENDGROUP
    GROUP   g_cvt_s
    T       fcvt d0, s1
    ENDGROUP
    GROUP   g_cvt_d
    T       fcvt s0, d1
    ENDGROUP
    GROUP   g_rint_s
    T       frintn s0, s1
    T       frintp s0, s1
    T       frintm s0, s1
    T       frintz s0, s1
    T       frinta s0, s1
    T       frintx s0, s1
    T       frinti s0, s1
    ENDGROUP
    GROUP   g_rint_d
    T       frintn d0, d1
    T       frintp d0, d1
    T       frintm d0, d1
    T       frintz d0, d1
    T       frinta d0, d1
    T       frintx d0, d1
    T       frinti d0, d1
    ENDGROUP
    GROUP   g_fma_s
    T       fmadd s0, s1, s2, s3
    T       fmsub s0, s1, s2, s3
    T       fnmadd s0, s1, s2, s3
    T       fnmsub s0, s1, s2, s3
    T       fmadd s0, s1, s1, s2
    ENDGROUP
    GROUP   g_fma_d
    T       fmadd d0, d1, d2, d3
    T       fmsub d0, d1, d2, d3
    T       fnmadd d0, d1, d2, d3
    T       fnmsub d0, d1, d2, d3
    T       fmadd d0, d1, d1, d2
    ENDGROUP
    GROUP   g_int_s
    fmov    x9, d1
    asr     x10, x9, #37
    T       scvtf s0, w9
    T       scvtf s0, x9
    T       ucvtf s0, w9
    T       ucvtf s0, x9
    T       scvtf s0, w10
    T       scvtf s0, x10
    T       ucvtf s0, x10
    ENDGROUP
    GROUP   g_int_d
    fmov    x9, d1
    asr     x10, x9, #37
    T       scvtf d0, w9
    T       scvtf d0, x9
    T       ucvtf d0, w9
    T       ucvtf d0, x9
    T       scvtf d0, w10
    T       scvtf d0, x10
    T       ucvtf d0, x10
    ENDGROUP
    GROUP   g_toint_s
    I       fcvtzs w0, s1
    I       fcvtzs x0, s1
    I       fcvtzu w0, s1
    I       fcvtzu x0, s1
    I       fcvtns w0, s1
    I       fcvtns x0, s1
    I       fcvtnu x0, s1
    I       fcvtps w0, s1
    I       fcvtpu x0, s1
    I       fcvtms x0, s1
    I       fcvtmu w0, s1
    I       fcvtas w0, s1
    I       fcvtas x0, s1
    I       fcvtau w0, s1
    I       fcvtau x0, s1
    ENDGROUP
    GROUP   g_toint_d
    I       fcvtzs w0, d1
    I       fcvtzs x0, d1
    I       fcvtzu w0, d1
    I       fcvtzu x0, d1
    I       fcvtns w0, d1
    I       fcvtns x0, d1
    I       fcvtnu x0, d1
    I       fcvtps w0, d1
    I       fcvtpu x0, d1
    I       fcvtms x0, d1
    I       fcvtmu w0, d1
    I       fcvtas w0, d1
    I       fcvtas x0, d1
    I       fcvtau w0, d1
    I       fcvtau x0, d1
    ENDGROUP
    GROUP   g_fixed_s
    fmov    x9, d1
    I       fcvtzs w0, s1, #16
    I       fcvtzs x0, s1, #1
    I       fcvtzu w0, s1, #32
    I       fcvtzu x0, s1, #60
    T       scvtf s0, w9, #3
    T       scvtf s0, x9, #64
    T       ucvtf s0, w9, #31
    T       ucvtf s0, x9, #12
    ENDGROUP
    GROUP   g_fixed_d
    fmov    x9, d1
    I       fcvtzs w0, d1, #16
    I       fcvtzs x0, d1, #1
    I       fcvtzu w0, d1, #32
    I       fcvtzu x0, d1, #60
    T       scvtf d0, w9, #3
    T       scvtf d0, x9, #64
    T       ucvtf d0, w9, #31
    T       ucvtf d0, x9, #12
    ENDGROUP
    GROUP   g_fccmp_s
    C       fccmp s1, s2, #5, ne
    C       fccmpe s1, s2, #0xa, eq
    C       fccmp s2, s1, #3, al
    C       fccmpe s1, s2, #0, ne
    ENDGROUP
    GROUP   g_fccmp_d
    C       fccmp d1, d2, #5, ne
    C       fccmpe d1, d2, #0xa, eq
    C       fccmp d2, d1, #3, al
    C       fccmpe d1, d2, #0, ne
    ENDGROUP

/*
 * run_s, run_d: call the group at x19 with S1/S2 (D1/D2) over every
 * table pair and 64 random pairs, for each FPCR setting; print the
 * checksum.
 */
    .macro  RUN_SCALAR name, tbl, n, reg, esz, mask
\name:
    stp     x29, x30, [sp, #-16]!
    mov     x20, #0x31
    mov     x23, #0
1:  bl      set_fpcr
    mov     x24, #0
2:  mov     x25, #0
3:  fmov    d3, d2
    ldr     x26, =\tbl
    ldr     \reg, [x26, x24, lsl #\esz]
    fmov    d1, x0
    ldr     \reg, [x26, x25, lsl #\esz]
    fmov    d2, x0
    blr     x19
    add     x25, x25, #1
    cmp     x25, #\n
    b.ne    3b
    add     x24, x24, #1
    cmp     x24, #\n
    b.ne    2b
    /* random pairs: every other one shares sign-free exponent bits */
    mov     x24, #0
4:  fmov    d3, d2
    bl      rand
    mov     x26, x0
    fmov    d1, x0
    bl      rand
    tst     x24, #1
    ldr     x1, =\mask
    and     x1, x0, x1
    eor     x1, x1, x26
    csel    x0, x0, x1, eq
    fmov    d2, x0
    blr     x19
    add     x24, x24, #1
    cmp     x24, #64
    b.ne    4b
    add     x23, x23, #1
    cmp     x23, #16
    b.ne    1b
    PRINTSUM
    ldp     x29, x30, [sp], #16
    ret
    .endm

    RUN_SCALAR run_s, tbl_s, 28, w0, 2, 0x80ffffff
    RUN_SCALAR run_d, tbl_d, 28, x0, 3, 0x801fffffffffffff

    .data
    .balign 8
tbl_d:
    SPECIALS_D
    .quad   0x3ff0000000000001, 0x3ca0000000000000
    .quad   0x3ca0000000000001, 0x4340000000000000
    .quad   0x3fe0000000000000, 0x0008000000000000
    .quad   0x7fe0000000000000, 0x001fffffffffffff
    .quad   0x400921fb54442d18, 0xc00fffffffffffff
    .quad   0x3fd5555555555555, 0x0000000000000003
tbl_s:
    SPECIALS_S
    .word   0x3f800001, 0x33800000, 0x33800001, 0x4b800000
    .word   0x3f000000, 0x00400000, 0x7f000000, 0x00ffffff
    .word   0x40490fdb, 0xc07fffff, 0x3eaaaaab, 0x00000003
