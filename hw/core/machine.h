/*
 * Machines (boards): a registry of MachineClass descriptions and the
 * Machine being built from the command line.
 *
 * A board is data plus one init function: it maps RAM and devices into
 * m->sysmem, creates its CPUs, loads -kernel/-bios and wires interrupts.
 * The system layer registers every board explicitly at start-up
 * (system/boards.c); nothing registers itself behind the reader's back.
 */
#ifndef HW_CORE_MACHINE_H
#define HW_CORE_MACHINE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hw/core/cpu.h"

typedef struct AccelOps AccelOps;
typedef struct LoaderImage LoaderImage;
typedef struct AddressSpace AddressSpace;
typedef struct Chardev Chardev;
typedef struct Machine Machine;
typedef struct MemoryRegion MemoryRegion;

#define MACHINE_MAX_SERIAL 4
#define MACHINE_MAX_CPUS 64

typedef struct MachineClass {
    const char *name;
    const char *desc;
    bool is_default;            /* chosen when -M is absent */
    const char *default_cpu;    /* NULL: the board has no CPU */
    uint64_t default_ram;
    int max_cpus;

    /*
     * A board-specific -M key (gic-version=3, dumpdtb=FILE): store it or
     * fail with an error. NULL: the board has no keys of its own.
     */
    bool (*set_prop)(Machine *m, const char *key, const char *value,
                     GError **errp);
    /* Lines printed by "-M NAME,help": the board's keys. */
    const char *props_help;

    /* Build the board: RAM, devices, CPUs, images. */
    bool (*init)(Machine *m, GError **errp);
    /* system_reset: devices and CPUs back to power-on state, reload images. */
    void (*reset)(Machine *m);
    /*
     * system_powerdown: press the board's power button (an ACPI event, a
     * GPIO key) so the guest shuts down cleanly. Main loop, lock held.
     * NULL: the board has no button and the monitor says so.
     */
    void (*powerdown)(Machine *m);
    /* Release what init created (on exit). */
    void (*cleanup)(Machine *m);
} MachineClass;

struct Machine {
    const MachineClass *mc;
    void *board;                /* the board's private state */

    /* From the command line. */
    uint64_t ram_size;
    int smp;
    const char *cpu_model;      /* NULL: the board's default */
    const char *kernel;
    const char *initrd;
    const char *append;
    const char *dtb;
    const char *bios;
    Chardev *serial[MACHINE_MAX_SERIAL];   /* NULL where absent */

    /* Built by the board. */
    AddressSpace *sysmem;
    AddressSpace *io;           /* x86 port I/O space; NULL elsewhere */
    MemoryRegion *ram;
    CPUState *cpus[MACHINE_MAX_CPUS];
    int ncpus;

    const AccelOps *accel;
    GPtrArray *images;          /* LoaderImage *, rewritten on reset */
};

void machine_register(const MachineClass *mc);
const MachineClass *machine_find(const char *name);
const MachineClass *machine_default(void);
void machine_print_list(FILE *out);

/*
 * Create a Machine for mc with the generic settings filled in; the caller
 * then sets the command-line fields and calls machine_init.
 */
Machine *machine_new(const MachineClass *mc);
bool machine_set_prop(Machine *m, const char *key, const char *value,
                      GError **errp);
bool machine_init(Machine *m, GError **errp);
void machine_reset(Machine *m);
void machine_free(Machine *m);

/*
 * Helpers for boards: map main RAM at base (named "<board>.ram"), and put
 * a CPU on the machine's list.
 */
bool machine_create_ram(Machine *m, uint64_t base, GError **errp);
void machine_add_cpu(Machine *m, CPUState *cpu);

/*
 * Write a loaded image into guest memory (RAM or ROM) and keep it, so a
 * system reset writes it again as it was at power-on. Takes ownership.
 */
bool machine_install_image(Machine *m, LoaderImage *img, GError **errp);

#endif
