/*
 * The translator loop (translator.h): drives a target's TranslatorOps over
 * one TB, fetches guest code through the code TLB and records the
 * physical pages the TB spans; plus the services frontends end TBs with.
 *
 * Every TB starts with the exit-request check: one 32-bit load of
 * CPUState.exit_request, at a fixed offset from env (the target keeps
 * env in the same allocation as its CPUState, so the offset is one
 * constant for all vCPUs; tcg_vcpu_create checks it), and a branch to an
 * exit_tb(tb | TB_EXIT_REQUESTED) placed after the frontend's code.  The
 * check comes before any of the TB's instructions, so a TB that leaves
 * through it did nothing and the loop sets the PC to tb->pc.
 */
#include <string.h>

#include "accel/tcg/coverage.h"
#include "accel/tcg/debug.h"
#include "accel/tcg/icount.h"
#include "accel/tcg/internal.h"
#include "hw/core/memory.h"
#include "tcg/tcg-op.h"
#include "util/log.h"

/*
 * The TB being translated: its guest pages.  A TB spans at most two (the
 * loop stops at a page end, so only its last instruction may cross).
 */
static __thread struct {
    DisasContextBase *db;
    /* The target's context (DisasContextBase first), in memory so it
       can be read again after a longjmp. */
    void *buf;
    size_t buf_size;
    uint64_t vpage[2];
    void *host[2];          /* RAM of the page, or NULL: read by as_load */
    bool restart;           /* a later page faulted: stop before the insn */
    sigjmp_buf restart_jmp;
} tr;

/* Frees the thread's context buffer (tr.buf) when the vCPU thread ends. */
static GPrivate tr_buf_owner = G_PRIVATE_INIT(g_free);

/* Map the page of pc into the TB's page set; its index. */
static unsigned translator_page(CPUState *cpu, uint64_t pc)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    TranslationBlock *tb = tr.db->tb;
    uint64_t vpage = pc & v->page_mask;
    uint64_t phys;

    if (vpage == tr.vpage[0]) {
        return 0;
    }
    if (vpage == tr.vpage[1]) {
        return 1;
    }
    g_assert(tr.vpage[1] == TB_PAGE_NONE);
    phys = tlb_get_page_code(cpu, pc, true, &tr.host[1]);
    if (phys == TB_PAGE_NONE) {
        if (tr.db->num_insns > 1) {
            /* Translate the TB again without this instruction: it
               faults when it runs first in a TB of its own. */
            siglongjmp(tr.restart_jmp, 1);
        }
        /* Raises the instruction abort; the CPU state is at tb->pc. */
        phys = tlb_get_page_code(cpu, pc, false, &tr.host[1]);
    }
    tr.vpage[1] = vpage;
    tb->page_addr[1] = phys;
    return 1;
}

static uint64_t translator_ld(CPUState *cpu, DisasContextBase *db,
                              uint64_t pc, unsigned size)
{
    TCGVCPU *v = tcg_vcpu(cpu);
    uint64_t val = 0;

    for (unsigned i = 0; i < size;) {
        uint64_t a = pc + i;
        unsigned n = translator_page(cpu, a);
        uint64_t off = a & ~v->page_mask;
        unsigned chunk = MIN(size - i, (v->page_mask ^ ~0ull) + 1 - off);
        uint64_t part = 0;

        if (tr.host[n]) {
            memcpy(&part, (uint8_t *)tr.host[n] + off, chunk);
        } else {
            uint64_t paddr = db->tb->page_addr[n] | off;

            for (unsigned j = 0; j < chunk; j++) {
                uint64_t b = 0;

                as_load(v->as, paddr + j, 1, &b);
                part |= (b & 0xff) << (8 * j);
            }
        }
        val |= part << (8 * i);
        i += chunk;
    }
    return val;
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, 1);
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, 2);
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, 4);
}

uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, 8);
}

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    TCGVCPU *v = tcg_vcpu(tcg_current_cpu);

    /* A link is only valid while the target's page maps where the
       source TB's does: keep links inside the TB's first page, which
       the lookup that entered the chain checked. */
    if (db->singlestep || (db->tb->cflags & TB_CF_ONESHOT) ||
        log_enabled(LOG_NOCHAIN) || tcg_debug_enabled() || icount_enabled() ||
        coverage_enabled()) {
        /* icount, coverage: the loop counts every TB it enters. */
        return false;
    }
    return ((db->pc_first ^ dest) & v->page_mask) == 0;
}

uintptr_t translator_exit_value(DisasContextBase *db, unsigned slot)
{
    g_assert(slot < 2);
    return (uintptr_t)db->tb | slot;
}

