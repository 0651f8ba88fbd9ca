/*
 * AdvSIMD integer saturating and scalar forms: shifts by register
 * ([SU]Q[R]SHL with QC), SUQADD/USQADD, the scalar three-same,
 * two-register misc and shift-by-immediate forms of every size, SHLL,
 * and the vector saturating/narrowing shifts by immediate at each size
 * and edge amount; then a table of unallocated encodings of these
 * groups, each of which must be UNDEFINED. Operands and checksums as in
 * simd-test.inc; V6-V9 hold small B/H/S/D elements so that left shifts
 * do not always saturate.
 */
#include "simd-test.inc"

    /* SH op: vector shift by register, each arrangement, two sources */
    .macro  SH op
    T   \op v0.16b, v1.16b, v3.16b
    T   \op v0.8b, v6.8b, v3.8b
    T   \op v0.16b, v6.16b, v3.16b
    T   \op v0.4h, v1.4h, v3.4h
    T   \op v0.8h, v7.8h, v3.8h
    T   \op v0.2s, v8.2s, v3.2s
    T   \op v0.4s, v1.4s, v3.4s
    T   \op v0.4s, v8.4s, v3.4s
    T   \op v0.2d, v1.2d, v3.2d
    T   \op v0.2d, v9.2d, v3.2d
    .endm

    /* SS op: scalar shift by register, each size, two sources */
    .macro  SS op
    T   \op b0, b1, b3
    T   \op b0, b6, b3
    T   \op h0, h1, h3
    T   \op h0, h7, h3
    T   \op s0, s1, s3
    T   \op s0, s8, s3
    T   \op d0, d1, d3
    T   \op d0, d9, d3
    .endm

    /* S3 op: scalar three same, each size */
    .macro  S3 op
    T   \op b0, b1, b2
    T   \op h0, h1, h2
    T   \op s0, s1, s2
    T   \op d0, d1, d2
    .endm

    /* S2 op: scalar two-register, each size */
    .macro  S2 op
    T   \op b0, b1
    T   \op h0, h1
    T   \op s0, s1
    T   \op d0, d1
    .endm

    /* V2 op: vector two-register, each arrangement */
    .macro  V2 op
    .irp    t, 16b, 8b, 8h, 4h, 4s, 2s, 2d
    T   \op v0.\t, v1.\t
    .endr
    .endm

    /* SI op, b, h, s, d: scalar shift by immediate, each size */
    .macro  SI op, b, h, s, d
    T   \op b0, b1, #\b
    T   \op b0, b6, #\b
    T   \op h0, h1, #\h
    T   \op h0, h7, #\h
    T   \op s0, s1, #\s
    T   \op s0, s8, #\s
    T   \op d0, d1, #\d
    T   \op d0, d9, #\d
    .endm

    /* VI op, b, h, s, d: vector shift by immediate, each size */
    .macro  VI op, b, h, s, d
    T   \op v0.16b, v6.16b, #\b
    T   \op v0.8b, v1.8b, #\b
    T   \op v0.8h, v7.8h, #\h
    T   \op v0.4h, v1.4h, #\h
    T   \op v0.4s, v8.4s, #\s
    T   \op v0.2s, v1.2s, #\s
    T   \op v0.2d, v9.2d, #\d
    T   \op v0.2d, v1.2d, #\d
    .endm

    /* NI op, b, h, s: narrowing shift by immediate, scalar and vector */
    .macro  NI op, b, h, s
    T   \op b0, h1, #\b
    T   \op h0, s1, #\h
    T   \op s0, d1, #\s
    T   \op v0.8b, v1.8h, #\b
    T   \op\()2 v0.16b, v1.8h, #\b
    T   \op v0.4h, v1.4s, #\h
    T   \op\()2 v0.8h, v1.4s, #\h
    T   \op v0.2s, v1.2d, #\s
    T   \op\()2 v0.4s, v1.2d, #\s
    .endm

    START
    SET_VBAR
    G   /* saturating shifts by register */
    SH  sqshl
    SH  uqshl
    SH  sqrshl
    SH  uqrshl
    SS  sqshl
    SS  uqshl
    SS  sqrshl
    SS  uqrshl
    ENDG
    G   /* SUQADD, USQADD; scalar three same */
    V2  suqadd
    V2  usqadd
    S2  suqadd
    S2  usqadd
    S3  sqadd
    S3  uqadd
    S3  sqsub
    S3  uqsub
    T   sqdmulh h0, h1, h2
    T   sqdmulh s0, s1, s2
    T   sqrdmulh h0, h1, h2
    T   sqrdmulh s0, s1, s2
    .irp    op, cmgt, cmhi, cmge, cmhs, sshl, ushl, srshl, urshl, add, sub, \
            cmtst, cmeq
    T   \op d0, d1, d2
    .endr
    T   sshl d0, d9, d3
    T   urshl d0, d1, d3
    T   srshl d0, d9, d3
    ENDG
    G   /* scalar two-register misc; SHLL */
    S2  sqabs
    S2  sqneg
    .irp    op, sqxtn, uqxtn, sqxtun
    T   \op b0, h1
    T   \op h0, s1
    T   \op s0, d1
    .endr
    T   cmgt d0, d1, #0
    T   cmge d0, d1, #0
    T   cmeq d0, d1, #0
    T   cmle d0, d1, #0
    T   cmlt d0, d1, #0
    T   abs d0, d1
    T   neg d0, d1
    T   shll v0.8h, v1.8b, #8
    T   shll2 v0.8h, v1.16b, #8
    T   shll v0.4s, v1.4h, #16
    T   shll2 v0.4s, v1.8h, #16
    T   shll v0.2d, v1.2s, #32
    T   shll2 v0.2d, v1.4s, #32
    T   sqxtun2 v0.16b, v1.8h
    T   uqxtn v0.4h, v1.4s
    T   sqxtn2 v0.4s, v1.2d
    T   sqabs v0.2d, v1.2d
    T   sqneg v0.16b, v1.16b
    ENDG
    G   /* saturating shifts by immediate, scalar and vector */
    SI  sqshl, 0, 0, 0, 0
    SI  sqshl, 3, 9, 20, 40
    SI  sqshl, 7, 15, 31, 63
    SI  uqshl, 1, 4, 17, 33
    SI  uqshl, 7, 15, 31, 63
    SI  sqshlu, 0, 0, 0, 0
    SI  sqshlu, 2, 11, 5, 60
    VI  sqshl, 1, 3, 9, 30
    VI  uqshl, 4, 0, 31, 63
    VI  sqshlu, 7, 15, 1, 0
    VI  sqshlu, 3, 8, 30, 31
    ENDG
    G   /* narrowing shifts by immediate, scalar and vector */
    NI  sqshrn, 1, 16, 7
    NI  sqshrn, 8, 3, 32
    NI  uqshrn, 3, 1, 32
    NI  uqshrn, 8, 16, 9
    NI  sqrshrn, 1, 9, 32
    NI  sqrshrn, 8, 16, 1
    NI  uqrshrn, 8, 2, 31
    NI  uqrshrn, 1, 16, 32
    NI  sqshrun, 2, 16, 32
    NI  sqshrun, 8, 1, 3
    NI  sqrshrun, 8, 16, 32
    NI  sqrshrun, 1, 5, 1
    T   shrn v0.4h, v1.4s, #16
    T   rshrn2 v0.16b, v1.8h, #8
    T   rshrn v0.2s, v1.2d, #32
    ENDG
    G   /* D shifts by immediate, with rounding edges; USHR/SHL lanes */
    .irp    n, 1, 33, 63, 64
    T   sshr d0, d1, #\n
    T   ushr d0, d1, #\n
    T   ssra d0, d1, #\n
    T   usra d0, d1, #\n
    T   srshr d0, d1, #\n
    T   urshr d0, d1, #\n
    T   srsra d0, d1, #\n
    T   ursra d0, d1, #\n
    T   sri d0, d1, #\n
    .endr
    .irp    n, 0, 1, 31, 63
    T   shl d0, d1, #\n
    T   sli d0, d1, #\n
    .endr
    T   urshr v0.16b, v1.16b, #8
    T   srshr v0.8h, v1.8h, #16
    T   ursra v0.4s, v1.4s, #32
    T   srsra v0.2d, v1.2d, #64
    T   urshr v0.2d, v1.2d, #1
    T   ushr v0.8b, v1.8b, #1
    T   ushr v0.8h, v1.8h, #5
    T   ushr v0.4s, v1.4s, #9
    T   ushr v0.2s, v1.2s, #31
    T   ushr v0.2d, v1.2d, #64
    T   ushr v0.2d, v1.2d, #1
    T   shl v0.16b, v1.16b, #0
    T   shl v0.4h, v1.4h, #15
    T   shl v0.4s, v1.4s, #13
    T   shl v0.2d, v1.2d, #0
    T   sshr v0.8h, v1.8h, #16
    T   sshr v0.16b, v1.16b, #3
    ENDG
    bl      putnl
    bl      undefs
    FINISH

