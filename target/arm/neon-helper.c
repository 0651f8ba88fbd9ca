/*
 * AdvSIMD integer instructions, executed in C on the register file.
 *
 * One entry point, a64_neon_exec(env, insn), decodes an instruction word
 * of the groups below and computes it on env->vregs; with env == NULL it
 * only says whether the encoding is allocated and implemented, which is
 * what the translator asks (so the decode is written once). Sources are
 * read into locals before the destination is written, so any register
 * may alias any other. Groups (ARM ARM C4.1.6): three same, two-register
 * miscellaneous, across lanes, scalar pairwise ADDP, copy (DUP/INS by
 * element), modified immediate, shift by immediate, permute, table
 * lookup, extract; vector and (where listed) scalar forms.
 *
 * Speed is not the point yet: a v128 IR type with SSE2/SSSE3 host code
 * would turn most of these into one or two host instructions and spare
 * the call and the re-decode (see docs/aarch64.md).
 */
#include <string.h>

#include "target/arm/translate-a64.h"

#define BITS(pos, len) a64_bits(insn, pos, len)

static uint64_t vget(const ArmVReg *v, unsigned size, unsigned e)
{
    uint64_t x = 0;

    memcpy(&x, v->b + (e << size), 1u << size);
    return x;
}

static void vset(ArmVReg *v, unsigned size, unsigned e, uint64_t x)
{
    memcpy(v->b + (e << size), &x, 1u << size);
}

static uint64_t emask(unsigned size)
{
    return size == 3 ? UINT64_MAX : (1ull << (8u << size)) - 1;
}

static int64_t sext(uint64_t x, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (int64_t)(x << sh) >> sh;
}

/* The value of an element as a signed or unsigned 128-bit integer. */
static __int128 elem(uint64_t x, unsigned size, bool u)
{
    return u ? (__int128)(x & emask(size)) : (__int128)sext(x, size);
}

/* Saturate v to an element of size bits (signed unless u); sets QC. */
static uint64_t sat(ArmCPUState *env, __int128 v, unsigned size, bool u)
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
    return (uint64_t)v & emask(size);
}

/* v << n without the undefined behaviour of shifting a negative value. */
static __int128 shl128(__int128 v, unsigned n)
{
    return (__int128)((unsigned __int128)v << n);
}

/* v >> n (n >= 0) with optional rounding, on 128 bits, n up to 127. */
static __int128 shr_round(__int128 v, unsigned n, bool round)
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

/* Write a result: the rest of Vd beyond bytes is cleared. */
static void vwrite(ArmCPUState *env, unsigned rd, const ArmVReg *r,
                   unsigned bytes)
{
    ArmVReg out = {.d = {0, 0}};

    memcpy(out.b, r->b, bytes);
    env->vregs[rd] = out;
}

/* ---- three same ------------------------------------------------------ */

static uint64_t pmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= a << i;
        }
    }
    return r & 0xff;
}

/* SSHL/USHL and the rounding forms: shift by the signed low byte of b. */
static uint64_t vshl(uint64_t a, uint64_t b, unsigned size, bool u, bool round)
{
    int sh = (int8_t)b;
    unsigned bits = 8u << size;
    __int128 v = elem(a, size, u);

    if (sh >= 0) {
        return sh >= (int)bits ? 0 : (uint64_t)shl128(v, sh) & emask(size);
    }
    return (uint64_t)shr_round(v, -sh, round) & emask(size);
}

