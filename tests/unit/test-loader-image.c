/*
 * Kernel and blob loaders: raw, arm64 Image (plain and gzip'd), bzImage
 * and initrd placement. Fixtures are built here, at run time, into a
 * temporary directory: kernel headers from the offsets in the Linux boot
 * documents, gzip streams with zlib. ELF is in test-loader.c.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "hw/core/loader.h"
#include "util/error.h"

#include "loader-test.h"

/* ---- arm64 Image ---- */

static GByteArray *gzip_bytes(const uint8_t *in, size_t len, size_t zeros)
{
    static const uint8_t zbuf[64 * 1024];
    GByteArray *out = g_byte_array_new();
    z_stream zs = {0};
    uint8_t chunk[16384];
    int flush;

    ck_assert_int_eq(deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS,
                                  8, Z_DEFAULT_STRATEGY),
                     Z_OK);
    do {
        if (len) {
            zs.next_in = (Bytef *)in;
            zs.avail_in = len;
            len = 0;
        } else if (zs.avail_in == 0 && zeros) {
            size_t n = MIN(zeros, sizeof(zbuf));
            zs.next_in = (Bytef *)zbuf;
            zs.avail_in = n;
            zeros -= n;
        }
        flush = (zs.avail_in == 0 || (!len && !zeros)) ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = chunk;
            zs.avail_out = sizeof(chunk);
            deflate(&zs, flush);
            g_byte_array_append(out, chunk, sizeof(chunk) - zs.avail_out);
        } while (zs.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&zs);
    ck_assert_uint_eq(out->data[0], 0x1f);
    return out;
}

START_TEST(test_arm64_image_good)
{
    GByteArray *b = build_arm64(0x80000, 0x10000, 0x2 << 1, 0x3000);
    g_autoptr(LoaderImage) img = load_ok(load_image, "Image", b->data, b->len);
    g_autofree char *path = g_strdup(loader_image_name(img));
    GError *err = NULL;
    Recorder r;

    ck_assert_int_eq(loader_image_format(img), LOADER_FORMAT_ARM64_IMAGE);
    ck_assert_uint_eq(loader_image_entry(img), 0x40080000);
    ck_assert_uint_eq(loader_image_start(img), 0x40080000);
    ck_assert_uint_eq(loader_image_end(img), 0x40090000);
    ck_assert_uint_eq(loader_image_blob_count(img), 1);
    check_blob(img, 0, 0x40080000, b->data, 0x3000, 0x10000);

    rec_init(&r, 0x40000000, 0x100000);
    ck_assert(loader_commit(img, rec_write, &r, &err));
    rec_expect(&r, 0x40080000, b->data, 0x3000);
    rec_expect(&r, 0x40083000, NULL, 0xd000); /* BSS zeroed */
    ck_assert_uint_eq(r.total, 0x10000);
    ck_assert_uint_eq(r.count[0x7ffff], 0);
    ck_assert_uint_eq(r.count[0x90000], 0);
    rec_free(&r);
    loader_image_free(g_steal_pointer(&img));

    /* RAM not 2 MiB aligned: the base rounds up */
    img = loader_load_arm64_image(path, 0x40023000, &err);
    ck_assert_uint_eq(loader_image_entry(img), 0x40280000);
    ck_assert_uint_eq(loader_image_end(img), 0x40290000);
    loader_image_free(g_steal_pointer(&img));
    g_byte_array_free(b, true);

    /* a file longer than image_size (appended signature) is all loaded */
    b = build_arm64(0, 0x1000, 0, 0x1800);
    img = load_ok(load_image, "Image3", b->data, b->len);
    check_blob(img, 0, 0x40000000, b->data, 0x1800, 0x1800);
    ck_assert_uint_eq(loader_image_end(img), 0x40001800);
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_arm64_image_old)
{
    /* image_size 0: pre-3.17, text_offset 0x80000 whatever the field */
    GByteArray *b = build_arm64(0x1234, 0, 1, 0x2000);
    g_autoptr(LoaderImage) img = load_ok(load_image, "old", b->data, b->len);

    ck_assert_uint_eq(loader_image_entry(img), 0x40080000);
    ck_assert_uint_eq(loader_image_end(img), 0x40082000);
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_arm64_image_bad)
{
    GByteArray *b = build_arm64(0x80000, 0x10000, 0, 0x1000);

    b->data[57] = 'X';
    fail_bytes(load_image, "magic", b->data, b->len,
               "not an arm64 Image (bad magic");
    g_byte_array_free(b, true);
    b = build_arm64(0x80000, 0x10000, 1, 0x1000);
    fail_bytes(load_image, "be", b->data, b->len, "big-endian");
    for (size_t n = 1; n < 64; n++) {
        fail_bytes(load_image, "short", b->data, n, "truncated");
    }
    g_byte_array_free(b, true);
    b = build_arm64(0xfffffffffff00000ull, 0x200000, 0, 0x1000);
    fail_bytes(load_image, "wrap", b->data, b->len, "overflow");
    g_byte_array_free(b, true);
    b = build_arm64(0x80000, 3ull << 30, 0, 0x1000);
    fail_bytes(load_image, "huge", b->data, b->len, "exceeds the limit");
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_arm64_gzip)
{
    GByteArray *b = build_arm64(0x80000, 0x40000, 0, 0x21000);
    GByteArray *z = gzip_bytes(b->data, b->len, 0);
    g_autoptr(LoaderImage) img = NULL;
    GError *err = NULL;
    LoaderFormat fmt;

    ck_assert_uint_lt(z->len, b->len);
    img = load_ok(load_image, "vmlinuz", z->data, z->len);
    ck_assert(loader_identify(loader_image_name(img), &fmt, &err));
    ck_assert_int_eq(fmt, LOADER_FORMAT_GZIP);
    ck_assert_int_eq(loader_image_format(img), LOADER_FORMAT_ARM64_IMAGE);
    ck_assert_uint_eq(loader_image_entry(img), 0x40080000);
    ck_assert_uint_eq(loader_image_end(img), 0x400c0000);
    check_blob(img, 0, 0x40080000, b->data, b->len, 0x40000);

    /* a wrong CRC-32 in the trailer (RFC 1952: CRC32 then ISIZE) */
    z->data[z->len - 8] ^= 0xff;
    fail_bytes(load_image, "badcrc", z->data, z->len, "corrupt gzip data");
    z->data[z->len - 8] ^= 0xff;
    /* compression method 8 is the only one defined */
    z->data[2] = 7;
    fail_bytes(load_image, "method", z->data, z->len, "corrupt gzip data");
    z->data[2] = 8;
    /* every truncation is an error */
    for (size_t n = 1; n < z->len; n += (n < 64 ? 1 : 97)) {
        fail_bytes(load_image, "cut", z->data, n,
                   n < 64 ? "" : "truncated gzip data");
    }
    g_byte_array_free(z, true);
    g_byte_array_free(b, true);

    /* gzip'd garbage is reported as such */
    z = gzip_bytes((const uint8_t *)"hello, world\n", 13, 100);
    fail_bytes(load_image, "text.gz", z->data, z->len,
               "decompressed data is not an arm64 Image");
    g_byte_array_free(z, true);
}
END_TEST

