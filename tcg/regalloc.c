/*
 * The JIT's register allocator: one forward pass over the TB's ops,
 * driven by the liveness bits (tcg/tcg.h, "LIVENESS OUTPUTS").
 *
 * Each temp is somewhere: in a host register (maybe also coherent in
 * memory), only in memory (globals at env + offset, locals and spilled
 * block temps in a frame slot at rsp + 8 * n), a known constant with no
 * register (after "mov t, $c"), or dead.  Globals stay in registers
 * between uses; a register value is stored only where TCG_LIFE_SYNC says
 * so, or when the register is needed (spill), or around a call for a
 * value that lives across it.  At every basic-block end liveness has
 * already put globals and locals in memory, so the state resets.
 *
 * Emitters (tcg/x86_64/ops.c, softmmu.c) call, per op: ra_begin_op, then
 * the ra_in* functions for inputs (which lock their registers for the
 * op), ra_out* for outputs, emit, then ra_end_op (syncs and frees what
 * liveness says).  REG_TMP (r11), RSP and env's register are never
 * allocated.
 */
#include "tcg/x86_64/x86.h"

/* 1: check at every block end that no temp was missed (tests). */
#ifndef RA_CHECK_BB_END
#define RA_CHECK_BB_END 0
#endif

/* Allocation order: callee-saved first, so values survive calls. */
static const int8_t ra_order[] = {
    RBX, R12, R13, R14, R15, R10, R9, R8, RCX, RDX, RSI, RDI, RAX,
};

static TCGTemp *ts(JitCtx *c, TCGArg t)
{
    return &c->s->temps[t];
}

static bool is_w64(JitCtx *c, TCGArg t)
{
    return ts(c, t)->type == TCG_TYPE_I64;
}

/* t is about to leave its block-end state (see JitCtx.touched). */
static void touch(JitCtx *c, TCGArg t)
{
    RATemp *rt = &c->t[t];

    if (!rt->touched) {
        rt->touched = true;
        c->touched[c->nb_touched++] = (uint32_t)t;
    }
}

void ra_begin_tb(JitCtx *c)
{
    TCGContext *s = c->s;

    for (int r = 0; r < 16; r++) {
        c->owner[r] = -1;
    }
    c->locked = 0;
    c->nb_free_slots = 0;
    c->next_slot = 0;
    c->nb_touched = 0;
    /*
     * env, then the globals, unless the last TB left them in their
     * block-end state (ra_tb_done); then the TB's temps, which are dead
     * (all zero) unless constants or locals.  This runs for every TB,
     * whose temps are mostly constants and block temps used once.
     */
    if (c->clean_globals < s->nb_globals) {
        c->t[TCG_TEMP_ENV] =
            (RATemp){.loc = LOC_REG, .reg = REG_ENV, .coherent = true};
        for (uint32_t i = 1; i < s->nb_globals; i++) {
            c->t[i] = (RATemp){.loc = LOC_MEM, .coherent = true};
        }
    }
    c->clean_globals = 0;
    memset(&c->t[s->nb_globals], 0,
           (s->nb_temps - s->nb_globals) * sizeof(RATemp));
    G_STATIC_ASSERT(LOC_DEAD == 0);
    for (uint32_t i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTempKind k = s->temps[i].kind;

        if (k == TEMP_CONST) {
            c->t[i].loc = LOC_CONST;
            c->t[i].val = s->temps[i].val;
        } else if (k == TEMP_LOCAL) {
            c->t[i].loc = LOC_MEM;
            c->t[i].coherent = true;
        }
    }
}

void ra_tb_done(JitCtx *c)
{
    /* After the last op nothing lives in a register any more. */
    ra_bb_end(c);
    c->clean_globals = c->s->nb_globals;
}

/* Where t lives in memory: base register and offset. */
static void mem_of(JitCtx *c, TCGArg t, int *base, int32_t *ofs)
{
    TCGTemp *tp = ts(c, t);
    RATemp *rt = &c->t[t];

    if (tp->kind == TEMP_GLOBAL) {
        *base = REG_ENV;
        *ofs = tp->mem_offset;
        return;
    }
    if (!rt->has_slot) {
        unsigned n;

        if (c->nb_free_slots) {
            n = c->free_slots[--c->nb_free_slots];
        } else {
            if (c->next_slot >= JIT_FRAME_SLOTS) {
                g_error("JIT: TB needs more than %d spill slots",
                        JIT_FRAME_SLOTS);
            }
            n = c->next_slot++;
        }
        touch(c, t);
        rt->has_slot = true;
        rt->slot = 8 * n;
    }
    *base = RSP;
    *ofs = rt->slot;
}

