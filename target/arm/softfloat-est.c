/*
 * The estimate instructions, which work on the encoding rather than on
 * the value: FRECPE (ARM ARM FPRecipEstimate), FRSQRTE (FPRSqrtEstimate),
 * FRECPX (FPRecpX) for single and double, and the unsigned fixed-point
 * URECPE/URSQRTE (UnsignedRecipEstimate, UnsignedRSqrtEstimate). The
 * 8-bit estimates are the pseudocode's RecipEstimate/RecipSqrtEstimate
 * (without FEAT_RPRES's increased precision), computed exactly.
 */
#include "target/arm/softfloat.h"

#include "target/arm/cpu.h"

/* The encoding's exponent and fraction widths */
static int est_ebits(SfPrec prec)
{
    return prec == SF_DOUBLE ? 11 : prec == SF_HALF ? 5 : 8;
}

static int est_fbits(SfPrec prec)
{
    return prec == SF_DOUBLE ? 52 : prec == SF_HALF ? 10 : 23;
}

/* RecipEstimate: a in 256..511 (0.5 <= x < 1), result in 256..511 */
static unsigned recip_estimate(unsigned a)
{
    unsigned b;

    a = a * 2 + 1; /* round to nearest */
    b = (1u << 19) / a;
    return (b + 1) / 2;
}

/*
 * RecipSqrtEstimate: a in 128..511 (0.25 <= x < 1), result in 256..511.
 * The pseudocode's search for the largest b with a * (b+1)^2 < 2^28,
 * done by bisection.
 */
static unsigned rsqrt_estimate(unsigned a)
{
    uint64_t lo = 512, hi = 1024;

    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1; /* discard bottom bit */
        a = (a + 1) * 2;
    }
    /* find the smallest b >= 512 with a * (b+1)^2 >= 2^28 */
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;

        if ((uint64_t)a * (mid + 1) * (mid + 1) >= 1ull << 28) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return (unsigned)(lo + 1) / 2;
}

uint64_t sf_recip_estimate(uint64_t a, SfPrec prec, uint32_t fpcr,
                           uint32_t *fpsr)
{
    int e = est_ebits(prec), f = est_fbits(prec), bias = (1 << (e - 1)) - 1;
    uint64_t signbit = 1ull << (e + f), inf = ((1ull << e) - 1) << f;
    uint64_t res, mag, frac, mask52 = (1ull << 52) - 1;
    unsigned rmode = (fpcr >> FPCR_RMODE_SHIFT) & 3;
    int exp, rexp;
    bool sign;

    if (sf_unpack_nan(&a, prec, fpcr, fpsr, &res)) {
        return res;
    }
    sign = (a & signbit) != 0;
    mag = a & (signbit - 1);
    if (mag == inf) {
        return a & signbit;
    }
    if (mag == 0) {
        *fpsr |= FPSR_DZC;
        return (a & signbit) | inf;
    }
    /* |x| < 2^-(bias+1): the reciprocal overflows */
    if (mag < 1ull << (f - 2)) {
        bool to_inf = rmode == SF_RN || (rmode == SF_RP && !sign) ||
                      (rmode == SF_RM && sign);

        *fpsr |= FPSR_OFC | FPSR_IXC;
        return (a & signbit) | (to_inf ? inf : inf - 1);
    }
    exp = (int)(mag >> f);
    /* FZ: a result that would be denormal is flushed, UFC alone */
    if ((fpcr & FPCR_FZ) && prec != SF_HALF && exp >= 2 * bias - 1) {
        *fpsr |= FPSR_UFC;
        return a & signbit;
    }
    /* scale to 0.5 <= x < 1 in steps of 1/512 (fraction as for double) */
    frac = (mag & ((1ull << f) - 1)) << (52 - f);
    if (exp == 0) {
        if (!((frac >> 51) & 1)) {
            exp = -1;
            frac = (frac << 2) & mask52;
        } else {
            frac = (frac << 1) & mask52;
        }
    }
    rexp = 2 * bias - 1 - exp;
    frac = (uint64_t)(recip_estimate(256 | (unsigned)(frac >> 44)) & 0xff)
           << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    return (a & signbit) | (uint64_t)rexp << f | frac >> (52 - f);
}

uint64_t sf_rsqrt_estimate(uint64_t a, SfPrec prec, uint32_t fpcr,
                           uint32_t *fpsr)
{
    int e = est_ebits(prec), f = est_fbits(prec), bias = (1 << (e - 1)) - 1;
    uint64_t signbit = 1ull << (e + f), inf = ((1ull << e) - 1) << f;
    uint64_t res, mag, frac, mask52 = (1ull << 52) - 1;
    unsigned scaled;
    int exp, rexp;

    if (sf_unpack_nan(&a, prec, fpcr, fpsr, &res)) {
        return res;
    }
    mag = a & (signbit - 1);
    if (mag == 0) {
        *fpsr |= FPSR_DZC;
        return (a & signbit) | inf;
    }
    if (a & signbit) {
        *fpsr |= FPSR_IOC;
        return inf | 1ull << (f - 1); /* the default NaN */
    }
    if (mag == inf) {
        return 0;
    }
    /* scale to 0.25 <= x < 1 keeping the exponent's parity */
    exp = (int)(mag >> f);
    frac = (mag & ((1ull << f) - 1)) << (52 - f);
    if (exp == 0) {
        while (!((frac >> 51) & 1)) {
            frac = (frac << 1) & mask52;
            exp--;
        }
        frac = (frac << 1) & mask52;
    }
    if (exp & 1) {
        scaled = 128 | (unsigned)(frac >> 45);
    } else {
        scaled = 256 | (unsigned)(frac >> 44);
    }
    /* (3 * bias - 1 - exp) DIV 2, the numerator being positive */
    rexp = (3 * bias - 1 - exp) / 2;
    return (uint64_t)rexp << f | (uint64_t)(rsqrt_estimate(scaled) & 0xff)
                                     << (f - 8);
}

/* FPRecpX: the exponent inverted (zero and denormals: the largest) */
uint64_t sf_recpx(uint64_t a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr)
{
    int e = est_ebits(prec), f = est_fbits(prec);
    uint64_t signbit = 1ull << (e + f), emax = (1ull << e) - 1, res, exp;

    if (sf_unpack_nan(&a, prec, fpcr, fpsr, &res)) {
        return res;
    }
    exp = (a >> f) & emax;
    return (a & signbit) | (exp == 0 ? emax - 1 : ~exp & emax) << f;
}

/* UnsignedRecipEstimate: x in [0.5, 1) as 0.32 fixed point, else all ones */
uint32_t sf_urecpe(uint32_t a)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate: x in [0.25, 1), else all ones */
uint32_t sf_ursqrte(uint32_t a)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return rsqrt_estimate(a >> 23) << 23;
}
