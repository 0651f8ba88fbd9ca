/*
 * Helpers for the A64 scalar FP arithmetic groups (translate-a64-fp.c):
 * each takes the instruction word, decodes it again here and works on
 * env's V registers, FPCR and FPSR through softfloat.c. The same decoder
 * called with env NULL tells the translator what is implemented, so an
 * encoding not listed here stays UNDEFINED. Half precision appears only
 * in FCVT (ARMv8.0 has no FP16 arithmetic). The frequent operations
 * (2- and 3-source, FSQRT, FCVT S<->D, SCVTF/UCVTF/FCVTZS/FCVTZU to and
 * from integers, FCMP) have a helper each in fp-op-helper.c instead and
 * use this file's decoder only to check the encoding: for the 2- and
 * 3-source groups and FSQRT it does nothing else.
 */
#include "target/arm/softfloat.h"
#include "target/arm/translate-a64.h"

static uint64_t fp_read(ArmCPUState *env, unsigned r, SfPrec prec)
{
    return prec == SF_DOUBLE ? env->vregs[r].d[0]
           : prec == SF_HALF ? env->vregs[r].h[0]
                             : env->vregs[r].s[0];
}

/* A scalar FP write clears the rest of the vector register. */
static void fp_write(ArmCPUState *env, unsigned r, uint64_t v, SfPrec prec)
{
    env->vregs[r].d[0] = prec == SF_DOUBLE ? v
                         : prec == SF_HALF ? (uint16_t)v
                                           : (uint32_t)v;
    env->vregs[r].d[1] = 0;
}

/*
 * FP data-processing (1 source): FSQRT, FRINT*, and FCVT between any two
 * of H, S and D (type and opc<1:0>: 0 single, 1 double, 3 half). With
 * ARMv8.0 a half source (type 3) allows nothing but FCVT.
 */
static bool fp_1src(ArmCPUState *env, uint32_t insn)
{
    unsigned type = (insn >> 22) & 3, opc = (insn >> 15) & 0x3f;
    unsigned rn = (insn >> 5) & 31, rd = insn & 31;
    static const int8_t frint_mode[8] = {SF_RN, SF_RP, SF_RM, SF_RZ,
                                         SF_RA, -1,    -1,    -1};
    static const SfPrec prec_of[4] = {SF_SINGLE, SF_DOUBLE, SF_SINGLE, SF_HALF};
    bool dbl = type == 1, cvt = opc >= 4 && opc <= 7;
    uint32_t fpsr, fpcr;
    uint64_t a, r;
    int mode;

    if (type == 2 || (type == 3 && !cvt) || (insn >> 29) != 0) {
        return false;
    }
    if (cvt ? (opc & 3) == 2 || (opc & 3) == type
            : !(opc == 3 || (opc >= 8 && opc <= 15 && opc != 13))) {
        return false;
    }
    if (!env) {
        return true;
    }
    fpcr = env->fpcr;
    fpsr = env->fpsr;
    if (cvt) {
        SfPrec to = prec_of[opc & 3];

        r = sf_convert(fp_read(env, rn, prec_of[type]), prec_of[type], to, fpcr,
                       &fpsr);
        env->fpsr = fpsr;
        fp_write(env, rd, r, to);
        return true;
    }
    /* FRINTN/P/M/Z/A use their own mode; FRINTX and FRINTI FPCR's.
       FSQRT (opc 3) runs in its own helper (fp-op-helper.c). */
    g_assert(opc >= 8);
    mode = frint_mode[opc - 8];
    if (mode < 0) {
        mode = (fpcr >> FPCR_RMODE_SHIFT) & 3;
    }
    a = fp_read(env, rn, dbl);
    r = sf_round_int(a, dbl, mode, opc == 14, fpcr, &fpsr);
    env->fpsr = fpsr;
    fp_write(env, rd, r, dbl);
    return true;
}

