/*
 * Shared by the op emitters of the x86-64 JIT (ops.c, bitops.c,
 * softmmu.c).
 */
#ifndef TCG_X86_64_OPS_H
#define TCG_X86_64_OPS_H

#include "tcg/x86_64/x86.h"

/* A compare prepared in two steps: inputs first, then the instruction,
   so nothing the allocator emits in between clobbers the flags. */
typedef struct JitCmp {
    TCGCond cond;
    bool w64, is_imm;
    int ra, rb;
    int64_t imm;
} JitCmp;

static inline bool jit_op64(const TCGOp *op)
{
    return (tcg_op_def(op)->flags & TCG_OPF_64BIT) != 0;
}

bool jit_imm(JitCtx *c, TCGArg t, bool w64, int64_t *imm);
void jit_cmp_prepare(JitCtx *c, JitCmp *k, TCGCond cond, TCGArg a, TCGArg b,
                     bool w64);
/* Emit the compare; returns the x86 condition code for cond. */
int jit_cmp_emit(JitCtx *c, const JitCmp *k);

void jit_emit_bitop(JitCtx *c, const TCGOp *op);

#endif
