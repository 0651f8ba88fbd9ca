/*
 * Internal to the x86-64 JIT (tcg/x86_64/, tcg/regalloc.c,
 * tcg/codebuf.c): the encoder, the per-TB code generation context and
 * the register allocator's interface.  The public API is tcg/jit.h.
 */
#ifndef TCG_X86_64_X86_H
#define TCG_X86_64_X86_H

#include <string.h>

#include "tcg/codebuf.h"
#include "tcg/jit.h"

/* Host registers, numbered as in ModRM/REX (SDM vol. 2, 2.1.5). */
enum {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};

#define REG_ENV RBP /* the pinned CPU-state pointer */
#define REG_TMP R11 /* scratch owned by the emitters, never allocated */
#define REG_MASK(r) (1u << (r))
/* SysV: caller-saved, so clobbered by every call. */
#define CALL_CLOBBERED                                                         \
    (REG_MASK(RAX) | REG_MASK(RCX) | REG_MASK(RDX) | REG_MASK(RSI) |          \
     REG_MASK(RDI) | REG_MASK(R8) | REG_MASK(R9) | REG_MASK(R10) |             \
     REG_MASK(R11))

/* x86 condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
    CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G,
};

/* Opcode word: the opcode byte plus prefixes and escapes. */
#define P_0F 0x100
#define P_0F38 0x200
#define P_66 0x400   /* operand-size prefix: 16-bit */
#define P_F3 0x800
#define P_F2 0x1000
#define P_W 0x2000   /* REX.W: 64-bit operand */
#define P_BYTER 0x4000  /* ModRM.reg names a byte register */
#define P_BYTERM 0x8000 /* ModRM.rm names a byte register */

/* Group-1 ALU operations, the /digit of 0x81/0x83 (and opcode * 8 + 1). */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };
/* Group-2 shifts, the /digit of 0xC1/0xD3. */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
/* Group-3 unary, the /digit of 0xF7. */
enum { UN_TEST = 0, UN_NOT = 2, UN_NEG = 3, UN_MUL = 4, UN_IMUL = 5,
       UN_DIV = 6, UN_IDIV = 7 };

/* Common opcodes. */
#define OPC_ALU_RMR 0x01 /* + 8 * alu: op r/m, r */
#define OPC_ALU_RRM 0x03 /* + 8 * alu: op r, r/m */
#define OPC_GRP1_IMM32 0x81
#define OPC_GRP1_IMM8 0x83
#define OPC_TEST 0x85
#define OPC_XCHG 0x87
#define OPC_MOV_STB (0x88 | P_BYTER)
#define OPC_MOV_ST 0x89
#define OPC_MOV_LD 0x8b
#define OPC_LEA 0x8d
#define OPC_MOVSXD (0x63 | P_W)
#define OPC_MOVZBL (0xb6 | P_0F | P_BYTERM)
#define OPC_MOVZWL (0xb7 | P_0F)
#define OPC_MOVSBL (0xbe | P_0F | P_BYTERM)
#define OPC_MOVSWL (0xbf | P_0F)
#define OPC_SHIFT_IMM 0xc1
#define OPC_SHIFT_CL 0xd3
#define OPC_MOV_STI 0xc7
#define OPC_GRP3 0xf7
#define OPC_IMUL_RRM (0xaf | P_0F)
#define OPC_IMUL_IMM32 0x69
#define OPC_BSF (0xbc | P_0F)
#define OPC_BSR (0xbd | P_0F)
#define OPC_TZCNT (0xbc | P_0F | P_F3)
#define OPC_LZCNT (0xbd | P_0F | P_F3)
#define OPC_POPCNT (0xb8 | P_0F | P_F3)
#define OPC_CMOV (0x40 | P_0F) /* + cc */
#define OPC_SETCC (0x90 | P_0F | P_BYTERM) /* + cc */
#define OPC_MOVBE_LD (0xf0 | P_0F38)
#define OPC_MOVBE_ST (0xf1 | P_0F38)

typedef struct X86Buf {
    uint8_t *p;        /* next byte, in the RW view */
    uint8_t *start;    /* this TB's first byte, RW */
    intptr_t rx_delta; /* RX address = RW address + rx_delta */
} X86Buf;

static inline uintptr_t x86_rx(const X86Buf *b, const uint8_t *rw)
{
    return (uintptr_t)rw + b->rx_delta;
}

static inline uint32_t x86_ofs(const X86Buf *b)
{
    return (uint32_t)(b->p - b->start);
}

static inline bool x86_fits_i32(int64_t v)
{
    return v == (int32_t)v;
}

