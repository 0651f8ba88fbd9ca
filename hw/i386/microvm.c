/*
 * microvm: a minimal x86-64 board for direct Linux boot, after the
 * firmware-less machines of QEMU and Firecracker.
 *
 * Devices: an 8250/16550A UART at port 3F8h (IRQ 4) on -serial, an i8042
 * for the reset command, ACPI sleep registers for poweroff (in MMIO, so
 * both kinds of KVM exit reach real devices), and the
 * interrupt controllers (one local APIC per CPU, an IOAPIC, PIC and PIT),
 * which are KVM's in-kernel ones: under -accel tcg the board refuses to
 * start until the x86-64 JIT frontend brings user-space models.
 * Eight virtio-mmio slots at FEB00000h (0x200 each, GSIs 16-23, level
 * triggered, active high) take the -device and if=virtio devices in
 * command-line order, slot 0 first; the DSDT announces each populated
 * slot as an LNRO0005 device, because Debian's kernel does not take
 * virtio_mmio.device= on its command line (VIRTIO_MMIO_CMDLINE_DEVICES
 * is unset) and reads ACPI instead.
 *
 * Boot: no firmware. The board loads a bzImage and its initrd, writes
 * ACPI tables, a boot_params "zero page" with the command line and an
 * e820 map, a GDT and identity-mapped page tables, and starts the boot
 * CPU in 64-bit mode at the kernel's 64-bit entry point with RSI pointing
 * at boot_params (Documentation/arch/x86/boot.rst, "64-bit Boot
 * Protocol"). The other CPUs wait for the kernel's INIT/SIPI.
 *
 * Poweroff (ACPI S5) ends kestrel with status 0; reboot (the i8042 reset
 * command, ACPI's reset register which points at it, or a triple fault)
 * resets the machine, or ends it under -no-reboot.
 */
#include "hw/i386/microvm.h"

#include <string.h>

#include "hw/acpi/sleep.h"
#include "hw/char/serial.h"
#include "hw/core/irq.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "hw/input/i8042.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-registry.h"
#include "accel/accel.h"
#include "target/i386/cpu.h"
#include "util/error.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)

const MicrovmRange microvm_memmap[MICROVM_MEM_COUNT] = {
    [MICROVM_MEM_LOWRAM] = {0, 3 * GiB},
    [MICROVM_MEM_ACPI] = {0xe0000, 0x20000},
    [MICROVM_MEM_SLEEP] = {0xfea00000, ACPI_SLEEP_REGION_SIZE},
    [MICROVM_MEM_VIRTIO] = {0xfeb00000,
                            MICROVM_VIRTIO_SLOTS *MICROVM_VIRTIO_SLOT_SIZE},
    [MICROVM_MEM_IOAPIC] = {0xfec00000, 0x1000},
    [MICROVM_MEM_LAPIC] = {0xfee00000, 0x1000},
    [MICROVM_MEM_HIGHRAM] = {4 * GiB, 1ull << 40},
};

const MicrovmRange microvm_piomap[MICROVM_PIO_COUNT] = {
    [MICROVM_PIO_I8042_DATA] = {0x60, 1},
    [MICROVM_PIO_I8042_CMD] = {0x64, 1},
    [MICROVM_PIO_COM1] = {0x3f8, SERIAL_REGION_SIZE},
};

/* Where the boot structures go, in low RAM below the EBDA. */
#define BOOT_GDT 0x500
#define BOOT_ZERO_PAGE 0x7000
#define BOOT_PML4 0x9000
#define BOOT_PDPT 0xa000
#define BOOT_PD 0xb000 /* four page directories: 4 GiB */
#define BOOT_CMDLINE 0x20000
/*
 * Real-mode F000:FFF0, where Linux jumps when its other ways to reboot
 * fail (arch/x86/kernel/reboot.c, BOOT_BIOS); on hardware-reduced ACPI
 * without EFI it goes there first. A PC's firmware would reset the
 * machine from there; this stub does it with the i8042's reset command:
 * mov al, 0xfe; out 0x64, al; hlt.
 */
#define BOOT_RESET_STUB 0xffff0
#define BOOT_LOWMEM_END 0xa0000 /* VGA hole and BIOS area above */

