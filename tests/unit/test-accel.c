/*
 * accel/vcpu.c and hw/core/runstate.c: vCPU threads started, paused,
 * resumed, halted and woken; shutdown and reset requests carried out on
 * the main loop. The accelerator here is a test one whose vcpu_run counts
 * "instructions" in a loop, so progress is observable.
 */
#include <check.h>
#include <unistd.h>

#include "accel/accel.h"
#include "hw/core/machine.h"
#include "hw/core/runstate.h"
#include "util/clock.h"
#include "util/main-loop.h"
#include "util/timer.h"

static bool greedy;             /* vcpu_run never gives up on its own */

typedef struct TestCPU {
    CPUState cs;
    volatile int64_t work;      /* incremented while running */
    volatile int resets;
    volatile bool want_halt;    /* next vcpu_run returns HALT */
} TestCPU;

static bool test_has_work(CPUState *cpu)
{
    return g_atomic_int_get(&cpu->interrupt_request) & CPU_INTERRUPT_HARD;
}

static void test_reset(CPUState *cpu)
{
    ((TestCPU *)cpu)->resets++;
}

static const CPUClass test_cpu_class = {
    .arch = "test",
    .reset = test_reset,
    .has_work = test_has_work,
};

static bool test_vcpu_create(CPUState *cpu, GError **errp)
{
    return true;
}

/* Runs a short "timeslice", so round-robin threads take turns. */
static VCPUExit test_vcpu_run(CPUState *cpu)
{
    TestCPU *t = (TestCPU *)cpu;

    for (int i = 0; greedy || i < 1000; i++) {
        if (g_atomic_int_get(&cpu->exit_request)) {
            return VCPU_EXIT_STOP;
        }
        if (t->want_halt) {
            t->want_halt = false;
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
            return VCPU_EXIT_HALT;
        }
        t->work++;
        g_usleep(1);
    }
    return VCPU_EXIT_STOP;
}

static bool test_accel_init(Machine *m, GError **errp)
{
    return true;
}

static AccelOps test_accel = {
    .name = "test",
    .init = test_accel_init,
    .vcpu_create = test_vcpu_create,
    .vcpu_run = test_vcpu_run,
};

static TestCPU cpus[2];

static bool test_board_init(Machine *m, GError **errp)
{
    for (int i = 0; i < m->smp; i++) {
        cpus[i].cs.cc = &test_cpu_class;
        machine_add_cpu(m, &cpus[i].cs);
    }
    return machine_create_ram(m, 0, errp);
}

static const MachineClass test_board = {
    .name = "test",
    .desc = "two counting CPUs",
    .default_cpu = "test",
    .default_ram = 1 << 20,
    .max_cpus = 2,
    .init = test_board_init,
};

static Machine *start(bool round_robin, bool no_reboot, bool no_shutdown)
{
    Machine *m = machine_new(&test_board);
    GError *err = NULL;

    test_accel.round_robin = round_robin;
    m->smp = 2;
    main_loop_init();
    machine_lock();
    runstate_init(m, no_reboot, no_shutdown);
    ck_assert(accel_init_machine(&test_accel, m, &err));
    ck_assert(machine_init(m, &err));
    ck_assert(accel_create_vcpus(m, &err));
    ck_assert(vcpus_start(m, &err));
    return m;
}

static void stop(Machine *m)
{
    vm_stop();
    vcpus_stop_threads(m);
    machine_unlock();
    machine_free(m);
}

/* Let the vCPUs run for a while, with the machine lock released. */
static void run_for_ms(int ms)
{
    machine_unlock();
    g_usleep(ms * 1000);
    machine_lock();
}

static void check_all_progress(void)
{
    int64_t before[2] = { cpus[0].work, cpus[1].work };
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    while (cpus[0].work == before[0] || cpus[1].work == before[1]) {
        ck_assert_msg(g_get_monotonic_time() < deadline,
                      "a vCPU made no progress");
        run_for_ms(5);
    }
}

static void check_pause_resume(bool round_robin)
{
    Machine *m = start(round_robin, false, false);
    int64_t frozen[2];

    /* Prelaunch: created but not released. */
    run_for_ms(20);
    ck_assert_int_eq(cpus[0].work + cpus[1].work, 0);
    vm_start();
    check_all_progress();

    vm_stop();
    ck_assert(cpus[0].cs.stopped && cpus[1].cs.stopped);
    frozen[0] = cpus[0].work;
    frozen[1] = cpus[1].work;
    run_for_ms(30);
    ck_assert_int_eq(cpus[0].work, frozen[0]);
    ck_assert_int_eq(cpus[1].work, frozen[1]);

    vm_start();
    check_all_progress();
    stop(m);
}

START_TEST(test_pause_resume_round_robin)
{
    check_pause_resume(true);
}
END_TEST

