/*
 * The main loop and the machine lock, with helper threads standing in for
 * vCPUs and back-ends.
 */
#include <check.h>
#include <glib.h>
#include <glib-unix.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define MS 1000000LL

/* Loose: catches a loop that did not wake at all, not a slow machine. */
#define PROMPT_NS (400 * MS)

static void sleep_ns(int64_t ns)
{
    struct timespec ts = { ns / 1000000000, ns % 1000000000 };

    while (nanosleep(&ts, &ts) != 0) {
    }
}

static int64_t now_ns(void)
{
    return clock_get_ns(KCLOCK_REALTIME);
}

/*
 * A safety net: if the loop under test never returns, quit it after
 * 'limit' so the test fails on its assertions instead of timing out.
 */
static void watchdog_cb(void *opaque)
{
    main_loop_quit(-99);
}

static Timer *watchdog_new(int64_t limit_ns)
{
    Timer *t = timer_new(KCLOCK_REALTIME, watchdog_cb, NULL);

    timer_mod(t, now_ns() + limit_ns);
    return t;
}

static void setup(void)
{
    main_loop_init();
    ck_assert(!machine_lock_held());
    machine_lock();
}

static void teardown(void)
{
    ck_assert(machine_lock_held());
    machine_unlock();
    ck_assert(!machine_lock_held());
}

/* --- quit from another thread --- */

static gpointer quit_thread(gpointer opaque)
{
    sleep_ns(20 * MS);
    /* Not the main thread, not holding the machine lock. */
    ck_assert(!main_loop_is_main_thread());
    ck_assert(!machine_lock_held());
    main_loop_quit(GPOINTER_TO_INT(opaque));
    return NULL;
}

START_TEST(test_quit_from_thread)
{
    Timer *wd = watchdog_new(5000 * MS);
    GThread *th;
    int64_t t0 = now_ns();
    int status;

    th = g_thread_new("quit", quit_thread, GINT_TO_POINTER(42));
    status = main_loop_run();
    g_thread_join(th);
    ck_assert_int_eq(status, 42);
    ck_assert(machine_lock_held());
    /* It slept with no deadline but the watchdog's, yet came back soon. */
    ck_assert_int_lt(now_ns() - t0, 20 * MS + PROMPT_NS);

    /* It can run again, and a quit queued before running is honoured. */
    main_loop_quit(7);
    ck_assert_int_eq(main_loop_run(), 7);
    timer_free(wd);
}
END_TEST

/* --- calls from another thread --- */

#define N_CALLS 200

static int call_log[N_CALLS];
static int n_calls;
static GThread *loop_thread;
static bool lock_seen_free;

static void record_call(void *opaque)
{
    ck_assert(machine_lock_held());
    ck_assert(main_loop_is_main_thread());
    ck_assert_ptr_eq(g_thread_self(), loop_thread);
    ck_assert_int_lt(n_calls, N_CALLS);
    call_log[n_calls++] = GPOINTER_TO_INT(opaque);
    if (n_calls == N_CALLS) {
        main_loop_quit(0);
    }
}

static gpointer call_thread(gpointer opaque)
{
    for (int i = 0; i < N_CALLS; i++) {
        main_loop_call(record_call, GINT_TO_POINTER(i));
        if (i % 50 == 0) {
            /* Let the loop drain and go back to sleep now and then. */
            sleep_ns(MS);
        }
        if (i == N_CALLS / 2) {
            /* The loop sleeps without the lock: a vCPU can take it. */
            machine_lock();
            lock_seen_free = true;
            machine_unlock();
        }
    }
    return NULL;
}

START_TEST(test_call_from_thread)
{
    Timer *wd = watchdog_new(5000 * MS);
    GThread *th;

    loop_thread = g_thread_self();
    th = g_thread_new("caller", call_thread, NULL);
    ck_assert_int_eq(main_loop_run(), 0);
    g_thread_join(th);
    ck_assert_int_eq(n_calls, N_CALLS);
    for (int i = 0; i < N_CALLS; i++) {
        ck_assert_int_eq(call_log[i], i);
    }
    ck_assert(lock_seen_free);
    timer_free(wd);
}
END_TEST

