/*
 * ELF loader: ELF32 and ELF64, little-endian, executables and PIEs.
 *
 * Field layouts follow the System V gABI, chapter 4 ("Object Files") and
 * chapter 5 ("Program Loading"). Every field is read through a bounds-
 * checked little-endian accessor from the file buffer, never through a
 * cast struct, so a corrupt file cannot make us read outside the buffer
 * and the code does not depend on the host's byte order.
 */
#include "hw/core/loader.h"

#include <inttypes.h>
#include <string.h>

#include "util/error.h"

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1
#define PN_XNUM 0xffff
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHN_UNDEF 0
#define STB_LOCAL 0
#define STT_SECTION 3
#define STT_FILE 4

/* Offsets and sizes that differ between the two classes. */
typedef struct ElfLayout {
    bool is64;
    size_t ehdr_size, phdr_size, shdr_size, sym_size;
    /* in the ELF header */
    size_t e_entry, e_phoff, e_shoff, e_phentsize, e_phnum, e_shentsize,
        e_shnum;
    /* in a program header */
    size_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
    /* in a section header */
    size_t sh_type, sh_offset, sh_size, sh_link, sh_entsize;
    /* in a symbol */
    size_t st_value, st_info, st_shndx;
} ElfLayout;

static const ElfLayout elf32_layout = {
    .is64 = false,
    .ehdr_size = 52,
    .phdr_size = 32,
    .shdr_size = 40,
    .sym_size = 16,
    .e_entry = 24,
    .e_phoff = 28,
    .e_shoff = 32,
    .e_phentsize = 42,
    .e_phnum = 44,
    .e_shentsize = 46,
    .e_shnum = 48,
    .p_offset = 4,
    .p_vaddr = 8,
    .p_paddr = 12,
    .p_filesz = 16,
    .p_memsz = 20,
    .sh_type = 4,
    .sh_offset = 16,
    .sh_size = 20,
    .sh_link = 24,
    .sh_entsize = 36,
    .st_value = 4,
    .st_info = 12,
    .st_shndx = 14,
};

static const ElfLayout elf64_layout = {
    .is64 = true,
    .ehdr_size = 64,
    .phdr_size = 56,
    .shdr_size = 64,
    .sym_size = 24,
    .e_entry = 24,
    .e_phoff = 32,
    .e_shoff = 40,
    .e_phentsize = 54,
    .e_phnum = 56,
    .e_shentsize = 58,
    .e_shnum = 60,
    .p_offset = 8,
    .p_vaddr = 16,
    .p_paddr = 24,
    .p_filesz = 32,
    .p_memsz = 40,
    .sh_type = 4,
    .sh_offset = 24,
    .sh_size = 32,
    .sh_link = 40,
    .sh_entsize = 56,
    .st_value = 8,
    .st_info = 4,
    .st_shndx = 6,
};

typedef struct ElfFile {
    const char *path;
    const uint8_t *buf;
    size_t len;
    const ElfLayout *l;
} ElfFile;

/* A class-sized word ("Addr"/"Off"/"Xword") at p. */
static uint64_t elf_word(const ElfFile *f, const uint8_t *p)
{
    return f->l->is64 ? loader_ld64(p) : loader_ld32(p);
}

/* Is [off, off + size) inside the file? */
static bool elf_in_file(const ElfFile *f, uint64_t off, uint64_t size)
{
    return off <= f->len && size <= f->len - off;
}

static bool elf_table(const ElfFile *f, const char *what, uint64_t off,
                      uint64_t num, uint64_t entsize, GError **errp)
{
    if (num != 0 && entsize > UINT64_MAX / num) {
        error_setg(errp,
                   "%s: %s size overflows (%" PRIu64 " entries of %" PRIu64
                   " bytes)",
                   f->path, what, num, entsize);
        return false;
    }
    if (!elf_in_file(f, off, num * entsize)) {
        error_setg(errp,
                   "%s: truncated: %s at offset 0x%" PRIx64 ", 0x%" PRIx64
                   " bytes, past end of file (0x%zx bytes)",
                   f->path, what, off, num * entsize, f->len);
        return false;
    }
    return true;
}

