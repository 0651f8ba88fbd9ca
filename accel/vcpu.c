/*
 * vCPU threads, common to every accelerator.
 *
 * Each thread owns a set of vCPUs: all of them under a round-robin
 * accelerator (one thread, deterministic order), one each otherwise. A
 * thread runs an owned vCPU when the VM is running, the vCPU is not asked
 * to stop and it is not halted without work. Pause sets `stop` on every
 * vCPU, kicks it out of guest code and waits until each has acknowledged
 * with `stopped`; that is what -S, a monitor "stop", a debugger stop and a
 * system reset stand on.
 *
 * A round-robin thread would run one vCPU for as long as it never leaves
 * guest code (a spin loop waiting for another vCPU): a timer on the main
 * loop kicks the running vCPU every VCPU_TIMESLICE_NS so the next one
 * gets its turn.
 */
#include "accel/accel.h"

#include "hw/core/machine.h"
#include "util/error.h"
#include "util/clock.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define VCPU_TIMESLICE_NS (10 * 1000 * 1000)

typedef struct VCPUThread {
    Machine *machine;
    int first, count;           /* the vCPUs this thread owns */
} VCPUThread;

static GMutex vcpu_mutex;
static GCond vcpu_cond;         /* a vCPU changed state, or was asked to */
static bool vcpus_running;      /* the VM runs (vm_start) */
static bool vcpus_quit;
static GPtrArray *vcpu_threads;
static CPUState *rr_running;    /* the vCPU a round-robin thread runs */
static Timer *rr_timer;

void cpu_exit(CPUState *cpu)
{
    g_atomic_int_set(&cpu->exit_request, 1);
}

static bool vcpu_runnable(CPUState *cpu)
{
    if (!vcpus_running || cpu->stop) {
        return false;
    }
    if (cpu->halted) {
        if (!cpu->cc->has_work || !cpu->cc->has_work(cpu)) {
            return false;
        }
        cpu->halted = false;
    }
    return true;
}

static gpointer vcpu_thread_fn(gpointer opaque)
{
    VCPUThread *t = opaque;
    Machine *m = t->machine;
    int next = 0;

    g_mutex_lock(&vcpu_mutex);
    for (int i = 0; i < t->count; i++) {
        m->cpus[t->first + i]->created = true;
    }
    g_cond_broadcast(&vcpu_cond);

    while (!vcpus_quit) {
        CPUState *cpu = NULL;

        /* Acknowledge stop requests, then pick the next runnable vCPU. */
        for (int i = 0; i < t->count; i++) {
            CPUState *c = m->cpus[t->first + i];

            if (c->stop && !c->stopped) {
                c->stopped = true;
                g_cond_broadcast(&vcpu_cond);
            }
        }
        for (int i = 0; i < t->count && !cpu; i++) {
            CPUState *c = m->cpus[t->first + (next + i) % t->count];

            if (vcpu_runnable(c)) {
                cpu = c;
                next = (next + i + 1) % t->count;
            }
        }
        if (!cpu) {
            g_cond_wait(&vcpu_cond, &vcpu_mutex);
            continue;
        }
        /*
         * Requests made before this point are handled above; one made
         * after it sets exit_request again and vcpu_run returns.
         */
        g_atomic_int_set(&cpu->exit_request, 0);
        if (t->count > 1) {
            rr_running = cpu;
        }
        g_mutex_unlock(&vcpu_mutex);

        cpu_set_current(cpu);
        VCPUExit why = m->accel->vcpu_run(cpu);
        cpu_set_current(NULL);

        g_mutex_lock(&vcpu_mutex);
        rr_running = NULL;
        switch (why) {
        case VCPU_EXIT_HALT:
            cpu->halted = true;
            break;
        case VCPU_EXIT_ERROR:
            /* The accelerator reported the error; the VM cannot go on. */
            cpu->stop = true;
            break;
        case VCPU_EXIT_STOP:
        case VCPU_EXIT_SHUTDOWN:
            break;
        }
    }
    g_mutex_unlock(&vcpu_mutex);
    return NULL;
}

/* Main loop: end the running vCPU's time slice. */
static void vcpu_timeslice(void *opaque)
{
    g_mutex_lock(&vcpu_mutex);
    if (rr_running) {
        cpu_exit(rr_running);
    }
    g_mutex_unlock(&vcpu_mutex);
    timer_mod(rr_timer, clock_get_ns(KCLOCK_REALTIME) + VCPU_TIMESLICE_NS);
}

