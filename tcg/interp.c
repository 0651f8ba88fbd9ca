/*
 * The IR interpreter (see tcg/interp.h for its contract).
 *
 * Compact form.  A TB becomes a stream of 32-bit words: the opcode, then
 * one operand word per temp argument (outputs, inputs), then one word
 * per constant argument (condition, field position, MemOpIdx, host-load
 * offset, branch target as a word index, pool operand for 64-bit
 * values).  set_label, insn_start and discard produce no words.
 *
 * An operand word locates a value: bits 0-1 select a base, bits 2-31
 * are a signed byte offset from it.  Base 0 is the frame (8-byte slots:
 * slot 0 holds env, then locals and block temps), base 1 is env (the
 * fields of globals), base 2 is the code's constant pool.  An i32 lives
 * in the low 4 bytes (the host is little-endian), so i32 ops read and
 * write 4 bytes whatever the base.  Block temps share frame slots: a
 * block temp's slot is free again after its last use (it cannot live
 * across a label, so textual order is execution order for it).
 */
#include "tcg/interp.h"

#include <string.h>

struct TCGInterpCode {
    uintptr_t jmp[2]; /* linked TCGInterpCode per goto_tb slot */
    void *opaque;
    size_t size; /* bytes of this whole block */
    const uint64_t *pool;
    const uint8_t *table; /* insn table (tcg_insn_table_find) */
    size_t table_len;
    uint32_t nb_words;
    uint32_t frame_slots;
    uint32_t insns[]; /* then the pool, then the table */
};

__thread uintptr_t tcg_interp_retaddr;
static __thread const TCGInterpCode *interp_current;

enum { SEL_FRAME, SEL_ENV, SEL_POOL };

#define OFF_MIN (-(1 << 29))
#define OFF_MAX ((1 << 29) - 1)
#define NO_SLOT UINT32_MAX

typedef struct Compile {
    TCGContext *s;
    GArray *words;  /* uint32_t */
    GArray *pool;   /* uint64_t */
    GArray *starts; /* uint32_t: code offset of each insn */
    GArray *fixups; /* uint32_t pairs: word index, label */
    uint32_t *slot; /* per temp: frame slot or pool index */
    uint32_t *last_use;
    uint32_t *free_slots;
    uint32_t nb_free, nb_slots;
} Compile;

static void put(Compile *c, uint32_t w)
{
    g_array_append_val(c->words, w);
}

static uint32_t enc(unsigned sel, int64_t off)
{
    g_assert(off >= OFF_MIN && off <= OFF_MAX);
    return ((uint32_t)off << 2) | sel;
}

static uint32_t pool_add(Compile *c, uint64_t v)
{
    g_array_append_val(c->pool, v);
    return enc(SEL_POOL, 8 * (int64_t)(c->pool->len - 1));
}

static uint32_t operand(Compile *c, TCGArg t)
{
    TCGTemp *tp = tcg_temp(c->s, t);

    switch (tp->kind) {
    case TEMP_FIXED:
        return enc(SEL_FRAME, 0);
    case TEMP_GLOBAL:
        return enc(SEL_ENV, tp->mem_offset);
    case TEMP_CONST:
        if (c->slot[t] == NO_SLOT) {
            c->slot[t] = pool_add(c, tp->val);
        }
        return c->slot[t];
    default:
        if (c->slot[t] == NO_SLOT) {
            uint32_t n = c->nb_free && tp->kind == TEMP_BLOCK
                             ? c->free_slots[--c->nb_free]
                             : c->nb_slots++;

            c->slot[t] = n;
        }
        return enc(SEL_FRAME, 8 * (int64_t)c->slot[t]);
    }
}

static void emit_carg(Compile *c, const TCGOp *op, unsigned i, TCGArg a)
{
    uint32_t fix[2];

    switch (op->opc) {
    case INDEX_op_br:
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        if (op->opc == INDEX_op_br || i == 1) {
            fix[0] = c->words->len;
            fix[1] = (uint32_t)a;
            g_array_append_vals(c->fixups, fix, 2);
            put(c, 0);
            return;
        }
        break;
    case INDEX_op_exit_tb:
        put(c, pool_add(c, a));
        return;
    default:
        if (tcg_op_is_host_ld(op->opc) || tcg_op_is_host_st(op->opc)) {
            g_assert((int64_t)a >= INT32_MIN && (int64_t)a <= INT32_MAX);
        }
        break;
    }
    put(c, (uint32_t)a);
}

