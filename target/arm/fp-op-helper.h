/*
 * fp-op-helper.c: one helper per A64 FP operation and precision, chosen
 * at translation time by translate-a64-fp.c and translate-a64-simd.c.
 */
#ifndef TARGET_ARM_FP_OP_HELPER_H
#define TARGET_ARM_FP_OP_HELPER_H

#include "target/arm/translate-a64.h"

/*
 * Indexed by the operation, [dbl] last (0 single, 1 double). Scalar
 * operands are values (single in the low 32 bits) and the result is
 * returned zero-extended; FPCR is read and FPSR updated through env.
 *   fp_2src[opc][dbl]: (env, n, m) -> d, opc of FP 2-source (FMUL..FNMUL)
 *   fp_muladd[dbl]: (env, a, n, m) -> a + n * m, FPMulAdd (negate first)
 *   fsqrt[dbl], fcvt_sd, fcvt_ds: (env, n) -> d
 *   fp_cvtf[signed][dbl]: (env, X) -> d, SCVTF/UCVTF (W extended first)
 *   fp_cvtz[signed][dbl][is64]: (env, n) -> X, FCVTZS/FCVTZU
 *   fp_cmp[fcmpe][dbl]: (env, n, m) -> NZCV in bits 3..0 (i32)
 *   fp_vec[op][dbl][full]: (env, desc), AdvSIMD three same and by
 *   element; full: the 128-bit forms (4S, 2D), else any
 */
extern const TCGHelperInfo helper_info_fp_2src[9][2];
extern const TCGHelperInfo helper_info_fp_muladd[2];
extern const TCGHelperInfo helper_info_fsqrt[2];
extern const TCGHelperInfo helper_info_fcvt_sd, helper_info_fcvt_ds;
extern const TCGHelperInfo helper_info_fp_cvtf[2][2];
extern const TCGHelperInfo helper_info_fp_cvtz[2][2][2];
extern const TCGHelperInfo helper_info_fp_cmp[2][2];

typedef enum {
    FP_VEC_ADD,
    FP_VEC_SUB,
    FP_VEC_MUL,
    FP_VEC_DIV,
    FP_VEC_MLA,
    FP_VEC_MLS,
    FP_VEC_NOPS
} FpVecOp;
extern const TCGHelperInfo helper_info_fp_vec[FP_VEC_NOPS][2][2];

/*
 * helper_info_fp_vec's desc: Vd, Vn, Vm, the number of lanes (1: a
 * scalar by element), and index < 0 for element-wise, else the element
 * of Vm that every lane uses (by element).
 */
static inline uint32_t fp_vec_desc(unsigned rd, unsigned rn, unsigned rm,
                                   unsigned lanes, int index)
{
    return rd | rn << 5 | rm << 10 | lanes << 15 |
           (index < 0 ? 0 : 1u << 18 | (unsigned)index << 19);
}
#define FP_VEC_RD(desc) ((desc)&31)
#define FP_VEC_RN(desc) (((desc) >> 5) & 31)
#define FP_VEC_RM(desc) (((desc) >> 10) & 31)
#define FP_VEC_LANES(desc) (((desc) >> 15) & 7)
#define FP_VEC_BY_ELEM(desc) (((desc) >> 18) & 1)
#define FP_VEC_INDEX(desc) (((desc) >> 19) & 3)

#endif