START_TEST(test_arm64_gzip_bomb)
{
    /* 256 MiB + 4 KiB of zeros compress to about 1 MiB: refused, not
     * allocated without bound. */
    GByteArray *z = gzip_bytes(NULL, 0, (256u << 20) + 4096);

    ck_assert_uint_lt(z->len, 2u << 20);
    fail_bytes(load_image, "bomb.gz", z->data, z->len,
               "decompressed kernel larger than 256 MiB");
    g_byte_array_free(z, true);
}
END_TEST

/* ---- bzImage ---- */

static LoaderImage *load_bzimage(const char *path, GError **errp)
{
    return loader_load_bzimage(path, errp);
}

START_TEST(test_bzimage_good)
{
    GByteArray *b = build_bz(0, 0x020f, 0x000b, 0x2000);
    g_autoptr(LoaderImage) img =
        load_ok(load_bzimage, "bzImage", b->data, b->len);
    const LoaderBzImageInfo *bz = loader_image_bzimage(img);
    GError *err = NULL;
    Recorder r;

    ck_assert_ptr_nonnull(bz);
    ck_assert_uint_eq(bz->version, 0x020f);
    ck_assert_uint_eq(bz->setup_sects, 4);
    ck_assert_uint_eq(bz->setup_size, 5 * 512);
    ck_assert_mem_eq(bz->setup, b->data, 5 * 512);
    ck_assert_uint_eq(bz->hdr_end, 0x26c);
    ck_assert_uint_eq(bz->loadflags, 1);
    ck_assert_uint_eq(bz->xloadflags, 0x0b);
    ck_assert_uint_eq(bz->initrd_addr_max, 0x7fffffff);
    ck_assert_uint_eq(bz->kernel_alignment, 0x200000);
    ck_assert_uint_eq(bz->relocatable_kernel, 1);
    ck_assert_uint_eq(bz->cmdline_size, 2047);
    ck_assert_uint_eq(bz->pref_address, 0x1000000);
    ck_assert_uint_eq(bz->init_size, 0x2000000);
    ck_assert_uint_eq(bz->kernel_size, 0x2000);
    ck_assert_uint_eq(bz->load_addr, 0x100000);
    ck_assert_uint_eq(bz->entry64, 0x100200);
    ck_assert_uint_eq(loader_image_entry(img), 0x100200);
    ck_assert_uint_eq(loader_image_start(img), 0x100000);
    ck_assert_uint_eq(loader_image_end(img), 0x2100000);
    check_blob(img, 0, 0x100000, b->data + 2560, 0x2000, 0x2000);

    rec_init(&r, 0, 0x200000);
    ck_assert(loader_commit(img, rec_write, &r, &err));
    rec_expect(&r, 0x100000, b->data + 2560, 0x2000);
    ck_assert_uint_eq(r.total, 0x2000);
    rec_free(&r);
    g_byte_array_free(b, true);
    loader_image_free(g_steal_pointer(&img));

    /* two setup sectors: the kernel starts at 3 * 512 */
    b = build_bz(2, 0x020c, 0x0001, 0x1000);
    img = load_ok(load_bzimage, "bz2", b->data, b->len);
    ck_assert_uint_eq(loader_image_bzimage(img)->setup_size, 1536);
    check_blob(img, 0, 0x100000, b->data + 1536, 0x1000, 0x1000);
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_bzimage_bad)
{
    GByteArray *b = build_bz(0, 0x020b, 0x0001, 0x2000);

    fail_bytes(load_bzimage, "old", b->data, b->len,
               "boot protocol 2.11 is too old");
    g_byte_array_free(b, true);
    b = build_bz(0, 0x020f, 0x0000, 0x2000);
    fail_bytes(load_bzimage, "32bit", b->data, b->len, "XLF_KERNEL_64");
    b->data[0x203] = 'X';
    fail_bytes(load_bzimage, "nohdrs", b->data, b->len, "not a bzImage");
    g_byte_array_free(b, true);

    /* every cut inside the setup part or before syssize's worth of
     * kernel (less the slack the loader allows) */
    b = build_bz(0, 0x020f, 0x0001, 0x2000);
    for (size_t n = 1; n < 2560 + 0x1000; n += (n < 0x210 ? 1 : 13)) {
        fail_bytes(load_bzimage, "cut", b->data, n, "truncated");
    }
    fail_bytes(load_bzimage, "setup", b->data, 2000,
               "the setup part needs 0xa00 bytes");
    fail_bytes(load_bzimage, "nokernel", b->data, 2560,
               "no protected-mode kernel");
    g_byte_array_free(b, true);
}
END_TEST

