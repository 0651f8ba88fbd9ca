/*
 * AdvSIMD three different (long, wide, narrowing, PMULL) and integer
 * by-element forms, vector ("2" forms too) and scalar, on ITERS operand
 * sets per group biased to saturation edges (simd-test.inc): V0 and
 * FPSR.QC after each instruction are checksummed, one checksum printed
 * per group.
 */
#include "simd-test.inc"

    .arch_extension aes

    /* L op: the long form of op on each size, low and high halves */
    .macro  L op
    T   \op v0.8h, v1.8b, v2.8b
    T   \op\()2 v0.8h, v1.16b, v2.16b
    T   \op v0.4s, v1.4h, v2.4h
    T   \op\()2 v0.4s, v1.8h, v2.8h
    T   \op v0.2d, v1.2s, v2.2s
    T   \op\()2 v0.2d, v1.4s, v2.4s
    .endm

    /* W op: the wide form */
    .macro  W op
    T   \op v0.8h, v1.8h, v2.8b
    T   \op\()2 v0.8h, v1.8h, v2.16b
    T   \op v0.4s, v1.4s, v2.4h
    T   \op\()2 v0.4s, v1.4s, v2.8h
    T   \op v0.2d, v1.2d, v2.2s
    T   \op\()2 v0.2d, v1.2d, v2.4s
    .endm

    /* N op: the narrowing form */
    .macro  N op
    T   \op v0.8b, v1.8h, v2.8h
    T   \op\()2 v0.16b, v1.8h, v2.8h
    T   \op v0.4h, v1.4s, v2.4s
    T   \op\()2 v0.8h, v1.4s, v2.4s
    T   \op v0.2s, v1.2d, v2.2d
    T   \op\()2 v0.4s, v1.2d, v2.2d
    .endm

    /* D op: the doubling forms (H and S only), vector and scalar */
    .macro  D op
    T   \op v0.4s, v1.4h, v2.4h
    T   \op\()2 v0.4s, v1.8h, v2.8h
    T   \op v0.2d, v1.2s, v2.2s
    T   \op\()2 v0.2d, v1.4s, v2.4s
    T   \op s0, h1, h2
    T   \op d0, s1, s2
    .endm

    /* E op, i, j: a long by-element form, H element i, S element j */
    .macro  E op, i, j
    T   \op v0.4s, v1.4h, v2.h[\i]
    T   \op\()2 v0.4s, v1.8h, v15.h[\i]
    T   \op v0.2d, v1.2s, v2.s[\j]
    T   \op\()2 v0.2d, v1.4s, v18.s[\j]
    .endm

    START
    G   /* long and wide add/sub, absolute difference */
    L   saddl
    L   uaddl
    L   ssubl
    L   usubl
    L   sabal
    L   uabal
    L   sabdl
    L   uabdl
    W   saddw
    W   uaddw
    W   ssubw
    W   usubw
    ENDG
    G   /* narrowing high half */
    N   addhn
    N   raddhn
    N   subhn
    N   rsubhn
    ENDG
    G   /* long multiplies, PMULL */
    L   smlal
    L   umlal
    L   smlsl
    L   umlsl
    L   smull
    L   umull
    T   pmull v0.8h, v1.8b, v2.8b
    T   pmull2 v0.8h, v1.16b, v2.16b
    T   pmull v0.1q, v1.1d, v2.1d
    T   pmull2 v0.1q, v1.2d, v2.2d
    ENDG
    G   /* saturating doubling long multiplies */
    D   sqdmull
    D   sqdmlal
    D   sqdmlsl
    ENDG
    G   /* by element: same size */
    mov     v15.16b, v2.16b
    ext     v18.16b, v2.16b, v2.16b, #8
    T   mul v0.4h, v1.4h, v2.h[0]
    T   mul v0.8h, v1.8h, v15.h[7]
    T   mul v0.2s, v1.2s, v2.s[3]
    T   mul v0.4s, v1.4s, v18.s[1]
    T   mla v0.4h, v1.4h, v2.h[5]
    T   mla v0.8h, v1.8h, v2.h[2]
    T   mla v0.2s, v1.2s, v18.s[0]
    T   mla v0.4s, v1.4s, v2.s[2]
    T   mls v0.4h, v1.4h, v15.h[3]
    T   mls v0.8h, v1.8h, v2.h[6]
    T   mls v0.2s, v1.2s, v2.s[1]
    T   mls v0.4s, v1.4s, v18.s[3]
    T   sqdmulh v0.4h, v1.4h, v2.h[7]
    T   sqdmulh v0.8h, v1.8h, v2.h[1]
    T   sqdmulh v0.2s, v1.2s, v18.s[2]
    T   sqdmulh v0.4s, v1.4s, v2.s[3]
    T   sqrdmulh v0.4h, v1.4h, v2.h[3]
    T   sqrdmulh v0.8h, v1.8h, v15.h[7]
    T   sqrdmulh v0.2s, v1.2s, v2.s[1]
    T   sqrdmulh v0.4s, v1.4s, v18.s[0]
    T   sqdmulh h0, h1, v2.h[7]
    T   sqdmulh s0, s1, v18.s[1]
    T   sqrdmulh h0, h1, v15.h[3]
    T   sqrdmulh s0, s1, v2.s[3]
    ENDG
    G   /* by element: long */
    mov     v15.16b, v2.16b
    ext     v18.16b, v2.16b, v2.16b, #8
    E   smull, 0, 1
    E   umull, 7, 3
    E   smlal, 3, 2
    E   umlal, 5, 0
    E   smlsl, 6, 3
    E   umlsl, 1, 2
    E   sqdmull, 7, 3
    E   sqdmull, 2, 0
    E   sqdmlal, 3, 1
    E   sqdmlal, 0, 3
    E   sqdmlsl, 5, 2
    E   sqdmlsl, 7, 0
    T   sqdmull s0, h1, v2.h[7]
    T   sqdmull d0, s1, v18.s[1]
    T   sqdmlal s0, h1, v15.h[3]
    T   sqdmlal d0, s1, v2.s[3]
    T   sqdmlsl s0, h1, v2.h[0]
    T   sqdmlsl d0, s1, v2.s[2]
    ENDG
    FINISH
