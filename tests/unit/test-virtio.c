/*
 * virtio-mmio, split virtqueues and the virtio devices, driven the way
 * Linux's virtio_mmio and virtio_ring drivers drive them: a small test
 * driver lays out real rings in guest RAM of a real AddressSpace and
 * talks to the transport through guest-visible MMIO accesses (as_load /
 * as_store), checking the interrupt line as an interrupt controller sees
 * it.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hw/block/block-backend.h"
#include "hw/block/virtio-blk.h"
#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/virtio/virtio-console.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-registry.h"
#include "hw/virtio/virtio-rng.h"
#include "hw/virtio/virtio.h"
#include "util/chardev/chardev.h"
#include "util/log.h"

#include "virtio-test-driver.h"

static void drv_ack(TestDev *d)
{
    wr(d, R_ISR_ACK, rd(d, R_ISR));
    ck_assert_int_eq(d->level, 0);
}

/* --- transport ----------------------------------------------------------- */

START_TEST(test_empty_slot)
{
    TestDev d;

    setup(&d, NULL);
    ck_assert_uint_eq(rd(&d, R_MAGIC), 0x74726976);
    ck_assert_uint_eq(rd(&d, R_VERSION), 2);
    ck_assert_uint_eq(rd(&d, R_DEVICE_ID), 0);
    wr(&d, R_STATUS, 1);
    ck_assert_uint_eq(rd(&d, R_STATUS), 0);
    teardown(&d);
}
END_TEST

