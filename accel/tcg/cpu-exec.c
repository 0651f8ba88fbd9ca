/*
 * The exec loop: find or translate the TB for the CPU's state, link the
 * previous TB to it, run it, and between TBs deliver exceptions, take
 * interrupts and honour exit requests.
 *
 * Exceptions: a helper or the softmmu raises one with
 * cpu_loop_exit_restore(cpu, retaddr): the engine maps retaddr to the
 * faulting instruction's insn_start words, the target restores its state
 * from them (restore_state_to_opc), and siglongjmp lands in
 * tcg_cpu_exec, which drops the interrupted TB's context (one-shot TB,
 * half-translated TB, the link to make) and goes round the loop, where
 * do_interrupt delivers cpu->exception_index.
 *
 * Exit requests: CPUState.exit_request is set by any thread (cpu_exit,
 * cpu_interrupt, pause, shutdown).  Every TB checks it on entry (see
 * translator.c), so even a chain of linked TBs stops within one TB; the
 * loop takes pending interrupts first and then returns VCPU_EXIT_STOP,
 * consuming the request, so accel/vcpu.c can look at stop and quit flags
 * and move on to the next vCPU.
 */
#include "accel/tcg/coverage.h"
#include "accel/tcg/debug.h"
#include "accel/tcg/icount-internal.h"
#include "accel/tcg/icount.h"
#include "accel/tcg/internal.h"
#include "tcg/interp.h"
#include "util/log.h"

__thread CPUState *tcg_current_cpu;

void cpu_loop_exit(CPUState *cpu)
{
    /* A fault from a helper leaves the interpreter's marker set. */
    tcg_interp_retaddr = 0;
    siglongjmp(tcg_vcpu(cpu)->jmp_env, 1);
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    uint64_t data[TCG_INSN_START_WORDS];
    TranslationBlock *tb;

    if (!retaddr) {
        return false;
    }
    tb = tcg_exec.engine->find(retaddr);
    if (!tb || !tcg_exec.engine->restore(tb, retaddr, data)) {
        return false;
    }
    tcg_vcpu(cpu)->ops->restore_state_to_opc(cpu, data);
    if (icount_enabled() && tb->pc == tcg_vcpu(cpu)->icount_tb_pc) {
        /* insn_start's first word is the PC (translator.h). */
        tcg_vcpu(cpu)->icount_fault_pc = data[0];
    }
    return true;
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_restore_state(cpu, retaddr);
    cpu_loop_exit(cpu);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

void cpu_raise_exception(CPUState *cpu, int exception_index,
                         uintptr_t retaddr)
{
    cpu->exception_index = exception_index;
    cpu_loop_exit_restore(cpu, retaddr);
}

/* A pending exception: deliver it, or leave the loop for it. */
static bool cpu_handle_exception(CPUState *cpu, VCPUExit *why)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    int excp = cpu->exception_index;

    if (excp < 0) {
        return false;
    }
    cpu->exception_index = -1;
    if (excp >= EXCP_INTERRUPT) {
        *why = excp == EXCP_HLT || excp == EXCP_HALTED ? VCPU_EXIT_HALT
                                                       : VCPU_EXIT_STOP;
        return true;
    }
    log_mask(LOG_INT, "cpu %d: exception %d\n", cpu->index, excp);
    cpu->exception_index = excp;
    v->ops->do_interrupt(cpu);
    cpu->exception_index = -1;
    v->last_tb = NULL;
    return false;
}

static bool cpu_handle_interrupt(CPUState *cpu, VCPUExit *why)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    uint32_t req = g_atomic_int_get(&cpu->interrupt_request);

    if (req) {
        if (req & CPU_INTERRUPT_EXITTB) {
            /* The CPU state changed under the TB: do not chain to it. */
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            v->last_tb = NULL;
        }
        if (v->ops->exec_interrupt &&
            !(tcg_debug_enabled() && tcg_debug_irqs_masked(cpu)) &&
            v->ops->exec_interrupt(cpu, req)) {
            log_mask(LOG_INT, "cpu %d: interrupt, exception %d\n",
                     cpu->index, cpu->exception_index);
            v->ops->do_interrupt(cpu);
            cpu->exception_index = -1;
            v->last_tb = NULL;
            if (tcg_debug_enabled()) {
                tcg_debug_interrupt_taken(cpu);
            }
            tcg_exec.stats.interrupts++;
        }
    }
    if (g_atomic_int_get(&cpu->exit_request)) {
        /* accel/vcpu.c clears it before the next vcpu_run (accel.h). */
        *why = VCPU_EXIT_STOP;
        return true;
    }
    return false;
}

