/*
 * GICv3 redistributor registers (ARM IHI 0069, 12.10 and 12.11): one
 * 128 KiB pair of frames per CPU, RD_base (control, TYPER, WAKER) then
 * SGI_base (the SGI and PPI enables, pending and active state,
 * priorities and configuration). LPIs are not implemented, so
 * GICR_CTLR.EnableLPIs, PROPBASER and PENDBASER are RAZ/WI.
 */
#include <glib.h>
#include <inttypes.h>

#include "hw/core/memory.h"
#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

/* RD_base frame */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008       /* 64 bits */
#define GICR_STATUSR 0x0010
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070   /* 64 bits */
#define GICR_PENDBASER 0x0078   /* 64 bits */

#define GICR_SGI_BASE 0x10000
/* SGI_base frame, beyond the registers shared with the distributor */
#define GICR_NSACR 0x0e00

#define GICR_TYPER_LAST (1u << 4)

static uint32_t gicr_rd_read32(GICv3State *s, int cpu, uint64_t off)
{
    switch (off) {
    case GICR_CTLR:
    case GICR_STATUSR:
    case GICR_PROPBASER ... GICR_PENDBASER + 4:
        return 0;
    case GICR_IIDR:
        return 0x43b;
    case GICR_TYPER:
        /* Processor_Number, Last in the highest frame (12.10.33). */
        return (uint32_t)cpu << 8 |
               (cpu == s->num_cpus - 1 ? GICR_TYPER_LAST : 0);
    case GICR_TYPER + 4:
        return cpu;             /* Affinity_Value: 0.0.0.cpu */
    case GICR_WAKER:
        return s->cpu[cpu].waker;
    }
    if (off >= GICV3_ID_BASE && off < GICR_SGI_BASE) {
        return gicv3_id_regs[(off - GICV3_ID_BASE) / 4];
    }
    log_guest_error("gicv3: bad redistributor %d read at 0x%" PRIx64 "\n",
                    cpu, off);
    return 0;
}

static void gicr_rd_write32(GICv3State *s, int cpu, uint64_t off,
                            uint32_t val)
{
    switch (off) {
    case GICR_CTLR:
    case GICR_STATUSR:
    case GICR_PROPBASER ... GICR_PENDBASER + 4:
        break;
    case GICR_WAKER:
        /*
         * 12.11.43: software clears ProcessorSleep and polls until
         * ChildrenAsleep reads 0; here the interface wakes (or quiesces)
         * at once.
         */
        if (val & GICR_WAKER_PROCESSOR_SLEEP) {
            s->cpu[cpu].waker = GICR_WAKER_PROCESSOR_SLEEP |
                                GICR_WAKER_CHILDREN_ASLEEP;
        } else {
            s->cpu[cpu].waker = 0;
        }
        break;
    default:
        log_guest_error("gicv3: bad redistributor %d write at 0x%" PRIx64
                        "\n", cpu, off);
    }
}

static uint32_t gicr_sgi_read32(GICv3State *s, int cpu, uint64_t off)
{
    switch (off) {
    case GICV3_IGROUPR:
    case GICV3_ISENABLER:
    case GICV3_ICENABLER:
    case GICV3_ISPENDR:
    case GICV3_ICPENDR:
    case GICV3_ISACTIVER:
    case GICV3_ICACTIVER:
        return gicv3_read_bits(s, cpu, off, 0);
    case GICV3_ICFGR:
    case GICV3_ICFGR + 4:
        return gicv3_read_icfgr(s, cpu, (off - GICV3_ICFGR) * 4);
    case GICV3_IGRPMODR:
    case GICR_NSACR:
        return 0;               /* one Security state: RAZ/WI */
    }
    log_guest_error("gicv3: bad redistributor %d SGI frame read at 0x%"
                    PRIx64 "\n", cpu, off);
    return 0;
}