static void store_temp(JitCtx *c, TCGArg t)
{
    RATemp *rt = &c->t[t];
    int base;
    int32_t ofs;

    if (rt->coherent || ts(c, t)->kind == TEMP_FIXED) {
        return;
    }
    mem_of(c, t, &base, &ofs);
    if (rt->loc == LOC_REG) {
        x86_st(&c->b, is_w64(c, t), rt->reg, base, ofs);
    } else {
        g_assert(rt->loc == LOC_CONST);
        if (!is_w64(c, t) || x86_fits_i32((int64_t)rt->val)) {
            /* mov r/m, imm32 (sign-extended for 64 bits) */
            x86_rm(&c->b, OPC_MOV_STI | (is_w64(c, t) ? P_W : 0), 0, base, ofs);
            x86_u32(&c->b, (uint32_t)rt->val);
        } else {
            x86_movi(&c->b, true, REG_TMP, rt->val);
            x86_st(&c->b, true, REG_TMP, base, ofs);
        }
    }
    rt->coherent = true;
}

/* t no longer has a register or constant value; memory if coherent. */
static void detach(JitCtx *c, TCGArg t)
{
    RATemp *rt = &c->t[t];

    if (ts(c, t)->kind == TEMP_FIXED || ts(c, t)->kind == TEMP_CONST) {
        return;
    }
    if (rt->loc == LOC_REG) {
        c->owner[rt->reg] = -1;
    }
    rt->loc = rt->coherent ? LOC_MEM : LOC_DEAD;
}

/* t's value is not needed any more (liveness: dead). */
static void release(JitCtx *c, TCGArg t)
{
    RATemp *rt = &c->t[t];
    TCGTempKind k = ts(c, t)->kind;

    if (k == TEMP_FIXED || k == TEMP_CONST) {
        return;
    }
    if (rt->loc == LOC_REG) {
        c->owner[rt->reg] = -1;
    }
    if (k == TEMP_GLOBAL || k == TEMP_LOCAL) {
        /* Memory holds what later code will read (liveness synced it). */
        rt->loc = LOC_MEM;
        rt->coherent = true;
    } else {
        rt->loc = LOC_DEAD;
        rt->coherent = false;
        if (rt->has_slot) {
            c->free_slots[c->nb_free_slots++] = (uint16_t)(rt->slot / 8);
            rt->has_slot = false;
        }
    }
}

static void spill_reg(JitCtx *c, int r)
{
    int32_t t = c->owner[r];

    if (t >= 0) {
        store_temp(c, t);
        detach(c, t);
    }
}

static int find_free(JitCtx *c, uint16_t avoid)
{
    uint16_t busy = c->locked | avoid;

    for (unsigned i = 0; i < G_N_ELEMENTS(ra_order); i++) {
        int r = ra_order[i];

        if (!(busy & REG_MASK(r)) && c->owner[r] < 0) {
            return r;
        }
    }
    return -1;
}

/* A register not locked nor in avoid, emptied; locked for this op. */
static int alloc_reg(JitCtx *c, uint16_t avoid)
{
    uint16_t busy = c->locked | avoid;
    int r = find_free(c, avoid), victim = -1;

    if (r < 0) {
        /* Spill, preferring a value memory already holds. */
        for (unsigned i = 0; i < G_N_ELEMENTS(ra_order); i++) {
            int q = ra_order[i];

            if (busy & REG_MASK(q)) {
                continue;
            }
            if (victim < 0 || c->t[c->owner[q]].coherent) {
                victim = q;
                if (c->t[c->owner[q]].coherent) {
                    break;
                }
            }
        }
        g_assert(victim >= 0);
        spill_reg(c, victim);
        r = victim;
    }
    c->locked |= REG_MASK(r);
    return r;
}

