/*
 * The block cache: TBs found by (virtual PC, physical PC, mode flags) in
 * one hash table behind a per-vCPU direct-mapped jump cache; goto_tb
 * links between TBs and their undoing; per physical page lists of the
 * TBs whose guest code lies there, so a guest write to the page can
 * invalidate them; and the whole-cache flush when the code buffer fills.
 *
 * Invalidated TBs are unlinked and forgotten but their code stays where
 * it is until the next flush: another TB may still be running it (a TB
 * that rewrites a later instruction of itself runs on to the store's
 * end), and neither engine can reuse part of a buffer anyway.  Flushes
 * only happen between TBs, on the vCPU thread (tb_gen_code and the loop),
 * so no code is ever freed under a running TB.
 */
#include <string.h>

#include "accel/tcg/internal.h"
#include "tcg/interp.h"
#include "util/clock.h"
#include "util/log.h"

TCGExecGlobals tcg_exec;

/*
 * 128 K chains: the Linux boot keeps ~56 K TBs, and with 32 K chains a
 * lookup walked 2.7 TBs on average, a cache miss each (tb_lookup_slow
 * 4.7% -> 3.4% of the boot).
 */
#define TB_HASH_BITS 17
#define TB_HASH_SIZE (1u << TB_HASH_BITS)

static TranslationBlock *tb_hash[TB_HASH_SIZE];
static GHashTable *tb_pages; /* physical page -> (TB | n) list head */
static GPtrArray *tb_all;    /* every TB the buffer holds, for flushes */

/*
 * How many pages in tb_pages fall in each bucket of page numbers: a
 * zero answers tb_page_has_code (called on every TLB fill of a
 * writable page) without the hash lookup.
 */
#define TB_PAGE_FILTER_BITS 14
static uint32_t tb_page_filter[1u << TB_PAGE_FILTER_BITS];

static inline uint32_t *tb_page_filter_of(uint64_t page)
{
    return &tb_page_filter[(page >> TLB_PAGE_BITS_MIN) &
                           ((1u << TB_PAGE_FILTER_BITS) - 1)];
}

/* The interpreter as an engine. */

static bool interp_compile(TCGContext *s, TranslationBlock *tb)
{
    TCGInterpCode *code = tcg_interp_compile(s);

    tcg_interp_set_opaque(code, tb);
    tb->code = code;
    tb->code_size = tcg_interp_code_size(code);
    return true;
}

static uintptr_t interp_exec(TranslationBlock *tb, void *env)
{
    return tcg_interp_exec(tb->code, env);
}

static void interp_set_jump(TranslationBlock *tb, unsigned n,
                            TranslationBlock *dest)
{
    tcg_interp_set_jump(tb->code, n, dest ? dest->code : NULL);
}

static TranslationBlock *interp_find(uintptr_t retaddr)
{
    const TCGInterpCode *code = tcg_interp_current();
    uint64_t data[TCG_INSN_START_WORDS];

    /* retaddr points into the code this thread runs, if into any. */
    if (!code || !retaddr || !tcg_interp_restore(code, retaddr, data)) {
        return NULL;
    }
    return tcg_interp_get_opaque(code);
}

static bool interp_restore(TranslationBlock *tb, uintptr_t retaddr,
                           uint64_t data[TCG_INSN_START_WORDS])
{
    return tcg_interp_restore(tb->code, retaddr, data);
}

static uintptr_t interp_ptr_miss(void)
{
    return 0;
}

static void interp_free_code(TranslationBlock *tb)
{
    tcg_interp_free(tb->code);
    tb->code = NULL;
}

static void interp_reset(void)
{
}

static bool interp_init(size_t capacity, GError **errp)
{
    return true;
}

const TCGEngine tcg_engine_interp = {
    .name = "interp",
    .init = interp_init,
    .compile = interp_compile,
    .exec = interp_exec,
    .set_jump = interp_set_jump,
    .find = interp_find,
    .restore = interp_restore,
    .ptr_miss = interp_ptr_miss,
    .free_code = interp_free_code,
    .reset = interp_reset,
};

