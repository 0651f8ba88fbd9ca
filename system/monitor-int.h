/*
 * Inside the monitor (system/monitor.c, hmp.c, qmp.c): the actions both
 * monitors share, and each monitor's constructor.
 */
#ifndef SYSTEM_MONITOR_INT_H
#define SYSTEM_MONITOR_INT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/core/runstate.h"

typedef struct Chardev Chardev;
typedef struct Machine Machine;
typedef struct CPUState CPUState;

/* The machine being monitored (set by monitor_start). */
Machine *monitor_machine(void);
/* CPU index, or NULL with errp set if there is no such CPU. */
CPUState *monitor_cpu(int index, GError **errp);

/* Run-state actions; main loop, machine lock held. */
void monitor_stop(void);
bool monitor_cont(GError **errp);
void monitor_system_reset(void);
bool monitor_system_powerdown(GError **errp);
void monitor_quit(void);

/*
 * Copy guest-physical [addr, addr + len) from RAM or ROM. Device (MMIO)
 * and unassigned addresses fail: a debug read must not have the side
 * effects of a guest access (popping a UART's receive FIFO).
 */
bool monitor_read_phys(uint64_t addr, void *buf, uint64_t len, GError **errp);
/*
 * The same from guest-virtual addresses, translated page by page as the
 * CPU's current translation regime maps them (its MMU off: physical).
 */
bool monitor_read_virt(CPUState *cpu, uint64_t addr, void *buf, uint64_t len,
                       GError **errp);

/* Text monitor (hmp.c). */
typedef struct HmpMonitor HmpMonitor;
HmpMonitor *hmp_new(Chardev *chr, bool muxed, GError **errp);
void hmp_free(HmpMonitor *mon);
/* Run one command line; output (lines ending in \n) appended to out. */
void hmp_execute(const char *line, int cpu_index, GString *out);

/* QMP monitor (qmp.c). */
typedef struct QmpMonitor QmpMonitor;
QmpMonitor *qmp_new(Chardev *chr, GError **errp);
void qmp_free(QmpMonitor *mon);
/* Broadcast a run-state change as an event to every QMP client. */
void qmp_runstate_event(RunStateEvent ev, ShutdownCause cause);
/* Broadcast an event; data may be NULL, and is taken. */
typedef struct JsonValue JsonValue;
void qmp_broadcast_event(const char *name, JsonValue *data);

#endif
