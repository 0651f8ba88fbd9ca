/*
 * Image loaders, common part: the LoaderImage container, file reading,
 * format identification, range checks, commit, raw files and initrds.
 * ELF lives in loader-elf.c; arm64 Image, gzip and bzImage in
 * loader-image.c.
 */
#include "hw/core/loader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/osdep.h"

struct LoaderImage {
    char *name;
    LoaderFormat format;
    uint8_t *buf; /* owned; blobs point into it */
    size_t len;
    GArray *blobs; /* of LoaderBlob, sorted once finished */
    uint64_t entry;
    uint64_t start, end;
    uint64_t min_end;    /* set_end(): a reserved end beyond blobs */
    GHashTable *symbols; /* name -> uint64_t *, ELF only */
    bool is_bzimage;
    LoaderBzImageInfo bz;
};

/* ---- the container ---- */

LoaderImage *loader_image_new(const char *name, LoaderFormat fmt, uint8_t *buf,
                              size_t len)
{
    LoaderImage *img = g_new0(LoaderImage, 1);

    img->name = g_strdup(name);
    img->format = fmt;
    img->buf = buf;
    img->len = len;
    img->blobs = g_array_new(false, true, sizeof(LoaderBlob));
    return img;
}

void loader_image_free(LoaderImage *img)
{
    if (!img) {
        return;
    }
    g_free(img->name);
    loader_free_file(img->buf);
    g_array_free(img->blobs, true);
    if (img->symbols) {
        g_hash_table_destroy(img->symbols);
    }
    g_free(img);
}

void loader_image_add_blob(LoaderImage *img, uint64_t addr, const uint8_t *data,
                           uint64_t file_size, uint64_t mem_size)
{
    LoaderBlob b = {
        .addr = addr,
        .data = data,
        .file_size = file_size,
        .mem_size = mem_size,
    };

    g_assert(file_size <= mem_size);
    g_assert(file_size == 0 ||
             (data >= img->buf && file_size <= img->len &&
              (size_t)(data - img->buf) <= img->len - file_size));
    if (mem_size == 0) {
        return;
    }
    g_array_append_val(img->blobs, b);
}

void loader_image_set_entry(LoaderImage *img, uint64_t entry)
{
    img->entry = entry;
}

void loader_image_set_end(LoaderImage *img, uint64_t end)
{
    img->min_end = end;
}

void loader_image_add_symbol(LoaderImage *img, const char *name, uint64_t value)
{
    uint64_t *v;

    if (!img->symbols) {
        img->symbols =
            g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    }
    /* First definition wins: a later local symbol of the same name (a
     * static in another object) must not shadow it. */
    if (g_hash_table_contains(img->symbols, name)) {
        return;
    }
    v = g_new(uint64_t, 1);
    *v = value;
    g_hash_table_insert(img->symbols, g_strdup(name), v);
}

LoaderBzImageInfo *loader_image_bzimage_mut(LoaderImage *img)
{
    img->is_bzimage = true;
    return &img->bz;
}

static const char *blob_kind(const LoaderImage *img)
{
    switch (img->format) {
    case LOADER_FORMAT_ELF:
        return "segment";
    case LOADER_FORMAT_INITRD:
        return "initrd";
    case LOADER_FORMAT_RAW:
        return "image";
    default:
        return "kernel";
    }
}