/* The cache. */

void tb_cache_init(const TCGEngine *engine, size_t capacity)
{
    if (tb_all) {
        tb_flush_all();
    } else {
        tb_all = g_ptr_array_new();
        tb_pages = g_hash_table_new(g_int64_hash, g_int64_equal);
    }
    tcg_exec.engine = engine;
    tcg_exec.capacity = capacity;
    tcg_exec.stats.code_capacity = capacity;
}

static inline uint32_t tb_hash_func(uint64_t pc, uint64_t phys_pc,
                                    uint32_t flags)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull;

    h ^= (phys_pc + flags) * 0xc2b2ae3d27d4eb4full;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

/* The jump cache missed: the hash table (tb_lookup, internal.h). */
TranslationBlock *tb_lookup_slow(CPUState *cpu, uint64_t pc, uint32_t flags,
                                 bool probe)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    TranslationBlock *tb;
    uint64_t phys;
    void *host;

    phys = tlb_get_page_code(cpu, pc, probe, &host);
    if (phys == TB_PAGE_NONE) {
        return NULL;
    }
    phys |= pc & ~v->page_mask;
    for (tb = tb_hash[tb_hash_func(pc, phys, flags)]; tb;
         tb = tb->hash_next) {
        if (tb->pc == pc && tb->phys_pc == phys && tb->flags == flags) {
            tcg_exec.stats.hash_hits++;
            tb_jc_set(v, pc, tb);
            return tb;
        }
    }
    return NULL;
}

/* Page lists: tagged (TB | n) pointers through tb->page_next[n]. */

static uintptr_t *tb_page_head(uint64_t page, bool create)
{
    uintptr_t *head = g_hash_table_lookup(tb_pages, &page);

    if (!head && create) {
        /* One allocation: the key, then the list head. */
        uint64_t *key = g_new0(uint64_t, 2);

        key[0] = page;
        head = (uintptr_t *)&key[1];
        g_hash_table_insert(tb_pages, key, head);
        (*tb_page_filter_of(page))++;
    }
    return head;
}

bool tb_page_has_code(uint64_t page)
{
    uintptr_t *head;

    if (!*tb_page_filter_of(page)) {
        return false;
    }
    head = tb_page_head(page, false);

    return head && *head;
}

static void tb_page_add(TranslationBlock *tb, unsigned n)
{
    uintptr_t *head = tb_page_head(tb->page_addr[n], true);
    bool was_empty = *head == 0;

    tb->page_next[n] = *head;
    *head = (uintptr_t)tb | n;
    if (was_empty) {
        tlb_protect_code(tb->page_addr[n]);
    }
}

static void tb_page_remove(TranslationBlock *tb, unsigned n)
{
    uintptr_t *head = tb_page_head(tb->page_addr[n], false);
    uintptr_t *p = head;

    g_assert(head);
    while (*p != ((uintptr_t)tb | n)) {
        TranslationBlock *t = (TranslationBlock *)(*p & ~(uintptr_t)3);

        g_assert(*p);
        p = &t->page_next[*p & 3];
    }
    *p = tb->page_next[n];
    if (!*head) {
        tlb_unprotect_code(tb->page_addr[n]);
        g_hash_table_remove(tb_pages, &tb->page_addr[n]);
        g_free((uint64_t *)head - 1);
        (*tb_page_filter_of(tb->page_addr[n]))--;
    }
}

/* Chaining. */

void tb_add_jump(TranslationBlock *tb, unsigned n, TranslationBlock *dest)
{
    g_assert(n < 2);
    if (tb->jmp_dest[n] || (tb->cflags | dest->cflags) &
                               (TB_CF_INVALID | TB_CF_ONESHOT)) {
        return;
    }
    tb->jmp_dest[n] = dest;
    tb->jmp_in_next[n] = dest->jmp_in;
    dest->jmp_in = (uintptr_t)tb | n;
    tcg_exec.engine->set_jump(tb, n, dest);
    tcg_exec.stats.chain_patches++;
}

