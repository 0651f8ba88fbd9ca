/*
 * The translation context: temps, constants, labels and the op list of
 * the TB being built, the opcode table, the IR checker, and the insn
 * tables that map a fault back to a guest instruction.
 */
#include "tcg/tcg.h"

#include <inttypes.h>
#include <string.h>

#include "util/log.h"

__thread TCGContext *tcg_ctx;

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = {#n, o, i, c, f},
#include "tcg/tcg-opc.h"
#undef DEF
};

#define TCG_OP_CHUNK 256

struct TCGOpChunk {
    TCGOpChunk *next;
    TCGOp ops[TCG_OP_CHUNK];
};

static const char *const cond_names[TCG_COND_COUNT] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq",       [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt",       [TCG_COND_GE] = "ge",
    [TCG_COND_GT] = "gt",       [TCG_COND_LE] = "le",
    [TCG_COND_LTU] = "ltu",     [TCG_COND_GEU] = "geu",
    [TCG_COND_GTU] = "gtu",     [TCG_COND_LEU] = "leu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

const char *tcg_cond_name(TCGCond c)
{
    return (unsigned)c < TCG_COND_COUNT ? cond_names[c] : "?";
}

TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:
        return TCG_COND_GT;
    case TCG_COND_GT:
        return TCG_COND_LT;
    case TCG_COND_GE:
        return TCG_COND_LE;
    case TCG_COND_LE:
        return TCG_COND_GE;
    case TCG_COND_LTU:
        return TCG_COND_GTU;
    case TCG_COND_GTU:
        return TCG_COND_LTU;
    case TCG_COND_GEU:
        return TCG_COND_LEU;
    case TCG_COND_LEU:
        return TCG_COND_GEU;
    default:
        return c; /* symmetric */
    }
}

TCGContext *tcg_context_new(void)
{
    TCGContext *s = g_new0(TCGContext, 1);

    s->temps_cap = 256;
    s->temps = g_new0(TCGTemp, s->temps_cap);
    s->nb_temps = 1;
    s->nb_globals = 1;
    s->temps[TCG_TEMP_ENV] = (TCGTemp){
        .type = TCG_TYPE_PTR,
        .kind = TEMP_FIXED,
        .name = "env",
    };
    s->labels_cap = 16;
    s->labels = g_new0(TCGLabelInfo, s->labels_cap);
    s->const_hash_cap = 64;
    s->const_hash = g_new0(uint32_t, s->const_hash_cap);
    tcg_func_start(s);
    return s;
}

void tcg_context_free(TCGContext *s)
{
    TCGOpChunk *c, *next;

    if (!s) {
        return;
    }
    for (uint32_t i = 1; i < s->nb_globals; i++) {
        g_free((char *)s->temps[i].name);
    }
    for (c = s->chunks; c; c = next) {
        next = c->next;
        g_free(c);
    }
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
    }
    g_free(s->temps);
    g_free(s->labels);
    g_free(s->const_hash);
    g_free(s->live_buf);
    g_free(s->opt_info);
    g_free(s);
}

void tcg_func_start(TCGContext *s)
{
    if (s->nb_temps > s->stats.max_temps) {
        s->stats.max_temps = s->nb_temps;
    }
    if (s->nb_ops > s->stats.max_ops) {
        s->stats.max_ops = s->nb_ops;
    }
    s->stats.tbs++;
    tcg_ctx = s;
    s->nb_temps = s->nb_globals;
    s->first_op = s->last_op = NULL;
    s->nb_ops = 0;
    s->cur_chunk = NULL;
    s->op_next = s->op_end = NULL;
    s->nb_labels = 0;
    s->nb_locals = 0;
    s->optimized = false;
    s->nb_insns = 0;
    s->last_insn_start = NULL;
    s->goto_tb_issued = 0;
    if (s->nb_consts) {
        memset(s->const_hash, 0, s->const_hash_cap * sizeof(uint32_t));
        s->nb_consts = 0;
    }
}

static G_GNUC_NO_INLINE void temps_grow(TCGContext *s)
{
    g_assert(s->temps_cap < UINT32_MAX / 4);
    s->temps_cap *= 2;
    s->temps = g_renew(TCGTemp, s->temps, s->temps_cap);
}

