/*
 * Software IEEE 754 arithmetic for the A64 scalar FP instructions,
 * following the ARM ARM pseudocode (shared/functions/float: FPUnpack,
 * FPRound, FPProcessNaNs, FPAdd, FPMul, FPDiv, FPSqrt, FPMulAdd,
 * FPMax/Min(Num), FPConvert, FixedToFP, FPToFixed, FPRoundInt,
 * FPCompare) so results and FPSR cumulative flags are bit-exact. Host FP
 * is never used.
 *
 * Operands are raw bit patterns (single in the low 32 bits); fpcr is
 * read for RMode, FZ and DN; flags are ORed into *fpsr.
 */
#ifndef TARGET_ARM_SOFTFLOAT_H
#define TARGET_ARM_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

uint64_t sf_add(uint64_t a, uint64_t b, bool dbl, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_sub(uint64_t a, uint64_t b, bool dbl, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_mul(uint64_t a, uint64_t b, bool dbl, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_div(uint64_t a, uint64_t b, bool dbl, uint32_t fpcr,
                uint32_t *fpsr);
/* FPMulAdd: c + a * b, one rounding (FMSUB etc. negate operands first) */
uint64_t sf_muladd(uint64_t c, uint64_t a, uint64_t b, bool dbl, uint32_t fpcr,
                   uint32_t *fpsr);
uint64_t sf_sqrt(uint64_t a, bool dbl, uint32_t fpcr, uint32_t *fpsr);
/* FPMax/FPMin; num: FPMaxNum/FPMinNum */
uint64_t sf_minmax(uint64_t a, uint64_t b, bool dbl, bool is_max, bool num,
                   uint32_t fpcr, uint32_t *fpsr);
/* FCVT between single (from_dbl false) and double */
uint64_t sf_convert(uint64_t a, bool from_dbl, uint32_t fpcr, uint32_t *fpsr);

/* Rounding for conversions: FPCR.RMode values, then ties away */
enum { SF_RN, SF_RP, SF_RM, SF_RZ, SF_RA };

/* FixedToFP: x / 2^fbits to single or double, rounded per FPCR */
uint64_t sf_from_int(uint64_t x, bool is_signed, int fbits, bool dbl,
                     uint32_t fpcr, uint32_t *fpsr);
/* FPToFixed: saturating, 32- or 64-bit result (zero-extended) */
uint64_t sf_to_int(uint64_t a, bool dbl, int fbits, int rmode, bool is_signed,
                   bool is64, uint32_t fpcr, uint32_t *fpsr);
/* FPRoundInt (FRINT*); exact is FRINTX */
uint64_t sf_round_int(uint64_t a, bool dbl, int rmode, bool exact,
                      uint32_t fpcr, uint32_t *fpsr);
/* FPCompare: NZCV (bits 3..0); signal_all is FCMPE (any NaN raises IOC) */
unsigned sf_compare(uint64_t a, uint64_t b, bool dbl, bool signal_all,
                    uint32_t fpcr, uint32_t *fpsr);

/*
 * softfloat-helper.c, called from translate-a64-fp.c: a64_fp_exec with
 * env NULL says whether insn is implemented, else executes it (helper_fp
 * wraps it); helper_fcmp returns FCMP/FCMPE's NZCV.
 */
typedef struct ArmCPUState ArmCPUState;
typedef struct TCGHelperInfo TCGHelperInfo;
bool a64_fp_exec(ArmCPUState *env, uint32_t insn);
extern const TCGHelperInfo helper_info_fp;
extern const TCGHelperInfo helper_info_fcmp;
/* SCVTF/UCVTF/FCVT*S/U (incl. fixed point): (env, insn, Xn) -> Xd */
extern const TCGHelperInfo helper_info_fp_int;

#endif