START_TEST(test_handshake)
{
    TestDev d;

    setup(&d, virtio_rng_new());
    ck_assert_uint_eq(rd(&d, R_DEVICE_ID), VIRTIO_ID_RNG);
    ck_assert_uint_ne(rd(&d, R_VENDOR), 0);
    wr(&d, R_DEV_FEAT_SEL, 0);
    ck_assert(rd(&d, R_DEV_FEAT) & F_INDIRECT);
    ck_assert(rd(&d, R_DEV_FEAT) & F_EVENT_IDX);

    /* A legacy driver (no VERSION_1) is refused at FEATURES_OK. */
    wr(&d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(&d, R_DRV_FEAT_SEL, 0);
    wr(&d, R_DRV_FEAT, 0);
    wr(&d, R_DRV_FEAT_SEL, 1);
    wr(&d, R_DRV_FEAT, 0);
    wr(&d, R_STATUS, 0x0b);
    ck_assert_uint_eq(rd(&d, R_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
    /* So is a feature that was not offered (bit 40). */
    wr(&d, R_DRV_FEAT, 1 | (1u << 8));
    wr(&d, R_STATUS, 0x0b);
    ck_assert_uint_eq(rd(&d, R_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
    wr(&d, R_DRV_FEAT, 1);
    wr(&d, R_STATUS, 0x0b);
    ck_assert_uint_eq(rd(&d, R_STATUS), 0x0b);

    /* A bad queue size is caught at QueueReady. */
    wr(&d, R_QUEUE_SEL, 0);
    wr(&d, R_QUEUE_NUM, 3);
    wr(&d, R_DESC_LO, RING_BASE);
    wr(&d, R_DRIVER_LO, RING_BASE + 0x1000);
    wr(&d, R_DEVICE_LO, RING_BASE + 0x2000);
    wr(&d, R_QUEUE_READY, 1);
    ck_assert_uint_eq(rd(&d, R_QUEUE_READY), 0);
    ck_assert(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);

    /* Writing 0 resets everything, NEEDS_RESET included. */
    wr(&d, R_STATUS, 0);
    ck_assert_uint_eq(rd(&d, R_STATUS), 0);
    drv_init(&d, F_VERSION_1, 1, 8);
    ck_assert_uint_eq(rd(&d, R_STATUS), 0x0f);
    /* Queues beyond the device's read NumMax 0. */
    wr(&d, R_QUEUE_SEL, 5);
    ck_assert_uint_eq(rd(&d, R_QUEUE_NUM_MAX), 0);
    teardown(&d);
}
END_TEST

/* --- virtio-rng, interrupts, notification suppression --------------------- */

START_TEST(test_rng)
{
    TestDev d;
    uint8_t buf[64], zero[64] = {0};
    Seg s = {BUF_BASE, 64, true};
    uint32_t id, len;

    setup(&d, virtio_rng_new());
    drv_init(&d, F_VERSION_1, 1, 8);
    put(&d, BUF_BASE, zero, 64);
    drv_add(&d, 0, &s, 1);
    ck_assert_int_eq(d.level, 0);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_uint_eq(id, 0);
    ck_assert_uint_eq(len, 64);
    get(&d, BUF_BASE, buf, 64);
    ck_assert(memcmp(buf, zero, 64) != 0);
    /* The interrupt: raised for the used buffer, lowered by the ACK. */
    ck_assert_int_eq(d.level, 1);
    ck_assert_uint_eq(rd(&d, R_ISR), VIRTIO_ISR_QUEUE);
    drv_ack(&d);
    ck_assert_uint_eq(rd(&d, R_ISR), 0);
    teardown(&d);
}
END_TEST

START_TEST(test_no_interrupt_flag)
{
    TestDev d;
    Seg s = {BUF_BASE, 16, true};
    uint32_t id, len;

    setup(&d, virtio_rng_new());
    drv_init(&d, F_VERSION_1, 1, 8);
    put16(&d, d.q[0].avail, 1); /* VRING_AVAIL_F_NO_INTERRUPT */
    drv_add(&d, 0, &s, 1);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_int_eq(d.level, 0);
    put16(&d, d.q[0].avail, 0);
    drv_add(&d, 0, &s, 1);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_int_eq(d.level, 1);
    teardown(&d);
}
END_TEST

START_TEST(test_event_idx)
{
    TestDev d;
    Seg s = {BUF_BASE, 8, true};
    TestQueue *tq;
    uint32_t id, len;
    uint64_t used_event;

    setup(&d, virtio_rng_new());
    drv_init(&d, F_VERSION_1 | F_EVENT_IDX, 1, 8);
    tq = &d.q[0];
    used_event = tq->avail + 4 + 2 * tq->num;
    /* NO_INTERRUPT is ignored with EVENT_IDX (section 2.7.7.2). */
    put16(&d, tq->avail, 1);
    put16(&d, used_event, 0); /* interrupt when used idx passes 0 */
    drv_add(&d, 0, &s, 1);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_int_eq(d.level, 1);
    drv_ack(&d);
    /* The device asks to be kicked once avail idx passes what it saw. */
    ck_assert_uint_eq(get16(&d, tq->used + 4 + 8 * tq->num), 1);

    /* Now only when used idx passes 3: buffers 2 and 3 stay quiet. */
    put16(&d, used_event, 3);
    for (int i = 2; i <= 4; i++) {
        drv_add(&d, 0, &s, 1);
        wr(&d, R_QUEUE_NOTIFY, 0);
        ck_assert(drv_used(&d, 0, &id, &len));
        ck_assert_int_eq(d.level, i == 4);
    }
    ck_assert_uint_eq(get16(&d, tq->used + 4 + 8 * tq->num), 4);
    teardown(&d);
}
END_TEST

START_TEST(test_indirect)
{
    TestDev d;
    uint64_t table = BUF_BASE + 0x8000;
    uint8_t buf[48], zero[48] = {0};
    uint32_t id, len;

    setup(&d, virtio_rng_new());
    drv_init(&d, F_VERSION_1 | F_INDIRECT, 1, 8);
    put(&d, BUF_BASE, zero, 48);
    /* Three writable buffers through one indirect table (2.7.5.3). */
    drv_desc(&d, table, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 2);
    drv_desc(&d, table, 2, BUF_BASE + 16, 16, D_WRITE | D_NEXT, 1);
    drv_desc(&d, table, 1, BUF_BASE + 32, 16, D_WRITE, 0);
    drv_desc(&d, d.q[0].desc, 5, table, 3 * 16, D_INDIRECT, 0);
    drv_publish(&d, 0, 5);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_uint_eq(id, 5);
    ck_assert_uint_eq(len, 48);
    get(&d, BUF_BASE, buf, 48);
    ck_assert(memcmp(buf + 32, zero, 16) != 0);
    ck_assert(!(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
    teardown(&d);
}
END_TEST

/* --- malformed chains ------------------------------------------------------
 */

/*
 * Each case writes a bad chain at descriptor 0 (and friends) of an 8-entry
 * queue and publishes head 0.
 */
static void bad_outside_ram(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, RAM_BASE + RAM_SIZE - 8, 16, D_WRITE, 0);
}

static void bad_mmio_target(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, MMIO_BASE, 16, D_WRITE, 0);
}

static void bad_wrap(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, 0xfffffffffffffff0ull, 0x100, D_WRITE, 0);
}

static void bad_next(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 8);
}

static void bad_loop(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 1);
    drv_desc(d, t, 1, BUF_BASE, 16, D_WRITE | D_NEXT, 0);
}

static void bad_self_loop(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 0);
}

static void bad_order(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 1);
    drv_desc(d, t, 1, BUF_BASE + 16, 16, 0, 0);
}

