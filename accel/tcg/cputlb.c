/*
 * The softmmu: per vCPU and MMU index a direct-mapped table of
 * TCGTLBEntry (layout in tcg/tlb.h, where the JIT's inline fast path
 * reads it), filled by the target's tlb_fill through tlb_set_page, and
 * the slow path both engines call (TCGGuestMemHooks) for everything the
 * fast path does not do: misses, MMIO, pages holding code, misaligned and
 * page-crossing accesses.
 *
 * Tag flags: TLB_MMIO for anything that is not a whole RAM page (devices,
 * ROM writes, regions smaller than a page): the access goes to as_load /
 * as_store under the machine lock.  TLB_NOTDIRTY on the write tag of a
 * RAM page that holds translated code: the slow path invalidates the TBs
 * the store overlaps, then stores.  TLB_WATCHPOINT is reserved for the
 * gdb stub.  TLB_INVALID marks an entry or a direction with no access.
 *
 * Alignment: a MemOp asking for alignment that the address does not have
 * goes to the target's do_unaligned_access (a fault, before any page
 * walk: both targets check alignment first); a target without the hook
 * gets the access done unaligned, as x86 would.
 */
#include <string.h>

#include "accel/tcg/debug.h"
#include "accel/tcg/internal.h"
#include "hw/core/memory.h"
#include "util/log.h"
#include "util/main-loop.h"

G_STATIC_ASSERT(TB_PAGE_NONE == UINT64_MAX);

static inline bool tlb_hit(uint64_t tag, uint64_t addr, uint64_t page_mask)
{
    return (tag & (page_mask | TLB_INVALID)) == (addr & page_mask);
}

static inline unsigned tlb_index(TCGVCPU *v, CPUTLBDesc *d, uint64_t addr)
{
    return (addr >> v->page_bits) & d->mask;
}

static inline uint64_t tlb_tag(const TCGTLBEntry *e, MMUAccessType access)
{
    return access == MMU_DATA_LOAD    ? e->addr_read
           : access == MMU_DATA_STORE ? e->addr_write
                                      : e->addr_code;
}

/* Host memory of a RAM page, without a call to memcpy for each size. */
static inline uint64_t host_read(uintptr_t p, unsigned size)
{
    uint64_t val = 0;

    switch (size) {
    case 8:
        memcpy(&val, (void *)p, 8);
        break;
    case 4:
        memcpy(&val, (void *)p, 4);
        break;
    case 2:
        memcpy(&val, (void *)p, 2);
        break;
    case 1:
        val = *(uint8_t *)p;
        break;
    default:
        memcpy(&val, (void *)p, size);
    }
    return val;
}

static inline void host_write(uintptr_t p, uint64_t val, unsigned size)
{
    switch (size) {
    case 8:
        memcpy((void *)p, &val, 8);
        break;
    case 4:
        memcpy((void *)p, &val, 4);
        break;
    case 2:
        memcpy((void *)p, &val, 2);
        break;
    case 1:
        *(uint8_t *)p = (uint8_t)val;
        break;
    default:
        memcpy((void *)p, &val, size);
    }
}

static inline void tlb_entry_clear(TCGTLBEntry *e, TLBEntryFull *f)
{
    /* TLB_INVALID in every tag: 0x08... would do, -1 is simplest. */
    memset(e, 0xff, sizeof(*e));
    f->paddr = TB_PAGE_NONE;
}

