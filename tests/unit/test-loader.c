/*
 * Image loaders: ELF, raw, arm64 Image (plain and gzip'd), bzImage and
 * initrd placement. Every fixture is built here, at run time, into a
 * temporary directory: ELF files from <elf.h> structures, kernel headers
 * from the offsets in the Linux boot documents, gzip streams with zlib.
 */
#include <check.h>
#include <elf.h>
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

static char *tmpdir;

static void setup(void)
{
    GError *err = NULL;

    tmpdir = g_dir_make_tmp("kestrel-loader-XXXXXX", &err);
    ck_assert_msg(tmpdir, "mkdtemp: %s", err ? err->message : "?");
}

static void teardown(void)
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
static char *put_file(const char *name, const void *buf, size_t len)
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
static void expect_fail(LoaderImage *img, GError *err, const char *path,
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

static LoaderImage *load_elf_a64(const char *path, GError **errp)
{
    return loader_load_elf(path, LOADER_EM_AARCH64, errp);
}

static LoaderImage *load_image(const char *path, GError **errp)
{
    return loader_load_arm64_image(path, 0x40000000, errp);
}

/* Write buf as name; loading it must fail with needle in the message. */
static void fail_bytes(LoadFn *load, const char *name, const void *buf,
                       size_t len, const char *needle)
{
    g_autofree char *path = put_file(name, buf, len);
    GError *err = NULL;
    LoaderImage *img = load(path, &err);

    expect_fail(img, err, path, needle);
}

/* Write buf as name; loading it must succeed. */
static LoaderImage *load_ok(LoadFn *load, const char *name, const void *buf,
                            size_t len)
{
    g_autofree char *path = put_file(name, buf, len);
    GError *err = NULL;
    LoaderImage *img = load(path, &err);

    ck_assert_msg(img, "%s", err ? err->message : "no error set");
    ck_assert_str_eq(loader_image_name(img), path);
    return img;
}

/* Blob i is at addr, with file_size bytes equal to data, mem_size long. */
static void check_blob(const LoaderImage *img, unsigned i, uint64_t addr,
                       const void *data, uint64_t file_size, uint64_t mem_size)
{
    const LoaderBlob *b;

    ck_assert_uint_lt(i, loader_image_blob_count(img));
    b = loader_image_blob(img, i);
    ck_assert_uint_eq(b->addr, addr);
    ck_assert_uint_eq(b->file_size, file_size);
    ck_assert_uint_eq(b->mem_size, mem_size);
    ck_assert_mem_eq(b->data, data, file_size);
}

static void pattern(uint8_t *p, size_t n, unsigned seed)
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

static void rec_init(Recorder *r, uint64_t base, uint64_t size)
{
    r->base = base;
    r->size = size;
    r->mem = g_malloc(size);
    memset(r->mem, 0xaa, size); /* so zero fill shows */
    r->count = g_malloc0(size);
    r->total = 0;
}

static void rec_free(Recorder *r)
{
    g_free(r->mem);
    g_free(r->count);
}

static bool rec_write(void *opaque, uint64_t addr, const void *buf,
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
static void rec_expect(const Recorder *r, uint64_t addr, const uint8_t *data,
                       uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        uint64_t o = addr - r->base + i;

        ck_assert_msg(r->count[o] == 1, "0x%" PRIx64 " written %u times",
                      addr + i, r->count[o]);
        ck_assert_msg(r->mem[o] == (data ? data[i] : 0),
                      "0x%" PRIx64 ": 0x%02x", addr + i, r->mem[o]);
    }
}

/* ---- ELF builder ---- */

typedef struct TSeg {
    uint32_t type;
    uint64_t paddr, vaddr, filesz, memsz;
    const uint8_t *data;
} TSeg;

typedef struct TSym {
    const char *name;
    uint64_t value;
    unsigned bind, type;
} TSym;

typedef struct TElf {
    bool is64;
    unsigned machine, etype;
    uint64_t entry;
    int nseg, nsym;
    TSeg seg[4];
    TSym sym[4];
    size_t seg_off[4]; /* out: file offset of each segment */
} TElf;

/* Store v in n bytes, little-endian. */
static void st_le(uint8_t *p, size_t n, uint64_t v)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Set field f of the Elf32_T or Elf64_T at p, as laid out by <elf.h>. */
#define SET(is64, p, T, f, v)                                                  \
    ((is64) ? st_le((p) + offsetof(Elf64_##T, f), sizeof(((Elf64_##T *)0)->f), \
                    (v))                                                       \
            : st_le((p) + offsetof(Elf32_##T, f), sizeof(((Elf32_##T *)0)->f), \
                    (v)))

/* Append n zero bytes; return where they start. */
static size_t grow(GByteArray *b, size_t n)
{
    size_t at = b->len;

    g_byte_array_set_size(b, at + n);
    memset(b->data + at, 0, n);
    return at;
}

/* ehdr | phdrs | segment data | .strtab | .symtab | .shstrtab | shdrs */
static GByteArray *build_elf(TElf *t)
{
    static const char shstr[] = "\0.strtab\0.symtab\0.shstrtab";
    bool w = t->is64;
    size_t ehsz = w ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    size_t phsz = w ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    size_t shsz = w ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    size_t symsz = w ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
    size_t nsyms = t->nsym + 1, stroff, symoff, shstroff, shoff;
    GByteArray *b = g_byte_array_new();
    uint32_t names[4];

    grow(b, ehsz + t->nseg * phsz);
    for (int i = 0; i < t->nseg; i++) {
        t->seg_off[i] = b->len;
        g_byte_array_append(b, t->seg[i].data, t->seg[i].filesz);
    }
    stroff = grow(b, 1);
    for (int i = 0; i < t->nsym; i++) {
        names[i] = b->len - stroff;
        g_byte_array_append(b, (const uint8_t *)t->sym[i].name,
                            strlen(t->sym[i].name) + 1);
    }
    symoff = grow(b, nsyms * symsz);
    shstroff = b->len;
    g_byte_array_append(b, (const uint8_t *)shstr, sizeof(shstr));
    shoff = grow(b, 4 * shsz);

    for (int i = 0; i < t->nsym; i++) {
        uint8_t *p = b->data + symoff + (i + 1) * symsz;

        SET(w, p, Sym, st_name, names[i]);
        SET(w, p, Sym, st_info, ELF64_ST_INFO(t->sym[i].bind, t->sym[i].type));
        SET(w, p, Sym, st_shndx, 1);
        SET(w, p, Sym, st_value, t->sym[i].value);
    }
    /* sections: 0 null, 1 .strtab, 2 .symtab (link 1), 3 .shstrtab */
    const struct {
        uint32_t name, type, link;
        size_t off, size, ent;
    } sec[4] = {
        {0},
        {1, SHT_STRTAB, 0, stroff, symoff - stroff, 0},
        {9, SHT_SYMTAB, 1, symoff, nsyms * symsz, symsz},
        {17, SHT_STRTAB, 0, shstroff, sizeof(shstr), 0},
    };
    for (int i = 1; i < 4; i++) {
        uint8_t *p = b->data + shoff + i * shsz;

        SET(w, p, Shdr, sh_name, sec[i].name);
        SET(w, p, Shdr, sh_type, sec[i].type);
        SET(w, p, Shdr, sh_offset, sec[i].off);
        SET(w, p, Shdr, sh_size, sec[i].size);
        SET(w, p, Shdr, sh_link, sec[i].link);
        SET(w, p, Shdr, sh_entsize, sec[i].ent);
    }
    for (int i = 0; i < t->nseg; i++) {
        const TSeg *sg = &t->seg[i];
        uint8_t *p = b->data + ehsz + i * phsz;

        SET(w, p, Phdr, p_type, sg->type);
        SET(w, p, Phdr, p_flags, PF_R | PF_X);
        SET(w, p, Phdr, p_offset, t->seg_off[i]);
        SET(w, p, Phdr, p_vaddr, sg->vaddr);
        SET(w, p, Phdr, p_paddr, sg->paddr);
        SET(w, p, Phdr, p_filesz, sg->filesz);
        SET(w, p, Phdr, p_memsz, sg->memsz);
        SET(w, p, Phdr, p_align, 16);
    }
    memcpy(b->data, ELFMAG, SELFMAG);
    b->data[EI_CLASS] = w ? ELFCLASS64 : ELFCLASS32;
    b->data[EI_DATA] = ELFDATA2LSB;
    b->data[EI_VERSION] = EV_CURRENT;
    SET(w, b->data, Ehdr, e_type, t->etype);
    SET(w, b->data, Ehdr, e_machine, t->machine);
    SET(w, b->data, Ehdr, e_version, EV_CURRENT);
    SET(w, b->data, Ehdr, e_entry, t->entry);
    SET(w, b->data, Ehdr, e_phoff, ehsz);
    SET(w, b->data, Ehdr, e_shoff, shoff);
    SET(w, b->data, Ehdr, e_ehsize, ehsz);
    SET(w, b->data, Ehdr, e_phentsize, phsz);
    SET(w, b->data, Ehdr, e_phnum, t->nseg);
    SET(w, b->data, Ehdr, e_shentsize, shsz);
    SET(w, b->data, Ehdr, e_shnum, 4);
    SET(w, b->data, Ehdr, e_shstrndx, 3);
    return b;
}

static uint8_t text[0x100], data[0x20];

/* A bare-metal aarch64 program: .text at 0x40000000 (linked at a
 * different virtual address, to show p_paddr is used), .data + .bss at
 * 0x40010000 with a 0xfe0-byte BSS tail. */
static TElf good_elf64(void)
{
    TElf t = {
        .is64 = true,
        .machine = EM_AARCH64,
        .etype = ET_EXEC,
        .entry = 0x40000010,
        .nseg = 2,
        .nsym = 4,
        .seg =
            {
                {PT_LOAD, 0x40000000, 0xffff000000000000ull, sizeof(text),
                 sizeof(text), text},
                {PT_LOAD, 0x40010000, 0x40010000, sizeof(data), 0x1000, data},
            },
        .sym =
            {
                {"local_label", 0x40000004, STB_LOCAL, STT_NOTYPE},
                /* a static of the same name must not shadow the global */
                {"_start", 0x4000dead, STB_LOCAL, STT_FUNC},
                {"_start", 0x40000010, STB_GLOBAL, STT_FUNC},
                {"buffer", 0x40010040, STB_GLOBAL, STT_OBJECT},
            },
    };

    pattern(text, sizeof(text), 1);
    pattern(data, sizeof(data), 99);
    return t;
}

static LoaderImage *load_elf_ok(const char *name, TElf *t)
{
    GByteArray *b = build_elf(t);
    LoaderImage *img = load_ok(load_elf_a64, name, b->data, b->len);

    g_byte_array_free(b, true);
    return img;
}

/* Build t, patch n bytes at off, expect the load to fail with needle. */
static void check_elf_fails(const char *tag, TElf *t, size_t off,
                            const void *patch, size_t n, const char *needle)
{
    GByteArray *b = build_elf(t);

    ck_assert(off + n <= b->len);
    memcpy(b->data + off, patch, n);
    fail_bytes(load_elf_a64, tag, b->data, b->len, needle);
    g_byte_array_free(b, true);
}

START_TEST(test_elf64_good)
{
    TElf t = good_elf64();
    g_autoptr(LoaderImage) img = load_elf_ok("good.elf", &t);
    GError *err = NULL;
    Recorder r;
    uint64_t v;

    ck_assert_int_eq(loader_image_format(img), LOADER_FORMAT_ELF);
    ck_assert_uint_eq(loader_image_entry(img), 0x40000010);
    ck_assert_uint_eq(loader_image_start(img), 0x40000000);
    ck_assert_uint_eq(loader_image_end(img), 0x40011000);
    ck_assert_uint_eq(loader_image_blob_count(img), 2);
    check_blob(img, 0, 0x40000000, text, 0x100, 0x100);
    check_blob(img, 1, 0x40010000, data, 0x20, 0x1000);

    ck_assert(loader_elf_symbol(img, "_start", &v));
    ck_assert_uint_eq(v, 0x40000010);
    ck_assert(loader_elf_symbol(img, "buffer", &v));
    ck_assert_uint_eq(v, 0x40010040);
    ck_assert(loader_elf_symbol(img, "local_label", &v));
    ck_assert_uint_eq(v, 0x40000004);
    ck_assert(!loader_elf_symbol(img, "missing", &v));
    ck_assert(!loader_elf_symbol(img, "", &v));

    /* commit writes exactly the text, the data and the zeroed BSS */
    rec_init(&r, 0x40000000, 0x20000);
    ck_assert(loader_commit(img, rec_write, &r, &err));
    rec_expect(&r, 0x40000000, text, sizeof(text));
    rec_expect(&r, 0x40010000, data, sizeof(data));
    rec_expect(&r, 0x40010020, NULL, 0x1000 - 0x20);
    ck_assert_uint_eq(r.total, 0x100 + 0x1000);
    /* committing again (system reset) restores a dirtied BSS */
    r.mem[0x10500] = 0x55;
    memset(r.count, 0, r.size);
    ck_assert(loader_commit(img, rec_write, &r, &err));
    rec_expect(&r, 0x40010020, NULL, 0x1000 - 0x20);
    rec_free(&r);

    ck_assert(loader_check_ranges(img, 0x40000000, 0x8000000, &err));
    ck_assert(loader_check_ranges(img, 0x40000000, 0x11000, &err));
    ck_assert_ptr_null(err);
}
END_TEST

static LoaderImage *load_elf_any(const char *path, GError **errp)
{
    return loader_load_elf(path, LOADER_EM_ANY, errp);
}

START_TEST(test_elf32_good)
{
    uint8_t code[0x40];
    TElf t = {
        .is64 = false,
        .machine = EM_386,
        .etype = ET_EXEC,
        .entry = 0x100020,
        .nseg = 1,
        .nsym = 1,
        .seg = {{PT_LOAD, 0x100000, 0xc0100000, sizeof(code), 0x80, code}},
        .sym = {{"start32", 0x100020, STB_GLOBAL, STT_FUNC}},
    };
    GByteArray *b;
    LoaderImage *img;
    uint64_t v;

    pattern(code, sizeof(code), 5);
    b = build_elf(&t);
    img = load_ok(load_elf_any, "good32.elf", b->data, b->len);
    ck_assert_uint_eq(loader_image_entry(img), 0x100020);
    ck_assert_uint_eq(loader_image_blob_count(img), 1);
    check_blob(img, 0, 0x100000, code, 0x40, 0x80);
    ck_assert_uint_eq(loader_image_end(img), 0x100080);
    ck_assert(loader_elf_symbol(img, "start32", &v));
    ck_assert_uint_eq(v, 0x100020);
    loader_image_free(img);
    /* an i386 ELF on an aarch64 machine */
    fail_bytes(load_elf_a64, "i386.elf", b->data, b->len,
               "wrong architecture: i386 ELF, this machine needs aarch64");
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_elf_wrong_machine)
{
    TElf t = good_elf64();
    GByteArray *b;
    g_autofree char *path = NULL, *want = NULL;
    GError *err = NULL;

    t.machine = EM_X86_64;
    b = build_elf(&t);
    path = put_file("x86.elf", b->data, b->len);
    ck_assert_ptr_null(loader_load_elf(path, LOADER_EM_AARCH64, &err));
    want = g_strdup_printf("%s: wrong architecture: x86-64 ELF, this "
                           "machine needs aarch64",
                           path);
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    g_byte_array_free(b, true);

    t.machine = 9999;
    check_elf_fails("odd.elf", &t, 0, "", 0, "machine 9999 ELF");
}
END_TEST

START_TEST(test_elf_bad_ident)
{
    TElf t = good_elf64();
    uint8_t b;
    uint16_t h;

    b = ELFDATA2MSB;
    check_elf_fails("be.elf", &t, EI_DATA, &b, 1, "big-endian");
    b = 7;
    check_elf_fails("data.elf", &t, EI_DATA, &b, 1, "data encoding");
    b = 3;
    check_elf_fails("class.elf", &t, EI_CLASS, &b, 1, "ELF class 3");
    b = 2;
    check_elf_fails("ver.elf", &t, EI_VERSION, &b, 1, "ELF version");
    check_elf_fails("magic.elf", &t, 1, "X", 1, "bad magic");
    h = ET_REL;
    check_elf_fails("rel.elf", &t, offsetof(Elf64_Ehdr, e_type), &h, 2,
                    "not an executable");
}
END_TEST

START_TEST(test_elf_truncated)
{
    TElf t = good_elf64();
    GByteArray *b = build_elf(&t);

    /* Every proper prefix of the file is an error, never a crash. */
    for (size_t n = 0; n < b->len; n++) {
        g_autofree char *path = put_file("trunc.elf", b->data, n);
        GError *err = NULL;
        LoaderImage *img;

        img = loader_load_elf(path, EM_AARCH64, &err);
        ck_assert_msg(!img, "prefix of %zu bytes loaded", n);
        ck_assert_msg(err && g_str_has_prefix(err->message, path),
                      "prefix %zu: %s", n, err ? err->message : "no error");
        if (n == 0) {
            ck_assert(strstr(err->message, "empty file"));
        } else if (n >= 20 && n < sizeof(Elf64_Ehdr)) {
            ck_assert(strstr(err->message, "truncated"));
        }
        g_error_free(err);
    }
    g_byte_array_free(b, true);
}
END_TEST

START_TEST(test_elf_corrupt_headers)
{
    TElf t = good_elf64();
    size_t ph0 = sizeof(Elf64_Ehdr), ph1 = ph0 + sizeof(Elf64_Phdr);
    uint64_t q;
    uint16_t h;
    uint32_t w;

    q = 0xffffffffffffff00ull;
    check_elf_fails("phoff.elf", &t, offsetof(Elf64_Ehdr, e_phoff), &q, 8,
                    "program headers");
    q = 0x10000;
    check_elf_fails("phoff2.elf", &t, offsetof(Elf64_Ehdr, e_phoff), &q, 8,
                    "past end of file");
    h = 1000;
    check_elf_fails("phnum.elf", &t, offsetof(Elf64_Ehdr, e_phnum), &h, 2,
                    "program headers");
    h = 0;
    check_elf_fails("phnum0.elf", &t, offsetof(Elf64_Ehdr, e_phnum), &h, 2,
                    "no program headers");
    h = 16;
    check_elf_fails("phent.elf", &t, offsetof(Elf64_Ehdr, e_phentsize), &h, 2,
                    "program header size");
    q = 0x7fffffff;
    check_elf_fails("poff.elf", &t, ph1 + offsetof(Elf64_Phdr, p_offset), &q, 8,
                    "segment 1 data");
    q = 0xffffffffffffffffull;
    check_elf_fails("poff2.elf", &t, ph1 + offsetof(Elf64_Phdr, p_offset), &q,
                    8, "segment 1 data");
    q = 0x10;
    check_elf_fails("filesz.elf", &t, ph0 + offsetof(Elf64_Phdr, p_memsz), &q,
                    8, "p_filesz 0x100 larger than p_memsz 0x10");
    q = 0xfffffffffffff800ull;
    check_elf_fails("wrap.elf", &t, ph1 + offsetof(Elf64_Phdr, p_paddr), &q, 8,
                    "overflows");
    q = 3ull << 30;
    check_elf_fails("huge.elf", &t, ph1 + offsetof(Elf64_Phdr, p_memsz), &q, 8,
                    "exceeds the limit of 2 GiB");
    w = PT_NOTE;
    t.seg[1].type = PT_NOTE;
    check_elf_fails("noload.elf", &t, ph0, &w, 4, "no loadable segments");
    t = good_elf64();
    /* section headers, symbol table */
    q = 0xfffffffffffffff0ull;
    check_elf_fails("shoff.elf", &t, offsetof(Elf64_Ehdr, e_shoff), &q, 8,
                    "section headers");
    h = 0xfff0;
    check_elf_fails("shnum.elf", &t, offsetof(Elf64_Ehdr, e_shnum), &h, 2,
                    "section headers");
}
END_TEST

START_TEST(test_elf_overlap_and_ram)
{
    TElf t = good_elf64();
    g_autofree char *want = NULL;
    LoaderImage *img;
    GError *err = NULL;
    Recorder r;

    /* segment 1 starts inside segment 0's 0x100 bytes */
    t.seg[1].paddr = 0x400000f0;
    check_elf_fails("overlap.elf", &t, 0, "", 0,
                    "overlapping segments 0x40000000-0x400000ff and "
                    "0x400000f0-0x400010ef");
    /* touching is fine */
    t.seg[1].paddr = 0x40000100;
    img = load_elf_ok("touch.elf", &t);
    ck_assert_uint_eq(loader_image_end(img), 0x40001100);
    loader_image_free(img);

    t = good_elf64();
    img = load_elf_ok("ram.elf", &t);
    ck_assert(!loader_check_ranges(img, 0x40000000, 0x10000, &err));
    want = g_strdup_printf("%s: segment 0x40010000-0x40010fff outside RAM "
                           "(0x40000000-0x4000ffff)",
                           loader_image_name(img));
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    ck_assert(!loader_check_ranges(img, 0x40000001, 0x8000000, &err));
    ck_assert(strstr(err->message, "segment 0x40000000-0x400000ff"));
    g_clear_error(&err);
    ck_assert(!loader_check_ranges(img, 0x40000000, 0, &err));
    ck_assert(strstr(err->message, "outside RAM (the machine has none)"));
    g_clear_error(&err);
    /* RAM reaching the top of the address space */
    ck_assert(loader_check_ranges(img, 0x40000000, UINT64_MAX, &err));

    /* a write the board refuses (not RAM) fails the commit */
    rec_init(&r, 0x40000000, 0x10000);
    ck_assert(!loader_commit(img, rec_write, &r, &err));
    ck_assert(strstr(err->message, "cannot write segment 0x40010000"));
    g_clear_error(&err);
    rec_free(&r);
    loader_image_free(img);
}
END_TEST

START_TEST(test_missing_and_dir)
{
    g_autofree char *path = g_build_filename(tmpdir, "foo.elf", NULL);
    g_autofree char *want =
        g_strdup_printf("%s: No such file or directory", path);
    GError *err = NULL;
    LoaderFormat fmt;

    ck_assert_ptr_null(loader_load_elf(path, EM_AARCH64, &err));
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    ck_assert_ptr_null(loader_load_arm64_image(path, 0, &err));
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    ck_assert(!loader_identify(path, &fmt, &err));
    ck_assert_str_eq(err->message, want);
    g_clear_error(&err);
    ck_assert_ptr_null(loader_load_raw(tmpdir, 0, &err));
    ck_assert(strstr(err->message, "Is a directory"));
    g_clear_error(&err);
}
END_TEST

/* ---- aarch64 cross-built ELF, checked against binutils ---- */

/* Run a tool on one file and return its stdout split in lines. */
static char **tool_lines(const char *tool, const char *opt, const char *file)
{
    const char *argv[] = {tool, opt, file, NULL};
    g_autofree char *out = NULL, *err_out = NULL;
    GError *err = NULL;
    int status;

    ck_assert_msg(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err_out, &status, &err),
                  "%s: %s", tool, err ? err->message : "");
    ck_assert_msg(g_spawn_check_wait_status(status, NULL), "%s %s %s: %s", tool,
                  opt, file, err_out);
    return g_strsplit(out, "\n", -1);
}

#define CROSS "aarch64-linux-gnu-"

START_TEST(test_elf_cross_built)
{
    static const char src[] =
        "    .text\n    .global _start\n_start:\n"
        "    movz x0, #0x1234\n    ldr x1, =value\n    adr x2, buf\n"
        "    b _start\n"
        "    .data\n    .global value\nvalue: .quad 0x1122334455667788\n"
        "    .bss\n    .global buf\nbuf: .space 0x200\n";
    static const char *const tools[] = {
        CROSS "gcc",
        CROSS "readelf",
        CROSS "objdump",
        CROSS "nm",
    };
    g_autofree char *s = NULL, *elf = NULL;
    g_autoptr(LoaderImage) img = NULL;
    char **lines;
    GError *err = NULL;
    unsigned nload = 0, nwords = 0, nsyms = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(tools); i++) {
        g_autofree char *p = g_find_program_in_path(tools[i]);
        if (!p) {
            printf("SKIP test_elf_cross_built: %s not in PATH\n", tools[i]);
            return;
        }
    }
    s = put_file("prog.S", src, strlen(src));
    elf = g_build_filename(tmpdir, "prog.elf", NULL);
    {
        const char *argv[] = {CROSS "gcc",
                              "-nostdlib",
                              "-static",
                              "-Wl,-Ttext=0x40080000",
                              "-Wl,--build-id=none",
                              "-o",
                              elf,
                              s,
                              NULL};
        int status;
        ck_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, NULL));
        ck_assert_msg(g_spawn_check_wait_status(status, NULL), "gcc failed");
    }
    img = loader_load_elf(elf, LOADER_EM_AARCH64, &err);
    ck_assert_msg(img, "%s", err ? err->message : "");

    lines = tool_lines(CROSS "readelf", "-hlW", elf);
    for (char **l = lines; *l; l++) {
        char *p = g_strstrip(*l);
        uint64_t f[5];

        if (g_str_has_prefix(p, "Entry point address:")) {
            ck_assert_uint_eq(loader_image_entry(img),
                              g_ascii_strtoull(p + 20, NULL, 16));
            ck_assert_uint_eq(loader_image_entry(img), 0x40080000);
        }
        /* LOAD  Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align */
        if (!g_str_has_prefix(p, "LOAD ")) {
            continue;
        }
        p += 5;
        for (int k = 0; k < 5; k++) {
            f[k] = g_ascii_strtoull(p, &p, 16);
        }
        if (f[4] != 0) {
            const LoaderBlob *b = loader_image_blob(img, nload++);
            ck_assert_uint_eq(b->addr, f[2]);
            ck_assert_uint_eq(b->file_size, f[3]);
            ck_assert_uint_eq(b->mem_size, f[4]);
        }
    }
    g_strfreev(lines);
    ck_assert_uint_ge(nload, 1);
    ck_assert_uint_eq(nload, loader_image_blob_count(img));

    /* each disassembled word is at its address in the first blob:
     * "40080000:\td2824680 \tmov\tx0, #0x1234" */
    lines = tool_lines(CROSS "objdump", "-d", elf);
    for (char **l = lines; *l; l++) {
        const LoaderBlob *b = loader_image_blob(img, 0);
        uint64_t addr, off;
        char *end;

        addr = g_ascii_strtoull(*l, &end, 16);
        if (end == *l || *end != ':' || addr < b->addr) {
            continue;
        }
        off = addr - b->addr;
        ck_assert_uint_le(off + 4, b->file_size);
        ck_assert_uint_eq(b->data[off] | b->data[off + 1] << 8 |
                              b->data[off + 2] << 16 |
                              (uint32_t)b->data[off + 3] << 24,
                          g_ascii_strtoull(end + 1, NULL, 16));
        nwords++;
    }
    g_strfreev(lines);
    ck_assert_uint_ge(nwords, 4);

    /* "0000000040090010 D value" */
    lines = tool_lines(CROSS "nm", "-g", elf);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, " ", 3);
        uint64_t v;

        if (g_strv_length(f) == 3 && strchr("TDB", f[1][0])) {
            ck_assert_msg(loader_elf_symbol(img, f[2], &v), "%s", f[2]);
            ck_assert_uint_eq(v, g_ascii_strtoull(f[0], NULL, 16));
            nsyms += !strcmp(f[2], "_start") || !strcmp(f[2], "value") ||
                     !strcmp(f[2], "buf");
        }
    }
    g_strfreev(lines);
    ck_assert_uint_eq(nsyms, 3);

    /* the right ELF on the wrong machine */
    ck_assert_ptr_null(loader_load_elf(elf, LOADER_EM_X86_64, &err));
    ck_assert(strstr(err->message, "aarch64 ELF, this machine needs x86-64"));
    g_clear_error(&err);
}
END_TEST

