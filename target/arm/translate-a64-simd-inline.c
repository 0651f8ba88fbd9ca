/*
 * A64 AdvSIMD integer operations emitted inline (ARM ARM C4.1.6), as
 * 64-bit IR operations on each half of a V register: the IR has no v128
 * type. Lanes narrower than 64 bits are handled as SIMD within a
 * register (SWAR): carries kept out of the next lane, compares computed
 * on each lane's top bit, then widened to all-ones lanes. An encoding
 * not listed here goes to the helper that decodes the word again
 * (neon-helper*.c); see docs/performance.md for which groups paid.
 */
#include "target/arm/neon-helper.h"
#include "target/arm/translate-a64-simd-inline.h"

/*
 * The first groups (AND..BIF, NOT, ADD/SUB, USHR, SHL, MOVI and friends).
 * Narrow lanes are added with the top bit of each lane taken out, so no
 * carry crosses lanes, then put back by an XOR.
 */
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
    uint64_t top = a64_lane_rep[size] << ((8u << size) - 1);
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
        tcg_gen_andi_i64(d, d, (lane >> rsh) * a64_lane_rep[size]);
    } else {
        tcg_gen_shli_i64(d, a, lsh);
        tcg_gen_andi_i64(d, d, ((lane << lsh) & lane) * a64_lane_rep[size]);
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

/* The first inline group; false: not one of them. */
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
 * More groups, chosen by what GCC's vectorised loops and glibc's string
 * functions run most (docs/performance.md has what each one paid):
 * compares, MAX/MIN and their pairwise and across-lanes forms, ADDP,
 * ABD/ABA, lengthening (SXTL/UXTL, [SU]ADDL/SUBL/ADDW/SUBW), narrowing
 * (XTN, SHRN), ZIP/UZP/TRN, SSHR, MUL/MLA/MLS, NEG/ABS, CNT, REV*,
 * scalar D shifts.
 */

/* v repeated in every lane of bits bits */
static uint64_t rep_lanes(uint64_t v, unsigned bits)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < 64; i += bits) {
        r |= v << i;
    }
    return r;
}

static uint64_t lane_top(unsigned size)
{
    return a64_lane_rep[size] << ((8u << size) - 1);
}

/* t holds only lane top bits: make each such lane all ones */
static void gen_expand_top(TCGv_i64 d, TCGv_i64 t, unsigned size)
{
    if (size == 3) {
        tcg_gen_sari_i64(d, t, 63);
        return;
    }
    tcg_gen_shri_i64(d, t, (8u << size) - 1);
    tcg_gen_muli_i64(d, d, (1ull << (8u << size)) - 1);
}

enum { CMP_EQ, CMP_TST, CMP_GT, CMP_GTU, CMP_GE, CMP_GEU };

/*
 * d = all ones in the lanes where "a c b" holds. For narrow lanes only
 * the top bit of each lane is computed: for EQ/TST, whether a lane of x
 * is non-zero (its low bits plus all-ones-but-top carry into the top);
 * for GTU, whether b - a borrows out of the lane, from the borrow into
 * its top bit (b | top) - (a & ~top) leaves there. GT is GTU with both
 * top bits flipped, which only changes a & ~b into b & ~a.
 */
