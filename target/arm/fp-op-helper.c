/*
 * One helper per A64 FP operation and precision, chosen by the
 * translator (translate-a64-fp.c) instead of helper_fp's decoding of the
 * instruction word at run time: the scalar forms take their operands as
 * values loaded by the generated code and return the result, which the
 * generated code writes to Vd; the AdvSIMD forms (three same and by
 * element: FADD, FSUB, FMUL, FDIV, FMLA, FMLS) get the register numbers
 * in a descriptor. FPCR is read and FPSR updated through env.
 *
 * Each operation first tries a short fast path, inlined here, and falls
 * back to softfloat.c (whose own host fast path handles the case where
 * FPSR.IXC is still clear, see softfloat-host.c). The fast path runs on
 * the host's SSE unit when, by the same reasoning as softfloat-host.c,
 * the IEEE 754 result is the ARM ARM one and no flag other than IXC can
 * be raised: FPCR.RMode = RN, every input normal, a result whose biased
 * exponent is at least 2 (not tiny before rounding) and below the
 * maximum (no overflow). It also needs FPSR.IXC already set: the flags
 * are cumulative (ARM ARM C5.2, FPSR: set until software clears them), so
 * whether this result is inexact no longer matters and the host's
 * MXCSR need not be read. Nearly every program sets IXC early and never
 * clears it, so the fast path is the common one. The fused multiply-add
 * uses libm's fma, correctly rounded, under the same conditions.
 *
 * Operations that are exact or whose inexactness is cheap to compute
 * (compares, FMAX/FMIN*, conversions) do not need IXC set.
 */
#include <math.h>
#include <string.h>

#include "target/arm/fp-op-helper.h"
#include "target/arm/softfloat.h"

/* Other hosts: no host FP arithmetic, only the integer fast paths */
#if defined(__x86_64__)
#define FP_HOST 1
#else
#define FP_HOST 0
#endif

typedef enum {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_NMUL,
    OP_MAX,
    OP_MIN,
    OP_MAXNM,
    OP_MINNM,
} FpOp;
/* fp_vec passes its FpVecOp on as the FpOp */
_Static_assert(OP_ADD == (int)FP_VEC_ADD && OP_SUB == (int)FP_VEC_SUB &&
                   OP_MUL == (int)FP_VEC_MUL && OP_DIV == (int)FP_VEC_DIV,
               "FpOp and FpVecOp differ");

#define FPCR_RMODE_MASK (3u << FPCR_RMODE_SHIFT)

static inline SfPrec prec_of(bool dbl)
{
    return dbl ? SF_DOUBLE : SF_SINGLE;
}

static inline uint64_t sign_bit(bool dbl)
{
    return dbl ? 1ull << 63 : 1ull << 31;
}

/* The magnitude bits, and the encoding of infinity */
static inline uint64_t mag_mask(bool dbl)
{
    return sign_bit(dbl) - 1;
}

static inline uint64_t inf_bits(bool dbl)
{
    return dbl ? 0x7ffull << 52 : 0xffull << 23;
}

static inline unsigned exp_of(uint64_t x, bool dbl)
{
    return dbl ? (x >> 52) & 0x7ff : (x >> 23) & 0xff;
}

/* Biased exponent neither 0 (zero, denormal) nor all ones (inf, NaN) */
static inline bool is_normal(uint64_t x, bool dbl)
{
    return exp_of(x, dbl) - 1 < (dbl ? 0x7feu : 0xfeu);
}

/* Not tiny before rounding (exponent >= 2), and no overflow */
static inline bool result_ok(uint64_t r, bool dbl)
{
    return exp_of(r, dbl) - 2 < (dbl ? 0x7fdu : 0xfdu);
}

/* RN, and FPSR.IXC already set: the host result is all that matters */
static inline bool fast_mode(uint32_t fpcr, uint32_t fpsr)
{
    return ((fpcr & FPCR_RMODE_MASK) | (fpsr & FPSR_IXC)) == FPSR_IXC;
}

/*
 * Not a NaN, and not a denormal that FPCR.FZ would flush (raising IDC):
 * FPUnpack gives such a value's class and magnitude with no flag.
 */
