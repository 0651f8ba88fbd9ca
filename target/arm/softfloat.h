/*
 * Software IEEE 754 arithmetic for the A64 scalar FP instructions,
 * following the ARM ARM pseudocode (shared/functions/float: FPUnpack,
 * FPRound, FPProcessNaNs, FPAdd, FPMul, FPDiv, FPSqrt, FPMulAdd,
 * FPMax/Min(Num), FPConvert, FixedToFP, FPToFixed, FPRoundInt,
 * FPCompare, FPMulX, FPRecipStepFused, FPRSqrtStepFused, and in
 * softfloat-est.c FPRecipEstimate, FPRSqrtEstimate, FPRecpX) so results
 * and FPSR cumulative flags are bit-exact. Host FP is never used.
 *
 * Operands are raw bit patterns (single in the low 32 bits, half in the
 * low 16); fpcr is read for RMode, FZ, DN and AHP; flags are ORed into
 * *fpsr.
 */
#ifndef TARGET_ARM_SOFTFLOAT_H
#define TARGET_ARM_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Formats. Half precision only converts (ARMv8.0 has no FP16
 * arithmetic): FPCR.AHP selects the alternative format and FZ never
 * applies to it (FPUnpackCV/FPRoundCV). A bool "dbl" still converts.
 */
typedef enum { SF_SINGLE = 0, SF_DOUBLE = 1, SF_HALF = 2 } SfPrec;

/*
 * softfloat-host.c: the operation on the host FPU where that is exact
 * (see there); false: not taken, use the software path.
 */
typedef enum {
    SF_HOST_ADD, SF_HOST_SUB, SF_HOST_MUL, SF_HOST_DIV, SF_HOST_SQRT
} SfHostOp;
bool sf_host_arith(SfHostOp op, uint64_t a, uint64_t b, SfPrec prec,
                   uint32_t fpcr, uint32_t *fpsr, uint64_t *res);

uint64_t sf_add(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_sub(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_mul(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr);
uint64_t sf_div(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                uint32_t *fpsr);
/* FPMulAdd: c + a * b, one rounding (FMSUB etc. negate operands first) */
uint64_t sf_muladd(uint64_t c, uint64_t a, uint64_t b, SfPrec prec,
                   uint32_t fpcr, uint32_t *fpsr);
uint64_t sf_sqrt(uint64_t a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr);
/* FPMax/FPMin; num: FPMaxNum/FPMinNum */
uint64_t sf_minmax(uint64_t a, uint64_t b, SfPrec prec, bool is_max, bool num,
                   uint32_t fpcr, uint32_t *fpsr);
/* FPConvert between any two formats (FCVT, FCVTN, FCVTL) per FPCR */
uint64_t sf_convert(uint64_t a, SfPrec from, SfPrec to, uint32_t fpcr,
                    uint32_t *fpsr);
/* FCVTXN: double to single, rounding to odd */
uint64_t sf_convert_odd(uint64_t a, uint32_t fpcr, uint32_t *fpsr);

/* Rounding for conversions: FPCR.RMode values, then ties away */
enum { SF_RN, SF_RP, SF_RM, SF_RZ, SF_RA, SF_RODD };

/* FPMulX (FMULX): as FPMul but 0 * inf is 2.0 with the product's sign */
uint64_t sf_mulx(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                 uint32_t *fpsr);
/* FPRecipStepFused (FRECPS): 2 - a * b, one rounding; 0 * inf gives 2 */
uint64_t sf_recip_step(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                       uint32_t *fpsr);
/* FPRSqrtStepFused (FRSQRTS): (3 - a * b) / 2, one rounding; 0*inf: 1.5 */
uint64_t sf_rsqrt_step(uint64_t a, uint64_t b, SfPrec prec, uint32_t fpcr,
                       uint32_t *fpsr);
/*
 * For operations on the encoding (softfloat-est.c): a NaN is processed
 * (FPProcessNaN) into *res and true returned; otherwise a denormal is
 * flushed in *a when FPCR.FZ (IDC) and false returned.
 */
bool sf_unpack_nan(uint64_t *a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr,
                   uint64_t *res);

/* softfloat-est.c: FRECPE, FRSQRTE, FRECPX; URECPE, URSQRTE */
uint64_t sf_recip_estimate(uint64_t a, SfPrec prec, uint32_t fpcr,
                           uint32_t *fpsr);
uint64_t sf_rsqrt_estimate(uint64_t a, SfPrec prec, uint32_t fpcr,
                           uint32_t *fpsr);
uint64_t sf_recpx(uint64_t a, SfPrec prec, uint32_t fpcr, uint32_t *fpsr);
uint32_t sf_urecpe(uint32_t a);
uint32_t sf_ursqrte(uint32_t a);

/* FixedToFP: x / 2^fbits to single or double, rounded per FPCR */
uint64_t sf_from_int(uint64_t x, bool is_signed, int fbits, SfPrec prec,
                     uint32_t fpcr, uint32_t *fpsr);
/* FPToFixed: saturating, 32- or 64-bit result (zero-extended) */
uint64_t sf_to_int(uint64_t a, SfPrec prec, int fbits, int rmode,
                   bool is_signed, bool is64, uint32_t fpcr, uint32_t *fpsr);
/* FPRoundInt (FRINT*); exact is FRINTX */
uint64_t sf_round_int(uint64_t a, SfPrec prec, int rmode, bool exact,
                      uint32_t fpcr, uint32_t *fpsr);
/* FPCompare: NZCV (bits 3..0); signal_all is FCMPE (any NaN raises IOC) */
unsigned sf_compare(uint64_t a, uint64_t b, SfPrec prec, bool signal_all,
                    uint32_t fpcr, uint32_t *fpsr);

/*
 * softfloat-helper.c, called from translate-a64-fp.c for what has no
 * helper of its own below: a64_fp_exec with env NULL says whether insn is
 * implemented, else executes it (helper_fp wraps it).
 */
typedef struct ArmCPUState ArmCPUState;
typedef struct TCGHelperInfo TCGHelperInfo;
bool a64_fp_exec(ArmCPUState *env, uint32_t insn);
extern const TCGHelperInfo helper_info_fp;
/* SCVTF/UCVTF/FCVT*S/U (incl. fixed point): (env, insn, Xn) -> Xd */
extern const TCGHelperInfo helper_info_fp_int;

#endif