static void tb_unlink_outgoing(TranslationBlock *tb, unsigned n)
{
    TranslationBlock *dest = tb->jmp_dest[n];
    uintptr_t *p;

    if (!dest) {
        return;
    }
    for (p = &dest->jmp_in; *p != ((uintptr_t)tb | n);) {
        TranslationBlock *t = (TranslationBlock *)(*p & ~(uintptr_t)3);

        g_assert(*p);
        p = &t->jmp_in_next[*p & 3];
    }
    *p = tb->jmp_in_next[n];
    tb->jmp_dest[n] = NULL;
    tcg_exec.engine->set_jump(tb, n, NULL);
    tcg_exec.stats.chain_unlinks++;
}

/* Forget tb: no lookup finds it, no TB jumps to it any more. */
void tb_phys_invalidate(TranslationBlock *tb)
{
    TranslationBlock **pp;

    if (tb->cflags & TB_CF_INVALID) {
        return;
    }
    tb->cflags |= TB_CF_INVALID;
    pp = &tb_hash[tb_hash_func(tb->pc, tb->phys_pc, tb->flags)];
    while (*pp != tb) {
        pp = &(*pp)->hash_next;
    }
    *pp = tb->hash_next;
    for (unsigned n = 0; n < 2; n++) {
        if (tb->page_addr[n] != TB_PAGE_NONE) {
            tb_page_remove(tb, n);
        }
    }
    for (guint i = 0; i < tcg_exec.vcpus->len; i++) {
        TCGVCPU *v = tcg_vcpu(g_ptr_array_index(tcg_exec.vcpus, i));
        uint32_t h = tb_jc_hash(tb->pc);

        for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
            if (v->ctx_jc[c]->tb[h] == tb) {
                v->ctx_jc[c]->tb[h] = NULL;
            }
        }
    }
    tb_unlink_outgoing(tb, 0);
    tb_unlink_outgoing(tb, 1);
    while (tb->jmp_in) {
        TranslationBlock *src = (TranslationBlock *)(tb->jmp_in & ~3ul);

        tb_unlink_outgoing(src, tb->jmp_in & 3);
    }
    tcg_exec.stats.invalidations++;
    tcg_exec.stats.live_tbs--;
}

/* Guest bytes of tb that lie on physical page n. */
static void tb_page_range(TranslationBlock *tb, unsigned n, uint64_t page_size,
                          uint64_t *start, uint64_t *end)
{
    uint64_t first = MIN(tb->size, tb->page_addr[0] + page_size - tb->phys_pc);

    if (n == 0) {
        *start = tb->phys_pc;
        *end = tb->phys_pc + MAX(first, 1);
    } else {
        *start = tb->page_addr[1];
        *end = tb->page_addr[1] + (tb->size - first);
    }
}

bool tb_invalidate_phys_range(uint64_t paddr, uint64_t len,
                              TranslationBlock *current)
{
    uint64_t page_size = 1ull << tcg_vcpu(g_ptr_array_index(
                                     tcg_exec.vcpus, 0))->page_bits;
    uint64_t end = paddr + len;
    bool hit_current = false;

    for (uint64_t page = paddr & ~(page_size - 1); page < end;
         page += page_size) {
        uintptr_t *head = tb_page_head(page, false);
        uintptr_t e = head ? *head : 0;

        while (e) {
            TranslationBlock *tb = (TranslationBlock *)(e & ~(uintptr_t)3);
            unsigned n = e & 3;
            uint64_t s, t;

            /* tb_phys_invalidate may free the list: step first. */
            e = tb->page_next[n];
            tb_page_range(tb, n, page_size, &s, &t);
            if (s < end && paddr < t) {
                hit_current |= tb == current;
                tb_phys_invalidate(tb);
            }
        }
    }
    return hit_current;
}

