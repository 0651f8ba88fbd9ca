/*
 * A64 translator: the TranslatorOps the TCG loop drives, the top-level
 * decode (ARM ARM C4.1, "A64 instruction set encoding"), register and
 * flag helpers shared by the instruction groups, and the group
 * "branches, exception generating and system instructions" (C4.1.65).
 * Data processing lives in translate-a64-dp.c, loads and stores in
 * translate-a64-ldst.c, SIMD&FP in translate-a64-simd*.c and
 * translate-a64-fp.c. Anything unallocated or not implemented raises
 * Undefined Instruction (EC 0).
 */
#include "target/arm/translate-a64.h"

#include "accel/tcg/cpu-ops.h"
#include "target/arm/internals.h"
#include <inttypes.h>

#include "util/log.h"

TCGv_i64 cpu_x[32];
TCGv_i64 cpu_pc, cpu_nf, cpu_zf, cpu_cf, cpu_vf;

void arm_tcg_init_globals(TCGContext *s)
{
    static const char *const names[32] = {
        "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
        "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
        "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
        "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
    };

    for (int i = 0; i < 32; i++) {
        cpu_x[i] = tcg_global_mem_new_i64(
            s, offsetof(ArmCPUState, x[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(s, offsetof(ArmCPUState, pc), "pc");
    cpu_nf = tcg_global_mem_new_i64(s, offsetof(ArmCPUState, nf), "nf");
    cpu_zf = tcg_global_mem_new_i64(s, offsetof(ArmCPUState, zf), "zf");
    cpu_cf = tcg_global_mem_new_i64(s, offsetof(ArmCPUState, cf), "cf");
    cpu_vf = tcg_global_mem_new_i64(s, offsetof(ArmCPUState, vf), "vf");
}

/* ---- registers and flags ---------------------------------------- */

TCGv_i64 a64_read_reg(DisasContext *s, unsigned r, bool sf)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (r == 31) {
        tcg_gen_movi_i64(t, 0);
    } else if (sf) {
        tcg_gen_mov_i64(t, cpu_x[r]);
    } else {
        tcg_gen_ext32u_i64(t, cpu_x[r]);
    }
    return t;
}

TCGv_i64 a64_reg_sp(unsigned r)
{
    return cpu_x[r];
}

void a64_write_reg(DisasContext *s, unsigned r, TCGv_i64 val, bool sf)
{
    if (r == 31) {
        return;
    }
    if (sf) {
        tcg_gen_mov_i64(cpu_x[r], val);
    } else {
        tcg_gen_ext32u_i64(cpu_x[r], val);
    }
}

void a64_write_reg_sp(unsigned r, TCGv_i64 val, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_x[r], val);
    } else {
        tcg_gen_ext32u_i64(cpu_x[r], val);
    }
}

void a64_gen_logic_flags(TCGv_i64 res, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_nf, res);
        tcg_gen_mov_i64(cpu_zf, res);
    } else {
        tcg_gen_ext32s_i64(cpu_nf, res);
        tcg_gen_ext32u_i64(cpu_zf, res);
    }
    tcg_gen_movi_i64(cpu_cf, 0);
    tcg_gen_movi_i64(cpu_vf, 0);
}

/*
 * For 32-bit forms a and b arrive zero-extended; results keep the
 * flag encoding of cpu.h by moving bit 31 to bit 63 for N and V.
 */
static void a64_set_nz_v(TCGv_i64 d, TCGv_i64 res, TCGv_i64 v, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_vf, v);
        tcg_gen_mov_i64(cpu_nf, res);
        tcg_gen_mov_i64(cpu_zf, res);
        tcg_gen_mov_i64(d, res);
    } else {
        tcg_gen_shli_i64(cpu_vf, v, 32);
        tcg_gen_ext32u_i64(cpu_zf, res);
        tcg_gen_ext32s_i64(cpu_nf, res);
        tcg_gen_ext32u_i64(d, res);
    }
}

