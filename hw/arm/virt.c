/*
 * virt: the AArch64 board for guests written for the reference's "virt"
 * machine (Linux, firmware, bare-metal tests). Memory map and interrupts:
 *
 *   0x00000000  flash, 2 x 64 MiB (ROM here; -bios goes at 0)
 *   0x08000000  GIC distributor (v2: 4 KiB, v3: 64 KiB)
 *   0x08010000  GICv2 CPU interface (8 KiB)
 *   0x080a0000  GICv3 redistributors (128 KiB per CPU)
 *   0x09000000  PL011 UART on -serial               SPI 1
 *   0x09010000  PL031 RTC                           SPI 2
 *   0x09030000  PL061 GPIO, pin 3 the power button  SPI 7
 *   0x0a000000  32 virtio-mmio transports, 0x200    SPI 16..47
 *   0x40000000  RAM (-m)
 *
 * Each CPU's generic timers go to its PPIs 14 (physical) and 11
 * (virtual); PSCI is reached by HVC. The device tree (virt-fdt.c)
 * describes all of it.
 *
 * Boot: -kernel takes a Linux arm64 Image (plain or gzip'd) and follows
 * Linux's Documentation/arch/arm64/booting.rst (DTB and initrd placed
 * after the kernel, x0 = DTB, EL1, MMU off), or an ELF for bare-metal
 * programs (entry from the header, x0 = DTB too). -bios puts firmware in
 * flash and starts the CPU at 0 with the DTB at the start of RAM. CPUs
 * other than 0 wait, powered off, for PSCI CPU_ON.
 *
 * system_powerdown presses the power button: pin 3 of the PL061 high for
 * 100 ms of guest time, which Linux's gpio-keys reports as KEY_POWER.
 *
 * Not modelled: the reference's fw-cfg, PCIe host, CFI flash commands (flash is read-only), secure/EL2/EL3 modes,
 * GICv2m and the ITS.
 */
#include <string.h>

#include "hw/arm/virt.h"
#include "hw/char/pl011.h"
#include "hw/core/irq.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/gpio/pl061.h"
#include "util/timer.h"
#include "hw/rtc/pl031.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-registry.h"
#include "target/arm/cpu.h"
#include "target/arm/semihosting.h"
#include "util/error.h"
#include "util/keyval.h"

#include <libfdt.h>

const VirtRange virt_memmap[VIRT_COUNT] = {
    [VIRT_FLASH] = { 0x00000000, 0x08000000 },
    [VIRT_GIC_DIST] = { 0x08000000, 0x00010000 },
    [VIRT_GIC_CPU] = { 0x08010000, 0x00010000 },
    [VIRT_GIC_REDIST] = { 0x080a0000, 0x00f60000 },
    [VIRT_UART] = { 0x09000000, 0x00001000 },
    [VIRT_RTC] = { 0x09010000, 0x00001000 },
    [VIRT_GPIO] = { 0x09030000, 0x00001000 },
    [VIRT_MMIO] = { 0x0a000000, 0x00000200 },
    [VIRT_MEM] = { 0x40000000, 255 * VIRT_GiB },
};

/* With highmem=off everything, RAM included, stays below 4 GiB. */
#define VIRT_LOWMEM_RAM_MAX (3 * VIRT_GiB)

/* ---- -M virt,KEY=VALUE ---- */

static Virt *virt_state(Machine *m)
{
    if (!m->board) {
        Virt *vm = g_new0(Virt, 1);

        vm->gic_version = 2;
        vm->highmem = true;
        m->board = vm;
    }
    return m->board;
}