static void bad_indirect_size(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE + 0x8000, 17, D_INDIRECT, 0);
}

static void bad_indirect_empty(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE + 0x8000, 0, D_INDIRECT, 0);
}

static void bad_indirect_huge(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, BUF_BASE, 0x10000 * 16, D_INDIRECT, 0);
}

static void bad_indirect_nested(TestDev *d, uint64_t t)
{
    drv_desc(d, BUF_BASE + 0x8000, 0, BUF_BASE + 0x9000, 16, D_INDIRECT, 0);
    drv_desc(d, t, 0, BUF_BASE + 0x8000, 16, D_INDIRECT, 0);
}

static void bad_indirect_next(TestDev *d, uint64_t t)
{
    drv_desc(d, BUF_BASE + 0x8000, 0, BUF_BASE, 16, D_WRITE, 0);
    drv_desc(d, t, 0, BUF_BASE + 0x8000, 16, D_INDIRECT | D_NEXT, 1);
    drv_desc(d, t, 1, BUF_BASE, 16, D_WRITE, 0);
}

static void bad_indirect_loop(TestDev *d, uint64_t t)
{
    uint64_t it = BUF_BASE + 0x8000;

    for (int i = 0; i < 4; i++) {
        drv_desc(d, it, i, BUF_BASE, 16, D_WRITE | D_NEXT, (i + 1) % 4);
    }
    drv_desc(d, t, 0, it, 4 * 16, D_INDIRECT, 0);
}

static void bad_indirect_next_range(TestDev *d, uint64_t t)
{
    uint64_t it = BUF_BASE + 0x8000;

    drv_desc(d, it, 0, BUF_BASE, 16, D_WRITE | D_NEXT, 2);
    drv_desc(d, it, 1, BUF_BASE, 16, D_WRITE, 0);
    drv_desc(d, t, 0, it, 2 * 16, D_INDIRECT, 0);
}

static void bad_indirect_table_outside(TestDev *d, uint64_t t)
{
    drv_desc(d, t, 0, RAM_BASE + RAM_SIZE - 16, 32, D_INDIRECT, 0);
}

static void (*const bad_chains[])(TestDev *d, uint64_t t) = {
    bad_outside_ram,
    bad_mmio_target,
    bad_wrap,
    bad_next,
    bad_loop,
    bad_self_loop,
    bad_order,
    bad_indirect_size,
    bad_indirect_empty,
    bad_indirect_huge,
    bad_indirect_nested,
    bad_indirect_next,
    bad_indirect_loop,
    bad_indirect_next_range,
    bad_indirect_table_outside,
};

