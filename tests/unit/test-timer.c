/*
 * Clocks and timers, driven by a small sleep-and-run loop here (the real
 * main loop has its own test).
 *
 * Timing asserts are one-sided where the machine's load matters: a timer
 * must never fire before its deadline (strict), and must not be very late
 * (a loose bound, generous for a loaded 2-core machine).
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <time.h>

#include "util/clock.h"
#include "util/timer.h"

#define MS 1000000LL

/* Generous: only catches a timer that was not run at all on time. */
#define LATE_SLACK_NS (500 * MS)

static void sleep_ns(int64_t ns)
{
    struct timespec ts = { ns / 1000000000, ns % 1000000000 };

    while (nanosleep(&ts, &ts) != 0) {
    }
}

/*
 * Sleep until the next deadline and run timers, until 'stop' returns true
 * or the limit (REALTIME) is reached. Returns whether stop() was met.
 */
static bool run_until(bool (*stop)(void), int64_t limit_ns)
{
    int64_t end = clock_get_ns(KCLOCK_REALTIME) + limit_ns;

    while (!stop()) {
        int64_t now = clock_get_ns(KCLOCK_REALTIME);
        int64_t d = timers_deadline_ns();

        if (now >= end) {
            return false;
        }
        if (d < 0 || d > end - now) {
            d = end - now;
        }
        sleep_ns(d);
        timers_run_expired();
    }
    return true;
}

/* A record of fired timers, in firing order. */
typedef struct Fired {
    int id;
    KClockType type;
    int64_t expire;     /* deadline when armed */
    int64_t at;         /* its clock when the callback ran */
    int64_t host_at;    /* REALTIME when the callback ran */
} Fired;

static Fired fired[64];
static int n_fired;
static int n_expected;

static bool all_fired(void)
{
    return n_fired >= n_expected;
}

typedef struct Probe {
    int id;
    Timer *t;
    KClockType type;
    int64_t expire;
    int rearm_left;     /* re-arm this many times, every rearm_ns */
    int64_t rearm_ns;
    Timer *victim;      /* deleted (or freed) by the callback */
    bool free_victim;
} Probe;

static void probe_cb(void *opaque)
{
    Probe *p = opaque;

    ck_assert_int_lt(n_fired, (int)G_N_ELEMENTS(fired));
    fired[n_fired++] = (Fired){ p->id, p->type, p->expire,
                                clock_get_ns(p->type),
                                clock_get_ns(KCLOCK_REALTIME) };
    ck_assert(!timer_pending(p->t));
    if (p->victim) {
        if (p->free_victim) {
            timer_free(p->victim);
        } else {
            timer_del(p->victim);
        }
        p->victim = NULL;
    }
    if (p->rearm_left > 0) {
        p->rearm_left--;
        p->expire += p->rearm_ns;
        timer_mod(p->t, p->expire);
    }
}

static void probe_arm(Probe *p, int id, KClockType type, int64_t delay_ns)
{
    p->id = id;
    p->type = type;
    if (!p->t) {
        p->t = timer_new(type, probe_cb, p);
    }
    p->expire = clock_get_ns(type) + delay_ns;
    timer_mod(p->t, p->expire);
}

static void check_not_early_nor_very_late(void)
{
    for (int i = 0; i < n_fired; i++) {
        ck_assert_msg(fired[i].at >= fired[i].expire,
                      "timer %d fired %lld ns early", fired[i].id,
                      (long long)(fired[i].expire - fired[i].at));
        ck_assert_msg(fired[i].at - fired[i].expire < LATE_SLACK_NS,
                      "timer %d fired %lld ns late", fired[i].id,
                      (long long)(fired[i].at - fired[i].expire));
    }
}

static void reset_fired(int expected)
{
    n_fired = 0;
    n_expected = expected;
}

START_TEST(test_clock_basics)
{
    int64_t r0 = clock_get_ns(KCLOCK_REALTIME);
    int64_t v0 = clock_get_ns(KCLOCK_VIRTUAL);
    int64_t h0 = clock_get_ns(KCLOCK_HOST);
    int64_t r1, v1;

    sleep_ns(2 * MS);
    r1 = clock_get_ns(KCLOCK_REALTIME);
    v1 = clock_get_ns(KCLOCK_VIRTUAL);
    ck_assert_int_ge(r1 - r0, 2 * MS);
    ck_assert_int_ge(v1 - v0, 2 * MS);  /* virtual runs while not paused */
    /* HOST is the wall clock: after 2020 and before 2200. */
    ck_assert_int_gt(h0, 1577836800LL * 1000000000);
    ck_assert_int_lt(h0 / 1000000000, 7258118400LL);
    ck_assert(clock_virtual_running());
    ck_assert(!clock_icount_enabled());
}
END_TEST