/* Empty table mmu_idx of d, one of the contexts' (current: in use). */
static void tlb_flush_one(TCGVCPU *v, CPUTLBDesc *d, unsigned mmu_idx,
                          bool current)
{
    /*
     * A table used by less than an eighth since the last flush halves
     * (between TBs: a pointer into it may be live now; another context's
     * when it is current again), so the cost of flushes follows the
     * working set.
     */
    if (d->bits > TLB_BITS_MIN && d->n_used < (d->mask + 1) / 8) {
        d->new_bits = d->bits - 1;
        if (current) {
            v->tlb_resize_pending |= 1u << mmu_idx;
        }
    }
    /* Every tag TLB_INVALID, every paddr TB_PAGE_NONE (all ones); a
       table with no entry in use (n_used is exact) is that already. */
    if (d->n_used) {
        memset(d->table, 0xff, (d->mask + 1) * sizeof(TCGTLBEntry));
        memset(d->full, 0xff, (d->mask + 1) * sizeof(TLBEntryFull));
    }
    for (unsigned i = 0; i < TLB_VICTIM; i++) {
        tlb_entry_clear(&d->vtable[i], &d->vfull[i]);
    }
    d->n_used = 0;
    d->large_addr = 0;
    d->large_mask = 0;
}

/* Point generated code (TCGTLBFast in env) at the current table. */
static void tlb_fast_sync(TCGVCPU *v, unsigned mmu_idx)
{
    v->fast[mmu_idx].mask = v->tlb[mmu_idx].mask << TLB_ENTRY_BITS;
    v->fast[mmu_idx].table = v->tlb[mmu_idx].table;
}

/* A table of 1 << bits entries for mmu_idx, keeping what fits. */
static void tlb_table_alloc(TCGVCPU *v, unsigned mmu_idx, unsigned bits)
{
    CPUTLBDesc *d = &v->tlb[mmu_idx];
    TCGTLBEntry *old = d->table;
    TLBEntryFull *old_full = d->full;
    uint64_t old_mask = d->mask;

    d->bits = d->new_bits = bits;
    d->mask = (1ull << bits) - 1;
    d->table = g_new(TCGTLBEntry, 1u << bits);
    d->full = g_new(TLBEntryFull, 1u << bits);
    tlb_fast_sync(v, mmu_idx);
    /* Every tag TLB_INVALID, every paddr TB_PAGE_NONE (all ones). */
    memset(d->table, 0xff, (d->mask + 1) * sizeof(TCGTLBEntry));
    memset(d->full, 0xff, (d->mask + 1) * sizeof(TLBEntryFull));
    d->n_used = 0;
    /* Grown by use: move the entries over rather than refill them. */
    for (uint64_t i = 0; old && i <= old_mask; i++) {
        unsigned idx;

        if (old_full[i].paddr == TB_PAGE_NONE) {
            continue;
        }
        idx = tlb_index(v, d, old_full[i].vaddr);
        if (d->full[idx].paddr == TB_PAGE_NONE) {
            d->table[idx] = old[i];
            d->full[idx] = old_full[i];
            d->n_used++;
        }
    }
    g_free(old);
    g_free(old_full);
}

void tlb_resize(CPUState *cpu)
{
    TCGVCPU *v = tcg_vcpu(cpu);

    for (unsigned i = 0; i < v->ops->nb_mmu_idx; i++) {
        CPUTLBDesc *d = &v->tlb[i];

        if ((v->tlb_resize_pending & (1u << i)) && d->new_bits != d->bits) {
            tlb_table_alloc(v, i, d->new_bits);
            tcg_exec.stats.tlb_resizes++;
        }
    }
    v->tlb_resize_pending = 0;
}

void tlb_vcpu_init(CPUState *cpu)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    const TCGCPUOps *ops = v->ops;

    g_assert(ops->nb_mmu_idx >= 1 && ops->nb_mmu_idx <= 16);
    g_assert(ops->page_bits >= TLB_PAGE_BITS_MIN);
    v->page_bits = ops->page_bits;
    v->page_mask = ~((1ull << ops->page_bits) - 1);
    v->fast = (TCGTLBFast *)((uint8_t *)cpu->env + ops->tlb_fast_ofs);
    for (unsigned c = TLB_CTX_SETS; c-- > 0;) {
        /* The tables of context 0 last: they are current. */
        v->tlb = v->ctx_tlb[c] = g_new0(CPUTLBDesc, ops->nb_mmu_idx);
        v->ctx_jc[c] = g_new0(TBJumpCache, 1);
        for (unsigned i = 0; i < ops->nb_mmu_idx; i++) {
            tlb_table_alloc(v, i, TLB_BITS_MIN);
            tlb_flush_one(v, &v->tlb[i], i, c == 0);
        }
    }
    /* Context 0, all keys zero, until the target names one. */
    memset(v->ctx_key, 0, sizeof(v->ctx_key));
    memset(v->ctx_used, 0, sizeof(v->ctx_used));
    v->ctx_cur = 0;
    v->ctx_used[0] = v->ctx_clock = 1;
    v->jc = v->ctx_jc[0];
    v->tlb_resize_pending = 0;
    v->ram_size = 0;
}