static void gen_cmp_lanes(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned size,
                          unsigned c)
{
    static const TCGCond cond64[] = {
        TCG_COND_EQ,  TCG_COND_TSTNE, TCG_COND_GT,
        TCG_COND_GTU, TCG_COND_GE,    TCG_COND_GEU,
    };
    uint64_t top = lane_top(size);
    TCGv_i64 x, y;

    if (size == 3) {
        tcg_gen_setcond_i64(cond64[c], d, a, b);
        tcg_gen_neg_i64(d, d);
        return;
    }
    if (c >= CMP_GE) { /* a >= b: not b > a */
        gen_cmp_lanes(d, b, a, size, c - 2);
        tcg_gen_not_i64(d, d);
        return;
    }
    x = tcg_temp_new_i64();
    y = tcg_temp_new_i64();
    if (c <= CMP_TST) {
        (c == CMP_EQ ? tcg_gen_xor_i64 : tcg_gen_and_i64)(x, a, b);
        tcg_gen_andi_i64(y, x, ~top);
        tcg_gen_addi_i64(y, y, ~top);
        tcg_gen_or_i64(y, y, x);
        tcg_gen_andi_i64(y, y, top);
        if (c == CMP_EQ) {
            tcg_gen_xori_i64(y, y, top);
        }
    } else {
        tcg_gen_ori_i64(x, b, top);
        tcg_gen_andi_i64(y, a, ~top);
        tcg_gen_sub_i64(y, x, y);
        tcg_gen_xor_i64(x, a, b);
        tcg_gen_nor_i64(y, x, y);
        x = tcg_temp_new_i64();
        (c == CMP_GTU ? tcg_gen_andc_i64(x, a, b) : tcg_gen_andc_i64(x, b, a));
        tcg_gen_or_i64(y, y, x);
        tcg_gen_andi_i64(y, y, top);
    }
    gen_expand_top(d, y, size);
}

/* d = the lanes of a where mask is all ones, of b elsewhere */
static void gen_select(TCGv_i64 d, TCGv_i64 mask, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_xor_i64(t, a, b);
    tcg_gen_and_i64(t, t, mask);
    tcg_gen_xor_i64(d, t, b);
}

/* [SU]MAX, [SU]MIN */
static void gen_minmax_lanes(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned size,
                             bool sign, bool min)
{
    TCGv_i64 m = tcg_temp_new_i64();

    gen_cmp_lanes(m, a, b, size, sign ? CMP_GT : CMP_GTU);
    gen_select(d, m, min ? b : a, min ? a : b);
}

/* [SU]ABD: |a - b| per lane, a - b where a > b (c: GT or GTU), else b - a */
static void gen_abd_lanes(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned size,
                          unsigned c)
{
    TCGv_i64 m = tcg_temp_new_i64(), x = tcg_temp_new_i64();
    TCGv_i64 y = tcg_temp_new_i64();

    gen_cmp_lanes(m, a, b, size, c);
    gen_add_lanes(x, a, b, size, true);
    gen_add_lanes(y, b, a, size, true);
    gen_select(d, m, x, y);
}

/* Writes the result halves r[0..halves-1] to Vd, zeroing the rest. */
static void vst_result(unsigned rd, TCGv_i64 *r, unsigned halves)
{
    for (unsigned h = 0; h < 2; h++) {
        tcg_gen_st_i64(h < halves ? r[h] : tcg_constant_i64(0), tcg_env,
                       a64_vofs(rd, 8 * h));
    }
}

/*
 * Three same and two-register misc compares, MAX/MIN, ABD/ABA: vector,
 * and the scalar D compares. false: not one of them.
 */
