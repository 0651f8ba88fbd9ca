/*
 * Clocks: host monotonic, host wall-clock, and the guest's virtual clock.
 *
 * Host-based virtual time is host monotonic time minus an offset; the
 * offset grows by the length of every pause, so the clock neither jumps
 * nor runs backwards when the VM continues. While paused, the clock reads
 * the value it had when it stopped.
 */
#include "util/clock.h"

#include <glib.h>
#include <pthread.h>
#include <time.h>

/*
 * Protects every field below. pthread rather than GMutex: glib's futex
 * mutex is invisible to ThreadSanitizer.
 */
static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t virtual_offset;      /* host monotonic - virtual, running */
static int64_t virtual_paused_at;   /* virtual time when paused */
static bool virtual_paused;
static int icount_shift;
static int64_t (*icount_get_insns)(void *opaque);
static void *icount_opaque;
static void (*resume_hook)(void);

static int64_t clock_host_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t clock_virtual_ns(void)
{
    int64_t (*get_insns)(void *opaque);
    void *opaque;
    int shift;
    int64_t now = 0;

    pthread_mutex_lock(&clock_lock);
    get_insns = icount_get_insns;
    opaque = icount_opaque;
    shift = icount_shift;
    if (!get_insns) {
        /*
         * Read the host clock under the lock, so that a reader racing
         * with pause/resume never sees the new offset with an old host
         * time (which would make the clock step back).
         */
        now = virtual_paused ? virtual_paused_at
                             : clock_host_ns(CLOCK_MONOTONIC) - virtual_offset;
    }
    pthread_mutex_unlock(&clock_lock);

    if (get_insns) {
        /* The counter may take its own locks: call it with none held. */
        return (int64_t)((uint64_t)get_insns(opaque) << shift);
    }
    return now;
}

int64_t clock_get_ns(KClockType type)
{
    switch (type) {
    case KCLOCK_REALTIME:
        return clock_host_ns(CLOCK_MONOTONIC);
    case KCLOCK_VIRTUAL:
        return clock_virtual_ns();
    case KCLOCK_HOST:
        return clock_host_ns(CLOCK_REALTIME);
    default:
        g_assert_not_reached();
    }
}

void clock_virtual_pause(void)
{
    pthread_mutex_lock(&clock_lock);
    if (!virtual_paused) {
        virtual_paused_at = clock_host_ns(CLOCK_MONOTONIC) - virtual_offset;
        virtual_paused = true;
    }
    pthread_mutex_unlock(&clock_lock);
}

void clock_virtual_resume(void)
{
    void (*hook)(void) = NULL;

    pthread_mutex_lock(&clock_lock);
    if (virtual_paused) {
        virtual_offset = clock_host_ns(CLOCK_MONOTONIC) - virtual_paused_at;
        virtual_paused = false;
        hook = resume_hook;
    }
    pthread_mutex_unlock(&clock_lock);
    if (hook) {
        hook();
    }
}

bool clock_virtual_running(void)
{
    bool running;

    pthread_mutex_lock(&clock_lock);
    running = !virtual_paused;
    pthread_mutex_unlock(&clock_lock);
    return running;
}

void clock_set_icount(int shift, int64_t (*get_insns)(void *opaque),
                      void *opaque)
{
    g_assert(shift >= 0 && shift < 32);
    pthread_mutex_lock(&clock_lock);
    icount_shift = shift;
    icount_get_insns = get_insns;
    icount_opaque = opaque;
    pthread_mutex_unlock(&clock_lock);
}

bool clock_icount_enabled(void)
{
    bool enabled;

    pthread_mutex_lock(&clock_lock);
    enabled = icount_get_insns != NULL;
    pthread_mutex_unlock(&clock_lock);
    return enabled;
}

void clock_set_resume_hook(void (*hook)(void))
{
    pthread_mutex_lock(&clock_lock);
    resume_hook = hook;
    pthread_mutex_unlock(&clock_lock);
}