void a64_gen_add_flags(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf)
{
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    if (sf) {
        tcg_gen_add2_i64(res, cpu_cf, a, zero, b, zero);
    } else {
        tcg_gen_add_i64(res, a, b);
        tcg_gen_shri_i64(cpu_cf, res, 32);
    }
    /* V: the operands have the same sign and the result another. */
    tcg_gen_xor_i64(v, res, a);
    tcg_gen_xor_i64(t, a, b);
    tcg_gen_andc_i64(v, v, t);
    a64_set_nz_v(d, res, v, sf);
}

void a64_gen_sub_flags(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf)
{
    TCGv_i64 res = tcg_temp_new_i64();
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_sub_i64(res, a, b);
    /* C is NOT borrow (ARM ARM C1.2.4): set when a >= b unsigned. */
    tcg_gen_setcond_i64(TCG_COND_GEU, cpu_cf, a, b);
    tcg_gen_xor_i64(v, res, a);
    tcg_gen_xor_i64(t, a, b);
    tcg_gen_and_i64(v, v, t);
    a64_set_nz_v(d, res, v, sf);
}

void a64_gen_adc(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf, bool flags)
{
    TCGv_i64 res = tcg_temp_new_i64();

    if (!flags) {
        tcg_gen_add_i64(res, a, b);
        tcg_gen_add_i64(res, res, cpu_cf);
        tcg_gen_mov_i64(d, res);
        return;
    }

    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    if (sf) {
        TCGv_i64 c1 = tcg_temp_new_i64();

        tcg_gen_add2_i64(res, c1, a, zero, cpu_cf, zero);
        tcg_gen_add2_i64(res, cpu_cf, res, c1, b, zero);
    } else {
        tcg_gen_add_i64(res, a, b);
        tcg_gen_add_i64(res, res, cpu_cf);
        tcg_gen_shri_i64(cpu_cf, res, 32);
    }
    tcg_gen_xor_i64(v, res, a);
    tcg_gen_xor_i64(t, a, b);
    tcg_gen_andc_i64(v, v, t);
    a64_set_nz_v(d, res, v, sf);
}

void a64_test_cc(DisasCompare *c, unsigned cc)
{
    TCGv_i64 t;

    c->value2 = tcg_constant_i64(0);
    switch (cc >> 1) {
    case 0: /* EQ/NE: Z */
        c->cond = TCG_COND_EQ;
        c->value = cpu_zf;
        break;
    case 1: /* CS/CC: C */
        c->cond = TCG_COND_NE;
        c->value = cpu_cf;
        break;
    case 2: /* MI/PL: N */
        c->cond = TCG_COND_LT;
        c->value = cpu_nf;
        break;
    case 3: /* VS/VC: V */
        c->cond = TCG_COND_LT;
        c->value = cpu_vf;
        break;
    case 4: /* HI/LS: C && !Z */
        t = tcg_temp_new_i64();
        tcg_gen_neg_i64(t, cpu_cf);
        tcg_gen_and_i64(t, t, cpu_zf);
        c->cond = TCG_COND_NE;
        c->value = t;
        break;
    case 5: /* GE/LT: N == V */
        t = tcg_temp_new_i64();
        tcg_gen_xor_i64(t, cpu_nf, cpu_vf);
        c->cond = TCG_COND_GE;
        c->value = t;
        break;
    case 6: { /* GT/LE: !Z && N == V */
        TCGv_i64 u = tcg_temp_new_i64();

        t = tcg_temp_new_i64();
        tcg_gen_xor_i64(t, cpu_nf, cpu_vf);
        tcg_gen_setcondi_i64(TCG_COND_GE, t, t, 0);
        tcg_gen_setcondi_i64(TCG_COND_NE, u, cpu_zf, 0);
        tcg_gen_and_i64(t, t, u);
        c->cond = TCG_COND_NE;
        c->value = t;
        break;
    }
    default: /* AL, NV (ARM ARM: NV behaves as AL in A64) */
        c->cond = TCG_COND_ALWAYS;
        c->value = cpu_zf;
        return;
    }
    if (cc & 1) {
        c->cond = tcg_invert_cond(c->cond);
    }
}

