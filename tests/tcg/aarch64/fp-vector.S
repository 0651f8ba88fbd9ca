/*
 * AdvSIMD floating point, single (4S/2S/S) and double (2D/D): each group
 * runs its instructions with V1/V2 built from every pair (i, j) of a
 * table of special operands (zeros, denormals, min/max normals,
 * infinities, quiet and signalling NaNs with payloads, 1.0, rounding
 * ties), a different pair in each lane, and from random lanes (every
 * other set with close exponents), under all 16 FPCR settings (RMode x
 * FZ x DN). Each result (the whole of V0, which starts all ones, or the
 * accumulator V3 = the previous V2 for FMLA/FMLS) and FPSR are folded
 * into a checksum printed per group. Last, reserved encodings (2D with
 * Q = 0, size/L/sz values without an instruction) must be UNDEFINED:
 * their ESRs are checksummed and counted.
 */
#include "fp-test.inc"

    MAIN
    ENABLE_FP
    ldr     x22, =0x9e3779b97f4a7c15

    adr     x19, g_arith_s
    bl      run_s
    adr     x19, g_arith_d
    bl      run_d
    adr     x19, g_minmax_s
    bl      run_s
    adr     x19, g_minmax_d
    bl      run_d
    adr     x19, g_pair_s
    bl      run_s
    adr     x19, g_pair_d
    bl      run_d
    adr     x19, g_fma_s
    bl      run_s
    adr     x19, g_fma_d
    bl      run_d
    adr     x19, g_elem_s
    bl      run_s
    adr     x19, g_elem_d
    bl      run_d
    adr     x19, g_cmp_s
    bl      run_s
    adr     x19, g_cmp_d
    bl      run_d
    adr     x19, g_step_s
    bl      run_s
    adr     x19, g_step_d
    bl      run_d
    adr     x19, g_unary_s
    bl      run_s
    adr     x19, g_unary_d
    bl      run_d
    adr     x19, g_toint_s
    bl      run_s
    adr     x19, g_toint_d
    bl      run_d
    adr     x19, g_fromint_s
    bl      run_s
    adr     x19, g_fromint_d
    bl      run_d
    bl      undef

    msr     fpcr, xzr
    RETURN0

    GROUP   g_arith_s
    T       fadd v0.4s, v1.4s, v2.4s
    T       fadd v0.2s, v2.2s, v1.2s
    T       fsub v0.4s, v1.4s, v2.4s
    T       fmul v0.4s, v1.4s, v2.4s
    T       fmul v0.2s, v1.2s, v2.2s
    T       fdiv v0.4s, v1.4s, v2.4s
    T       fdiv v0.2s, v2.2s, v1.2s
    T       fabd v0.4s, v1.4s, v2.4s
    T       fabd s0, s2, s1
    T       fmulx v0.4s, v1.4s, v2.4s
    T       fmulx v0.2s, v2.2s, v1.2s
    T       fmulx s0, s1, s2
    ENDGROUP
    GROUP   g_arith_d
    T       fadd v0.2d, v1.2d, v2.2d
    T       fsub v0.2d, v2.2d, v1.2d
    T       fmul v0.2d, v1.2d, v2.2d
    T       fdiv v0.2d, v1.2d, v2.2d
    T       fabd v0.2d, v1.2d, v2.2d
    T       fabd d0, d2, d1
    T       fmulx v0.2d, v1.2d, v2.2d
    T       fmulx d0, d2, d1
    ENDGROUP

    GROUP   g_minmax_s
    T       fmax v0.4s, v1.4s, v2.4s
    T       fmin v0.4s, v1.4s, v2.4s
    T       fmaxnm v0.4s, v1.4s, v2.4s
    T       fminnm v0.4s, v1.4s, v2.4s
    T       fmaxnm v0.2s, v2.2s, v1.2s
    T       fminnm v0.2s, v2.2s, v1.2s
    ENDGROUP
    GROUP   g_minmax_d
    T       fmax v0.2d, v1.2d, v2.2d
    T       fmin v0.2d, v2.2d, v1.2d
    T       fmaxnm v0.2d, v1.2d, v2.2d
    T       fminnm v0.2d, v2.2d, v1.2d
    ENDGROUP

    GROUP   g_pair_s
    T       faddp v0.4s, v1.4s, v2.4s
    T       faddp v0.2s, v2.2s, v1.2s
    T       fmaxp v0.4s, v1.4s, v2.4s
    T       fminp v0.4s, v2.4s, v1.4s
    T       fmaxnmp v0.4s, v1.4s, v2.4s
    T       fminnmp v0.2s, v1.2s, v2.2s
    T       faddp s0, v1.2s
    T       fmaxp s0, v2.2s
    T       fminp s0, v1.2s
    T       fmaxnmp s0, v2.2s
    T       fminnmp s0, v1.2s
    T       fmaxv s0, v1.4s
    T       fminv s0, v2.4s
    T       fmaxnmv s0, v1.4s
    T       fminnmv s0, v2.4s
    ENDGROUP
    GROUP   g_pair_d
    T       faddp v0.2d, v1.2d, v2.2d
    T       fmaxp v0.2d, v2.2d, v1.2d
    T       fminp v0.2d, v1.2d, v2.2d
    T       fmaxnmp v0.2d, v1.2d, v2.2d
    T       fminnmp v0.2d, v2.2d, v1.2d
    T       faddp d0, v1.2d
    T       fmaxp d0, v2.2d
    T       fminp d0, v1.2d
    T       fmaxnmp d0, v1.2d
    T       fminnmp d0, v2.2d
    ENDGROUP

    GROUP   g_fma_s
    A       fmla v0.4s, v1.4s, v2.4s
    A       fmls v0.4s, v1.4s, v2.4s
    A       fmla v0.2s, v2.2s, v1.2s
    A       fmls v0.2s, v2.2s, v1.2s
    /* Vd as an operand */
    mov     v0.16b, v1.16b
    fmla    v0.4s, v0.4s, v2.4s
    bl      mixv0
    ENDGROUP
    GROUP   g_fma_d
    A       fmla v0.2d, v1.2d, v2.2d
    A       fmls v0.2d, v1.2d, v2.2d
    A       fmls v0.2d, v2.2d, v1.2d
    ENDGROUP

    /* by element; V18 = V2 checks Rm's M bit */
    GROUP   g_elem_s
    mov     v18.16b, v2.16b
    A       fmla v0.4s, v1.4s, v2.s[1]
    A       fmls v0.4s, v2.4s, v1.s[3]
    A       fmla v0.2s, v1.2s, v18.s[2]
    T       fmul v0.4s, v1.4s, v2.s[2]
    T       fmul v0.2s, v2.2s, v1.s[0]
    T       fmulx v0.4s, v1.4s, v18.s[3]
    T       fmulx v0.2s, v2.2s, v1.s[1]
    A       fmla s0, s1, v2.s[1]
    A       fmls s0, s2, v1.s[2]
    T       fmul s0, s1, v18.s[3]
    T       fmulx s0, s2, v1.s[1]
    ENDGROUP
    GROUP   g_elem_d
    mov     v18.16b, v2.16b
    A       fmla v0.2d, v1.2d, v2.d[1]
    A       fmls v0.2d, v2.2d, v1.d[0]
    T       fmul v0.2d, v1.2d, v18.d[1]
    T       fmulx v0.2d, v2.2d, v1.d[1]
    A       fmla d0, d1, v18.d[0]
    A       fmls d0, d2, v1.d[1]
    T       fmul d0, d2, v1.d[1]
    T       fmulx d0, d1, v2.d[0]
    ENDGROUP

    GROUP   g_cmp_s
    T       fcmeq v0.4s, v1.4s, v2.4s
    T       fcmge v0.4s, v1.4s, v2.4s
    T       fcmgt v0.4s, v1.4s, v2.4s
    T       facge v0.4s, v1.4s, v2.4s
    T       facgt v0.2s, v1.2s, v2.2s
    T       fcmeq s0, s1, s2
    T       fcmge s0, s2, s1
    T       fcmgt s0, s1, s2
    T       facge s0, s1, s2
    T       facgt s0, s2, s1
    T       fcmeq v0.4s, v1.4s, #0.0
    T       fcmge v0.4s, v1.4s, #0.0
    T       fcmgt v0.4s, v2.4s, #0.0
    T       fcmle v0.4s, v1.4s, #0.0
    T       fcmlt v0.2s, v2.2s, #0.0
    T       fcmeq s0, s2, #0.0
    T       fcmge s0, s1, #0.0
    T       fcmgt s0, s1, #0.0
    T       fcmle s0, s2, #0.0
    T       fcmlt s0, s1, #0.0
    ENDGROUP
    GROUP   g_cmp_d
    T       fcmeq v0.2d, v1.2d, v2.2d
    T       fcmge v0.2d, v1.2d, v2.2d
    T       fcmgt v0.2d, v2.2d, v1.2d
    T       facge v0.2d, v1.2d, v2.2d
    T       facgt v0.2d, v1.2d, v2.2d
    T       fcmeq d0, d1, d2
    T       fcmge d0, d2, d1
    T       fcmgt d0, d1, d2
    T       facge d0, d2, d1
    T       facgt d0, d1, d2
    T       fcmeq v0.2d, v2.2d, #0.0
    T       fcmge v0.2d, v1.2d, #0.0
    T       fcmgt v0.2d, v1.2d, #0.0
    T       fcmle v0.2d, v2.2d, #0.0
    T       fcmlt v0.2d, v1.2d, #0.0
    T       fcmeq d0, d1, #0.0
    T       fcmle d0, d1, #0.0
    T       fcmlt d0, d2, #0.0
    ENDGROUP

    GROUP   g_step_s
    T       frecps v0.4s, v1.4s, v2.4s
    T       frsqrts v0.4s, v1.4s, v2.4s
    T       frecps v0.2s, v2.2s, v1.2s
    T       frecps s0, s1, s2
    T       frsqrts s0, s2, s1
    ENDGROUP
    GROUP   g_step_d
    T       frecps v0.2d, v1.2d, v2.2d
    T       frsqrts v0.2d, v2.2d, v1.2d
    T       frecps d0, d2, d1
    T       frsqrts d0, d1, d2
    ENDGROUP

    GROUP   g_unary_s
    T       fabs v0.4s, v1.4s
    T       fneg v0.2s, v2.2s
    T       fsqrt v0.4s, v1.4s
    T       fsqrt v0.2s, v2.2s
    T       frintn v0.4s, v1.4s
    T       frintp v0.4s, v1.4s
    T       frintm v0.4s, v2.4s
    T       frintz v0.4s, v1.4s
    T       frinta v0.4s, v2.4s
    T       frintx v0.4s, v1.4s
    T       frinti v0.4s, v2.4s
    T       frintx v0.2s, v2.2s
    ENDGROUP
    GROUP   g_unary_d
    T       fabs v0.2d, v2.2d
    T       fneg v0.2d, v1.2d
    T       fsqrt v0.2d, v1.2d
    T       frintn v0.2d, v1.2d
    T       frintp v0.2d, v2.2d
    T       frintm v0.2d, v1.2d
    T       frintz v0.2d, v2.2d
    T       frinta v0.2d, v1.2d
    T       frintx v0.2d, v2.2d
    T       frinti v0.2d, v1.2d
    ENDGROUP

    GROUP   g_toint_s
    T       fcvtns v0.4s, v1.4s
    T       fcvtnu v0.4s, v1.4s
    T       fcvtps v0.4s, v2.4s
    T       fcvtpu v0.2s, v1.2s
    T       fcvtms v0.4s, v1.4s
    T       fcvtmu v0.4s, v2.4s
    T       fcvtzs v0.4s, v1.4s
    T       fcvtzu v0.4s, v1.4s
    T       fcvtas v0.4s, v2.4s
    T       fcvtau v0.4s, v1.4s
    T       fcvtns s0, s1
    T       fcvtmu s0, s2
    T       fcvtpu s0, s1
    T       fcvtzs s0, s2
    T       fcvtau s0, s1
    T       fcvtzs v0.4s, v1.4s, #3
    T       fcvtzu v0.4s, v2.4s, #32
    T       fcvtzs v0.2s, v1.2s, #31
    T       fcvtzs s0, s1, #16
    T       fcvtzu s0, s2, #1
    ENDGROUP
    GROUP   g_toint_d
    T       fcvtns v0.2d, v1.2d
    T       fcvtnu v0.2d, v2.2d
    T       fcvtps v0.2d, v1.2d
    T       fcvtpu v0.2d, v1.2d
    T       fcvtms v0.2d, v2.2d
    T       fcvtmu v0.2d, v1.2d
    T       fcvtzs v0.2d, v1.2d
    T       fcvtzu v0.2d, v2.2d
    T       fcvtas v0.2d, v1.2d
    T       fcvtau v0.2d, v2.2d
    T       fcvtnu d0, d1
    T       fcvtms d0, d2
    T       fcvtzu d0, d1
    T       fcvtas d0, d2
    T       fcvtzs v0.2d, v1.2d, #1
    T       fcvtzu v0.2d, v2.2d, #64
    T       fcvtzs d0, d1, #52
    T       fcvtzu d0, d2, #20
    ENDGROUP

    /* the operands' bits as integers, and shifted right (fewer bits) */
    GROUP   g_fromint_s
    sshr    v4.4s, v1.4s, #7
    ushr    v5.4s, v2.4s, #5
    T       scvtf v0.4s, v1.4s
    T       ucvtf v0.4s, v1.4s
    T       scvtf v0.2s, v4.2s
    T       ucvtf v0.4s, v5.4s
    T       scvtf s0, s2
    T       ucvtf s0, s4
    T       scvtf v0.4s, v4.4s, #3
    T       ucvtf v0.4s, v5.4s, #32
    T       scvtf s0, s1, #1
    T       ucvtf s0, s2, #17
    ENDGROUP
    GROUP   g_fromint_d
    sshr    v4.2d, v1.2d, #9
    ushr    v5.2d, v2.2d, #3
    T       scvtf v0.2d, v1.2d
    T       ucvtf v0.2d, v2.2d
    T       scvtf v0.2d, v4.2d
    T       ucvtf v0.2d, v5.2d
    T       scvtf d0, d4
    T       ucvtf d0, d1
    T       scvtf v0.2d, v4.2d, #5
    T       ucvtf v0.2d, v5.2d, #64
    T       scvtf d0, d2, #33
    T       ucvtf d0, d5, #1
    ENDGROUP