static inline bool plain_value(uint64_t x, bool dbl, uint32_t fpcr)
{
    uint64_t m = x & mag_mask(dbl);

    return m <= inf_bits(dbl) &&
           (!(fpcr & FPCR_FZ) || m == 0 || exp_of(x, dbl) != 0);
}

/* A signed integer ordered as the value of a non-NaN x; +0 = -0 */
static inline int64_t order_key(uint64_t x, bool dbl)
{
    int64_t m = x & mag_mask(dbl);

    return x & sign_bit(dbl) ? -m : m;
}

#if FP_HOST
static inline uint64_t host_op(FpOp op, uint64_t a, uint64_t b, bool dbl)
{
    /* asm rather than C: no contraction or reordering by the compiler */
    if (dbl) {
        double x, y;
        uint64_t r;

        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        switch (op) {
        case OP_ADD:
            __asm__("addsd %1, %0" : "+x"(x) : "x"(y));
            break;
        case OP_SUB:
            __asm__("subsd %1, %0" : "+x"(x) : "x"(y));
            break;
        case OP_DIV:
            __asm__("divsd %1, %0" : "+x"(x) : "x"(y));
            break;
        default:
            __asm__("mulsd %1, %0" : "+x"(x) : "x"(y));
            break;
        }
        memcpy(&r, &x, 8);
        return r;
    } else {
        uint32_t ua = a, ub = b, r;
        float x, y;

        memcpy(&x, &ua, 4);
        memcpy(&y, &ub, 4);
        switch (op) {
        case OP_ADD:
            __asm__("addss %1, %0" : "+x"(x) : "x"(y));
            break;
        case OP_SUB:
            __asm__("subss %1, %0" : "+x"(x) : "x"(y));
            break;
        case OP_DIV:
            __asm__("divss %1, %0" : "+x"(x) : "x"(y));
            break;
        default:
            __asm__("mulss %1, %0" : "+x"(x) : "x"(y));
            break;
        }
        memcpy(&r, &x, 4);
        return r;
    }
}

static inline uint64_t host_sqrt(uint64_t a, bool dbl)
{
    if (dbl) {
        double x, r;
        uint64_t bits;

        memcpy(&x, &a, 8);
        __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
        memcpy(&bits, &r, 8);
        return bits;
    } else {
        uint32_t ua = a, bits;
        float x, r;

        memcpy(&x, &ua, 4);
        __asm__("sqrtss %1, %0" : "=x"(r) : "x"(x));
        memcpy(&bits, &r, 4);
        return bits;
    }
}

/* c + a * b, one rounding (libm's fma is correctly rounded) */
static inline uint64_t host_fma(uint64_t c, uint64_t a, uint64_t b, bool dbl)
{
    if (dbl) {
        double x, y, z, r;
        uint64_t bits;

        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        memcpy(&z, &c, 8);
        r = fma(x, y, z);
        memcpy(&bits, &r, 8);
        return bits;
    } else {
        uint32_t ua = a, ub = b, uc = c, bits;
        float x, y, z, r;

        memcpy(&x, &ua, 4);
        memcpy(&y, &ub, 4);
        memcpy(&z, &uc, 4);
        r = fmaf(x, y, z);
        memcpy(&bits, &r, 4);
        return bits;
    }
}
#endif

/* ---- the operations: fast path, then softfloat.c ---------------------- */

static __attribute__((noinline)) uint64_t fp2_slow(FpOp op, uint64_t a,
                                                   uint64_t b, bool dbl,
                                                   uint32_t fpcr,
                                                   uint32_t *fpsr)
{
    SfPrec p = prec_of(dbl);

    switch (op) {
    case OP_ADD:
        return sf_add(a, b, p, fpcr, fpsr);
    case OP_SUB:
        return sf_sub(a, b, p, fpcr, fpsr);
    case OP_MUL:
        return sf_mul(a, b, p, fpcr, fpsr);
    case OP_DIV:
        return sf_div(a, b, p, fpcr, fpsr);
    case OP_NMUL:
        /* FNMUL negates whatever FPMul gives, NaNs included (ARM ARM) */
        return sf_mul(a, b, p, fpcr, fpsr) ^ sign_bit(dbl);
    default:
        return sf_minmax(a, b, p, op == OP_MAX || op == OP_MAXNM,
                         op == OP_MAXNM || op == OP_MINNM, fpcr, fpsr);
    }
}

