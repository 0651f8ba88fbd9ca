/*
 * Timers: one list per clock, sorted by expiry time (equal times in the
 * order they were armed), all under one mutex.
 *
 * The lists stay short (a board has tens of timers), so a sorted linked
 * list beats a heap on simplicity and is as fast at this size.
 *
 * Running timers pops one expired timer at a time under the lock and calls
 * it without the lock, re-reading the list after every callback: whatever
 * the callback did to other timers (re-arm, delete, free) is seen. A timer
 * armed during the run (its sequence number is newer than the run) waits
 * for the next run even if already due, so a callback that keeps
 * re-arming itself in the past cannot hold the main loop forever. When
 * several clocks have timers due, the most overdue goes first, which is
 * deadline order whenever the clocks tick at the same rate.
 */
#include "util/timer.h"

#include <glib.h>
#include <pthread.h>

struct Timer {
    KClockType type;
    TimerCb *cb;
    void *opaque;
    bool pending;
    int64_t expire;
    uint64_t seq;           /* value of timer_seq when last armed */
    Timer *next;
    Timer *prev;
};

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static Timer *timer_lists[KCLOCK__MAX];     /* sorted by expire */
static uint64_t timer_seq;
static void (*wakeup_hook)(void);

Timer *timer_new(KClockType type, TimerCb *cb, void *opaque)
{
    Timer *t;

    g_assert((unsigned)type < KCLOCK__MAX);
    g_assert(cb);
    t = g_new0(Timer, 1);
    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    t->expire = -1;
    return t;
}

/* With timer_lock held. */
static void timer_unlink(Timer *t)
{
    if (!t->pending) {
        return;
    }
    if (t->prev) {
        t->prev->next = t->next;
    } else {
        timer_lists[t->type] = t->next;
    }
    if (t->next) {
        t->next->prev = t->prev;
    }
    t->next = t->prev = NULL;
    t->pending = false;
    t->expire = -1;
}

void timer_free(Timer *t)
{
    if (!t) {
        return;
    }
    timer_del(t);
    g_free(t);
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **link;
    Timer *prev = NULL;
    void (*hook)(void) = NULL;

    pthread_mutex_lock(&timer_lock);
    timer_unlink(t);
    link = &timer_lists[t->type];
    while (*link && (*link)->expire <= expire_ns) {
        prev = *link;
        link = &(*link)->next;
    }
    t->next = *link;
    t->prev = prev;
    if (t->next) {
        t->next->prev = t;
    }
    *link = t;
    t->pending = true;
    t->expire = expire_ns;
    t->seq = ++timer_seq;
    if (timer_lists[t->type] == t) {
        hook = wakeup_hook;
    }
    pthread_mutex_unlock(&timer_lock);

    if (hook) {
        hook();
    }
}

void timer_del(Timer *t)
{
    pthread_mutex_lock(&timer_lock);
    timer_unlink(t);
    pthread_mutex_unlock(&timer_lock);
}

bool timer_pending(Timer *t)
{
    bool pending;

    pthread_mutex_lock(&timer_lock);
    pending = t->pending;
    pthread_mutex_unlock(&timer_lock);
    return pending;
}

int64_t timer_expire_ns(Timer *t)
{
    int64_t expire;

    pthread_mutex_lock(&timer_lock);
    expire = t->expire;
    pthread_mutex_unlock(&timer_lock);
    return expire;
}

static bool timer_clock_stopped(KClockType type)
{
    return type == KCLOCK_VIRTUAL && !clock_virtual_running();
}

/* With icount the vCPU thread owns the virtual clock's timers. */
static bool timer_clock_in_main_loop(KClockType type)
{
    return type != KCLOCK_VIRTUAL || !clock_icount_enabled();
}

int64_t timers_clock_deadline_ns(KClockType type)
{
    bool found = false;
    int64_t expire = 0;
    int64_t now;

    g_assert((unsigned)type < KCLOCK__MAX);
    if (timer_clock_stopped(type)) {
        return -1;
    }
    pthread_mutex_lock(&timer_lock);
    if (timer_lists[type]) {
        found = true;
        expire = timer_lists[type]->expire;
    }
    pthread_mutex_unlock(&timer_lock);
    if (!found) {
        return -1;
    }
    /* The clock may call the icount counter: read it without our lock. */
    now = clock_get_ns(type);
    return expire <= now ? 0 : expire - now;
}

int64_t timers_deadline_ns(void)
{
    int64_t best = -1;

    for (int type = 0; type < KCLOCK__MAX; type++) {
        int64_t d;

        if (!timer_clock_in_main_loop(type)) {
            continue;
        }
        d = timers_clock_deadline_ns(type);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

/*
 * The first timer of the list due at 'now' and armed before the run
 * began, or NULL. With timer_lock held.
 */
static Timer *timer_first_due(KClockType type, int64_t now, uint64_t run_seq)
{
    for (Timer *t = timer_lists[type]; t && t->expire <= now; t = t->next) {
        if (t->seq <= run_seq) {
            return t;
        }
    }
    return NULL;
}

/* Run the expired timers of the clocks in 'mask'. */
static bool timers_run_mask(unsigned mask)
{
    int64_t now[KCLOCK__MAX];
    uint64_t run_seq;
    bool ran = false;

    for (int type = 0; type < KCLOCK__MAX; type++) {
        if (mask & (1u << type)) {
            now[type] = clock_get_ns(type);
        }
    }
    pthread_mutex_lock(&timer_lock);
    run_seq = timer_seq;
    pthread_mutex_unlock(&timer_lock);

    for (;;) {
        Timer *best = NULL;
        uint64_t best_late = 0;     /* unsigned: cannot overflow */
        TimerCb *cb;
        void *opaque;

        /* Checked each time round: a callback may have stopped the VM. */
        if ((mask & (1u << KCLOCK_VIRTUAL)) &&
            timer_clock_stopped(KCLOCK_VIRTUAL)) {
            mask &= ~(1u << KCLOCK_VIRTUAL);
        }
        pthread_mutex_lock(&timer_lock);
        for (int type = 0; type < KCLOCK__MAX; type++) {
            Timer *t;

            if (!(mask & (1u << type))) {
                continue;
            }
            t = timer_first_due(type, now[type], run_seq);
            if (t) {
                uint64_t late = (uint64_t)now[type] - (uint64_t)t->expire;
                if (!best || late > best_late) {
                    best = t;
                    best_late = late;
                }
            }
        }
        if (!best) {
            pthread_mutex_unlock(&timer_lock);
            break;
        }
        timer_unlink(best);
        cb = best->cb;
        opaque = best->opaque;
        pthread_mutex_unlock(&timer_lock);

        /* The callback may free the timer: it is not touched again. */
        cb(opaque);
        ran = true;
    }
    return ran;
}

bool timers_run_clock(KClockType type)
{
    g_assert((unsigned)type < KCLOCK__MAX);
    return timers_run_mask(1u << type);
}

bool timers_run_expired(void)
{
    unsigned mask = 0;

    for (int type = 0; type < KCLOCK__MAX; type++) {
        if (timer_clock_in_main_loop(type)) {
            mask |= 1u << type;
        }
    }
    return timers_run_mask(mask);
}

void timers_set_wakeup_hook(void (*hook)(void))
{
    pthread_mutex_lock(&timer_lock);
    wakeup_hook = hook;
    pthread_mutex_unlock(&timer_lock);
}