/* Ranges written by other threads, dropped by the vCPU thread. */
static GMutex tb_queue_lock;
static GArray *tb_queue;        /* of uint64_t pairs: addr, len */

void tb_invalidate_queue(uint64_t paddr, uint64_t len)
{
    uint64_t range[2] = { paddr, len };

    g_mutex_lock(&tb_queue_lock);
    if (!tb_queue) {
        tb_queue = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    g_array_append_vals(tb_queue, range, 2);
    g_mutex_unlock(&tb_queue_lock);
}

void tb_invalidate_drain(void)
{
    GArray *q;

    if (!tb_queue || !g_atomic_int_get(&tb_queue->len)) {
        return;
    }
    g_mutex_lock(&tb_queue_lock);
    q = tb_queue;
    tb_queue = NULL;
    g_mutex_unlock(&tb_queue_lock);
    for (guint i = 0; q && i + 1 < q->len; i += 2) {
        tb_invalidate_phys_range(g_array_index(q, uint64_t, i),
                                 g_array_index(q, uint64_t, i + 1), NULL);
    }
    if (q) {
        g_array_free(q, TRUE);
    }
}

void tb_jc_clear(TBJumpCache *jc)
{
    G_STATIC_ASSERT(TB_JC_RUNS % 64 == 0);
    /* Linux flushes the TLB (and so this) thousands of times a second
       at boot, with few pages run in between. */
    for (unsigned w = 0; w < TB_JC_RUNS / 64; w++) {
        while (jc->runs[w]) {
            unsigned run = w * 64 + (unsigned)__builtin_ctzll(jc->runs[w]);

            memset(&jc->tb[run * TB_JC_PAGE_SLOTS], 0,
                   TB_JC_PAGE_SLOTS * sizeof(jc->tb[0]));
            jc->pages[run] = 0;
            jc->runs[w] &= jc->runs[w] - 1;
        }
    }
}

/* Every context's jump cache: the mappings may change in any of them. */
void tb_jmp_cache_clear(TCGVCPU *v)
{
    for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
        tb_jc_clear(v->ctx_jc[c]);
    }
}

static void tb_jc_clear_page(TCGVCPU *v, TBJumpCache *jc, uint64_t vpage)
{
    /* Each 4 KiB part of the page has its run of slots (tb_jc_hash). */
    unsigned parts = 1u << (v->page_bits - TB_JC_PAGE_SHIFT);
    unsigned first = 0, n = TB_JMP_CACHE_SIZE;

    for (unsigned p = 0; p < parts; p++) {
        if (parts * TB_JC_PAGE_SLOTS < TB_JMP_CACHE_SIZE) {
            uint64_t part = vpage + ((uint64_t)p << TB_JC_PAGE_SHIFT);

            first = tb_jc_hash(part) & ~(TB_JC_PAGE_SLOTS - 1);
            n = TB_JC_PAGE_SLOTS;
            if (!(jc->pages[first / TB_JC_PAGE_SLOTS] &
                  tb_jc_page_bit(part))) {
                continue;   /* no TB of this part in its run */
            }
        }
        for (unsigned i = first; i < first + n; i++) {
            if (jc->tb[i] && (jc->tb[i]->pc & v->page_mask) == vpage) {
                jc->tb[i] = NULL;
            }
        }
        if (n == TB_JMP_CACHE_SIZE) {
            break;
        }
    }
}

void tb_jmp_cache_clear_page(TCGVCPU *v, uint64_t vpage)
{
    for (unsigned c = 0; c < TLB_CTX_SETS; c++) {
        tb_jc_clear_page(v, v->ctx_jc[c], vpage);
    }
}