/*
 * A SUBS or CMP followed by B.cond, CSEL or CCMP (most compares): test
 * the condition on the operands, one host compare, rather than on the
 * four flag values (up to five more operations for GT/LE). The flags
 * are still computed: later code may read them. N, V and their
 * combinations with Z follow from a - b as the ARM ARM defines them
 * (C1.2.4): GE is a >= b signed, HI is a > b unsigned, and so on.
 */
void a64_note_sub_flags(DisasContext *s, TCGv_i64 a, TCGv_i64 b, bool sf)
{
    s->cmp_pc = s->pc_curr;
    s->cmp_a = tcg_temp_new_i64();
    s->cmp_b = tcg_temp_new_i64();
    s->cmp_sf = sf;
    tcg_gen_mov_i64(s->cmp_a, a);   /* a SUBS may overwrite its source */
    tcg_gen_mov_i64(s->cmp_b, b);
}

void a64_test_cc_s(DisasContext *s, DisasCompare *c, unsigned cc)
{
    /* EQ, CS, HI, GE, GT; NEVER (0): MI and VS test one flag already */
    static const TCGCond conds[8] = {
        [0] = TCG_COND_EQ, [1] = TCG_COND_GEU, [4] = TCG_COND_GTU,
        [5] = TCG_COND_GE, [6] = TCG_COND_GT,
    };
    TCGCond cond = conds[cc >> 1];

    if (s->cmp_pc != s->pc_curr - 4 || cond == TCG_COND_NEVER) {
        a64_test_cc(c, cc);
        return;
    }
    c->cond = cc & 1 ? tcg_invert_cond(cond) : cond;
    c->value = s->cmp_a;
    c->value2 = s->cmp_b;
    if (!s->cmp_sf && (cc >> 1) >= 5) {
        /* 32-bit operands arrive zero-extended: signed needs more. */
        c->value = tcg_temp_new_i64();
        c->value2 = tcg_temp_new_i64();
        tcg_gen_ext32s_i64(c->value, s->cmp_a);
        tcg_gen_ext32s_i64(c->value2, s->cmp_b);
    }
}

/* ---- exceptions and TB ends --------------------------------------- */

bool a64_fp_access_check(DisasContext *s)
{
    if (s->fp_enabled) {
        return true;
    }
    /* ARM ARM D17.2.37: EC 0x07; from AArch64, CV = 1 and COND = 0xE. */
    a64_gen_exception(s, s->pc_curr, ESR_IL | (1u << 24) | (0xeu << 20) |
                      ((uint32_t)EC_FP_ACCESS << ESR_EC_SHIFT));
    return false;
}

void a64_gen_exception(DisasContext *s, uint64_t return_pc, uint32_t syndrome)
{
    tcg_gen_movi_i64(cpu_pc, return_pc);
    tcg_gen_calln(&helper_info_exception, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                  tcgv_i32_arg(tcg_constant_i32(syndrome)));
    tcg_gen_exit_tb(NULL, 0);   /* not reached: the helper leaves */
    s->base->is_jmp = DISAS_NORETURN;
}

void a64_gen_undef(DisasContext *s)
{
    a64_gen_exception(s, s->pc_curr, ESR_IL |
                      ((uint32_t)EC_UNCATEGORIZED << ESR_EC_SHIFT));
}

static bool a64_use_goto_tb(DisasContext *s, uint64_t dest)
{
    if (s->test_mode || s->base->singlestep) {
        return false;
    }
    return translator_use_goto_tb(s->base, dest);
}

/* Leave for the loop with cpu_pc already set. */
static void a64_gen_exit(DisasContext *s, bool lookup)
{
    if (s->test_mode) {
        tcg_gen_exit_tb(NULL, 0);
    } else if (lookup && !s->base->singlestep) {
        translator_gen_lookup_and_goto_ptr(s->base);
    } else {
        tcg_gen_exit_tb(NULL, 0);
    }
}

