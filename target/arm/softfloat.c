/*
 * Software floating point after the ARM ARM pseudocode (section
 * J1.3 shared/functions/float). A value is unpacked to a class, a sign
 * and, when finite and non-zero, an exact sig * 2^exp with sig held in
 * 128 bits; arithmetic keeps every bit it needs plus a sticky bit in
 * bit 0, so FPRound sees the same error term as the real-number model.
 */
#include "target/arm/softfloat.h"

#include "target/arm/cpu.h"

typedef unsigned __int128 u128;

enum { FPC_ZERO, FPC_FINITE, FPC_INF, FPC_QNAN, FPC_SNAN };

/* Format: E exponent bits, F fraction bits (ARM ARM FPRound's N, E, F) */
typedef struct {
    int e, f;
} SfFmt;

typedef struct {
    int cls;
    bool sign;
    int exp;  /* value = sig * 2^exp */
    u128 sig; /* non-zero when FPC_FINITE */
} SfVal;

static SfFmt sf_fmt(SfPrec prec)
{
    return prec == SF_DOUBLE ? (SfFmt){11, 52}
           : prec == SF_HALF ? (SfFmt){5, 10}
                             : (SfFmt){8, 23};
}

/*
 * Half precision is only converted: FPUnpackCV/FPRoundCV clear FZ16, so
 * FPCR.FZ never flushes it; FPCR.AHP makes it the alternative format.
 */
static bool sf_fz(SfFmt f, uint32_t fpcr)
{
    return f.e != 5 && (fpcr & FPCR_FZ);
}

static bool sf_ahp(SfFmt f, uint32_t fpcr)
{
    return f.e == 5 && (fpcr & FPCR_AHP);
}

static int sf_bias(SfFmt f)
{
    return (1 << (f.e - 1)) - 1;
}

static uint64_t sf_default_nan(SfFmt f)
{
    return ((1ull << f.e) - 1) << f.f | 1ull << (f.f - 1);
}

static uint64_t sf_inf(SfFmt f, bool sign)
{
    return (uint64_t)sign << (f.e + f.f) | ((1ull << f.e) - 1) << f.f;
}

static uint64_t sf_zero(SfFmt f, bool sign)
{
    return (uint64_t)sign << (f.e + f.f);
}

/*
 * FPUnpack: FZ flushes denormal inputs to zero and raises IDC; in the
 * alternative half format the top exponent is a normal one.
 */
static SfVal sf_unpack(uint64_t x, SfFmt f, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t frac = x & ((1ull << f.f) - 1);
    unsigned be = (x >> f.f) & ((1u << f.e) - 1);
    SfVal v = {.sign = (x >> (f.e + f.f)) & 1};

    if (be == 0) {
        if (frac == 0 || sf_fz(f, fpcr)) {
            if (frac) {
                *fpsr |= FPSR_IDC;
            }
            v.cls = FPC_ZERO;
        } else {
            v.cls = FPC_FINITE;
            v.sig = frac;
            v.exp = 1 - sf_bias(f) - f.f;
        }
    } else if (be == (1u << f.e) - 1 && !sf_ahp(f, fpcr)) {
        if (frac == 0) {
            v.cls = FPC_INF;
        } else {
            v.cls = (frac >> (f.f - 1)) & 1 ? FPC_QNAN : FPC_SNAN;
        }
    } else {
        v.cls = FPC_FINITE;
        v.sig = frac | 1ull << f.f;
        v.exp = (int)be - sf_bias(f) - f.f;
    }
    return v;
}

static int sf_msb(u128 x)
{
    uint64_t hi = x >> 64;

    return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)x);
}

/*
 * FPRoundBase of (-1)^sign * sig * 2^exp, sig != 0, for AArch64 with
 * rmode SF_RN..SF_RZ or SF_RODD (tininess before rounding, FZ flush
 * giving UFC only, AHP overflow giving IOC).
 */
