/*
 * ARM Generic Interrupt Controller, architecture version 2 (ARM IHI 0048B,
 * "GIC Architecture Specification v1.0 and v2.0"), without the Security
 * Extensions, for up to 8 CPUs and up to 988 SPIs.
 *
 * Regions:
 *   distributor (4 KiB): GICD_CTLR, TYPER, IIDR, IGROUPR, I[SC]ENABLER,
 *     I[SC]PENDR, I[SC]ACTIVER, IPRIORITYR and ITARGETSR (byte or word),
 *     ICFGR, SGIR, CPENDSGIR/SPENDSGIR (byte or word), ID registers.
 *   CPU interface (8 KiB): GICC_CTLR, PMR, BPR, IAR, EOIR, RPR, HPPIR,
 *     ABPR, AIAR, AEOIR, AHPPIR, APR0, NSAPR0, IIDR, DIR (0x1000).
 * IRQ lines: outputs, one IRQ and one FIQ per CPU; inputs, one per SPI and
 * 16 PPIs per CPU (arm_gic.h).
 *
 * Model: 5 priority bits (32 levels, values multiple of 8), so the
 * minimum binary point is 2 for group 0 and 3 for group 1 (4.4.3). Group 0
 * interrupts go to FIQ when GICC_CTLR.FIQEn is set, else to IRQ; group 1
 * always to IRQ. GICC_CTLR.EOImode (bit 9) splits priority drop (EOIR)
 * from deactivation (DIR) for both groups, as Linux uses it. Active
 * priorities are a bitmap of preemption levels per group (GICC_APR0 and
 * GICC_NSAPR0); EOIR drops the highest one.
 * Not modelled: Security Extensions (GICD_CTLR is the one non-banked
 * copy, NSATT is ignored), the virtualization extensions (GICH/GICV),
 * interrupt bypass (the bypass-disable bits are stored only), wake-up
 * signals, GICD_PPISR/SPISR. An SGI is tracked per source CPU while
 * pending but has one active bit per target CPU, so an SGI pending from a
 * second source is not signalled until the first is deactivated.
 */
#include "hw/intc/arm_gic.h"

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/log.h"

/* Distributor registers (4.1.2, table 4-1). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_ID 0xfd0           /* PIDR4-7, PIDR0-3, CIDR0-3 */

/* CPU interface registers (4.1.3, table 4-2). */
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_RPR 0x14
#define GICC_HPPIR 0x18
#define GICC_ABPR 0x1c
#define GICC_AIAR 0x20
#define GICC_AEOIR 0x24
#define GICC_AHPPIR 0x28
#define GICC_APR0 0xd0
#define GICC_NSAPR0 0xe0
#define GICC_IIDR 0xfc
#define GICC_DIR 0x1000

#define CTLR_ENABLE_GRP0 (1u << 0)
#define CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_CTLR_ACKCTL (1u << 2)
#define GICC_CTLR_FIQEN (1u << 3)
#define GICC_CTLR_CBPR (1u << 4)
#define GICC_CTLR_EOIMODE (1u << 9)
#define GICC_CTLR_MASK 0x3ffu

#define PRIO_MASK 0xf8u         /* 5 implemented priority bits */
#define PRIO_IDLE 0xffu
#define INTID_SPURIOUS 1023
#define INTID_GRP1_PENDING 1022 /* IAR with AckCtl clear, group 1 HPPI */

/* GICD_PIDR4-7, 0-3 (ArchRev 2 in PIDR2[7:4]) and CIDR0-3. */
static const uint8_t gicv2_id[12] = {
    0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00,
    0x0d, 0xf0, 0x05, 0xb1,
};

typedef struct GicIrq {
    uint8_t priority;
    uint8_t targets;            /* SPIs: GICD_ITARGETSR CPU mask */
    bool enabled, pending, active, level, edge, group1;
} GicIrq;

typedef struct GicCpu {
    GicIrq banked[32];          /* SGIs and PPIs of this CPU */
    uint8_t sgi_src[16];        /* pending SGIs: one bit per source CPU */
    uint32_t ctlr, pmr, bpr, abpr;
    uint32_t apr[2];            /* active preemption levels, per group */
    uint32_t banked_en;         /* bit id: banked[id].enabled */
    IrqLine *irq_out, *fiq_out;
    int irq_level, fiq_level;
} GicCpu;

