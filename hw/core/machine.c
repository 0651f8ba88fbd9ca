#include "hw/core/machine.h"

#include <string.h>

#include "accel/accel.h"
#include "hw/core/loader.h"
#include "hw/core/memory.h"
#include "util/error.h"

static GPtrArray *machine_classes;

void machine_register(const MachineClass *mc)
{
    if (!machine_classes) {
        machine_classes = g_ptr_array_new();
    }
    g_assert(!machine_find(mc->name));
    g_ptr_array_add(machine_classes, (gpointer)mc);
}

const MachineClass *machine_find(const char *name)
{
    if (!machine_classes) {
        return NULL;
    }
    for (guint i = 0; i < machine_classes->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machine_classes, i);

        if (!strcmp(mc->name, name)) {
            return mc;
        }
    }
    return NULL;
}

const MachineClass *machine_default(void)
{
    for (guint i = 0; machine_classes && i < machine_classes->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machine_classes, i);

        if (mc->is_default) {
            return mc;
        }
    }
    return NULL;
}

void machine_print_list(FILE *out)
{
    fprintf(out, "Supported machines are:\n");
    for (guint i = 0; machine_classes && i < machine_classes->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machine_classes, i);

        fprintf(out, "%-20s %s%s\n", mc->name, mc->desc,
                mc->is_default ? " (default)" : "");
    }
}

Machine *machine_new(const MachineClass *mc)
{
    Machine *m = g_new0(Machine, 1);

    m->mc = mc;
    m->ram_size = mc->default_ram;
    m->smp = 1;
    m->sysmem = as_new("system");
    m->images = g_ptr_array_new_with_free_func(
        (GDestroyNotify)loader_image_free);
    return m;
}

bool machine_set_prop(Machine *m, const char *key, const char *value,
                      GError **errp)
{
    if (!m->mc->set_prop) {
        error_setg(errp, "machine '%s' has no property '%s'", m->mc->name,
                   key);
        return false;
    }
    return m->mc->set_prop(m, key, value, errp);
}

bool machine_init(Machine *m, GError **errp)
{
    if (m->smp < 1 || m->smp > m->mc->max_cpus) {
        error_setg(errp, "-smp %d: machine '%s' supports 1 to %d CPUs",
                   m->smp, m->mc->name, m->mc->max_cpus);
        return false;
    }
    return m->mc->init(m, errp);
}

static bool machine_write_image(void *opaque, uint64_t addr,
                                const void *buf, uint64_t len)
{
    Machine *m = opaque;

    return as_write_rom(m->sysmem, addr, buf, len) == MEMTX_OK;
}

bool machine_install_image(Machine *m, LoaderImage *img, GError **errp)
{
    if (!loader_commit(img, machine_write_image, m, errp)) {
        loader_image_free(img);
        return false;
    }
    g_ptr_array_add(m->images, img);
    return true;
}

void machine_reset(Machine *m)
{
    for (int i = 0; i < m->ncpus; i++) {
        m->cpus[i]->cc->reset(m->cpus[i]);
    }
    if (m->mc->reset) {
        m->mc->reset(m);
    }
    for (guint i = 0; i < m->images->len; i++) {
        GError *err = NULL;

        /* It was written once at start-up, so it fits: assert that. */
        if (!loader_commit(g_ptr_array_index(m->images, i),
                           machine_write_image, m, &err)) {
            g_error("reset: %s", err->message);
        }
    }
}

void machine_free(Machine *m)
{
    if (!m) {
        return;
    }
    if (m->accel && m->accel->cleanup) {
        m->accel->cleanup(m);
    }
    if (m->mc->cleanup) {
        m->mc->cleanup(m);
    }
    if (m->ram) {
        as_unmap(m->sysmem, m->ram);
        mr_free(m->ram);
    }
    g_ptr_array_free(m->images, TRUE);
    if (m->sysmem) {
        as_free(m->sysmem);
    }
    g_free(m);
}

bool machine_create_ram(Machine *m, uint64_t base, GError **errp)
{
    g_autofree char *name = g_strdup_printf("%s.ram", m->mc->name);

    m->ram = mr_new_ram(name, m->ram_size, errp);
    if (!m->ram) {
        return false;
    }
    return as_map(m->sysmem, base, m->ram, 0, errp);
}

void machine_add_cpu(Machine *m, CPUState *cpu)
{
    g_assert(m->ncpus < MACHINE_MAX_CPUS);
    cpu->index = m->ncpus;
    cpu->as = m->sysmem;
    m->cpus[m->ncpus++] = cpu;
}
