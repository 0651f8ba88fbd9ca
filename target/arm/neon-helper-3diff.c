/*
 * AdvSIMD three different (ARM ARM C4.1.6 "Advanced SIMD three
 * different" and "Advanced SIMD scalar three different"): the long
 * forms [SU]ADDL, [SU]SUBL, [SU]ABAL, [SU]ABDL, [SU]MLAL, [SU]MLSL,
 * [SU]MULL, SQDMLAL, SQDMLSL, SQDMULL and PMULL (8 x 8 -> 16 bits, and
 * the 64 x 64 -> 128 bits of the cryptographic extension); the wide
 * [SU]ADDW, [SU]SUBW; the narrowing ADDHN, RADDHN, SUBHN, RSUBHN. The
 * "2" forms (Q = 1) read the high halves of the narrow sources, or
 * write the high half of Vd.
 */
#include "target/arm/neon-helper.h"

uint64_t neon_mull(ArmCPUState *env, __int128 x, __int128 y, uint64_t d,
                   unsigned size, int acc, bool sqd)
{
    unsigned wsize = size + 1;
    __int128 p = x * y;

    if (!sqd) {
        return (uint64_t)(acc == 0 ? p : (acc > 0 ? d + p : d - p));
    }
    p = neon_elem(neon_sat(env, 2 * p, wsize, false), wsize, false);
    if (acc == 0) {
        return (uint64_t)p & neon_emask(wsize);
    }
    p = acc > 0 ? neon_elem(d, wsize, false) + p
                : neon_elem(d, wsize, false) - p;
    return neon_sat(env, p, wsize, false);
}

/* Carry-less (polynomial over GF(2)) product of bits-bit a and b. */
static unsigned __int128 pmull(uint64_t a, uint64_t b, unsigned bits)
{
    unsigned __int128 r = 0;

    for (unsigned i = 0; i < bits; i++) {
        if ((b >> i) & 1) {
            r ^= (unsigned __int128)a << i;
        }
    }
    return r;
}

static bool diff_ok(bool scalar, bool u, unsigned size, unsigned op)
{
    switch (op) {
    case 0x9: /* SQDMLAL */
    case 0xb: /* SQDMLSL */
    case 0xd: /* SQDMULL */
        return !u && (size == 1 || size == 2);
    case 0xe: /* PMULL: 64-bit from the cryptographic extension */
        return !scalar && !u && (size == 0 || size == 3);
    case 0xf:
        return false;
    default:
        return !scalar && size < 3;
    }
}

/* ADDHN, RADDHN, SUBHN, RSUBHN: the high half of each wide sum. */
static void diff_narrow(ArmCPUState *env, uint32_t insn, bool part)
{
    bool round = BITS(29, 1), sub = BITS(13, 1);
    unsigned size = BITS(22, 2), rd = BITS(0, 5), bits = 8u << size;
    unsigned n = 8u >> size;
    ArmVReg a = env->vregs[BITS(5, 5)], b = env->vregs[BITS(16, 5)];
    ArmVReg r = {.d = {0, 0}};

    if (part) {
        r = env->vregs[rd];
    }
    for (unsigned e = 0; e < n; e++) {
        uint64_t x = neon_get(&a, size + 1, e), y = neon_get(&b, size + 1, e);
        /* modulo 2^(2 * esize): only the high half is kept */
        uint64_t v = (sub ? x - y : x + y) + (round ? 1ull << (bits - 1) : 0);

        neon_set(&r, size, e + (part ? n : 0), v >> bits);
    }
    neon_write(env, rd, &r, part ? 16 : 8);
}

/*
 * One element of the long and wide forms: x, y the source elements as
 * values (at most 64 bits wide, wrapping for the wide add/sub), z the
 * 2 * size element of Vd.
 */
static uint64_t diff_elem(ArmCPUState *env, unsigned op, unsigned size,
                          int64_t x, int64_t y, uint64_t z)
{
    switch (op) {
    case 0x0: /* [SU]ADDL, [SU]ADDW */
    case 0x1:
        return (uint64_t)x + (uint64_t)y;
    case 0x2: /* [SU]SUBL, [SU]SUBW */
    case 0x3:
        return (uint64_t)x - (uint64_t)y;
    case 0x5: /* [SU]ABAL */
        return z + (uint64_t)(x > y ? x - y : y - x);
    case 0x7: /* [SU]ABDL */
        return (uint64_t)(x > y ? x - y : y - x);
    case 0xe: /* PMULL (8-bit) */
        return (uint64_t)pmull((uint64_t)x & 0xff, (uint64_t)y & 0xff, 8);
    default: /* 8..d: [SU]MLAL, SQDMLAL, [SU]MLSL, SQDMLSL, *MULL */
        return neon_mull(env, x, y, z, size, op >= 0xc ? 0 : (op & 2 ? -1 : 1),
                         op & 1);
    }
}

bool neon_3diff(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), u = BITS(29, 1);
    bool part = BITS(30, 1) && !scalar;
    unsigned size = BITS(22, 2), op = BITS(12, 4), rd = BITS(0, 5);
    unsigned n = scalar ? 1 : 8u >> size, half = part ? n : 0;
    ArmVReg a, b, d, r = {.d = {0, 0}};
    uint64_t lo = 0, hi = 0;

    if (!diff_ok(scalar, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    if (op == 0x4 || op == 0x6) {
        diff_narrow(env, insn, part);
        return true;
    }
    a = env->vregs[BITS(5, 5)];
    b = env->vregs[BITS(16, 5)];
    d = env->vregs[rd];
    if (op == 0xe && size == 3) {
        unsigned __int128 p = pmull(a.d[part], b.d[part], 64);

        r.d[0] = (uint64_t)p;
        r.d[1] = (uint64_t)(p >> 64);
        neon_write(env, rd, &r, 16);
        return true;
    }
    /* each half of the result built in a register (see neon_write_d) */
    for (unsigned h = 0, e = 0; h < 2; h++) {
        uint64_t out = 0;

        for (unsigned sh = 0; sh < 64 && e < n; sh += 16u << size, e++) {
            /* the wide forms read Vn as 2 * size elements */
            bool wide = op == 0x1 || op == 0x3;
            uint64_t xn =
                wide ? neon_get(&a, size + 1, e) : neon_get(&a, size, e + half);
            uint64_t yn = neon_get(&b, size, e + half);
            int64_t x = u ? (int64_t)xn : neon_sext(xn, wide ? size + 1 : size);
            int64_t y = u ? (int64_t)yn : neon_sext(yn, size);

            out |= (diff_elem(env, op, size, x, y, neon_get(&d, size + 1, e)) &
                    neon_emask(size + 1))
                   << sh;
        }
        if (h == 0) {
            lo = out;
        } else {
            hi = out;
        }
    }
    neon_write_d(env, rd, lo, hi, scalar ? 2u << size : 16);
    return true;
}