void a64_gen_goto(DisasContext *s, unsigned slot, uint64_t dest)
{
    if (a64_use_goto_tb(s, dest)) {
        tcg_gen_goto_tb(slot);
        tcg_gen_movi_i64(cpu_pc, dest);
        uintptr_t v = translator_exit_value(s->base, slot);

        /* The unlinked path: the loop may link the slot from here. */
        tcg_gen_exit_tb((const void *)(v & ~(uintptr_t)3), v & 3);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        a64_gen_exit(s, true);
    }
    s->base->is_jmp = DISAS_NORETURN;
}

/* ---- branches (ARM ARM C4.1.65) ------------------------------------ */

static bool disas_cond_branch(DisasContext *s, DisasCompare *c, uint64_t dest)
{
    uint64_t next = s->base->pc_next;
    TCGLabel taken;

    if (c->cond == TCG_COND_ALWAYS) {
        a64_gen_goto(s, 0, dest);
        return true;
    }
    taken = tcg_label_new();
    tcg_gen_brcond_i64(c->cond, c->value, c->value2, taken);
    a64_gen_goto(s, 0, next);
    tcg_gen_set_label(taken);
    a64_gen_goto(s, 1, dest);
    return true;
}

static bool disas_branch(DisasContext *s, uint32_t insn)
{
    uint64_t pc = s->pc_curr;

    if ((insn & 0x7c000000) == 0x14000000) {
        /* B, BL: imm26 */
        uint64_t dest = pc + (a64_sbits(insn, 0, 26) * 4);

        if (insn >> 31) {
            tcg_gen_movi_i64(cpu_x[30], s->base->pc_next);
        }
        a64_gen_goto(s, 0, dest);
        return true;
    }
    if ((insn & 0x7e000000) == 0x34000000) {
        /* CBZ, CBNZ */
        bool sf = insn >> 31;
        DisasCompare c = {
            .cond = (insn & (1u << 24)) ? TCG_COND_NE : TCG_COND_EQ,
            .value = a64_read_reg(s, a64_bits(insn, 0, 5), sf),
            .value2 = tcg_constant_i64(0),
        };

        return disas_cond_branch(s, &c, pc + (a64_sbits(insn, 5, 19) * 4));
    }
    if ((insn & 0x7e000000) == 0x36000000) {
        /* TBZ, TBNZ: b5:b40 selects the bit */
        unsigned bit = (a64_bits(insn, 31, 1) << 5) | a64_bits(insn, 19, 5);
        TCGv_i64 t = tcg_temp_new_i64();
        DisasCompare c = {
            .cond = (insn & (1u << 24)) ? TCG_COND_NE : TCG_COND_EQ,
            .value = t,
            .value2 = tcg_constant_i64(0),
        };

        tcg_gen_andi_i64(t, a64_read_reg(s, a64_bits(insn, 0, 5), true),
                         1ull << bit);
        return disas_cond_branch(s, &c, pc + (a64_sbits(insn, 5, 14) * 4));
    }
    if ((insn & 0xff000010) == 0x54000000) {
        /* B.cond */
        DisasCompare c;

        a64_test_cc_s(s, &c, a64_bits(insn, 0, 4));
        return disas_cond_branch(s, &c, pc + (a64_sbits(insn, 5, 19) * 4));
    }
    if ((insn & 0xfe000000) == 0xd6000000) {
        /* Unconditional branch (register): BR, BLR, RET, ERET */
        unsigned opc = a64_bits(insn, 21, 4);
        unsigned op2 = a64_bits(insn, 16, 5);
        unsigned op3 = a64_bits(insn, 10, 6);
        unsigned rn = a64_bits(insn, 5, 5);
        unsigned op4 = a64_bits(insn, 0, 5);

        if (op2 != 0x1f || op3 != 0) {
            return false;   /* PAC forms (ARMv8.3) not implemented */
        }
        if (opc <= 2 && op4 == 0) {
            TCGv_i64 dest = a64_read_reg(s, rn, true);

            if (opc == 1) {
                tcg_gen_movi_i64(cpu_x[30], s->base->pc_next);
            }
            tcg_gen_mov_i64(cpu_pc, dest);
            a64_gen_exit(s, true);
            s->base->is_jmp = DISAS_NORETURN;
            return true;
        }
        if (opc == 4 && rn == 0x1f && op4 == 0) {
            /* ERET: UNDEFINED at EL0 (ARM ARM C6.2.87) */
            if (s->el == 0) {
                return false;
            }
            tcg_gen_calln(&helper_info_eret, TCG_NO_TEMP,
                          tcgv_ptr_arg(tcg_env));
            a64_gen_exit(s, false);
            s->base->is_jmp = DISAS_NORETURN;
            return true;
        }
        return false;
    }
    return false;
}

