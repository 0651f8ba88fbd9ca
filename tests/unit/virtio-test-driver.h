/*
 * A small virtio driver for unit tests: lays out split rings in the RAM
 * of a real AddressSpace and talks to a virtio-mmio transport through
 * guest-visible MMIO accesses (as_load/as_store), the way Linux's
 * virtio_mmio and virtio_ring drivers do, recording the interrupt line.
 * Shared by test-virtio.c and test-virtio-net.c.
 */
#ifndef TESTS_UNIT_VIRTIO_TEST_DRIVER_H
#define TESTS_UNIT_VIRTIO_TEST_DRIVER_H

#include <check.h>
#include <string.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio.h"

/* Guest memory map of the test machine. */
#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x100000ull
#define MMIO_BASE 0x0a000000ull
#define RING_BASE (RAM_BASE + 0x1000) /* queue q at + q * RING_STRIDE */
#define RING_STRIDE 0x10000
#define BUF_BASE (RAM_BASE + 0x80000) /* buffers */

/* virtio-mmio registers (virtio 1.2 section 4.2.2). */
enum {
    R_MAGIC = 0x000,
    R_VERSION = 0x004,
    R_DEVICE_ID = 0x008,
    R_VENDOR = 0x00c,
    R_DEV_FEAT = 0x010,
    R_DEV_FEAT_SEL = 0x014,
    R_DRV_FEAT = 0x020,
    R_DRV_FEAT_SEL = 0x024,
    R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038,
    R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050,
    R_ISR = 0x060,
    R_ISR_ACK = 0x064,
    R_STATUS = 0x070,
    R_DESC_LO = 0x080,
    R_DESC_HI = 0x084,
    R_DRIVER_LO = 0x090,
    R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0a0,
    R_DEVICE_HI = 0x0a4,
    R_GENERATION = 0x0fc,
    R_CONFIG = 0x100,
};

#define F_INDIRECT (1ull << VIRTIO_F_INDIRECT_DESC)
#define F_EVENT_IDX (1ull << VIRTIO_F_EVENT_IDX)
#define F_VERSION_1 (1ull << VIRTIO_F_VERSION_1)

#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4

/* --- the test machine -------------------------------------------------- */

typedef struct TestQueue {
    unsigned num;
    uint64_t desc, avail, used;
    uint16_t avail_idx, last_used, next_desc;
} TestQueue;

typedef struct TestDev {
    AddressSpace *as;
    MemoryRegion *ram;
    VirtioMmio *t;
    IrqLine *irq;
    int level;
    int irq_sets;
    TestQueue q[4];
} TestDev;

static inline void irq_record(void *opaque, int n, int level)
{
    TestDev *d = opaque;

    d->level = level;
    d->irq_sets++;
}

static inline uint32_t rd(TestDev *d, uint64_t off)
{
    uint64_t v = 0;

    ck_assert_int_eq(as_load(d->as, MMIO_BASE + off, 4, &v), MEMTX_OK);
    return (uint32_t)v;
}

static inline void wr(TestDev *d, uint64_t off, uint32_t val)
{
    ck_assert_int_eq(as_store(d->as, MMIO_BASE + off, 4, val), MEMTX_OK);
}

static inline void put(TestDev *d, uint64_t addr, const void *buf, size_t len)
{
    ck_assert_int_eq(dma_write(d->as, addr, buf, len), MEMTX_OK);
}

static inline void get(TestDev *d, uint64_t addr, void *buf, size_t len)
{
    ck_assert_int_eq(dma_read(d->as, addr, buf, len), MEMTX_OK);
}

static inline void put16(TestDev *d, uint64_t addr, uint16_t v)
{
    put(d, addr, &v, 2);
}

static inline uint16_t get16(TestDev *d, uint64_t addr)
{
    uint16_t v;

    get(d, addr, &v, 2);
    return v;
}

static inline void setup(TestDev *d, VirtIODevice *vdev)
{
    memset(d, 0, sizeof(*d));
    d->as = as_new("test");
    d->ram = mr_new_ram("ram", RAM_SIZE, NULL);
    ck_assert(as_map(d->as, RAM_BASE, d->ram, 0, NULL));
    d->irq = irq_new(irq_record, d, 0);
    d->t = virtio_mmio_create("virtio-mmio", d->as, vdev, d->irq);
    ck_assert(as_map(d->as, MMIO_BASE, virtio_mmio_region(d->t), 0, NULL));
}

static inline void teardown(TestDev *d)
{
    as_unmap(d->as, virtio_mmio_region(d->t));
    virtio_mmio_free(d->t);
    as_unmap(d->as, d->ram);
    mr_free(d->ram);
    as_free(d->as);
    irq_free(d->irq);
}

/* --- the test driver ------------------------------------------------------ */