/* Inline here: constants are most of a TB's temps. */
static inline uint32_t temp_alloc(TCGContext *s, TCGType type, TCGTempKind kind)
{
    uint32_t n = s->nb_temps;

    if (G_UNLIKELY(n == s->temps_cap)) {
        temps_grow(s);
    }
    s->nb_temps = n + 1;
    s->nb_locals += kind == TEMP_LOCAL;
    s->temps[n] = (TCGTemp){.type = type, .kind = kind};
    return n;
}

uint32_t tcg_temp_alloc(TCGContext *s, TCGType type, TCGTempKind kind)
{
    g_assert(type == TCG_TYPE_I32 || type == TCG_TYPE_I64);
    return temp_alloc(s, type, kind);
}

uint32_t tcg_global_alloc(TCGContext *s, TCGType type, intptr_t offset,
                          const char *name)
{
    uint32_t n;

    /* Globals come first: no TB may be under construction. */
    g_assert(s->nb_temps == s->nb_globals && s->nb_ops == 0);
    g_assert(offset >= INT32_MIN && offset <= INT32_MAX);
    n = tcg_temp_alloc(s, type, TEMP_GLOBAL);
    s->temps[n].mem_offset = (int32_t)offset;
    s->temps[n].name = g_strdup(name);
    s->nb_globals = s->nb_temps;
    return n;
}

static uint32_t const_hash_slot(TCGContext *s, TCGType type, uint64_t val)
{
    uint64_t h = (val ^ ((uint64_t)type << 63)) * 0x9e3779b97f4a7c15ull;

    return (uint32_t)(h >> 32) & (s->const_hash_cap - 1);
}

static void const_hash_grow(TCGContext *s)
{
    uint32_t *old = s->const_hash, old_cap = s->const_hash_cap;

    s->const_hash_cap *= 2;
    s->const_hash = g_new0(uint32_t, s->const_hash_cap);
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i]) {
            TCGTemp *t = &s->temps[old[i] - 1];
            uint32_t j = const_hash_slot(s, t->type, t->val);

            while (s->const_hash[j]) {
                j = (j + 1) & (s->const_hash_cap - 1);
            }
            s->const_hash[j] = old[i];
        }
    }
    g_free(old);
}

/* A new constant in free slot j.  Out of line: the lookup that finds an
   existing one is the common case and needs few registers. */
static G_GNUC_NO_INLINE uint32_t constant_new(TCGContext *s, TCGType type,
                                              uint64_t val, uint32_t j)
{
    uint32_t n;

    g_assert(type == TCG_TYPE_I32 || type == TCG_TYPE_I64);
    n = temp_alloc(s, type, TEMP_CONST);
    s->temps[n].val = val;
    s->const_hash[j] = n + 1;
    if (++s->nb_consts * 2 > s->const_hash_cap) {
        const_hash_grow(s);
    }
    return n;
}

uint32_t tcg_constant_alloc(TCGContext *s, TCGType type, uint64_t val)
{
    uint32_t j, n;

    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    j = const_hash_slot(s, type, val);
    while ((n = s->const_hash[j]) != 0) {
        const TCGTemp *t = &s->temps[n - 1];

        if (t->val == val && t->type == type) {
            return n - 1;
        }
        j = (j + 1) & (s->const_hash_cap - 1);
    }
    return constant_new(s, type, val, j);
}

uint32_t tcg_label_alloc(TCGContext *s)
{
    if (s->nb_labels == s->labels_cap) {
        s->labels_cap *= 2;
        s->labels = g_renew(TCGLabelInfo, s->labels, s->labels_cap);
    }
    s->labels[s->nb_labels] = (TCGLabelInfo){0};
    return s->nb_labels++;
}

/* The next chunk of op storage, allocated the first time it is needed. */
static G_GNUC_NO_INLINE void op_chunk_next(TCGContext *s)
{
    TCGOpChunk **link = s->cur_chunk ? &s->cur_chunk->next : &s->chunks;

    if (!*link) {
        *link = g_new(TCGOpChunk, 1);
        (*link)->next = NULL;
    }
    s->cur_chunk = *link;
    s->op_next = s->cur_chunk->ops;
    s->op_end = s->cur_chunk->ops + TCG_OP_CHUNK;
}

