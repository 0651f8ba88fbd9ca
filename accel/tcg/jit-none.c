/*
 * Built while the x86-64 backend (tcg/x86_64/backend.c) has not landed:
 * -accel tcg runs the interpreter and backend=jit is refused.
 */
#include "accel/tcg/internal.h"

const TCGEngine *const tcg_engine_jit = NULL;