/* Queue setup as section 4.2.3.2 describes it. */
static inline void drv_setup_queue(TestDev *d, unsigned q, unsigned num)
{
    TestQueue *tq = &d->q[q];
    uint64_t base = RING_BASE + (uint64_t)q * RING_STRIDE;

    tq->num = num;
    tq->desc = base;
    tq->avail = base + 16 * num;
    tq->used = base + 0x8000;
    tq->avail_idx = tq->last_used = tq->next_desc = 0;
    wr(d, R_QUEUE_SEL, q);
    ck_assert_uint_eq(rd(d, R_QUEUE_READY), 0);
    ck_assert_uint_ge(rd(d, R_QUEUE_NUM_MAX), num);
    wr(d, R_QUEUE_NUM, num);
    wr(d, R_DESC_LO, (uint32_t)tq->desc);
    wr(d, R_DESC_HI, tq->desc >> 32);
    wr(d, R_DRIVER_LO, (uint32_t)tq->avail);
    wr(d, R_DRIVER_HI, tq->avail >> 32);
    wr(d, R_DEVICE_LO, (uint32_t)tq->used);
    wr(d, R_DEVICE_HI, tq->used >> 32);
    /* Zero the rings, as a driver's fresh allocation would be. */
    for (unsigned i = 0; i < 16 * num + 6 + 2 * num; i += 2) {
        put16(d, tq->desc + i, 0);
    }
    for (unsigned i = 0; i < 6 + 8 * num; i += 2) {
        put16(d, tq->used + i, 0);
    }
    wr(d, R_QUEUE_READY, 1);
    ck_assert_uint_eq(rd(d, R_QUEUE_READY), 1);
}

/* The initialisation sequence of section 3.1.1; features: what to accept. */
static inline void drv_init(TestDev *d, uint64_t features, unsigned nq, unsigned num)
{
    uint64_t offered;

    ck_assert_uint_eq(rd(d, R_MAGIC), 0x74726976);
    ck_assert_uint_eq(rd(d, R_VERSION), 2);
    wr(d, R_STATUS, 0);
    ck_assert_uint_eq(rd(d, R_STATUS), 0);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, R_DEV_FEAT_SEL, 1);
    offered = (uint64_t)rd(d, R_DEV_FEAT) << 32;
    wr(d, R_DEV_FEAT_SEL, 0);
    offered |= rd(d, R_DEV_FEAT);
    ck_assert(offered & F_VERSION_1);
    features &= offered;
    wr(d, R_DRV_FEAT_SEL, 0);
    wr(d, R_DRV_FEAT, (uint32_t)features);
    wr(d, R_DRV_FEAT_SEL, 1);
    wr(d, R_DRV_FEAT, features >> 32);
    wr(d, R_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
           VIRTIO_STATUS_FEATURES_OK);
    ck_assert(rd(d, R_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    for (unsigned q = 0; q < nq; q++) {
        drv_setup_queue(d, q, num);
    }
    wr(d, R_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
           VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

static inline void drv_desc(TestDev *d, uint64_t table, unsigned i, uint64_t addr,
                     uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t raw[16];

    memcpy(raw, &addr, 8);
    memcpy(raw + 8, &len, 4);
    memcpy(raw + 12, &flags, 2);
    memcpy(raw + 14, &next, 2);
    put(d, table + 16ull * i, raw, 16);
}

/* Publish head in the available ring (section 2.7.13). */
static inline void drv_publish(TestDev *d, unsigned q, uint16_t head)
{
    TestQueue *tq = &d->q[q];

    put16(d, tq->avail + 4 + 2 * (tq->avail_idx % tq->num), head);
    tq->avail_idx++;
    put16(d, tq->avail + 2, tq->avail_idx);
}

typedef struct Seg {
    uint64_t addr;
    uint32_t len;
    bool write;
} Seg;

/* Put a chain of n buffers in the next free descriptors; returns head. */
static inline uint16_t drv_add(TestDev *d, unsigned q, const Seg *segs, unsigned n)
{
    TestQueue *tq = &d->q[q];
    uint16_t head = tq->next_desc;

    for (unsigned i = 0; i < n; i++) {
        uint16_t idx = (head + i) % tq->num;

        drv_desc(d, tq->desc, idx, segs[i].addr, segs[i].len,
                 (segs[i].write ? D_WRITE : 0) | (i + 1 < n ? D_NEXT : 0),
                 (idx + 1) % tq->num);
    }
    tq->next_desc = (head + n) % tq->num;
    drv_publish(d, q, head);
    return head;
}

/* The next used element, if any. */
static inline bool drv_used(TestDev *d, unsigned q, uint32_t *id, uint32_t *len)
{
    TestQueue *tq = &d->q[q];
    uint32_t elem[2];

    if (get16(d, tq->used + 2) == tq->last_used) {
        return false;
    }
    get(d, tq->used + 4 + 8 * (tq->last_used % tq->num), elem, 8);
    tq->last_used++;
    *id = elem[0];
    *len = elem[1];
    return true;
}

#endif