static inline TCGOp *op_alloc(TCGContext *s, TCGOpcode opc)
{
    TCGOp *op;

    if (G_UNLIKELY(s->op_next == s->op_end)) {
        op_chunk_next(s);
    }
    op = s->op_next++;
    /* Field by field: a memset of the whole op became a rep stos. */
    op->next = op->prev = NULL;
    op->opc = opc;
    op->callo = op->calli = op->pad = 0;
    op->life = op->pad2 = 0;
    memset(op->args, 0, sizeof(op->args));
    s->nb_ops++;
    return op;
}

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc)
{
    TCGOp *op = op_alloc(s, opc);

    op->prev = s->last_op;
    if (s->last_op) {
        s->last_op->next = op;
    } else {
        s->first_op = op;
    }
    s->last_op = op;
    s->stats.ops_emitted++;
    return op;
}

TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc)
{
    TCGOp *op = op_alloc(s, opc);

    op->next = old;
    op->prev = old->prev;
    if (old->prev) {
        old->prev->next = op;
    } else {
        s->first_op = op;
    }
    old->prev = op;
    return op;
}

TCGOp *tcg_op_insert_after(TCGContext *s, TCGOp *old, TCGOpcode opc)
{
    TCGOp *op = op_alloc(s, opc);

    op->prev = old;
    op->next = old->next;
    if (old->next) {
        old->next->prev = op;
    } else {
        s->last_op = op;
    }
    old->next = op;
    return op;
}

TCGArg *tcg_op_label_arg(TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_br:
    case INDEX_op_set_label:
        return &op->args[0];
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        return &op->args[3];
    default:
        return NULL;
    }
}

void tcg_op_remove(TCGContext *s, TCGOp *op)
{
    if (op->opc == INDEX_op_br || op->opc == INDEX_op_brcond_i32 ||
        op->opc == INDEX_op_brcond_i64) {
        TCGLabelInfo *l = tcg_label_info(s, *tcg_op_label_arg(op));

        g_assert(l->refs > 0);
        l->refs--;
    } else if (op->opc == INDEX_op_set_label) {
        tcg_label_info(s, op->args[0])->present = false;
    } else if (op == s->last_insn_start) {
        s->last_insn_start = NULL;
    }
    if (op->prev) {
        op->prev->next = op->next;
    } else {
        s->first_op = op->next;
    }
    if (op->next) {
        op->next->prev = op->prev;
    } else {
        s->last_op = op->prev;
    }
    s->nb_ops--;
    s->stats.ops_removed++;
}

void tcg_set_insn_start_param(TCGContext *s, unsigned w, uint64_t val)
{
    g_assert(s->last_insn_start && w > 0 && w < TCG_INSN_START_WORDS);
    s->last_insn_start->args[w] = val;
}

void tcg_run_passes(TCGContext *s, bool optimize)
{
    tcg_log_ops(s, LOG_OP);
    if (optimize) {
        tcg_optimize(s);
    }
    tcg_liveness(s);
    tcg_log_ops(s, LOG_OP_OPT);
}

/* "case OP_PAIR(add):" handles add_i32 and add_i64. */
#define OP_PAIR(x) INDEX_op_##x##_i32 : case INDEX_op_##x##_i64

/*
 * Ops on constants, with the IR's exact semantics (for the optimizer,
 * and for backends that resolve comparisons of constants).  The
 * interpreter has its own implementation: the random tests compare
 * the two.
 */

uint64_t tcg_sext(uint64_t x, bool w64)
{
    return w64 ? x : (uint64_t)(int64_t)(int32_t)x;
}

uint64_t tcg_rotl(uint64_t x, unsigned c, bool w64)
{
    unsigned w = w64 ? 64 : 32;

    c &= w - 1;
    x &= w64 ? UINT64_MAX : UINT32_MAX;
    return c ? (x << c) | (x >> (w - c)) : x;
}

bool tcg_eval_cond(TCGCond c, uint64_t x, uint64_t y, bool w64)
{
    int64_t a = (int64_t)tcg_sext(x, w64), b = (int64_t)tcg_sext(y, w64);

    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return x == y;
    case TCG_COND_NE:
        return x != y;
    case TCG_COND_LT:
        return a < b;
    case TCG_COND_GE:
        return a >= b;
    case TCG_COND_GT:
        return a > b;
    case TCG_COND_LE:
        return a <= b;
    case TCG_COND_LTU:
        return x < y;
    case TCG_COND_GEU:
        return x >= y;
    case TCG_COND_GTU:
        return x > y;
    case TCG_COND_LEU:
        return x <= y;
    case TCG_COND_TSTEQ:
        return (x & y) == 0;
    case TCG_COND_TSTNE:
        return (x & y) != 0;
    default:
        g_assert_not_reached();
    }
}

