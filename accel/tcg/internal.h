/*
 * accel/tcg private interfaces: the TranslationBlock, the per-vCPU state,
 * the engine table (JIT or interpreter) and the calls between the block
 * cache (translate-all.c), the translator loop (translator.c), the
 * softmmu (cputlb.c) and the exec loop (cpu-exec.c).
 *
 * Threads: every vCPU runs on the one round-robin thread, so the block
 * cache, the code buffer and all TLBs are touched by that thread only
 * (memory listeners merely set "pending" flags the loop acts on).  The
 * only cross-thread data are CPUState.exit_request / interrupt_request
 * and the goto_tb links, which engines store atomically.
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel/tcg/cpu-ops.h"
#include "accel/tcg/tcg-stats.h"
#include "accel/tcg/translator.h"
#include "tcg/tcg.h"

typedef struct AddressSpace AddressSpace;

/* Low bits of an exit_tb value: the goto_tb slot taken, or why. */
#define TB_EXIT_MASK 3
#define TB_EXIT_IDX0 0
#define TB_EXIT_IDX1 1
#define TB_EXIT_REQUESTED 3 /* the entry check saw exit_request */

/* TranslationBlock.cflags */
enum {
    TB_CF_ONESHOT = 1 << 0, /* one instruction, run once, never cached */
    TB_CF_INVALID = 1 << 1, /* invalidated: not found, not chained to */
};

#define TB_MAX_INSNS 512
#define TB_PAGE_NONE UINT64_MAX

struct TranslationBlock {
    uint64_t pc;      /* guest virtual PC of the first instruction */
    uint64_t phys_pc; /* guest physical address of its first byte */
    uint32_t flags;   /* CPU mode flags (get_tb_cpu_state) */
    uint32_t cflags;  /* TB_CF_* */
    uint32_t size;    /* guest bytes translated */
    uint32_t icount;  /* guest instructions */
    /* Bytes of each instruction; 0: they differ (icount, cpu-exec.c). */
    uint32_t insn_size;
    /* Physical pages the guest code lies on ([1]: TB_PAGE_NONE). */
    uint64_t page_addr[2];

    /* Engine side: interpreter TCGInterpCode *, or JIT host code. */
    void *code;
    size_t code_size;
    uintptr_t jmp_insn[2];  /* JIT: address of each goto_tb jump */
    uintptr_t jmp_reset[2]; /* JIT: where it goes when unlinked */
    const uint8_t *insn_table; /* JIT: in the code buffer */
    uint32_t insn_table_len;

    /* Block cache links. */
    struct TranslationBlock *hash_next;
    uintptr_t page_next[2]; /* (TB | n) of the next TB on page n's list */
    /* Chaining: where slot n is linked, and who is linked to us. */
    struct TranslationBlock *jmp_dest[2];
    uintptr_t jmp_in;          /* head: (source TB | its slot) */
    uintptr_t jmp_in_next[2];  /* next in jmp_dest[n]'s jmp_in list */
};

/*
 * An engine: how TBs become runnable code and are run, linked and
 * unwound.  The block cache is the same for both.
 */
typedef struct TCGEngine {
    const char *name;
    /* Make (or remake) a code buffer of capacity bytes. */
    bool (*init)(size_t capacity, GError **errp);
    /* Turn the context's op list into tb->code; false if the buffer is
       full (the cache flushes and translates again). */
    bool (*compile)(TCGContext *s, TranslationBlock *tb);
    /* Run from tb; returns the exit_tb value (0: goto_ptr miss). */
    uintptr_t (*exec)(TranslationBlock *tb, void *env);
    /* Link goto_tb slot n of tb to dest (NULL: unlink); atomic. */
    void (*set_jump)(TranslationBlock *tb, unsigned n,
                     TranslationBlock *dest);
    /* The TB whose code holds retaddr, or NULL. */
    TranslationBlock *(*find)(uintptr_t retaddr);
    /* The insn_start words of the instruction at retaddr in tb. */
    bool (*restore)(TranslationBlock *tb, uintptr_t retaddr,
                    uint64_t data[TCG_INSN_START_WORDS]);
    /* What the goto_ptr lookup helper returns for a miss (for a hit:
       tb->code, under either engine). */
    uintptr_t (*ptr_miss)(void);
    /* Release one TB's code (a one-shot TB, or any TB at a flush). */
    void (*free_code)(TranslationBlock *tb);
    /* After every TB's code is released: start the buffer over. */
    void (*reset)(void);
} TCGEngine;

