/*
 * A64 Large System Extensions atomics (ARMv8.1 FEAT_LSE, ARM ARM C3.2.12
 * "Atomic instructions"): CAS/CASP in the load/store exclusive group, and
 * the atomic memory operations LDADD, LDCLR, LDEOR, LDSET, LDSMAX,
 * LDSMIN, LDUMAX, LDUMIN and SWP (the ST* forms are these with Rt = ZR)
 * in every size and acquire/release form. Only decoded when the model
 * advertises ID_AA64ISAR0_EL1.Atomic.
 *
 * The TCG accelerator runs all vCPUs on one thread, so a load followed
 * by a store inside one instruction is single-copy atomic. The access
 * must be naturally aligned (an Alignment fault otherwise, C3.2.12). A
 * CAS that fails still writes memory back unchanged: it needs write
 * permission whatever the comparison gives, as the reference does.
 */
#include "target/arm/translate-a64.h"

static bool a64_have_lse(DisasContext *s)
{
    return ((s->env->id.id_aa64isar0 >> 20) & 0xf) >= 2;
}

static TCGv_i64 a64_ext_size(TCGv_i64 v, unsigned size, bool sign)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (size) {
    case 0: sign ? tcg_gen_ext8s_i64(t, v) : tcg_gen_ext8u_i64(t, v); break;
    case 1: sign ? tcg_gen_ext16s_i64(t, v) : tcg_gen_ext16u_i64(t, v); break;
    case 2: sign ? tcg_gen_ext32s_i64(t, v) : tcg_gen_ext32u_i64(t, v); break;
    default: tcg_gen_mov_i64(t, v); break;
    }
    return t;
}

/* CAS, CASA, CASL, CASAL (all sizes) and CASP (C6.2.40-C6.2.43). */
bool a64_disas_cas(DisasContext *s, uint32_t insn)
{
    unsigned size = a64_bits(insn, 30, 2);
    bool pair = !a64_bits(insn, 23, 1);
    bool acq = a64_bits(insn, 22, 1), rel = a64_bits(insn, 15, 1);
    unsigned rs = a64_bits(insn, 16, 5), rn = a64_bits(insn, 5, 5);
    unsigned rt = a64_bits(insn, 0, 5);
    TCGv_i64 addr = tcg_temp_new_i64();

    if (!a64_have_lse(s) || a64_bits(insn, 10, 5) != 0x1f) {
        return false;
    }
    if (pair && ((rs | rt) & 1 || size > 1)) {
        return false;   /* odd register pairs are unallocated here */
    }
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (rel) {
        tcg_gen_mb(TCG_MO_ALL);
    }
    if (!pair) {
        MemOp mop = size | MO_LE | MO_ALIGN;
        TCGv_i64 old = tcg_temp_new_i64(), nv = tcg_temp_new_i64();
        TCGv_i64 cmp = a64_read_reg(s, rs, size == 3);

        cmp = a64_ext_size(cmp, size, false);
        tcg_gen_qemu_ld_i64(old, addr, s->mmu_idx, mop);
        tcg_gen_movcond_i64(TCG_COND_EQ, nv, old, cmp,
                            a64_read_reg(s, rt, true), old);
        tcg_gen_qemu_st_i64(nv, addr, s->mmu_idx, mop);
        a64_write_reg(s, rs, old, true);
    } else {
        /* CASP: two registers of 32 (sz = 0) or 64 bits (sz = 1). */
        bool is64 = size == 1;
        MemOp mop = (is64 ? MO_64 : MO_32) | MO_LE;
        unsigned esize = is64 ? 8 : 4;
        TCGv_i64 a2 = tcg_temp_new_i64();
        TCGv_i64 o1 = tcg_temp_new_i64(), o2 = tcg_temp_new_i64();
        TCGv_i64 n1 = tcg_temp_new_i64(), n2 = tcg_temp_new_i64();
        TCGv_i64 eq = tcg_temp_new_i64(), t = tcg_temp_new_i64();
        TCGv_i64 c1 = a64_read_reg(s, rs, is64);
        TCGv_i64 c2 = a64_read_reg(s, rs + 1, is64);
        TCGv_i64 zero = tcg_constant_i64(0);

        tcg_gen_addi_i64(a2, addr, esize);
        tcg_gen_qemu_ld_i64(o1, addr, s->mmu_idx,
                            mop | (is64 ? MO_ALIGN_16 : MO_ALIGN_8));
        tcg_gen_qemu_ld_i64(o2, a2, s->mmu_idx, mop);
        tcg_gen_xor_i64(eq, o1, c1);
        tcg_gen_xor_i64(t, o2, c2);
        tcg_gen_or_i64(eq, eq, t);
        tcg_gen_movcond_i64(TCG_COND_EQ, n1, eq, zero,
                            a64_read_reg(s, rt, is64), o1);
        tcg_gen_movcond_i64(TCG_COND_EQ, n2, eq, zero,
                            a64_read_reg(s, rt + 1, is64), o2);
        tcg_gen_qemu_st_i64(n1, addr, s->mmu_idx, mop);
        tcg_gen_qemu_st_i64(n2, a2, s->mmu_idx, mop);
        a64_write_reg(s, rs, o1, true);
        a64_write_reg(s, rs + 1, o2, true);
    }
    if (acq) {
        tcg_gen_mb(TCG_MO_ALL);
    }
    return true;
}