static bool neon_3same(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1) || scalar, u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(11, 5);
    unsigned rm = BITS(16, 5), rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned bytes = scalar ? 8 : (BITS(30, 1) ? 16 : 8), n;
    ArmVReg a, b, d, r;

    if (scalar) {
        /* Scalar forms implemented: D-sized compares, ADD/SUB, SSHL. */
        if (size != 3 || !(op == 0x06 || op == 0x07 || op == 0x08 ||
                           op == 0x0a || op == 0x10 || op == 0x11)) {
            return false;
        }
    } else if (op == 0x03) {
        /* logic: size selects the operation */
    } else if (op >= 0x18 || op == 0x09 || op == 0x0b) {
        return false; /* FP, saturating shifts: not yet */
    } else if (size == 3 &&
               (!q || (op >= 0x0c && op <= 0x0f) || op == 0x12 || op == 0x13 ||
                op == 0x14 || op == 0x15 || op == 0x16)) {
        return false;
    } else if ((op == 0x17 && u) || (op == 0x13 && u && size != 0) ||
               (op == 0x16 && (size == 0 || size == 3))) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[rn];
    b = env->vregs[rm];
    d = env->vregs[rd];
    r = d;
    if (op == 0x03) {
        for (int h = 0; h < 2; h++) {
            uint64_t x = a.d[h], y = b.d[h], z = d.d[h];

            switch (u << 2 | size) {
            case 0:
                r.d[h] = x & y;
                break; /* AND */
            case 1:
                r.d[h] = x & ~y;
                break; /* BIC */
            case 2:
                r.d[h] = x | y;
                break; /* ORR */
            case 3:
                r.d[h] = x | ~y;
                break; /* ORN */
            case 4:
                r.d[h] = x ^ y;
                break; /* EOR */
            case 5:
                r.d[h] = (x & z) | (y & ~z);
                break; /* BSL */
            case 6:
                r.d[h] = (x & y) | (z & ~y);
                break; /* BIT */
            default:
                r.d[h] = (x & ~y) | (z & y);
                break; /* BIF */
            }
        }
        vwrite(env, rd, &r, bytes);
        return true;
    }
    n = bytes >> size;
    for (unsigned e = 0; e < n; e++) {
        uint64_t x = vget(&a, size, e), y = vget(&b, size, e);
        uint64_t z = vget(&d, size, e), res;
        __int128 sx = elem(x, size, u), sy = elem(y, size, u);

        if (op >= 0x14 && op <= 0x17 && op != 0x16) {
            /* pairwise: adjacent pairs of Vn then of Vm */
            const ArmVReg *src = e < n / 2 ? &a : &b;
            unsigned i = (e % (n / 2)) * 2;

            sx = elem(vget(src, size, i), size, u);
            sy = elem(vget(src, size, i + 1), size, u);
        }
        switch (op) {
        case 0x00:
            res = (uint64_t)((sx + sy) >> 1);
            break;
        case 0x01:
            res = sat(env, sx + sy, size, u);
            break;
        case 0x02:
            res = (uint64_t)((sx + sy + 1) >> 1);
            break;
        case 0x04:
            res = (uint64_t)((sx - sy) >> 1);
            break;
        case 0x05:
            res = sat(env, sx - sy, size, u);
            break;
        case 0x06:
            res = sx > sy ? UINT64_MAX : 0;
            break;
        case 0x07:
            res = sx >= sy ? UINT64_MAX : 0;
            break;
        case 0x08:
            res = vshl(x, y, size, u, false);
            break;
        case 0x0a:
            res = vshl(x, y, size, u, true);
            break;
        case 0x0c:
        case 0x14:
            res = (uint64_t)(sx > sy ? sx : sy);
            break;
        case 0x0d:
        case 0x15:
            res = (uint64_t)(sx < sy ? sx : sy);
            break;
        case 0x0e:
            res = (uint64_t)(sx > sy ? sx - sy : sy - sx);
            break;
        case 0x0f:
            res = z + (uint64_t)(sx > sy ? sx - sy : sy - sx);
            break;
        case 0x10:
            res = u ? x - y : x + y;
            break;
        case 0x11:
            res = (u ? ((x ^ y) & emask(size)) == 0
                     : ((x & y) & emask(size)) != 0)
                      ? UINT64_MAX
                      : 0;
            break;
        case 0x12:
            res = u ? z - x * y : z + x * y;
            break;
        case 0x13:
            res = u ? pmul8(x, y) : x * y;
            break;
        case 0x16: {
            /* SQDMULH / SQRDMULH: high half of 2ab, saturated */
            __int128 p = 2 * elem(x, size, false) * elem(y, size, false);

            res = sat(env, shr_round(p, 8u << size, u), size, false);
            break;
        }
        default: /* 0x17 ADDP */
            res = (uint64_t)(sx + sy);
            break;
        }
        vset(&r, size, e, res);
    }
    vwrite(env, rd, &r, bytes);
    return true;
}

/* ---- two-register miscellaneous ------------------------------------- */

