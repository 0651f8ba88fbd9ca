/*
 * The optimizer: one forward pass over a TB's ops.
 *
 * For every temp it tracks, within the current basic block: whether the
 * value is a known constant, a mask of the bits that may be 1 (z_mask:
 * a 0 bit is known to be 0), and the class of temps known to hold the
 * same value (a circular list).  With that it
 *  - replaces each input by the best equal temp: a constant if known,
 *    else a global, else a local, else a block temp (copy propagation);
 *  - folds ops whose inputs are all constant (never a division by zero
 *    or a signed MIN / -1, which the IR leaves undefined);
 *  - simplifies x+0, x*1, x&0, x^x, shifts by 0, and/or with all ones,
 *    and/ext/extract that clear only bits already known zero, etc.;
 *  - folds brcond/setcond/movcond on known conditions, and removes the
 *    unreachable ops after br/exit_tb/goto_ptr up to the next label;
 *  - removes labels no branch uses, and a br to the label right after
 *    it, so blocks merge and keep what is known.
 * Knowledge is dropped at every label that stays (another path may
 * arrive there), for globals after a call that may write them (not one
 * that only reads them), and for each output.
 * Outputs become "mov d,$const" or "mov d,src" where possible; liveness
 * then deletes what is unused.
 *
 * Validity is per generation: bumping os->gen forgets everything in
 * O(1) (a stale entry is re-initialised on first use).  The counter
 * goes on from TB to TB (s->opt_gen), so a new TB starts with every
 * entry stale and nothing to clear.  Members of a copy class always
 * share the current generation, so a class never links to a stale
 * entry.
 */
#include "tcg/tcg.h"

#include <string.h>

typedef struct OptInfo {
    uint64_t val;    /* if is_const */
    uint64_t z_mask; /* bits that may be set */
    uint32_t next_copy, prev_copy;
    uint32_t gen;
    bool is_const;
} OptInfo;

typedef struct OptState {
    TCGContext *s;
    OptInfo *info; /* s->opt_info */
    uint32_t cap;  /* entries allocated */
    uint32_t gen;
} OptState;

/* "case OP_PAIR(add):" handles add_i32 and add_i64. */
#define OP_PAIR(x) INDEX_op_##x##_i32 : case INDEX_op_##x##_i64

static bool op_is_64(TCGOpcode opc)
{
    return (tcg_op_defs[opc].flags & TCG_OPF_64BIT) != 0;
}

static uint64_t type_mask(TCGType t)
{
    return t == TCG_TYPE_I32 ? UINT32_MAX : UINT64_MAX;
}

/*
 * Room for temp t.  The entries outlive the TB (s->opt_info) and the
 * generation keeps counting from TB to TB, so an entry left by an
 * earlier TB is stale without clearing anything: clearing the entries
 * for every TB was a fifth of the pass.  New entries are zero
 * (generation 0, never current).
 */
static G_GNUC_NO_INLINE void info_grow(OptState *os, TCGArg t)
{
    uint32_t cap = MAX((uint32_t)t + 1, os->s->nb_temps) * 2;

    os->s->opt_info = g_renew(OptInfo, os->s->opt_info, cap);
    os->info = os->s->opt_info;
    memset(&os->info[os->cap], 0, (cap - os->cap) * sizeof(OptInfo));
    os->cap = os->s->opt_info_cap = cap;
}

static G_GNUC_NO_INLINE void info_init(OptState *os, OptInfo *i, TCGArg t)
{
    TCGTemp *tp = &os->s->temps[t];

    i->gen = os->gen;
    i->next_copy = i->prev_copy = (uint32_t)t;
    i->is_const = tp->kind == TEMP_CONST;
    i->val = i->is_const ? tp->val : 0;
    i->z_mask = i->is_const ? tp->val : type_mask(tp->type);
}

static inline OptInfo *ti(OptState *os, TCGArg t)
{
    /* t < os->cap: every temp, constants made here too (opt_constant). */
    OptInfo *i = &os->info[t];

    if (i->gen != os->gen) {
        info_init(os, i, t);
    }
    return i;
}

/* The interned constant v, with an entry. */
static TCGArg opt_constant(OptState *os, TCGType type, uint64_t v)
{
    TCGArg t = tcg_constant_alloc(os->s, type, v);

    if (G_UNLIKELY(t >= os->cap)) {
        info_grow(os, t);
    }
    return t;
}

