/*
 * Image loaders: ELF, raw binaries, arm64 Image (optionally gzip'd), x86
 * bzImage and initrds.
 *
 * Loading is two steps so that system reset can write the same images
 * again without reading the files a second time:
 *  1. a loader_load_*() call reads and validates a file and returns a
 *     LoaderImage, an in-memory list of blobs (guest physical address,
 *     bytes from the file, size in memory with the tail zero-filled).
 *     Nothing here knows about the memory API.
 *  2. loader_commit() writes the blobs through a callback the board
 *     supplies (a two-line adapter around as_write_rom()).
 * loader_check_ranges() lets the board reject an image that does not lie
 * inside RAM before anything is written, with a message naming the file.
 *
 * Every failure is returned as a GError of one line that starts with the
 * file name: "foo.elf: truncated: program headers ... past end of file".
 */
#ifndef HW_CORE_LOADER_H
#define HW_CORE_LOADER_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ELF e_machine values a board may ask for (System V gABI, ch. 4). */
enum {
    LOADER_EM_ANY = 0, /* accept any machine */
    LOADER_EM_386 = 3,
    LOADER_EM_ARM = 40,
    LOADER_EM_X86_64 = 62,
    LOADER_EM_AARCH64 = 183,
};

/* Limits that keep a hostile or corrupt file from exhausting the host. */
#define LOADER_MAX_FILE_SIZE (2ull << 30)     /* any file read */
#define LOADER_MAX_MEM_SIZE (2ull << 30)      /* total memsz of an image */
#define LOADER_MAX_GUNZIP_SIZE (256ull << 20) /* a decompressed Image */

typedef enum LoaderFormat {
    LOADER_FORMAT_UNKNOWN,
    LOADER_FORMAT_ELF,
    LOADER_FORMAT_ARM64_IMAGE,
    LOADER_FORMAT_GZIP,
    LOADER_FORMAT_BZIMAGE,
    LOADER_FORMAT_RAW,    /* only as the format of a loaded image */
    LOADER_FORMAT_INITRD, /* likewise */
} LoaderFormat;

/* One piece of guest memory: file_size bytes of data, then zeros up to
 * mem_size. */
typedef struct LoaderBlob {
    uint64_t addr;
    const uint8_t *data;
    uint64_t file_size;
    uint64_t mem_size;
} LoaderBlob;

/* The boot-protocol fields of a bzImage (Documentation/arch/x86/boot.rst)
 * that a board needs to fill boot_params and place the initrd. */
typedef struct LoaderBzImageInfo {
    uint16_t version;           /* 0x206, e.g. 0x020f */
    uint8_t setup_sects;        /* 0x1f1, with 0 already replaced by 4 */
    uint8_t loadflags;          /* 0x211 */
    uint32_t initrd_addr_max;   /* 0x22c */
    uint32_t kernel_alignment;  /* 0x230 */
    uint8_t relocatable_kernel; /* 0x234 */
    uint16_t xloadflags;        /* 0x236 */
    uint32_t cmdline_size;      /* 0x238 */
    uint64_t pref_address;      /* 0x258 */
    uint32_t init_size;         /* 0x260 */
    uint64_t load_addr;         /* where the protected-mode kernel goes */
    uint64_t entry64;           /* load_addr + 0x200 */
    uint64_t kernel_size;       /* bytes of protected-mode kernel */
    /* The real-mode setup part, (setup_sects + 1) * 512 bytes; its setup
     * header (from 0x1f1 up to 0x202 + byte 0x201, see hdr_end) is what the
     * board copies into boot_params. Valid while the image lives. */
    const uint8_t *setup;
    size_t setup_size;
    size_t hdr_end; /* end offset of the setup header */
} LoaderBzImageInfo;

#define LOADER_BZ_HDR_START 0x1f1
#define LOADER_BZ_XLF_KERNEL_64 (1u << 0)

typedef enum LoaderPlacement {
    LOADER_PLACE_HIGH, /* as high as possible (x86: below initrd_addr_max) */
    LOADER_PLACE_LOW,  /* as low as possible (arm64: after kernel + DTB) */
} LoaderPlacement;

typedef struct LoaderImage LoaderImage;

/* What kind of kernel file path is, from its first bytes. An unreadable
 * file is an error; an unrecognised one is LOADER_FORMAT_UNKNOWN. */
bool loader_identify(const char *path, LoaderFormat *fmt, GError **errp);
const char *loader_format_name(LoaderFormat fmt);

/* ELF32 or ELF64, little-endian, ET_EXEC or ET_DYN. PT_LOAD segments go at
 * their p_paddr. machine is the required e_machine or LOADER_EM_ANY. The
 * symbol table, if any, is kept for loader_elf_symbol(). */