/* ---- exception generation (ARM ARM C4.1.65.1) ---------------------- */

static bool disas_exc(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 21, 3);
    unsigned imm16 = a64_bits(insn, 5, 16);
    unsigned op2ll = a64_bits(insn, 0, 5);
    uint32_t iss = imm16;

    switch (opc << 5 | op2ll) {
    case 0x01: /* SVC */
        a64_gen_exception(s, s->base->pc_next,
                          ((uint32_t)EC_SVC64 << ESR_EC_SHIFT) | ESR_IL | iss);
        return true;
    case 0x02: /* HVC: UNDEFINED at EL0, and with EL2 absent */
    case 0x03: /* SMC: likewise without EL3 (ARM ARM C6.2.282) */
        if (s->el == 0 || arm_cpu(arm_env_cpu(s->env))->psci_conduit !=
            (op2ll == 2 ? ARM_PSCI_HVC : ARM_PSCI_SMC)) {
            return false;
        }
        /* The board's PSCI firmware answers; other calls stay UNDEFINED. */
        tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
        tcg_gen_calln(&helper_info_psci, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env));
        a64_gen_exit(s, false);
        s->base->is_jmp = DISAS_NORETURN;
        return true;
    case 0x20: /* BRK: preferred return is the BRK itself */
        a64_gen_exception(s, s->pc_curr,
                          ((uint32_t)EC_BRK64 << ESR_EC_SHIFT) | ESR_IL | iss);
        return true;
    case 0x40: /* HLT */
        if (imm16 == 0xf000 && arm_semihosting_enabled()) {
            tcg_gen_movi_i64(cpu_pc, s->pc_curr);
            tcg_gen_calln(&helper_info_semihosting, TCG_NO_TEMP,
                          tcgv_ptr_arg(tcg_env));
            return true;
        }
        /* Halting debug is not enabled: HLT is UNDEFINED (C6.2.95). */
        return false;
    default:
        return false;
    }
}

/* ---- system (ARM ARM C4.1.65.4) ------------------------------------ */

static bool disas_hint(DisasContext *s, unsigned crm, unsigned op2)
{
    unsigned hint = crm << 3 | op2;

    switch (hint) {
    case 3: /* WFI */
        tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
        tcg_gen_calln(&helper_info_wfi, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env));
        tcg_gen_exit_tb(NULL, 0);
        s->base->is_jmp = DISAS_NORETURN;
        return true;
    case 2: /* WFE: no events are modelled; a yield to the loop */
    case 1: /* YIELD */
        tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
        if (!s->test_mode) {
            tcg_gen_calln(&helper_info_yield, TCG_NO_TEMP,
                          tcgv_ptr_arg(tcg_env));
        }
        a64_gen_exit(s, false);
        s->base->is_jmp = DISAS_NORETURN;
        return true;
    default:
        /*
         * NOP, SEV, SEVL, ESB, PSB, TSB, CSDB, the PAC hints (PACIASP,
         * AUTIASP, ... in the hint space: ARMv8.3) and BTI: all NOPs
         * on a CPU without those features, as the architecture requires
         * of unallocated hints (ARM ARM C6.2.104).
         */
        return true;
    }
}

