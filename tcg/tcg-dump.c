/*
 * The IR printer behind -d op and -d op_opt: one op per line.
 *
 *    ---- 0000000040000004 0000000000000000 0000000000000000
 *    add_i64 x0,x1,$0x10
 *    brcond_i64 tmp2,$0x0,ne,$L1
 *    qemu_ld_i64 loc0,x2,u64le:al8,1
 *    call helper_name,$0x3,tmp4,env,x0
 *   $L1:
 *
 * Temps print as their global name, "env", "loc<n>" (local), "tmp<n>"
 * (block) or "$0x<value>" (constant); constant arguments as "$..."
 * except conditions and memops, which are named.  With liveness, each op
 * is followed by its "sync:" and "dead:" argument numbers.
 */
#include "tcg/tcg.h"

#include <inttypes.h>

#include "util/log.h"

static int print_temp(TCGContext *s, FILE *f, TCGArg idx)
{
    TCGTemp *t;

    if (idx >= s->nb_temps) {
        return fprintf(f, "<bad temp %" PRIu64 ">", idx);
    }
    t = &s->temps[idx];
    switch (t->kind) {
    case TEMP_FIXED:
    case TEMP_GLOBAL:
        return fprintf(f, "%s", t->name);
    case TEMP_LOCAL:
        return fprintf(f, "loc%" PRIu64, idx - s->nb_globals);
    case TEMP_BLOCK:
        return fprintf(f, "tmp%" PRIu64, idx - s->nb_globals);
    default:
        return fprintf(f, "$0x%" PRIx64, t->val);
    }
}

static int print_memop(FILE *f, MemOpIdx oi)
{
    MemOp op = get_memop(oi);
    unsigned a = memop_alignment_bits(op);
    int n;

    n = fprintf(f, "%c%u%s", op & MO_SIGN ? 's' : 'u', 8 << (op & MO_SIZE),
                op & MO_BSWAP ? "be" : "le");
    if (a) {
        n += fprintf(f, ":al%u", 1u << a);
    }
    return n + fprintf(f, ",%u", get_mmuidx(oi));
}

/* Print the constant argument i (0-based among the constants). */
static int print_carg(TCGContext *s, FILE *f, const TCGOp *op, unsigned i,
                      TCGArg a)
{
    switch (op->opc) {
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        return i == 0 ? fprintf(f, "%s", tcg_cond_name((TCGCond)a))
                      : fprintf(f, "$L%" PRIu64, a);
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        return fprintf(f, "%s", tcg_cond_name((TCGCond)a));
    case INDEX_op_br:
        return fprintf(f, "$L%" PRIu64, a);
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        return print_memop(f, (MemOpIdx)a);
    case INDEX_op_deposit_i32:
    case INDEX_op_deposit_i64:
    case INDEX_op_extract_i32:
    case INDEX_op_extract_i64:
    case INDEX_op_sextract_i32:
    case INDEX_op_sextract_i64:
    case INDEX_op_goto_tb:
        return fprintf(f, "$%" PRIu64, a);
    default:
        if ((tcg_op_is_host_ld(op->opc) || tcg_op_is_host_st(op->opc)) &&
            (int64_t)a < 0) {
            return fprintf(f, "$-0x%" PRIx64, -a);
        }
        return fprintf(f, "$0x%" PRIx64, a);
    }
}

static int print_op(TCGContext *s, FILE *f, const TCGOp *op)
{
    unsigned no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
    unsigned nc = tcg_op_nb_cargs(op);
    const char *sep = " ";
    int n;

    if (op->opc == INDEX_op_set_label) {
        return fprintf(f, "$L%" PRIu64 ":", op->args[0]);
    }
    if (op->opc == INDEX_op_insn_start) {
        n = fprintf(f, " ----");
        for (unsigned w = 0; w < TCG_INSN_START_WORDS; w++) {
            n += fprintf(f, " %016" PRIx64, op->args[w]);
        }
        return n;
    }
    n = fprintf(f, " %s", tcg_op_def(op)->name);
    if (op->opc == INDEX_op_call) {
        const TCGHelperInfo *info = tcg_call_info(op);

        n += fprintf(f, " %s,$0x%x", info->name, info->flags);
        sep = ",";
        nc = 0;
    }
    for (unsigned i = 0; i < no + ni; i++, sep = ",") {
        n += fprintf(f, "%s", sep);
        n += print_temp(s, f, op->args[i]);
    }
    for (unsigned i = 0; i < nc; i++, sep = ",") {
        n += fprintf(f, "%s", sep);
        n += print_carg(s, f, op, i, op->args[no + ni + i]);
    }
    return n;
}

static void print_life(FILE *f, const TCGOp *op, int col)
{
    unsigned nargs = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);
    bool any_sync = false, any_dead = false;

    for (unsigned i = 0; i < tcg_op_nb_oargs(op); i++) {
        any_sync |= (op->life & TCG_LIFE_SYNC(i)) != 0;
    }
    for (unsigned i = 0; i < nargs; i++) {
        any_dead |= (op->life & TCG_LIFE_DEAD(i)) != 0;
    }
    if (!any_sync && !any_dead) {
        return;
    }
    fprintf(f, "%*s", col < 40 ? 40 - col : 1, "");
    if (any_sync) {
        fprintf(f, " sync:");
        for (unsigned i = 0; i < tcg_op_nb_oargs(op); i++) {
            if (op->life & TCG_LIFE_SYNC(i)) {
                fprintf(f, " %u", i);
            }
        }
    }
    if (any_dead) {
        fprintf(f, " dead:");
        for (unsigned i = 0; i < nargs; i++) {
            if (op->life & TCG_LIFE_DEAD(i)) {
                fprintf(f, " %u", i);
            }
        }
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f, bool life)
{
    for (TCGOp *op = s->first_op; op; op = op->next) {
        int col = print_op(s, f, op);

        if (life) {
            print_life(f, op, col);
        }
        fputc('\n', f);
    }
}

void tcg_log_ops(TCGContext *s, unsigned log_item)
{
    FILE *f;

    if (!log_enabled(log_item)) {
        return;
    }
    f = log_lock();
    fprintf(f, "%s:\n",
            log_item == LOG_OP_OPT
                ? "OP after optimization and liveness analysis"
                : "OP");
    tcg_dump_ops(s, f, log_item == LOG_OP_OPT);
    fputc('\n', f);
    log_unlock(f);
}
