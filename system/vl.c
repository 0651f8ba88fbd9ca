/*
 * From the command line to a running machine, and back to an exit status.
 *
 * Order matters: every option is checked (and every file opened) before
 * the terminal is put in raw mode or a socket is opened, so a mistake on
 * the command line costs one clear line and exit status 1.
 */
#include "system/vl.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accel/accel.h"
#include "accel/tcg/icount.h"
#include "config.h"
#include "hw/core/machine.h"
#include "hw/block/block-backend.h"
#include "hw/net/netdev.h"
#include "hw/core/runstate.h"
#include "hw/virtio/virtio-registry.h"
#include "system/gdbstub.h"
#include "system/monitor.h"
#include "system/options.h"
#include "target/arm/cpu.h"
#include "target/arm/semihosting.h"
#include "util/chardev/chardev.h"
#include "util/error.h"
#include "util/keyval.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define MiB (1024 * 1024ULL)

/* Devices that later work brings; named so users get a precise answer. */
static const char *const planned_devices[] = {
    "virtio-blk-pci", "virtio-net-pci",
    "virtio-rng-pci", "virtio-serial-pci",
};

static bool is_help(const char *s)
{
    return s && (!strcmp(s, "help") || !strcmp(s, "?"));
}

static void vl_print_cpu_list(void)
{
    printf("Available CPU models (AArch64):\n");
    arm_cpu_list(stdout);
}

static void vl_print_device_list(void)
{
    printf("Devices for -device:\n");
    virtio_device_print_help(stdout);
    printf("Not supported yet:");
    for (size_t i = 0; i < G_N_ELEMENTS(planned_devices); i++) {
        printf(" %s", planned_devices[i]);
    }
    printf("\n");
}

static bool vl_parse_machine(KestrelConfig *cfg, Machine **out,
                             GError **errp)
{
    g_autoptr(KeyVal) kv = NULL;
    const MachineClass *mc;
    Machine *m;

    if (!cfg->machine) {
        mc = machine_default();
        g_assert(mc);
        *out = machine_new(mc);
        return true;
    }
    kv = keyval_parse(cfg->machine, "type", errp);
    if (!kv) {
        error_prepend(errp, "-M");
        return false;
    }
    const char *type = keyval_get(kv, "type");
    if (!type) {
        error_setg(errp, "-M %s: no machine named (try -M help)",
                   cfg->machine);
        return false;
    }
    mc = machine_find(type);
    if (!mc) {
        error_setg(errp, "-M %s: unknown machine '%s' (try -M help)",
                   cfg->machine, type);
        return false;
    }
    m = machine_new(mc);
    for (size_t i = 0; i < keyval_count(kv); i++) {
        const char *key = keyval_key(kv, i);

        if (!strcmp(key, "type")) {
            continue;
        }
        keyval_mark_used(kv, i);
        if (!strcmp(key, "accel")) {
            /* QEMU's older spelling: -M virt,accel=kvm. */
            g_ptr_array_add(cfg->accel, (gpointer)keyval_value(kv, i));
            continue;
        }
        if (!machine_set_prop(m, key, keyval_value(kv, i), errp)) {
            error_prepend(errp, "-M %s", cfg->machine);
            machine_free(m);
            return false;
        }
    }
    *out = m;
    return true;
}

static bool vl_parse_memory(KestrelConfig *cfg, Machine *m, GError **errp)
{
    g_autoptr(KeyVal) kv = NULL;
    const char *size;

    if (!cfg->memory) {
        return true;
    }
    kv = keyval_parse(cfg->memory, "size", errp);
    if (!kv) {
        error_prepend(errp, "-m");
        return false;
    }
    size = keyval_get(kv, "size");
    if (keyval_get(kv, "slots") || keyval_get(kv, "maxmem")) {
        error_setg(errp, "-m %s: memory hot-plug (slots, maxmem) is not "
                   "supported yet", cfg->memory);
        return false;
    }
    if (!keyval_check_unused(kv, "-m", errp)) {
        return false;
    }
    if (!size) {
        error_setg(errp, "-m %s: no size given", cfg->memory);
        return false;
    }
    if (!parse_size(size, MiB, &m->ram_size, errp)) {
        error_prepend(errp, "-m");
        return false;
    }
    if (m->ram_size < MiB || m->ram_size % MiB) {
        error_setg(errp, "-m %s: RAM size must be a whole number of MiB, "
                   "at least 1 MiB", cfg->memory);
        return false;
    }
    return true;
}

