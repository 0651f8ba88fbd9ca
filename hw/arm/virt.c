/*
 * virt: the AArch64 board, for now in its minimal form for bare-metal
 * programs (the full board with GIC, timer, RTC, virtio and a DTB is its
 * own issue). The memory map follows the reference's virt board:
 *
 *   0x09000000  PL011 UART on -serial (its IRQ unconnected: no GIC yet)
 *   0x40000000  RAM (-m)
 *
 * Boot: -kernel takes an ELF (loaded at its physical addresses, entry
 * from the header) or a Linux arm64 Image (at RAM + text_offset, entry at
 * its first byte; no DTB is passed yet). CPU 0 starts there at EL1h with
 * the MMU off and interrupts masked; other CPUs stay powered off until
 * PSCI arrives. With semihosting, SYS_GET_CMDLINE returns the kernel name
 * and -append, and SYS_HEAPINFO the RAM above the image.
 */
#include <string.h>

#include "hw/char/pl011.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "target/arm/cpu.h"
#include "target/arm/semihosting.h"
#include "util/error.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

enum {
    VIRT_UART,
    VIRT_MEM,
    VIRT_COUNT,
};

typedef struct VirtRange {
    uint64_t base, size;
} VirtRange;

static const VirtRange virt_memmap[VIRT_COUNT] = {
    [VIRT_UART] = { 0x09000000, PL011_REGION_SIZE },
    [VIRT_MEM] = { 0x40000000, 255 * GiB },
};

typedef struct Virt {
    PL011 *uart;
    bool uart_mapped;
    uint64_t entry;
} Virt;

static bool virt_load_kernel(Machine *m, Virt *vm, GError **errp)
{
    uint64_t ram_base = virt_memmap[VIRT_MEM].base;
    LoaderFormat fmt;
    LoaderImage *img;
    uint64_t end;

    if (!loader_identify(m->kernel, &fmt, errp)) {
        return false;
    }
    switch (fmt) {
    case LOADER_FORMAT_ELF:
        img = loader_load_elf(m->kernel, LOADER_EM_AARCH64, errp);
        break;
    case LOADER_FORMAT_ARM64_IMAGE:
    case LOADER_FORMAT_GZIP:
        img = loader_load_arm64_image(m->kernel, ram_base, errp);
        break;
    default:
        error_setg(errp, "%s: not an AArch64 ELF or arm64 Image", m->kernel);
        return false;
    }
    if (!img || !loader_check_ranges(img, ram_base, m->ram_size, errp)) {
        loader_image_free(img);
        return false;
    }
    vm->entry = loader_image_entry(img);
    end = loader_image_end(img);
    if (!machine_install_image(m, img, errp)) {
        return false;
    }

    g_autofree char *cmdline =
        m->append ? g_strdup_printf("%s %s", m->kernel, m->append)
                  : g_strdup(m->kernel);
    arm_semihosting_set_cmdline(cmdline);
    arm_semihosting_set_heap(end, ram_base + m->ram_size,
                             ram_base + m->ram_size, end);
    return true;
}

static void virt_boot_cpus(Machine *m, Virt *vm)
{
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_set_reset_pc(m->cpus[i], vm->entry);
        /* Secondaries wait for PSCI CPU_ON, which is not there yet. */
        m->cpus[i]->halted = i != 0;
    }
}

static bool virt_init(Machine *m, GError **errp)
{
    Virt *vm;

    if (m->ram_size > virt_memmap[VIRT_MEM].size) {
        error_setg(errp, "-m: virt takes at most 255 GiB");
        return false;
    }
    if (!m->kernel) {
        error_setg(errp, "-M virt: no firmware yet: -kernel is required");
        return false;
    }
    if (m->bios || m->dtb || m->initrd) {
        error_setg(errp, "-M virt: %s not supported yet",
                   m->bios ? "-bios" : m->dtb ? "-dtb" : "-initrd");
        return false;
    }

    vm = g_new0(Virt, 1);
    m->board = vm;
    if (!machine_create_ram(m, virt_memmap[VIRT_MEM].base, errp)) {
        error_prepend(errp, "-m: ");
        return false;
    }
    vm->uart = pl011_create("pl011", m->serial[0], NULL);
    if (!as_map(m->sysmem, virt_memmap[VIRT_UART].base,
                pl011_region(vm->uart), 0, errp)) {
        return false;
    }
    vm->uart_mapped = true;

    for (int i = 0; i < m->smp; i++) {
        CPUState *cpu = arm_cpu_create(m->cpu_model, i, errp);

        if (!cpu) {
            return false;
        }
        machine_add_cpu(m, cpu);
    }
    if (!virt_load_kernel(m, vm, errp)) {
        return false;
    }
    virt_boot_cpus(m, vm);
    return true;
}

static void virt_reset(Machine *m)
{
    Virt *vm = m->board;

    pl011_reset(vm->uart);
    virt_boot_cpus(m, vm);
}

static void virt_cleanup(Machine *m)
{
    Virt *vm = m->board;

    if (!vm) {
        return;
    }
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_free(m->cpus[i]);
        m->cpus[i] = NULL;
    }
    m->ncpus = 0;
    if (vm->uart_mapped) {
        as_unmap(m->sysmem, pl011_region(vm->uart));
    }
    pl011_free(vm->uart);
    g_free(vm);
    m->board = NULL;
}

const MachineClass virt_machine_class = {
    .name = "virt",
    .desc = "AArch64 virt (minimal: RAM, PL011; GIC, timer, virtio to come)",
    .default_cpu = "cortex-a57",
    .default_ram = 128 * MiB,
    .max_cpus = 8,
    .init = virt_init,
    .reset = virt_reset,
    .cleanup = virt_cleanup,
};