static bool disas_system(DisasContext *s, uint32_t insn)
{
    bool l = a64_bits(insn, 21, 1);
    unsigned op0 = a64_bits(insn, 19, 2);
    unsigned op1 = a64_bits(insn, 16, 3);
    unsigned crn = a64_bits(insn, 12, 4);
    unsigned crm = a64_bits(insn, 8, 4);
    unsigned op2 = a64_bits(insn, 5, 3);
    unsigned rt = a64_bits(insn, 0, 5);

    if (op0 == 0) {
        if (l) {
            return false;
        }
        if (crn == 2 && rt == 31 && op1 == 3) {
            return disas_hint(s, crm, op2);
        }
        if (crn == 3 && rt == 31 && op1 == 3) {
            switch (op2) {
            case 2: /* CLREX */
                tcg_gen_calln(&helper_info_clear_exclusive, TCG_NO_TEMP,
                              tcgv_ptr_arg(tcg_env));
                return true;
            case 4: /* DSB */
            case 5: /* DMB */
                tcg_gen_mb(TCG_MO_ALL);
                return true;
            case 6: /* ISB */
                /*
                 * Later code sees context changes: a new TB, found by a
                 * lookup (a TLBI before the ISB may have remapped the
                 * next instruction's page; the lookup walks the TLB
                 * again, a goto_tb would not). Writes that change the TB
                 * flags end their own TB to the loop, so the flags still
                 * hold; an interrupt a write unmasked leaves through the
                 * exit request at the next TB's entry. Linux runs an ISB
                 * before each read of the counter (sched_clock): going
                 * back to the loop here was 450 K exits of one boot.
                 */
                tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
                a64_gen_exit(s, true);
                s->base->is_jmp = DISAS_NORETURN;
                return true;
            default:
                return false;
            }
        }
        if (crn == 4 && rt == 31) {
            /* MSR (immediate): ARM ARM C5.2 PSTATE fields */
            unsigned op = op1 << 3 | op2;

            switch (op) {
            case 0x05: /* SPSel */
                if (s->el == 0) {
                    return false;
                }
                tcg_gen_calln(&helper_info_msr_spsel, TCG_NO_TEMP,
                              tcgv_ptr_arg(tcg_env),
                              tcgv_i32_arg(tcg_constant_i32(crm & 1)));
                break;
            case 0x1e: /* DAIFSet */
            case 0x1f: /* DAIFClr */
                if (s->el == 0) {
                    return false;   /* SCTLR_EL1.UMA not supported */
                }
                tcg_gen_calln(&helper_info_msr_daif, TCG_NO_TEMP,
                              tcgv_ptr_arg(tcg_env),
                              tcgv_i32_arg(tcg_constant_i32(
                                  (op == 0x1e ? 0x10 : 0) | crm)));
                break;
            default:
                return false;
            }
            if (op == 0x1e) {
                /* Masking more takes nothing: the TB goes on. */
                return true;
            }
            /*
             * DAIFClr: an interrupt it unmasks leaves through the exit
             * request at the next TB's entry (arm_daif_unmasked). SPSel
             * changes the TB flags: the loop.
             */
            tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
            a64_gen_exit(s, op == 0x1f);
            s->base->is_jmp = DISAS_NORETURN;
            return true;
        }
        return false;
    }
    if (op0 == 1) {
        /*
         * SYS/SYSL: cache and TLB maintenance, AT. No caches are
         * modelled: IC/DC are no-ops; DC ZVA is not advertised
         * (DCZID_EL0.DZP = 1).
         */
        if (l || s->el == 0) {
            return false;
        }
        if (op1 == 0 && crn == 8 && (crm == 3 || crm == 7) && op2 != 4 &&
            op2 != 6) {
            /* TLBI VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 (+IS) */
            tcg_gen_calln(&helper_info_tlbi, TCG_NO_TEMP,
                          tcgv_ptr_arg(tcg_env),
                          tcgv_i32_arg(tcg_constant_i32(crm << 3 | op2)),
                          tcgv_i64_arg(a64_read_reg(s, rt, true)));
            return true;
        }
        if (op1 == 0 && crn == 7 && crm == 8 && op2 < 4) {
            /* AT S1E1R, S1E1W, S1E0R, S1E0W */
            tcg_gen_calln(&helper_info_at, TCG_NO_TEMP,
                          tcgv_ptr_arg(tcg_env),
                          tcgv_i32_arg(tcg_constant_i32(op2)),
                          tcgv_i64_arg(a64_read_reg(s, rt, true)));
            return true;
        }
        if (crn == 7) {
            return true;
        }
        return false;
    }

    /* MRS / MSR (register) */
    uint32_t key = a64_bits(insn, 5, 16);
    int idx = arm_sysreg_lookup(key, s->el, l);
    ArmSysregEnd end;

    if (idx < 0) {
        int reg = arm_gic_sysreg_lookup(s->env, key, s->el, l);

        if (reg < 0) {
            return false;
        }
        if (l) {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_calln(&helper_info_gic_read, tcgv_i64_arg(t),
                          tcgv_ptr_arg(tcg_env),
                          tcgv_i32_arg(tcg_constant_i32(reg)));
            a64_write_reg(s, rt, t, true);
            return true;
        }
        tcg_gen_calln(&helper_info_gic_write, TCG_NO_TEMP,
                      tcgv_ptr_arg(tcg_env),
                      tcgv_i32_arg(tcg_constant_i32(reg)),
                      tcgv_i64_arg(a64_read_reg(s, rt, true)));
        /* A write may unmask or acknowledge: back to the loop. */
        tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
        a64_gen_exit(s, false);
        s->base->is_jmp = DISAS_NORETURN;
        return true;
    }
    if (arm_sysreg_is_fp(idx) && !a64_fp_access_check(s)) {
        return true;    /* FPCR/FPSR: trapped by CPACR_EL1.FPEN */
    }
    end = arm_sysreg_write_end(idx);
    if (arm_sysreg_is_sp_el0(idx) && !s->spsel) {
        /* The SP in use: MRS/MSR SP_EL0 are UNDEFINED (C5.2.17). */
        return false;
    }
    if (l) {
        TCGv_i64 t = tcg_temp_new_i64();
        size_t ofs = 0;

        switch (arm_sysreg_read_inline(idx, &ofs)) {
        case ARM_SR_READ_FIELD:
            tcg_gen_ld_i64(t, tcg_env, (intptr_t)ofs);
            break;
        default:
            tcg_gen_calln(&helper_info_sysreg_read, tcgv_i64_arg(t),
                          tcgv_ptr_arg(tcg_env),
                          tcgv_i32_arg(tcg_constant_i32(idx | rt << 16)));
            break;
        }
        a64_write_reg(s, rt, t, true);
    } else {
        tcg_gen_calln(&helper_info_sysreg_write, TCG_NO_TEMP,
                      tcgv_ptr_arg(tcg_env),
                      tcgv_i32_arg(tcg_constant_i32(idx | rt << 16)),
                      tcgv_i64_arg(a64_read_reg(s, rt, true)));
        /* What the write may change decides the TB's end. */
        if (end != ARM_SR_END_NONE) {
            tcg_gen_movi_i64(cpu_pc, s->base->pc_next);
            a64_gen_exit(s, end == ARM_SR_END_LOOKUP);
            s->base->is_jmp = DISAS_NORETURN;
        }
    }
    return true;
}