bool vcpus_start(Machine *m, GError **errp)
{
    int nthreads;

    if (m->ncpus == 0) {
        return true;
    }
    vcpu_threads = g_ptr_array_new_with_free_func(g_free);
    nthreads = m->accel->round_robin ? 1 : m->ncpus;
    for (int i = 0; i < nthreads; i++) {
        VCPUThread *t = g_new0(VCPUThread, 1);
        GError *err = NULL;
        GThread *th;

        t->machine = m;
        t->first = m->accel->round_robin ? 0 : i;
        t->count = m->accel->round_robin ? m->ncpus : 1;
        th = g_thread_try_new("vcpu", vcpu_thread_fn, t, &err);
        if (!th) {
            error_setg(errp, "cannot create a vCPU thread: %s", err->message);
            g_error_free(err);
            g_free(t);
            return false;
        }
        for (int j = 0; j < t->count; j++) {
            m->cpus[t->first + j]->thread = th;
        }
        g_ptr_array_add(vcpu_threads, t);
    }
    g_mutex_lock(&vcpu_mutex);
    for (int i = 0; i < m->ncpus; i++) {
        while (!m->cpus[i]->created) {
            g_cond_wait(&vcpu_cond, &vcpu_mutex);
        }
    }
    g_mutex_unlock(&vcpu_mutex);
    /* Under -icount the exec loop slices by instruction count. */
    if (m->accel->round_robin && m->ncpus > 1 && !clock_icount_enabled()) {
        rr_timer = timer_new(KCLOCK_REALTIME, vcpu_timeslice, NULL);
        timer_mod(rr_timer, clock_get_ns(KCLOCK_REALTIME) + VCPU_TIMESLICE_NS);
    }
    return true;
}

static void vcpu_kick_locked(Machine *m, CPUState *cpu)
{
    cpu_exit(cpu);
    if (m->accel->vcpu_kick) {
        m->accel->vcpu_kick(cpu);
    }
}

void vcpus_pause(Machine *m)
{
    if (m->ncpus == 0) {
        return;
    }
    /*
     * A vCPU may be waiting for the machine lock (device access) before it
     * can notice the request: let go of it while we wait.
     */
    machine_unlock();
    g_mutex_lock(&vcpu_mutex);
    vcpus_running = false;
    for (int i = 0; i < m->ncpus; i++) {
        m->cpus[i]->stop = true;
        vcpu_kick_locked(m, m->cpus[i]);
    }
    g_cond_broadcast(&vcpu_cond);
    for (int i = 0; i < m->ncpus; i++) {
        while (!m->cpus[i]->stopped) {
            g_cond_wait(&vcpu_cond, &vcpu_mutex);
        }
    }
    g_mutex_unlock(&vcpu_mutex);
    machine_lock();
}

void vcpus_resume(Machine *m)
{
    g_mutex_lock(&vcpu_mutex);
    vcpus_running = true;
    for (int i = 0; i < m->ncpus; i++) {
        m->cpus[i]->stop = false;
        m->cpus[i]->stopped = false;
        g_atomic_int_set(&m->cpus[i]->exit_request, 0);
    }
    g_cond_broadcast(&vcpu_cond);
    g_mutex_unlock(&vcpu_mutex);
}

void vcpu_wake(CPUState *cpu)
{
    g_mutex_lock(&vcpu_mutex);
    g_cond_broadcast(&vcpu_cond);
    g_mutex_unlock(&vcpu_mutex);
}

void vcpus_stop_threads(Machine *m)
{
    if (rr_timer) {
        timer_free(rr_timer);
        rr_timer = NULL;
    }
    if (!vcpu_threads) {
        return;
    }
    g_mutex_lock(&vcpu_mutex);
    vcpus_quit = true;
    vcpus_running = false;
    for (int i = 0; i < m->ncpus; i++) {
        vcpu_kick_locked(m, m->cpus[i]);
    }
    g_cond_broadcast(&vcpu_cond);
    g_mutex_unlock(&vcpu_mutex);
    for (int i = 0; i < m->ncpus; i++) {
        if (m->cpus[i]->thread &&
            (i == 0 || m->cpus[i]->thread != m->cpus[i - 1]->thread)) {
            g_thread_join(m->cpus[i]->thread);
        }
        m->cpus[i]->thread = NULL;
    }
    g_ptr_array_free(vcpu_threads, TRUE);
    vcpu_threads = NULL;
    vcpus_quit = false;
}
