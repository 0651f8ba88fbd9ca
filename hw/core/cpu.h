/*
 * The target-independent part of a virtual CPU.
 *
 * A target (target/arm, target/i386) embeds its architectural state behind
 * `env` and fills a CPUClass with the few operations the generic layers
 * need. Boards create CPUs through the target's constructor; the
 * accelerator runs them. Nothing here knows an instruction set.
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct AddressSpace AddressSpace;
typedef struct CPUState CPUState;
typedef struct TCGCPUOps TCGCPUOps;

/*
 * Interrupt request bits (CPUState.interrupt_request). Interrupt
 * controllers set and clear them with cpu_interrupt/cpu_reset_interrupt;
 * the accelerator's loop takes them when the target unmasks them.
 */
#define CPU_INTERRUPT_HARD (1u << 0)    /* IRQ */
#define CPU_INTERRUPT_FIQ (1u << 1)
#define CPU_INTERRUPT_EXITTB (1u << 2)  /* leave the block, recheck state */
#define CPU_INTERRUPT_TGT_0 (1u << 8)   /* target-defined from here up */
#define CPU_INTERRUPT_TGT_1 (1u << 9)
#define CPU_INTERRUPT_TGT_2 (1u << 10)
#define CPU_INTERRUPT_TGT_3 (1u << 11)

typedef struct CPUClass {
    const char *arch;           /* "aarch64", "x86_64" */
    /* Architectural reset (registers, not memory). */
    void (*reset)(CPUState *cpu);
    /* Whether a halted CPU has something to do (a pending interrupt). */
    bool (*has_work)(CPUState *cpu);
    /* Registers for "info registers" and -d cpu. */
    void (*dump_state)(CPUState *cpu, FILE *out);
    /*
     * Debug address translation (monitor x/memsave, gdb): the physical
     * address of va in the CPU's current translation regime, and how
     * many bytes from va on share its page. No side effects (no TLB
     * fill, no access-flag update, no fault). NULL: virtual is physical.
     */
    bool (*debug_translate)(CPUState *cpu, uint64_t va, uint64_t *pa,
                            uint64_t *page_left);
    /* How the TCG accelerator translates this CPU (accel/tcg/cpu-ops.h). */
    const TCGCPUOps *tcg_ops;
} CPUClass;

/* Why vcpu_run returned; the vCPU thread loop acts on it. */
typedef enum {
    VCPU_EXIT_STOP,             /* a stop was requested (pause, -S, gdb) */
    VCPU_EXIT_HALT,             /* the CPU waits for an interrupt */
    VCPU_EXIT_SHUTDOWN,         /* a shutdown or reset request is pending */
    VCPU_EXIT_ERROR,            /* the accelerator cannot go on */
} VCPUExit;

struct CPUState {
    int index;
    const CPUClass *cc;
    void *env;                  /* the target's architectural state */
    AddressSpace *as;           /* what the CPU sees (page-table walks) */
    void *accel_data;           /* owned by the accelerator */

    /*
     * Set (with a store-release) by any thread that needs the vCPU to come
     * back to its loop: an interrupt line changed, a stop or shutdown was
     * requested. Generated code checks it at every block entry.
     */
    volatile int32_t exit_request;
    /* CPU_INTERRUPT_* bits pending; atomic. */
    uint32_t interrupt_request;
    /* The exception being delivered (target-defined number, -1: none). */
    int exception_index;

    /* Protected by the vCPU thread lock in accel/vcpu.c. */
    bool halted;                /* waiting for an interrupt */
    bool stop;                  /* asked to stop */
    bool stopped;               /* has stopped; the requester may go on */
    bool created;
    GThread *thread;
};

/* Ask the vCPU to return to its loop soon; safe from any thread. */
void cpu_exit(CPUState *cpu);

/*
 * Raise or clear interrupt request bits; any thread. Raising wakes a
 * halted vCPU and makes a running one leave guest code to take it.
 */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);

/*
 * The vCPU the calling thread is running, or NULL (the main loop). Set
 * by the accelerator around guest execution; a device whose registers
 * are banked per CPU (the GIC's CPU interface) asks it on each access.
 */
CPUState *cpu_current(void);
void cpu_set_current(CPUState *cpu);

#endif