bool a64_disas_branch_sys(DisasContext *s, uint32_t insn)
{
    if ((insn & 0xff000000) == 0xd4000000) {
        return disas_exc(s, insn);
    }
    if ((insn & 0xffc00000) == 0xd5000000) {
        return disas_system(s, insn);
    }
    return disas_branch(s, insn);
}

/* ---- top level ----------------------------------------------------- */

void a64_translate_word(DisasContext *s, uint32_t insn)
{
    bool ok;

    s->insn = insn;
    switch (a64_bits(insn, 25, 4)) {
    case 0x8: case 0x9:
        ok = a64_disas_dp_imm(s, insn);
        break;
    case 0xa: case 0xb:
        ok = a64_disas_branch_sys(s, insn);
        break;
    case 0x4: case 0xc:
        ok = a64_disas_ldst(s, insn);
        break;
    case 0x6: case 0xe: /* loads and stores with V = 1: SIMD&FP */
        ok = a64_disas_ldst_simd(s, insn);
        break;
    case 0x5: case 0xd:
        ok = a64_disas_dp_reg(s, insn);
        break;
    case 0x7: case 0xf:
        ok = a64_disas_simd_fp(s, insn);
        break;
    default: /* reserved, SVE: not implemented */
        ok = false;
        break;
    }
    if (!ok) {
        log_unimp("a64: unallocated or unimplemented %08x at %016" PRIx64
                  "\n", insn, s->pc_curr);
        a64_gen_undef(s);
    }
}