static TCGType ttype(OptState *os, TCGArg t)
{
    return (TCGType)os->s->temps[t].type;
}

/* Forget what is known about t, leaving its copy class. */
static OptInfo *reset_temp(OptState *os, TCGArg t)
{
    OptInfo *i = &os->info[t];

    if (i->gen != os->gen) {
        /* Stale: nothing to forget (an output is never a constant). */
        i->gen = os->gen;
        i->next_copy = i->prev_copy = (uint32_t)t;
    } else if (i->next_copy != t) {
        os->info[i->prev_copy].next_copy = i->next_copy;
        os->info[i->next_copy].prev_copy = i->prev_copy;
        i->next_copy = i->prev_copy = (uint32_t)t;
    }
    i->is_const = false;
    i->z_mask = type_mask(ttype(os, t));
    return i;
}

static bool is_const(OptState *os, TCGArg t)
{
    return ti(os, t)->is_const;
}

static uint64_t cval(OptState *os, TCGArg t)
{
    return ti(os, t)->val;
}

static bool const_is(OptState *os, TCGArg t, uint64_t v)
{
    OptInfo *i = ti(os, t);

    return i->is_const && i->val == (v & type_mask(ttype(os, t)));
}

static bool are_copies(OptState *os, TCGArg a, TCGArg b)
{
    OptInfo *ia, *ib;

    if (a == b) {
        return true;
    }
    ia = ti(os, a);
    ib = ti(os, b);
    if (ia->is_const || ib->is_const) {
        return ia->is_const && ib->is_const && ia->val == ib->val &&
               ttype(os, a) == ttype(os, b);
    }
    for (uint32_t j = ia->next_copy; j != a; j = os->info[j].next_copy) {
        if (j == b) {
            return true;
        }
    }
    return false;
}

/* The temp to read instead of t (see the opening comment). */
static TCGArg best_copy(OptState *os, TCGArg t)
{
    OptInfo *i = ti(os, t);
    TCGArg best = t;

    if (i->is_const) {
        if (os->s->temps[t].kind == TEMP_CONST) {
            return t;
        }
        return opt_constant(os, ttype(os, t), i->val);
    }
    /* Ties go to the older temp, usually the one first computed. */
    for (uint32_t j = i->next_copy; j != t; j = os->info[j].next_copy) {
        TCGTempKind kj = os->s->temps[j].kind, kb = os->s->temps[best].kind;

        if (kj < kb || (kj == kb && j < best)) {
            best = j;
        }
    }
    return best;
}

static void set_const(OptState *os, TCGArg d, uint64_t v)
{
    OptInfo *i = reset_temp(os, d);

    v &= type_mask(ttype(os, d));
    i->is_const = true;
    i->val = v;
    i->z_mask = v;
}

static TCGOpcode mov_opc(OptState *os, TCGArg d)
{
    return ttype(os, d) == TCG_TYPE_I32 ? INDEX_op_mov_i32 : INDEX_op_mov_i64;
}

/* Turn op into "mov d,$v" (d = args[0]). */
static void fold_to_const(OptState *os, TCGOp *op, uint64_t v)
{
    TCGArg d = op->args[0];

    op->opc = mov_opc(os, d);
    op->args[1] = opt_constant(os, ttype(os, d), v);
    set_const(os, d, v);
}

/* Turn op into "mov d,src", or remove it if d already holds src. */
static void fold_to_copy(OptState *os, TCGOp *op, TCGArg src)
{
    TCGArg d = op->args[0];
    OptInfo *id, *is;

    /* A stale d (usually a fresh temp) is a copy of nothing but itself. */
    if ((d == src || os->info[d].gen == os->gen) && are_copies(os, d, src)) {
        tcg_op_remove(os->s, op);
        return;
    }
    op->opc = mov_opc(os, d);
    op->args[1] = src;
    is = ti(os, src);
    if (is->is_const) {
        set_const(os, d, is->val);
        return;
    }
    id = reset_temp(os, d);
    is = &os->info[src];
    id->z_mask = is->z_mask;
    /* Link d into src's class, right after src. */
    id->next_copy = is->next_copy;
    id->prev_copy = (uint32_t)src;
    os->info[is->next_copy].prev_copy = (uint32_t)d;
    is->next_copy = (uint32_t)d;
}

