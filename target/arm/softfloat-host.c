/*
 * A fast path for softfloat.c: single and double add, subtract,
 * multiply, divide and square root on the host's SSE unit, taken only
 * where its result and flags are provably those of the ARM ARM rules,
 * else the caller's software path runs.
 *
 * Why it is exact there: IEEE 754 fixes the rounded result of these
 * operations, and x86 SSE and ARM agree on round-to-nearest-even. They
 * differ in NaN handling (operand priority, default NaN sign), in
 * detecting tininess (x86 after rounding, ARM before: ARM ARM FPRound),
 * in flushing denormals (FZ) and in input-denormal flags. So the fast
 * path requires: FPCR.RMode = RN; both inputs normal, nonzero and finite
 * (square root: positive too); and a result whose biased exponent is at
 * least 2 and below the maximum. Then no NaN, infinity, denormal,
 * overflow or underflow can be involved (a result at least twice the
 * smallest normal was not tiny before rounding either), FZ and DN change
 * nothing, and the only flag is Inexact, read from MXCSR.PE.
 *
 * MXCSR: Kestrel runs with the process default (round to nearest, no
 * FTZ/DAZ, exceptions masked); only this file writes it, and only with
 * that value and the flags cleared, before an operation whose
 * inexactness matters.
 */
#include "target/arm/softfloat.h"

#include <string.h>

#include "target/arm/cpu.h"

#if defined(__x86_64__)

#define MXCSR_DEFAULT 0x1f80u  /* all masked, RN, no FTZ/DAZ, no flags */
#define MXCSR_PE 0x20u
#define MXCSR_FLAGS 0x3fu

static inline void host_csr_reset(void)
{
    unsigned csr = MXCSR_DEFAULT;

    __asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

static inline unsigned host_csr_flags(void)
{
    unsigned csr;

    __asm__ volatile("stmxcsr %0" : "=m"(csr));
    return csr & MXCSR_FLAGS;
}

/* Biased exponent, and whether it is normal (not 0, not all ones). */
static inline unsigned exp_of(uint64_t x, bool dbl)
{
    return dbl ? (x >> 52) & 0x7ff : (x >> 23) & 0xff;
}

static inline bool normal(uint64_t x, bool dbl)
{
    unsigned e = exp_of(x, dbl);

    return e != 0 && e != (dbl ? 0x7ffu : 0xffu);
}

static uint64_t host_double(SfHostOp op, uint64_t a, uint64_t b)
{
    double x, y, r;
    uint64_t bits;

    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    switch (op) {
    case SF_HOST_ADD:
        __asm__ volatile("addsd %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_SUB:
        __asm__ volatile("subsd %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_MUL:
        __asm__ volatile("mulsd %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_DIV:
        __asm__ volatile("divsd %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    default:
        __asm__ volatile("sqrtsd %1, %0" : "=x"(r) : "x"(x));
        break;
    }
    memcpy(&bits, &r, 8);
    return bits;
}

static uint64_t host_single(SfHostOp op, uint64_t a, uint64_t b)
{
    uint32_t ua = a, ub = b, bits;
    float x, y, r;

    memcpy(&x, &ua, 4);
    memcpy(&y, &ub, 4);
    switch (op) {
    case SF_HOST_ADD:
        __asm__ volatile("addss %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_SUB:
        __asm__ volatile("subss %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_MUL:
        __asm__ volatile("mulss %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    case SF_HOST_DIV:
        __asm__ volatile("divss %2, %0" : "=x"(r) : "0"(x), "x"(y));
        break;
    default:
        __asm__ volatile("sqrtss %1, %0" : "=x"(r) : "x"(x));
        break;
    }
    memcpy(&bits, &r, 4);
    return bits;
}

bool sf_host_arith(SfHostOp op, uint64_t a, uint64_t b, SfPrec prec,
                   uint32_t fpcr, uint32_t *fpsr, uint64_t *res)
{
    bool dbl = prec == SF_DOUBLE;
    uint64_t r;
    unsigned e, flags;

    if ((prec != SF_DOUBLE && prec != SF_SINGLE) ||
        ((fpcr >> FPCR_RMODE_SHIFT) & 3) != 0 || !normal(a, dbl)) {
        return false;
    }
    if (op == SF_HOST_SQRT) {
        if (a >> (dbl ? 63 : 31) & 1) {
            return false;
        }
    } else if (!normal(b, dbl)) {
        return false;
    }
    /*
     * FPSR.IXC is cumulative: once set, whether this result is inexact
     * does not matter, and MXCSR (slow to load: a serialising
     * instruction) is left alone; the process keeps its default
     * rounding and no FTZ/DAZ, which nothing here changes.
     */
    if (*fpsr & FPSR_IXC) {
        r = dbl ? host_double(op, a, b) : host_single(op, a, b);
        flags = 0;
    } else {
        host_csr_reset();
        r = dbl ? host_double(op, a, b) : host_single(op, a, b);
        flags = host_csr_flags();
    }
    e = exp_of(r, dbl);
    if (e < 2 || e == (dbl ? 0x7ffu : 0xffu) || (flags & ~MXCSR_PE)) {
        return false;
    }
    if (flags & MXCSR_PE) {
        *fpsr |= FPSR_IXC;
    }
    *res = r;
    return true;
}

#else

bool sf_host_arith(SfHostOp op, uint64_t a, uint64_t b, SfPrec prec,
                   uint32_t fpcr, uint32_t *fpsr, uint64_t *res)
{
    return false;
}

#endif
