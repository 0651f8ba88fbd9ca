/*
 * The A64 cryptographic extension (ARM ARM C4.1.6: AES, SHA1, SHA256
 * three-register and two-register groups).
 *
 * Not implemented yet: every encoding returns false, so it stays
 * UNDEFINED.
 */
#include "target/arm/translate-a64.h"

bool a64_crypto_exec(ArmCPUState *env, uint32_t insn)
{
    (void)env;
    (void)insn;
    return false;
}