/* The output d gets a new, unknown value with bits z possibly set. */
static void set_output(OptState *os, TCGOp *op, TCGArg d, uint64_t z)
{
    OptInfo *i = reset_temp(os, d);

    i->z_mask &= z;
    if (i->z_mask == 0 && !(tcg_op_def(op)->flags & TCG_OPF_SIDE_EFFECTS) &&
        op->opc != INDEX_op_call && tcg_op_nb_oargs(op) == 1) {
        fold_to_const(os, op, 0);
    }
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case OP_PAIR(add):
    case OP_PAIR(mul):
    case OP_PAIR(and):
    case OP_PAIR(or):
    case OP_PAIR(xor):
    case OP_PAIR(eqv):
    case OP_PAIR(nand):
    case OP_PAIR(nor):
    case OP_PAIR(mulu2):
    case OP_PAIR(muls2):
        return true;
    default:
        return false;
    }
}

/* The value of "x op x" for ops where it does not depend on x. */
static bool same_operands(TCGOpcode opc, uint64_t *r)
{
    switch (opc) {
    case OP_PAIR(sub):
    case OP_PAIR(xor):
    case OP_PAIR(andc):
        *r = 0;
        return true;
    case OP_PAIR(eqv):
    case OP_PAIR(orc):
        *r = UINT64_MAX;
        return true;
    default:
        return false;
    }
}

/* Bits [0, n) set. */
static uint64_t low_mask(unsigned n)
{
    return n >= 64 ? UINT64_MAX : (1ull << n) - 1;
}

/* Every bit at or below the highest bit of v. */
static uint64_t smear(uint64_t v)
{
    return v ? low_mask(64 - __builtin_clzll(v)) : 0;
}

/* z_mask of a value sign-extended from bit n of a value with mask z. */
static uint64_t z_sext(uint64_t z, unsigned n)
{
    return z & (1ull << n) ? z | ~low_mask(n) : z & low_mask(n);
}

/* Simplify a binary op whose second input is the constant y. */
static bool simplify_const2(OptState *os, TCGOp *op, uint64_t y)
{
    TCGArg x = op->args[1];
    uint64_t all = type_mask(ttype(os, op->args[0]));
    unsigned w = op_is_64(op->opc) ? 64 : 32;

    switch (op->opc) {
    case OP_PAIR(add):
    case OP_PAIR(sub):
    case OP_PAIR(or):
    case OP_PAIR(xor):
    case OP_PAIR(andc):
        if (y == 0) {
            fold_to_copy(os, op, x);
            return true;
        }
        if (y == all &&
            (op->opc == INDEX_op_or_i32 || op->opc == INDEX_op_or_i64)) {
            fold_to_const(os, op, all);
            return true;
        }
        if (y == all &&
            (op->opc == INDEX_op_andc_i32 || op->opc == INDEX_op_andc_i64)) {
            fold_to_const(os, op, 0);
            return true;
        }
        return false;
    case OP_PAIR(shl):
    case OP_PAIR(shr):
    case OP_PAIR(sar):
    case OP_PAIR(rotl):
    case OP_PAIR(rotr):
        if ((y & (w - 1)) == 0) {
            fold_to_copy(os, op, x);
            return true;
        }
        return false;
    case OP_PAIR(and):
        if (y == 0) {
            fold_to_const(os, op, 0);
            return true;
        }
        /* Also covers y == all: clears only bits known to be zero. */
        if ((ti(os, x)->z_mask & ~y) == 0) {
            fold_to_copy(os, op, x);
            return true;
        }
        return false;
    case OP_PAIR(orc):
        if (y == all) {
            fold_to_copy(os, op, x);
            return true;
        }
        if (y == 0) {
            fold_to_const(os, op, all);
            return true;
        }
        return false;
    case OP_PAIR(eqv):
        if (y == all) {
            fold_to_copy(os, op, x);
            return true;
        }
        return false;
    case OP_PAIR(mul):
        if (y == 0) {
            fold_to_const(os, op, 0);
            return true;
        }
        if (y == 1) {
            fold_to_copy(os, op, x);
            return true;
        }
        return false;
    case OP_PAIR(div):
    case OP_PAIR(divu):
        if (y == 1) {
            fold_to_copy(os, op, x);
            return true;
        }
        return false;
    case OP_PAIR(rem):
    case OP_PAIR(remu):
        if (y == 1) {
            fold_to_const(os, op, 0);
            return true;
        }
        return false;
    default:
        return false;
    }
}

