/*
 * Half-precision conversions and the estimate instructions, against the
 * reference. Half: FCVT between H and S/D, FCVTL/FCVTL2 from and
 * FCVTN/FCVTN2 to half, under all 32 FPCR settings (RMode x FZ x DN x
 * AHP: the alternative format has no infinity or NaN, and FZ never
 * flushes half values), with tables of half values and of single and
 * double values at the half (and single) overflow, denormal and tie
 * boundaries; FCVTXN/FCVTXN2 (round to odd) on the double table.
 * Estimates: FRECPE, FRSQRTE, FRECPX (vector and scalar), URECPE,
 * URSQRTE on special operands and random lanes under 16 settings, then
 * a sweep of every 9-bit estimate input (normal, denormal, negative,
 * fixed point) with FPCR 0 and FZ. As in fp-vector.S, each group prints
 * a checksum of V0 (starting all ones) and FPSR after each instruction.
 */
#include "fp-test.inc"

    MAIN
    ENABLE_FP
    ldr     x22, =0x9e3779b97f4a7c15

    mov     x28, #32
    adr     x19, g_fromhalf
    ldr     x21, =tbl_h
    bl      run_h
    adr     x19, g_tohalf_s
    ldr     x21, =tbl_hs
    bl      run_s
    adr     x19, g_tohalf_d
    ldr     x21, =tbl_hd
    bl      run_d
    mov     x28, #16
    adr     x19, g_est_s
    ldr     x21, =tbl_s
    bl      run_s
    adr     x19, g_est_d
    ldr     x21, =tbl_d
    bl      run_d
    bl      sweep

    msr     fpcr, xzr
    RETURN0

    GROUP   g_fromhalf
    T       fcvt s0, h1
    T       fcvt d0, h1
    T       fcvt s0, h2
    T       fcvt d0, h2
    T       fcvtl v0.4s, v1.4h
    T       fcvtl2 v0.4s, v1.8h
    T       fcvtl2 v0.4s, v2.8h
    ENDGROUP
    GROUP   g_tohalf_s
    T       fcvt h0, s1
    T       fcvt h0, s2
    T       fcvtn v0.4h, v1.4s
    T       fcvtn2 v0.8h, v2.4s
    T       fcvtl v0.2d, v1.2s
    T       fcvtl2 v0.2d, v2.4s
    ENDGROUP
    GROUP   g_tohalf_d
    T       fcvt h0, d1
    T       fcvt h0, d2
    T       fcvtn v0.2s, v1.2d
    T       fcvtn2 v0.4s, v2.2d
    T       fcvtxn v0.2s, v1.2d
    T       fcvtxn2 v0.4s, v2.2d
    T       fcvtxn s0, d1
    T       fcvtxn s0, d2
    ENDGROUP

    GROUP   g_est_s
    T       frecpe v0.4s, v1.4s
    T       frecpe v0.2s, v2.2s
    T       frsqrte v0.4s, v2.4s
    T       frsqrte v0.2s, v1.2s
    T       frecpe s0, s1
    T       frsqrte s0, s2
    T       frecpx s0, s1
    T       frecpx s0, s2
    T       urecpe v0.4s, v1.4s
    T       ursqrte v0.4s, v2.4s
    T       urecpe v0.2s, v2.2s
    T       ursqrte v0.2s, v1.2s
    ENDGROUP
    GROUP   g_est_d
    T       frecpe v0.2d, v1.2d
    T       frsqrte v0.2d, v2.2d
    T       frecpe d0, d2
    T       frsqrte d0, d1
    T       frecpx d0, d1
    T       frecpx d0, d2
    ENDGROUP

/*
 * Every estimate table input: k = 0..2047 as single exponents 0x7c-0x7f
 * with 9 top fraction bits (and negated), as denormals, as 0.32 fixed
 * point for URECPE/URSQRTE, and as doubles; with FPCR 0, then FZ.
 */
