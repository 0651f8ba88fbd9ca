/*
 * The main-loop thread and the machine lock.
 *
 * Chardevs, timers, network back-ends, the gdbstub and the monitor all run
 * on the main-loop thread, as sources of glib's default GMainContext and
 * as util/timer.h timers. Device models run under the one machine lock:
 * the main loop holds it while it dispatches sources, timers and calls,
 * and drops it only while it sleeps in poll; a vCPU thread takes it around
 * MMIO and anything else that touches device state.
 *
 * Usage:
 *     main_loop_init();
 *     machine_lock();
 *     ... create the machine, start vCPU threads ...
 *     status = main_loop_run();     // until main_loop_quit(status)
 *     machine_unlock();
 */
#ifndef UTIL_MAIN_LOOP_H
#define UTIL_MAIN_LOOP_H

#include <stdbool.h>

/* Install the timer and clock wake-up hooks. Call once, before threads. */
void main_loop_init(void);

/* Not recursive: taking it twice on one thread is a bug (asserted). */
void machine_lock(void);
void machine_unlock(void);
/* Whether the calling thread holds the machine lock. */
bool machine_lock_held(void);

/*
 * Run the loop on the calling thread, which becomes the main-loop thread
 * and must hold the machine lock (it holds it again on return), until
 * main_loop_quit(); returns the status given there. May be called again.
 */
int main_loop_run(void);
/* From any thread: make main_loop_run return status. */
void main_loop_quit(int status);
/* From any thread: make a sleeping main loop recompute its deadline. */
void main_loop_wakeup(void);
/*
 * From any thread: run fn(opaque) soon on the main-loop thread with the
 * machine lock held. Calls run in the order they were made.
 */
void main_loop_call(void (*fn)(void *opaque), void *opaque);
/* Whether the calling thread is the one running main_loop_run. */
bool main_loop_is_main_thread(void);

#endif