void ra_load(JitCtx *c, TCGArg t, int r)
{
    RATemp *rt = &c->t[t];
    bool w64 = is_w64(c, t);
    int base;
    int32_t ofs;

    switch (rt->loc) {
    case LOC_REG:
        x86_mov_rr(&c->b, w64, r, rt->reg);
        break;
    case LOC_CONST:
        x86_movi(&c->b, w64, r, rt->val);
        break;
    case LOC_MEM:
        mem_of(c, t, &base, &ofs);
        x86_ld(&c->b, w64, r, base, ofs);
        break;
    default:
        /* Read before written: frontend bug, or a local never set.
           Give it a defined value rather than garbage. */
        x86_movi(&c->b, w64, r, 0);
        break;
    }
}

int ra_in(JitCtx *c, TCGArg t)
{
    RATemp *rt = &c->t[t];
    int r;

    if (rt->loc == LOC_REG) {
        c->locked |= REG_MASK(rt->reg);
        return rt->reg;
    }
    r = alloc_reg(c, 0);
    ra_load(c, t, r);
    if (ts(c, t)->kind != TEMP_CONST) {
        /* It stays there for later uses (memory keeps its state). */
        touch(c, t);
        rt->loc = LOC_REG;
        rt->reg = r;
        c->owner[r] = t;
    }
    return r;
}

int ra_scratch(JitCtx *c, uint16_t avoid)
{
    return alloc_reg(c, avoid);
}

static bool is_output(JitCtx *c, TCGArg t)
{
    unsigned no = tcg_op_nb_oargs(c->op);

    for (unsigned i = 0; i < no; i++) {
        if (c->op->args[i] == t) {
            return true;
        }
    }
    return false;
}

/* t is read once by this op and never after. */
static bool input_dies(JitCtx *c, TCGArg t)
{
    const TCGOp *op = c->op;
    unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);

    unsigned uses = 0;
    bool dead = false;

    for (unsigned i = no; i < no + ni; i++) {
        if (op->args[i] == t) {
            uses++;
            dead |= (op->life & TCG_LIFE_DEAD(i)) != 0;
        }
    }
    return dead && uses == 1;
}

/* Output o now lives in register r, which the caller locked. */
static void bind_out(JitCtx *c, TCGArg t, int r)
{
    RATemp *rt = &c->t[t];

    if (rt->loc == LOC_REG && rt->reg != r) {
        c->owner[rt->reg] = -1;
    }
    touch(c, t);
    rt->loc = LOC_REG;
    rt->reg = r;
    rt->coherent = false;
    c->owner[r] = t;
}

int ra_out(JitCtx *c, unsigned o, uint16_t avoid)
{
    TCGArg t = c->op->args[o];
    RATemp *rt = &c->t[t];
    int r;

    if (rt->loc == LOC_REG && !(c->locked & REG_MASK(rt->reg)) &&
        !(avoid & REG_MASK(rt->reg))) {
        r = rt->reg;
        c->locked |= REG_MASK(r);
    } else {
        /* Its old register (if an input) keeps the old value. */
        if (rt->loc == LOC_REG) {
            c->owner[rt->reg] = -1;
            rt->loc = LOC_DEAD;
        }
        r = alloc_reg(c, avoid);
    }
    bind_out(c, t, r);
    return r;
}

/*
 * Output o in the register of input i's value (for two-operand forms):
 * input i's register if it dies here, else a copy.
 */
int ra_out_tied(JitCtx *c, unsigned o, unsigned i, uint16_t avoid)
{
    TCGArg ti = c->op->args[i], to = c->op->args[o];
    RATemp *ri = &c->t[ti];
    int r;

    if (ri->loc == LOC_REG && ts(c, ti)->kind != TEMP_FIXED &&
        !(avoid & REG_MASK(ri->reg)) && (ra_arg_dead(c, i) || ti == to)) {
        r = ri->reg;
        if (ti != to) {
            release(c, ti);
        }
        c->locked |= REG_MASK(r);
        bind_out(c, to, r);
        return r;
    }
    /* Copy first: ti may be the output itself, whose binding moves. */
    r = alloc_reg(c, avoid | (ri->loc == LOC_REG ? REG_MASK(ri->reg) : 0));
    ra_load(c, ti, r);
    bind_out(c, to, r);
    return r;
}

