/*
 * The IR interpreter: runs a TB's ops exactly, without host code.  It is
 * the backend's oracle in tests and the engine where the JIT cannot run.
 *
 * tcg_interp_compile() turns the context's op list (after the passes, or
 * not) into a TCGInterpCode: one g_malloc'ed block of 32-bit words, a
 * constant pool and the insn table, which no longer depends on the
 * context, so the block cache can keep it while the context translates
 * the next TB.
 *
 * Contract with the exec loop (the same as the JIT's):
 *  - tcg_interp_exec(code, env) returns the value of the exit_tb that
 *    ended execution, or 0 for goto_ptr to a null pointer.
 *  - goto_tb n: if slot n of the running code is linked
 *    (tcg_interp_set_jump), execution continues at the start of the
 *    linked code without returning: chained TBs run back to back, as
 *    patched jumps do under the JIT; otherwise it falls through to the
 *    exit_tb that follows.  Links may be set or cleared by another
 *    thread at any time (atomic pointer stores).
 *  - goto_ptr p: p is a TCGInterpCode pointer to continue at (what the
 *    accel layer's lookup helper returns when the interpreter runs), or
 *    0 to return 0 to the exec loop.
 *  - retaddr: guest-memory hooks get a pointer one word into the
 *    qemu_ld/qemu_st instruction; a helper gets one into the call
 *    through TCG_GETPC() (tcg/tcg.h).  After a fault longjmps out, the
 *    exec loop calls tcg_interp_restore(tcg_interp_current(), retaddr,
 *    data) to find the insn_start words of the faulting instruction.
 *  - env is the CPU state; globals are read and written in it directly,
 *    so it is always up to date when a helper runs or a fault happens.
 */
#ifndef TCG_INTERP_H
#define TCG_INTERP_H

#include "tcg/tcg.h"

typedef struct TCGInterpCode TCGInterpCode;

TCGInterpCode *tcg_interp_compile(TCGContext *s);
void tcg_interp_free(TCGInterpCode *code);

/* Bytes used, for cache statistics. */
size_t tcg_interp_code_size(const TCGInterpCode *code);

/* A pointer the accel layer keeps with the code (its TB). */
void tcg_interp_set_opaque(TCGInterpCode *code, void *opaque);
void *tcg_interp_get_opaque(const TCGInterpCode *code);

uintptr_t tcg_interp_exec(const TCGInterpCode *code, void *env);

/* Link goto_tb slot n of code to dest (NULL: unlink). */
void tcg_interp_set_jump(TCGInterpCode *code, unsigned n,
                         const TCGInterpCode *dest);

/* The code this thread is running or last ran (follows chaining). */
const TCGInterpCode *tcg_interp_current(void);

/*
 * The insn_start words of the instruction of code that retaddr points
 * into.  False if retaddr is not inside code.  Also clears
 * tcg_interp_retaddr (see TCG_GETPC).
 */
bool tcg_interp_restore(const TCGInterpCode *code, uintptr_t retaddr,
                        uint64_t data[TCG_INSN_START_WORDS]);

#endif