static uint64_t clz_n(uint64_t x, unsigned bits)
{
    unsigned n = 0;

    for (int i = bits - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

static bool neon_2misc(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1), u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 5);
    unsigned rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned bytes = scalar ? 8 : (q ? 16 : 8), n;
    bool ok;
    ArmVReg a, d, r;

    switch (op) {
    case 0x00:
        ok = size < (u ? 2 : 3);
        break; /* REV64, REV32 */
    case 0x01:
        ok = !u && size == 0;
        break; /* REV16 */
    case 0x02:
    case 0x06:
        ok = size < 3;
        break; /* [SU]ADD?LP */
    case 0x04:
        ok = size < 3;
        break; /* CLS, CLZ */
    case 0x05:
        ok = u ? size < 2 : size == 0;
        break; /* CNT, NOT, RBIT */
    case 0x07:
        ok = size < 3 || q;
        break; /* SQABS, SQNEG */
    case 0x08:
    case 0x09:
    case 0x0b:
        ok = size < 3 || q;
        break;
    case 0x0a:
        ok = !u && (size < 3 || q);
        break; /* CMLT #0 */
    case 0x12:
    case 0x14:
        ok = size < 3;
        break; /* XTN, SQXTN... */
    default:
        ok = false;
        break;
    }
    if (scalar) {
        ok = ok && op >= 0x08 && op <= 0x0b && size == 3;
    }
    if (!ok) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[rn];
    d = env->vregs[rd];
    memset(&r, 0, sizeof(r));
    if (op == 0x05) {
        size = 0; /* CNT, NOT, RBIT work on bytes; size is the opcode */
    }
    if (op == 0x12 || op == 0x14) {
        /* narrow: 2*size elements of Vn into the low or (Q) high half */
        r = q ? d : r;
        for (unsigned e = 0; e < 8u >> size; e++) {
            uint64_t x = vget(&a, size + 1, e), res;

            if (op == 0x12 && !u) {
                res = x; /* XTN */
            } else if (op == 0x12) {
                res = sat(env, elem(x, size + 1, false), size, true);
            } else {
                res = sat(env, elem(x, size + 1, u), size, u);
            }
            vset(&r, size, e + (q ? 8u >> size : 0), res);
        }
        vwrite(env, rd, &r, q ? 16 : 8);
        return true;
    }
    if (op == 0x02 || op == 0x06) {
        /* pairwise add long, accumulating for [SU]ADALP */
        for (unsigned e = 0; e < bytes >> (size + 1); e++) {
            __int128 v = elem(vget(&a, size, 2 * e), size, u) +
                         elem(vget(&a, size, 2 * e + 1), size, u);

            if (op == 0x06) {
                v += vget(&d, size + 1, e);
            }
            vset(&r, size + 1, e, (uint64_t)v);
        }
        vwrite(env, rd, &r, bytes);
        return true;
    }
    n = bytes >> size;
    for (unsigned e = 0; e < n; e++) {
        unsigned bits = 8u << size, src = e;
        uint64_t x, res = 0;
        __int128 sx;

        if (op <= 0x01) {
            /* REV: reverse elements within 64-, 32- or 16-bit containers */
            unsigned csize = op == 1 ? 1 : (u ? 2 : 3);
            unsigned per = 1u << (csize - size);

            src = (e / per) * per + (per - 1 - e % per);
        }
        x = vget(&a, size, src);
        sx = elem(x, size, false);
        switch (op) {
        case 0x00:
        case 0x01:
            res = x;
            break;
        case 0x04:
            res = u ? clz_n(x, bits)
                    : clz_n((x ^ (x >> 1)) & (emask(size) >> 1), bits) - 1;
            break;
        case 0x05:
            if (!u) {
                res = __builtin_popcountll(x & 0xff);
            } else if (BITS(22, 2) == 0) {
                res = ~x;
            } else {
                for (int i = 0; i < 8; i++) {
                    res |= ((x >> i) & 1) << (7 - i);
                }
            }
            break;
        case 0x07:
            res = sat(env, u ? -sx : (sx < 0 ? -sx : sx), size, false);
            break;
        case 0x08:
            res = (u ? sx >= 0 : sx > 0) ? UINT64_MAX : 0;
            break;
        case 0x09:
            res = (u ? sx <= 0 : sx == 0) ? UINT64_MAX : 0;
            break;
        case 0x0a:
            res = sx < 0 ? UINT64_MAX : 0;
            break;
        default:
            res = (uint64_t)(u ? -sx : (sx < 0 ? -sx : sx));
            break;
        }
        vset(&r, size, e, res);
    }
    vwrite(env, rd, &r, bytes);
    return true;
}

/* ---- across lanes, scalar pairwise ---------------------------------- */

