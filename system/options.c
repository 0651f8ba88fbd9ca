#include "system/options.h"

#include <stddef.h>
#include <string.h>

#include "util/error.h"

typedef enum {
    OPT_STRING,                 /* const char * field; the last one wins */
    OPT_LIST,                   /* GPtrArray * field; each one appended */
    OPT_FLAG,                   /* bool field set to true */
    OPT_SPECIAL,                /* handled in options_special() */
    OPT_UNSUPPORTED,            /* QEMU's, not implemented yet */
} OptKind;

typedef struct OptDef {
    const char *name;
    bool has_arg;
    OptKind kind;
    size_t offset;
    const char *argname;        /* for -h; NULL hides the option there */
    const char *help;
} OptDef;

#define F(field) offsetof(KestrelConfig, field)

static const OptDef opt_table[] = {
    { "h", false, OPT_FLAG, F(show_help), "", "print this help and exit" },
    { "help", false, OPT_FLAG, F(show_help), NULL, NULL },
    { "version", false, OPT_FLAG, F(show_version), "",
      "print the version and exit" },
    { "M", true, OPT_STRING, F(machine), "NAME[,prop=value,...]",
      "select the machine (-M help lists them, -M NAME,help its keys)" },
    { "machine", true, OPT_STRING, F(machine), NULL, NULL },
    { "cpu", true, OPT_STRING, F(cpu), "MODEL",
      "select the CPU model (-cpu help lists them)" },
    { "m", true, OPT_STRING, F(memory), "SIZE[K|M|G|T]",
      "guest RAM size; a bare number is in MiB" },
    { "smp", true, OPT_STRING, F(smp), "N", "number of vCPUs" },
    { "accel", true, OPT_LIST, F(accel), "tcg|kvm[,prop=value,...]",
      "select the accelerator; several are tried in order" },
    { "enable-kvm", false, OPT_SPECIAL, 0, "", "same as -accel kvm" },
    { "kernel", true, OPT_STRING, F(kernel), "FILE",
      "the kernel or bare-metal program to load (ELF, Image, bzImage)" },
    { "initrd", true, OPT_STRING, F(initrd), "FILE", "an initial ram disk" },
    { "append", true, OPT_STRING, F(append), "CMDLINE",
      "the kernel command line" },
    { "dtb", true, OPT_STRING, F(dtb), "FILE",
      "use this device tree instead of the board's" },
    { "bios", true, OPT_STRING, F(bios), "FILE", "firmware to load" },
    { "name", true, OPT_STRING, F(name), "NAME", "the guest's name" },
    { "nographic", false, OPT_FLAG, F(nographic), "",
      "no display; serial port and monitor on stdio (C-a h for help)" },
    { "nodefaults", false, OPT_FLAG, F(nodefaults), "",
      "no default serial port" },
    { "no-user-config", false, OPT_SPECIAL, 0, NULL, NULL },
    { "serial", true, OPT_LIST, F(serial), "DEV",
      "serial port: stdio, mon:stdio, null, file:PATH, pty, "
      "tcp:HOST:PORT[,server=on|off,wait=on|off], none" },
    { "display", true, OPT_STRING, F(display), "none|sdl",
      "the display" },
    { "drive", true, OPT_LIST, F(drive),
      "file=PATH[,format=raw,if=none|virtio,id=ID,readonly=on,snapshot=on]",
      "a disk image" },
    { "device", true, OPT_LIST, F(device), "NAME[,prop=value,...]",
      "add a device (-device help lists them)" },
    { "netdev", true, OPT_LIST, F(netdev), "user,id=ID[,...]",
      "a network back-end" },
    { "d", true, OPT_STRING, F(log_items), "ITEM[,...]",
      "enable debug logs (-d help lists them)" },
    { "D", true, OPT_STRING, F(log_file), "FILE",
      "write the debug log to FILE instead of stderr" },
    { "s", false, OPT_SPECIAL, 0, "", "same as -gdb tcp::1234" },
    { "S", false, OPT_FLAG, F(start_paused), "",
      "do not start the CPUs until told to" },
    { "gdb", true, OPT_STRING, F(gdb), "DEV", "wait for gdb on DEV" },
    { "monitor", true, OPT_LIST, F(monitor), "DEV",
      "the human monitor on DEV" },
    { "qmp", true, OPT_LIST, F(qmp), "DEV", "the JSON monitor on DEV" },
    { "chardev", true, OPT_LIST, F(chardev), "BACKEND,id=ID[,...]",
      "a character device, for DEV = chardev:ID" },
    { "mon", true, OPT_LIST, F(mon), "chardev=ID[,mode=readline|control]",
      "a monitor on a -chardev" },
    { "icount", true, OPT_STRING, F(icount), "shift=N",
      "virtual time from executed instructions" },
    { "timeout", true, OPT_STRING, F(timeout),
      "SECONDS[,clock=realtime|virtual]",
      "stop a guest still running after SECONDS: exit status 124" },
    { "semihosting", false, OPT_FLAG, F(semihosting), "",
      "enable ARM semihosting" },
    { "semihosting-config", true, OPT_STRING, F(semihosting_config),
      "enable=on,...", "semihosting settings" },
    { "no-reboot", false, OPT_FLAG, F(no_reboot), "",
      "exit instead of rebooting when the guest resets" },
    { "no-shutdown", false, OPT_FLAG, F(no_shutdown), "",
      "stop the guest instead of exiting when it powers off" },

    /* QEMU's options that Kestrel does not have yet. */
    { "net", true, OPT_UNSUPPORTED },
    { "nic", true, OPT_UNSUPPORTED },
    { "vga", true, OPT_UNSUPPORTED },
    { "vnc", true, OPT_UNSUPPORTED },
    { "spice", true, OPT_UNSUPPORTED },
    { "usb", false, OPT_UNSUPPORTED },
    { "usbdevice", true, OPT_UNSUPPORTED },
    { "rtc", true, OPT_UNSUPPORTED },
    { "boot", true, OPT_UNSUPPORTED },
    { "global", true, OPT_UNSUPPORTED },
    { "object", true, OPT_UNSUPPORTED },
    { "pidfile", true, OPT_UNSUPPORTED },
    { "daemonize", false, OPT_UNSUPPORTED },
    { "watchdog-action", true, OPT_UNSUPPORTED },
    { "overcommit", true, OPT_UNSUPPORTED },
    { "fsdev", true, OPT_UNSUPPORTED },
    { "virtfs", true, OPT_UNSUPPORTED },
    { "audiodev", true, OPT_UNSUPPORTED },
    { "plugin", true, OPT_UNSUPPORTED },
    { "trace", true, OPT_UNSUPPORTED },
    { "loadvm", true, OPT_UNSUPPORTED },
    { "incoming", true, OPT_UNSUPPORTED },
    { "fw_cfg", true, OPT_UNSUPPORTED },
    { "smbios", true, OPT_UNSUPPORTED },
    { "acpitable", true, OPT_UNSUPPORTED },
    { "numa", true, OPT_UNSUPPORTED },
    { "mem-path", true, OPT_UNSUPPORTED },
    { "mem-prealloc", false, OPT_UNSUPPORTED },
    { "parallel", true, OPT_UNSUPPORTED },
    { "hda", true, OPT_UNSUPPORTED },
    { "hdb", true, OPT_UNSUPPORTED },
    { "cdrom", true, OPT_UNSUPPORTED },
    { "sd", true, OPT_UNSUPPORTED },
    { "pflash", true, OPT_UNSUPPORTED },
    { "snapshot", false, OPT_UNSUPPORTED },
    { "L", true, OPT_UNSUPPORTED },
    { "one-insn-per-tb", false, OPT_UNSUPPORTED },
    { "singlestep", false, OPT_UNSUPPORTED },
    { "action", true, OPT_UNSUPPORTED },
    { "msg", true, OPT_UNSUPPORTED },
    { "k", true, OPT_UNSUPPORTED },
    { "full-screen", false, OPT_UNSUPPORTED },
    { "add-fd", true, OPT_UNSUPPORTED },
    { "readconfig", true, OPT_UNSUPPORTED },
    { "writeconfig", true, OPT_UNSUPPORTED },
    { "runas", true, OPT_UNSUPPORTED },
    { "run-with", true, OPT_UNSUPPORTED },
    { "sandbox", true, OPT_UNSUPPORTED },
    { "uuid", true, OPT_UNSUPPORTED },
};