/* A call made on the main thread from a call runs after those queued. */
static void nested_second(void *opaque)
{
    call_log[n_calls++] = 2;
    main_loop_quit(0);
}

static void nested_first(void *opaque)
{
    call_log[n_calls++] = 0;
    main_loop_call(nested_second, NULL);
}

static void nested_middle(void *opaque)
{
    call_log[n_calls++] = 1;
}

START_TEST(test_call_from_main_thread)
{
    Timer *wd = watchdog_new(5000 * MS);

    n_calls = 0;
    main_loop_call(nested_first, NULL);
    main_loop_call(nested_middle, NULL);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(n_calls, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(call_log[i], i);
    }
    timer_free(wd);
}
END_TEST

/* --- a timer armed from another thread wakes the sleeping loop --- */

static int64_t near_fired_at;
static int64_t near_expire;
static Timer *near_timer;

static void near_cb(void *opaque)
{
    ck_assert(machine_lock_held());
    ck_assert(main_loop_is_main_thread());
    near_fired_at = now_ns();
    main_loop_quit(5);
}

static void far_cb(void *opaque)
{
    main_loop_quit(-1);
}

static gpointer arm_thread(gpointer opaque)
{
    /* Let the loop go to sleep on the 3 s deadline first. */
    sleep_ns(30 * MS);
    near_expire = now_ns() + 10 * MS;
    timer_mod(near_timer, near_expire);
    return NULL;
}

START_TEST(test_timer_from_thread_wakes_loop)
{
    Timer *far = timer_new(KCLOCK_REALTIME, far_cb, NULL);
    GThread *th;
    int64_t t0 = now_ns();

    timer_mod(far, t0 + 3000 * MS);
    near_timer = timer_new(KCLOCK_REALTIME, near_cb, NULL);
    th = g_thread_new("arm", arm_thread, NULL);
    ck_assert_int_eq(main_loop_run(), 5);
    g_thread_join(th);

    ck_assert_int_ge(near_fired_at, near_expire);            /* not early */
    ck_assert_int_lt(near_fired_at - near_expire, PROMPT_NS); /* prompt */
    ck_assert(timer_pending(far));
    timer_free(far);
    timer_free(near_timer);
}
END_TEST

/* Timer accuracy through the real loop: sub-millisecond deadlines. */

static int64_t short_expire[20];
static int64_t short_late[20];
static int n_short;
static Timer *short_timer;

static void short_cb(void *opaque)
{
    int64_t now = now_ns();

    ck_assert_int_ge(now, short_expire[n_short]);
    short_late[n_short] = now - short_expire[n_short];
    if (++n_short == G_N_ELEMENTS(short_expire)) {
        main_loop_quit(0);
        return;
    }
    /* 300 us: below glib's 1 ms timeout resolution. */
    short_expire[n_short] = now + 300000;
    timer_mod(short_timer, short_expire[n_short]);
}

START_TEST(test_sub_millisecond_timers)
{
    Timer *wd = watchdog_new(5000 * MS);
    int64_t t0, elapsed, min_late;

    short_timer = timer_new(KCLOCK_REALTIME, short_cb, NULL);
    t0 = now_ns();
    short_expire[0] = t0 + 300000;
    timer_mod(short_timer, short_expire[0]);
    ck_assert_int_eq(main_loop_run(), 0);
    elapsed = now_ns() - t0;

    ck_assert_int_eq(n_short, 20);
    /* 20 x 300 us is 6 ms; rounding each sleep up to 1 ms would be 20. */
    ck_assert_int_ge(elapsed, 6 * MS);
    min_late = short_late[0];
    for (int i = 1; i < n_short; i++) {
        min_late = MIN(min_late, short_late[i]);
    }
    /* Even on a loaded machine, some wake-up must have been on time. */
    ck_assert_int_lt(min_late, 700000);
    timer_free(short_timer);
    timer_free(wd);
}
END_TEST

/* --- a glib fd source dispatched with the machine lock held --- */

static int pipe_fds[2];
static char pipe_got[16];
static int pipe_len;
static bool pipe_lock_ok = true;

