/*
 * Debugger support under TCG: see debug.h for the model.
 *
 * The lists are changed by the main loop while the VM is stopped and read
 * by the vCPU thread while it runs; a mutex keeps a change made while a
 * vCPU runs (gdb in non-stop use) safe anyway.  Per-vCPU step state lives
 * in an array indexed by CPUState.index and is touched by the vCPU thread,
 * or by the main loop while that vCPU is stopped.
 */
#include "accel/tcg/debug.h"

#include "accel/tcg/internal.h"
#include "hw/core/machine.h"

typedef struct TCGBreakpoint {
    uint64_t pc;
    unsigned count;
} TCGBreakpoint;

typedef struct TCGWatchpoint {
    uint64_t addr, len;
    unsigned kind;
} TCGWatchpoint;

typedef struct TCGDebugCPU {
    bool step;      /* gdb asked for one instruction */
    bool ran;       /* the one-instruction TB has been entered */
    bool wp_replay; /* re-running an access that hit a watchpoint */
    TCGDebugReason reason;
    uint64_t wp_addr;
} TCGDebugCPU;

int tcg_debug_active;

static GMutex dbg_lock;
static GArray *dbg_bps; /* TCGBreakpoint */
static GArray *dbg_wps; /* TCGWatchpoint */
static TCGDebugCPU dbg_cpu[MACHINE_MAX_CPUS];
static unsigned dbg_steppers;
static TCGDebugStopFn *dbg_stop_fn;
static void *dbg_stop_opaque;

void tcg_debug_set_stop_handler(TCGDebugStopFn *fn, void *opaque)
{
    dbg_stop_fn = fn;
    dbg_stop_opaque = opaque;
}

static void dbg_update_active(void)
{
    int on =
        (dbg_bps && dbg_bps->len) || (dbg_wps && dbg_wps->len) || dbg_steppers;

    __atomic_store_n(&tcg_debug_active, on, __ATOMIC_RELAXED);
}

/* Drop the translations of the code at pc. */
static void dbg_invalidate(uint64_t phys)
{
    if (phys == UINT64_MAX) {
        tcg_exec.tb_flush_pending = true;
    } else {
        tb_invalidate_queue(phys, 4);
    }
}

void tcg_debug_bp_insert(uint64_t pc, uint64_t phys)
{
    g_mutex_lock(&dbg_lock);
    if (!dbg_bps) {
        dbg_bps = g_array_new(FALSE, FALSE, sizeof(TCGBreakpoint));
    }
    for (guint i = 0; i < dbg_bps->len; i++) {
        if (g_array_index(dbg_bps, TCGBreakpoint, i).pc == pc) {
            g_array_index(dbg_bps, TCGBreakpoint, i).count++;
            g_mutex_unlock(&dbg_lock);
            return;
        }
    }
    g_array_append_val(dbg_bps, ((TCGBreakpoint){pc, 1}));
    dbg_update_active();
    g_mutex_unlock(&dbg_lock);
    dbg_invalidate(phys);
}

bool tcg_debug_bp_remove(uint64_t pc, uint64_t phys)
{
    g_mutex_lock(&dbg_lock);
    for (guint i = 0; dbg_bps && i < dbg_bps->len; i++) {
        TCGBreakpoint *bp = &g_array_index(dbg_bps, TCGBreakpoint, i);

        if (bp->pc == pc) {
            if (--bp->count == 0) {
                g_array_remove_index_fast(dbg_bps, i);
                dbg_update_active();
            }
            g_mutex_unlock(&dbg_lock);
            /* The TB ending before pc may now run on: retranslate it. */
            dbg_invalidate(phys);
            return true;
        }
    }
    g_mutex_unlock(&dbg_lock);
    return false;
}

/* The TLB entries of every vCPU must be refilled (watchpoint flags). */
static void dbg_tlb_flush_all(void)
{
    for (guint i = 0; tcg_exec.vcpus && i < tcg_exec.vcpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(tcg_exec.vcpus, i);

        tcg_vcpu(cpu)->tlb_flush_pending = true;
    }
}