/* GDT selectors the 64-bit boot protocol names (__BOOT_CS, __BOOT_DS). */
#define BOOT_CS 0x10
#define BOOT_DS 0x18

/* boot_params offsets (Documentation/arch/x86/zero-page.rst). */
#define ZP_ACPI_RSDP_ADDR 0x070
#define ZP_EXT_RAMDISK_IMAGE 0x0c0
#define ZP_EXT_RAMDISK_SIZE 0x0c4
#define ZP_EXT_CMD_LINE_PTR 0x0c8
#define ZP_E820_ENTRIES 0x1e8
#define ZP_TYPE_OF_LOADER 0x210
#define ZP_RAMDISK_IMAGE 0x218
#define ZP_RAMDISK_SIZE 0x21c
#define ZP_CMD_LINE_PTR 0x228
#define ZP_E820_TABLE 0x2d0
#define ZP_E820_MAX 128
#define ZP_SIZE 0x1000

#define E820_RAM 1
#define E820_RESERVED 2

#define PTE_PRESENT 0x1
#define PTE_RW 0x2
#define PTE_PS 0x80

typedef struct Microvm {
    Serial *com1;
    I8042 *i8042;
    AcpiSleep *sleep;
    IrqLine **irqs;
    VirtioMmio *mmio[MICROVM_VIRTIO_SLOTS];
    unsigned virtio_slots; /* bit i: slot i has a device */
    MemoryRegion *ram_lo, *ram_hi; /* aliases when RAM passes 3 GiB */
    const LoaderBzImageInfo *bz;
    uint64_t entry;
    uint64_t initrd_addr, initrd_size;
    uint64_t below_4g, above_4g;
} Microvm;

static void microvm_set_irq(void *opaque, int n, int level)
{
    Machine *m = opaque;

    m->accel->set_irq(m, n, level);
}

static bool microvm_map_io(Machine *m, int idx, MemoryRegion *mr, GError **errp)
{
    return as_map(m->io, microvm_piomap[idx].base, mr, 0, errp);
}

/*
 * Slot i at FEB00000h + i * 0x200 on GSI 16 + i. Filled from slot 0, and
 * the DSDT lists the slots in order, so Linux probes the first device
 * on the command line first (the first disk becomes vda).
 */
static bool microvm_create_virtio(Machine *m, Microvm *vm, GError **errp)
{
    for (int i = 0; i < MICROVM_VIRTIO_SLOTS; i++) {
        g_autofree char *name = g_strdup_printf("virtio-mmio.%d", i);
        uint64_t base = microvm_memmap[MICROVM_MEM_VIRTIO].base +
                        i * MICROVM_VIRTIO_SLOT_SIZE;

        vm->mmio[i] = virtio_mmio_create(name, m->sysmem, virtio_device_take(),
                                         vm->irqs[MICROVM_IRQ_VIRTIO + i]);
        if (virtio_mmio_device(vm->mmio[i])) {
            vm->virtio_slots |= 1u << i;
        }
        if (!as_map(m->sysmem, base, virtio_mmio_region(vm->mmio[i]), 0,
                    errp)) {
            return false;
        }
    }
    return true;
}

static bool microvm_create_ram(Machine *m, Microvm *vm, GError **errp)
{
    uint64_t hole = microvm_memmap[MICROVM_MEM_LOWRAM].size;

    vm->below_4g = MIN(m->ram_size, hole);
    vm->above_4g = m->ram_size - vm->below_4g;
    if (!vm->above_4g) {
        return machine_create_ram(m, 0, errp);
    }
    /* Split around the MMIO hole below 4 GiB. */
    m->ram = mr_new_ram("microvm.ram", m->ram_size, errp);
    if (!m->ram) {
        return false;
    }
    vm->ram_lo = mr_new_alias("microvm.ram-below-4g", m->ram, 0, vm->below_4g);
    vm->ram_hi = mr_new_alias("microvm.ram-above-4g", m->ram, vm->below_4g,
                              vm->above_4g);
    return as_map(m->sysmem, 0, vm->ram_lo, 0, errp) &&
           as_map(m->sysmem, microvm_memmap[MICROVM_MEM_HIGHRAM].base,
                  vm->ram_hi, 0, errp);
}

