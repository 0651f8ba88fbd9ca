/*
 * Shared by the memory API tests (test-memory.c, test-memory-map.c): a
 * fixture that captures the guest_errors log, a device that records
 * every access (byte k reads as 0x10 + k), and shorthands to create RAM,
 * ROM and devices, map them and load from an address space.
 */
#ifndef TESTS_UNIT_MEMORY_TEST_H
#define TESTS_UNIT_MEMORY_TEST_H

#include <check.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hw/core/memory.h"
#include "util/log.h"

/* ---- guest_errors capture ---- */

static char *log_path;

static inline void setup(void)
{
    int fd = g_file_open_tmp("kestrel-test-memory-XXXXXX", &log_path, NULL);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(log_set_file(log_path, NULL));
    log_set_items(LOG_GUEST_ERROR);
}

static inline void teardown(void)
{
    log_close();
    unlink(log_path);
    g_free(log_path);
}

/* What was logged since the last call. */
static inline char *log_take(void)
{
    char *text = NULL;

    ck_assert(g_file_get_contents(log_path, &text, NULL, NULL));
    ck_assert(log_set_file(log_path, NULL)); /* truncates */
    return text;
}

static inline void log_discard(void)
{
    g_free(log_take());
}

static inline void log_expect(const char *a, const char *b)
{
    g_autofree char *text = log_take();

    ck_assert_msg(strstr(text, a), "log lacks '%s': %s", a, text);
    if (b) {
        ck_assert_msg(strstr(text, b), "log lacks '%s': %s", b, text);
    }
}

static inline void log_expect_none(void)
{
    g_autofree char *text = log_take();

    ck_assert_str_eq(text, "");
}

/* ---- a device that records every access ---- */

typedef struct Access {
    bool write;
    uint64_t off;
    unsigned size;
    uint64_t val;
} Access;

typedef struct TestDev {
    unsigned min, max; /* what it declared, to check calls */
    Access log[64];
    int n;
} TestDev;

/* Byte k of the device reads as 0x10 + k. */
static inline uint64_t dev_read(void *opaque, uint64_t off, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    ck_assert_uint_ge(size, d->min);
    ck_assert_uint_le(size, d->max);
    ck_assert_uint_eq(off % size, 0);
    ck_assert_int_lt(d->n, 64);
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)((0x10 + off + i) & 0xff) << (8 * i);
    }
    d->log[d->n++] = (Access){false, off, size, 0};
    /* Junk above the access size: the memory API must ignore it. */
    return size < 8 ? v | (~0ull << (8 * size)) : v;
}

static inline void dev_write(void *opaque, uint64_t off, uint64_t val,
                             unsigned size)
{
    TestDev *d = opaque;

    ck_assert_uint_ge(size, d->min);
    ck_assert_uint_le(size, d->max);
    ck_assert_uint_eq(off % size, 0);
    ck_assert_int_lt(d->n, 64);
    d->log[d->n++] = (Access){true, off, size, val};
}

static const MemoryRegionOps ops_any = {dev_read, dev_write, 0, 0};

static inline MemoryRegion *new_dev(TestDev *d, const char *name,
                                    const MemoryRegionOps *ops, uint64_t size)
{
    memset(d, 0, sizeof(*d));
    d->min = ops->min_size ? ops->min_size : 1;
    d->max = ops->max_size ? ops->max_size : 4;
    return mr_new_io(name, size, ops, d);
}

static inline void expect(TestDev *d, int i, bool write, uint64_t off,
                          unsigned size, uint64_t val)
{
    ck_assert_int_lt(i, d->n);
    ck_assert_msg(d->log[i].write == write && d->log[i].off == off &&
                      d->log[i].size == size && d->log[i].val == val,
                  "access %d: got %c off 0x%" PRIx64 " size %u val 0x%" PRIx64
                  ", want %c off 0x%" PRIx64 " size %u val 0x%" PRIx64,
                  i, d->log[i].write ? 'W' : 'R', d->log[i].off, d->log[i].size,
                  d->log[i].val, write ? 'W' : 'R', off, size, val);
}

static inline MemoryRegion *new_ram(const char *name, uint64_t size)
{
    GError *err = NULL;
    MemoryRegion *mr = mr_new_ram(name, size, &err);

    ck_assert_msg(mr, "%s", err ? err->message : "?");
    return mr;
}

static inline MemoryRegion *new_rom(const char *name, uint64_t size)
{
    GError *err = NULL;
    MemoryRegion *mr = mr_new_rom(name, size, &err);

    ck_assert_msg(mr, "%s", err ? err->message : "?");
    return mr;
}

static inline void map(AddressSpace *as, uint64_t base, MemoryRegion *mr,
                       int prio)
{
    GError *err = NULL;

    ck_assert_msg(as_map(as, base, mr, prio, &err), "%s",
                  err ? err->message : "?");
}

static inline uint64_t load(AddressSpace *as, uint64_t addr, unsigned size)
{
    uint64_t v = 0xbad;

    ck_assert_int_eq(as_load(as, addr, size, &v), MEMTX_OK);
    return v;
}
#endif /* TESTS_UNIT_MEMORY_TEST_H */