void tcg_debug_wp_insert(uint64_t addr, uint64_t len, unsigned kind)
{
    g_mutex_lock(&dbg_lock);
    if (!dbg_wps) {
        dbg_wps = g_array_new(FALSE, FALSE, sizeof(TCGWatchpoint));
    }
    g_array_append_val(dbg_wps, ((TCGWatchpoint){addr, len ? len : 1, kind}));
    dbg_update_active();
    g_mutex_unlock(&dbg_lock);
    dbg_tlb_flush_all();
}

bool tcg_debug_wp_remove(uint64_t addr, uint64_t len, unsigned kind)
{
    bool found = false;

    g_mutex_lock(&dbg_lock);
    for (guint i = 0; dbg_wps && i < dbg_wps->len; i++) {
        TCGWatchpoint *wp = &g_array_index(dbg_wps, TCGWatchpoint, i);

        if (wp->addr == addr && wp->len == (len ? len : 1) &&
            wp->kind == kind) {
            g_array_remove_index_fast(dbg_wps, i);
            found = true;
            break;
        }
    }
    dbg_update_active();
    g_mutex_unlock(&dbg_lock);
    if (found) {
        dbg_tlb_flush_all();
    }
    return found;
}

void tcg_debug_remove_all(void)
{
    g_mutex_lock(&dbg_lock);
    if (dbg_bps && dbg_bps->len) {
        g_array_set_size(dbg_bps, 0);
        tcg_exec.tb_flush_pending = true;
    }
    if (dbg_wps && dbg_wps->len) {
        g_array_set_size(dbg_wps, 0);
        dbg_tlb_flush_all();
    }
    for (unsigned i = 0; i < MACHINE_MAX_CPUS; i++) {
        dbg_cpu[i].step = false;
        dbg_cpu[i].ran = false;
    }
    dbg_steppers = 0;
    dbg_update_active();
    g_mutex_unlock(&dbg_lock);
}

void tcg_debug_set_step(CPUState *cpu, bool step)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];

    g_mutex_lock(&dbg_lock);
    if (d->step != step) {
        dbg_steppers += step ? 1 : -1;
    }
    d->step = step;
    d->ran = false;
    dbg_update_active();
    g_mutex_unlock(&dbg_lock);
}

TCGDebugReason tcg_debug_stop_reason(CPUState *cpu, uint64_t *addr)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];

    *addr = d->wp_addr;
    return d->reason;
}

bool tcg_debug_bp_at(uint64_t pc)
{
    bool hit = false;

    g_mutex_lock(&dbg_lock);
    for (guint i = 0; dbg_bps && i < dbg_bps->len && !hit; i++) {
        hit = g_array_index(dbg_bps, TCGBreakpoint, i).pc == pc;
    }
    g_mutex_unlock(&dbg_lock);
    return hit;
}

/* Stop cpu for reason: back to accel/vcpu.c, then tell the handler. */
static bool dbg_stop(CPUState *cpu, TCGDebugReason reason)
{
    dbg_cpu[cpu->index].reason = reason;
    cpu->stop = true;
    if (dbg_stop_fn) {
        dbg_stop_fn(cpu, dbg_stop_opaque);
    }
    return true;
}

bool tcg_debug_before_tb(CPUState *cpu, uint64_t pc, uint32_t *cflags)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];

    /* No chaining under the debugger: every TB entry comes here. */
    tcg_vcpu(cpu)->last_tb = NULL;
    if (d->wp_replay) {
        if (d->ran) {
            /* The access that hit has completed: report it. */
            d->wp_replay = false;
            d->ran = false;
            return dbg_stop(cpu, d->reason);
        }
        d->ran = true;
        *cflags |= TB_CF_ONESHOT;
        return false;
    }
    if (d->step) {
        if (d->ran) {
            tcg_debug_set_step(cpu, false);
            return dbg_stop(cpu, TCG_DEBUG_STEP);
        }
        /* A step onto a breakpoint executes it: gdb steps over its own. */
        d->ran = true;
        *cflags |= TB_CF_ONESHOT;
        return false;
    }
    if (tcg_debug_bp_at(pc)) {
        return dbg_stop(cpu, TCG_DEBUG_BREAKPOINT);
    }
    return false;
}