bool tcg_fold_op(TCGOpcode opc, uint64_t x, uint64_t y, uint64_t *r)
{
    bool w64 = (tcg_op_defs[opc].flags & TCG_OPF_64BIT) != 0;
    unsigned w = w64 ? 64 : 32, c = y & (w - 1);
    int64_t a = (int64_t)tcg_sext(x, w64), b = (int64_t)tcg_sext(y, w64);
    int64_t smin = w64 ? INT64_MIN : INT32_MIN;

    switch (opc) {
    case OP_PAIR(add):
        *r = x + y;
        break;
    case OP_PAIR(sub):
        *r = x - y;
        break;
    case OP_PAIR(mul):
        *r = x * y;
        break;
    case OP_PAIR(and):
        *r = x & y;
        break;
    case OP_PAIR(or):
        *r = x | y;
        break;
    case OP_PAIR(xor):
        *r = x ^ y;
        break;
    case OP_PAIR(andc):
        *r = x & ~y;
        break;
    case OP_PAIR(orc):
        *r = x | ~y;
        break;
    case OP_PAIR(eqv):
        *r = ~(x ^ y);
        break;
    case OP_PAIR(nand):
        *r = ~(x & y);
        break;
    case OP_PAIR(nor):
        *r = ~(x | y);
        break;
    case OP_PAIR(shl):
        *r = x << c;
        break;
    case OP_PAIR(shr):
        *r = x >> c;
        break;
    case OP_PAIR(sar):
        *r = (uint64_t)(a >> c);
        break;
    case OP_PAIR(rotl):
        *r = tcg_rotl(x, c, w64);
        break;
    case OP_PAIR(rotr):
        *r = tcg_rotl(x, w - c, w64);
        break;
    case OP_PAIR(div):
    case OP_PAIR(rem):
        if (b == 0 || (a == smin && b == -1)) {
            return false;
        }
        *r = (uint64_t)(opc == INDEX_op_div_i32 || opc == INDEX_op_div_i64
                            ? a / b
                            : a % b);
        break;
    case OP_PAIR(divu):
    case OP_PAIR(remu):
        if (y == 0) {
            return false;
        }
        *r = opc == INDEX_op_divu_i32 || opc == INDEX_op_divu_i64 ? x / y
                                                                  : x % y;
        break;
    case OP_PAIR(clz):
        *r = x ? (w64 ? __builtin_clzll(x) : __builtin_clz((uint32_t)x)) : y;
        break;
    case OP_PAIR(ctz):
        *r = x ? __builtin_ctzll(x) : y;
        break;
    case OP_PAIR(neg):
        *r = -x;
        break;
    case OP_PAIR(not ):
        *r = ~x;
        break;
    case OP_PAIR(ext8s):
        *r = (uint64_t)(int8_t)x;
        break;
    case OP_PAIR(ext8u):
        *r = (uint8_t)x;
        break;
    case OP_PAIR(ext16s):
        *r = (uint64_t)(int16_t)x;
        break;
    case OP_PAIR(ext16u):
        *r = (uint16_t)x;
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        *r = (uint64_t)(int32_t)x;
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        *r = (uint32_t)x;
        break;
    case INDEX_op_extrh_i64_i32:
        *r = x >> 32;
        break;
    case OP_PAIR(bswap16):
        *r = __builtin_bswap16((uint16_t)x);
        break;
    case OP_PAIR(bswap32):
        *r = __builtin_bswap32((uint32_t)x);
        break;
    case INDEX_op_bswap64_i64:
        *r = __builtin_bswap64(x);
        break;
    case OP_PAIR(ctpop):
        *r = __builtin_popcountll(x);
        break;
    default:
        return false;
    }
    if (!w64) {
        *r = (uint32_t)*r;
    }
    return true;
}

#undef OP_PAIR

static const TCGGuestMemHooks *guest_mem_hooks;

