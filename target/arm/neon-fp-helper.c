/*
 * AdvSIMD floating-point instructions (ARM ARM C4.1.6: the FP forms of
 * three same, two-register miscellaneous, across lanes, scalar pairwise,
 * by element, and the fixed-point conversions of shift by immediate),
 * vector and scalar, on the softfloat of softfloat.c.
 *
 * Not implemented yet: every encoding returns false, so it stays
 * UNDEFINED.
 */
#include "target/arm/translate-a64.h"

bool a64_neon_fp_exec(ArmCPUState *env, uint32_t insn)
{
    (void)env;
    (void)insn;
    return false;
}
