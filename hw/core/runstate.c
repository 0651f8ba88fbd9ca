#include "hw/core/runstate.h"

#include <glib.h>

#include "accel/accel.h"
#include "hw/core/machine.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/main-loop.h"

static struct {
    Machine *machine;
    RunState state;
    bool no_reboot;
    bool no_shutdown;
} rs;

typedef struct Request {
    bool reset;
    ShutdownCause cause;
    int exit_status;
} Request;

void runstate_init(Machine *m, bool no_reboot, bool no_shutdown)
{
    rs.machine = m;
    rs.state = RUN_STATE_PRELAUNCH;
    rs.no_reboot = no_reboot;
    rs.no_shutdown = no_shutdown;
}

RunState runstate_get(void)
{
    return rs.state;
}

const char *runstate_name(RunState s)
{
    switch (s) {
    case RUN_STATE_PRELAUNCH:
        return "prelaunch";
    case RUN_STATE_RUNNING:
        return "running";
    case RUN_STATE_PAUSED:
        return "paused";
    case RUN_STATE_GUEST_SHUTDOWN:
        return "shutdown";
    case RUN_STATE_QUIT:
        return "quit";
    }
    g_assert_not_reached();
}

bool runstate_is_running(void)
{
    return rs.state == RUN_STATE_RUNNING;
}

typedef struct Notifier {
    RunStateNotifyFn *fn;
    void *opaque;
} Notifier;

static GArray *notifiers;       /* Notifier */

void runstate_add_notifier(RunStateNotifyFn *fn, void *opaque)
{
    Notifier n = { fn, opaque };

    if (!notifiers) {
        notifiers = g_array_new(FALSE, FALSE, sizeof(Notifier));
    }
    g_array_append_val(notifiers, n);
}

void runstate_remove_notifier(RunStateNotifyFn *fn, void *opaque)
{
    for (guint i = 0; notifiers && i < notifiers->len; i++) {
        Notifier *n = &g_array_index(notifiers, Notifier, i);

        if (n->fn == fn && n->opaque == opaque) {
            g_array_remove_index(notifiers, i);
            return;
        }
    }
}

static void runstate_notify(RunStateEvent ev, ShutdownCause cause)
{
    for (guint i = 0; notifiers && i < notifiers->len; i++) {
        Notifier *n = &g_array_index(notifiers, Notifier, i);

        n->fn(n->opaque, ev, cause);
    }
}

static bool vm_start_quiet(void)
{
    g_assert(machine_lock_held());
    if (rs.state == RUN_STATE_RUNNING || rs.state == RUN_STATE_QUIT) {
        return false;
    }
    rs.state = RUN_STATE_RUNNING;
    clock_virtual_resume();
    if (rs.machine) {
        vcpus_resume(rs.machine);
    }
    return true;
}

static bool vm_stop_quiet(void)
{
    g_assert(machine_lock_held());
    if (rs.state != RUN_STATE_RUNNING) {
        return false;
    }
    if (rs.machine) {
        vcpus_pause(rs.machine);
    }
    clock_virtual_pause();
    rs.state = RUN_STATE_PAUSED;
    return true;
}

void vm_start(void)
{
    if (vm_start_quiet()) {
        runstate_notify(RUNSTATE_EVENT_RESUME, 0);
    }
}

void vm_stop(void)
{
    if (vm_stop_quiet()) {
        runstate_notify(RUNSTATE_EVENT_STOP, 0);
    }
}

static void runstate_do_request(void *opaque)
{
    Request *req = opaque;

    if (rs.state == RUN_STATE_QUIT) {
        g_free(req);
        return;
    }
    if (req->reset && !rs.no_reboot) {
        bool was_running = vm_stop_quiet();

        machine_reset(rs.machine);
        runstate_notify(RUNSTATE_EVENT_RESET, req->cause);
        if (was_running) {
            vm_start_quiet();
        }
    } else if (req->cause == SHUTDOWN_GUEST_POWEROFF && rs.no_shutdown) {
        /* -no-shutdown: stop the guest, keep the process for inspection. */
        runstate_notify(RUNSTATE_EVENT_SHUTDOWN, req->cause);
        vm_stop();
        rs.state = RUN_STATE_GUEST_SHUTDOWN;
    } else {
        runstate_notify(RUNSTATE_EVENT_SHUTDOWN, req->cause);
        vm_stop_quiet();
        rs.state = RUN_STATE_QUIT;
        main_loop_quit(req->exit_status);
    }
    g_free(req);
}

static void runstate_post(bool reset, ShutdownCause cause, int exit_status)
{
    Request *req = g_new0(Request, 1);

    req->reset = reset;
    req->cause = cause;
    req->exit_status = exit_status;
    main_loop_call(runstate_do_request, req);
}

void runstate_request_shutdown(ShutdownCause cause, int exit_status)
{
    runstate_post(false, cause, exit_status);
}

void runstate_request_reset(ShutdownCause cause)
{
    runstate_post(true, cause, 0);
}