/* ---- initrd, raw ---- */

static char *put_sized(const char *name, uint64_t size)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, size), 0); /* sparse */
    ck_assert_int_eq(pwrite(fd, "initrd", 6, 0), 6);
    close(fd);
    return path;
}

/* Where the initrd goes, or UINT64_MAX (with *errp set) if nowhere. */
static uint64_t initrd_at(const char *path, uint64_t lo, uint64_t hi,
                          uint64_t align, LoaderPlacement place, GError **errp)
{
    g_autoptr(LoaderImage) img =
        loader_load_initrd(path, lo, hi, align, place, errp);

    if (!img) {
        return UINT64_MAX;
    }
    ck_assert_uint_eq(loader_image_end(img) - loader_image_start(img),
                      loader_image_blob(img, 0)->mem_size);
    ck_assert_mem_eq(loader_image_blob(img, 0)->data, "initrd", 6);
    ck_assert_int_eq(loader_image_format(img), LOADER_FORMAT_INITRD);
    return loader_image_start(img);
}

START_TEST(test_initrd_placement)
{
    g_autofree char *path = put_sized("initrd.img", 0x1234);
    g_autofree char *big = put_sized("big.img", 12u << 20);
    g_autofree char *want = NULL;
    const LoaderPlacement HI = LOADER_PLACE_HIGH, LO = LOADER_PLACE_LOW;
    GError *err = NULL;

    /* high: (0x8000000 - 0x1234) rounded down to 4 KiB */
    ck_assert_uint_eq(initrd_at(path, 0x100000, 0x8000000, 0x1000, HI, &err),
                      0x7ffe000);
    /* low: the first 64 KiB boundary at or above lo */
    ck_assert_uint_eq(
        initrd_at(path, 0x40a01234, 0x48000000, 0x10000, LO, &err), 0x40a10000);
    ck_assert_uint_eq(
        initrd_at(path, 0x40a00000, 0x48000000, 0x10000, LO, &err), 0x40a00000);
    /* exact fit both ways */
    ck_assert_uint_eq(initrd_at(path, 0x1000, 0x2234, 0x1000, HI, &err),
                      0x1000);
    ck_assert_uint_eq(initrd_at(path, 0x1000, 0x2234, 0x1000, LO, &err),
                      0x1000);
    ck_assert_ptr_null(err);
    /* one byte short: after aligning lo up, 0x1233 bytes remain */
    ck_assert_uint_eq(initrd_at(path, 0xfff, 0x2233, 0x1000, HI, &err),
                      UINT64_MAX);
    expect_fail(NULL, err, path, "only 4.5 KiB left");

    /* 12 MiB into the 3 MiB above the kernel */
    err = NULL;
    initrd_at(big, 0x47d00000, 0x48000000, 0x1000, LO, &err);
    want = g_strdup_printf("%s (12 MiB) does not fit in RAM above "
                           "0x47d00000: only 3 MiB left",
                           big);
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    initrd_at(big, 0x100000, 0x400000, 0x1000, HI, &err);
    expect_fail(NULL, err, big,
                "does not fit in RAM below 0x400000: only "
                "3 MiB left");
    err = NULL;
    initrd_at(big, 0x500000, 0x400000, 0x1000, LO, &err);
    expect_fail(NULL, err, big, "only 0 bytes left");
    err = NULL;
    initrd_at(big, UINT64_MAX - 10, UINT64_MAX, 0x1000, LO, &err);
    expect_fail(NULL, err, big, "only 0 bytes left");
}
END_TEST

