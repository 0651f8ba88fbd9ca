/*
 * AdvSIMD (vector and scalar) x indexed element, integer forms (ARM ARM
 * C4.1.6 "Advanced SIMD vector x indexed element", "... scalar x
 * indexed element"): MUL, MLA, MLS, SQDMULH, SQRDMULH, [SU]MULL,
 * [SU]MLAL, [SU]MLSL, SQDMULL, SQDMLAL, SQDMLSL (and the "2" forms,
 * which read the high half of Vn). The element of Vm is H:L:M for
 * halfwords (Vm then only V0-V15) and H:L for words (M extends Rm).
 * Also SQRDMLAH/SQRDMLSH (FEAT_RDM), SDOT/UDOT (FEAT_DotProd), SUDOT/
 * USDOT (FEAT_I8MM), with neon-helper-extra.c's element operations.
 * The FP and BF16 forms belong to neon-fp-helper.c.
 */
#include "target/arm/neon-helper.h"

static bool elem_ok(bool scalar, bool u, unsigned size, unsigned op)
{
    if (op == 0xe) { /* SDOT, UDOT */
        return !scalar && size == 2;
    }
    if (op == 0xf && !u) { /* SUDOT, USDOT; BF16 for sizes 1 and 3 */
        return !scalar && (size == 0 || size == 2);
    }
    if (size != 1 && size != 2) {
        return false;
    }
    if (scalar) {
        /* SQDMLAL, SQDMLSL, SQDMULL, SQDMULH, SQRDMULH; SQRDMLAH/SH */
        if (u) {
            return op == 0xd || op == 0xf;
        }
        return op == 0x3 || op == 0x7 || op == 0xb || op == 0xc || op == 0xd;
    }
    if (u) {
        /* MLA, UMLAL, MLS, UMLSL, UMULL, SQRDMLAH, SQRDMLSH */
        return op == 0x0 || op == 0x2 || op == 0x4 || op == 0x6 || op == 0xa ||
               op == 0xd || op == 0xf;
    }
    /* [SQD]MLAL, [SQD]MLSL, MUL, [SQD]MULL, SQDMULH, SQRDMULH */
    return op == 0x2 || op == 0x3 || op == 0x6 || op == 0x7 ||
           (op >= 0x8 && op <= 0xd && op != 0x9);
}

/* MUL, MLA, MLS, SQDMULH, SQRDMULH, SQRDMLAH/SH: same-size elements. */
static void elem_same(ArmCPUState *env, uint32_t insn, uint64_t y,
                      unsigned bytes)
{
    bool u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 4), rd = BITS(0, 5);
    ArmVReg a = env->vregs[BITS(5, 5)], d = env->vregs[rd], r = d;

    for (unsigned e = 0; e < bytes >> size; e++) {
        uint64_t x = neon_get(&a, size, e), z = neon_get(&d, size, e), res;

        if (op == 0x8) {
            res = x * y;
        } else if (u && op >= 0xd) {
            res = neon_sqrdmlah(env, z, x, y, size, op == 0xf);
        } else if (op == 0x0 || op == 0x4) {
            res = op ? z - x * y : z + x * y;
        } else {
            /* SQDMULH, SQRDMULH: high half of 2ab, saturated */
            __int128 p =
                2 * neon_elem(x, size, false) * neon_elem(y, size, false);

            res = neon_sat(env, neon_shr(p, 8u << size, op & 1), size, false);
        }
        neon_set(&r, size, e, res);
    }
    neon_write(env, rd, &r, bytes);
}

/* SDOT, UDOT, SUDOT (signed Vn), USDOT (unsigned Vn) by element. */
static void elem_dot(ArmCPUState *env, uint32_t insn, uint32_t y)
{
    bool u = BITS(29, 1), usdot = BITS(12, 1) && BITS(22, 2) == 2;
    bool sudot = BITS(12, 1) && BITS(22, 2) == 0;
    unsigned rd = BITS(0, 5), bytes = BITS(30, 1) ? 16 : 8;
    ArmVReg a = env->vregs[BITS(5, 5)], r = env->vregs[rd];

    for (unsigned e = 0; e < bytes / 4; e++) {
        neon_set(&r, 2, e,
                 neon_dot(neon_get(&r, 2, e), neon_get(&a, 2, e), y, u || usdot,
                          u || sudot));
    }
    neon_write(env, rd, &r, bytes);
}

bool neon_by_elem(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1) && !scalar, u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(12, 4), rd = BITS(0, 5);
    unsigned rm = BITS(16, 4), idx, n, half;
    ArmVReg a, d, r = {.d = {0, 0}};
    uint64_t y;

    if (!elem_ok(scalar, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    if (op >= 0xe && !(u && op == 0xf)) {
        /* dot products: a word of four bytes of Vm, index H:L */
        idx = BITS(11, 1) << 1 | BITS(21, 1);
        elem_dot(env, insn, neon_get(&env->vregs[BITS(16, 5)], 2, idx));
        return true;
    }
    if (size == 1) {
        idx = BITS(11, 1) << 2 | BITS(20, 2);
    } else {
        idx = BITS(11, 1) << 1 | BITS(21, 1);
        rm |= BITS(20, 1) << 4;
    }
    y = neon_get(&env->vregs[rm], size, idx);
    if ((op & 3) == 0 || op >= 0xc) {
        elem_same(env, insn, y, scalar ? 1u << size : (q ? 16 : 8));
        return true;
    }
    /* the long forms: op<3:2> 0 MLAL, 1 MLSL, 2 MULL; op<0> doubling */
    a = env->vregs[BITS(5, 5)];
    d = env->vregs[rd];
    n = scalar ? 1 : 8u >> size;
    half = q ? n : 0;
    for (unsigned e = 0; e < n; e++) {
        __int128 x = neon_elem(neon_get(&a, size, e + half), size, u);
        uint64_t z = neon_get(&d, size + 1, e);
        int acc = op >= 0x8 ? 0 : (op & 4 ? -1 : 1);

        neon_set(
            &r, size + 1, e,
            neon_mull(env, x, neon_elem(y, size, u), z, size, acc, op & 1));
    }
    neon_write(env, rd, &r, scalar ? 2u << size : 16);
    return true;
}