static bool microvm_load_kernel(Machine *m, Microvm *vm, GError **errp)
{
    LoaderImage *k, *rd;
    uint64_t hi;

    k = loader_load_bzimage(m->kernel, errp);
    if (!k || !loader_check_ranges(k, 0, vm->below_4g, errp)) {
        loader_image_free(k);
        error_prepend(errp, "-kernel");
        return false;
    }
    vm->bz = loader_image_bzimage(k);
    vm->entry = loader_image_entry(k);
    if (!(vm->bz->xloadflags & LOADER_BZ_XLF_KERNEL_64)) {
        error_setg(errp, "-kernel %s: the kernel has no 64-bit entry point",
                   m->kernel);
        loader_image_free(k);
        return false;
    }
    if (m->append && strlen(m->append) >= vm->bz->cmdline_size) {
        error_setg(errp,
                   "-append: command line of %zu bytes, the kernel "
                   "takes at most %u",
                   strlen(m->append), vm->bz->cmdline_size - 1);
        loader_image_free(k);
        return false;
    }
    uint64_t kernel_end = loader_image_end(k);

    if (!machine_install_image(m, k, errp)) {
        return false;
    }
    if (!m->initrd) {
        return true;
    }
    hi = vm->below_4g;
    if (vm->bz->initrd_addr_max && vm->bz->initrd_addr_max + 1ull < hi) {
        hi = vm->bz->initrd_addr_max + 1ull;
    }
    rd = loader_load_initrd(m->initrd, kernel_end, hi, 4096, LOADER_PLACE_HIGH,
                            errp);
    if (!rd) {
        error_prepend(errp, "-initrd");
        return false;
    }
    vm->initrd_addr = loader_image_start(rd);
    vm->initrd_size = loader_image_end(rd) - vm->initrd_addr;
    return machine_install_image(m, rd, errp);
}

static void microvm_write(Machine *m, uint64_t addr, const void *buf,
                          size_t len)
{
    /* Boot structures lie in low RAM, which every board size has. */
    MemTxResult r = as_write_rom(m->sysmem, addr, buf, len);

    g_assert(r == MEMTX_OK);
}

static void zp_put(uint8_t *zp, unsigned off, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        zp[off + i] = v >> (8 * i);
    }
}

static unsigned microvm_e820(Microvm *vm, uint8_t *zp)
{
    const struct {
        uint64_t addr, size;
        uint32_t type;
    } map[] = {
        {0, BOOT_LOWMEM_END, E820_RAM},
        {microvm_memmap[MICROVM_MEM_ACPI].base,
         microvm_memmap[MICROVM_MEM_ACPI].size, E820_RESERVED},
        {1 * MiB, vm->below_4g - 1 * MiB, E820_RAM},
        {microvm_memmap[MICROVM_MEM_HIGHRAM].base, vm->above_4g, E820_RAM},
    };
    unsigned n = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        uint8_t *e = zp + ZP_E820_TABLE + 20 * n;

        if (!map[i].size) {
            continue;
        }
        zp_put(e, 0, map[i].addr, 8);
        zp_put(e, 8, map[i].size, 8);
        zp_put(e, 16, map[i].type, 4);
        n++;
    }
    return n;
}

/* boot_params with the kernel's setup header, command line, e820, initrd
 * and the RSDP address (boot.rst, "Details of header fields"). */
static void microvm_write_zero_page(Machine *m, Microvm *vm)
{
    g_autofree uint8_t *zp = g_malloc0(ZP_SIZE);
    const char *cmdline = m->append ? m->append : "";

    memcpy(zp + LOADER_BZ_HDR_START, vm->bz->setup + LOADER_BZ_HDR_START,
           vm->bz->hdr_end - LOADER_BZ_HDR_START);
    zp[ZP_TYPE_OF_LOADER] = 0xff; /* no registered loader ID */
    zp_put(zp, ZP_CMD_LINE_PTR, BOOT_CMDLINE, 4);
    zp_put(zp, ZP_EXT_CMD_LINE_PTR, 0, 4);
    zp_put(zp, ZP_RAMDISK_IMAGE, vm->initrd_addr, 4);
    zp_put(zp, ZP_RAMDISK_SIZE, vm->initrd_size, 4);
    zp_put(zp, ZP_EXT_RAMDISK_IMAGE, vm->initrd_addr >> 32, 4);
    zp_put(zp, ZP_EXT_RAMDISK_SIZE, vm->initrd_size >> 32, 4);
    zp_put(zp, ZP_ACPI_RSDP_ADDR, microvm_memmap[MICROVM_MEM_ACPI].base, 8);
    zp[ZP_E820_ENTRIES] = microvm_e820(vm, zp);

    microvm_write(m, BOOT_ZERO_PAGE, zp, ZP_SIZE);
    microvm_write(m, BOOT_CMDLINE, cmdline, strlen(cmdline) + 1);
}