void tlb_vcpu_free(CPUState *cpu)
{
    TCGVCPU *v = tcg_vcpu(cpu);

    for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
        CPUTLBDesc *t = v->ctx_tlb[c];

        for (unsigned i = 0; t && i < v->ops->nb_mmu_idx; i++) {
            g_free(t[i].table);
            g_free(t[i].full);
        }
        g_free(t);
        g_free(v->ctx_jc[c]);
        v->ctx_tlb[c] = NULL;
        v->ctx_jc[c] = NULL;
    }
    v->tlb = NULL;
    v->jc = NULL;
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    TCGVCPU *v = tcg_vcpu(cpu);

    /* Every context: a flush may concern any of them. */
    for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
        for (unsigned i = 0; i < v->ops->nb_mmu_idx; i++) {
            if (idxmap & (1u << i)) {
                tlb_flush_one(v, &v->ctx_tlb[c][i], i, c == v->ctx_cur);
            }
        }
    }
    /* The memory map may have changed too (tlb_flush_pending). */
    v->ram_size = 0;
    /* The jump cache is keyed by virtual PC: the mapping may change. */
    tb_jmp_cache_clear(v);
    tcg_exec.stats.tlb_flushes++;
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, 0xffff);
}

/* Flush page from the tables of idxmap of one context's set. */
static void tlb_flush_page_set(TCGVCPU *v, CPUTLBDesc *set, uint64_t page,
                               uint16_t idxmap, bool current)
{
    for (unsigned i = 0; i < v->ops->nb_mmu_idx; i++) {
        CPUTLBDesc *d = &set[i];
        unsigned idx = tlb_index(v, d, page);

        if (!(idxmap & (1u << i))) {
            continue;
        }
        if (d->large_mask && (page & d->large_mask) == d->large_addr) {
            /* Part of a large page: its other entries hold it too. */
            tlb_flush_one(v, d, i, current);
            continue;
        }
        if (d->full[idx].paddr != TB_PAGE_NONE &&
            d->full[idx].vaddr == page) {
            tlb_entry_clear(&d->table[idx], &d->full[idx]);
            d->n_used--;
        }
        for (unsigned k = 0; k < TLB_VICTIM; k++) {
            if (d->vfull[k].paddr != TB_PAGE_NONE &&
                d->vfull[k].vaddr == page) {
                tlb_entry_clear(&d->vtable[k], &d->vfull[k]);
            }
        }
    }
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    uint64_t page = addr & v->page_mask;

    for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
        tlb_flush_page_set(v, v->ctx_tlb[c], page, idxmap, c == v->ctx_cur);
    }
    tb_jmp_cache_clear_page(v, page);
    tcg_exec.stats.tlb_flushes++;
}

/*
 * Make key the current translation context (internal.h): its tables and
 * jump cache if it is one of the last TLB_CTX_SETS, else the least
 * recently used context's, emptied. Called from helpers between guest
 * instructions: the generated code reads the table through
 * TCGTLBFast.table on every access, so the switch holds from the next.
 */
