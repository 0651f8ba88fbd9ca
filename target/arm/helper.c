/*
 * AArch64 helpers called from generated code, and exception entry and
 * return: synchronous exceptions, IRQ/FIQ through VBAR_EL1 (ARM ARM
 * D1.10 "Exception entry", D1.11 "Exception return"), PSTATE as SPSR
 * sees it, DAIF masking, WFI.
 *
 * Only EL0 and EL1 exist for now; every exception targets EL1. The
 * banked arrays in the state have room for EL2 and EL3.
 */
#include <inttypes.h>

#include "target/arm/internals.h"
#include "target/arm/translate-a64.h"
#include "util/log.h"

/* ---- PSTATE --------------------------------------------------------- */

uint32_t arm_nzcv_read(const ArmCPUState *env)
{
    return (env->nf < 0 ? PSTATE_N : 0) | (env->zf == 0 ? PSTATE_Z : 0) |
           (env->cf ? PSTATE_C : 0) | (env->vf < 0 ? PSTATE_V : 0);
}

void arm_nzcv_write(ArmCPUState *env, uint32_t nzcv)
{
    env->nf = (nzcv & PSTATE_N) ? -1 : 0;
    env->zf = (nzcv & PSTATE_Z) ? 0 : 1;
    env->cf = (nzcv & PSTATE_C) ? 1 : 0;
    env->vf = (nzcv & PSTATE_V) ? INT64_MIN : 0;
}

uint64_t arm_pstate_read(const ArmCPUState *env)
{
    return env->pstate | env->daif | arm_nzcv_read(env);
}

void arm_pstate_write(ArmCPUState *env, uint64_t val)
{
    arm_nzcv_write(env, val);
    env->daif = val & PSTATE_DAIF;
    env->pstate = val & (PSTATE_SP | PSTATE_EL_MASK | PSTATE_IL | PSTATE_SS);
}

/* ---- exception entry ------------------------------------------------ */

void arm_raise_sync(ArmCPUState *env, uint32_t syndrome, uint64_t far,
                    bool far_valid, uintptr_t ra)
{
    CPUState *cs = arm_env_cpu(env);

    env->excp.syndrome = syndrome;
    env->excp.vaddress = far;
    env->excp.far_valid = far_valid;
    env->excp.target_el = 1;
    cs->exception_index = EXCP_ARM_SYNC;
    if (ra) {
        cpu_loop_exit_restore(cs, ra);
    }
    cpu_loop_exit(cs);
}

void arm_cpu_do_interrupt(CPUState *cs)
{
    ArmCPUState *env = arm_env(cs);
    unsigned cur_el = arm_current_el(env), new_el = 1;
    uint64_t offset, spsr = arm_pstate_read(env);

    switch (cs->exception_index) {
    case EXCP_ARM_SYNC:
        offset = 0;
        env->esr_el[new_el] = env->excp.syndrome;
        if (env->excp.far_valid) {
            env->far_el[new_el] = env->excp.vaddress;
        }
        break;
    case EXCP_ARM_IRQ:
        offset = 0x80;
        break;
    case EXCP_ARM_FIQ:
        offset = 0x100;
        break;
    case EXCP_ARM_SERROR:
        offset = 0x180;
        env->esr_el[new_el] = (uint32_t)EC_SERROR << ESR_EC_SHIFT;
        break;
    default:
        log_mask(LOG_INT, "arm: unknown exception %d ignored\n",
                 cs->exception_index);
        cs->exception_index = -1;
        return;
    }
    /* ARM ARM D1.10.2: the vector table quarter by where we come from. */
    if (cur_el < new_el) {
        offset += 0x400;        /* lower EL using AArch64 */
    } else if (env->pstate & PSTATE_SP) {
        offset += 0x200;        /* current EL with SP_ELx */
    }
    log_mask(LOG_INT, "arm: exception %d (ESR %08" PRIx64 ") EL%u -> EL%u "
             "at pc %016" PRIx64 " -> %016" PRIx64 "\n", cs->exception_index,
             env->esr_el[new_el], cur_el, new_el, env->pc,
             env->vbar_el[new_el] + offset);

    arm_sp_save(env);
    env->spsr_el[new_el] = spsr;
    env->elr_el[new_el] = env->pc;
    /* Entry masks everything and selects SP_ELx (ARM ARM D1.10.1). */
    env->daif = PSTATE_DAIF;
    env->pstate = PSTATE_SP | (new_el << PSTATE_EL_SHIFT);
    arm_sp_restore(env);
    env->pc = env->vbar_el[new_el] + offset;
    cs->exception_index = -1;
}

