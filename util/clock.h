/*
 * The emulator's clocks, all in nanoseconds.
 *
 *  REALTIME  host CLOCK_MONOTONIC; always runs (UI, timeouts, pacing).
 *  VIRTUAL   guest time. It follows the host monotonic clock while the VM
 *            runs, stands still while it is stopped, and carries on from
 *            where it stopped (no jump). With -icount it is instead the
 *            number of executed guest instructions << shift, so a run is
 *            reproducible.
 *  HOST      host wall-clock time (CLOCK_REALTIME), for guest RTCs.
 *
 * All functions are thread-safe.
 */
#ifndef UTIL_CLOCK_H
#define UTIL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    KCLOCK_REALTIME,
    KCLOCK_VIRTUAL,
    KCLOCK_HOST,
    KCLOCK__MAX
} KClockType;

int64_t clock_get_ns(KClockType type);

/*
 * Stop and restart the virtual clock, as the VM stops and continues.
 * Pausing a paused clock (or resuming a running one) does nothing.
 */
void clock_virtual_pause(void);
void clock_virtual_resume(void);
bool clock_virtual_running(void);

/*
 * Derive virtual time from an instruction counter: virtual ns =
 * get_insns(opaque) << shift. get_insns is called from any thread that
 * reads the clock, without any clock lock held. get_insns NULL goes back
 * to host-based virtual time.
 */
void clock_set_icount(int shift, int64_t (*get_insns)(void *opaque),
                      void *opaque);
bool clock_icount_enabled(void);

/*
 * Called (from the thread that resumes the clock) after the virtual clock
 * resumes, so that whoever sleeps on timer deadlines can recompute them.
 */
void clock_set_resume_hook(void (*hook)(void));

#endif
