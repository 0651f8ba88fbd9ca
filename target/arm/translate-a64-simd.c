/*
 * A64 AdvSIMD data processing (ARM ARM C4.1.6, op0 = x111 except the
 * scalar FP groups, translate-a64-fp.c). Emitted inline here: the copy
 * forms (DUP, INS, SMOV, UMOV from or to Xn; DUP and INS element, EXT);
 * the commonest integer groups in translate-a64-simd-inline.c. The
 * common FP arithmetic (FADD .. FMLS) calls a helper per operation
 * (fp-op-helper.c). Every other implemented encoding is one helper call
 * with the instruction word (neon-helper.c, which also answers at
 * translation time whether the encoding is implemented, and hands the FP
 * forms to neon-fp-helper.c and the cryptographic extension to
 * crypto-helper.c).
 */
#include "target/arm/neon-helper.h"
#include "target/arm/fp-op-helper.h"
#include "target/arm/translate-a64-simd-inline.h"
#include "target/arm/translate-a64.h"

/* Vr's element e of 1 << size bytes, zero- or sign-extended. */
TCGv_i64 a64_velem(unsigned r, unsigned size, unsigned e, bool sign)
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

void a64_vset_elem(unsigned r, unsigned size, unsigned e, TCGv_i64 v)
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

const uint64_t a64_lane_rep[4] = {
    0x0101010101010101ull,
    0x0001000100010001ull,
    0x0000000100000001ull,
    1,
};

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

        if (size == 3 && !q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        tcg_gen_extract_i64(t, a64_read_reg(s, rn, true), 0, 8u << size);
        tcg_gen_muli_i64(t, t, a64_lane_rep[size]);
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

/* d = bytes [sh / 8, +8) of lo:hi */
static void gen_extr(TCGv_i64 d, TCGv_i64 lo, TCGv_i64 hi, unsigned sh)
{
    TCGv_i64 t;

    if (sh == 0) {
        tcg_gen_mov_i64(d, lo);
        return;
    }
    t = tcg_temp_new_i64();
    tcg_gen_shri_i64(t, lo, sh);
    tcg_gen_shli_i64(d, hi, 64 - sh);
    tcg_gen_or_i64(d, d, t);
}

/* Writes r[0..halves-1] to Vd's halves, zeroing the rest. */
static void vst_halves(unsigned rd, TCGv_i64 *r, unsigned halves)
{
    for (unsigned h = 0; h < 2; h++) {
        tcg_gen_st_i64(h < halves ? r[h] : tcg_constant_i64(0), tcg_env,
                       a64_vofs(rd, 8 * h));
    }
}

static TCGv_i64 vld_half(unsigned r, unsigned h)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_ld_i64(t, tcg_env, a64_vofs(r, 8 * h));
    return t;
}