void tlb_set_context(CPUState *cpu, const uint64_t key[TLB_CTX_WORDS])
{
    TCGVCPU *v = tcg_vcpu(cpu);
    unsigned c, lru = 0;
    size_t kb = TLB_CTX_WORDS * sizeof(uint64_t);

    if (!memcmp(v->ctx_key[v->ctx_cur], key, kb)) {
        return;
    }
    for (c = 0; c < TLB_CTX_SETS; c++) {
        if (v->ctx_used[c] && !memcmp(v->ctx_key[c], key, kb)) {
            break;
        }
        if (v->ctx_used[c] < v->ctx_used[lru]) {
            lru = c;
        }
    }
    if (c == TLB_CTX_SETS) {
        c = lru;
        for (unsigned i = 0; i < v->ops->nb_mmu_idx; i++) {
            tlb_flush_one(v, &v->ctx_tlb[c][i], i, false);
        }
        tb_jc_clear(v->ctx_jc[c]);
        memcpy(v->ctx_key[c], key, kb);
        tcg_exec.stats.tlb_ctx_misses++;
    }
    v->ctx_cur = c;
    v->ctx_used[c] = ++v->ctx_clock;
    v->tlb = v->ctx_tlb[c];
    v->jc = v->ctx_jc[c];
    v->tlb_resize_pending = 0;
    for (unsigned i = 0; i < v->ops->nb_mmu_idx; i++) {
        CPUTLBDesc *d = &v->tlb[i];

        tlb_fast_sync(v, i);
        if (d->new_bits != d->bits) {
            v->tlb_resize_pending |= 1u << i;
        }
    }
    tcg_exec.stats.tlb_ctx_switches++;
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, 0xffff);
}

/*
 * The host address of physical page ppage if a whole RAM page is there
 * (rom: writes must not go to it), else NULL.  The last RAM section is
 * remembered: consecutive fills mostly land in the same one.
 */