static bool neon_across(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1), u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 5);
    unsigned rn = BITS(5, 5), rd = BITS(0, 5), n;
    __int128 acc;
    ArmVReg a, r;

    if ((op != 0x03 && op != 0x0a && op != 0x1a && op != 0x1b) ||
        (op == 0x1b && u) || size == 3 || (size == 2 && !q)) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[rn];
    n = (q ? 16u : 8u) >> size;
    acc = elem(vget(&a, size, 0), size, u);
    for (unsigned e = 1; e < n; e++) {
        __int128 x = elem(vget(&a, size, e), size, u);

        switch (op) {
        case 0x0a:
            acc = x > acc ? x : acc;
            break;
        case 0x1a:
            acc = x < acc ? x : acc;
            break;
        default:
            acc += x;
            break;
        }
    }
    memset(&r, 0, sizeof(r));
    vset(&r, op == 0x03 ? size + 1 : size, 0, (uint64_t)acc);
    vwrite(env, rd, &r, 8);
    return true;
}

static bool neon_scalar_pairwise(ArmCPUState *env, uint32_t insn)
{
    ArmVReg r = {.d = {0, 0}};

    /* ADDP Dd, Vn.2D only; the FP pairwise forms come with FP */
    if (BITS(29, 1) || BITS(12, 5) != 0x1b || BITS(22, 2) != 3) {
        return false;
    }
    if (env) {
        const ArmVReg *a = &env->vregs[BITS(5, 5)];

        r.d[0] = a->d[0] + a->d[1];
        vwrite(env, BITS(0, 5), &r, 8);
    }
    return true;
}

/* ---- copy: DUP (element), INS (element) ------------------------------ */

static bool neon_copy(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1), op = BITS(29, 1);
    unsigned imm5 = BITS(16, 5), imm4 = BITS(11, 4);
    unsigned rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned size = imm5 ? __builtin_ctz(imm5) : 4, idx;
    ArmVReg r;
    uint64_t x;

    if (size > 3 || (op && (!q || scalar)) || (!op && imm4 != 0) ||
        (!op && !scalar && size == 3 && !q)) {
        return false;
    }
    if (!env) {
        return true;
    }
    idx = imm5 >> (size + 1);
    if (op) {
        /* INS Vd.T[idx], Vn.T[imm4 >> size] */
        x = vget(&env->vregs[rn], size, imm4 >> size);
        vset(&env->vregs[rd], size, idx, x);
        return true;
    }
    x = vget(&env->vregs[rn], size, idx);
    memset(&r, 0, sizeof(r));
    for (unsigned e = 0; e < (scalar ? 1u : (q ? 16u : 8u) >> size); e++) {
        vset(&r, size, e, x);
    }
    vwrite(env, rd, &r, q && !scalar ? 16 : 8);
    return true;
}

/* ---- modified immediate (ARM ARM AdvSIMDExpandImm) ------------------- */

static uint64_t rep32(uint64_t x)
{
    return x << 32 | x;
}

static bool neon_modimm(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1), op = BITS(29, 1);
    unsigned cmode = BITS(12, 4), rd = BITS(0, 5);
    uint64_t imm8 = BITS(16, 3) << 5 | BITS(5, 5), imm = 0;
    ArmVReg r;

    if (BITS(11, 1) || (cmode == 0xf && op && !q)) {
        return false; /* FP16 FMOV; unallocated */
    }
    if (!env) {
        return true;
    }
    switch (cmode >> 1) {
    case 0:
    case 1:
    case 2:
    case 3:
        imm = rep32(imm8 << (8 * (cmode >> 1)));
        break;
    case 4:
    case 5:
        imm = (imm8 << (8 * ((cmode >> 1) & 1))) * 0x0001000100010001ull;
        break;
    case 6:
        imm = rep32(cmode & 1 ? imm8 << 16 | 0xffff : imm8 << 8 | 0xff);
        break;
    default:
        if (!(cmode & 1) && !op) {
            imm = imm8 * 0x0101010101010101ull;
        } else if (!(cmode & 1)) {
            for (int i = 0; i < 8; i++) {
                imm |= ((imm8 >> i) & 1) ? 0xffull << (8 * i) : 0;
            }
        } else if (!op) {
            /* FMOV (vector, single): aBbbbbbc defgh000 0... */
            uint64_t b = (imm8 >> 6) & 1;

            imm = rep32((imm8 >> 7) << 31 | (b ^ 1) << 30 |
                        (b ? 0x1full << 25 : 0) | (imm8 & 0x3f) << 19);
        } else {
            uint64_t b = (imm8 >> 6) & 1;

            imm = (imm8 >> 7) << 63 | (b ^ 1) << 62 | (b ? 0xffull << 54 : 0) |
                  (imm8 & 0x3f) << 48;
        }
        break;
    }
    r = env->vregs[rd];
    for (int h = 0; h < 2; h++) {
        if (cmode < 0xc && (cmode & 1) && cmode != 0xd) {
            r.d[h] = op ? r.d[h] & ~imm : r.d[h] | imm; /* ORR, BIC */
        } else if (cmode < 0xe && op) {
            r.d[h] = ~imm; /* MVNI */
        } else {
            r.d[h] = imm; /* MOVI, FMOV */
        }
    }
    vwrite(env, rd, &r, q ? 16 : 8);
    return true;
}