extern const TCGEngine tcg_engine_interp;
/* NULL until the JIT backend is wired in. */
extern const TCGEngine *const tcg_engine_jit;

/*
 * Softmmu state of one vCPU (cputlb.c).  Each MMU index has a
 * direct-mapped table that grows with use between TLB_BITS_MIN and
 * TLB_BITS_MAX entries (log2), and a small fully-associative victim
 * table that catches the entries conflict misses evict.
 */
#define TLB_BITS_MIN 8
#define TLB_BITS_MAX 16
#define TLB_VICTIM 8

typedef struct TLBEntryFull {
    uint64_t paddr; /* physical page address; TB_PAGE_NONE: unused */
    uint64_t vaddr; /* virtual page address (when paddr is set) */
    uint32_t prot;
} TLBEntryFull;

typedef struct CPUTLBDesc {
    TCGTLBEntry *table;         /* [mask + 1] */
    TLBEntryFull *full;         /* [mask + 1] */
    uint64_t mask;              /* entries - 1 */
    unsigned bits;              /* log2 entries */
    unsigned new_bits;          /* what tlb_resize makes it */
    unsigned n_used;            /* entries of table in use */
    unsigned vnext;             /* victim slot to replace next */
    TCGTLBEntry vtable[TLB_VICTIM];
    TLBEntryFull vfull[TLB_VICTIM];
    /* Smallest range covering the large pages installed (mask 0: none). */
    uint64_t large_addr, large_mask;
} CPUTLBDesc;

/*
 * The jump cache: 2^TB_JC_RUN_BITS runs of TB_JC_PAGE_SLOTS slots, one
 * run per 4 KiB page (by a hash of the page number, tb_jc_hash).  The
 * Linux boot runs code from thousands of pages; with 64 runs most of its
 * lookups missed here and went to the hash table (docs/performance.md).
 */
#define TB_JC_RUN_BITS 8
#define TB_JC_OFS_BITS 8
#define TB_JMP_CACHE_BITS (TB_JC_RUN_BITS + TB_JC_OFS_BITS)
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)
#define TB_JC_RUNS (1u << TB_JC_RUN_BITS)

typedef struct TBJumpCache {
    TranslationBlock *tb[TB_JMP_CACHE_SIZE];
    /* Bit n: run n (slots n * TB_JC_PAGE_SLOTS on, see tb_jc_hash) may
       hold a TB; a full clear empties only those. */
    uint64_t runs[TB_JC_RUNS / 64];
    /* Per run, bit tb_jc_page_bit(page) of each page it may hold a TB
       of: a TLBI of a page whose bit is clear has nothing to scan. */
    uint64_t pages[TB_JC_RUNS];
} TBJumpCache;

/*
 * Translation contexts: a target that knows what its translations depend
 * on (ARM: SCTLR, TCR, TTBR0, TTBR1 with their ASIDs) names the current
 * one with tlb_set_context(), and each of the last TLB_CTX_SETS contexts
 * keeps its own TLB tables and jump cache. Going back to a context finds
 * them as they were: the hardware's ASID-tagged TLB does the same, and a
 * TLBI, which may concern any context, flushes all of them. Linux with
 * page-table isolation switches TTBR1 and the ASID on every entry from
 * and return to EL0; refilling the TLB and the jump cache after each was
 * a tenth of its boot.
 */
#define TLB_CTX_SETS 4

