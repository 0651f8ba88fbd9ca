/*
 * A rig for unit tests of a device with one MMIO region and one interrupt
 * output: an address space, an interrupt line that records the level last
 * set and how many times it was set, the device's region mapped at a
 * base, and 32-bit accesses at base + offset that must succeed (rd/wr).
 * The test creates and frees the device itself: on r.irq after
 * mmio_rig_init, freed after mmio_rig_free (which unmaps its region).
 */
#ifndef TESTS_UNIT_MMIO_RIG_H
#define TESTS_UNIT_MMIO_RIG_H

#include <check.h>
#include <stdint.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"

typedef struct MmioRig {
    AddressSpace *as;
    IrqLine *irq;     /* give this to the device as its output */
    int irq_level;    /* the level last set on irq */
    int irq_calls;    /* how many times irq was set */
    MemoryRegion *mr; /* the mapped region, NULL before mmio_rig_map */
    uint64_t base;    /* where it is mapped: rd/wr offsets are from here */
} MmioRig;

static inline void mmio_rig_irq_set(void *opaque, int n, int level)
{
    MmioRig *r = opaque;

    r->irq_level = level;
    r->irq_calls++;
}

static inline void mmio_rig_init(MmioRig *r)
{
    r->as = as_new("test");
    r->irq = irq_new(mmio_rig_irq_set, r, 0);
    r->irq_level = 0;
    r->irq_calls = 0;
    r->mr = NULL;
    r->base = 0;
}

static inline void mmio_rig_map(MmioRig *r, uint64_t base, MemoryRegion *mr)
{
    ck_assert(as_map(r->as, base, mr, 0, NULL));
    r->mr = mr;
    r->base = base;
}

/* Unmaps the region: free the device after this, not before. */
static inline void mmio_rig_free(MmioRig *r)
{
    if (r->mr) {
        as_unmap(r->as, r->mr);
    }
    irq_free(r->irq);
    as_free(r->as);
}

static inline uint32_t rd(MmioRig *r, uint64_t off)
{
    uint64_t v = 0;

    ck_assert_int_eq(as_load(r->as, r->base + off, 4, &v), MEMTX_OK);
    return v;
}

static inline void wr(MmioRig *r, uint64_t off, uint32_t v)
{
    ck_assert_int_eq(as_store(r->as, r->base + off, 4, v), MEMTX_OK);
}

#endif
