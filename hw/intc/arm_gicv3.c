/*
 * ARM Generic Interrupt Controller, architecture version 3 (ARM IHI 0069,
 * "GIC Architecture Specification, GICv3 and GICv4"), with affinity
 * routing always enabled and a single Security state (GICD_CTLR.DS = 1),
 * for up to 8 CPUs and 988 SPIs. This file: the interrupt state, the
 * choice of the highest priority pending interrupt, the outputs, the
 * input lines and construction. The distributor's registers are in
 * arm_gicv3_dist.c, the redistributors' in arm_gicv3_redist.c, the CPU
 * interface's system registers in arm_gicv3_cpuif.c.
 *
 * Regions: distributor (64 KiB); redistributors, one 128 KiB pair of
 * frames (RD_base, SGI_base) per CPU.
 * IRQ lines: outputs, one IRQ (group 1) and one FIQ (group 0) per CPU;
 * inputs, one per SPI and 16 PPIs per CPU (arm_gicv3.h).
 *
 * Model: 5 priority bits (32 levels); SGIs have one pending bit per
 * target (no source tracking, as with affinity routing); a redistributor
 * with GICR_WAKER.ProcessorSleep set forwards nothing to its CPU.
 * Not modelled: LPIs and the ITS (GICD_TYPER.LPIS = 0), GICv4 virtual
 * interrupts, the Security Extensions (two Security states), legacy
 * operation (ARE = 0, the memory-mapped CPU interface), 1-of-N SPI
 * routing (GICD_TYPER.No1N = 1), extended SPI/PPI ranges, message-based
 * SPIs, the virtualization system registers (ICH_*, ICV_*), the EL2 and
 * EL3 ICC registers.
 */
#include "hw/intc/arm_gicv3.h"

#include <glib.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

const uint8_t gicv3_id_regs[12] = {
    0x44, 0x00, 0x00, 0x00, 0x92, 0xb4, 0x3b, 0x00,
    0x0d, 0xf0, 0x05, 0xb1,
};

bool gicv3_is_pending(GICv3Irq *irq)
{
    /* A level-sensitive input is pending while asserted (4.1.1). */
    return irq->pending || (!irq->edge && irq->level);
}

/*
 * The highest priority pending interrupt the redistributor of cpu holds
 * or the distributor routes to it: enabled, its group enabled in
 * GICD_CTLR, pending and not active; the lowest INTID wins a tie.
 */
int gicv3_hppi(GICv3State *s, int cpu)
{
    int best = GICV3_SPURIOUS;
    unsigned best_prio = 0x100;

    if (s->cpu[cpu].waker & GICR_WAKER_PROCESSOR_SLEEP) {
        return best;
    }
    for (int id = 0; id < s->num_irqs; id++) {
        GICv3Irq *irq = gicv3_irq(s, cpu, id);
        uint32_t grp_en = irq->group1 ? GICD_CTLR_ENABLE_GRP1
                                      : GICD_CTLR_ENABLE_GRP0;

        if (!irq->enabled || irq->active || irq->priority >= best_prio ||
            !(s->dctlr & grp_en) || !gicv3_is_pending(irq)) {
            continue;
        }
        if (id >= 32 && s->spi_cpu[id - 32] != cpu) {
            continue;
        }
        best = id;
        best_prio = irq->priority;
    }
    return best;
}

void gicv3_update(GICv3State *s)
{
    for (int cpu = 0; cpu < s->num_cpus; cpu++) {
        GICv3Cpu *c = &s->cpu[cpu];
        int id = gicv3_hppi(s, cpu);
        int irq_level = 0, fiq_level = 0;

        /* Single Security state: group 0 is FIQ, group 1 IRQ (4.6.2). */
        if (id != GICV3_SPURIOUS && gicv3_cpuif_can_signal(s, cpu, id)) {
            if (gicv3_irq(s, cpu, id)->group1) {
                irq_level = 1;
            } else {
                fiq_level = 1;
            }
        }
        if (irq_level != c->irq_level) {
            c->irq_level = irq_level;
            irq_set(c->irq_out, irq_level);
        }
        if (fiq_level != c->fiq_level) {
            c->fiq_level = fiq_level;
            irq_set(c->fiq_out, fiq_level);
        }
    }
}

int gicv3_cpu_by_affinity(GICv3State *s, uint32_t aff)
{
    return aff < (uint32_t)s->num_cpus ? (int)aff : -1;
}

uint32_t gicv3_read_bits(GICv3State *s, int cpu, uint64_t reg, int base)
{
    uint32_t val = 0;

    for (int i = 0; i < 32 && base + i < s->num_irqs; i++) {
        GICv3Irq *irq = gicv3_irq(s, cpu, base + i);
        bool bit = false;

        switch (reg) {
        case GICV3_IGROUPR:
            bit = irq->group1;
            break;
        case GICV3_ISENABLER:
        case GICV3_ICENABLER:
            bit = irq->enabled;
            break;
        case GICV3_ISPENDR:
        case GICV3_ICPENDR:
            bit = gicv3_is_pending(irq);
            break;
        case GICV3_ISACTIVER:
        case GICV3_ICACTIVER:
            bit = irq->active;
            break;
        }
        val |= (uint32_t)bit << i;
    }
    return val;
}