void options_init(KestrelConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->accel = g_ptr_array_new();
    cfg->serial = g_ptr_array_new();
    cfg->drive = g_ptr_array_new();
    cfg->device = g_ptr_array_new();
    cfg->netdev = g_ptr_array_new();
    cfg->monitor = g_ptr_array_new();
    cfg->qmp = g_ptr_array_new();
    cfg->chardev = g_ptr_array_new();
    cfg->mon = g_ptr_array_new();
    cfg->owned = g_ptr_array_new_with_free_func(g_free);
}

void options_free(KestrelConfig *cfg)
{
    g_ptr_array_free(cfg->accel, TRUE);
    g_ptr_array_free(cfg->serial, TRUE);
    g_ptr_array_free(cfg->drive, TRUE);
    g_ptr_array_free(cfg->device, TRUE);
    g_ptr_array_free(cfg->netdev, TRUE);
    g_ptr_array_free(cfg->monitor, TRUE);
    g_ptr_array_free(cfg->qmp, TRUE);
    g_ptr_array_free(cfg->chardev, TRUE);
    g_ptr_array_free(cfg->mon, TRUE);
    g_ptr_array_free(cfg->owned, TRUE);
}

static const OptDef *options_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(opt_table); i++) {
        if (!strcmp(opt_table[i].name, name)) {
            return &opt_table[i];
        }
    }
    return NULL;
}