LoaderImage *loader_load_elf(const char *path, unsigned machine, GError **errp);

/* A raw binary placed at addr. */
LoaderImage *loader_load_raw(const char *path, uint64_t addr, GError **errp);

/* A Linux arm64 Image (Documentation/arch/arm64/booting.rst), or a gzip'd
 * one. It goes at the first 2 MiB boundary at or above ram_base, plus its
 * text_offset. The image's end includes the kernel's BSS. */
LoaderImage *loader_load_arm64_image(const char *path, uint64_t ram_base,
                                     GError **errp);

/* A Linux x86 bzImage for 64-bit direct boot (protocol 2.12+): the
 * protected-mode kernel is the image's one blob, at 1 MiB. */
LoaderImage *loader_load_bzimage(const char *path, GError **errp);

/* An initrd placed in [lo, hi) at a multiple of align (a power of two),
 * as high or as low as it fits. */
LoaderImage *loader_load_initrd(const char *path, uint64_t lo, uint64_t hi,
                                uint64_t align, LoaderPlacement place,
                                GError **errp);

void loader_image_free(LoaderImage *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LoaderImage, loader_image_free)

/* The file name given to the loader, for messages. */
const char *loader_image_name(const LoaderImage *img);
LoaderFormat loader_image_format(const LoaderImage *img);
/* Where the guest should start: ELF e_entry, the first byte of an arm64
 * Image, the 64-bit entry of a bzImage, the start of a raw file/initrd. */
uint64_t loader_image_entry(const LoaderImage *img);
/* The guest physical range the image occupies, [start, end): the lowest
 * blob address and the highest end including zero-filled tails, the arm64
 * Image's BSS and the bzImage's init_size. */
uint64_t loader_image_start(const LoaderImage *img);
uint64_t loader_image_end(const LoaderImage *img);
unsigned loader_image_blob_count(const LoaderImage *img);
/* Blobs are sorted by address and never overlap. */
const LoaderBlob *loader_image_blob(const LoaderImage *img, unsigned i);
/* The bzImage fields, or NULL if img is not a bzImage. */
const LoaderBzImageInfo *loader_image_bzimage(const LoaderImage *img);

/* The value of an ELF symbol from .symtab (its st_value, the link-time
 * address). False if img has no such symbol or no symbol table. */
bool loader_elf_symbol(const LoaderImage *img, const char *name,
                       uint64_t *addr);

/* Fail unless every blob lies inside [ram_base, ram_base + ram_size). */
bool loader_check_ranges(const LoaderImage *img, uint64_t ram_base,
                         uint64_t ram_size, GError **errp);

/* Writes len bytes at guest physical addr; false if it could not. */
typedef bool LoaderWriteFn(void *opaque, uint64_t addr, const void *buf,
                           uint64_t len);

/* Write every blob, data then zero fill, in address order. Calls may be
 * split into chunks; each blob is covered exactly once. */
bool loader_commit(const LoaderImage *img, LoaderWriteFn *write, void *opaque,
                   GError **errp);

/*
 * Internal to hw/core/loader*.c: building an image. Boards do not call
 * these.
 */
LoaderImage *loader_image_new(const char *name, LoaderFormat fmt, uint8_t *buf,
                              size_t len);
void loader_image_add_blob(LoaderImage *img, uint64_t addr, const uint8_t *data,
                           uint64_t file_size, uint64_t mem_size);
/* Sort blobs, compute start/end, and reject overlaps. */
bool loader_image_finish(LoaderImage *img, GError **errp);
void loader_image_set_entry(LoaderImage *img, uint64_t entry);
void loader_image_set_end(LoaderImage *img, uint64_t end);
void loader_image_add_symbol(LoaderImage *img, const char *name,
                             uint64_t value);
LoaderBzImageInfo *loader_image_bzimage_mut(LoaderImage *img);
/* Read a whole file (at most max bytes) into a new buffer, which
   loader_free_file() frees (LoaderImage frees its own). */
bool loader_read_file(const char *path, uint64_t max, uint8_t **buf,
                      size_t *len, GError **errp);
/* Free what loader_read_file() returned (or any g_malloc buffer). */
void loader_free_file(void *buf);
/* "12 MiB", "1.5 KiB", "100 bytes" (caller frees). */
char *loader_format_size(uint64_t size);

static inline uint16_t loader_ld16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t loader_ld32(const uint8_t *p)
{
    return loader_ld16(p) | (uint32_t)loader_ld16(p + 2) << 16;
}

static inline uint64_t loader_ld64(const uint8_t *p)
{
    return loader_ld32(p) | (uint64_t)loader_ld32(p + 4) << 32;
}

#endif