/* ---- shift by immediate ----------------------------------------------- */

static bool neon_shift_imm(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1), u = BITS(29, 1);
    unsigned immh = BITS(19, 4), immhb = BITS(16, 7), op = BITS(11, 5);
    unsigned rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned size = immh ? 31 - __builtin_clz(immh) : 0, bits = 8u << size;
    unsigned rsh = 2 * bits - immhb, lsh = immhb - bits;
    unsigned bytes = scalar ? 8 : (q ? 16 : 8);
    bool narrow = op >= 0x10 && op <= 0x14, ok;
    ArmVReg a, d, r;

    if (!immh) {
        return false;
    }
    switch (op) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x06:
    case 0x0a:
        ok = true;
        break;
    case 0x08:
    case 0x0c:
        ok = u;
        break; /* SRI, SQSHLU */
    case 0x0e:
        ok = true;
        break; /* [SU]QSHL */
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x14:
        ok = size < 3;
        break;
    default:
        ok = false;
        break;
    }
    if (scalar) {
        ok = ok && op <= 0x0a && size == 3;
    } else if (!narrow && size == 3 && !q) {
        ok = false;
    }
    if (!ok) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[rn];
    d = env->vregs[rd];
    memset(&r, 0, sizeof(r));
    if (narrow && op != 0x14) {
        /* SHRN, RSHRN, SQ(R)SHR(U)N, UQ(R)SHRN: 2*size in, size out */
        bool round = op & 1, in_u = u && op >= 0x12;
        bool out_u = u;
        unsigned nsh = bits - (immhb - bits); /* right shift amount */

        r = q ? d : r;
        for (unsigned e = 0; e < 8u >> size; e++) {
            __int128 v = shr_round(elem(vget(&a, size + 1, e), size + 1, in_u),
                                   nsh, round);
            uint64_t res =
                op <= 0x11 && !u ? (uint64_t)v : sat(env, v, size, out_u);

            vset(&r, size, e + (q ? 8u >> size : 0), res);
        }
        vwrite(env, rd, &r, q ? 16 : 8);
        return true;
    }
    if (op == 0x14) {
        /* SSHLL, USHLL: the low or (Q) high half, widened and shifted */
        for (unsigned e = 0; e < 8u >> size; e++) {
            __int128 v =
                elem(vget(&a, size, e + (q ? 8u >> size : 0)), size, u);

            vset(&r, size + 1, e, (uint64_t)shl128(v, lsh));
        }
        vwrite(env, rd, &r, 16);
        return true;
    }
    for (unsigned e = 0; e < bytes >> size; e++) {
        uint64_t x = vget(&a, size, e), z = vget(&d, size, e), res;
        __int128 v = elem(x, size, u);

        switch (op) {
        case 0x00:
        case 0x04:
            res = (uint64_t)shr_round(v, rsh, op == 0x04);
            break;
        case 0x02:
        case 0x06:
            res = z + (uint64_t)shr_round(v, rsh, op == 0x06);
            break;
        case 0x08: {
            /* SRI: bits shifted in keep Vd's top rsh bits */
            uint64_t m = rsh >= bits ? 0 : emask(size) >> rsh;

            res = (z & ~m) | ((rsh >= bits ? 0 : x >> rsh) & m);
            break;
        }
        case 0x0a:
            if (u) { /* SLI */
                uint64_t m = emask(size) << lsh;

                res = (z & ~m) | ((x << lsh) & m);
            } else {
                res = x << lsh;
            }
            break;
        case 0x0c: /* SQSHLU: signed in, unsigned saturation */
            res = sat(env, shl128(elem(x, size, false), lsh), size, true);
            break;
        default: /* SQSHL, UQSHL (immediate) */
            res = sat(env, shl128(v, lsh), size, u);
            break;
        }
        vset(&r, size, e, res);
    }
    vwrite(env, rd, &r, bytes);
    return true;
}

/* ---- permute, table lookup, extract ---------------------------------- */

