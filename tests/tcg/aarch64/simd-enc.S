/*
 * Encoding sweep of the AdvSIMD integer groups (ARM ARM C4.1.6): every
 * Q/U/size/opcode combination of three same, three different,
 * two-register misc, across lanes, vector x indexed element and shift
 * by immediate (every immh), vector and scalar; copy, modified
 * immediate (not FP16), permute, table lookup and extract. Skipped: the
 * FP opcodes, and those of extensions that the reference's -cpu max
 * has and Kestrel's does not advertise (FHM, FCMA; RDM and DotProd are
 * in simd-ext.S). Each word runs with Vd = V0, Vn = V1, Vm = V2 on
 * ITERS operand sets (simd-test.inc); an Undefined Instruction
 * exception adds ESR to x24 and steps over it. V0, X0, FPSR and x24 are
 * checksummed, so a wrongly allocated or unallocated encoding (or a
 * wrong result) changes the group's checksum.
 */
#include "simd-test.inc"

    /* X word: run one encoding (Rd = 0, Rn = 1, Rm = 2) */
    .macro  X word
    mov     v0.16b, v5.16b
    .inst   (\word) | (2 << 16) | (1 << 5)
    bl      mixenc
    .endm

    /* XN word: the same without Rm (its bits are an immediate) */
    .macro  XN word
    mov     v0.16b, v5.16b
    .inst   (\word) | (1 << 5)
    bl      mixenc
    .endm

    /* XQ word, scalar: word, and for a vector group its Q = 1 form */
    .macro  XQ word, scalar
    X       \word
    .if     \scalar == 0
    X       (\word) | (1 << 30)
    .endif
    .endm

    /* over U and size (and Q) */
    .macro  USQ base, op, shift, scalar
    .irp    u, 0, 1
    .irp    size, 0, 1, 2, 3
    XQ      \base | (\u << 29) | (\size << 22) | (\op << \shift), \scalar
    .endr
    .endr
    .endm

    /* by element: size (and Q), two indexes (H:L:M 000 and 101) */
    .macro  BYE base, u, op, scalar
    .irp    size, 0, 1, 2, 3
    .irp    hlm, 0, 0x100800
    XQ      \base | (\u << 29) | (\size << 22) | (\op << 12) | \hlm, \scalar
    .endr
    .endr
    .endm

    /* shift by immediate: U, every immh (immb = 5) (and Q) */
    .macro  SHI base, op, scalar
    .irp    u, 0, 1
    .irp    immh, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    XQ      \base | (\u << 29) | (\immh << 19) | (5 << 16) | (\op << 11), \
            \scalar
    .endr
    .endr
    .endm

    START
    SET_VBAR
    mov     x24, #0
    G   /* three same (not the FP opcodes 11xxx) */
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
            16, 17, 18, 19, 20, 21, 22, 23
    USQ     0x0e200400, \op, 11, 0
    USQ     0x5e200400, \op, 11, 1
    .endr
    ENDG
    G   /* three different */
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    USQ     0x0e200000, \op, 12, 0
    USQ     0x5e200000, \op, 12, 1
    .endr
    ENDG
    G   /* two-register misc (not FP), across lanes (not FP) */
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21
    USQ     0x0e200800, \op, 12, 0
    USQ     0x5e200800, \op, 12, 1
    .endr
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, \
            21, 22, 23, 24, 25, 26, 27
    USQ     0x0e300800, \op, 12, 0
    .endr
    ENDG
    G   /* vector and scalar x indexed element (ARMv8.0 opcodes) */
    .irp    op, 2, 3, 6, 7, 8, 10, 11, 12, 13
    BYE     0x0f000000, 0, \op, 0
    BYE     0x5f000000, 0, \op, 1
    .endr
    .irp    op, 0, 2, 4, 6, 10, 11
    BYE     0x0f000000, 1, \op, 0
    BYE     0x5f000000, 1, \op, 1
    .endr
    ENDG
    G   /* shift by immediate (not the fixed-point conversions) */
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
            16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 29, 30
    SHI     0x0f000400, \op, 0
    SHI     0x5f000400, \op, 1
    .endr
    ENDG
    G   /* copy (incl. the general-register forms), modified immediate */
    .irp    imm5, 0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 16, 17, 24, 31
    .irp    imm4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    XN      0x0e000400 | (\imm5 << 16) | (\imm4 << 11)
    XN      0x2e000400 | (\imm5 << 16) | (\imm4 << 11)
    XN      0x4e000400 | (\imm5 << 16) | (\imm4 << 11)
    XN      0x6e000400 | (\imm5 << 16) | (\imm4 << 11)
    XN      0x5e000400 | (\imm5 << 16) | (\imm4 << 11)
    XN      0x7e000400 | (\imm5 << 16) | (\imm4 << 11)
    .endr
    .endr
    .irp    cmode, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    .irp    qop, 0, 1, 2, 3
    XN      0x0f000400 | (\qop << 29) | (\cmode << 12) | (5 << 16)
    .endr
    .endr
    ENDG
    G   /* permute, table lookup, extract */
    .irp    op, 0, 1, 2, 3, 4, 5, 6, 7
    USQ     0x0e000800, \op, 12, 0
    .endr
    .irp    op2, 0, 1, 2, 3
    .irp    lenop, 0, 1, 2, 3, 4, 5, 6, 7
    X       0x0e000000 | (\op2 << 22) | (\lenop << 12)
    X       0x4e000000 | (\op2 << 22) | (\lenop << 12)
    .endr
    .irp    imm4, 0, 3, 7, 8, 12, 15
    X       0x2e000000 | (\op2 << 22) | (\imm4 << 11)
    X       0x6e000000 | (\op2 << 22) | (\imm4 << 11)
    .endr
    .endr
    ENDG
    FINISH

/* fold V0, X0, FPSR and the ESR sum x24 into x20; clear FPSR, x24 */
mixenc:
    MIX     x0
    MIX     x24
    mov     x24, #0
    b       mixv0

/* synchronous exceptions at EL1: sum_esr_step adds ESR to x24, steps over */
    VECTORS sum_esr_step