sweep:
    stp     x29, x30, [sp, #-16]!
    mov     x20, #0x31
    mov     x23, #0
1:  bl      set_fpcr
    mov     x24, #0
2:  lsl     x0, x24, #14
    orr     x0, x0, #0x3e000000
    mov     v1.s[0], w0
    orr     x0, x0, #0x80000000
    mov     v1.s[1], w0
    lsl     x0, x24, #12
    mov     v1.s[2], w0
    lsl     x0, x24, #21
    mov     v1.s[3], w0
    lsl     x0, x24, #43
    orr     x0, x0, #0x3fc0000000000000
    mov     v2.d[0], x0
    lsl     x0, x24, #41
    mov     v2.d[1], x0
    T       frecpe v0.4s, v1.4s
    T       frsqrte v0.4s, v1.4s
    T       urecpe v0.4s, v1.4s
    T       ursqrte v0.4s, v1.4s
    T       frecpe v0.2d, v2.2d
    T       frsqrte v0.2d, v2.2d
    add     x24, x24, #1
    cmp     x24, #2048
    b.ne    2b
    add     x23, x23, #4
    cmp     x23, #8
    b.ne    1b
    mov     x0, x20
    bl      puthex
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

/*
 * run_h, run_s, run_d: call the group at x19 with V1/V2 from every pair
 * of the 28-entry table at x21 and 64 random sets, for x28 FPCR
 * settings; print the checksum.
 */
    RUN     run_h, h, x21, x28, 0x83ff, 0x83ff, 0x83ff, 0x83ff, 0x83ff, 0x83ff, 0x83ff, 0x83ff
    RUN     run_s, s, x21, x28, 0x80ffffff, 0x80ffffff, 0x80ffffff, 0x80ffffff
    RUN     run_d, d, x21, x28, 0x801fffffffffffff, 0x801fffffffffffff

    .data
    .balign 8
tbl_d:
    SPECIALS_D
    .quad   0x3ff0000000000001, 0x0004000000000000
    .quad   0x0003ffffffffffff, 0x7fc0000000000000
    .quad   0x7fd0000000000000, 0x0008000000000000
    .quad   0x7fe0000000000000, 0x001fffffffffffff
    .quad   0x400921fb54442d18, 0xc00fffffffffffff
    .quad   0x3fd5555555555555, 0xbfe8000000000000
/* doubles at the half and single boundaries */
tbl_hd:
    .quad   0x0000000000000000, 0x8000000000000000
    .quad   0x0000000000000001, 0x800fffffffffffff
    .quad   0x40effc0000000000, 0xc0effc0000000000
    .quad   0x40effe0000000000, 0x40effdffffffffff
    .quad   0x40f0000000000000, 0x40fffc0000000000
    .quad   0x40fffe0000000000, 0x7ff0000000000000
    .quad   0xfff0000000000000, 0x7ff8000000000000
    .quad   0x7ff8000012345678, 0xfff4000000000567
    .quad   0x3e70000000000000, 0x3e60000000000000
    .quad   0x3e60000000000001, 0x3f0ff80000000000
    .quad   0x3f10000000000000, 0x36a0000000000000
    .quad   0x3ff0020000000000, 0x3ff0000010000000
    .quad   0x3ff0000010000001, 0x47efffffe0000000
    .quad   0x380fffffe0000000, 0x3810000000000000
tbl_s:
    SPECIALS_S
    .word   0x3f800001, 0x00200000, 0x001fffff, 0x7e800000
    .word   0x3f000000, 0x00400000, 0x7f000000, 0x00ffffff
    .word   0x40490fdb, 0xc07fffff, 0x3eaaaaab, 0x80000001
/* singles at the half boundaries */
tbl_hs:
    .word   0x00000000, 0x80000000, 0x00000001, 0x807fffff
    .word   0x477fe000, 0xc77fe000, 0x477ff000, 0x477fefff
    .word   0x47800000, 0x47ffe000, 0x47fff000, 0x7f800000
    .word   0xff800000, 0x7fc00000, 0x7fc01234, 0xffa02567
    .word   0x33800000, 0x33000000, 0x33000001, 0x387fc000
    .word   0x38800000, 0x38ffffff, 0x3f801000, 0x3f803000
    .word   0x3f801001, 0xbf800000, 0x3eaaaaab, 0x33c00000
tbl_h:
    .hword  0x0000, 0x8000, 0x0001, 0x83ff, 0x0400, 0x8400, 0x7bff
    .hword  0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x7e12, 0xfd05, 0x7c01
    .hword  0x3c00, 0xbc00, 0x3c01, 0x1400, 0x0200, 0x7800, 0x3555
    .hword  0x7fff, 0xffff, 0x7d00, 0x03ff, 0x5bff, 0xc248, 0x0003