bool arm_cpu_exec_interrupt(CPUState *cs, uint32_t request)
{
    ArmCPUState *env = arm_env(cs);

    /* PSCI CPU_ON's wake-up request has done its job. */
    if (request & CPU_INTERRUPT_TGT_0) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_TGT_0);
    }
    /*
     * Interrupts routed to EL1 (no EL2/EL3) are masked by PSTATE.F/I at
     * EL0 and EL1 alike (ARM ARM D1.3.6, table "Physical interrupt
     * masking").
     */
    if ((request & CPU_INTERRUPT_FIQ) && !(env->daif & PSTATE_F)) {
        cs->exception_index = EXCP_ARM_FIQ;
        return true;
    }
    if ((request & CPU_INTERRUPT_HARD) && !(env->daif & PSTATE_I)) {
        cs->exception_index = EXCP_ARM_IRQ;
        return true;
    }
    return false;
}

/*
 * A write that clears DAIF bits does not end its TB to the loop: if it
 * unmasked an interrupt that is pending, the exit request makes the next
 * TB's entry check leave for the loop, which takes it before the next
 * instruction (translate-a64.c ends the TB after such a write).
 */
void arm_daif_unmasked(ArmCPUState *env, uint64_t old)
{
    CPUState *cs = arm_env_cpu(env);
    uint32_t req;

    if (!(old & ~env->daif & (PSTATE_I | PSTATE_F))) {
        return;
    }
    req = g_atomic_int_get(&cs->interrupt_request);
    if (((req & CPU_INTERRUPT_FIQ) && !(env->daif & PSTATE_F)) ||
        ((req & CPU_INTERRUPT_HARD) && !(env->daif & PSTATE_I))) {
        cpu_exit(cs);
    }
}

/* ---- helpers ---------------------------------------------------------- */

static void helper_exception(ArmCPUState *env, uint32_t syndrome)
{
    bool pc_align = (syndrome >> ESR_EC_SHIFT) == EC_PC_ALIGN;

    arm_raise_sync(env, syndrome, env->pc, pc_align, 0);
}

