/*
 * The x86-64 JIT: public API (tcg/jit.h), prologue/epilogue, the code
 * generation loop, chaining, restore and -d out_asm.
 *
 * W^X: code is written through the RW view of the double-mapped code
 * buffer and run through its RX view (tcg/codebuf.c explains why).  All
 * addresses the API returns are RX; the emitter works on RW pointers
 * and converts with X86Buf.rx_delta.
 *
 * Frame: the prologue saves the callee-saved registers, pins env in RBP
 * and reserves JIT_FRAME_SIZE bytes of spill slots at [rsp], keeping
 * rsp 16-byte aligned for helper calls (SysV ABI 3.2.2).  Every TB runs
 * in that one frame, so goto_tb and goto_ptr are plain jumps.
 */
#include "tcg/x86_64/x86.h"

#include <capstone.h>
#include <cpuid.h>
#include <string.h>

#include "util/log.h"

struct TCGJit {
    JitCodeBuf cb;
    uintptr_t prologue, epilogue, ret0; /* RX */
    JitCtx ctx;                         /* reused from TB to TB */
    uint32_t temps_cap, labels_cap;
};

/* Largest code one op (or one slow path) can emit, with spills. */
#define JIT_OP_MAX 1024

static unsigned jit_features_off;

unsigned tcg_jit_host_features(void)
{
    static unsigned features = ~0u;
    unsigned a, b, c, d;

    if (features == ~0u) {
        unsigned f = 0;

        if (__get_cpuid(1, &a, &b, &c, &d)) {
            f |= (c & (1u << 23)) ? TCG_JIT_HAVE_POPCNT : 0;
            f |= (c & (1u << 22)) ? TCG_JIT_HAVE_MOVBE : 0;
        }
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
            f |= (b & (1u << 3)) ? TCG_JIT_HAVE_BMI1 : 0;
        }
        if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
            f |= (c & (1u << 5)) ? TCG_JIT_HAVE_LZCNT : 0; /* ABM */
        }
        features = f;
    }
    return features & ~jit_features_off;
}

void tcg_jit_disable_features(unsigned mask)
{
    jit_features_off = mask;
}

static const int8_t saved_regs[] = {RBP, RBX, R12, R13, R14, R15};

static void emit_prologue(TCGJit *jit)
{
    X86Buf b = {jit->cb.rw, jit->cb.rw, jit_codebuf_rx_delta(&jit->cb)};

    jit->prologue = x86_rx(&b, b.p);
    for (unsigned i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        x86_push(&b, saved_regs[i]);
    }
    x86_mov_rr(&b, true, REG_ENV, RDI);
    /* 8 (return address) + 48 (pushes) + JIT_FRAME_SIZE = 0 mod 16 */
    x86_rr(&b, OPC_GRP1_IMM32 | P_W, ALU_SUB, RSP);
    x86_u32(&b, JIT_FRAME_SIZE);
    x86_jmp_reg(&b, RSI);

    jit->ret0 = x86_rx(&b, b.p);
    x86_rr(&b, 0x31, RAX, RAX);
    jit->epilogue = x86_rx(&b, b.p);
    x86_rr(&b, OPC_GRP1_IMM32 | P_W, ALU_ADD, RSP);
    x86_u32(&b, JIT_FRAME_SIZE);
    for (int i = G_N_ELEMENTS(saved_regs) - 1; i >= 0; i--) {
        x86_pop(&b, saved_regs[i]);
    }
    x86_byte(&b, 0xc3); /* ret */
    jit->cb.keep = jit->cb.used = (x86_ofs(&b) + 63) & ~63u;
}

TCGJit *tcg_jit_new(size_t size, GError **errp)
{
    TCGJit *jit = g_new0(TCGJit, 1);

    if (!jit_codebuf_init(&jit->cb, size, errp)) {
        g_free(jit);
        return NULL;
    }
    emit_prologue(jit);
    jit_slow_init(&jit->ctx);
    return jit;
}

