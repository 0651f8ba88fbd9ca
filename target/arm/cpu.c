/*
 * The AArch64 CPU: models (-cpu cortex-a57, -cpu max), reset, state dump,
 * and the TCGCPUOps that connect it to the TCG accelerator (TB key,
 * exceptions, interrupts, the softmmu's tlb_fill).
 *
 * A model advertises in its ID registers only what is implemented:
 * cortex-a57 keeps the part's MIDR, cache and memory-model identification
 * from its Technical Reference Manual (ARM DDI 0488, 4.3), but reports no
 * FP/AdvSIMD and no cryptography until those are emulated, and only
 * EL0/EL1 in AArch64. The MMU is not implemented yet: tlb_fill maps
 * virtual to physical one to one, as with SCTLR_EL1.M = 0.
 */
#include <inttypes.h>
#include <string.h>

#include "target/arm/internals.h"
#include "util/error.h"
#include "util/log.h"

typedef struct ArmCPUModel {
    const char *name;
    const char *desc;
    ArmIdRegs id;
} ArmCPUModel;

/* ID_AA64PFR0_EL1 with EL0/EL1 AArch64-only and FP/AdvSIMD absent (0xf). */
#define ARM_PFR0_IMPLEMENTED 0x00ff0011ull
/* ID_AA64ISAR0_EL1.CRC32 = 1. */
#define ARM_ISAR0_IMPLEMENTED 0x00010000ull

static const ArmCPUModel arm_models[] = {
    {
        .name = "cortex-a57",
        .desc = "ARM Cortex-A57 (r1p0); integer A64, EL0/EL1",
        .id = {
            .midr = 0x411fd070,         /* ARM, r1p0, part D07 */
            .ctr = 0x8444c004,
            .dczid = 0x14,              /* DC ZVA prohibited (DZP) */
            .clidr = 0x0a200023,
            .id_aa64pfr0 = ARM_PFR0_IMPLEMENTED,
            .id_aa64dfr0 = 0x00000006,  /* ARMv8 debug, no PMU */
            .id_aa64isar0 = ARM_ISAR0_IMPLEMENTED,
            .id_aa64mmfr0 = 0x00001124, /* 44-bit PA, 16-bit ASID, 4K/64K */
        },
    },
    {
        .name = "max",
        .desc = "every feature Kestrel implements",
        .id = {
            .midr = 0x000f0510,         /* implementer 0: software model */
            .ctr = 0x8444c004,
            .dczid = 0x14,
            .clidr = 0x0a200023,
            .id_aa64pfr0 = ARM_PFR0_IMPLEMENTED,
            .id_aa64dfr0 = 0x00000006,
            .id_aa64isar0 = ARM_ISAR0_IMPLEMENTED,
            .id_aa64mmfr0 = 0x00001124,
        },
    },
};

#define ARM_PA_BITS 44

void arm_cpu_list(FILE *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arm_models); i++) {
        fprintf(out, "  %-12s %s%s\n", arm_models[i].name,
                arm_models[i].desc, i == 0 ? " (default)" : "");
    }
}

static const ArmCPUModel *arm_model_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arm_models); i++) {
        if (!strcmp(arm_models[i].name, name)) {
            return &arm_models[i];
        }
    }
    return NULL;
}

/*
 * Reset into EL1h with every interrupt masked and the MMU and caches
 * off, as a boot loader hands over to a kernel (Linux
 * Documentation/arch/arm64/booting.rst) and as the reference enters a
 * -kernel image without firmware.
 */
static void arm_cpu_reset(CPUState *cs)
{
    ArmCPU *cpu = arm_cpu(cs);
    ArmCPUState *env = &cpu->env;
    ArmIdRegs id = env->id;
    uint64_t mpidr = env->mpidr;

    memset(env, 0, offsetof(ArmCPUState, tlb_fast));
    env->id = id;
    env->mpidr = mpidr;
    env->pc = cpu->reset_pc;
    env->pstate = PSTATE_SP | (1u << PSTATE_EL_SHIFT);
    env->daif = PSTATE_DAIF;
    env->zf = 1;                        /* Z clear */
    env->sctlr_el[1] = SCTLR_EL1_RES1;
    env->oslsr_el1 = 0xa;               /* OS lock set at reset (OSLK) */
    arm_clear_exclusive(env);
    cs->halted = false;
    cs->exception_index = -1;
}

static bool arm_cpu_has_work(CPUState *cs)
{
    return g_atomic_int_get(&cs->interrupt_request) &
           (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ);
}

static void arm_cpu_dump_state(CPUState *cs, FILE *out)
{
    ArmCPUState *env = arm_env(cs);
    uint32_t nzcv = arm_nzcv_read(env);
    uint64_t pstate = arm_pstate_read(env);

    for (int i = 0; i < 31; i++) {
        fprintf(out, "X%02d=%016" PRIx64 "%s", i, env->x[i],
                i % 4 == 3 ? "\n" : " ");
    }
    fprintf(out, " SP=%016" PRIx64 "\n", env->x[31]);
    fprintf(out, "PC=%016" PRIx64 " PSTATE=%08" PRIx64 " %c%c%c%c EL%u%c "
            "DAIF=%x\n", env->pc, pstate, nzcv & PSTATE_N ? 'N' : '-',
            nzcv & PSTATE_Z ? 'Z' : '-', nzcv & PSTATE_C ? 'C' : '-',
            nzcv & PSTATE_V ? 'V' : '-', arm_current_el(env),
            (env->pstate & PSTATE_SP) ? 'h' : 't',
            (unsigned)(env->daif >> 6));
    fprintf(out, "SP_EL0=%016" PRIx64 " SP_EL1=%016" PRIx64 "\n",
            arm_sp_bank(env) == 0 ? env->x[31] : env->sp_el[0],
            arm_sp_bank(env) == 1 ? env->x[31] : env->sp_el[1]);
    fprintf(out, "ELR_EL1=%016" PRIx64 " SPSR_EL1=%08" PRIx64
            " ESR_EL1=%08" PRIx64 " FAR_EL1=%016" PRIx64 "\n",
            env->elr_el[1], env->spsr_el[1], env->esr_el[1], env->far_el[1]);
    fprintf(out, "VBAR_EL1=%016" PRIx64 " SCTLR_EL1=%08" PRIx64 "\n",
            env->vbar_el[1], env->sctlr_el[1]);
}

