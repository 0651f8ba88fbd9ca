/*
 * AdvSIMD three same, integer forms (ARM ARM C4.1.6 "Advanced SIMD
 * three same" and "Advanced SIMD scalar three same"): bitwise,
 * add/sub, halving, saturating, compares, shifts by register (plain,
 * rounding, saturating), min/max, absolute difference, multiplies,
 * SQDMULH/SQRDMULH and the integer pairwise forms. The FP forms
 * (opcode 11xxx) belong to neon-fp-helper.c.
 */
#include "target/arm/neon-helper.h"

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

/*
 * [SU][R]SHL and [SU]Q[R]SHL (register): a shifted by the signed low
 * byte of b, left for a positive count, else right (rounding if round).
 * The saturating forms saturate the exact result and set QC.
 */
static uint64_t vshl(ArmCPUState *env, uint64_t a, uint64_t b, unsigned size,
                     bool u, bool round, bool saturate)
{
    int sh = (int8_t)b;
    unsigned bits = 8u << size;
    __int128 v = neon_elem(a, size, u);

    if (sh < 0) {
        return (uint64_t)neon_shr(v, -sh, round) & neon_emask(size);
    }
    if (!saturate) {
        return sh >= (int)bits ? 0
                               : (uint64_t)neon_shl(v, sh) & neon_emask(size);
    }
    if (v != 0 && sh >= 64) {
        /* any nonzero value is out of range: keep only its sign */
        v = v < 0 ? -((__int128)1 << 100) : (__int128)1 << 100;
        return neon_sat(env, v, size, u);
    }
    return neon_sat(env, neon_shl(v, sh), size, u);
}

/* Whether the (integer) three-same encoding is allocated. */
static bool same_ok(bool scalar, bool q, bool u, unsigned size, unsigned op)
{
    if (scalar) {
        switch (op) {
        case 0x01: /* SQADD, UQADD */
        case 0x05: /* SQSUB, UQSUB */
        case 0x09: /* SQSHL, UQSHL */
        case 0x0b: /* SQRSHL, UQRSHL */
            return true;
        case 0x06: /* CMGT, CMHI */
        case 0x07: /* CMGE, CMHS */
        case 0x08: /* SSHL, USHL */
        case 0x0a: /* SRSHL, URSHL */
        case 0x10: /* ADD, SUB */
        case 0x11: /* CMTST, CMEQ */
            return size == 3;
        case 0x16: /* SQDMULH, SQRDMULH */
            return size == 1 || size == 2;
        default:
            return false;
        }
    }
    switch (op) {
    case 0x03: /* logic: size selects the operation */
        return true;
    case 0x13: /* MUL, PMUL */
        return u ? size == 0 : size < 3;
    case 0x00: /* [SU]HADD */
    case 0x02: /* [SU]RHADD */
    case 0x04: /* [SU]HSUB */
    case 0x0c: /* [SU]MAX */
    case 0x0d: /* [SU]MIN */
    case 0x0e: /* [SU]ABD */
    case 0x0f: /* [SU]ABA */
    case 0x12: /* MLA, MLS */
    case 0x14: /* [SU]MAXP */
    case 0x15: /* [SU]MINP */
        return size < 3;
    case 0x16: /* SQDMULH, SQRDMULH */
        return size == 1 || size == 2;
    case 0x17: /* ADDP */
        return !u && (size < 3 || q);
    default:
        return op < 0x18 && (size < 3 || q); /* 11xxx: FP */
    }
}

static void same_logic(ArmCPUState *env, uint32_t insn)
{
    bool u = BITS(29, 1);
    unsigned size = BITS(22, 2), rd = BITS(0, 5);
    ArmVReg a = env->vregs[BITS(5, 5)], b = env->vregs[BITS(16, 5)];
    ArmVReg d = env->vregs[rd], r;

    for (int h = 0; h < 2; h++) {
        uint64_t x = a.d[h], y = b.d[h], z = d.d[h];

        switch (u << 2 | size) {
        case 0: /* AND */
            r.d[h] = x & y;
            break;
        case 1: /* BIC */
            r.d[h] = x & ~y;
            break;
        case 2: /* ORR */
            r.d[h] = x | y;
            break;
        case 3: /* ORN */
            r.d[h] = x | ~y;
            break;
        case 4: /* EOR */
            r.d[h] = x ^ y;
            break;
        case 5: /* BSL */
            r.d[h] = (x & z) | (y & ~z);
            break;
        case 6: /* BIT */
            r.d[h] = (x & y) | (z & ~y);
            break;
        default: /* BIF */
            r.d[h] = (x & ~y) | (z & y);
            break;
        }
    }
    neon_write(env, rd, &r, BITS(30, 1) ? 16 : 8);
}

