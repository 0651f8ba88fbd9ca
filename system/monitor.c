/*
 * Monitor set-up and the actions shared by the text monitor and QMP.
 *
 * Both monitors run on the main-loop thread (chardev input and run-state
 * notifications arrive there) with the machine lock held, so the actions
 * below call vm_stop/vm_start directly.
 */
#include "system/monitor.h"

#include <string.h>

#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "system/monitor-int.h"
#include "util/chardev/chardev.h"
#include "util/error.h"

static struct {
    Machine *machine;
    GPtrArray *hmp_chrs; /* Chardev *, from -monitor */
    GPtrArray *mux_chrs; /* Chardev *, serial muxes */
    GPtrArray *qmp_chrs; /* Chardev *, from -qmp */
    GPtrArray *hmps;     /* HmpMonitor * */
    GPtrArray *qmps;     /* QmpMonitor * */
    bool notifier;
} mon;

static void monitor_lists_init(void)
{
    if (!mon.hmp_chrs) {
        mon.hmp_chrs = g_ptr_array_new();
        mon.mux_chrs = g_ptr_array_new();
        mon.qmp_chrs = g_ptr_array_new();
        mon.hmps = g_ptr_array_new();
        mon.qmps = g_ptr_array_new();
    }
}

static bool monitor_open_list(GPtrArray *specs, const char *opt,
                              const char *prefix, GPtrArray *out, GError **errp)
{
    for (guint i = 0; i < specs->len; i++) {
        const char *spec = g_ptr_array_index(specs, i);
        g_autofree char *label = g_strdup_printf("%s%u", prefix, out->len);
        Chardev *chr;

        if (!strcmp(spec, "none")) {
            continue;
        }
        if (!strcmp(spec, "vc") || g_str_has_prefix(spec, "vc:")) {
            error_setg(errp,
                       "%s %s: not supported yet (no graphical "
                       "console)",
                       opt, spec);
            return false;
        }
        chr = chardev_get(label, spec, errp);
        if (!chr) {
            error_prepend(errp, "%s %s", opt, spec);
            return false;
        }
        /* A text monitor on a -chardev ...,mux=on shares it (C-a c). */
        if (out == mon.hmp_chrs && chardev_is_mux(chr)) {
            g_ptr_array_add(mon.mux_chrs, chr);
            continue;
        }
        g_ptr_array_add(out, chr);
    }
    return true;
}

bool monitor_open(GPtrArray *hmp_specs, GPtrArray *qmp_specs, GError **errp)
{
    monitor_lists_init();
    return monitor_open_list(hmp_specs, "-monitor", "monitor", mon.hmp_chrs,
                             errp) &&
           monitor_open_list(qmp_specs, "-qmp", "qmp", mon.qmp_chrs, errp);
}

void monitor_add_mux(Chardev *chr)
{
    monitor_lists_init();
    g_ptr_array_add(mon.mux_chrs, chr);
}

static void monitor_runstate_changed(void *opaque, RunStateEvent ev,
                                     ShutdownCause cause)
{
    qmp_runstate_event(ev, cause);
}

bool monitor_start(Machine *m, GError **errp)
{
    monitor_lists_init();
    mon.machine = m;
    for (guint i = 0; i < mon.hmp_chrs->len; i++) {
        HmpMonitor *h =
            hmp_new(g_ptr_array_index(mon.hmp_chrs, i), false, errp);
        if (!h) {
            return false;
        }
        g_ptr_array_add(mon.hmps, h);
    }
    for (guint i = 0; i < mon.mux_chrs->len; i++) {
        HmpMonitor *h = hmp_new(g_ptr_array_index(mon.mux_chrs, i), true, errp);
        if (!h) {
            return false;
        }
        g_ptr_array_add(mon.hmps, h);
    }
    /* Before the QMP greetings: no run-state change may go unreported. */
    if (mon.qmp_chrs->len && !mon.notifier) {
        runstate_add_notifier(monitor_runstate_changed, NULL);
        mon.notifier = true;
    }
    for (guint i = 0; i < mon.qmp_chrs->len; i++) {
        QmpMonitor *q = qmp_new(g_ptr_array_index(mon.qmp_chrs, i), errp);

        if (!q) {
            return false;
        }
        g_ptr_array_add(mon.qmps, q);
    }
    return true;
}

