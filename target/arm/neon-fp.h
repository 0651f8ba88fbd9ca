/*
 * Shared by the AdvSIMD floating-point helpers (neon-fp-helper.c,
 * neon-fp-misc.c): element access on a V register by format.
 */
#ifndef TARGET_ARM_NEON_FP_H
#define TARGET_ARM_NEON_FP_H

#include "target/arm/softfloat.h"
#include "target/arm/translate-a64.h"

static inline uint64_t nfp_get(const ArmVReg *v, SfPrec p, unsigned i)
{
    return p == SF_DOUBLE ? v->d[i] : p == SF_HALF ? v->h[i] : v->s[i];
}

static inline void nfp_set(ArmVReg *v, SfPrec p, unsigned i, uint64_t x)
{
    if (p == SF_DOUBLE) {
        v->d[i] = x;
    } else if (p == SF_HALF) {
        v->h[i] = (uint16_t)x;
    } else {
        v->s[i] = (uint32_t)x;
    }
}

static inline uint64_t nfp_sign(SfPrec p)
{
    return p == SF_DOUBLE ? 1ull << 63 : 1ull << 31;
}

/* All ones in an element: a compare that holds */
static inline uint64_t nfp_ones(SfPrec p)
{
    return p == SF_DOUBLE ? ~0ull : 0xffffffffull;
}

/*
 * neon-fp-misc.c: two-register miscellaneous (vector and scalar) and the
 * fixed-point conversions of shift by immediate; a64_neon_fp_exec's
 * contract (env NULL: decode only).
 */
bool nfp_2misc(ArmCPUState *env, uint32_t insn);
bool nfp_shift_imm(ArmCPUState *env, uint32_t insn);

#endif
