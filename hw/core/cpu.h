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

typedef struct CPUState CPUState;

typedef struct CPUClass {
    const char *arch;           /* "aarch64", "x86_64" */
    /* Architectural reset (registers, not memory). */
    void (*reset)(CPUState *cpu);
    /* Whether a halted CPU has something to do (a pending interrupt). */
    bool (*has_work)(CPUState *cpu);
    /* Registers for "info registers" and -d cpu. */
    void (*dump_state)(CPUState *cpu, FILE *out);
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
    void *accel_data;           /* owned by the accelerator */

    /*
     * Set (with a store-release) by any thread that needs the vCPU to come
     * back to its loop: an interrupt line changed, a stop or shutdown was
     * requested. Generated code checks it at every block entry.
     */
    volatile int32_t exit_request;

    /* Protected by the vCPU thread lock in accel/vcpu.c. */
    bool halted;                /* waiting for an interrupt */
    bool stop;                  /* asked to stop */
    bool stopped;               /* has stopped; the requester may go on */
    bool created;
    GThread *thread;
};

/* Ask the vCPU to return to its loop soon; safe from any thread. */
void cpu_exit(CPUState *cpu);

#endif