struct GICv2State {
    int num_cpus, num_irqs;
    MemoryRegion *dist_mr, *cpu_mr;
    int (*cpu_index)(void *opaque);
    void *cpu_index_opaque;

    uint32_t dctlr;
    GicIrq *spi;                /* INTIDs 32..num_irqs-1, at [id - 32] */
    uint64_t *spi_en;           /* bit id - 32: spi[id - 32].enabled */
    GicCpu cpu[GICV2_MAX_CPUS];
    IrqLine **spi_in;           /* NULL-terminated */
    IrqLine **ppi_in;           /* cpu * 16 + n */
};

static GicIrq *gic_irq(GICv2State *s, int cpu, int id)
{
    return id < 32 ? &s->cpu[cpu].banked[id] : &s->spi[id - 32];
}

static int gic_current_cpu(GICv2State *s)
{
    int cpu = s->cpu_index ? s->cpu_index(s->cpu_index_opaque) : 0;

    g_assert(cpu >= 0 && cpu < s->num_cpus);
    return cpu;
}

static bool gic_is_pending(GICv2State *s, int cpu, int id)
{
    GicIrq *irq;

    if (id < 16) {
        return s->cpu[cpu].sgi_src[id] != 0;
    }
    irq = gic_irq(s, cpu, id);
    /* A level-sensitive input is pending while asserted (1.4.2). */
    return irq->pending || (!irq->edge && irq->level);
}

/*
 * Highest priority pending interrupt the distributor forwards to cpu:
 * enabled, its group enabled, pending and not active, targeting cpu
 * (3.2.2, 3.3); the lowest INTID wins a tie (3.3.5).
 */
static void gic_hppi_consider(GICv2State *s, int cpu, int id, int *best,
                              unsigned *best_prio)
{
    GicIrq *irq = gic_irq(s, cpu, id);

    if (irq->active || irq->priority >= *best_prio ||
        !(s->dctlr & (irq->group1 ? CTLR_ENABLE_GRP1 : CTLR_ENABLE_GRP0))) {
        return;
    }
    if (id >= 32 && s->num_cpus > 1 && !(irq->targets & (1u << cpu))) {
        return;
    }
    if (gic_is_pending(s, cpu, id)) {
        *best = id;
        *best_prio = irq->priority;
    }
}

/*
 * Only enabled interrupts can win: walk the enabled bitmaps (a guest
 * enables a handful of its 96 INTIDs), in ascending INTID order so that
 * a strict priority comparison keeps the lowest INTID on a tie.
 */
static int gic_hppi(GICv2State *s, int cpu)
{
    int best = INTID_SPURIOUS;
    unsigned best_prio = 0x100;

    for (uint32_t m = s->cpu[cpu].banked_en; m; m &= m - 1) {
        gic_hppi_consider(s, cpu, __builtin_ctz(m), &best, &best_prio);
    }
    for (int w = 0; w * 64 < s->num_irqs - 32; w++) {
        for (uint64_t m = s->spi_en[w]; m; m &= m - 1) {
            gic_hppi_consider(s, cpu, 32 + w * 64 + __builtin_ctzll(m), &best,
                              &best_prio);
        }
    }
    return best;
}

static void gic_set_enabled(GICv2State *s, int cpu, int id, bool on)
{
    gic_irq(s, cpu, id)->enabled = on;
    if (id < 32) {
        s->cpu[cpu].banked_en = (s->cpu[cpu].banked_en & ~(1u << id)) |
                                ((uint32_t)on << id);
    } else {
        uint64_t bit = 1ull << ((id - 32) % 64);

        s->spi_en[(id - 32) / 64] =
            (s->spi_en[(id - 32) / 64] & ~bit) | (on ? bit : 0);
    }
}

/* The group priority of prio: the bits above the binary point (3.3.3). */
static unsigned gic_group_prio(GicCpu *c, bool group1, unsigned prio)
{
    unsigned mask;

    if (group1 && !(c->ctlr & GICC_CTLR_CBPR)) {
        mask = 0xffu << c->abpr;
    } else {
        mask = 0xffu << (c->bpr + 1);
    }
    return prio & mask & PRIO_MASK;
}

static unsigned gic_running_prio(GicCpu *c)
{
    uint32_t all = c->apr[0] | c->apr[1];

    return all ? (unsigned)__builtin_ctz(all) << 3 : PRIO_IDLE;
}

