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
/* PSTATE.DAIF was old: ask for an exit if that unmasked a pending IRQ. */
void arm_daif_unmasked(ArmCPUState *env, uint64_t old);

/* Every AArch64 CPU created, in index order (cpu.c). */
unsigned arm_cpu_count(void);
CPUState *arm_cpu_nth(unsigned i);

/* The MMU (mmu.c). */
typedef struct ArmTranslation {
    uint64_t pa;                /* of the address translated */
    uint64_t page_size;
    unsigned prot;              /* PAGE_READ/WRITE/EXEC */
    uint8_t attr;               /* MAIR_EL1 attribute byte */
    uint8_t sh;                 /* shareability */
} ArmTranslation;

/*
 * Translate va for an access through mmu_idx without side effects;
 * false: *fsc is the fault status code (type and level).
 */
bool arm_mmu_translate(CPUState *cs, uint64_t va, MMUAccessType access,
                       int mmu_idx, ArmTranslation *r, unsigned *fsc);
bool arm_tlb_fill(CPUState *cs, uint64_t addr, int size,
                  MMUAccessType access, int mmu_idx, bool probe,
                  uintptr_t retaddr);
uint32_t arm_abort_syndrome(ArmCPUState *env, MMUAccessType access,
                            unsigned fsc);
unsigned arm_pa_bits(const ArmCPUState *env);
/* Flush the EL1&0 regime's TLB entries (ASID or translation change). */
void arm_tlb_flush_el10(CPUState *cs);
/* SCTLR/TCR/TTBR0/TTBR1 of EL1 changed: a new translation context. */
void arm_tlb_context(ArmCPUState *env);

/* The generic timer (timer.c). */
void arm_gt_init(ArmCPU *cpu);
void arm_gt_free(ArmCPU *cpu);
void arm_gt_reset(ArmCPU *cpu);
uint64_t arm_gt_count(void);
uint64_t arm_gt_read_ctl(ArmCPUState *env, int t);
void arm_gt_write_ctl(ArmCPUState *env, int t, uint64_t val);
void arm_gt_write_cval(ArmCPUState *env, int t, uint64_t val);
uint64_t arm_gt_read_tval(ArmCPUState *env, int t);
void arm_gt_write_tval(ArmCPUState *env, int t, uint64_t val);

/* PSCI (psci.c): handle the call in x0..x3; false: not a PSCI call. */
bool arm_psci_call(ArmCPUState *env);

/* Semihosting (semihosting.c). */
bool arm_semihosting_enabled(void);
void arm_semihosting_call(ArmCPUState *env, uintptr_t ra);

/* Clear the exclusive monitor (exceptions, ERET, CLREX). */
static inline void arm_clear_exclusive(ArmCPUState *env)
{
    env->excl_addr = UINT64_MAX;
}

#endif
