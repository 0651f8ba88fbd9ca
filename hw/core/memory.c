/*
 * Memory API: regions, address spaces, flat views and access dispatch.
 *
 * Views and threads.  An address space's flat view is immutable once
 * published.  A map change builds a whole new view under the address
 * space's map lock, publishes it with one atomic pointer exchange and
 * drops the address space's reference on the old one.  Readers (vCPU
 * threads doing lookups, MMIO, DMA) take a reference on the current view
 * for the duration of one access, so a view, and the regions it shows (a
 * view holds a reference on each), stay alive while anyone uses them, even
 * if the main loop unmaps and frees a region meanwhile.
 *
 * The one race in "load the pointer, then increment its count" is that the
 * view could be freed between the two steps.  Readers therefore announce
 * themselves in as->acquiring around those two steps only, and a writer,
 * after exchanging the pointer, waits until acquiring reads 0 before
 * dropping the old view.  All four operations are sequentially consistent,
 * so either the reader's announcement precedes the writer's check (and the
 * writer waits for it) or the reader's pointer load follows the exchange
 * (and it gets the new view).  The window is a handful of instructions with
 * no callbacks in it, so the wait is short and cannot deadlock, even when a
 * device callback itself remaps memory while its access holds a view.
 */
#include "hw/core/memory.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"
#include "util/osdep.h"

typedef enum {
    MR_RAM,
    MR_ROM,
    MR_IO,
    MR_ALIAS,
} MemRegionKind;

struct MemoryRegion {
    char *name;
    uint64_t size;
    MemRegionKind kind;
    uint8_t *ram; /* RAM/ROM host memory */
    size_t mmap_size;
    const MemoryRegionOps *ops; /* I/O */
    void *opaque;
    MemoryRegion *alias; /* ALIAS: the region shown (never an alias) */
    uint64_t alias_offset;
    atomic_int ref;       /* creator + one per flat range showing it */
    atomic_int map_count; /* address spaces it is mapped in */
};

/* What a board asked for: one mapped region. */
typedef struct MapEntry {
    MemoryRegion *mr;
    uint64_t base, last; /* inclusive last: a region may end at 2^64 */
    int priority;
} MapEntry;

/* [start, last] shows mr (never an alias) from offset on. */
typedef struct FlatRange {
    uint64_t start, last;
    MemoryRegion *mr;
    uint64_t offset;
    int priority;
} FlatRange;

typedef struct FlatView {
    atomic_uint ref;
    unsigned nr;
    FlatRange r[];
} FlatView;

struct AddressSpace {
    char *name;
    GMutex lock;     /* serialises map changes and listeners */
    GArray *entries; /* MapEntry */
    GPtrArray *listeners;
    _Atomic(FlatView *) view;
    atomic_uint acquiring;
};

/* ---- regions ---- */

static MemoryRegion *mr_alloc(const char *name, uint64_t size,
                              MemRegionKind kind)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);

    mr->name = g_strdup(name);
    mr->size = size;
    mr->kind = kind;
    atomic_init(&mr->ref, 1);
    atomic_init(&mr->map_count, 0);
    return mr;
}