/* CPUState.accel_data under TCG. */
typedef struct TCGVCPU {
    CPUState *cpu;
    const TCGCPUOps *ops;
    AddressSpace *as;
    sigjmp_buf jmp_env;        /* cpu_loop_exit lands here */

    TBJumpCache *jc;           /* the current context's */
    TranslationBlock *last_tb; /* to chain from (NULL: do not) */
    unsigned last_slot;
    uint64_t last_flush_gen;   /* flush count when last_tb was valid */
    uint32_t cflags_next_tb;   /* TB_CF_ONESHOT after an SMC exit */
    TranslationBlock *oneshot; /* to free once it has run */
    TranslationBlock *translating; /* freed if translation faults */
    bool tlb_flush_pending;    /* the memory map changed */
    int64_t icount_slice;      /* -icount: insns left of the rr slice */
    /* -icount: the TB running (counted whole at entry), and the PC a
       fault in it restored (UINT64_MAX: none), see cpu-exec.c. */
    uint64_t icount_tb_pc, icount_fault_pc;
    uint32_t icount_tb_insns, icount_tb_insn_size;

    TCGTLBFast *fast;          /* in env, at ops->tlb_fast_ofs */
    unsigned page_bits;
    uint64_t page_mask;        /* ~(page size - 1) */
    CPUTLBDesc *tlb;           /* the current context's [nb_mmu_idx] */
    /* Translation contexts (TLB_CTX_SETS): key, last use (0: free). */
    CPUTLBDesc *ctx_tlb[TLB_CTX_SETS];
    TBJumpCache *ctx_jc[TLB_CTX_SETS];
    uint64_t ctx_key[TLB_CTX_SETS][TLB_CTX_WORDS];
    uint64_t ctx_used[TLB_CTX_SETS], ctx_clock;
    unsigned ctx_cur;
    /* MMU indexes whose table changes size between TBs (bit n). */
    uint32_t tlb_resize_pending;
    /* The last RAM section tlb_set_page found (size 0: none). */
    uint64_t ram_start, ram_size;
    uint8_t *ram_host;
    bool ram_rom;
} TCGVCPU;

static inline TCGVCPU *tcg_vcpu(CPUState *cpu)
{
    return cpu->accel_data;
}

/* The vCPU the calling thread runs (the hooks get only env). */
extern __thread CPUState *tcg_current_cpu;

/* Global state of the block cache (translate-all.c). */
typedef struct TCGExecGlobals {
    const TCGEngine *engine;
    TCGContext *ctx;           /* the one translating context */
    const TCGCPUOps *ops;      /* of the vCPUs (one target per binary run) */
    intptr_t exit_request_ofs; /* from env to CPUState.exit_request */
    size_t capacity, used;     /* code buffer, bytes */
    uint64_t flush_gen;
    GPtrArray *vcpus;          /* CPUState * */
    bool tb_flush_pending;
    /* goto_ptr probes the jump cache in generated code first (-accel
       tcg,goto-ptr=inline, the default) or always calls the helper. */
    bool ptr_inline;
    TCGExecStats stats;
} TCGExecGlobals;

extern TCGExecGlobals tcg_exec;

/* translate-all.c: the block cache. */
void tb_cache_init(const TCGEngine *engine, size_t capacity);
TranslationBlock *tb_lookup_slow(CPUState *cpu, uint64_t pc, uint32_t flags,
                                 bool probe);

/*
 * Jump-cache index of pc: the high half from the 4 KiB page number, the
 * low half from the offset in the page, so that the TBs of one page sit
 * in one run of TB_JC_PAGE_SLOTS entries and a TLBI of one page
 * (tb_jmp_cache_clear_page) scans that run instead of the whole cache.
 */
#define TB_JC_PAGE_SHIFT 12
#define TB_JC_PAGE_SLOTS (1u << TB_JC_OFS_BITS)

static inline uint32_t tb_jc_hash(uint64_t pc);