/* ---- arm64 Image ---- */

/* booting.rst header: text_offset @8, image_size @16, flags @24,
 * magic "ARM\x64" @56. */
static GByteArray *build_arm64(uint64_t text_offset, uint64_t image_size,
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

/* boot.rst "The Real-Mode Kernel Header": setup_sects @0x1f1, syssize
 * @0x1f4, boot_flag @0x1fe, jump @0x200, "HdrS" @0x202, version @0x206,
 * loadflags @0x211, initrd_addr_max @0x22c, kernel_alignment @0x230,
 * relocatable_kernel @0x234, xloadflags @0x236, cmdline_size @0x238,
 * pref_address @0x258, init_size @0x260. */
static GByteArray *build_bz(uint8_t sects_field, uint16_t version, uint16_t xlf,
                            size_t ksize)
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

/* ---- initrd, raw, identify ---- */

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

START_TEST(test_identify)
{
    TElf t = good_elf64();
    GByteArray *elf = build_elf(&t);
    GByteArray *img = build_arm64(0x80000, 0x10000, 0, 0x100);
    GByteArray *bz = build_bz(0, 0x020f, 1, 0x1000);
    struct {
        char *path;
        LoaderFormat fmt;
    } cases[] = {
        {put_file("a.elf", elf->data, elf->len), LOADER_FORMAT_ELF},
        {put_file("Image", img->data, img->len), LOADER_FORMAT_ARM64_IMAGE},
        {put_file("bzImage", bz->data, bz->len), LOADER_FORMAT_BZIMAGE},
        {put_file("x.gz", "\x1f\x8b\x08", 3), LOADER_FORMAT_GZIP},
        {put_file("text", "hello, world\n", 13), LOADER_FORMAT_UNKNOWN},
        {put_file("empty", "", 0), LOADER_FORMAT_UNKNOWN},
        {put_file("Image-short", img->data, 60), LOADER_FORMAT_UNKNOWN},
    };
    GError *err = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        LoaderFormat fmt = -1;

        ck_assert(loader_identify(cases[i].path, &fmt, &err));
        ck_assert_msg(fmt == cases[i].fmt, "%s: %s", cases[i].path,
                      loader_format_name(fmt));
        g_free(cases[i].path);
    }
    ck_assert_str_eq(loader_format_name(LOADER_FORMAT_BZIMAGE), "bzImage");
    g_byte_array_free(elf, true);
    g_byte_array_free(img, true);
    g_byte_array_free(bz, true);
}
END_TEST

static Suite *loader_suite(void)
{
    const TTest *tests[] = {
        test_elf64_good,
        test_elf32_good,
        test_elf_wrong_machine,
        test_elf_bad_ident,
        test_elf_truncated,
        test_elf_corrupt_headers,
        test_elf_overlap_and_ram,
        test_missing_and_dir,
        test_elf_cross_built,
        test_arm64_image_good,
        test_arm64_image_old,
        test_arm64_image_bad,
        test_arm64_gzip,
        test_arm64_gzip_bomb,
        test_bzimage_good,
        test_bzimage_bad,
        test_initrd_placement,
        test_raw,
        test_identify,
    };
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("loader");

    tcase_add_checked_fixture(tc, setup, teardown);
    for (size_t i = 0; i < G_N_ELEMENTS(tests); i++) {
        tcase_add_test(tc, tests[i]);
    }
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loader_suite());
    int failed;

    srunner_run_all(sr, CK_VERBOSE);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
