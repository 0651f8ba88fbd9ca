/*
 * A64 data processing, immediate (ARM ARM C4.1.86) and register
 * (C4.1.87) groups: add/sub, logical, move wide, bitfield, extract,
 * PC-relative addressing, add/sub with carry, conditional compare and
 * select, 1-, 2- and 3-source operations.
 *
 * Everything is computed in 64-bit temps; a 32-bit form (sf = 0) reads
 * its sources zero-extended and writes its result zero-extended, so
 * only the ops where the upper bits would leak (arithmetic shifts,
 * rotates, sign extension, flags) need care.
 */
#include "target/arm/translate-a64.h"

/* ---- immediate group ------------------------------------------------ */

/*
 * DecodeBitMasks (ARM ARM J1.1.3 shared pseudocode, "DecodeBitMasks"):
 * the logical-immediate value for N:imms:immr, or false if reserved.
 */
static bool a64_decode_bitmask(unsigned n, unsigned imms, unsigned immr,
                               bool sf, uint64_t *result)
{
    unsigned x = (n << 6) | (~imms & 0x3f);
    unsigned len, esize, levels, s, r;
    uint64_t elem;

    if (x == 0) {
        return false;
    }
    len = 31 - __builtin_clz(x);
    if (len < 1) {
        return false;
    }
    esize = 1u << len;
    levels = esize - 1;
    s = imms & levels;
    r = immr & levels;
    if (s == levels) {
        return false;   /* an all-ones element is reserved */
    }
    if (!sf && len == 6) {
        return false;
    }
    elem = (s + 1 == 64) ? ~0ull : (1ull << (s + 1)) - 1;
    if (r) {
        elem = (elem >> r) | (elem << (esize - r));
        if (esize < 64) {
            elem &= (1ull << esize) - 1;
        }
    }
    /* Replicate the element to 64 bits. */
    for (unsigned e = esize; e < 64; e *= 2) {
        elem |= elem << e;
    }
    *result = sf ? elem : (uint32_t)elem;
    return true;
}

static bool disas_pc_rel(DisasContext *s, uint32_t insn)
{
    unsigned rd = a64_bits(insn, 0, 5);
    int64_t imm = (a64_sbits(insn, 5, 19) * 4) | a64_bits(insn, 29, 2);
    uint64_t base = s->pc_curr;

    if (insn >> 31) {
        /* ADRP: 4 KiB pages */
        base &= ~0xfffull;
        imm = (int64_t)((uint64_t)imm << 12);
    }
    if (rd != 31) {
        tcg_gen_movi_i64(cpu_x[rd], base + imm);
    }
    return true;
}

static bool disas_add_sub_imm(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = a64_bits(insn, 30, 1);
    bool flags = a64_bits(insn, 29, 1);
    unsigned sh = a64_bits(insn, 22, 1);
    uint64_t imm = (uint64_t)a64_bits(insn, 10, 12) << (sh ? 12 : 0);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 a = tcg_temp_new_i64();

    if (sf) {
        tcg_gen_mov_i64(a, a64_reg_sp(rn));
    } else {
        tcg_gen_ext32u_i64(a, a64_reg_sp(rn));
    }
    if (flags) {
        TCGv_i64 b = tcg_constant_i64(imm);

        if (sub) {
            a64_gen_sub_flags(res, a, b, sf);
            a64_note_sub_flags(s, a, b, sf);
        } else {
            a64_gen_add_flags(res, a, b, sf);
        }
        a64_write_reg(s, rd, res, sf);
    } else {
        if (sub) {
            tcg_gen_subi_i64(res, a, imm);
        } else {
            tcg_gen_addi_i64(res, a, imm);
        }
        a64_write_reg_sp(rd, res, sf);
    }
    return true;
}