static const char *elf_machine_name(unsigned m)
{
    switch (m) {
    case LOADER_EM_386:
        return "i386";
    case LOADER_EM_ARM:
        return "arm";
    case LOADER_EM_X86_64:
        return "x86-64";
    case LOADER_EM_AARCH64:
        return "aarch64";
    case 8:
        return "mips";
    case 20:
        return "ppc";
    case 21:
        return "ppc64";
    case 243:
        return "riscv";
    default:
        return NULL;
    }
}

static bool elf_check_ident(const char *path, const uint8_t *buf, size_t len,
                            unsigned machine, const ElfLayout **lp,
                            GError **errp)
{
    const char *have, *want;
    unsigned type, em;

    /* e_ident is 16 bytes; e_type and e_machine follow in both classes. */
    if (memcmp(buf,
               "\x7f"
               "ELF",
               MIN(len, 4)) != 0) {
        error_setg(errp, "%s: not an ELF file (bad magic)", path);
        return false;
    }
    if (len < 20) {
        error_setg(errp, "%s: truncated: ELF header cut at offset 0x%zx", path,
                   len);
        return false;
    }
    switch (buf[EI_CLASS]) {
    case ELFCLASS32:
        *lp = &elf32_layout;
        break;
    case ELFCLASS64:
        *lp = &elf64_layout;
        break;
    default:
        error_setg(errp, "%s: bad ELF class %u", path, buf[EI_CLASS]);
        return false;
    }
    if (buf[EI_DATA] == ELFDATA2MSB) {
        error_setg(errp, "%s: big-endian ELF is not supported", path);
        return false;
    }
    if (buf[EI_DATA] != ELFDATA2LSB) {
        error_setg(errp, "%s: bad ELF data encoding %u", path, buf[EI_DATA]);
        return false;
    }
    if (buf[EI_VERSION] != 1) {
        error_setg(errp, "%s: bad ELF version %u", path, buf[EI_VERSION]);
        return false;
    }
    em = loader_ld16(buf + 18);
    if (machine != LOADER_EM_ANY && em != machine) {
        char num[16];

        have = elf_machine_name(em);
        if (!have) {
            g_snprintf(num, sizeof(num), "machine %u", em);
            have = num;
        }
        want = elf_machine_name(machine);
        error_setg(errp,
                   "%s: wrong architecture: %s ELF, this machine "
                   "needs %s",
                   path, have, want ? want : "another");
        return false;
    }
    type = loader_ld16(buf + 16);
    if (type != ET_EXEC && type != ET_DYN) {
        error_setg(errp, "%s: not an executable (ELF type %u)", path, type);
        return false;
    }
    if (len < (*lp)->ehdr_size) {
        error_setg(errp, "%s: truncated: ELF header cut at offset 0x%zx", path,
                   len);
        return false;
    }
    return true;
}

