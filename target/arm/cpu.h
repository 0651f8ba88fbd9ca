/*
 * AArch64 CPU state, shared by the A64 translator, the helpers, the
 * exception logic and (later) the KVM register glue.
 *
 * Register file: x[0..30] are the general registers and x[31] is the
 * stack pointer *currently selected* (SP_EL0 or SP_ELx, by PSTATE.SPSel
 * and the EL), so the translator never needs to know which SP is live.
 * The banked copy in sp_el[] of the live SP is stale; arm_sp_save()
 * and arm_sp_restore() move it on every EL or SPSel change.
 *
 * PSTATE is split for the translator: the four flags live in their own
 * 64-bit words so that each flag-setting instruction writes each one
 * with a single op and the optimizer can drop the ones nobody reads:
 *   N = (nf < 0)          nf holds a value whose sign is N
 *   Z = (zf == 0)         zf holds a value that is zero iff Z
 *   C = (cf != 0)         cf is 0 or 1
 *   V = (vf < 0)          vf holds a value whose sign is V
 * daif keeps D, A, I, F at their SPSR positions (bits 9:6); pstate
 * holds everything else (EL in bits 3:2, SPSel in bit 0, IL, SS, ...),
 * with the NZCV and DAIF bits zero.
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hw/core/cpu.h"
#include "tcg/tlb.h"

/* PSTATE / SPSR bit positions (ARM ARM C5.2.18, SPSR_EL1). */
#define PSTATE_SP (1u << 0)
#define PSTATE_EL_SHIFT 2
#define PSTATE_EL_MASK (3u << PSTATE_EL_SHIFT)
#define PSTATE_nRW (1u << 4)
#define PSTATE_F (1u << 6)
#define PSTATE_I (1u << 7)
#define PSTATE_A (1u << 8)
#define PSTATE_D (1u << 9)
#define PSTATE_DAIF (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_IL (1u << 20)
#define PSTATE_SS (1u << 21)
#define PSTATE_V (1u << 28)
#define PSTATE_C (1u << 29)
#define PSTATE_Z (1u << 30)
#define PSTATE_N (1u << 31)
#define PSTATE_NZCV (PSTATE_N | PSTATE_Z | PSTATE_C | PSTATE_V)

/* SPSR.M[3:0] for AArch64 modes. */
#define PSTATE_MODE_EL0t 0x0
#define PSTATE_MODE_EL1t 0x4
#define PSTATE_MODE_EL1h 0x5

/* SCTLR_EL1 bits the CPU model looks at (ARM ARM D17.2.118). */
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)
#define SCTLR_UMA (1ull << 9)
#define SCTLR_WXN (1ull << 19)
/* The RES1 bits of SCTLR_EL1 in ARMv8.0 and its reset value. */
#define SCTLR_EL1_RES1 0x30d00800ull

/*
 * Exception numbers for CPUState.exception_index (>= 0: the target's).
 * They name the kind of entry; the syndrome says the rest.
 */
enum {
    EXCP_ARM_SYNC = 1,      /* synchronous exception: see env->excp */
    EXCP_ARM_IRQ = 2,
    EXCP_ARM_FIQ = 3,
    EXCP_ARM_SERROR = 4,
    EXCP_ARM_SEMIHOST = 5,  /* a semihosting call (not a guest entry) */
};

/* ESR_ELx.EC, the exception class (ARM ARM D17.2.37). */
enum {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX = 0x01,
    EC_FP_ACCESS = 0x07,    /* SIMD&FP access trapped by CPACR_EL1.FPEN */
    EC_ILLEGAL_STATE = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSREG = 0x18,
    EC_INSN_ABORT_LOWER = 0x20,
    EC_INSN_ABORT_SAME = 0x21,
    EC_PC_ALIGN = 0x22,
    EC_DATA_ABORT_LOWER = 0x24,
    EC_DATA_ABORT_SAME = 0x25,
    EC_SP_ALIGN = 0x26,
    EC_SERROR = 0x2f,
    EC_BRK64 = 0x3c,
};

#define ESR_EC_SHIFT 26
#define ESR_IL (1u << 25)

/* Fault status codes of ESR ISS DFSC/IFSC (ARM ARM D17.2.37). */
#define FSC_ADDR_SIZE_L0 0x00
#define FSC_TRANSLATION_L0 0x04
#define FSC_ACCESS_L0 0x08
#define FSC_PERMISSION_L0 0x0c
#define FSC_SYNC_EXTERNAL 0x10
#define FSC_ALIGNMENT 0x21

/* MMU indexes: one per exception level's regime. */
enum {
    ARM_MMU_IDX_EL0 = 0,
    ARM_MMU_IDX_EL1 = 1,
    ARM_MMU_IDX_EL2 = 2,
    ARM_MMU_IDX_EL3 = 3,
    ARM_MMU_IDX_PHYS = 4,   /* physical addresses (page-table walks) */
    ARM_MMU_IDX_COUNT = 5,
};

