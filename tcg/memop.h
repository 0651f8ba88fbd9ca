/*
 * MemOp: how a guest load or store accesses memory.
 *
 * Bits 0-1 give the size (8 << n bits), bit 2 sign-extends a load, bit 3
 * swaps bytes relative to the host (the host is little-endian, so MO_BE
 * is MO_BSWAP), bits 4-6 give the alignment the access requires (0: none,
 * 1..6: 2..64 bytes, 7: the access size).  A MemOpIdx packs a MemOp with
 * the MMU index (0..15) the access is translated with.
 *
 * The guest-memory hooks (tcg/tcg.h, TCGGuestMemHooks) receive both and
 * return the final value: loaded, byte-swapped and extended to 64 bits.
 * memop_load_host()/memop_store_host() do that for host memory once the
 * softmmu found the page.
 */
#ifndef TCG_MEMOP_H
#define TCG_MEMOP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

G_STATIC_ASSERT(G_BYTE_ORDER == G_LITTLE_ENDIAN);

typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,

    MO_SIGN = 1 << 2,
    MO_BSWAP = 1 << 3,
    MO_LE = 0,
    MO_BE = MO_BSWAP,

    MO_ASHIFT = 4,
    MO_AMASK = 7 << MO_ASHIFT,
    MO_UNALN = 0,
    MO_ALIGN_2 = 1 << MO_ASHIFT,
    MO_ALIGN_4 = 2 << MO_ASHIFT,
    MO_ALIGN_8 = 3 << MO_ASHIFT,
    MO_ALIGN_16 = 4 << MO_ASHIFT,
    MO_ALIGN_32 = 5 << MO_ASHIFT,
    MO_ALIGN_64 = 6 << MO_ASHIFT,
    MO_ALIGN = 7 << MO_ASHIFT, /* natural: the access size */

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,

    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
    MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL,

    MO_ALL = 0x7f, /* every valid bit */
} MemOp;

typedef uint32_t MemOpIdx;

#define MEMOP_MMU_BITS 4
#define MEMOP_MAX_MMU_IDX ((1 << MEMOP_MMU_BITS) - 1)

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    g_assert(mmu_idx <= MEMOP_MAX_MMU_IDX && (op & ~MO_ALL) == 0);
    return ((MemOpIdx)op << MEMOP_MMU_BITS) | mmu_idx;
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return (MemOp)(oi >> MEMOP_MMU_BITS);
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & MEMOP_MAX_MMU_IDX;
}

static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/* log2 of the alignment the access requires (0: any address). */
static inline unsigned memop_alignment_bits(MemOp op)
{
    unsigned a = (op & MO_AMASK) >> MO_ASHIFT;

    return a == 7 ? (op & MO_SIZE) : a;
}

/* Byte-swap (if asked) and extend a raw value of op's size. */
static inline uint64_t memop_extend(uint64_t raw, MemOp op)
{
    switch (op & MO_SIZE) {
    case MO_8:
        return op & MO_SIGN ? (uint64_t)(int8_t)raw : (uint8_t)raw;
    case MO_16:
        raw = op & MO_BSWAP ? __builtin_bswap16((uint16_t)raw) : raw;
        return op & MO_SIGN ? (uint64_t)(int16_t)raw : (uint16_t)raw;
    case MO_32:
        raw = op & MO_BSWAP ? __builtin_bswap32((uint32_t)raw) : raw;
        return op & MO_SIGN ? (uint64_t)(int32_t)raw : (uint32_t)raw;
    default:
        return op & MO_BSWAP ? __builtin_bswap64(raw) : raw;
    }
}

/* Load from host memory as the guest access op would see it. */
static inline uint64_t memop_load_host(const void *p, MemOp op)
{
    uint64_t raw = 0;

    /* Little-endian host: the low bytes of raw are the first in memory. */
    memcpy(&raw, p, memop_size(op));
    return memop_extend(raw, op);
}

static inline void memop_store_host(void *p, uint64_t val, MemOp op)
{
    unsigned size = memop_size(op);

    if (op & MO_BSWAP) {
        val = __builtin_bswap64(val) >> (64 - 8 * size);
    }
    memcpy(p, &val, size);
}

#endif