void tcg_set_guest_mem_hooks(const TCGGuestMemHooks *hooks)
{
    guest_mem_hooks = hooks;
}

const TCGGuestMemHooks *tcg_get_guest_mem_hooks(void)
{
    return guest_mem_hooks;
}

/*
 * The type argument i of op must have; -1 for "any".  Outputs, then
 * inputs, as in op->args.
 */
static int op_arg_type(const TCGOp *op, unsigned i)
{
    const TCGOpDef *def = tcg_op_def(op);
    int t = def->flags & TCG_OPF_64BIT ? TCG_TYPE_I64 : TCG_TYPE_I32;

    switch (op->opc) {
    case INDEX_op_call: {
        const TCGHelperInfo *info = tcg_call_info(op);
        unsigned c = i < op->callo ? info->ret : info->args[i - op->callo];

        return c == TCG_CALL_I32 ? TCG_TYPE_I32 : TCG_TYPE_I64;
    }
    case INDEX_op_discard:
        return -1;
    case INDEX_op_goto_ptr:
        return TCG_TYPE_PTR;
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ext_i32_i64:
        return i == 0 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extrh_i64_i32:
        return i == 0 ? TCG_TYPE_I32 : TCG_TYPE_I64;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        return i == 1 ? TCG_TYPE_I64 : t;
    default:
        /* Host loads and stores: the base pointer is the last temp. */
        if (tcg_op_is_host_ld(op->opc) || tcg_op_is_host_st(op->opc)) {
            return i == def->nb_oargs + def->nb_iargs - 1 ? TCG_TYPE_PTR : t;
        }
        return t;
    }
}

bool tcg_check_ir(TCGContext *s, GString *why)
{
    g_autofree bool *defined = g_new0(bool, s->nb_temps);
    g_autofree uint32_t *refs = g_new0(uint32_t, s->nb_labels + 1);
    g_autofree bool *set = g_new0(bool, s->nb_labels + 1);
    unsigned n = 0;

    for (TCGOp *op = s->first_op; op; op = op->next) {
        unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        TCGArg *lab = tcg_op_label_arg(op);

        n++;
        for (unsigned i = 0; i < no + ni; i++) {
            TCGArg a = op->args[i];
            int want = op_arg_type(op, i);

            if (a >= s->nb_temps) {
                g_string_printf(why, "op %u (%s): arg %u: no temp %" PRIu64, n,
                                tcg_op_def(op)->name, i, a);
                return false;
            }
            if (want >= 0 && s->temps[a].type != want) {
                g_string_printf(why, "op %u (%s): arg %u has the wrong type", n,
                                tcg_op_def(op)->name, i);
                return false;
            }
            if (i < no && s->temps[a].kind <= TEMP_FIXED) {
                g_string_printf(why, "op %u (%s): writes a read-only temp", n,
                                tcg_op_def(op)->name);
                return false;
            }
            if (i >= no && s->temps[a].kind == TEMP_BLOCK && !defined[a]) {
                g_string_printf(why,
                                "op %u (%s): block temp %" PRIu64
                                " read before written in its block",
                                n, tcg_op_def(op)->name, a);
                return false;
            }
        }
        for (unsigned i = 0; i < no; i++) {
            defined[op->args[i]] = op->opc != INDEX_op_discard;
        }
        if (lab) {
            if (*lab >= s->nb_labels) {
                g_string_printf(why, "op %u: no label %" PRIu64, n, *lab);
                return false;
            }
            if (op->opc == INDEX_op_set_label) {
                if (set[*lab]) {
                    g_string_printf(why, "op %u: label %" PRIu64 " set twice",
                                    n, *lab);
                    return false;
                }
                set[*lab] = true;
                /* Block temps die at a label. */
                for (uint32_t t = s->nb_globals; t < s->nb_temps; t++) {
                    if (s->temps[t].kind == TEMP_BLOCK) {
                        defined[t] = false;
                    }
                }
            } else {
                refs[*lab]++;
            }
        }
    }
    for (uint32_t l = 0; l < s->nb_labels; l++) {
        if (refs[l] && !set[l]) {
            g_string_printf(why, "label %u used but never set", l);
            return false;
        }
        if (refs[l] != s->labels[l].refs) {
            g_string_printf(why, "label %u: %u references, %u counted", l,
                            refs[l], s->labels[l].refs);
            return false;
        }
    }
    return true;
}

