/*
 * A64 loads and stores (ARM ARM C4.1.66), integer registers only:
 * literal, exclusive and acquire/release, pairs, and single registers
 * with every addressing mode (unsigned offset, pre/post-index,
 * unscaled, unprivileged, register offset). SIMD&FP forms (V = 1) and
 * the ARMv8.1+ additions other than LSE (translate-a64-atomic.c) are
 * unallocated here.
 *
 * The exclusive monitor is an address and the value(s) read by the
 * last load-exclusive (env->excl_*): a store-exclusive succeeds when the
 * address matches and memory still holds that value, which is what a
 * single-threaded round-robin of vCPUs can check exactly enough.
 * SCTLR_EL1.A (a TB flag) makes every normal access check alignment
 * (a64_memop). Not modelled (as in the reference): SP alignment
 * checking (SCTLR_ELx.SA).
 */
#include "target/arm/translate-a64.h"

/* MMU index of an unprivileged access (LDTR/STTR, ARM ARM C6.2.190). */
static int a64_unpriv_mmu_idx(DisasContext *s)
{
    return s->el == 1 ? ARM_MMU_IDX_EL0 : s->mmu_idx;
}

/* Load into Xrt; signed loads to a W register are zero-extended after. */
static void a64_do_load(DisasContext *s, unsigned rt, TCGv_i64 addr,
                        MemOp mop, bool ext32, int midx)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_qemu_ld_i64(t, addr, midx, a64_memop(s, mop));
    if (ext32) {
        tcg_gen_ext32u_i64(t, t);
    }
    a64_write_reg(s, rt, t, true);
}

static void a64_do_store(DisasContext *s, unsigned rt, TCGv_i64 addr,
                         MemOp mop, int midx)
{
    tcg_gen_qemu_st_i64(a64_read_reg(s, rt, true), addr, midx,
                        a64_memop(s, mop));
}

static bool disas_ld_lit(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 30, 2), rt = a64_bits(insn, 0, 5);
    uint64_t addr = s->pc_curr + (a64_sbits(insn, 5, 19) * 4);
    MemOp mop;

    switch (opc) {
    case 0: mop = MO_LEUL; break;
    case 1: mop = MO_LEUQ; break;
    case 2: mop = MO_LESL; break;
    default: return true;   /* PRFM (literal): no caches modelled */
    }
    a64_do_load(s, rt, tcg_constant_i64(addr), mop, false, s->mmu_idx);
    return true;
}

static void a64_excl_fail_or_store(DisasContext *s, unsigned rs,
                                   TCGv_i64 addr, unsigned rt, unsigned rt2,
                                   MemOp mop, bool pair, bool is64)
{
    TCGLabel fail = tcg_label_new(), done = tcg_label_new();
    TCGv_i64 t = tcg_temp_new_i64();
    unsigned size = memop_size(mop);

    tcg_gen_ld_i64(t, tcg_env, offsetof(ArmCPUState, excl_addr));
    tcg_gen_brcond_i64(TCG_COND_NE, addr, t, fail);
    tcg_gen_qemu_ld_i64(t, addr, s->mmu_idx, mop);
    {
        TCGv_i64 e = tcg_temp_new_i64();

        tcg_gen_ld_i64(e, tcg_env, offsetof(ArmCPUState, excl_val));
        tcg_gen_brcond_i64(TCG_COND_NE, t, e, fail);
    }
    if (pair) {
        TCGv_i64 a2 = tcg_temp_new_i64(), e = tcg_temp_new_i64();

        tcg_gen_addi_i64(a2, addr, size);
        tcg_gen_qemu_ld_i64(t, a2, s->mmu_idx, mop & ~MO_AMASK);
        tcg_gen_ld_i64(e, tcg_env, offsetof(ArmCPUState, excl_val2));
        tcg_gen_brcond_i64(TCG_COND_NE, t, e, fail);
        a64_do_store(s, rt, addr, mop, s->mmu_idx);
        a64_do_store(s, rt2, a2, mop & ~MO_AMASK, s->mmu_idx);
    } else {
        a64_do_store(s, rt, addr, mop, s->mmu_idx);
    }
    if (rs != 31) {
        tcg_gen_movi_i64(cpu_x[rs], 0);
    }
    tcg_gen_br(done);
    tcg_gen_set_label(fail);
    if (rs != 31) {
        tcg_gen_movi_i64(cpu_x[rs], 1);
    }
    tcg_gen_set_label(done);
    /* Either way the monitor is now open (ARM ARM B2.9.5). */
    tcg_gen_st_i64(tcg_constant_i64(UINT64_MAX), tcg_env,
                   offsetof(ArmCPUState, excl_addr));
}