static uint64_t sf_round_rm(bool sign, int exp, u128 sig, SfFmt f, int rmode,
                            uint32_t fpcr, uint32_t *fpsr)
{
    int minexp = 2 - (1 << (f.e - 1));
    int e = exp + sf_msb(sig); /* exponent of the leading bit */
    int lsb = (e < minexp ? minexp : e) - f.f;
    int sh = lsb - exp;
    uint64_t mant, enc;
    bool up = false, inexact, half_or_more, above_half;

    if (e < minexp && sf_fz(f, fpcr)) {
        *fpsr |= FPSR_UFC;
        return sf_zero(f, sign);
    }
    if (sh <= 0) {
        mant = (uint64_t)(sig << -sh);
        inexact = half_or_more = above_half = false;
    } else if (sh > 126) {
        mant = 0;
        inexact = true;
        half_or_more = above_half = false;
    } else {
        u128 rem = sig & (((u128)1 << sh) - 1), half = (u128)1 << (sh - 1);

        mant = (uint64_t)(sig >> sh);
        inexact = rem != 0;
        half_or_more = rem >= half;
        above_half = rem > half;
    }
    if (inexact && e < minexp) {
        *fpsr |= FPSR_UFC;
    }
    switch (rmode) {
    case 0: /* RN */
        up = above_half || (half_or_more && !above_half && (mant & 1));
        break;
    case 1: /* RP */
        up = inexact && !sign;
        break;
    case 2: /* RM */
        up = inexact && sign;
        break;
    default: /* RZ, RODD */
        break;
    }
    mant += up;
    /* FPRoundBase: round to odd sets the lsb of an inexact result */
    if (rmode == SF_RODD && inexact) {
        mant |= 1;
    }
    /* a normal's mant holds the implicit bit, which carries into the exponent
     */
    enc = e < minexp ? mant : ((uint64_t)(e - minexp) << f.f) + mant;
    if (sf_ahp(f, fpcr)) {
        /* no infinity: the top exponent is normal, beyond it is IOC */
        if (enc >= (1ull << f.e) << f.f) {
            *fpsr |= FPSR_IOC;
            return (uint64_t)sign << 15 | 0x7fff;
        }
    } else if (enc >= ((1ull << f.e) - 1) << f.f) {
        bool to_inf = rmode == SF_RN || (rmode == SF_RP && !sign) ||
                      (rmode == SF_RM && sign);

        *fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? sf_inf(f, sign)
                      : sf_inf(f, sign) - 1; /* largest finite */
    }
    if (inexact) {
        *fpsr |= FPSR_IXC;
    }
    return (uint64_t)sign << (f.e + f.f) | enc;
}

static uint64_t sf_round(bool sign, int exp, u128 sig, SfFmt f, uint32_t fpcr,
                         uint32_t *fpsr)
{
    return sf_round_rm(sign, exp, sig, f, (fpcr >> FPCR_RMODE_SHIFT) & 3, fpcr,
                       fpsr);
}

/* FPProcessNaN: quiet a signalling NaN (IOC); DN gives the default NaN */
static uint64_t sf_process_nan(uint64_t x, const SfVal *v, SfFmt f,
                               uint32_t fpcr, uint32_t *fpsr)
{
    if (v->cls == FPC_SNAN) {
        *fpsr |= FPSR_IOC;
        x |= 1ull << (f.f - 1);
    }
    return (fpcr & FPCR_DN) ? sf_default_nan(f) : x;
}

/* FPProcessNaNs: signalling before quiet, first operand before second */
static bool sf_process_nans(uint64_t a, const SfVal *va, uint64_t b,
                            const SfVal *vb, SfFmt f, uint32_t fpcr,
                            uint32_t *fpsr, uint64_t *res)
{
    if (va->cls == FPC_SNAN) {
        *res = sf_process_nan(a, va, f, fpcr, fpsr);
    } else if (vb->cls == FPC_SNAN) {
        *res = sf_process_nan(b, vb, f, fpcr, fpsr);
    } else if (va->cls == FPC_QNAN) {
        *res = sf_process_nan(a, va, f, fpcr, fpsr);
    } else if (vb->cls == FPC_QNAN) {
        *res = sf_process_nan(b, vb, f, fpcr, fpsr);
    } else {
        return false;
    }
    return true;
}