START_TEST(test_deadline_order)
{
    /*
     * Armed out of order, on two clocks; the two at 8 ms are on one clock
     * and must keep the order they were armed in.
     */
    static const int64_t delay_ms[] = { 12, 3, 8, 1, 10, 8, 5 };
    static const KClockType types[] = {
        KCLOCK_REALTIME, KCLOCK_VIRTUAL, KCLOCK_REALTIME, KCLOCK_VIRTUAL,
        KCLOCK_VIRTUAL, KCLOCK_REALTIME, KCLOCK_VIRTUAL,
    };
    static const int order[] = { 3, 1, 6, 2, 5, 4, 0 };
    Probe p[G_N_ELEMENTS(delay_ms)] = { 0 };
    int64_t base = clock_get_ns(KCLOCK_REALTIME);

    reset_fired(G_N_ELEMENTS(delay_ms));
    ck_assert_int_eq(timers_deadline_ns(), -1);
    for (size_t i = 0; i < G_N_ELEMENTS(delay_ms); i++) {
        KClockType type = types[i];
        /* Same instant on both clocks: deadlines are comparable. */
        int64_t offset = type == KCLOCK_REALTIME ? 0 :
            clock_get_ns(type) - clock_get_ns(KCLOCK_REALTIME);

        p[i].id = i;
        p[i].type = type;
        p[i].t = timer_new(type, probe_cb, &p[i]);
        p[i].expire = base + offset + delay_ms[i] * MS;
        timer_mod(p[i].t, p[i].expire);
        ck_assert(timer_pending(p[i].t));
        ck_assert_int_eq(timer_expire_ns(p[i].t), p[i].expire);
    }
    /* The earliest is 1 ms away (less the time spent arming). */
    ck_assert_int_le(timers_deadline_ns(), 1 * MS);
    ck_assert_int_ge(timers_deadline_ns(), 0);

    ck_assert(run_until(all_fired, 2000 * MS));
    check_not_early_nor_very_late();
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        ck_assert_int_eq(fired[i].id, order[i]);
        ck_assert(!timer_pending(p[i].t));
        ck_assert_int_eq(timer_expire_ns(p[i].t), -1);
    }
    ck_assert_int_eq(timers_deadline_ns(), -1);
    for (size_t i = 0; i < G_N_ELEMENTS(delay_ms); i++) {
        timer_free(p[i].t);
    }
}
END_TEST

START_TEST(test_overdue_order_across_clocks)
{
    /*
     * All overdue by the time timers run at once: they still go in
     * deadline order, across clocks (which tick at the same rate here).
     */
    static const int64_t delay_ms[] = { 4, 1, 3, 2, 5 };
    static const KClockType types[] = {
        KCLOCK_VIRTUAL, KCLOCK_REALTIME, KCLOCK_VIRTUAL, KCLOCK_VIRTUAL,
        KCLOCK_REALTIME,
    };
    static const int order[] = { 1, 3, 2, 0, 4 };
    Probe p[G_N_ELEMENTS(delay_ms)] = { 0 };

    reset_fired(G_N_ELEMENTS(delay_ms));
    for (size_t i = 0; i < G_N_ELEMENTS(delay_ms); i++) {
        probe_arm(&p[i], i, types[i], delay_ms[i] * MS);
    }
    sleep_ns(8 * MS);
    ck_assert(timers_run_expired());
    ck_assert_int_eq(n_fired, G_N_ELEMENTS(delay_ms));
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        ck_assert_int_eq(fired[i].id, order[i]);
        timer_free(p[i].t);
    }
    check_not_early_nor_very_late();
}
END_TEST

START_TEST(test_not_before_deadline)
{
    Probe p = { 0 };

    reset_fired(1);
    probe_arm(&p, 0, KCLOCK_REALTIME, 20 * MS);
    /* Nothing runs before the deadline, however often we ask. */
    ck_assert(!timers_run_expired());
    sleep_ns(5 * MS);
    ck_assert(!timers_run_expired());
    ck_assert_int_eq(n_fired, 0);
    ck_assert_int_gt(timers_deadline_ns(), 0);
    ck_assert_int_le(timers_deadline_ns(), 15 * MS);

    ck_assert(run_until(all_fired, 2000 * MS));
    check_not_early_nor_very_late();
    /* Overdue timers report a deadline of 0. */
    timer_mod(p.t, clock_get_ns(KCLOCK_REALTIME) - 1);
    ck_assert_int_eq(timers_deadline_ns(), 0);
    timer_free(p.t);
    ck_assert_int_eq(timers_deadline_ns(), -1);
}
END_TEST