/* reserved encodings: each must take an Undefined Instruction exception */
undef:
    stp     x29, x30, [sp, #-16]!
    SET_VBAR
    mov     x20, #0x31
    mov     x21, #0
    .inst   0x0e62d420  /* fadd v0.2d, v1.2d, v2.2d with Q = 0 */
    .inst   0x2ee1f820  /* fsqrt 2D, Q = 0 */
    .inst   0x0ee1d820  /* frecpe 2D, Q = 0 */
    .inst   0x4fe21820  /* fmla v0.2d, v1.2d, v2.d[1] with L = 1 */
    .inst   0x0fc21820  /* fmla by element 2D, Q = 0 */
    .inst   0x0fc29820  /* fmul by element 2D, Q = 0 */
    .inst   0x4f429020  /* fmul by element, size 01 */
    .inst   0x6e70f820  /* fmaxv, sz = 1 */
    .inst   0x2e30f820  /* fmaxv, Q = 0 */
    .inst   0x2e216820  /* fcvtxn, sz = 0 */
    .inst   0x4ee1c820  /* urecpe, sz = 1 */
    .inst   0x0f7ffc20  /* fcvtzs 2D #1, Q = 0 */
    .inst   0x7ef0d820  /* scalar pairwise U = 1, size 11, opcode 01101 */
    .inst   0x4ea2dc20  /* three same U = 0, size 1x, opcode 11011 */
    .inst   0x5e22d420  /* scalar three same FADD */
    .inst   0x7ee1f820  /* scalar FSQRT (two-reg misc) */
    .inst   0x5e218820  /* scalar FRINTN (two-reg misc) */
    .inst   0x4ee1f820  /* vector FRECPX */
    MIX     x21
    PRINTSUM
    ldp     x29, x30, [sp], #16
    ret

/* Undefined Instruction: fold ESR in, count, skip the instruction */
sync_handler:
    mrs     x0, esr_el1
    MIX     x0
    add     x21, x21, #1
    mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    eret

    VECTORS sync_handler

/*
 * run_s, run_d: call the group at x19 with V1/V2 over every table pair
 * and 64 random sets, for each FPCR setting; print the checksum.
 */
    RUN     run_s, s, tbl_s, #16, 0x80ffffff, 0x80ffffff, 0x807fffff, 0x000fffff
    RUN     run_d, d, tbl_d, #16, 0x801fffffffffffff, 0x800fffffffffffff

    .data
    .balign 8
tbl_d:
    SPECIALS_D
    .quad   0x3ff0000000000001, 0x3ca0000000000000
    .quad   0x3ca0000000000001, 0x4340000000000000
    .quad   0x3fe0000000000000, 0x0008000000000000
    .quad   0x7fe0000000000000, 0x001fffffffffffff
    .quad   0x400921fb54442d18, 0xc00fffffffffffff
    .quad   0x3fd5555555555555, 0x41dfffffffc00000
tbl_s:
    SPECIALS_S
    .word   0x3f800001, 0x33800000, 0x33800001, 0x4b800000
    .word   0x3f000000, 0x00400000, 0x7f000000, 0x00ffffff
    .word   0x40490fdb, 0xc07fffff, 0x3eaaaaab, 0x4effffff