static uint64_t sf_invalid(SfFmt f, uint32_t *fpsr)
{
    *fpsr |= FPSR_IOC;
    return sf_default_nan(f);
}

/* Fold the bits of x below 2^sh into a sticky bit 0 */
static u128 sf_shift_right_jam(u128 x, int sh)
{
    if (sh <= 0) {
        return x;
    }
    if (sh > 126) {
        return x != 0;
    }
    return (x >> sh) | ((x & (((u128)1 << sh) - 1)) != 0);
}

/*
 * Round the sum of two finite non-zero values (sig below 2^110). An
 * exact zero sum is -0 only when rounding towards minus infinity.
 */
static uint64_t sf_sum(SfVal *va, SfVal *vb, SfFmt f, uint32_t fpcr,
                       uint32_t *fpsr)
{
    /*
     * Put the operand with the higher leading bit at bit 125 (room for
     * the carry) and align the other to it; what falls off the bottom is
     * far below the rounding point, so a sticky bit keeps it exact.
     */
    SfVal *hi =
        va->exp + sf_msb(va->sig) >= vb->exp + sf_msb(vb->sig) ? va : vb;
    SfVal *lo = hi == va ? vb : va;
    int exp = hi->exp - (125 - sf_msb(hi->sig));
    u128 shi = hi->sig << (125 - sf_msb(hi->sig));
    u128 slo = lo->exp >= exp ? lo->sig << (lo->exp - exp)
                              : sf_shift_right_jam(lo->sig, exp - lo->exp);

    if (hi->sign == lo->sign) {
        return sf_round(hi->sign, exp, shi + slo, f, fpcr, fpsr);
    }
    if (shi == slo) {
        return sf_zero(f, ((fpcr >> FPCR_RMODE_SHIFT) & 3) == 2);
    }
    /* hi's leading bit is not below lo's, so only equal tops can flip */
    if (shi > slo) {
        return sf_round(hi->sign, exp, shi - slo, f, fpcr, fpsr);
    }
    return sf_round(lo->sign, exp, slo - shi, f, fpcr, fpsr);
}

/* FPAdd with b's sign already flipped for FSUB */
static uint64_t sf_addsub(uint64_t a, uint64_t b, bool neg_b, SfPrec prec,
                          uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    uint64_t res;

    if (sf_process_nans(a, &va, b, &vb, f, fpcr, fpsr, &res)) {
        return res;
    }
    vb.sign ^= neg_b;
    if (va.cls == FPC_INF && vb.cls == FPC_INF && va.sign != vb.sign) {
        return sf_invalid(f, fpsr);
    }
    if (va.cls == FPC_INF || vb.cls == FPC_INF) {
        return sf_inf(f, va.cls == FPC_INF ? va.sign : vb.sign);
    }
    if (va.cls == FPC_ZERO && vb.cls == FPC_ZERO && va.sign == vb.sign) {
        return sf_zero(f, va.sign);
    }
    if (va.cls == FPC_ZERO && vb.cls == FPC_ZERO) {
        goto exact_zero;
    }
    if (va.cls == FPC_ZERO) {
        return sf_round(vb.sign, vb.exp, vb.sig, f, fpcr, fpsr);
    }
    if (vb.cls == FPC_ZERO) {
        return sf_round(va.sign, va.exp, va.sig, f, fpcr, fpsr);
    }
    return sf_sum(&va, &vb, f, fpcr, fpsr);

exact_zero:
    return sf_zero(f, ((fpcr >> FPCR_RMODE_SHIFT) & 3) == 2);
}