static MemoryRegion *mr_new_host(const char *name, uint64_t size,
                                 MemRegionKind kind, GError **errp)
{
    long page = sysconf(_SC_PAGESIZE);
    uint64_t len;
    void *p;
    MemoryRegion *mr;

    if (size == 0) {
        error_setg(errp, "memory region '%s': size must not be 0", name);
        return NULL;
    }
    len = (size + page - 1) & ~(uint64_t)(page - 1);
    if (len < size || (size_t)len != len) {
        error_setg(errp,
                   "memory region '%s': size 0x%" PRIx64
                   " is too large for this host",
                   name, size);
        return NULL;
    }
    /*
     * MAP_NORESERVE: no swap is reserved up front, so -m 16G on a small
     * host works until the guest really uses that much.
     */
    /*
     * RAM on huge pages where the host allows (util/osdep.h): a guest
     * zeroing its memory takes one host page fault per 2 MiB, and KVM
     * maps it with large stage-2 pages. On the Linux boot of virt, host
     * page faults were the largest single cost (docs/performance.md).
     */
    p = kind == MR_RAM ? os_alloc_huge(len) : NULL;
    if (!p) {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    if (p == MAP_FAILED) {
        g_autofree char *sz = g_format_size_full(size, G_FORMAT_SIZE_IEC_UNITS);
        error_setg_errno(errp, errno,
                         "memory region '%s': cannot allocate "
                         "%s of host memory",
                         name, sz);
        return NULL;
    }
    mr = mr_alloc(name, size, kind);
    mr->ram = p;
    mr->mmap_size = len;
    return mr;
}

MemoryRegion *mr_new_ram(const char *name, uint64_t size, GError **errp)
{
    return mr_new_host(name, size, MR_RAM, errp);
}

MemoryRegion *mr_new_rom(const char *name, uint64_t size, GError **errp)
{
    return mr_new_host(name, size, MR_ROM, errp);
}

static bool is_pow2_size(unsigned s)
{
    return s == 1 || s == 2 || s == 4 || s == 8;
}

MemoryRegion *mr_new_io(const char *name, uint64_t size,
                        const MemoryRegionOps *ops, void *opaque)
{
    MemoryRegion *mr;

    g_assert(size > 0);
    g_assert(ops);
    g_assert((ops->min_size == 0 && ops->max_size == 0) ||
             (is_pow2_size(ops->min_size) && is_pow2_size(ops->max_size) &&
              ops->min_size <= ops->max_size));
    mr = mr_alloc(name, size, MR_IO);
    mr->ops = ops;
    mr->opaque = opaque;
    return mr;
}

static void mr_ref(MemoryRegion *mr)
{
    atomic_fetch_add_explicit(&mr->ref, 1, memory_order_relaxed);
}

static void mr_unref(MemoryRegion *mr)
{
    if (atomic_fetch_sub_explicit(&mr->ref, 1, memory_order_acq_rel) != 1) {
        return;
    }
    if (mr->kind == MR_ALIAS) {
        mr_unref(mr->alias);
    }
    if (mr->ram) {
        munmap(mr->ram, mr->mmap_size);
    }
    g_free(mr->name);
    g_free(mr);
}

MemoryRegion *mr_new_alias(const char *name, MemoryRegion *target,
                           uint64_t offset, uint64_t size)
{
    MemoryRegion *mr;

    g_assert(size > 0);
    g_assert(offset < target->size && size <= target->size - offset);
    if (target->kind == MR_ALIAS) {
        offset += target->alias_offset;
        target = target->alias;
    }
    mr = mr_alloc(name, size, MR_ALIAS);
    mr->alias = target;
    mr->alias_offset = offset;
    mr_ref(target);
    return mr;
}

void mr_free(MemoryRegion *mr)
{
    if (!mr) {
        return;
    }
    g_assert(atomic_load(&mr->map_count) == 0);
    mr_unref(mr);
}

const char *mr_name(const MemoryRegion *mr)
{
    return mr->name;
}

uint64_t mr_size(const MemoryRegion *mr)
{
    return mr->size;
}

void *mr_ram_ptr(const MemoryRegion *mr)
{
    if (mr->kind == MR_ALIAS) {
        return mr->alias->ram ? mr->alias->ram + mr->alias_offset : NULL;
    }
    return mr->ram;
}

bool mr_is_ram(const MemoryRegion *mr)
{
    return mr_ram_ptr(mr) != NULL;
}

bool mr_is_rom(const MemoryRegion *mr)
{
    if (mr->kind == MR_ALIAS) {
        mr = mr->alias;
    }
    return mr->kind == MR_ROM;
}

/* ---- flat views ---- */

static FlatView *view_new(unsigned nr)
{
    FlatView *v = g_malloc0(sizeof(*v) + nr * sizeof(FlatRange));

    atomic_init(&v->ref, 1);
    v->nr = nr;
    return v;
}

static void view_unref(FlatView *v)
{
    if (atomic_fetch_sub_explicit(&v->ref, 1, memory_order_acq_rel) != 1) {
        return;
    }
    for (unsigned i = 0; i < v->nr; i++) {
        mr_unref(v->r[i].mr);
    }
    g_free(v);
}

/* Take a reference on the current view; see the comment at the top. */
static FlatView *view_get(AddressSpace *as)
{
    FlatView *v;

    atomic_fetch_add(&as->acquiring, 1);
    v = atomic_load(&as->view);
    atomic_fetch_add_explicit(&v->ref, 1, memory_order_relaxed);
    atomic_fetch_sub_explicit(&as->acquiring, 1, memory_order_release);
    return v;
}

/* Index of the last range starting at or below addr, or -1. */
static long view_index(const FlatView *v, uint64_t addr)
{
    long lo = 0, hi = (long)v->nr - 1, found = -1;

    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;

        if (v->r[mid].start <= addr) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

static const FlatRange *view_find(const FlatView *v, uint64_t addr)
{
    long i = view_index(v, addr);

    return i >= 0 && addr <= v->r[i].last ? &v->r[i] : NULL;
}

typedef struct MapEvent {
    uint64_t pos;
    unsigned entry;
    bool start;
} MapEvent;

static int map_event_cmp(const void *a, const void *b)
{
    const MapEvent *x = a, *y = b;

    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void view_emit(GArray *out, const MapEntry *e, uint64_t start,
                      uint64_t last)
{
    MemoryRegion *mr = e->mr;
    uint64_t offset = start - e->base;
    FlatRange *prev;
    FlatRange fr;

    if (mr->kind == MR_ALIAS) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    if (out->len) {
        prev = &g_array_index(out, FlatRange, out->len - 1);
        if (prev->mr == mr && prev->priority == e->priority &&
            prev->last + 1 == start &&
            prev->offset + (prev->last - prev->start) + 1 == offset) {
            prev->last = last;
            return;
        }
    }
    fr = (FlatRange){start, last, mr, offset, e->priority};
    g_array_append_val(out, fr);
}

/*
 * Sweep the entries' boundaries in address order; each elementary interval
 * shows the highest-priority entry covering it.  Equal priorities never
 * overlap (as_map refuses it), so that entry is unique.
 */
static FlatView *view_build(GArray *entries)
{
    GArray *ev = g_array_new(FALSE, FALSE, sizeof(MapEvent));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(FlatRange));
    GArray *active = g_array_new(FALSE, FALSE, sizeof(unsigned));
    uint64_t open = 0;
    FlatView *v;

    for (unsigned i = 0; i < entries->len; i++) {
        const MapEntry *e = &g_array_index(entries, MapEntry, i);
        MapEvent s = {e->base, i, true}, t = {e->last + 1, i, false};

        g_array_append_val(ev, s);
        if (e->last != UINT64_MAX) {
            g_array_append_val(ev, t);
        }
    }
    g_array_sort(ev, map_event_cmp);

    for (unsigned i = 0; i < ev->len;) {
        uint64_t pos = g_array_index(ev, MapEvent, i).pos;

        if (active->len && pos > open) {
            const MapEntry *best = NULL;

            for (unsigned k = 0; k < active->len; k++) {
                const MapEntry *e = &g_array_index(
                    entries, MapEntry, g_array_index(active, unsigned, k));
                if (!best || e->priority > best->priority) {
                    best = e;
                }
            }
            view_emit(out, best, open, pos - 1);
        }
        for (; i < ev->len && g_array_index(ev, MapEvent, i).pos == pos; i++) {
            const MapEvent *e = &g_array_index(ev, MapEvent, i);

            if (e->start) {
                g_array_append_val(active, e->entry);
                continue;
            }
            for (unsigned k = 0; k < active->len; k++) {
                if (g_array_index(active, unsigned, k) == e->entry) {
                    g_array_remove_index_fast(active, k);
                    break;
                }
            }
        }
        open = pos;
    }
    if (active->len) {
        /* Whatever is still open runs to the top of the address space. */
        const MapEntry *best = NULL;

        for (unsigned k = 0; k < active->len; k++) {
            const MapEntry *e = &g_array_index(
                entries, MapEntry, g_array_index(active, unsigned, k));
            if (!best || e->priority > best->priority) {
                best = e;
            }
        }
        view_emit(out, best, open, UINT64_MAX);
    }

    v = view_new(out->len);
    if (out->len) {
        memcpy(v->r, out->data, out->len * sizeof(FlatRange));
    }
    for (unsigned i = 0; i < v->nr; i++) {
        mr_ref(v->r[i].mr);
    }
    g_array_free(ev, TRUE);
    g_array_free(out, TRUE);
    g_array_free(active, TRUE);
    return v;
}

static void section_of(const FlatRange *r, MemSection *s)
{
    s->mr = r->mr;
    s->start = r->start;
    s->size = r->last - r->start + 1;
    s->offset = r->offset;
}

static bool range_in_view(const FlatView *v, const FlatRange *r)
{
    const FlatRange *o = view_find(v, r->start);

    return o && o->start == r->start && o->last == r->last && o->mr == r->mr &&
           o->offset == r->offset;
}

static void listener_diff(MemoryListener *l, const FlatView *old,
                          const FlatView *new)
{
    MemSection s;

    for (unsigned i = 0; i < old->nr; i++) {
        if (old->r[i].mr->ram && !range_in_view(new, &old->r[i]) &&
            l->region_del) {
            section_of(&old->r[i], &s);
            l->region_del(l, &s);
        }
    }
    for (unsigned i = 0; i < new->nr; i++) {
        if (new->r[i].mr->ram && !range_in_view(old, &new->r[i]) &&
            l->region_add) {
            section_of(&new->r[i], &s);
            l->region_add(l, &s);
        }
    }
}

/* Called with as->lock held, after as->entries changed. */
static void as_commit(AddressSpace *as)
{
    FlatView *new = view_build(as->entries);
    FlatView *old = atomic_exchange(&as->view, new);

    for (unsigned i = 0; i < as->listeners->len; i++) {
        listener_diff(g_ptr_array_index(as->listeners, i), old, new);
    }
    while (atomic_load(&as->acquiring) != 0) {
        sched_yield();
    }
    view_unref(old);
}

/* ---- address spaces ---- */

AddressSpace *as_new(const char *name)
{
    AddressSpace *as = g_new0(AddressSpace, 1);

    as->name = g_strdup(name);
    g_mutex_init(&as->lock);
    as->entries = g_array_new(FALSE, FALSE, sizeof(MapEntry));
    as->listeners = g_ptr_array_new();
    atomic_init(&as->view, view_new(0));
    atomic_init(&as->acquiring, 0);
    return as;
}

void as_free(AddressSpace *as)
{
    if (!as) {
        return;
    }
    g_assert(as->listeners->len == 0);
    for (unsigned i = 0; i < as->entries->len; i++) {
        atomic_fetch_sub(&g_array_index(as->entries, MapEntry, i).mr->map_count,
                         1);
    }
    view_unref(atomic_load(&as->view));
    g_array_free(as->entries, TRUE);
    g_ptr_array_free(as->listeners, TRUE);
    g_mutex_clear(&as->lock);
    g_free(as->name);
    g_free(as);
}

const char *as_name(const AddressSpace *as)
{
    return as->name;
}

bool as_map(AddressSpace *as, uint64_t base, MemoryRegion *mr, int priority,
            GError **errp)
{
    uint64_t last = base + mr->size - 1;
    MapEntry e = {mr, base, last, priority};
    bool ok = false;

    if (last < base) {
        error_setg(errp,
                   "address space '%s': cannot map '%s' (size 0x%" PRIx64
                   ") at 0x%" PRIx64 ": it runs past the end of the "
                   "64-bit address space",
                   as->name, mr->name, mr->size, base);
        return false;
    }
    g_mutex_lock(&as->lock);
    for (unsigned i = 0; i < as->entries->len; i++) {
        const MapEntry *o = &g_array_index(as->entries, MapEntry, i);

        if (o->mr == mr) {
            error_setg(errp,
                       "address space '%s': region '%s' is already "
                       "mapped at 0x%" PRIx64,
                       as->name, mr->name, o->base);
            goto out;
        }
        if (o->priority == priority && o->base <= last && base <= o->last) {
            error_setg(errp,
                       "address space '%s': cannot map '%s' at 0x%" PRIx64
                       "-0x%" PRIx64 ": it overlaps '%s' at 0x%" PRIx64
                       "-0x%" PRIx64 " with the same priority %d",
                       as->name, mr->name, base, last, o->mr->name, o->base,
                       o->last, priority);
            goto out;
        }
    }
    g_array_append_val(as->entries, e);
    atomic_fetch_add(&mr->map_count, 1);
    as_commit(as);
    ok = true;
out:
    g_mutex_unlock(&as->lock);
    return ok;
}

void as_unmap(AddressSpace *as, MemoryRegion *mr)
{
    unsigned i;

    g_mutex_lock(&as->lock);
    for (i = 0; i < as->entries->len; i++) {
        if (g_array_index(as->entries, MapEntry, i).mr == mr) {
            break;
        }
    }
    g_assert(i < as->entries->len);
    g_array_remove_index(as->entries, i);
    as_commit(as);
    atomic_fetch_sub(&mr->map_count, 1);
    g_mutex_unlock(&as->lock);
}

bool as_lookup(AddressSpace *as, uint64_t addr, MemSection *out)
{
    FlatView *v = view_get(as);
    const FlatRange *r = view_find(v, addr);

    if (r) {
        section_of(r, out);
    }
    view_unref(v);
    return r != NULL;
}

void as_add_listener(AddressSpace *as, MemoryListener *l)
{
    FlatView *empty = view_new(0);

    g_mutex_lock(&as->lock);
    g_ptr_array_add(as->listeners, l);
    listener_diff(l, empty, atomic_load(&as->view));
    g_mutex_unlock(&as->lock);
    view_unref(empty);
}

void as_remove_listener(AddressSpace *as, MemoryListener *l)
{
    FlatView *empty = view_new(0);

    g_mutex_lock(&as->lock);
    g_assert(g_ptr_array_remove(as->listeners, l));
    listener_diff(l, atomic_load(&as->view), empty);
    g_mutex_unlock(&as->lock);
    view_unref(empty);
}

void as_dump(AddressSpace *as, FILE *out)
{
    FlatView *v = view_get(as);

    fprintf(out, "address-space (flat view): %s\n", as->name);
    if (!v->nr) {
        fprintf(out, "  <empty>\n");
    }
    for (unsigned i = 0; i < v->nr; i++) {
        const FlatRange *r = &v->r[i];
        const char *kind = r->mr->kind == MR_RAM   ? "ram"
                           : r->mr->kind == MR_ROM ? "rom"
                                                   : "i/o";

        fprintf(out, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s",
                r->start, r->last, r->priority, kind, r->mr->name);
        if (r->offset) {
            fprintf(out, " @%016" PRIx64, r->offset);
        }
        fputc('\n', out);
    }
    view_unref(v);
}

/* ---- access dispatch ---- */

static uint64_t ld_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static void st_le(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

/*
 * The device access that serves the byte at pos of [pos, end): the
 * largest naturally aligned power of two within max that fits, or, if
 * that is narrower than min, the aligned min-sized access around pos.
 */
static void io_piece(uint64_t pos, uint64_t end, unsigned min, unsigned max,
                     uint64_t *at, unsigned *size)
{
    unsigned s = max;

    while (s > 1 && ((pos & (s - 1)) || s > end - pos)) {
        s >>= 1;
    }
    if (s < min) {
        *at = pos & ~(uint64_t)(min - 1);
        *size = min;
    } else {
        *at = pos;
        *size = s;
    }
}

/* Bytes [off, off + len) of an I/O region, len >= 1. */
static MemTxResult io_rw(MemoryRegion *mr, uint64_t off, uint8_t *buf,
                         uint64_t len, bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned min = ops->min_size ? ops->min_size : 1;
    unsigned max = ops->max_size ? ops->max_size : 4;
    uint64_t end = off + len, pos, at;
    unsigned s;

    if (is_write ? !ops->write : !ops->read) {
        log_guest_error("%s: %s of %" PRIu64 " bytes at offset 0x%" PRIx64
                        ": region is %s-only\n",
                        mr->name, is_write ? "write" : "read", len, off,
                        is_write ? "read" : "write");
        if (!is_write) {
            memset(buf, 0, len);
        }
        return MEMTX_ACCESS_ERROR;
    }
    if (is_write) {
        /*
         * Bytes narrower than the device accepts cannot be written without
         * a read-modify-write, whose read could have side effects: the
         * whole write is refused rather than half applied.
         */
        for (pos = off; pos < end; pos += s) {
            io_piece(pos, end, min, max, &at, &s);
            /* Widened: it would start before or end after the data. */
            if (at != pos || s > end - pos) {
                log_guest_error("%s: %" PRIu64
                                "-byte write at offset 0x%" PRIx64
                                " dropped: the device takes aligned "
                                "%u..%u-byte accesses\n",
                                mr->name, len, off, min, max);
                return MEMTX_ACCESS_ERROR;
            }
        }
        for (pos = off; pos < end; pos += s) {
            io_piece(pos, end, min, max, &at, &s);
            ops->write(mr->opaque, at, ld_le(buf + (pos - off), s), s);
        }
        return MEMTX_OK;
    }
    for (pos = off; pos < end;) {
        uint64_t v, stop;

        io_piece(pos, end, min, max, &at, &s);
        v = ops->read(mr->opaque, at, s);
        stop = MIN(at + s, end);
        st_le(buf + (pos - off), stop - pos, v >> (8 * (pos - at)));
        pos = stop;
    }
    return MEMTX_OK;
}

/*
 * Bytes [addr, addr + len) through the view v, len >= 1, piece by piece as
 * guest accesses.
 */
static MemTxResult view_rw(AddressSpace *as, const FlatView *v, uint64_t addr,
                           uint8_t *buf, uint64_t len, bool is_write)
{
    MemTxResult res = MEMTX_OK;

    while (len) {
        long i = view_index(v, addr);
        const FlatRange *r = i >= 0 && addr <= v->r[i].last ? &v->r[i] : NULL;
        uint64_t n;
        MemTxResult pr = MEMTX_OK;

        if (!r) {
            /* Unassigned up to the next range, the end, or 2^64. */
            uint64_t room = (unsigned long)(i + 1) < v->nr
                                ? v->r[i + 1].start - addr
                                : -addr;

            n = room && room < len ? room : len;
            log_guest_error("%s: unassigned %s of %" PRIu64
                            " bytes at 0x%" PRIx64 "\n",
                            as->name, is_write ? "write" : "read", n, addr);
            if (!is_write) {
                memset(buf, 0, n);
            }
            pr = MEMTX_DECODE_ERROR;
        } else {
            uint64_t room = r->last - addr; /* bytes after addr */
            uint64_t off = r->offset + (addr - r->start);

            n = len - 1 <= room ? len : room + 1;
            if (r->mr->kind == MR_IO) {
                pr = io_rw(r->mr, off, buf, n, is_write);
            } else if (!is_write) {
                memcpy(buf, r->mr->ram + off, n);
            } else if (r->mr->kind == MR_ROM) {
                log_guest_error("%s: write of %" PRIu64
                                " bytes at offset 0x%" PRIx64
                                " to ROM dropped\n",
                                r->mr->name, n, off);
            } else {
                memcpy(r->mr->ram + off, buf, n);
            }
        }
        if (res == MEMTX_OK) {
            res = pr;
        }
        buf += n;
        len -= n;
        if (len && addr + n == 0) {
            log_guest_error("%s: %s of %" PRIu64 " bytes past the end of the "
                            "address space dropped\n",
                            as->name, is_write ? "write" : "read", len);
            if (!is_write) {
                memset(buf, 0, len);
            }
            return res == MEMTX_OK ? MEMTX_DECODE_ERROR : res;
        }
        addr += n;
    }
    return res;
}

MemTxResult as_load(AddressSpace *as, uint64_t addr, unsigned size,
                    uint64_t *val)
{
    FlatView *v;
    const FlatRange *r;
    uint8_t buf[8];
    MemTxResult res;

    g_assert(is_pow2_size(size));
    v = view_get(as);
    r = view_find(v, addr);
    if (r && r->mr->ram && r->last - addr >= size - 1) {
        /* Fast path: wholly inside one RAM/ROM range. */
        *val = ld_le(r->mr->ram + r->offset + (addr - r->start), size);
        view_unref(v);
        return MEMTX_OK;
    }
    if (r && r->mr->kind == MR_IO && r->last - addr >= size - 1) {
        /* Wholly inside one device: no second search (view_rw). */
        res = io_rw(r->mr, r->offset + (addr - r->start), buf, size, false);
        view_unref(v);
        *val = ld_le(buf, size);
        return res;
    }
    res = view_rw(as, v, addr, buf, size, false);
    view_unref(v);
    *val = ld_le(buf, size);
    return res;
}

MemTxResult as_store(AddressSpace *as, uint64_t addr, unsigned size,
                     uint64_t val)
{
    FlatView *v;
    const FlatRange *r;
    uint8_t buf[8];
    MemTxResult res;

    g_assert(is_pow2_size(size));
    v = view_get(as);
    r = view_find(v, addr);
    if (r && r->mr->kind == MR_RAM && r->last - addr >= size - 1) {
        st_le(r->mr->ram + r->offset + (addr - r->start), size, val);
        view_unref(v);
        return MEMTX_OK;
    }
    st_le(buf, size, val);
    if (r && r->mr->kind == MR_IO && r->last - addr >= size - 1) {
        res = io_rw(r->mr, r->offset + (addr - r->start), buf, size, true);
    } else {
        res = view_rw(as, v, addr, buf, size, true);
    }
    view_unref(v);
    return res;
}

MemTxResult as_rw(AddressSpace *as, uint64_t addr, void *buf, uint64_t len,
                  bool is_write)
{
    FlatView *v;
    MemTxResult res;

    if (!len) {
        return MEMTX_OK;
    }
    v = view_get(as);
    res = view_rw(as, v, addr, buf, len, is_write);
    view_unref(v);
    if (is_write) {
        memory_notify_write(as, addr, len);
    }
    return res;
}

void *as_ram_ptr(AddressSpace *as, uint64_t addr, uint64_t len, bool is_write)
{
    FlatView *v = view_get(as);
    const FlatRange *r = view_find(v, addr);
    void *p = NULL;

    if (r && r->mr->ram && (!is_write || r->mr->kind == MR_RAM) &&
        (len == 0 || r->last - addr >= len - 1)) {
        p = r->mr->ram + r->offset + (addr - r->start);
    }
    view_unref(v);
    return p;
}

/*
 * Copy between buf and the RAM under [addr, addr + len), or with buf NULL
 * only check that every byte is RAM (ROM too unless is_write and !rom_ok).
 * *bad is set to the first byte that is not.
 */
static MemTxResult view_ram_copy(const FlatView *v, uint64_t addr, uint8_t *buf,
                                 uint64_t len, bool is_write, bool rom_ok,
                                 uint64_t *bad)
{
    while (len) {
        const FlatRange *r = view_find(v, addr);
        uint64_t room, n;
        uint8_t *host;

        if (!r) {
            *bad = addr;
            return MEMTX_DECODE_ERROR;
        }
        if (!r->mr->ram || (is_write && r->mr->kind == MR_ROM && !rom_ok)) {
            *bad = addr;
            return MEMTX_ACCESS_ERROR;
        }
        room = r->last - addr;
        n = len - 1 <= room ? len : room + 1;
        host = r->mr->ram + r->offset + (addr - r->start);
        if (buf) {
            if (is_write) {
                memcpy(host, buf, n);
            } else {
                memcpy(buf, host, n);
            }
            buf += n;
        }
        len -= n;
        addr += n; /* the caller ruled out wrapping */
    }
    return MEMTX_OK;
}

static MemoryWriteHook *memory_write_hook;

void memory_set_write_hook(MemoryWriteHook *hook)
{
    memory_write_hook = hook;
}

void memory_notify_write(AddressSpace *as, uint64_t addr, uint64_t len)
{
    MemoryWriteHook *hook = memory_write_hook;

    if (hook && len) {
        hook(as, addr, len);
    }
}

static MemTxResult ram_transfer(AddressSpace *as, const char *what,
                                uint64_t addr, uint8_t *buf, uint64_t len,
                                bool is_write, bool rom_ok, bool quiet)
{
    FlatView *v;
    MemTxResult res;
    uint64_t bad = 0;

    if (!len) {
        return MEMTX_OK;
    }
    if (addr + (len - 1) < addr) {
        if (!quiet) {
            log_guest_error("%s: %s of 0x%" PRIx64 " bytes at 0x%" PRIx64
                            " wraps around the address space: refused\n",
                            as->name, what, len, addr);
        }
        return MEMTX_DECODE_ERROR;
    }
    v = view_get(as);
    res = view_ram_copy(v, addr, NULL, len, is_write, rom_ok, &bad);
    if (res == MEMTX_OK) {
        view_ram_copy(v, addr, buf, len, is_write, rom_ok, &bad);
        if (is_write) {
            memory_notify_write(as, addr, len);
        }
    } else if (!quiet) {
        log_guest_error("%s: %s of 0x%" PRIx64 " bytes at 0x%" PRIx64
                        "-0x%" PRIx64 " refused: 0x%" PRIx64 " is %s\n",
                        as->name, what, len, addr, addr + len - 1, bad,
                        res == MEMTX_DECODE_ERROR ? "unassigned" : "not RAM");
    }
    view_unref(v);
    return res;
}

MemTxResult dma_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    return ram_transfer(as, "DMA read", addr, buf, len, false, true, false);
}

MemTxResult dma_write(AddressSpace *as, uint64_t addr, const void *buf,
                      uint64_t len)
{
    return ram_transfer(as, "DMA write", addr, (uint8_t *)buf, len, true, false,
                        false);
}

MemTxResult as_write_rom(AddressSpace *as, uint64_t addr, const void *buf,
                         uint64_t len)
{
    return ram_transfer(as, "ROM load", addr, (uint8_t *)buf, len, true, true,
                        true);
}
