/*
 * AdvSIMD integer instructions, executed in C on the register file.
 *
 * One entry point, a64_neon_exec(env, insn), decodes an instruction word
 * and computes it on env->vregs; with env == NULL it only says whether
 * the encoding is allocated and implemented, which is what the
 * translator asks (so the decode is written once). It first offers the
 * word to the FP and crypto decoders; a64_neon_int_exec is the rest,
 * which the translator calls directly once they have turned a word
 * down. Sources are read into locals before the destination is written,
 * so any register may alias any other. This file dispatches on the
 * group (ARM ARM C4.1.6) and holds the small ones: copy (DUP/INS by
 * element), modified immediate, permute, table lookup, extract. The
 * others, vector and scalar forms, have a file each (neon-helper.h
 * lists them).
 *
 * Speed: results are built in 64-bit halves and element arithmetic is
 * 64-bit except where saturation needs more; the commonest forms
 * (bitwise, ADD/SUB, NOT, USHR/SHL) are inline in translate-a64-simd.c.
 * A v128 IR type with SSE2/SSSE3 host code would do the same for most
 * of the rest (see docs/aarch64.md).
 */
#include "target/arm/neon-helper.h"

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
        x = neon_get(&env->vregs[rn], size, imm4 >> size);
        neon_set(&env->vregs[rd], size, idx, x);
        return true;
    }
    x = neon_get(&env->vregs[rn], size, idx);
    memset(&r, 0, sizeof(r));
    for (unsigned e = 0; e < (scalar ? 1u : (q ? 16u : 8u) >> size); e++) {
        neon_set(&r, size, e, x);
    }
    neon_write(env, rd, &r, q && !scalar ? 16 : 8);
    return true;
}

/* ---- modified immediate (ARM ARM AdvSIMDExpandImm) ------------------- */

static uint64_t rep32(uint64_t x)
{
    return x << 32 | x;
}

uint64_t a64_neon_expand_imm(uint32_t insn)
{
    bool op = BITS(29, 1);
    unsigned cmode = BITS(12, 4);
    uint64_t imm8 = BITS(16, 3) << 5 | BITS(5, 5), imm = 0;

    switch (cmode >> 1) {
    case 0:
    case 1:
    case 2:
    case 3:
        return rep32(imm8 << (8 * (cmode >> 1)));
    case 4:
    case 5:
        return (imm8 << (8 * ((cmode >> 1) & 1))) * 0x0001000100010001ull;
    case 6:
        return rep32(cmode & 1 ? imm8 << 16 | 0xffff : imm8 << 8 | 0xff);
    default:
        if (!(cmode & 1) && !op) {
            return imm8 * 0x0101010101010101ull;
        }
        if (!(cmode & 1)) {
            for (int i = 0; i < 8; i++) {
                imm |= ((imm8 >> i) & 1) ? 0xffull << (8 * i) : 0;
            }
            return imm;
        }
        if (!op) {
            /* FMOV (vector, single): aBbbbbbc defgh000 0... */
            uint64_t b = (imm8 >> 6) & 1;

            return rep32((imm8 >> 7) << 31 | (b ^ 1) << 30 |
                         (b ? 0x1full << 25 : 0) | (imm8 & 0x3f) << 19);
        } else {
            uint64_t b = (imm8 >> 6) & 1;

            return (imm8 >> 7) << 63 | (b ^ 1) << 62 | (b ? 0xffull << 54 : 0) |
                   (imm8 & 0x3f) << 48;
        }
    }
}

static bool neon_modimm(ArmCPUState *env, uint32_t insn)
{
    bool q = BITS(30, 1), op = BITS(29, 1);
    unsigned cmode = BITS(12, 4), rd = BITS(0, 5);
    uint64_t imm;
    ArmVReg r;

    if (BITS(11, 1) || (cmode == 0xf && op && !q)) {
        return false; /* FP16 FMOV; unallocated */
    }
    if (!env) {
        return true;
    }
    imm = a64_neon_expand_imm(insn);
    r = env->vregs[rd];
    for (int h = 0; h < 2; h++) {
        if (cmode < 0xc && (cmode & 1)) {
            r.d[h] = op ? r.d[h] & ~imm : r.d[h] | imm; /* ORR, BIC */
        } else if (cmode < 0xe && op) {
            r.d[h] = ~imm; /* MVNI */
        } else {
            r.d[h] = imm; /* MOVI, FMOV */
        }
    }
    neon_write(env, rd, &r, q ? 16 : 8);
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

            x = i < n ? neon_get(&a, size, i) : neon_get(&b, size, i - n);
            break;
        }
        case 2: /* TRN */
            x = neon_get(e & 1 ? &b : &a, size, (e & ~1u) + part);
            break;
        default: /* ZIP */
            x = neon_get(e & 1 ? &b : &a, size, e / 2 + part * n / 2);
            break;
        }
        neon_set(&r, size, e, x);
    }
    neon_write(env, rd, &r, q ? 16 : 8);
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
    neon_write(env, rd, &r, q ? 16 : 8);
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
    neon_write(env, BITS(0, 5), &r, bytes);
    return true;
}

/* ---- decode ----------------------------------------------------------- */

bool a64_neon_exec(ArmCPUState *env, uint32_t insn)
{
    return a64_neon_fp_exec(env, insn) || a64_crypto_exec(env, insn) ||
           a64_neon_int_exec(env, insn);
}

bool a64_neon_int_exec(ArmCPUState *env, uint32_t insn)
{
    if ((insn & 0x9f200400) == 0x0e200400 ||
        (insn & 0xdf200400) == 0x5e200400) {
        return neon_3same(env, insn);
    }
    if ((insn & 0x9f208400) == 0x0e008400 ||
        (insn & 0xdf208400) == 0x5e008400) {
        return neon_3same_extra(env, insn);
    }
    if ((insn & 0x9f200c00) == 0x0e200000 ||
        (insn & 0xdf200c00) == 0x5e200000) {
        return neon_3diff(env, insn);
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
    if ((insn & 0x9f000400) == 0x0f000000 ||
        (insn & 0xdf000400) == 0x5f000000) {
        return neon_by_elem(env, insn);
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

static void helper_neon_int(ArmCPUState *env, uint32_t insn)
{
    a64_neon_int_exec(env, insn);
}

const TCGHelperInfo helper_info_neon = {
    .func = (void *)helper_neon,
    .name = "neon",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID,
    .nargs = 2,
    .args = {TCG_CALL_PTR, TCG_CALL_I32},
};

const TCGHelperInfo helper_info_neon_int = {
    .func = (void *)helper_neon_int,
    .name = "neon_int",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID,
    .nargs = 2,
    .args = {TCG_CALL_PTR, TCG_CALL_I32},
};
