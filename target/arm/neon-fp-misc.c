/*
 * AdvSIMD FP two-register miscellaneous (ARM ARM C4.1.6, vector and
 * scalar: FABS, FNEG, FSQRT, FRINT*, FCVT{N,M,P,Z,A}{S,U}, SCVTF,
 * UCVTF, compares against zero, FRECPE, FRSQRTE, FRECPX, URECPE,
 * URSQRTE, FCVTN/FCVTL/FCVTXN and their "2" forms) and the fixed-point
 * conversions of shift by immediate (SCVTF, UCVTF, FCVTZS, FCVTZU),
 * called from neon-fp-helper.c with the same contract.
 */
#include "target/arm/neon-fp.h"

enum {
    M_BAD,
    M_ABS,
    M_NEG,
    M_SQRT,
    M_RINT,
    M_TOINT,
    M_SCVTF,
    M_UCVTF,
    M_CMGT0,
    M_CMEQ0,
    M_CMLT0,
    M_CMGE0,
    M_CMLE0,
    M_RECPE,
    M_RSQRTE,
    M_RECPX,
    M_URECPE,
    M_URSQRTE,
    M_CVTN,
    M_CVTL,
    M_CVTXN,
};

/*
 * [U][size<1>][opcode - 0x0c] for opcodes 0x0c..0x1f, and which forms
 * exist: vector only (V), vector and scalar (S), scalar only (O).
 */
#define V(x) (x)
#define S(x) ((x) | 0x80)
#define O(x) ((x) | 0xc0)
static const uint8_t nfp_misc_ops[2][2][20] = {
    {
        /* U = 0, size 0x */
        {[0x16 - 0xc] = V(M_CVTN),
         [0x17 - 0xc] = V(M_CVTL),
         [0x18 - 0xc] = V(M_RINT),
         [0x19 - 0xc] = V(M_RINT),
         [0x1a - 0xc] = S(M_TOINT),
         [0x1b - 0xc] = S(M_TOINT),
         [0x1c - 0xc] = S(M_TOINT),
         [0x1d - 0xc] = S(M_SCVTF)},
        /* U = 0, size 1x */
        {[0x0c - 0xc] = S(M_CMGT0),
         [0x0d - 0xc] = S(M_CMEQ0),
         [0x0e - 0xc] = S(M_CMLT0),
         [0x0f - 0xc] = V(M_ABS),
         [0x18 - 0xc] = V(M_RINT),
         [0x19 - 0xc] = V(M_RINT),
         [0x1a - 0xc] = S(M_TOINT),
         [0x1b - 0xc] = S(M_TOINT),
         [0x1c - 0xc] = V(M_URECPE),
         [0x1d - 0xc] = S(M_RECPE),
         [0x1f - 0xc] = O(M_RECPX)},
    },
    {
        /* U = 1, size 0x */
        {[0x16 - 0xc] = S(M_CVTXN),
         [0x18 - 0xc] = V(M_RINT),
         [0x19 - 0xc] = V(M_RINT),
         [0x1a - 0xc] = S(M_TOINT),
         [0x1b - 0xc] = S(M_TOINT),
         [0x1c - 0xc] = S(M_TOINT),
         [0x1d - 0xc] = S(M_UCVTF)},
        /* U = 1, size 1x */
        {[0x0c - 0xc] = S(M_CMGE0),
         [0x0d - 0xc] = S(M_CMLE0),
         [0x0f - 0xc] = V(M_NEG),
         [0x19 - 0xc] = V(M_RINT),
         [0x1a - 0xc] = S(M_TOINT),
         [0x1b - 0xc] = S(M_TOINT),
         [0x1c - 0xc] = V(M_URSQRTE),
         [0x1d - 0xc] = S(M_RSQRTE),
         [0x1f - 0xc] = V(M_SQRT)},
    },
};
#undef V
#undef S
#undef O

/*
 * Rounding of FRINT* and FCVT*: opcode<0> and size<1> give N/M/P/Z
 * (opcode 0x18/0x19 and 0x1a/0x1b), U = 1 0x18 is A; opcode 0x1c is A;
 * FRINTX (U = 1 0x19, size 0x) and FRINTI (U = 1 0x19, size 1x) use
 * FPCR's: -2 for FRINTX (exact), -1 for FRINTI.
 */