static bool simd_inline_cmp(DisasContext *s, uint32_t insn)
{
    bool scalar = a64_bits(insn, 28, 1), u = a64_bits(insn, 29, 1);
    bool q = a64_bits(insn, 30, 1) && !scalar;
    unsigned size = a64_bits(insn, 22, 2), rd = a64_bits(insn, 0, 5);
    unsigned rn = a64_bits(insn, 5, 5), rm = a64_bits(insn, 16, 5);
    unsigned op, c, halves = q ? 2 : 1;
    bool zero = false, minmax = false, abd = false, min = false;
    TCGv_i64 r[2];

    if ((insn & 0x9f200400) == 0x0e200400 ||
        (insn & 0xdf200400) == 0x5e200400) {
        op = a64_bits(insn, 11, 5);
        switch (op) {
        case 0x06: /* CMGT, CMHI */
            c = u ? CMP_GTU : CMP_GT;
            break;
        case 0x07: /* CMGE, CMHS */
            c = u ? CMP_GEU : CMP_GE;
            break;
        case 0x11: /* CMTST, CMEQ */
            c = u ? CMP_EQ : CMP_TST;
            break;
        case 0x0c: /* SMAX, UMAX */
        case 0x0d: /* SMIN, UMIN */
            if (scalar || size == 3) {
                return false;
            }
            minmax = true;
            min = op & 1;
            c = 0;
            break;
        case 0x0e: /* SABD, UABD */
        case 0x0f: /* SABA, UABA */
            if (scalar || size == 3) {
                return false;
            }
            abd = true;
            min = op & 1; /* accumulate */
            c = u ? CMP_GTU : CMP_GT;
            break;
        default:
            return false;
        }
    } else if ((insn & 0x9f3e0c00) == 0x0e200800 ||
               (insn & 0xdf3e0c00) == 0x5e200800) {
        /* against zero: CMGT, CMGE, CMEQ, CMLE, CMLT */
        op = a64_bits(insn, 12, 5);
        if (op < 8 || op > 10 || (op == 10 && u)) {
            return false;
        }
        zero = true;
        c = op == 8 ? (u ? CMP_GE : CMP_GT) : (op == 9 && !u ? CMP_EQ : 0);
    } else {
        return false;
    }
    if ((scalar && size != 3) || (size == 3 && !q && !scalar)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    for (unsigned h = 0; h < halves; h++) {
        TCGv_i64 n = vld_half(rn, h), z = tcg_constant_i64(0);

        r[h] = tcg_temp_new_i64();
        if (minmax) {
            gen_minmax_lanes(r[h], n, vld_half(rm, h), size, !u, min);
        } else if (abd) {
            gen_abd_lanes(r[h], n, vld_half(rm, h), size, c);
            if (min) {
                gen_add_lanes(r[h], vld_half(rd, h), r[h], size, false);
            }
        } else if (!zero) {
            gen_cmp_lanes(r[h], n, vld_half(rm, h), size, c);
        } else if (op == 8 || (op == 9 && !u)) {
            gen_cmp_lanes(r[h], n, z, size, c);
        } else if (op == 9) { /* CMLE #0: 0 >= n */
            gen_cmp_lanes(r[h], z, n, size, CMP_GE);
        } else { /* CMLT #0: 0 > n */
            gen_cmp_lanes(r[h], z, n, size, CMP_GT);
        }
    }
    vst_result(rd, r, halves);
    return true;
}

/*
 * Lengthening: d = the lanes of 8 << size bits in bits [32 * part, +32)
 * of x, widened to twice their size (sign- or zero-extended) and
 * shifted left by sh (< 8 << size). The 32 bits are spread in steps
 * (16-bit halves apart, then bytes); the sign bit, once shifted, is
 * copied into the bits above it by one multiplication.
 */
static void gen_widen(TCGv_i64 d, TCGv_i64 x, unsigned size, unsigned part,
                      bool sign, unsigned sh)
{
    unsigned e = 8u << size;
    TCGv_i64 t = tcg_temp_new_i64();

    if (size == 2) {
        if (part) {
            (sign ? tcg_gen_sari_i64 : tcg_gen_shri_i64)(d, x, 32);
        } else {
            (sign ? tcg_gen_ext32s_i64 : tcg_gen_ext32u_i64)(d, x);
        }
        tcg_gen_shli_i64(d, d, sh);
        return;
    }
    if (part) {
        tcg_gen_shri_i64(d, x, 32);
    } else {
        tcg_gen_ext32u_i64(d, x);
    }
    for (unsigned c = 16; c >= e; c >>= 1) {
        tcg_gen_shli_i64(t, d, c);
        tcg_gen_or_i64(d, d, t);
        tcg_gen_andi_i64(d, d, rep_lanes((1ull << c) - 1, 2 * c));
    }
    tcg_gen_shli_i64(d, d, sh);
    if (sign) {
        tcg_gen_andi_i64(t, d, rep_lanes(1ull << (e - 1 + sh), 2 * e));
        tcg_gen_shri_i64(t, t, e - 1 + sh);
        tcg_gen_muli_i64(t, t, ((1ull << (e - sh)) - 1) << (e + sh));
        tcg_gen_or_i64(d, d, t);
    }
}

/*
 * Narrowing: d (32 bits, zero-extended) = the low halves of the lanes
 * of 16 << size bits of x, packed together (the even lanes of size).
 */
static void gen_pack(TCGv_i64 d, TCGv_i64 x, unsigned size)
{
    unsigned e = 8u << size;
    TCGv_i64 t = tcg_temp_new_i64();

    if (size == 2) {
        tcg_gen_ext32u_i64(d, x);
        return;
    }
    tcg_gen_andi_i64(d, x, rep_lanes((1ull << e) - 1, 2 * e));
    for (unsigned c = e; c < 32; c <<= 1) {
        tcg_gen_shri_i64(t, d, c);
        tcg_gen_or_i64(d, d, t);
        tcg_gen_andi_i64(d, d, rep_lanes((1ull << (2 * c)) - 1, 4 * c));
    }
}

/* d = lo | hi << 32, lo and hi zero-extended 32-bit values */
static void gen_concat32(TCGv_i64 d, TCGv_i64 lo, TCGv_i64 hi)
{
    tcg_gen_deposit_i64(d, lo, hi, 32, 32);
}

/*
 * ZIP/UZP/TRN (ARM ARM C4.1.6 "permute") into r[]; with size 3 all
 * three give (n0, m0) for the "1" forms and (n1, m1) for the "2".
 */
static void gen_permute(TCGv_i64 *r, unsigned op, unsigned size, bool q,
                        unsigned rn, unsigned rm)
{
    unsigned e = 8u << size, halves = q ? 2 : 1, two = op >> 2;
    uint64_t even = rep_lanes(size == 3 ? 0 : (1ull << e) - 1, 2 * e);
    TCGv_i64 n[2], m[2], a, b;

    for (unsigned h = 0; h < halves; h++) {
        n[h] = vld_half(rn, h);
        m[h] = vld_half(rm, h);
        r[h] = tcg_temp_new_i64();
    }
    if (size == 3) {
        tcg_gen_mov_i64(r[0], n[two]);
        tcg_gen_mov_i64(r[1], m[two]);
        return;
    }
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    for (unsigned h = 0; h < halves; h++) {
        switch (op & 3) {
        case 1: { /* UZP: the even (odd) lanes of n:m */
            /* sources n0 n1 m0 m1 (Q = 1) or n0 m0, two per half */
            TCGv_i64 lo = h ? m[0] : n[0];
            TCGv_i64 hi = q ? (h ? m[1] : n[1]) : m[0];

            if (two) {
                tcg_gen_shri_i64(a, lo, e);
                tcg_gen_shri_i64(b, hi, e);
                lo = a;
                hi = b;
            }
            gen_pack(a, lo, size);
            gen_pack(b, hi, size);
            gen_concat32(r[h], a, b);
            break;
        }
        case 2: /* TRN */
            if (two) {
                tcg_gen_shri_i64(a, n[h], e);
                tcg_gen_andi_i64(a, a, even);
                tcg_gen_andi_i64(b, m[h], ~even);
            } else {
                tcg_gen_andi_i64(a, n[h], even);
                tcg_gen_andi_i64(b, m[h], even);
                tcg_gen_shli_i64(b, b, e);
            }
            tcg_gen_or_i64(r[h], a, b);
            break;
        default: { /* ZIP: interleave the low (high) halves */
            unsigned c = h + (two ? halves : 0);

            gen_widen(a, n[c >> 1], size, c & 1, false, 0);
            gen_widen(b, m[c >> 1], size, c & 1, false, e);
            tcg_gen_or_i64(r[h], a, b);
            break;
        }
        }
    }
}

/* The pairwise ops of the three-same group: op(UZP1, UZP2) */
static void gen_pairwise(TCGv_i64 *r, unsigned op, bool u, unsigned size,
                         bool q, unsigned rn, unsigned rm)
{
    TCGv_i64 a[2], b[2];

    gen_permute(a, 1, size, q, rn, rm);
    gen_permute(b, 5, size, q, rn, rm);
    for (unsigned h = 0; h < (q ? 2u : 1u); h++) {
        r[h] = tcg_temp_new_i64();
        if (op == 0x17) {
            gen_add_lanes(r[h], a[h], b[h], size, false);
        } else {
            gen_minmax_lanes(r[h], a[h], b[h], size, !u, op & 1);
        }
    }
}

/* Writes 64 bits of narrowed results: Vd's low half (and clears the
 * high), or for the "2" forms its high half, keeping the low. */
static void vst_narrow(unsigned rd, TCGv_i64 v, bool q)
{
    tcg_gen_st_i64(v, tcg_env, a64_vofs(rd, q ? 8 : 0));
    if (!q) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, a64_vofs(rd, 8));
    }
}