/*
 * FPMax/FPMin(Num) of two values that are not NaNs (so FMAXNM is FMAX)
 * and that FZ leaves alone: the larger or smaller, and between +0 and -0
 * the maximum is +0, the minimum -0. Equal values are then the same
 * encoding, or the two zeros: AND gives max's, OR min's.
 */
static inline uint64_t minmax_plain(uint64_t a, uint64_t b, bool dbl,
                                    bool is_max)
{
    int64_t ka = order_key(a, dbl), kb = order_key(b, dbl);

    if (ka == kb) {
        return is_max ? a & b : a | b;
    }
    return (ka > kb) == is_max ? a : b;
}

/*
 * The fast paths: true with *r set, else the caller goes to softfloat.c.
 * Both inputs' exponents are tested with one branch.
 */
static inline bool fp2_fast(FpOp op, uint64_t a, uint64_t b, bool dbl,
                            uint32_t fpcr, uint32_t fpsr, uint64_t *r)
{
    if (op >= OP_MAX) {
        if (plain_value(a, dbl, fpcr) && plain_value(b, dbl, fpcr)) {
            *r = minmax_plain(a, b, dbl, op == OP_MAX || op == OP_MAXNM);
            return true;
        }
        return false;
    }
#if FP_HOST
    if (fast_mode(fpcr, fpsr) && (is_normal(a, dbl) & is_normal(b, dbl))) {
        uint64_t x = host_op(op == OP_NMUL ? OP_MUL : op, a, b, dbl);

        if (result_ok(x, dbl)) {
            *r = op == OP_NMUL ? x ^ sign_bit(dbl) : x;
            return true;
        }
    }
#endif
    return false;
}

/* FPMulAdd: c + a * b, one rounding; the caller negates operands */
static inline bool fp_muladd_fast(uint64_t c, uint64_t a, uint64_t b, bool dbl,
                                  uint32_t fpcr, uint32_t fpsr, uint64_t *r)
{
#if FP_HOST
    if (fast_mode(fpcr, fpsr) &&
        (is_normal(a, dbl) & is_normal(b, dbl) & is_normal(c, dbl))) {
        uint64_t x = host_fma(c, a, b, dbl);

        if (result_ok(x, dbl)) {
            *r = x;
            return true;
        }
    }
#endif
    return false;
}

static __attribute__((noinline)) uint64_t fp_muladd_slow(uint64_t c, uint64_t a,
                                                         uint64_t b, bool dbl,
                                                         uint32_t fpcr,
                                                         uint32_t *fpsr)
{
    return sf_muladd(c, a, b, prec_of(dbl), fpcr, fpsr);
}

/* ---- scalar helpers: values in, value out ----------------------------- */

/*
 * The slow paths with FPSR in env, out of line so that the fast path
 * of a helper needs no stack frame and leaves env->fpsr alone.
 */
static __attribute__((noinline)) uint64_t
fp2_env(ArmCPUState *env, FpOp op, uint64_t a, uint64_t b, bool dbl)
{
    uint32_t fpsr = env->fpsr;
    uint64_t r = fp2_slow(op, a, b, dbl, env->fpcr, &fpsr);

    env->fpsr = fpsr;
    return r;
}

static __attribute__((noinline)) uint64_t
fp_muladd_env(ArmCPUState *env, uint64_t c, uint64_t a, uint64_t b, bool dbl)
{
    uint32_t fpsr = env->fpsr;
    uint64_t r = fp_muladd_slow(c, a, b, dbl, env->fpcr, &fpsr);

    env->fpsr = fpsr;
    return r;
}

