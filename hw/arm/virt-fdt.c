/*
 * virt: the flattened device tree handed to the guest (Devicetree
 * Specification v0.4; bindings from Linux's
 * Documentation/devicetree/bindings). Nodes and property values follow
 * the reference's virt board so that software written for it finds the
 * same names, compatibles and interrupt specifiers; devices this board
 * does not model (fw-cfg, PCIe, flash as CFI, PMU) have no node.
 *
 * The tree is written top to bottom with libfdt's sequential-write calls,
 * so nodes appear in the order of this file: virtio-mmio transports
 * lowest address first, as the reference lists them.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include <sys/random.h>

#include "hw/arm/virt.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "target/arm/cpu.h"
#include "util/error.h"

/* The third cell of an interrupt specifier (ARM GIC binding). */
#define GIC_FDT_SPI 0
#define GIC_FDT_PPI 1
#define GIC_FDT_EDGE_RISING 1
#define GIC_FDT_LEVEL_HIGH 4
#define GIC_FDT_PPI_CPU_SHIFT 8     /* GICv2 only: the CPUs a PPI targets */

#define MPIDR_AFF_MASK 0xff00ffffffull

static int fdt_prop_cells(void *fdt, const char *name, int n,
                          const uint32_t *cells)
{
    fdt32_t be[16];

    g_assert(n <= 16);
    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    return fdt_property(fdt, name, be, n * sizeof(be[0]));
}

static int fdt_prop_u32(void *fdt, const char *name, uint32_t v)
{
    return fdt_property_u32(fdt, name, v);
}

/* reg with #address-cells = #size-cells = 2: (base, size) pairs. */
static int fdt_prop_reg(void *fdt, int n, const uint64_t *pairs)
{
    fdt64_t be[4];

    g_assert(n <= 2);
    for (int i = 0; i < 2 * n; i++) {
        be[i] = cpu_to_fdt64(pairs[i]);
    }
    return fdt_property(fdt, "reg", be, 2 * n * sizeof(be[0]));
}

static int fdt_prop_strings(void *fdt, const char *name, const char *list,
                            size_t len)
{
    return fdt_property(fdt, name, list, len);
}

#define FDT_STRINGS(fdt, name, lit) \
    fdt_prop_strings(fdt, name, lit, sizeof(lit))

static int fdt_begin_nodef(void *fdt, const char *prefix, uint64_t addr)
{
    char name[64];

    snprintf(name, sizeof(name), "%s@%" G_GINT64_MODIFIER "x", prefix, addr);
    return fdt_begin_node(fdt, name);
}

/* Each fdt_* call returns 0 or a negative libfdt error; keep the first. */
#define T(call)               \
    do {                      \
        int err_ = (call);    \
        if (err_ < 0) {       \
            return err_;      \
        }                     \
    } while (0)