static int nfp_misc_rmode(unsigned u, unsigned a, unsigned opcode)
{
    static const int8_t nmpz[2][2] = {{SF_RN, SF_RM}, {SF_RP, SF_RZ}};

    if (opcode == 0x1c || (u && opcode == 0x18)) {
        return SF_RA;
    }
    if (u && opcode == 0x19) {
        return a ? -1 : -2;
    }
    return nmpz[a][opcode & 1];
}

/* FPCompare against +0.0: EQ, GE, GT, LE (0 >= x), LT (0 > x) */
static uint64_t nfp_cmp0(int op, uint64_t x, SfPrec p, uint32_t fpcr,
                         uint32_t *fpsr)
{
    unsigned c;

    if (op == M_CMEQ0) {
        c = sf_compare(x, 0, p, false, fpcr, fpsr);
        return c == 0x6 ? nfp_ones(p) : 0;
    }
    if (op == M_CMLE0 || op == M_CMLT0) {
        c = sf_compare(0, x, p, true, fpcr, fpsr);
    } else {
        c = sf_compare(x, 0, p, true, fpcr, fpsr);
    }
    if (op == M_CMGE0 || op == M_CMLE0) {
        return c == 0x6 || c == 0x2 ? nfp_ones(p) : 0;
    }
    return c == 0x2 ? nfp_ones(p) : 0;
}

/* FCVTN, FCVTXN (to half or single) and FCVTL (from half or single) */
static void nfp_cvt_narrow_long(ArmCPUState *env, int op, bool dbl, bool q,
                                bool scalar, unsigned rn, unsigned rd)
{
    ArmVReg *vn = &env->vregs[rn], res = {{0, 0}};
    uint32_t fpcr = env->fpcr, fpsr = env->fpsr;
    SfPrec wide = dbl ? SF_DOUBLE : SF_SINGLE;
    SfPrec narrow = dbl ? SF_SINGLE : SF_HALF;
    unsigned n = scalar ? 1 : 8 >> (dbl ? 2 : 1), i;

    if (op == M_CVTL) {
        for (i = 0; i < n; i++) {
            nfp_set(&res, wide, i,
                    sf_convert(nfp_get(vn, narrow, q * n + i), narrow, wide,
                               fpcr, &fpsr));
        }
    } else {
        /* Vpart: the "2" forms write the top half and keep the bottom */
        if (q && !scalar) {
            res.d[0] = env->vregs[rd].d[0];
        }
        for (i = 0; i < n; i++) {
            uint64_t x = nfp_get(vn, wide, i);

            x = op == M_CVTXN ? sf_convert_odd(x, fpcr, &fpsr)
                              : sf_convert(x, wide, narrow, fpcr, &fpsr);
            nfp_set(&res, narrow, (q && !scalar) * n + i, x);
        }
    }
    env->fpsr = fpsr;
    env->vregs[rd] = res;
}

static uint64_t nfp_misc_elem(int op, int rmode, uint64_t x, SfPrec p,
                              uint32_t fpcr, uint32_t *fpsr)
{
    bool dbl = p == SF_DOUBLE;

    switch (op) {
    case M_ABS:
        return x & (nfp_sign(p) - 1);
    case M_NEG:
        return x ^ nfp_sign(p);
    case M_SQRT:
        return sf_sqrt(x, p, fpcr, fpsr);
    case M_RINT:
        /* FRINTX (FPCR's mode, exact) is the one raising IXC */
        return sf_round_int(
            x, p, rmode < 0 ? (int)(fpcr >> FPCR_RMODE_SHIFT) & 3 : rmode,
            rmode == -2, fpcr, fpsr);
    case M_TOINT | 0x20: /* signed */
        return sf_to_int(x, p, 0, rmode, true, dbl, fpcr, fpsr);
    case M_TOINT:
        return sf_to_int(x, p, 0, rmode, false, dbl, fpcr, fpsr);
    case M_SCVTF:
        if (!dbl) {
            x = (uint64_t)(int64_t)(int32_t)x;
        }
        return sf_from_int(x, true, 0, p, fpcr, fpsr);
    case M_UCVTF:
        return sf_from_int(x, false, 0, p, fpcr, fpsr);
    case M_RECPE:
        return sf_recip_estimate(x, p, fpcr, fpsr);
    case M_RSQRTE:
        return sf_rsqrt_estimate(x, p, fpcr, fpsr);
    case M_RECPX:
        return sf_recpx(x, p, fpcr, fpsr);
    case M_URECPE:
        return sf_urecpe((uint32_t)x);
    case M_URSQRTE:
        return sf_ursqrte((uint32_t)x);
    default:
        return nfp_cmp0(op, x, p, fpcr, fpsr);
    }
}

