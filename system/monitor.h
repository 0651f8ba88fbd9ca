/*
 * The monitors: the human text monitor (-monitor DEV, and the second
 * frontend of a mon: serial mux, reached with C-a c) and the QMP JSON
 * monitor (-qmp DEV). See docs/monitor.md for the commands.
 *
 * Start-up order (system/vl.c): monitor_open() creates the chardevs right
 * after the serial ports (a "server" socket without nowait blocks there
 * until a client comes, as in QEMU); monitor_add_mux() names a serial mux
 * that also carries a text monitor; monitor_start() attaches everything
 * once the board has attached its UARTs (so a UART keeps the mux's input
 * focus); monitor_cleanup() runs before the chardevs are closed.
 */
#ifndef SYSTEM_MONITOR_H
#define SYSTEM_MONITOR_H

#include <glib.h>
#include <stdbool.h>

typedef struct Chardev Chardev;
typedef struct Machine Machine;

/* hmp_specs from -monitor, qmp_specs from -qmp ("none" is skipped). */
bool monitor_open(GPtrArray *hmp_specs, GPtrArray *qmp_specs, GError **errp);
/* A text monitor shares this (mux) chardev with a serial port. */
void monitor_add_mux(Chardev *chr);
bool monitor_start(Machine *m, GError **errp);
void monitor_cleanup(void);

#endif