/* The device is broken, says so, and stays quiet until reset. */
static void check_broken(TestDev *d)
{
    uint32_t id, len;

    ck_assert(rd(d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert(rd(d, R_ISR) & VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(d->level, 1);
    ck_assert(!drv_used(d, 0, &id, &len));
    drv_ack(d);
    /* Further notifies do nothing. */
    wr(d, R_QUEUE_NOTIFY, 0);
    ck_assert_int_eq(d->level, 0);
}

/* After a reset the same device works again. */
static void check_recovers(TestDev *d, uint64_t features)
{
    Seg s = {BUF_BASE, 16, true};
    uint32_t id, len;

    drv_init(d, features, 1, 8);
    ck_assert(!(rd(d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
    drv_add(d, 0, &s, 1);
    wr(d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(d, 0, &id, &len));
    ck_assert_uint_eq(len, 16);
}

START_TEST(test_malformed)
{
    uint64_t features = F_VERSION_1 | F_INDIRECT;
    g_autofree char *logf =
        g_build_filename(g_get_tmp_dir(), "kestrel-vlog-XXXXXX", NULL);
    g_autofree char *text = NULL;
    TestDev d;

    close(g_mkstemp(logf));
    ck_assert(log_set_file(logf, NULL));
    log_set_items(LOG_GUEST_ERROR);
    setup(&d, virtio_rng_new());
    drv_init(&d, features, 1, 8);
    bad_chains[_i](&d, d.q[0].desc);
    drv_publish(&d, 0, 0);
    wr(&d, R_QUEUE_NOTIFY, 0);
    check_broken(&d);
    /* The -d guest_errors line says what and which device. */
    log_close();
    ck_assert(g_file_get_contents(logf, &text, NULL, NULL));
    ck_assert_msg(strstr(text, "virtio-rng: queue 0") &&
                      strstr(text, "device needs reset"),
                  "log: %s", text);
    unlink(logf);
    log_set_items(0);
    check_recovers(&d, features);
    teardown(&d);
}
END_TEST

START_TEST(test_malformed_ring)
{
    uint64_t features = F_VERSION_1;
    TestDev d;

    setup(&d, virtio_rng_new());
    drv_init(&d, features, 1, 8);
    /* A head index past the table. */
    drv_publish(&d, 0, 8);
    wr(&d, R_QUEUE_NOTIFY, 0);
    check_broken(&d);
    check_recovers(&d, features);

    /* avail idx more than a queue-full ahead. */
    put16(&d, d.q[0].avail + 2, d.q[0].avail_idx + 9);
    wr(&d, R_QUEUE_NOTIFY, 0);
    check_broken(&d);
    check_recovers(&d, features);

    /* Indirect descriptor without the feature. */
    drv_desc(&d, d.q[0].desc, 0, BUF_BASE + 0x8000, 16, D_INDIRECT, 0);
    drv_publish(&d, 0, 0);
    wr(&d, R_QUEUE_NOTIFY, 0);
    check_broken(&d);

    /* Rings outside RAM are refused at QueueReady. */
    wr(&d, R_STATUS, 0);
    wr(&d, R_STATUS, 3);
    wr(&d, R_DRV_FEAT_SEL, 1);
    wr(&d, R_DRV_FEAT, 1);
    wr(&d, R_STATUS, 0xb);
    wr(&d, R_QUEUE_SEL, 0);
    wr(&d, R_QUEUE_NUM, 8);
    wr(&d, R_DESC_LO, (uint32_t)(RAM_BASE + RAM_SIZE - 64));
    wr(&d, R_DRIVER_LO, (uint32_t)RING_BASE);
    wr(&d, R_DEVICE_LO, (uint32_t)RING_BASE + 0x1000);
    wr(&d, R_QUEUE_READY, 1);
    ck_assert_uint_eq(rd(&d, R_QUEUE_READY), 0);
    ck_assert(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    check_recovers(&d, features);
    teardown(&d);
}
END_TEST

/* --- virtio-blk ------------------------------------------------------------
 */

#define DISK_SECTORS 128
#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define BLK_F_RO (1u << 5)
#define BLK_F_FLUSH (1u << 9)

static char *make_image(void)
{
    char *path = g_build_filename(g_get_tmp_dir(), "kestrel-vblk-XXXXXX", NULL);
    uint8_t sec[512];
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    for (int s = 0; s < DISK_SECTORS; s++) {
        memset(sec, s, sizeof(sec));
        ck_assert_int_eq(write(fd, sec, sizeof(sec)), sizeof(sec));
    }
    close(fd);
    return path;
}

static void file_read(const char *path, uint64_t off, void *buf, size_t len)
{
    int fd = open(path, O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, buf, len, off), (ssize_t)len);
    close(fd);
}

/*
 * One request as Linux's virtio_blk builds it: header (readable), data
 * (readable for OUT, writable for IN), status byte (writable).  Returns
 * the status; *used_len gets the used length.
 */
static uint8_t blk_req(TestDev *d, uint32_t type, uint64_t sector,
                       uint64_t data, uint32_t len, uint32_t *used_len)
{
    uint64_t hdr = BUF_BASE + 0x7000, status = BUF_BASE + 0x7100;
    uint32_t h[4] = {type, 0, (uint32_t)sector, sector >> 32};
    Seg segs[3] = {
        {hdr, 16, false},
        {data, len, type != T_OUT},
        {status, 1, true},
    };
    uint8_t st = 0xff;
    uint32_t id, ulen;

    put(d, hdr, h, 16);
    put(d, status, &st, 1);
    if (len) {
        drv_add(d, 0, segs, 3);
    } else {
        segs[1] = segs[2];
        drv_add(d, 0, segs, 2);
    }
    wr(d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(d, 0, &id, &ulen));
    if (used_len) {
        *used_len = ulen;
    }
    get(d, status, &st, 1);
    return st;
}

START_TEST(test_blk_rw)
{
    g_autofree char *path = make_image();
    BlockBackend *blk = blk_open(path, false, false, NULL);
    uint8_t buf[1024], expect[1024];
    uint32_t used;
    TestDev d;

    ck_assert_ptr_nonnull(blk);
    setup(&d, virtio_blk_new(blk, "serial-123"));
    ck_assert_uint_eq(rd(&d, R_DEVICE_ID), VIRTIO_ID_BLOCK);
    wr(&d, R_DEV_FEAT_SEL, 0);
    ck_assert(rd(&d, R_DEV_FEAT) & BLK_F_FLUSH);
    ck_assert(!(rd(&d, R_DEV_FEAT) & BLK_F_RO));
    drv_init(&d, F_VERSION_1 | BLK_F_FLUSH, 1, 16);
    /* capacity: a 64-bit field read as two halves */
    ck_assert_uint_eq(rd(&d, R_CONFIG), DISK_SECTORS);
    ck_assert_uint_eq(rd(&d, R_CONFIG + 4), 0);

    /* Read sectors 3 and 4. */
    ck_assert_int_eq(blk_req(&d, T_IN, 3, BUF_BASE, 1024, &used), 0);
    ck_assert_uint_eq(used, 1025);
    get(&d, BUF_BASE, buf, 1024);
    memset(expect, 3, 512);
    memset(expect + 512, 4, 512);
    ck_assert(!memcmp(buf, expect, 1024));
    ck_assert_int_eq(d.level, 1);
    drv_ack(&d);

    /* Write sector 10, read it back through the device and the file. */
    memset(buf, 0xa5, 512);
    put(&d, BUF_BASE, buf, 512);
    ck_assert_int_eq(blk_req(&d, T_OUT, 10, BUF_BASE, 512, &used), 0);
    ck_assert_uint_eq(used, 1);
    ck_assert_int_eq(blk_req(&d, T_FLUSH, 0, 0, 0, NULL), 0);
    memset(expect, 0, 512);
    file_read(path, 10 * 512, expect, 512);
    ck_assert(!memcmp(buf, expect, 512));
    file_read(path, 11 * 512, expect, 1);
    ck_assert_uint_eq(expect[0], 11);
    put(&d, BUF_BASE + 0x1000, (uint8_t[512]){0}, 512);
    ck_assert_int_eq(blk_req(&d, T_IN, 10, BUF_BASE + 0x1000, 512, NULL), 0);
    get(&d, BUF_BASE + 0x1000, expect, 512);
    ck_assert(!memcmp(buf, expect, 512));

    /* Beyond the end, or not whole sectors: IOERR, nothing touched. */
    ck_assert_int_eq(blk_req(&d, T_IN, DISK_SECTORS - 1, BUF_BASE, 1024, NULL),
                     1);
    ck_assert_int_eq(blk_req(&d, T_OUT, DISK_SECTORS, BUF_BASE, 512, NULL), 1);
    ck_assert_int_eq(blk_req(&d, T_OUT, ~0ull >> 9, BUF_BASE, 512, NULL), 1);
    ck_assert_int_eq(blk_req(&d, T_IN, 0, BUF_BASE, 100, NULL), 1);
    /* GET_ID and an unknown type. */
    ck_assert_int_eq(blk_req(&d, T_GET_ID, 0, BUF_BASE, 20, &used), 0);
    get(&d, BUF_BASE, buf, 20);
    ck_assert(!memcmp(buf, "serial-123\0", 11));
    ck_assert_int_eq(blk_req(&d, 99, 0, BUF_BASE, 512, NULL), 2);
    ck_assert(!(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET));
    teardown(&d);
    blk_close(blk);
    unlink(path);
}
END_TEST

START_TEST(test_blk_indirect)
{
    g_autofree char *path = make_image();
    BlockBackend *blk = blk_open(path, false, false, NULL);
    uint64_t table = BUF_BASE + 0x8000, hdr = BUF_BASE + 0x7000;
    uint32_t h[4] = {T_IN, 0, 7, 0};
    uint8_t buf[512], st = 0xff;
    uint32_t id, len;
    TestDev d;

    setup(&d, virtio_blk_new(blk, NULL));
    drv_init(&d, F_VERSION_1 | F_INDIRECT, 1, 16);
    put(&d, hdr, h, 16);
    put(&d, hdr + 0x100, &st, 1);
    drv_desc(&d, table, 0, hdr, 16, D_NEXT, 1);
    drv_desc(&d, table, 1, BUF_BASE, 256, D_WRITE | D_NEXT, 2);
    drv_desc(&d, table, 2, BUF_BASE + 256, 256, D_WRITE | D_NEXT, 3);
    drv_desc(&d, table, 3, hdr + 0x100, 1, D_WRITE, 0);
    drv_desc(&d, d.q[0].desc, 0, table, 4 * 16, D_INDIRECT, 0);
    drv_publish(&d, 0, 0);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(drv_used(&d, 0, &id, &len));
    ck_assert_uint_eq(len, 513);
    get(&d, hdr + 0x100, &st, 1);
    ck_assert_uint_eq(st, 0);
    get(&d, BUF_BASE, buf, 512);
    for (int i = 0; i < 512; i++) {
        ck_assert_uint_eq(buf[i], 7);
    }
    teardown(&d);
    blk_close(blk);
    unlink(path);
}
END_TEST

START_TEST(test_blk_readonly)
{
    g_autofree char *path = make_image();
    BlockBackend *blk = blk_open(path, true, false, NULL);
    uint8_t buf[512], file[512];
    TestDev d;

    setup(&d, virtio_blk_new(blk, NULL));
    wr(&d, R_DEV_FEAT_SEL, 0);
    ck_assert(rd(&d, R_DEV_FEAT) & BLK_F_RO);
    drv_init(&d, F_VERSION_1 | BLK_F_RO, 1, 16);
    memset(buf, 0x5a, 512);
    put(&d, BUF_BASE, buf, 512);
    ck_assert_int_eq(blk_req(&d, T_OUT, 2, BUF_BASE, 512, NULL), 1);
    ck_assert_int_eq(blk_req(&d, T_IN, 2, BUF_BASE, 512, NULL), 0);
    file_read(path, 2 * 512, file, 512);
    ck_assert_uint_eq(file[0], 2);
    teardown(&d);
    blk_close(blk);
    unlink(path);
}
END_TEST

START_TEST(test_blk_snapshot)
{
    g_autofree char *path = make_image();
    BlockBackend *blk = blk_open(path, false, true, NULL);
    uint8_t buf[512], file[512];
    TestDev d;

    setup(&d, virtio_blk_new(blk, NULL));
    drv_init(&d, F_VERSION_1, 1, 16);
    memset(buf, 0x77, 512);
    put(&d, BUF_BASE, buf, 512);
    ck_assert_int_eq(blk_req(&d, T_OUT, 5, BUF_BASE, 512, NULL), 0);
    ck_assert_int_eq(blk_req(&d, T_FLUSH, 0, 0, 0, NULL), 0);
    ck_assert_int_eq(blk_req(&d, T_IN, 5, BUF_BASE + 0x1000, 512, NULL), 0);
    get(&d, BUF_BASE + 0x1000, file, 512);
    ck_assert(!memcmp(buf, file, 512));
    teardown(&d);
    blk_close(blk);
    file_read(path, 5 * 512, file, 512);
    ck_assert_uint_eq(file[0], 5);
    ck_assert_uint_eq(file[511], 5);
    unlink(path);
}
END_TEST

START_TEST(test_blk_bad_request)
{
    g_autofree char *path = make_image();
    BlockBackend *blk = blk_open(path, false, false, NULL);
    Seg s = {BUF_BASE, 8, false}; /* no room for the header */
    TestDev d;

    setup(&d, virtio_blk_new(blk, NULL));
    drv_init(&d, F_VERSION_1, 1, 16);
    drv_add(&d, 0, &s, 1);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(rd(&d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    teardown(&d);
    blk_close(blk);
    unlink(path);
}
END_TEST

/* --- virtio-console ----------------------------------------------------- */

static void pump(int ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < end) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
}

/* Iterate the main context until the queue has a used element. */
static bool wait_used(TestDev *d, unsigned q, uint32_t *id, uint32_t *len)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < end) {
        if (drv_used(d, q, id, len)) {
            return true;
        }
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
    return false;
}

START_TEST(test_console)
{
    g_autofree char *dir = g_dir_make_tmp("kestrel-vcon-XXXXXX", NULL);
    g_autofree char *sock = g_build_filename(dir, "s", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off", sock);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    Chardev *chr = chardev_new("con0", spec, NULL);
    Seg rx = {BUF_BASE, 64, true}, tx = {BUF_BASE + 0x1000, 5, false};
    uint8_t got[64];
    uint32_t id, len;
    TestDev d;
    int fd;

    ck_assert_ptr_nonnull(chr);
    setup(&d, virtio_console_new(chr, NULL));
    ck_assert_uint_eq(rd(&d, R_DEVICE_ID), VIRTIO_ID_CONSOLE);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_strlcpy(sa.sun_path, sock, sizeof(sa.sun_path));
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    pump(50);
    drv_init(&d, F_VERSION_1, 2, 8);

    /* Guest to host. */
    put(&d, tx.addr, "hello", 5);
    drv_add(&d, 1, &tx, 1);
    wr(&d, R_QUEUE_NOTIFY, 1);
    ck_assert(drv_used(&d, 1, &id, &len));
    ck_assert_int_eq(recv(fd, got, 5, MSG_WAITALL), 5);
    ck_assert(!memcmp(got, "hello", 5));

    /* Host to guest: nothing arrives without a receive buffer... */
    ck_assert_int_eq(send(fd, "abc", 3, 0), 3);
    pump(50);
    ck_assert(!drv_used(&d, 0, &id, &len));
    /* ...and it flows once the driver adds one. */
    drv_add(&d, 0, &rx, 1);
    wr(&d, R_QUEUE_NOTIFY, 0);
    ck_assert(wait_used(&d, 0, &id, &len));
    ck_assert_uint_eq(len, 3);
    get(&d, BUF_BASE, got, 3);
    ck_assert(!memcmp(got, "abc", 3));
    ck_assert_int_eq(d.level, 1);

    close(fd);
    chardev_close_all();
    teardown(&d);
    unlink(sock);
    rmdir(dir);
}
END_TEST

/* --- the -device registry --------------------------------------------------
 */

START_TEST(test_registry)
{
    g_autofree char *path = make_image();
    g_autofree char *drv = g_strdup_printf("file=%s,if=none,id=d0", path);
    g_autofree char *vdrv = g_strdup_printf("file=%s,readonly=on", path);
    GError *err = NULL;
    VirtIODevice *v;

    ck_assert(virtio_device_known("virtio-blk-device"));
    ck_assert(!virtio_device_known("virtio-gpu-device"));
    ck_assert(drive_add(drv, NULL));
    ck_assert(drive_add(vdrv, NULL));
    ck_assert(!virtio_device_add("virtio-blk-device", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "drive= is required"));
    g_clear_error(&err);
    ck_assert(!virtio_device_add("virtio-blk-device,drive=nope", &err));
    g_clear_error(&err);
    ck_assert(!virtio_device_add("virtio-rng-device,drive=d0", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "drive"));
    g_clear_error(&err);
    ck_assert(!virtio_device_add("virtio-foo", &err));
    g_clear_error(&err);
    ck_assert(virtio_device_add("virtio-rng-device", NULL));
    ck_assert(virtio_device_add("virtio-blk-device,drive=d0", NULL));
    ck_assert(!virtio_device_add("virtio-blk-device,drive=d0", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "in use"));
    g_clear_error(&err);
    ck_assert(!virtio_device_add("virtconsole", &err));
    g_clear_error(&err);
    /* if=virtio drives first, then -device order. */
    ck_assert_uint_eq(virtio_device_pending(), 3);
    v = virtio_device_take();
    ck_assert_uint_eq(v->vc->device_id, VIRTIO_ID_BLOCK);
    ck_assert(v->host_features & BLK_F_RO);
    virtio_free(v);
    v = virtio_device_take();
    ck_assert_uint_eq(v->vc->device_id, VIRTIO_ID_RNG);
    virtio_free(v);
    virtio_device_free_pending();
    ck_assert_ptr_null(virtio_device_take());

    /* QEMU's pair: the virtconsole becomes the serial device's port. */
    ck_assert_ptr_nonnull(chardev_new("c0", "null", NULL));
    ck_assert(!virtio_device_add("virtconsole,chardev=c9", &err));
    g_clear_error(&err);
    ck_assert(virtio_device_add("virtio-serial-device", NULL));
    ck_assert(virtio_device_add("virtconsole,chardev=c0", NULL));
    ck_assert_uint_eq(virtio_device_pending(), 1);
    v = virtio_device_take();
    ck_assert_uint_eq(v->vc->device_id, VIRTIO_ID_CONSOLE);
    ck_assert(virtio_console_has_chardev(v));
    virtio_free(v);
    chardev_close_all();
    drive_close_all();
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("virtio");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_empty_slot);
    tcase_add_test(tc, test_handshake);
    tcase_add_test(tc, test_rng);
    tcase_add_test(tc, test_no_interrupt_flag);
    tcase_add_test(tc, test_event_idx);
    tcase_add_test(tc, test_indirect);
    tcase_add_loop_test(tc, test_malformed, 0, G_N_ELEMENTS(bad_chains));
    tcase_add_test(tc, test_malformed_ring);
    tcase_add_test(tc, test_blk_rw);
    tcase_add_test(tc, test_blk_indirect);
    tcase_add_test(tc, test_blk_readonly);
    tcase_add_test(tc, test_blk_snapshot);
    tcase_add_test(tc, test_blk_bad_request);
    tcase_add_test(tc, test_console);
    tcase_add_test(tc, test_registry);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