uint64_t sf_add(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr)
{
    uint64_t r;

    if (sf_host_arith(SF_HOST_ADD, a, b, prec, fpcr, fpsr, &r)) {
        return r;
    }
    return sf_addsub(a, b, false, prec, fpcr, fpsr);
}

uint64_t sf_sub(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr)
{
    uint64_t r;

    if (sf_host_arith(SF_HOST_SUB, a, b, prec, fpcr, fpsr, &r)) {
        return r;
    }
    return sf_addsub(a, b, true, prec, fpcr, fpsr);
}

/* (-1)^sign * 2.0 and 1.5 */
static uint64_t sf_two(SfFmt f, bool sign)
{
    return (uint64_t)sign << (f.e + f.f) | (uint64_t)(sf_bias(f) + 1) << f.f;
}

static uint64_t sf_one_point_five(SfFmt f)
{
    return (uint64_t)sf_bias(f) << f.f | 1ull << (f.f - 1);
}

static bool sf_inf_times_zero(const SfVal *va, const SfVal *vb)
{
    return (va->cls == FPC_INF && vb->cls == FPC_ZERO) ||
           (va->cls == FPC_ZERO && vb->cls == FPC_INF);
}

/* FPMul, or FPMulX (mulx: 0 * inf is 2.0 with the product's sign) */
static uint64_t sf_mul_x(uint64_t a, uint64_t b, SfPrec prec, bool mulx,
                         uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    bool sign = va.sign ^ vb.sign;
    uint64_t res;

    if (sf_process_nans(a, &va, b, &vb, f, fpcr, fpsr, &res)) {
        return res;
    }
    if (sf_inf_times_zero(&va, &vb)) {
        return mulx ? sf_two(f, sign) : sf_invalid(f, fpsr);
    }
    if (va.cls == FPC_INF || vb.cls == FPC_INF) {
        return sf_inf(f, sign);
    }
    if (va.cls == FPC_ZERO || vb.cls == FPC_ZERO) {
        return sf_zero(f, sign);
    }
    /* 53 x 53 bits: the exact product fits in 128 bits */
    return sf_round(sign, va.exp + vb.exp, va.sig * vb.sig, f, fpcr, fpsr);
}

uint64_t sf_mul(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr)
{
    uint64_t r;

    if (sf_host_arith(SF_HOST_MUL, a, b, prec, fpcr, fpsr, &r)) {
        return r;
    }
    return sf_mul_x(a, b, prec, false, fpcr, fpsr);
}

uint64_t sf_mulx(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                 uint32_t *fpsr)
{
    return sf_mul_x(a, b, prec, true, fpcr, fpsr);
}

uint64_t sf_div(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr)
{
    uint64_t r;

    if (sf_host_arith(SF_HOST_DIV, a, b, prec, fpcr, fpsr, &r)) {
        return r;
    }
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    bool sign = va.sign ^ vb.sign;
    uint64_t res;
    u128 n, d, q;

    if (sf_process_nans(a, &va, b, &vb, f, fpcr, fpsr, &res)) {
        return res;
    }
    if ((va.cls == FPC_INF && vb.cls == FPC_INF) ||
        (va.cls == FPC_ZERO && vb.cls == FPC_ZERO)) {
        return sf_invalid(f, fpsr);
    }
    if (va.cls == FPC_INF || vb.cls == FPC_ZERO) {
        if (va.cls != FPC_INF) {
            *fpsr |= FPSR_DZC;
        }
        return sf_inf(f, sign);
    }
    if (va.cls == FPC_ZERO || vb.cls == FPC_INF) {
        return sf_zero(f, sign);
    }
    /* dividend at bit 127, divisor at bit 63: at least 64 quotient bits */
    n = va.sig << (127 - sf_msb(va.sig));
    d = vb.sig << (63 - sf_msb(vb.sig));
    q = n / d;
    q |= (n % d) != 0;
    return sf_round(
        sign, va.exp - (127 - sf_msb(va.sig)) - vb.exp + (63 - sf_msb(vb.sig)),
        q, f, fpcr, fpsr);
}