static void tb_free(TranslationBlock *tb)
{
    if (tb->code) {
        tcg_exec.engine->free_code(tb);
    }
    g_free(tb);
}

void tb_free_oneshot(TCGVCPU *v)
{
    if (v->oneshot) {
        tb_free(v->oneshot);
        v->oneshot = NULL;
    }
    if (v->translating) {
        tb_free(v->translating);
        v->translating = NULL;
    }
}

/*
 * Empty the cache.  Only between TBs on the vCPU thread: code a TB is
 * running must not go.  Each vCPU's last_tb dies with it, which the loop
 * notices through flush_gen.
 */
void tb_flush_all(void)
{
    GHashTableIter it;
    gpointer key;

    for (guint i = 0; i < tb_all->len; i++) {
        tb_free(g_ptr_array_index(tb_all, i));
    }
    g_ptr_array_set_size(tb_all, 0);
    memset(tb_hash, 0, sizeof(tb_hash));
    g_hash_table_iter_init(&it, tb_pages);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        tlb_unprotect_code(*(uint64_t *)key);
        g_hash_table_iter_remove(&it);
        g_free(key);
    }
    memset(tb_page_filter, 0, sizeof(tb_page_filter));
    for (guint i = 0; tcg_exec.vcpus && i < tcg_exec.vcpus->len; i++) {
        TCGVCPU *v = tcg_vcpu(g_ptr_array_index(tcg_exec.vcpus, i));

        tb_jmp_cache_clear(v);
        v->last_tb = NULL;
    }
    if (tcg_exec.engine) {
        tcg_exec.engine->reset();
    }
    tcg_exec.used = 0;
    tcg_exec.flush_gen++;
    tcg_exec.stats.flushes++;
    tcg_exec.stats.live_tbs = 0;
    tcg_exec.stats.code_bytes = 0;
}

/*
 * Translate the TB at (pc, flags).  The guest code fetch may fault
 * (longjmp to the loop, which frees v->translating).  A one-shot TB is
 * neither cached nor linked; the loop frees it after it ran.
 */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags,
                              uint32_t cflags)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    TranslationBlock *tb;
    /* Timed only when asked: two clock reads are ~1% of a translation. */
    int64_t t0 = log_enabled(LOG_TB_STATS) ? clock_get_ns(KCLOCK_REALTIME)
                                            : 0;

    if (tcg_exec.used >= tcg_exec.capacity) {
        tb_flush_all();
    }
    for (;;) {
        tb = g_new0(TranslationBlock, 1);
        tb->pc = pc;
        tb->flags = flags;
        tb->cflags = cflags;
        v->translating = tb;
        translator_loop(cpu, tb,
                        cflags & TB_CF_ONESHOT ? 1 : TB_MAX_INSNS);
        tcg_run_passes(tcg_exec.ctx, true);
        if (tcg_exec.engine->compile(tcg_exec.ctx, tb)) {
            break;
        }
        /* The buffer is full: start it over and translate again. */
        v->translating = NULL;
        tb_free(tb);
        tb_flush_all();
    }
    v->translating = NULL;
    tcg_exec.used += tb->code_size;
    tcg_exec.stats.tbs_translated++;
    tcg_exec.stats.insns_translated += tb->icount;
    tcg_exec.stats.code_bytes = tcg_exec.used;
    tcg_exec.stats.code_bytes_total += tb->code_size;
    if (t0) {
        tcg_exec.stats.translate_ns += clock_get_ns(KCLOCK_REALTIME) - t0;
    }
    g_ptr_array_add(tb_all, tb);
    if (cflags & TB_CF_ONESHOT) {
        /* Freed by the loop once it ran; not in tb_all. */
        g_ptr_array_remove_index_fast(tb_all, tb_all->len - 1);
        return tb;
    }
    tcg_exec.stats.live_tbs++;
    {
        uint32_t h = tb_hash_func(pc, tb->phys_pc, flags);

        tb->hash_next = tb_hash[h];
        tb_hash[h] = tb;
    }
    for (unsigned n = 0; n < 2; n++) {
        if (tb->page_addr[n] != TB_PAGE_NONE) {
            tb_page_add(tb, n);
        }
    }
    tb_jc_set(v, pc, tb);
    return tb;
}