/*
 * insn tables.  Each record: the code offset as the LEB128 delta from
 * the previous record's, then every insn_start word as the signed
 * LEB128 delta from the previous record's word (the first record
 * is relative to zero).  Guest PCs of consecutive instructions are close,
 * so a record is 3-5 bytes.
 */
/* Signed LEB128 of v at p (at most TCG_SLEB_MAX bytes); the end. */
#define TCG_SLEB_MAX 10

static uint8_t *put_sleb(uint8_t *p, int64_t v)
{
    bool more = true;

    /* Most deltas fit in one byte (bit 6 is the sign). */
    if (v >= -64 && v < 64) {
        *p = v & 0x7f;
        return p + 1;
    }
    while (more) {
        uint8_t byte = v & 0x7f;

        v >>= 7; /* arithmetic: gnu11 on every supported compiler */
        more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
        *p++ = byte | (more ? 0x80 : 0);
    }
    return p;
}

static bool get_sleb(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t byte;

    do {
        if (*p == end || shift >= 64) {
            return false;
        }
        byte = *(*p)++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        v |= ~0ull << shift;
    }
    *out = (int64_t)v;
    return true;
}

size_t tcg_insn_table_max_len(TCGContext *s)
{
    return (size_t)s->nb_insns * (1 + TCG_INSN_START_WORDS) * TCG_SLEB_MAX;
}

uint8_t *tcg_insn_table_encode(TCGContext *s, const uint32_t *code_starts,
                               size_t *len)
{
    uint8_t *buf = g_malloc(tcg_insn_table_max_len(s) + 1);

    *len = tcg_insn_table_encode_to(s, code_starts, buf);
    return buf;
}

/* Written into a buffer of the worst-case size: this runs for every
   TB, and a call per byte was a visible part of translation. */
size_t tcg_insn_table_encode_ops(const TCGOp *const *insns,
                                 const uint32_t *code_starts, unsigned n,
                                 uint8_t *buf)
{
    uint8_t *p = buf;
    uint64_t prev[TCG_INSN_START_WORDS] = {0};
    uint32_t prev_start = 0;

    for (unsigned i = 0; i < n; i++) {
        const TCGOp *op = insns[i];

        g_assert(op->opc == INDEX_op_insn_start &&
                 code_starts[i] >= prev_start);
        p = put_sleb(p, code_starts[i] - prev_start);
        prev_start = code_starts[i];
        for (unsigned w = 0; w < TCG_INSN_START_WORDS; w++) {
            p = put_sleb(p, (int64_t)(op->args[w] - prev[w]));
            prev[w] = op->args[w];
        }
    }
    return (size_t)(p - buf);
}

size_t tcg_insn_table_encode_to(TCGContext *s, const uint32_t *code_starts,
                                uint8_t *buf)
{
    g_autofree const TCGOp **insns = g_new(const TCGOp *, s->nb_insns + 1);
    unsigned n = 0;

    for (TCGOp *op = s->first_op; op; op = op->next) {
        if (op->opc == INDEX_op_insn_start) {
            g_assert(n < s->nb_insns);
            insns[n++] = op;
        }
    }
    return tcg_insn_table_encode_ops(insns, code_starts, n, buf);
}

bool tcg_insn_table_find(const uint8_t *table, size_t len, uintptr_t code_start,
                         uintptr_t retaddr, uint64_t data[TCG_INSN_START_WORDS])
{
    const uint8_t *p = table, *end = table + len;
    uint64_t cur[TCG_INSN_START_WORDS] = {0};
    uint64_t start = 0, off;
    bool found = false;

    if (retaddr <= code_start) {
        return false;
    }
    off = retaddr - code_start;
    while (p < end) {
        int64_t d;

        if (!get_sleb(&p, end, &d)) {
            return false;
        }
        start += (uint64_t)d;
        if (start >= off) {
            break;
        }
        for (unsigned w = 0; w < TCG_INSN_START_WORDS; w++) {
            if (!get_sleb(&p, end, &d)) {
                return false;
            }
            cur[w] += (uint64_t)d;
        }
        found = true;
    }
    if (found) {
        memcpy(data, cur, sizeof(cur));
    }
    return found;
}
