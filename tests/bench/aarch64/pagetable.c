/* Page-table-heavy loop: the MMU on (4 KiB granule, 39-bit VA, three
 * levels), a 256 MiB window of 65,536 virtual pages mapped onto a 16 MiB
 * pool of 4,096 physical pages, read and written one word per page in a
 * scattered order (every access a new page: a TLB miss and a walk), and
 * 1/16 of the window remapped between rounds (PTE writes, TLBI VAE1 per
 * page; every fourth round a TLBI VMALLE1 instead).
 *
 * The kernel reaches a page through page_ptr(): on the guest that is
 * the virtual address, so the MMU does the mapping; in host-check.c it
 * is the pool address the mapping table says, which is what the guest's
 * page tables encode.  The same accesses, the same checksum. */
#include "bench.h"

#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 24
#endif

#define VPAGES 65536u /* the window: 256 MiB of virtual pages */
#define PPAGES 4096u  /* the pool: 16 MiB of physical pages */
#define PAGE 4096u

const char bench_name[] = "pagetable";
const uint64_t bench_expected = 0xe67ae321eeb2048eull;

static uint8_t pool[PPAGES * PAGE] __attribute__((aligned(PAGE)));
static uint16_t map[VPAGES]; /* physical page of each virtual page */

#ifdef __aarch64__
/* Translation tables: one L1, one L2 for the window, 128 L3. */
#define WINDOW_VA 0x80000000ull /* L1 entry 2 */
static uint64_t l1[512] __attribute__((aligned(PAGE)));
static uint64_t l2[512] __attribute__((aligned(PAGE)));
static uint64_t l3[VPAGES] __attribute__((aligned(PAGE)));

/* ARM ARM D8.3 (VMSAv8-64 descriptors), MAIR attr 0 Normal WB, 1 Device */
#define DESC_TABLE 3ull
#define DESC_BLOCK 1ull
#define DESC_PAGE 3ull
#define ATTR_NORMAL (0ull << 2)
#define ATTR_DEVICE (1ull << 2)
#define SH_INNER (3ull << 8)
#define AF (1ull << 10)
#define XN ((1ull << 54) | (1ull << 53))

static inline uint64_t pte(unsigned v)
{
    return (uint64_t)(uintptr_t)&pool[map[v] * PAGE] | ATTR_NORMAL | SH_INNER |
           AF | XN | DESC_PAGE;
}

static void mmu_on(void)
{
    /* Identity: 0-1 GiB Device (the board's devices), 1-2 GiB Normal
     * (RAM: this image, its stack and the pool); the window at 2 GiB. */
    l1[0] = 0x00000000ull | ATTR_DEVICE | AF | XN | DESC_BLOCK;
    l1[1] = 0x40000000ull | ATTR_NORMAL | SH_INNER | AF | DESC_BLOCK;
    l1[2] = (uint64_t)(uintptr_t)l2 | DESC_TABLE;
    for (unsigned i = 0; i < VPAGES / 512; i++) {
        l2[i] = (uint64_t)(uintptr_t)&l3[i * 512] | DESC_TABLE;
    }
    for (unsigned v = 0; v < VPAGES; v++) {
        l3[v] = pte(v);
    }
    uint64_t mair = 0xffull | (0x00ull << 8);
    /* T0SZ 25 (39-bit VA, walks start at level 1), IRGN0/ORGN0 WB WA,
     * SH0 inner, TG0 4 KiB, EPD1 (no TTBR1 walks), IPS 40 bits. */
    uint64_t tcr = 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) |
                   (1ull << 23) | (2ull << 32);
    uint64_t sctlr;
    __asm__ volatile("dsb ish\n"
                     "msr mair_el1, %1\n"
                     "msr tcr_el1, %2\n"
                     "msr ttbr0_el1, %3\n"
                     "isb\n"
                     "tlbi vmalle1\n"
                     "dsb ish\n"
                     "isb\n"
                     "mrs %0, sctlr_el1\n"
                     : "=&r"(sctlr)
                     : "r"(mair), "r"(tcr), "r"((uintptr_t)l1)
                     : "memory");
    sctlr |= 1 | (1 << 2) | (1 << 12); /* M, C, I */
    sctlr &= ~(uint64_t)2;             /* A: no alignment checks */
    __asm__ volatile("msr sctlr_el1, %0\n"
                     "isb\n" ::"r"(sctlr)
                     : "memory");
}

static void mmu_off(void)
{
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
    sctlr &= ~(uint64_t)1;
    __asm__ volatile("msr sctlr_el1, %0\n"
                     "isb\n" ::"r"(sctlr)
                     : "memory");
}

static inline uint8_t *page_ptr(unsigned v)
{
    return (uint8_t *)(uintptr_t)(WINDOW_VA + (uint64_t)v * PAGE);
}

/* Remap virtual page v: new PTE, then invalidate its TLB entry unless
 * the whole TLB goes at the end of the batch (remap_done). */
static inline void remap(unsigned v, unsigned p, int per_page)
{
    map[v] = p;
    l3[v] = pte(v);
    if (per_page) {
        __asm__ volatile("dsb ishst\n"
                         "tlbi vae1, %0" ::"r"((WINDOW_VA >> 12) + v)
                         : "memory");
    }
}

static inline void remap_done(int per_page)
{
    if (per_page) {
        __asm__ volatile("dsb ish\n"
                         "isb" ::
                             : "memory");
    } else {
        __asm__ volatile("dsb ishst\n"
                         "tlbi vmalle1\n"
                         "dsb ish\n"
                         "isb" ::
                             : "memory");
    }
}
#else
static void mmu_on(void)
{
}

static void mmu_off(void)
{
}

static inline uint8_t *page_ptr(unsigned v)
{
    return &pool[map[v] * PAGE];
}

static inline void remap(unsigned v, unsigned p, int per_page)
{
    (void)per_page;
    map[v] = p;
}

static inline void remap_done(int per_page)
{
    (void)per_page;
}
#endif

uint64_t bench_run(void)
{
    uint64_t seed = 0x7a6e5d4c3b2a1908ull;
    for (unsigned i = 0; i < PPAGES * PAGE; i += 8) {
        *(uint64_t *)&pool[i] = bench_rand(&seed);
    }
    for (unsigned v = 0; v < VPAGES; v++) {
        map[v] = (v * 37u + (v >> 12)) % PPAGES;
    }
    mmu_on();

    uint64_t h = 0;
    for (unsigned r = 0; r < ROUNDS; r++) {
        /* Odd multiplier: a permutation of the window, neighbours in
         * time far apart in address. */
        for (unsigned i = 0; i < VPAGES; i++) {
            unsigned v = (i * 0x9e37u + r * 0x1001u) % VPAGES;
            uint64_t *p = (uint64_t *)(page_ptr(v) + ((i * 72u) & 0xff8u));
            uint64_t x = *p;
            h = bench_mix(h, x);
            *p = x + i + r;
        }
        int per_page = (r & 3) != 3;
        for (unsigned v = r % 16; v < VPAGES; v += 16) {
            remap(v, (map[v] + 1 + r) % PPAGES, per_page);
        }
        remap_done(per_page);
    }

    mmu_off();
    for (unsigned i = 0; i < PPAGES * PAGE; i += 4096 + 8) {
        h = bench_mix(h, *(uint64_t *)&pool[i]);
    }
    return h;
}