/*
 * FP data-processing (2 source): FMUL..FMINNM, FNMUL; and (3 source):
 * FMADD, FMSUB, FNMADD, FNMSUB. Which encodings exist: each runs in its
 * own helper (fp-op-helper.c), never here.
 */
static bool fp_2src(uint32_t insn)
{
    unsigned type = (insn >> 22) & 3, opc = (insn >> 12) & 0xf;

    return type <= 1 && opc <= 8 && (insn >> 29) == 0;
}

static bool fp_3src(uint32_t insn)
{
    return ((insn >> 22) & 3) <= 1 && (insn >> 29) == 0;
}

/*
 * Conversions between FP and integer (fbits 0) or fixed point: SCVTF,
 * UCVTF (Xn/Wn in x, result to Vd), FCVT{N,P,M,Z,A}{S,U} (result returned
 * for Xd/Wd, zero-extended from 32 bits).
 */
static bool fp_int(ArmCPUState *env, uint32_t insn, uint64_t x, uint64_t *res)
{
    bool sf = insn >> 31, fixed = !((insn >> 21) & 1);
    unsigned type = (insn >> 22) & 3, rmode = (insn >> 19) & 3;
    unsigned opc = (insn >> 16) & 7, scale = (insn >> 10) & 63;
    bool dbl = type == 1;
    int fbits = fixed ? 64 - scale : 0;
    uint32_t fpsr;

    if (type > 1 || ((insn >> 29) & 3) != 0) {
        return false;
    }
    if (fixed) {
        if ((!sf && scale < 32) || !((rmode == 0 && (opc == 2 || opc == 3)) ||
                                     (rmode == 3 && opc < 2))) {
            return false;
        }
    } else if (!(opc < 2 || (rmode == 0 && opc < 6))) {
        return false;
    }
    if (!env) {
        return true;
    }
    fpsr = env->fpsr;
    *res = 0;
    if (opc == 2 || opc == 3) {
        if (!sf) {
            x = opc == 2 ? (uint64_t)(int64_t)(int32_t)x : (uint32_t)x;
        }
        fp_write(env, insn & 31,
                 sf_from_int(x, opc == 2, fbits, dbl, env->fpcr, &fpsr), dbl);
    } else {
        int mode = opc >= 4 ? SF_RA : (int)rmode;

        *res = sf_to_int(fp_read(env, (insn >> 5) & 31, dbl), dbl, fbits, mode,
                         !(opc & 1), sf, env->fpcr, &fpsr);
    }
    env->fpsr = fpsr;
    return true;
}

bool a64_fp_exec(ArmCPUState *env, uint32_t insn)
{
    uint64_t unused;

    if ((insn & 0xff207c00) == 0x1e204000) {
        return fp_1src(env, insn);
    }
    if ((insn & 0xff200c00) == 0x1e200800) {
        g_assert(!env);     /* executed by its own helper only */
        return fp_2src(insn);
    }
    if ((insn & 0xff000000) == 0x1f000000) {
        g_assert(!env);
        return fp_3src(insn);
    }
    if ((insn & 0x7f20fc00) == 0x1e200000 ||
        (insn & 0x7f200000) == 0x1e000000) {
        return fp_int(env, insn, 0, &unused);
    }
    return false;
}

static void helper_fp(ArmCPUState *env, uint32_t insn)
{
    a64_fp_exec(env, insn);
}

/* FP<->integer conversions: Xn in, the integer result out */
static uint64_t helper_fp_int(ArmCPUState *env, uint32_t insn, uint64_t x)
{
    uint64_t r = 0;

    fp_int(env, insn, x, &r);
    return r;
}

const TCGHelperInfo helper_info_fp_int = {
    .func = (void *)helper_fp_int,
    .name = "fp_int",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_I64,
    .nargs = 3,
    .args = {TCG_CALL_PTR, TCG_CALL_I32, TCG_CALL_I64},
};

const TCGHelperInfo helper_info_fp = {
    .func = (void *)helper_fp,
    .name = "fp",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID,
    .nargs = 2,
    .args = {TCG_CALL_PTR, TCG_CALL_I32},
};