static int blob_cmp(gconstpointer a, gconstpointer b)
{
    const LoaderBlob *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

bool loader_image_finish(LoaderImage *img, GError **errp)
{
    LoaderBlob *b = (LoaderBlob *)img->blobs->data;
    unsigned n = img->blobs->len;
    uint64_t total = 0;

    if (n == 0) {
        error_setg(errp, "%s: nothing to load", img->name);
        return false;
    }
    g_array_sort(img->blobs, blob_cmp);
    for (unsigned i = 0; i < n; i++) {
        uint64_t last = b[i].addr + b[i].mem_size - 1;

        if (last < b[i].addr) {
            error_setg(errp,
                       "%s: %s at 0x%" PRIx64 " of size 0x%" PRIx64
                       " wraps around the address space",
                       img->name, blob_kind(img), b[i].addr, b[i].mem_size);
            return false;
        }
        if (b[i].mem_size > LOADER_MAX_MEM_SIZE - total) {
            g_autofree char *lim = loader_format_size(LOADER_MAX_MEM_SIZE);
            error_setg(errp, "%s: size in memory exceeds the limit of %s",
                       img->name, lim);
            return false;
        }
        total += b[i].mem_size;
        if (i > 0 && b[i].addr <= b[i - 1].addr + b[i - 1].mem_size - 1) {
            error_setg(errp,
                       "%s: overlapping %ss 0x%" PRIx64 "-0x%" PRIx64
                       " and 0x%" PRIx64 "-0x%" PRIx64,
                       img->name, blob_kind(img), b[i - 1].addr,
                       b[i - 1].addr + b[i - 1].mem_size - 1, b[i].addr, last);
            return false;
        }
    }
    img->start = b[0].addr;
    /* The last blob may end exactly at 2^64; keep end exclusive but
     * saturated so callers can still compare. */
    img->end = b[n - 1].addr + b[n - 1].mem_size;
    if (img->end == 0) {
        img->end = UINT64_MAX;
    }
    if (img->min_end > img->end) {
        img->end = img->min_end;
    }
    return true;
}

/* ---- accessors ---- */

const char *loader_image_name(const LoaderImage *img)
{
    return img->name;
}

LoaderFormat loader_image_format(const LoaderImage *img)
{
    return img->format;
}

uint64_t loader_image_entry(const LoaderImage *img)
{
    return img->entry;
}

uint64_t loader_image_start(const LoaderImage *img)
{
    return img->start;
}

uint64_t loader_image_end(const LoaderImage *img)
{
    return img->end;
}

unsigned loader_image_blob_count(const LoaderImage *img)
{
    return img->blobs->len;
}

const LoaderBlob *loader_image_blob(const LoaderImage *img, unsigned i)
{
    g_assert(i < img->blobs->len);
    return &g_array_index(img->blobs, LoaderBlob, i);
}

const LoaderBzImageInfo *loader_image_bzimage(const LoaderImage *img)
{
    return img->is_bzimage ? &img->bz : NULL;
}

bool loader_elf_symbol(const LoaderImage *img, const char *name, uint64_t *addr)
{
    const uint64_t *v;

    if (!img->symbols) {
        return false;
    }
    v = g_hash_table_lookup(img->symbols, name);
    if (!v) {
        return false;
    }
    *addr = *v;
    return true;
}

/* ---- ranges and commit ---- */

bool loader_check_ranges(const LoaderImage *img, uint64_t ram_base,
                         uint64_t ram_size, GError **errp)
{
    /* RAM that would run past 2^64 ends there. */
    uint64_t ram_last =
        ram_size > UINT64_MAX - ram_base ? UINT64_MAX : ram_base + ram_size - 1;

    for (unsigned i = 0; i < img->blobs->len; i++) {
        const LoaderBlob *b = loader_image_blob(img, i);
        uint64_t last = b->addr + b->mem_size - 1;

        if (ram_size == 0) {
            error_setg(errp,
                       "%s: %s 0x%" PRIx64 "-0x%" PRIx64
                       " outside RAM (the machine has none)",
                       img->name, blob_kind(img), b->addr, last);
            return false;
        }
        if (b->addr < ram_base || last > ram_last) {
            error_setg(errp,
                       "%s: %s 0x%" PRIx64 "-0x%" PRIx64
                       " outside RAM (0x%" PRIx64 "-0x%" PRIx64 ")",
                       img->name, blob_kind(img), b->addr, last, ram_base,
                       ram_last);
            return false;
        }
    }
    return true;
}

bool loader_commit(const LoaderImage *img, LoaderWriteFn *write, void *opaque,
                   GError **errp)
{
    static const uint8_t zeros[64 * 1024];

    for (unsigned i = 0; i < img->blobs->len; i++) {
        const LoaderBlob *b = loader_image_blob(img, i);
        uint64_t off = b->file_size;
        bool ok = true;

        if (b->file_size) {
            ok = write(opaque, b->addr, b->data, b->file_size);
        }
        while (ok && off < b->mem_size) {
            uint64_t n = MIN(b->mem_size - off, sizeof(zeros));

            ok = write(opaque, b->addr + off, zeros, n);
            off += n;
        }
        if (!ok) {
            error_setg(errp,
                       "%s: cannot write %s 0x%" PRIx64 "-0x%" PRIx64
                       ": not RAM or ROM",
                       img->name, blob_kind(img), b->addr,
                       b->addr + b->mem_size - 1);
            return false;
        }
    }
    return true;
}

/* ---- files ---- */

char *loader_format_size(uint64_t size)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;

    if (size < 1024) {
        return g_strdup_printf("%" PRIu64 " bytes", size);
    }
    while (u + 1 < (int)G_N_ELEMENTS(units) && size >> (10 * (u + 2))) {
        u++;
    }
    if ((size & ((1ull << (10 * (u + 1))) - 1)) == 0) {
        return g_strdup_printf("%" PRIu64 " %s", size >> (10 * (u + 1)),
                               units[u]);
    }
    return g_strdup_printf(
        "%.1f %s", (double)size / (double)(1ull << (10 * (u + 1))), units[u]);
}