static bool neon_perm(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 3);
    unsigned rm = BITS(16, 5), rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned n = (q ? 16u : 8u) >> size, part = op >> 2;
    ArmVReg a, b, r;

    if ((op & 3) == 0 || (size == 3 && !q)) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[rn];
    b = env->vregs[rm];
    memset(&r, 0, sizeof(r));
    for (unsigned e = 0; e < n; e++) {
        uint64_t x;

        switch (op & 3) {
        case 1: { /* UZP: even (1) or odd (2) elements of Vn:Vm */
            unsigned i = 2 * e + part;

            x = i < n ? vget(&a, size, i) : vget(&b, size, i - n);
            break;
        }
        case 2: /* TRN */
            x = vget(e & 1 ? &b : &a, size, (e & ~1u) + part);
            break;
        default: /* ZIP */
            x = vget(e & 1 ? &b : &a, size, e / 2 + part * n / 2);
            break;
        }
        vset(&r, size, e, x);
    }
    vwrite(env, rd, &r, q ? 16 : 8);
    return true;
}

static bool neon_tbl(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1), tbx = BITS(12, 1);
    unsigned len = BITS(13, 2) + 1;
    unsigned rm = BITS(16, 5), rn = BITS(5, 5), rd = BITS(0, 5);
    uint8_t table[64];
    ArmVReg idx, r;

    if (!env) {
        return true;
    }
    for (unsigned i = 0; i < len; i++) {
        memcpy(table + 16 * i, env->vregs[(rn + i) % 32].b, 16);
    }
    idx = env->vregs[rm];
    r = env->vregs[rd];
    for (unsigned e = 0; e < (q ? 16u : 8u); e++) {
        if (idx.b[e] < 16 * len) {
            r.b[e] = table[idx.b[e]];
        } else if (!tbx) {
            r.b[e] = 0;
        }
    }
    vwrite(env, rd, &r, q ? 16 : 8);
    return true;
}

static bool neon_ext(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1);
    unsigned imm4 = BITS(11, 4), bytes = q ? 16 : 8;
    uint8_t cat[32];
    ArmVReg r;

    if (!q && imm4 >= 8) {
        return false;
    }
    if (!env) {
        return true;
    }
    memcpy(cat, env->vregs[BITS(5, 5)].b, bytes);
    memcpy(cat + bytes, env->vregs[BITS(16, 5)].b, bytes);
    memcpy(r.b, cat + imm4, bytes);
    vwrite(env, BITS(0, 5), &r, bytes);
    return true;
}

/* ---- decode ----------------------------------------------------------- */

bool a64_neon_exec(ArmCPUState *env, uint32_t insn)
{
    if (a64_neon_fp_exec(env, insn) || a64_crypto_exec(env, insn)) {
        return true;
    }
    if ((insn & 0x9f200400) == 0x0e200400 ||
        (insn & 0xdf200400) == 0x5e200400) {
        return neon_3same(env, insn);
    }
    if ((insn & 0x9f3e0c00) == 0x0e200800 ||
        (insn & 0xdf3e0c00) == 0x5e200800) {
        return neon_2misc(env, insn);
    }
    if ((insn & 0x9f3e0c00) == 0x0e300800) {
        return neon_across(env, insn);
    }
    if ((insn & 0xdf3e0c00) == 0x5e300800) {
        return neon_scalar_pairwise(env, insn);
    }
    if ((insn & 0x9fe08400) == 0x0e000400 ||
        (insn & 0xdfe08400) == 0x5e000400) {
        return neon_copy(env, insn);
    }
    if ((insn & 0x9ff80400) == 0x0f000400) {
        return neon_modimm(env, insn);
    }
    if ((insn & 0x9f800400) == 0x0f000400 ||
        (insn & 0xdf800400) == 0x5f000400) {
        return neon_shift_imm(env, insn);
    }
    if ((insn & 0xbf208c00) == 0x0e000800) {
        return neon_perm(env, insn);
    }
    if ((insn & 0xbfe08c00) == 0x0e000000) {
        return neon_tbl(env, insn);
    }
    if ((insn & 0xbfe08400) == 0x2e000000) {
        return neon_ext(env, insn);
    }
    return false;
}

static void helper_neon(ArmCPUState *env, uint32_t insn)
{
    a64_neon_exec(env, insn);
}

const TCGHelperInfo helper_info_neon = {
    .func = (void *)helper_neon,
    .name = "neon",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID,
    .nargs = 2,
    .args = {TCG_CALL_PTR, TCG_CALL_I32},
};