/*
 * The encoder (encoder.c, SDM vol. 2, 2.1).  An instruction is [legacy
 * prefixes] [REX] [0F [38]] opcode [ModRM [SIB]] [disp] [imm].  The
 * byte emitters and the opcode part are inline: a TB's code is a few
 * hundred instructions, and a call per byte was a tenth of the backend.
 */
static inline void x86_byte(X86Buf *b, uint8_t v)
{
    *b->p++ = v;
}

static inline void x86_u32(X86Buf *b, uint32_t v)
{
    memcpy(b->p, &v, 4);
    b->p += 4;
}

static inline void x86_u64(X86Buf *b, uint64_t v)
{
    memcpy(b->p, &v, 8);
    b->p += 8;
}

/*
 * Prefixes, REX and opcode bytes of opc (P_* flags + the opcode byte)
 * with ModRM.reg r, ModRM.rm or SIB.base rm and SIB.index x (0-15: REX
 * R/B/X take bit 3 of each).  The operand-size (66) and mandatory
 * (F2/F3) prefixes must come before REX, and REX must be the last byte
 * before the opcode escape or it is ignored (SDM 2.2.1).
 */
static inline void x86_opc(X86Buf *b, unsigned opc, int r, int rm, int x)
{
    uint8_t *p = b->p;
    unsigned rex =
        (opc & P_W ? 8 : 0) | (r & 8) >> 1 | (x & 8) >> 2 | (rm & 8) >> 3;

    if (opc & (P_66 | P_F3 | P_F2)) {
        if (opc & P_66) {
            *p++ = 0x66;
        }
        if (opc & P_F3) {
            *p++ = 0xf3;
        } else if (opc & P_F2) {
            *p++ = 0xf2;
        }
    }
    /*
     * Byte registers 4-7 are AH, CH, DH, BH without a REX prefix and
     * SPL, BPL, SIL, DIL with any REX prefix (SDM 3.4.1.1, table 3-2):
     * force an empty REX for the latter.
     */
    if (((opc & P_BYTER) && r >= 4 && r < 8) ||
        ((opc & P_BYTERM) && rm >= 4 && rm < 8)) {
        rex |= 0x40;
    }
    if (rex) {
        *p++ = 0x40 | rex;
    }
    if (opc & (P_0F | P_0F38)) {
        *p++ = 0x0f;
        if (opc & P_0F38) {
            *p++ = 0x38;
        }
    }
    *p++ = opc & 0xff;
    b->p = p;
}

/* opc with a register-direct ModRM (mod = 11). */
static inline void x86_rr(X86Buf *b, unsigned opc, int r, int rm)
{
    x86_opc(b, opc, r, rm, 0);
    x86_byte(b, 0xc0 | (r & 7) << 3 | (rm & 7));
}

void x86_rm(X86Buf *b, unsigned opc, int r, int base, int32_t ofs);
void x86_rmx(X86Buf *b, unsigned opc, int r, int base, int index, int shift,
             int32_t ofs);
void x86_mov_rr(X86Buf *b, bool w64, int d, int s);
void x86_movi(X86Buf *b, bool w64, int r, uint64_t v);
void x86_alu_rr(X86Buf *b, int alu, bool w64, int d, int s);
void x86_alu_ri(X86Buf *b, int alu, bool w64, int r, int64_t imm);
void x86_shift_ri(X86Buf *b, int sh, bool w64, int r, unsigned n);
void x86_unary(X86Buf *b, int un, bool w64, int r);
void x86_ld(X86Buf *b, bool w64, int r, int base, int32_t ofs);
void x86_st(X86Buf *b, bool w64, int r, int base, int32_t ofs);
void x86_push(X86Buf *b, int r);
void x86_pop(X86Buf *b, int r);
/* Jumps: rel32 placeholders return the RW address of their field. */
uint8_t *x86_jcc32(X86Buf *b, int cc);
uint8_t *x86_jmp32(X86Buf *b);
uint8_t *x86_jcc8(X86Buf *b, int cc); /* cc < 0: jmp rel8 */
void x86_patch32(uint8_t *field, const uint8_t *target);
void x86_patch8(uint8_t *field, const uint8_t *target);
/* jmp/call to an absolute RX address; through REG_TMP if out of range. */
void x86_jmp_abs(X86Buf *b, uintptr_t target);
void x86_call_abs(X86Buf *b, uintptr_t target);
void x86_jmp_reg(X86Buf *b, int r);
void x86_nops(X86Buf *b, unsigned n);

/*
 * Code generation context of one TB: the buffer, the register
 * allocator's state and the fix-ups resolved at the end.
 */