/* Run TBs until something needs accel/vcpu.c. */
static VCPUExit cpu_exec_loop(CPUState *cpu)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    const TCGCPUOps *ops = v->ops;

    for (;;) {
        TranslationBlock *tb, *last;
        VCPUExit why;
        uint64_t pc;
        uint32_t flags, cflags;
        uintptr_t ret;
        int64_t budget = INT64_MAX;

        tb_invalidate_drain();
        if (tcg_exec.tb_flush_pending) {
            tcg_exec.tb_flush_pending = false;
            tb_flush_all();
        }
        if (v->tlb_flush_pending) {
            v->tlb_flush_pending = false;
            tlb_flush(cpu);
        }
        if (v->tlb_resize_pending) {
            tlb_resize(cpu);
        }
        if (cpu_handle_exception(cpu, &why) ||
            cpu_handle_interrupt(cpu, &why)) {
            return why;
        }
        if (icount_enabled()) {
            bool ran_timers;

            /* Timers that fired may have raised an interrupt: take it. */
            budget = icount_budget(&ran_timers);
            if (ran_timers) {
                continue;
            }
            if (v->icount_slice <= 0) {
                /* Round-robin by instruction count (accel/vcpu.c). */
                v->icount_slice = ICOUNT_SLICE_INSNS;
                if (tcg_exec.vcpus->len > 1) {
                    return VCPU_EXIT_STOP;
                }
            }
            budget = MAX(MIN(budget, v->icount_slice), 1);
        }

        ops->get_tb_cpu_state(cpu, &pc, &flags);
        cflags = v->cflags_next_tb;
        v->cflags_next_tb = 0;
        if (tcg_debug_enabled() && tcg_debug_before_tb(cpu, pc, &cflags)) {
            /* A breakpoint or the end of a step (accel/tcg/debug.c). */
            v->cflags_next_tb = cflags;
            return VCPU_EXIT_STOP;
        }
        if (cflags & TB_CF_ONESHOT) {
            tb = tb_gen_code(cpu, pc, flags, cflags);
            v->oneshot = tb;
            v->last_tb = NULL;
        } else {
            tb = tb_lookup(cpu, pc, flags, false);
            if (!tb) {
                tcg_exec.stats.lookup_misses++;
                tb = tb_gen_code(cpu, pc, flags, 0);
            }
            /* A flush while translating took last_tb with it. */
            if (v->last_tb && v->last_flush_gen == tcg_exec.flush_gen) {
                tb_add_jump(v->last_tb, v->last_slot, tb);
            }
            if (tb->icount > budget) {
                /* It would run past the deadline: one insn at a time. */
                tb = tb_gen_code(cpu, pc, flags, TB_CF_ONESHOT);
                v->oneshot = tb;
                v->last_tb = NULL;
            }
        }
        if (icount_enabled()) {
            icount_add(tb->icount);
            v->icount_slice -= tb->icount;
            v->icount_tb_pc = tb->pc;
            v->icount_tb_insns = tb->icount;
            v->icount_tb_insn_size = tb->insn_size;
            v->icount_fault_pc = UINT64_MAX;
        }
        if (coverage_enabled()) {
            coverage_hit(tb->pc, tb->size, 1);
        }
        if (log_enabled(LOG_EXEC)) {
            log_printf("Trace %d: %p [%016" G_GINT64_MODIFIER "x/%08x]\n",
                       cpu->index, (void *)tb, pc, flags);
        }
        if (log_enabled(LOG_CPU) && cpu->cc->dump_state) {
            FILE *f = log_lock();

            cpu->cc->dump_state(cpu, f);
            log_unlock(f);
        }

        ret = tcg_exec.engine->exec(tb, cpu->env);
        tcg_exec.stats.exits++;
        v->icount_tb_insns = 0;
        last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        v->last_tb = NULL;
        if (last && (ret & TB_EXIT_MASK) == TB_EXIT_REQUESTED) {
            /* It left before its first instruction. */
            ops->set_pc(cpu, last->pc);
            if (icount_enabled()) {
                icount_add(-(int64_t)last->icount);
                v->icount_slice += last->icount;
            }
            if (coverage_enabled()) {
                coverage_hit(last->pc, last->size, -1);
            }
            if (tcg_debug_enabled()) {
                tcg_debug_tb_not_run(cpu);
            }
            tcg_exec.stats.exit_requests++;
        } else if (last && last != v->oneshot) {
            v->last_tb = last;
            v->last_slot = ret & TB_EXIT_MASK;
            v->last_flush_gen = tcg_exec.flush_gen;
        }
        tb_free_oneshot(v);
    }
}

/*
 * -icount: a fault left the TB at the instruction whose PC it restored;
 * that one and those after it did not run, so they do not count.  A TB
 * of instructions of different sizes keeps its whole count.
 */
static void icount_fault_uncount(TCGVCPU *v)
{
    uint64_t done;

    if (!icount_enabled() || !v->icount_tb_insns ||
        v->icount_fault_pc == UINT64_MAX || !v->icount_tb_insn_size) {
        v->icount_tb_insns = 0;
        return;
    }
    done = (v->icount_fault_pc - v->icount_tb_pc) / v->icount_tb_insn_size;
    if (done < v->icount_tb_insns) {
        icount_add(-(int64_t)(v->icount_tb_insns - done));
        v->icount_slice += v->icount_tb_insns - done;
    }
    v->icount_tb_insns = 0;
    v->icount_fault_pc = UINT64_MAX;
}

int tcg_cpu_exec(CPUState *cpu)
{
    TCGVCPU *v = tcg_vcpu(cpu);

    tcg_current_cpu = cpu;
    while (sigsetjmp(v->jmp_env, 0)) {
        /* Back from cpu_loop_exit: the TB (or translation) is gone. */
        tcg_interp_retaddr = 0;
        v->last_tb = NULL;
        icount_fault_uncount(v);
        tb_free_oneshot(v);
        tcg_exec.stats.exceptions++;
    }
    return cpu_exec_loop(cpu);
}
