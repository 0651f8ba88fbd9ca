/*
 * AdvSIMD integer instructions on 96 operand triples per group (random
 * lanes, equal and near-equal lanes, extreme values): each instruction
 * runs with V0 = a random destination, V1, V2 the sources (V3, V4 for
 * the four-register TBL); V0 and FPSR (QC) are checksummed, one
 * checksum printed per group. Ends with the bitwise and FMOV moves.
 */
#include "check.inc"

    /* T insn: run insn on fresh operands, fold V0 and FPSR in */
    .macro  T insn:vararg
    mov     v0.16b, v5.16b
    \insn
    bl      mixv0
    .endm

    /* G label: the loop of one group; its body follows, then ENDG */
    .macro  G
    mov     x21, #0
1:  bl      operands
    .endm
    .macro  ENDG
    add     x21, x21, #1
    cmp     x21, #96
    b.ne    1b
    mov     x0, x20
    bl      puthex
    .endm

    MAIN
    ENABLE_FP
    mov     x20, #0x31
    ldr     x22, =0x9e3779b97f4a7c15

    G   /* bitwise, moves, element copies */
    T   and v0.16b, v1.16b, v2.16b
    T   orr v0.8b, v1.8b, v2.8b
    T   eor v0.16b, v1.16b, v2.16b
    T   bic v0.16b, v1.16b, v2.16b
    T   orn v0.8b, v1.8b, v2.8b
    T   bsl v0.16b, v1.16b, v2.16b
    T   bit v0.16b, v1.16b, v2.16b
    T   bif v0.8b, v1.8b, v2.8b
    T   not v0.16b, v1.16b
    T   mov v0.16b, v1.16b
    T   dup v0.16b, v1.b[13]
    T   dup v0.4h, v1.h[6]
    T   dup v0.4s, v1.s[3]
    T   dup v0.2d, v1.d[1]
    T   dup v0.8b, w9
    T   dup v0.8h, w9
    T   dup v0.2s, w9
    T   dup v0.2d, x9
    T   ins v0.b[11], w9
    T   ins v0.h[2], w9
    T   ins v0.s[3], w9
    T   ins v0.d[1], x9
    T   ins v0.b[1], v1.b[15]
    T   ins v0.h[7], v1.h[0]
    T   ins v0.s[0], v1.s[2]
    T   ins v0.d[0], v1.d[1]
    T   mov b0, v1.b[9]
    T   mov h0, v1.h[3]
    T   mov s0, v1.s[1]
    T   mov d0, v1.d[1]
    ENDG
    G   /* to general registers; FMOV */
    umov    w10, v1.b[7]
    MIX     x10
    umov    w10, v1.h[5]
    MIX     x10
    umov    w10, v1.s[3]
    MIX     x10
    umov    x10, v1.d[1]
    MIX     x10
    smov    w10, v1.b[15]
    MIX     x10
    smov    x10, v1.b[2]
    MIX     x10
    smov    w10, v1.h[7]
    MIX     x10
    smov    x10, v1.h[1]
    MIX     x10
    smov    x10, v1.s[3]
    MIX     x10
    fmov    w10, s1
    MIX     x10
    fmov    x10, d2
    MIX     x10
    fmov    x10, v2.d[1]
    MIX     x10
    T   fmov s0, w9
    T   fmov d0, x9
    T   fmov v0.d[1], x9
    T   fmov s0, s1
    T   fmov d0, d2
    T   fabs s0, s1
    T   fabs d0, d2
    T   fneg s0, s1
    T   fneg d0, d2
    T   fmov s0, #1.0
    T   fmov d0, #-0.1875
    T   fmov s0, #31.0
    T   fcsel s0, s1, s2, eq
    T   fcsel d0, d1, d2, lt
    ENDG
    G   /* modified immediate */
    T   movi v0.16b, #0xa5
    T   movi v0.4h, #0x3c, lsl #8
    T   movi v0.2s, #0x7f, lsl #24
    T   movi v0.4s, #0x12, msl #16
    T   movi v0.2s, #0x34, msl #8
    T   movi d0, #0xff00ff0000ffff00
    T   movi v0.2d, #0x00ff00ffff0000ff
    T   mvni v0.8h, #0x81
    T   mvni v0.4s, #0x42, lsl #16
    T   mvni v0.2s, #0x9, msl #16
    T   orr v0.4s, #0x80, lsl #8
    T   orr v0.4h, #0x11, lsl #8
    T   bic v0.8h, #0xff
    T   bic v0.2s, #0xf0, lsl #24
    T   fmov v0.4s, #-2.5
    T   fmov v0.2s, #0.125
    T   fmov v0.2d, #17.0
    ENDG
    G   /* add/sub/compare, all sizes */
    .irp    t, 16b, 8b, 8h, 4h, 4s, 2s, 2d
    T   add v0.\t, v1.\t, v2.\t
    T   sub v0.\t, v1.\t, v2.\t
    T   cmeq v0.\t, v1.\t, v2.\t
    T   cmhs v0.\t, v1.\t, v2.\t
    T   cmhi v0.\t, v1.\t, v2.\t
    T   cmgt v0.\t, v1.\t, v2.\t
    T   cmge v0.\t, v1.\t, v2.\t
    T   cmtst v0.\t, v1.\t, v2.\t
    T   cmeq v0.\t, v1.\t, #0
    T   cmgt v0.\t, v1.\t, #0
    T   cmge v0.\t, v1.\t, #0
    T   cmle v0.\t, v1.\t, #0
    T   cmlt v0.\t, v1.\t, #0
    T   abs v0.\t, v1.\t
    T   neg v0.\t, v1.\t
    T   sshl v0.\t, v1.\t, v2.\t
    T   ushl v0.\t, v1.\t, v2.\t
    T   srshl v0.\t, v1.\t, v2.\t
    T   urshl v0.\t, v1.\t, v2.\t
    .endr
    T   add d0, d1, d2
    T   sub d0, d1, d2
    T   cmeq d0, d1, d2
    T   cmhi d0, d1, d2
    T   cmge d0, d1, d2
    T   cmtst d0, d1, d2
    T   cmeq d0, d1, #0
    T   cmlt d0, d1, #0
    T   abs d0, d1
    T   neg d0, d1
    T   sshl d0, d1, d2
    ENDG
    G   /* min/max, halving, saturating, multiply, pairwise */
    .irp    t, 16b, 8b, 8h, 4h, 4s, 2s
    T   umax v0.\t, v1.\t, v2.\t
    T   umin v0.\t, v1.\t, v2.\t
    T   smax v0.\t, v1.\t, v2.\t
    T   smin v0.\t, v1.\t, v2.\t
    T   uabd v0.\t, v1.\t, v2.\t
    T   saba v0.\t, v1.\t, v2.\t
    T   shadd v0.\t, v1.\t, v2.\t
    T   urhadd v0.\t, v1.\t, v2.\t
    T   uhsub v0.\t, v1.\t, v2.\t
    T   sqadd v0.\t, v1.\t, v2.\t
    T   uqadd v0.\t, v1.\t, v2.\t
    T   sqsub v0.\t, v1.\t, v2.\t
    T   uqsub v0.\t, v1.\t, v2.\t
    T   mul v0.\t, v1.\t, v2.\t
    T   mla v0.\t, v1.\t, v2.\t
    T   mls v0.\t, v1.\t, v2.\t
    T   umaxp v0.\t, v1.\t, v2.\t
    T   uminp v0.\t, v1.\t, v2.\t
    T   smaxp v0.\t, v1.\t, v2.\t
    T   addp v0.\t, v1.\t, v2.\t
    T   sqabs v0.\t, v1.\t
    T   sqneg v0.\t, v1.\t
    .endr
    T   addp v0.2d, v1.2d, v2.2d
    T   addp d0, v1.2d
    T   sqadd v0.2d, v1.2d, v2.2d
    T   uqsub v0.2d, v1.2d, v2.2d
    T   pmul v0.16b, v1.16b, v2.16b
    T   sqdmulh v0.8h, v1.8h, v2.8h
    T   sqrdmulh v0.2s, v1.2s, v2.2s
    T   sqdmulh v0.4s, v1.4s, v2.4s
    ENDG
    G   /* across lanes, long pairwise, narrowing */
    T   addv b0, v1.16b
    T   addv b0, v1.8b
    T   addv h0, v1.8h
    T   addv h0, v1.4h
    T   addv s0, v1.4s
    T   umaxv b0, v1.16b
    T   umaxv h0, v1.4h
    T   umaxv s0, v1.4s
    T   uminv b0, v1.8b
    T   uminv h0, v1.8h
    T   smaxv b0, v1.16b
    T   sminv s0, v1.4s
    T   uaddlv h0, v1.16b
    T   saddlv s0, v1.8h
    T   uaddlv d0, v1.4s
    T   uaddlp v0.8h, v1.16b
    T   saddlp v0.2s, v1.4h
    T   uadalp v0.2d, v1.4s
    T   xtn v0.8b, v1.8h
    T   xtn2 v0.16b, v1.8h
    T   xtn v0.4h, v1.4s
    T   xtn2 v0.4s, v1.2d
    T   sqxtn v0.8b, v1.8h
    T   uqxtn2 v0.8h, v1.4s
    T   sqxtun v0.2s, v1.2d
    ENDG
    G   /* shifts by immediate */
    T   ushr v0.16b, v1.16b, #3
    T   ushr v0.4h, v1.4h, #16
    T   sshr v0.4s, v1.4s, #31
    T   sshr v0.2d, v1.2d, #64
    T   ushr d0, d1, #12
    T   sshr d0, d1, #63
    T   shl v0.16b, v1.16b, #7
    T   shl v0.8h, v1.8h, #1
    T   shl v0.2s, v1.2s, #20
    T   shl v0.2d, v1.2d, #63
    T   shl d0, d1, #5
    T   usra v0.8h, v1.8h, #4
    T   ssra v0.2d, v1.2d, #33
    T   urshr v0.16b, v1.16b, #8
    T   srshr v0.4s, v1.4s, #1
    T   srsra v0.8b, v1.8b, #2
    T   sri v0.4h, v1.4h, #5
    T   sli v0.4s, v1.4s, #9
    T   sri d0, d1, #64
    T   sli d0, d1, #0
    T   shrn v0.8b, v1.8h, #4
    T   shrn2 v0.16b, v1.8h, #8
    T   shrn v0.4h, v1.4s, #16
    T   shrn v0.2s, v1.2d, #1
    T   rshrn v0.8b, v1.8h, #3
    T   sqshrn v0.4h, v1.4s, #5
    T   uqshrn2 v0.4s, v1.2d, #17
    T   sqrshrun v0.8b, v1.8h, #2
    T   sqshrun2 v0.8h, v1.4s, #9
    T   uqrshrn v0.2s, v1.2d, #32
    T   sshll v0.8h, v1.8b, #3
    T   ushll2 v0.4s, v1.8h, #0
    T   sshll2 v0.2d, v1.4s, #31
    T   sqshl v0.16b, v1.16b, #3
    T   uqshl v0.4s, v1.4s, #20
    T   sqshlu v0.2d, v1.2d, #40
    ENDG
    G   /* permutes, tables, EXT, REV, CNT */
    .irp    t, 16b, 8b, 8h, 4h, 4s, 2s, 2d
    T   zip1 v0.\t, v1.\t, v2.\t
    T   zip2 v0.\t, v1.\t, v2.\t
    T   uzp1 v0.\t, v1.\t, v2.\t
    T   uzp2 v0.\t, v1.\t, v2.\t
    T   trn1 v0.\t, v1.\t, v2.\t
    T   trn2 v0.\t, v1.\t, v2.\t
    .endr
    T   ext v0.16b, v1.16b, v2.16b, #7
    T   ext v0.8b, v1.8b, v2.8b, #3
    T   ext v0.16b, v1.16b, v2.16b, #0
    T   tbl v0.16b, {v1.16b}, v2.16b
    T   tbl v0.8b, {v1.16b, v2.16b}, v6.8b
    T   tbx v0.16b, {v1.16b, v2.16b, v3.16b}, v6.16b
    T   tbx v0.8b, {v1.16b, v2.16b, v3.16b, v4.16b}, v6.8b
    T   tbl v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v6.16b
    T   rev64 v0.16b, v1.16b
    T   rev64 v0.4h, v1.4h
    T   rev64 v0.4s, v1.4s
    T   rev32 v0.8b, v1.8b
    T   rev32 v0.8h, v1.8h
    T   rev16 v0.16b, v1.16b
    T   cnt v0.16b, v1.16b
    T   cnt v0.8b, v1.8b
    T   rbit v0.16b, v1.16b
    T   clz v0.8h, v1.8h
    T   cls v0.4s, v1.4s
    T   clz v0.16b, v1.16b
    T   cls v0.8b, v1.8b
    ENDG
    bl      putnl

    PRINTSUM
    RETURN0