/* Swap the inputs of op at args a and b, e.g. to put a constant last. */
static void swap_args(TCGOp *op, unsigned a, unsigned b)
{
    TCGArg t = op->args[a];

    op->args[a] = op->args[b];
    op->args[b] = t;
}

/* Known z_mask of the output of a one-output op, from its inputs. */
static uint64_t output_z_mask(OptState *os, TCGOp *op)
{
    bool w64 = op_is_64(op->opc);
    unsigned w = w64 ? 64 : 32;
    TCGArg *args = op->args;
    uint64_t za = 0, zb = 0;
    unsigned ni = tcg_op_nb_iargs(op);

    if (ni >= 1) {
        za = ti(os, args[1])->z_mask;
    }
    if (ni >= 2) {
        zb = ti(os, args[2])->z_mask;
    }
    switch (op->opc) {
    case OP_PAIR(and):
        return za & zb;
    case OP_PAIR(or):
    case OP_PAIR(xor):
        return za | zb;
    case OP_PAIR(andc):
        return is_const(os, args[2]) ? za & ~cval(os, args[2]) : za;
    case OP_PAIR(ext8u):
    case OP_PAIR(ld8u):
        return za & 0xff;
    case OP_PAIR(ext16u):
    case OP_PAIR(ld16u):
        return za & 0xffff;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extrl_i64_i32:
        return za & UINT32_MAX;
    case INDEX_op_extu_i32_i64:
        return za;
    case INDEX_op_extrh_i64_i32:
        return za >> 32;
    case INDEX_op_ld32u_i64:
        return UINT32_MAX;
    case OP_PAIR(ext8s):
        return z_sext(za, 7);
    case OP_PAIR(ext16s):
        return z_sext(za, 15);
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        return z_sext(za, 31);
    case OP_PAIR(shl):
        return is_const(os, args[2]) ? za << (cval(os, args[2]) & (w - 1))
                                     : UINT64_MAX;
    case OP_PAIR(shr):
        return is_const(os, args[2]) ? za >> (cval(os, args[2]) & (w - 1))
                                     : smear(za);
    case OP_PAIR(sar):
        if (!(za >> (w - 1))) {
            return is_const(os, args[2]) ? za >> (cval(os, args[2]) & (w - 1))
                                         : smear(za);
        }
        return UINT64_MAX;
    case OP_PAIR(rotl):
    case OP_PAIR(rotr):
        if (is_const(os, args[2])) {
            unsigned c = cval(os, args[2]) & (w - 1);

            return tcg_rotl(za,
                            op->opc == INDEX_op_rotl_i32 ||
                                    op->opc == INDEX_op_rotl_i64
                                ? c
                                : w - c,
                            w64);
        }
        return UINT64_MAX;
    case OP_PAIR(extract):
        return (za >> args[2]) & low_mask(args[3]);
    case OP_PAIR(sextract):
        return z_sext((za >> args[2]) & low_mask(args[3]), args[3] - 1);
    case OP_PAIR(deposit): {
        uint64_t m = low_mask(args[4]);

        return (za & ~(m << args[3])) | ((zb & m) << args[3]);
    }
    case OP_PAIR(setcond):
        return 1;
    case OP_PAIR(movcond):
        return ti(os, args[3])->z_mask | ti(os, args[4])->z_mask;
    case OP_PAIR(clz):
    case OP_PAIR(ctz):
        return low_mask(w64 ? 7 : 6) | zb;
    case OP_PAIR(ctpop):
        return low_mask(w64 ? 7 : 6);
    case OP_PAIR(bswap16):
        return __builtin_bswap16((uint16_t)za);
    case OP_PAIR(bswap32):
        return __builtin_bswap32((uint32_t)za);
    case INDEX_op_bswap64_i64:
        return __builtin_bswap64(za);
    case OP_PAIR(divu):
        return smear(za);
    case OP_PAIR(remu):
        /* r <= a, and r < b <= zb; b == 0 is undefined: keep it safe. */
        return smear(za) & (zb ? smear(zb - 1) : UINT64_MAX);
    case OP_PAIR(qemu_ld): {
        MemOp mop = get_memop((MemOpIdx)args[2]);

        return mop & MO_SIGN ? UINT64_MAX : low_mask(8 * memop_size(mop));
    }
    default:
        return UINT64_MAX;
    }
}