START_TEST(test_rearm_from_callback)
{
    Probe p = { .rearm_left = 3, .rearm_ns = 2 * MS };

    reset_fired(4);
    probe_arm(&p, 7, KCLOCK_VIRTUAL, 2 * MS);
    ck_assert(run_until(all_fired, 2000 * MS));
    check_not_early_nor_very_late();
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(fired[i].id, 7);
        if (i) {
            /* Each deadline is 2 ms after the previous one. */
            ck_assert_int_eq(fired[i].expire - fired[i - 1].expire, 2 * MS);
            ck_assert_int_ge(fired[i].at - fired[i - 1].at, 0);
        }
    }
    ck_assert(!timer_pending(p.t));
    timer_free(p.t);
}
END_TEST

START_TEST(test_rearm_in_past_does_not_loop)
{
    /* Keeps re-arming itself already overdue: one firing per run. */
    Probe p = { .rearm_left = 1000, .rearm_ns = 0 };

    reset_fired(1);
    probe_arm(&p, 1, KCLOCK_REALTIME, -1 * MS);
    ck_assert(timers_run_expired());
    ck_assert_int_eq(n_fired, 1);
    ck_assert(timers_run_expired());
    ck_assert_int_eq(n_fired, 2);
    ck_assert(timer_pending(p.t));
    timer_free(p.t);
    ck_assert(!timers_run_expired());
}
END_TEST

START_TEST(test_delete_and_free_from_callback)
{
    Probe a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

    reset_fired(2);
    probe_arm(&b, 1, KCLOCK_REALTIME, 6 * MS);
    probe_arm(&c, 2, KCLOCK_REALTIME, 6 * MS);
    probe_arm(&d, 3, KCLOCK_REALTIME, 9 * MS);
    probe_arm(&a, 0, KCLOCK_REALTIME, 3 * MS);
    a.victim = b.t;             /* a deletes b */
    c.victim = d.t;             /* c frees d */
    c.free_victim = true;

    ck_assert(run_until(all_fired, 2000 * MS));
    /* Give d's old deadline time to pass: it must not fire. */
    sleep_ns(12 * MS);
    timers_run_expired();
    ck_assert_int_eq(n_fired, 2);
    ck_assert_int_eq(fired[0].id, 0);
    ck_assert_int_eq(fired[1].id, 2);
    ck_assert(!timer_pending(b.t));
    ck_assert_int_eq(timers_deadline_ns(), -1);
    check_not_early_nor_very_late();

    /* Deleting outside a callback, and deleting twice, are harmless. */
    timer_mod(b.t, clock_get_ns(KCLOCK_REALTIME) + MS);
    timer_del(b.t);
    timer_del(b.t);
    ck_assert(!timer_pending(b.t));
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
    timer_free(NULL);
}
END_TEST

static void self_free_cb(void *opaque)
{
    Timer **tp = opaque;

    timer_free(*tp);
    *tp = NULL;
    n_fired++;
}

START_TEST(test_free_self_from_callback)
{
    Timer *t = timer_new(KCLOCK_REALTIME, self_free_cb, &t);

    reset_fired(1);
    timer_mod(t, clock_get_ns(KCLOCK_REALTIME));
    ck_assert(run_until(all_fired, 2000 * MS));
    ck_assert_ptr_null(t);
}
END_TEST

