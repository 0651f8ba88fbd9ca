/* translate-a64-simd-inline.c: AdvSIMD integer forms emitted inline. */
#ifndef TARGET_ARM_TRANSLATE_A64_SIMD_INLINE_H
#define TARGET_ARM_TRANSLATE_A64_SIMD_INLINE_H

#include "target/arm/translate-a64.h"

/*
 * Emits insn (an AdvSIMD data-processing word) inline and returns true,
 * or returns false having emitted nothing when it is not an inline form.
 */
bool a64_simd_inline(DisasContext *s, uint32_t insn);

#endif