/* TB flags (get_tb_cpu_state): the mode the translator specializes on. */
#define ARM_TBFLAG_EL_MASK 0x3u
#define ARM_TBFLAG_SS (1u << 2)     /* software step active (reserved) */
#define ARM_TBFLAG_ALIGN (1u << 3)  /* SCTLR_EL1.A: check all alignment */
#define ARM_TBFLAG_FPEN (1u << 4)   /* CPACR_EL1.FPEN lets this EL use FP */
#define ARM_TBFLAG_SPSEL (1u << 5)  /* PSTATE.SP: SP_ELx in use */

/* CPACR_EL1.FPEN (bits 21:20) and the FPCR/FPSR bits (ARM ARM C5.2.7/8). */
#define CPACR_FPEN_SHIFT 20
#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RMODE_SHIFT 22
/*
 * Writable FPCR bits: AHP, DN, FZ, RMode, and Len/Stride (kept only for
 * context switches, as for an AArch32 FPSCR); no exception trapping, no
 * FZ16 (no FP16).
 */
#define FPCR_MASK 0x07f70000u
#define FPSR_QC (1u << 27)
#define FPSR_IDC (1u << 7)
#define FPSR_IXC (1u << 4)
#define FPSR_UFC (1u << 3)
#define FPSR_OFC (1u << 2)
#define FPSR_DZC (1u << 1)
#define FPSR_IOC (1u << 0)
/* and the AArch32 NZCV bits 31:28, likewise only stored */
#define FPSR_MASK 0xf800009fu

/* ID and identification registers of one CPU model. */
typedef struct ArmIdRegs {
    uint64_t midr, revidr;
    uint64_t ctr, dczid, clidr;
    uint64_t id_aa64pfr0, id_aa64pfr1;
    uint64_t id_aa64dfr0, id_aa64dfr1;
    uint64_t id_aa64isar0, id_aa64isar1;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64mmfr2;
    uint64_t aidr;
} ArmIdRegs;

/* A synchronous exception on its way to do_interrupt. */
typedef struct ArmPendingExcp {
    uint32_t syndrome;      /* ESR value */
    uint64_t vaddress;      /* FAR value, if far_valid */
    bool far_valid;
    uint8_t target_el;
} ArmPendingExcp;

/*
 * A SIMD&FP register V0-V31: the low 64 bits (D view, lane order as in
 * memory on this little-endian host) in d[0], the high half in d[1].
 * Byte n of the vector is byte n of the array, so b[]/h[]/s[] index
 * lanes directly; 16-byte aligned so a future v128 IR type can map it.
 */
typedef union ArmVReg {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} __attribute__((aligned(16))) ArmVReg;

typedef struct ArmCPUState {
    /* Globals of the translator: keep first, read by generated code. */
    uint64_t x[32];             /* x[31] = the current SP */
    uint64_t pc;
    int64_t nf, zf, cf, vf;     /* see the opening comment */
    uint64_t daif;              /* PSTATE_DAIF bits only */
    uint64_t pstate;            /* PSTATE without NZCV and DAIF */

    /* Exclusive monitor: the address and value of the last LDXR. */
    uint64_t excl_addr;         /* -1: no exclusive access open */
    uint64_t excl_val, excl_val2;
    uint32_t excl_size;         /* log2 bytes of one element */

    /* Banked per exception level; index 0 unused where EL0 has none. */
    uint64_t sp_el[4];
    uint64_t elr_el[4];
    uint64_t spsr_el[4];
    uint64_t esr_el[4];
    uint64_t far_el[4];
    uint64_t vbar_el[4];
    uint64_t sctlr_el[4];
    uint64_t tcr_el[4];
    uint64_t mair_el[4];
    uint64_t amair_el[4];
    uint64_t tpidr_el[4];       /* TPIDR_EL0, TPIDR_EL1, ... */
    uint64_t ttbr0_el[4], ttbr1_el[4];
    uint64_t tpidrro_el0;
    uint64_t contextidr_el1;
    uint64_t cpacr_el1;
    uint64_t par_el1;
    uint64_t afsr0_el1, afsr1_el1;
    uint64_t mdscr_el1;
    uint64_t oslsr_el1;
    uint64_t cntkctl_el1;
    /* Generic timer (timer.c), indexed by ARM_GT_PHYS / ARM_GT_VIRT. */
    uint64_t cnt_ctl[2], cnt_cval[2];
    uint64_t fpcr, fpsr;        /* FPCR_MASK, FPSR_MASK bits only */
    uint64_t mpidr;
    ArmVReg vregs[32];          /* V0-V31 (cleared on reset) */

    ArmIdRegs id;
    ArmPendingExcp excp;

    /* Semihosting: the errno of the last failed call. */
    int32_t semi_errno;

    /* accel/tcg fills this (TCGCPUOps.tlb_fast_ofs). */
    TCGTLBFast tlb_fast[ARM_MMU_IDX_COUNT];
} ArmCPUState;

/* Generic timers of one CPU (ARM ARM D11.2). */
enum {
    ARM_GT_PHYS = 0,            /* EL1 physical timer, CNTP_* */
    ARM_GT_VIRT = 1,            /* virtual timer, CNTV_* */
    ARM_GT_COUNT = 2,
};

