/*
 * Linux kernel images: the arm64 Image (plain or gzip'd) and the x86
 * bzImage.
 *
 * arm64: Documentation/arch/arm64/booting.rst, section "Call the kernel
 * image", gives the 64-byte header:
 *   0  code0, 4 code1, 8 text_offset, 16 image_size, 24 flags,
 *   32 res2, 40 res3, 48 res4, 56 magic "ARM\x64", 60 res5
 * all little-endian.
 * x86: Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header"
 * and "64-bit Boot Protocol".
 */
#include "hw/core/loader.h"

#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "util/error.h"

#define ARM64_HDR_SIZE 64
#define ARM64_TEXT_OFFSET 8
#define ARM64_IMAGE_SIZE 16
#define ARM64_FLAGS 24
#define ARM64_MAGIC 56
#define ARM64_FLAG_BE (1u << 0)
/* booting.rst: an Image with image_size 0 predates v3.17 and must be
 * loaded 0x80000 bytes above a 2 MiB aligned base. */
#define ARM64_OLD_TEXT_OFFSET 0x80000
#define ARM64_BASE_ALIGN (2ull << 20)

/* Setup header offsets (boot.rst, "The Real-Mode Kernel Header"). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_SYSSIZE 0x1f4
#define BZ_BOOT_FLAG 0x1fe
#define BZ_JUMP 0x200
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_LOADFLAGS 0x211
#define BZ_INITRD_ADDR_MAX 0x22c
#define BZ_KERNEL_ALIGNMENT 0x230
#define BZ_RELOCATABLE 0x234
#define BZ_XLOADFLAGS 0x236
#define BZ_CMDLINE_SIZE 0x238
#define BZ_PREF_ADDRESS 0x258
#define BZ_INIT_SIZE 0x260
#define BZ_LOADED_HIGH (1u << 0)
#define BZ_MIN_VERSION 0x020c
#define BZ_LOAD_ADDR 0x100000
/* boot.rst "64-bit Boot Protocol": the 64-bit entry point is 0x200
 * bytes into the protected-mode kernel. */
#define BZ_ENTRY64_OFFSET 0x200

/* ---- gzip ---- */

static bool is_gzip(const uint8_t *buf, size_t len)
{
    return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
}

/*
 * Inflate a gzip stream (RFC 1952) of at most LOADER_MAX_GUNZIP_SIZE
 * bytes. Bytes after the end of the first member are ignored: kernels are
 * one member, and some tools pad the file.
 */
static bool gunzip(const char *path, const uint8_t *in, size_t in_len,
                   uint8_t **outp, size_t *out_lenp, GError **errp)
{
    const size_t max = LOADER_MAX_GUNZIP_SIZE;
    z_stream zs = {0};
    size_t cap = MIN(MAX(in_len * 4, (size_t)64 * 1024), max + 1);
    uint8_t *out;
    int ret;

    g_assert(in_len <= UINT_MAX);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        error_setg(errp, "%s: cannot initialise zlib", path);
        return false;
    }
    out = g_malloc(cap);
    zs.next_in = (Bytef *)in;
    zs.avail_in = in_len;
    zs.next_out = out;
    zs.avail_out = cap;
    for (;;) {
        ret = inflate(&zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            break;
        }
        if ((ret == Z_OK || ret == Z_BUF_ERROR) && zs.avail_out == 0) {
            if (zs.total_out > max) {
                g_autofree char *lim = loader_format_size(max);
                error_setg(errp, "%s: decompressed kernel larger than %s", path,
                           lim);
                goto fail;
            }
            /* Grow to at most max + 1 so that one byte more than the
             * limit is seen and reported. */
            cap = MIN(cap * 2, max + 1);
            out = g_realloc(out, cap);
            zs.next_out = out + zs.total_out;
            zs.avail_out = cap - zs.total_out;
            continue;
        }
        if (ret == Z_OK) {
            continue;
        }
        if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
            error_setg(errp, "%s: truncated gzip data", path);
        } else if (ret == Z_MEM_ERROR) {
            error_setg(errp, "%s: out of memory decompressing", path);
        } else {
            error_setg(errp, "%s: corrupt gzip data: %s", path,
                       zs.msg ? zs.msg : zError(ret));
        }
        goto fail;
    }
    if (zs.total_out > max) {
        g_autofree char *lim = loader_format_size(max);
        error_setg(errp, "%s: decompressed kernel larger than %s", path, lim);
        goto fail;
    }
    *outp = out;
    *out_lenp = zs.total_out;
    inflateEnd(&zs);
    return true;