/* ---- TCG glue --------------------------------------------------------- */

static void arm_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint32_t *flags)
{
    ArmCPUState *env = arm_env(cs);

    *pc = env->pc;
    *flags = arm_current_el(env) & ARM_TBFLAG_EL_MASK;
}

static void arm_set_pc(CPUState *cs, uint64_t pc)
{
    arm_env(cs)->pc = pc;
}

static void arm_restore_state_to_opc(CPUState *cs, const uint64_t *data)
{
    arm_env(cs)->pc = data[0];
}

static int arm_mmu_index(CPUState *cs, bool ifetch)
{
    return arm_current_el(arm_env(cs));
}

/* An abort's syndrome (ARM ARM D17.2.37, ISS for data/instruction aborts). */
static uint32_t arm_abort_syndrome(ArmCPUState *env, MMUAccessType access,
                                   unsigned fsc)
{
    bool lower = arm_current_el(env) == 0;
    uint32_t ec;

    if (access == MMU_INST_FETCH) {
        ec = lower ? EC_INSN_ABORT_LOWER : EC_INSN_ABORT_SAME;
        return (ec << ESR_EC_SHIFT) | ESR_IL | fsc;
    }
    ec = lower ? EC_DATA_ABORT_LOWER : EC_DATA_ABORT_SAME;
    return (ec << ESR_EC_SHIFT) | ESR_IL |
           (access == MMU_DATA_STORE ? 1u << 6 : 0) | fsc;   /* WnR */
}

static bool arm_tlb_fill(CPUState *cs, uint64_t addr, int size,
                         MMUAccessType access, int mmu_idx, bool probe,
                         uintptr_t retaddr)
{
    ArmCPUState *env = arm_env(cs);
    uint64_t page = addr & ~0xfffull;

    /*
     * MMU off (ARM ARM D8.2.11): VA = PA; an address beyond the
     * implemented PA size is an address size fault at level 0.
     */
    if (addr >> ARM_PA_BITS) {
        if (probe) {
            return false;
        }
        log_mask(LOG_MMU, "arm: address size fault at %016" PRIx64 "\n",
                 addr);
        if (access == MMU_INST_FETCH) {
            env->pc = addr;
        }
        arm_raise_sync(env, arm_abort_syndrome(env, access, FSC_ADDR_SIZE_L0),
                       addr, true, access == MMU_INST_FETCH ? 0 : retaddr);
    }
    tlb_set_page(cs, page, page, PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                 1ull << 12);
    return true;
}

static void arm_do_unaligned_access(CPUState *cs, uint64_t addr,
                                    MMUAccessType access, int mmu_idx,
                                    uintptr_t retaddr)
{
    ArmCPUState *env = arm_env(cs);

    arm_raise_sync(env, arm_abort_syndrome(env, access, FSC_ALIGNMENT), addr,
                   true, retaddr);
}

const TCGCPUOps arm_tcg_ops = {
    .translator = &arm_translator_ops,
    .init_globals = arm_tcg_init_globals,
    .get_tb_cpu_state = arm_get_tb_cpu_state,
    .set_pc = arm_set_pc,
    .restore_state_to_opc = arm_restore_state_to_opc,
    .exec_interrupt = arm_cpu_exec_interrupt,
    .do_interrupt = arm_cpu_do_interrupt,
    .tlb_fill = arm_tlb_fill,
    .mmu_index = arm_mmu_index,
    .do_unaligned_access = arm_do_unaligned_access,
    .nb_mmu_idx = ARM_MMU_IDX_COUNT,
    .page_bits = 12,
    .tlb_fast_ofs = offsetof(ArmCPUState, tlb_fast),
};

const CPUClass arm_cpu_class = {
    .arch = "aarch64",
    .reset = arm_cpu_reset,
    .has_work = arm_cpu_has_work,
    .dump_state = arm_cpu_dump_state,
    .tcg_ops = &arm_tcg_ops,
};

CPUState *arm_cpu_create(const char *model, int index, GError **errp)
{
    const ArmCPUModel *m = arm_model_find(model ? model : "cortex-a57");
    ArmCPU *cpu;

    if (!m) {
        error_setg(errp, "-cpu %s: unknown AArch64 CPU model (try -cpu help)",
                   model);
        return NULL;
    }
    cpu = g_new0(ArmCPU, 1);
    cpu->model = m->name;
    cpu->parent.cc = &arm_cpu_class;
    cpu->parent.env = &cpu->env;
    cpu->parent.index = index;
    cpu->env.id = m->id;
    /* Bit 31 RES1; Aff0 = CPU in a cluster of 8, Aff1 = cluster. */
    cpu->env.mpidr = (1ull << 31) | ((index / 8) << 8) | (index % 8);
    arm_cpu_reset(&cpu->parent);
    return &cpu->parent;
}

void arm_cpu_free(CPUState *cs)
{
    g_free(arm_cpu(cs));
}

void arm_cpu_set_reset_pc(CPUState *cs, uint64_t pc)
{
    arm_cpu(cs)->reset_pc = pc;
    arm_env(cs)->pc = pc;
}
