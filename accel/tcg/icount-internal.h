/* The exec loop's side of -icount (icount.c). */
#ifndef ACCEL_TCG_ICOUNT_INTERNAL_H
#define ACCEL_TCG_ICOUNT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/* Round-robin slice of one vCPU under icount, in instructions. */
#define ICOUNT_SLICE_INSNS (1 << 20)

/* Count n executed instructions (the vCPU thread only). */
void icount_add(int64_t n);
/*
 * Instructions that may run before the next VIRTUAL timer deadline
 * (INT64_MAX: none); runs the expired timers first if the deadline is
 * reached (*ran_timers: interrupts may be pending now).
 */
int64_t icount_budget(bool *ran_timers);
/*
 * Every vCPU is idle: move virtual time on to the next VIRTUAL deadline
 * and run its timers.  false if no timer is pending.
 */
bool icount_warp(void);

#endif