fail:
    inflateEnd(&zs);
    g_free(out);
    return false;
}

/* ---- arm64 Image ---- */

LoaderImage *loader_load_arm64_image(const char *path, uint64_t ram_base,
                                     GError **errp)
{
    g_autoptr(LoaderImage) img = NULL;
    const char *what = "file";
    uint64_t text_offset, image_size, flags, base, load, memsz;
    uint8_t *buf;
    size_t len;

    if (!loader_read_file(path, LOADER_MAX_FILE_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    if (is_gzip(buf, len)) {
        uint8_t *raw;
        size_t raw_len;
        bool ok = gunzip(path, buf, len, &raw, &raw_len, errp);

        loader_free_file(buf);
        if (!ok) {
            return NULL;
        }
        buf = raw;
        len = raw_len;
        what = "decompressed data";
    }
    img = loader_image_new(path, LOADER_FORMAT_ARM64_IMAGE, buf, len);

    if (len < ARM64_HDR_SIZE) {
        error_setg(errp,
                   "%s: truncated: %s is 0x%zx bytes, the arm64 Image "
                   "header needs 0x%x",
                   path, what, len, ARM64_HDR_SIZE);
        return NULL;
    }
    if (memcmp(buf + ARM64_MAGIC, "ARM\x64", 4) != 0) {
        error_setg(errp,
                   "%s: %s is not an arm64 Image (bad magic at "
                   "offset 0x%x)",
                   path, what, ARM64_MAGIC);
        return NULL;
    }
    text_offset = loader_ld64(buf + ARM64_TEXT_OFFSET);
    image_size = loader_ld64(buf + ARM64_IMAGE_SIZE);
    flags = loader_ld64(buf + ARM64_FLAGS);
    if (image_size == 0) {
        /* Pre-3.17: no size, and text_offset may be in either byte order;
         * the BSS size is unknown, so the end is the end of the file. */
        text_offset = ARM64_OLD_TEXT_OFFSET;
    } else if (flags & ARM64_FLAG_BE) {
        error_setg(errp, "%s: big-endian arm64 kernel is not supported", path);
        return NULL;
    }
    /*
     * image_size covers the BSS; the file itself may be longer (a signed
     * EFI Image has its signature appended), so cover both.
     */
    memsz = MAX(image_size, (uint64_t)len);
    if (memsz > LOADER_MAX_MEM_SIZE) {
        g_autofree char *lim = loader_format_size(LOADER_MAX_MEM_SIZE);
        error_setg(errp,
                   "%s: image_size 0x%" PRIx64 " exceeds the limit "
                   "of %s",
                   path, image_size, lim);
        return NULL;
    }
    base = (ram_base + ARM64_BASE_ALIGN - 1) & ~(ARM64_BASE_ALIGN - 1);
    load = base + text_offset;
    if (base < ram_base || load < base || load + memsz - 1 < load) {
        error_setg(errp,
                   "%s: text_offset 0x%" PRIx64 " and image_size 0x%" PRIx64
                   " overflow the address space",
                   path, text_offset, image_size);
        return NULL;
    }
    loader_image_add_blob(img, load, buf, len, memsz);
    loader_image_set_entry(img, load);
    if (!loader_image_finish(img, errp)) {
        return NULL;
    }
    return g_steal_pointer(&img);
}

/* ---- x86 bzImage ---- */

LoaderImage *loader_load_bzimage(const char *path, GError **errp)
{
    g_autoptr(LoaderImage) img = NULL;
    LoaderBzImageInfo *bz;
    uint64_t syssize;
    unsigned sects;
    uint8_t *buf;
    size_t len, setup_size;

    if (!loader_read_file(path, LOADER_MAX_FILE_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    img = loader_image_new(path, LOADER_FORMAT_BZIMAGE, buf, len);
    if (len < BZ_HEADER + 4) {
        error_setg(errp,
                   "%s: truncated: 0x%zx bytes, too short for a "
                   "bzImage header",
                   path, len);
        return NULL;
    }
    if (memcmp(buf + BZ_HEADER, "HdrS", 4) != 0) {
        error_setg(errp, "%s: not a bzImage (no \"HdrS\" at offset 0x%x)", path,
                   BZ_HEADER);
        return NULL;
    }
    if (loader_ld16(buf + BZ_BOOT_FLAG) != 0xaa55) {
        error_setg(errp, "%s: not a bzImage (bad boot_flag 0x%04x)", path,
                   loader_ld16(buf + BZ_BOOT_FLAG));
        return NULL;
    }
    /* boot.rst: "If this field is 0, the real value is 4." */
    sects = buf[BZ_SETUP_SECTS] ? buf[BZ_SETUP_SECTS] : 4;
    setup_size = (sects + 1) * 512;
    if (len < setup_size) {
        error_setg(errp,
                   "%s: truncated at offset 0x%zx: the setup part "
                   "needs 0x%zx bytes",
                   path, len, setup_size);
        return NULL;
    }
    if (len == setup_size) {
        error_setg(errp,
                   "%s: truncated at offset 0x%zx: no protected-mode "
                   "kernel after the setup part",
                   path, len);
        return NULL;
    }

    bz = loader_image_bzimage_mut(img);
    bz->version = loader_ld16(buf + BZ_VERSION);
    if (bz->version < BZ_MIN_VERSION) {
        error_setg(errp,
                   "%s: boot protocol %u.%02u is too old: 64-bit "
                   "direct boot needs %u.%02u or later",
                   path, bz->version >> 8, bz->version & 0xff,
                   BZ_MIN_VERSION >> 8, BZ_MIN_VERSION & 0xff);
        return NULL;
    }
    bz->xloadflags = loader_ld16(buf + BZ_XLOADFLAGS);
    if (!(bz->xloadflags & LOADER_BZ_XLF_KERNEL_64)) {
        error_setg(errp,
                   "%s: not a 64-bit kernel (XLF_KERNEL_64 clear in "
                   "xloadflags)",
                   path);
        return NULL;
    }
    bz->loadflags = buf[BZ_LOADFLAGS];
    if (!(bz->loadflags & BZ_LOADED_HIGH)) {
        error_setg(errp, "%s: a zImage (LOADED_HIGH clear), not a bzImage",
                   path);
        return NULL;
    }
    bz->setup_sects = sects;
    bz->initrd_addr_max = loader_ld32(buf + BZ_INITRD_ADDR_MAX);
    bz->kernel_alignment = loader_ld32(buf + BZ_KERNEL_ALIGNMENT);
    bz->relocatable_kernel = buf[BZ_RELOCATABLE];
    bz->cmdline_size = loader_ld32(buf + BZ_CMDLINE_SIZE);
    bz->pref_address = loader_ld64(buf + BZ_PREF_ADDRESS);
    bz->init_size = loader_ld32(buf + BZ_INIT_SIZE);
    bz->setup = buf;
    bz->setup_size = setup_size;
    /* boot.rst: the header ends at 0x202 + the byte at 0x201 (the
     * operand of the short jump at 0x200). */
    bz->hdr_end = BZ_HEADER + buf[BZ_JUMP + 1];
    bz->kernel_size = len - setup_size;
    bz->load_addr = BZ_LOAD_ADDR;
    bz->entry64 = BZ_LOAD_ADDR + BZ_ENTRY64_OFFSET;

    /* syssize counts 16-byte paragraphs of the protected-mode kernel; the
     * build rounds it up (and has counted a trailing CRC), so allow some
     * slack before calling the file truncated. */
    syssize = (uint64_t)loader_ld32(buf + BZ_SYSSIZE) * 16;
    if (syssize > bz->kernel_size + 0x1000) {
        error_setg(errp,
                   "%s: truncated at offset 0x%zx: syssize says the "
                   "kernel has 0x%" PRIx64 " bytes, the file 0x%" PRIx64,
                   path, len, syssize, bz->kernel_size);
        return NULL;
    }
    if (bz->entry64 >= BZ_LOAD_ADDR + bz->kernel_size) {
        error_setg(errp,
                   "%s: protected-mode kernel of 0x%" PRIx64 " bytes "
                   "has no 64-bit entry point at 0x%x",
                   path, bz->kernel_size, BZ_ENTRY64_OFFSET);
        return NULL;
    }
    loader_image_add_blob(img, BZ_LOAD_ADDR, buf + setup_size, bz->kernel_size,
                          bz->kernel_size);
    loader_image_set_entry(img, bz->entry64);
    /* boot.rst: init_size is the memory the kernel needs from its load
     * address while it decompresses itself: keep the initrd out of it. */
    loader_image_set_end(img, (uint64_t)BZ_LOAD_ADDR + bz->init_size);
    if (!loader_image_finish(img, errp)) {
        return NULL;
    }
    return g_steal_pointer(&img);
}