#define FP2_HELPER(name, op, dbl)                                              \
    static uint64_t helper_##name(ArmCPUState *env, uint64_t a, uint64_t b)    \
    {                                                                          \
        uint64_t r;                                                            \
                                                                               \
        if (fp2_fast(op, a, b, dbl, env->fpcr, env->fpsr, &r)) {               \
            return r;                                                          \
        }                                                                      \
        return fp2_env(env, op, a, b, dbl);                                    \
    }

FP2_HELPER(fmul_s, OP_MUL, false)
FP2_HELPER(fmul_d, OP_MUL, true)
FP2_HELPER(fdiv_s, OP_DIV, false)
FP2_HELPER(fdiv_d, OP_DIV, true)
FP2_HELPER(fadd_s, OP_ADD, false)
FP2_HELPER(fadd_d, OP_ADD, true)
FP2_HELPER(fsub_s, OP_SUB, false)
FP2_HELPER(fsub_d, OP_SUB, true)
FP2_HELPER(fmax_s, OP_MAX, false)
FP2_HELPER(fmax_d, OP_MAX, true)
FP2_HELPER(fmin_s, OP_MIN, false)
FP2_HELPER(fmin_d, OP_MIN, true)
FP2_HELPER(fmaxnm_s, OP_MAXNM, false)
FP2_HELPER(fmaxnm_d, OP_MAXNM, true)
FP2_HELPER(fminnm_s, OP_MINNM, false)
FP2_HELPER(fminnm_d, OP_MINNM, true)
FP2_HELPER(fnmul_s, OP_NMUL, false)
FP2_HELPER(fnmul_d, OP_NMUL, true)

#define HELPER_INFO(fn, nm, rt, n, ...)                                        \
    {                                                                          \
        .func = (void *)(fn), .name = (nm),                                    \
        .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,         \
        .ret = (rt), .nargs = (n), .args = {__VA_ARGS__},                      \
    }
#define INFO2(name)                                                            \
    HELPER_INFO(helper_##name, #name, TCG_CALL_I64, 3, TCG_CALL_PTR,           \
                TCG_CALL_I64, TCG_CALL_I64)

/* In the order of the 2-source opcode (ARM ARM C4.1.6: FMUL .. FNMUL) */
const TCGHelperInfo helper_info_fp_2src[9][2] = {
    {INFO2(fmul_s), INFO2(fmul_d)},     {INFO2(fdiv_s), INFO2(fdiv_d)},
    {INFO2(fadd_s), INFO2(fadd_d)},     {INFO2(fsub_s), INFO2(fsub_d)},
    {INFO2(fmax_s), INFO2(fmax_d)},     {INFO2(fmin_s), INFO2(fmin_d)},
    {INFO2(fmaxnm_s), INFO2(fmaxnm_d)}, {INFO2(fminnm_s), INFO2(fminnm_d)},
    {INFO2(fnmul_s), INFO2(fnmul_d)},
};

#define FMA_HELPER(name, dbl)                                                  \
    static uint64_t helper_##name(ArmCPUState *env, uint64_t c, uint64_t a,    \
                                  uint64_t b)                                  \
    {                                                                          \
        uint64_t r;                                                            \
                                                                               \
        if (fp_muladd_fast(c, a, b, dbl, env->fpcr, env->fpsr, &r)) {          \
            return r;                                                          \
        }                                                                      \
        return fp_muladd_env(env, c, a, b, dbl);                               \
    }

FMA_HELPER(fmuladd_s, false)
FMA_HELPER(fmuladd_d, true)

const TCGHelperInfo helper_info_fp_muladd[2] = {
    HELPER_INFO(helper_fmuladd_s, "fmuladd_s", TCG_CALL_I64, 4, TCG_CALL_PTR,
                TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64),
    HELPER_INFO(helper_fmuladd_d, "fmuladd_d", TCG_CALL_I64, 4, TCG_CALL_PTR,
                TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64),
};

