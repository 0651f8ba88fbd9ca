/*
 * The x86-64 JIT: turns a TB's op list (after tcg_run_passes) into host
 * code in a code buffer, and runs it.  The interpreter (tcg/interp.h)
 * has the same contract; this header is what accel/tcg calls instead
 * when -accel tcg runs the JIT.
 *
 * CODE BUFFER (W^X)
 *   One memfd of tb-size bytes mapped twice: a read-write view the
 *   backend writes through and a read-execute view the CPU runs.  No
 *   mapping is ever writable and executable at once.  Every address this
 *   API hands out or takes (TB code, jump slots, the return-0 address,
 *   retaddrs) is in the RX view.  The start of the buffer holds the
 *   prologue and epilogue, which a flush keeps.
 *
 * LIFE OF A TB
 *   tcg_run_passes(s, true);
 *   r = tcg_jit_gen(jit, s, &tb);
 *   if (r == TCG_JIT_FULL) { invalidate all TBs; tcg_jit_flush(jit);
 *                            r = tcg_jit_gen(jit, s, &tb); }
 *   (still FULL after a flush: the TB alone does not fit; translate
 *    fewer guest instructions)
 *   v = tcg_jit_exec(jit, env, tb.code);
 *
 * The TB's code, slow paths and insn table all live in the buffer, so
 * nothing needs freeing: a flush forgets them all.  tcg_jit_gen and
 * tcg_jit_flush must not run concurrently with each other (one
 * translating thread, or the caller's lock); tcg_jit_exec and
 * tcg_jit_set_jump may run on any thread at any time.
 *
 * GENERATED CODE CONVENTIONS
 *   env (the CPU-state pointer) is pinned in a callee-saved host
 *   register for the whole run; a helper receives it as an ordinary
 *   argument when the IR passes tcg_env.  Helpers are called with the
 *   SysV ABI (up to 6 integer arguments); TCG_GETPC() in a helper is its
 *   return address inside the TB.  Guest loads/stores use the inline
 *   softmmu fast path of tcg/tlb.h (configured by TCGContext.tlb; with
 *   nb_mmu_idx == 0 every access calls the hooks) and, on a miss, call
 *   the TCGGuestMemHooks installed when the TB was generated, with a
 *   retaddr inside the TB's code for the faulting instruction.
 */
#ifndef TCG_JIT_H
#define TCG_JIT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/tcg.h"

typedef struct TCGJit TCGJit;

/* Default -accel tcg,tb-size in MiB. */
#define TCG_JIT_DEFAULT_TB_SIZE_MB 256

/*
 * Create a JIT with a code buffer of size bytes (rounded up to pages;
 * at least 64 KiB) and emit its prologue/epilogue.  NULL with errp set
 * if the host refuses the memfd or mappings.
 */
TCGJit *tcg_jit_new(size_t size, GError **errp);
void tcg_jit_free(TCGJit *jit);

/* One TB's host code, as tcg_jit_gen describes it. */
typedef struct TCGJitTB {
    const void *code;  /* RX start: what tcg_jit_exec and goto_ptr take */
    uint32_t size;     /* bytes of code, slow paths included */
    /*
     * goto_tb slot n: the RX address of its patchable "jmp rel32"
     * (0 if the TB has no goto_tb n) and the target that unlinks it
     * (the exit_tb that follows the goto_tb).  Link with
     * tcg_jit_set_jump(jit, jmp_addr[n], dest->code), unlink with
     * tcg_jit_set_jump(jit, jmp_addr[n], jmp_reset[n]).
     */
    uintptr_t jmp_addr[2];
    uintptr_t jmp_reset[2];
    /* The insn table (tcg/tcg.h), stored in the buffer after the code. */
    const uint8_t *insn_table;
    uint32_t insn_table_len;
} TCGJitTB;

typedef enum TCGJitResult {
    TCG_JIT_OK,
    TCG_JIT_FULL, /* no room left: flush and retry */
} TCGJitResult;

/*
 * Generate host code for the TB in s (tcg_run_passes done) at the next
 * free place of the buffer; fill *tb.  Logs the code under -d out_asm.
 * On TCG_JIT_FULL nothing was allocated and *tb is untouched.
 */
TCGJitResult tcg_jit_gen(TCGJit *jit, TCGContext *s, TCGJitTB *tb);

/*
 * Forget every TB: the buffer is empty again (prologue kept).  The
 * caller first invalidates all TBs and makes sure no thread runs or
 * will enter generated code that is being dropped.
 */
void tcg_jit_flush(TCGJit *jit);

/* Bytes in use (prologue included) and the buffer's size, for stats. */
size_t tcg_jit_used(const TCGJit *jit);
size_t tcg_jit_size(const TCGJit *jit);

/* Does addr lie in the RX view (a TB's code or the epilogue)? */
bool tcg_jit_contains(const TCGJit *jit, uintptr_t addr);

/*
 * Run generated code at code (a TCGJitTB.code) with env pinned, through
 * the prologue; chained TBs and goto_ptr continue without returning.
 * Returns the value of the exit_tb that ended it, or 0 when it ended
 * with goto_ptr to the return-0 address.
 */
uintptr_t tcg_jit_exec(TCGJit *jit, void *env, const void *code);

/*
 * The address goto_ptr jumps to to return 0 to the exec loop: what a
 * lookup helper returns when there is no TB to continue at (otherwise
 * it returns the TB's code).  goto_ptr of the constant 0 means the same.
 */
uintptr_t tcg_jit_return0_addr(const TCGJit *jit);

/*
 * Point the goto_tb jump at jmp_addr (a TCGJitTB.jmp_addr) to target
 * (another TB's code, or jmp_reset to unlink).  One aligned 4-byte
 * store through the RW view: a thread executing the jump sees the old
 * or the new target, never a mix.
 */
void tcg_jit_set_jump(TCGJit *jit, uintptr_t jmp_addr, uintptr_t target);

/*
 * The insn_start words of the guest instruction whose code holds
 * retaddr (a helper's TCG_GETPC() or the retaddr a guest-memory hook
 * got).  False if retaddr is not inside tb's code.
 */
bool tcg_jit_restore(const TCGJitTB *tb, uintptr_t retaddr,
                     uint64_t data[TCG_INSN_START_WORDS]);

/* Host features the backend found (CPUID), for tests and -d out_asm. */
enum {
    TCG_JIT_HAVE_LZCNT = 1 << 0,
    TCG_JIT_HAVE_BMI1 = 1 << 1, /* tzcnt */
    TCG_JIT_HAVE_POPCNT = 1 << 2,
    TCG_JIT_HAVE_MOVBE = 1 << 3,
};
unsigned tcg_jit_host_features(void);
/* Tests: pretend the host lacks features (mask of TCG_JIT_HAVE_*). */
void tcg_jit_disable_features(unsigned mask);

#endif