/* Ops whose output is a copy of their input when the input already has
   the shape the op gives: extensions and low extracts. */
static bool redundant_ext(OptState *os, TCGOp *op)
{
    uint64_t za = ti(os, op->args[1])->z_mask, keep;

    switch (op->opc) {
    case OP_PAIR(ext8u):
        keep = 0xff;
        break;
    case OP_PAIR(ext16u):
        keep = 0xffff;
        break;
    case INDEX_op_ext32u_i64:
        keep = UINT32_MAX;
        break;
    case OP_PAIR(ext8s):
        keep = 0x7f;
        break;
    case OP_PAIR(ext16s):
        keep = 0x7fff;
        break;
    case INDEX_op_ext32s_i64:
        keep = INT32_MAX;
        break;
    case OP_PAIR(extract):
        if (op->args[2] != 0) {
            return false;
        }
        keep = low_mask(op->args[3]);
        break;
    case OP_PAIR(sextract):
        if (op->args[2] != 0) {
            return false;
        }
        keep = low_mask(op->args[3] - 1);
        break;
    default:
        return false;
    }
    if (za & ~keep) {
        return false;
    }
    fold_to_copy(os, op, op->args[1]);
    return true;
}

/* Decide "a c b" if possible: 1 true, 0 false, -1 unknown. */
static int decide_cond(OptState *os, TCGCond c, TCGArg a, TCGArg b, bool w64)
{
    if (is_const(os, a) && is_const(os, b)) {
        return tcg_eval_cond(c, cval(os, a), cval(os, b), w64);
    }
    if (are_copies(os, a, b)) {
        switch (c) {
        case TCG_COND_EQ:
        case TCG_COND_GE:
        case TCG_COND_LE:
        case TCG_COND_GEU:
        case TCG_COND_LEU:
            return 1;
        case TCG_COND_NE:
        case TCG_COND_LT:
        case TCG_COND_GT:
        case TCG_COND_LTU:
        case TCG_COND_GTU:
            return 0;
        default:
            return -1;
        }
    }
    if (const_is(os, b, 0)) {
        if (c == TCG_COND_LTU || c == TCG_COND_TSTNE) {
            return 0;
        }
        if (c == TCG_COND_GEU || c == TCG_COND_TSTEQ) {
            return 1;
        }
    }
    /* a with no bit in common with b's possible bits. */
    if ((c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE) &&
        (ti(os, a)->z_mask & ti(os, b)->z_mask) == 0) {
        return c == TCG_COND_TSTEQ;
    }
    return -1;
}

/* Put a constant first operand of a comparison second. */
static TCGCond canon_cond(OptState *os, TCGOp *op, unsigned a, TCGCond c)
{
    if (is_const(os, op->args[a]) && !is_const(os, op->args[a + 1])) {
        swap_args(op, a, a + 1);
        return tcg_swap_cond(c);
    }
    return c;
}

/* brcond a,b,c,L; true if the code after it is unreachable. */
static bool opt_brcond(OptState *os, TCGOp *op)
{
    TCGCond c = canon_cond(os, op, 0, (TCGCond)op->args[2]);
    int r = decide_cond(os, c, op->args[0], op->args[1], op_is_64(op->opc));

    op->args[2] = c;
    if (r == 1) {
        op->opc = INDEX_op_br;
        op->args[0] = op->args[3];
        return true;
    }
    if (r == 0) {
        tcg_op_remove(os->s, op);
    }
    return false;
}

static void opt_setcond(OptState *os, TCGOp *op)
{
    TCGCond c = canon_cond(os, op, 1, (TCGCond)op->args[3]);
    int r = decide_cond(os, c, op->args[1], op->args[2], op_is_64(op->opc));

    op->args[3] = c;
    if (r >= 0) {
        fold_to_const(os, op, r);
    } else {
        set_output(os, op, op->args[0], 1);
    }
}