static void options_special(KestrelConfig *cfg, const OptDef *def)
{
    if (!strcmp(def->name, "enable-kvm")) {
        g_ptr_array_add(cfg->accel, (gpointer)"kvm");
    } else if (!strcmp(def->name, "s")) {
        cfg->gdb = "tcp::1234";
    }
    /* -no-user-config: Kestrel reads no configuration files anyway. */
}

bool options_parse(KestrelConfig *cfg, int argc, char **argv, GError **errp)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *name;
        const OptDef *def;
        const char *value = NULL;

        if (arg[0] != '-' || arg[1] == '\0') {
            error_setg(errp, "%s: invalid argument (options start with "
                       "'-'; try -h)", arg);
            return false;
        }
        /* Like QEMU, accept --option as well as -option. */
        name = arg + 1 + (arg[1] == '-');
        def = options_find(name);
        if (!def) {
            error_setg(errp, "%s: invalid option (try -h)", arg);
            return false;
        }
        if (def->has_arg) {
            if (i + 1 >= argc) {
                error_setg(errp, "%s: requires an argument", arg);
                return false;
            }
            value = argv[++i];
        }
        switch (def->kind) {
        case OPT_STRING:
            *(const char **)((char *)cfg + def->offset) = value;
            break;
        case OPT_LIST:
            g_ptr_array_add(*(GPtrArray **)((char *)cfg + def->offset),
                            (gpointer)value);
            break;
        case OPT_FLAG:
            *(bool *)((char *)cfg + def->offset) = true;
            break;
        case OPT_SPECIAL:
            options_special(cfg, def);
            break;
        case OPT_UNSUPPORTED:
            error_setg(errp, "%s: not supported yet", arg);
            return false;
        }
    }
    return true;
}

void options_print_help(FILE *out)
{
    fprintf(out,
            "usage: kestrel [options]\n"
            "Kestrel, a full-system emulator for AArch64 and x86-64 guests, "
            "with QEMU's command-line syntax.\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(opt_table); i++) {
        const OptDef *d = &opt_table[i];
        g_autofree char *left = NULL;

        if (!d->argname) {
            continue;
        }
        left = g_strdup_printf("-%s%s%s", d->name, *d->argname ? " " : "",
                               d->argname);
        if (strlen(left) > 28) {
            fprintf(out, "%s\n%-30s%s\n", left, "", d->help);
        } else {
            fprintf(out, "%-30s%s\n", left, d->help);
        }
    }
    fprintf(out, "\nDuring emulation, with -nographic or -serial mon:stdio, "
                 "C-a h lists the console keys (C-a x quits).\n");
}