/*
 * Whether the CPU interface signals id: its group enabled on the
 * interface, priority above the mask and group priority above the running
 * priority, so that only a higher group priority preempts (3.3.1-3.3.3).
 */
static bool gic_can_signal(GICv2State *s, int cpu, int id)
{
    GicCpu *c = &s->cpu[cpu];
    GicIrq *irq;

    if (id == INTID_SPURIOUS) {
        return false;
    }
    irq = gic_irq(s, cpu, id);
    if (!(c->ctlr & (irq->group1 ? CTLR_ENABLE_GRP1 : CTLR_ENABLE_GRP0))) {
        return false;
    }
    return irq->priority < c->pmr &&
           gic_group_prio(c, irq->group1, irq->priority) < gic_running_prio(c);
}

static void gic_update(GICv2State *s)
{
    for (int cpu = 0; cpu < s->num_cpus; cpu++) {
        GicCpu *c = &s->cpu[cpu];
        int id = gic_hppi(s, cpu);
        int irq_level = 0, fiq_level = 0;

        if (gic_can_signal(s, cpu, id)) {
            if (!gic_irq(s, cpu, id)->group1 && (c->ctlr & GICC_CTLR_FIQEN)) {
                fiq_level = 1;
            } else {
                irq_level = 1;
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

/* Input lines: n < 1024 is an SPI INTID, else 1024 + cpu * 32 + INTID. */
static void gic_set_input(void *opaque, int n, int level)
{
    GICv2State *s = opaque;
    int cpu = n < 1024 ? 0 : (n - 1024) / 32;
    int id = n < 1024 ? n : (n - 1024) % 32;
    GicIrq *irq = gic_irq(s, cpu, id);

    level = level != 0;
    if (irq->edge && level && !irq->level) {
        irq->pending = true;
    }
    irq->level = level;
    gic_update(s);
}

/* ---- distributor ---- */

/* One bit per INTID registers: which INTID does bit 0 of offset show. */
static int gic_bit_base(uint64_t offset, uint64_t reg)
{
    return (int)(offset - reg) * 8;
}

static uint32_t gic_read_bits(GICv2State *s, int cpu, uint64_t reg,
                              uint64_t offset)
{
    int base = gic_bit_base(offset, reg);
    uint32_t val = 0;

    for (int i = 0; i < 32 && base + i < s->num_irqs; i++) {
        int id = base + i;
        GicIrq *irq = gic_irq(s, cpu, id);
        bool bit = false;

        switch (reg) {
        case GICD_IGROUPR:
            bit = irq->group1;
            break;
        case GICD_ISENABLER:
        case GICD_ICENABLER:
            bit = irq->enabled;
            break;
        case GICD_ISPENDR:
        case GICD_ICPENDR:
            bit = gic_is_pending(s, cpu, id);
            break;
        case GICD_ISACTIVER:
        case GICD_ICACTIVER:
            bit = irq->active;
            break;
        }
        val |= (uint32_t)bit << i;
    }
    return val;
}

static void gic_write_bits(GICv2State *s, int cpu, uint64_t reg,
                           uint64_t offset, uint32_t val)
{
    int base = gic_bit_base(offset, reg);

    for (int i = 0; i < 32 && base + i < s->num_irqs; i++) {
        int id = base + i;
        GicIrq *irq = gic_irq(s, cpu, id);
        bool bit = (val >> i) & 1;

        if (reg == GICD_IGROUPR) {
            irq->group1 = bit;
            continue;
        }
        if (!bit) {
            continue;
        }
        switch (reg) {
        case GICD_ISENABLER:
            gic_set_enabled(s, cpu, id, true);
            break;
        case GICD_ICENABLER:
            gic_set_enabled(s, cpu, id, false);
            break;
        case GICD_ISPENDR:
            /* SGIs are made pending through GICD_SPENDSGIR (4.3.7). */
            if (id >= 16) {
                irq->pending = true;
            }
            break;
        case GICD_ICPENDR:
            /* A still asserted level input stays pending (4.3.8). */
            if (id >= 16) {
                irq->pending = false;
            }
            break;
        case GICD_ISACTIVER:
            irq->active = true;
            break;
        case GICD_ICACTIVER:
            irq->active = false;
            break;
        }
    }
}

static uint32_t gic_read_icfgr(GICv2State *s, int cpu, uint64_t offset)
{
    int base = (int)(offset - GICD_ICFGR) * 4;
    uint32_t val = 0;

    for (int i = 0; i < 16 && base + i < s->num_irqs; i++) {
        int id = base + i;

        /* SGIs are always edge-triggered (4.3.13). */
        if (id < 16 || gic_irq(s, cpu, id)->edge) {
            val |= 2u << (2 * i);
        }
    }
    return val;
}

static void gic_write_icfgr(GICv2State *s, int cpu, uint64_t offset,
                            uint32_t val)
{
    int base = (int)(offset - GICD_ICFGR) * 4;

    for (int i = 0; i < 16 && base + i < s->num_irqs; i++) {
        int id = base + i;

        if (id >= 16) {
            gic_irq(s, cpu, id)->edge = (val >> (2 * i + 1)) & 1;
        }
    }
}

static void gic_write_sgir(GICv2State *s, int cpu, uint32_t val)
{
    int sgi = val & 0xf;
    uint32_t targets;

    switch ((val >> 24) & 3) {
    case 0:
        targets = (val >> 16) & 0xff;
        break;
    case 1:
        targets = ((1u << s->num_cpus) - 1) & ~(1u << cpu);
        break;
    case 2:
        targets = 1u << cpu;
        break;
    default:
        log_guest_error("gicv2: GICD_SGIR: reserved TargetListFilter\n");
        return;
    }
    for (int t = 0; t < s->num_cpus; t++) {
        if (targets & (1u << t)) {
            s->cpu[t].sgi_src[sgi] |= 1u << cpu;
        }
    }
}

/* Registers with one byte per INTID (or per SGI); true if offset is one. */
static bool gic_dist_read_byte(GICv2State *s, int cpu, uint64_t offset,
                               uint8_t *out)
{
    int id;

    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + 1020) {
        id = offset - GICD_IPRIORITYR;
        *out = id < s->num_irqs ? gic_irq(s, cpu, id)->priority : 0;
    } else if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + 1020) {
        id = offset - GICD_ITARGETSR;
        if (s->num_cpus == 1 || id >= s->num_irqs) {
            *out = 0;           /* uniprocessor: RAZ/WI (4.3.12) */
        } else if (id < 32) {
            *out = 1u << cpu;   /* read-only: the reading CPU */
        } else {
            *out = gic_irq(s, cpu, id)->targets;
        }
    } else if (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR + 16) {
        *out = s->cpu[cpu].sgi_src[(offset - GICD_CPENDSGIR) % 16];
    } else {
        return false;
    }
    return true;
}

static void gic_dist_write_byte(GICv2State *s, int cpu, uint64_t offset,
                                uint8_t val)
{
    int id;

    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + 1020) {
        id = offset - GICD_IPRIORITYR;
        if (id < s->num_irqs) {
            gic_irq(s, cpu, id)->priority = val & PRIO_MASK;
        }
    } else if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + 1020) {
        id = offset - GICD_ITARGETSR;
        if (s->num_cpus > 1 && id >= 32 && id < s->num_irqs) {
            gic_irq(s, cpu, id)->targets = val & ((1u << s->num_cpus) - 1);
        }
    } else if (offset >= GICD_CPENDSGIR && offset < GICD_CPENDSGIR + 16) {
        s->cpu[cpu].sgi_src[offset - GICD_CPENDSGIR] &= ~val;
    } else if (offset >= GICD_SPENDSGIR && offset < GICD_SPENDSGIR + 16) {
        uint8_t mask = (1u << s->num_cpus) - 1;

        s->cpu[cpu].sgi_src[offset - GICD_SPENDSGIR] |= val & mask;
    } else {
        log_guest_error("gicv2: bad distributor write at 0x%" PRIx64 "\n",
                        offset);
    }
}