static bool elf_load_segments(const ElfFile *f, LoaderImage *img, GError **errp)
{
    const ElfLayout *l = f->l;
    const uint8_t *eh = f->buf;
    uint64_t phoff = elf_word(f, eh + l->e_phoff);
    unsigned phentsize = loader_ld16(eh + l->e_phentsize);
    unsigned phnum = loader_ld16(eh + l->e_phnum);
    uint64_t addr_limit = l->is64 ? UINT64_MAX : UINT32_MAX;

    if (phnum == 0) {
        error_setg(errp, "%s: no program headers", f->path);
        return false;
    }
    if (phnum == PN_XNUM) {
        /* gABI: the real count would be in section 0; only core files
         * need that many, so an executable with it is not ours. */
        error_setg(errp, "%s: too many program headers", f->path);
        return false;
    }
    if (phentsize < l->phdr_size) {
        error_setg(errp, "%s: bad program header size %u (need %zu)", f->path,
                   phentsize, l->phdr_size);
        return false;
    }
    if (!elf_table(f, "program headers", phoff, phnum, phentsize, errp)) {
        return false;
    }
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = f->buf + phoff + (uint64_t)i * phentsize;
        uint64_t off, paddr, filesz, memsz;

        if (loader_ld32(ph) != PT_LOAD) {
            continue;
        }
        off = elf_word(f, ph + l->p_offset);
        paddr = elf_word(f, ph + l->p_paddr);
        filesz = elf_word(f, ph + l->p_filesz);
        memsz = elf_word(f, ph + l->p_memsz);
        if (filesz > memsz) {
            error_setg(errp,
                       "%s: segment %u: p_filesz 0x%" PRIx64
                       " larger than p_memsz 0x%" PRIx64,
                       f->path, i, filesz, memsz);
            return false;
        }
        if (!elf_in_file(f, off, filesz)) {
            error_setg(errp,
                       "%s: truncated: segment %u data at offset 0x%" PRIx64
                       ", 0x%" PRIx64 " bytes, past end of file "
                       "(0x%zx bytes)",
                       f->path, i, off, filesz, f->len);
            return false;
        }
        if (memsz > LOADER_MAX_MEM_SIZE) {
            g_autofree char *lim = loader_format_size(LOADER_MAX_MEM_SIZE);
            error_setg(errp,
                       "%s: segment %u: size 0x%" PRIx64 " exceeds "
                       "the limit of %s",
                       f->path, i, memsz, lim);
            return false;
        }
        if (memsz != 0 && paddr + (memsz - 1) < paddr) {
            error_setg(errp,
                       "%s: segment %u: address 0x%" PRIx64 " + size "
                       "0x%" PRIx64 " overflows",
                       f->path, i, paddr, memsz);
            return false;
        }
        if (memsz != 0 && paddr + (memsz - 1) > addr_limit) {
            error_setg(errp,
                       "%s: segment %u: 0x%" PRIx64 "-0x%" PRIx64
                       " beyond the 32-bit address space",
                       f->path, i, paddr, paddr + memsz - 1);
            return false;
        }
        loader_image_add_blob(img, paddr, f->buf + off, filesz, memsz);
    }
    if (loader_image_blob_count(img) == 0) {
        error_setg(errp, "%s: no loadable segments", f->path);
        return false;
    }
    return true;
}

/* The number of section headers: e_shnum, or for 0xff00 and more the
 * sh_size of section 0 (gABI "Sections", extended section numbering). */
static bool elf_section_count(const ElfFile *f, uint64_t shoff,
                              unsigned shentsize, uint64_t *num, GError **errp)
{
    *num = loader_ld16(f->buf + f->l->e_shnum);
    if (*num != 0 || shoff == 0) {
        return true;
    }
    if (!elf_table(f, "section headers", shoff, 1, shentsize, errp)) {
        return false;
    }
    *num = elf_word(f, f->buf + shoff + f->l->sh_size);
    return true;
}

static void elf_add_symbols(const ElfFile *f, LoaderImage *img,
                            const uint8_t *syms, uint64_t nsyms,
                            uint64_t entsize, const uint8_t *strtab,
                            uint64_t strsize, bool locals)
{
    const ElfLayout *l = f->l;

    for (uint64_t i = 1; i < nsyms; i++) {
        const uint8_t *s = syms + i * entsize;
        uint32_t name = loader_ld32(s);
        unsigned info = s[l->st_info];
        unsigned shndx = loader_ld16(s + l->st_shndx);
        const char *str;

        if ((info >> 4 == STB_LOCAL) != locals || shndx == SHN_UNDEF ||
            (info & 0xf) == STT_SECTION || (info & 0xf) == STT_FILE ||
            name == 0 || name >= strsize) {
            continue;
        }
        str = (const char *)strtab + name;
        if (!memchr(str, 0, strsize - name)) {
            continue; /* unterminated name: ignore the symbol */
        }
        loader_image_add_symbol(img, str, elf_word(f, s + l->st_value));
    }
}