void gicv3_write_bits(GICv3State *s, int cpu, uint64_t reg, int base,
                      uint32_t val)
{
    for (int i = 0; i < 32 && base + i < s->num_irqs; i++) {
        GICv3Irq *irq = gicv3_irq(s, cpu, base + i);
        bool bit = (val >> i) & 1;

        if (reg == GICV3_IGROUPR) {
            irq->group1 = bit;
            continue;
        }
        if (!bit) {
            continue;
        }
        switch (reg) {
        case GICV3_ISENABLER:
            irq->enabled = true;
            break;
        case GICV3_ICENABLER:
            irq->enabled = false;
            break;
        case GICV3_ISPENDR:
            irq->pending = true;
            break;
        case GICV3_ICPENDR:
            /* A still asserted level input stays pending. */
            irq->pending = false;
            break;
        case GICV3_ISACTIVER:
            irq->active = true;
            break;
        case GICV3_ICACTIVER:
            irq->active = false;
            break;
        }
    }
}

uint32_t gicv3_read_icfgr(GICv3State *s, int cpu, int base)
{
    uint32_t val = 0;

    for (int i = 0; i < 16 && base + i < s->num_irqs; i++) {
        int id = base + i;

        /* SGIs are always edge-triggered (12.9.9). */
        if (id < 16 || gicv3_irq(s, cpu, id)->edge) {
            val |= 2u << (2 * i);
        }
    }
    return val;
}

void gicv3_write_icfgr(GICv3State *s, int cpu, int base, uint32_t val)
{
    for (int i = 0; i < 16 && base + i < s->num_irqs; i++) {
        if (base + i >= 16) {
            gicv3_irq(s, cpu, base + i)->edge = (val >> (2 * i + 1)) & 1;
        }
    }
}

/* Input lines: n < 1024 is an SPI INTID, else 1024 + cpu * 32 + INTID. */
static void gicv3_set_input(void *opaque, int n, int level)
{
    GICv3State *s = opaque;
    int cpu = n < 1024 ? 0 : (n - 1024) / 32;
    int id = n < 1024 ? n : (n - 1024) % 32;
    GICv3Irq *irq = gicv3_irq(s, cpu, id);

    level = level != 0;
    if (irq->edge && level && !irq->level) {
        irq->pending = true;
    }
    irq->level = level;
    gicv3_update(s);
}

void gicv3_reset(GICv3State *s)
{
    s->dctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
    for (int id = 32; id < s->num_irqs; id++) {
        bool level = s->spi[id - 32].level;

        s->spi[id - 32] = (GICv3Irq){.level = level};
        s->irouter[id - 32] = 0;
        s->spi_cpu[id - 32] = 0;
    }
    for (int cpu = 0; cpu < s->num_cpus; cpu++) {
        GICv3Cpu *c = &s->cpu[cpu];

        for (int id = 0; id < 32; id++) {
            bool level = c->banked[id].level;

            c->banked[id] = (GICv3Irq){.level = level, .edge = id < 16};
        }
        c->waker = GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
        gicv3_cpuif_reset(s, cpu);
    }
    gicv3_update(s);
}

GICv3State *gicv3_create(int num_cpus, int num_spis, IrqLine **cpu_irq,
                         IrqLine **cpu_fiq)
{
    GICv3State *s = g_new0(GICv3State, 1);
    int nspi;

    g_assert(num_cpus >= 1 && num_cpus <= GICV3_MAX_CPUS);
    g_assert(num_spis >= 0 && num_spis <= GICV3_MAX_SPIS);
    s->num_cpus = num_cpus;
    s->num_irqs = MIN(32 + (num_spis + 31) / 32 * 32, 1020);
    nspi = s->num_irqs - 32;
    s->spi = g_new0(GICv3Irq, nspi + 1);
    s->irouter = g_new0(uint64_t, nspi + 1);
    s->spi_cpu = g_new0(int, nspi + 1);
    for (int cpu = 0; cpu < num_cpus; cpu++) {
        s->cpu[cpu].irq_out = cpu_irq ? cpu_irq[cpu] : NULL;
        s->cpu[cpu].fiq_out = cpu_fiq ? cpu_fiq[cpu] : NULL;
    }
    s->spi_in = g_new0(IrqLine *, nspi + 1);
    for (int i = 0; i < nspi; i++) {
        s->spi_in[i] = irq_new(gicv3_set_input, s, 32 + i);
    }
    s->ppi_in = g_new0(IrqLine *, num_cpus * 16 + 1);
    for (int i = 0; i < num_cpus * 16; i++) {
        s->ppi_in[i] = irq_new(gicv3_set_input, s,
                               1024 + (i / 16) * 32 + 16 + i % 16);
    }
    s->dist_mr = mr_new_io("gicv3-dist", GICV3_DIST_SIZE, &gicv3_dist_ops, s);
    s->redist_mr = mr_new_io("gicv3-redist",
                             (uint64_t)num_cpus * GICV3_REDIST_STRIDE,
                             &gicv3_redist_ops, s);
    gicv3_reset(s);
    return s;
}

MemoryRegion *gicv3_dist_region(GICv3State *s)
{
    return s->dist_mr;
}

MemoryRegion *gicv3_redist_region(GICv3State *s)
{
    return s->redist_mr;
}

IrqLine *gicv3_spi_line(GICv3State *s, int n)
{
    g_assert(n >= 0 && n < s->num_irqs - 32);
    return s->spi_in[n];
}

IrqLine *gicv3_ppi_line(GICv3State *s, int cpu, int n)
{
    g_assert(cpu >= 0 && cpu < s->num_cpus && n >= 0 && n < 16);
    return s->ppi_in[cpu * 16 + n];
}

void gicv3_free(GICv3State *s)
{
    if (!s) {
        return;
    }
    mr_free(s->dist_mr);
    mr_free(s->redist_mr);
    irq_free_array(s->spi_in);
    irq_free_array(s->ppi_in);
    g_free(s->spi);
    g_free(s->irouter);
    g_free(s->spi_cpu);
    g_free(s);
}