/*
 * Lengthening, narrowing, permutes, pairwise MAX/MIN/ADDP, SSHR, scalar
 * D shifts. false: not one of them.
 */
static bool simd_inline_shape(DisasContext *s, uint32_t insn)
{
    bool u = a64_bits(insn, 29, 1), q = a64_bits(insn, 30, 1);
    unsigned size = a64_bits(insn, 22, 2), rd = a64_bits(insn, 0, 5);
    unsigned rn = a64_bits(insn, 5, 5), rm = a64_bits(insn, 16, 5);
    unsigned immh = a64_bits(insn, 19, 4), immhb = a64_bits(insn, 16, 7);
    unsigned op, halves = q ? 2 : 1;
    TCGv_i64 r[2];

    if ((insn & 0xbf208c00) == 0x0e000800 && (insn & 0x3000) != 0) {
        /* UZP1, TRN1, ZIP1, UZP2, TRN2, ZIP2 */
        op = a64_bits(insn, 12, 3);
        if (size == 3 && !q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        gen_permute(r, op, size, q, rn, rm);
        vst_result(rd, r, halves);
        return true;
    }
    if ((insn & 0x9f200400) == 0x0e200400 &&
        ((a64_bits(insn, 11, 5) & 0x1e) == 0x14 ||
         (a64_bits(insn, 11, 5) == 0x17 && !u))) {
        /* [SU]MAXP, [SU]MINP, ADDP (vector) */
        op = a64_bits(insn, 11, 5);
        if (size == 3 && (op != 0x17 || !q)) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        gen_pairwise(r, op, u, size, q, rn, rm);
        vst_result(rd, r, halves);
        return true;
    }
    if ((insn & 0xfffffc00) == 0x5ef1b800) { /* ADDP Dd, Vn.2D */
        if (!a64_fp_access_check(s)) {
            return true;
        }
        r[0] = tcg_temp_new_i64();
        tcg_gen_add_i64(r[0], vld_half(rn, 0), vld_half(rn, 1));
        vst_result(rd, r, 1);
        return true;
    }
    if ((insn & 0x9f200c00) == 0x0e200000 && a64_bits(insn, 14, 2) == 0) {
        /* [SU]ADDL, [SU]ADDW, [SU]SUBL, [SU]SUBW ("2": the high halves) */
        bool wide = a64_bits(insn, 12, 1), sub = a64_bits(insn, 13, 1);
        TCGv_i64 n[2], m;

        if (size == 3) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        n[0] = vld_half(rn, wide ? 0 : q);
        n[1] = wide ? vld_half(rn, 1) : n[0];
        m = vld_half(rm, q);
        for (unsigned h = 0; h < 2; h++) {
            TCGv_i64 a = n[h], b = tcg_temp_new_i64();

            if (!wide) {
                a = tcg_temp_new_i64();
                gen_widen(a, n[0], size, h, !u, 0);
            }
            gen_widen(b, m, size, h, !u, 0);
            r[h] = tcg_temp_new_i64();
            gen_add_lanes(r[h], a, b, size + 1, sub);
        }
        vst_result(rd, r, 2);
        return true;
    }
    if ((insn & 0xbf3ffc00) == 0x0e212800 && size < 3) { /* XTN, XTN2 */
        TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

        if (!a64_fp_access_check(s)) {
            return true;
        }
        gen_pack(a, vld_half(rn, 0), size);
        gen_pack(b, vld_half(rn, 1), size);
        gen_concat32(a, a, b);
        vst_narrow(rd, a, q);
        return true;
    }
    if ((insn & 0x9f800400) != 0x0f000400 || immh == 0) {
        return false;
    }
    op = a64_bits(insn, 11, 5);
    size = 31 - __builtin_clz(immh);
    if (op == 0x14 && size < 3) { /* SSHLL, USHLL (SXTL, UXTL) */
        TCGv_i64 n = vld_half(rn, q);

        if (!a64_fp_access_check(s)) {
            return true;
        }
        for (unsigned h = 0; h < 2; h++) {
            r[h] = tcg_temp_new_i64();
            gen_widen(r[h], n, size, h, !u, immhb - (8u << size));
        }
        vst_result(rd, r, 2);
        return true;
    }
    if (op == 0x10 && !u && size < 3) { /* SHRN, SHRN2 */
        TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
        unsigned sh = (16u << size) - immhb;

        if (!a64_fp_access_check(s)) {
            return true;
        }
        tcg_gen_shri_i64(a, vld_half(rn, 0), sh);
        tcg_gen_shri_i64(b, vld_half(rn, 1), sh);
        gen_pack(a, a, size);
        gen_pack(b, b, size);
        gen_concat32(a, a, b);
        vst_narrow(rd, a, q);
        return true;
    }
    if (op == 0 && !u && !(size == 3 && !q)) { /* SSHR (vector) */
        unsigned e = 8u << size, sh = (16u << size) - immhb;
        uint64_t lane = size == 3 ? UINT64_MAX : (1ull << e) - 1;

        if (!a64_fp_access_check(s)) {
            return true;
        }
        sh = sh == e ? e - 1 : sh; /* all sign bits either way */
        for (unsigned h = 0; h < halves; h++) {
            TCGv_i64 t = tcg_temp_new_i64();

            r[h] = tcg_temp_new_i64();
            if (size == 3) {
                tcg_gen_sari_i64(r[h], vld_half(rn, h), sh);
                continue;
            }
            tcg_gen_shri_i64(r[h], vld_half(rn, h), sh);
            tcg_gen_andi_i64(r[h], r[h], (lane >> sh) * a64_lane_rep[size]);
            tcg_gen_andi_i64(t, r[h], a64_lane_rep[size] << (e - 1 - sh));
            tcg_gen_shri_i64(t, t, e - 1 - sh);
            tcg_gen_muli_i64(t, t, (lane >> (e - sh)) << (e - sh));
            tcg_gen_or_i64(r[h], r[h], t);
        }
        vst_result(rd, r, halves);
        return true;
    }
    return false;
}

/*
 * MUL of lanes of 8 << size bits: two 32-bit lanes from two host
 * multiplications (the low 32 bits of a product depend only on the low
 * 32 bits of its operands), narrower lanes one at a time.
 */
static void gen_mul_lanes(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned size)
{
    unsigned e = 8u << size;
    TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64();
    TCGv_i64 r = tcg_temp_new_i64();

    if (size == 2) {
        tcg_gen_mul_i64(r, a, b);
        tcg_gen_shri_i64(x, a, 32);
        tcg_gen_shri_i64(y, b, 32);
        tcg_gen_mul_i64(x, x, y);
        tcg_gen_deposit_i64(d, r, x, 32, 32);
        return;
    }
    for (unsigned i = 0; i < 64; i += e) {
        tcg_gen_extract_i64(x, a, i, e);
        tcg_gen_extract_i64(y, b, i, e);
        tcg_gen_mul_i64(x, x, y);
        if (i == 0) {
            tcg_gen_mov_i64(r, x);
        } else {
            tcg_gen_deposit_i64(r, r, x, i, e);
        }
    }
    tcg_gen_mov_i64(d, r);
}

/*
 * ADDV, [SU]MAXV, [SU]MINV: the two halves combined lane by lane, then
 * the word folded onto its low half until one lane is left (the lanes
 * above it hold values nobody reads).
 */
static bool simd_inline_across(DisasContext *s, uint32_t insn)
{
    bool u = a64_bits(insn, 29, 1), q = a64_bits(insn, 30, 1);
    unsigned size = a64_bits(insn, 22, 2), op = a64_bits(insn, 12, 5);
    unsigned e = 8u << size;
    TCGv_i64 a, t, r[1];

    if ((insn & 0x9f3e0c00) != 0x0e300800 || size == 3 || (size == 2 && !q) ||
        !(op == 0xa || op == 0x1a || (op == 0x1b && !u))) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    a = vld_half(a64_bits(insn, 5, 5), 0);
    for (unsigned w = q ? 64 : 32; w >= e; w >>= 1) {
        if (w == 64) {
            t = vld_half(a64_bits(insn, 5, 5), 1);
        } else {
            t = tcg_temp_new_i64();
            tcg_gen_shri_i64(t, a, w);
        }
        if (op == 0x1b) {
            gen_add_lanes(a, a, t, size, false);
        } else {
            gen_minmax_lanes(a, a, t, size, !u, op == 0x1a);
        }
    }
    r[0] = tcg_temp_new_i64();
    tcg_gen_extract_i64(r[0], a, 0, e);
    vst_result(a64_bits(insn, 0, 5), r, 1);
    return true;
}

/* d = x with each pair of adjacent w-bit fields swapped */
static void gen_swap_fields(TCGv_i64 d, TCGv_i64 x, unsigned w)
{
    uint64_t m = rep_lanes((1ull << w) - 1, 2 * w);
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_shri_i64(t, x, w);
    tcg_gen_andi_i64(t, t, m);
    tcg_gen_andi_i64(d, x, m);
    tcg_gen_shli_i64(d, d, w);
    tcg_gen_or_i64(d, d, t);
}

/* REV64, REV32, REV16, CNT (two-register misc); false: not one of them. */
static bool simd_inline_rev(DisasContext *s, uint32_t insn)
{
    bool u = a64_bits(insn, 29, 1), q = a64_bits(insn, 30, 1);
    unsigned size = a64_bits(insn, 22, 2), op = a64_bits(insn, 12, 5);
    unsigned halves = q ? 2 : 1, cont;
    TCGv_i64 r[2];

    if ((insn & 0x9f3e0c00) != 0x0e200800) {
        return false;
    }
    /* REV<cont>: reverse the elements of size within each container */
    cont = op == 0 ? (u ? 2 : 3) : (op == 1 && !u ? 1 : 0);
    if (op == 5 && !u ? size != 0 : (!cont || size >= cont)) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    for (unsigned h = 0; h < halves; h++) {
        TCGv_i64 x = vld_half(a64_bits(insn, 5, 5), h);

        r[h] = tcg_temp_new_i64();
        if (op == 5) { /* CNT: population count of each byte */
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_shri_i64(t, x, 1);
            tcg_gen_andi_i64(t, t, 0x5555555555555555ull);
            tcg_gen_sub_i64(r[h], x, t);
            tcg_gen_shri_i64(t, r[h], 2);
            tcg_gen_andi_i64(t, t, 0x3333333333333333ull);
            tcg_gen_andi_i64(r[h], r[h], 0x3333333333333333ull);
            tcg_gen_add_i64(r[h], r[h], t);
            tcg_gen_shri_i64(t, r[h], 4);
            tcg_gen_add_i64(r[h], r[h], t);
            tcg_gen_andi_i64(r[h], r[h], 0x0f0f0f0f0f0f0f0full);
            continue;
        }
        /* swap fields of 32, 16, 8 bits down to the element size */
        tcg_gen_mov_i64(r[h], x);
        for (unsigned w = 4u << cont; w >= 8u << size; w >>= 1) {
            gen_swap_fields(r[h], r[h], w);
        }
    }
    vst_result(a64_bits(insn, 0, 5), r, halves);
    return true;
}

/* MUL/MLA/MLS, NEG/ABS, the scalar D shifts by immediate; false: not one. */
static bool simd_inline_misc(DisasContext *s, uint32_t insn)
{
    bool scalar = a64_bits(insn, 28, 1), u = a64_bits(insn, 29, 1);
    bool q = a64_bits(insn, 30, 1) && !scalar;
    unsigned size = a64_bits(insn, 22, 2), rd = a64_bits(insn, 0, 5);
    unsigned rn = a64_bits(insn, 5, 5), rm = a64_bits(insn, 16, 5);
    unsigned immhb = a64_bits(insn, 16, 7), halves = q ? 2 : 1;
    TCGv_i64 r[2];

    if ((insn & 0x9f20f400) == 0x0e209400 && size < 3 &&
        !(u && a64_bits(insn, 11, 1))) {
        /* MLA, MLS (opcode 10010), MUL (10011, U = 0; not PMUL) */
        bool acc = !a64_bits(insn, 11, 1);

        if (!a64_fp_access_check(s)) {
            return true;
        }
        for (unsigned h = 0; h < halves; h++) {
            r[h] = tcg_temp_new_i64();
            gen_mul_lanes(r[h], vld_half(rn, h), vld_half(rm, h), size);
            if (acc) {
                gen_add_lanes(r[h], u ? vld_half(rd, h) : r[h],
                              u ? r[h] : vld_half(rd, h), size, u);
            }
        }
        vst_result(rd, r, halves);
        return true;
    }
    if ((insn & 0x9f3ffc00) == 0x0e20b800 ||
        (insn & 0xdf3ffc00) == 0x5e20b800) { /* ABS, NEG */
        if (scalar ? size != 3 : size == 3 && !q) {
            return false;
        }
        if (!a64_fp_access_check(s)) {
            return true;
        }
        for (unsigned h = 0; h < halves; h++) {
            TCGv_i64 n = vld_half(rn, h), z = tcg_constant_i64(0);
            TCGv_i64 neg = tcg_temp_new_i64(), m;

            r[h] = tcg_temp_new_i64();
            gen_add_lanes(neg, z, n, size, true);
            if (u) {
                tcg_gen_mov_i64(r[h], neg);
                continue;
            }
            m = tcg_temp_new_i64();
            gen_cmp_lanes(m, z, n, size, CMP_GT);
            gen_select(r[h], m, neg, n);
        }
        vst_result(rd, r, halves);
        return true;
    }
    if ((insn & 0xdf800400) == 0x5f000400 && a64_bits(insn, 22, 1) &&
        (a64_bits(insn, 11, 5) == 0 || (a64_bits(insn, 11, 5) == 0xa && !u))) {
        /* SSHR, USHR, SHL Dd, Dn, #sh */
        unsigned rsh = 128 - immhb;

        if (!a64_fp_access_check(s)) {
            return true;
        }
        r[0] = tcg_temp_new_i64();
        if (a64_bits(insn, 11, 5)) {
            tcg_gen_shli_i64(r[0], vld_half(rn, 0), immhb - 64);
        } else if (u) {
            gen_shift_lanes(r[0], vld_half(rn, 0), 3, rsh, 0, true);
        } else {
            tcg_gen_sari_i64(r[0], vld_half(rn, 0), rsh == 64 ? 63 : rsh);
        }
        vst_result(rd, r, 1);
        return true;
    }
    return false;
}

/* The inline forms; false: not one of them (the helper does it). */
bool a64_simd_inline(DisasContext *s, uint32_t insn)
{
    return simd_inline(s, insn) || simd_inline_cmp(s, insn) ||
           simd_inline_shape(s, insn) || simd_inline_misc(s, insn) ||
           simd_inline_across(s, insn) || simd_inline_rev(s, insn);
}
