/*
 * -icount shift=N: virtual time is the number of guest instructions
 * executed, over all vCPUs, << N nanoseconds, so two runs of the same
 * guest with the same inputs read the same times and take their timer
 * interrupts at the same instructions.
 *
 * How it counts: with icount on, no TB chains to another (neither
 * goto_tb links nor the goto_ptr lookup), so every TB starts from the
 * exec loop, which adds the TB's instruction count before running it
 * (and takes it back if the TB leaves through its entry check, before
 * its first instruction).  Before that the loop asks how many
 * instructions may run before the next VIRTUAL timer deadline (and
 * before the vCPU's round-robin slice ends); a TB longer than that is
 * not run: its instructions run one per one-shot TB up to the deadline.
 * At the deadline the loop runs the expired VIRTUAL timers under the
 * machine lock and goes on.
 *
 * A TB that leaves in the middle through a fault gives back the
 * instructions from the faulting one on (cpu-exec.c, from the restored
 * PC when the TB's instructions have one size); reads of the clock in a
 * TB see the count at its end.
 *
 * The counter is written by the one round-robin vCPU thread only; other
 * threads (the main loop reading the virtual clock) load it atomically.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "accel/tcg/icount.h"
#include "accel/tcg/icount-internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define ICOUNT_SHIFT_MAX 10

static struct {
    bool on;
    int shift;
    int64_t insns;
} icount;

bool icount_parse(const char *arg, int *shift, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    bool have = false;

    for (int i = 0; parts[i]; i++) {
        const char *p = parts[i];
        const char *val = p;
        char *end;
        long n;

        if (g_str_has_prefix(p, "shift=")) {
            val = p + 6;
        } else if (strchr(p, '=') || i > 0) {
            char *key = g_strndup(p, strcspn(p, "="));

            if (!strcmp(key, "align") || !strcmp(key, "sleep") ||
                !strcmp(key, "rr") || !strcmp(key, "rrfile") ||
                !strcmp(key, "rrsnapshot")) {
                error_setg(errp, "-icount %s: not supported yet", p);
            } else {
                error_setg(errp, "-icount %s: unknown key (expected "
                           "shift=N)", p);
            }
            g_free(key);
            return false;
        }
        if (!strcmp(val, "auto")) {
            error_setg(errp, "-icount shift=auto: not supported yet "
                       "(give a fixed shift)");
            return false;
        }
        errno = 0;
        n = strtol(val, &end, 10);
        if (!*val || *end || errno || n < 0 || n > ICOUNT_SHIFT_MAX) {
            error_setg(errp, "-icount %s: shift must be 0 to %d", p,
                       ICOUNT_SHIFT_MAX);
            return false;
        }
        *shift = (int)n;
        have = true;
    }
    if (!have) {
        error_setg(errp, "-icount %s: expected shift=N", arg);
        return false;
    }
    return true;
}

static int64_t icount_get(void *opaque)
{
    return __atomic_load_n(&icount.insns, __ATOMIC_RELAXED);
}

void icount_enable(int shift)
{
    icount.on = true;
    icount.shift = shift;
    icount.insns = 0;
    clock_set_icount(shift, icount_get, NULL);
}

void icount_disable(void)
{
    clock_set_icount(0, NULL, NULL);
    icount.on = false;
}

bool icount_enabled(void)
{
    return icount.on;
}

int64_t icount_insns(void)
{
    return icount_get(NULL);
}

void icount_add(int64_t n)
{
    __atomic_store_n(&icount.insns, icount.insns + n, __ATOMIC_RELAXED);
}

/* Instructions until the next VIRTUAL deadline; -1: none pending. */
static int64_t icount_to_deadline(void)
{
    int64_t ns = timers_clock_deadline_ns(KCLOCK_VIRTUAL);
    int64_t unit = INT64_C(1) << icount.shift;

    if (ns < 0) {
        return -1;
    }
    /* The first count whose time is at or past the deadline. */
    return (ns + unit - 1) >> icount.shift;
}

static void icount_run_timers(void)
{
    machine_lock();
    timers_run_clock(KCLOCK_VIRTUAL);
    machine_unlock();
}

int64_t icount_budget(bool *ran_timers)
{
    int64_t n = icount_to_deadline();

    *ran_timers = false;
    if (n == 0) {
        icount_run_timers();
        *ran_timers = true;
        n = icount_to_deadline();
    }
    return n < 0 ? INT64_MAX : n;
}

bool icount_warp(void)
{
    int64_t n = icount_to_deadline();

    if (n < 0) {
        return false;
    }
    icount_add(n);
    icount_run_timers();
    return true;
}
