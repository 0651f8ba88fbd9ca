#include "accel/accel.h"

#include <string.h>

#include "hw/core/machine.h"
#include "util/error.h"
#include "util/keyval.h"

extern const AccelOps tcg_accel_ops;
extern const AccelOps kvm_accel_ops;

static const AccelOps *const accels[] = {
    &tcg_accel_ops,
    &kvm_accel_ops,
};

const AccelOps *accel_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++) {
        if (!strcmp(accels[i]->name, name)) {
            return accels[i];
        }
    }
    return NULL;
}

void accel_print_list(FILE *out)
{
    fprintf(out, "Accelerators supported in this build:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++) {
        fprintf(out, "%-8s %s\n", accels[i]->name, accels[i]->desc);
    }
}

const AccelOps *accel_configure(const char *spec, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(spec, "accel", errp);
    const AccelOps *ops;
    const char *name;

    if (!kv) {
        return NULL;
    }
    name = keyval_get(kv, "accel");
    if (!name) {
        error_setg(errp, "-accel %s: no accelerator named", spec);
        return NULL;
    }
    ops = accel_find(name);
    if (!ops) {
        error_setg(errp, "-accel %s: unknown accelerator '%s' (try -accel "
                   "help)", spec, name);
        return NULL;
    }
    if (ops->configure && !ops->configure(kv, errp)) {
        error_prepend(errp, "-accel %s", spec);
        return NULL;
    }
    if (!keyval_check_unused(kv, "-accel", errp)) {
        return NULL;
    }
    return ops;
}

bool accel_init_machine(const AccelOps *ops, Machine *m, GError **errp)
{
    m->accel = ops;
    if (!ops->init(m, errp)) {
        error_prepend(errp, "-accel %s", ops->name);
        return false;
    }
    return true;
}

bool accel_create_vcpus(Machine *m, GError **errp)
{
    const AccelOps *ops = m->accel;

    for (int i = 0; i < m->ncpus; i++) {
        if (!ops->vcpu_create(m->cpus[i], errp)) {
            error_prepend(errp, "-accel %s: CPU %d", ops->name, i);
            return false;
        }
    }
    return true;
}
