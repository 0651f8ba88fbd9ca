/*
 * Debugger support under TCG (the GDB stub's engine side): breakpoints,
 * single step and watchpoints, and the hooks the exec loop, the
 * translator and the softmmu call while any of them is in use.
 *
 * Breakpoints are guest-virtual PCs.  A TB never contains an instruction
 * with a breakpoint other than its first: the translator ends the TB
 * before it, and inserting one invalidates the TBs holding its bytes.
 * The exec loop checks the PC of every TB it is about to run, and while
 * anything is being debugged TBs are neither chained nor looked up from
 * generated code, so every TB entry passes through that check.
 *
 * Single step runs one-instruction TBs with interrupts masked (the step
 * does not wander into an interrupt handler; an exception the
 * instruction itself raises is taken, and the step ends at its vector).
 *
 * A stop (breakpoint, watchpoint, end of a step) asks the vCPU to stop
 * (CPUState.stop), returns to accel/vcpu.c, and calls the stop handler
 * on the vCPU thread; the handler (the GDB stub) stops the VM from the
 * main loop and reports.
 *
 * Set-up calls (insert, remove, step) are made with the VM stopped.
 */
#ifndef ACCEL_TCG_DEBUG_H
#define ACCEL_TCG_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/cpu.h"

typedef enum {
    TCG_DEBUG_NONE,
    TCG_DEBUG_BREAKPOINT,
    TCG_DEBUG_STEP,
    TCG_DEBUG_WATCH_WRITE,
    TCG_DEBUG_WATCH_READ,
    TCG_DEBUG_WATCH_ACCESS,
} TCGDebugReason;

/* Watchpoint kinds (bits). */
#define TCG_WP_READ 1
#define TCG_WP_WRITE 2

typedef void TCGDebugStopFn(CPUState *cpu, void *opaque);

/* Called on the vCPU thread, without the machine lock. */
void tcg_debug_set_stop_handler(TCGDebugStopFn *fn, void *opaque);

/*
 * Breakpoint at guest-virtual pc; phys: its guest-physical address
 * (UINT64_MAX if unknown: every TB is dropped instead).  Duplicates are
 * counted.  remove returns false if there was none.
 */
void tcg_debug_bp_insert(uint64_t pc, uint64_t phys);
bool tcg_debug_bp_remove(uint64_t pc, uint64_t phys);

/* Watchpoint on [addr, addr + len) of guest-virtual memory. */
void tcg_debug_wp_insert(uint64_t addr, uint64_t len, unsigned kind);
bool tcg_debug_wp_remove(uint64_t addr, uint64_t len, unsigned kind);

/* Every breakpoint and watchpoint, and every step request. */
void tcg_debug_remove_all(void);

/* Run cpu one instruction at a time (each ends in a stop). */
void tcg_debug_set_step(CPUState *cpu, bool step);
/*
 * How steps behave, the bits of QEMU's "maintenance packet qqemu.sstep":
 * NOIRQ (default on) masks interrupts during a step; without it, an
 * interrupt pending when the step starts is taken and the step ends at
 * its vector. ENABLE and NOTIMER are kept and reported, not acted on:
 * steps always step, and timers run on (docs/gdb.md).
 */
#define TCG_SSTEP_ENABLE 1u
#define TCG_SSTEP_NOIRQ 2u
#define TCG_SSTEP_NOTIMER 4u
void tcg_debug_set_step_flags(unsigned flags);
unsigned tcg_debug_step_flags(void);

/* Why cpu stopped last; *addr: the data address of a watchpoint hit. */
TCGDebugReason tcg_debug_stop_reason(CPUState *cpu, uint64_t *addr);

/* ---- hooks of accel/tcg ---- */

/* Anything is being debugged: take the slow paths below. */
extern int tcg_debug_active;

static inline bool tcg_debug_enabled(void)
{
    return __atomic_load_n(&tcg_debug_active, __ATOMIC_RELAXED) != 0;
}

/* A breakpoint at pc (the translator ends a TB before it). */
bool tcg_debug_bp_at(uint64_t pc);
/*
 * Exec loop, before the TB at pc: true if the vCPU stops here (the loop
 * returns VCPU_EXIT_STOP); may add TB_CF_ONESHOT to *cflags for a step.
 */
bool tcg_debug_before_tb(CPUState *cpu, uint64_t pc, uint32_t *cflags);
/* Exec loop: the TB left before its first instruction. */
void tcg_debug_tb_not_run(CPUState *cpu);
/* Exec loop: no interrupts are taken while cpu single-steps (NOIRQ). */
bool tcg_debug_irqs_masked(CPUState *cpu);
/* Exec loop: cpu took an interrupt; a step it was on ends at the vector. */
void tcg_debug_interrupt_taken(CPUState *cpu);
/*
 * Softmmu: the TLB entry for the page of vaddr needs TLB_WATCHPOINT,
 * and the slow-path check of an access (stops after it completes).
 */
bool tcg_debug_wp_page(uint64_t vaddr, uint64_t page_mask);
void tcg_debug_check_wp(CPUState *cpu, uint64_t addr, unsigned size,
                        bool is_write, uintptr_t retaddr);

#endif
