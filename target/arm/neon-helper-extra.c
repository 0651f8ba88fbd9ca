/*
 * AdvSIMD three same extra, integer forms (ARM ARM C4.1.6 "Advanced
 * SIMD three same extra", "... scalar three same extra"): SQRDMLAH and
 * SQRDMLSH (FEAT_RDM, vector and scalar), SDOT/UDOT (FEAT_DotProd),
 * USDOT and SMMLA/UMMLA/USMMLA (FEAT_I8MM). The by-element RDM and dot
 * product forms (neon-helper-elem.c) share the element operations.
 * The translator (translate-a64-simd.c) keeps each UNDEFINED unless the
 * model's ID registers advertise its feature. FCMLA, FCADD and the BF16
 * forms of the group belong to neon-fp-helper.c.
 */
#include "target/arm/neon-helper.h"

uint64_t neon_sqrdmlah(ArmCPUState *env, uint64_t d, uint64_t a, uint64_t b,
                       unsigned size, bool sub)
{
    unsigned bits = 8u << size;
    __int128 p = 2 * neon_elem(a, size, false) * neon_elem(b, size, false);
    __int128 acc = neon_shl(neon_elem(d, size, false), bits);

    /* ARM ARM SQRDMLAH: one rounding and one saturation of the sum */
    return neon_sat(env, neon_shr(sub ? acc - p : acc + p, bits, true), size,
                    false);
}

uint32_t neon_dot(uint32_t d, uint32_t a, uint32_t b, bool a_u, bool b_u)
{
    for (unsigned i = 0; i < 32; i += 8) {
        d += (uint32_t)(neon_elem(a >> i, 0, a_u) * neon_elem(b >> i, 0, b_u));
    }
    return d;
}

/*
 * SMMLA, UMMLA, USMMLA: Vn and Vm as 2x8 matrices of bytes (rows are
 * the halves); Vd, a 2x2 matrix of words, += Vn * transpose(Vm).
 */
static void extra_mmla(ArmCPUState *env, unsigned rd, const ArmVReg *a,
                       const ArmVReg *b, bool a_u, bool b_u)
{
    ArmVReg r = env->vregs[rd];

    for (unsigned i = 0; i < 2; i++) {
        for (unsigned j = 0; j < 2; j++) {
            uint32_t acc = neon_get(&r, 2, 2 * i + j);

            acc = neon_dot(acc, neon_get(a, 2, 2 * i), neon_get(b, 2, 2 * j),
                           a_u, b_u);
            acc = neon_dot(acc, neon_get(a, 2, 2 * i + 1),
                           neon_get(b, 2, 2 * j + 1), a_u, b_u);
            neon_set(&r, 2, 2 * i + j, acc);
        }
    }
    neon_write(env, rd, &r, 16);
}

static bool extra_ok(bool scalar, bool q, bool u, unsigned size, unsigned op)
{
    switch (op) {
    case 0x0: /* SQRDMLAH */
    case 0x1: /* SQRDMLSH */
        return u && (size == 1 || size == 2);
    case 0x2: /* SDOT, UDOT */
        return !scalar && size == 2;
    case 0x3: /* USDOT */
        return !scalar && !u && size == 2;
    case 0x4: /* SMMLA, UMMLA */
        return !scalar && q && size == 2;
    case 0x5: /* USMMLA */
        return !scalar && q && !u && size == 2;
    default:
        return false;
    }
}

bool neon_3same_extra(ArmCPUState *env, uint32_t insn)
{
    bool scalar = BITS(28, 1), q = BITS(30, 1), u = BITS(29, 1);
    unsigned size = BITS(22, 2), op = BITS(11, 4), rd = BITS(0, 5);
    unsigned bytes = scalar ? 1u << size : (q ? 16 : 8);
    ArmVReg a, b, r;

    if (!extra_ok(scalar, q, u, size, op)) {
        return false;
    }
    if (!env) {
        return true;
    }
    a = env->vregs[BITS(5, 5)];
    b = env->vregs[BITS(16, 5)];
    r = env->vregs[rd];
    if (op >= 0x4) {
        extra_mmla(env, rd, &a, &b, u || op == 0x5, u);
        return true;
    }
    for (unsigned e = 0; e < bytes >> size; e++) {
        uint64_t x = neon_get(&a, size, e), y = neon_get(&b, size, e);
        uint64_t z = neon_get(&r, size, e);

        if (op <= 0x1) {
            z = neon_sqrdmlah(env, z, x, y, size, op);
        } else {
            /* SDOT, UDOT; USDOT: unsigned Vn, signed Vm */
            z = neon_dot(z, x, y, u || op == 0x3, u);
        }
        neon_set(&r, size, e, z);
    }
    neon_write(env, rd, &r, bytes);
    return true;
}
