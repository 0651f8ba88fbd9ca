/*
 * AdvSIMD floating-point instructions (ARM ARM C4.1.6: the FP forms of
 * three same, two-register miscellaneous, across lanes, scalar pairwise,
 * by element, and the fixed-point conversions of shift by immediate),
 * vector (2S/4S/2D) and scalar, on the softfloat of softfloat.c. This
 * file has three same, across lanes, scalar pairwise and by element;
 * neon-fp-misc.c the two-register and shift forms.
 *
 * Each element is one call of the scalar pseudocode function (FPAdd,
 * FPMulAdd, ...) with the same FPCR, its exceptions ORed into FPSR, so
 * a vector's flags are the union of its lanes' as in the ARM ARM. The
 * result is built apart and written last: Vd may be an operand.
 *
 * ARMv8.0 only: the FP16 encodings (size 0 by element, FMLAL, ...) and
 * 2D forms with Q = 0 return false and stay UNDEFINED.
 */
#include "target/arm/neon-fp.h"

/* Element operations of three same, by element, pairwise, across lanes */
enum {
    NFP_ADD,
    NFP_SUB,
    NFP_MUL,
    NFP_DIV,
    NFP_MULX,
    NFP_MAX,
    NFP_MIN,
    NFP_MAXNM,
    NFP_MINNM,
    NFP_MLA,
    NFP_MLS,
    NFP_ABD,
    NFP_RECPS,
    NFP_RSQRTS,
    NFP_CMEQ,
    NFP_CMGE,
    NFP_CMGT,
    NFP_ACGE,
    NFP_ACGT,
    NFP_BAD,
};

static uint64_t nfp_op(int op, uint64_t n, uint64_t m, uint64_t d, SfPrec p,
                       uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t abs = nfp_sign(p) - 1;
    unsigned c;

    switch (op) {
    case NFP_ADD:
        return sf_add(n, m, p, fpcr, fpsr);
    case NFP_SUB:
        return sf_sub(n, m, p, fpcr, fpsr);
    case NFP_MUL:
        return sf_mul(n, m, p, fpcr, fpsr);
    case NFP_DIV:
        return sf_div(n, m, p, fpcr, fpsr);
    case NFP_MULX:
        return sf_mulx(n, m, p, fpcr, fpsr);
    case NFP_MAX:
    case NFP_MIN:
        return sf_minmax(n, m, p, op == NFP_MAX, false, fpcr, fpsr);
    case NFP_MAXNM:
    case NFP_MINNM:
        return sf_minmax(n, m, p, op == NFP_MAXNM, true, fpcr, fpsr);
    case NFP_MLA:
        return sf_muladd(d, n, m, p, fpcr, fpsr);
    case NFP_MLS:
        /* FPNeg before FPMulAdd: a NaN operand 1 keeps the flipped sign */
        return sf_muladd(d, n ^ nfp_sign(p), m, p, fpcr, fpsr);
    case NFP_ABD:
        /* FPAbs(FPSub()): a NaN result loses its sign too */
        return sf_sub(n, m, p, fpcr, fpsr) & abs;
    case NFP_RECPS:
        return sf_recip_step(n, m, p, fpcr, fpsr);
    case NFP_RSQRTS:
        return sf_rsqrt_step(n, m, p, fpcr, fpsr);
    case NFP_CMEQ:
        /* FPCompareEQ: only a signalling NaN raises IOC */
        c = sf_compare(n, m, p, false, fpcr, fpsr);
        return c == 0x6 ? nfp_ones(p) : 0;
    case NFP_ACGE:
    case NFP_ACGT:
        n &= abs;
        m &= abs;
        /* fall through */
    default:
        /* FPCompareGE/GT: any NaN raises IOC */
        c = sf_compare(n, m, p, true, fpcr, fpsr);
        if (op == NFP_CMGE || op == NFP_ACGE) {
            return c == 0x6 || c == 0x2 ? nfp_ones(p) : 0;
        }
        return c == 0x2 ? nfp_ones(p) : 0;
    }
}

/*
 * Three same, FP half (opcode 11xxx): [U][size<1>][opcode<2:0>], the
 * vector forms then the scalar ones.
 */