static bool disas_ldst_excl(DisasContext *s, uint32_t insn)
{
    unsigned size = a64_bits(insn, 30, 2);
    bool o2 = a64_bits(insn, 23, 1), l = a64_bits(insn, 22, 1);
    bool o1 = a64_bits(insn, 21, 1), o0 = a64_bits(insn, 15, 1);
    unsigned rs = a64_bits(insn, 16, 5), rt2 = a64_bits(insn, 10, 5);
    unsigned rn = a64_bits(insn, 5, 5), rt = a64_bits(insn, 0, 5);
    MemOp mop = size | MO_LE;
    TCGv_i64 addr = tcg_temp_new_i64();

    if (o1 && (o2 || size < 2)) {
        return a64_disas_cas(s, insn);  /* CAS, CASP (LSE) */
    }
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (o2) {
        /* LDAR, STLR; LDLAR/STLLR (o0 = 0) are ARMv8.1 LOR */
        if (!o0) {
            return false;
        }
        if (l) {
            a64_do_load(s, rt, addr, mop | MO_ALIGN, false, s->mmu_idx);
            tcg_gen_mb(TCG_MO_ALL);
        } else {
            tcg_gen_mb(TCG_MO_ALL);
            a64_do_store(s, rt, addr, mop | MO_ALIGN, s->mmu_idx);
        }
        return true;
    }
    if (o1) {
        /* Pairs are aligned to their total size (ARM ARM B2.5.2). */
        mop |= size == 3 ? MO_ALIGN_16 : MO_ALIGN_8;
    } else {
        mop |= MO_ALIGN;
    }
    if (l) {
        TCGv_i64 v = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(v, addr, s->mmu_idx, mop);
        tcg_gen_st_i64(v, tcg_env, offsetof(ArmCPUState, excl_val));
        if (o1) {
            TCGv_i64 a2 = tcg_temp_new_i64(), v2 = tcg_temp_new_i64();

            tcg_gen_addi_i64(a2, addr, 1u << size);
            tcg_gen_qemu_ld_i64(v2, a2, s->mmu_idx, mop & ~MO_AMASK);
            tcg_gen_st_i64(v2, tcg_env, offsetof(ArmCPUState, excl_val2));
            a64_write_reg(s, rt2, v2, true);
        }
        tcg_gen_st_i64(addr, tcg_env, offsetof(ArmCPUState, excl_addr));
        a64_write_reg(s, rt, v, true);
        if (o0) {
            tcg_gen_mb(TCG_MO_ALL);     /* LDAXR: acquire */
        }
    } else {
        if (o0) {
            tcg_gen_mb(TCG_MO_ALL);     /* STLXR: release */
        }
        a64_excl_fail_or_store(s, rs, addr, rt, rt2, mop, o1, size == 3);
    }
    return true;
}

static bool disas_ldst_pair(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 30, 2), type = a64_bits(insn, 23, 2);
    bool l = a64_bits(insn, 22, 1);
    unsigned rt2 = a64_bits(insn, 10, 5), rn = a64_bits(insn, 5, 5);
    unsigned rt = a64_bits(insn, 0, 5);
    bool is_signed = false;
    unsigned scale;
    int64_t off;
    TCGv_i64 addr = tcg_temp_new_i64(), a2 = tcg_temp_new_i64();
    MemOp mop;

    switch (opc) {
    case 0:
        scale = 2;
        break;
    case 1:
        /* LDPSW; STGP (MTE) and LDNP with opc 1 are unallocated */
        if (!l || type == 0) {
            return false;
        }
        scale = 2;
        is_signed = true;
        break;
    case 2:
        scale = 3;
        break;
    default:
        return false;
    }
    off = a64_sbits(insn, 15, 7) * (1 << scale);
    mop = scale | MO_LE | (is_signed ? MO_SIGN : 0);
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (type != 1) {
        /* signed offset, pre-index, and the non-temporal forms */
        tcg_gen_addi_i64(addr, addr, off);
    }
    tcg_gen_addi_i64(a2, addr, 1u << scale);
    if (l) {
        /* Load both before writing either: Rt may be the base. */
        TCGv_i64 v1 = tcg_temp_new_i64(), v2 = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, a64_memop(s, mop));
        tcg_gen_qemu_ld_i64(v2, a2, s->mmu_idx, a64_memop(s, mop));
        a64_write_reg(s, rt, v1, true);
        a64_write_reg(s, rt2, v2, true);
    } else {
        a64_do_store(s, rt, addr, mop, s->mmu_idx);
        a64_do_store(s, rt2, a2, mop, s->mmu_idx);
    }
    if (type == 1) {
        tcg_gen_addi_i64(addr, addr, off);
    }
    if (type == 1 || type == 3) {
        tcg_gen_mov_i64(cpu_x[rn], addr);
    }
    return true;
}

