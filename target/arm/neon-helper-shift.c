/*
 * AdvSIMD shift by immediate, integer forms (ARM ARM C4.1.6 "Advanced
 * SIMD shift by immediate" and "Advanced SIMD scalar shift by
 * immediate"): [SU]SHR, [SU]SRA and their rounding forms, SRI, SHL,
 * SLI, SQSHLU, [SU]QSHL, the narrowing SHRN/RSHRN/SQ[R]SHR[U]N/
 * UQ[R]SHRN and [SU]SHLL. The fixed-point conversions (opcodes 11100,
 * 11111) belong to neon-fp-helper.c. immh (bits 22:19) gives the
 * element size (its highest set bit) and with immb the shift amount.
 */
#include "target/arm/neon-helper.h"

/* Whether the (integer) encoding is allocated; size is from immh. */
static bool shift_ok(bool scalar, bool q, bool u, unsigned size, unsigned op)
{
    switch (op) {
    case 0x00: /* [SU]SHR */
    case 0x02: /* [SU]SRA */
    case 0x04: /* [SU]RSHR */
    case 0x06: /* [SU]RSRA */
    case 0x0a: /* SHL, SLI */
        return scalar ? size == 3 : size < 3 || q;
    case 0x08: /* SRI */
        return u && (scalar ? size == 3 : size < 3 || q);
    case 0x0c: /* SQSHLU */
        return u && (scalar || size < 3 || q);
    case 0x0e: /* SQSHL, UQSHL */
        return scalar || size < 3 || q;
    case 0x10: /* SHRN, SQSHRUN */
    case 0x11: /* RSHRN, SQRSHRUN */
        return (u || !scalar) && size < 3;
    case 0x12: /* SQSHRN, UQSHRN */
    case 0x13: /* SQRSHRN, UQRSHRN */
        return size < 3;
    case 0x14: /* SSHLL, USHLL */
        return !scalar && size < 3;
    default:
        return false;
    }
}

/*
 * The narrowing shifts: 2 * size elements of Vn shifted right by rsh
 * (rounding for the odd opcodes) into size elements in the low or (part)
 * high half of Vd, or the one scalar element. All but SHRN/RSHRN
 * saturate: SQSHRUN/SQRSHRUN signed to unsigned, the others as U says.
 */
static void shift_narrow(ArmCPUState *env, uint32_t insn, bool scalar,
                         bool part, unsigned size, unsigned rsh)
{
    bool u = BITS(29, 1);
    unsigned op = BITS(11, 5), rd = BITS(0, 5);
    bool round = op & 1, in_u = u && op >= 0x12;
    unsigned n = scalar ? 1 : 8u >> size;
    ArmVReg a = env->vregs[BITS(5, 5)], r = {.d = {0, 0}};

    if (part) {
        r = env->vregs[rd];
    }
    for (unsigned e = 0; e < n; e++) {
        __int128 v = neon_shr(
            neon_elem(neon_get(&a, size + 1, e), size + 1, in_u), rsh, round);
        uint64_t res =
            op <= 0x11 && !u ? (uint64_t)v : neon_sat(env, v, size, u);

        neon_set(&r, size, e + (part ? n : 0), res);
    }
    neon_write(env, rd, &r, scalar ? 1u << size : (part ? 16 : 8));
}

/*
 * One element of the non-narrowing shifts; rsh and lsh are the right
 * and left amounts the immediate encodes. 64-bit arithmetic but for
 * the rounding (65-bit) and saturating forms.
 */
static uint64_t shift_elem(ArmCPUState *env, unsigned op, unsigned size, bool u,
                           unsigned rsh, unsigned lsh, uint64_t x, uint64_t z)
{
    unsigned bits = 8u << size;
    uint64_t m;

    switch (op) {
    case 0x00: /* [SU]SHR */
    case 0x02: /* [SU]SRA */
        /* rsh is 1..esize: esize leaves only the sign (or 0) */
        m = u ? (rsh >= 64 ? 0 : x >> rsh)
              : (uint64_t)(neon_sext(x, size) >> (rsh >= 64 ? 63 : rsh));
        return op == 0x02 ? z + m : m;
    case 0x04: /* [SU]RSHR */
    case 0x06: /* [SU]RSRA */
        m = (uint64_t)neon_shr(neon_elem(x, size, u), rsh, true);
        return op == 0x06 ? z + m : m;
    case 0x08:
        /* SRI: bits shifted in keep Vd's top rsh bits */
        m = rsh >= bits ? 0 : neon_emask(size) >> rsh;
        return (z & ~m) | ((rsh >= bits ? 0 : x >> rsh) & m);
    case 0x0a:
        /* SHL; SLI keeps Vd's low lsh bits */
        m = u ? neon_emask(size) << lsh : UINT64_MAX;
        return (z & ~m) | ((x << lsh) & m);
    case 0x0c: /* SQSHLU: signed in, unsigned saturation */
        return neon_sat(env, neon_shl(neon_elem(x, size, false), lsh), size,
                        true);
    default: /* SQSHL, UQSHL (immediate) */
        return neon_sat(env, neon_shl(neon_elem(x, size, u), lsh), size, u);
    }
}

bool neon_shift_imm(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1) && !scalar, u = BITS(29, 1);
    unsigned immh = BITS(19, 4), immhb = BITS(16, 7), op = BITS(11, 5);
    unsigned rn = BITS(5, 5), rd = BITS(0, 5);
    unsigned size = immh ? 31 - __builtin_clz(immh) : 0, bits = 8u << size;
    unsigned rsh = 2 * bits - immhb, lsh = immhb - bits;
    unsigned bytes = scalar ? 1u << size : (q ? 16 : 8);
    ArmVReg a, d;
    uint64_t lo = 0, hi = 0;

    if (!immh || !shift_ok(scalar, q, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    if (op >= 0x10 && op <= 0x13) {
        shift_narrow(env, insn, scalar, q, size, rsh);
        return true;
    }
    a = env->vregs[rn];
    d = env->vregs[rd];
    if (op == 0x14) {
        /* SSHLL, USHLL: the low or (Q) high half, widened and shifted */
        for (unsigned h = 0, e = 0; h < 2; h++) {
            uint64_t out = 0;

            for (unsigned sh = 0; sh < 64; sh += 2 * bits, e++) {
                uint64_t x = neon_get(&a, size, e + (q ? 8u >> size : 0));
                uint64_t v = u ? x : (uint64_t)neon_sext(x, size);

                out |= ((v << lsh) & neon_emask(size + 1)) << sh;
            }
            if (h == 0) {
                lo = out;
            } else {
                hi = out;
            }
        }
        neon_write_d(env, rd, lo, hi, 16);
        return true;
    }
    /* each half of the result built in a register (see neon_write_d) */
    for (unsigned h = 0, e = 0; h < 2; h++) {
        uint64_t out = 0;

        for (unsigned sh = 0; sh < 64 && e < bytes >> size; sh += bits, e++) {
            uint64_t x = neon_get(&a, size, e), z = neon_get(&d, size, e);
            uint64_t res = shift_elem(env, op, size, u, rsh, lsh, x, z);

            out |= (res & neon_emask(size)) << sh;
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