static gboolean pipe_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    ssize_t n;

    pipe_lock_ok &= machine_lock_held() && main_loop_is_main_thread();
    n = read(fd, pipe_got + pipe_len, sizeof(pipe_got) - 1 - pipe_len);
    ck_assert_int_gt(n, 0);
    pipe_len += n;
    if (pipe_len >= 6) {
        main_loop_quit(3);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gpointer pipe_writer(gpointer opaque)
{
    sleep_ns(20 * MS);
    ck_assert_int_eq(write(pipe_fds[1], "abc", 3), 3);
    sleep_ns(10 * MS);
    ck_assert_int_eq(write(pipe_fds[1], "def", 3), 3);
    return NULL;
}

START_TEST(test_fd_source)
{
    Timer *wd = watchdog_new(5000 * MS);
    GThread *th;
    int64_t t0 = now_ns();

    ck_assert_int_eq(pipe(pipe_fds), 0);
    g_unix_fd_add(pipe_fds[0], G_IO_IN, pipe_readable, NULL);
    th = g_thread_new("writer", pipe_writer, NULL);
    ck_assert_int_eq(main_loop_run(), 3);
    g_thread_join(th);
    ck_assert(pipe_lock_ok);
    ck_assert_int_eq(pipe_len, 6);
    ck_assert_str_eq(pipe_got, "abcdef");
    ck_assert_int_lt(now_ns() - t0, 30 * MS + PROMPT_NS);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    timer_free(wd);
}
END_TEST

/* A glib timeout source still works through the hand-driven loop. */

static gboolean glib_timeout_cb(gpointer opaque)
{
    ck_assert(machine_lock_held());
    main_loop_quit(GPOINTER_TO_INT(opaque));
    return G_SOURCE_REMOVE;
}

START_TEST(test_glib_timeout_source)
{
    Timer *wd = watchdog_new(5000 * MS);
    int64_t t0 = now_ns();

    g_timeout_add(15, glib_timeout_cb, GINT_TO_POINTER(11));
    ck_assert_int_eq(main_loop_run(), 11);
    ck_assert_int_ge(now_ns() - t0, 15 * MS);
    timer_free(wd);
}
END_TEST

/* Resuming the virtual clock from another thread wakes the loop. */

static int64_t virt_fired_host;

static void virt_cb(void *opaque)
{
    virt_fired_host = now_ns();
    main_loop_quit(9);
}

static gpointer resume_thread(gpointer opaque)
{
    sleep_ns(30 * MS);
    clock_virtual_resume();
    return NULL;
}

START_TEST(test_virtual_resume_wakes_loop)
{
    Timer *wd = watchdog_new(5000 * MS);
    Timer *t = timer_new(KCLOCK_VIRTUAL, virt_cb, NULL);
    int64_t t0 = now_ns();
    GThread *th;

    timer_mod(t, clock_get_ns(KCLOCK_VIRTUAL) + 5 * MS);
    clock_virtual_pause();
    th = g_thread_new("resume", resume_thread, NULL);
    ck_assert_int_eq(main_loop_run(), 9);
    g_thread_join(th);
    /* Paused for 30 ms, then 5 ms of virtual time (less arming time). */
    ck_assert_int_ge(virt_fired_host - t0, 30 * MS);
    ck_assert_int_lt(virt_fired_host - t0, 35 * MS + PROMPT_NS);
    timer_free(t);
    timer_free(wd);
}
END_TEST

static Suite *main_loop_suite(void)
{
    Suite *s = suite_create("main-loop");
    TCase *tc = tcase_create("main-loop");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_quit_from_thread);
    tcase_add_test(tc, test_call_from_thread);
    tcase_add_test(tc, test_call_from_main_thread);
    tcase_add_test(tc, test_timer_from_thread_wakes_loop);
    tcase_add_test(tc, test_sub_millisecond_timers);
    tcase_add_test(tc, test_fd_source);
    tcase_add_test(tc, test_glib_timeout_source);
    tcase_add_test(tc, test_virtual_resume_wakes_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(main_loop_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
