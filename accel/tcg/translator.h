/*
 * The translator loop: what a target frontend implements to turn guest
 * code into IR, and the services the loop gives it.
 *
 * accel/tcg drives translation of one TB:
 *
 *     ops->init_disas_context(db, cpu)
 *     ops->tb_start(db, cpu)
 *     loop:
 *         ops->insn_start(db, cpu)        emits tcg_gen_insn_start(pc, ...)
 *         ops->translate_insn(db, cpu)    decodes at db->pc_next, emits
 *                                         IR, advances db->pc_next
 *         stop if db->is_jmp != DISAS_NEXT, or db->num_insns reached
 *         db->max_insns (is_jmp = DISAS_TOO_MANY), or the next
 *         instruction would start on another guest page (DISAS_TOO_MANY)
 *     ops->tb_stop(db, cpu)               ends the TB for every is_jmp
 *                                         other than DISAS_NORETURN
 *
 * A frontend ends a TB with the services below: a direct jump to a known
 * PC (translator_use_goto_tb + tcg_gen_goto_tb + translator_exit_value),
 * an indirect jump (translator_gen_lookup_and_goto_ptr), or an exit to
 * the loop (tcg_gen_exit_tb(0)).
 */
#ifndef ACCEL_TCG_TRANSLATOR_H
#define ACCEL_TCG_TRANSLATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/core/cpu.h"
#include "tcg/tcg.h"

typedef struct TranslationBlock TranslationBlock;

typedef enum DisasJumpType {
    DISAS_NEXT,         /* go on with the next instruction */
    DISAS_TOO_MANY,     /* the loop stopped (max_insns, page end) */
    DISAS_NORETURN,     /* the instruction emitted the TB's exit itself */
    DISAS_TARGET_0,     /* target-defined reasons from here on */
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
    DISAS_TARGET_4,
    DISAS_TARGET_5,
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    TCGContext *tcg;
    uint64_t pc_first;          /* guest virtual PC of the TB's start */
    uint64_t pc_next;           /* of the next instruction to translate */
    uint32_t flags;             /* the TB's CPU mode flags */
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    bool singlestep;            /* one instruction per TB, no chaining */
} DisasContextBase;

typedef struct TranslatorOps {
    /*
     * Bytes the loop allocates for the target's disassembly context: a
     * struct whose first member is the DisasContextBase, so the hooks
     * convert db with a cast (container_of).  0: sizeof(DisasContextBase).
     * The loop zeroes it before init_disas_context.
     */
    size_t disas_context_size;
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

/*
 * Fetch guest code at virtual address pc (little-endian) for
 * translation. The loop records the guest pages a TB spans (so writes to
 * them invalidate it). A fetch that faults raises the target's
 * instruction abort through its tlb_fill, exactly as executing it would.
 */
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc);

/* May this TB jump directly (goto_tb) to dest? Same page, chaining on. */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);

/* The value for tcg_gen_exit_tb after tcg_gen_goto_tb(slot). */
uintptr_t translator_exit_value(DisasContextBase *db, unsigned slot);

/*
 * End the TB with an indirect jump to the PC already stored in the
 * CPU state: look the target TB up from generated code and continue
 * there, or return to the loop.
 */
void translator_gen_lookup_and_goto_ptr(DisasContextBase *db);

#endif