static bool disas_logic_imm(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = a64_bits(insn, 29, 2);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    uint64_t imm;
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 a;

    if (!a64_decode_bitmask(a64_bits(insn, 22, 1), a64_bits(insn, 10, 6),
                            a64_bits(insn, 16, 6), sf, &imm)) {
        return false;
    }
    a = a64_read_reg(s, rn, sf);
    switch (opc) {
    case 0: /* AND */
    case 3: /* ANDS */
        tcg_gen_andi_i64(res, a, imm);
        break;
    case 1: /* ORR */
        tcg_gen_ori_i64(res, a, imm);
        break;
    default: /* EOR */
        tcg_gen_xori_i64(res, a, imm);
        break;
    }
    if (opc == 3) {
        a64_gen_logic_flags(res, sf);
        a64_write_reg(s, rd, res, sf);
    } else {
        a64_write_reg_sp(rd, res, sf);
    }
    return true;
}

static bool disas_movw(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = a64_bits(insn, 29, 2), hw = a64_bits(insn, 21, 2);
    unsigned rd = a64_bits(insn, 0, 5);
    uint64_t imm = (uint64_t)a64_bits(insn, 5, 16) << (hw * 16);
    TCGv_i64 t;

    if (opc == 1 || (!sf && hw >= 2)) {
        return false;
    }
    switch (opc) {
    case 0: /* MOVN */
        imm = ~imm;
        /* fall through */
    case 2: /* MOVZ */
        a64_write_reg(s, rd, tcg_constant_i64(sf ? imm : (uint32_t)imm), true);
        break;
    default: /* MOVK */
        t = a64_read_reg(s, rd, sf);
        tcg_gen_deposit_i64(t, t, tcg_constant_i64(imm >> (hw * 16)),
                            hw * 16, 16);
        a64_write_reg(s, rd, t, sf);
        break;
    }
    return true;
}