/*
 * size and opc of a single-register load/store: the MemOp, whether it
 * is a load, and whether a signed load targets a W register. False for
 * unallocated; *prefetch for PRFM.
 */
static bool a64_ldst_memop(unsigned size, unsigned opc, MemOp *mop,
                           bool *load, bool *ext32, bool *prefetch)
{
    *mop = size | MO_LE;
    *load = opc != 0;
    *ext32 = false;
    *prefetch = false;
    switch (opc) {
    case 0: case 1:
        return true;
    case 2:
        if (size == 3) {
            *prefetch = true;
            return true;
        }
        *mop |= MO_SIGN;
        return true;
    default:
        if (size >= 2) {
            return false;
        }
        *mop |= MO_SIGN;
        *ext32 = true;
        return true;
    }
}

static bool disas_ldst_reg(DisasContext *s, uint32_t insn)
{
    unsigned size = a64_bits(insn, 30, 2), opc = a64_bits(insn, 22, 2);
    unsigned rn = a64_bits(insn, 5, 5), rt = a64_bits(insn, 0, 5);
    bool uimm = a64_bits(insn, 24, 1);
    bool load, ext32, prefetch, wback = false, post = false;
    int midx = s->mmu_idx;
    int64_t off = 0;
    TCGv_i64 addr = tcg_temp_new_i64();
    MemOp mop;

    if (a64_bits(insn, 26, 1)) {
        return false;   /* SIMD&FP registers */
    }
    if (!uimm && a64_bits(insn, 21, 1) && a64_bits(insn, 10, 2) == 0) {
        return a64_disas_atomic(s, insn);
    }
    if (!a64_ldst_memop(size, opc, &mop, &load, &ext32, &prefetch)) {
        return false;
    }
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (uimm) {
        off = (int64_t)a64_bits(insn, 10, 12) << size;
        tcg_gen_addi_i64(addr, addr, off);
    } else if (!a64_bits(insn, 21, 1)) {
        off = a64_sbits(insn, 12, 9);
        switch (a64_bits(insn, 10, 2)) {
        case 0: /* unscaled: LDUR, STUR, PRFUM */
            break;
        case 1: /* post-index */
            post = wback = true;
            break;
        case 2: /* unprivileged: LDTR, STTR */
            if (prefetch) {
                return false;
            }
            midx = a64_unpriv_mmu_idx(s);
            break;
        default: /* pre-index */
            wback = true;
            break;
        }
        if (wback && prefetch) {
            return false;
        }
        if (!post) {
            tcg_gen_addi_i64(addr, addr, off);
        }
    } else if (a64_bits(insn, 10, 2) == 2) {
        /* register offset: Rm extended by option, scaled if S */
        unsigned option = a64_bits(insn, 13, 3);
        unsigned shift = a64_bits(insn, 12, 1) ? size : 0;
        TCGv_i64 rm = a64_read_reg(s, a64_bits(insn, 16, 5), true);

        if (!(option & 2)) {
            return false;
        }
        switch (option) {
        case 2: tcg_gen_ext32u_i64(rm, rm); break;
        case 6: tcg_gen_ext32s_i64(rm, rm); break;
        default: break;
        }
        tcg_gen_shli_i64(rm, rm, shift);
        tcg_gen_add_i64(addr, addr, rm);
    } else {
        return false;   /* LDRAA/LDRAB (PAC): not implemented */
    }

    if (prefetch) {
        return true;
    }
    if (load) {
        TCGv_i64 v = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(v, addr, midx, a64_memop(s, mop));
        if (ext32) {
            tcg_gen_ext32u_i64(v, v);
        }
        if (post) {
            tcg_gen_addi_i64(addr, addr, off);
        }
        /* Writeback first: with Rt == Rn the loaded value wins. */
        if (wback) {
            tcg_gen_mov_i64(cpu_x[rn], addr);
        }
        a64_write_reg(s, rt, v, true);
    } else {
        a64_do_store(s, rt, addr, mop, midx);
        if (post) {
            tcg_gen_addi_i64(addr, addr, off);
        }
        if (wback) {
            tcg_gen_mov_i64(cpu_x[rn], addr);
        }
    }
    return true;
}

bool a64_disas_ldst(DisasContext *s, uint32_t insn)
{
    switch (a64_bits(insn, 24, 6)) {
    case 0x08:
        return disas_ldst_excl(s, insn);
    case 0x18:
        return disas_ld_lit(s, insn);
    case 0x28: case 0x29:
        return disas_ldst_pair(s, insn);
    case 0x38: case 0x39:
        return disas_ldst_reg(s, insn);
    default: /* SIMD&FP (V = 1), SIMD structures, LDAPR, ... */
        return false;
    }
}