void monitor_cleanup(void)
{
    if (!mon.hmp_chrs) {
        return;
    }
    if (mon.notifier) {
        runstate_remove_notifier(monitor_runstate_changed, NULL);
        mon.notifier = false;
    }
    for (guint i = 0; i < mon.hmps->len; i++) {
        hmp_free(g_ptr_array_index(mon.hmps, i));
    }
    for (guint i = 0; i < mon.qmps->len; i++) {
        qmp_free(g_ptr_array_index(mon.qmps, i));
    }
    g_ptr_array_free(mon.hmp_chrs, TRUE);
    g_ptr_array_free(mon.mux_chrs, TRUE);
    g_ptr_array_free(mon.qmp_chrs, TRUE);
    g_ptr_array_free(mon.hmps, TRUE);
    g_ptr_array_free(mon.qmps, TRUE);
    memset(&mon, 0, sizeof(mon));
}

Machine *monitor_machine(void)
{
    return mon.machine;
}

CPUState *monitor_cpu(int index, GError **errp)
{
    Machine *m = mon.machine;

    if (!m || m->ncpus == 0) {
        error_setg(errp, "machine '%s' has no CPU", m ? m->mc->name : "(none)");
        return NULL;
    }
    if (index < 0 || index >= m->ncpus) {
        error_setg(errp, "CPU %d does not exist (0 to %d)", index,
                   m->ncpus - 1);
        return NULL;
    }
    return m->cpus[index];
}

void monitor_stop(void)
{
    vm_stop();
}

bool monitor_cont(GError **errp)
{
    RunState s = runstate_get();

    if (s == RUN_STATE_GUEST_SHUTDOWN) {
        /* QEMU's answer too: a powered-off guest cannot just go on. */
        error_setg(errp, "Resetting the Virtual Machine is required");
        return false;
    }
    vm_start();
    return true;
}

void monitor_system_reset(void)
{
    /* SHUTDOWN_HOST_QUIT: asked by the host side (the monitor). */
    runstate_request_reset(SHUTDOWN_HOST_QUIT);
}

bool monitor_system_powerdown(GError **errp)
{
    Machine *m = mon.machine;

    if (!m || !m->mc->powerdown) {
        error_setg(errp,
                   "system_powerdown is not supported by machine "
                   "'%s' (it has no power button)",
                   m ? m->mc->name : "(none)");
        return false;
    }
    m->mc->powerdown(m);
    qmp_broadcast_event("POWERDOWN", NULL);
    return true;
}

void monitor_quit(void)
{
    runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
}

bool monitor_read_virt(CPUState *cpu, uint64_t addr, void *buf, uint64_t len,
                       GError **errp)
{
    uint8_t *out = buf;

    if (!cpu->cc->debug_translate) {
        return monitor_read_phys(addr, buf, len, errp);
    }
    while (len) {
        uint64_t pa, left, n;

        if (!cpu->cc->debug_translate(cpu, addr, &pa, &left)) {
            error_setg(errp,
                       "cannot access memory at 0x%" G_GINT64_MODIFIER
                       "x: not mapped by CPU %d's page tables",
                       addr, cpu->index);
            return false;
        }
        n = MIN(len, left);
        if (!monitor_read_phys(pa, out, n, errp)) {
            return false;
        }
        out += n;
        addr += n;
        len -= n;
    }
    return true;
}

bool monitor_read_phys(uint64_t addr, void *buf, uint64_t len, GError **errp)
{
    Machine *m = mon.machine;
    uint8_t *out = buf;

    if (!m || !m->sysmem) {
        error_setg(errp, "the machine has no memory");
        return false;
    }
    while (len) {
        MemSection s;
        uint64_t n;
        void *p;

        if (!as_lookup(m->sysmem, addr, &s)) {
            error_setg(errp,
                       "cannot access memory at 0x%" G_GINT64_MODIFIER
                       "x: nothing mapped there",
                       addr);
            return false;
        }
        n = MIN(len, s.size - (addr - s.start));
        p = as_ram_ptr(m->sysmem, addr, n, false);
        if (!p) {
            error_setg(errp,
                       "cannot access memory at 0x%" G_GINT64_MODIFIER
                       "x: %s is not RAM or ROM",
                       addr, mr_name(s.mr));
            return false;
        }
        memcpy(out, p, n);
        if (len > n && addr + n < addr) {
            error_setg(errp, "cannot access memory past 2^64");
            return false;
        }
        out += n;
        addr += n;
        len -= n;
    }
    return true;
}
