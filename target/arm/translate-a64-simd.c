/*
 * A64 AdvSIMD data processing (ARM ARM C4.1.6, op0 = x111 except the
 * scalar FP groups, translate-a64-fp.c). The copy forms that touch a
 * general register (DUP, INS, SMOV, UMOV from or to Xn) are emitted
 * inline; every other implemented group is one call of helper_neon with
 * the instruction word (neon-helper.c, which also answers at translation
 * time whether the encoding is implemented). Unimplemented: the FP
 * vector forms, three-different, by-element, saturating shifts by
 * register, crypto.
 */
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

bool a64_disas_simd_fp(DisasContext *s, uint32_t insn)
{
    if (!s->have_fp) {
        return false;
    }
    if (a64_bits(insn, 28, 1) && !a64_bits(insn, 30, 1)) {
        return a64_disas_fp(s, insn);
    }
    if ((insn & 0xbfe08400) == 0x0e000400 && a64_bits(insn, 11, 4) != 0) {
        return disas_copy_general(s, insn);
    }
    if (!a64_neon_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    tcg_gen_calln(&helper_info_neon, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)));
    return true;
}
