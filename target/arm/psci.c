/*
 * PSCI firmware inside the emulator (Arm Power State Coordination
 * Interface, DEN0022), for boards that choose it: the board sets the
 * conduit (HVC, as the reference virt board does when it boots a kernel
 * without firmware, or SMC) and an HVC/SMC whose function ID in W0 is a
 * PSCI function is handled here instead of being taken as an exception;
 * anything else stays what the CPU makes of HVC/SMC (UNDEFINED without
 * EL2/EL3).
 *
 * Implemented: PSCI_VERSION (1.1), PSCI_FEATURES, CPU_ON, CPU_OFF,
 * CPU_SUSPEND (as a WFI: a power-down state is not modelled),
 * AFFINITY_INFO, MIGRATE_INFO_TYPE (no Trusted OS), SYSTEM_OFF and
 * SYSTEM_RESET. MIGRATE answers NOT_SUPPORTED.
 *
 * CPU_ON edits the target CPU's state from the caller's thread: the TCG
 * accelerator runs every vCPU on one thread, so the target is not
 * running meanwhile.
 */
#include <inttypes.h>

#include "target/arm/internals.h"
#include "hw/core/runstate.h"
#include "target/arm/translate-a64.h"
#include "util/log.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE 0x84000005u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define PSCI_64BIT 0x40000000u      /* SMC64 calling convention */

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON (-4)

#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1

/* MPIDR_EL1 affinity fields Aff3, Aff2, Aff1, Aff0. */
#define MPIDR_AFF_MASK 0xff00ffffffull

static bool psci_known(uint32_t fn)
{
    switch (fn) {
    case PSCI_CPU_SUSPEND | PSCI_64BIT:
    case PSCI_CPU_ON | PSCI_64BIT:
    case PSCI_AFFINITY_INFO | PSCI_64BIT:
    case PSCI_MIGRATE | PSCI_64BIT:
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

static CPUState *psci_find_cpu(uint64_t mpidr)
{
    for (unsigned i = 0; i < arm_cpu_count(); i++) {
        CPUState *cs = arm_cpu_nth(i);

        if ((arm_env(cs)->mpidr & MPIDR_AFF_MASK) ==
            (mpidr & MPIDR_AFF_MASK)) {
            return cs;
        }
    }
    return NULL;
}

/* Power the caller off: it waits, halted, for a CPU_ON. */
static void G_GNUC_NORETURN psci_cpu_off(ArmCPUState *env)
{
    CPUState *cs = arm_env_cpu(env);

    g_atomic_int_set(&arm_cpu(cs)->powered_off, 1);
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/*
 * CPU_ON (DEN0022 5.6): the target starts at entry in the caller's EL
 * (EL1), AArch64, MMU and caches off, interrupts masked, with the
 * context ID in X0.
 */
static int64_t psci_cpu_on(ArmCPUState *caller, uint64_t mpidr,
                           uint64_t entry, uint64_t ctx)
{
    CPUState *cs = psci_find_cpu(mpidr);
    ArmCPU *cpu;

    if (!cs) {
        return PSCI_RET_INVALID_PARAMS;
    }
    cpu = arm_cpu(cs);
    if (!g_atomic_int_get(&cpu->powered_off)) {
        return PSCI_RET_ALREADY_ON;
    }
    cs->cc->reset(cs);
    cpu->env.pc = entry;
    cpu->env.x[0] = ctx;
    g_atomic_int_set(&cpu->powered_off, 0);
    log_mask(LOG_INT, "arm: PSCI CPU_ON cpu %d at %016" PRIx64 "\n",
             cs->index, entry);
    /* Wakes it: has_work sees the request, exec_interrupt drops it. */
    cpu_interrupt(cs, CPU_INTERRUPT_TGT_0);
    /* And let it run soon: the caller's thread may be running both. */
    cpu_exit(arm_env_cpu(caller));
    return PSCI_RET_SUCCESS;
}

bool arm_psci_call(ArmCPUState *env)
{
    CPUState *cs = arm_env_cpu(env);
    uint32_t fn = (uint32_t)env->x[0];
    bool is64 = fn & PSCI_64BIT;
    uint64_t a1 = is64 ? env->x[1] : (uint32_t)env->x[1];
    uint64_t a2 = is64 ? env->x[2] : (uint32_t)env->x[2];
    uint64_t a3 = is64 ? env->x[3] : (uint32_t)env->x[3];
    int64_t ret;

    if (!psci_known(fn)) {
        return false;
    }
    log_mask(LOG_INT, "arm: PSCI call %08x from cpu %d\n", fn, cs->index);
    switch (fn & ~PSCI_64BIT) {
    case PSCI_VERSION:
        ret = 0x10001;              /* 1.1 */
        break;
    case PSCI_FEATURES:
        ret = psci_known((uint32_t)a1) &&
              ((uint32_t)a1 & ~PSCI_64BIT) != PSCI_MIGRATE ?
              PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
        break;
    case PSCI_CPU_ON:
        ret = psci_cpu_on(env, a1, a2, a3);
        break;
    case PSCI_CPU_OFF:
        psci_cpu_off(env);
    case PSCI_CPU_SUSPEND:
        /* Return as from a standby state, like a WFI (DEN0022 5.4). */
        env->x[0] = PSCI_RET_SUCCESS;
        if (!cs->cc->has_work(cs)) {
            cs->halted = true;
            cs->exception_index = EXCP_HLT;
            cpu_loop_exit(cs);
        }
        return true;
    case PSCI_AFFINITY_INFO: {
        CPUState *t = psci_find_cpu(a1);

        if (!t || a2 != 0) {
            ret = PSCI_RET_INVALID_PARAMS;
        } else {
            ret = g_atomic_int_get(&arm_cpu(t)->powered_off) ?
                  PSCI_AFF_OFF : PSCI_AFF_ON;
        }
        break;
    }
    case PSCI_MIGRATE_INFO_TYPE:
        ret = 2;                    /* no Trusted OS: no migration */
        break;
    case PSCI_SYSTEM_OFF:
        runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, 0);
        psci_cpu_off(env);
    case PSCI_SYSTEM_RESET:
        runstate_request_reset(SHUTDOWN_GUEST_RESET);
        psci_cpu_off(env);
    default:
        ret = PSCI_RET_NOT_SUPPORTED;
        break;
    }
    env->x[0] = (uint64_t)ret;
    return true;
}

void arm_cpu_set_psci_conduit(CPUState *cs, ArmPsciConduit conduit)
{
    arm_cpu(cs)->psci_conduit = conduit;
}

/*
 * HVC/SMC with the PSCI conduit (PC already at the next instruction):
 * a call that is not PSCI's is UNDEFINED at the HVC/SMC itself.
 */
static void helper_psci(ArmCPUState *env)
{
    if (!arm_psci_call(env)) {
        env->pc -= 4;
        arm_raise_sync(env, ESR_IL |
                       ((uint32_t)EC_UNCATEGORIZED << ESR_EC_SHIFT),
                       0, false, 0);
    }
}

const TCGHelperInfo helper_info_psci = {
    .func = (void *)helper_psci, .name = "psci",
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};
