/*
 * A64 AdvSIMD data processing (ARM ARM C4.1.6, op0 = x111 except the
 * scalar FP groups, translate-a64-fp.c). Emitted inline: the copy forms
 * that touch a general register (DUP, INS, SMOV, UMOV from or to Xn)
 * and the commonest integer ops (bitwise, NOT, ADD/SUB, USHR/SHL).
 * Every other implemented encoding is one helper call with the
 * instruction word (neon-helper.c, which also answers at translation
 * time whether the encoding is implemented, and hands the FP forms to
 * neon-fp-helper.c and the cryptographic extension to crypto-helper.c).
 */
#include "target/arm/neon-helper.h"
#include "target/arm/translate-a64.h"

/* Vr's element e of 1 << size bytes, zero- or sign-extended. */
static TCGv_i64 a64_velem(unsigned r, unsigned size, unsigned e, bool sign)
{
    TCGv_i64 t = tcg_temp_new_i64();
    intptr_t ofs = a64_vofs(r, e << size);

    switch (size | (sign ? 4 : 0)) {
    case 0:
        tcg_gen_ld8u_i64(t, tcg_env, ofs);
        break;
    case 1:
        tcg_gen_ld16u_i64(t, tcg_env, ofs);
        break;
    case 2:
        tcg_gen_ld32u_i64(t, tcg_env, ofs);
        break;
    case 4:
        tcg_gen_ld8s_i64(t, tcg_env, ofs);
        break;
    case 5:
        tcg_gen_ld16s_i64(t, tcg_env, ofs);
        break;
    case 6:
        tcg_gen_ld32s_i64(t, tcg_env, ofs);
        break;
    default:
        tcg_gen_ld_i64(t, tcg_env, ofs);
        break;
    }
    return t;
}

static void a64_vset_elem(unsigned r, unsigned size, unsigned e, TCGv_i64 v)
{
    intptr_t ofs = a64_vofs(r, e << size);

    switch (size) {
    case 0:
        tcg_gen_st8_i64(v, tcg_env, ofs);
        break;
    case 1:
        tcg_gen_st16_i64(v, tcg_env, ofs);
        break;
    case 2:
        tcg_gen_st32_i64(v, tcg_env, ofs);
        break;
    default:
        tcg_gen_st_i64(v, tcg_env, ofs);
        break;
    }
}

