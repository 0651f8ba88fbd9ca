/*
 * x86-64 instruction encoder: just the forms the backend emits.
 *
 * An instruction is [legacy prefixes] [REX] [0F [38]] opcode [ModRM
 * [SIB]] [disp] [imm] (SDM vol. 2, 2.1).  The operand-size (66) and
 * mandatory (F2/F3) prefixes must come before REX, and REX must be the
 * last byte before the opcode escape or it is ignored (SDM 2.2.1).
 * Callers pass an opcode word (x86.h: P_* flags + the opcode byte) and
 * register numbers 0-15; the encoder derives REX.R/X/B from bit 3 of
 * each.
 */
#include "tcg/x86_64/x86.h"

#include <string.h>

/* x86_byte, x86_u32, x86_u64, x86_opc and x86_rr are inline in x86.h. */

/*
 * [base + index << shift + ofs], index < 0 for none.  rm = 100 means a
 * SIB byte follows, so RSP/R12 as a base need one; mod = 00 with base
 * 101 means RIP-relative (SDM 2.2.1.6), so RBP/R13 take a zero disp8.
 */
void x86_rmx(X86Buf *b, unsigned opc, int r, int base, int index, int shift,
             int32_t ofs)
{
    int mod;

    /* rm is memory here: a byte-register flag does not apply. */
    x86_opc(b, opc & ~P_BYTERM, r, base, index < 0 ? 0 : index);
    if (ofs == 0 && (base & 7) != RBP) {
        mod = 0;
    } else if (ofs == (int8_t)ofs) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != RSP) {
        x86_byte(b, mod | (r & 7) << 3 | (base & 7));
    } else {
        /* SIB.index = 100 without REX.X means no index. */
        int idx = index < 0 ? RSP : index;

        g_assert(idx != RSP || index < 0);
        x86_byte(b, mod | (r & 7) << 3 | RSP);
        x86_byte(b, shift << 6 | (idx & 7) << 3 | (base & 7));
    }
    if (mod == 0x40) {
        x86_byte(b, (uint8_t)ofs);
    } else if (mod == 0x80) {
        x86_u32(b, (uint32_t)ofs);
    }
}

/* [base + ofs]: most memory operands (env fields), without x86_rmx's
   SIB cases; the bytes are the same. */
void x86_rm(X86Buf *b, unsigned opc, int r, int base, int32_t ofs)
{
    unsigned modrm = (r & 7) << 3 | (base & 7);
    uint8_t *p;

    if ((base & 7) == RSP) {
        x86_rmx(b, opc, r, base, -1, 0, ofs);
        return;
    }
    x86_opc(b, opc & ~P_BYTERM, r, base, 0);
    p = b->p;
    if (ofs == 0 && (base & 7) != RBP) {
        *p++ = modrm;
    } else if (ofs == (int8_t)ofs) {
        *p++ = 0x40 | modrm;
        *p++ = (uint8_t)ofs;
    } else {
        *p++ = 0x80 | modrm;
        memcpy(p, &ofs, 4);
        p += 4;
    }
    b->p = p;
}

void x86_mov_rr(X86Buf *b, bool w64, int d, int s)
{
    if (d != s) {
        x86_rr(b, OPC_MOV_ST | (w64 ? P_W : 0), s, d);
    }
}

void x86_movi(X86Buf *b, bool w64, int r, uint64_t v)
{
    if (!w64) {
        v = (uint32_t)v;
    }
    if (v == 0) {
        /* Clobbers the flags: never between a compare and its use. */
        x86_rr(b, 0x31, r, r);
    } else if (v == (uint32_t)v) {
        /* A 32-bit move zero-extends (SDM 3.4.1.1). */
        x86_opc(b, 0xb8 + (r & 7), 0, r, 0);
        x86_u32(b, (uint32_t)v);
    } else if (x86_fits_i32((int64_t)v)) {
        x86_rr(b, OPC_MOV_STI | P_W, 0, r);
        x86_u32(b, (uint32_t)v);
    } else {
        x86_opc(b, (0xb8 + (r & 7)) | P_W, 0, r, 0);
        x86_u64(b, v);
    }
}

void x86_alu_rr(X86Buf *b, int alu, bool w64, int d, int s)
{
    x86_rr(b, (OPC_ALU_RMR + 8 * alu) | (w64 ? P_W : 0), s, d);
}