START_TEST(test_virtual_pause)
{
    Probe p = { 0 };
    int64_t r_arm = clock_get_ns(KCLOCK_REALTIME);
    int64_t v0, v1, v2;

    reset_fired(1);
    probe_arm(&p, 0, KCLOCK_VIRTUAL, 5 * MS);
    clock_virtual_pause();
    clock_virtual_pause();      /* twice is harmless */
    ck_assert(!clock_virtual_running());
    v0 = clock_get_ns(KCLOCK_VIRTUAL);

    /* Past the deadline in host time: still nothing, and no deadline. */
    sleep_ns(15 * MS);
    v1 = clock_get_ns(KCLOCK_VIRTUAL);
    ck_assert_int_eq(v1, v0);
    ck_assert_int_eq(timers_deadline_ns(), -1);
    ck_assert_int_eq(timers_clock_deadline_ns(KCLOCK_VIRTUAL), -1);
    ck_assert(!timers_run_expired());
    ck_assert(!timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_int_eq(n_fired, 0);
    ck_assert(timer_pending(p.t));

    /* It carries on from where it stopped: no jump. */
    clock_virtual_resume();
    clock_virtual_resume();     /* twice is harmless */
    ck_assert(clock_virtual_running());
    v2 = clock_get_ns(KCLOCK_VIRTUAL);
    ck_assert_int_ge(v2, v1);
    ck_assert_int_lt(v2 - v1, LATE_SLACK_NS);
    ck_assert_int_ge(timers_deadline_ns(), 0);

    ck_assert(run_until(all_fired, 2000 * MS));
    check_not_early_nor_very_late();
    /*
     * 5 ms of virtual time plus at least 15 ms paused: had the clock
     * jumped on resume (or run while paused) it would fire sooner.
     */
    ck_assert_int_ge(fired[0].host_at - r_arm, 20 * MS);
    timer_free(p.t);
}
END_TEST

START_TEST(test_virtual_monotonic_under_pauses)
{
    /* REALTIME read first at the start and last at the end. */
    int64_t r0 = clock_get_ns(KCLOCK_REALTIME);
    int64_t last = clock_get_ns(KCLOCK_VIRTUAL);
    int64_t v0 = last;

    for (int i = 0; i < 200; i++) {
        int64_t v;

        if (i % 3 == 0) {
            clock_virtual_pause();
        } else if (i % 3 == 1) {
            clock_virtual_resume();
        }
        v = clock_get_ns(KCLOCK_VIRTUAL);
        ck_assert_int_ge(v, last);
        last = v;
    }
    clock_virtual_resume();
    /* Virtual time never gets ahead of host time. */
    last = clock_get_ns(KCLOCK_VIRTUAL);
    ck_assert_int_le(last - v0, clock_get_ns(KCLOCK_REALTIME) - r0);
}
END_TEST

static int64_t fake_insns;

static int64_t fake_get_insns(void *opaque)
{
    ck_assert_ptr_eq(opaque, &fake_insns);
    return fake_insns;
}

START_TEST(test_icount_clock)
{
    Probe p = { 0 };

    fake_insns = 1000;
    clock_set_icount(3, fake_get_insns, &fake_insns);
    ck_assert(clock_icount_enabled());
    ck_assert_int_eq(clock_get_ns(KCLOCK_VIRTUAL), 8000);
    /* Host time passing does not move it. */
    sleep_ns(2 * MS);
    ck_assert_int_eq(clock_get_ns(KCLOCK_VIRTUAL), 8000);

    reset_fired(1);
    p.id = 0;
    p.type = KCLOCK_VIRTUAL;
    p.t = timer_new(KCLOCK_VIRTUAL, probe_cb, &p);
    p.expire = 8000 + 800;          /* 100 instructions from now */
    timer_mod(p.t, p.expire);

    /* The main loop leaves icount's virtual timers to the vCPU thread. */
    ck_assert_int_eq(timers_deadline_ns(), -1);
    ck_assert_int_eq(timers_clock_deadline_ns(KCLOCK_VIRTUAL), 800);

    fake_insns = 1099;              /* 8792 ns: one instruction short */
    ck_assert_int_eq(timers_clock_deadline_ns(KCLOCK_VIRTUAL), 8);
    ck_assert(!timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_int_eq(n_fired, 0);

    fake_insns = 1100;              /* exactly 8800 ns */
    ck_assert_int_eq(timers_clock_deadline_ns(KCLOCK_VIRTUAL), 0);
    ck_assert(!timers_run_expired());
    ck_assert(timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_int_eq(n_fired, 1);
    ck_assert_int_eq(fired[0].at, 8800);

    clock_set_icount(0, NULL, NULL);
    ck_assert(!clock_icount_enabled());
    ck_assert_int_gt(clock_get_ns(KCLOCK_VIRTUAL), 1000000);
    timer_free(p.t);
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("timer");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_clock_basics);
    tcase_add_test(tc, test_deadline_order);
    tcase_add_test(tc, test_overdue_order_across_clocks);
    tcase_add_test(tc, test_not_before_deadline);
    tcase_add_test(tc, test_rearm_from_callback);
    tcase_add_test(tc, test_rearm_in_past_does_not_loop);
    tcase_add_test(tc, test_delete_and_free_from_callback);
    tcase_add_test(tc, test_free_self_from_callback);
    tcase_add_test(tc, test_virtual_pause);
    tcase_add_test(tc, test_virtual_monotonic_under_pauses);
    tcase_add_test(tc, test_icount_clock);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(timer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
