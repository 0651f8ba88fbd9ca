/*
 * Memory API, the map as it changes and grows: listeners, lookup against
 * a linear reference, large RAM costing only what is touched, readers
 * racing with map changes, and the write hook. The basic dispatch tests
 * are in test-memory.c.
 */
#include <check.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hw/core/memory.h"
#include "util/log.h"

#include "memory-test.h"

/* ---- listeners ---- */

typedef struct Event {
    char op;
    MemoryRegion *mr;
    uint64_t start, size, offset;
} Event;

typedef struct TestListener {
    MemoryListener l;
    Event ev[32];
    int n;
} TestListener;

static void tl_record(MemoryListener *l, char op, const MemSection *s)
{
    TestListener *t = (TestListener *)l;

    ck_assert_int_lt(t->n, 32);
    t->ev[t->n++] = (Event){op, s->mr, s->start, s->size, s->offset};
}

static void tl_add(MemoryListener *l, const MemSection *s)
{
    tl_record(l, '+', s);
}

static void tl_del(MemoryListener *l, const MemSection *s)
{
    tl_record(l, '-', s);
}

static void expect_ev(TestListener *t, int i, char op, MemoryRegion *mr,
                      uint64_t start, uint64_t size, uint64_t offset)
{
    ck_assert_int_lt(i, t->n);
    ck_assert_msg(t->ev[i].op == op && t->ev[i].mr == mr &&
                      t->ev[i].start == start && t->ev[i].size == size &&
                      t->ev[i].offset == offset,
                  "event %d: got %c %s 0x%" PRIx64 "+0x%" PRIx64 " @0x%" PRIx64,
                  i, t->ev[i].op, mr_name(t->ev[i].mr), t->ev[i].start,
                  t->ev[i].size, t->ev[i].offset);
}

START_TEST(test_listener)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *ram = new_ram("ram", 0x3000);
    MemoryRegion *rom = new_rom("rom", 0x1000);
    MemoryRegion *io = new_dev(&d, "dev", &ops_any, 0x1000);
    MemoryRegion *io2 = new_dev(&d, "dev2", &ops_any, 0x1000);
    TestListener t = {.l = {tl_add, tl_del}};

    map(as, 0x1000, ram, 0);
    as_add_listener(as, &t.l);
    ck_assert_int_eq(t.n, 1);
    expect_ev(&t, 0, '+', ram, 0x1000, 0x3000, 0);

    /* A hole punched in RAM: the whole goes, two pieces come. */
    t.n = 0;
    map(as, 0x2000, io, 1);
    ck_assert_int_eq(t.n, 3);
    expect_ev(&t, 0, '-', ram, 0x1000, 0x3000, 0);
    expect_ev(&t, 1, '+', ram, 0x1000, 0x1000, 0);
    expect_ev(&t, 2, '+', ram, 0x3000, 0x1000, 0x2000);

    t.n = 0;
    map(as, 0x10000, rom, 0);
    map(as, 0x20000, io2, 0); /* I/O elsewhere: nothing to report */
    ck_assert_int_eq(t.n, 1);
    expect_ev(&t, 0, '+', rom, 0x10000, 0x1000, 0);

    t.n = 0;
    as_unmap(as, io);
    ck_assert_int_eq(t.n, 3);
    expect_ev(&t, 0, '-', ram, 0x1000, 0x1000, 0);
    expect_ev(&t, 1, '-', ram, 0x3000, 0x1000, 0x2000);
    expect_ev(&t, 2, '+', ram, 0x1000, 0x3000, 0);

    t.n = 0;
    as_remove_listener(as, &t.l);
    ck_assert_int_eq(t.n, 2);
    expect_ev(&t, 0, '-', ram, 0x1000, 0x3000, 0);
    expect_ev(&t, 1, '-', rom, 0x10000, 0x1000, 0);
    t.n = 0;
    as_unmap(as, rom);
    ck_assert_int_eq(t.n, 0);

    as_free(as);
    mr_free(ram);
    mr_free(rom);
    mr_free(io);
    mr_free(io2);
}
END_TEST

/* ---- lookup against a linear reference ---- */

typedef struct RefMap {
    MemoryRegion *mr;
    uint64_t base, size;
    int prio;
    bool mapped;
} RefMap;

static const MemoryRegionOps ops_none = {NULL, NULL, 0, 0};

static const RefMap *ref_lookup(const RefMap *m, int n, uint64_t addr)
{
    const RefMap *best = NULL;

    for (int i = 0; i < n; i++) {
        if (m[i].mapped && addr >= m[i].base && addr - m[i].base < m[i].size &&
            (!best || m[i].prio > best->prio)) {
            best = &m[i];
        }
    }
    return best;
}