static bool vl_parse_smp(KestrelConfig *cfg, Machine *m, GError **errp)
{
    static const char *const topo[] = {
        "sockets", "dies", "clusters", "cores", "threads",
    };
    g_autoptr(KeyVal) kv = NULL;
    uint64_t cpus, maxcpus, product = 1;
    bool have_topo = false;

    if (!cfg->smp) {
        return true;
    }
    kv = keyval_parse(cfg->smp, "cpus", errp);
    if (!kv) {
        error_prepend(errp, "-smp");
        return false;
    }
    if (!keyval_get_uint(kv, "cpus", 0, &cpus, errp)) {
        error_prepend(errp, "-smp");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(topo); i++) {
        uint64_t v;

        if (!keyval_has(kv, topo[i])) {
            keyval_get(kv, topo[i]);
            continue;
        }
        if (!keyval_get_uint(kv, topo[i], 1, &v, errp)) {
            error_prepend(errp, "-smp");
            return false;
        }
        if (v == 0 || v > MACHINE_MAX_CPUS) {
            error_setg(errp, "-smp %s: %s must be 1 to %d", cfg->smp,
                       topo[i], MACHINE_MAX_CPUS);
            return false;
        }
        product *= v;
        have_topo = true;
    }
    if (cpus == 0) {
        cpus = product;
    }
    if (!keyval_get_uint(kv, "maxcpus", cpus, &maxcpus, errp)) {
        error_prepend(errp, "-smp");
        return false;
    }
    if (!keyval_check_unused(kv, "-smp", errp)) {
        return false;
    }
    if (cpus < 1 || cpus > MACHINE_MAX_CPUS) {
        error_setg(errp, "-smp %s: the number of CPUs must be 1 to %d",
                   cfg->smp, MACHINE_MAX_CPUS);
        return false;
    }
    if (have_topo && product != cpus) {
        error_setg(errp, "-smp %s: the topology gives %" PRIu64 " CPUs, not "
                   "%" PRIu64, cfg->smp, product, cpus);
        return false;
    }
    if (maxcpus != cpus) {
        error_setg(errp, "-smp %s: CPU hot-plug (maxcpus) is not supported "
                   "yet", cfg->smp);
        return false;
    }
    m->smp = (int)cpus;
    return true;
}

static bool vl_check_device(const char *spec, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(spec, "driver", errp);
    const char *driver;

    if (!kv) {
        error_prepend(errp, "-device");
        return false;
    }
    driver = keyval_get(kv, "driver");
    if (!driver) {
        error_setg(errp, "-device %s: no device named", spec);
        return false;
    }
    if (virtio_device_known(driver)) {
        return true;        /* built once chardevs exist: vl_add_devices */
    }
    for (size_t i = 0; i < G_N_ELEMENTS(planned_devices); i++) {
        if (!strcmp(driver, planned_devices[i])) {
            error_setg(errp, "-device %s: not supported yet", driver);
            return false;
        }
    }
    error_setg(errp, "-device %s: unknown device (try -device help)",
               driver);
    return false;
}

static bool vl_check_display(KestrelConfig *cfg, GError **errp)
{
    g_autoptr(KeyVal) kv = NULL;
    const char *type;

    if (!cfg->display) {
        return true;
    }
    kv = keyval_parse(cfg->display, "type", errp);
    if (!kv) {
        error_prepend(errp, "-display");
        return false;
    }
    type = keyval_get(kv, "type");
    if (type && !strcmp(type, "none")) {
        return keyval_check_unused(kv, "-display", errp);
    }
    if (type && !strcmp(type, "sdl")) {
        error_setg(errp, "-display sdl: %s",
                   CONFIG_SDL ? "not supported yet"
                              : "SDL support is not compiled in");
        return false;
    }
    error_setg(errp, "-display %s: unknown display (none or sdl)",
               cfg->display);
    return false;
}

/* Options whose features arrive with later work: refuse them clearly. */
static bool vl_check_unsupported(KestrelConfig *cfg, GError **errp)
{
    if (cfg->icount) {
        int shift;

        return icount_parse(cfg->icount, &shift, errp);
    }
    return true;
}

/*
 * -semihosting, -semihosting-config [enable=on|off][,target=native|auto]
 * [,arg=STR...]: ARM semihosting calls (HLT #0xF000) served by Kestrel.
 * The guest's command line is the arg= values joined by spaces, or else
 * the -kernel path followed by -append, as QEMU does.
 */