static bool virt_set_prop(Machine *m, const char *key, const char *value,
                          GError **errp)
{
    Virt *vm = virt_state(m);

    if (!strcmp(key, "gic-version")) {
        /* "max" is the newest the emulator has: 3. */
        if (!strcmp(value, "2")) {
            vm->gic_version = 2;
        } else if (!strcmp(value, "3") || !strcmp(value, "max")) {
            vm->gic_version = 3;
        } else {
            error_setg(errp, "gic-version=%s: expected 2, 3 or max", value);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "dumpdtb")) {
        g_free(vm->dumpdtb);
        vm->dumpdtb = g_strdup(value);
        return true;
    }
    if (!strcmp(key, "highmem")) {
        if (!parse_bool(value, &vm->highmem, errp)) {
            error_prepend(errp, "highmem");
            return false;
        }
        return true;
    }
    error_setg(errp, "machine 'virt' has no property '%s' "
               "(try -M virt,help)", key);
    return false;
}

/* ---- Helpers ---- */

static bool virt_map(Machine *m, Virt *vm, uint64_t base, MemoryRegion *mr,
                     GError **errp)
{
    if (!as_map(m->sysmem, base, mr, 0, errp)) {
        return false;
    }
    g_ptr_array_add(vm->mapped, mr);
    return true;
}

IrqLine *virt_spi(Virt *vm, int n)
{
    return vm->gic_version == 3 ? gicv3_spi_line(vm->gicv3, n)
                                : gicv2_spi_line(vm->gicv2, n);
}

static IrqLine *virt_ppi(Virt *vm, int cpu, int n)
{
    return vm->gic_version == 3 ? gicv3_ppi_line(vm->gicv3, cpu, n)
                                : gicv2_ppi_line(vm->gicv2, cpu, n);
}

/* A GIC output: n = 0 drives the CPU's IRQ input, n = 1 its FIQ. */
static void virt_cpu_irq_set(void *opaque, int n, int level)
{
    uint32_t mask = n ? CPU_INTERRUPT_FIQ : CPU_INTERRUPT_HARD;

    if (level) {
        cpu_interrupt(opaque, mask);
    } else {
        cpu_reset_interrupt(opaque, mask);
    }
}

/* The GICv2 banks per CPU: the vCPU whose access is in progress. */
static int virt_gic_cpu_index(void *opaque)
{
    CPUState *cs = cpu_current();

    (void)opaque;
    return cs ? cs->index : 0;
}

/* The GICv3 CPU interface as the CPU's ICC_* system registers. */
static bool virt_icc_decode(int op0, int op1, int crn, int crm, int op2,
                            int *reg)
{
    GICv3SysReg r;

    if (!gicv3_sysreg_decode(op0, op1, crn, crm, op2, &r)) {
        return false;
    }
    *reg = r;
    return true;
}

static unsigned virt_icc_access(int reg)
{
    return gicv3_sysreg_access((GICv3SysReg)reg);
}

static uint64_t virt_icc_read(void *opaque, int cpu, int reg)
{
    return gicv3_cpuif_read(opaque, cpu, (GICv3SysReg)reg);
}

static void virt_icc_write(void *opaque, int cpu, int reg, uint64_t val)
{
    gicv3_cpuif_write(opaque, cpu, (GICv3SysReg)reg, val);
}

static const ArmGicCpuIf virt_icc_ops = {
    .decode = virt_icc_decode,
    .access = virt_icc_access,
    .read = virt_icc_read,
    .write = virt_icc_write,
};

/* ---- Devices, in the order the board builds them ---- */

static bool create_flash(Machine *m, Virt *vm, GError **errp)
{
    uint64_t bank = virt_memmap[VIRT_FLASH].size / 2;

    for (int i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf("virt.flash%d", i);

        vm->flash[i] = mr_new_rom(name, bank, errp);
        if (!vm->flash[i] ||
            !virt_map(m, vm, virt_memmap[VIRT_FLASH].base + i * bank,
                      vm->flash[i], errp)) {
            return false;
        }
    }
    return true;
}

static bool create_cpus(Machine *m, GError **errp)
{
    for (int i = 0; i < m->smp; i++) {
        CPUState *cs = arm_cpu_create(m->cpu_model, i, errp);

        if (!cs) {
            return false;
        }
        machine_add_cpu(m, cs);
        arm_cpu_set_psci_conduit(cs, ARM_PSCI_HVC);
        /* Secondaries wait for PSCI CPU_ON (DEN0022 5.6). */
        arm_cpu_set_start_powered_off(cs, i != 0);
    }
    return true;
}