static bool gic_is_byte_reg(uint64_t offset)
{
    return (offset >= GICD_IPRIORITYR && offset < GICD_ICFGR) ||
           (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR + 16);
}

static uint32_t gic_dist_read_word(GICv2State *s, int cpu, uint64_t offset)
{
    uint64_t words = s->num_irqs / 8;   /* bytes of a bitmap register */

    switch (offset) {
    case GICD_CTLR:
        return s->dctlr;
    case GICD_TYPER:
        return (s->num_irqs / 32 - 1) | ((s->num_cpus - 1) << 5);
    case GICD_IIDR:
        return 0x43b;                   /* implementer ARM */
    }
    if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        uint64_t reg = offset & ~0x7full;

        return offset - reg < words ? gic_read_bits(s, cpu, reg, offset) : 0;
    }
    if (offset >= GICD_ICFGR && offset < GICD_ICFGR + 0x100) {
        return gic_read_icfgr(s, cpu, offset);
    }
    if (offset >= GICD_ID && offset < 0x1000) {
        return gicv2_id[(offset - GICD_ID) / 4];
    }
    log_guest_error("gicv2: bad distributor read at 0x%" PRIx64 "\n", offset);
    return 0;
}

static void gic_dist_write_word(GICv2State *s, int cpu, uint64_t offset,
                                uint32_t val)
{
    uint64_t words = s->num_irqs / 8;

    if (offset == GICD_CTLR) {
        s->dctlr = val & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
    } else if (offset == GICD_SGIR) {
        gic_write_sgir(s, cpu, val);
    } else if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        uint64_t reg = offset & ~0x7full;

        if (offset - reg < words) {
            gic_write_bits(s, cpu, reg, offset, val);
        }
    } else if (offset >= GICD_ICFGR && offset < GICD_ICFGR + 0x100) {
        gic_write_icfgr(s, cpu, offset, val);
    } else {
        log_guest_error("gicv2: bad distributor write at 0x%" PRIx64 "\n",
                        offset);
    }
}