/*
 * A GDT with flat 64-bit code and data at the boot selectors, and page
 * tables identity-mapping the first 4 GiB with 2 MiB pages (SDM Vol. 3,
 * 4.5): the kernel, boot_params and the command line all lie there.
 */
static void microvm_write_boot_tables(Machine *m)
{
    const uint64_t gdt[4] = {
        0, 0, 0x00af9b000000ffffull, /* BOOT_CS: present, DPL 0, code, L=1 */
        0x00cf93000000ffffull,       /* BOOT_DS: present, DPL 0, data, 4 GiB */
    };
    g_autofree uint64_t *pt = g_malloc0(6 * 4096);
    uint64_t *pml4 = pt, *pdpt = pt + 512, *pd = pt + 1024;

    pml4[0] = BOOT_PDPT | PTE_PRESENT | PTE_RW;
    for (int i = 0; i < 4; i++) {
        pdpt[i] = (BOOT_PD + 4096 * i) | PTE_PRESENT | PTE_RW;
    }
    for (int i = 0; i < 4 * 512; i++) {
        pd[i] = (uint64_t)i * 2 * MiB | PTE_PRESENT | PTE_RW | PTE_PS;
    }
    static const uint8_t reset_stub[] = {0xb0, 0xfe, 0xe6, 0x64, 0xf4};

    microvm_write(m, BOOT_GDT, gdt, sizeof(gdt));
    microvm_write(m, BOOT_PML4, pt, 6 * 4096);
    microvm_write(m, BOOT_RESET_STUB, reset_stub, sizeof(reset_stub));
}

/* Long mode, paging on, at the 64-bit entry with RSI = boot_params. */
static void microvm_boot_cpu(Machine *m, Microvm *vm)
{
    X86CPUState *env = x86_env(m->cpus[0]);

    x86_cpu_set_seg_flat(&env->segs[X86_SEG_CS], BOOT_CS, true);
    for (int i = 0; i < X86_NB_SEGS; i++) {
        if (i != X86_SEG_CS) {
            x86_cpu_set_seg_flat(&env->segs[i], BOOT_DS, false);
        }
    }
    env->gdt.base = BOOT_GDT;
    env->gdt.limit = 4 * 8 - 1;
    env->idt.base = 0;
    env->idt.limit = 0;
    env->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG;
    env->cr3 = BOOT_PML4;
    env->cr4 = X86_CR4_PAE;
    env->efer = X86_EFER_LME | X86_EFER_LMA;
    env->rflags = X86_RFLAGS_FIXED;
    env->rip = vm->entry;
    env->regs[X86_R_RSI] = BOOT_ZERO_PAGE;
    env->dirty = true;
}

static void microvm_setup_boot(Machine *m, Microvm *vm)
{
    GByteArray *acpi =
        microvm_acpi_build(m, vm->virtio_slots,
                           microvm_memmap[MICROVM_MEM_ACPI].base);

    g_assert(acpi->len <= microvm_memmap[MICROVM_MEM_ACPI].size);
    microvm_write(m, microvm_memmap[MICROVM_MEM_ACPI].base, acpi->data,
                  acpi->len);
    g_byte_array_unref(acpi);
    microvm_write_zero_page(m, vm);
    microvm_write_boot_tables(m);
    microvm_boot_cpu(m, vm);
}