void tcg_jit_free(TCGJit *jit)
{
    if (!jit) {
        return;
    }
    jit_codebuf_destroy(&jit->cb);
    g_free(jit->ctx.t);
    g_free(jit->ctx.touched);
    g_free(jit->ctx.label_at);
    g_free(jit->ctx.label_fix);
    g_free(jit->ctx.insn_starts);
    g_free(jit->ctx.insn_ops);
    jit_slow_free(&jit->ctx);
    g_free(jit);
}

void tcg_jit_flush(TCGJit *jit)
{
    jit_codebuf_reset(&jit->cb);
}

size_t tcg_jit_used(const TCGJit *jit)
{
    return jit->cb.used;
}

size_t tcg_jit_size(const TCGJit *jit)
{
    return jit->cb.size;
}

bool tcg_jit_contains(const TCGJit *jit, uintptr_t addr)
{
    return addr >= (uintptr_t)jit->cb.rx &&
           addr < (uintptr_t)jit->cb.rx + jit->cb.used;
}

uintptr_t tcg_jit_return0_addr(const TCGJit *jit)
{
    return jit->ret0;
}

typedef uintptr_t (*JitEntry)(void *env, const void *code);

uintptr_t tcg_jit_exec(TCGJit *jit, void *env, const void *code)
{
    return ((JitEntry)jit->prologue)(env, code);
}

void tcg_jit_set_jump(TCGJit *jit, uintptr_t jmp_addr, uintptr_t target)
{
    int64_t rel = (int64_t)(target - (jmp_addr + 5));
    uint32_t *field =
        (uint32_t *)(jmp_addr + 1 - jit_codebuf_rx_delta(&jit->cb));

    g_assert(tcg_jit_contains(jit, jmp_addr) && x86_fits_i32(rel));
    g_assert(((uintptr_t)field & 3) == 0);
    __atomic_store_n(field, (uint32_t)rel, __ATOMIC_RELEASE);
}

bool tcg_jit_restore(const TCGJitTB *tb, uintptr_t retaddr,
                     uint64_t data[TCG_INSN_START_WORDS])
{
    uintptr_t start = (uintptr_t)tb->code;

    if (retaddr <= start || retaddr > start + tb->size) {
        return false;
    }
    return tcg_insn_table_find(tb->insn_table, tb->insn_table_len, start,
                               retaddr, data);
}

static void log_out_asm(const TCGJitTB *tb, const uint32_t *starts,
                        unsigned nb_starts)
{
    csh h;
    cs_insn *insn;
    size_t n;
    FILE *f;
    unsigned k = 0;

    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) {
        return;
    }
    n = cs_disasm(h, tb->code, tb->size, (uintptr_t)tb->code, 0, &insn);
    f = log_lock();
    fprintf(f, "OUT: [size=%u]\n", tb->size);
    for (size_t i = 0; i < n; i++) {
        uint32_t ofs = (uint32_t)(insn[i].address - (uintptr_t)tb->code);

        while (k < nb_starts && starts[k] <= ofs) {
            fprintf(f, "  -- guest insn %u\n", k++);
        }
        fprintf(f, "  0x%012" PRIx64 ":  %-8s %s\n", insn[i].address,
                insn[i].mnemonic, insn[i].op_str);
    }
    fprintf(f, "\n");
    log_unlock(f);
    if (n) {
        cs_free(insn, n);
    }
    cs_close(&h);
}