const TCGHelperInfo helper_info_exception = {
    .func = (void *)helper_exception, .name = "exception",
    .ret = TCG_CALL_VOID, .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

static void helper_msr_daif(ArmCPUState *env, uint32_t arg)
{
    uint64_t bits = (uint64_t)(arg & 0xf) << 6;
    uint64_t old = env->daif;

    if (arg & 0x10) {
        env->daif |= bits;
    } else {
        env->daif &= ~bits;
        arm_daif_unmasked(env, old);
    }
}

const TCGHelperInfo helper_info_msr_daif = {
    .func = (void *)helper_msr_daif, .name = "msr_daif",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID, .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

static void helper_msr_spsel(ArmCPUState *env, uint32_t sp)
{
    arm_sp_save(env);
    env->pstate = (env->pstate & ~(uint64_t)PSTATE_SP) | (sp ? PSTATE_SP : 0);
    arm_sp_restore(env);
}

const TCGHelperInfo helper_info_msr_spsel = {
    .func = (void *)helper_msr_spsel, .name = "msr_spsel",
    .ret = TCG_CALL_VOID, .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

/*
 * ERET (ARM ARM D1.11): restore PSTATE from SPSR_ELx and jump to
 * ELR_ELx. A return to a higher EL, to an EL not implemented or to
 * AArch32 is an illegal exception return: PSTATE.IL is set and the EL
 * and SP selection stay (D1.11.4).
 */
static void helper_eret(ArmCPUState *env)
{
    unsigned cur_el = arm_current_el(env);
    uint64_t spsr = env->spsr_el[cur_el];
    uint64_t elr = env->elr_el[cur_el];
    unsigned new_el = (spsr & PSTATE_EL_MASK) >> PSTATE_EL_SHIFT;
    bool illegal = (spsr & PSTATE_nRW) || new_el > cur_el || new_el > 1 ||
                   (new_el == 0 && (spsr & PSTATE_SP)) || (spsr & PSTATE_IL);

    arm_clear_exclusive(env);
    arm_sp_save(env);
    if (illegal) {
        uint64_t keep = env->pstate & (PSTATE_SP | PSTATE_EL_MASK);

        arm_pstate_write(env, spsr);
        env->pstate = (env->pstate & ~(uint64_t)(PSTATE_SP | PSTATE_EL_MASK))
                      | keep | PSTATE_IL;
    } else {
        arm_pstate_write(env, spsr);
    }
    arm_sp_restore(env);
    env->pc = elr;
    log_mask(LOG_INT, "arm: eret EL%u -> EL%u to %016" PRIx64 "%s\n", cur_el,
             arm_current_el(env), elr, illegal ? " (illegal)" : "");
}

const TCGHelperInfo helper_info_eret = {
    .func = (void *)helper_eret, .name = "eret",
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};

static void helper_wfi(ArmCPUState *env)
{
    CPUState *cs = arm_env_cpu(env);

    /* A pending interrupt, even masked, ends the wait (ARM ARM D1.16.2). */
    if (cs->cc->has_work(cs)) {
        return;
    }
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

const TCGHelperInfo helper_info_wfi = {
    .func = (void *)helper_wfi, .name = "wfi",
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};

/*
 * WFE and YIELD: no events are modelled; let the accelerator run another
 * vCPU (spin loops with YIELD/WFE would otherwise starve the CPU they
 * wait for under the round-robin TCG thread).
 */
static void helper_yield(ArmCPUState *env)
{
    cpu_exit(arm_env_cpu(env));
}

const TCGHelperInfo helper_info_yield = {
    .func = (void *)helper_yield, .name = "yield",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};

static void helper_clear_exclusive(ArmCPUState *env)
{
    arm_clear_exclusive(env);
}

const TCGHelperInfo helper_info_clear_exclusive = {
    .func = (void *)helper_clear_exclusive, .name = "clrex",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};

/*
 * CRC32 and CRC32C as the A64 instructions define them (ARM ARM
 * C6.2.73): bit-reflected, no initial or final inversion, the value's
 * bytes taken lowest first.
 */
static uint32_t arm_crc(uint32_t acc, uint64_t val, uint32_t bytes,
                        uint32_t poly)
{
    for (uint32_t i = 0; i < bytes; i++) {
        acc ^= (uint8_t)(val >> (8 * i));
        for (int b = 0; b < 8; b++) {
            acc = (acc >> 1) ^ (poly & -(acc & 1));
        }
    }
    return acc;
}

static uint32_t helper_crc32(uint32_t acc, uint64_t val, uint32_t bytes)
{
    return arm_crc(acc, val, bytes, 0xedb88320u);
}

static uint32_t helper_crc32c(uint32_t acc, uint64_t val, uint32_t bytes)
{
    return arm_crc(acc, val, bytes, 0x82f63b78u);
}

const TCGHelperInfo helper_info_crc32 = {
    .func = (void *)helper_crc32, .name = "crc32", .flags = TCG_CALL_PURE,
    .ret = TCG_CALL_I32, .nargs = 3,
    .args = {TCG_CALL_I32, TCG_CALL_I64, TCG_CALL_I32},
};

const TCGHelperInfo helper_info_crc32c = {
    .func = (void *)helper_crc32c, .name = "crc32c", .flags = TCG_CALL_PURE,
    .ret = TCG_CALL_I32, .nargs = 3,
    .args = {TCG_CALL_I32, TCG_CALL_I64, TCG_CALL_I32},
};

static void helper_semihosting(ArmCPUState *env)
{
    arm_semihosting_call(env, TCG_GETPC());
}

const TCGHelperInfo helper_info_semihosting = {
    .func = (void *)helper_semihosting, .name = "semihosting",
    .ret = TCG_CALL_VOID, .nargs = 1, .args = {TCG_CALL_PTR},
};