bool nfp_2misc(ArmCPUState *env, uint32_t insn)
{
    bool scalar = (insn >> 28) & 1, q = (insn >> 30) & 1;
    unsigned u = (insn >> 29) & 1, a = (insn >> 23) & 1;
    bool dbl = (insn >> 22) & 1;
    unsigned opcode = (insn >> 12) & 31;
    unsigned rn = (insn >> 5) & 31, rd = insn & 31, n, i;
    SfPrec p = dbl ? SF_DOUBLE : SF_SINGLE;
    ArmVReg res = {{0, 0}}, *vn;
    uint32_t fpsr;
    int op, rmode;

    if (opcode < 0xc) {
        return false;
    }
    op = nfp_misc_ops[u][a][opcode - 0xc];
    if (op == M_BAD || (scalar ? !(op & 0x80) : (op & 0x40))) {
        return false;
    }
    op &= 0x3f;
    if (op == M_CVTN || op == M_CVTL || op == M_CVTXN) {
        if (op == M_CVTXN && !dbl) {
            return false;
        }
        if (env) {
            nfp_cvt_narrow_long(env, op, dbl, q, scalar, rn, rd);
        }
        return true;
    }
    if ((!scalar && dbl && !q) ||
        ((op == M_URECPE || op == M_URSQRTE) && dbl)) {
        return false;
    }
    if (!env) {
        return true;
    }
    rmode = nfp_misc_rmode(u, a, opcode);
    if (op == M_TOINT && !u) {
        op |= 0x20;
    }
    n = scalar ? 1 : (q ? 16 : 8) >> (dbl ? 3 : 2);
    vn = &env->vregs[rn];
    fpsr = env->fpsr;
    for (i = 0; i < n; i++) {
        nfp_set(
            &res, p, i,
            nfp_misc_elem(op, rmode, nfp_get(vn, p, i), p, env->fpcr, &fpsr));
    }
    env->fpsr = fpsr;
    env->vregs[rd] = res;
    return true;
}

/*
 * Shift by immediate, opcode 11100 SCVTF/UCVTF and 11111 FCVTZS/FCVTZU
 * with fbits = 2 * esize - immh:immb: immh 1xxx double (Q = 1 in a
 * vector), 01xx single; 001x would be FP16.
 */
bool nfp_shift_imm(ArmCPUState *env, uint32_t insn)
{
    bool scalar = (insn >> 28) & 1, q = (insn >> 30) & 1;
    bool u = (insn >> 29) & 1;
    unsigned immhb = (insn >> 16) & 0x7f, opcode = (insn >> 11) & 31;
    unsigned rn = (insn >> 5) & 31, rd = insn & 31, n, i;
    bool dbl = immhb >= 0x40;
    SfPrec p = dbl ? SF_DOUBLE : SF_SINGLE;
    int fbits = (dbl ? 128 : 64) - (int)immhb;
    ArmVReg res = {{0, 0}}, *vn;
    uint32_t fpsr;

    if ((opcode != 0x1c && opcode != 0x1f) || immhb < 0x20 ||
        (!scalar && dbl && !q)) {
        return false;
    }
    if (!env) {
        return true;
    }
    n = scalar ? 1 : (q ? 16 : 8) >> (dbl ? 3 : 2);
    vn = &env->vregs[rn];
    fpsr = env->fpsr;
    for (i = 0; i < n; i++) {
        uint64_t x = nfp_get(vn, p, i);

        if (opcode == 0x1f) {
            x = sf_to_int(x, p, fbits, SF_RZ, !u, dbl, env->fpcr, &fpsr);
        } else {
            if (!u && !dbl) {
                x = (uint64_t)(int64_t)(int32_t)x;
            }
            x = sf_from_int(x, !u, fbits, p, env->fpcr, &fpsr);
        }
        nfp_set(&res, p, i, x);
    }
    env->fpsr = fpsr;
    env->vregs[rd] = res;
    return true;
}
