/*
 * A64 loads and stores of SIMD&FP registers (ARM ARM C4.1.66, V = 1):
 * literal, pairs (LDP/STP/LDNP/STNP of S/D/Q), single registers of
 * B/H/S/D/Q with every addressing mode (unsigned offset, pre/post-index,
 * unscaled, register offset), and the AdvSIMD structure groups: LD1-LD4
 * and ST1-ST4 of multiple structures, single structures (one lane), and
 * LD1R-LD4R, with and without post-index.
 *
 * Vr lives in env->vregs[r] (cpu.h): byte n of the vector is byte n in
 * host memory, so an element is a host load/store at a64_vofs(r, n).
 * A write of fewer than 128 bits to a register clears the rest (ARM ARM
 * V[] assignment). Structure accesses are done element by element; for
 * LD1/ST1 (no interleaving) 64 bits at a time. With SCTLR.A, alignment
 * is checked per element, as the architecture does.
 */
#include "target/arm/translate-a64.h"

/* Alignment MemOp bits for an element of 1 << scale bytes (SCTLR.A). */
static MemOp a64_elem_align(DisasContext *s, unsigned scale)
{
    return s->align_mem ? (MemOp)(scale << MO_ASHIFT) : 0;
}

static void a64_vclear_high(unsigned r)
{
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, a64_vofs(r, 8));
}

/* Load a B/H/S/D/Q value at addr into Vt (the rest of Vt cleared). */
static void a64_vload(DisasContext *s, unsigned rt, TCGv_i64 addr,
                      unsigned scale)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    if (scale == 4) {
        TCGv_i64 hi = tcg_temp_new_i64(), a2 = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(lo, addr, s->mmu_idx,
                            MO_LEUQ | (s->align_mem ? MO_ALIGN_16 : 0));
        tcg_gen_addi_i64(a2, addr, 8);
        tcg_gen_qemu_ld_i64(hi, a2, s->mmu_idx, MO_LEUQ);
        tcg_gen_st_i64(lo, tcg_env, a64_vofs(rt, 0));
        tcg_gen_st_i64(hi, tcg_env, a64_vofs(rt, 8));
        return;
    }
    tcg_gen_qemu_ld_i64(lo, addr, s->mmu_idx, a64_memop(s, scale | MO_LE));
    tcg_gen_st_i64(lo, tcg_env, a64_vofs(rt, 0));
    a64_vclear_high(rt);
}

static void a64_vstore(DisasContext *s, unsigned rt, TCGv_i64 addr,
                       unsigned scale)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_ld_i64(lo, tcg_env, a64_vofs(rt, 0));
    if (scale == 4) {
        TCGv_i64 hi = tcg_temp_new_i64(), a2 = tcg_temp_new_i64();

        tcg_gen_ld_i64(hi, tcg_env, a64_vofs(rt, 8));
        tcg_gen_qemu_st_i64(lo, addr, s->mmu_idx,
                            MO_LEUQ | (s->align_mem ? MO_ALIGN_16 : 0));
        tcg_gen_addi_i64(a2, addr, 8);
        tcg_gen_qemu_st_i64(hi, a2, s->mmu_idx, MO_LEUQ);
        return;
    }
    tcg_gen_qemu_st_i64(lo, addr, s->mmu_idx, a64_memop(s, scale | MO_LE));
}

static bool disas_vld_lit(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 30, 2), rt = a64_bits(insn, 0, 5);
    uint64_t addr = s->pc_curr + (a64_sbits(insn, 5, 19) * 4);

    if (opc == 3) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    a64_vload(s, rt, tcg_constant_i64(addr), 2 + opc);
    return true;
}

static bool disas_vldst_pair(DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_bits(insn, 30, 2), type = a64_bits(insn, 23, 2);
    bool l = a64_bits(insn, 22, 1);
    unsigned rt2 = a64_bits(insn, 10, 5), rn = a64_bits(insn, 5, 5);
    unsigned rt = a64_bits(insn, 0, 5);
    unsigned scale = 2 + opc;
    int64_t off = a64_sbits(insn, 15, 7) * (1 << scale);
    TCGv_i64 addr, a2;

    if (opc == 3) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    addr = tcg_temp_new_i64();
    a2 = tcg_temp_new_i64();
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (type != 1) {
        tcg_gen_addi_i64(addr, addr, off);
    }
    tcg_gen_addi_i64(a2, addr, 1u << scale);
    if (l) {
        a64_vload(s, rt, addr, scale);
        a64_vload(s, rt2, a2, scale);
    } else {
        a64_vstore(s, rt, addr, scale);
        a64_vstore(s, rt2, a2, scale);
    }
    if (type == 1) {
        tcg_gen_addi_i64(addr, addr, off);
    }
    if (type == 1 || type == 3) {
        tcg_gen_mov_i64(cpu_x[rn], addr);
    }
    return true;
}