static void ctx_prepare(TCGJit *jit, TCGContext *s)
{
    JitCtx *c = &jit->ctx;

    if (jit->temps_cap < s->nb_temps) {
        jit->temps_cap = s->nb_temps * 2;
        c->t = g_renew(RATemp, c->t, jit->temps_cap);
        c->touched = g_renew(uint32_t, c->touched, jit->temps_cap);
    }
    if (jit->labels_cap < s->nb_labels + 1) {
        jit->labels_cap = s->nb_labels * 2 + 1;
        c->label_at = g_renew(uint8_t *, c->label_at, jit->labels_cap);
    }
    memset(c->label_at, 0, sizeof(uint8_t *) * (s->nb_labels + 1));
    c->nb_label_fix = 0;
    if (c->insn_starts_cap < s->nb_insns) {
        c->insn_starts_cap = s->nb_insns * 2;
        c->insn_starts = g_renew(uint32_t, c->insn_starts, c->insn_starts_cap);
        c->insn_ops = g_renew(const TCGOp *, c->insn_ops, c->insn_starts_cap);
    }
    c->nb_insn_starts = 0;
    jit_slow_init(c);
    c->s = s;
    c->jit = jit;
    c->features = tcg_jit_host_features();
    c->epilogue = jit->epilogue;
    c->ret0 = jit->ret0;
    c->jmp_at[0] = c->jmp_at[1] = NULL;
}

TCGJitResult tcg_jit_gen(TCGJit *jit, TCGContext *s, TCGJitTB *tb)
{
    JitCtx *c = &jit->ctx;
    JitCodeBuf *cb = &jit->cb;
    size_t start = (cb->used + 15) & ~(size_t)15;
    uint8_t *limit;
    size_t table_len;
    uint32_t code_size;

    if (start + 2 * JIT_OP_MAX > cb->size) {
        return TCG_JIT_FULL;
    }
    limit = cb->rw + cb->size - JIT_OP_MAX;
    jit_codebuf_populate(cb, start + 64 * 1024);
    ctx_prepare(jit, s);
    c->b = (X86Buf){cb->rw + start, cb->rw + start, jit_codebuf_rx_delta(cb)};
    ra_begin_tb(c);

    for (TCGOp *op = s->first_op; op; op = op->next) {
        unsigned flags = tcg_op_def(op)->flags;

        ra_begin_op(c, op);
        jit_emit_op(c, op);
        ra_end_op(c);
        if ((flags & TCG_OPF_BB_END) && !(flags & TCG_OPF_COND_BRANCH) &&
            op->opc != INDEX_op_set_label) {
            ra_bb_end(c);
        }
        if (c->b.p > limit) {
            return TCG_JIT_FULL;
        }
    }
    ra_tb_done(c);
    for (unsigned i = 0; i < c->nb_label_fix; i++) {
        JitFix *f = &c->label_fix[i];

        g_assert(c->label_at[f->label]);
        x86_patch32(f->field, c->label_at[f->label]);
    }
    /* Slow paths: about 60 bytes each. */
    if (c->b.p + 64 * (size_t)c->nb_slow > limit) {
        return TCG_JIT_FULL;
    }
    jit_emit_slow_paths(c);
    code_size = x86_ofs(&c->b);

    /* The table goes right after the code, encoded in place. */
    if (c->b.p + tcg_insn_table_max_len(s) > limit) {
        return TCG_JIT_FULL;
    }
    table_len = tcg_insn_table_encode_ops(c->insn_ops, c->insn_starts,
                                          c->nb_insn_starts, c->b.p);

    memset(tb, 0, sizeof(*tb));
    tb->code = (const void *)x86_rx(&c->b, c->b.start);
    tb->size = code_size;
    tb->insn_table = (const uint8_t *)x86_rx(&c->b, c->b.p);
    tb->insn_table_len = (uint32_t)table_len;
    for (int n = 0; n < 2; n++) {
        if (c->jmp_at[n]) {
            tb->jmp_addr[n] = x86_rx(&c->b, c->jmp_at[n]);
            tb->jmp_reset[n] = tb->jmp_addr[n] + 5;
        }
    }
    cb->used = (size_t)(c->b.p + table_len - cb->rw);

    if (log_enabled(LOG_OUT_ASM)) {
        log_out_asm(tb, c->insn_starts, c->nb_insn_starts);
    }
    return TCG_JIT_OK;
}
