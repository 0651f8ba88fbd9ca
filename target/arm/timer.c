/*
 * The generic timer of one CPU (ARM ARM D11, "The Generic Timer in
 * AArch64 state"): the system counter, and the EL1 physical (CNTP_*) and
 * virtual (CNTV_*) timers with their level-triggered outputs.
 *
 * The counter runs at 62.5 MHz (CNTFRQ_EL0), the reference virt board's
 * frequency, from the virtual clock (util/clock.h), so it stands still
 * while the VM is paused and follows -icount. Without EL2, CNTVOFF_EL2
 * is zero: CNTVCT equals CNTPCT.
 *
 * Each timer's condition is CVAL <= count (D11.2.4); the output is
 * ENABLE && condition && !IMASK. A util/timer.h Timer, armed for the
 * count at which the condition becomes true, updates the output on time;
 * reads of ISTATUS compute it from the counter directly. The outputs are
 * set with the machine lock held (the interrupt controller's rule).
 */
#include "target/arm/internals.h"
#include "hw/core/irq.h"
#include "util/clock.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define CNT_CTL_ENABLE 1ull
#define CNT_CTL_IMASK 2ull
#define CNT_CTL_ISTATUS 4ull

/* Nanoseconds per tick of the 62.5 MHz counter. */
#define ARM_GT_NS_PER_TICK 16

uint64_t arm_gt_count(void)
{
    return (uint64_t)clock_get_ns(KCLOCK_VIRTUAL) / ARM_GT_NS_PER_TICK;
}

static bool arm_gt_condition(const ArmCPUState *env, int t)
{
    return (env->cnt_ctl[t] & CNT_CTL_ENABLE) &&
           arm_gt_count() >= env->cnt_cval[t];
}

/* Recompute output t and rearm its timer; machine lock held. */
static void arm_gt_update_locked(ArmCPU *cpu, int t)
{
    ArmCPUState *env = &cpu->env;
    uint64_t ctl = env->cnt_ctl[t], cval = env->cnt_cval[t];
    bool cond = arm_gt_condition(env, t);
    int level = cond && !(ctl & CNT_CTL_IMASK);

    if ((ctl & CNT_CTL_ENABLE) && !cond &&
        cval < (uint64_t)INT64_MAX / ARM_GT_NS_PER_TICK) {
        timer_mod(cpu->gt_timer[t], (int64_t)cval * ARM_GT_NS_PER_TICK);
    } else {
        /* Met, disabled, or beyond any reachable time. */
        timer_del(cpu->gt_timer[t]);
    }
    if (level != cpu->gt_level[t]) {
        cpu->gt_level[t] = level;
        irq_set(cpu->gt_irq[t], level);
    }
}

static void arm_gt_update(ArmCPU *cpu, int t)
{
    bool locked = machine_lock_held();

    if (!locked) {
        machine_lock();
    }
    arm_gt_update_locked(cpu, t);
    if (!locked) {
        machine_unlock();
    }
}

static void arm_gt_phys_cb(void *opaque)
{
    arm_gt_update_locked(opaque, ARM_GT_PHYS);
}

static void arm_gt_virt_cb(void *opaque)
{
    arm_gt_update_locked(opaque, ARM_GT_VIRT);
}

void arm_gt_init(ArmCPU *cpu)
{
    cpu->gt_timer[ARM_GT_PHYS] = timer_new(KCLOCK_VIRTUAL, arm_gt_phys_cb,
                                           cpu);
    cpu->gt_timer[ARM_GT_VIRT] = timer_new(KCLOCK_VIRTUAL, arm_gt_virt_cb,
                                           cpu);
}

void arm_gt_free(ArmCPU *cpu)
{
    for (int t = 0; t < ARM_GT_COUNT; t++) {
        timer_free(cpu->gt_timer[t]);
        cpu->gt_timer[t] = NULL;
    }
}

/* After the state is cleared: timers disabled, outputs low. */
void arm_gt_reset(ArmCPU *cpu)
{
    for (int t = 0; t < ARM_GT_COUNT; t++) {
        timer_del(cpu->gt_timer[t]);
        if (cpu->gt_level[t]) {
            cpu->gt_level[t] = 0;
            irq_set(cpu->gt_irq[t], 0);
        }
    }
}

uint64_t arm_gt_read_ctl(ArmCPUState *env, int t)
{
    return (env->cnt_ctl[t] & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) |
           (arm_gt_condition(env, t) ? CNT_CTL_ISTATUS : 0);
}

void arm_gt_write_ctl(ArmCPUState *env, int t, uint64_t val)
{
    /* ISTATUS is read-only; the rest of the register is RES0. */
    env->cnt_ctl[t] = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
    arm_gt_update(arm_cpu(arm_env_cpu(env)), t);
}

void arm_gt_write_cval(ArmCPUState *env, int t, uint64_t val)
{
    env->cnt_cval[t] = val;
    arm_gt_update(arm_cpu(arm_env_cpu(env)), t);
}

/* TVAL is CVAL - count as a signed 32-bit value (D11.2.4). */
uint64_t arm_gt_read_tval(ArmCPUState *env, int t)
{
    return (uint32_t)(env->cnt_cval[t] - arm_gt_count());
}

void arm_gt_write_tval(ArmCPUState *env, int t, uint64_t val)
{
    arm_gt_write_cval(env, t, arm_gt_count() + (int64_t)(int32_t)val);
}

void arm_cpu_set_timer_irq(CPUState *cs, int timer, IrqLine *irq)
{
    g_assert(timer >= 0 && timer < ARM_GT_COUNT);
    arm_cpu(cs)->gt_irq[timer] = irq;
}