/* How the guest reaches the emulator's PSCI firmware (psci.c). */
typedef enum {
    ARM_PSCI_NONE,              /* HVC/SMC behave as the CPU defines */
    ARM_PSCI_HVC,
    ARM_PSCI_SMC,
} ArmPsciConduit;

/*
 * A GICv3 CPU interface for the ICC_* system registers, given by the
 * board (the target knows no interrupt controller): decode maps an
 * MRS/MSR encoding to the controller's register number (false: not one
 * of its registers), access says whether it may be read (1) and/or
 * written (2). read/write are called with the machine lock held.
 */
typedef struct ArmGicCpuIf {
    bool (*decode)(int op0, int op1, int crn, int crm, int op2, int *reg);
    unsigned (*access)(int reg);
    uint64_t (*read)(void *opaque, int cpu, int reg);
    void (*write)(void *opaque, int cpu, int reg, uint64_t val);
} ArmGicCpuIf;

typedef struct Timer Timer;
typedef struct IrqLine IrqLine;

typedef struct ArmCPU {
    CPUState parent;
    ArmCPUState env;
    const char *model;
    uint64_t reset_pc;          /* set by the board before reset */

    /* Generic timer: host timers and the outputs the board connects. */
    Timer *gt_timer[ARM_GT_COUNT];
    IrqLine *gt_irq[ARM_GT_COUNT];
    int gt_level[ARM_GT_COUNT];

    /* Power state (PSCI): accessed atomically. */
    ArmPsciConduit psci_conduit;
    bool start_powered_off;
    int powered_off;

    bool tlb_flush_pending;     /* after reset, before the next TB */
    /*
     * The EL1&0 TLB may hold an entry filled for a tagged address (top
     * byte not the sign extension of bit 55, TBI): a TLBI by VA must
     * then flush everything (mmu.c helper_tlbi). Cleared by a full flush.
     */
    bool tlb_tagged;

    const ArmGicCpuIf *gic_cpuif;
    void *gic_opaque;
} ArmCPU;

static inline ArmCPU *arm_cpu(CPUState *cs)
{
    return (ArmCPU *)cs;
}

static inline ArmCPUState *arm_env(CPUState *cs)
{
    return &arm_cpu(cs)->env;
}

static inline CPUState *arm_env_cpu(ArmCPUState *env)
{
    return &((ArmCPU *)((char *)env - offsetof(ArmCPU, env)))->parent;
}

static inline unsigned arm_current_el(const ArmCPUState *env)
{
    return (env->pstate & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT;
}

/* The SP bank in use: 0 for SP_EL0, else the current EL. */
static inline unsigned arm_sp_bank(const ArmCPUState *env)
{
    return (env->pstate & PSTATE_SP) ? arm_current_el(env) : 0;
}

static inline void arm_sp_save(ArmCPUState *env)
{
    env->sp_el[arm_sp_bank(env)] = env->x[31];
}

static inline void arm_sp_restore(ArmCPUState *env)
{
    env->x[31] = env->sp_el[arm_sp_bank(env)];
}

/* PSTATE as SPSR sees it, and back (ARM ARM D1.4.2). */
uint64_t arm_pstate_read(const ArmCPUState *env);
void arm_pstate_write(ArmCPUState *env, uint64_t val);
uint32_t arm_nzcv_read(const ArmCPUState *env);
void arm_nzcv_write(ArmCPUState *env, uint32_t nzcv);

/*
 * Create a CPU of the named model ("cortex-a57", "max"); NULL model means
 * the default (cortex-a57). index is the CPU number (MPIDR Aff0). The CPU
 * is reset: EL1h, MMU off, PC = reset_pc (set it with arm_cpu_set_pc).
 */
CPUState *arm_cpu_create(const char *model, int index, GError **errp);
void arm_cpu_free(CPUState *cs);
/* Where the CPU starts on reset (the board's entry point). */
void arm_cpu_set_reset_pc(CPUState *cs, uint64_t pc);
/*
 * Generic timer outputs (level-triggered): the board connects
 * ARM_GT_PHYS to the GIC's PPI 14 (INTID 30) and ARM_GT_VIRT to PPI 11
 * (INTID 27) of this CPU, as the reference virt board does.
 */
void arm_cpu_set_timer_irq(CPUState *cs, int timer, IrqLine *irq);
/* PSCI firmware through HVC or SMC (ARM_PSCI_NONE: none, the default). */
void arm_cpu_set_psci_conduit(CPUState *cs, ArmPsciConduit conduit);
/*
 * Whether the CPU is off after reset, waiting for PSCI CPU_ON (default:
 * every CPU but index 0).
 */
void arm_cpu_set_start_powered_off(CPUState *cs, bool off);
/* The ICC_* system registers go to this GICv3 CPU interface. */
void arm_cpu_set_gic_cpuif(CPUState *cs, const ArmGicCpuIf *ops,
                           void *opaque);
/* Print the -cpu help list for the AArch64 models. */
void arm_cpu_list(FILE *out);

extern const CPUClass arm_cpu_class;

#endif