static bool vl_setup_semihosting(KestrelConfig *cfg, GError **errp)
{
    g_autoptr(KeyVal) kv = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    bool enable = cfg->semihosting;
    const char *target;

    if (cfg->semihosting_config) {
        kv = keyval_parse(cfg->semihosting_config, NULL, errp);
        if (!kv) {
            error_prepend(errp, "-semihosting-config");
            return false;
        }
        for (size_t i = 0; i < keyval_count(kv); i++) {
            if (!strcmp(keyval_key(kv, i), "arg")) {
                keyval_mark_used(kv, i);
                g_ptr_array_add(args, g_strdup(keyval_value(kv, i)));
            }
        }
        if (!keyval_get_bool(kv, "enable", true, &enable, errp)) {
            error_prepend(errp, "-semihosting-config");
            return false;
        }
        target = keyval_get(kv, "target");
        if (target && strcmp(target, "native") && strcmp(target, "auto")) {
            error_setg(errp, "-semihosting-config target=%s: not supported "
                       "yet (native only)", target);
            return false;
        }
        if (keyval_get(kv, "chardev") || keyval_get(kv, "userspace")) {
            error_setg(errp, "-semihosting-config %s: chardev= and "
                       "userspace= are not supported yet",
                       cfg->semihosting_config);
            return false;
        }
        if (!keyval_check_unused(kv, "-semihosting-config", errp)) {
            return false;
        }
    }
    arm_semihosting_enable(enable);
    if (!enable) {
        return true;
    }
    if (args->len) {
        g_ptr_array_add(args, NULL);
        g_autofree char *line = g_strjoinv(" ", (char **)args->pdata);
        arm_semihosting_set_cmdline(line);
    } else if (cfg->kernel) {
        g_autofree char *line = g_strdup_printf(
            "%s%s%s", cfg->kernel, cfg->append ? " " : "",
            cfg->append ? cfg->append : "");
        arm_semihosting_set_cmdline(line);
    }
    return true;
}

static bool vl_open_serials(KestrelConfig *cfg, Machine *m, GError **errp)
{
    GPtrArray *specs = cfg->serial;
    g_autoptr(GPtrArray) defaults = g_ptr_array_new();
    int slot = 0;

    if (specs->len == 0 && !cfg->nodefaults) {
        /*
         * QEMU puts the serial port on stdio with -nographic. Kestrel has
         * no graphical console yet, so that is also the default unless
         * -display none asks for no console at all.
         */
        if (cfg->nographic ||
            !(cfg->display && g_str_has_prefix(cfg->display, "none"))) {
            g_ptr_array_add(defaults, (gpointer)"mon:stdio");
        }
        specs = defaults;
    }
    if (specs->len > MACHINE_MAX_SERIAL) {
        error_setg(errp, "-serial: at most %d serial ports",
                   MACHINE_MAX_SERIAL);
        return false;
    }
    for (guint i = 0; i < specs->len; i++, slot++) {
        const char *spec = g_ptr_array_index(specs, i);
        g_autofree char *label = g_strdup_printf("serial%d", slot);

        if (!strcmp(spec, "none")) {
            continue;
        }
        if (!strcmp(spec, "vc") || g_str_has_prefix(spec, "vc:")) {
            error_setg(errp, "-serial %s: not supported yet (no graphical "
                       "console)", spec);
            return false;
        }
        m->serial[slot] = chardev_get(label, spec, errp);
        if (!m->serial[slot]) {
            error_prepend(errp, "-serial %s", spec);
            return false;
        }
        /*
         * As in QEMU, a mon: serial also carries the text monitor (C-a c);
         * the default one only when no -monitor or -qmp was given.
         */
        if (g_str_has_prefix(spec, "mon:") &&
            (specs != defaults ||
             (!cfg->monitor->len && !cfg->qmp->len))) {
            monitor_add_mux(m->serial[slot]);
        }
    }
    return true;
}

/*
 * -chardev first, so that -serial, -monitor, -qmp, -gdb and -device can
 * name them (chardev:ID, chardev=ID); then each -mon becomes a
 * "chardev:ID" monitor of its mode.
 */