/* Release the frame slots of block temps that op reads or writes last. */
static void release_slots(Compile *c, const TCGOp *op, uint32_t n)
{
    unsigned nt = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);

    for (unsigned i = 0; i < nt; i++) {
        TCGArg t = op->args[i];

        if (c->last_use[t] == n && c->slot[t] != NO_SLOT &&
            c->s->temps[t].kind == TEMP_BLOCK) {
            c->free_slots[c->nb_free++] = c->slot[t];
            c->slot[t] = NO_SLOT;
        }
    }
}

static void emit_op(Compile *c, const TCGOp *op, uint32_t n)
{
    unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
    unsigned nc = tcg_op_nb_cargs(op);

    switch (op->opc) {
    case INDEX_op_set_label:
    case INDEX_op_discard:
        return;
    case INDEX_op_insn_start: {
        uint32_t at = c->words->len * 4;

        g_array_append_val(c->starts, at);
        return;
    }
    default:
        break;
    }
    put(c, op->opc);
    if (op->opc == INDEX_op_call) {
        put(c, (no << 8) | ni);
    }
    /* Slots freed by this op's last uses are released only after it, so
       an output never shares a slot with an input of the same op. */
    for (unsigned i = 0; i < no + ni; i++) {
        put(c, operand(c, op->args[i]));
    }
    if (op->opc == INDEX_op_call) {
        put(c, pool_add(c, (uintptr_t)tcg_call_info(op)));
    } else {
        for (unsigned i = 0; i < nc; i++) {
            emit_carg(c, op, i, op->args[no + ni + i]);
        }
    }
    release_slots(c, op, n);
}

TCGInterpCode *tcg_interp_compile(TCGContext *s)
{
    Compile c = {
        .s = s,
        .words = g_array_new(false, false, sizeof(uint32_t)),
        .pool = g_array_new(false, false, sizeof(uint64_t)),
        .starts = g_array_new(false, false, sizeof(uint32_t)),
        .fixups = g_array_new(false, false, sizeof(uint32_t)),
        .slot = g_new(uint32_t, s->nb_temps),
        .last_use = g_new0(uint32_t, s->nb_temps),
        .free_slots = g_new(uint32_t, s->nb_temps),
        .nb_slots = 1, /* slot 0: env */
    };
    g_autofree uint32_t *label_pos = g_new(uint32_t, s->nb_labels + 1);
    TCGInterpCode *code;
    uint8_t *table;
    size_t table_len, size, words_bytes, pool_bytes;
    uint32_t n = 0;

    memset(c.slot, 0xff, s->nb_temps * sizeof(uint32_t));
    for (TCGOp *op = s->first_op; op; op = op->next) {
        unsigned nt = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);

        n++;
        for (unsigned i = 0; i < nt; i++) {
            c.last_use[op->args[i]] = n;
        }
    }
    n = 0;
    for (TCGOp *op = s->first_op; op; op = op->next) {
        if (op->opc == INDEX_op_set_label) {
            label_pos[op->args[0]] = c.words->len;
        }
        emit_op(&c, op, ++n);
    }
    for (unsigned i = 0; i < c.fixups->len; i += 2) {
        uint32_t at = g_array_index(c.fixups, uint32_t, i);
        uint32_t l = g_array_index(c.fixups, uint32_t, i + 1);

        g_assert(l < s->nb_labels && s->labels[l].present);
        g_array_index(c.words, uint32_t, at) = label_pos[l];
    }

    table = tcg_insn_table_encode(s, (uint32_t *)c.starts->data, &table_len);
    words_bytes = c.words->len * sizeof(uint32_t);
    words_bytes = (words_bytes + 7) & ~(size_t)7;
    pool_bytes = c.pool->len * sizeof(uint64_t);
    size = sizeof(TCGInterpCode) + words_bytes + pool_bytes + table_len;
    code = g_malloc0(size);
    code->size = size;
    code->nb_words = c.words->len;
    code->frame_slots = c.nb_slots;
    code->pool = (uint64_t *)((uint8_t *)code->insns + words_bytes);
    code->table = (uint8_t *)code->pool + pool_bytes;
    code->table_len = table_len;
    /* An empty GArray or table may have no buffer at all. */
    if (c.words->len) {
        memcpy(code->insns, c.words->data, c.words->len * sizeof(uint32_t));
    }
    if (pool_bytes) {
        memcpy((void *)code->pool, c.pool->data, pool_bytes);
    }
    if (table_len) {
        memcpy((void *)code->table, table, table_len);
    }

    g_free(table);
    g_array_free(c.words, true);
    g_array_free(c.pool, true);
    g_array_free(c.starts, true);
    g_array_free(c.fixups, true);
    g_free(c.slot);
    g_free(c.last_use);
    g_free(c.free_slots);
    return code;
}