/*
 * The loop owns the DisasContextBase; the rest of the context is this
 * thread's (one TB is translated at a time per thread).
 */
static __thread DisasContext a64_dc;
/* The TB's instruction words, for -d in_asm. */
#define A64_LOG_MAX_INSNS 512
static __thread uint32_t a64_words[A64_LOG_MAX_INSNS];

static DisasContext *a64_ctx(DisasContextBase *db)
{
    a64_dc.base = db;
    return &a64_dc;
}

static void a64_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = a64_ctx(db);

    s->test_mode = false;

    s->env = arm_env(cs);
    s->el = db->flags & ARM_TBFLAG_EL_MASK;
    s->mmu_idx = s->el;
    s->align_mem = db->flags & ARM_TBFLAG_ALIGN;
    s->spsel = db->flags & ARM_TBFLAG_SPSEL;
    s->cmp_pc = UINT64_MAX;
    s->fp_enabled = db->flags & ARM_TBFLAG_FPEN;
    s->have_fp = ((s->env->id.id_aa64pfr0 >> 16) & 0xf) != 0xf;
}

static void a64_tb_start(DisasContextBase *db, CPUState *cs)
{
    /* The loop emits the exit-request check itself. */
}

static void a64_insn_start(DisasContextBase *db, CPUState *cs)
{
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = a64_ctx(db);
    uint64_t pc = db->pc_next;

    s->pc_curr = pc;
    if (pc & 3) {
        /* PC alignment fault (ARM ARM D1.3.5.4): FAR holds the PC. */
        a64_gen_exception(s, pc,
                          ((uint32_t)EC_PC_ALIGN << ESR_EC_SHIFT) | ESR_IL);
        db->pc_next = pc + 4;
        return;
    }
    uint32_t insn = translator_ldl(cs, db, pc);

    if (db->num_insns >= 1 && db->num_insns <= A64_LOG_MAX_INSNS) {
        a64_words[db->num_insns - 1] = insn;
    }
    db->pc_next = pc + 4;
    a64_translate_word(s, insn);
    /*
     * -d in_asm once the TB is complete: the loop stops after this
     * instruction if it ended the TB, at max_insns or at the page end
     * (tb_stop is not called after a DISAS_NORETURN).
     */
    if (log_enabled(LOG_IN_ASM) &&
        (db->is_jmp != DISAS_NEXT || db->num_insns >= db->max_insns ||
         ((db->pc_next ^ db->pc_first) & ~0xfffull))) {
        int n = db->num_insns;

        a64_log_in_asm(db->pc_first, a64_words,
                       n < A64_LOG_MAX_INSNS ? n : A64_LOG_MAX_INSNS);
    }
}

void a64_tb_stop_common(DisasContext *s)
{
    switch (s->base->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        a64_gen_goto(s, 1, s->base->pc_next);
        break;
    case DISAS_UPDATE_EXIT:
        a64_gen_exit(s, false);
        break;
    case DISAS_JUMP:
        a64_gen_exit(s, true);
        break;
    default:
        break;
    }
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cs)
{
    a64_tb_stop_common(a64_ctx(db));
}

const TranslatorOps arm_translator_ops = {
    .init_disas_context = a64_init_disas_context,
    .tb_start = a64_tb_start,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};