static bool create_gic(Machine *m, Virt *vm, GError **errp)
{
    for (int i = 0; i < m->ncpus; i++) {
        vm->cpu_irq[i] = irq_new(virt_cpu_irq_set, m->cpus[i], 0);
        vm->cpu_fiq[i] = irq_new(virt_cpu_irq_set, m->cpus[i], 1);
    }
    if (vm->gic_version == 3) {
        vm->gicv3 = gicv3_create(m->ncpus, VIRT_NUM_SPIS, vm->cpu_irq,
                                 vm->cpu_fiq);
        if (!virt_map(m, vm, virt_memmap[VIRT_GIC_DIST].base,
                      gicv3_dist_region(vm->gicv3), errp) ||
            !virt_map(m, vm, virt_memmap[VIRT_GIC_REDIST].base,
                      gicv3_redist_region(vm->gicv3), errp)) {
            return false;
        }
        for (int i = 0; i < m->ncpus; i++) {
            arm_cpu_set_gic_cpuif(m->cpus[i], &virt_icc_ops, vm->gicv3);
        }
    } else {
        vm->gicv2 = gicv2_create(m->ncpus, VIRT_NUM_SPIS, vm->cpu_irq,
                                 vm->cpu_fiq);
        gicv2_set_cpu_index_fn(vm->gicv2, virt_gic_cpu_index, NULL);
        if (!virt_map(m, vm, virt_memmap[VIRT_GIC_DIST].base,
                      gicv2_dist_region(vm->gicv2), errp) ||
            !virt_map(m, vm, virt_memmap[VIRT_GIC_CPU].base,
                      gicv2_cpu_region(vm->gicv2), errp)) {
            return false;
        }
    }
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_set_timer_irq(m->cpus[i], ARM_GT_PHYS,
                              virt_ppi(vm, i, VIRT_PPI_PHYS_TIMER));
        arm_cpu_set_timer_irq(m->cpus[i], ARM_GT_VIRT,
                              virt_ppi(vm, i, VIRT_PPI_VIRT_TIMER));
    }
    return true;
}

static bool create_uart(Machine *m, Virt *vm, GError **errp)
{
    vm->uart = pl011_create("pl011", m->serial[0],
                            virt_spi(vm, VIRT_SPI_UART));
    return virt_map(m, vm, virt_memmap[VIRT_UART].base,
                    pl011_region(vm->uart), errp);
}

static bool create_rtc(Machine *m, Virt *vm, GError **errp)
{
    /*
     * Host time, or under -icount the guest's virtual time, so that the
     * RTC advances with the instructions the guest runs (its start is
     * still the host's wall-clock time).
     */
    vm->rtc = pl031_create("pl031",
                           clock_icount_enabled() ? KCLOCK_VIRTUAL : KCLOCK_HOST,
                           virt_spi(vm, VIRT_SPI_RTC));
    return virt_map(m, vm, virt_memmap[VIRT_RTC].base,
                    pl031_region(vm->rtc), errp);
}

static void virt_power_key_release(void *opaque)
{
    Virt *vm = opaque;

    pl061_set_input(vm->gpio, VIRT_GPIO_POWER_PIN, false);
}

static bool create_gpio(Machine *m, Virt *vm, GError **errp)
{
    vm->gpio = pl061_create("pl061", virt_spi(vm, VIRT_SPI_GPIO));
    vm->power_key = timer_new(KCLOCK_VIRTUAL, virt_power_key_release, vm);
    return virt_map(m, vm, virt_memmap[VIRT_GPIO].base,
                    pl061_region(vm->gpio), errp);
}

