/*
 * Block-cache and softmmu statistics of the TCG accelerator: printed at
 * exit under -d tb_stats, read by the monitor (and by tests) through
 * tcg_exec_get_stats().  Counters only grow, except code_bytes and
 * live_tbs, which a flush resets.  Read from another thread they may be
 * slightly stale (the vCPU thread updates them without locks).
 */
#ifndef ACCEL_TCG_TCG_STATS_H
#define ACCEL_TCG_TCG_STATS_H

#include <stdint.h>
#include <stdio.h>

typedef struct TCGExecStats {
    uint64_t tbs_translated;   /* TBs translated (incl. one-shot) */
    uint64_t insns_translated; /* guest instructions in them */
    uint64_t translate_ns;     /* time spent translating (-d tb_stats) */
    uint64_t live_tbs;         /* in the cache now */
    uint64_t code_bytes;       /* of the code buffer in use now */
    uint64_t code_bytes_total; /* generated since start */
    uint64_t code_capacity;
    uint64_t exits;            /* returns from generated code to the loop */
    uint64_t exit_requests;    /* of which by the TB-entry check */
    uint64_t jc_hits;          /* jump-cache hits (loop and goto_ptr) */
    uint64_t hash_hits;        /* found in the hash table */
    uint64_t lookup_misses;    /* had to translate (or goto_ptr missed) */
    uint64_t ptr_hits;         /* goto_ptr lookups that continued */
    uint64_t ptr_misses;       /* goto_ptr lookups back to the loop */
    uint64_t chain_patches;    /* goto_tb slots linked */
    uint64_t chain_unlinks;    /* goto_tb slots unlinked */
    uint64_t invalidations;    /* TBs invalidated (guest code writes) */
    uint64_t smc_exits;        /* a TB rewrote itself and stopped */
    uint64_t flushes;          /* whole-cache flushes */
    uint64_t tlb_fills;        /* tlb_set_page calls */
    uint64_t tlb_victim_hits;  /* misses the victim TLB answered */
    uint64_t tlb_resizes;      /* tables grown or shrunk */
    uint64_t tlb_flushes;      /* whole, by MMU index or by page */
    uint64_t tlb_ctx_switches; /* translation contexts made current */
    uint64_t tlb_ctx_misses;   /* of which not among the kept ones */
    uint64_t mmio_accesses;    /* slow-path device accesses */
    uint64_t notdirty_writes;  /* writes to pages holding code */
    uint64_t exceptions;       /* cpu_loop_exit to the loop */
    uint64_t interrupts;       /* taken through exec_interrupt */
} TCGExecStats;

void tcg_exec_get_stats(TCGExecStats *out);
void tcg_exec_print_stats(FILE *out);
/*
 * Empty the block cache (all TBs, links, jump caches).  From the vCPU
 * thread or with the vCPUs paused; the monitor's flush and benchmarks.
 */
void tcg_exec_flush(void);

#endif
