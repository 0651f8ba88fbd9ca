/*
 * The accelerator interface: how a board's CPUs are run.
 *
 * One ops table per accelerator (tcg: the JIT; kvm: Linux KVM). Boards and
 * devices never ask which accelerator runs them; they call the generic
 * functions below, and the ops table does the rest. Threads: each vCPU runs
 * on a host thread owned by accel/vcpu.c (one per vCPU, or one for all
 * under a round-robin accelerator); device models run under the machine
 * lock (util/main-loop.h), which a vCPU takes around device access.
 */
#ifndef ACCEL_ACCEL_H
#define ACCEL_ACCEL_H

#include <glib.h>
#include <stdbool.h>

#include "hw/core/cpu.h"

typedef struct KeyVal KeyVal;
typedef struct Machine Machine;
typedef struct MemSection MemSection;

typedef struct AccelOps {
    const char *name;           /* as given to -accel */
    const char *desc;

    /*
     * Parse the accelerator's own -accel keys (tb-size=, ...) before the
     * machine exists; keys not fetched are reported as unknown.
     */
    bool (*configure)(KeyVal *opts, GError **errp);
    /*
     * Open the accelerator for this machine, before the board builds it
     * (KVM registers a memory listener on m->sysmem so the board's RAM
     * becomes memory slots as it is mapped).
     */
    bool (*init)(Machine *m, GError **errp);
    /*
     * Optional: release what init made (KVM: its memory listener, the VM),
     * called by machine_free after the vCPU threads have stopped and
     * before the machine's memory goes.
     */
    void (*cleanup)(Machine *m);
    /* Prepare one CPU; called on the main thread before threads start. */
    bool (*vcpu_create)(CPUState *cpu, GError **errp);
    /*
     * Run guest code on the calling (vCPU) thread until something needs
     * the loop: returns why. Called without the machine lock. It must
     * return (VCPU_EXIT_STOP) soon after cpu->exit_request becomes
     * non-zero, and must not clear exit_request itself: accel/vcpu.c
     * clears it, under its lock, just before each call, so a stop
     * request can never be lost between the two.
     */
    VCPUExit (*vcpu_run)(CPUState *cpu);
    /* Make a running vcpu_run return promptly; any thread. */
    void (*vcpu_kick)(CPUState *cpu);
    /*
     * True if one host thread runs every vCPU in turn (deterministic);
     * false for one thread per vCPU.
     */
    bool round_robin;

    /* Optional: guest memory appeared or went (KVM memory slots). */
    void (*region_add)(const MemSection *s);
    void (*region_del)(const MemSection *s);
    /*
     * Optional: the accelerator owns the interrupt controller (KVM's
     * in-kernel irqchip): a board's interrupt line goes here.
     */
    void (*set_irq)(Machine *m, int irq, int level);
} AccelOps;

/* The accelerators linked into this binary, by -accel name. */
const AccelOps *accel_find(const char *name);
void accel_print_list(FILE *out);

/* Select and configure the accelerator from "-accel NAME,k=v". */
const AccelOps *accel_configure(const char *spec, GError **errp);

/* Bind the accelerator to the machine, before the board's init. */
bool accel_init_machine(const AccelOps *ops, Machine *m, GError **errp);
/* Prepare the CPUs the board created. */
bool accel_create_vcpus(Machine *m, GError **errp);

/*
 * vCPU threads (accel/vcpu.c). Start creates the threads in the stopped
 * state; resume lets them run guest code; pause returns once every vCPU
 * has left guest code. Pause/resume are called with the machine lock held,
 * from the main loop.
 */
bool vcpus_start(Machine *m, GError **errp);
void vcpus_pause(Machine *m);
void vcpus_resume(Machine *m);
void vcpus_stop_threads(Machine *m);
/* A halted vCPU has work now (an interrupt arrived): wake it. */
void vcpu_wake(CPUState *cpu);

#endif
