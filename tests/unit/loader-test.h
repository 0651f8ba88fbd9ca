/*
 * Shared by the loader tests (test-loader.c, test-loader-image.c): a
 * temporary directory per test for fixtures, helpers that write a fixture
 * and expect a load to succeed or fail, a recording write callback that
 * stands in for RAM, and builders for the arm64 Image and bzImage headers
 * (test_identify needs them beside the ELF builder).
 */
#ifndef TESTS_UNIT_LOADER_TEST_H
#define TESTS_UNIT_LOADER_TEST_H

#include <check.h>
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/core/loader.h"
#include "util/error.h"

static char *tmpdir;

static inline void setup(void)
{
    GError *err = NULL;

    tmpdir = g_dir_make_tmp("kestrel-loader-XXXXXX", &err);
    ck_assert_msg(tmpdir, "mkdtemp: %s", err ? err->message : "?");
}

static inline void teardown(void)
{
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(tmpdir, name, NULL);
        unlink(p);
    }
    if (d) {
        g_dir_close(d);
    }
    rmdir(tmpdir);
    g_free(tmpdir);
}

/* Write a fixture; the returned path is freed by the caller. */
static inline char *put_file(const char *name, const void *buf, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    FILE *f = fopen(path, "wb");

    ck_assert_msg(f, "%s: %s", path, g_strerror(errno));
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* Expect a failed load whose one-line message starts with the path and
 * contains needle. */
static inline void expect_fail(LoaderImage *img, GError *err, const char *path,
                               const char *needle)
{
    ck_assert_msg(img == NULL, "%s: loaded but should fail (%s)", path, needle);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(g_str_has_prefix(err->message, path),
                  "message '%s' does not start with the file name",
                  err->message);
    ck_assert_msg(strstr(err->message, needle), "message '%s' lacks '%s'",
                  err->message, needle);
    ck_assert_msg(!strchr(err->message, '\n'), "multi-line message");
    g_error_free(err);
}

typedef LoaderImage *LoadFn(const char *path, GError **errp);

static inline LoaderImage *load_elf_a64(const char *path, GError **errp)
{
    return loader_load_elf(path, LOADER_EM_AARCH64, errp);
}

static inline LoaderImage *load_image(const char *path, GError **errp)
{
    return loader_load_arm64_image(path, 0x40000000, errp);
}

/* Write buf as name; loading it must fail with needle in the message. */
static inline void fail_bytes(LoadFn *load, const char *name, const void *buf,
                              size_t len, const char *needle)
{
    g_autofree char *path = put_file(name, buf, len);
    GError *err = NULL;
    LoaderImage *img = load(path, &err);

    expect_fail(img, err, path, needle);
}

/* Write buf as name; loading it must succeed. */
static inline LoaderImage *load_ok(LoadFn *load, const char *name,
                                   const void *buf, size_t len)
{
    g_autofree char *path = put_file(name, buf, len);
    GError *err = NULL;
    LoaderImage *img = load(path, &err);

    ck_assert_msg(img, "%s", err ? err->message : "no error set");
    ck_assert_str_eq(loader_image_name(img), path);
    return img;
}

/* Blob i is at addr, with file_size bytes equal to data, mem_size long. */
static inline void check_blob(const LoaderImage *img, unsigned i, uint64_t addr,
                              const void *data, uint64_t file_size,
                              uint64_t mem_size)
{
    const LoaderBlob *b;

    ck_assert_uint_lt(i, loader_image_blob_count(img));
    b = loader_image_blob(img, i);
    ck_assert_uint_eq(b->addr, addr);
    ck_assert_uint_eq(b->file_size, file_size);
    ck_assert_uint_eq(b->mem_size, mem_size);
    ck_assert_mem_eq(b->data, data, file_size);
}

static inline void pattern(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(i * 7 + seed + (i >> 8));
    }
}

/* ---- a recording write callback: a window of fake RAM ---- */

typedef struct Recorder {
    uint64_t base, size;
    uint8_t *mem;
    uint8_t *count; /* times each byte was written */
    uint64_t total; /* bytes written, in range or not */
} Recorder;

