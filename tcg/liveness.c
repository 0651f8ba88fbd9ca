/*
 * Liveness: after dropping unreachable ops (after br, exit_tb, goto_ptr
 * up to the next label; tcg_optimize already did if it ran), one
 * backward pass over the TB's ops that
 *  - removes ops whose results are never used and that have no side
 *    effects (dead code, and the flag computations a guest instruction
 *    makes but the next one overwrites);
 *  - narrows add2/sub2/mulu2/muls2 whose high half is unused to the
 *    single-word op;
 *  - sets op->life for the register allocator: TCG_LIFE_DEAD(i) when
 *    argument i is not read again before its next write, and
 *    TCG_LIFE_SYNC(i) when output i must also be stored to its memory
 *    slot because something reads memory before the next write.
 *
 * State per temp while walking backwards: DEAD (no later read before a
 * write) and MEM (a later point needs the value in memory).  What forces
 * MEM, i.e. where a global must be in memory:
 *  - the end of the TB and every exit (exit_tb, goto_tb, goto_ptr),
 *  - every label and branch (with locals: both survive basic blocks in
 *    memory only; block temps simply die),
 *  - every op that can fault (qemu_ld, qemu_st) and every call that
 *    reads globals, directly or through a fault: the exec loop's fault
 *    handling and the helper look at the CPU state in memory;
 *  - a call that may write globals also ends the life of their register
 *    copies (DEAD | MEM before it).
 * Because every basic-block boundary resets the state, one pass is right
 * whether branches go forwards or backwards.
 */
#include "tcg/tcg.h"

#include <string.h>

enum {
    TS_DEAD = 1,
    TS_MEM = 2,
};

/*
 * The per-temp state lives in a byte array kept from TB to TB.  Resets
 * at exits and labels are memsets over two ranges (globals, TB temps):
 * a TB has a few hundred temps, mostly constants and block temps that
 * the frontend used once, and a loop that looked at each temp's kind at
 * every exit was a tenth of translation.  Locals, the only TB temps
 * whose state differs from the rest at a label, are listed once per TB
 * (frontends rarely create any).
 */
typedef struct LiveState {
    TCGContext *s;
    uint8_t *st;
    uint32_t *locals;
    uint32_t nb_locals;
} LiveState;

static void live_state_init(LiveState *ls, TCGContext *s)
{
    if (s->live_buf_size < s->nb_temps) {
        g_free(s->live_buf);
        s->live_buf_size = s->nb_temps * 2;
        s->live_buf = g_malloc(s->live_buf_size);
    }
    ls->s = s;
    ls->st = s->live_buf;
    ls->locals = NULL;
    ls->nb_locals = 0;
    if (s->nb_locals) {
        ls->locals = g_new(uint32_t, s->nb_locals);
        for (uint32_t i = s->nb_globals; i < s->nb_temps; i++) {
            if (s->temps[i].kind == TEMP_LOCAL) {
                ls->locals[ls->nb_locals++] = i;
            }
        }
    }
}

/* State after the last op, and after every TB exit: globals in memory,
   everything else dead (env, fixed, is never dead). */
static void la_func_end(LiveState *ls)
{
    TCGContext *s = ls->s;

    ls->st[TCG_TEMP_ENV] = 0;
    memset(ls->st + 1, TS_DEAD | TS_MEM, s->nb_globals - 1);
    memset(ls->st + s->nb_globals, TS_DEAD, s->nb_temps - s->nb_globals);
}

/* At a label or unconditional branch: globals and locals in memory. */
static void la_bb_end(LiveState *ls)
{
    la_func_end(ls);
    for (uint32_t i = 0; i < ls->nb_locals; i++) {
        ls->st[ls->locals[i]] = TS_DEAD | TS_MEM;
    }
}

/* Every load and call that reads globals does this: a word at a time. */
static void la_globals_sync(LiveState *ls)
{
    uint8_t *p = ls->st + 1;
    size_t n = ls->s->nb_globals - 1;
    const uint64_t mem = TS_MEM * 0x0101010101010101ull;

    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;

        memcpy(&w, p, 8);
        w |= mem;
        memcpy(p, &w, 8);
    }
    for (; n; n--) {
        *p++ |= TS_MEM;
    }
}

/* At a conditional branch: the taken path needs globals and locals in
   memory; the fall-through path keeps everything live. */
static void la_bb_sync(LiveState *ls)
{
    la_globals_sync(ls);
    for (uint32_t i = 0; i < ls->nb_locals; i++) {
        ls->st[ls->locals[i]] |= TS_MEM;
    }
}

static void la_globals_kill(LiveState *ls)
{
    memset(ls->st + 1, TS_DEAD | TS_MEM, ls->s->nb_globals - 1);
}