static void check_lookups(AddressSpace *as, const RefMap *m, int n, GRand *rnd)
{
    for (int k = 0; k < 20000; k++) {
        const RefMap *pick = &m[g_rand_int_range(rnd, 0, n)];
        uint64_t addr;
        const RefMap *want;
        MemSection s;
        bool found;

        switch (k % 4) {
        case 0:
            addr = pick->base;
            break;
        case 1:
            addr = pick->base + pick->size;
            break;
        case 2:
            addr = pick->base - 1;
            break;
        default:
            addr = g_rand_int_range(rnd, 0, 1 << 21);
            break;
        }
        want = ref_lookup(m, n, addr);
        found = as_lookup(as, addr, &s);
        ck_assert_msg(found == (want != NULL), "0x%" PRIx64 ": found %d", addr,
                      found);
        if (want) {
            ck_assert_ptr_eq(s.mr, want->mr);
            ck_assert_uint_eq(s.offset + (addr - s.start), addr - want->base);
            ck_assert(addr >= s.start && addr - s.start < s.size);
        }
    }
}

START_TEST(test_lookup_stress)
{
    enum { N = 400 };
    AddressSpace *as = as_new("stress");
    GRand *rnd = g_rand_new_with_seed(1234);
    RefMap *m = g_new0(RefMap, N);
    int mapped = 0;
    gint64 t0;
    uint64_t sum = 0;

    for (int i = 0; i < N; i++) {
        char name[16];

        m[i].base = g_rand_int_range(rnd, 1, 1 << 20);
        m[i].size = g_rand_int_range(rnd, 1, 0x4000);
        m[i].prio = g_rand_int_range(rnd, -3, 4);
        snprintf(name, sizeof(name), "r%d", i);
        m[i].mr = mr_new_io(name, m[i].size, &ops_none, NULL);
        m[i].mapped = as_map(as, m[i].base, m[i].mr, m[i].prio, NULL);
        mapped += m[i].mapped;
    }
    /* Some equal-priority overlaps must have been refused, some kept. */
    ck_assert_int_gt(mapped, 50);
    ck_assert_int_lt(mapped, N);
    check_lookups(as, m, N, rnd);

    for (int i = 0; i < N; i += 2) {
        if (m[i].mapped) {
            as_unmap(as, m[i].mr);
            m[i].mapped = false;
        }
    }
    check_lookups(as, m, N, rnd);

    t0 = g_get_monotonic_time();
    for (int k = 0; k < 1000000; k++) {
        MemSection s;

        sum += as_lookup(as, (k * 2654435761u) & 0x1fffff, &s);
    }
    printf("as_lookup: %.1f ns per call (%d regions mapped)\n",
           (g_get_monotonic_time() - t0) * 1000.0 / 1000000, mapped);
    ck_assert_uint_gt(sum, 0);

    as_free(as);
    for (int i = 0; i < N; i++) {
        mr_free(m[i].mr);
    }
    g_free(m);
    g_rand_free(rnd);
}
END_TEST

/* ---- a large RAM costs only what is touched ---- */

static long resident_pages(void)
{
    long size = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "%ld %ld", &size, &rss), 2);
    fclose(f);
    return rss;
}

START_TEST(test_big_ram)
{
    const uint64_t gib = 1ull << 30;
    AddressSpace *as = as_new("big");
    MemoryRegion *ram = new_ram("big.ram", 16 * gib);
    long page = sysconf(_SC_PAGESIZE);
    long before, after;

    map(as, 0x40000000, ram, 0);
    /* Transparent huge pages would fault 2 MiB at a time: count pages. */
    madvise(mr_ram_ptr(ram), 16 * gib, MADV_NOHUGEPAGE);
    /* Warm up: the first calls fault in code and stdio buffers. */
    ck_assert_int_eq(as_store(as, 0x40000000 + gib, 8, 1), MEMTX_OK);
    resident_pages();
    before = resident_pages();
    for (int i = 0; i < 8; i++) {
        uint64_t addr = 0x40000000 + i * 2 * gib + i * page + 8;

        ck_assert_int_eq(as_store(as, addr, 8, 0x0123456789abcdefull + i),
                         MEMTX_OK);
    }
    after = resident_pages();
    for (int i = 0; i < 8; i++) {
        uint64_t addr = 0x40000000 + i * 2 * gib + i * page + 8;

        ck_assert_uint_eq(load(as, addr, 8), 0x0123456789abcdefull + i);
    }
    ck_assert_uint_eq(load(as, 0x40000000 + 16 * gib - 8, 8), 0);
    printf("16 GiB RAM: resident grew by %ld pages for 8 touched\n",
           after - before);
    ck_assert_int_ge(after - before, 8);
    ck_assert_int_le(after - before, 8 + 32);
    as_free(as);
    mr_free(ram);
}
END_TEST

/* ---- readers racing with map changes ---- */

typedef struct Race {
    AddressSpace *as;
    MemoryRegion *fixed;
    atomic_bool stop;
    long lookups, hits;
    const char *bad; /* what the reader saw go wrong */
} Race;

static uint64_t race_read(void *opaque, uint64_t off, unsigned size)
{
    return 0x12345678;
}

static const MemoryRegionOps race_ops = {race_read, NULL, 4, 4};

