/*
 * The x86-64 JIT (tcg/jit.h) as an engine of the block cache.
 *
 * The code buffer hands out code in increasing addresses until a flush,
 * so the TBs generated since the last flush, in order, are sorted by
 * code address: the TB holding a retaddr is found by binary search.
 */
#include "accel/tcg/internal.h"
#include "tcg/jit.h"

static TCGJit *jit;
static size_t jit_capacity;
static GPtrArray *jit_tbs; /* TBs in the buffer, by code address */

static bool jit_init(size_t capacity, GError **errp)
{
    if (jit && capacity == jit_capacity) {
        return true;
    }
    tcg_jit_free(jit);
    jit = tcg_jit_new(capacity, errp);
    if (!jit) {
        return false;
    }
    jit_capacity = capacity;
    if (!jit_tbs) {
        jit_tbs = g_ptr_array_new();
    }
    g_ptr_array_set_size(jit_tbs, 0);
    return true;
}

static bool jit_compile(TCGContext *s, TranslationBlock *tb)
{
    TCGJitTB t;

    if (tcg_jit_gen(jit, s, &t) == TCG_JIT_FULL) {
        return false;
    }
    tb->code = (void *)t.code;
    tb->code_size = t.size;
    for (unsigned n = 0; n < 2; n++) {
        tb->jmp_insn[n] = t.jmp_addr[n];
        tb->jmp_reset[n] = t.jmp_reset[n];
    }
    tb->insn_table = t.insn_table;
    tb->insn_table_len = t.insn_table_len;
    g_ptr_array_add(jit_tbs, tb);
    return true;
}

static uintptr_t jit_exec(TranslationBlock *tb, void *env)
{
    return tcg_jit_exec(jit, env, tb->code);
}

static void jit_set_jump(TranslationBlock *tb, unsigned n,
                         TranslationBlock *dest)
{
    if (tb->jmp_insn[n]) {
        tcg_jit_set_jump(jit, tb->jmp_insn[n],
                         dest ? (uintptr_t)dest->code : tb->jmp_reset[n]);
    }
}

static TranslationBlock *jit_find(uintptr_t retaddr)
{
    guint lo = 0, hi = jit_tbs->len;

    if (!retaddr || !tcg_jit_contains(jit, retaddr)) {
        return NULL;
    }
    /* The last TB starting strictly before retaddr (a return address
       is past its call). */
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        TranslationBlock *tb = g_ptr_array_index(jit_tbs, mid);

        if ((uintptr_t)tb->code < retaddr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (!lo) {
        return NULL;
    }
    {
        TranslationBlock *tb = g_ptr_array_index(jit_tbs, lo - 1);

        return retaddr <= (uintptr_t)tb->code + tb->code_size ? tb : NULL;
    }
}

static bool jit_restore(TranslationBlock *tb, uintptr_t retaddr,
                        uint64_t data[TCG_INSN_START_WORDS])
{
    TCGJitTB t = {
        .code = tb->code,
        .size = (uint32_t)tb->code_size,
        .insn_table = tb->insn_table,
        .insn_table_len = tb->insn_table_len,
    };

    return tcg_jit_restore(&t, retaddr, data);
}

static uintptr_t jit_ptr_miss(void)
{
    return tcg_jit_return0_addr(jit);
}

static void jit_free_code(TranslationBlock *tb)
{
    /* The code stays in the buffer until the flush; only a one-shot TB
       leaves the list early (it is the newest, or nearly). */
    for (guint i = jit_tbs->len; (tb->cflags & TB_CF_ONESHOT) && i-- > 0;) {
        if (g_ptr_array_index(jit_tbs, i) == tb) {
            g_ptr_array_remove_index(jit_tbs, i);
            break;
        }
    }
    tb->code = NULL;
}

static void jit_reset(void)
{
    g_ptr_array_set_size(jit_tbs, 0);
    tcg_jit_flush(jit);
}

static const TCGEngine jit_engine = {
    .name = "jit",
    .init = jit_init,
    .compile = jit_compile,
    .exec = jit_exec,
    .set_jump = jit_set_jump,
    .find = jit_find,
    .restore = jit_restore,
    .ptr_miss = jit_ptr_miss,
    .free_code = jit_free_code,
    .reset = jit_reset,
};

const TCGEngine *const tcg_engine_jit = &jit_engine;
