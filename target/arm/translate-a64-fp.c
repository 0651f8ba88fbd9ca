/*
 * A64 scalar floating-point groups (ARM ARM C4.1.6, bit 28 = 1 and bit
 * 30 = 0): the moves that involve no arithmetic — FMOV (general,
 * immediate, register), FABS, FNEG, FCSEL — for single and double
 * precision. FABS and FNEG only change the sign bit and raise nothing,
 * whatever FPCR says (ARM ARM FPAbs/FPNeg). Everything that rounds or
 * raises FP exceptions (2-source, FSQRT/FCVT/FRINT*, the fused
 * multiply-adds, conversions to and from integers and fixed point,
 * FCMP/FCMPE/FCCMP, FCVT between H, S and D) goes through
 * softfloat-helper.c, which also says what is implemented; the FP16
 * (type = 3) forms other than FCVT are UNDEFINED, as in ARMv8.0.
 */
#include "target/arm/softfloat.h"
#include "target/arm/translate-a64.h"

/* Write a 32- or 64-bit value to Vd, clearing the rest of it. */
static void a64_write_fp(unsigned rd, TCGv_i64 v, bool dbl)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (dbl) {
        tcg_gen_mov_i64(t, v);
    } else {
        tcg_gen_ext32u_i64(t, v);
    }
    tcg_gen_st_i64(t, tcg_env, a64_vofs(rd, 0));
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, a64_vofs(rd, 8));
}

static TCGv_i64 a64_read_fp(unsigned rn, bool dbl)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (dbl) {
        tcg_gen_ld_i64(t, tcg_env, a64_vofs(rn, 0));
    } else {
        tcg_gen_ld32u_i64(t, tcg_env, a64_vofs(rn, 0));
    }
    return t;
}

/* FMOV between general and SIMD&FP registers (rmode 00/01, op 110/111) */
static bool disas_fmov_general(DisasContext *s, uint32_t insn)
{
    bool sf = a64_bits(insn, 31, 1);
    unsigned type = a64_bits(insn, 22, 2), rmode = a64_bits(insn, 19, 2);
    unsigned opc = a64_bits(insn, 16, 3);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    bool to_v = opc == 7;

    if ((opc & 6) != 6 || a64_bits(insn, 29, 1)) {
        return false; /* conversions are disas_fp_int's; S = 1 unallocated */
    }
    if (!((!sf && type == 0 && rmode == 0) || (sf && type == 1 && rmode == 0) ||
          (sf && type == 2 && rmode == 1))) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (type == 2) {
        /* FMOV Vd.D[1], Xn writes only the top half; the reverse reads it */
        if (to_v) {
            tcg_gen_st_i64(a64_read_reg(s, rn, true), tcg_env, a64_vofs(rd, 8));
        } else {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_ld_i64(t, tcg_env, a64_vofs(rn, 8));
            a64_write_reg(s, rd, t, true);
        }
        return true;
    }
    if (to_v) {
        a64_write_fp(rd, a64_read_reg(s, rn, sf), sf);
    } else {
        a64_write_reg(s, rd, a64_read_fp(rn, sf), true);
    }
    return true;
}

/* FMOV (scalar, immediate): ARM ARM VFPExpandImm */
static bool disas_fmov_imm(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), rd = a64_bits(insn, 0, 5);
    uint64_t imm8 = a64_bits(insn, 13, 8), b = (imm8 >> 6) & 1, v;

    if (type > 1 || a64_bits(insn, 5, 5) || a64_bits(insn, 31, 1) ||
        a64_bits(insn, 29, 1)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    if (type == 1) {
        v = (imm8 >> 7) << 63 | (b ^ 1) << 62 | (b ? 0xffull << 54 : 0) |
            (imm8 & 0x3f) << 48;
    } else {
        v = (imm8 >> 7) << 31 | (b ^ 1) << 30 | (b ? 0x1full << 25 : 0) |
            (imm8 & 0x3f) << 19;
    }
    a64_write_fp(rd, tcg_constant_i64(v), type == 1);
    return true;
}

/* FP data-processing (1 source): FMOV, FABS, FNEG (register) */
static bool disas_fp_1src(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), opc = a64_bits(insn, 15, 6);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    bool dbl = type == 1;
    TCGv_i64 t;

    if (type > 1 || opc > 2 || a64_bits(insn, 31, 1) || a64_bits(insn, 29, 1)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    t = a64_read_fp(rn, dbl);
    if (opc == 1) {
        tcg_gen_andi_i64(t, t, dbl ? INT64_MAX : INT32_MAX);
    } else if (opc == 2) {
        tcg_gen_xori_i64(t, t, dbl ? 1ull << 63 : 1ull << 31);
    }
    a64_write_fp(rd, t, dbl);
    return true;
}