/* Atomic memory operations (C4.1.94 "Atomic memory operations"). */
bool a64_disas_atomic(DisasContext *s, uint32_t insn)
{
    unsigned size = a64_bits(insn, 30, 2);
    bool acq = a64_bits(insn, 23, 1), rel = a64_bits(insn, 22, 1);
    unsigned rs = a64_bits(insn, 16, 5), o3 = a64_bits(insn, 15, 1);
    unsigned opc = a64_bits(insn, 12, 3);
    unsigned rn = a64_bits(insn, 5, 5), rt = a64_bits(insn, 0, 5);
    bool sign = opc == 4 || opc == 5;
    MemOp mop = size | MO_LE | MO_ALIGN | (sign ? MO_SIGN : 0);
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGv_i64 old = tcg_temp_new_i64(), nv = tcg_temp_new_i64();
    TCGv_i64 val;

    if (!a64_have_lse(s) || (o3 && opc != 0)) {
        return false;   /* LDAPR (o3, opc = 4) is ARMv8.3 RCpc */
    }
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    val = a64_ext_size(a64_read_reg(s, rs, true), size, sign);
    if (rel) {
        tcg_gen_mb(TCG_MO_ALL);
    }
    tcg_gen_qemu_ld_i64(old, addr, s->mmu_idx, mop);
    if (o3) {
        tcg_gen_mov_i64(nv, val);                       /* SWP */
    } else {
        switch (opc) {
        case 0: tcg_gen_add_i64(nv, old, val); break;   /* LDADD */
        case 1: tcg_gen_andc_i64(nv, old, val); break;  /* LDCLR */
        case 2: tcg_gen_xor_i64(nv, old, val); break;   /* LDEOR */
        case 3: tcg_gen_or_i64(nv, old, val); break;    /* LDSET */
        case 4: /* LDSMAX */
            tcg_gen_movcond_i64(TCG_COND_GT, nv, old, val, old, val);
            break;
        case 5: /* LDSMIN */
            tcg_gen_movcond_i64(TCG_COND_LT, nv, old, val, old, val);
            break;
        case 6: /* LDUMAX */
            tcg_gen_movcond_i64(TCG_COND_GTU, nv, old, val, old, val);
            break;
        default: /* LDUMIN */
            tcg_gen_movcond_i64(TCG_COND_LTU, nv, old, val, old, val);
            break;
        }
    }
    tcg_gen_qemu_st_i64(nv, addr, s->mmu_idx, mop & ~MO_SIGN);
    /* Rt gets the old value zero-extended from the access size. */
    a64_write_reg(s, rt, a64_ext_size(old, size, false), true);
    if (acq) {
        tcg_gen_mb(TCG_MO_ALL);
    }
    return true;
}
