/*
 * The portable IR of the translator ("TCG"): types, temps, ops, the
 * per-thread translation context, the passes and the contract with the
 * two engines that run the IR (the x86-64 JIT and the interpreter).
 * docs/tcg.md is the longer tour; frontends use tcg/tcg-op.h.
 *
 * LIFE OF A TB
 *   tcg_func_start(ctx); the frontend emits ops (tcg-op.h);
 *   tcg_optimize(ctx); tcg_liveness(ctx);     (tcg_run_passes does all,
 *                                              with the -d op logs)
 *   then the backend turns the op list into host code, or
 *   tcg_interp_compile(ctx) (tcg/interp.h) into a compact form that
 *   outlives the op list.  The next tcg_func_start reuses everything.
 *
 * TYPES  i32, i64 (v128 reserved).  A pointer is an i64 (64-bit hosts
 *   only).  i32 values are 32-bit: no op sees or produces upper bits.
 *
 * TEMPS  (TCGTempKind)
 *   global  a field of the CPU state at a fixed offset from env, named
 *           for dumps (x0, pc, nzcv).  Registered once per context,
 *           before the first TB; its value is in memory at every TB
 *           boundary, label and branch, at every op that can fault and
 *           at every call that does not have TCG_CALL_NO_READ_GLOBALS.
 *   local   a per-TB temp whose value survives labels and branches
 *           (not the TB's exits: goto_tb, exit_tb, goto_ptr).
 *   block   a per-TB temp that dies at every label: its value survives
 *           a brcond only on the fall-through path (an extended basic
 *           block).  Reading it after a label before writing it again
 *           is an error in the frontend.  The usual kind.
 *   const   an interned, read-only value (tcg_constant_i64).
 *   fixed   only "env", the CPU-state pointer, temp 0, read-only.
 *   Frontends hold typed handles (TCGv_i32, TCGv_i64, TCGv_ptr) that
 *   are temp indices, so a global's handle is the same in every context
 *   that registered the same globals in the same order.
 *
 * OPS (w = 32 or 64; "a", "b" inputs, "d" output; all arithmetic modulo
 *   2^w; signed means two's complement)
 *   mov d,a            d = a           (a constant source is a "movi")
 *   add sub mul neg    the usual; and or xor not; andc = a & ~b,
 *                      orc = a | ~b, eqv = ~(a ^ b), nand, nor
 *   div divu rem remu  truncating division, rem has the dividend's sign.
 *                      Undefined for b == 0 and for signed
 *                      MIN / -1: the frontend must test first (the JIT
 *                      uses the host's trapping divide; the interpreter
 *                      yields q = 0, r = a for b == 0 and q = MIN, r = 0
 *                      for MIN / -1).  The optimizer never folds them.
 *   shl shr sar        shift by (b mod w): the count is masked
 *   rotl rotr          rotate by (b mod w)
 *   clz ctz            count leading/trailing zeros of a; b if a == 0
 *   ctpop              population count
 *   ext8s ext8u ext16s ext16u ext32s ext32u   extend the low bits of a
 *   extu_i32_i64 ext_i32_i64     zero/sign-extend an i32 to an i64
 *   extrl_i64_i32 extrh_i64_i32  low/high half of an i64
 *   bswap16 bswap32 bswap64      reverse the bytes of the low 2/4/8
 *                      bytes of a; the result is zero-extended
 *   deposit d,a,b,pos,len  d = a with bits [pos, pos+len) replaced by
 *                      the low len bits of b (1 <= len, pos+len <= w)
 *   extract/sextract d,a,pos,len  bits [pos, pos+len) of a, zero/sign
 *                      extended
 *   mulu2/muls2 lo,hi,a,b  the 2w-bit unsigned/signed product
 *   add2/sub2 lo,hi,al,ah,bl,bh  (ah:al) +/- (bh:bl) modulo 2^2w
 *   setcond d,a,b,c    d = (a c b) ? 1 : 0;  movcond d,c1,c2,v1,v2,c:
 *                      d = (c1 c c2) ? v1 : v2;  brcond a,b,c,label
 *                      Conditions: TCGCond (TSTEQ: (a & b) == 0)
 *   ld*  d,base,off    load host memory at base + off (base a ptr temp,
 *                      e.g. env); st* val,base,off.  For CPU-state
 *                      fields that are not globals: accessing a field
 *                      that backs a global is an error in the frontend.
 *   qemu_ld d,addr,oi  guest load through the softmmu (addr an i64,
 *                      oi = MemOpIdx, tcg/memop.h); qemu_st val,addr,oi.
 *                      May fault.  i32 forms take sizes up to 32 bits.
 *   call               a helper (TCGHelperInfo): up to 6 arguments of
 *                      i32/i64/ptr, at most one result
 *   set_label L, br L  labels are per TB; branches may go backwards
 *   insn_start w0..w2  one per guest instruction: guest PC and two
 *                      target-defined words, found again after a fault
 *   goto_tb n          direct-jump slot n (0 or 1); falls through when
 *                      the slot is not linked
 *   exit_tb v          return v (uintptr) to the exec loop
 *   goto_ptr p         continue at code pointer p (host code under the
 *                      JIT; under the interpreter a TCGInterpCode, or
 *                      0 to return 0)
 *   mb type            memory barrier (TCGBar)
 *   discard t          t's value is dead from here on
 *
 * LIVENESS OUTPUTS (tcg_liveness; consumed by the register allocator)
 *   op->life & TCG_LIFE_DEAD(i)   argument i (outputs first, then
 *       inputs) is not read after this op before being written again:
 *       its register can be released.  For an output, the result is
 *       never used (the op is kept only for its side effects).
 *   op->life & TCG_LIFE_SYNC(i)   output i is a global or local whose
 *       memory slot must be written right after this op, because a
 *       later observer (fault, call, exit, label, branch) reads memory
 *       before the next write.  These bits are the only places a
 *       global or local needs storing: a temp without SYNC on its last
 *       definition needs no store anywhere.
 *   After a label, a br or an exit, every global and local lives only
 *   in memory and every block temp is dead.  At a brcond they are in
 *   memory too (the target needs them), but register copies stay valid
 *   on the fall-through path, and so do block temps.  After a call
 *   without TCG_CALL_NO_WRITE_GLOBALS register copies of globals are
 *   stale.  Unreachable ops (after br, exit_tb, goto_ptr up to the next
 *   label) are gone.
 *
 * ENGINES (see tcg/interp.h for the interpreter's side)
 *   retaddr: a helper or guest-memory hook that may fault receives a
 *   "retaddr" identifying where in the TB it was called from: the host
 *   return address of the call under the JIT, a pointer one word into
 *   the calling instruction under the interpreter.  The exec loop maps
 *   it back to the insn_start words of the faulting instruction with
 *   tcg_insn_table_find() on the TB's insn table, built by
 *   tcg_insn_table_encode() from the code offset where each guest
 *   instruction's code starts.
 *   Chaining: goto_tb n jumps to the code linked into slot n (patched by
 *   the block cache) or, unlinked, falls through to the exit_tb that
 *   follows.  exit_tb's value is the accel layer's (a TB pointer | slot).
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/memop.h"
#include "tcg/tlb.h"

G_STATIC_ASSERT(sizeof(void *) == 8);

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_V128, /* reserved: no op uses it yet */
    TCG_TYPE_PTR = TCG_TYPE_I64,
} TCGType;

