/*
 * The kestrel command line: QEMU's option syntax, parsed into a
 * KestrelConfig without side effects, so it can be tested and so every
 * error is reported before anything (a terminal in raw mode, a socket) is
 * touched.
 */
#ifndef SYSTEM_OPTIONS_H
#define SYSTEM_OPTIONS_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct KestrelConfig {
    const char *machine;        /* -M / -machine */
    const char *cpu;            /* -cpu */
    const char *memory;         /* -m */
    const char *smp;            /* -smp */
    GPtrArray *accel;           /* -accel, in order (-enable-kvm adds kvm) */
    const char *kernel;
    const char *initrd;
    const char *append;
    const char *dtb;
    const char *bios;
    const char *name;
    bool nographic;
    bool nodefaults;
    GPtrArray *serial;          /* -serial, in order */
    const char *display;
    GPtrArray *drive;
    GPtrArray *device;
    GPtrArray *netdev;
    GPtrArray *monitor;
    GPtrArray *qmp;
    GPtrArray *chardev;         /* -chardev, in order */
    GPtrArray *mon;             /* -mon */
    GPtrArray *owned;           /* strings made from options (freed) */
    const char *log_items;      /* -d */
    const char *log_file;       /* -D */
    const char *gdb;            /* -gdb, or tcp::1234 from -s */
    bool start_paused;          /* -S */
    const char *icount;
    const char *timeout;        /* -timeout */
    const char *semihosting_config;
    bool semihosting;
    bool no_reboot;
    bool no_shutdown;
    bool show_version;
    bool show_help;
} KestrelConfig;

void options_init(KestrelConfig *cfg);
void options_free(KestrelConfig *cfg);

/*
 * Parse argv (argv[0] is the program). An unknown option, a missing
 * argument or a stray word is an error; an option Kestrel knows from QEMU
 * but does not implement yet is an error saying so. Argument strings are
 * borrowed from argv.
 */
bool options_parse(KestrelConfig *cfg, int argc, char **argv, GError **errp);

void options_print_help(FILE *out);

#endif