/* A press long enough for gpio-keys' debounce, as a finger would. */
static void virt_powerdown(Machine *m)
{
    Virt *vm = m->board;

    pl061_set_input(vm->gpio, VIRT_GPIO_POWER_PIN, true);
    timer_mod(vm->power_key, clock_get_ns(KCLOCK_VIRTUAL) + 100 * 1000000);
}

static bool create_virtio_mmio(Machine *m, Virt *vm, GError **errp)
{
    /*
     * Fill from the top slot down, as the reference does: Linux probes
     * the DT nodes last to first, so the first disk becomes vda.
     */
    for (int i = VIRT_NUM_MMIO - 1; i >= 0; i--) {
        g_autofree char *name = g_strdup_printf("virtio-mmio.%d", i);

        vm->mmio[i] = virtio_mmio_create(name, m->sysmem,
                                         virtio_device_take(),
                                         virt_spi(vm, VIRT_SPI_MMIO + i));
    }
    for (int i = 0; i < VIRT_NUM_MMIO; i++) {
        uint64_t base = virt_memmap[VIRT_MMIO].base +
                        i * virt_memmap[VIRT_MMIO].size;

        if (!virt_map(m, vm, base, virtio_mmio_region(vm->mmio[i]), errp)) {
            return false;
        }
    }
    return true;
}

/* ---- Boot ---- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/*
 * booting.rst: the DTB on an 8-byte boundary, not crossing a 2 MiB one;
 * here right after the kernel (its BSS included).
 */
static uint64_t virt_dtb_after(uint64_t end, uint64_t size)
{
    uint64_t addr = align_up(end, 8);

    if ((addr & ~(2 * VIRT_MiB - 1)) !=
        ((addr + size - 1) & ~(2 * VIRT_MiB - 1))) {
        addr = align_up(end, 2 * VIRT_MiB);
    }
    return addr;
}

/*
 * *end: the kernel's end (BSS included); *dtb_floor: where the DTB may
 * start (an ELF that leaves the start of RAM free gets the DTB there).
 */
static bool virt_load_kernel(Machine *m, Virt *vm, uint64_t *end,
                             uint64_t *dtb_floor, bool *is_elf,
                             GError **errp)
{
    uint64_t ram_base = virt_memmap[VIRT_MEM].base;
    LoaderFormat fmt;
    LoaderImage *img;

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
    *is_elf = fmt == LOADER_FORMAT_ELF;
    vm->entry = loader_image_entry(img);
    vm->pass_dtb = true;
    *end = *dtb_floor = loader_image_end(img);
    if (*is_elf && loader_image_start(img) >= ram_base + VIRT_MAX_DTB_SIZE) {
        *dtb_floor = ram_base;
    }
    return machine_install_image(m, img, errp);
}

static bool virt_load_bios(Machine *m, Virt *vm, GError **errp)
{
    uint64_t base = virt_memmap[VIRT_FLASH].base;
    LoaderImage *img = loader_load_raw(m->bios, base, errp);

    if (!img || !loader_check_ranges(img, base, mr_size(vm->flash[0]),
                                     errp)) {
        loader_image_free(img);
        return false;
    }
    vm->entry = base;
    return machine_install_image(m, img, errp);
}

/* The initrd goes after both the kernel and the DTB. */
static bool virt_load_initrd(Machine *m, Virt *vm, uint64_t kernel_end,
                             GError **errp)
{
    uint64_t ram_end = virt_memmap[VIRT_MEM].base + m->ram_size;
    uint64_t lo = align_up(MAX(kernel_end, vm->dtb_addr +
                                           fdt_totalsize(vm->fdt)), 4096);
    LoaderImage *img = loader_load_initrd(m->initrd, lo, ram_end, 4096,
                                          LOADER_PLACE_LOW, errp);

    if (!img) {
        return false;
    }
    vm->initrd_start = loader_image_start(img);
    vm->initrd_end = loader_image_end(img);
    virt_fdt_set_initrd(vm->fdt, vm->initrd_start, vm->initrd_end);
    return machine_install_image(m, img, errp);
}