/* Ordered from the best copy to keep to the worst (see optimize.c). */
typedef enum TCGTempKind {
    TEMP_CONST,
    TEMP_FIXED,
    TEMP_GLOBAL,
    TEMP_LOCAL,
    TEMP_BLOCK,
} TCGTempKind;

/* Pairs differ in bit 0 only, so inverting a condition is c ^ 1. */
typedef enum TCGCond {
    TCG_COND_NEVER,
    TCG_COND_ALWAYS,
    TCG_COND_EQ,
    TCG_COND_NE,
    TCG_COND_LT,
    TCG_COND_GE,
    TCG_COND_GT,
    TCG_COND_LE,
    TCG_COND_LTU,
    TCG_COND_GEU,
    TCG_COND_GTU,
    TCG_COND_LEU,
    TCG_COND_TSTEQ,
    TCG_COND_TSTNE,
    TCG_COND_COUNT,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

/* The condition that holds for (b, a) when c holds for (a, b). */
TCGCond tcg_swap_cond(TCGCond c);
const char *tcg_cond_name(TCGCond c);

/* Memory-barrier types for mb: which earlier/later accesses it orders. */
typedef enum TCGBar {
    TCG_MO_LD_LD = 1,
    TCG_MO_ST_LD = 2,
    TCG_MO_LD_ST = 4,
    TCG_MO_ST_ST = 8,
    TCG_MO_ALL = 15,
} TCGBar;

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

enum {
    TCG_OPF_BB_END = 1 << 0,       /* ends a basic block */
    TCG_OPF_BB_EXIT = 1 << 1,      /* leaves the TB */
    TCG_OPF_COND_BRANCH = 1 << 2,  /* brcond: the block goes on */
    TCG_OPF_SIDE_EFFECTS = 1 << 3, /* never removed, even if unused */
    TCG_OPF_CAN_FAULT = 1 << 4,    /* may longjmp out: globals synced */
    TCG_OPF_CALL_CLOBBER = 1 << 5, /* clobbers call-clobbered host regs */
    TCG_OPF_64BIT = 1 << 6,        /* (main) type is i64 */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

#define TCG_INSN_START_WORDS 3
#define TCG_MAX_OP_ARGS 8
#define TCG_MAX_CALL_ARGS 6

/* Helper call flags (TCGHelperInfo.flags). */
enum {
    /* Removable when its result is unused.  Must not fault. */
    TCG_CALL_NO_SIDE_EFFECTS = 1 << 0,
    /* Reads no global, directly or through a fault (a fault handler
       reads them all): globals need not be stored before the call. */
    TCG_CALL_NO_READ_GLOBALS = 1 << 1,
    /* Writes no global: register copies stay valid across the call. */
    TCG_CALL_NO_WRITE_GLOBALS = 1 << 2,
};
#define TCG_CALL_PURE                                                          \
    (TCG_CALL_NO_SIDE_EFFECTS | TCG_CALL_NO_READ_GLOBALS |                     \
     TCG_CALL_NO_WRITE_GLOBALS)

typedef enum TCGCallType {
    TCG_CALL_VOID, /* return type only */
    TCG_CALL_I32,
    TCG_CALL_I64,
    TCG_CALL_PTR,
} TCGCallType;

/*
 * A helper as the IR sees it; one static const instance per helper.
 * Arguments and results are passed as C integers of the declared size
 * (uint32_t/int32_t, uint64_t/int64_t, pointer) under the host ABI.
 */
typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    uint8_t flags;
    uint8_t ret; /* TCGCallType */
    uint8_t nargs;
    uint8_t args[TCG_MAX_CALL_ARGS]; /* TCGCallType, never VOID */
} TCGHelperInfo;

typedef uint64_t TCGArg;

/* Liveness bits in TCGOp.life (see the opening comment). */
#define TCG_LIFE_DEAD(n) (1u << (n))
#define TCG_LIFE_SYNC(n) (1u << (TCG_MAX_OP_ARGS + (n)))

typedef struct TCGOp {
    struct TCGOp *next, *prev;
    uint8_t opc;   /* TCGOpcode */
    uint8_t callo; /* call only: number of outputs (0/1) */
    uint8_t calli; /* call only: number of inputs */
    uint8_t pad;
    uint16_t life; /* TCG_LIFE_* after tcg_liveness */
    uint16_t pad2;
    /* outputs, inputs (temp indices), constants; call: ..., info */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

typedef struct TCGTemp {
    uint8_t type; /* TCGType */
    uint8_t kind; /* TCGTempKind */
    uint16_t pad;
    int32_t mem_offset; /* global: offset of its field from env */
    union {
        uint64_t val;     /* const: the value (i32: zero-extended) */
        const char *name; /* global/fixed: name for dumps */
    };
} TCGTemp;

typedef struct TCGLabelInfo {
    uint32_t refs; /* branches to it still in the op list */
    bool present;  /* set_label emitted */
} TCGLabelInfo;

/* Type-safe handles: temp indices of distinct types. */
typedef struct TCGv_i32 {
    uint32_t n;
} TCGv_i32;
typedef struct TCGv_i64 {
    uint32_t n;
} TCGv_i64;
typedef struct TCGv_ptr {
    uint32_t n;
} TCGv_ptr;
typedef struct TCGLabel {
    uint32_t id;
} TCGLabel;

/* The CPU-state pointer: temp 0 of every context. */
static const TCGv_ptr tcg_env = {0};

#define TCG_TEMP_ENV 0
#define TCG_NO_TEMP UINT32_MAX

typedef struct TCGStats {
    uint64_t tbs;         /* tcg_func_start calls */
    uint64_t ops_emitted; /* by frontends */
    uint64_t ops_removed; /* by the optimizer and liveness */
    uint32_t max_temps;   /* largest TB, in temps */
    uint32_t max_ops;
} TCGStats;

typedef struct TCGOpChunk TCGOpChunk;

typedef struct TCGContext {
    /* Temps: globals [1, nb_globals), then this TB's. */
    TCGTemp *temps;
    uint32_t nb_temps, nb_globals, temps_cap;

    /* Ops of this TB, in order. */
    TCGOp *first_op, *last_op;
    uint32_t nb_ops;
    TCGOpChunk *chunks; /* op storage, reused from TB to TB */
    TCGOpChunk *cur_chunk;
    TCGOp *op_next, *op_end; /* free ops of cur_chunk */

    TCGLabelInfo *labels;
    uint32_t nb_labels, labels_cap;

    /* Interned constants: open addressing on (type, value). */
    uint32_t *const_hash;
    uint32_t const_hash_cap, nb_consts;

    uint32_t nb_insns; /* insn_start ops emitted */
    TCGOp *last_insn_start;
    uint8_t goto_tb_issued; /* bit n: goto_tb n emitted */

    TCGTLBConfig tlb; /* for the backend's softmmu fast path */
    TCGStats stats;

    uint32_t nb_locals; /* TEMP_LOCAL temps of this TB */
    bool optimized;     /* tcg_optimize ran: no unreachable ops left */

    /* Scratch memory for the passes, grown as needed and kept from TB
       to TB: liveness's state bytes, the optimizer's per-temp entries
       (valid by generation, so a new TB needs no clearing). */
    uint8_t *live_buf;
    size_t live_buf_size;
    void *opt_info;
    uint32_t opt_info_cap, opt_gen;
} TCGContext;

/* The context the builder API (tcg-op.h) of this thread emits into. */
extern __thread TCGContext *tcg_ctx;

TCGContext *tcg_context_new(void);
void tcg_context_free(TCGContext *s);

/* Start a new TB in s; s becomes this thread's tcg_ctx. */
void tcg_func_start(TCGContext *s);

/* Optimize (unless optimize is false) and run liveness, logging the op
   list before and after under -d op and -d op_opt. */
void tcg_run_passes(TCGContext *s, bool optimize);
void tcg_optimize(TCGContext *s);
void tcg_liveness(TCGContext *s);

/* Printer: one op per line; with life, the liveness bits too. */
void tcg_dump_ops(TCGContext *s, FILE *f, bool life);
/* Print under log item (LOG_OP or LOG_OP_OPT) if it is enabled. */
void tcg_log_ops(TCGContext *s, unsigned log_item);

/* Temps, labels and ops (for the passes and the backend). */
uint32_t tcg_temp_alloc(TCGContext *s, TCGType type, TCGTempKind kind);
uint32_t tcg_global_alloc(TCGContext *s, TCGType type, intptr_t offset,
                          const char *name);
uint32_t tcg_constant_alloc(TCGContext *s, TCGType type, uint64_t val);
uint32_t tcg_label_alloc(TCGContext *s);

static inline TCGTemp *tcg_temp(TCGContext *s, TCGArg idx)
{
    g_assert(idx < s->nb_temps);
    return &s->temps[idx];
}

static inline TCGLabelInfo *tcg_label_info(TCGContext *s, TCGArg id)
{
    g_assert(id < s->nb_labels);
    return &s->labels[id];
}

/* Append an op; its args are zero. */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc);
TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc);
TCGOp *tcg_op_insert_after(TCGContext *s, TCGOp *old, TCGOpcode opc);
/* Unlink op (dropping a reference to its label, if a branch). */
void tcg_op_remove(TCGContext *s, TCGOp *op);