enum { LOC_DEAD, LOC_REG, LOC_MEM, LOC_CONST };

typedef struct RATemp {
    uint8_t loc;
    int8_t reg;    /* LOC_REG */
    bool coherent; /* memory holds the current value */
    bool has_slot; /* frame temps: slot assigned */
    bool touched;  /* on JitCtx.touched since the last block end */
    int32_t slot;  /* frame temps: byte offset from rsp */
    uint64_t val;  /* LOC_CONST */
} RATemp;

typedef struct JitSlow JitSlow;

typedef struct JitFix {
    uint8_t *field; /* rel32 to patch */
    uint32_t label;
} JitFix;

#define JIT_FRAME_SLOTS 256
#define JIT_FRAME_SIZE (JIT_FRAME_SLOTS * 8 + 8) /* keeps rsp 16-aligned */

typedef struct JitCtx {
    X86Buf b;
    TCGContext *s;
    TCGJit *jit;
    const TCGOp *op; /* the op being emitted */
    unsigned features;
    uintptr_t epilogue, ret0; /* RX addresses */

    /* Register allocator (tcg/regalloc.c). */
    RATemp *t;
    /* Temps that left their block-end state (globals and locals in
       memory, block temps dead without a slot) since the last block
       end: the only ones ra_bb_end must reset. */
    uint32_t *touched;
    uint32_t nb_touched;
    int32_t owner[16];     /* temp per host register, -1: none */
    uint16_t locked;       /* registers the current op uses */
    uint16_t free_slots[JIT_FRAME_SLOTS];
    unsigned nb_free_slots, next_slot;

    /*
     * Labels and branches to them, slow paths, code offsets of guest
     * instructions: plain arrays kept from TB to TB (appending to a
     * GArray was a call into glib per element).
     */
    uint8_t **label_at; /* RW address per label, NULL until set */
    JitFix *label_fix;
    uint32_t nb_label_fix, label_fix_cap;
    JitSlow *slow;
    uint32_t nb_slow, slow_cap;
    uint32_t *insn_starts; /* code offsets, room for every insn_start */
    const TCGOp **insn_ops; /* the insn_start ops, for the insn table */
    uint32_t nb_insn_starts, insn_starts_cap;
    uint8_t *jmp_at[2]; /* goto_tb jmp, RW */
    /* Temps [1, n) are globals in their block-end state (in memory,
       nothing touched): left so by the last TB that was completed. */
    uint32_t clean_globals;
} JitCtx;

/* regalloc.c */
void ra_begin_tb(JitCtx *c);
void ra_tb_done(JitCtx *c);
static inline void ra_begin_op(JitCtx *c, const TCGOp *op)
{
    c->op = op;
    c->locked = 0;
}
void ra_end_op(JitCtx *c);
/* Inline: the emitters ask these for almost every input. */
static inline bool ra_is_const(JitCtx *c, TCGArg t, uint64_t *val)
{
    if (c->t[t].loc == LOC_CONST) {
        *val = c->t[t].val;
        return true;
    }
    return false;
}

static inline bool ra_arg_dead(JitCtx *c, unsigned i)
{
    return (c->op->life & TCG_LIFE_DEAD(i)) != 0;
}

int ra_in(JitCtx *c, TCGArg t);
int ra_scratch(JitCtx *c, uint16_t avoid);
int ra_out(JitCtx *c, unsigned i, uint16_t avoid);
int ra_out_tied(JitCtx *c, unsigned o, unsigned i, uint16_t avoid);
void ra_out_fixed(JitCtx *c, unsigned o, int reg);
void ra_in_fixed(JitCtx *c, TCGArg t, int reg);
void ra_evict(JitCtx *c, int reg);
void ra_load(JitCtx *c, TCGArg t, int reg);
void ra_set_const(JitCtx *c, unsigned o, uint64_t v);
void ra_save_callregs(JitCtx *c);
void ra_release_callregs(JitCtx *c);
void ra_forget_globals(JitCtx *c);
void ra_bb_end(JitCtx *c);
void ra_discard(JitCtx *c, TCGArg t);
void ra_call_args(JitCtx *c, const TCGArg *args, const uint8_t *types,
                  unsigned n);

/* ops.c, softmmu.c */
void jit_emit_op(JitCtx *c, const TCGOp *op);
void jit_emit_qemu_ld(JitCtx *c, const TCGOp *op);
void jit_emit_qemu_st(JitCtx *c, const TCGOp *op);
void jit_emit_slow_paths(JitCtx *c);
void jit_slow_init(JitCtx *c);
void jit_slow_free(JitCtx *c);

#endif