/*
 * The goto_ptr helper: the code of the TB for the CPU's current PC and
 * flags, or the engine's way back to the loop.  It reads the PC from the
 * CPU state, so the frontend has stored it (a call without
 * NO_READ_GLOBALS syncs it).  flags: those of the TB calling it, which
 * are still the CPU's when the target has promised so (has_pc_ofs,
 * cpu-ops.h); otherwise get_tb_cpu_state computes both.
 */
static void *helper_lookup_tb_ptr(void *env, uint32_t flags)
{
    CPUState *cpu = tcg_current_cpu;
    const TCGCPUOps *ops = tcg_exec.ops;
    TranslationBlock *tb;
    uint64_t pc;

    if (log_enabled(LOG_NOCHAIN) || tcg_debug_enabled() || icount_enabled() ||
        coverage_enabled()) {
        /* Under the debugger every TB starts from the loop's checks. */
        tcg_exec.stats.ptr_misses++;
        return (void *)tcg_exec.engine->ptr_miss();
    }
    if (ops->has_pc_ofs) {
        pc = *(uint64_t *)((uint8_t *)env + ops->pc_ofs);
    } else {
        ops->get_tb_cpu_state(cpu, &pc, &flags);
    }
    tb = tb_lookup(cpu, pc, flags, true);
    if (!tb) {
        tcg_exec.stats.ptr_misses++;
        return (void *)tcg_exec.engine->ptr_miss();
    }
    tcg_exec.stats.ptr_hits++;
    return tb->code;
}

static const TCGHelperInfo helper_lookup_tb_ptr_info = {
    .func = (void *)helper_lookup_tb_ptr,
    .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_PTR,
    .nargs = 2,
    .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

/* The global that backs the PC field at ops->pc_ofs, or TCG_NO_TEMP. */
static uint32_t translator_pc_global(void)
{
    const TCGCPUOps *ops = tcg_exec.ops;
    TCGContext *s = tcg_ctx;

    for (uint32_t i = 1; ops->has_pc_ofs && i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL &&
            s->temps[i].type == TCG_TYPE_I64 &&
            s->temps[i].mem_offset == ops->pc_ofs) {
            return i;
        }
    }
    return TCG_NO_TEMP;
}

/*
 * The jump-cache probe of tb_lookup() in IR, so that an indirect branch
 * whose target is in the cache continues without a call: tb_jc_hash()
 * of the PC, the vCPU's slot (CPUState.accel_data is at a fixed offset
 * from env, as exit_request is), then the TB's pc and flags compared
 * and its code jumped to.  Anything else goes to the helper, which does
 * the whole lookup.  Under the debugger (a runtime switch) the helper
 * runs too: every TB must start from the loop's checks there.
 */
static void translator_gen_jc_probe(DisasContextBase *db, uint32_t pc_n,
                                    TCGLabel miss)
{
    TCGv_i64 pc = {pc_n};
    TCGv_i64 h = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    TCGv_i64 u = tcg_temp_new_i64();
    TCGv_ptr v = tcg_temp_new_ptr(), tb = tcg_temp_new_ptr();
    TCGv_i32 dbg = tcg_temp_new_i32();
    intptr_t accel_ofs = tcg_exec.exit_request_ofs -
                         (intptr_t)offsetof(CPUState, exit_request) +
                         (intptr_t)offsetof(CPUState, accel_data);

    G_STATIC_ASSERT(TB_JC_PAGE_SHIFT == 12);
    tcg_gen_ld_i32(dbg, tcg_constant_ptr((uintptr_t)&tcg_debug_active), 0);
    tcg_gen_brcondi_i32(TCG_COND_NE, dbg, 0, miss);
    /* hi = page ^ page >> 6 ^ page >> 12, page = pc >> 12 */
    tcg_gen_shri_i64(h, pc, 12);
    tcg_gen_shri_i64(t, pc, 18);
    tcg_gen_xor_i64(h, h, t);
    tcg_gen_shri_i64(t, pc, 24);
    tcg_gen_xor_i64(h, h, t);
    tcg_gen_andi_i64(h, h, TB_JC_RUNS - 1);
    tcg_gen_shli_i64(h, h, TB_JC_OFS_BITS + 3);
    /* lo = pc ^ pc >> 2 ^ pc >> 10 */
    tcg_gen_shri_i64(t, pc, 2);
    tcg_gen_xor_i64(t, t, pc);
    tcg_gen_shri_i64(u, pc, 10);
    tcg_gen_xor_i64(t, t, u);
    tcg_gen_andi_i64(t, t, TB_JC_PAGE_SLOTS - 1);
    tcg_gen_shli_i64(t, t, 3);
    tcg_gen_or_i64(h, h, t);
    /* tb = v->jc->tb[hash] */
    tcg_gen_ld_ptr(v, tcg_env, accel_ofs);
    tcg_gen_ld_ptr(v, v, offsetof(TCGVCPU, jc));
    tcg_gen_add_i64(tcgv_ptr_as_i64(v), tcgv_ptr_as_i64(v), h);
    tcg_gen_ld_ptr(tb, v, offsetof(TBJumpCache, tb));
    tcg_gen_brcondi_i64(TCG_COND_EQ, tcgv_ptr_as_i64(tb), 0, miss);
    tcg_gen_ld_i64(t, tb, offsetof(TranslationBlock, pc));
    tcg_gen_brcond_i64(TCG_COND_NE, t, pc, miss);
    tcg_gen_ld_i32(dbg, tb, offsetof(TranslationBlock, flags));
    tcg_gen_brcondi_i32(TCG_COND_NE, dbg, db->tb->flags, miss);
    tcg_gen_ld_ptr(tb, tb, offsetof(TranslationBlock, code));
    tcg_gen_goto_ptr(tb);
}