/*
 * Walk the ops with: for (TCGOp *op = s->first_op; op; op = op->next),
 * reading op->next first when the loop may remove op.
 */

static inline const TCGOpDef *tcg_op_def(const TCGOp *op)
{
    return &tcg_op_defs[op->opc];
}

static inline unsigned tcg_op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->callo : tcg_op_defs[op->opc].nb_oargs;
}

static inline unsigned tcg_op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->calli : tcg_op_defs[op->opc].nb_iargs;
}

static inline unsigned tcg_op_nb_cargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? 1 : tcg_op_defs[op->opc].nb_cargs;
}

static inline const TCGHelperInfo *tcg_call_info(const TCGOp *op)
{
    g_assert(op->opc == INDEX_op_call);
    return (const TCGHelperInfo *)(uintptr_t)op->args[op->callo + op->calli];
}

/* For a call: the flags; other ops: 0. */
static inline unsigned tcg_op_call_flags(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? tcg_call_info(op)->flags : 0;
}

/* Host memory access ops (ld*, st*: not the guest's qemu_ld/st). */
static inline bool tcg_op_is_host_ld(TCGOpcode opc)
{
    return opc >= INDEX_op_ld8u_i32 && opc <= INDEX_op_ld_i64;
}

static inline bool tcg_op_is_host_st(TCGOpcode opc)
{
    return opc >= INDEX_op_st8_i32 && opc <= INDEX_op_st_i64;
}