void tcg_exec_flush(void)
{
    if (tb_all) {
        tb_flush_all();
    }
}

void tcg_exec_get_stats(TCGExecStats *out)
{
    *out = tcg_exec.stats;
}

void tcg_exec_print_stats(FILE *out)
{
    const TCGExecStats *s = &tcg_exec.stats;

    fprintf(out, "TB cache (%s engine)\n",
            tcg_exec.engine ? tcg_exec.engine->name : "no");
    fprintf(out, "  TBs translated     %" G_GUINT64_FORMAT
                 " (%" G_GUINT64_FORMAT " guest insns, %.1f per TB)\n",
            s->tbs_translated, s->insns_translated,
            s->tbs_translated ? (double)s->insns_translated /
                                    (double)s->tbs_translated
                              : 0.0);
    if (s->translate_ns) {
        fprintf(out, "  translation time   %.1f ms (%.2f us per TB)\n",
                (double)s->translate_ns / 1e6,
                (double)s->translate_ns / 1e3 / (double)s->tbs_translated);
    }
    fprintf(out, "  TBs in cache       %" G_GUINT64_FORMAT "\n", s->live_tbs);
    fprintf(out, "  code buffer        %" G_GUINT64_FORMAT " / %"
                 G_GUINT64_FORMAT " bytes (%" G_GUINT64_FORMAT
                 " generated)\n",
            s->code_bytes, s->code_capacity, s->code_bytes_total);
    fprintf(out, "  flushes            %" G_GUINT64_FORMAT "\n", s->flushes);
    fprintf(out, "  exits to the loop  %" G_GUINT64_FORMAT
                 " (%" G_GUINT64_FORMAT " exit requests)\n",
            s->exits, s->exit_requests);
    fprintf(out, "  lookups            jump cache %" G_GUINT64_FORMAT
                 ", hash %" G_GUINT64_FORMAT ", miss %" G_GUINT64_FORMAT
                 "\n",
            s->jc_hits, s->hash_hits, s->lookup_misses);
    fprintf(out, "  goto_ptr           %" G_GUINT64_FORMAT " hits, %"
                 G_GUINT64_FORMAT " misses\n",
            s->ptr_hits, s->ptr_misses);
    fprintf(out, "  chaining           %" G_GUINT64_FORMAT " patched, %"
                 G_GUINT64_FORMAT " unlinked\n",
            s->chain_patches, s->chain_unlinks);
    fprintf(out, "  invalidations      %" G_GUINT64_FORMAT
                 " (%" G_GUINT64_FORMAT " notdirty writes, %"
                 G_GUINT64_FORMAT " SMC exits)\n",
            s->invalidations, s->notdirty_writes, s->smc_exits);
    fprintf(out, "  softmmu            %" G_GUINT64_FORMAT " fills, %"
                 G_GUINT64_FORMAT " victim hits, %" G_GUINT64_FORMAT
                 " flushes, %" G_GUINT64_FORMAT " resizes, %"
                 G_GUINT64_FORMAT " MMIO accesses\n",
            s->tlb_fills, s->tlb_victim_hits, s->tlb_flushes,
            s->tlb_resizes, s->mmio_accesses);
    fprintf(out, "  contexts           %" G_GUINT64_FORMAT
                 " switches, %" G_GUINT64_FORMAT " new\n",
            s->tlb_ctx_switches, s->tlb_ctx_misses);
    fprintf(out, "  exceptions         %" G_GUINT64_FORMAT
                 ", interrupts %" G_GUINT64_FORMAT "\n",
            s->exceptions, s->interrupts);
}