/*
 * FPMulAdd: addend + op1 * op2 with one rounding (negations done by
 * caller), a finite non-zero result scaled by 2^scale before rounding.
 */
static uint64_t sf_muladd_sc(uint64_t c, uint64_t a, uint64_t b, SfFmt f,
                             int scale, uint32_t fpcr, uint32_t *fpsr)
{
    SfVal vc = sf_unpack(c, f, fpcr, fpsr);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    bool inv = (va.cls == FPC_INF && vb.cls == FPC_ZERO) ||
               (va.cls == FPC_ZERO && vb.cls == FPC_INF);
    bool sp = va.sign ^ vb.sign;
    bool infp = va.cls == FPC_INF || vb.cls == FPC_INF;
    bool zerop = va.cls == FPC_ZERO || vb.cls == FPC_ZERO;
    SfVal vp;
    uint64_t res;

    /* a quiet NaN addend does not hide an invalid 0 * inf */
    if (vc.cls == FPC_QNAN && inv) {
        return sf_invalid(f, fpsr);
    }
    if (vc.cls == FPC_SNAN) {
        return sf_process_nan(c, &vc, f, fpcr, fpsr);
    }
    if (sf_process_nans(a, &va, b, &vb, f, fpcr, fpsr, &res)) {
        if (va.cls == FPC_SNAN || vb.cls == FPC_SNAN || vc.cls != FPC_QNAN) {
            return res;
        }
    }
    if (vc.cls == FPC_QNAN) {
        return sf_process_nan(c, &vc, f, fpcr, fpsr);
    }
    if (inv || (vc.cls == FPC_INF && infp && vc.sign != sp)) {
        return sf_invalid(f, fpsr);
    }
    if (vc.cls == FPC_INF || infp) {
        return sf_inf(f, vc.cls == FPC_INF ? vc.sign : sp);
    }
    if (vc.cls == FPC_ZERO && zerop) {
        return sf_zero(
            f, vc.sign == sp ? sp : ((fpcr >> FPCR_RMODE_SHIFT) & 3) == 2);
    }
    if (zerop) {
        return sf_round(vc.sign, vc.exp + scale, vc.sig, f, fpcr, fpsr);
    }
    vp = (SfVal){FPC_FINITE, sp, va.exp + vb.exp + scale, va.sig * vb.sig};
    if (vc.cls == FPC_ZERO) {
        return sf_round(sp, vp.exp, vp.sig, f, fpcr, fpsr);
    }
    vc.exp += scale;
    return sf_sum(&vc, &vp, f, fpcr, fpsr);
}

uint64_t sf_muladd(uint64_t c, uint64_t a, uint64_t b, SfPrec prec,
                   uint32_t fpcr, uint32_t *fpsr)
{
    return sf_muladd_sc(c, a, b, sf_fmt(prec), 0, fpcr, fpsr);
}

/*
 * FPRecipStepFused (step 0) and FPRSqrtStepFused (step 1): op1 negated,
 * NaNs processed, 0 * inf gives 2.0 or 1.5, else 2 + op1 * op2 or
 * (3 + op1 * op2) / 2 with one rounding (an exact zero is -0 only when
 * rounding to minus infinity, as FPMulAdd's).
 */
static uint64_t sf_step(uint64_t a, uint64_t b, SfPrec prec, bool rsqrt,
                        uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    uint64_t na = a ^ 1ull << (f.e + f.f), res;
    SfVal va = sf_unpack(na, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);

    if (sf_process_nans(na, &va, b, &vb, f, fpcr, fpsr, &res)) {
        return res;
    }
    if (sf_inf_times_zero(&va, &vb)) {
        return rsqrt ? sf_one_point_five(f) : sf_two(f, false);
    }
    if (rsqrt) {
        /* 3.0 = 1.5 * 2 */
        return sf_muladd_sc(sf_one_point_five(f) + (1ull << f.f), na, b, f, -1,
                            fpcr, fpsr);
    }
    return sf_muladd_sc(sf_two(f, false), na, b, f, 0, fpcr, fpsr);
}