void tcg_interp_free(TCGInterpCode *code)
{
    g_free(code);
}

size_t tcg_interp_code_size(const TCGInterpCode *code)
{
    return code->size;
}

void tcg_interp_set_opaque(TCGInterpCode *code, void *opaque)
{
    code->opaque = opaque;
}

void *tcg_interp_get_opaque(const TCGInterpCode *code)
{
    return code->opaque;
}

void tcg_interp_set_jump(TCGInterpCode *code, unsigned n,
                         const TCGInterpCode *dest)
{
    g_assert(n < 2);
    __atomic_store_n(&code->jmp[n], (uintptr_t)dest, __ATOMIC_RELEASE);
}

const TCGInterpCode *tcg_interp_current(void)
{
    return interp_current;
}

bool tcg_interp_restore(const TCGInterpCode *code, uintptr_t retaddr,
                        uint64_t data[TCG_INSN_START_WORDS])
{
    uintptr_t start = (uintptr_t)code->insns;

    tcg_interp_retaddr = 0;
    if (retaddr <= start || retaddr > start + code->nb_words * 4ull) {
        return false;
    }
    return tcg_insn_table_find(code->table, code->table_len, start, retaddr,
                               data);
}

/* Execution */

static inline uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static inline void wr64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static bool cond64(TCGCond c, uint64_t a, uint64_t b, bool sign32)
{
    int64_t sa = sign32 ? (int32_t)a : (int64_t)a;
    int64_t sb = sign32 ? (int32_t)b : (int64_t)b;

    switch (c) {
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_GT:
        return sa > sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_GTU:
        return a > b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_TSTEQ:
        return (a & b) == 0;
    case TCG_COND_TSTNE:
        return (a & b) != 0;
    default:
        return false;
    }
}

/* Division: what the IR leaves undefined gets AArch64's answers. */
static int64_t sdiv(int64_t a, int64_t b, int64_t min)
{
    return b == 0 ? 0 : (a == min && b == -1) ? a : a / b;
}

static int64_t srem(int64_t a, int64_t b)
{
    return b == 0 ? a : b == -1 ? 0 : a % b;
}

static uint64_t rot64(uint64_t a, unsigned c)
{
    c &= 63;
    return c ? (a << c) | (a >> (64 - c)) : a;
}

static uint32_t rot32(uint32_t a, unsigned c)
{
    c &= 31;
    return c ? (a << c) | (a >> (32 - c)) : a;
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? UINT64_MAX : (1ull << len) - 1;
}

/* Helpers are called through one integer signature: on the x86-64 and
   AArch64 ABIs the first six integer arguments travel in registers and
   a callee ignores the ones it does not declare. */
typedef uint64_t (*HelperFn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                             uint64_t);

#define INTERP_STACK_SLOTS 256
static __thread uint64_t *big_frame;
static __thread uint32_t big_frame_slots;

uintptr_t tcg_interp_exec(const TCGInterpCode *code, void *env)
{
    uint64_t stack_frame[INTERP_STACK_SLOTS];
    uint8_t *base[4];
    const uint32_t *ip;
    const TCGGuestMemHooks *hooks = tcg_get_guest_mem_hooks();

    tcg_interp_retaddr = 0;
enter:
    if (code->frame_slots <= INTERP_STACK_SLOTS) {
        base[SEL_FRAME] = (uint8_t *)stack_frame;
    } else {
        /* Large frames are not reentrant; helpers do not run TBs. */
        if (big_frame_slots < code->frame_slots) {
            big_frame = g_renew(uint64_t, big_frame, code->frame_slots);
            big_frame_slots = code->frame_slots;
        }
        base[SEL_FRAME] = (uint8_t *)big_frame;
    }
    wr64(base[SEL_FRAME], (uintptr_t)env);
    base[SEL_ENV] = env;
    base[SEL_POOL] = (uint8_t *)code->pool;
    base[3] = NULL;
    ip = code->insns;
    interp_current = code;

#define LOC(i) (base[ip[i] & 3] + ((int32_t)ip[i] >> 2))
#define A32(i) rd32(LOC(i))
#define A64(i) rd64(LOC(i))
#define D32(i, v) wr32(LOC(i), (v))
#define D64(i, v) wr64(LOC(i), (v))
/* d = f(a, b) for i32 and i64 */
#define BIN(name, e32, e64)                                                    \
    case INDEX_op_##name##_i32: {                                              \
        uint32_t a = A32(2), b = A32(3);                                       \
        D32(1, (e32));                                                         \
        ip += 4;                                                               \
        break;                                                                 \
    }                                                                          \
    case INDEX_op_##name##_i64: {                                              \
        uint64_t a = A64(2), b = A64(3);                                       \
        D64(1, (e64));                                                         \
        ip += 4;                                                               \
        break;                                                                 \
    }