/* DUP (general), INS (general), SMOV, UMOV: ARM ARM C4.1.6 "copy". */
static bool disas_copy_general(DisasContext *s, uint32_t insn)
{
    bool q = a64_bits(insn, 30, 1);
    unsigned imm5 = a64_bits(insn, 16, 5), imm4 = a64_bits(insn, 11, 4);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    unsigned size = imm5 ? __builtin_ctz(imm5) : 4;
    unsigned idx = imm5 >> (size + 1);

    if (size > 3) {
        return false;
    }
    switch (imm4) {
    case 1: { /* DUP Vd.T, Rn */
        TCGv_i64 t = tcg_temp_new_i64();
        static const uint64_t rep[4] = {
            0x0101010101010101ull,
            0x0001000100010001ull,
            0x0000000100000001ull,
            1,
        };

        if (size == 3 && !q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        tcg_gen_extract_i64(t, a64_read_reg(s, rn, true), 0, 8u << size);
        tcg_gen_muli_i64(t, t, rep[size]);
        tcg_gen_st_i64(t, tcg_env, a64_vofs(rd, 0));
        tcg_gen_st_i64(q ? t : tcg_constant_i64(0), tcg_env, a64_vofs(rd, 8));
        return true;
    }
    case 3: /* INS Vd.T[idx], Rn */
        if (!q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        a64_vset_elem(rd, size, idx, a64_read_reg(s, rn, true));
        return true;
    case 5: /* SMOV Wd/Xd, Vn.T[idx] */
        if (size > (q ? 2u : 1u)) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        a64_write_reg(s, rd, a64_velem(rn, size, idx, true), q);
        return true;
    case 7: /* UMOV Wd/Xd, Vn.T[idx] */
        if (q ? size != 3 : size == 3) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        a64_write_reg(s, rd, a64_velem(rn, size, idx, false), true);
        return true;
    default:
        return false;
    }
}

/*
 * Inline forms of the commonest integer ops (AND..BIF, NOT, ADD/SUB,
 * USHR, SHL, MOVI and friends): a few 64-bit host operations per half instead
 * of a call that decodes the word again (bench-neon's CPU time halved). Lanes
 * narrower than 64 bits are added as SIMD within a register: the top bit of
 * each lane is taken out so no carry crosses lanes, then put back by an XOR.
 */
static const uint64_t lane_rep[4] = {
    0x0101010101010101ull,
    0x0001000100010001ull,
    0x0000000100000001ull,
    1,
};

static TCGv_i64 vld_half(unsigned r, unsigned h)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_ld_i64(t, tcg_env, a64_vofs(r, 8 * h));
    return t;
}

/* d = a + b (or a - b) in lanes of 8 << size bits. */
static void gen_add_lanes(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned size,
                          bool sub)
{
    uint64_t top = lane_rep[size] << ((8u << size) - 1);
    TCGv_i64 x, y;

    if (size == 3) {
        (sub ? tcg_gen_sub_i64 : tcg_gen_add_i64)(d, a, b);
        return;
    }
    x = tcg_temp_new_i64();
    y = tcg_temp_new_i64();
    /* the top bits: a ^ b ^ carry (add), a ^ ~b ^ borrow (sub) */
    (sub ? tcg_gen_eqv_i64 : tcg_gen_xor_i64)(x, a, b);
    tcg_gen_andi_i64(x, x, top);
    tcg_gen_andi_i64(y, b, ~top);
    if (sub) {
        tcg_gen_ori_i64(d, a, top);
        tcg_gen_sub_i64(d, d, y);
    } else {
        tcg_gen_andi_i64(d, a, ~top);
        tcg_gen_add_i64(d, d, y);
    }
    tcg_gen_xor_i64(d, d, x);
}

/* d = the bitwise three-same op (ARM ARM C4.1.6, opcode 00011) */
static void gen_logic(TCGv_i64 d, TCGv_i64 n, TCGv_i64 m, TCGv_i64 old,
                      unsigned op)
{
    switch (op) {
    case 0: /* AND */
        tcg_gen_and_i64(d, n, m);
        break;
    case 1: /* BIC */
        tcg_gen_andc_i64(d, n, m);
        break;
    case 2: /* ORR */
        tcg_gen_or_i64(d, n, m);
        break;
    case 3: /* ORN */
        tcg_gen_orc_i64(d, n, m);
        break;
    case 4: /* EOR */
        tcg_gen_xor_i64(d, n, m);
        break;
    case 5: /* BSL: Vd selects between Vn (1) and Vm (0) */
        tcg_gen_xor_i64(d, n, m);
        tcg_gen_and_i64(d, d, old);
        tcg_gen_xor_i64(d, d, m);
        break;
    case 6: /* BIT: Vn where Vm is 1 */
        tcg_gen_xor_i64(d, n, old);
        tcg_gen_and_i64(d, d, m);
        tcg_gen_xor_i64(d, d, old);
        break;
    default: /* BIF: Vn where Vm is 0 */
        tcg_gen_xor_i64(d, n, old);
        tcg_gen_andc_i64(d, d, m);
        tcg_gen_xor_i64(d, d, old);
        break;
    }
}

/* USHR by rsh (1..esize) or SHL by lsh (0..esize - 1), per lane. */
static void gen_shift_lanes(TCGv_i64 d, TCGv_i64 a, unsigned size, unsigned rsh,
                            unsigned lsh, bool right)
{
    uint64_t lane = size == 3 ? UINT64_MAX : (1ull << (8u << size)) - 1;

    if (right && rsh == 8u << size) {
        tcg_gen_movi_i64(d, 0);
    } else if (right) {
        tcg_gen_shri_i64(d, a, rsh);
        tcg_gen_andi_i64(d, d, (lane >> rsh) * lane_rep[size]);
    } else {
        tcg_gen_shli_i64(d, a, lsh);
        tcg_gen_andi_i64(d, d, ((lane << lsh) & lane) * lane_rep[size]);
    }
}

/* MOVI, MVNI, ORR and BIC (vector, immediate) on old, a half of Vd. */
static void gen_modimm(TCGv_i64 d, TCGv_i64 old, uint32_t insn)
{
    bool op = a64_bits(insn, 29, 1);
    unsigned cmode = a64_bits(insn, 12, 4);
    uint64_t imm = a64_neon_expand_imm(insn);

    if (cmode < 0xc && (cmode & 1)) {
        (op ? tcg_gen_andi_i64 : tcg_gen_ori_i64)(d, old, op ? ~imm : imm);
    } else {
        tcg_gen_movi_i64(d, cmode < 0xe && op ? ~imm : imm);
    }
}

/* The inline forms; false: not one of them (the helper does it). */
static bool simd_inline(DisasContext *s, uint32_t insn)
{
    bool scalar = a64_bits(insn, 28, 1), u = a64_bits(insn, 29, 1);
    bool q = a64_bits(insn, 30, 1) && !scalar;
    unsigned size = a64_bits(insn, 22, 2), rd = a64_bits(insn, 0, 5);
    unsigned rn = a64_bits(insn, 5, 5), rm = a64_bits(insn, 16, 5);
    unsigned immh = a64_bits(insn, 19, 4), immhb = a64_bits(insn, 16, 7);
    unsigned kind, halves = q ? 2 : 1;
    TCGv_i64 r[2];

    if ((insn & 0x9f20fc00) == 0x0e201c00) {
        kind = 0; /* logic */
    } else if (((insn & 0x9f20fc00) == 0x0e208400 && (size < 3 || q)) ||
               ((insn & 0xdf20fc00) == 0x5e208400 && size == 3)) {
        kind = 1; /* ADD, SUB */
    } else if ((insn & 0xbffffc00) == 0x2e205800) {
        kind = 2; /* NOT */
    } else if ((insn & 0x9ff80c00) == 0x0f000400 &&
               a64_bits(insn, 12, 4) != 0xf) {
        kind = 4; /* MOVI, MVNI, ORR, BIC (immediate); not FMOV */
    } else if (((insn & 0x9f80fc00) == 0x0f000400 && u) ||
               ((insn & 0x9f80fc00) == 0x0f005400 && !u)) {
        /* USHR, SHL: immh selects the lane size */
        size = immh ? 31 - __builtin_clz(immh) : 0;
        if (!immh || (size == 3 && !q)) {
            return false;
        }
        kind = 3;
    } else {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    for (unsigned h = 0; h < halves; h++) {
        TCGv_i64 n = vld_half(rn, h);

        r[h] = tcg_temp_new_i64();
        switch (kind) {
        case 0:
            gen_logic(r[h], n, vld_half(rm, h), vld_half(rd, h), u << 2 | size);
            break;
        case 1:
            gen_add_lanes(r[h], n, vld_half(rm, h), size, u);
            break;
        case 2:
            tcg_gen_not_i64(r[h], n);
            break;
        case 4:
            gen_modimm(r[h], vld_half(rd, h), insn);
            break;
        default:
            gen_shift_lanes(r[h], n, size, (16u << size) - immhb,
                            immhb - (8u << size), u);
            break;
        }
    }
    /* all sources read before Vd is written: any register may alias */
    for (unsigned h = 0; h < 2; h++) {
        tcg_gen_st_i64(h < halves ? r[h] : tcg_constant_i64(0), tcg_env,
                       a64_vofs(rd, 8 * h));
    }
    return true;
}

/*
 * The integer forms of extensions after ARMv8.0 that neon-helper*.c
 * implements are UNDEFINED unless the model advertises them (ARM ARM
 * ID_AA64ISAR0_EL1.RDM, .DP; ID_AA64ISAR1_EL1.I8MM), as on a CPU
 * without the feature. The FP forms of the same groups are not here.
 */
static bool simd_feature_ok(DisasContext *s, uint32_t insn)
{
    const ArmIdRegs *id = &s->env->id;
    bool rdm = (id->id_aa64isar0 >> 28) & 0xf;
    bool dp = (id->id_aa64isar0 >> 44) & 0xf;
    bool i8mm = (id->id_aa64isar1 >> 52) & 0xf;
    bool u = a64_bits(insn, 29, 1);
    unsigned size = a64_bits(insn, 22, 2), op;

    if ((insn & 0x9f208400) == 0x0e008400 ||
        (insn & 0xdf208400) == 0x5e008400) {
        /* three same extra: SQRDMLAH/SH, [SU]DOT, USDOT, [SU]MMLA, USMMLA */
        op = a64_bits(insn, 11, 4);
        return op <= 1 ? rdm : (op == 2 ? dp : (op <= 5 ? i8mm : true));
    }
    if ((insn & 0x9f000400) == 0x0f000000 ||
        (insn & 0xdf000400) == 0x5f000000) {
        /* by element: SQRDMLAH/SH, [SU]DOT, SUDOT/USDOT (not BF16) */
        op = a64_bits(insn, 12, 4);
        if (u && (op == 0xd || op == 0xf)) {
            return rdm;
        }
        if (op == 0xe) {
            return dp;
        }
        if (op == 0xf && (size == 0 || size == 2)) {
            return i8mm;
        }
    }
    return true;
}

bool a64_disas_simd_fp(DisasContext *s, uint32_t insn)
{
    bool hooked;

    if (!s->have_fp) {
        return false;
    }
    if (a64_bits(insn, 28, 1) && !a64_bits(insn, 30, 1)) {
        return a64_disas_fp(s, insn);
    }
    if ((insn & 0xbfe08400) == 0x0e000400 && a64_bits(insn, 11, 4) != 0) {
        return disas_copy_general(s, insn);
    }
    if (simd_inline(s, insn)) {
        return true;
    }
    hooked = a64_neon_fp_exec(NULL, insn) || a64_crypto_exec(NULL, insn);
    if (!hooked &&
        (!a64_neon_int_exec(NULL, insn) || !simd_feature_ok(s, insn))) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    tcg_gen_calln(hooked ? &helper_info_neon : &helper_info_neon_int,
                  TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)));
    return true;
}
