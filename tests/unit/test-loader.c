/*
 * ELF loading and format identification. ELF fixtures are built here, at
 * run time, from <elf.h> structures into a temporary directory; one test
 * also checks a cross-built aarch64 ELF against binutils. The arm64
 * Image, bzImage, raw and initrd loaders are in test-loader-image.c.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/core/loader.h"
#include "util/error.h"

#include "loader-test.h"

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

/* ---- identify ---- */

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
        test_elf64_good,          test_elf32_good,
        test_elf_wrong_machine,   test_elf_bad_ident,
        test_elf_truncated,       test_elf_corrupt_headers,
        test_elf_overlap_and_ram, test_missing_and_dir,
        test_elf_cross_built,     test_identify,
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
