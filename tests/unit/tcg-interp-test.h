/*
 * Shared by the IR interpreter tests (test-tcg-interp.c,
 * test-tcg-interp-flow.c): an Env with i64 and i32 globals A..D and
 * A32..D32 in a fresh context per test, finish() to end the TB and
 * compile it without the optimisation passes, and sign extension for
 * the reference results.
 */
#ifndef TESTS_UNIT_TCG_INTERP_TEST_H
#define TESTS_UNIT_TCG_INTERP_TEST_H

#include <check.h>
#include <glib.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "tcg/interp.h"
#include "tcg/tcg-op.h"

typedef struct Env {
    uint64_t g64[4];
    uint32_t g32[4];
    uint64_t field;  /* host ld/st target, not a global */
    uint64_t ptr;    /* code pointer for goto_ptr */
    uint8_t mem[64]; /* guest memory, through the hooks */
    uint64_t log;    /* written by helpers */
} Env;

static TCGContext *s;
static TCGv_i64 A, B, C, D;
static TCGv_i32 A32, B32, C32, D32;
static Env env;

static inline void setup(void)
{
    s = tcg_context_new();
    A = tcg_global_mem_new_i64(s, offsetof(Env, g64[0]), "a");
    B = tcg_global_mem_new_i64(s, offsetof(Env, g64[1]), "b");
    C = tcg_global_mem_new_i64(s, offsetof(Env, g64[2]), "c");
    D = tcg_global_mem_new_i64(s, offsetof(Env, g64[3]), "d");
    A32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[0]), "a32");
    B32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[1]), "b32");
    C32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[2]), "c32");
    D32 = tcg_global_mem_new_i32(s, offsetof(Env, g32[3]), "d32");
    memset(&env, 0, sizeof(env));
    tcg_func_start(s);
}

static inline void teardown(void)
{
    tcg_context_free(s);
}

/* End the TB and compile it without the passes: the raw ops run. */
static inline TCGInterpCode *finish(void)
{
    GString *why = g_string_new(NULL);

    tcg_gen_exit_tb(NULL, 0);
    ck_assert_msg(tcg_check_ir(s, why), "%s", why->str);
    g_string_free(why, true);
    return tcg_interp_compile(s);
}

/* v as a bits-wide signed number, sign-extended to 64 bits. */
static inline uint64_t sext_from(uint64_t v, unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;

    v &= m;
    if (bits < 64 && (v >> (bits - 1)) & 1) {
        v |= ~m;
    }
    return v;
}

#endif /* TESTS_UNIT_TCG_INTERP_TEST_H */