/* Plain checks here: ck_assert from a second thread is not reliable. */
static gpointer race_reader(gpointer opaque)
{
    Race *r = opaque;

    while (!atomic_load(&r->stop)) {
        MemSection s;
        uint64_t v = 1;
        MemTxResult res;

        if (!as_lookup(r->as, 0x800, &s) || s.mr != r->fixed ||
            s.offset + (0x800 - s.start) != 0x800) {
            r->bad = "lookup of fixed RAM";
            break;
        }
        if (as_load(r->as, 0x800, 4, &v) != MEMTX_OK || v != 0xcafef00d) {
            r->bad = "load from fixed RAM";
            break;
        }
        res = as_load(r->as, 0x10004, 4, &v);
        if (!((res == MEMTX_OK && v == 0x12345678) ||
              (res == MEMTX_DECODE_ERROR && v == 0))) {
            r->bad = "load from the toggled device";
            break;
        }
        r->hits += res == MEMTX_OK;
        r->lookups++;
    }
    return NULL;
}

START_TEST(test_concurrent)
{
    Race r = {.as = as_new("race")};
    MemoryRegion *over = new_ram("over", 0x10);
    GThread *th;
    int rounds = 0;
    gint64 end;

    log_set_items(0);
    r.fixed = new_ram("fixed", 0x1000);
    *(uint32_t *)((uint8_t *)mr_ram_ptr(r.fixed) + 0x800) = 0xcafef00d;
    map(r.as, 0, r.fixed, 0);
    th = g_thread_new("reader", race_reader, &r);
    end = g_get_monotonic_time() + 500 * 1000;
    while (g_get_monotonic_time() < end || rounds < 200) {
        /* A fresh region each round, freed while the reader may use it. */
        MemoryRegion *tog = mr_new_io("tog", 0x1000, &race_ops, NULL);

        map(r.as, 0x10000, tog, 0);
        map(r.as, 0, over, 1); /* reshapes the view around 0x800 */
        g_usleep(rounds % 8 == 0 ? 50 : 0);
        as_unmap(r.as, tog);
        mr_free(tog);
        as_unmap(r.as, over);
        rounds++;
    }
    atomic_store(&r.stop, true);
    g_thread_join(th);
    printf("race: %d map rounds, %ld reader iterations, %ld I/O hits\n", rounds,
           r.lookups, r.hits);
    ck_assert_msg(!r.bad, "reader: %s", r.bad);
    ck_assert_int_gt(r.lookups, 0);
    as_free(r.as);
    mr_free(r.fixed);
    mr_free(over);
}
END_TEST

/* Writes behind the CPU's back are reported; reads and I/O are not. */
static struct {
    unsigned calls;
    uint64_t addr, len;
} hooked;

static void record_write(AddressSpace *as, uint64_t addr, uint64_t len)
{
    hooked.calls++;
    hooked.addr = addr;
    hooked.len = len;
}

START_TEST(test_write_hook)
{
    AddressSpace *as = as_new("hook");
    MemoryRegion *ram = mr_new_ram("ram", 0x10000, NULL);
    uint8_t buf[16] = {1, 2, 3};

    ck_assert(as_map(as, 0x40000, ram, 0, NULL));
    memory_set_write_hook(record_write);

    ck_assert_int_eq(dma_write(as, 0x40010, buf, 16), MEMTX_OK);
    ck_assert_uint_eq(hooked.calls, 1);
    ck_assert_uint_eq(hooked.addr, 0x40010);
    ck_assert_uint_eq(hooked.len, 16);

    ck_assert_int_eq(as_write_rom(as, 0x40100, buf, 3), MEMTX_OK);
    ck_assert_uint_eq(hooked.calls, 2);
    ck_assert_uint_eq(hooked.addr, 0x40100);
    ck_assert_uint_eq(hooked.len, 3);

    ck_assert_int_eq(as_rw(as, 0x40200, buf, 8, true), MEMTX_OK);
    ck_assert_uint_eq(hooked.calls, 3);
    ck_assert_uint_eq(hooked.addr, 0x40200);

    /* Reads, and a refused DMA write, report nothing. */
    ck_assert_int_eq(dma_read(as, 0x40010, buf, 16), MEMTX_OK);
    ck_assert_int_eq(as_rw(as, 0x40010, buf, 16, false), MEMTX_OK);
    ck_assert_int_ne(dma_write(as, 0x4fff8, buf, 16), MEMTX_OK);
    ck_assert_uint_eq(hooked.calls, 3);

    memory_set_write_hook(NULL);
    ck_assert_int_eq(dma_write(as, 0x40010, buf, 16), MEMTX_OK);
    ck_assert_uint_eq(hooked.calls, 3);
    as_unmap(as, ram);
    mr_free(ram);
    as_free(as);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("memory-map");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_listener);
    tcase_add_test(tc, test_lookup_stress);
    tcase_add_test(tc, test_big_ram);
    tcase_add_test(tc, test_concurrent);
    tcase_add_test(tc, test_write_hook);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