static bool microvm_init(Machine *m, GError **errp)
{
    Microvm *vm;

    /* The interrupt controllers are the accelerator's (KVM's in-kernel
     * irqchip) until the x86-64 JIT frontend brings its own. */
    if (!m->accel || !m->accel->set_irq) {
        error_setg(errp, "-M microvm: x86-64 TCG frontend not available "
                         "yet");
        return false;
    }
    if (m->cpu_model && strcmp(m->cpu_model, "host") &&
        strcmp(m->cpu_model, "max")) {
        error_setg(errp, "-cpu %s: microvm under KVM offers 'host' only",
                   m->cpu_model);
        return false;
    }
    if (!m->kernel) {
        error_setg(errp, "-M microvm: no firmware: -kernel is required");
        return false;
    }
    if (m->dtb || m->bios) {
        error_setg(errp, "-M microvm takes no %s", m->dtb ? "-dtb" : "-bios");
        return false;
    }
    if (m->ram_size < 32 * MiB) {
        error_setg(errp, "-m: microvm needs at least 32 MiB");
        return false;
    }

    vm = g_new0(Microvm, 1);
    m->board = vm;
    m->io = as_new("io");
    if (!microvm_create_ram(m, vm, errp)) {
        error_prepend(errp, "-m");
        return false;
    }

    vm->irqs = irq_new_array(microvm_set_irq, m, MICROVM_IOAPIC_PINS);
    vm->com1 = serial_create("com1", m->serial[0], vm->irqs[MICROVM_IRQ_COM1]);
    vm->i8042 = i8042_create();
    vm->sleep = acpi_sleep_create();
    if (!microvm_map_io(m, MICROVM_PIO_COM1, serial_region(vm->com1), errp) ||
        !microvm_map_io(m, MICROVM_PIO_I8042_DATA, i8042_data_region(vm->i8042),
                        errp) ||
        !microvm_map_io(m, MICROVM_PIO_I8042_CMD, i8042_cmd_region(vm->i8042),
                        errp) ||
        !as_map(m->sysmem, microvm_memmap[MICROVM_MEM_SLEEP].base,
                acpi_sleep_region(vm->sleep), 0, errp) ||
        !microvm_create_virtio(m, vm, errp)) {
        return false;
    }

    for (int i = 0; i < m->smp; i++) {
        machine_add_cpu(m, &x86_cpu_new(i)->parent);
    }
    if (!microvm_load_kernel(m, vm, errp)) {
        return false;
    }
    microvm_setup_boot(m, vm);
    return true;
}

static void microvm_reset(Machine *m)
{
    Microvm *vm = m->board;

    serial_reset(vm->com1);
    i8042_reset(vm->i8042);
    for (int i = 0; i < MICROVM_VIRTIO_SLOTS; i++) {
        virtio_mmio_reset(vm->mmio[i]);
    }
    microvm_setup_boot(m, vm);
}

static void microvm_cleanup(Machine *m)
{
    Microvm *vm = m->board;

    if (!vm) {
        return;
    }
    for (int i = 0; i < m->ncpus; i++) {
        x86_cpu_free(x86_cpu(m->cpus[i]));
        m->cpus[i] = NULL;
    }
    m->ncpus = 0;
    if (m->io) {
        as_free(m->io); /* unmaps the devices' regions */
        m->io = NULL;
    }
    if (vm->sleep) {
        as_unmap(m->sysmem, acpi_sleep_region(vm->sleep));
    }
    for (int i = 0; i < MICROVM_VIRTIO_SLOTS; i++) {
        if (vm->mmio[i]) {
            as_unmap(m->sysmem, virtio_mmio_region(vm->mmio[i]));
            virtio_mmio_free(vm->mmio[i]);
        }
    }
    serial_free(vm->com1);
    i8042_free(vm->i8042);
    acpi_sleep_free(vm->sleep);
    if (vm->irqs) {
        irq_free_array(vm->irqs);
    }
    if (vm->ram_lo) {
        as_unmap(m->sysmem, vm->ram_lo);
        as_unmap(m->sysmem, vm->ram_hi);
        mr_free(vm->ram_lo);
        mr_free(vm->ram_hi);
        mr_free(m->ram);
        m->ram = NULL;
    }
    g_free(vm);
    m->board = NULL;
}

const MachineClass microvm_machine_class = {
    .name = "microvm",
    .desc = "x86-64 microvm: 16550A UART, virtio-mmio, ACPI, direct Linux boot "
            "(KVM)",
    .default_cpu = "host",
    .default_ram = 256 * MiB,
    .max_cpus = MACHINE_MAX_CPUS,
    .init = microvm_init,
    .reset = microvm_reset,
    .cleanup = microvm_cleanup,
};