/* The label argument of br, brcond or set_label. */
TCGArg *tcg_op_label_arg(TCGOp *op);

/* Set word w (1 or 2) of the last insn_start emitted. */
void tcg_set_insn_start_param(TCGContext *s, unsigned w, uint64_t val);

/*
 * Constant folding with the IR's exact semantics.  tcg_fold_op handles
 * the ops with one output, one or two temp inputs and no constant
 * arguments (x, y: zero-extended i32 or i64 values; y ignored for one
 * input); it refuses the undefined divisions and ops it does not know.
 */
bool tcg_fold_op(TCGOpcode opc, uint64_t x, uint64_t y, uint64_t *r);
bool tcg_eval_cond(TCGCond c, uint64_t x, uint64_t y, bool w64);
/* x sign-extended from 32 bits unless w64; x rotated left by c mod w. */
uint64_t tcg_sext(uint64_t x, bool w64);
uint64_t tcg_rotl(uint64_t x, unsigned c, bool w64);

/* Check the op list for malformed IR (types, labels, counts); used by
 * tests and debug builds.  Returns false and describes one problem. */
bool tcg_check_ir(TCGContext *s, GString *why);

/*
 * Guest-memory hooks: the softmmu slow path, installed once by the accel
 * layer and called by the interpreter for every qemu_ld/qemu_st and by
 * the JIT on a TLB miss.  load returns the value as op asks (size, byte
 * order, sign or zero extension to 64 bits).  Either may fault by
 * longjmp-ing to the exec loop after mapping retaddr to an instruction.
 */
