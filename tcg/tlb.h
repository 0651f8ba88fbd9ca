/*
 * The softmmu TLB as generated code sees it.
 *
 * accel/tcg/cputlb owns and fills the TLB; the x86-64 backend emits the
 * fast path against this layout; the interpreter does not look at it (it
 * calls the guest-memory hooks for every access).  Per MMU index there
 * is one direct-mapped table of TCGTLBEntry, found through a TCGTLBFast
 * descriptor in the CPU state at TCGContext.tlb.fast_ofs + idx *
 * sizeof(TCGTLBFast).
 *
 * Fast path for an access of size S at guest virtual address A, MMU index
 * I, requiring alignment (1 << a) bytes:
 *
 *     fast  = env + fast_ofs + I * sizeof(TCGTLBFast)
 *     entry = fast->table + ((A >> (page_bits - TLB_ENTRY_BITS))
 *                            & fast->mask)    [mask: (n-1) << TLB_ENTRY_BITS]
 *     tag   = entry->addr_read / addr_write / addr_code
 *     cmp   = A & (page_mask | ((1 << a) - 1))    [page_mask: ~(page-1)]
 *     if (cmp == tag) host = A + entry->addend; else slow path
 *
 * When a < log2(S) the access may also cross into the next page, so the
 * backend computes cmp from A + S - (1 << a) instead of A: that address
 * has A's low a bits (S is a multiple of 1 << a) and lies in the page of
 * the access's last byte, so both a misaligned and a page-crossing
 * access miss.
 *
 * The mask is stored pre-shifted by the entry size, so the index is a
 * byte offset with no scaling.  The accel layer may change mask and
 * table (the table grows and shrinks with use) between any two
 * accesses: generated code loads both every time.
 *
 * The low bits of a tag (below the page size, above the largest
 * alignment of 64 bytes) carry flags; any flag set makes the compare
 * fail, which sends the access to the slow path: the hooks of
 * TCGGuestMemHooks, the same functions the interpreter calls.
 */
#ifndef TCG_TLB_H
#define TCG_TLB_H

#include <stdint.h>

/* Smallest guest page the layout supports: 4 KiB (both targets). */
#define TLB_PAGE_BITS_MIN 12

#define TLB_INVALID (1u << (TLB_PAGE_BITS_MIN - 1))  /* entry unused */
#define TLB_MMIO (1u << (TLB_PAGE_BITS_MIN - 2))     /* not RAM */
#define TLB_NOTDIRTY (1u << (TLB_PAGE_BITS_MIN - 3)) /* holds code */
#define TLB_WATCHPOINT (1u << (TLB_PAGE_BITS_MIN - 4))
#define TLB_FORCE_SLOW (1u << (TLB_PAGE_BITS_MIN - 5))
#define TLB_FLAGS_MASK                                                         \
    (TLB_INVALID | TLB_MMIO | TLB_NOTDIRTY | TLB_WATCHPOINT | TLB_FORCE_SLOW)

/* 32 bytes (1 << TLB_ENTRY_BITS). */
#define TLB_ENTRY_BITS 5

typedef struct TCGTLBEntry {
    uint64_t addr_read; /* page address | flags, or TLB_INVALID */
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend; /* host address = guest address + addend */
} TCGTLBEntry;

_Static_assert(sizeof(TCGTLBEntry) == 1 << TLB_ENTRY_BITS,
               "TLB entry must be 32 bytes");

typedef struct TCGTLBFast {
    uintptr_t mask; /* (entries - 1) << TLB_ENTRY_BITS; entries: 2^n */
    TCGTLBEntry *table;
} TCGTLBFast;

/* Where the TLB is; set by the accel layer in TCGContext.tlb. */
typedef struct TCGTLBConfig {
    int32_t fast_ofs;  /* offset of TCGTLBFast[nb_mmu_idx] from env */
    uint8_t page_bits; /* guest page size, log2 */
    uint8_t nb_mmu_idx;
} TCGTLBConfig;

#endif
