/*
 * Memory API: regions (RAM, ROM, MMIO, aliases) mapped into address spaces.
 *
 * A board creates regions and maps them at a base address with a priority;
 * the address space keeps a flattened view (a sorted array of
 * non-overlapping ranges) that every access and lookup searches in
 * O(log n).  Values crossing this API are host integers holding the
 * little-endian interpretation of guest bytes (both guests are LE).
 *
 * Threads: map changes (as_map, as_unmap, listeners) are serialised by the
 * address space; lookups and accesses may run on any thread at the same
 * time, without locks (see memory.c for how views are published and
 * retired).  Device callbacks are called on the accessing thread; taking
 * the machine lock around MMIO is the caller's business.
 *
 * Guest mistakes (unassigned addresses, ROM writes, sub-width writes) are
 * logged under -d guest_errors and the access goes on as hardware would:
 * reads give 0, writes are dropped.
 */
#ifndef HW_CORE_MEMORY_H
#define HW_CORE_MEMORY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;

typedef enum {
    MEMTX_OK = 0,
    MEMTX_DECODE_ERROR, /* nothing mapped there */
    MEMTX_ACCESS_ERROR, /* something mapped, but it refused the access */
} MemTxResult;

/*
 * MMIO callbacks.  A device only ever sees naturally aligned accesses of a
 * size between min_size and max_size (powers of two, 1..8; 0,0 means 1..4),
 * at an offset relative to the start of its region.  A wider or unaligned
 * guest access is split into allowed pieces (lowest address first) and
 * combined little-endian; a narrower read becomes one aligned read of
 * min_size with the wanted bytes extracted.  A write that would need a
 * piece narrower than min_size is logged and dropped whole (a
 * read-modify-write could trigger read side effects): MEMTX_ACCESS_ERROR.
 * A NULL read or write callback makes the region write-only or read-only
 * (the other direction is logged, reads 0, gives MEMTX_ACCESS_ERROR).
 */
typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size);
    unsigned min_size, max_size;
} MemoryRegionOps;

/*
 * Regions.  RAM and ROM come from one anonymous MAP_NORESERVE mmap each, so
 * a large -m costs nothing until the guest touches it.  ROM reads like RAM
 * (and loaders write it through as_write_rom); a guest write to it is
 * logged and dropped, with MEMTX_OK as real ROM gives.  An alias shows
 * [offset, offset + size) of another region (e.g. the part of RAM above a
 * PCI hole) and holds a reference on it.  Names are copied.
 */
MemoryRegion *mr_new_ram(const char *name, uint64_t size, GError **errp);
MemoryRegion *mr_new_rom(const char *name, uint64_t size, GError **errp);
MemoryRegion *mr_new_io(const char *name, uint64_t size,
                        const MemoryRegionOps *ops, void *opaque);
MemoryRegion *mr_new_alias(const char *name, MemoryRegion *target,
                           uint64_t offset, uint64_t size);
/*
 * Drop the creator's reference; the region must not be mapped.  Its memory
 * is released once no reader still holds a view that shows it.
 */
void mr_free(MemoryRegion *mr);

const char *mr_name(const MemoryRegion *mr);
uint64_t mr_size(const MemoryRegion *mr);
/* Host memory of a RAM or ROM region (or an alias of one), else NULL. */
void *mr_ram_ptr(const MemoryRegion *mr);
/* RAM or ROM (directly or through an alias). */
bool mr_is_ram(const MemoryRegion *mr);
bool mr_is_rom(const MemoryRegion *mr);

AddressSpace *as_new(const char *name);
/* Unmaps everything; all listeners must have been removed. */
void as_free(AddressSpace *as);
const char *as_name(const AddressSpace *as);

/*
 * Map mr at base.  Where two regions overlap, the higher priority one is
 * visible and the lower one stays visible elsewhere; an overlap between
 * equal priorities is refused, as is a region running past 2^64 or one
 * already mapped in this address space.  A region may be mapped in several
 * address spaces.
 */
bool as_map(AddressSpace *as, uint64_t base, MemoryRegion *mr, int priority,
            GError **errp);
/* mr must be mapped in as. */
void as_unmap(AddressSpace *as, MemoryRegion *mr);