#define BIN2(name, e) BIN(name, e, e)
/* d = f(a) */
#define UN(name, e32, e64)                                                     \
    case INDEX_op_##name##_i32: {                                              \
        uint32_t a = A32(2);                                                   \
        D32(1, (e32));                                                         \
        ip += 3;                                                               \
        break;                                                                 \
    }                                                                          \
    case INDEX_op_##name##_i64: {                                              \
        uint64_t a = A64(2);                                                   \
        D64(1, (e64));                                                         \
        ip += 3;                                                               \
        break;                                                                 \
    }
#define UN64(name, e)                                                          \
    case INDEX_op_##name: {                                                    \
        uint64_t a = A64(2);                                                   \
        D64(1, (e));                                                           \
        ip += 3;                                                               \
        break;                                                                 \
    }
/* host memory: d/val, base, offset */
#define LD(name, T, W)                                                         \
    case INDEX_op_##name: {                                                    \
        T v;                                                                   \
        memcpy(&v, (uint8_t *)(uintptr_t)A64(2) + (int32_t)ip[3], sizeof(v));  \
        D##W(1, v);                                                            \
        ip += 4;                                                               \
        break;                                                                 \
    }
#define ST(name, T, W)                                                         \
    case INDEX_op_##name: {                                                    \
        T v = (T)A##W(1);                                                      \
        memcpy((uint8_t *)(uintptr_t)A64(2) + (int32_t)ip[3], &v, sizeof(v));  \
        ip += 4;                                                               \
        break;                                                                 \
    }

    for (;;) {
        switch ((TCGOpcode)ip[0]) {
            BIN2(add, a + b)
            BIN2(sub, a - b)
            BIN2(mul, a * b)
            BIN(div, (uint32_t)sdiv((int32_t)a, (int32_t)b, INT32_MIN),
                (uint64_t)sdiv((int64_t)a, (int64_t)b, INT64_MIN))
            BIN(rem, (uint32_t)srem((int32_t)a, (int32_t)b),
                (uint64_t)srem((int64_t)a, (int64_t)b))
            BIN2(divu, b ? a / b : 0)
            BIN2(remu, b ? a % b : a)
            BIN2(and, a & b)
            BIN2(or, a | b)
            BIN2(xor, a ^ b)
            BIN2(andc, a & ~b)
            BIN2(orc, a | ~b)
            BIN2(eqv, ~(a ^ b))
            BIN2(nand, ~(a & b))
            BIN2(nor, ~(a | b))
            BIN(shl, a << (b & 31), a << (b & 63))
            BIN(shr, a >> (b & 31), a >> (b & 63))
            BIN(sar, (uint32_t)((int32_t)a >> (b & 31)),
                (uint64_t)((int64_t)a >> (b & 63)))
            BIN(rotl, rot32(a, b), rot64(a, b))
            BIN(rotr, rot32(a, 32 - (b & 31)), rot64(a, 64 - (b & 63)))
            BIN(clz, a ? (uint32_t)__builtin_clz(a) : b,
                a ? (uint64_t)__builtin_clzll(a) : b)
            BIN(ctz, a ? (uint32_t)__builtin_ctz(a) : b,
                a ? (uint64_t)__builtin_ctzll(a) : b)
            UN(mov, a, a)
            UN(neg, -a, -a)
            UN(not, ~a, ~a)
            UN(ext8s, (uint32_t)(int8_t)a, (uint64_t)(int8_t)a)
            UN(ext8u, (uint8_t)a, (uint8_t)a)
            UN(ext16s, (uint32_t)(int16_t)a, (uint64_t)(int16_t)a)
            UN(ext16u, (uint16_t)a, (uint16_t)a)
            UN(bswap16, __builtin_bswap16((uint16_t)a),
               __builtin_bswap16((uint16_t)a))
            UN(bswap32, __builtin_bswap32(a), __builtin_bswap32((uint32_t)a))
            UN(ctpop, __builtin_popcount(a), __builtin_popcountll(a))
            UN64(ext32s_i64, (uint64_t)(int32_t)a)
            UN64(ext32u_i64, (uint32_t)a)
            UN64(bswap64_i64, __builtin_bswap64(a))

        case INDEX_op_extrl_i64_i32:
            D32(1, (uint32_t)A64(2));
            ip += 3;
            break;
        case INDEX_op_extrh_i64_i32:
            D32(1, (uint32_t)(A64(2) >> 32));
            ip += 3;
            break;
        case INDEX_op_extu_i32_i64:
            D64(1, A32(2));
            ip += 3;
            break;
        case INDEX_op_ext_i32_i64:
            D64(1, (uint64_t)(int32_t)A32(2));
            ip += 3;
            break;

            LD(ld8u_i32, uint8_t, 32)
            LD(ld8s_i32, int8_t, 32)
            LD(ld16u_i32, uint16_t, 32)
            LD(ld16s_i32, int16_t, 32)
            LD(ld_i32, uint32_t, 32)
            LD(ld8u_i64, uint8_t, 64)
            LD(ld8s_i64, int8_t, 64)
            LD(ld16u_i64, uint16_t, 64)
            LD(ld16s_i64, int16_t, 64)
            LD(ld32u_i64, uint32_t, 64)
            LD(ld32s_i64, int32_t, 64)
            LD(ld_i64, uint64_t, 64)
            ST(st8_i32, uint8_t, 32)
            ST(st16_i32, uint16_t, 32)
            ST(st_i32, uint32_t, 32)
            ST(st8_i64, uint8_t, 64)
            ST(st16_i64, uint16_t, 64)
            ST(st32_i64, uint32_t, 64)
            ST(st_i64, uint64_t, 64)

        case INDEX_op_deposit_i32:
        case INDEX_op_deposit_i64: {
            bool w64 = ip[0] == INDEX_op_deposit_i64;
            uint64_t a = w64 ? A64(2) : A32(2), b = w64 ? A64(3) : A32(3);
            uint64_t m = field_mask(ip[5]) << ip[4];
            uint64_t d = (a & ~m) | ((b << ip[4]) & m);

            if (w64) {
                D64(1, d);
            } else {
                D32(1, (uint32_t)d);
            }
            ip += 6;
            break;
        }
        case INDEX_op_extract_i32:
            D32(1, (uint32_t)((A32(2) >> ip[3]) & field_mask(ip[4])));
            ip += 5;
            break;
        case INDEX_op_extract_i64:
            D64(1, (A64(2) >> ip[3]) & field_mask(ip[4]));
            ip += 5;
            break;
        case INDEX_op_sextract_i32:
            D32(1, (uint32_t)((int32_t)(A32(2) << (32 - ip[3] - ip[4])) >>
                              (32 - ip[4])));
            ip += 5;
            break;
        case INDEX_op_sextract_i64:
            D64(1, (uint64_t)((int64_t)(A64(2) << (64 - ip[3] - ip[4])) >>
                              (64 - ip[4])));
            ip += 5;
            break;

        case INDEX_op_mulu2_i32: {
            uint64_t p = (uint64_t)A32(3) * A32(4);

            D32(1, (uint32_t)p);
            D32(2, (uint32_t)(p >> 32));
            ip += 5;
            break;
        }
        case INDEX_op_muls2_i32: {
            int64_t p = (int64_t)(int32_t)A32(3) * (int32_t)A32(4);

            D32(1, (uint32_t)p);
            D32(2, (uint32_t)((uint64_t)p >> 32));
            ip += 5;
            break;
        }
        case INDEX_op_mulu2_i64: {
            unsigned __int128 p = (unsigned __int128)A64(3) * A64(4);

            D64(1, (uint64_t)p);
            D64(2, (uint64_t)(p >> 64));
            ip += 5;
            break;
        }
        case INDEX_op_muls2_i64: {
            __int128 p = (__int128)(int64_t)A64(3) * (int64_t)A64(4);

            D64(1, (uint64_t)p);
            D64(2, (uint64_t)((unsigned __int128)p >> 64));
            ip += 5;
            break;
        }
        case INDEX_op_add2_i32:
        case INDEX_op_sub2_i32: {
            uint64_t a = A32(3) | (uint64_t)A32(4) << 32;
            uint64_t b = A32(5) | (uint64_t)A32(6) << 32;
            uint64_t r = ip[0] == INDEX_op_add2_i32 ? a + b : a - b;

            D32(1, (uint32_t)r);
            D32(2, (uint32_t)(r >> 32));
            ip += 7;
            break;
        }
        case INDEX_op_add2_i64:
        case INDEX_op_sub2_i64: {
            unsigned __int128 a = A64(3) | (unsigned __int128)A64(4) << 64;
            unsigned __int128 b = A64(5) | (unsigned __int128)A64(6) << 64;
            unsigned __int128 r = ip[0] == INDEX_op_add2_i64 ? a + b : a - b;

            D64(1, (uint64_t)r);
            D64(2, (uint64_t)(r >> 64));
            ip += 7;
            break;
        }

        case INDEX_op_setcond_i32:
            D32(1, cond64((TCGCond)ip[4], A32(2), A32(3), true));
            ip += 5;
            break;
        case INDEX_op_setcond_i64:
            D64(1, cond64((TCGCond)ip[4], A64(2), A64(3), false));
            ip += 5;
            break;
        case INDEX_op_movcond_i32:
            D32(1,
                cond64((TCGCond)ip[6], A32(2), A32(3), true) ? A32(4) : A32(5));
            ip += 7;
            break;
        case INDEX_op_movcond_i64:
            D64(1, cond64((TCGCond)ip[6], A64(2), A64(3), false) ? A64(4)
                                                                 : A64(5));
            ip += 7;
            break;
        case INDEX_op_brcond_i32:
            ip = cond64((TCGCond)ip[3], A32(1), A32(2), true)
                     ? code->insns + ip[4]
                     : ip + 5;
            break;
        case INDEX_op_brcond_i64:
            ip = cond64((TCGCond)ip[3], A64(1), A64(2), false)
                     ? code->insns + ip[4]
                     : ip + 5;
            break;
        case INDEX_op_br:
            ip = code->insns + ip[1];
            break;

        case INDEX_op_qemu_ld_i32:
        case INDEX_op_qemu_ld_i64: {
            MemOpIdx oi = ip[3];
            uint64_t v;

            g_assert(hooks); /* tcg_set_guest_mem_hooks first */
            v = hooks->load(env, A64(2), get_memop(oi), get_mmuidx(oi),
                            (uintptr_t)(ip + 1));
            if (ip[0] == INDEX_op_qemu_ld_i32) {
                D32(1, (uint32_t)v);
            } else {
                D64(1, v);
            }
            ip += 4;
            break;
        }
        case INDEX_op_qemu_st_i32:
        case INDEX_op_qemu_st_i64: {
            MemOpIdx oi = ip[3];
            uint64_t v = ip[0] == INDEX_op_qemu_st_i32 ? A32(1) : A64(1);

            g_assert(hooks);
            hooks->store(env, A64(2), v, get_memop(oi), get_mmuidx(oi),
                         (uintptr_t)(ip + 1));
            ip += 4;
            break;
        }

        case INDEX_op_call: {
            unsigned no = ip[1] >> 8, ni = ip[1] & 0xff;
            const TCGHelperInfo *info =
                (const TCGHelperInfo *)(uintptr_t)A64(2 + no + ni);
            uint64_t a[TCG_MAX_CALL_ARGS] = {0}, r;

            for (unsigned i = 0; i < ni; i++) {
                a[i] = info->args[i] == TCG_CALL_I32 ? A32(2 + no + i)
                                                     : A64(2 + no + i);
            }
            tcg_interp_retaddr = (uintptr_t)(ip + 1);
            r = ((HelperFn)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
            tcg_interp_retaddr = 0;
            if (no) {
                if (info->ret == TCG_CALL_I32) {
                    D32(2, (uint32_t)r);
                } else {
                    D64(2, r);
                }
            }
            ip += 3 + no + ni;
            break;
        }

        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            ip += 2;
            break;
        case INDEX_op_goto_tb: {
            uintptr_t next =
                __atomic_load_n(&code->jmp[ip[1]], __ATOMIC_ACQUIRE);

            if (next) {
                code = (const TCGInterpCode *)next;
                goto enter;
            }
            ip += 2;
            break;
        }
        case INDEX_op_goto_ptr: {
            uintptr_t next = (uintptr_t)A64(1);

            if (!next) {
                return 0;
            }
            code = (const TCGInterpCode *)next;
            goto enter;
        }
        case INDEX_op_exit_tb:
            return (uintptr_t)A64(1);
        default:
            g_assert_not_reached();
        }
    }
}