static inline void rec_init(Recorder *r, uint64_t base, uint64_t size)
{
    r->base = base;
    r->size = size;
    r->mem = g_malloc(size);
    memset(r->mem, 0xaa, size); /* so zero fill shows */
    r->count = g_malloc0(size);
    r->total = 0;
}

static inline void rec_free(Recorder *r)
{
    g_free(r->mem);
    g_free(r->count);
}

static inline bool rec_write(void *opaque, uint64_t addr, const void *buf,
                             uint64_t len)
{
    Recorder *r = opaque;

    r->total += len;
    if (addr < r->base || len > r->size || addr - r->base > r->size - len) {
        return false;
    }
    memcpy(r->mem + (addr - r->base), buf, len);
    for (uint64_t i = 0; i < len; i++) {
        r->count[addr - r->base + i]++;
    }
    return true;
}

/* Bytes [addr, addr+n) were written once and equal data (zeros if NULL). */
static inline void rec_expect(const Recorder *r, uint64_t addr,
                              const uint8_t *data, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        uint64_t o = addr - r->base + i;

        ck_assert_msg(r->count[o] == 1, "0x%" PRIx64 " written %u times",
                      addr + i, r->count[o]);
        ck_assert_msg(r->mem[o] == (data ? data[i] : 0),
                      "0x%" PRIx64 ": 0x%02x", addr + i, r->mem[o]);
    }
}

/* Store v in n bytes, little-endian. */
static inline void st_le(uint8_t *p, size_t n, uint64_t v)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* ---- kernel header builders ---- */

/* booting.rst header: text_offset @8, image_size @16, flags @24,
 * magic "ARM\x64" @56. */
static inline GByteArray *build_arm64(uint64_t text_offset, uint64_t image_size,
                                      uint64_t flags, size_t len)
{
    GByteArray *b = g_byte_array_sized_new(len);

    g_byte_array_set_size(b, len);
    pattern(b->data, len, 3);
    memset(b->data, 0, 64);
    st_le(b->data, 4, 0x14000010); /* b #0x40 */
    st_le(b->data + 8, 8, text_offset);
    st_le(b->data + 16, 8, image_size);
    st_le(b->data + 24, 8, flags);
    memcpy(b->data + 56, "ARM\x64", 4);
    return b;
}

/* boot.rst "The Real-Mode Kernel Header": setup_sects @0x1f1, syssize
 * @0x1f4, boot_flag @0x1fe, jump @0x200, "HdrS" @0x202, version @0x206,
 * loadflags @0x211, initrd_addr_max @0x22c, kernel_alignment @0x230,
 * relocatable_kernel @0x234, xloadflags @0x236, cmdline_size @0x238,
 * pref_address @0x258, init_size @0x260. */
static inline GByteArray *build_bz(uint8_t sects_field, uint16_t version,
                                   uint16_t xlf, size_t ksize)
{
    unsigned sects = sects_field ? sects_field : 4;
    size_t setup = (sects + 1) * 512;
    GByteArray *b = g_byte_array_new();

    g_byte_array_set_size(b, setup + ksize);
    pattern(b->data, b->len, 11);
    memset(b->data + 0x1f1, 0, 0x270 - 0x1f1);
    b->data[0x1f1] = sects_field;
    st_le(b->data + 0x1f4, 4, ksize / 16);
    b->data[0x1fe] = 0x55;
    b->data[0x1ff] = 0xaa;
    b->data[0x200] = 0xeb;
    b->data[0x201] = 0x6a; /* header ends at 0x26c */
    memcpy(b->data + 0x202, "HdrS", 4);
    b->data[0x206] = version & 0xff;
    b->data[0x207] = version >> 8;
    b->data[0x211] = 0x01; /* LOADED_HIGH */
    st_le(b->data + 0x22c, 4, 0x7fffffff);
    st_le(b->data + 0x230, 4, 0x200000);
    b->data[0x234] = 1;
    b->data[0x236] = xlf & 0xff;
    b->data[0x237] = xlf >> 8;
    st_le(b->data + 0x238, 4, 2047);
    st_le(b->data + 0x258, 8, 0x1000000);
    st_le(b->data + 0x260, 4, 0x2000000);
    return b;
}

#endif /* TESTS_UNIT_LOADER_TEST_H */