static bool vl_open_chardevs(KestrelConfig *cfg, GError **errp)
{
    for (guint i = 0; i < cfg->chardev->len; i++) {
        if (!chardev_new_opts(g_ptr_array_index(cfg->chardev, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < cfg->mon->len; i++) {
        const char *opts = g_ptr_array_index(cfg->mon, i);
        g_autoptr(KeyVal) kv = keyval_parse(opts, "chardev", errp);
        const char *id, *mode;

        if (!kv) {
            error_prepend(errp, "-mon %s", opts);
            return false;
        }
        id = keyval_get(kv, "chardev");
        mode = keyval_get(kv, "mode");
        keyval_get(kv, "pretty"); /* QMP output is compact either way */
        if (!id) {
            error_setg(errp, "-mon %s: chardev= is required", opts);
            return false;
        }
        if (mode && strcmp(mode, "readline") && strcmp(mode, "control")) {
            error_setg(errp, "-mon %s: mode must be readline or control",
                       opts);
            return false;
        }
        if (!keyval_check_unused(kv, "-mon", errp)) {
            return false;
        }
        char *spec = g_strdup_printf("chardev:%s", id);

        g_ptr_array_add(cfg->owned, spec);
        g_ptr_array_add(mode && !strcmp(mode, "control") ? cfg->qmp
                                                         : cfg->monitor,
                        spec);
    }
    return true;
}

/*
 * -timeout SECONDS[,clock=realtime|virtual]: a runaway guest in CI ends
 * with a message and exit status 124 (as timeout(1) has it), so a
 * script tells it from a guest's own exit status. realtime (default)
 * counts wall-clock time from start-up, paused or not; virtual counts
 * guest time (instructions under -icount: the same point every run).
 */
#define VL_TIMEOUT_STATUS 124

static Timer *vl_timeout_timer;
static char *vl_timeout_spec;
static KClockType vl_timeout_clock;
static int64_t vl_timeout_ns;

static void vl_timeout_fire(void *opaque)
{
    error_report("-timeout %s: the guest was still running; stopped",
                 vl_timeout_spec);
    runstate_request_shutdown(SHUTDOWN_HOST_TIMEOUT, VL_TIMEOUT_STATUS);
}

/* Checked with the rest of the command line, armed at start-up. */
static bool vl_parse_timeout(KestrelConfig *cfg, GError **errp)
{
    g_autoptr(KeyVal) kv = NULL;
    const char *secs, *clk;
    KClockType type = KCLOCK_REALTIME;
    double s;
    char *end;

    if (!cfg->timeout) {
        return true;
    }
    kv = keyval_parse(cfg->timeout, "seconds", errp);
    if (!kv) {
        error_prepend(errp, "-timeout %s", cfg->timeout);
        return false;
    }
    secs = keyval_get(kv, "seconds");
    clk = keyval_get(kv, "clock");
    if (clk && !strcmp(clk, "virtual")) {
        type = KCLOCK_VIRTUAL;
    } else if (clk && strcmp(clk, "realtime")) {
        error_setg(errp, "-timeout %s: clock must be realtime or virtual",
                   cfg->timeout);
        return false;
    }
    if (!keyval_check_unused(kv, "-timeout", errp)) {
        return false;
    }
    s = secs ? g_ascii_strtod(secs, &end) : 0;
    if (!secs || end == secs || *end || !(s > 0) || s > 1e9) {
        error_setg(errp, "-timeout %s: expected a number of seconds > 0",
                   cfg->timeout);
        return false;
    }
    vl_timeout_spec = g_strdup(cfg->timeout);
    vl_timeout_clock = type;
    vl_timeout_ns = (int64_t)(s * 1e9);
    return true;
}

static void vl_start_timeout(void)
{
    if (vl_timeout_spec) {
        vl_timeout_timer = timer_new(vl_timeout_clock, vl_timeout_fire, NULL);
        timer_mod(vl_timeout_timer,
                  clock_get_ns(vl_timeout_clock) + vl_timeout_ns);
    }
}

static void vl_free_timeout(void)
{
    if (vl_timeout_timer) {
        timer_free(vl_timeout_timer);
        vl_timeout_timer = NULL;
    }
    g_free(vl_timeout_spec);
    vl_timeout_spec = NULL;
}

/* -icount shift=N (docs/icount.md): counted by the TCG exec loop. */
static bool vl_init_icount(KestrelConfig *cfg, Machine *m, GError **errp)
{
    int shift;

    if (!cfg->icount) {
        return true;
    }
    if (strcmp(m->accel->name, "tcg") != 0) {
        error_setg(errp, "-icount %s: needs -accel tcg (not %s)",
                   cfg->icount, m->accel->name);
        return false;
    }
    if (!icount_parse(cfg->icount, &shift, errp)) {
        return false;
    }
    icount_enable(shift);
    return true;
}

static bool vl_init_accel(KestrelConfig *cfg, Machine *m, GError **errp)
{
    if (cfg->accel->len == 0) {
        g_ptr_array_add(cfg->accel, (gpointer)"tcg");
    }
    /* Like QEMU, several -accel options are tried in order. */
    for (guint i = 0; i < cfg->accel->len; i++) {
        const char *spec = g_ptr_array_index(cfg->accel, i);
        bool last = i + 1 == cfg->accel->len;
        GError *err = NULL;
        const AccelOps *ops = accel_configure(spec, &err);

        if (ops && accel_init_machine(ops, m, &err)) {
            return vl_init_icount(cfg, m, errp);
        }
        if (last) {
            g_propagate_error(errp, err);
            return false;
        }
        error_report("%s; trying the next accelerator", err->message);
        g_error_free(err);
    }
    g_assert_not_reached();
}

static bool vl_add_devices(KestrelConfig *cfg, GError **errp)
{
    /* Back-ends first: -device virtio-net-device,netdev=ID finds them. */
    for (guint i = 0; i < cfg->netdev->len; i++) {
        if (!netdev_add(g_ptr_array_index(cfg->netdev, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < cfg->device->len; i++) {
        if (!virtio_device_add(g_ptr_array_index(cfg->device, i), errp)) {
            return false;
        }
    }
    return true;
}

/* Every -device and if=virtio drive must have found a slot on the board. */
static bool vl_check_devices_placed(Machine *m, GError **errp)
{
    unsigned left = virtio_device_pending();

    if (left) {
        error_setg(errp, "machine '%s' has no free virtio-mmio slot for %u "
                   "virtio device%s (-device or -drive if=virtio)",
                   m->mc->name, left, left > 1 ? "s" : "");
        return false;
    }
    return true;
}

static void vl_quit_key(void *opaque)
{
    runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
}

static gboolean vl_signal(gpointer opaque)
{
    int sig = GPOINTER_TO_INT(opaque);

    error_report("terminating on signal %d", sig);
    runstate_request_shutdown(SHUTDOWN_HOST_SIGNAL, 0);
    return G_SOURCE_CONTINUE;
}

/*
 * After the machine: devices nobody took, then disks (flushed), then
 * chardevs (the terminal restored), with no main-loop turn in between.
 */
static void vl_release_backends(void)
{
    virtio_device_free_pending();
    netdev_close_all();
    drive_close_all();
    chardev_close_all();
    log_close();
}

static int vl_fail(GError *err)
{
    error_report_err(err);
    return 1;
}

/* Everything that can be answered without building a machine. */
static bool vl_answer_queries(KestrelConfig *cfg, int *status)
{
    *status = 0;
    if (cfg->show_help) {
        options_print_help(stdout);
        return true;
    }
    if (cfg->show_version) {
        printf("Kestrel emulator version %s\n", KESTREL_VERSION);
        return true;
    }
    if (is_help(cfg->machine)) {
        machine_print_list(stdout);
        return true;
    }
    if (cfg->machine && g_str_has_suffix(cfg->machine, ",help")) {
        g_autofree char *name = g_strndup(cfg->machine,
                                          strlen(cfg->machine) - 5);
        const MachineClass *mc = machine_find(name);

        if (!mc) {
            error_report("-M %s: unknown machine '%s' (try -M help)",
                         cfg->machine, name);
            *status = 1;
            return true;
        }
        printf("%s: %s\n%s", mc->name, mc->desc,
               mc->props_help ? mc->props_help : "  (no properties)\n");
        return true;
    }
    if (is_help(cfg->cpu)) {
        vl_print_cpu_list();
        return true;
    }
    if (is_help(cfg->log_items)) {
        log_print_help(stdout);
        return true;
    }
    for (guint i = 0; i < cfg->accel->len; i++) {
        if (is_help(g_ptr_array_index(cfg->accel, i))) {
            accel_print_list(stdout);
            return true;
        }
    }
    for (guint i = 0; i < cfg->device->len; i++) {
        if (is_help(g_ptr_array_index(cfg->device, i))) {
            vl_print_device_list();
            return true;
        }
    }
    if (is_help(cfg->display)) {
        printf("Available displays: none%s\n",
               CONFIG_SDL ? " sdl (not supported yet)" : "");
        return true;
    }
    return false;
}

static bool vl_check_config(KestrelConfig *cfg, Machine *m, GError **errp)
{
    if (!vl_parse_memory(cfg, m, errp) || !vl_parse_smp(cfg, m, errp) ||
        !vl_check_display(cfg, errp) || !vl_check_unsupported(cfg, errp) ||
        !vl_setup_semihosting(cfg, errp) || !vl_parse_timeout(cfg, errp)) {
        return false;
    }
    if (cfg->cpu && !m->mc->default_cpu) {
        error_setg(errp, "-cpu %s: machine '%s' has no CPU", cfg->cpu,
                   m->mc->name);
        return false;
    }
    if ((cfg->initrd || cfg->append) && !cfg->kernel) {
        error_setg(errp, "%s needs -kernel", cfg->initrd ? "-initrd"
                                                          : "-append");
        return false;
    }
    for (guint i = 0; i < cfg->drive->len; i++) {
        if (!drive_add(g_ptr_array_index(cfg->drive, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < cfg->device->len; i++) {
        if (!vl_check_device(g_ptr_array_index(cfg->device, i), errp)) {
            return false;
        }
    }
    m->cpu_model = cfg->cpu;
    m->kernel = cfg->kernel;
    m->initrd = cfg->initrd;
    m->append = cfg->append;
    m->dtb = cfg->dtb;
    m->bios = cfg->bios;
    return true;
}

int kestrel_main(int argc, char **argv)
{
    KestrelConfig cfg;
    GError *err = NULL;
    Machine *m = NULL;
    int status;

    boards_register_all();
    options_init(&cfg);
    if (!options_parse(&cfg, argc, argv, &err)) {
        return vl_fail(err);
    }
    if (vl_answer_queries(&cfg, &status)) {
        options_free(&cfg);
        return status;
    }
    if (cfg.log_items) {
        unsigned mask;

        if (!log_parse_items(cfg.log_items, &mask, &err)) {
            return vl_fail(err);
        }
        log_set_items(mask);
    }
    if (cfg.log_file && !log_set_file(cfg.log_file, &err)) {
        return vl_fail(err);
    }
    if (!vl_parse_machine(&cfg, &m, &err) ||
        !vl_check_config(&cfg, m, &err)) {
        machine_free(m);
        drive_close_all();
        return vl_fail(err);
    }

    signal(SIGPIPE, SIG_IGN);
    main_loop_init();
    machine_lock();
    if (!vl_open_chardevs(&cfg, &err) || !vl_open_serials(&cfg, m, &err) ||
        !monitor_open(cfg.monitor, cfg.qmp, &err) ||
        !vl_add_devices(&cfg, &err)) {
        goto fail;
    }
    chardev_set_quit_handler(vl_quit_key, NULL);
    runstate_init(m, cfg.no_reboot, cfg.no_shutdown);
    if (!vl_init_accel(&cfg, m, &err) || !machine_init(m, &err) ||
        !vl_check_devices_placed(m, &err) || !accel_create_vcpus(m, &err) ||
        !vcpus_start(m, &err) || (cfg.gdb && !gdbstub_init(m, cfg.gdb, &err)) ||
        !monitor_start(m, &err)) {
        goto fail;
    }
    g_unix_signal_add(SIGTERM, vl_signal, GINT_TO_POINTER(SIGTERM));
    g_unix_signal_add(SIGINT, vl_signal, GINT_TO_POINTER(SIGINT));
    g_unix_signal_add(SIGHUP, vl_signal, GINT_TO_POINTER(SIGHUP));
    vl_start_timeout();
    if (!cfg.start_paused) {
        vm_start();
    }
    status = main_loop_run();

    vm_stop();
    vcpus_stop_threads(m);
    machine_unlock();
    machine_free(m);
    vl_release_backends();
    vl_free_timeout();
    monitor_cleanup();
    options_free(&cfg);
    return status;

fail:
    error_report_err(err);
    vcpus_stop_threads(m);
    machine_unlock();
    machine_free(m);
    vl_release_backends();
    vl_free_timeout();
    monitor_cleanup();
    options_free(&cfg);
    return 1;
}
