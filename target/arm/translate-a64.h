/*
 * Shared by the A64 translator's files (one per instruction group,
 * ARM ARM C4.1): the disassembly context, register access and the
 * helpers every group uses. Not for use outside target/arm.
 */
#ifndef TARGET_ARM_TRANSLATE_A64_H
#define TARGET_ARM_TRANSLATE_A64_H

#include "accel/tcg/translator.h"
#include "target/arm/cpu.h"
#include "tcg/tcg-op.h"

/* Target-defined ends of a TB (DisasJumpType). */
#define DISAS_UPDATE_EXIT DISAS_TARGET_0  /* pc written; back to the loop */
#define DISAS_JUMP DISAS_TARGET_1         /* pc written; look up and go */

typedef struct DisasContext {
    DisasContextBase *base;     /* the loop's */
    ArmCPUState *env;           /* for the ID registers only */
    uint64_t pc_curr;           /* of the instruction being translated */
    uint32_t insn;
    unsigned el;
    int mmu_idx;
    bool align_mem;             /* SCTLR.A: every access checks alignment */
    bool spsel;                 /* PSTATE.SP: SP_ELx, not SP_EL0, in use */
    bool fp_enabled;            /* CPACR_EL1.FPEN lets this EL use FP */
    bool have_fp;               /* the model implements FP and AdvSIMD */
    /* Unit tests: end TBs with exit_tb(0), never through the loop. */
    bool test_mode;
    /* The operands of a SUBS/CMP at cmp_pc (a64_note_sub_flags). */
    uint64_t cmp_pc;
    TCGv_i64 cmp_a, cmp_b;
    bool cmp_sf;
} DisasContext;

/* The translator's globals (same handles in every context). */
extern TCGv_i64 cpu_x[32];
extern TCGv_i64 cpu_pc, cpu_nf, cpu_zf, cpu_cf, cpu_vf;

