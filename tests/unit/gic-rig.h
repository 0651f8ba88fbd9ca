/*
 * A rig for unit tests of an interrupt controller with per-CPU IRQ and
 * FIQ outputs (GICv2, GICv3): an address space, CPU n's IRQ and FIQ
 * inputs recording the level last set, the controller's regions mapped,
 * and accesses that must succeed: any size at an address (rdn/wrn), 32
 * bits at distributor + offset (dr/dw).  The test creates and frees the
 * controller itself: on r.irq and r.fiq after gic_rig_init, freed after
 * gic_rig_free (which unmaps its regions).
 */
#ifndef TESTS_UNIT_GIC_RIG_H
#define TESTS_UNIT_GIC_RIG_H

#include <check.h>
#include <stdint.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"

#define GIC_RIG_MAX_CPUS 8
#define GIC_RIG_MAX_REGIONS 2

typedef struct GicRig {
    AddressSpace *as;
    IrqLine **irq, **fiq; /* give these to the controller: CPU n is line n */
    int irq_level[GIC_RIG_MAX_CPUS];
    int fiq_level[GIC_RIG_MAX_CPUS];
    uint64_t dist; /* the distributor's base, for dr/dw */
    MemoryRegion *mr[GIC_RIG_MAX_REGIONS];
    int nr_mr;
} GicRig;

static inline void gic_rig_irq_set(void *opaque, int n, int level)
{
    GicRig *r = opaque;

    r->irq_level[n] = level;
}

static inline void gic_rig_fiq_set(void *opaque, int n, int level)
{
    GicRig *r = opaque;

    r->fiq_level[n] = level;
}

static inline void gic_rig_init(GicRig *r, int ncpus, uint64_t dist)
{
    ck_assert_int_le(ncpus, GIC_RIG_MAX_CPUS);
    *r = (GicRig){.dist = dist};
    r->as = as_new("test");
    r->irq = irq_new_array(gic_rig_irq_set, r, ncpus);
    r->fiq = irq_new_array(gic_rig_fiq_set, r, ncpus);
}

static inline void gic_rig_map(GicRig *r, uint64_t base, MemoryRegion *mr)
{
    ck_assert_int_lt(r->nr_mr, GIC_RIG_MAX_REGIONS);
    ck_assert(as_map(r->as, base, mr, 0, NULL));
    r->mr[r->nr_mr++] = mr;
}

/* Unmaps the regions: free the controller after this, not before. */
static inline void gic_rig_free(GicRig *r)
{
    for (int i = 0; i < r->nr_mr; i++) {
        as_unmap(r->as, r->mr[i]);
    }
    irq_free_array(r->irq);
    irq_free_array(r->fiq);
    as_free(r->as);
}

static inline uint64_t rdn(GicRig *r, uint64_t addr, unsigned size)
{
    uint64_t v = 0;

    ck_assert_int_eq(as_load(r->as, addr, size, &v), MEMTX_OK);
    return v;
}

static inline void wrn(GicRig *r, uint64_t addr, uint64_t v, unsigned size)
{
    ck_assert_int_eq(as_store(r->as, addr, size, v), MEMTX_OK);
}

static inline uint32_t dr(GicRig *r, unsigned off)
{
    return rdn(r, r->dist + off, 4);
}

static inline void dw(GicRig *r, unsigned off, uint32_t v)
{
    wrn(r, r->dist + off, v, 4);
}

#endif