static uint64_t gic_dist_read(void *opaque, uint64_t offset, unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);
    uint64_t val = 0;

    if (gic_is_byte_reg(offset)) {
        for (unsigned i = 0; i < size; i++) {
            uint8_t b;

            if (!gic_dist_read_byte(s, cpu, offset + i, &b)) {
                b = 0;
            }
            val |= (uint64_t)b << (8 * i);
        }
        return val;
    }
    if (size != 4) {
        log_guest_error("gicv2: %u-byte distributor read at 0x%" PRIx64
                        "\n", size, offset);
        return 0;
    }
    return gic_dist_read_word(s, cpu, offset);
}

static void gic_dist_write(void *opaque, uint64_t offset, uint64_t val,
                           unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);

    if (gic_is_byte_reg(offset)) {
        for (unsigned i = 0; i < size; i++) {
            gic_dist_write_byte(s, cpu, offset + i, val >> (8 * i));
        }
    } else if (size != 4) {
        log_guest_error("gicv2: %u-byte distributor write at 0x%" PRIx64
                        "\n", size, offset);
        return;
    } else {
        gic_dist_write_word(s, cpu, offset, val);
    }
    gic_update(s);
}

/* Byte-accessible registers are 1, 2 or 4 wide; the rest 4 (4.1.4). */
static const MemoryRegionOps gic_dist_ops = {
    .read = gic_dist_read,
    .write = gic_dist_write,
    .min_size = 1,
    .max_size = 4,
};

/* ---- CPU interface ---- */

/*
 * GICC_IAR (group1_if false) or GICC_AIAR (true): acknowledge the
 * highest priority pending interrupt, making it active (and pending if
 * still asserted) and raising the running priority to its group priority
 * (4.4.4, 3.2.4). SGIs carry the source CPU in bits [12:10].
 */
static uint32_t gic_acknowledge(GICv2State *s, int cpu, bool group1_if)
{
    GicCpu *c = &s->cpu[cpu];
    int id = gic_hppi(s, cpu);
    uint32_t ret;
    GicIrq *irq;

    if (!gic_can_signal(s, cpu, id)) {
        return INTID_SPURIOUS;
    }
    irq = gic_irq(s, cpu, id);
    if (group1_if && !irq->group1) {
        return INTID_SPURIOUS;
    }
    if (!group1_if && irq->group1 && !(c->ctlr & GICC_CTLR_ACKCTL)) {
        return INTID_GRP1_PENDING;
    }
    ret = id;
    if (id < 16) {
        int src = __builtin_ctz(c->sgi_src[id]);

        c->sgi_src[id] &= ~(1u << src);
        ret |= src << 10;
    } else {
        irq->pending = false;
    }
    irq->active = true;
    c->apr[irq->group1] |=
        1u << (gic_group_prio(c, irq->group1, irq->priority) >> 3);
    gic_update(s);
    return ret;
}

static void gic_deactivate(GICv2State *s, int cpu, int id)
{
    gic_irq(s, cpu, id)->active = false;
}