/*
 * Unallocated encodings in the integer groups: each must take an
 * Undefined Instruction exception (the handler adds ESR to x24 and
 * steps over it). Prints the sum of ESRs and the checksum of V0.
 */
undefs:
    stp     x29, x30, [sp, #-16]!
    mov     x24, #0
    RANDV   0
    RANDV   1
    RANDV   2
    .inst   0x4ee00400      /* shadd v0.2d: size 3 */
    .inst   0x6ee02400      /* uhsub v0.2d */
    .inst   0x4ee06400      /* smax v0.2d */
    .inst   0x0ee00c20      /* sqadd v0.1d: Q = 0, size 3 */
    .inst   0x0ee04c20      /* sqshl v0.1d */
    .inst   0x5e208c20      /* scalar opcode 10001 size 0 (cmtst b0) */
    .inst   0x5e208420      /* scalar add b0 */
    .inst   0x5e20b420      /* scalar sqdmulh b0 */
    .inst   0x5ee0b420      /* scalar sqdmulh d0 */
    .inst   0x0e20b420      /* sqdmulh v0.8b */
    .inst   0x0ee0bc20      /* addp v0.1d */
    .inst   0x2e609c20      /* pmul v0.4h */
    .inst   0x0ee00020      /* 3diff size 3: saddl */
    .inst   0x0e20f020      /* 3diff opcode 1111 */
    .inst   0x0e209020      /* sqdmlal size 0 */
    .inst   0x2e609020      /* U = 1 sqdmlal */
    .inst   0x0e60e020      /* pmull size 1 */
    .inst   0x5e600020      /* scalar 3diff saddl */
    .inst   0x5ea0c020      /* scalar 3diff smull */
    .inst   0x0f408020      /* mul by element, size 1 ok: control */
    .inst   0x0f008020      /* mul by element size 0 */
    .inst   0x0fc08020      /* mul by element size 3 */
    .inst   0x0f40a020      /* smull by element: control */
    .inst   0x5f408020      /* scalar mul by element */
    .inst   0x7f40c020      /* scalar U = 1 sqdmulh by element */
    .inst   0x5f402020      /* scalar smlal by element */
    .inst   0x2f408020      /* U = 1 opcode 1000 (FMLAL2 without FHM) */
    .inst   0x0f40e020      /* sdot by element, size 1 */
    .inst   0x0e203820      /* suqadd: control */
    .inst   0x0ee03820      /* suqadd v0.1d */
    .inst   0x5e212820      /* scalar xtn */
    .inst   0x2ee12820      /* xtn size 3 */
    .inst   0x0e213820      /* shll with U = 0 */
    .inst   0x2ee13820      /* shll size 3 */
    .inst   0x5e20b820      /* scalar abs b0 */
    .inst   0x2e201820      /* U = 1 opcode 00001 (rev16) */
    .inst   0x5f090420      /* scalar sshr b0 */
    .inst   0x5f090c20      /* scalar shl... ssra size 0 */
    .inst   0x5f098420      /* scalar shrn */
    .inst   0x7f498420      /* scalar sqshrun from d (immh 1xxx) */
    .inst   0x5f09a420      /* scalar sshll */
    .inst   0x0f486420      /* sqshlu U = 0 */
    .inst   0x0f485420      /* shl v0.1d */
    .inst   0x5f000420      /* scalar immh = 0 */
    mov     x0, x24
    bl      puthex
    mov     x0, v0.d[0]
    MIX     x0
    mov     x0, v0.d[1]
    MIX     x0
    mov     x0, x20
    bl      puthex
    ldp     x29, x30, [sp], #16
    ret

/* synchronous exceptions at EL1: sum_esr_step adds ESR to x24, steps over */
    VECTORS sum_esr_step