START_TEST(test_raw)
{
    uint8_t buf[3000];
    g_autofree char *path = NULL;
    g_autofree char *empty = put_file("empty.bin", "", 0);
    LoaderImage *img;
    GError *err = NULL;
    Recorder r;

    pattern(buf, sizeof(buf), 42);
    path = put_file("fw.bin", buf, sizeof(buf));
    img = loader_load_raw(path, 0x80000000, &err);
    ck_assert_msg(img, "%s", err ? err->message : "");
    ck_assert_int_eq(loader_image_format(img), LOADER_FORMAT_RAW);
    ck_assert_uint_eq(loader_image_entry(img), 0x80000000);
    ck_assert_uint_eq(loader_image_end(img), 0x80000000 + sizeof(buf));
    rec_init(&r, 0x80000000 - 0x1000, 0x3000);
    ck_assert(loader_commit(img, rec_write, &r, &err));
    rec_expect(&r, 0x80000000, buf, sizeof(buf));
    ck_assert_uint_eq(r.total, sizeof(buf));
    ck_assert_uint_eq(r.count[0xfff], 0);
    rec_free(&r);
    ck_assert(!loader_check_ranges(img, 0x80000000, 0x800, &err));
    ck_assert(strstr(err->message, "image 0x80000000-0x80000bb7 outside "
                                   "RAM (0x80000000-0x800007ff)"));
    g_clear_error(&err);
    loader_image_free(img);

    img = loader_load_raw(path, UINT64_MAX - 100, &err);
    expect_fail(img, err, path, "wrap around");
    err = NULL;
    img = loader_load_raw(empty, 0, &err);
    expect_fail(img, err, empty, "empty file");
}
END_TEST

static Suite *loader_image_suite(void)
{
    const TTest *tests[] = {
        test_arm64_image_good, test_arm64_image_old,  test_arm64_image_bad,
        test_arm64_gzip,       test_arm64_gzip_bomb,  test_bzimage_good,
        test_bzimage_bad,      test_initrd_placement, test_raw,
    };
    Suite *s = suite_create("loader-image");
    TCase *tc = tcase_create("loader-image");

    tcase_add_checked_fixture(tc, setup, teardown);
    for (size_t i = 0; i < G_N_ELEMENTS(tests); i++) {
        tcase_add_test(tc, tests[i]);
    }
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loader_image_suite());
    int failed;

    srunner_run_all(sr, CK_VERBOSE);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