uint64_t sf_recip_step(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                       uint32_t *fpsr)
{
    return sf_step(a, b, prec, false, fpcr, fpsr);
}

uint64_t sf_rsqrt_step(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                       uint32_t *fpsr)
{
    return sf_step(a, b, prec, true, fpcr, fpsr);
}

bool sf_unpack_nan(uint64_t *a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr,
                   uint64_t *res)
{
    SfFmt f = sf_fmt(prec);
    SfVal v = sf_unpack(*a, f, fpcr, fpsr);

    if (v.cls >= FPC_QNAN) {
        *res = sf_process_nan(*a, &v, f, fpcr, fpsr);
        return true;
    }
    if (v.cls == FPC_ZERO) {
        *a = sf_zero(f, v.sign);
    }
    return false;
}

/* FPSqrt */
uint64_t sf_sqrt(uint64_t a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t host;

    if (sf_host_arith(SF_HOST_SQRT, a, 0, prec, fpcr, fpsr, &host)) {
        return host;
    }
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr);
    u128 x, r = 0, bit;
    int exp;

    if (va.cls >= FPC_QNAN) {
        return sf_process_nan(a, &va, f, fpcr, fpsr);
    }
    if (va.cls == FPC_ZERO) {
        return sf_zero(f, va.sign);
    }
    if (va.sign) {
        return sf_invalid(f, fpsr);
    }
    if (va.cls == FPC_INF) {
        return sf_inf(f, false);
    }
    /* x * 2^exp with exp even and x's top bit at 125 or 124: 62+ root bits */
    exp = va.exp - (124 - sf_msb(va.sig));
    x = va.sig << (124 - sf_msb(va.sig));
    if (exp & 1) {
        x <<= 1;
        exp--;
    }
    for (bit = (u128)1 << 62; bit; bit >>= 1) {
        if ((r + bit) * (r + bit) <= x) {
            r += bit;
        }
    }
    r = r << 1 | (r * r != x);
    return sf_round(false, exp / 2 - 1, r, f, fpcr, fpsr);
}

/* ordering of two non-NaN values: -1, 0, 1 */
static int sf_order(const SfVal *va, const SfVal *vb)
{
    int m;

    if (va->cls == FPC_ZERO && vb->cls == FPC_ZERO) {
        return 0;
    }
    if (va->sign != vb->sign || va->cls == FPC_ZERO || vb->cls == FPC_ZERO) {
        return (va->cls != FPC_ZERO ? va->sign : !vb->sign) ? -1 : 1;
    }
    if (va->cls == FPC_INF || vb->cls == FPC_INF) {
        m = (va->cls == FPC_INF) - (vb->cls == FPC_INF);
    } else {
        int ea = va->exp + sf_msb(va->sig), eb = vb->exp + sf_msb(vb->sig);

        if (ea != eb) {
            m = ea > eb ? 1 : -1;
        } else {
            u128 x = va->sig << (127 - sf_msb(va->sig));
            u128 y = vb->sig << (127 - sf_msb(vb->sig));

            m = x == y ? 0 : x > y ? 1 : -1;
        }
    }
    return va->sign ? -m : m;
}

