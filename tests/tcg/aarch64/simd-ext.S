/*
 * The integer AdvSIMD forms of later extensions: SQRDMLAH/SQRDMLSH
 * (FEAT_RDM), the dot products (FEAT_DotProd) and USDOT/SUDOT and the
 * matrix multiplies (FEAT_I8MM), vector, scalar and by element, as
 * simd-long.S does. Kestrel implements them but executes them only
 * when the model advertises them (ID_AA64ISAR0_EL1.RDM, DP,
 * ID_AA64ISAR1_EL1.I8MM); the reference's -cpu max does. Not in
 * tests/tcg/meson.build until -cpu max advertises the three.
 */
#include "simd-test.inc"

    .arch   armv8.6-a+i8mm

    START
    G   /* SQRDMLAH, SQRDMLSH: vector, scalar, by element */
    mov     v15.16b, v2.16b
    ext     v18.16b, v2.16b, v2.16b, #8
    .irp    op, sqrdmlah, sqrdmlsh
    T   \op v0.4h, v1.4h, v2.4h
    T   \op v0.8h, v1.8h, v2.8h
    T   \op v0.2s, v1.2s, v2.2s
    T   \op v0.4s, v1.4s, v2.4s
    T   \op h0, h1, h2
    T   \op s0, s1, s2
    T   \op v0.4h, v1.4h, v2.h[5]
    T   \op v0.8h, v1.8h, v15.h[7]
    T   \op v0.2s, v1.2s, v18.s[1]
    T   \op v0.4s, v1.4s, v2.s[3]
    T   \op h0, h1, v2.h[2]
    T   \op s0, s1, v18.s[0]
    .endr
    ENDG
    G   /* dot products, matrix multiplies */
    ext     v18.16b, v2.16b, v2.16b, #8
    T   sdot v0.2s, v1.8b, v2.8b
    T   sdot v0.4s, v1.16b, v2.16b
    T   udot v0.2s, v1.8b, v2.8b
    T   udot v0.4s, v1.16b, v2.16b
    T   usdot v0.2s, v1.8b, v2.8b
    T   usdot v0.4s, v1.16b, v2.16b
    T   sdot v0.2s, v1.8b, v2.4b[1]
    T   sdot v0.4s, v1.16b, v18.4b[3]
    T   udot v0.2s, v1.8b, v18.4b[2]
    T   udot v0.4s, v1.16b, v2.4b[0]
    T   usdot v0.2s, v1.8b, v2.4b[3]
    T   usdot v0.4s, v1.16b, v18.4b[1]
    T   sudot v0.2s, v1.8b, v18.4b[0]
    T   sudot v0.4s, v1.16b, v2.4b[2]
    T   smmla v0.4s, v1.16b, v2.16b
    T   ummla v0.4s, v1.16b, v2.16b
    T   usmmla v0.4s, v1.16b, v2.16b
    ENDG
    FINISH
