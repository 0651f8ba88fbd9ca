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
#include "target/arm/fp-op-helper.h"
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

/* FP data-processing (2 source): one helper per opcode and precision */
static bool disas_fp_2src(DisasContext *s, uint32_t insn)
{
    bool dbl = a64_bits(insn, 22, 2) == 1;
    TCGv_i64 r;

    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    r = tcg_temp_new_i64();
    tcg_gen_calln(&helper_info_fp_2src[a64_bits(insn, 12, 4)][dbl],
                  tcgv_i64_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(a64_read_fp(a64_bits(insn, 5, 5), dbl)),
                  tcgv_i64_arg(a64_read_fp(a64_bits(insn, 16, 5), dbl)));
    a64_write_fp(a64_bits(insn, 0, 5), r, dbl);
    return true;
}

/*
 * FP data-processing (3 source): FMADD, FMSUB (Rn negated), FNMADD (Ra
 * and Rn negated), FNMSUB (Ra negated). The negations come before
 * FPMulAdd (ARM ARM C7.2 FMSUB etc.), so a NaN operand propagates with
 * its sign flipped: a plain sign flip of the operand here.
 */
static bool disas_fp_3src(DisasContext *s, uint32_t insn)
{
    bool dbl = a64_bits(insn, 22, 2) == 1;
    bool o1 = a64_bits(insn, 21, 1), o0 = a64_bits(insn, 15, 1);
    uint64_t sign = dbl ? 1ull << 63 : 1ull << 31;
    TCGv_i64 a, n, r;

    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    a = a64_read_fp(a64_bits(insn, 10, 5), dbl);
    n = a64_read_fp(a64_bits(insn, 5, 5), dbl);
    if (o1) {
        tcg_gen_xori_i64(a, a, sign);
    }
    if (o0 != o1) {
        tcg_gen_xori_i64(n, n, sign);
    }
    r = tcg_temp_new_i64();
    tcg_gen_calln(&helper_info_fp_muladd[dbl], tcgv_i64_arg(r),
                  tcgv_ptr_arg(tcg_env), tcgv_i64_arg(a), tcgv_i64_arg(n),
                  tcgv_i64_arg(a64_read_fp(a64_bits(insn, 16, 5), dbl)));
    a64_write_fp(a64_bits(insn, 0, 5), r, dbl);
    return true;
}

/*
 * FP data-processing (1 source) that rounds: FSQRT and FCVT between
 * single and double have their own helpers, FRINT* and the half
 * precision FCVTs go to helper_fp.
 */
static bool disas_fp_1src_arith(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), opc = a64_bits(insn, 15, 6);
    const TCGHelperInfo *info;
    bool to_dbl;
    TCGv_i64 r;

    if (type <= 1 && opc == 3) {
        info = &helper_info_fsqrt[type];
        to_dbl = type;
    } else if (type == 0 && opc == 5) {
        info = &helper_info_fcvt_sd;
        to_dbl = true;
    } else if (type == 1 && opc == 4) {
        info = &helper_info_fcvt_ds;
        to_dbl = false;
    } else {
        return disas_fp_helper(s, insn);
    }
    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    r = tcg_temp_new_i64();
    tcg_gen_calln(info, tcgv_i64_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i64_arg(a64_read_fp(a64_bits(insn, 5, 5), type)));
    a64_write_fp(a64_bits(insn, 0, 5), r, to_dbl);
    return true;
}

/*
 * SCVTF/UCVTF and FCVT*S/U, integer and fixed point: SCVTF, UCVTF,
 * FCVTZS and FCVTZU to and from an integer have their own helpers, the
 * rest goes to helper_fp_int.
 */
static bool disas_fp_int(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 16, 3), rmode = a64_bits(insn, 19, 2);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    bool sf = a64_bits(insn, 31, 1), dbl = a64_bits(insn, 22, 2) == 1;
    bool integer = a64_bits(insn, 21, 1);
    TCGv_i64 r, x;

    if (!a64_fp_exec(NULL, insn)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    r = tcg_temp_new_i64();
    if (integer && rmode == 0 && (opc == 2 || opc == 3)) {
        x = a64_read_reg(s, rn, sf);
        if (!sf && opc == 2) {
            tcg_gen_ext32s_i64(x, x);
        }
        tcg_gen_calln(&helper_info_fp_cvtf[opc == 2][dbl], tcgv_i64_arg(r),
                      tcgv_ptr_arg(tcg_env), tcgv_i64_arg(x));
        a64_write_fp(rd, r, dbl);
        return true;
    }
    if (integer && rmode == 3 && opc < 2) {
        tcg_gen_calln(&helper_info_fp_cvtz[opc == 0][dbl][sf], tcgv_i64_arg(r),
                      tcgv_ptr_arg(tcg_env),
                      tcgv_i64_arg(a64_read_fp(rn, dbl)));
        a64_write_reg(s, rd, r, sf);
        return true;
    }
    tcg_gen_calln(&helper_info_fp_int, tcgv_i64_arg(r), tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(insn)),
                  tcgv_i64_arg(a64_read_reg(s, rn, true)));
    if (opc != 2 && opc != 3) {
        a64_write_reg(s, rd, r, sf);
    }
    return true;
}

/* NZCV from the compare helpers' 4-bit result */
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

/* FCMP(E) of Vn and Vm (or +0.0): NZCV */
static void gen_fcmp(unsigned rn, unsigned rm, bool zero, bool dbl, bool e)
{
    TCGv_i32 r = tcg_temp_new_i32();

    tcg_gen_calln(
        &helper_info_fp_cmp[e][dbl], tcgv_i32_arg(r), tcgv_ptr_arg(tcg_env),
        tcgv_i64_arg(a64_read_fp(rn, dbl)),
        tcgv_i64_arg(zero ? tcg_constant_i64(0) : a64_read_fp(rm, dbl)));
    gen_set_nzcv(r);
}

/*
 * FCCMP/FCCMPE: compare (and raise its exceptions) only when cond holds,
 * else NZCV = the immediate.
 */
static bool disas_fccmp(DisasContext *s, uint32_t insn)
{
    unsigned type = a64_bits(insn, 22, 2), nzcv = a64_bits(insn, 0, 4);
    TCGLabel lfalse = tcg_label_new(), ldone = tcg_label_new();
    DisasCompare c;

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
    gen_fcmp(a64_bits(insn, 5, 5), a64_bits(insn, 16, 5), false, type == 1,
             a64_bits(insn, 4, 1));
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

    if (type > 1 || a64_bits(insn, 14, 2) || a64_bits(insn, 0, 3) ||
        a64_bits(insn, 29, 3)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    gen_fcmp(a64_bits(insn, 5, 5), a64_bits(insn, 16, 5), a64_bits(insn, 3, 1),
             type == 1, a64_bits(insn, 4, 1));
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
    if ((insn & 0x5f200c00) == 0x1e200800) {
        return disas_fp_2src(s, insn);
    }
    if ((insn & 0x5f000000) == 0x1f000000) {
        return disas_fp_3src(s, insn);
    }
    if ((insn & 0x5f207c00) == 0x1e204000 && a64_bits(insn, 15, 6) > 2) {
        return disas_fp_1src_arith(s, insn);
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