/*
 * Section headers are optional for loading; we only read them for
 * .symtab. They are still validated, because a file whose section table
 * points outside itself is corrupt and is better rejected than half used.
 */
static bool elf_load_symbols(const ElfFile *f, LoaderImage *img, GError **errp)
{
    const ElfLayout *l = f->l;
    uint64_t shoff = elf_word(f, f->buf + l->e_shoff);
    unsigned shentsize = loader_ld16(f->buf + l->e_shentsize);
    uint64_t shnum;

    if (shoff == 0) {
        return true;
    }
    if (shentsize < l->shdr_size) {
        error_setg(errp, "%s: bad section header size %u (need %zu)", f->path,
                   shentsize, l->shdr_size);
        return false;
    }
    if (!elf_section_count(f, shoff, shentsize, &shnum, errp) ||
        !elf_table(f, "section headers", shoff, shnum, shentsize, errp)) {
        return false;
    }
    for (uint64_t i = 0; i < shnum; i++) {
        const uint8_t *sh = f->buf + shoff + i * shentsize;
        const uint8_t *st;
        uint64_t off, size, entsize, stroff, strsize;
        uint32_t link;

        if (loader_ld32(sh + l->sh_type) != SHT_SYMTAB) {
            continue;
        }
        off = elf_word(f, sh + l->sh_offset);
        size = elf_word(f, sh + l->sh_size);
        entsize = elf_word(f, sh + l->sh_entsize);
        link = loader_ld32(sh + l->sh_link);
        if (entsize < l->sym_size) {
            error_setg(errp, "%s: bad symbol size %" PRIu64, f->path, entsize);
            return false;
        }
        if (!elf_table(f, "symbol table", off, 1, size, errp)) {
            return false;
        }
        if (link == SHN_UNDEF || link >= shnum) {
            error_setg(errp, "%s: symbol table links to bad section %u",
                       f->path, link);
            return false;
        }
        st = f->buf + shoff + (uint64_t)link * shentsize;
        if (loader_ld32(st + l->sh_type) != SHT_STRTAB) {
            error_setg(errp,
                       "%s: symbol table links to a section that is "
                       "not a string table",
                       f->path);
            return false;
        }
        stroff = elf_word(f, st + l->sh_offset);
        strsize = elf_word(f, st + l->sh_size);
        if (!elf_table(f, "string table", stroff, 1, strsize, errp)) {
            return false;
        }
        /* Global and weak definitions first, so that a local symbol of
         * the same name (a static in some object) does not shadow them. */
        elf_add_symbols(f, img, f->buf + off, size / entsize, entsize,
                        f->buf + stroff, strsize, false);
        elf_add_symbols(f, img, f->buf + off, size / entsize, entsize,
                        f->buf + stroff, strsize, true);
        break;
    }
    return true;
}

LoaderImage *loader_load_elf(const char *path, unsigned machine, GError **errp)
{
    g_autoptr(LoaderImage) img = NULL;
    ElfFile f = {.path = path};
    uint8_t *buf;
    size_t len;

    if (!loader_read_file(path, LOADER_MAX_FILE_SIZE, &buf, &len, errp)) {
        return NULL;
    }
    img = loader_image_new(path, LOADER_FORMAT_ELF, buf, len);
    f.buf = buf;
    f.len = len;
    if (!elf_check_ident(path, buf, len, machine, &f.l, errp) ||
        !elf_load_segments(&f, img, errp) || !elf_load_symbols(&f, img, errp) ||
        !loader_image_finish(img, errp)) {
        return NULL;
    }
    loader_image_set_entry(img, elf_word(&f, buf + f.l->e_entry));
    return g_steal_pointer(&img);
}