/*
 * One range of the flat view: [start, start + size) of the address space
 * shows mr from offset on.  For an alias, mr is the region it shows and
 * offset already includes the alias offset.
 */
typedef struct MemSection {
    MemoryRegion *mr;
    uint64_t start, size;
    uint64_t offset;
} MemSection;

/*
 * The section holding addr, or false if nothing is mapped there.  The
 * result is a snapshot: mr stays valid only as long as the caller knows it
 * is not freed (boards keep their regions for the machine's lifetime).
 */
bool as_lookup(AddressSpace *as, uint64_t addr, MemSection *out);

/* One CPU access of 1, 2, 4 or 8 bytes, at any alignment. */
MemTxResult as_load(AddressSpace *as, uint64_t addr, unsigned size,
                    uint64_t *val);
MemTxResult as_store(AddressSpace *as, uint64_t addr, unsigned size,
                     uint64_t val);
/*
 * Any length, across any number of regions (debugger, loaders, slow
 * paths); each piece behaves as a guest access would.  Bytes past 2^64 - 1
 * are unassigned (no wrap-around).  The result is the first error met.
 */
MemTxResult as_rw(AddressSpace *as, uint64_t addr, void *buf, uint64_t len,
                  bool is_write);

/*
 * Host pointer for [addr, addr + len) if it lies wholly inside one RAM
 * range (or ROM when !is_write), else NULL.  Valid while that region is
 * mapped.
 */
void *as_ram_ptr(AddressSpace *as, uint64_t addr, uint64_t len, bool is_write);

/*
 * Device DMA: only RAM (and ROM for reads) may be touched.  The whole range
 * is checked before a byte moves; if any of it is not RAM, or it wraps
 * past 2^64, nothing is transferred, a guest_errors message names the
 * range, and the result is an error.
 */
MemTxResult dma_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len);
MemTxResult dma_write(AddressSpace *as, uint64_t addr, const void *buf,
                      uint64_t len);

/*
 * Loaders and debuggers: write RAM or ROM, never I/O.  Fails (nothing
 * written, nothing logged) if any byte is not RAM or ROM.
 */
MemTxResult as_write_rom(AddressSpace *as, uint64_t addr, const void *buf,
                         uint64_t len);

/*
 * Listeners hear about the RAM and ROM sections of the flat view (KVM turns
 * them into memory slots; mr_is_rom tells read-only ones).  On every map
 * change they get the difference between the old and the new view: first
 * region_del for each old section that is not in the new view unchanged,
 * then region_add for each new section that was not in the old one.  A
 * section that merely grows or shrinks is deleted and re-added.  Callbacks
 * run on the thread changing the map, with the address space's map lock
 * held: they must not map or unmap in the same address space.
 */
typedef struct MemoryListener MemoryListener;
struct MemoryListener {
    void (*region_add)(MemoryListener *l, const MemSection *s);
    void (*region_del)(MemoryListener *l, const MemSection *s);
};

/* Registers l and replays the current RAM/ROM sections as region_add. */
void as_add_listener(AddressSpace *as, MemoryListener *l);
/* Reports the current RAM/ROM sections as region_del, then forgets l. */
void as_remove_listener(AddressSpace *as, MemoryListener *l);

/*
 * The flat view, one line per range, as "info mtree -f" prints it:
 *   0000000040000000-000000007fffffff (prio 0, ram): virt.ram
 * with " @<offset>" appended when the range starts inside its region.
 */
void as_dump(AddressSpace *as, FILE *out);

/*
 * Writes to guest RAM that bypass the CPU (device DMA, loaders, a
 * debugger): the TCG block cache must drop code translated from the
 * bytes written. dma_write, as_write_rom and RAM writes of as_rw report
 * themselves; a device that writes through an as_ram_ptr pointer calls
 * memory_notify_write after it. One hook, set by the accelerator.
 */
typedef void MemoryWriteHook(AddressSpace *as, uint64_t addr, uint64_t len);
void memory_set_write_hook(MemoryWriteHook *hook);
void memory_notify_write(AddressSpace *as, uint64_t addr, uint64_t len);

#endif