/* imm is sign-extended from 32 bits for a 64-bit operation. */
void x86_alu_ri(X86Buf *b, int alu, bool w64, int r, int64_t imm)
{
    unsigned w = w64 ? P_W : 0;

    if (imm == (int8_t)imm) {
        x86_rr(b, OPC_GRP1_IMM8 | w, alu, r);
        x86_byte(b, (uint8_t)imm);
    } else {
        g_assert(!w64 || x86_fits_i32(imm));
        x86_rr(b, OPC_GRP1_IMM32 | w, alu, r);
        x86_u32(b, (uint32_t)imm);
    }
}

void x86_shift_ri(X86Buf *b, int sh, bool w64, int r, unsigned n)
{
    n &= w64 ? 63 : 31;
    if (n == 0) {
        return;
    }
    if (n == 1) {
        x86_rr(b, 0xd1 | (w64 ? P_W : 0), sh, r);
    } else {
        x86_rr(b, OPC_SHIFT_IMM | (w64 ? P_W : 0), sh, r);
        x86_byte(b, n);
    }
}

void x86_unary(X86Buf *b, int un, bool w64, int r)
{
    x86_rr(b, OPC_GRP3 | (w64 ? P_W : 0), un, r);
}

void x86_ld(X86Buf *b, bool w64, int r, int base, int32_t ofs)
{
    x86_rm(b, OPC_MOV_LD | (w64 ? P_W : 0), r, base, ofs);
}

void x86_st(X86Buf *b, bool w64, int r, int base, int32_t ofs)
{
    x86_rm(b, OPC_MOV_ST | (w64 ? P_W : 0), r, base, ofs);
}

void x86_push(X86Buf *b, int r)
{
    x86_opc(b, 0x50 + (r & 7), 0, r, 0);
}

void x86_pop(X86Buf *b, int r)
{
    x86_opc(b, 0x58 + (r & 7), 0, r, 0);
}

uint8_t *x86_jcc32(X86Buf *b, int cc)
{
    x86_byte(b, 0x0f);
    x86_byte(b, 0x80 + cc);
    x86_u32(b, 0);
    return b->p - 4;
}

uint8_t *x86_jmp32(X86Buf *b)
{
    x86_byte(b, 0xe9);
    x86_u32(b, 0);
    return b->p - 4;
}

uint8_t *x86_jcc8(X86Buf *b, int cc)
{
    x86_byte(b, cc < 0 ? 0xeb : 0x70 + cc);
    x86_byte(b, 0);
    return b->p - 1;
}

/* Displacements count from the end of the field (= of the insn). */
void x86_patch32(uint8_t *field, const uint8_t *target)
{
    int64_t d = target - (field + 4);
    int32_t v = (int32_t)d;

    g_assert(d == v);
    memcpy(field, &v, 4);
}

void x86_patch8(uint8_t *field, const uint8_t *target)
{
    int64_t d = target - (field + 1);

    g_assert(d == (int8_t)d);
    *field = (uint8_t)d;
}

static bool rel32_reaches(X86Buf *b, unsigned len, uintptr_t target)
{
    int64_t d = (int64_t)(target - (x86_rx(b, b->p) + len));

    return x86_fits_i32(d);
}

void x86_jmp_abs(X86Buf *b, uintptr_t target)
{
    if (rel32_reaches(b, 5, target)) {
        x86_byte(b, 0xe9);
        x86_u32(b, (uint32_t)(target - (x86_rx(b, b->p) + 4)));
    } else {
        x86_movi(b, true, REG_TMP, target);
        x86_jmp_reg(b, REG_TMP);
    }
}

void x86_call_abs(X86Buf *b, uintptr_t target)
{
    if (rel32_reaches(b, 5, target)) {
        x86_byte(b, 0xe8);
        x86_u32(b, (uint32_t)(target - (x86_rx(b, b->p) + 4)));
    } else {
        x86_movi(b, true, REG_TMP, target);
        x86_rr(b, 0xff, 2, REG_TMP); /* call r/m64: FF /2 */
    }
}

void x86_jmp_reg(X86Buf *b, int r)
{
    x86_rr(b, 0xff, 4, r); /* jmp r/m64: FF /4 */
}

/* The recommended multi-byte NOPs (SDM vol. 2, NOP, table 4-12). */
void x86_nops(X86Buf *b, unsigned n)
{
    static const uint8_t nop[8][8] = {
        {0},
        {0x90},
        {0x66, 0x90},
        {0x0f, 0x1f, 0x00},
        {0x0f, 0x1f, 0x40, 0x00},
        {0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
    };

    while (n) {
        unsigned k = n > 7 ? 7 : n;

        memcpy(b->p, nop[k], k);
        b->p += k;
        n -= k;
    }
}
