/*
 * AdvSIMD two-register miscellaneous, across lanes and scalar pairwise,
 * integer forms (ARM ARM C4.1.6, vector and scalar): REV*, [SU]ADDLP,
 * [SU]ADALP, SUQADD/USQADD, CLS/CLZ/CNT/NOT/RBIT, SQABS/SQNEG, compares
 * against zero, ABS/NEG, XTN/SQXTN/UQXTN/SQXTUN, SHLL; ADDV,
 * [SU]MAXV/MINV, [SU]ADDLV; ADDP (scalar). The FP forms belong to
 * neon-fp-helper.c.
 */
#include "target/arm/neon-helper.h"

static uint64_t clz_n(uint64_t x, unsigned bits)
{
    unsigned n = 0;

    for (int i = bits - 1; i >= 0 && !((x >> i) & 1); i--) {
        n++;
    }
    return n;
}

/* Whether the (integer) two-register misc encoding is allocated. */
static bool misc_ok(bool scalar, bool q, bool u, unsigned size, unsigned op)
{
    if (scalar) {
        switch (op) {
        case 0x03: /* SUQADD, USQADD */
        case 0x07: /* SQABS, SQNEG */
            return true;
        case 0x08: /* CMGT, CMGE #0 */
        case 0x09: /* CMEQ, CMLE #0 */
        case 0x0b: /* ABS, NEG */
            return size == 3;
        case 0x0a: /* CMLT #0 */
            return !u && size == 3;
        case 0x12: /* SQXTUN (scalar XTN does not exist) */
            return u && size < 3;
        case 0x14: /* SQXTN, UQXTN */
            return size < 3;
        default:
            return false;
        }
    }
    switch (op) {
    case 0x00: /* REV64, REV32 */
        return size < (u ? 2 : 3);
    case 0x01: /* REV16 */
        return !u && size == 0;
    case 0x02: /* [SU]ADDLP */
    case 0x04: /* CLS, CLZ */
    case 0x06: /* [SU]ADALP */
    case 0x12: /* XTN, SQXTUN */
    case 0x14: /* SQXTN, UQXTN */
        return size < 3;
    case 0x13: /* SHLL */
        return u && size < 3;
    case 0x05: /* CNT; NOT, RBIT */
        return u ? size < 2 : size == 0;
    case 0x03: /* SUQADD, USQADD */
    case 0x07: /* SQABS, SQNEG */
    case 0x08: /* CMGT, CMGE #0 */
    case 0x09: /* CMEQ, CMLE #0 */
    case 0x0b: /* ABS, NEG */
        return size < 3 || q;
    case 0x0a: /* CMLT #0 */
        return !u && (size < 3 || q);
    default:
        return false;
    }
}

/*
 * Narrowing (XTN, SQXTN, UQXTN, SQXTUN): 2 * size elements of Vn into
 * the low or (part) high half of Vd, or the one scalar element.
 */
static void misc_narrow(ArmCPUState *env, uint32_t insn, bool scalar, bool part)
{
    bool u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 5), rd = BITS(0, 5);
    unsigned n = scalar ? 1 : 8u >> size;
    ArmVReg a = env->vregs[BITS(5, 5)], r = {.d = {0, 0}};

    if (part) {
        r = env->vregs[rd];
    }
    for (unsigned e = 0; e < n; e++) {
        uint64_t x = neon_get(&a, size + 1, e), res;

        if (op == 0x12 && !u) {
            res = x; /* XTN */
        } else if (op == 0x12) {
            res = neon_sat(env, neon_elem(x, size + 1, false), size, true);
        } else {
            res = neon_sat(env, neon_elem(x, size + 1, u), size, u);
        }
        neon_set(&r, size, e + (part ? n : 0), res);
    }
    neon_write(env, rd, &r, scalar ? 1u << size : (part ? 16 : 8));
}