/* Bits of the page number the run index (tb_jc_hash) does not use. */
static inline uint64_t tb_jc_page_bit(uint64_t pc)
{
    uint64_t page = pc >> TB_JC_PAGE_SHIFT;

    return 1ull << ((page >> TB_JC_RUN_BITS ^ page >> 14) & 63);
}

/* Remember TB in the jump cache of v. */
static inline void tb_jc_set(TCGVCPU *v, uint64_t pc, TranslationBlock *tb)
{
    uint32_t h = tb_jc_hash(pc);

    v->jc->tb[h] = tb;
    v->jc->runs[h >> (TB_JC_OFS_BITS + 6)] |= 1ull
                                              << ((h >> TB_JC_OFS_BITS) & 63);
    v->jc->pages[h >> TB_JC_OFS_BITS] |= tb_jc_page_bit(pc);
}

static inline uint32_t tb_jc_hash(uint64_t pc)
{
    uint64_t page = pc >> TB_JC_PAGE_SHIFT;
    uint32_t hi = (uint32_t)(page ^ (page >> 6) ^ (page >> 12));
    uint32_t lo = (uint32_t)(pc ^ (pc >> 2) ^ (pc >> 10));

    return ((hi << TB_JC_OFS_BITS) | (lo & (TB_JC_PAGE_SLOTS - 1))) &
           (TB_JMP_CACHE_SIZE - 1);
}

/*
 * The TB to run at (pc, flags) in the current mode, or NULL.  probe:
 * called from generated code (the goto_ptr helper), where the code TLB
 * may not fault; a page that cannot be translated is a miss there, and
 * the loop raises the fault when it looks again.  The jump cache is
 * cleared whenever a TLB flush may change the virtual-to-physical
 * mapping, so its virtual key is enough.
 */
static inline TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc,
                                          uint32_t flags, bool probe)
{
    TranslationBlock *tb = tcg_vcpu(cpu)->jc->tb[tb_jc_hash(pc)];

    if (tb && tb->pc == pc && tb->flags == flags) {
        tcg_exec.stats.jc_hits++;
        return tb;
    }
    return tb_lookup_slow(cpu, pc, flags, probe);
}
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags,
                              uint32_t cflags);
void tb_add_jump(TranslationBlock *tb, unsigned n, TranslationBlock *dest);
void tb_phys_invalidate(TranslationBlock *tb);
/* Invalidate every TB with code in [paddr, paddr + len); true if one of
   them is current (the TB whose code holds retaddr). */
/* From a thread other than the vCPU's: queue; the exec loop drains. */
void tb_invalidate_queue(uint64_t paddr, uint64_t len);
void tb_invalidate_drain(void);
bool tb_invalidate_phys_range(uint64_t paddr, uint64_t len,
                              TranslationBlock *current);
bool tb_page_has_code(uint64_t page);
void tb_flush_all(void);
void tb_jc_clear(TBJumpCache *jc);
void tb_jmp_cache_clear(TCGVCPU *v);
void tb_jmp_cache_clear_page(TCGVCPU *v, uint64_t vpage);
void tb_free_oneshot(TCGVCPU *v);

/* translator.c */
void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns);

/* cputlb.c */
void tlb_vcpu_init(CPUState *cpu);
void tlb_vcpu_free(CPUState *cpu);
/* Between TBs: give the tables marked in tlb_resize_pending their size. */
void tlb_resize(CPUState *cpu);
extern const TCGGuestMemHooks tlb_guest_mem_hooks;
/* Physical page of the code at pc, filling the code TLB (may fault);
   host: the RAM page, or NULL if it is not RAM. */
uint64_t tlb_get_page_code(CPUState *cpu, uint64_t pc, bool probe,
                           void **host);
/* Code on page now: writes to it must take the slow path, or not. */
void tlb_protect_code(uint64_t page);
void tlb_unprotect_code(uint64_t page);

/* cpu-exec.c */
int tcg_cpu_exec(CPUState *cpu);
/* The instruction at retaddr (in a TB) becomes the CPU state. */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);

#endif