/* GICC_EOIR / GICC_AEOIR: drop the running priority (4.4.5). */
static void gic_eoi(GICv2State *s, int cpu, uint32_t val, bool group1_if)
{
    GicCpu *c = &s->cpu[cpu];
    int id = val & 0x3ff;
    uint32_t all = c->apr[0] | c->apr[1];

    if (id >= 1020) {
        return;                 /* EOI of a spurious ID is ignored */
    }
    if (id >= s->num_irqs) {
        log_guest_error("gicv2: EOI of unimplemented INTID %d\n", id);
        return;
    }
    if (all) {
        uint32_t bit = all & -all;  /* the highest active priority */
        int grp = gic_irq(s, cpu, id)->group1;

        c->apr[(c->apr[grp] & bit) ? grp : !grp] &= ~bit;
    }
    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        gic_deactivate(s, cpu, id);
    }
    gic_update(s);
}

static uint32_t gic_hppir(GICv2State *s, int cpu, bool group1_if)
{
    int id = gic_hppi(s, cpu);
    GicIrq *irq;

    if (id == INTID_SPURIOUS) {
        return id;
    }
    irq = gic_irq(s, cpu, id);
    if (group1_if && !irq->group1) {
        return INTID_SPURIOUS;
    }
    if (!group1_if && irq->group1 &&
        !(s->cpu[cpu].ctlr & GICC_CTLR_ACKCTL)) {
        return INTID_GRP1_PENDING;
    }
    if (id < 16) {
        return id | (__builtin_ctz(s->cpu[cpu].sgi_src[id]) << 10);
    }
    return id;
}

static uint64_t gic_cpu_read(void *opaque, uint64_t offset, unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);
    GicCpu *c = &s->cpu[cpu];

    switch (offset) {
    case GICC_CTLR:
        return c->ctlr;
    case GICC_PMR:
        return c->pmr;
    case GICC_BPR:
        return c->bpr;
    case GICC_ABPR:
        return c->abpr;
    case GICC_IAR:
        return gic_acknowledge(s, cpu, false);
    case GICC_AIAR:
        return gic_acknowledge(s, cpu, true);
    case GICC_RPR:
        return gic_running_prio(c);
    case GICC_HPPIR:
        return gic_hppir(s, cpu, false);
    case GICC_AHPPIR:
        return gic_hppir(s, cpu, true);
    case GICC_APR0:
        return c->apr[0];
    case GICC_NSAPR0:
        return c->apr[1];
    case GICC_APR0 + 4 ... GICC_APR0 + 12:
    case GICC_NSAPR0 + 4 ... GICC_NSAPR0 + 12:
        return 0;               /* only 32 preemption levels */
    case GICC_IIDR:
        return (2u << 16) | 0x43b;     /* architecture v2, ARM */
    case GICC_EOIR:
    case GICC_AEOIR:
    case GICC_DIR:
    default:
        log_guest_error("gicv2: bad CPU interface read at 0x%" PRIx64 "\n",
                        offset);
        return 0;
    }
}

static void gic_cpu_write(void *opaque, uint64_t offset, uint64_t val,
                          unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);
    GicCpu *c = &s->cpu[cpu];

    switch (offset) {
    case GICC_CTLR:
        c->ctlr = val & GICC_CTLR_MASK;
        break;
    case GICC_PMR:
        c->pmr = val & PRIO_MASK;
        break;
    case GICC_BPR:
        /* Below the minimum binary point reads back the minimum (4.4.3). */
        c->bpr = MAX(val & 7, 2u);
        break;
    case GICC_ABPR:
        c->abpr = MAX(val & 7, 3u);
        break;
    case GICC_EOIR:
        gic_eoi(s, cpu, val, false);
        return;
    case GICC_AEOIR:
        gic_eoi(s, cpu, val, true);
        return;
    case GICC_DIR:
        if ((val & 0x3ff) < (uint64_t)s->num_irqs) {
            gic_deactivate(s, cpu, val & 0x3ff);
        }
        break;
    case GICC_APR0:
        c->apr[0] = val;
        break;
    case GICC_NSAPR0:
        c->apr[1] = val;
        break;
    case GICC_APR0 + 4 ... GICC_APR0 + 12:
    case GICC_NSAPR0 + 4 ... GICC_NSAPR0 + 12:
        break;
    default:
        log_guest_error("gicv2: bad CPU interface write at 0x%" PRIx64 "\n",
                        offset);
        return;
    }
    gic_update(s);
}