static uint8_t *tlb_ram_page(TCGVCPU *v, uint64_t ppage, uint64_t tp,
                             bool *rom)
{
    MemSection s;
    uint8_t *ram;

    if (ppage - v->ram_start < v->ram_size &&
        ppage - v->ram_start + tp <= v->ram_size && !v->tlb_flush_pending) {
        *rom = v->ram_rom;
        return v->ram_host + (ppage - v->ram_start);
    }
    if (!as_lookup(v->as, ppage, &s) || !(ram = mr_ram_ptr(s.mr)) ||
        s.start > ppage || ppage + tp - 1 > s.start + s.size - 1) {
        return NULL;
    }
    v->ram_start = s.start;
    v->ram_size = s.size;
    v->ram_host = ram + s.offset;
    v->ram_rom = mr_is_rom(s.mr);
    *rom = v->ram_rom;
    return v->ram_host + (ppage - s.start);
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr,
                  unsigned prot, int mmu_idx, uint64_t page_size)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    CPUTLBDesc *d = &v->tlb[mmu_idx];
    uint64_t tp = ~v->page_mask + 1;
    uint64_t vpage = vaddr & v->page_mask;
    uint64_t ppage, addend = 0, flags = 0;
    unsigned idx = tlb_index(v, d, vpage);
    TCGTLBEntry *e = &d->table[idx];
    TLBEntryFull *f = &d->full[idx];
    uint8_t *host;
    bool rom = false;

    g_assert(mmu_idx >= 0 && (unsigned)mmu_idx < v->ops->nb_mmu_idx);
    if (page_size < tp) {
        page_size = tp;
    }
    /* paddr may be the large page's base or the address itself. */
    ppage = (paddr & ~(page_size - 1)) | (vaddr & (page_size - 1) & ~(tp - 1));
    if (page_size > tp) {
        uint64_t lmask = ~(page_size - 1);

        if (!d->large_mask) {
            d->large_addr = vaddr & lmask;
            d->large_mask = lmask;
        } else if ((d->large_addr ^ vaddr) & d->large_mask ||
                   (d->large_mask & ~lmask)) {
            /* Widen the range until it covers both. */
            while ((d->large_addr ^ vaddr) & lmask & d->large_mask) {
                d->large_mask <<= 1;
            }
            d->large_mask &= lmask;
            d->large_addr &= d->large_mask;
        }
    }

    /* No second copy of the page: the victim's would be stale. */
    for (unsigned k = 0; k < TLB_VICTIM; k++) {
        if (d->vfull[k].paddr != TB_PAGE_NONE && d->vfull[k].vaddr == vpage) {
            tlb_entry_clear(&d->vtable[k], &d->vfull[k]);
        }
    }
    if (f->paddr == TB_PAGE_NONE) {
        d->n_used++;
        /* Three quarters in use: double it (between TBs). */
        if (d->n_used >= (d->mask + 1) / 4 * 3 && d->bits < TLB_BITS_MAX) {
            d->new_bits = d->bits + 1;
            v->tlb_resize_pending |= 1u << mmu_idx;
        }
    } else if (f->vaddr != vpage) {
        /* Evicted by a conflict: keep it nearby. */
        unsigned k = d->vnext++ % TLB_VICTIM;

        d->vtable[k] = *e;
        d->vfull[k] = *f;
    }

    host = tlb_ram_page(v, ppage, tp, &rom);
    if (host) {
        addend = (uintptr_t)host - vpage;
    } else {
        flags |= TLB_MMIO;
    }

    e->addend = addend;
    e->addr_read = prot & PAGE_READ ? vpage | flags : TLB_INVALID;
    e->addr_code = prot & PAGE_EXEC ? vpage | flags : TLB_INVALID;
    if (prot & PAGE_WRITE) {
        uint64_t wflags = flags;

        if (host && rom) {
            wflags |= TLB_MMIO; /* the memory API logs and drops it */
        } else if (host && tb_page_has_code(ppage)) {
            wflags |= TLB_NOTDIRTY;
        }
        e->addr_write = vpage | wflags;
    } else {
        e->addr_write = TLB_INVALID;
    }
    if (tcg_debug_enabled() && tcg_debug_wp_page(vaddr, v->page_mask)) {
        /* A gdb watchpoint on the page: data accesses take the slow path. */
        if (!(e->addr_read & TLB_INVALID)) {
            e->addr_read |= TLB_WATCHPOINT;
        }
        if (!(e->addr_write & TLB_INVALID)) {
            e->addr_write |= TLB_WATCHPOINT;
        }
    }
    f->paddr = ppage;
    f->vaddr = vpage;
    f->prot = prot;
    tcg_exec.stats.tlb_fills++;
    log_mask(LOG_MMU, "tlb_set_page %016" G_GINT64_MODIFIER "x -> %016"
             G_GINT64_MODIFIER "x prot %x idx %d%s\n",
             vpage, ppage, prot, mmu_idx, host ? "" : " mmio");
}

static void tlb_entry_notdirty(TCGTLBEntry *e, const TLBEntryFull *f,
                               uint64_t page, bool set)
{
    if (f->paddr != page || (e->addr_write & (TLB_INVALID | TLB_MMIO))) {
        return;
    }
    if (set) {
        e->addr_write |= TLB_NOTDIRTY;
    } else {
        e->addr_write &= ~(uint64_t)TLB_NOTDIRTY;
    }
}

/*
 * Set or clear TLB_NOTDIRTY on every write entry of every vCPU that maps
 * physical page.  All vCPUs run on this thread, so their TLBs may be
 * edited here.
 */
static void tlb_set_notdirty(uint64_t page, bool set)
{
    for (guint c = 0; tcg_exec.vcpus && c < tcg_exec.vcpus->len; c++) {
        TCGVCPU *v = tcg_vcpu(g_ptr_array_index(tcg_exec.vcpus, c));

        for (unsigned i = 0; i < v->ops->nb_mmu_idx * TLB_CTX_SETS; i++) {
            CPUTLBDesc *d = &v->ctx_tlb[i / v->ops->nb_mmu_idx]
                                       [i % v->ops->nb_mmu_idx];

            for (uint64_t j = 0; d->n_used && j <= d->mask; j++) {
                tlb_entry_notdirty(&d->table[j], &d->full[j], page, set);
            }
            for (unsigned k = 0; k < TLB_VICTIM; k++) {
                tlb_entry_notdirty(&d->vtable[k], &d->vfull[k], page, set);
            }
        }
    }
}