/* FPMax/FPMin, and FPMaxNum/FPMinNum (one quiet NaN loses) when num */
uint64_t sf_minmax(uint64_t a, uint64_t b, SfPrec prec, bool is_max, bool num,
                   uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    uint64_t res;
    bool pick_a;

    if (num && va.cls == FPC_QNAN && vb.cls < FPC_QNAN) {
        return vb.cls == FPC_ZERO ? sf_zero(f, vb.sign) : b;
    }
    if (num && vb.cls == FPC_QNAN && va.cls < FPC_QNAN) {
        return va.cls == FPC_ZERO ? sf_zero(f, va.sign) : a;
    }
    if (sf_process_nans(a, &va, b, &vb, f, fpcr, fpsr, &res)) {
        return res;
    }
    if (va.cls == FPC_ZERO && vb.cls == FPC_ZERO) {
        return sf_zero(f, is_max ? va.sign && vb.sign : va.sign || vb.sign);
    }
    pick_a = is_max ? sf_order(&va, &vb) > 0 : sf_order(&va, &vb) < 0;
    if (pick_a) {
        return va.cls == FPC_ZERO ? sf_zero(f, va.sign) : a;
    }
    return vb.cls == FPC_ZERO ? sf_zero(f, vb.sign) : b;
}

unsigned sf_compare(uint64_t a, uint64_t b, SfPrec prec, bool signal_all,
                    uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr), vb = sf_unpack(b, f, fpcr, fpsr);
    int c;

    if (va.cls >= FPC_QNAN || vb.cls >= FPC_QNAN) {
        if (signal_all || va.cls == FPC_SNAN || vb.cls == FPC_SNAN) {
            *fpsr |= FPSR_IOC;
        }
        return 0x3;
    }
    c = sf_order(&va, &vb);
    return c == 0 ? 0x6 : c < 0 ? 0x8 : 0x2;
}

/*
 * FPConvert, rounding per rmode: a NaN keeps its top payload bits
 * (FPConvertNaN). The alternative half format has neither NaN nor
 * infinity: a NaN becomes a zero and an infinity the largest magnitude,
 * both raising IOC.
 */
static uint64_t sf_convert_rm(uint64_t a, SfPrec from, SfPrec to, int rmode,
                              uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(from), t = sf_fmt(to);
    SfVal va = sf_unpack(a, f, fpcr, fpsr);
    bool alt = sf_ahp(t, fpcr);

    if (va.cls >= FPC_QNAN) {
        uint64_t frac = a & ((1ull << (f.f - 1)) - 1);

        if (va.cls == FPC_SNAN || alt) {
            *fpsr |= FPSR_IOC;
        }
        if (alt) {
            return sf_zero(t, va.sign);
        }
        if (fpcr & FPCR_DN) {
            return sf_default_nan(t);
        }
        frac = f.f > t.f ? frac >> (f.f - t.f) : frac << (t.f - f.f);
        return sf_inf(t, va.sign) | 1ull << (t.f - 1) | frac;
    }
    if (va.cls == FPC_INF) {
        if (alt) {
            *fpsr |= FPSR_IOC;
            return (uint64_t)va.sign << 15 | 0x7fff;
        }
        return sf_inf(t, va.sign);
    }
    if (va.cls == FPC_ZERO) {
        return sf_zero(t, va.sign);
    }
    return sf_round_rm(va.sign, va.exp, va.sig, t, rmode, fpcr, fpsr);
}

uint64_t sf_convert(uint64_t a, SfPrec from, SfPrec to, uint32_t fpcr,
                    uint32_t *fpsr)
{
    return sf_convert_rm(a, from, to, (fpcr >> FPCR_RMODE_SHIFT) & 3, fpcr,
                         fpsr);
}

uint64_t sf_convert_odd(uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return sf_convert_rm(a, SF_DOUBLE, SF_SINGLE, SF_RODD, fpcr, fpsr);
}

/* FixedToFP: x / 2^fbits (x signed when is_signed), rounded per FPCR */
uint64_t sf_from_int(uint64_t x, bool is_signed, int fbits, SfPrec prec,
                     uint32_t fpcr, uint32_t *fpsr)
{
    bool sign = is_signed && (int64_t)x < 0;
    uint64_t mag = sign ? -x : x;

    if (mag == 0) {
        return 0;
    }
    return sf_round(sign, -fbits, mag, sf_fmt(prec), fpcr, fpsr);
}