static const int8_t nfp_3same_ops[2][2][8] = {
    {
        {NFP_MAXNM, NFP_MLA, NFP_ADD, NFP_MULX, NFP_CMEQ, NFP_BAD, NFP_MAX,
         NFP_RECPS},
        {NFP_MINNM, NFP_MLS, NFP_SUB, NFP_BAD, NFP_BAD, NFP_BAD, NFP_MIN,
         NFP_RSQRTS},
    },
    {
        {NFP_MAXNM, NFP_BAD, NFP_ADD, NFP_MUL, NFP_CMGE, NFP_ACGE, NFP_MAX,
         NFP_DIV},
        {NFP_MINNM, NFP_BAD, NFP_ABD, NFP_BAD, NFP_CMGT, NFP_ACGT, NFP_MIN,
         NFP_BAD},
    },
};
/* the scalar forms allocated: bit opcode<2:0> per [U][size<1>] */
static const uint8_t nfp_3same_scalar[2][2] = {{0x98, 0x80}, {0x30, 0x34}};

static bool nfp_3same(ArmCPUState *env, uint32_t insn)
{
    bool scalar = (insn >> 28) & 1, q = (insn >> 30) & 1;
    unsigned u = (insn >> 29) & 1, a = (insn >> 23) & 1;
    unsigned opc = (insn >> 11) & 7;
    unsigned rm = (insn >> 16) & 31, rn = (insn >> 5) & 31, rd = insn & 31;
    SfPrec p = (insn >> 22) & 1 ? SF_DOUBLE : SF_SINGLE;
    int op = nfp_3same_ops[u][a][opc];
    /* U = 1 MAXNM/ADD/MAX/MINNM/MIN (not FABD) are the pairwise forms */
    bool pairwise = u && (opc == 0 || opc == 6 || (opc == 2 && !a));
    unsigned n, i;
    uint32_t fpsr;
    ArmVReg res = {{0, 0}}, *vn, *vm, *vd;

    if (op == NFP_BAD || (scalar && !(nfp_3same_scalar[u][a] >> opc & 1))) {
        return false;
    }
    if (!scalar && p == SF_DOUBLE && !q) {
        return false;
    }
    if (!env) {
        return true;
    }
    n = scalar ? 1 : (q ? 16 : 8) >> (p == SF_DOUBLE ? 3 : 2);
    vn = &env->vregs[rn];
    vm = &env->vregs[rm];
    vd = &env->vregs[rd];
    fpsr = env->fpsr;
    for (i = 0; i < n; i++) {
        uint64_t x, y;

        if (pairwise) {
            /* element i of the pairs of Vm:Vn */
            const ArmVReg *src = 2 * i < n ? vn : vm;
            unsigned j = (2 * i) % n;

            x = nfp_get(src, p, j);
            y = nfp_get(src, p, j + 1);
        } else {
            x = nfp_get(vn, p, i);
            y = nfp_get(vm, p, i);
        }
        nfp_set(&res, p, i,
                nfp_op(op, x, y, nfp_get(vd, p, i), p, env->fpcr, &fpsr));
    }
    env->fpsr = fpsr;
    *vd = res;
    return true;
}

/*
 * Across lanes FMAXNMV/FMINNMV/FMAXV/FMINV (4S only): ARM ARM Reduce
 * halves the vector recursively, op(op(e0, e1), op(e2, e3)).
 */
static bool nfp_across(ArmCPUState *env, uint32_t insn)
{
    bool q = (insn >> 30) & 1, u = (insn >> 29) & 1, a = (insn >> 23) & 1;
    unsigned opcode = (insn >> 12) & 31, rn = (insn >> 5) & 31;
    int op;
    uint32_t fpsr, fpcr;
    uint64_t lo, hi;
    ArmVReg *vn, res = {{0, 0}};

    if (!u || !q || ((insn >> 22) & 1) || (opcode != 0xc && opcode != 0xf)) {
        return false;
    }
    if (!env) {
        return true;
    }
    op = opcode == 0xc ? (a ? NFP_MINNM : NFP_MAXNM) : (a ? NFP_MIN : NFP_MAX);
    vn = &env->vregs[rn];
    fpcr = env->fpcr;
    fpsr = env->fpsr;
    lo = nfp_op(op, vn->s[0], vn->s[1], 0, SF_SINGLE, fpcr, &fpsr);
    hi = nfp_op(op, vn->s[2], vn->s[3], 0, SF_SINGLE, fpcr, &fpsr);
    res.s[0] = (uint32_t)nfp_op(op, lo, hi, 0, SF_SINGLE, fpcr, &fpsr);
    env->fpsr = fpsr;
    env->vregs[insn & 31] = res;
    return true;
}