static bool disas_fcsel(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), rm = a64_bits(insn, 16, 5);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    bool dbl = type == 1;
    DisasCompare c;
    TCGv_i64 a, b, t;

    if (type > 1 || a64_bits(insn, 31, 1) || a64_bits(insn, 29, 1)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    a = a64_read_fp(rn, dbl);
    b = a64_read_fp(rm, dbl);
    a64_test_cc(&c, a64_bits(insn, 12, 4));
    if (c.cond == TCG_COND_ALWAYS) {
        a64_write_fp(rd, a, dbl);
        return true;
    }
    t = tcg_temp_new_i64();
    tcg_gen_movcond_i64(c.cond, t, c.value, tcg_constant_i64(0), a, b);
    a64_write_fp(rd, t, dbl);
    return true;
}

/* Arithmetic executed by helper_fp, which decodes insn again */
static bool disas_fp_helper(DisasContext *s, uint32_t insn)
{
    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    tcg_gen_calln(&helper_info_fp, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)));
    return true;
}

/* SCVTF/UCVTF and FCVT*S/U, integer and fixed point: helper_fp_int */
static bool disas_fp_int(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 16, 3);
    bool sf = a64_bits(insn, 31, 1);
    TCGv_i64 r;

    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    r = tcg_temp_new_i64();
    tcg_gen_calln(&helper_info_fp_int, tcgv_i64_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)),
                  tcgv_i64_arg(a64_read_reg(s, a64_bits(insn, 5, 5), true)));
    if (opc != 2 && opc != 3) {
        a64_write_reg(s, a64_bits(insn, 0, 5), r, sf);
    }
    return true;
}

/* NZCV from helper_fcmp's 4-bit result */
static void gen_set_nzcv(TCGv_i32 r)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(t, r);
    /* N = nf < 0, Z = zf == 0, C = cf, V = vf < 0 */
    tcg_gen_shli_i64(cpu_nf, t, 60);
    tcg_gen_andi_i64(cpu_zf, t, 4);
    tcg_gen_xori_i64(cpu_zf, cpu_zf, 4);
    tcg_gen_shri_i64(cpu_cf, t, 1);
    tcg_gen_andi_i64(cpu_cf, cpu_cf, 1);
    tcg_gen_shli_i64(cpu_vf, t, 63);
}

/*
 * FCCMP/FCCMPE: compare (and raise its exceptions) only when cond holds,
 * else NZCV = the immediate. helper_fcmp gets the equivalent FCMP(E).
 */
static bool disas_fccmp(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), nzcv = a64_bits(insn, 0, 4);
    uint32_t cmp = 0x1e202000 | (insn & 0x00df03e0) | (insn & 0x10);
    TCGLabel lfalse = tcg_label_new(), ldone = tcg_label_new();
    DisasCompare c;
    TCGv_i32 r;

    if (type > 1 || a64_bits(insn, 29, 3)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    a64_test_cc(&c, a64_bits(insn, 12, 4));
    if (c.cond != TCG_COND_ALWAYS) {
        tcg_gen_brcondi_i64(tcg_invert_cond(c.cond), c.value, 0, lfalse);
    }
    r = tcg_temp_new_i32();
    tcg_gen_calln(&helper_info_fcmp, tcgv_i32_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(cmp)));
    gen_set_nzcv(r);
    tcg_gen_br(ldone);
    tcg_gen_set_label(lfalse);
    gen_set_nzcv(tcg_constant_i32(nzcv));
    tcg_gen_set_label(ldone);
    return true;
}

/* FCMP/FCMPE Sn|Dn, Sm|Dm|#0.0 */
static bool disas_fcmp(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2);
    TCGv_i32 r;

    if (type > 1 || a64_bits(insn, 14, 2) || a64_bits(insn, 0, 3) ||
        a64_bits(insn, 29, 3)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    r = tcg_temp_new_i32();
    tcg_gen_calln(&helper_info_fcmp, tcgv_i32_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)));
    gen_set_nzcv(r);
    return true;
}

bool a64_disas_fp(DisasContext *s, uint32_t insn)
{
    if ((insn & 0x5f203c00) == 0x1e202000) {
        return disas_fcmp(s, insn);
    }
    if ((insn & 0x5f200c00) == 0x1e200400) {
        return disas_fccmp(s, insn);
    }
    if ((insn & 0x5f200c00) == 0x1e200800 ||
        (insn & 0x5f000000) == 0x1f000000 ||
        ((insn & 0x5f207c00) == 0x1e204000 && a64_bits(insn, 15, 6) > 2)) {
        return disas_fp_helper(s, insn);
    }
    if (((insn & 0x5f20fc00) == 0x1e200000 && a64_bits(insn, 17, 2) != 3) ||
        (insn & 0x5f200000) == 0x1e000000) {
        return disas_fp_int(s, insn);
    }
    if ((insn & 0x5f20fc00) == 0x1e200000) {
        return disas_fmov_general(s, insn);
    }
    if ((insn & 0x5f201fe0) == 0x1e201000) {
        return disas_fmov_imm(s, insn);
    }
    if ((insn & 0x5f207c00) == 0x1e204000) {
        return disas_fp_1src(s, insn);
    }
    if ((insn & 0x5f200c00) == 0x1e200c00) {
        return disas_fcsel(s, insn);
    }
    return false;
}