void tlb_protect_code(uint64_t page)
{
    tlb_set_notdirty(page, true);
}

void tlb_unprotect_code(uint64_t page)
{
    tlb_set_notdirty(page, false);
}

/*
 * A miss in the table: the entry for addr may be in the victim table,
 * evicted by a page with the same index.  Swap it back in.
 */
static bool tlb_victim_lookup(TCGVCPU *v, CPUTLBDesc *d, unsigned idx,
                              uint64_t addr, MMUAccessType access)
{
    for (unsigned k = 0; k < TLB_VICTIM; k++) {
        TCGTLBEntry *ve = &d->vtable[k];

        if (tlb_hit(tlb_tag(ve, access), addr, v->page_mask)) {
            TCGTLBEntry te = d->table[idx];
            TLBEntryFull tf = d->full[idx];

            if (tf.paddr == TB_PAGE_NONE) {
                d->n_used++;
            }
            d->table[idx] = *ve;
            d->full[idx] = d->vfull[k];
            *ve = te;
            d->vfull[k] = tf;
            tcg_exec.stats.tlb_victim_hits++;
            return true;
        }
    }
    return false;
}

/* Find or fill the entry for addr; returns it, with full. */
static TCGTLBEntry *tlb_entry_fill(CPUState *cpu, uint64_t addr, int size,
                                   MMUAccessType access, int mmu_idx,
                                   bool probe, uintptr_t retaddr,
                                   TLBEntryFull **full)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    CPUTLBDesc *d = &v->tlb[mmu_idx];
    unsigned idx = tlb_index(v, d, addr);
    TCGTLBEntry *e = &d->table[idx];

    if (!tlb_hit(tlb_tag(e, access), addr, v->page_mask) &&
        !tlb_victim_lookup(v, d, idx, addr, access)) {
        if (!v->ops->tlb_fill(cpu, addr, size, access, mmu_idx, probe,
                              retaddr)) {
            return NULL;
        }
        /* The target installed something else: that is its bug. */
        g_assert(tlb_hit(tlb_tag(e, access), addr, v->page_mask));
    }
    *full = &d->full[idx];
    return e;
}

uint64_t tlb_get_page_code(CPUState *cpu, uint64_t pc, bool probe,
                           void **host)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    int mmu_idx = v->ops->mmu_index(cpu, true);
    TLBEntryFull *full;
    TCGTLBEntry *e =
        tlb_entry_fill(cpu, pc, 1, MMU_INST_FETCH, mmu_idx, probe, 0, &full);

    if (!e) {
        *host = NULL;
        return TB_PAGE_NONE;
    }
    *host = e->addr_code & TLB_MMIO
                ? NULL
                : (void *)(uintptr_t)((pc & v->page_mask) + e->addend);
    return full->paddr;
}

static void tlb_check_align(CPUState *cpu, uint64_t addr, MemOp op,
                            MMUAccessType access, int mmu_idx,
                            uintptr_t retaddr)
{
    unsigned a = memop_alignment_bits(op);
    const TCGCPUOps *ops = tcg_vcpu(cpu)->ops;

    if ((addr & ((1ull << a) - 1)) && ops->do_unaligned_access) {
        ops->do_unaligned_access(cpu, addr, access, mmu_idx, retaddr);
        g_assert_not_reached();
    }
}

static uint64_t io_access(CPUState *cpu, uint64_t paddr, unsigned size,
                          uint64_t val, bool is_write)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    bool locked = machine_lock_held();
    MemTxResult r;

    if (!locked) {
        machine_lock();
    }
    if (is_write) {
        r = as_store(v->as, paddr, size, val);
    } else {
        r = as_load(v->as, paddr, size, &val);
    }
    if (!locked) {
        machine_unlock();
    }
    if (r != MEMTX_OK) {
        log_guest_error("%s of %u bytes at physical %#" G_GINT64_MODIFIER
                        "x failed\n", is_write ? "write" : "read", size,
                        paddr);
    }
    tcg_exec.stats.mmio_accesses++;
    return is_write ? 0 : val;
}