/* movcond d,c1,c2,v1,v2,c */
static void opt_movcond(OptState *os, TCGOp *op)
{
    TCGCond c = canon_cond(os, op, 1, (TCGCond)op->args[5]);
    int r = decide_cond(os, c, op->args[1], op->args[2], op_is_64(op->opc));

    op->args[5] = c;
    if (r >= 0) {
        fold_to_copy(os, op, op->args[r ? 3 : 4]);
    } else if (are_copies(os, op->args[3], op->args[4])) {
        fold_to_copy(os, op, op->args[3]);
    } else {
        set_output(os, op, op->args[0], output_z_mask(os, op));
    }
}

/* add2/sub2/mulu2/muls2: fold to two constant moves when all is known. */
static void opt_double(OptState *os, TCGOp *op)
{
    bool w64 = op_is_64(op->opc);
    unsigned ni = tcg_op_nb_iargs(op), w = w64 ? 64 : 32;
    TCGArg rl = op->args[0], rh = op->args[1];
    unsigned __int128 a, b, r;
    TCGOp *op2;

    if (is_commutative(op->opc)) {
        if (is_const(os, op->args[2]) && !is_const(os, op->args[3])) {
            swap_args(op, 2, 3);
        }
    }
    for (unsigned i = 2; i < 2 + ni; i++) {
        if (!is_const(os, op->args[i])) {
            reset_temp(os, rl);
            reset_temp(os, rh);
            return;
        }
    }
    if (ni == 4) {
        a = cval(os, op->args[2]) | (unsigned __int128)cval(os, op->args[3])
                                        << w;
        b = cval(os, op->args[4]) | (unsigned __int128)cval(os, op->args[5])
                                        << w;
        r = op->opc == INDEX_op_add2_i32 || op->opc == INDEX_op_add2_i64
                ? a + b
                : a - b;
    } else if (op->opc == INDEX_op_mulu2_i32 || op->opc == INDEX_op_mulu2_i64) {
        r = (unsigned __int128)cval(os, op->args[2]) * cval(os, op->args[3]);
    } else {
        int64_t x = (int64_t)tcg_sext(cval(os, op->args[2]), w64);
        int64_t y = (int64_t)tcg_sext(cval(os, op->args[3]), w64);

        r = (unsigned __int128)((__int128)x * y);
    }
    op2 = tcg_op_insert_after(os->s, op, mov_opc(os, rh));
    op2->args[0] = rh;
    op2->args[1] = opt_constant(os, ttype(os, rh), (uint64_t)(r >> w));
    fold_to_const(os, op, (uint64_t)r);
    set_const(os, rh, (uint64_t)(r >> w));
}

/* Ops with one output and constant arguments (deposit, extract, ...). */
static bool fold_field(OptState *os, TCGOp *op)
{
    TCGArg *args = op->args;
    bool w64 = op_is_64(op->opc);
    uint64_t r, m;

    switch (op->opc) {
    case OP_PAIR(deposit):
        if (!is_const(os, args[1]) || !is_const(os, args[2])) {
            return false;
        }
        m = low_mask(args[4]) << args[3];
        r = (cval(os, args[1]) & ~m) | ((cval(os, args[2]) << args[3]) & m);
        break;
    case OP_PAIR(extract):
        if (!is_const(os, args[1])) {
            return false;
        }
        r = (cval(os, args[1]) >> args[2]) & low_mask(args[3]);
        break;
    case OP_PAIR(sextract):
        if (!is_const(os, args[1])) {
            return false;
        }
        r = (uint64_t)((int64_t)(cval(os, args[1])
                                 << (64 - args[2] - args[3])) >>
                       (64 - args[3]));
        break;
    case OP_PAIR(clz):
    case OP_PAIR(ctz):
        if (!is_const(os, args[1])) {
            return false;
        }
        /* The zero value matters only for a zero input. */
        if (cval(os, args[1]) == 0) {
            fold_to_copy(os, op, args[2]);
            return true;
        }
        tcg_fold_op(op->opc, cval(os, args[1]), 0, &r);
        break;
    default:
        return false;
    }
    fold_to_const(os, op, w64 ? r : (uint32_t)r);
    return true;
}

