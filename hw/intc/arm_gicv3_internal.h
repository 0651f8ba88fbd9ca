/*
 * GICv3 state shared by arm_gicv3*.c; nothing outside hw/intc includes it.
 */
#ifndef HW_INTC_ARM_GICV3_INTERNAL_H
#define HW_INTC_ARM_GICV3_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/memory.h"
#include "hw/intc/arm_gicv3.h"

#define GICV3_PRIO_MASK 0xf8u       /* 5 implemented priority bits */
#define GICV3_PRIO_IDLE 0xffu
#define GICV3_SPURIOUS 1023

#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)

#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

#define ICC_CTLR_CBPR (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)

typedef struct GICv3Irq {
    uint8_t priority;
    bool enabled, pending, active, level, edge, group1;
} GICv3Irq;

typedef struct GICv3Cpu {
    GICv3Irq banked[32];        /* SGIs and PPIs, in the redistributor */
    uint32_t waker;

    /* CPU interface */
    uint32_t ctlr, pmr, bpr0, bpr1;
    bool igrpen0, igrpen1;
    uint32_t apr[2];            /* active preemption levels per group */
    IrqLine *irq_out, *fiq_out;
    int irq_level, fiq_level;
} GICv3Cpu;

struct GICv3State {
    int num_cpus, num_irqs;
    MemoryRegion *dist_mr, *redist_mr;

    uint32_t dctlr;
    GICv3Irq *spi;              /* INTIDs 32.., at [id - 32] */
    uint64_t *irouter;          /* GICD_IROUTER<id>, at [id - 32] */
    int *spi_cpu;               /* the CPU irouter names, or -1 */
    GICv3Cpu cpu[GICV3_MAX_CPUS];
    IrqLine **spi_in, **ppi_in;
};

static inline GICv3Irq *gicv3_irq(GICv3State *s, int cpu, int id)
{
    return id < 32 ? &s->cpu[cpu].banked[id] : &s->spi[id - 32];
}

/* arm_gicv3.c */
bool gicv3_is_pending(GICv3Irq *irq);
int gicv3_hppi(GICv3State *s, int cpu);
void gicv3_update(GICv3State *s);
/* The CPU index whose affinity is aff (Aff3 << 24 | Aff2.Aff1.Aff0), or -1 */
int gicv3_cpu_by_affinity(GICv3State *s, uint32_t aff);
/* Bit-per-INTID registers shared by the distributor and redistributor. */
uint32_t gicv3_read_bits(GICv3State *s, int cpu, uint64_t reg, int base);
void gicv3_write_bits(GICv3State *s, int cpu, uint64_t reg, int base,
                      uint32_t val);
uint32_t gicv3_read_icfgr(GICv3State *s, int cpu, int base);
void gicv3_write_icfgr(GICv3State *s, int cpu, int base, uint32_t val);

/* Register offsets common to GICD_ and the GICR_ SGI_base frame. */
#define GICV3_IGROUPR 0x080
#define GICV3_ISENABLER 0x100
#define GICV3_ICENABLER 0x180
#define GICV3_ISPENDR 0x200
#define GICV3_ICPENDR 0x280
#define GICV3_ISACTIVER 0x300
#define GICV3_ICACTIVER 0x380
#define GICV3_IPRIORITYR 0x400
#define GICV3_ICFGR 0xc00
#define GICV3_IGRPMODR 0xd00
#define GICV3_PIDR2 0xffe8

/* arm_gicv3_cpuif.c: whether the CPU interface signals id to its PE. */
bool gicv3_cpuif_can_signal(GICv3State *s, int cpu, int id);
void gicv3_cpuif_reset(GICv3State *s, int cpu);

/* GICD_PIDR4-7, PIDR0-3 (ArchRev 3 in PIDR2[7:4]), CIDR0-3 at 0xffd0. */
#define GICV3_ID_BASE 0xffd0
extern const uint8_t gicv3_id_regs[12];

/* arm_gicv3_dist.c, arm_gicv3_redist.c */
extern const MemoryRegionOps gicv3_dist_ops;
extern const MemoryRegionOps gicv3_redist_ops;

#endif