/* Raw little-endian bytes of an access within one page. */
static uint64_t tlb_load_page(CPUState *cpu, uint64_t addr, unsigned size,
                              int mmu_idx, uintptr_t retaddr)
{
    TLBEntryFull *full;
    TCGTLBEntry *e = tlb_entry_fill(cpu, addr, size, MMU_DATA_LOAD, mmu_idx,
                                    false, retaddr, &full);
    TCGVCPU *v = tcg_vcpu(cpu);

    if (e->addr_read & TLB_MMIO) {
        return io_access(cpu, full->paddr | (addr & ~v->page_mask), size, 0,
                         false);
    }
    return host_read(addr + e->addend, size);
}

static uint64_t tlb_load(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                         uintptr_t retaddr)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    unsigned size = memop_size(op);
    uint64_t off = addr & ~v->page_mask;
    uint64_t raw;

    tlb_check_align(cpu, addr, op, MMU_DATA_LOAD, mmu_idx, retaddr);
    if (tcg_debug_enabled()) {
        tcg_debug_check_wp(cpu, addr, size, false, retaddr);
    }
    if (off + size <= ~v->page_mask + 1) {
        raw = tlb_load_page(cpu, addr, size, mmu_idx, retaddr);
    } else {
        /* Crossing a page: each part through its own entry. */
        unsigned first = ~v->page_mask + 1 - off;
        uint64_t lo = tlb_load_page(cpu, addr, first, mmu_idx, retaddr);
        uint64_t hi = tlb_load_page(cpu, addr + first, size - first,
                                    mmu_idx, retaddr);

        raw = lo | hi << (8 * first);
    }
    return memop_extend(raw, op);
}

/*
 * A store to a page holding code: invalidate the TBs it overlaps.  If
 * one of them is the TB running this store, that TB must not go on
 * with stale code after it, and the store may even rewrite its own
 * instruction: so nothing is stored yet, the CPU state goes back to the
 * store's instruction and the loop runs that one instruction again in a
 * one-shot TB (TB_CF_ONESHOT), whose store then completes.
 */
static void tlb_notdirty_write(CPUState *cpu, uint64_t paddr, unsigned size,
                               uintptr_t retaddr)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    TranslationBlock *cur = retaddr ? tcg_exec.engine->find(retaddr) : NULL;

    tcg_exec.stats.notdirty_writes++;
    if (cur && (cur->cflags & TB_CF_ONESHOT)) {
        cur = NULL;
    }
    if (tb_invalidate_phys_range(paddr, size, cur)) {
        tcg_exec.stats.smc_exits++;
        cpu_restore_state(cpu, retaddr);
        v->cflags_next_tb = TB_CF_ONESHOT;
        cpu->exception_index = -1;
        cpu_loop_exit(cpu);
    }
    if (!tb_page_has_code(paddr & v->page_mask)) {
        tlb_unprotect_code(paddr & v->page_mask);
    }
}

static TCGTLBEntry *tlb_store_prepare(CPUState *cpu, uint64_t addr,
                                      unsigned size, int mmu_idx,
                                      uintptr_t retaddr, TLBEntryFull **full)
{
    return tlb_entry_fill(cpu, addr, size, MMU_DATA_STORE, mmu_idx, false,
                          retaddr, full);
}

static void tlb_store_page(CPUState *cpu, TCGTLBEntry *e, TLBEntryFull *full,
                           uint64_t addr, unsigned size, uint64_t val)
{
    TCGVCPU *v = tcg_vcpu(cpu);

    if (e->addr_write & TLB_MMIO) {
        io_access(cpu, full->paddr | (addr & ~v->page_mask), size, val, true);
        return;
    }
    host_write(addr + e->addend, val, size);
}