/* Widening: [SU]ADDLP, [SU]ADALP and SHLL (the low or (part) high half). */
static void misc_widen(ArmCPUState *env, uint32_t insn, bool q)
{
    bool u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 5), rd = BITS(0, 5);
    unsigned bytes = q ? 16 : 8;
    ArmVReg a = env->vregs[BITS(5, 5)], d = env->vregs[rd];
    ArmVReg r = {.d = {0, 0}};

    if (op == 0x13) {
        /* SHLL: each element shifted left by its width */
        for (unsigned e = 0; e < 8u >> size; e++) {
            uint64_t x = neon_get(&a, size, e + (q ? 8u >> size : 0));

            neon_set(&r, size + 1, e, x << (8u << size));
        }
        neon_write(env, rd, &r, 16);
        return;
    }
    for (unsigned e = 0; e < bytes >> (size + 1); e++) {
        __int128 v = neon_elem(neon_get(&a, size, 2 * e), size, u) +
                     neon_elem(neon_get(&a, size, 2 * e + 1), size, u);

        if (op == 0x06) {
            v += neon_get(&d, size + 1, e);
        }
        neon_set(&r, size + 1, e, (uint64_t)v);
    }
    neon_write(env, rd, &r, bytes);
}

bool neon_2misc(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1) && !scalar, u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 5);
    unsigned rd = BITS(0, 5);
    unsigned bytes = scalar ? 1u << size : (q ? 16 : 8), n;
    ArmVReg a, d, r;

    if (!misc_ok(scalar, q, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    if (op == 0x12 || op == 0x14) {
        misc_narrow(env, insn, scalar, q);
        return true;
    }
    if (op == 0x02 || op == 0x06 || op == 0x13) {
        misc_widen(env, insn, q);
        return true;
    }
    a = env->vregs[BITS(5, 5)];
    d = env->vregs[rd];
    memset(&r, 0, sizeof(r));
    if (op == 0x05) {
        size = 0; /* CNT, NOT, RBIT work on bytes; size is the opcode */
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
        x = neon_get(&a, size, src);
        sx = neon_elem(x, size, false);
        switch (op) {
        case 0x00:
        case 0x01:
            res = x;
            break;
        case 0x03:
            /* SUQADD: signed Vd + unsigned Vn; USQADD the other way */
            res = neon_sat(env,
                           neon_elem(x, size, !u) +
                               neon_elem(neon_get(&d, size, e), size, u),
                           size, u);
            break;
        case 0x04:
            res = u ? clz_n(x, bits)
                    : clz_n((x ^ (x >> 1)) & (neon_emask(size) >> 1), bits) - 1;
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
            res = neon_sat(env, u ? -sx : (sx < 0 ? -sx : sx), size, false);
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
        neon_set(&r, size, e, res);
    }
    neon_write(env, rd, &r, bytes);
    return true;
}

/* ---- across lanes, scalar pairwise ---------------------------------- */

bool neon_across(ArmCPUState *env, uint32_t insn)
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
    acc = neon_elem(neon_get(&a, size, 0), size, u);
    for (unsigned e = 1; e < n; e++) {
        __int128 x = neon_elem(neon_get(&a, size, e), size, u);

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
    neon_set(&r, op == 0x03 ? size + 1 : size, 0, (uint64_t)acc);
    neon_write(env, rd, &r, 8);
    return true;
}

bool neon_scalar_pairwise(ArmCPUState *env, uint32_t insn)
{
    ArmVReg r = {.d = {0, 0}};

    /* ADDP Dd, Vn.2D only; the FP pairwise forms are neon-fp-helper.c's */
    if (BITS(29, 1) || BITS(12, 5) != 0x1b || BITS(22, 2) != 3) {
        return false;
    }
    if (env) {
        const ArmVReg *a = &env->vregs[BITS(5, 5)];

        r.d[0] = a->d[0] + a->d[1];
        neon_write(env, BITS(0, 5), &r, 8);
    }
    return true;
}