/* FSQRT: a normal positive operand has a normal, finite root */
static inline uint64_t fp_sqrt(ArmCPUState *env, uint64_t a, bool dbl)
{
    uint32_t fpsr = env->fpsr;
    uint64_t r;

#if FP_HOST
    if (fast_mode(env->fpcr, fpsr) && is_normal(a, dbl) &&
        !(a & sign_bit(dbl))) {
        return host_sqrt(a, dbl);
    }
#endif
    r = sf_sqrt(a, prec_of(dbl), env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return r;
}

static uint64_t helper_fsqrt_s(ArmCPUState *env, uint64_t a)
{
    return fp_sqrt(env, a, false);
}

static uint64_t helper_fsqrt_d(ArmCPUState *env, uint64_t a)
{
    return fp_sqrt(env, a, true);
}

#define INFO1(name)                                                            \
    HELPER_INFO(helper_##name, #name, TCG_CALL_I64, 2, TCG_CALL_PTR,           \
                TCG_CALL_I64)

const TCGHelperInfo helper_info_fsqrt[2] = {INFO1(fsqrt_s), INFO1(fsqrt_d)};

/* Single to double: exact for a normal single, whatever FPCR says */
static inline uint64_t widen_normal(uint64_t a)
{
    return (a & 0x80000000ull) << 32 | ((a >> 23 & 0xff) + 1023 - 127) << 52 |
           (a & 0x7fffff) << 29;
}

static uint64_t helper_fcvt_sd(ArmCPUState *env, uint64_t a)
{
    uint32_t fpsr;
    uint64_t r;

    if (is_normal(a, false)) {
        return widen_normal(a);
    }
    fpsr = env->fpsr;
    r = sf_convert(a, SF_SINGLE, SF_DOUBLE, env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return r;
}

/*
 * Double to single under RN: the host's conversion rounds the same way;
 * inexact when widening the result back does not give the operand.
 */
static uint64_t helper_fcvt_ds(ArmCPUState *env, uint64_t a)
{
    uint32_t fpsr = env->fpsr;
    uint64_t r;

#if FP_HOST
    if (!(env->fpcr & FPCR_RMODE_MASK) && is_normal(a, true)) {
        double x;
        float y;
        uint32_t bits;

        memcpy(&x, &a, 8);
        __asm__("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
        memcpy(&bits, &y, 4);
        if (result_ok(bits, false)) {
            if (widen_normal(bits) != a) {
                env->fpsr = fpsr | FPSR_IXC;
            }
            return bits;
        }
    }
#endif
    r = sf_convert(a, SF_DOUBLE, SF_SINGLE, env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return r;
}

const TCGHelperInfo helper_info_fcvt_sd = INFO1(fcvt_sd);
const TCGHelperInfo helper_info_fcvt_ds = INFO1(fcvt_ds);

/* ---- conversions between FP and integer (fbits = 0) ------------------- */

static inline uint64_t host_from_int(int64_t x, bool dbl)
{
    if (dbl) {
        double d = (double)x;
        uint64_t bits;

        memcpy(&bits, &d, 8);
        return bits;
    } else {
        float f = (float)x;
        uint32_t bits;

        memcpy(&bits, &f, 4);
        return bits;
    }
}

/*
 * SCVTF/UCVTF from a 64-bit integer (the generated code extends a W
 * register): exact, whatever FPCR says, when the magnitude fits the
 * significand; otherwise under RN the host's conversion rounds once as
 * FixedToFP does, and the result can be neither tiny nor too large.
 */
static inline uint64_t fp_from_int(ArmCPUState *env, uint64_t x, bool sgn,
                                   bool dbl)
{
    uint64_t lim = dbl ? 1ull << 53 : 1ull << 24, r;
    uint32_t fpsr = env->fpsr;

    if (sgn ? x + lim <= 2 * lim : x <= lim) {
        return host_from_int((int64_t)x, dbl);
    }
    if (fast_mode(env->fpcr, fpsr) && (sgn || (int64_t)x >= 0)) {
        return host_from_int((int64_t)x, dbl);
    }
    r = sf_from_int(x, sgn, 0, prec_of(dbl), env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return r;
}

#define CVTF_HELPER(name, sgn, dbl)                                            \
    static uint64_t helper_##name(ArmCPUState *env, uint64_t x)                \
    {                                                                          \
        return fp_from_int(env, x, sgn, dbl);                                  \
    }

CVTF_HELPER(ucvtf_s, false, false)
CVTF_HELPER(ucvtf_d, false, true)
CVTF_HELPER(scvtf_s, true, false)
CVTF_HELPER(scvtf_d, true, true)

const TCGHelperInfo helper_info_fp_cvtf[2][2] = {
    {INFO1(ucvtf_s), INFO1(ucvtf_d)},
    {INFO1(scvtf_s), INFO1(scvtf_d)},
};

/*
 * FCVTZS/FCVTZU to a W or X register: a normal operand whose truncation
 * fits is truncated here in integer arithmetic, IXC when fraction bits
 * are dropped (FPToFixed with RZ); the rest is sf_to_int's.
 */
static inline uint64_t fp_to_int_rz(ArmCPUState *env, uint64_t a, bool dbl,
                                    bool sgn, bool is64)
{
    int fb = dbl ? 52 : 23;
    int e = (int)exp_of(a, dbl) - (dbl ? 1023 : 127);
    int lim = (is64 ? 64 : 32) - sgn;
    bool neg = a & sign_bit(dbl);
    uint32_t fpsr = env->fpsr;
    uint64_t r;

    if (is_normal(a, dbl) && e < lim && e < 63 && (sgn || !neg)) {
        uint64_t mant = (a & ((1ull << fb) - 1)) | 1ull << fb, m;
        bool inexact;

        if (e < 0) {
            m = 0;
            inexact = true;
        } else if (e <= fb) {
            m = mant >> (fb - e);
            inexact = mant & ((1ull << (fb - e)) - 1);
        } else {
            m = mant << (e - fb);
            inexact = false;
        }
        if (inexact) {
            env->fpsr = fpsr | FPSR_IXC;
        }
        r = neg ? -m : m;
        return is64 ? r : (uint32_t)r;
    }
    r = sf_to_int(a, prec_of(dbl), 0, SF_RZ, sgn, is64, env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return r;
}

#define CVTZ_HELPER(name, dbl, sgn, is64)                                      \
    static uint64_t helper_##name(ArmCPUState *env, uint64_t a)                \
    {                                                                          \
        return fp_to_int_rz(env, a, dbl, sgn, is64);                           \
    }

CVTZ_HELPER(fcvtzu_sw, false, false, false)
CVTZ_HELPER(fcvtzu_sx, false, false, true)
CVTZ_HELPER(fcvtzu_dw, true, false, false)
CVTZ_HELPER(fcvtzu_dx, true, false, true)
CVTZ_HELPER(fcvtzs_sw, false, true, false)
CVTZ_HELPER(fcvtzs_sx, false, true, true)
CVTZ_HELPER(fcvtzs_dw, true, true, false)
CVTZ_HELPER(fcvtzs_dx, true, true, true)

const TCGHelperInfo helper_info_fp_cvtz[2][2][2] = {
    {{INFO1(fcvtzu_sw), INFO1(fcvtzu_sx)},
     {INFO1(fcvtzu_dw), INFO1(fcvtzu_dx)}},
    {{INFO1(fcvtzs_sw), INFO1(fcvtzs_sx)},
     {INFO1(fcvtzs_dw), INFO1(fcvtzs_dx)}},
};

/* ---- FCMP, FCMPE: NZCV in bits 3..0 ----------------------------------- */

static inline uint32_t fp_compare(ArmCPUState *env, uint64_t a, uint64_t b,
                                  bool dbl, bool signal_all)
{
    uint32_t fpsr, nzcv;

    /* ARM ARM FPCompare: no NaN, so no exception, and an ordered result */
    if (plain_value(a, dbl, env->fpcr) && plain_value(b, dbl, env->fpcr)) {
        int64_t ka = order_key(a, dbl), kb = order_key(b, dbl);

        return ka == kb ? 0x6 : ka < kb ? 0x8 : 0x2;
    }
    fpsr = env->fpsr;
    nzcv = sf_compare(a, b, prec_of(dbl), signal_all, env->fpcr, &fpsr);
    env->fpsr = fpsr;
    return nzcv;
}

#define CMP_HELPER(name, dbl, signal_all)                                      \
    static uint32_t helper_##name(ArmCPUState *env, uint64_t a, uint64_t b)    \
    {                                                                          \
        return fp_compare(env, a, b, dbl, signal_all);                         \
    }

CMP_HELPER(fcmp_s, false, false)
CMP_HELPER(fcmp_d, true, false)
CMP_HELPER(fcmpe_s, false, true)
CMP_HELPER(fcmpe_d, true, true)

#define INFO_CMP(name)                                                         \
    HELPER_INFO(helper_##name, #name, TCG_CALL_I32, 3, TCG_CALL_PTR,           \
                TCG_CALL_I64, TCG_CALL_I64)

const TCGHelperInfo helper_info_fp_cmp[2][2] = {
    {INFO_CMP(fcmp_s), INFO_CMP(fcmp_d)},
    {INFO_CMP(fcmpe_s), INFO_CMP(fcmpe_d)},
};

/* ---- AdvSIMD: three same and by element ------------------------------- */

/* (the masks only tell the compiler i is in range) */
static inline uint64_t lane_get(const ArmVReg *v, unsigned i, bool dbl)
{
    return dbl ? v->d[i & 1] : v->s[i & 3];
}

/*
 * One lane: the scalar operation, d the lane's old value (FMLA, FMLS).
 * FMLS negates the Vn element before FPMulAdd (a NaN keeps the flipped
 * sign). The fast path first, then with fpsr NULL false, else softfloat.
 */
static inline bool vec_lane(FpVecOp op, uint64_t n, uint64_t m, uint64_t d,
                            bool dbl, uint32_t fpcr, uint32_t *fpsr,
                            uint64_t *r)
{
    uint32_t flags = fpsr ? *fpsr : FPSR_IXC;

    if (op == FP_VEC_MLA || op == FP_VEC_MLS) {
        n ^= op == FP_VEC_MLS ? sign_bit(dbl) : 0;
        if (fp_muladd_fast(d, n, m, dbl, fpcr, flags, r)) {
            return true;
        }
        if (fpsr) {
            *r = fp_muladd_slow(d, n, m, dbl, fpcr, fpsr);
        }
        return fpsr;
    }
    /* FP_VEC_ADD .. FP_VEC_DIV are OP_ADD .. OP_DIV */
    if (fp2_fast((FpOp)op, n, m, dbl, fpcr, flags, r)) {
        return true;
    }
    if (fpsr) {
        *r = fp2_slow((FpOp)op, n, m, dbl, fpcr, fpsr);
    }
    return fpsr;
}

/*
 * Every lane is one call of the scalar operation with the same FPCR, the
 * flags ORed together; the result is built apart and written last (Vd
 * may be an operand), the rest of Vd cleared. Vd is written as two
 * 64-bit halves, the way the generated code and the next helper read it
 * (a 128-bit copy of a result built in two halves on the stack would
 * stall on store forwarding). fast: only if every lane takes the fast
 * path, and then with the caller's lanes a constant, unrolled; false
 * when some lane cannot.
 */
static inline bool fp_vec(ArmCPUState *env, uint32_t desc, FpVecOp op, bool dbl,
                          unsigned lanes, bool fast)
{
    const ArmVReg *vn = &env->vregs[FP_VEC_RN(desc)];
    const ArmVReg *vm = &env->vregs[FP_VEC_RM(desc)];
    ArmVReg *vd = &env->vregs[FP_VEC_RD(desc)];
    uint32_t fpcr = env->fpcr, fpsr = env->fpsr;
    uint64_t m = lane_get(vm, FP_VEC_INDEX(desc), dbl), lo = 0, hi = 0;
    bool by_elem = FP_VEC_BY_ELEM(desc);
    unsigned i;

    if (fast && !fast_mode(fpcr, fpsr)) {
        return false;
    }
#pragma GCC unroll 4
    for (i = 0; i < lanes; i++) {
        uint64_t r;

        if (!vec_lane(op, lane_get(vn, i, dbl),
                      by_elem ? m : lane_get(vm, i, dbl), lane_get(vd, i, dbl),
                      dbl, fpcr, fast ? NULL : &fpsr, &r)) {
            return false;
        }
        r = dbl ? r : r << (i & 1) * 32;
        if (i < (dbl ? 1 : 2)) {
            lo |= r;
        } else {
            hi |= r;
        }
    }
    if (!fast) {
        env->fpsr = fpsr;
    }
    vd->d[0] = lo;
    vd->d[1] = hi;
    return true;
}

static __attribute__((noinline)) void
fp_vec_slow(ArmCPUState *env, uint32_t desc, FpVecOp op, bool dbl)
{
    fp_vec(env, desc, op, dbl, FP_VEC_LANES(desc), false);
}

/*
 * Per operation and precision: the generic helper (2S, scalar by
 * element, any lanes) and the full-width one (4S, 2D), whose fast path
 * is unrolled.
 */
#define VEC_HELPER(name, op, dbl)                                              \
    static void helper_##name(ArmCPUState *env, uint32_t desc)                 \
    {                                                                          \
        fp_vec_slow(env, desc, op, dbl);                                       \
    }                                                                          \
    static void helper_##name##_q(ArmCPUState *env, uint32_t desc)             \
    {                                                                          \
        if (!fp_vec(env, desc, op, dbl, dbl ? 2 : 4, true)) {                  \
            fp_vec_slow(env, desc, op, dbl);                                   \
        }                                                                      \
    }

VEC_HELPER(vfadd_s, FP_VEC_ADD, false)
VEC_HELPER(vfadd_d, FP_VEC_ADD, true)
VEC_HELPER(vfsub_s, FP_VEC_SUB, false)
VEC_HELPER(vfsub_d, FP_VEC_SUB, true)
VEC_HELPER(vfmul_s, FP_VEC_MUL, false)
VEC_HELPER(vfmul_d, FP_VEC_MUL, true)
VEC_HELPER(vfdiv_s, FP_VEC_DIV, false)
VEC_HELPER(vfdiv_d, FP_VEC_DIV, true)
VEC_HELPER(vfmla_s, FP_VEC_MLA, false)
VEC_HELPER(vfmla_d, FP_VEC_MLA, true)
VEC_HELPER(vfmls_s, FP_VEC_MLS, false)
VEC_HELPER(vfmls_d, FP_VEC_MLS, true)

#define INFO_VEC(name)                                                         \
    HELPER_INFO(helper_##name, #name, TCG_CALL_VOID, 2, TCG_CALL_PTR,          \
                TCG_CALL_I32)
const TCGHelperInfo helper_info_fp_vec[FP_VEC_NOPS][2][2] = {
    [FP_VEC_ADD] = {{INFO_VEC(vfadd_s), INFO_VEC(vfadd_s_q)},
                    {INFO_VEC(vfadd_d), INFO_VEC(vfadd_d_q)}},
    [FP_VEC_SUB] = {{INFO_VEC(vfsub_s), INFO_VEC(vfsub_s_q)},
                    {INFO_VEC(vfsub_d), INFO_VEC(vfsub_d_q)}},
    [FP_VEC_MUL] = {{INFO_VEC(vfmul_s), INFO_VEC(vfmul_s_q)},
                    {INFO_VEC(vfmul_d), INFO_VEC(vfmul_d_q)}},
    [FP_VEC_DIV] = {{INFO_VEC(vfdiv_s), INFO_VEC(vfdiv_s_q)},
                    {INFO_VEC(vfdiv_d), INFO_VEC(vfdiv_d_q)}},
    [FP_VEC_MLA] = {{INFO_VEC(vfmla_s), INFO_VEC(vfmla_s_q)},
                    {INFO_VEC(vfmla_d), INFO_VEC(vfmla_d_q)}},
    [FP_VEC_MLS] = {{INFO_VEC(vfmls_s), INFO_VEC(vfmls_s_q)},
                    {INFO_VEC(vfmls_d), INFO_VEC(vfmls_d_q)}},
};