static bool disas_vldst_reg(DisasContext *s, uint32_t insn)
{
    unsigned size = a64_bits(insn, 30, 2), opc = a64_bits(insn, 22, 2);
    unsigned rn = a64_bits(insn, 5, 5), rt = a64_bits(insn, 0, 5);
    bool uimm = a64_bits(insn, 24, 1), load = opc & 1;
    bool wback = false, post = false;
    unsigned scale = size;
    int64_t off = 0;
    TCGv_i64 addr;

    if (opc & 2) {
        if (size != 0) {
            return false;
        }
        scale = 4; /* Q */
    }
    if (!uimm) {
        if (!a64_bits(insn, 21, 1)) {
            switch (a64_bits(insn, 10, 2)) {
            case 0: /* LDUR, STUR */
                break;
            case 1: /* post-index */
                post = wback = true;
                break;
            case 2: /* unprivileged: no SIMD&FP forms */
                return false;
            default: /* pre-index */
                wback = true;
                break;
            }
            off = a64_sbits(insn, 12, 9);
        } else if (a64_bits(insn, 10, 2) != 2 || !(a64_bits(insn, 13, 3) & 2)) {
            return false; /* atomics, PAC; option<1> = 0 */
        }
    } else {
        off = (int64_t)a64_bits(insn, 10, 12) << scale;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    addr = tcg_temp_new_i64();
    tcg_gen_mov_i64(addr, a64_reg_sp(rn));
    if (!uimm && a64_bits(insn, 21, 1)) {
        /* register offset: Rm extended by option, scaled if S */
        unsigned option = a64_bits(insn, 13, 3);
        TCGv_i64 rm = a64_read_reg(s, a64_bits(insn, 16, 5), true);

        if (option == 2) {
            tcg_gen_ext32u_i64(rm, rm);
        } else if (option == 6) {
            tcg_gen_ext32s_i64(rm, rm);
        }
        tcg_gen_shli_i64(rm, rm, a64_bits(insn, 12, 1) ? scale : 0);
        tcg_gen_add_i64(addr, addr, rm);
    } else if (!post) {
        tcg_gen_addi_i64(addr, addr, off);
    }
    if (load) {
        a64_vload(s, rt, addr, scale);
    } else {
        a64_vstore(s, rt, addr, scale);
    }
    if (post) {
        tcg_gen_addi_i64(addr, addr, off);
    }
    if (wback) {
        tcg_gen_mov_i64(cpu_x[rn], addr);
    }
    return true;
}

/* One element of Vr: load (into lane e) or store it, at addr. */
static void a64_elem_ldst(DisasContext *s, bool load, unsigned r, unsigned e,
                          unsigned scale, TCGv_i64 addr)
{
    MemOp mop = scale | MO_LE | a64_elem_align(s, scale);

    if (load) {
        TCGv_i64 t = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(t, addr, s->mmu_idx, mop);
        a64_vset_elem(r, scale, e, t);
    } else {
        tcg_gen_qemu_st_i64(a64_velem(r, scale, e, false), addr, s->mmu_idx,
                            mop);
    }
}

/* Post-index writeback: Rm = 31 means by the bytes transferred. */
static void a64_struct_wback(DisasContext *s, unsigned rn, unsigned rm,
                             TCGv_i64 base, unsigned bytes)
{
    if (rm == 31) {
        tcg_gen_addi_i64(cpu_x[rn], base, bytes);
    } else {
        tcg_gen_add_i64(cpu_x[rn], base, cpu_x[rm]);
    }
}

/* LD1-LD4 / ST1-ST4 (multiple structures), ARM ARM C4.1.66.3. */
static bool disas_ldst_multiple(DisasContext *s, uint32_t insn)
{
    bool q = a64_bits(insn, 30, 1), l = a64_bits(insn, 22, 1);
    bool post = a64_bits(insn, 23, 1);
    unsigned rm = a64_bits(insn, 16, 5), opcode = a64_bits(insn, 12, 4);
    unsigned scale = a64_bits(insn, 10, 2), rn = a64_bits(insn, 5, 5);
    unsigned rt = a64_bits(insn, 0, 5);
    unsigned rpt, selem, bytes = q ? 16 : 8, elements, off = 0;
    TCGv_i64 base, addr;

    if (!post && rm != 0) {
        return false;
    }
    switch (opcode) {
    case 0x0:
        rpt = 1;
        selem = 4;
        break;
    case 0x2:
        rpt = 4;
        selem = 1;
        break;
    case 0x4:
        rpt = 1;
        selem = 3;
        break;
    case 0x6:
        rpt = 3;
        selem = 1;
        break;
    case 0x7:
        rpt = 1;
        selem = 1;
        break;
    case 0x8:
        rpt = 1;
        selem = 2;
        break;
    case 0xa:
        rpt = 2;
        selem = 1;
        break;
    default:
        return false;
    }
    if (scale == 3 && !q && selem != 1) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    base = tcg_temp_new_i64();
    addr = tcg_temp_new_i64();
    tcg_gen_mov_i64(base, a64_reg_sp(rn));
    elements = bytes >> scale;
    for (unsigned r = 0; r < rpt; r++) {
        if (selem == 1) {
            /* No interleaving: the register is memory order, 64 bits at
             * a time, each access aligned as an element would be. */
            unsigned tt = (rt + r) % 32;
            MemOp mop = MO_LEUQ | a64_elem_align(s, scale);

            for (unsigned h = 0; h < bytes; h += 8, off += 8) {
                TCGv_i64 t = tcg_temp_new_i64();

                tcg_gen_addi_i64(addr, base, off);
                if (l) {
                    tcg_gen_qemu_ld_i64(t, addr, s->mmu_idx, mop);
                    tcg_gen_st_i64(t, tcg_env, a64_vofs(tt, h));
                } else {
                    tcg_gen_ld_i64(t, tcg_env, a64_vofs(tt, h));
                    tcg_gen_qemu_st_i64(t, addr, s->mmu_idx, mop);
                }
            }
            continue;
        }
        for (unsigned e = 0; e < elements; e++) {
            for (unsigned k = 0; k < selem; k++, off += 1u << scale) {
                tcg_gen_addi_i64(addr, base, off);
                a64_elem_ldst(s, l, (rt + r + k) % 32, e, scale, addr);
            }
        }
    }
    if (l && !q) {
        for (unsigned r = 0; r < rpt * selem; r++) {
            a64_vclear_high((rt + r) % 32);
        }
    }
    if (post) {
        a64_struct_wback(s, rn, rm, base, off);
    }
    return true;
}

/* LD1-LD4 / ST1-ST4 (single structure) and LD1R-LD4R: C4.1.66.4. */
static bool disas_ldst_single(DisasContext *s, uint32_t insn)
{
    bool q = a64_bits(insn, 30, 1), l = a64_bits(insn, 22, 1);
    bool post = a64_bits(insn, 23, 1), rbit = a64_bits(insn, 21, 1);
    unsigned rm = a64_bits(insn, 16, 5), opcode = a64_bits(insn, 13, 3);
    bool sbit = a64_bits(insn, 12, 1);
    unsigned size = a64_bits(insn, 10, 2), rn = a64_bits(insn, 5, 5);
    unsigned rt = a64_bits(insn, 0, 5);
    unsigned scale = opcode >> 1, selem = ((opcode & 1) << 1 | rbit) + 1;
    unsigned index = 0, off = 0;
    bool replicate = false;
    TCGv_i64 base, addr;

    if (!post && rm != 0) {
        return false;
    }
    switch (scale) {
    case 3:
        if (!l || sbit) {
            return false;
        }
        scale = size;
        replicate = true;
        break;
    case 0:
        index = q << 3 | sbit << 2 | size;
        break;
    case 1:
        if (size & 1) {
            return false;
        }
        index = q << 2 | sbit << 1 | size >> 1;
        break;
    default:
        if (size & 2) {
            return false;
        }
        if (!(size & 1)) {
            index = q << 1 | sbit;
        } else {
            if (sbit) {
                return false;
            }
            index = q;
            scale = 3;
        }
        break;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    base = tcg_temp_new_i64();
    addr = tcg_temp_new_i64();
    tcg_gen_mov_i64(base, a64_reg_sp(rn));
    for (unsigned k = 0; k < selem; k++, off += 1u << scale) {
        unsigned tt = (rt + k) % 32;

        tcg_gen_addi_i64(addr, base, off);
        if (!replicate) {
            a64_elem_ldst(s, l, tt, index, scale, addr);
            continue;
        }
        /* LDnR: the element replicated to every lane (ARM ARM Replicate) */
        TCGv_i64 t = tcg_temp_new_i64();
        MemOp mop = scale | MO_LE | a64_elem_align(s, scale);

        tcg_gen_qemu_ld_i64(t, addr, s->mmu_idx, mop);
        tcg_gen_muli_i64(t, t, a64_lane_rep[scale]);
        tcg_gen_st_i64(t, tcg_env, a64_vofs(tt, 0));
        tcg_gen_st_i64(q ? t : tcg_constant_i64(0), tcg_env, a64_vofs(tt, 8));
    }
    if (post) {
        a64_struct_wback(s, rn, rm, base, off);
    }
    return true;
}

bool a64_disas_ldst_simd(DisasContext *s, uint32_t insn)
{
    if (!s->have_fp) {
        return false;
    }
    if ((insn & 0xbfbf0000) == 0x0c000000 ||
        (insn & 0xbfa00000) == 0x0c800000) {
        return disas_ldst_multiple(s, insn);
    }
    if ((insn & 0xbf9f0000) == 0x0d000000 ||
        (insn & 0xbf800000) == 0x0d800000) {
        return disas_ldst_single(s, insn);
    }
    switch (a64_bits(insn, 24, 6)) {
    case 0x1c:
        return disas_vld_lit(s, insn);
    case 0x2c:
    case 0x2d:
        return disas_vldst_pair(s, insn);
    case 0x3c:
    case 0x3d:
        return disas_vldst_reg(s, insn);
    default:
        return false;
    }
}