/*
 * One element of the integer three-same ops (x, y from Vn, Vm; z from
 * Vd). 64-bit arithmetic where it cannot overflow (the halving, min/max
 * and absolute-difference ops have no 64-bit form), 128-bit where a
 * saturating op needs the exact result.
 */
static uint64_t same_elem(ArmCPUState *env, unsigned op, unsigned size, bool u,
                          uint64_t x, uint64_t y, uint64_t z)
{
    int64_t sx = u ? (int64_t)x : neon_sext(x, size);
    int64_t sy = u ? (int64_t)y : neon_sext(y, size);
    bool gt = u ? x > y : sx > sy;

    switch (op) {
    case 0x00: /* [SU]HADD */
        return (uint64_t)((sx + sy) >> 1);
    case 0x01: /* [SU]QADD */
        return neon_sat(env, neon_elem(x, size, u) + neon_elem(y, size, u),
                        size, u);
    case 0x02: /* [SU]RHADD */
        return (uint64_t)((sx + sy + 1) >> 1);
    case 0x04: /* [SU]HSUB */
        return (uint64_t)((sx - sy) >> 1);
    case 0x05: /* [SU]QSUB */
        return neon_sat(env, neon_elem(x, size, u) - neon_elem(y, size, u),
                        size, u);
    case 0x06: /* CMGT, CMHI */
        return gt ? UINT64_MAX : 0;
    case 0x07: /* CMGE, CMHS */
        return gt || x == y ? UINT64_MAX : 0;
    case 0x08: /* [SU]SHL, [SU]RSHL, [SU]QSHL, [SU]QRSHL */
    case 0x09:
    case 0x0a:
    case 0x0b:
        return vshl(env, x, y, size, u, op & 2, op & 1);
    case 0x0c: /* [SU]MAX, [SU]MAXP */
    case 0x14:
        return gt ? x : y;
    case 0x0d: /* [SU]MIN, [SU]MINP */
    case 0x15:
        return gt ? y : x;
    case 0x0e: /* [SU]ABD */
        return gt ? x - y : y - x;
    case 0x0f: /* [SU]ABA */
        return z + (gt ? x - y : y - x);
    case 0x10: /* ADD, SUB */
        return u ? x - y : x + y;
    case 0x11: /* CMTST, CMEQ */
        return (u ? x == y : (x & y) != 0) ? UINT64_MAX : 0;
    case 0x12: /* MLA, MLS */
        return u ? z - x * y : z + x * y;
    case 0x13: /* MUL, PMUL */
        return u ? pmul8(x, y) : x * y;
    case 0x16: {
        /* SQDMULH / SQRDMULH: high half of 2ab, saturated */
        __int128 p = 2 * (__int128)neon_sext(x, size) * neon_sext(y, size);

        return neon_sat(env, neon_shr(p, 8u << size, u), size, false);
    }
    default: /* 0x17 ADDP */
        return x + y;
    }
}

bool neon_3same(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1), u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(11, 5);
    unsigned rm = BITS(16, 5), rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned bytes = scalar ? 1u << size : (q ? 16 : 8), n;
    ArmVReg a, b, d;
    uint64_t lo = 0, hi = 0;

    if (!same_ok(scalar, q, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    if (op == 0x03) {
        same_logic(env, insn);
        return true;
    }
    a = env->vregs[rn];
    b = env->vregs[rm];
    d = env->vregs[rd];
    n = bytes >> size;
    /* each half of the result built in a register (see neon_write_d) */
    for (unsigned h = 0, e = 0; h < 2; h++) {
        uint64_t out = 0;

        for (unsigned sh = 0; sh < 64 && e < n; sh += 8u << size, e++) {
            uint64_t x = neon_get(&a, size, e), y = neon_get(&b, size, e);
            uint64_t z = neon_get(&d, size, e);

            if (op >= 0x14 && op <= 0x17 && op != 0x16) {
                /* pairwise: adjacent pairs of Vn then of Vm */
                const ArmVReg *src = e < n / 2 ? &a : &b;
                unsigned i = (e % (n / 2)) * 2;

                x = neon_get(src, size, i);
                y = neon_get(src, size, i + 1);
            }
            out |= (same_elem(env, op, size, u, x, y, z) & neon_emask(size))
                   << sh;
        }
        if (h == 0) {
            lo = out;
        } else {
            hi = out;
        }
    }
    neon_write_d(env, rd, lo, hi, bytes);
    return true;
}