static int fdt_psci(void *fdt)
{
    /* DEN0022 function IDs for the 0.1 binding's properties (SMC64). */
    T(fdt_begin_node(fdt, "psci"));
    T(FDT_STRINGS(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
    T(fdt_property_string(fdt, "method", "hvc"));
    T(fdt_prop_u32(fdt, "cpu_suspend", 0xc4000001));
    T(fdt_prop_u32(fdt, "cpu_off", 0x84000002));
    T(fdt_prop_u32(fdt, "cpu_on", 0xc4000003));
    T(fdt_prop_u32(fdt, "migrate", 0xc4000005));
    return fdt_end_node(fdt);
}

static int fdt_memory(void *fdt, Machine *m)
{
    uint64_t reg[2] = { virt_memmap[VIRT_MEM].base, m->ram_size };

    T(fdt_begin_nodef(fdt, "memory", reg[0]));
    T(fdt_property_string(fdt, "device_type", "memory"));
    T(fdt_prop_reg(fdt, 1, reg));
    return fdt_end_node(fdt);
}

static int fdt_virtio_mmio(void *fdt)
{
    for (int i = 0; i < VIRT_NUM_MMIO; i++) {
        uint64_t reg[2] = {
            virt_memmap[VIRT_MMIO].base + i * virt_memmap[VIRT_MMIO].size,
            virt_memmap[VIRT_MMIO].size,
        };
        uint32_t irq[3] = { GIC_FDT_SPI, VIRT_SPI_MMIO + i,
                            GIC_FDT_EDGE_RISING };

        T(fdt_begin_nodef(fdt, "virtio_mmio", reg[0]));
        T(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        T(fdt_prop_reg(fdt, 1, reg));
        T(fdt_prop_cells(fdt, "interrupts", 3, irq));
        T(fdt_property(fdt, "dma-coherent", NULL, 0));
        T(fdt_end_node(fdt));
    }
    return 0;
}

static int fdt_rtc(void *fdt)
{
    uint64_t reg[2] = { virt_memmap[VIRT_RTC].base,
                        virt_memmap[VIRT_RTC].size };
    uint32_t irq[3] = { GIC_FDT_SPI, VIRT_SPI_RTC, GIC_FDT_LEVEL_HIGH };

    T(fdt_begin_nodef(fdt, "pl031", reg[0]));
    T(FDT_STRINGS(fdt, "compatible", "arm,pl031\0arm,primecell"));
    T(fdt_prop_reg(fdt, 1, reg));
    T(fdt_prop_cells(fdt, "interrupts", 3, irq));
    T(fdt_prop_u32(fdt, "clocks", VIRT_PHANDLE_CLK));
    T(fdt_property_string(fdt, "clock-names", "apb_pclk"));
    return fdt_end_node(fdt);
}

/* The PL061 and, on its pin 3, the power button (gpio-keys binding). */
static int fdt_gpio(void *fdt)
{
    uint64_t reg[2] = { virt_memmap[VIRT_GPIO].base,
                        virt_memmap[VIRT_GPIO].size };
    uint32_t irq[3] = { GIC_FDT_SPI, VIRT_SPI_GPIO, GIC_FDT_LEVEL_HIGH };
    uint32_t gpios[3] = { VIRT_PHANDLE_GPIO, VIRT_GPIO_POWER_PIN, 0 };

    T(fdt_begin_nodef(fdt, "pl061", reg[0]));
    T(FDT_STRINGS(fdt, "compatible", "arm,pl061\0arm,primecell"));
    T(fdt_prop_reg(fdt, 1, reg));
    T(fdt_prop_cells(fdt, "interrupts", 3, irq));
    T(fdt_prop_u32(fdt, "#gpio-cells", 2));
    T(fdt_property(fdt, "gpio-controller", NULL, 0));
    T(fdt_prop_u32(fdt, "clocks", VIRT_PHANDLE_CLK));
    T(fdt_property_string(fdt, "clock-names", "apb_pclk"));
    T(fdt_prop_u32(fdt, "phandle", VIRT_PHANDLE_GPIO));
    T(fdt_end_node(fdt));

    T(fdt_begin_node(fdt, "gpio-keys"));
    T(fdt_property_string(fdt, "compatible", "gpio-keys"));
    T(fdt_begin_node(fdt, "poweroff"));
    T(fdt_property_string(fdt, "label", "GPIO Key Poweroff"));
    T(fdt_prop_u32(fdt, "linux,code", 116)); /* KEY_POWER */
    T(fdt_prop_cells(fdt, "gpios", 3, gpios));
    T(fdt_end_node(fdt));
    return fdt_end_node(fdt);
}

static int fdt_uart(void *fdt)
{
    uint64_t reg[2] = { virt_memmap[VIRT_UART].base,
                        virt_memmap[VIRT_UART].size };
    uint32_t irq[3] = { GIC_FDT_SPI, VIRT_SPI_UART, GIC_FDT_LEVEL_HIGH };
    uint32_t clocks[2] = { VIRT_PHANDLE_CLK, VIRT_PHANDLE_CLK };

    T(fdt_begin_nodef(fdt, "pl011", reg[0]));
    T(FDT_STRINGS(fdt, "compatible", "arm,pl011\0arm,primecell"));
    T(fdt_prop_reg(fdt, 1, reg));
    T(fdt_prop_cells(fdt, "interrupts", 3, irq));
    /* The PL011 binding: the UART reference clock, then the bus clock. */
    T(fdt_prop_cells(fdt, "clocks", 2, clocks));
    T(FDT_STRINGS(fdt, "clock-names", "uartclk\0apb_pclk"));
    return fdt_end_node(fdt);
}

static int fdt_gic(void *fdt, Machine *m, Virt *vm)
{
    uint64_t reg[4] = { virt_memmap[VIRT_GIC_DIST].base, 0 };

    T(fdt_begin_nodef(fdt, "intc", reg[0]));
    /* Only the frames the models implement, so no access falls in a hole. */
    if (vm->gic_version == 3) {
        reg[1] = 0x10000;
        reg[2] = virt_memmap[VIRT_GIC_REDIST].base;
        reg[3] = (uint64_t)m->ncpus * 0x20000;
        T(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
        T(fdt_prop_u32(fdt, "#redistributor-regions", 1));
    } else {
        reg[1] = 0x1000;
        reg[2] = virt_memmap[VIRT_GIC_CPU].base;
        reg[3] = 0x2000;
        T(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
    }
    T(fdt_prop_reg(fdt, 2, reg));
    T(fdt_prop_u32(fdt, "#interrupt-cells", 3));
    T(fdt_property(fdt, "interrupt-controller", NULL, 0));
    /* As the reference, which puts GICv2m / ITS frames below it. */
    T(fdt_prop_u32(fdt, "#address-cells", 2));
    T(fdt_prop_u32(fdt, "#size-cells", 2));
    T(fdt_property(fdt, "ranges", NULL, 0));
    T(fdt_prop_u32(fdt, "phandle", VIRT_PHANDLE_GIC));
    return fdt_end_node(fdt);
}

static const char *fdt_cpu_compatible(CPUState *cs)
{
    const char *model = arm_cpu(cs)->model;

    /* "max" is no real core: the generic ARMv8 CPU binding. */
    if (!strcmp(model, "max")) {
        return "arm,arm-v8";
    }
    return NULL;
}

static int fdt_cpus(void *fdt, Machine *m)
{
    T(fdt_begin_node(fdt, "cpus"));
    T(fdt_prop_u32(fdt, "#address-cells", 1));
    T(fdt_prop_u32(fdt, "#size-cells", 0));
    for (int i = 0; i < m->ncpus; i++) {
        CPUState *cs = m->cpus[i];
        /* The cpus binding: reg is MPIDR_EL1's affinity fields. */
        uint64_t aff = arm_env(cs)->mpidr & MPIDR_AFF_MASK;
        const char *compat = fdt_cpu_compatible(cs);
        g_autofree char *arm_name = g_strdup_printf("arm,%s",
                                                    arm_cpu(cs)->model);

        T(fdt_begin_nodef(fdt, "cpu", aff));
        T(fdt_property_string(fdt, "device_type", "cpu"));
        T(fdt_property_string(fdt, "compatible", compat ? compat : arm_name));
        T(fdt_prop_u32(fdt, "reg", (uint32_t)aff));
        /* As the reference: a lone CPU has nothing to be started by. */
        if (m->ncpus > 1) {
            T(fdt_property_string(fdt, "enable-method", "psci"));
        }
        T(fdt_end_node(fdt));
    }
    return fdt_end_node(fdt);
}

static int fdt_timer(void *fdt, Machine *m, Virt *vm)
{
    uint32_t flags = GIC_FDT_LEVEL_HIGH;
    uint32_t irqs[12] = {
        GIC_FDT_PPI, VIRT_PPI_SEC_TIMER, 0,
        GIC_FDT_PPI, VIRT_PPI_PHYS_TIMER, 0,
        GIC_FDT_PPI, VIRT_PPI_VIRT_TIMER, 0,
        GIC_FDT_PPI, VIRT_PPI_HYP_TIMER, 0,
    };

    if (vm->gic_version == 2) {
        flags |= ((1u << m->ncpus) - 1) << GIC_FDT_PPI_CPU_SHIFT;
    }
    for (int i = 0; i < 4; i++) {
        irqs[3 * i + 2] = flags;
    }
    T(fdt_begin_node(fdt, "timer"));
    T(FDT_STRINGS(fdt, "compatible", "arm,armv8-timer\0arm,armv7-timer"));
    T(fdt_prop_cells(fdt, "interrupts", 12, irqs));
    T(fdt_property(fdt, "always-on", NULL, 0));
    return fdt_end_node(fdt);
}

static int fdt_clock(void *fdt)
{
    T(fdt_begin_node(fdt, "apb-pclk"));
    T(fdt_property_string(fdt, "compatible", "fixed-clock"));
    T(fdt_prop_u32(fdt, "#clock-cells", 0));
    T(fdt_prop_u32(fdt, "clock-frequency", 24000000));
    T(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
    T(fdt_prop_u32(fdt, "phandle", VIRT_PHANDLE_CLK));
    return fdt_end_node(fdt);
}

static int fdt_chosen(void *fdt, Machine *m, bool with_initrd)
{
    g_autofree char *uart = g_strdup_printf(
        "/pl011@%" G_GINT64_MODIFIER "x", virt_memmap[VIRT_UART].base);
    uint8_t seed[32 + 8];

    T(fdt_begin_node(fdt, "chosen"));
    if (m->append) {
        T(fdt_property_string(fdt, "bootargs", m->append));
    }
    T(fdt_property_string(fdt, "stdout-path", uart));
    if (with_initrd) {
        T(fdt_property_u64(fdt, "linux,initrd-start", 0));
        T(fdt_property_u64(fdt, "linux,initrd-end", 0));
    }
    /* Entropy for the kernel's early RNG and KASLR (chosen binding). */
    if (getrandom(seed, sizeof(seed), 0) == (ssize_t)sizeof(seed)) {
        T(fdt_property(fdt, "rng-seed", seed, 32));
        T(fdt_property(fdt, "kaslr-seed", seed + 32, 8));
    }
    return fdt_end_node(fdt);
}

static int fdt_write_tree(void *fdt, Machine *m, Virt *vm, bool with_initrd)
{
    T(fdt_finish_reservemap(fdt));
    T(fdt_begin_node(fdt, ""));
    T(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
    T(fdt_property_string(fdt, "model", "linux,dummy-virt"));
    T(fdt_prop_u32(fdt, "#address-cells", 2));
    T(fdt_prop_u32(fdt, "#size-cells", 2));
    T(fdt_prop_u32(fdt, "interrupt-parent", VIRT_PHANDLE_GIC));

    T(fdt_psci(fdt));
    T(fdt_memory(fdt, m));
    T(fdt_virtio_mmio(fdt));
    T(fdt_rtc(fdt));
    T(fdt_gpio(fdt));
    T(fdt_uart(fdt));
    T(fdt_gic(fdt, m, vm));
    T(fdt_cpus(fdt, m));
    T(fdt_timer(fdt, m, vm));
    T(fdt_clock(fdt));
    T(fdt_chosen(fdt, m, with_initrd));

    T(fdt_end_node(fdt));
    return fdt_finish(fdt);
}

void *virt_fdt_build(Machine *m, Virt *vm, bool with_initrd, GError **errp)
{
    /* The tree is about 8 KiB; grow the buffer if it ever is not. */
    for (int size = 64 * 1024; size <= (int)VIRT_MAX_DTB_SIZE; size *= 2) {
        void *fdt = g_malloc0(size);
        int err = fdt_create(fdt, size);

        if (!err) {
            err = fdt_write_tree(fdt, m, vm, with_initrd);
        }
        if (!err) {
            return fdt;
        }
        g_free(fdt);
        if (err != -FDT_ERR_NOSPACE) {
            error_setg(errp, "device tree: %s", fdt_strerror(err));
            return NULL;
        }
    }
    error_setg(errp, "device tree: larger than 2 MiB");
    return NULL;
}

void virt_fdt_set_initrd(void *fdt, uint64_t start, uint64_t end)
{
    int node = fdt_path_offset(fdt, "/chosen");
    int err = node < 0 ? node : 0;

    /* The properties were made 64-bit wide when the tree was built. */
    if (!err) {
        err = fdt_setprop_inplace_u64(fdt, node, "linux,initrd-start", start);
    }
    if (!err) {
        err = fdt_setprop_inplace_u64(fdt, node, "linux,initrd-end", end);
    }
    g_assert(!err);
}

static void *virt_fdt_from_file(Machine *m, const uint8_t *buf, size_t len,
                                bool with_initrd, GError **errp)
{
    size_t size;
    void *fdt;
    int node, err;

    if (len < sizeof(struct fdt_header) || fdt_check_header(buf) ||
        fdt_totalsize(buf) > len) {
        error_setg(errp, "-dtb %s: not a flattened device tree", m->dtb);
        return NULL;
    }
    /* Room for what /chosen gets from the command line. */
    size = fdt_totalsize(buf) + (m->append ? strlen(m->append) : 0) + 4096;
    fdt = g_malloc0(size);
    err = fdt_open_into(buf, fdt, size);
    node = err ? err : fdt_path_offset(fdt, "/chosen");
    if (node == -FDT_ERR_NOTFOUND) {
        node = fdt_add_subnode(fdt, 0, "chosen");
    }
    err = node < 0 ? node : 0;
    if (!err && m->append) {
        err = fdt_setprop_string(fdt, node, "bootargs", m->append);
    }
    if (!err && with_initrd) {
        err = fdt_setprop_u64(fdt, node, "linux,initrd-start", 0);
    }
    if (!err && with_initrd) {
        err = fdt_setprop_u64(fdt, node, "linux,initrd-end", 0);
    }
    if (!err) {
        err = fdt_pack(fdt);
    }
    if (err) {
        error_setg(errp, "-dtb %s: %s", m->dtb, fdt_strerror(err));
        g_free(fdt);
        return NULL;
    }
    return fdt;
}

void *virt_fdt_load(Machine *m, bool with_initrd, GError **errp)
{
    uint8_t *buf;
    size_t len;
    void *fdt;

    if (!loader_read_file(m->dtb, VIRT_MAX_DTB_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    fdt = virt_fdt_from_file(m, buf, len, with_initrd, errp);
    loader_free_file(buf);
    return fdt;
}