void ra_out_fixed(JitCtx *c, unsigned o, int reg)
{
    TCGArg t = c->op->args[o];

    g_assert(c->owner[reg] < 0 || c->owner[reg] == (int32_t)t);
    c->locked |= REG_MASK(reg);
    bind_out(c, t, reg);
}

/* Empty reg (moving its value to another register or memory); lock it. */
void ra_evict(JitCtx *c, int reg)
{
    int32_t t = c->owner[reg];

    g_assert(!(c->locked & REG_MASK(reg)) || t < 0);
    if (t >= 0) {
        int r = find_free(c, REG_MASK(reg));

        if (r >= 0) {
            x86_mov_rr(&c->b, true, r, reg);
            c->owner[r] = t;
            c->owner[reg] = -1;
            c->t[t].reg = r;
        } else {
            spill_reg(c, reg);
        }
    }
    c->locked |= REG_MASK(reg);
}

/*
 * A copy of t's value in reg, which the op may clobber; t keeps (or
 * gets) another home if it is still needed.  Call before ra_in for
 * other inputs.
 */
void ra_in_fixed(JitCtx *c, TCGArg t, int reg)
{
    RATemp *rt = &c->t[t];

    if (rt->loc == LOC_REG && rt->reg == reg && input_dies(c, t) &&
        !is_output(c, t)) {
        /* Already there and not needed after: just take the register. */
        release(c, t);
        c->locked |= REG_MASK(reg);
        return;
    }
    ra_evict(c, reg);
    ra_load(c, t, reg);
}

void ra_set_const(JitCtx *c, unsigned o, uint64_t v)
{
    TCGArg t = c->op->args[o];
    RATemp *rt = &c->t[t];

    if (rt->loc == LOC_REG) {
        c->owner[rt->reg] = -1;
    }
    touch(c, t);
    rt->loc = LOC_CONST;
    rt->val = is_w64(c, t) ? v : (uint32_t)v;
    rt->coherent = false;
}

void ra_discard(JitCtx *c, TCGArg t)
{
    release(c, t);
}

void ra_end_op(JitCtx *c)
{
    const TCGOp *op = c->op;
    unsigned no, ni;

    if (op->life == 0) {
        c->locked = 0;
        return;
    }
    no = tcg_op_nb_oargs(op);
    ni = tcg_op_nb_iargs(op);

    /* The dead inputs, lowest first. */
    for (unsigned dead = op->life & ((TCG_LIFE_DEAD(ni) - 1) << no); dead;
         dead &= dead - 1) {
        TCGArg t = op->args[__builtin_ctz(dead)];

        if (!is_output(c, t)) {
            release(c, t);
        }
    }
    for (unsigned i = 0; i < no; i++) {
        TCGArg t = op->args[i];

        if (op->life & TCG_LIFE_SYNC(i)) {
            store_temp(c, t);
        }
        if (op->life & TCG_LIFE_DEAD(i)) {
            release(c, t);
        }
    }
    c->locked = 0;
}

/*
 * Before a call: values in call-clobbered registers that outlive the op
 * go to memory.  Registers stay bound until ra_release_callregs so the
 * op can still read its inputs from them.
 */
/* The registers of CALL_CLOBBERED, in ascending order. */
static const int8_t clobbered[] = {RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11};

void ra_save_callregs(JitCtx *c)
{
    const TCGOp *op = c->op;
    unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);

    for (unsigned k = 0; k < G_N_ELEMENTS(clobbered); k++) {
        int32_t t = c->owner[clobbered[k]];
        bool dies = false;

        if (t < 0) {
            continue;
        }
        for (unsigned i = no; i < no + ni; i++) {
            if (op->args[i] == (TCGArg)t && (op->life & TCG_LIFE_DEAD(i))) {
                dies = true;
            }
        }
        if (!dies) {
            store_temp(c, t);
        }
    }
}

/* After reading the op's inputs: nothing lives in a call-clobbered
   register any more (their contents stay readable for this op). */
void ra_release_callregs(JitCtx *c)
{
    for (unsigned k = 0; k < G_N_ELEMENTS(clobbered); k++) {
        int32_t t = c->owner[clobbered[k]];

        if (t >= 0) {
            /* Live values were stored by ra_save_callregs. */
            if (c->t[t].coherent) {
                detach(c, t);
            } else {
                release(c, t);
            }
        }
    }
}