/* Ops with one output and no side effects other than maybe faulting. */
static void opt_single(OptState *os, TCGOp *op)
{
    TCGArg *args = op->args;
    /* Every op here has one or two inputs, then constant arguments. */
    unsigned ni = tcg_op_nb_iargs(op);
    bool plain = tcg_op_def(op)->nb_cargs == 0;
    bool ca = is_const(os, args[1]), cb = ni == 2 && is_const(os, args[2]);
    uint64_t r;

    if (ca && ni == 2 && !cb && is_commutative(op->opc)) {
        swap_args(op, 1, 2);
        ca = false;
        cb = true;
    }
    if (plain && ca && (ni == 1 || cb) &&
        tcg_fold_op(op->opc, cval(os, args[1]), ni == 2 ? cval(os, args[2]) : 0,
                    &r)) {
        fold_to_const(os, op, r);
        return;
    }
    if (fold_field(os, op)) {
        return;
    }
    if (ni == 2 && plain && are_copies(os, args[1], args[2])) {
        switch (op->opc) {
        case OP_PAIR(and):
        case OP_PAIR(or):
            fold_to_copy(os, op, args[1]);
            return;
        default:
            if (same_operands(op->opc, &r)) {
                fold_to_const(os, op, r);
                return;
            }
        }
    }
    if (cb && simplify_const2(os, op, cval(os, args[2]))) {
        return;
    }
    if (ni == 1 && redundant_ext(os, op)) {
        return;
    }
    set_output(os, op, args[0], output_z_mask(os, op));
}

/* Optimize one op; true if the code after it is unreachable. */
static bool opt_op(OptState *os, TCGOp *op)
{
    TCGContext *s = os->s;
    unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);

    for (unsigned i = no; i < no + ni; i++) {
        op->args[i] = best_copy(os, op->args[i]);
    }
    switch (op->opc) {
    case INDEX_op_discard:
        reset_temp(os, op->args[0]);
        return false;
    case INDEX_op_br:
    case INDEX_op_exit_tb:
    case INDEX_op_goto_ptr:
        return true;
    case INDEX_op_goto_tb:
    case INDEX_op_insn_start:
    case INDEX_op_mb:
        return false;
    case INDEX_op_call:
        if (!(tcg_op_call_flags(op) & TCG_CALL_NO_WRITE_GLOBALS)) {
            for (uint32_t t = 1; t < s->nb_globals; t++) {
                /* An entry of an older generation knows nothing. */
                if (os->info[t].gen == os->gen) {
                    reset_temp(os, t);
                }
            }
        }
        if (no) {
            reset_temp(os, op->args[0]);
        }
        return false;
    case OP_PAIR(mov):
        fold_to_copy(os, op, op->args[1]);
        return false;
    case OP_PAIR(brcond):
        return opt_brcond(os, op);
    case OP_PAIR(setcond):
        opt_setcond(os, op);
        return false;
    case OP_PAIR(movcond):
        opt_movcond(os, op);
        return false;
    case OP_PAIR(add2):
    case OP_PAIR(sub2):
    case OP_PAIR(mulu2):
    case OP_PAIR(muls2):
        opt_double(os, op);
        return false;
    default:
        if (no == 0) {
            return false; /* stores */
        }
        g_assert(no == 1);
        opt_single(os, op);
        return false;
    }
}

void tcg_optimize(TCGContext *s)
{
    OptState os = {.s = s, .info = s->opt_info, .cap = s->opt_info_cap};
    bool dead = false;

    /* Far from wrapping (a TB bumps it once per label): start over with
       every entry stale. */
    if (s->opt_gen >= UINT32_MAX / 2) {
        memset(os.info, 0, os.cap * sizeof(OptInfo));
        s->opt_gen = 0;
    }
    os.gen = ++s->opt_gen;
    if (s->nb_temps > os.cap) {
        info_grow(&os, s->nb_temps - 1);
    }

    for (TCGOp *op = s->first_op, *nxt; op; op = nxt) {
        nxt = op->next;
        if (op->opc == INDEX_op_set_label) {
            TCGOp *prev = op->prev;

            /* A br to the next op: fall through, knowing what it knew. */
            if (prev && prev->opc == INDEX_op_br &&
                prev->args[0] == op->args[0]) {
                tcg_op_remove(s, prev);
                dead = false;
            }
            if (s->labels[op->args[0]].refs == 0) {
                tcg_op_remove(s, op);
            } else {
                os.gen = ++s->opt_gen; /* another path arrives here */
                dead = false;
            }
            continue;
        }
        if (dead) {
            tcg_op_remove(s, op);
            continue;
        }
        dead = opt_op(&os, op);
    }
    s->optimized = true;
}