static bool virt_write_dtb(Machine *m, Virt *vm)
{
    return as_write_rom(m->sysmem, vm->dtb_addr, vm->fdt,
                        fdt_totalsize(vm->fdt)) == MEMTX_OK;
}

static bool virt_boot(Machine *m, Virt *vm, GError **errp)
{
    uint64_t ram_base = virt_memmap[VIRT_MEM].base;
    uint64_t ram_end = ram_base + m->ram_size;
    uint64_t end = ram_base, dtb_floor = ram_base, size;
    bool is_elf = false;

    if (m->bios && m->kernel) {
        error_setg(errp, "-kernel with -bios: not supported (the firmware "
                   "would need fw-cfg to find the kernel)");
        return false;
    }
    if (m->initrd && !m->kernel) {
        error_setg(errp, "-initrd needs -kernel");
        return false;
    }
    /* Without either the CPU runs the (empty) flash, as the reference. */
    vm->entry = virt_memmap[VIRT_FLASH].base;
    if (m->kernel && !virt_load_kernel(m, vm, &end, &dtb_floor, &is_elf, errp)) {
        return false;
    }
    if (m->bios && !virt_load_bios(m, vm, errp)) {
        return false;
    }

    vm->fdt = m->dtb ? virt_fdt_load(m, m->initrd != NULL, errp)
                     : virt_fdt_build(m, vm, m->initrd != NULL, errp);
    if (!vm->fdt) {
        return false;
    }
    size = fdt_totalsize(vm->fdt);
    vm->dtb_addr = virt_dtb_after(dtb_floor, size);
    if (vm->dtb_addr + size > ram_end) {
        error_setg(errp, "-m: no room for the device tree after the kernel");
        return false;
    }
    if (m->initrd && !virt_load_initrd(m, vm, end, errp)) {
        return false;
    }
    if (!virt_write_dtb(m, vm)) {
        error_setg(errp, "device tree: could not write it to RAM");
        return false;
    }

    if (m->kernel && is_elf) {
        uint64_t free = MAX(end, vm->dtb_addr + size);
        g_autofree char *cmdline =
            m->append ? g_strdup_printf("%s %s", m->kernel, m->append)
                      : g_strdup(m->kernel);

        arm_semihosting_set_cmdline(cmdline);
        arm_semihosting_set_heap(free, ram_end, ram_end, free);
    }
    return true;
}

/* CPU 0's registers at entry (booting.rst: x0 = DTB, x1-x3 = 0). */
static void virt_boot_cpus(Machine *m, Virt *vm)
{
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_set_reset_pc(m->cpus[i], vm->entry);
    }
    if (vm->pass_dtb) {
        arm_env(m->cpus[0])->x[0] = vm->dtb_addr;
    }
}

/* -M virt,dumpdtb=FILE: write the tree and quit (status 0), unrun. */
static bool virt_dump_dtb(Machine *m, Virt *vm, GError **errp)
{
    GError *err = NULL;

    if (!g_file_set_contents(vm->dumpdtb, vm->fdt, fdt_totalsize(vm->fdt),
                             &err)) {
        error_setg(errp, "dumpdtb=%s: %s", vm->dumpdtb, err->message);
        g_error_free(err);
        return false;
    }
    fprintf(stderr, "kestrel: info: dtb dumped to %s. Exiting.\n",
            vm->dumpdtb);
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_set_start_powered_off(m->cpus[i], true);
        m->cpus[i]->halted = true;
    }
    runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
    return true;
}

