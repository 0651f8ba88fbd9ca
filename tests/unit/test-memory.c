/*
 * Memory API: regions, dispatch, priorities, access splitting, accesses
 * that cross RAM and I/O, DMA bounds, RAM pointers and the tree dump.
 * Listeners, lookup against a reference, large RAM, concurrent readers
 * and the write hook are in test-memory-map.c.
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

/* Access sizes a device accepts: exactly 4, and 2 to 8. */
static const MemoryRegionOps ops_4 = {dev_read, dev_write, 4, 4};
static const MemoryRegionOps ops_2_8 = {dev_read, dev_write, 2, 8};

/* ---- tests ---- */

START_TEST(test_regions)
{
    TestDev d;
    MemoryRegion *ram = new_ram("r", 0x1001);
    MemoryRegion *rom = new_rom("boot", 0x800);
    MemoryRegion *io = new_dev(&d, "uart", &ops_4, 0x1000);
    MemoryRegion *al = mr_new_alias("r.hi", ram, 0x1000, 1);
    GError *err = NULL;

    ck_assert_str_eq(mr_name(ram), "r");
    ck_assert_uint_eq(mr_size(ram), 0x1001);
    ck_assert(mr_is_ram(ram) && !mr_is_rom(ram));
    ck_assert(mr_is_ram(rom) && mr_is_rom(rom));
    ck_assert(!mr_is_ram(io) && !mr_is_rom(io));
    ck_assert_ptr_null(mr_ram_ptr(io));
    ck_assert_ptr_nonnull(mr_ram_ptr(ram));
    ck_assert_ptr_eq(mr_ram_ptr(al), (uint8_t *)mr_ram_ptr(ram) + 0x1000);
    ck_assert(mr_is_ram(al) && !mr_is_rom(al));
    /* Fresh RAM reads as zeros, also past the last whole page. */
    ck_assert_int_eq(((uint8_t *)mr_ram_ptr(ram))[0x1000], 0);

    ck_assert_ptr_null(mr_new_ram("empty", 0, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "empty"));
    g_clear_error(&err);
    /* 2^62 bytes is beyond any x86-64 user address space. */
    ck_assert_ptr_null(mr_new_ram("virt.ram", 1ull << 62, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "virt.ram"));
    g_clear_error(&err);

    mr_free(al);
    mr_free(ram);
    mr_free(rom);
    mr_free(io);
}
END_TEST

START_TEST(test_dispatch)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *ram = new_ram("ram", 0x10000);
    MemoryRegion *rom = new_rom("rom", 0x1000);
    MemoryRegion *io = new_dev(&d, "dev", &ops_any, 0x100);
    uint8_t *r = mr_ram_ptr(ram), *ro = mr_ram_ptr(rom);
    static const uint8_t boot[4] = {0xde, 0xc0, 0xad, 0x0b};

    map(as, 0x10000000, ram, 0);
    map(as, 0, rom, 0);
    map(as, 0x20000000, io, 0);

    ck_assert_int_eq(as_store(as, 0x10000010, 4, 0x11223344), MEMTX_OK);
    ck_assert_int_eq(r[0x10], 0x44);
    ck_assert_int_eq(r[0x11], 0x33);
    ck_assert_int_eq(r[0x12], 0x22);
    ck_assert_int_eq(r[0x13], 0x11);
    memcpy(r + 0x201, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    ck_assert_uint_eq(load(as, 0x10000201, 8), 0x0807060504030201ull);
    ck_assert_uint_eq(load(as, 0x10000203, 2), 0x0403);

    /* ROM: loaders write it, the guest reads it, guest writes vanish. */
    ck_assert_int_eq(as_write_rom(as, 0x100, boot, 4), MEMTX_OK);
    ck_assert_int_eq(ro[0x100], 0xde);
    ck_assert_uint_eq(load(as, 0x100, 4), 0x0badc0de);
    log_discard();
    ck_assert_int_eq(as_store(as, 0x100, 4, 0xffffffff), MEMTX_OK);
    ck_assert_uint_eq(load(as, 0x100, 4), 0x0badc0de);
    log_expect("rom", "0x100");

    /* I/O gets offsets relative to its region. */
    ck_assert_uint_eq(load(as, 0x20000010, 4), 0x23222120);
    ck_assert_int_eq(as_store(as, 0x20000020, 2, 0xbeef), MEMTX_OK);
    ck_assert_int_eq(d.n, 2);
    expect(&d, 0, false, 0x10, 4, 0);
    expect(&d, 1, true, 0x20, 2, 0xbeef);
    log_expect_none();

    as_free(as);
    mr_free(ram);
    mr_free(rom);
    mr_free(io);
}
END_TEST