/*
 * File buffers of 2 MiB and more are huge-page mappings (util/osdep.h):
 * reading a 30 MiB kernel into fresh malloc memory took a host page
 * fault per 4 KiB, several percent of a Linux boot. The table says which
 * buffers are mappings and how long, for loader_free_file().
 */
#define LOADER_HUGE_MIN ((size_t)2 << 20)

G_LOCK_DEFINE_STATIC(huge_bufs);
static GHashTable *huge_bufs; /* buffer -> its length (GSIZE_TO_POINTER) */

static uint8_t *loader_buf_alloc(size_t len)
{
    uint8_t *p = len >= LOADER_HUGE_MIN ? os_alloc_huge(len) : NULL;

    if (!p) {
        return g_malloc(len);
    }
    G_LOCK(huge_bufs);
    if (!huge_bufs) {
        huge_bufs = g_hash_table_new(NULL, NULL);
    }
    g_hash_table_insert(huge_bufs, p, GSIZE_TO_POINTER(len));
    G_UNLOCK(huge_bufs);
    return p;
}

void loader_free_file(void *buf)
{
    gpointer len = NULL;

    if (!buf) {
        return;
    }
    G_LOCK(huge_bufs);
    if (huge_bufs && g_hash_table_lookup_extended(huge_bufs, buf, NULL, &len)) {
        g_hash_table_remove(huge_bufs, buf);
    }
    G_UNLOCK(huge_bufs);
    if (len) {
        os_free_huge(buf, GPOINTER_TO_SIZE(len));
    } else {
        g_free(buf);
    }
}

/* A buffer of new_cap bytes holding the first len of buf (freed). */
static uint8_t *loader_buf_grow(uint8_t *buf, size_t len, size_t new_cap)
{
    uint8_t *p = loader_buf_alloc(new_cap);

    memcpy(p, buf, len);
    loader_free_file(buf);
    return p;
}

bool loader_read_file(const char *path, uint64_t max, uint8_t **bufp,
                      size_t *lenp, GError **errp)
{
    struct stat st;
    uint8_t *buf = NULL;
    size_t cap, len = 0;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "%s", path);
        return false;
    }
    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "%s", path);
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        error_setg_errno(errp, EISDIR, "%s", path);
        goto fail;
    }
    /* Read to EOF rather than trusting st_size: pipes and /proc files
     * report 0, and a file may change under us. One spare byte tells a
     * file that is exactly max bytes from one that is larger. */
    cap = S_ISREG(st.st_mode) && (uint64_t)st.st_size < max
              ? (size_t)st.st_size + 1
              : 64 * 1024;
    buf = loader_buf_alloc(cap);
    for (;;) {
        ssize_t r;

        if (len == cap) {
            if (cap > max) {
                g_autofree char *lim = loader_format_size(max);
                error_setg(errp, "%s: file too large (the limit is %s)", path,
                           lim);
                goto fail;
            }
            cap = MIN(cap * 2, max + 1);
            buf = loader_buf_grow(buf, len, cap);
        }
        r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_setg_errno(errp, errno, "%s", path);
            goto fail;
        }
        if (r == 0) {
            break;
        }
        len += r;
    }
    if (len > max) {
        g_autofree char *lim = loader_format_size(max);
        error_setg(errp, "%s: file too large (the limit is %s)", path, lim);
        goto fail;
    }
    if (len == 0) {
        error_setg(errp, "%s: empty file", path);
        goto fail;
    }
    close(fd);
    *bufp = buf;
    *lenp = len;
    return true;

fail:
    loader_free_file(buf);
    close(fd);
    return false;
}