/* A call wrote globals: drop register copies (memory is the truth). */
void ra_forget_globals(JitCtx *c)
{
    /* Only a touched global can be in a register or a constant. */
    for (uint32_t k = 0; k < c->nb_touched; k++) {
        uint32_t i = c->touched[k];
        RATemp *rt = &c->t[i];

        if (i >= c->s->nb_globals) {
            continue;
        }
        if (rt->loc == LOC_REG || rt->loc == LOC_CONST) {
            if (rt->loc == LOC_REG) {
                c->owner[rt->reg] = -1;
            }
            rt->loc = LOC_MEM;
            rt->coherent = true;
        }
    }
}

/*
 * A label, br or exit: globals and locals are in memory, blocks dead.
 * Only the temps touched since the last block end can be anywhere else.
 */
void ra_bb_end(JitCtx *c)
{
    for (uint32_t k = 0; k < c->nb_touched; k++) {
        uint32_t i = c->touched[k];
        TCGTempKind kind = c->s->temps[i].kind;

        c->t[i].touched = false;
        if (kind == TEMP_CONST || kind == TEMP_FIXED) {
            continue;
        }
        if (c->t[i].loc == LOC_REG) {
            c->owner[c->t[i].reg] = -1;
        }
        if (kind == TEMP_GLOBAL || kind == TEMP_LOCAL) {
            c->t[i].loc = LOC_MEM;
            c->t[i].coherent = true;
        } else {
            release(c, i);
        }
    }
    c->nb_touched = 0;
    if (RA_CHECK_BB_END) {
        for (uint32_t i = 1; i < c->s->nb_temps; i++) {
            TCGTempKind kind = c->s->temps[i].kind;
            const RATemp *rt = &c->t[i];

            if (kind == TEMP_GLOBAL || kind == TEMP_LOCAL) {
                g_assert(rt->loc == LOC_MEM && rt->coherent);
            } else if (kind != TEMP_CONST) {
                g_assert(rt->loc == LOC_DEAD && !rt->has_slot);
            }
        }
        for (int r = 0; r < 16; r++) {
            g_assert(c->owner[r] < 0 ||
                     c->s->temps[c->owner[r]].kind == TEMP_FIXED);
        }
    }
}

/*
 * Load call arguments into the SysV argument registers: a parallel
 * move from wherever the values are (registers first, breaking cycles
 * through REG_TMP, then memory and constants, which no move disturbs).
 */
static const int8_t arg_regs[6] = {RDI, RSI, RDX, RCX, R8, R9};

void ra_call_args(JitCtx *c, const TCGArg *args, const uint8_t *types,
                  unsigned n)
{
    int src[6];
    bool pending[6] = {0};
    unsigned left = 0;

    for (unsigned i = 0; i < n; i++) {
        RATemp *rt = &c->t[args[i]];

        src[i] = rt->loc == LOC_REG ? rt->reg : -1;
        if (src[i] >= 0 && src[i] != arg_regs[i]) {
            pending[i] = true;
            left++;
        }
    }
    while (left) {
        bool progress = false;

        for (unsigned i = 0; i < n; i++) {
            bool blocked = false;

            if (!pending[i]) {
                continue;
            }
            for (unsigned j = 0; j < n; j++) {
                if (pending[j] && j != i && src[j] == arg_regs[i]) {
                    blocked = true;
                }
            }
            if (!blocked) {
                x86_mov_rr(&c->b, true, arg_regs[i], src[i]);
                pending[i] = false;
                left--;
                progress = true;
            }
        }
        if (!progress) {
            /* A cycle: park one source in REG_TMP. */
            for (unsigned i = 0; i < n; i++) {
                if (pending[i]) {
                    x86_mov_rr(&c->b, true, REG_TMP, src[i]);
                    src[i] = REG_TMP;
                    break;
                }
            }
        }
    }
    for (unsigned i = 0; i < n; i++) {
        RATemp *rt = &c->t[args[i]];

        if (rt->loc != LOC_REG) {
            ra_load(c, args[i], arg_regs[i]);
        }
    }
    (void)types;
}