typedef struct TCGGuestMemHooks {
    uint64_t (*load)(void *env, uint64_t addr, MemOp op, int mmu_idx,
                     uintptr_t retaddr);
    void (*store)(void *env, uint64_t addr, uint64_t val, MemOp op, int mmu_idx,
                  uintptr_t retaddr);
} TCGGuestMemHooks;

void tcg_set_guest_mem_hooks(const TCGGuestMemHooks *hooks);
const TCGGuestMemHooks *tcg_get_guest_mem_hooks(void);

/*
 * The retaddr of the running helper, for the fault path: call
 * TCG_GETPC() in the helper's own body (not in a function it calls).
 * Under the JIT it is the helper's return address into generated code;
 * the interpreter sets tcg_interp_retaddr around each call instead (the
 * JIT never sets it; tcg_interp_exec and tcg_interp_restore clear it).
 */
extern __thread uintptr_t tcg_interp_retaddr;

static inline uintptr_t tcg_getpc(void *host_ra)
{
    uintptr_t r = tcg_interp_retaddr;

    return r ? r : (uintptr_t)host_ra;
}

#define TCG_GETPC() tcg_getpc(__builtin_return_address(0))

/*
 * insn tables: for each guest instruction of a TB, the offset in the
 * TB's code (host bytes or interpreter words * 4) where its code starts
 * and its insn_start words, delta-encoded.  code_starts[i] is for the
 * i-th insn_start of the op list and must not decrease.  The result is
 * g_malloc'ed.
 */
uint8_t *tcg_insn_table_encode(TCGContext *s, const uint32_t *code_starts,
                               size_t *len);
/* The same into buf, which has tcg_insn_table_max_len(s) bytes (the
   JIT writes it straight after the TB's code); returns the length. */
size_t tcg_insn_table_max_len(TCGContext *s);
size_t tcg_insn_table_encode_to(TCGContext *s, const uint32_t *code_starts,
                                uint8_t *buf);
/* The same for the n insn_start ops in insns (in op list order), which
   the JIT collects as it emits them, sparing a walk of the op list. */
size_t tcg_insn_table_encode_ops(const TCGOp *const *insns,
                                 const uint32_t *code_starts, unsigned n,
                                 uint8_t *buf);
/*
 * The instruction whose code holds retaddr: the last one starting
 * strictly before retaddr - code_start (a return address is just after
 * the call).  False if there is none.
 */
bool tcg_insn_table_find(const uint8_t *table, size_t len, uintptr_t code_start,
                         uintptr_t retaddr,
                         uint64_t data[TCG_INSN_START_WORDS]);

#endif