static void tlb_store(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                      int mmu_idx, uintptr_t retaddr)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    unsigned size = memop_size(op);
    uint64_t off = addr & ~v->page_mask;
    unsigned first = MIN(size, ~v->page_mask + 1 - off);
    TCGTLBEntry *e[2] = {NULL, NULL};
    TLBEntryFull *full[2] = {NULL, NULL};

    tlb_check_align(cpu, addr, op, MMU_DATA_STORE, mmu_idx, retaddr);
    if (tcg_debug_enabled()) {
        tcg_debug_check_wp(cpu, addr, size, true, retaddr);
    }
    if (op & MO_BSWAP) {
        val = __builtin_bswap64(val) >> (64 - 8 * size);
    }
    /* Every page is translated (and may fault) before a byte is
       stored, and code is invalidated before it. */
    e[0] = tlb_store_prepare(cpu, addr, first, mmu_idx, retaddr, &full[0]);
    if (first < size) {
        /* Adjacent pages have different indexes: e[0] stays. */
        e[1] = tlb_store_prepare(cpu, addr + first, size - first, mmu_idx,
                                 retaddr, &full[1]);
    }
    for (unsigned i = 0; i < 2 && e[i]; i++) {
        if (e[i]->addr_write & TLB_NOTDIRTY) {
            uint64_t a = i ? addr + first : addr;

            tlb_notdirty_write(cpu, full[i]->paddr | (a & ~v->page_mask),
                               i ? size - first : first, retaddr);
        }
    }
    tlb_store_page(cpu, e[0], full[0], addr, first, val);
    if (e[1]) {
        tlb_store_page(cpu, e[1], full[1], addr + first, size - first,
                       val >> (8 * first));
    }
}

/*
 * The hooks get env only: the vCPU is the one this thread runs.  They
 * are the outermost TLB calls (page walks come back in through
 * cpu_ld_mmu), so no entry pointer is held here and a table waiting
 * to grow can do it now rather than at the next return to the loop,
 * which a long chained loop may not make.
 */
static uint64_t tlb_hook_load(void *env, uint64_t addr, MemOp op,
                              int mmu_idx, uintptr_t retaddr)
{
    CPUState *cpu = tcg_current_cpu;

    if (tcg_vcpu(cpu)->tlb_resize_pending) {
        tlb_resize(cpu);
    }
    return tlb_load(cpu, addr, op, mmu_idx, retaddr);
}

static void tlb_hook_store(void *env, uint64_t addr, uint64_t val, MemOp op,
                           int mmu_idx, uintptr_t retaddr)
{
    CPUState *cpu = tcg_current_cpu;

    if (tcg_vcpu(cpu)->tlb_resize_pending) {
        tlb_resize(cpu);
    }
    tlb_store(cpu, addr, val, op, mmu_idx, retaddr);
}

const TCGGuestMemHooks tlb_guest_mem_hooks = {
    .load = tlb_hook_load,
    .store = tlb_hook_store,
};

/*
 * Helpers and page walks (every descriptor read) come here.  First what
 * generated code's fast path does: a naturally aligned access to a RAM
 * page with no flag in its tag; anything else takes the slow path.
 */
uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                    uintptr_t retaddr)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    CPUTLBDesc *d = &v->tlb[mmu_idx];
    unsigned size = memop_size(op);
    const TCGTLBEntry *e = &d->table[tlb_index(v, d, addr)];

    if (!(addr & (size - 1)) &&
        (e->addr_read & (v->page_mask | TLB_FLAGS_MASK)) ==
            (addr & v->page_mask)) {
        return memop_extend(host_read(addr + e->addend, size), op);
    }
    return tlb_load(cpu, addr, op, mmu_idx, retaddr);
}

void cpu_st_mmu(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                int mmu_idx, uintptr_t retaddr)
{
    tlb_store(cpu, addr, val, op, mmu_idx, retaddr);
}