void translator_gen_lookup_and_goto_ptr(DisasContextBase *db)
{
    TCGv_ptr p;
    uint32_t pc_n = tcg_exec.ptr_inline && !log_enabled(LOG_NOCHAIN) &&
                            !icount_enabled() && !coverage_enabled()
                        ? translator_pc_global()
                        : TCG_NO_TEMP;
    TCGLabel miss;

    if (pc_n != TCG_NO_TEMP) {
        miss = tcg_label_new();
        translator_gen_jc_probe(db, pc_n, miss);
        tcg_gen_set_label(miss);
    }
    p = tcg_temp_new_ptr();
    tcg_gen_calln(&helper_lookup_tb_ptr_info, tcgv_ptr_arg(p),
                  tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32((int32_t)db->tb->flags)));
    tcg_gen_goto_ptr(p);
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    const TranslatorOps *ops = tcg_exec.ops->translator;
    TCGVCPU *v = tcg_vcpu(cpu);
    size_t size = MAX(ops->disas_context_size, sizeof(DisasContextBase));
    DisasContextBase *db;
    TCGLabel exit_label;
    TCGv_i32 req;
    volatile int limit = max_insns;
    uint64_t phys;

    if (tr.buf_size < size) {
        tr.buf = g_realloc(tr.buf, size);
        tr.buf_size = size;
        g_private_set(&tr_buf_owner, tr.buf);
    }
    db = tr.buf;
    phys = tlb_get_page_code(cpu, tb->pc, false, &tr.host[0]);
    tb->phys_pc = phys | (tb->pc & ~v->page_mask);
    if (sigsetjmp(tr.restart_jmp, 0)) {
        /* A later page faulted: end the TB before that instruction. */
        g_assert(db->num_insns > 1);
        limit = db->num_insns - 1;
    }
    tr.db = db;
    tr.vpage[0] = tb->pc & v->page_mask;
    tr.vpage[1] = TB_PAGE_NONE;
    tb->page_addr[0] = phys;
    tb->page_addr[1] = TB_PAGE_NONE;

    memset(db, 0, size);
    *db = (DisasContextBase){
        .tb = tb,
        .tcg = tcg_exec.ctx,
        .pc_first = tb->pc,
        .pc_next = tb->pc,
        .flags = tb->flags,
        .is_jmp = DISAS_NEXT,
        .max_insns = limit,
        .singlestep = (tb->cflags & TB_CF_ONESHOT) != 0,
    };
    tcg_func_start(tcg_exec.ctx);
    ops->init_disas_context(db, cpu);

    exit_label = tcg_label_new();
    req = tcg_temp_new_i32();
    tcg_gen_ld_i32(req, tcg_env, tcg_exec.exit_request_ofs);
    tcg_gen_brcondi_i32(TCG_COND_NE, req, 0, exit_label);
    ops->tb_start(db, cpu);

    tb->insn_size = 0;
    for (;;) {
        uint64_t insn_pc = db->pc_next;
        uint32_t len;

        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        /* Fixed-size instructions: a fault's PC gives its index (icount). */
        len = (uint32_t)(db->pc_next - insn_pc);
        if (db->num_insns == 1) {
            tb->insn_size = len;
        } else if (len != tb->insn_size) {
            tb->insn_size = 0;
        }
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (db->num_insns >= db->max_insns ||
            ((db->pc_next ^ db->pc_first) & v->page_mask) != 0) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
        if (tcg_debug_enabled() && tcg_debug_bp_at(db->pc_next)) {
            /* A breakpoint: its instruction starts a TB of its own. */
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    if (db->is_jmp != DISAS_NORETURN) {
        ops->tb_stop(db, cpu);
    }
    tcg_gen_set_label(exit_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);

    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;
    tr.db = NULL;
}