const char *loader_format_name(LoaderFormat fmt)
{
    switch (fmt) {
    case LOADER_FORMAT_ELF:
        return "ELF";
    case LOADER_FORMAT_ARM64_IMAGE:
        return "arm64 Image";
    case LOADER_FORMAT_GZIP:
        return "gzip";
    case LOADER_FORMAT_BZIMAGE:
        return "bzImage";
    case LOADER_FORMAT_RAW:
        return "raw binary";
    case LOADER_FORMAT_INITRD:
        return "initrd";
    default:
        return "unknown";
    }
}

bool loader_identify(const char *path, LoaderFormat *fmt, GError **errp)
{
    uint8_t hdr[0x210];
    size_t len = 0;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "%s", path);
        return false;
    }
    while (len < sizeof(hdr)) {
        ssize_t r = read(fd, hdr + len, sizeof(hdr) - len);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            error_setg_errno(errp, errno, "%s", path);
            close(fd);
            return false;
        }
        if (r == 0) {
            break;
        }
        len += r;
    }
    close(fd);

    *fmt = LOADER_FORMAT_UNKNOWN;
    if (len >= 4 && memcmp(hdr,
                           "\x7f"
                           "ELF",
                           4) == 0) {
        *fmt = LOADER_FORMAT_ELF;
    } else if (len >= 2 && hdr[0] == 0x1f && hdr[1] == 0x8b) {
        *fmt = LOADER_FORMAT_GZIP;
    } else if (len >= 0x206 && memcmp(hdr + 0x202, "HdrS", 4) == 0) {
        /* boot.rst: the setup header's "HdrS" at 0x202 */
        *fmt = LOADER_FORMAT_BZIMAGE;
    } else if (len >= 64 && memcmp(hdr + 56, "ARM\x64", 4) == 0) {
        /* booting.rst: magic "ARM\x64" at offset 56 of the header */
        *fmt = LOADER_FORMAT_ARM64_IMAGE;
    }
    return true;
}

/* ---- raw files and initrds ---- */

LoaderImage *loader_load_raw(const char *path, uint64_t addr, GError **errp)
{
    LoaderImage *img;
    uint8_t *buf;
    size_t len;

    if (!loader_read_file(path, LOADER_MAX_FILE_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    if (addr + len - 1 < addr) {
        error_setg(errp,
                   "%s: 0x%zx bytes at 0x%" PRIx64
                   " wrap around the address space",
                   path, len, addr);
        loader_free_file(buf);
        return NULL;
    }
    img = loader_image_new(path, LOADER_FORMAT_RAW, buf, len);
    loader_image_add_blob(img, addr, buf, len, len);
    loader_image_set_entry(img, addr);
    if (!loader_image_finish(img, errp)) {
        loader_image_free(img);
        return NULL;
    }
    return img;
}

LoaderImage *loader_load_initrd(const char *path, uint64_t lo, uint64_t hi,
                                uint64_t align, LoaderPlacement place,
                                GError **errp)
{
    LoaderImage *img;
    uint64_t first, space = 0, addr = 0;
    bool fits = false;
    uint8_t *buf;
    size_t len;

    g_assert(align != 0 && (align & (align - 1)) == 0);
    if (!loader_read_file(path, LOADER_MAX_FILE_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    /* The lowest aligned address at or above lo; none if that wraps. */
    first = (lo + align - 1) & ~(align - 1);
    if (first >= lo && first < hi) {
        space = hi - first;
        if (len <= space) {
            fits = true;
            addr =
                place == LOADER_PLACE_LOW ? first : (hi - len) & ~(align - 1);
        }
    }
    if (!fits) {
        g_autofree char *need = loader_format_size(len);
        g_autofree char *left = loader_format_size(space);

        if (place == LOADER_PLACE_LOW) {
            error_setg(errp,
                       "%s (%s) does not fit in RAM above 0x%" PRIx64
                       ": only %s left",
                       path, need, lo, left);
        } else {
            error_setg(errp,
                       "%s (%s) does not fit in RAM below 0x%" PRIx64
                       ": only %s left",
                       path, need, hi, left);
        }
        loader_free_file(buf);
        return NULL;
    }
    img = loader_image_new(path, LOADER_FORMAT_INITRD, buf, len);
    loader_image_add_blob(img, addr, buf, len, len);
    loader_image_set_entry(img, addr);
    if (!loader_image_finish(img, errp)) {
        loader_image_free(img);
        return NULL;
    }
    return img;
}