/* Scalar pairwise FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (Sd from 2S, Dd) */
static bool nfp_scalar_pairwise(ArmCPUState *env, uint32_t insn)
{
    bool u = (insn >> 29) & 1, a = (insn >> 23) & 1;
    unsigned opcode = (insn >> 12) & 31, rn = (insn >> 5) & 31;
    SfPrec p = (insn >> 22) & 1 ? SF_DOUBLE : SF_SINGLE;
    ArmVReg res = {{0, 0}}, *vn;
    uint32_t fpsr;
    int op;

    if (!u || (opcode != 0xc && opcode != 0xd && opcode != 0xf) ||
        (opcode == 0xd && a)) {
        return false;
    }
    if (!env) {
        return true;
    }
    op = opcode == 0xd   ? NFP_ADD
         : opcode == 0xc ? (a ? NFP_MINNM : NFP_MAXNM)
                         : (a ? NFP_MIN : NFP_MAX);
    vn = &env->vregs[rn];
    fpsr = env->fpsr;
    nfp_set(&res, p, 0,
            nfp_op(op, nfp_get(vn, p, 0), nfp_get(vn, p, 1), 0, p, env->fpcr,
                   &fpsr));
    env->fpsr = fpsr;
    env->vregs[insn & 31] = res;
    return true;
}

/*
 * By element FMLA, FMLS, FMUL (U = 0, opcode 0001/0101/1001) and FMULX
 * (U = 1, 1001), vector and scalar: size 10 single with index H:L and
 * Rm = M:Rm, size 11 double with index H (L = 1 unallocated).
 */
static bool nfp_elem(ArmCPUState *env, uint32_t insn)
{
    bool scalar = (insn >> 28) & 1, q = (insn >> 30) & 1;
    bool u = (insn >> 29) & 1, l = (insn >> 21) & 1, h = (insn >> 11) & 1;
    unsigned size = (insn >> 22) & 3, opcode = (insn >> 12) & 15;
    unsigned rm = (insn >> 16) & 31, rn = (insn >> 5) & 31, rd = insn & 31;
    SfPrec p = size == 3 ? SF_DOUBLE : SF_SINGLE;
    unsigned idx = p == SF_DOUBLE ? h : (h << 1 | l), n, i;
    ArmVReg res = {{0, 0}}, *vn, *vd;
    uint64_t y;
    uint32_t fpsr;
    int op;

    if (size < 2 || (p == SF_DOUBLE && l) ||
        (!scalar && p == SF_DOUBLE && !q)) {
        return false;
    }
    if (opcode == 9) {
        op = u ? NFP_MULX : NFP_MUL;
    } else if (!u && (opcode == 1 || opcode == 5)) {
        op = opcode == 1 ? NFP_MLA : NFP_MLS;
    } else {
        return false;
    }
    if (!env) {
        return true;
    }
    n = scalar ? 1 : (q ? 16 : 8) >> (p == SF_DOUBLE ? 3 : 2);
    vn = &env->vregs[rn];
    vd = &env->vregs[rd];
    y = nfp_get(&env->vregs[rm], p, idx);
    fpsr = env->fpsr;
    for (i = 0; i < n; i++) {
        nfp_set(&res, p, i,
                nfp_op(op, nfp_get(vn, p, i), y, nfp_get(vd, p, i), p,
                       env->fpcr, &fpsr));
    }
    env->fpsr = fpsr;
    *vd = res;
    return true;
}

bool a64_neon_fp_exec(ArmCPUState *env, uint32_t insn)
{
    /* three same with opcode 11xxx */
    if ((insn & 0x9f20c400) == 0x0e20c400 ||
        (insn & 0xdf20c400) == 0x5e20c400) {
        return nfp_3same(env, insn);
    }
    if ((insn & 0x9f3e0c00) == 0x0e200800 ||
        (insn & 0xdf3e0c00) == 0x5e200800) {
        return nfp_2misc(env, insn);
    }
    if ((insn & 0x9f3e0c00) == 0x0e300800) {
        return nfp_across(env, insn);
    }
    if ((insn & 0xdf3e0c00) == 0x5e300800) {
        return nfp_scalar_pairwise(env, insn);
    }
    if ((insn & 0x9f000400) == 0x0f000000 ||
        (insn & 0xdf000400) == 0x5f000000) {
        return nfp_elem(env, insn);
    }
    if ((insn & 0x9f800400) == 0x0f000400 ||
        (insn & 0xdf800400) == 0x5f000400) {
        return nfp_shift_imm(env, insn);
    }
    return false;
}
