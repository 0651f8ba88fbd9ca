/*
 * AArch64 system registers reached by MRS/MSR (register): a table keyed
 * by the encoding op0:op1:CRn:CRm:op2 (ARM ARM D17, "AArch64 System
 * Register Descriptions"), with the lowest EL that may read or write
 * each. An encoding not in the table, or accessed from too low an EL,
 * is UNDEFINED (the translator raises it). EL0 accesses to the generic
 * timer that CNTKCTL_EL1 does not allow trap to EL1 (EC 0x18). The
 * GICv3 CPU interface registers (ICC_*) go to the board's ArmGicCpuIf.
 * The PMU and debug registers beyond the OS lock come later.
 */
#include <stddef.h>

#include "target/arm/internals.h"
#include "target/arm/translate-a64.h"
#include "util/clock.h"
#include "util/main-loop.h"

#define SR(op0, op1, crn, crm, op2)                                            \
    ((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

typedef enum {
    SRK_FIELD,      /* a uint64_t of ArmCPUState at .offset */
    SRK_RAZ_WI,
    SRK_NZCV, SRK_DAIF, SRK_SPSEL, SRK_CURRENTEL, SRK_SP_EL0,
    SRK_CNTFRQ, SRK_CNTVCT, SRK_ISR,
    SRK_GT_CTL, SRK_GT_CVAL, SRK_GT_TVAL,   /* .offset: the timer */
    SRK_TLB_FIELD,  /* SRK_FIELD whose write changes translation */
    SRK_FPCR, SRK_FPSR, /* SRK_FIELD with writable bits, FP-trapped */
} SysRegKind;

typedef struct SysReg {
    uint32_t key;
    const char *name;
    SysRegKind kind;
    size_t offset;              /* SRK_FIELD only */
    uint8_t read_el, write_el;  /* 4: never */
    uint16_t el0_cntkctl;       /* EL0 needs one of these CNTKCTL bits */
} SysReg;

#define F(field) SRK_FIELD, offsetof(ArmCPUState, field)
#define FT(field) SRK_TLB_FIELD, offsetof(ArmCPUState, field)
#define GT(kind, t) kind, t

/* CNTKCTL_EL1 EL0 access enables (ARM ARM, CNTKCTL_EL1). */
#define EL0PCTEN 0x001u
#define EL0VCTEN 0x002u
#define EL0VTEN 0x100u
#define EL0PTEN 0x200u
#define NO 4

/* Timer frequency: 62.5 MHz, as the reference virt board (timer.c). */
#define ARM_CNTFRQ 62500000ull

static const SysReg sysregs[] = {
    { SR(3, 0, 0, 0, 0), "MIDR_EL1", F(id.midr), 1, NO },
    { SR(3, 0, 0, 0, 5), "MPIDR_EL1", F(mpidr), 1, NO },
    { SR(3, 0, 0, 0, 6), "REVIDR_EL1", F(id.revidr), 1, NO },
    { SR(3, 0, 0, 4, 0), "ID_AA64PFR0_EL1", F(id.id_aa64pfr0), 1, NO },
    { SR(3, 0, 0, 4, 1), "ID_AA64PFR1_EL1", F(id.id_aa64pfr1), 1, NO },
    { SR(3, 0, 0, 5, 0), "ID_AA64DFR0_EL1", F(id.id_aa64dfr0), 1, NO },
    { SR(3, 0, 0, 5, 1), "ID_AA64DFR1_EL1", F(id.id_aa64dfr1), 1, NO },
    { SR(3, 0, 0, 6, 0), "ID_AA64ISAR0_EL1", F(id.id_aa64isar0), 1, NO },
    { SR(3, 0, 0, 6, 1), "ID_AA64ISAR1_EL1", F(id.id_aa64isar1), 1, NO },
    { SR(3, 0, 0, 7, 0), "ID_AA64MMFR0_EL1", F(id.id_aa64mmfr0), 1, NO },
    { SR(3, 0, 0, 7, 1), "ID_AA64MMFR1_EL1", F(id.id_aa64mmfr1), 1, NO },
    { SR(3, 0, 0, 7, 2), "ID_AA64MMFR2_EL1", F(id.id_aa64mmfr2), 1, NO },
    /* Stands for every unallocated ID register: arm_sysreg_lookup(). */
    { SR(3, 0, 0, 1, 0), "ID_<reserved>_EL1", SRK_RAZ_WI, 0, 1, NO },
    { SR(3, 1, 0, 0, 1), "CLIDR_EL1", F(id.clidr), 1, NO },
    { SR(3, 1, 0, 0, 7), "AIDR_EL1", F(id.aidr), 1, NO },
    { SR(3, 1, 0, 0, 0), "CCSIDR_EL1", SRK_RAZ_WI, 0, 1, NO },
    { SR(3, 2, 0, 0, 0), "CSSELR_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(3, 3, 0, 0, 1), "CTR_EL0", F(id.ctr), 0, NO },
    { SR(3, 3, 0, 0, 7), "DCZID_EL0", F(id.dczid), 0, NO },
    { SR(3, 0, 1, 0, 0), "SCTLR_EL1", FT(sctlr_el[1]), 1, 1 },
    { SR(3, 0, 1, 0, 1), "ACTLR_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(3, 0, 1, 0, 2), "CPACR_EL1", F(cpacr_el1), 1, 1 },
    { SR(3, 0, 2, 0, 0), "TTBR0_EL1", FT(ttbr0_el[1]), 1, 1 },
    { SR(3, 0, 2, 0, 1), "TTBR1_EL1", FT(ttbr1_el[1]), 1, 1 },
    { SR(3, 0, 2, 0, 2), "TCR_EL1", FT(tcr_el[1]), 1, 1 },
    { SR(3, 0, 4, 0, 0), "SPSR_EL1", F(spsr_el[1]), 1, 1 },
    { SR(3, 0, 4, 0, 1), "ELR_EL1", F(elr_el[1]), 1, 1 },
    { SR(3, 0, 4, 1, 0), "SP_EL0", SRK_SP_EL0, 0, 1, 1 },
    { SR(3, 0, 4, 2, 0), "SPSel", SRK_SPSEL, 0, 1, 1 },
    { SR(3, 0, 4, 2, 2), "CurrentEL", SRK_CURRENTEL, 0, 1, NO },
    { SR(3, 3, 4, 2, 0), "NZCV", SRK_NZCV, 0, 0, 0 },
    { SR(3, 3, 4, 2, 1), "DAIF", SRK_DAIF, 0, 1, 1 },
    { SR(3, 3, 4, 4, 0), "FPCR", SRK_FPCR, offsetof(ArmCPUState, fpcr),
      0, 0 },
    { SR(3, 3, 4, 4, 1), "FPSR", SRK_FPSR, offsetof(ArmCPUState, fpsr),
      0, 0 },
    { SR(3, 0, 5, 1, 0), "AFSR0_EL1", F(afsr0_el1), 1, 1 },
    { SR(3, 0, 5, 1, 1), "AFSR1_EL1", F(afsr1_el1), 1, 1 },
    { SR(3, 0, 5, 2, 0), "ESR_EL1", F(esr_el[1]), 1, 1 },
    { SR(3, 0, 6, 0, 0), "FAR_EL1", F(far_el[1]), 1, 1 },
    { SR(3, 0, 7, 4, 0), "PAR_EL1", F(par_el1), 1, 1 },
    { SR(3, 0, 10, 2, 0), "MAIR_EL1", F(mair_el[1]), 1, 1 },
    { SR(3, 0, 10, 3, 0), "AMAIR_EL1", F(amair_el[1]), 1, 1 },
    { SR(3, 0, 12, 0, 0), "VBAR_EL1", F(vbar_el[1]), 1, 1 },
    { SR(3, 0, 12, 1, 0), "ISR_EL1", SRK_ISR, 0, 1, NO },
    { SR(3, 0, 13, 0, 1), "CONTEXTIDR_EL1", F(contextidr_el1), 1, 1 },
    { SR(3, 0, 13, 0, 4), "TPIDR_EL1", F(tpidr_el[1]), 1, 1 },
    { SR(3, 3, 13, 0, 2), "TPIDR_EL0", F(tpidr_el[0]), 0, 0 },
    { SR(3, 3, 13, 0, 3), "TPIDRRO_EL0", F(tpidrro_el0), 0, 1 },
    { SR(3, 3, 14, 0, 0), "CNTFRQ_EL0", SRK_CNTFRQ, 0, 0, NO,
      EL0PCTEN | EL0VCTEN },
    { SR(3, 3, 14, 0, 1), "CNTPCT_EL0", SRK_CNTVCT, 0, 0, NO, EL0PCTEN },
    { SR(3, 3, 14, 0, 2), "CNTVCT_EL0", SRK_CNTVCT, 0, 0, NO, EL0VCTEN },
    { SR(3, 3, 14, 2, 0), "CNTP_TVAL_EL0", GT(SRK_GT_TVAL, ARM_GT_PHYS),
      0, 0, EL0PTEN },
    { SR(3, 3, 14, 2, 1), "CNTP_CTL_EL0", GT(SRK_GT_CTL, ARM_GT_PHYS),
      0, 0, EL0PTEN },
    { SR(3, 3, 14, 2, 2), "CNTP_CVAL_EL0", GT(SRK_GT_CVAL, ARM_GT_PHYS),
      0, 0, EL0PTEN },
    { SR(3, 3, 14, 3, 0), "CNTV_TVAL_EL0", GT(SRK_GT_TVAL, ARM_GT_VIRT),
      0, 0, EL0VTEN },
    { SR(3, 3, 14, 3, 1), "CNTV_CTL_EL0", GT(SRK_GT_CTL, ARM_GT_VIRT),
      0, 0, EL0VTEN },
    { SR(3, 3, 14, 3, 2), "CNTV_CVAL_EL0", GT(SRK_GT_CVAL, ARM_GT_VIRT),
      0, 0, EL0VTEN },
    { SR(3, 0, 14, 1, 0), "CNTKCTL_EL1", F(cntkctl_el1), 1, 1 },
    { SR(2, 0, 0, 2, 2), "MDSCR_EL1", F(mdscr_el1), 1, 1 },
    /*
     * The one breakpoint and one watchpoint ID_AA64DFR0_EL1 announces
     * (BRPs = WRPs = 0): Linux resets them at boot. Not modelled: they
     * read as 0 and never fire.
     */
    { SR(2, 0, 0, 0, 4), "DBGBVR0_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(2, 0, 0, 0, 5), "DBGBCR0_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(2, 0, 0, 0, 6), "DBGWVR0_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(2, 0, 0, 0, 7), "DBGWCR0_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(2, 0, 1, 0, 4), "OSLAR_EL1", SRK_RAZ_WI, 0, NO, 1 },
    { SR(2, 0, 1, 1, 4), "OSLSR_EL1", F(oslsr_el1), 1, NO },
    { SR(2, 0, 1, 3, 4), "OSDLR_EL1", SRK_RAZ_WI, 0, 1, 1 },
    { SR(2, 3, 0, 1, 0), "MDCCSR_EL0", SRK_RAZ_WI, 0, 0, NO },
};

int arm_sysreg_lookup(uint32_t key, unsigned el, bool is_read)
{
    for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
        if (sysregs[i].key == key) {
            unsigned need = is_read ? sysregs[i].read_el : sysregs[i].write_el;

            return el >= need ? (int)i : -1;
        }
    }
    /*
     * ARM ARM D17.2 (op0 = 3, op1 = 0, CRn = 0, CRm = 1..7): unallocated
     * ID registers are reserved RAZ at EL1, so software probes new ones
     * (Linux reads ID_AA64ISAR2_EL1, ID_AA64ZFR0_EL1, ...) and sees 0.
     */
    if ((key & ~(uint32_t)0x3f) == SR(3, 0, 0, 0, 0) && (key & 0x38) &&
        is_read && el >= 1) {
        for (size_t i = 0; i < G_N_ELEMENTS(sysregs); i++) {
            if (sysregs[i].kind == SRK_RAZ_WI &&
                sysregs[i].key == SR(3, 0, 0, 1, 0)) {
                return (int)i;
            }
        }
    }
    return -1;
}

bool arm_sysreg_is_fp(int idx)
{
    return sysregs[idx].kind == SRK_FPCR || sysregs[idx].kind == SRK_FPSR;
}

/*
 * After an MSR: most registers change nothing the translation depends on
 * (Linux writes TPIDR*, SP_EL0, VBAR, ELR/SPSR/FAR and DAIF thousands of
 * times a second while booting). Translation-table registers flush the
 * TLB and the jump cache: the next instruction's page may map elsewhere,
 * so a lookup, with the TB flags unchanged. The timer's registers may
 * raise an interrupt and DAIF may unmask one: both leave through the exit
 * request (cpu_interrupt, arm_daif_unmasked), checked at the next TB's
 * entry, so their TB ends there. SCTLR (alignment, MMU), CPACR (FP
 * access), MDSCR, SPSel, NZCV, FPCR and FPSR go back to the loop, which
 * recomputes the TB flags.
 */
ArmSysregEnd arm_sysreg_write_end(int idx)
{
    const SysReg *r = &sysregs[idx];

    switch (r->kind) {
    case SRK_FIELD:
        return r->offset == offsetof(ArmCPUState, cpacr_el1) ||
                       r->offset == offsetof(ArmCPUState, mdscr_el1)
                   ? ARM_SR_END_LOOP
                   : ARM_SR_END_NONE;
    case SRK_RAZ_WI:
    case SRK_SP_EL0:
        return ARM_SR_END_NONE;
    case SRK_TLB_FIELD:
        return r->offset == offsetof(ArmCPUState, sctlr_el[1])
                   ? ARM_SR_END_LOOP
                   : ARM_SR_END_LOOKUP;
    case SRK_DAIF:
    case SRK_GT_CTL:
    case SRK_GT_CVAL:
    case SRK_GT_TVAL:
        return ARM_SR_END_LOOKUP;
    default:
        return ARM_SR_END_LOOP;
    }
}

/*
 * MRS without a call: Linux reads SP_EL0 (the current task) and
 * TPIDR_EL1 (per-CPU data) 2.2 M times in one boot, and the helper call
 * also made the translator store its register copies of the guest
 * registers first. Only the timer registers trap dynamically
 * (CNTKCTL_EL1, arm_sysreg_check_el0); static access rights were checked
 * by arm_sysreg_lookup.
 */
ArmSysregRead arm_sysreg_read_inline(int idx, size_t *ofs)
{
    const SysReg *r = &sysregs[idx];

    if (r->el0_cntkctl) {
        return ARM_SR_READ_HELPER;
    }
    switch (r->kind) {
    case SRK_FIELD:
    case SRK_TLB_FIELD:
    case SRK_FPCR:
    case SRK_FPSR:
        *ofs = r->offset;
        return ARM_SR_READ_FIELD;
    case SRK_DAIF:
        *ofs = offsetof(ArmCPUState, daif);
        return ARM_SR_READ_FIELD;
    case SRK_SP_EL0:
        /* Read with SPSel = 1 only (arm_sysreg_is_sp_el0): banked. */
        *ofs = offsetof(ArmCPUState, sp_el[0]);
        return ARM_SR_READ_FIELD;
    default:
        return ARM_SR_READ_HELPER;
    }
}

bool arm_sysreg_is_sp_el0(int idx)
{
    return sysregs[idx].kind == SRK_SP_EL0;
}

const char *arm_sysreg_name(int idx)
{
    return sysregs[idx].name;
}

static uint64_t *arm_sysreg_field(ArmCPUState *env, const SysReg *r)
{
    return (uint64_t *)((char *)env + r->offset);
}

/*
 * An EL0 access CNTKCTL_EL1 does not enable: trapped to EL1 with the
 * MRS/MSR syndrome (ARM ARM D17.2.37, EC 0x18).
 */
static void arm_sysreg_check_el0(ArmCPUState *env, const SysReg *r,
                                 uint32_t arg, bool is_read, uintptr_t ra)
{
    uint32_t key = r->key, iss;

    if (!r->el0_cntkctl || arm_current_el(env) != 0 ||
        (env->cntkctl_el1 & r->el0_cntkctl)) {
        return;
    }
    iss = ((key >> 14) & 3) << 20 | (key & 7) << 17 |
          ((key >> 11) & 7) << 14 | ((key >> 7) & 0xf) << 10 |
          ((arg >> 16) & 0x1f) << 5 | ((key >> 3) & 0xf) << 1 |
          (is_read ? 1 : 0);
    arm_raise_sync(env, ((uint32_t)EC_SYSREG << ESR_EC_SHIFT) | ESR_IL | iss,
                   0, false, ra);
}

/* arg: the table index, and Rt in bits 20:16 (for trap syndromes). */
static uint64_t helper_sysreg_read(ArmCPUState *env, uint32_t arg)
{
    const SysReg *r = &sysregs[arg & 0xffff];
    CPUState *cs = arm_env_cpu(env);

    arm_sysreg_check_el0(env, r, arg, true, TCG_GETPC());
    switch (r->kind) {
    case SRK_FIELD:
    case SRK_TLB_FIELD:
    case SRK_FPCR:
    case SRK_FPSR:
        return *arm_sysreg_field(env, r);
    case SRK_GT_CTL:
        return arm_gt_read_ctl(env, r->offset);
    case SRK_GT_CVAL:
        return env->cnt_cval[r->offset];
    case SRK_GT_TVAL:
        return arm_gt_read_tval(env, r->offset);
    case SRK_NZCV:
        return arm_nzcv_read(env);
    case SRK_DAIF:
        return env->daif;
    case SRK_SPSEL:
        return env->pstate & PSTATE_SP;
    case SRK_CURRENTEL:
        return env->pstate & PSTATE_EL_MASK;
    case SRK_SP_EL0:
        return arm_sp_bank(env) == 0 ? env->x[31] : env->sp_el[0];
    case SRK_CNTFRQ:
        return ARM_CNTFRQ;
    case SRK_CNTVCT:
        return arm_gt_count();
    case SRK_ISR: {
        uint32_t req = g_atomic_int_get(&cs->interrupt_request);

        return ((req & CPU_INTERRUPT_HARD) ? PSTATE_I : 0) |
               ((req & CPU_INTERRUPT_FIQ) ? PSTATE_F : 0);
    }
    default:
        return 0;
    }
}

const TCGHelperInfo helper_info_sysreg_read = {
    .func = (void *)helper_sysreg_read, .name = "mrs",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_I64, .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

static void helper_sysreg_write(ArmCPUState *env, uint32_t arg, uint64_t val)
{
    const SysReg *r = &sysregs[arg & 0xffff];

    arm_sysreg_check_el0(env, r, arg, false, TCG_GETPC());
    switch (r->kind) {
    case SRK_FIELD:
        *arm_sysreg_field(env, r) = val;
        break;
    case SRK_FPCR:
        env->fpcr = val & FPCR_MASK;
        break;
    case SRK_FPSR:
        env->fpsr = val & FPSR_MASK;
        break;
    case SRK_TLB_FIELD:
        if (r->offset == offsetof(ArmCPUState, sctlr_el[1])) {
            val |= SCTLR_EL1_RES1;      /* RES1 bits stay set */
        }
        *arm_sysreg_field(env, r) = val;
        /* MMU on/off, regime, tables or ASID: a new context. */
        arm_tlb_context(env);
        break;
    case SRK_GT_CTL:
        arm_gt_write_ctl(env, r->offset, val);
        break;
    case SRK_GT_CVAL:
        arm_gt_write_cval(env, r->offset, val);
        break;
    case SRK_GT_TVAL:
        arm_gt_write_tval(env, r->offset, val);
        break;
    case SRK_NZCV:
        arm_nzcv_write(env, val);
        break;
    case SRK_DAIF: {
        uint64_t old = env->daif;

        env->daif = val & PSTATE_DAIF;
        arm_daif_unmasked(env, old);
        break;
    }
    case SRK_SPSEL:
        arm_sp_save(env);
        env->pstate = (env->pstate & ~(uint64_t)PSTATE_SP) | (val & 1);
        arm_sp_restore(env);
        break;
    case SRK_SP_EL0:
        if (arm_sp_bank(env) == 0) {
            env->x[31] = val;
        } else {
            env->sp_el[0] = val;
        }
        break;
    default:
        break;
    }
}

const TCGHelperInfo helper_info_sysreg_write = {
    .func = (void *)helper_sysreg_write, .name = "msr",
    .ret = TCG_CALL_VOID, .nargs = 3,
    .args = {TCG_CALL_PTR, TCG_CALL_I32, TCG_CALL_I64},
};

/* ---- GICv3 CPU interface (ICC_*), through the board's ArmGicCpuIf ---- */

int arm_gic_sysreg_lookup(ArmCPUState *env, uint32_t key, unsigned el,
                          bool is_read)
{
    const ArmGicCpuIf *gic = arm_cpu(arm_env_cpu(env))->gic_cpuif;
    int reg;

    /* The ICC_* registers are EL1's: UNDEFINED at EL0. */
    if (!gic || el == 0 ||
        !gic->decode(key >> 14, (key >> 11) & 7, (key >> 7) & 0xf,
                     (key >> 3) & 0xf, key & 7, &reg) ||
        !(gic->access(reg) & (is_read ? 1u : 2u))) {
        return -1;
    }
    return reg;
}

static uint64_t helper_gic_read(ArmCPUState *env, uint32_t reg)
{
    ArmCPU *cpu = arm_cpu(arm_env_cpu(env));
    bool locked = machine_lock_held();
    uint64_t v;

    if (!locked) {
        machine_lock();
    }
    v = cpu->gic_cpuif->read(cpu->gic_opaque, cpu->parent.index, reg);
    if (!locked) {
        machine_unlock();
    }
    return v;
}

const TCGHelperInfo helper_info_gic_read = {
    .func = (void *)helper_gic_read, .name = "icc_read",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_I64, .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

static void helper_gic_write(ArmCPUState *env, uint32_t reg, uint64_t val)
{
    ArmCPU *cpu = arm_cpu(arm_env_cpu(env));
    bool locked = machine_lock_held();

    if (!locked) {
        machine_lock();
    }
    cpu->gic_cpuif->write(cpu->gic_opaque, cpu->parent.index, reg, val);
    if (!locked) {
        machine_unlock();
    }
}

const TCGHelperInfo helper_info_gic_write = {
    .func = (void *)helper_gic_write, .name = "icc_write",
    .ret = TCG_CALL_VOID, .nargs = 3,
    .args = {TCG_CALL_PTR, TCG_CALL_I32, TCG_CALL_I64},
};