/*
 * Round sig * 2^exp (exp < 0) to an integer magnitude under rmode
 * (SF_RN..SF_RZ as FPCR.RMode, SF_RA ties away); *inexact set when the
 * fraction was non-zero.
 */
static u128 sf_round_to_int(bool sign, int exp, u128 sig, int rmode,
                            bool *inexact)
{
    int sh = -exp;
    u128 q, rem, half;
    bool up = false;

    if (sh > 126) {
        q = 0;
        rem = 1;
        half = 2; /* below a half, non-zero */
    } else {
        q = sig >> sh;
        rem = sig & (((u128)1 << sh) - 1);
        half = (u128)1 << (sh - 1);
    }
    *inexact = rem != 0;
    switch (rmode) {
    case SF_RN:
        up = rem > half || (rem == half && (q & 1));
        break;
    case SF_RP:
        up = rem && !sign;
        break;
    case SF_RM:
        up = rem && sign;
        break;
    case SF_RA:
        up = rem >= half;
        break;
    default:
        break;
    }
    return q + up;
}

/*
 * FPToFixed: a * 2^fbits rounded per rmode to a 32- or 64-bit integer,
 * saturated with IOC (NaN: 0 and IOC), else IXC when inexact.
 */
uint64_t sf_to_int(uint64_t a, SfPrec prec, int fbits, int rmode,
                   bool is_signed, bool is64, uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr);
    int bits = is64 ? 64 : 32;
    u128 max = is_signed ? ((u128)1 << (bits - 1)) - 1 : ((u128)1 << bits) - 1;
    u128 m;
    bool inexact = false, ovf = false;
    uint64_t mask = is64 ? ~0ull : 0xffffffffull, r;

    if (va.cls >= FPC_QNAN) {
        *fpsr |= FPSR_IOC;
        return 0;
    }
    if (va.cls == FPC_ZERO) {
        return 0;
    }
    if (va.cls == FPC_INF || va.exp + fbits + sf_msb(va.sig) > 64) {
        ovf = true;
        m = 0;
    } else if (va.exp + fbits >= 0) {
        m = va.sig << (va.exp + fbits);
    } else {
        m = sf_round_to_int(va.sign, va.exp + fbits, va.sig, rmode, &inexact);
    }
    if (!ovf) {
        if (va.sign) {
            ovf = is_signed ? m > max + 1 : m != 0;
        } else {
            ovf = m > max;
        }
    }
    if (ovf) {
        *fpsr |= FPSR_IOC;
        if (!is_signed) {
            return va.sign ? 0 : mask;
        }
        r = va.sign ? 1ull << (bits - 1) : (uint64_t)max;
        return r & mask;
    }
    if (inexact) {
        *fpsr |= FPSR_IXC;
    }
    r = va.sign ? -(uint64_t)m : (uint64_t)m;
    return r & mask;
}

/* FPRoundInt: FRINT*; exact (FRINTX) raises IXC when the value changed */
uint64_t sf_round_int(uint64_t a, SfPrec prec, int rmode, bool exact,
                      uint32_t fpcr, uint32_t *fpsr)
{
    SfFmt f = sf_fmt(prec);
    SfVal va = sf_unpack(a, f, fpcr, fpsr);
    bool inexact;
    u128 m;

    if (va.cls >= FPC_QNAN) {
        return sf_process_nan(a, &va, f, fpcr, fpsr);
    }
    if (va.cls == FPC_INF) {
        return sf_inf(f, va.sign);
    }
    if (va.cls == FPC_ZERO) {
        return sf_zero(f, va.sign);
    }
    if (va.exp >= 0) {
        return a; /* already integral */
    }
    m = sf_round_to_int(va.sign, va.exp, va.sig, rmode, &inexact);
    if (exact && inexact) {
        *fpsr |= FPSR_IXC;
    }
    if (m == 0) {
        return sf_zero(f, va.sign);
    }
    return sf_round(va.sign, 0, m, f, fpcr & ~FPCR_FZ, fpsr);
}
