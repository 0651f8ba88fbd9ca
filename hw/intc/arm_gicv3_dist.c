/*
 * GICv3 distributor registers (ARM IHI 0069, 12.9), affinity routing
 * enabled: the SGI and PPI parts of the bitmaps, priorities and ICFGR are
 * RAZ/WI here (they live in the redistributors), ITARGETSR and SGIR do not
 * exist, and each SPI is routed by its GICD_IROUTER to one PE. See
 * arm_gicv3.c for what is modelled.
 */
#include <glib.h>
#include <inttypes.h>

#include "hw/core/memory.h"
#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_STATUSR 0x0010
#define GICD_ITARGETSR 0x0800
#define GICD_NSACR 0x0e00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000     /* 64 bits per INTID; SPIs from 0x6100 */

#define GICD_TYPER_IDBITS(n) (((n) - 1) << 19)
#define GICD_TYPER_NO1N (1u << 25)

static uint32_t gicd_read32(GICv3State *s, uint64_t offset)
{
    if (offset == GICD_CTLR) {
        return s->dctlr;
    }
    if (offset == GICD_TYPER) {
        return (s->num_irqs / 32 - 1) | GICD_TYPER_IDBITS(10) |
               GICD_TYPER_NO1N;
    }
    if (offset == GICD_IIDR) {
        return 0x43b;                   /* implementer ARM */
    }
    if (offset == GICD_TYPER2 || offset == GICD_STATUSR) {
        return 0;
    }
    if (offset >= GICV3_IGROUPR && offset < GICV3_IPRIORITYR) {
        uint64_t reg = offset & ~0x7full;
        int base = (offset - reg) * 8;

        /* INTIDs 0-31 are the redistributor's under ARE (12.9). */
        return base ? gicv3_read_bits(s, 0, reg, base) : 0;
    }
    if (offset >= GICV3_ICFGR && offset < GICV3_ICFGR + 0x100) {
        int base = (offset - GICV3_ICFGR) * 4;

        return base >= 32 ? gicv3_read_icfgr(s, 0, base) : 0;
    }
    if ((offset >= GICV3_IGRPMODR && offset < GICD_NSACR + 0x100) ||
        offset == GICD_SGIR) {
        return 0;       /* one Security state: IGRPMODR, NSACR RAZ/WI */
    }
    if (offset >= GICD_IROUTER + 32 * 8 &&
        offset < GICD_IROUTER + (uint64_t)s->num_irqs * 8) {
        uint64_t r = s->irouter[(offset - GICD_IROUTER) / 8 - 32];

        return (offset & 4) ? r >> 32 : (uint32_t)r;
    }
    if (offset >= GICV3_ID_BASE && offset < 0x10000) {
        return gicv3_id_regs[(offset - GICV3_ID_BASE) / 4];
    }
    log_guest_error("gicv3: bad distributor read at 0x%" PRIx64 "\n", offset);
    return 0;
}

static void gicd_route(GICv3State *s, int id)
{
    uint64_t r = s->irouter[id - 32];
    uint32_t aff = (r & 0xffffff) | ((r >> 32) & 0xff) << 24;

    s->spi_cpu[id - 32] = gicv3_cpu_by_affinity(s, aff);
}

static void gicd_write32(GICv3State *s, uint64_t offset, uint32_t val)
{
    if (offset == GICD_CTLR) {
        s->dctlr = (val & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) |
                   GICD_CTLR_ARE | GICD_CTLR_DS;
    } else if (offset >= GICV3_IGROUPR && offset < GICV3_IPRIORITYR) {
        uint64_t reg = offset & ~0x7full;
        int base = (offset - reg) * 8;

        if (base) {
            gicv3_write_bits(s, 0, reg, base, val);
        }
    } else if (offset >= GICV3_ICFGR && offset < GICV3_ICFGR + 0x100) {
        int base = (offset - GICV3_ICFGR) * 4;

        if (base >= 32) {
            gicv3_write_icfgr(s, 0, base, val);
        }
    } else if ((offset >= GICV3_IGRPMODR && offset < GICD_NSACR + 0x100) ||
               offset == GICD_SGIR) {
        /* RAZ/WI */
    } else if (offset >= GICD_IROUTER + 32 * 8 &&
               offset < GICD_IROUTER + (uint64_t)s->num_irqs * 8) {
        int id = (offset - GICD_IROUTER) / 8;
        uint64_t *r = &s->irouter[id - 32];

        /* Aff2.Aff1.Aff0 and Aff3; IRM is RAZ/WI as No1N is set. */
        if (offset & 4) {
            *r = (*r & 0xffffffffull) | (uint64_t)(val & 0xff) << 32;
        } else {
            *r = (*r & ~0xffffffffull) | (val & 0xffffff);
        }
        gicd_route(s, id);
    } else {
        log_guest_error("gicv3: bad distributor write at 0x%" PRIx64 "\n",
                        offset);
    }
}

static bool gicd_is_byte_reg(uint64_t offset)
{
    return offset >= GICV3_IPRIORITYR && offset < GICV3_ICFGR;
}

static uint8_t gicd_read_byte(GICv3State *s, uint64_t offset)
{
    int id = offset - GICV3_IPRIORITYR;

    /* ITARGETSR is RES0 under ARE; SGI/PPI priorities are the GICR's. */
    if (offset >= GICD_ITARGETSR || id < 32 || id >= s->num_irqs) {
        return 0;
    }
    return gicv3_irq(s, 0, id)->priority;
}

static void gicd_write_byte(GICv3State *s, uint64_t offset, uint8_t val)
{
    int id = offset - GICV3_IPRIORITYR;

    if (offset < GICD_ITARGETSR && id >= 32 && id < s->num_irqs) {
        gicv3_irq(s, 0, id)->priority = val & GICV3_PRIO_MASK;
    }
}

static uint64_t gicd_read(void *opaque, uint64_t offset, unsigned size)
{
    GICv3State *s = opaque;
    uint64_t val = 0;

    if (gicd_is_byte_reg(offset)) {
        for (unsigned i = 0; i < size; i++) {
            val |= (uint64_t)gicd_read_byte(s, offset + i) << (8 * i);
        }
        return val;
    }
    if (size == 8) {
        return gicd_read32(s, offset) |
               (uint64_t)gicd_read32(s, offset + 4) << 32;
    }
    if (size != 4) {
        log_guest_error("gicv3: %u-byte distributor read at 0x%" PRIx64
                        "\n", size, offset);
        return 0;
    }
    return gicd_read32(s, offset);
}

static void gicd_write(void *opaque, uint64_t offset, uint64_t val,
                       unsigned size)
{
    GICv3State *s = opaque;

    if (gicd_is_byte_reg(offset)) {
        for (unsigned i = 0; i < size; i++) {
            gicd_write_byte(s, offset + i, val >> (8 * i));
        }
    } else if (size == 8) {
        gicd_write32(s, offset, val);
        gicd_write32(s, offset + 4, val >> 32);
    } else if (size == 4) {
        gicd_write32(s, offset, val);
    } else {
        log_guest_error("gicv3: %u-byte distributor write at 0x%" PRIx64
                        "\n", size, offset);
        return;
    }
    gicv3_update(s);
}

/*
 * 12.1.3: 64-bit registers (IROUTER) take 64-bit or 32-bit accesses,
 * IPRIORITYR also bytes, the rest 32 bits.
 */
const MemoryRegionOps gicv3_dist_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .min_size = 1,
    .max_size = 8,
};
