/*
 * The "none" machine: RAM at address 0 and nothing else — no CPU, no
 * devices. It runs the command line, the loaders, the chardevs and the
 * main loop end to end, and is a base for tests of those parts.
 *
 * -kernel loads an ELF at its physical addresses (any architecture), or a
 * raw binary at 0; -bios loads a raw binary at 0. The guest cannot run
 * (there is no CPU); the machine waits, like QEMU's, until it is told to
 * quit (C-a x, a signal).
 */
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "util/error.h"

static bool null_machine_load(Machine *m, const char *opt, const char *path,
                              GError **errp)
{
    LoaderFormat fmt;
    LoaderImage *img;

    if (!loader_identify(path, &fmt, errp)) {
        goto fail;
    }
    if (fmt == LOADER_FORMAT_ELF) {
        img = loader_load_elf(path, LOADER_EM_ANY, errp);
    } else {
        img = loader_load_raw(path, 0, errp);
    }
    if (!img || !loader_check_ranges(img, 0, m->ram_size, errp)) {
        loader_image_free(img);
        goto fail;
    }
    if (!machine_install_image(m, img, errp)) {
        goto fail;
    }
    return true;

fail:
    error_prepend(errp, "%s", opt);
    return false;
}

static bool null_machine_init(Machine *m, GError **errp)
{
    if (m->initrd || m->append || m->dtb) {
        error_setg(errp, "machine 'none' takes no %s",
                   m->initrd ? "-initrd" : m->append ? "-append" : "-dtb");
        return false;
    }
    if (!machine_create_ram(m, 0, errp)) {
        error_prepend(errp, "-m");
        return false;
    }
    if (m->bios && !null_machine_load(m, "-bios", m->bios, errp)) {
        return false;
    }
    if (m->kernel && !null_machine_load(m, "-kernel", m->kernel, errp)) {
        return false;
    }
    return true;
}

const MachineClass null_machine_class = {
    .name = "none",
    .desc = "empty machine: RAM at 0, no CPU, no devices",
    .is_default = true,
    .default_ram = 128 * 1024 * 1024,
    .max_cpus = 1,
    .init = null_machine_init,
};