static bool virt_init(Machine *m, GError **errp)
{
    Virt *vm = virt_state(m);
    uint64_t ram_max = vm->highmem ? virt_memmap[VIRT_MEM].size
                                   : VIRT_LOWMEM_RAM_MAX;

    if (m->ram_size > ram_max) {
        error_setg(errp, "-m: virt takes at most %s GiB%s",
                   vm->highmem ? "255" : "3",
                   vm->highmem ? "" : " with highmem=off");
        return false;
    }
    if (m->smp > GICV2_MAX_CPUS) {
        error_setg(errp, "-smp %d: virt takes at most %d CPUs", m->smp,
                   GICV2_MAX_CPUS);
        return false;
    }
    vm->mapped = g_ptr_array_new();

    if (!machine_create_ram(m, virt_memmap[VIRT_MEM].base, errp)) {
        error_prepend(errp, "-m: ");
        return false;
    }
    if (!create_flash(m, vm, errp) ||
        !create_cpus(m, errp) ||
        !create_gic(m, vm, errp) ||
        !create_uart(m, vm, errp) ||
        !create_rtc(m, vm, errp) ||
        !create_gpio(m, vm, errp) ||
        !create_virtio_mmio(m, vm, errp) ||
        !virt_boot(m, vm, errp)) {
        return false;
    }
    virt_boot_cpus(m, vm);
    if (vm->dumpdtb) {
        return virt_dump_dtb(m, vm, errp);
    }
    return true;
}

static void virt_reset(Machine *m)
{
    Virt *vm = m->board;

    if (vm->gicv2) {
        gicv2_reset(vm->gicv2);
    }
    if (vm->gicv3) {
        gicv3_reset(vm->gicv3);
    }
    pl011_reset(vm->uart);
    pl031_reset(vm->rtc);
    timer_del(vm->power_key);
    pl061_set_input(vm->gpio, VIRT_GPIO_POWER_PIN, false);
    pl061_reset(vm->gpio);
    for (int i = 0; i < VIRT_NUM_MMIO; i++) {
        virtio_mmio_reset(vm->mmio[i]);
    }
    virt_write_dtb(m, vm);
    virt_boot_cpus(m, vm);
}

static void virt_cleanup(Machine *m)
{
    Virt *vm = m->board;

    if (!vm) {
        return;
    }
    /* CPUs first: their timers drive GIC inputs. */
    for (int i = 0; i < m->ncpus; i++) {
        arm_cpu_free(m->cpus[i]);
        m->cpus[i] = NULL;
    }
    m->ncpus = 0;
    for (guint i = 0; vm->mapped && i < vm->mapped->len; i++) {
        as_unmap(m->sysmem, g_ptr_array_index(vm->mapped, i));
    }
    for (int i = 0; i < VIRT_NUM_MMIO; i++) {
        virtio_mmio_free(vm->mmio[i]);
    }
    pl031_free(vm->rtc);
    if (vm->power_key) {
        timer_free(vm->power_key);
    }
    pl061_free(vm->gpio);
    pl011_free(vm->uart);
    if (vm->gicv2) {
        gicv2_free(vm->gicv2);
    }
    if (vm->gicv3) {
        gicv3_free(vm->gicv3);
    }
    for (int i = 0; i < 8; i++) {
        irq_free(vm->cpu_irq[i]);
        irq_free(vm->cpu_fiq[i]);
    }
    for (int i = 0; i < 2; i++) {
        if (vm->flash[i]) {
            mr_free(vm->flash[i]);
        }
    }
    if (vm->mapped) {
        g_ptr_array_free(vm->mapped, true);
    }
    g_free(vm->fdt);
    g_free(vm->dumpdtb);
    g_free(vm);
    m->board = NULL;
}

const MachineClass virt_machine_class = {
    .name = "virt",
    .desc = "AArch64 virt (GICv2/v3, PL011, PL031, PL061, virtio-mmio, "
            "PSCI)",
    .default_cpu = "cortex-a57",
    .default_ram = 128 * VIRT_MiB,
    .max_cpus = 8,
    .set_prop = virt_set_prop,
    .props_help =
        "  gic-version=2|3|max  GIC model (default 2)\n"
        "  dumpdtb=FILE         write the device tree to FILE and exit\n"
        "  highmem=on|off       off: keep RAM below 4 GiB (at most 3 GiB)\n",
    .init = virt_init,
    .reset = virt_reset,
    .powerdown = virt_powerdown,
    .cleanup = virt_cleanup,
};
