/*
 * Run state of the virtual machine: running or paused, and the requests
 * that end or restart it (guest poweroff, guest reset, C-a x, a signal).
 *
 * Requests may come from any thread (a vCPU writing a PSCI call, the
 * main loop reading a key); they are carried out on the main-loop thread,
 * in order, with the machine lock held.
 */
#ifndef HW_CORE_RUNSTATE_H
#define HW_CORE_RUNSTATE_H

#include <stdbool.h>

typedef struct Machine Machine;

typedef enum {
    RUN_STATE_PRELAUNCH,        /* built, vCPUs not yet released */
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,           /* -S, a monitor stop, a debugger */
    RUN_STATE_GUEST_SHUTDOWN,   /* the guest powered off under -no-shutdown */
    RUN_STATE_QUIT,             /* on the way out */
} RunState;

typedef enum {
    SHUTDOWN_GUEST_POWEROFF,    /* PSCI SYSTEM_OFF, ACPI S5, ... */
    SHUTDOWN_GUEST_RESET,       /* PSCI SYSTEM_RESET, i8042 reset, ... */
    SHUTDOWN_HOST_QUIT,         /* C-a x, monitor quit */
    SHUTDOWN_HOST_SIGNAL,       /* SIGTERM, SIGINT, SIGHUP */
    SHUTDOWN_HOST_ERROR,        /* the accelerator failed */
    SHUTDOWN_HOST_TIMEOUT,      /* -timeout expired */
} ShutdownCause;

void runstate_init(Machine *m, bool no_reboot, bool no_shutdown);
RunState runstate_get(void);
const char *runstate_name(RunState s);
bool runstate_is_running(void);

/* Release or stop the vCPUs and the virtual clock; main loop, lock held. */
void vm_start(void);
void vm_stop(void);

/*
 * Ask for a shutdown; any thread. exit_status becomes kestrel's exit
 * status (a semihosting exit passes the guest's code; otherwise 0, or 1
 * for a host error).
 */
void runstate_request_shutdown(ShutdownCause cause, int exit_status);
/* Ask for a system reset (becomes a shutdown under -no-reboot). */
void runstate_request_reset(ShutdownCause cause);

/*
 * Run-state notifiers (the monitor's STOP, RESUME, RESET and SHUTDOWN
 * events). Called on the main-loop thread with the machine lock held,
 * in registration order:
 *   STOP      vm_stop paused a running VM (not on the way out)
 *   RESUME    vm_start released the vCPUs
 *   RESET     a system reset was carried out (cause: who asked)
 *   SHUTDOWN  a shutdown request was accepted (cause: who asked); a
 *             guest poweroff under -no-shutdown is followed by STOP
 * A reset of a running VM reports RESET only, as QEMU does. A callback
 * must not add or remove notifiers.
 */
typedef enum {
    RUNSTATE_EVENT_STOP,
    RUNSTATE_EVENT_RESUME,
    RUNSTATE_EVENT_RESET,
    RUNSTATE_EVENT_SHUTDOWN,
} RunStateEvent;

typedef void RunStateNotifyFn(void *opaque, RunStateEvent ev,
                              ShutdownCause cause);
void runstate_add_notifier(RunStateNotifyFn *fn, void *opaque);
void runstate_remove_notifier(RunStateNotifyFn *fn, void *opaque);

#endif