static const MemoryRegionOps gic_cpu_ops = {
    .read = gic_cpu_read,
    .write = gic_cpu_write,
    .min_size = 4,
    .max_size = 4,
};

/* ---- construction ---- */

void gicv2_reset(GICv2State *s)
{
    s->dctlr = 0;
    for (int id = 32; id < s->num_irqs; id++) {
        GicIrq *irq = &s->spi[id - 32];
        bool level = irq->level;

        *irq = (GicIrq){.level = level};
    }
    memset(s->spi_en, 0, ((s->num_irqs - 32 + 63) / 64) * sizeof(uint64_t));
    for (int cpu = 0; cpu < s->num_cpus; cpu++) {
        GicCpu *c = &s->cpu[cpu];

        for (int id = 0; id < 32; id++) {
            bool level = c->banked[id].level;

            c->banked[id] = (GicIrq){.level = level, .edge = id < 16};
        }
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        c->banked_en = 0;
        c->ctlr = c->pmr = 0;
        c->bpr = 2;
        c->abpr = 3;
        c->apr[0] = c->apr[1] = 0;
    }
    gic_update(s);
}

GICv2State *gicv2_create(int num_cpus, int num_spis, IrqLine **cpu_irq,
                         IrqLine **cpu_fiq)
{
    GICv2State *s = g_new0(GICv2State, 1);

    g_assert(num_cpus >= 1 && num_cpus <= GICV2_MAX_CPUS);
    g_assert(num_spis >= 0 && num_spis <= GICV2_MAX_SPIS);
    s->num_cpus = num_cpus;
    s->num_irqs = MIN(32 + (num_spis + 31) / 32 * 32, 1020);
    s->spi = g_new0(GicIrq, s->num_irqs - 32 + 1);
    s->spi_en = g_new0(uint64_t, (s->num_irqs - 32 + 63) / 64 + 1);
    for (int cpu = 0; cpu < num_cpus; cpu++) {
        s->cpu[cpu].irq_out = cpu_irq ? cpu_irq[cpu] : NULL;
        s->cpu[cpu].fiq_out = cpu_fiq ? cpu_fiq[cpu] : NULL;
    }
    s->spi_in = g_new0(IrqLine *, s->num_irqs - 32 + 1);
    for (int id = 32; id < s->num_irqs; id++) {
        s->spi_in[id - 32] = irq_new(gic_set_input, s, id);
    }
    s->ppi_in = g_new0(IrqLine *, num_cpus * 16 + 1);
    for (int i = 0; i < num_cpus * 16; i++) {
        s->ppi_in[i] = irq_new(gic_set_input, s,
                               1024 + (i / 16) * 32 + 16 + i % 16);
    }
    s->dist_mr = mr_new_io("gicv2-dist", GICV2_DIST_SIZE, &gic_dist_ops, s);
    s->cpu_mr = mr_new_io("gicv2-cpu", GICV2_CPU_SIZE, &gic_cpu_ops, s);
    gicv2_reset(s);
    return s;
}

MemoryRegion *gicv2_dist_region(GICv2State *s)
{
    return s->dist_mr;
}

MemoryRegion *gicv2_cpu_region(GICv2State *s)
{
    return s->cpu_mr;
}

void gicv2_set_cpu_index_fn(GICv2State *s, int (*fn)(void *opaque),
                            void *opaque)
{
    s->cpu_index = fn;
    s->cpu_index_opaque = opaque;
}

IrqLine *gicv2_spi_line(GICv2State *s, int n)
{
    g_assert(n >= 0 && n < s->num_irqs - 32);
    return s->spi_in[n];
}

IrqLine *gicv2_ppi_line(GICv2State *s, int cpu, int n)
{
    g_assert(cpu >= 0 && cpu < s->num_cpus && n >= 0 && n < 16);
    return s->ppi_in[cpu * 16 + n];
}

void gicv2_free(GICv2State *s)
{
    if (!s) {
        return;
    }
    mr_free(s->dist_mr);
    mr_free(s->cpu_mr);
    irq_free_array(s->spi_in);
    irq_free_array(s->ppi_in);
    g_free(s->spi);
    g_free(s->spi_en);
    g_free(s);
}