/* Bits [pos, pos + len) of the instruction word. */
static inline uint32_t a64_bits(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static inline int64_t a64_sbits(uint32_t insn, unsigned pos, unsigned len)
{
    return (int64_t)((uint64_t)a64_bits(insn, pos, len) << (64 - len)) >>
           (64 - len);
}

/* Register 31 as XZR: a fresh temp with the value (zero-extended if !sf). */
TCGv_i64 a64_read_reg(DisasContext *s, unsigned r, bool sf);
/* Register 31 as SP: the global itself (read it, do not write it here). */
TCGv_i64 a64_reg_sp(unsigned r);
/* Write val to Xr (31 = XZR: dropped); zero-extends when !sf. */
void a64_write_reg(DisasContext *s, unsigned r, TCGv_i64 val, bool sf);
/* Write val to Xr or SP (r = 31). */
void a64_write_reg_sp(unsigned r, TCGv_i64 val, bool sf);

/* Flags. */
void a64_gen_logic_flags(TCGv_i64 res, bool sf);
/* d = a + b (or a - b), setting NZCV; d may alias a or b. */
void a64_gen_add_flags(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf);
void a64_gen_sub_flags(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf);
/* d = a + b + C, optionally setting NZCV. */
void a64_gen_adc(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sf, bool flags);

/* A condition (ARM ARM C1.2.4) as "value <cond> 0". */
/* The condition holds when cond(value, value2). */
typedef struct DisasCompare {
    TCGCond cond;               /* NEVER/ALWAYS for AL/NV */
    TCGv_i64 value, value2;
} DisasCompare;
void a64_test_cc(DisasCompare *c, unsigned cc);
/* The same, on the operands of a SUBS/CMP just before where it can. */
void a64_test_cc_s(DisasContext *s, DisasCompare *c, unsigned cc);
void a64_note_sub_flags(DisasContext *s, TCGv_i64 a, TCGv_i64 b, bool sf);

/* Exceptions generated at translation time. */
void a64_gen_exception(DisasContext *s, uint64_t return_pc, uint32_t syndrome);
void a64_gen_undef(DisasContext *s);
/* PC-relative jump to dest, ending the TB. */
void a64_gen_goto(DisasContext *s, unsigned slot, uint64_t dest);

/* Instruction groups (each in its own file); false: unallocated. */
bool a64_disas_dp_imm(DisasContext *s, uint32_t insn);
bool a64_disas_dp_reg(DisasContext *s, uint32_t insn);
bool a64_disas_ldst(DisasContext *s, uint32_t insn);
bool a64_disas_branch_sys(DisasContext *s, uint32_t insn);
/* LSE (translate-a64-atomic.c): CAS/CASP and the atomic memory ops. */
bool a64_disas_cas(DisasContext *s, uint32_t insn);
bool a64_disas_atomic(DisasContext *s, uint32_t insn);
/*
 * SIMD&FP (translate-a64-simd*.c, translate-a64-fp.c): the load/store
 * groups with V = 1 and the structure loads/stores, and the data
 * processing groups (op0 x111).
 */
bool a64_disas_ldst_simd(DisasContext *s, uint32_t insn);
bool a64_disas_simd_fp(DisasContext *s, uint32_t insn);
bool a64_disas_fp(DisasContext *s, uint32_t insn);
/*
 * The SIMD&FP access check (ARM ARM CheckFPAdvSIMDEnabled64): call once
 * the encoding is known to be allocated, before emitting any code. False:
 * the trap (EC 0x07) was generated and the instruction is complete.
 */
bool a64_fp_access_check(DisasContext *s);
/*
 * AdvSIMD groups executed by helper_neon (neon-helper.c): with env NULL,
 * whether insn is implemented; else execute it on env's registers.
 */
bool a64_neon_exec(ArmCPUState *env, uint32_t insn);
extern const TCGHelperInfo helper_info_neon;
/*
 * The same contract, for the groups a64_neon_exec hands on: the AdvSIMD
 * floating-point forms, vector and scalar (neon-fp-helper.c), and the
 * cryptographic extension (crypto-helper.c). a64_neon_exec tries them
 * first, so their decoders must return false for anything else.
 */
bool a64_neon_fp_exec(ArmCPUState *env, uint32_t insn);
bool a64_crypto_exec(ArmCPUState *env, uint32_t insn);
/* Offset in ArmCPUState of byte n of Vr. */
static inline intptr_t a64_vofs(unsigned r, unsigned n)
{
    return (intptr_t)offsetof(ArmCPUState, vregs[r]) + n;
}

/*
 * translate-a64-simd.c: element e (of 1 << size bytes) of Vr read into a
 * new temp, zero- or sign-extended, and written from v (its low bytes).
 */
TCGv_i64 a64_velem(unsigned r, unsigned size, unsigned e, bool sign);
void a64_vset_elem(unsigned r, unsigned size, unsigned e, TCGv_i64 v);
/* 1 in every lane of 1 << size bytes: a lane's value times it fills all. */
extern const uint64_t a64_lane_rep[4];

/* MemOp of a normal access: alignment added when SCTLR.A asks. */
static inline MemOp a64_memop(DisasContext *s, MemOp mop)
{
    return (s->align_mem && !(mop & MO_AMASK)) ? mop | MO_ALIGN : mop;
}

/* Helpers called from generated code (helper.c, semihosting.c). */
extern const TCGHelperInfo helper_info_exception;
extern const TCGHelperInfo helper_info_sysreg_read;
extern const TCGHelperInfo helper_info_sysreg_write;
extern const TCGHelperInfo helper_info_msr_daif;
extern const TCGHelperInfo helper_info_msr_spsel;
extern const TCGHelperInfo helper_info_eret;
extern const TCGHelperInfo helper_info_wfi;
extern const TCGHelperInfo helper_info_crc32;
extern const TCGHelperInfo helper_info_crc32c;
extern const TCGHelperInfo helper_info_semihosting;
extern const TCGHelperInfo helper_info_clear_exclusive;
extern const TCGHelperInfo helper_info_yield;
extern const TCGHelperInfo helper_info_tlbi;
extern const TCGHelperInfo helper_info_at;
extern const TCGHelperInfo helper_info_psci;
extern const TCGHelperInfo helper_info_gic_read;
extern const TCGHelperInfo helper_info_gic_write;

/*
 * System registers (sysreg.c): look up an MRS/MSR encoding
 * (op0:op1:CRn:CRm:op2 packed as in the instruction, bits 20:5) and
 * check access from el. Returns the table index or -1 (UNDEFINED).
 */
int arm_sysreg_lookup(uint32_t key, unsigned el, bool is_read);
const char *arm_sysreg_name(int idx);
/* FPCR, FPSR: accesses trapped by CPACR_EL1.FPEN. */
bool arm_sysreg_is_fp(int idx);

/* What must follow an MSR to a system register (arm_sysreg_write_end). */
typedef enum {
    ARM_SR_END_NONE,    /* nothing: the TB goes on */
    ARM_SR_END_LOOKUP,  /* a new TB, by lookup: the translation changed */
    ARM_SR_END_LOOP,    /* back to the loop: the TB flags may change */
} ArmSysregEnd;
ArmSysregEnd arm_sysreg_write_end(int idx);

/* How an MRS of a system register may be done without the helper. */
typedef enum {
    ARM_SR_READ_HELPER, /* a helper call: computed, or may trap */
    ARM_SR_READ_FIELD,  /* a load from env at *ofs */
} ArmSysregRead;
ArmSysregRead arm_sysreg_read_inline(int idx, size_t *ofs);
/* SP_EL0: UNDEFINED to MRS/MSR while it is the SP in use. */
bool arm_sysreg_is_sp_el0(int idx);
/* An ICC_* register of the board's GICv3 CPU interface, or -1. */
int arm_gic_sysreg_lookup(ArmCPUState *env, uint32_t key, unsigned el,
                          bool is_read);

/* -d in_asm: log n instruction words starting at pc (disas.c). */
void a64_log_in_asm(uint64_t pc, const uint32_t *words, int n);

/* Translate one instruction word (for unit tests and the loop). */
void a64_translate_word(DisasContext *s, uint32_t insn);
/* End the TB as its is_jmp asks (tb_stop). */
void a64_tb_stop_common(DisasContext *s);

#endif
