/*
 * The main loop: glib's default context driven by hand, so that it can
 * drop the machine lock exactly while it sleeps and wake up at timer
 * deadlines with better than the millisecond resolution of glib's own
 * timeouts.
 *
 * One iteration: prepare and query the context, compute the sleep from
 * glib's timeout, the next timer deadline and pending calls; unlock,
 * ppoll(), relock; check and dispatch the context; run expired timers;
 * run queued calls.
 *
 * Waking from another thread goes through the context's own wake-up fd
 * (g_main_context_wakeup), which query always adds to the poll set and
 * which stays signalled until check acknowledges it, so a wake-up that
 * comes after the deadline was computed but before ppoll() is not lost.
 */
#include "util/main-loop.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <time.h>

#include <glib.h>
#include <pthread.h>

#include "util/clock.h"
#include "util/timer.h"

/* Unix glib promises GPollFD is laid out as struct pollfd (gpoll.h). */
G_STATIC_ASSERT(sizeof(GPollFD) == sizeof(struct pollfd));
G_STATIC_ASSERT(offsetof(GPollFD, fd) == offsetof(struct pollfd, fd));
G_STATIC_ASSERT(offsetof(GPollFD, events) ==
                offsetof(struct pollfd, events));
G_STATIC_ASSERT(offsetof(GPollFD, revents) ==
                offsetof(struct pollfd, revents));

typedef struct MainLoopCall {
    void (*fn)(void *opaque);
    void *opaque;
} MainLoopCall;

static pthread_mutex_t machine_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread bool machine_lock_mine;
static __thread bool main_thread_mine;

static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
static GQueue call_queue = G_QUEUE_INIT;    /* of MainLoopCall */

static int quit_requested;                  /* atomic */
static int quit_status;                     /* atomic */

void machine_lock(void)
{
    g_assert(!machine_lock_mine);
    pthread_mutex_lock(&machine_mutex);
    machine_lock_mine = true;
}

void machine_unlock(void)
{
    g_assert(machine_lock_mine);
    machine_lock_mine = false;
    pthread_mutex_unlock(&machine_mutex);
}

bool machine_lock_held(void)
{
    return machine_lock_mine;
}

bool main_loop_is_main_thread(void)
{
    return main_thread_mine;
}

void main_loop_wakeup(void)
{
    /*
     * The main-loop thread itself is awake by definition, and it
     * recomputes its deadline after every dispatch.
     */
    if (main_thread_mine) {
        return;
    }
    g_main_context_wakeup(NULL);
}

void main_loop_init(void)
{
    /* Create the default context now, before any thread races to. */
    (void)g_main_context_default();
    timers_set_wakeup_hook(main_loop_wakeup);
    clock_set_resume_hook(main_loop_wakeup);
}

void main_loop_quit(int status)
{
    g_atomic_int_set(&quit_status, status);
    g_atomic_int_set(&quit_requested, 1);
    main_loop_wakeup();
}

void main_loop_call(void (*fn)(void *opaque), void *opaque)
{
    MainLoopCall *call = g_new(MainLoopCall, 1);

    call->fn = fn;
    call->opaque = opaque;
    pthread_mutex_lock(&call_lock);
    g_queue_push_tail(&call_queue, call);
    pthread_mutex_unlock(&call_lock);
    main_loop_wakeup();
}

static bool main_loop_calls_pending(void)
{
    bool pending;

    pthread_mutex_lock(&call_lock);
    pending = !g_queue_is_empty(&call_queue);
    pthread_mutex_unlock(&call_lock);
    return pending;
}

/*
 * Run the calls queued so far. Calls queued meanwhile (even by these
 * calls) wait for the next iteration, after everything queued before
 * them, so the order holds and a call that re-queues itself cannot
 * starve the rest of the loop.
 */
static void main_loop_run_calls(void)
{
    GQueue batch;
    MainLoopCall *call;

    pthread_mutex_lock(&call_lock);
    batch = call_queue;
    g_queue_init(&call_queue);
    pthread_mutex_unlock(&call_lock);

    while ((call = g_queue_pop_head(&batch))) {
        call->fn(call->opaque);
        g_free(call);
    }
}

/* Combine glib's timeout (ms, -1 = none) with ours (ns, -1 = none). */
static int64_t main_loop_timeout_ns(int glib_ms, int64_t timer_ns)
{
    int64_t glib_ns = glib_ms < 0 ? -1 : (int64_t)glib_ms * 1000000;

    if (glib_ns < 0) {
        return timer_ns;
    }
    if (timer_ns < 0) {
        return glib_ns;
    }
    return MIN(glib_ns, timer_ns);
}

static void main_loop_poll(GPollFD *fds, int n, int64_t timeout_ns)
{
    struct timespec ts, *tsp = NULL;

    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / 1000000000;
        ts.tv_nsec = timeout_ns % 1000000000;
        tsp = &ts;
    }
    if (ppoll((struct pollfd *)fds, n, tsp, NULL) < 0) {
        /* A signal: wake up and look again. Nothing else is expected. */
        g_assert(errno == EINTR);
        for (int i = 0; i < n; i++) {
            fds[i].revents = 0;
        }
    }
}

int main_loop_run(void)
{
    GMainContext *ctx = g_main_context_default();
    GPollFD *fds = NULL;
    int fds_alloc = 0;
    int status;

    g_assert(machine_lock_held());
    if (!g_main_context_acquire(ctx)) {
        /* Another thread is iterating the default context. */
        g_assert_not_reached();
    }
    main_thread_mine = true;

    while (!g_atomic_int_get(&quit_requested)) {
        int max_priority, glib_ms, n;
        int64_t timeout_ns;

        g_main_context_prepare(ctx, &max_priority);
        while ((n = g_main_context_query(ctx, max_priority, &glib_ms, fds,
                                         fds_alloc)) > fds_alloc) {
            fds_alloc = n;
            fds = g_renew(GPollFD, fds, fds_alloc);
        }
        /*
         * After query: from here on, a wake-up from another thread is
         * latched in the context's wake-up fd that we are about to poll.
         */
        timeout_ns = main_loop_timeout_ns(glib_ms, timers_deadline_ns());
        if (main_loop_calls_pending() ||
            g_atomic_int_get(&quit_requested)) {
            timeout_ns = 0;
        }

        machine_unlock();
        main_loop_poll(fds, n, timeout_ns);
        machine_lock();

        if (g_main_context_check(ctx, max_priority, fds, n)) {
            g_main_context_dispatch(ctx);
        }
        timers_run_expired();
        main_loop_run_calls();
    }

    status = g_atomic_int_get(&quit_status);
    g_atomic_int_set(&quit_requested, 0);
    main_thread_mine = false;
    g_main_context_release(ctx);
    g_free(fds);
    return status;
}
