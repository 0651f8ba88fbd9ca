/*
 * One-shot timers on the clocks of util/clock.h.
 *
 * A timer is armed with an absolute expiry time on its clock and fires
 * once, when the main loop (or, for icount, the vCPU thread) runs expired
 * timers. Arming, re-arming and deleting are thread-safe; callbacks run on
 * the thread that calls timers_run_*(), with no timer lock held, so a
 * callback may re-arm or delete any timer and free any timer (its own
 * included). Freeing a timer whose callback is running on another thread
 * is the caller's race to avoid: device timers are freed under the
 * machine lock, which the main loop holds while running them.
 *
 * A VIRTUAL timer never fires while the virtual clock is paused. With
 * icount, VIRTUAL timers are left out of timers_deadline_ns() and
 * timers_run_expired(): the vCPU thread asks for
 * timers_clock_deadline_ns(KCLOCK_VIRTUAL) to bound the instructions it
 * executes and calls timers_run_clock(KCLOCK_VIRTUAL), under the machine
 * lock, when it gets there, so that they fire at exact instruction counts.
 */
#ifndef UTIL_TIMER_H
#define UTIL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "util/clock.h"

typedef struct Timer Timer;
typedef void TimerCb(void *opaque);

Timer *timer_new(KClockType type, TimerCb *cb, void *opaque);
/* Deletes the timer if pending. NULL is allowed. */
void timer_free(Timer *t);

/* Arm (or re-arm) to fire when its clock reaches expire_ns. */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
bool timer_pending(Timer *t);
/* The expiry time if pending, else -1. */
int64_t timer_expire_ns(Timer *t);

/*
 * Nanoseconds from now until the earliest pending timer over all clocks:
 * 0 if one is overdue, -1 if none can fire.
 */
int64_t timers_deadline_ns(void);
/* Run the callbacks of every expired timer; true if any ran. */
bool timers_run_expired(void);

/* The same for one clock, whatever the icount mode. */
int64_t timers_clock_deadline_ns(KClockType type);
bool timers_run_clock(KClockType type);

/*
 * Called (on the arming thread, no timer lock held) when timer_mod makes
 * a timer the earliest of its clock, so that a thread sleeping until the
 * previous deadline can wake up and recompute. The main loop installs it.
 */
void timers_set_wakeup_hook(void (*hook)(void));

#endif