/* The single-word op for a double-word op whose high output is dead. */
static TCGOpcode narrow_op(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add2_i32:
        return INDEX_op_add_i32;
    case INDEX_op_add2_i64:
        return INDEX_op_add_i64;
    case INDEX_op_sub2_i32:
        return INDEX_op_sub_i32;
    case INDEX_op_sub2_i64:
        return INDEX_op_sub_i64;
    case INDEX_op_mulu2_i32:
    case INDEX_op_muls2_i32:
        return INDEX_op_mul_i32;
    case INDEX_op_mulu2_i64:
    case INDEX_op_muls2_i64:
        return INDEX_op_mul_i64;
    default:
        return NB_OPS;
    }
}

/* no outputs, op flags, call flags (0 unless a call) */
static bool removable(const TCGOp *op, const uint8_t *st, unsigned no,
                      unsigned flags, unsigned cflags)
{
    if (op->opc == INDEX_op_call) {
        if (!(cflags & TCG_CALL_NO_SIDE_EFFECTS)) {
            return false;
        }
    } else if ((flags & TCG_OPF_SIDE_EFFECTS) || no == 0) {
        return false;
    }
    for (unsigned i = 0; i < no; i++) {
        if (st[op->args[i]] != TS_DEAD) {
            return false;
        }
    }
    return true;
}

/*
 * Ops after br, exit_tb or goto_ptr up to the next label never run.
 * Dropping them (the optimizer does too) spares the backend code that
 * reads temps no path defines.
 */
static void remove_unreachable(TCGContext *s)
{
    bool dead = false;

    for (TCGOp *op = s->first_op, *nxt; op; op = nxt) {
        nxt = op->next;
        if (op->opc == INDEX_op_set_label) {
            dead = false;
        } else if (dead) {
            tcg_op_remove(s, op);
        } else if (op->opc == INDEX_op_br || op->opc == INDEX_op_exit_tb ||
                   op->opc == INDEX_op_goto_ptr) {
            dead = true;
        }
    }
}

void tcg_liveness(TCGContext *s)
{
    LiveState ls;
    uint8_t *st;
    TCGOp *op, *prev;

    if (!s->optimized) {
        remove_unreachable(s);
    }
    live_state_init(&ls, s);
    st = ls.st;
    la_func_end(&ls);
    for (op = s->last_op; op; op = prev) {
        const TCGOpDef *def = tcg_op_def(op);
        unsigned no = def->nb_oargs, ni = def->nb_iargs, flags = def->flags;
        unsigned cflags = 0;
        uint16_t life = 0;

        prev = op->prev;
        if (op->opc == INDEX_op_call) {
            no = op->callo;
            ni = op->calli;
            cflags = tcg_call_info(op)->flags;
        } else if (no == 2 && st[op->args[1]] == TS_DEAD &&
                   st[op->args[0]] != TS_DEAD) {
            /* Only the double-word ops have two outputs.
               rl, rh, al, ah, bl, bh or lo, hi, a, b -> d, a, b */
            bool two =
                op->opc == INDEX_op_add2_i32 || op->opc == INDEX_op_add2_i64 ||
                op->opc == INDEX_op_sub2_i32 || op->opc == INDEX_op_sub2_i64;

            op->args[1] = op->args[2];
            op->args[2] = op->args[two ? 4 : 3];
            op->opc = narrow_op(op->opc);
            g_assert(op->opc != NB_OPS);
            def = tcg_op_def(op);
            no = def->nb_oargs;
            ni = def->nb_iargs;
            flags = def->flags;
        }
        if (removable(op, st, no, flags, cflags)) {
            tcg_op_remove(s, op);
            continue;
        }

        if (op->opc == INDEX_op_discard) {
            /* The value is garbage from here: nothing to keep or store. */
            st[op->args[0]] = TS_DEAD;
            op->life = 0;
            continue;
        }
        for (unsigned i = 0; i < no; i++) {
            TCGArg t = op->args[i];

            if (st[t] & TS_DEAD) {
                life |= TCG_LIFE_DEAD(i);
            }
            if (st[t] & TS_MEM) {
                life |= TCG_LIFE_SYNC(i);
            }
            st[t] = TS_DEAD;
        }

        if (flags & TCG_OPF_BB_EXIT) {
            la_func_end(&ls);
        } else if (flags & TCG_OPF_COND_BRANCH) {
            la_bb_sync(&ls);
        } else if (flags & TCG_OPF_BB_END) {
            la_bb_end(&ls);
        } else if (op->opc == INDEX_op_call) {
            if (!(cflags & TCG_CALL_NO_WRITE_GLOBALS)) {
                la_globals_kill(&ls);
            } else if (!(cflags & TCG_CALL_NO_READ_GLOBALS)) {
                la_globals_sync(&ls);
            }
        } else if (flags & TCG_OPF_CAN_FAULT) {
            la_globals_sync(&ls);
        }

        for (unsigned i = no; i < no + ni; i++) {
            TCGArg t = op->args[i];

            if (st[t] & TS_DEAD) {
                life |= TCG_LIFE_DEAD(i);
            }
        }
        for (unsigned i = no; i < no + ni; i++) {
            st[op->args[i]] &= ~TS_DEAD;
        }
        op->life = life;
    }
    g_free(ls.locals);
}
