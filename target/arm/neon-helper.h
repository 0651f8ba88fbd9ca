/*
 * Shared by the AdvSIMD integer helper files (neon-helper*.c, one per
 * group of ARM ARM C4.1.6): element access, saturation and shifts on
 * 128-bit integers, and the groups' decoders. Every decoder follows
 * a64_neon_exec's contract: with env NULL it only answers whether insn
 * is allocated and implemented; else it executes insn on env->vregs
 * (QC in env->fpsr), reading all sources before writing Vd. Not for use
 * outside these files and the translator (translate-a64-simd.c).
 */
#ifndef TARGET_ARM_NEON_HELPER_H
#define TARGET_ARM_NEON_HELPER_H

#include <string.h>

#include "target/arm/translate-a64.h"

/* Bits [pos, pos + len) of the decoder's instruction word insn. */
#define BITS(pos, len) a64_bits(insn, pos, len)

/*
 * Element e of 1 << size bytes of v, zero-extended. (e is masked to the
 * register so the compiler sees every access in bounds.)
 */
static inline uint64_t neon_get(const ArmVReg *v, unsigned size, unsigned e)
{
    switch (size) {
    case 0:
        return v->b[e & 15];
    case 1:
        return v->h[e & 7];
    case 2:
        return v->s[e & 3];
    default:
        return v->d[e & 1];
    }
}

static inline void neon_set(ArmVReg *v, unsigned size, unsigned e, uint64_t x)
{
    switch (size) {
    case 0:
        v->b[e & 15] = (uint8_t)x;
        break;
    case 1:
        v->h[e & 7] = (uint16_t)x;
        break;
    case 2:
        v->s[e & 3] = (uint32_t)x;
        break;
    default:
        v->d[e & 1] = x;
        break;
    }
}

static inline uint64_t neon_emask(unsigned size)
{
    return size == 3 ? UINT64_MAX : (1ull << (8u << size)) - 1;
}

static inline int64_t neon_sext(uint64_t x, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (int64_t)(x << sh) >> sh;
}

/* The value of an element as a signed or unsigned 128-bit integer. */
static inline __int128 neon_elem(uint64_t x, unsigned size, bool u)
{
    return u ? (__int128)(x & neon_emask(size)) : (__int128)neon_sext(x, size);
}

/* Saturate v to an element of size (signed unless u); sets QC. */
static inline uint64_t neon_sat(ArmCPUState *env, __int128 v, unsigned size,
                                bool u)
{
    unsigned bits = 8u << size;
    __int128 max, min;

    if (u) {
        max = ((__int128)1 << bits) - 1;
        min = 0;
    } else {
        max = ((__int128)1 << (bits - 1)) - 1;
        min = -max - 1;
    }
    if (v > max) {
        env->fpsr |= FPSR_QC;
        v = max;
    } else if (v < min) {
        env->fpsr |= FPSR_QC;
        v = min;
    }
    return (uint64_t)v & neon_emask(size);
}

/* v << n without the undefined behaviour of shifting a negative value. */
static inline __int128 neon_shl(__int128 v, unsigned n)
{
    return (__int128)((unsigned __int128)v << n);
}

/*
 * v >> n, rounding (adding 1 << (n - 1) first) if asked, for any n: v
 * is at most 65 bits wide, so n past 100 leaves only the sign.
 */
static inline __int128 neon_shr(__int128 v, unsigned n, bool round)
{
    if (n == 0) {
        return v;
    }
    if (n > 100) {
        return round ? 0 : (v < 0 ? -1 : 0);
    }
    if (round) {
        v += (__int128)1 << (n - 1);
    }
    return v >> n;
}

/*
 * Write a result of bytes bytes (1, 2, 4, 8 or 16), its low and high
 * halves, to Vd; the rest of Vd is cleared. The result is best built
 * in registers: a vector stored piecewise and read back whole stalls
 * the host's store forwarding.
 */
static inline void neon_write_d(ArmCPUState *env, unsigned rd, uint64_t lo,
                                uint64_t hi, unsigned bytes)
{
    ArmVReg *v = &env->vregs[rd];

    v->d[0] = bytes >= 8 ? lo : lo & ((1ull << (8 * bytes)) - 1);
    v->d[1] = bytes > 8 ? hi : 0;
}

static inline void neon_write(ArmCPUState *env, unsigned rd, const ArmVReg *r,
                              unsigned bytes)
{
    neon_write_d(env, rd, r->d[0], r->d[1], bytes);
}

/*
 * The long multiplies of three-different and by-element: x * y of two
 * size elements as a 2 * size element, added to (acc > 0) or subtracted
 * from (acc < 0) the element d, or not (acc == 0). sqd: the doubling
 * SQDMULL/SQDMLAL/SQDMLSL, which saturate the product and then the sum,
 * each setting QC (ARM ARM SQDMLAL pseudocode).
 */
uint64_t neon_mull(ArmCPUState *env, __int128 x, __int128 y, uint64_t d,
                   unsigned size, int acc, bool sqd);

/*
 * SQRDMLAH/SQRDMLSH of one element: (d << esize) plus or minus 2ab,
 * rounded to the high half and saturated (neon-helper-extra.c).
 */
uint64_t neon_sqrdmlah(ArmCPUState *env, uint64_t d, uint64_t a, uint64_t b,
                       unsigned size, bool sub);
/* d plus the four byte products of a and b (each byte signed unless _u). */
uint32_t neon_dot(uint32_t d, uint32_t a, uint32_t b, bool a_u, bool b_u);

/*
 * The 64-bit immediate of a modified-immediate instruction (ARM ARM
 * AdvSIMDExpandImm: op, cmode, a:b:c:d:e:f:g:h of insn).
 */
uint64_t a64_neon_expand_imm(uint32_t insn);

/*
 * a64_neon_exec without the FP and crypto hooks, and its helper: what
 * the translator calls for an instruction they have turned down, so
 * that they do not decode it again on every execution.
 */
bool a64_neon_int_exec(ArmCPUState *env, uint32_t insn);
extern const TCGHelperInfo helper_info_neon_int;

/*
 * The groups (ARM ARM C4.1.6), vector and scalar forms: three same and
 * three same extra (neon-helper-3same.c, neon-helper-extra.c).
 */
bool neon_3same(ArmCPUState *env, uint32_t insn);
bool neon_3same_extra(ArmCPUState *env, uint32_t insn);
/* neon-helper-misc.c */
bool neon_2misc(ArmCPUState *env, uint32_t insn);
bool neon_across(ArmCPUState *env, uint32_t insn);
bool neon_scalar_pairwise(ArmCPUState *env, uint32_t insn);
/* neon-helper-shift.c, neon-helper-3diff.c, neon-helper-elem.c */
bool neon_shift_imm(ArmCPUState *env, uint32_t insn);
bool neon_3diff(ArmCPUState *env, uint32_t insn);
bool neon_by_elem(ArmCPUState *env, uint32_t insn);

#endif