static bool disas_bitfield(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opc = a64_bits(insn, 29, 2), n = a64_bits(insn, 22, 1);
    unsigned r = a64_bits(insn, 16, 6), imms = a64_bits(insn, 10, 6);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    unsigned width = sf ? 64 : 32;
    TCGv_i64 src, res = tcg_temp_new_i64();

    if (opc == 3 || n != sf || (!sf && (r >= 32 || imms >= 32))) {
        return false;
    }
    src = a64_read_reg(s, rn, sf);
    if (imms >= r) {
        /* Field src[imms:r] to the bottom (SBFX, UBFX, BFXIL, shifts). */
        unsigned len = imms - r + 1;

        switch (opc) {
        case 0: /* SBFM */
            tcg_gen_sextract_i64(res, src, r, len);
            break;
        case 1: /* BFM */
            tcg_gen_extract_i64(res, src, r, len);
            tcg_gen_deposit_i64(res, a64_read_reg(s, rd, sf), res, 0, len);
            break;
        default: /* UBFM */
            tcg_gen_extract_i64(res, src, r, len);
            break;
        }
    } else {
        /* Field src[imms:0] to bit (width - r) (SBFIZ, UBFIZ, BFI, LSL). */
        unsigned len = imms + 1, pos = width - r;

        switch (opc) {
        case 0: /* SBFM: sign bits fill above the field */
            tcg_gen_sextract_i64(res, src, 0, len);
            tcg_gen_shli_i64(res, res, pos);
            break;
        case 1: /* BFM */
            tcg_gen_deposit_i64(res, a64_read_reg(s, rd, sf), src, pos, len);
            break;
        default: /* UBFM */
            tcg_gen_deposit_i64(res, tcg_constant_i64(0), src, pos, len);
            break;
        }
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

static bool disas_extract(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned op21 = a64_bits(insn, 29, 2), n = a64_bits(insn, 22, 1);
    unsigned o0 = a64_bits(insn, 21, 1), lsb = a64_bits(insn, 10, 6);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 lo = a64_read_reg(s, rm, sf), hi = a64_read_reg(s, rn, sf);

    if (op21 || o0 || n != sf || (!sf && lsb >= 32)) {
        return false;
    }
    if (sf) {
        if (lsb == 0) {
            tcg_gen_mov_i64(res, lo);
        } else {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_shri_i64(res, lo, lsb);
            tcg_gen_shli_i64(t, hi, 64 - lsb);
            tcg_gen_or_i64(res, res, t);
        }
    } else {
        tcg_gen_deposit_i64(res, lo, hi, 32, 32);
        tcg_gen_shri_i64(res, res, lsb);
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

bool a64_disas_dp_imm(DisasContext *s, uint32_t insn)
{
    switch (a64_bits(insn, 23, 3)) {
    case 0: case 1:
        return disas_pc_rel(s, insn);
    case 2:
        return disas_add_sub_imm(s, insn);
    case 4:
        return disas_logic_imm(s, insn);
    case 5:
        return disas_movw(s, insn);
    case 6:
        return disas_bitfield(s, insn);
    case 7:
        return disas_extract(s, insn);
    default: /* add/sub immediate with tags: MTE, not implemented */
        return false;
    }
}

/* ---- register group ------------------------------------------------- */

/* Shift a (zero-extended if !sf) by a constant; result likewise. */
static void a64_shift_imm(TCGv_i64 d, TCGv_i64 a, bool sf, unsigned type,
                          unsigned amount)
{
    switch (type) {
    case 0: /* LSL */
        tcg_gen_shli_i64(d, a, amount);
        break;
    case 1: /* LSR */
        tcg_gen_shri_i64(d, a, amount);
        break;
    case 2: /* ASR */
        if (sf) {
            tcg_gen_sari_i64(d, a, amount);
        } else {
            tcg_gen_ext32s_i64(d, a);
            tcg_gen_sari_i64(d, d, amount);
        }
        break;
    default: /* ROR */
        if (sf) {
            tcg_gen_rotri_i64(d, a, amount);
        } else {
            TCGv_i32 t = tcg_temp_new_i32();

            tcg_gen_extrl_i64_i32(t, a);
            tcg_gen_rotri_i32(t, t, amount);
            tcg_gen_extu_i32_i64(d, t);
        }
        break;
    }
    if (!sf) {
        tcg_gen_ext32u_i64(d, d);
    }
}

static bool disas_logic_reg(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, invert = a64_bits(insn, 21, 1);
    unsigned opc = a64_bits(insn, 29, 2), shift = a64_bits(insn, 22, 2);
    unsigned imm6 = a64_bits(insn, 10, 6);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();

    if (!sf && imm6 >= 32) {
        return false;
    }
    a = a64_read_reg(s, rn, sf);
    b = a64_read_reg(s, rm, sf);
    a64_shift_imm(b, b, sf, shift, imm6);
    switch (opc) {
    case 0: case 3:
        (invert ? tcg_gen_andc_i64 : tcg_gen_and_i64)(res, a, b);
        break;
    case 1:
        (invert ? tcg_gen_orc_i64 : tcg_gen_or_i64)(res, a, b);
        break;
    default:
        (invert ? tcg_gen_eqv_i64 : tcg_gen_xor_i64)(res, a, b);
        break;
    }
    if (opc == 3) {
        a64_gen_logic_flags(res, sf);
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

static void a64_gen_addsub(DisasContext *s, TCGv_i64 res, TCGv_i64 a,
                           TCGv_i64 b, bool sf, bool sub, bool flags)
{
    if (flags) {
        (sub ? a64_gen_sub_flags : a64_gen_add_flags)(res, a, b, sf);
        if (sub) {
            a64_note_sub_flags(s, a, b, sf);
        }
    } else {
        (sub ? tcg_gen_sub_i64 : tcg_gen_add_i64)(res, a, b);
    }
}

static bool disas_add_sub_shifted(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = a64_bits(insn, 30, 1);
    bool flags = a64_bits(insn, 29, 1);
    unsigned shift = a64_bits(insn, 22, 2), imm6 = a64_bits(insn, 10, 6);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();

    if (shift == 3 || (!sf && imm6 >= 32)) {
        return false;
    }
    a = a64_read_reg(s, rn, sf);
    b = a64_read_reg(s, rm, sf);
    a64_shift_imm(b, b, sf, shift, imm6);
    a64_gen_addsub(s, res, a, b, sf, sub, flags);
    a64_write_reg(s, rd, res, sf);
    return true;
}

/* ExtendReg (ARM ARM J1.1.3): option selects UXTB..SXTX, then << shift. */
static void a64_extend_reg(TCGv_i64 d, TCGv_i64 a, unsigned option,
                           unsigned shift)
{
    switch (option) {
    case 0: tcg_gen_ext8u_i64(d, a); break;
    case 1: tcg_gen_ext16u_i64(d, a); break;
    case 2: tcg_gen_ext32u_i64(d, a); break;
    case 4: tcg_gen_ext8s_i64(d, a); break;
    case 5: tcg_gen_ext16s_i64(d, a); break;
    case 6: tcg_gen_ext32s_i64(d, a); break;
    default: tcg_gen_mov_i64(d, a); break;
    }
    tcg_gen_shli_i64(d, d, shift);
}

static bool disas_add_sub_ext(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = a64_bits(insn, 30, 1);
    bool flags = a64_bits(insn, 29, 1);
    unsigned opt = a64_bits(insn, 22, 2), option = a64_bits(insn, 13, 3);
    unsigned imm3 = a64_bits(insn, 10, 3);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a = tcg_temp_new_i64(), b, res = tcg_temp_new_i64();

    if (opt != 0 || imm3 > 4) {
        return false;
    }
    tcg_gen_mov_i64(a, a64_reg_sp(rn));
    b = a64_read_reg(s, rm, true);
    a64_extend_reg(b, b, option, imm3);
    if (!sf) {
        tcg_gen_ext32u_i64(a, a);
        tcg_gen_ext32u_i64(b, b);
    }
    a64_gen_addsub(s, res, a, b, sf, sub, flags);
    if (flags) {
        a64_write_reg(s, rd, res, sf);
    } else {
        a64_write_reg_sp(rd, res, sf);
    }
    return true;
}

static bool disas_adc(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = a64_bits(insn, 30, 1);
    bool flags = a64_bits(insn, 29, 1);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();

    if (a64_bits(insn, 10, 6)) {
        return false;   /* RMIF, SETF8/16: ARMv8.4 */
    }
    a = a64_read_reg(s, rn, sf);
    b = a64_read_reg(s, rm, sf);
    if (sub) {
        /* SBC: a + NOT(b) + C (ARM ARM C6.2.231) */
        tcg_gen_not_i64(b, b);
        if (!sf) {
            tcg_gen_ext32u_i64(b, b);
        }
    }
    a64_gen_adc(res, a, b, sf, flags);
    a64_write_reg(s, rd, res, sf);
    return true;
}

static bool disas_cond_cmp(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, sub = a64_bits(insn, 30, 1);
    unsigned cond = a64_bits(insn, 12, 4), nzcv = a64_bits(insn, 0, 4);
    unsigned rn = a64_bits(insn, 5, 5), y = a64_bits(insn, 16, 5);
    DisasCompare c;
    TCGLabel lfalse = tcg_label_new(), ldone = tcg_label_new();
    TCGv_i64 a, b;

    if (!a64_bits(insn, 29, 1) || a64_bits(insn, 10, 1) ||
        a64_bits(insn, 4, 1)) {
        return false;
    }
    a64_test_cc_s(s, &c, cond);
    if (c.cond != TCG_COND_ALWAYS) {
        tcg_gen_brcond_i64(tcg_invert_cond(c.cond), c.value, c.value2,
                           lfalse);
    }
    a = a64_read_reg(s, rn, sf);
    if (a64_bits(insn, 11, 1)) {
        b = tcg_constant_i64(y);
    } else {
        b = a64_read_reg(s, y, sf);
    }
    (sub ? a64_gen_sub_flags : a64_gen_add_flags)(tcg_temp_new_i64(), a, b,
                                                  sf);
    tcg_gen_br(ldone);
    tcg_gen_set_label(lfalse);
    /* Condition false: NZCV come from the immediate. */
    tcg_gen_movi_i64(cpu_nf, (nzcv & 8) ? -1 : 0);
    tcg_gen_movi_i64(cpu_zf, (nzcv & 4) ? 0 : 1);
    tcg_gen_movi_i64(cpu_cf, (nzcv >> 1) & 1);
    tcg_gen_movi_i64(cpu_vf, (nzcv & 1) ? INT64_MIN : 0);
    tcg_gen_set_label(ldone);
    return true;
}

static bool disas_cond_select(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, op = a64_bits(insn, 30, 1);
    unsigned op2 = a64_bits(insn, 10, 2), cond = a64_bits(insn, 12, 4);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();
    DisasCompare c;

    if (a64_bits(insn, 29, 1) || op2 >= 2) {
        return false;
    }
    a = a64_read_reg(s, rn, sf);
    b = a64_read_reg(s, rm, sf);
    if (op) {
        (op2 ? tcg_gen_neg_i64 : tcg_gen_not_i64)(b, b);   /* CSNEG, CSINV */
    } else if (op2) {
        tcg_gen_addi_i64(b, b, 1);                          /* CSINC */
    }
    a64_test_cc_s(s, &c, cond);
    if (c.cond == TCG_COND_ALWAYS) {
        tcg_gen_mov_i64(res, a);
    } else {
        tcg_gen_movcond_i64(c.cond, res, c.value, c.value2, a, b);
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

static void a64_gen_rbit(TCGv_i64 d, TCGv_i64 a, bool sf)
{
    static const uint64_t masks[3] = {
        0x5555555555555555ull, 0x3333333333333333ull, 0x0f0f0f0f0f0f0f0full,
    };
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();

    tcg_gen_mov_i64(t, a);
    for (int i = 0; i < 3; i++) {
        unsigned sh = 1u << i;

        tcg_gen_shri_i64(u, t, sh);
        tcg_gen_andi_i64(u, u, masks[i]);
        tcg_gen_andi_i64(t, t, masks[i]);
        tcg_gen_shli_i64(t, t, sh);
        tcg_gen_or_i64(t, t, u);
    }
    tcg_gen_bswap64_i64(d, t);
    if (!sf) {
        tcg_gen_shri_i64(d, d, 32);
    }
}

static bool disas_dp_1src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opcode = a64_bits(insn, 10, 6);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, res = tcg_temp_new_i64();

    if (a64_bits(insn, 29, 1) || a64_bits(insn, 16, 5)) {
        return false;   /* PAC (opcode2 = 1): ARMv8.3 */
    }
    a = a64_read_reg(s, rn, sf);
    switch (opcode) {
    case 0: /* RBIT */
        a64_gen_rbit(res, a, sf);
        break;
    case 1: { /* REV16: swap the bytes of each halfword */
        TCGv_i64 t = tcg_temp_new_i64();
        uint64_t m = sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;

        tcg_gen_shri_i64(t, a, 8);
        tcg_gen_andi_i64(t, t, m);
        tcg_gen_andi_i64(res, a, m);
        tcg_gen_shli_i64(res, res, 8);
        tcg_gen_or_i64(res, res, t);
        break;
    }
    case 2: /* REV32 (sf = 1), REV (sf = 0) */
        if (sf) {
            tcg_gen_bswap64_i64(res, a);
            tcg_gen_rotri_i64(res, res, 32);
        } else {
            tcg_gen_bswap32_i64(res, a);
        }
        break;
    case 3: /* REV (64-bit) */
        if (!sf) {
            return false;
        }
        tcg_gen_bswap64_i64(res, a);
        break;
    case 4: /* CLZ */
        if (sf) {
            tcg_gen_clzi_i64(res, a, 64);
        } else {
            TCGv_i32 t = tcg_temp_new_i32();

            tcg_gen_extrl_i64_i32(t, a);
            tcg_gen_clzi_i32(t, t, 32);
            tcg_gen_extu_i32_i64(res, t);
        }
        break;
    case 5: /* CLS: leading bits equal to the sign, not counting it */
        if (sf) {
            tcg_gen_sari_i64(res, a, 1);
            tcg_gen_xor_i64(res, res, a);
            tcg_gen_clzi_i64(res, res, 64);
            tcg_gen_subi_i64(res, res, 1);
        } else {
            TCGv_i32 t = tcg_temp_new_i32(), u = tcg_temp_new_i32();

            tcg_gen_extrl_i64_i32(t, a);
            tcg_gen_sari_i32(u, t, 1);
            tcg_gen_xor_i32(t, t, u);
            tcg_gen_clzi_i32(t, t, 32);
            tcg_gen_subi_i32(t, t, 1);
            tcg_gen_extu_i32_i64(res, t);
        }
        break;
    default:
        return false;
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

static void a64_gen_div(TCGv_i64 res, TCGv_i64 a, TCGv_i64 b, bool sf,
                        bool is_signed)
{
    TCGv_i64 zero = tcg_constant_i64(0), one = tcg_constant_i64(1);
    TCGv_i64 div = tcg_temp_new_i64(), q = tcg_temp_new_i64();

    if (is_signed && !sf) {
        /* In 64 bits INT32_MIN / -1 cannot overflow. */
        tcg_gen_ext32s_i64(a, a);
        tcg_gen_ext32s_i64(b, b);
    }
    /* ARM ARM C6.2.320: dividing by zero gives zero, no exception. */
    tcg_gen_movcond_i64(TCG_COND_EQ, div, b, zero, one, b);
    if (is_signed) {
        if (sf) {
            /* INT64_MIN / -1 wraps to INT64_MIN: divide by 1 instead. */
            TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();

            tcg_gen_setcondi_i64(TCG_COND_EQ, t, a, INT64_MIN);
            tcg_gen_setcondi_i64(TCG_COND_EQ, u, div, -1);
            tcg_gen_and_i64(t, t, u);
            tcg_gen_movcond_i64(TCG_COND_NE, div, t, zero, one, div);
        }
        tcg_gen_div_i64(q, a, div);
    } else {
        tcg_gen_divu_i64(q, a, div);
    }
    tcg_gen_movcond_i64(TCG_COND_EQ, res, b, zero, zero, q);
}

static bool disas_dp_2src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31;
    unsigned opcode = a64_bits(insn, 10, 6);
    unsigned rm = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();

    if (a64_bits(insn, 29, 1)) {
        return false;
    }
    a = a64_read_reg(s, rn, sf);
    b = a64_read_reg(s, rm, sf);
    switch (opcode) {
    case 2: /* UDIV */
    case 3: /* SDIV */
        a64_gen_div(res, a, b, sf, opcode == 3);
        break;
    case 8: /* LSLV */
    case 9: /* LSRV */
    case 10: /* ASRV */
    case 11: /* RORV: the amount is Rm modulo the width */
        tcg_gen_andi_i64(b, b, sf ? 63 : 31);
        if (opcode == 8) {
            tcg_gen_shl_i64(res, a, b);
        } else if (opcode == 9) {
            tcg_gen_shr_i64(res, a, b);
        } else if (opcode == 10) {
            if (!sf) {
                tcg_gen_ext32s_i64(a, a);
            }
            tcg_gen_sar_i64(res, a, b);
        } else if (sf) {
            tcg_gen_rotr_i64(res, a, b);
        } else {
            TCGv_i32 t = tcg_temp_new_i32(), u = tcg_temp_new_i32();

            tcg_gen_extrl_i64_i32(t, a);
            tcg_gen_extrl_i64_i32(u, b);
            tcg_gen_rotr_i32(t, t, u);
            tcg_gen_extu_i32_i64(res, t);
        }
        break;
    case 16: case 17: case 18: case 19: /* CRC32B/H/W/X */
    case 20: case 21: case 22: case 23: { /* CRC32CB/H/W/X */
        unsigned sz = opcode & 3;
        TCGv_i32 acc = tcg_temp_new_i32(), r32 = tcg_temp_new_i32();

        if ((sz == 3) != sf) {
            return false;
        }
        tcg_gen_extrl_i64_i32(acc, a);
        b = a64_read_reg(s, rm, true);
        tcg_gen_calln(opcode & 4 ? &helper_info_crc32c : &helper_info_crc32,
                      tcgv_i32_arg(r32), tcgv_i32_arg(acc), tcgv_i64_arg(b),
                      tcgv_i32_arg(tcg_constant_i32(1u << sz)));
        tcg_gen_extu_i32_i64(res, r32);
        a64_write_reg(s, rd, res, false);
        return true;
    }
    default:
        return false;
    }
    a64_write_reg(s, rd, res, sf);
    return true;
}

static bool disas_dp_3src(DisasContext *s, uint32_t insn)
{
    bool sf = insn >> 31, o0 = a64_bits(insn, 15, 1);
    unsigned op54 = a64_bits(insn, 29, 2), op31 = a64_bits(insn, 21, 3);
    unsigned rm = a64_bits(insn, 16, 5), ra = a64_bits(insn, 10, 5);
    unsigned rn = a64_bits(insn, 5, 5), rd = a64_bits(insn, 0, 5);
    TCGv_i64 a, b, res = tcg_temp_new_i64();

    if (op54 || (!sf && op31)) {
        return false;
    }
    a = a64_read_reg(s, rn, true);
    b = a64_read_reg(s, rm, true);
    switch (op31) {
    case 0: /* MADD, MSUB */
        break;
    case 1: /* SMADDL, SMSUBL */
        tcg_gen_ext32s_i64(a, a);
        tcg_gen_ext32s_i64(b, b);
        break;
    case 5: /* UMADDL, UMSUBL */
        tcg_gen_ext32u_i64(a, a);
        tcg_gen_ext32u_i64(b, b);
        break;
    case 2: /* SMULH */
    case 6: /* UMULH */
        if (o0) {
            return false;
        }
        (op31 == 2 ? tcg_gen_mulsh_i64 : tcg_gen_muluh_i64)(res, a, b);
        a64_write_reg(s, rd, res, true);
        return true;
    default:
        return false;
    }
    tcg_gen_mul_i64(res, a, b);
    (o0 ? tcg_gen_sub_i64 : tcg_gen_add_i64)(res, a64_read_reg(s, ra, true),
                                             res);
    a64_write_reg(s, rd, res, sf);
    return true;
}

bool a64_disas_dp_reg(DisasContext *s, uint32_t insn)
{
    bool op0 = a64_bits(insn, 30, 1), op1 = a64_bits(insn, 28, 1);
    unsigned op2 = a64_bits(insn, 21, 4);

    if (!op1) {
        if (!(op2 & 8)) {
            return disas_logic_reg(s, insn);
        }
        return (op2 & 1) ? disas_add_sub_ext(s, insn)
                         : disas_add_sub_shifted(s, insn);
    }
    if (op2 & 8) {
        return disas_dp_3src(s, insn);
    }
    switch (op2) {
    case 0:
        return disas_adc(s, insn);
    case 2:
        return disas_cond_cmp(s, insn);
    case 4:
        return disas_cond_select(s, insn);
    case 6:
        return op0 ? disas_dp_1src(s, insn) : disas_dp_2src(s, insn);
    default:
        return false;
    }
}