/*
 * Operands for iteration x21: V1, V2, V3, V4, V5 (the destination's
 * start), x9, V6 (small table indexes). Every fourth iteration V2 = V1;
 * others flip a few bits of V1, or use extremes (0, -1, MIN, MAX).
 */
operands:
    stp     x29, x30, [sp, #-16]!
    .irp    n, 1, 2, 3, 4, 5
    RANDV   \n
    .endr
    bl      rand
    mov     x9, x0
    bl      rand
    and     x0, x0, #0x3f3f3f3f3f3f3f3f
    mov     v6.d[0], x0
    bl      rand
    and     x0, x0, #0x3f3f3f3f3f3f3f3f
    mov     v6.d[1], x0
    and     x1, x21, #7
    cmp     x1, #0
    b.ne    1f
    mov     v2.16b, v1.16b
1:  cmp     x1, #1
    b.ne    2f
    movi    v7.16b, #0x80
    and     v7.16b, v7.16b, v3.16b
    eor     v2.16b, v1.16b, v7.16b
2:  cmp     x1, #2
    b.ne    3f
    movi    v7.2d, #0xff00ff00ff00ff00
    mvni    v8.4s, #0x80, lsl #24
    bit     v1.16b, v8.16b, v7.16b
3:  cmp     x1, #3
    b.ne    4f
    movi    v7.2d, #0x0000ffffffff0000
    movi    v8.4s, #0x80, lsl #24
    bit     v2.16b, v8.16b, v7.16b
    movi    v7.2d, #0xffff00000000ffff
    bif     v1.16b, v8.16b, v7.16b
4:  cmp     x1, #4
    b.ne    5f
    movi    v7.16b, #0x7
    and     v2.16b, v2.16b, v7.16b
    and     v1.16b, v1.16b, v3.16b
5:  cmp     x1, #5
    b.ne    6f
    movi    v1.2d, #0
    movi    v7.16b, #0x81
    and     v2.16b, v2.16b, v7.16b
6:  ldp     x29, x30, [sp], #16
    ret