START_TEST(test_pause_resume_thread_per_vcpu)
{
    check_pause_resume(false);
}
END_TEST

START_TEST(test_halt_and_wake)
{
    Machine *m = start(_i, false, false);
    int64_t halted_at;

    vm_start();
    check_all_progress();
    cpus[1].want_halt = true;
    while (cpus[1].want_halt) {
        run_for_ms(1);
    }
    run_for_ms(10);
    halted_at = cpus[1].work;
    run_for_ms(30);
    /* Halted without work: CPU 1 stays put while CPU 0 goes on. */
    ck_assert_int_eq(cpus[1].work, halted_at);
    {
        int64_t w0 = cpus[0].work;

        run_for_ms(20);
        ck_assert_int_gt(cpus[0].work, w0);
    }
    cpu_interrupt(&cpus[1].cs, CPU_INTERRUPT_HARD);
    check_all_progress();
    stop(m);
}
END_TEST

static void quit_now(void *opaque)
{
    main_loop_quit(0);
}

/*
 * A vCPU that never leaves guest code on its own (a spin loop) must not
 * starve the other one on a round-robin thread: the time slice ends it.
 */
START_TEST(test_timeslice)
{
    Machine *m;
    Timer *t = timer_new(KCLOCK_REALTIME, quit_now, NULL);

    greedy = true;
    m = start(true, false, false);
    vm_start();
    timer_mod(t, clock_get_ns(KCLOCK_REALTIME) + 200 * 1000 * 1000);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_gt(cpus[0].work, 0);
    ck_assert_int_gt(cpus[1].work, 0);
    timer_free(t);
    stop(m);
}
END_TEST

static gpointer shutdown_thread(gpointer opaque)
{
    g_usleep(20000);
    runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, GPOINTER_TO_INT(opaque));
    return NULL;
}

START_TEST(test_guest_poweroff_ends_main_loop)
{
    Machine *m = start(true, false, false);
    GThread *t;

    vm_start();
    t = g_thread_new("poweroff", shutdown_thread, GINT_TO_POINTER(7));
    ck_assert_int_eq(main_loop_run(), 7);
    g_thread_join(t);
    ck_assert_int_eq(runstate_get(), RUN_STATE_QUIT);
    ck_assert(cpus[0].cs.stopped && cpus[1].cs.stopped);
    stop(m);
}
END_TEST

static void quit_later(void *opaque)
{
    runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 3);
}

START_TEST(test_no_shutdown_keeps_running_loop)
{
    Machine *m = start(true, false, true);

    vm_start();
    runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, 0);
    /* The poweroff is carried out first, then the quit. */
    main_loop_call(quit_later, NULL);
    ck_assert_int_eq(main_loop_run(), 3);
    stop(m);
}
END_TEST

static void check_state(void *opaque)
{
    *(RunState *)opaque = runstate_get();
    runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
}

START_TEST(test_no_shutdown_state)
{
    Machine *m = start(true, false, true);
    RunState seen = RUN_STATE_RUNNING;

    vm_start();
    runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, 0);
    main_loop_call(check_state, &seen);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(seen, RUN_STATE_GUEST_SHUTDOWN);
    stop(m);
}
END_TEST

START_TEST(test_reset_resets_and_runs_on)
{
    Machine *m = start(true, false, false);
    RunState seen = RUN_STATE_QUIT;

    vm_start();
    check_all_progress();
    runstate_request_reset(SHUTDOWN_GUEST_RESET);
    main_loop_call(check_state, &seen);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(cpus[0].resets, 1);
    ck_assert_int_eq(cpus[1].resets, 1);
    ck_assert_int_eq(seen, RUN_STATE_RUNNING);
    stop(m);
}
END_TEST

START_TEST(test_no_reboot_exits_on_reset)
{
    Machine *m = start(true, true, false);

    vm_start();
    runstate_request_reset(SHUTDOWN_GUEST_RESET);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(cpus[0].resets, 0);
    ck_assert_int_eq(runstate_get(), RUN_STATE_QUIT);
    stop(m);
}
END_TEST

static Suite *accel_suite(void)
{
    Suite *s = suite_create("accel");
    TCase *tc = tcase_create("vcpu");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_pause_resume_round_robin);
    tcase_add_test(tc, test_pause_resume_thread_per_vcpu);
    tcase_add_loop_test(tc, test_halt_and_wake, 0, 2);
    tcase_add_test(tc, test_timeslice);
    suite_add_tcase(s, tc);

    tc = tcase_create("runstate");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_guest_poweroff_ends_main_loop);
    tcase_add_test(tc, test_no_shutdown_keeps_running_loop);
    tcase_add_test(tc, test_no_shutdown_state);
    tcase_add_test(tc, test_reset_resets_and_runs_on);
    tcase_add_test(tc, test_no_reboot_exits_on_reset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(accel_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
