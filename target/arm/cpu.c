/*
 * The AArch64 CPU: models (-cpu cortex-a57, -cpu max), reset, state dump,
 * and the TCGCPUOps that connect it to the TCG accelerator (TB key,
 * exceptions, interrupts, the softmmu's tlb_fill).
 *
 * A model advertises in its ID registers only what is implemented:
 * cortex-a57 keeps the part's MIDR, cache and memory-model identification
 * from its Technical Reference Manual (ARM DDI 0488, 4.3), FP/AdvSIMD and
 * the cryptographic extension (AES with PMULL, SHA1, SHA256) as the part
 * has them, CRC32, and only EL0/EL1 in AArch64 (no EL2/EL3 yet). -cpu max
 * adds the ARMv8.1 atomics (LSE), the AdvSIMD RDM, dot-product and I8MM
 * instructions, and the 16K granule. The MMU is in
 * mmu.c, the generic timer in timer.c, PSCI in psci.c.
 */
#include <inttypes.h>
#include <string.h>

#include "target/arm/gdbstub.h"
#include "target/arm/internals.h"
#include "hw/core/irq.h"
#include "util/error.h"
#include "util/log.h"

typedef struct ArmCPUModel {
    const char *name;
    const char *desc;
    ArmIdRegs id;
} ArmCPUModel;

/*
 * ID_AA64PFR0_EL1: EL0 and EL1 AArch64-only (1), EL2/EL3 absent (0),
 * FP = 0 and AdvSIMD = 0: implemented, without the ARMv8.2 half-precision
 * arithmetic (ARM ARM D13.2.64).
 */
#define ARM_PFR0_IMPLEMENTED 0x00000011ull
/*
 * ID_AA64ISAR0_EL1: AES = 2 (AES and PMULL), SHA1 = 1, SHA2 = 1 (SHA256),
 * CRC32 = 1, as the Cortex-A57 with its cryptographic extension; Atomic
 * = 2 (LSE) for -cpu max.
 */
#define ARM_ISAR0_IMPLEMENTED 0x00011120ull
#define ARM_ISAR0_LSE 0x00200000ull
/*
 * -cpu max: the AdvSIMD additions Kestrel implements, RDM = 1
 * (SQRDMLAH/SQRDMLSH, ARMv8.1), DP = 1 (SDOT/UDOT, ARMv8.2) and, in
 * ID_AA64ISAR1_EL1, I8MM = 1 (USDOT/SUDOT/[SU]MMLA, ARMv8.6).
 */
#define ARM_ISAR0_RDM (1ull << 28)
#define ARM_ISAR0_DP (1ull << 44)
#define ARM_ISAR1_I8MM (1ull << 52)

static const ArmCPUModel arm_models[] = {
    {
        .name = "cortex-a57",
        .desc = "ARM Cortex-A57 (r1p0); A64 with FP/AdvSIMD and crypto, "
                "EL0/EL1",
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
            .id_aa64isar0 = ARM_ISAR0_IMPLEMENTED | ARM_ISAR0_LSE |
                            ARM_ISAR0_RDM | ARM_ISAR0_DP,
            .id_aa64isar1 = ARM_ISAR1_I8MM,
            .id_aa64mmfr0 = 0x00101124, /* as a57, and the 16K granule */
        },
    },
};

/* Every CPU created, for PSCI and broadcast TLB maintenance. */
static GPtrArray *arm_cpus;

unsigned arm_cpu_count(void)
{
    return arm_cpus ? arm_cpus->len : 0;
}

CPUState *arm_cpu_nth(unsigned i)
{
    return g_ptr_array_index(arm_cpus, i);
}

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
    arm_gt_reset(cpu);
    g_atomic_int_set(&cpu->powered_off, cpu->start_powered_off);
    cs->halted = cpu->start_powered_off;
    cs->exception_index = -1;
    cpu_reset_interrupt(cs, CPU_INTERRUPT_TGT_0);
    /*
     * The translation regime changed under the TLB: flush before the
     * next TB (only TCG gets there; a reset must not assume TCG).
     */
    cpu->tlb_flush_pending = true;
}

static bool arm_cpu_has_work(CPUState *cs)
{
    /* A CPU powered off (PSCI) only wakes for CPU_ON (TGT_0). */
    if (g_atomic_int_get(&arm_cpu(cs)->powered_off)) {
        return false;
    }
    return g_atomic_int_get(&cs->interrupt_request) &
           (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ | CPU_INTERRUPT_TGT_0);
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

    if (arm_cpu(cs)->tlb_flush_pending) {
        arm_cpu(cs)->tlb_flush_pending = false;
        tlb_flush(cs);
        arm_cpu(cs)->tlb_tagged = false;
        /* The registers changed without an MSR: name their context. */
        arm_tlb_context(env);
    }
    *pc = env->pc;
    *flags = arm_current_el(env) & ARM_TBFLAG_EL_MASK;
    /* EL0 and EL1 both follow SCTLR_EL1 (EL1&0 regime). */
    if (env->sctlr_el[1] & SCTLR_A) {
        *flags |= ARM_TBFLAG_ALIGN;
    }
    /* MSR SPSel, exceptions and ERET change it: all return to the loop. */
    if (env->pstate & PSTATE_SP) {
        *flags |= ARM_TBFLAG_SPSEL;
    }
    /*
     * CPACR_EL1.FPEN (ARM ARM D17.2.30): 0b01 traps EL0 only, 0b11
     * traps nothing, otherwise both EL0 and EL1 trap. SIMD&FP code
     * translated with the flag clear raises EC 0x07 instead.
     */
    {
        unsigned fpen = (env->cpacr_el1 >> CPACR_FPEN_SHIFT) & 3;

        if (fpen == 3 || (fpen == 1 && arm_current_el(env) == 1)) {
            *flags |= ARM_TBFLAG_FPEN;
        }
    }
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
    /* Flag changes (MSR, ERET, exceptions) always exit to the loop. */
    .has_pc_ofs = true,
    .pc_ofs = offsetof(ArmCPUState, pc),
};

const CPUClass arm_cpu_class = {
    .arch = "aarch64",
    .reset = arm_cpu_reset,
    .has_work = arm_cpu_has_work,
    .dump_state = arm_cpu_dump_state,
    .debug_translate = arm_gdb_translate,
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
    cpu->start_powered_off = index != 0;
    arm_gt_init(cpu);
    arm_cpu_reset(&cpu->parent);
    if (!arm_cpus) {
        arm_cpus = g_ptr_array_new();
    }
    g_ptr_array_add(arm_cpus, &cpu->parent);
    return &cpu->parent;
}

void arm_cpu_free(CPUState *cs)
{
    if (!cs) {
        return;
    }
    g_ptr_array_remove(arm_cpus, cs);
    if (!arm_cpus->len) {
        g_ptr_array_free(arm_cpus, true);
        arm_cpus = NULL;
    }
    arm_gt_free(arm_cpu(cs));
    g_free(arm_cpu(cs));
}

void arm_cpu_set_start_powered_off(CPUState *cs, bool off)
{
    arm_cpu(cs)->start_powered_off = off;
    g_atomic_int_set(&arm_cpu(cs)->powered_off, off);
}

void arm_cpu_set_gic_cpuif(CPUState *cs, const ArmGicCpuIf *ops,
                           void *opaque)
{
    arm_cpu(cs)->gic_cpuif = ops;
    arm_cpu(cs)->gic_opaque = opaque;
}

void arm_cpu_set_reset_pc(CPUState *cs, uint64_t pc)
{
    arm_cpu(cs)->reset_pc = pc;
    arm_env(cs)->pc = pc;
}