void tcg_debug_tb_not_run(CPUState *cpu)
{
    dbg_cpu[cpu->index].ran = false;
}

static unsigned dbg_sstep_flags =
    TCG_SSTEP_ENABLE | TCG_SSTEP_NOIRQ | TCG_SSTEP_NOTIMER;

void tcg_debug_set_step_flags(unsigned flags)
{
    __atomic_store_n(&dbg_sstep_flags, flags, __ATOMIC_RELAXED);
}

unsigned tcg_debug_step_flags(void)
{
    return __atomic_load_n(&dbg_sstep_flags, __ATOMIC_RELAXED);
}

bool tcg_debug_irqs_masked(CPUState *cpu)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];

    /*
     * Without NOIRQ, an interrupt can be taken only as a step's first
     * event, before its instruction: once that has run, the step ends.
     */
    return (d->step && ((tcg_debug_step_flags() & TCG_SSTEP_NOIRQ) ||
                        d->ran)) ||
           d->wp_replay;
}

void tcg_debug_interrupt_taken(CPUState *cpu)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];

    /* Taking the interrupt is the step, as on the reference. */
    if (d->step) {
        d->ran = true;
    }
}

bool tcg_debug_wp_page(uint64_t vaddr, uint64_t page_mask)
{
    bool hit = false;

    g_mutex_lock(&dbg_lock);
    for (guint i = 0; dbg_wps && i < dbg_wps->len && !hit; i++) {
        TCGWatchpoint *wp = &g_array_index(dbg_wps, TCGWatchpoint, i);
        uint64_t first = wp->addr & page_mask;
        uint64_t last = (wp->addr + wp->len - 1) & page_mask;

        hit = (vaddr & page_mask) >= first && (vaddr & page_mask) <= last;
    }
    g_mutex_unlock(&dbg_lock);
    return hit;
}

void tcg_debug_check_wp(CPUState *cpu, uint64_t addr, unsigned size,
                        bool is_write, uintptr_t retaddr)
{
    TCGDebugCPU *d = &dbg_cpu[cpu->index];
    TCGDebugReason reason = TCG_DEBUG_NONE;

    if (d->wp_replay) {
        return; /* the instruction that hit, run again to completion */
    }
    g_mutex_lock(&dbg_lock);
    for (guint i = 0; dbg_wps && i < dbg_wps->len; i++) {
        TCGWatchpoint *wp = &g_array_index(dbg_wps, TCGWatchpoint, i);

        if (addr + size <= wp->addr || addr >= wp->addr + wp->len ||
            !(wp->kind & (is_write ? TCG_WP_WRITE : TCG_WP_READ))) {
            continue;
        }
        reason = wp->kind == (TCG_WP_READ | TCG_WP_WRITE)
                     ? TCG_DEBUG_WATCH_ACCESS
                 : is_write ? TCG_DEBUG_WATCH_WRITE
                            : TCG_DEBUG_WATCH_READ;
        d->wp_addr = MAX(addr, wp->addr);
        break;
    }
    g_mutex_unlock(&dbg_lock);
    if (reason == TCG_DEBUG_NONE) {
        return;
    }
    /*
     * Stop after the instruction, as a hardware watchpoint reports: undo
     * it (state back to its start), run it alone without checks, then
     * stop (tcg_debug_before_tb).
     */
    d->reason = reason;
    d->wp_replay = true;
    d->ran = false;
    cpu->exception_index = -1;
    cpu_loop_exit_restore(cpu, retaddr);
}
