/*
 * What the files of target/arm share and nobody else needs: the TCG
 * glue, exception entry, and semihosting.
 */
#ifndef TARGET_ARM_INTERNALS_H
#define TARGET_ARM_INTERNALS_H

#include <stdbool.h>
#include <stdint.h>

#include "accel/tcg/cpu-ops.h"
#include "target/arm/cpu.h"

extern const TranslatorOps arm_translator_ops;
extern const TCGCPUOps arm_tcg_ops;

void arm_tcg_init_globals(TCGContext *s);

/*
 * Raise a synchronous exception to EL1 with this syndrome (and FAR),
 * leaving the TB; ra = 0 when env->pc already holds the preferred
 * return address, else the helper's TCG_GETPC() to restore it.
 */
void arm_raise_sync(ArmCPUState *env, uint32_t syndrome, uint64_t far,
                    bool far_valid, uintptr_t ra) G_GNUC_NORETURN;

/* Take the exception in cs->exception_index now (do_interrupt). */
void arm_cpu_do_interrupt(CPUState *cs);
bool arm_cpu_exec_interrupt(CPUState *cs, uint32_t request);

/* Semihosting (semihosting.c). */
bool arm_semihosting_enabled(void);
void arm_semihosting_call(ArmCPUState *env, uintptr_t ra);

/* Clear the exclusive monitor (exceptions, ERET, CLREX). */
static inline void arm_clear_exclusive(ArmCPUState *env)
{
    env->excl_addr = UINT64_MAX;
}

#endif