static void gicr_sgi_write32(GICv3State *s, int cpu, uint64_t off,
                             uint32_t val)
{
    switch (off) {
    case GICV3_IGROUPR:
    case GICV3_ISENABLER:
    case GICV3_ICENABLER:
    case GICV3_ISPENDR:
    case GICV3_ICPENDR:
    case GICV3_ISACTIVER:
    case GICV3_ICACTIVER:
        gicv3_write_bits(s, cpu, off, 0, val);
        break;
    case GICV3_ICFGR:
    case GICV3_ICFGR + 4:
        gicv3_write_icfgr(s, cpu, (off - GICV3_ICFGR) * 4, val);
        break;
    case GICV3_IGRPMODR:
    case GICR_NSACR:
        break;
    default:
        log_guest_error("gicv3: bad redistributor %d SGI frame write at 0x%"
                        PRIx64 "\n", cpu, off);
    }
}

static uint32_t gicr_read32(GICv3State *s, int cpu, uint64_t off)
{
    return off < GICR_SGI_BASE ? gicr_rd_read32(s, cpu, off)
                               : gicr_sgi_read32(s, cpu, off - GICR_SGI_BASE);
}

static void gicr_write32(GICv3State *s, int cpu, uint64_t off, uint32_t val)
{
    if (off < GICR_SGI_BASE) {
        gicr_rd_write32(s, cpu, off, val);
    } else {
        gicr_sgi_write32(s, cpu, off - GICR_SGI_BASE, val);
    }
}

/* GICR_IPRIORITYR0-7 in the SGI frame take byte accesses. */
static bool gicr_is_prio(uint64_t off)
{
    return off >= GICR_SGI_BASE + GICV3_IPRIORITYR &&
           off < GICR_SGI_BASE + GICV3_IPRIORITYR + 32;
}

static uint64_t gicr_read(void *opaque, uint64_t offset, unsigned size)
{
    GICv3State *s = opaque;
    int cpu = offset / GICV3_REDIST_STRIDE;
    uint64_t off = offset % GICV3_REDIST_STRIDE;
    uint64_t val = 0;

    if (gicr_is_prio(off)) {
        for (unsigned i = 0; i < size; i++) {
            int id = off + i - GICR_SGI_BASE - GICV3_IPRIORITYR;

            val |= (uint64_t)s->cpu[cpu].banked[id].priority << (8 * i);
        }
        return val;
    }
    if (size == 8) {
        return gicr_read32(s, cpu, off) |
               (uint64_t)gicr_read32(s, cpu, off + 4) << 32;
    }
    if (size != 4) {
        log_guest_error("gicv3: %u-byte redistributor read at 0x%" PRIx64
                        "\n", size, offset);
        return 0;
    }
    return gicr_read32(s, cpu, off);
}

static void gicr_write(void *opaque, uint64_t offset, uint64_t val,
                       unsigned size)
{
    GICv3State *s = opaque;
    int cpu = offset / GICV3_REDIST_STRIDE;
    uint64_t off = offset % GICV3_REDIST_STRIDE;

    if (gicr_is_prio(off)) {
        for (unsigned i = 0; i < size; i++) {
            int id = off + i - GICR_SGI_BASE - GICV3_IPRIORITYR;

            s->cpu[cpu].banked[id].priority =
                (val >> (8 * i)) & GICV3_PRIO_MASK;
        }
    } else if (size == 8) {
        gicr_write32(s, cpu, off, val);
        gicr_write32(s, cpu, off + 4, val >> 32);
    } else if (size == 4) {
        gicr_write32(s, cpu, off, val);
    } else {
        log_guest_error("gicv3: %u-byte redistributor write at 0x%" PRIx64
                        "\n", size, offset);
        return;
    }
    gicv3_update(s);
}

const MemoryRegionOps gicv3_redist_ops = {
    .read = gicr_read,
    .write = gicr_write,
    .min_size = 1,
    .max_size = 8,
};