/* DUP (element), INS (element), EXT; false: not one of them. */
static bool disas_copy_element(DisasContext *s, uint32_t insn)
{
    bool q = a64_bits(insn, 30, 1);
    unsigned rd = a64_bits(insn, 0, 5), rn = a64_bits(insn, 5, 5);
    unsigned rm = a64_bits(insn, 16, 5), halves = q ? 2 : 1;
    unsigned imm5 = a64_bits(insn, 16, 5), imm4 = a64_bits(insn, 11, 4);
    TCGv_i64 r[2];

    if ((insn & 0xbfe0fc00) == 0x0e000400 && (imm5 & 0xf)) {
        /* DUP Vd.T, Vn.Ts[idx] */
        unsigned esz = __builtin_ctz(imm5);
        TCGv_i64 t;

        if (esz == 3 && !q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        t = a64_velem(rn, esz, imm5 >> (esz + 1), false);
        tcg_gen_muli_i64(t, t, a64_lane_rep[esz]);
        r[0] = r[1] = t;
        vst_halves(rd, r, halves);
        return true;
    }
    if ((insn & 0xffe08400) == 0x6e000400 && (imm5 & 0xf)) {
        /* INS Vd.Ts[i1], Vn.Ts[i2] (MOV element) */
        unsigned esz = __builtin_ctz(imm5);

        if (!a64_fp_access_check(s)) {
            return true;
        }
        a64_vset_elem(rd, esz, imm5 >> (esz + 1),
                      a64_velem(rn, esz, imm4 >> esz, false));
        return true;
    }
    if ((insn & 0xbfe08400) == 0x2e000000) { /* EXT */
        TCGv_i64 src[4];

        if (!q && imm4 >= 8) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        src[0] = vld_half(rn, 0);
        src[1] = q ? vld_half(rn, 1) : vld_half(rm, 0);
        src[2] = q ? vld_half(rm, 0) : src[1];
        src[3] = q ? vld_half(rm, 1) : src[1];
        for (unsigned h = 0; h < halves; h++) {
            unsigned k = (imm4 >> 3) + h;

            r[h] = tcg_temp_new_i64();
            gen_extr(r[h], src[k], src[k + 1], (imm4 & 7) * 8);
        }
        vst_halves(rd, r, halves);
        return true;
    }
    return false;
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

/*
 * FADD, FSUB, FMUL, FDIV, FMLA, FMLS (vector, three same) and FMUL, FMLA,
 * FMLS (by element, vector and scalar), single and double: one helper
 * per operation (fp-op-helper.c) rather than helper_neon's decoding.
 * False: some other form, allocated or not, for the generic path.
 */
static bool disas_simd_fp_op(DisasContext *s, uint32_t insn)
{
    bool q = a64_bits(insn, 30, 1), u = a64_bits(insn, 29, 1);
    unsigned rd = a64_bits(insn, 0, 5), rn = a64_bits(insn, 5, 5);
    unsigned rm = a64_bits(insn, 16, 5), lanes;
    uint32_t desc;
    bool dbl, scalar = false;
    int op = -1, index = -1;

    if ((insn & 0x9f20c400) == 0x0e20c400) {
        /* three same, opcode 11xxx: [U][size<1>][opcode<2:0>] */
        static const int8_t ops[2][2][8] = {
            {{-1, FP_VEC_MLA, FP_VEC_ADD, -1, -1, -1, -1, -1},
             {-1, FP_VEC_MLS, FP_VEC_SUB, -1, -1, -1, -1, -1}},
            {{-1, -1, -1, FP_VEC_MUL, -1, -1, -1, FP_VEC_DIV},
             {-1, -1, -1, -1, -1, -1, -1, -1}},
        };

        op = ops[u][a64_bits(insn, 23, 1)][a64_bits(insn, 11, 3)];
        dbl = a64_bits(insn, 22, 1);
    } else if ((insn & 0x9f000400) == 0x0f000000 ||
               (insn & 0xdf000400) == 0x5f000000) {
        /* by element: size 10 index H:L, size 11 index H (L = 0) */
        unsigned size = a64_bits(insn, 22, 2), opcode = a64_bits(insn, 12, 4);
        bool l = a64_bits(insn, 21, 1), h = a64_bits(insn, 11, 1);

        if (u || size < 2 || (size == 3 && l)) {
            return false;
        }
        op = opcode == 1   ? FP_VEC_MLA
             : opcode == 5 ? FP_VEC_MLS
             : opcode == 9 ? FP_VEC_MUL
                           : -1;
        dbl = size == 3;
        index = dbl ? h : (h << 1 | l);
        scalar = a64_bits(insn, 28, 1);
    } else {
        return false;
    }
    if (op < 0 || (!scalar && dbl && !q)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    lanes = scalar ? 1 : dbl ? 2 : q ? 4 : 2;
    desc = fp_vec_desc(rd, rn, rm, lanes, index);
    tcg_gen_calln(&helper_info_fp_vec[op][dbl][lanes == (dbl ? 2 : 4)],
                  TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(desc)));
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
    if (disas_copy_element(s, insn) || a64_simd_inline(s, insn) ||
        disas_simd_fp_op(s, insn)) {
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