START_TEST(test_unassigned)
{
    AddressSpace *as = as_new("sys");
    MemoryRegion *ram = new_ram("ram", 0x1000);
    uint64_t v = 0x5555;

    map(as, 0x1000, ram, 0);
    ck_assert_int_eq(as_load(as, 0x2000, 4, &v), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(v, 0);
    log_expect("0x2000", "4 bytes");
    ck_assert_int_eq(as_store(as, 0xfff, 1, 0x77), MEMTX_DECODE_ERROR);
    log_expect("0xfff", "1 bytes");
    /* Straddling: the RAM half is read, the rest is 0. */
    ((uint8_t *)mr_ram_ptr(ram))[0xfff] = 0x99;
    ck_assert_int_eq(as_load(as, 0x1fff, 2, &v), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(v, 0x99);
    log_expect("0x2000", "1 bytes");
    /* Top of the address space: no wrap to address 0. */
    ck_assert_int_eq(as_load(as, UINT64_MAX - 1, 8, &v), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(v, 0);
    as_free(as);
    mr_free(ram);
}
END_TEST

START_TEST(test_priority)
{
    AddressSpace *as = as_new("sys");
    MemoryRegion *low = new_ram("low", 0x3000);
    MemoryRegion *clash = new_ram("clash", 0x1000);
    MemoryRegion *mid = new_ram("mid", 0x1000);
    MemoryRegion *under = new_ram("under", 0x10000);
    MemoryRegion *top = new_ram("top", 0x1000);
    uint8_t *l = mr_ram_ptr(low), *m = mr_ram_ptr(mid);
    GError *err = NULL;
    MemSection s;

    l[0x800] = 0xa1;
    l[0x1800] = 0xa2;
    l[0x2800] = 0xa3;
    m[0x800] = 0xb2;
    map(as, 0x1000, low, 0);

    ck_assert(!as_map(as, 0x3000, clash, 0, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'clash' at 0x3000-0x3fff"));
    ck_assert_ptr_nonnull(strstr(err->message, "'low' at 0x1000-0x3fff"));
    g_clear_error(&err);
    ck_assert(!as_lookup(as, 0x4000, &s));
    ck_assert(!as_map(as, 0x5000, low, 0, &err)); /* already mapped */
    g_clear_error(&err);

    /* A higher priority region in the middle of a lower one. */
    map(as, 0x2000, mid, 1);
    ck_assert_uint_eq(load(as, 0x1800, 1), 0xa1);
    ck_assert_uint_eq(load(as, 0x2800, 1), 0xb2);
    ck_assert_uint_eq(load(as, 0x3800, 1), 0xa3);
    ck_assert(as_lookup(as, 0x3800, &s));
    ck_assert_ptr_eq(s.mr, low);
    ck_assert_uint_eq(s.start, 0x3000);
    ck_assert_uint_eq(s.size, 0x1000);
    ck_assert_uint_eq(s.offset, 0x2000);
    ck_assert(as_lookup(as, 0x2fff, &s));
    ck_assert_ptr_eq(s.mr, mid);
    ck_assert_uint_eq(s.offset, 0);

    /* A lower priority region under both, mapped last. */
    map(as, 0, under, -1);
    ck_assert(as_lookup(as, 0x800, &s) && s.mr == under);
    ck_assert(as_lookup(as, 0x1000, &s) && s.mr == low);
    ck_assert(as_lookup(as, 0x4000, &s) && s.mr == under && s.start == 0x4000 &&
              s.offset == 0x4000 && s.size == 0xc000);

    /* Unmapping restores what was hidden. */
    as_unmap(as, mid);
    ck_assert_uint_eq(load(as, 0x2800, 1), 0xa2);
    as_unmap(as, low);
    ck_assert(as_lookup(as, 0x2800, &s) && s.mr == under && s.offset == 0 &&
              s.start == 0 && s.size == 0x10000);

    /* Regions may end exactly at 2^64, not beyond. */
    ck_assert(!as_map(as, 0xfffffffffffff001ull, top, 0, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "top"));
    g_clear_error(&err);
    map(as, 0xfffffffffffff000ull, top, 0);
    ck_assert(as_lookup(as, UINT64_MAX, &s) && s.mr == top &&
              s.start == 0xfffffffffffff000ull && s.offset == 0 &&
              s.size == 0x1000);

    as_free(as);
    mr_free(low);
    mr_free(clash);
    mr_free(mid);
    mr_free(under);
    mr_free(top);
}
END_TEST

START_TEST(test_split)
{
    AddressSpace *as = as_new("sys");
    TestDev d4, da, d28;
    MemoryRegion *io4 = new_dev(&d4, "dev4", &ops_4, 0x100);
    MemoryRegion *ioa = new_dev(&da, "devany", &ops_any, 0x100);
    MemoryRegion *io28 = new_dev(&d28, "dev28", &ops_2_8, 0x100);

    map(as, 0x1000, io4, 0);
    map(as, 0x2000, ioa, 0);
    map(as, 0x3000, io28, 0);

    /* 8 bytes at 2 from a 4-only device: words 0, 4 and 8; bytes 2..9. */
    ck_assert_uint_eq(load(as, 0x1002, 8), 0x1918171615141312ull);
    ck_assert_int_eq(d4.n, 3);
    expect(&d4, 0, false, 0, 4, 0);
    expect(&d4, 1, false, 4, 4, 0);
    expect(&d4, 2, false, 8, 4, 0);

    /* One byte: one word read, byte 1 of it extracted. */
    d4.n = 0;
    ck_assert_uint_eq(load(as, 0x1005, 1), 0x15);
    ck_assert_int_eq(d4.n, 1);
    expect(&d4, 0, false, 4, 4, 0);

    /* One byte written: dropped and logged. */
    d4.n = 0;
    log_discard();
    ck_assert_int_eq(as_store(as, 0x1005, 1, 0xff), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(d4.n, 0);
    log_expect("dev4", "offset 0x5");

    /* Even at an aligned offset: widening would write bytes not given. */
    log_discard();
    ck_assert_int_eq(as_store(as, 0x1004, 1, 0xff), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(as_store(as, 0x1004, 2, 0xffff), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(d4.n, 0);
    log_expect("dev4", "offset 0x4");

    /* 8 bytes at 4: two words, low first. */
    ck_assert_int_eq(as_store(as, 0x1004, 8, 0x8877665544332211ull), MEMTX_OK);
    ck_assert_int_eq(d4.n, 2);
    expect(&d4, 0, true, 4, 4, 0x44332211);
    expect(&d4, 1, true, 8, 4, 0x88776655);

    /* 8 bytes at 2 would need partial words: nothing written. */
    d4.n = 0;
    ck_assert_int_eq(as_store(as, 0x1002, 8, 0), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(d4.n, 0);
    log_expect("dev4", "offset 0x2");

    /* Default 1..4: unaligned 4-byte write at 1 is bytes 1, 2-3, 4. */
    ck_assert_int_eq(as_store(as, 0x2001, 4, 0xddccbbaa), MEMTX_OK);
    ck_assert_int_eq(da.n, 3);
    expect(&da, 0, true, 1, 1, 0xaa);
    expect(&da, 1, true, 2, 2, 0xccbb);
    expect(&da, 2, true, 4, 1, 0xdd);
    da.n = 0;
    ck_assert_uint_eq(load(as, 0x2003, 8), 0x1a19181716151413ull);
    ck_assert_int_eq(da.n, 4);
    expect(&da, 0, false, 3, 1, 0);
    expect(&da, 1, false, 4, 4, 0);
    expect(&da, 2, false, 8, 2, 0);
    expect(&da, 3, false, 10, 1, 0);
    da.n = 0;
    ck_assert_uint_eq(load(as, 0x2000, 8), 0x1716151413121110ull);
    ck_assert_int_eq(da.n, 2);
    expect(&da, 0, false, 0, 4, 0);
    expect(&da, 1, false, 4, 4, 0);

    /* 2..8: a byte comes from a halfword, 8 aligned bytes in one go. */
    ck_assert_uint_eq(load(as, 0x3007, 1), 0x17);
    ck_assert_uint_eq(load(as, 0x3008, 8), 0x1f1e1d1c1b1a1918ull);
    ck_assert_int_eq(d28.n, 2);
    expect(&d28, 0, false, 6, 2, 0);
    expect(&d28, 1, false, 8, 8, 0);

    as_free(as);
    mr_free(io4);
    mr_free(ioa);
    mr_free(io28);
}
END_TEST

START_TEST(test_cross_ram_io)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *ram = new_ram("ram", 0x1000);
    MemoryRegion *io = new_dev(&d, "dev", &ops_any, 0x100);
    uint8_t *r = mr_ram_ptr(ram);

    map(as, 0x1000, ram, 0);
    map(as, 0x2000, io, 0);
    r[0xffe] = 0x01;
    r[0xfff] = 0x02;
    /* RAM bytes 01 02, then device bytes 10 11 from one halfword read. */
    ck_assert_uint_eq(load(as, 0x1ffe, 4), 0x11100201);
    ck_assert_int_eq(d.n, 1);
    expect(&d, 0, false, 0, 2, 0);
    ck_assert_int_eq(as_store(as, 0x1ffe, 4, 0xa1b2c3d4), MEMTX_OK);
    ck_assert_int_eq(r[0xffe], 0xd4);
    ck_assert_int_eq(r[0xfff], 0xc3);
    ck_assert_int_eq(d.n, 2);
    expect(&d, 1, true, 0, 2, 0xa1b2);
    as_free(as);
    mr_free(ram);
    mr_free(io);
}
END_TEST

START_TEST(test_rw_multi)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *ram = new_ram("ram", 0x100);
    MemoryRegion *io = new_dev(&d, "dev", &ops_4, 0x10);
    MemoryRegion *rom = new_rom("rom", 0xe0);
    MemoryRegion *zero = new_ram("zero", 0x1000);
    uint8_t *r = mr_ram_ptr(ram), *ro = mr_ram_ptr(rom);
    uint8_t buf[0x40], want[0x40];

    /* ram 0x1000-0x10ff, dev 0x1100-0x110f, hole, rom 0x1120-0x11ff */
    map(as, 0x1000, ram, 0);
    map(as, 0x1100, io, 0);
    map(as, 0x1120, rom, 0);
    for (int i = 0; i < 0x10; i++) {
        r[0xf0 + i] = 0x80 + i;
        ro[i] = 0xc0 + i;
        want[i] = 0x80 + i;
        want[0x10 + i] = 0x10 + i; /* the device's bytes */
        want[0x20 + i] = 0;        /* the hole */
        want[0x30 + i] = 0xc0 + i;
    }
    memset(buf, 0x55, sizeof(buf));
    ck_assert_int_eq(as_rw(as, 0x10f0, buf, 0x40, false), MEMTX_DECODE_ERROR);
    ck_assert_mem_eq(buf, want, 0x40);
    ck_assert_int_eq(d.n, 4);
    for (int i = 0; i < 4; i++) {
        expect(&d, i, false, 4 * i, 4, 0);
    }
    log_expect("0x1110", "16 bytes");

    for (int i = 0; i < 0x40; i++) {
        buf[i] = i;
    }
    d.n = 0;
    ck_assert_int_eq(as_rw(as, 0x10f0, buf, 0x40, true), MEMTX_DECODE_ERROR);
    ck_assert_int_eq(r[0xf0], 0x00);
    ck_assert_int_eq(r[0xff], 0x0f);
    ck_assert_int_eq(ro[0], 0xc0); /* ROM unchanged */
    ck_assert_int_eq(d.n, 4);
    expect(&d, 0, true, 0, 4, 0x13121110);
    expect(&d, 3, true, 0xc, 4, 0x1f1e1d1c);

    /* Reading past 2^64 does not wrap to address 0. */
    memset(mr_ram_ptr(zero), 0xee, 0x1000);
    map(as, 0, zero, 0);
    memset(buf, 0x55, sizeof(buf));
    ck_assert_int_eq(as_rw(as, UINT64_MAX - 7, buf, 0x10, false),
                     MEMTX_DECODE_ERROR);
    for (int i = 0; i < 0x10; i++) {
        ck_assert_int_eq(buf[i], 0);
    }
    ck_assert_int_eq(as_rw(as, 0x1000, buf, 0, true), MEMTX_OK);

    as_free(as);
    mr_free(ram);
    mr_free(io);
    mr_free(rom);
    mr_free(zero);
}
END_TEST

START_TEST(test_dma)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *a = new_ram("a", 0x1000), *b = new_ram("b", 0x1000);
    MemoryRegion *io = new_dev(&d, "dev", &ops_any, 0x1000);
    MemoryRegion *rom = new_rom("rom", 0x1000);
    MemoryRegion *hi = new_ram("hi", 0x1000), *lo = new_ram("lo", 0x1000);
    uint8_t *pa = mr_ram_ptr(a), *pb = mr_ram_ptr(b);
    uint8_t src[0x2000], dst[0x2000];

    map(as, 0x1000, a, 0);
    map(as, 0x2000, b, 0);
    map(as, 0x3000, io, 0);
    map(as, 0x4000, rom, 0);
    map(as, 0xfffffffffffff000ull, hi, 0);
    map(as, 0, lo, 0);
    for (int i = 0; i < (int)sizeof(src); i++) {
        src[i] = i * 7 + 3;
    }

    /* Inside RAM, across two regions. */
    ck_assert_int_eq(dma_write(as, 0x1f80, src, 0x100), MEMTX_OK);
    ck_assert_mem_eq(pa + 0xf80, src, 0x80);
    ck_assert_mem_eq(pb, src + 0x80, 0x80);
    ck_assert_int_eq(dma_read(as, 0x1f80, dst, 0x100), MEMTX_OK);
    ck_assert_mem_eq(dst, src, 0x100);
    log_expect_none();

    /* The last byte is I/O: nothing moves, the device sees nothing. */
    memset(pb + 0xf80, 0x5a, 0x80);
    ck_assert_int_eq(dma_write(as, 0x2f80, src, 0x81), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(pb[0xf80], 0x5a);
    ck_assert_int_eq(pb[0xfff], 0x5a);
    memset(dst, 0x33, sizeof(dst));
    ck_assert_int_eq(dma_read(as, 0x2f80, dst, 0x81), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(dst[0], 0x33);
    ck_assert_int_eq(d.n, 0);
    log_expect("0x2f80-0x3000", NULL);

    /* RAM to RAM across regions is fine; an unassigned first byte not. */
    ck_assert_int_eq(dma_write(as, 0xfff, src, 2), MEMTX_OK);
    ck_assert_int_eq(dma_write(as, 0xffffffffffffefffull, src, 2),
                     MEMTX_DECODE_ERROR);
    ck_assert_int_eq(((uint8_t *)mr_ram_ptr(hi))[0], 0);
    ck_assert_int_eq(dma_read(as, 0x5000, dst, 1), MEMTX_DECODE_ERROR);

    /* ROM: readable, not writable. */
    ck_assert_int_eq(as_write_rom(as, 0x4000, src, 0x10), MEMTX_OK);
    ck_assert_int_eq(dma_read(as, 0x4000, dst, 0x10), MEMTX_OK);
    ck_assert_mem_eq(dst, src, 0x10);
    ck_assert_int_eq(dma_write(as, 0x4000, src + 1, 0x10), MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(dma_read(as, 0x4000, dst, 0x10), MEMTX_OK);
    ck_assert_mem_eq(dst, src, 0x10);

    /* Wrapping: RAM at the top and at 0, still refused whole. */
    memset(dst, 0x33, sizeof(dst));
    ck_assert_int_eq(dma_read(as, 0xfffffffffffff800ull, dst, 0x1000),
                     MEMTX_DECODE_ERROR);
    ck_assert_int_eq(dst[0], 0x33);
    ck_assert_int_eq(dma_write(as, 0xfffffffffffff800ull, src, 0x1000),
                     MEMTX_DECODE_ERROR);
    ck_assert_int_eq(((uint8_t *)mr_ram_ptr(hi))[0xfff], 0);
    ck_assert_int_eq(dma_read(as, 0xfffffffffffff800ull, dst, 0x800), MEMTX_OK);
    log_expect("wraps", NULL);
    ck_assert_int_eq(dma_read(as, 0x9999, dst, 0), MEMTX_OK);

    /* Loaders: not into I/O either. */
    ck_assert_int_ne(as_write_rom(as, 0x2ff0, src, 0x20), MEMTX_OK);
    ck_assert_int_eq(pb[0xff0], 0x5a);
    ck_assert_int_eq(d.n, 0);

    as_free(as);
    mr_free(a);
    mr_free(b);
    mr_free(io);
    mr_free(rom);
    mr_free(hi);
    mr_free(lo);
}
END_TEST

START_TEST(test_ram_ptr)
{
    AddressSpace *as = as_new("sys");
    TestDev d;
    MemoryRegion *ram = new_ram("ram", 0x1000);
    MemoryRegion *rom = new_rom("rom", 0x1000);
    MemoryRegion *io = new_dev(&d, "dev", &ops_any, 0x1000);
    MemoryRegion *al = mr_new_alias("ram.alias", ram, 0x800, 0x800);
    uint8_t *r = mr_ram_ptr(ram), *ro = mr_ram_ptr(rom);
    MemSection s;

    map(as, 0x1000, ram, 0);
    map(as, 0x2000, rom, 0);
    map(as, 0x3000, io, 0);
    map(as, 0x10000, al, 0);

    ck_assert_ptr_eq(as_ram_ptr(as, 0x1800, 0x800, true), r + 0x800);
    ck_assert_ptr_null(as_ram_ptr(as, 0x1800, 0x801, true));
    ck_assert_ptr_null(as_ram_ptr(as, 0x1800, 0x801, false));
    ck_assert_ptr_eq(as_ram_ptr(as, 0x2010, 0x10, false), ro + 0x10);
    ck_assert_ptr_null(as_ram_ptr(as, 0x2010, 0x10, true));
    ck_assert_ptr_null(as_ram_ptr(as, 0x3000, 4, false));
    ck_assert_ptr_null(as_ram_ptr(as, 0x5000, 4, false));
    ck_assert_ptr_null(as_ram_ptr(as, 0x1000, UINT64_MAX, false));

    /* The alias shows the second half of RAM. */
    ck_assert_ptr_eq(as_ram_ptr(as, 0x10000, 0x800, true), r + 0x800);
    ck_assert_ptr_null(as_ram_ptr(as, 0x10000, 0x801, true));
    ck_assert_int_eq(as_store(as, 0x10004, 2, 0x1234), MEMTX_OK);
    ck_assert_uint_eq(load(as, 0x1804, 2), 0x1234);
    ck_assert(as_lookup(as, 0x10004, &s));
    ck_assert_ptr_eq(s.mr, ram);
    ck_assert_uint_eq(s.start, 0x10000);
    ck_assert_uint_eq(s.offset, 0x800);
    ck_assert_uint_eq(s.size, 0x800);

    as_free(as);
    mr_free(al); /* RAM stays alive until both are freed */
    ck_assert_int_eq(r[0x804], 0x34);
    mr_free(ram);
    mr_free(rom);
    mr_free(io);
}
END_TEST

START_TEST(test_dump)
{
    AddressSpace *as = as_new("cpu-memory");
    TestDev d;
    MemoryRegion *ram = new_ram("virt.ram", 0x40000000);
    MemoryRegion *rom = new_rom("boot.rom", 0x1000);
    MemoryRegion *io = new_dev(&d, "pl011", &ops_4, 0x1000);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    as_dump(as, f);
    map(as, 0x40000000, ram, 0);
    map(as, 0, rom, 0);
    map(as, 0x40001000, io, 1);
    as_dump(as, f);
    fclose(f);
    ck_assert_str_eq(
        text, "address-space (flat view): cpu-memory\n"
              "  <empty>\n"
              "address-space (flat view): cpu-memory\n"
              "  0000000000000000-0000000000000fff (prio 0, rom): boot.rom\n"
              "  0000000040000000-0000000040000fff (prio 0, ram): virt.ram\n"
              "  0000000040001000-0000000040001fff (prio 1, i/o): pl011\n"
              "  0000000040002000-000000007fffffff (prio 0, ram): virt.ram"
              " @0000000000002000\n");
    free(text);
    as_free(as);
    mr_free(ram);
    mr_free(rom);
    mr_free(io);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_regions);
    tcase_add_test(tc, test_dispatch);
    tcase_add_test(tc, test_unassigned);
    tcase_add_test(tc, test_priority);
    tcase_add_test(tc, test_split);
    tcase_add_test(tc, test_cross_ram_io);
    tcase_add_test(tc, test_rw_multi);
    tcase_add_test(tc, test_dma);
    tcase_add_test(tc, test_ram_ptr);
    tcase_add_test(tc, test_dump);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
