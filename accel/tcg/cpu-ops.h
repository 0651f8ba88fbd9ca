/*
 * What a target gives the TCG accelerator besides its translator: the
 * TB key, exceptions and interrupts, and the MMU. A target's CPUClass
 * points at one const TCGCPUOps.
 *
 * Exceptions: a helper (or tlb_fill) that raises a guest exception sets
 * cpu->exception_index and calls cpu_loop_exit_restore(cpu, retaddr):
 * the loop restores the guest state of the faulting instruction (through
 * restore_state_to_opc and the TB's insn_start records) and longjmps back
 * to the exec loop, which calls do_interrupt to deliver it.
 */
#ifndef ACCEL_TCG_CPU_OPS_H
#define ACCEL_TCG_CPU_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "accel/tcg/translator.h"
#include "hw/core/cpu.h"
#include "tcg/tcg.h"

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits for tlb_set_page. */
#define PAGE_READ (1u << 0)
#define PAGE_WRITE (1u << 1)
#define PAGE_EXEC (1u << 2)

/* exception_index values the loop itself uses; targets use >= 0. */
#define EXCP_INTERRUPT 0x10000  /* left the loop for an exit request */
#define EXCP_HLT 0x10001        /* the CPU halted (WFI) */
#define EXCP_HALTED 0x10002
#define EXCP_DEBUG 0x10003      /* breakpoint, watchpoint or single step */
#define EXCP_YIELD 0x10004

struct TCGCPUOps {
    const TranslatorOps *translator;

    /* Register the target's globals (registers) in a new context. */
    void (*init_globals)(TCGContext *s);

    /* The key of the TB to run next: guest PC and CPU mode flags. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc, uint32_t *flags);
    /* Set the PC (e.g. before leaving a TB that executed nothing). */
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    /* Restore guest state from an instruction's insn_start words. */
    void (*restore_state_to_opc)(CPUState *cpu, const uint64_t *data);

    /*
     * Take a pending interrupt (interrupt_request bits) if the CPU state
     * unmasks it: set exception_index and return true; the loop then
     * calls do_interrupt.
     */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    /* Deliver cpu->exception_index (vector, registers, mode change). */
    void (*do_interrupt)(CPUState *cpu);

    /*
     * Translate addr for an access of size bytes: on success call
     * tlb_set_page() and return true. On a fault: if probe, return false;
     * otherwise raise the guest exception (cpu_loop_exit_restore).
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t addr, int size,
                     MMUAccessType access, int mmu_idx, bool probe,
                     uintptr_t retaddr);
    /* The MMU index of the current mode (for code fetch and the TB). */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    /*
     * Optional: a load or store whose MemOp asks for alignment the
     * address lacks (checked before the page walk). Raise the alignment
     * fault (cpu_loop_exit_restore); must not return. Without it the
     * access is done unaligned.
     */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t addr,
                                MMUAccessType access, int mmu_idx,
                                uintptr_t retaddr);

    /* Softmmu geometry, fixed per target. */
    unsigned nb_mmu_idx;        /* at most 16 */
    unsigned page_bits;         /* smallest guest page, log2 */
    /*
     * Offset from env (cpu->env) of a TCGTLBFast[nb_mmu_idx] array the
     * target reserves in its state; accel/tcg fills it (tcg/tlb.h).
     */
    intptr_t tlb_fast_ofs;

    /*
     * Optional (has_pc_ofs): the 64-bit PC at this offset from env.  A
     * target that sets it promises that a TB whose instructions may
     * change its TB flags leaves through exit_tb, never through
     * translator_gen_lookup_and_goto_ptr: the goto_ptr lookup then keys
     * on the PC there and the flags the TB was translated with, without
     * get_tb_cpu_state.
     */
    bool has_pc_ofs;
    intptr_t pc_ofs;
};

/* Leave the TB and return to the exec loop (longjmp); never returns. */
void cpu_loop_exit(CPUState *cpu) G_GNUC_NORETURN;
/* Same, restoring the guest state of the instruction at host retaddr. */
void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
    G_GNUC_NORETURN;
/*
 * Leave to the loop without an exception (exception_index -1), the CPU
 * state being already exact.
 */
void cpu_loop_exit_noexc(CPUState *cpu) G_GNUC_NORETURN;
/* Raise a guest exception now (from a helper). */
void cpu_raise_exception(CPUState *cpu, int exception_index,
                         uintptr_t retaddr) G_GNUC_NORETURN;

/* Install a translation into the softmmu TLB (from tlb_fill). */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr,
                  unsigned prot, int mmu_idx, uint64_t page_size);
/* Flushes: all MMU indexes; a bitmap of indexes; one page. */
void tlb_flush(CPUState *cpu);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
void tlb_flush_page(CPUState *cpu, uint64_t addr);
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr,
                              uint16_t idxmap);
/*
 * Name the translation context: every value the guest's translations
 * depend on, as TLB_CTX_WORDS words (unused ones 0). The TLB entries and
 * jump cache of the last few contexts are kept for when they come back,
 * as an ASID-tagged TLB would keep them; the flushes above still empty
 * every context's (accel/tcg/internal.h, "Translation contexts").
 */
#define TLB_CTX_WORDS 4
void tlb_set_context(CPUState *cpu, const uint64_t key[TLB_CTX_WORDS]);

/*
 * Guest memory access from helpers (not generated code): through the
 * TLB, faulting like a load/store instruction at retaddr.
 */
uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                    uintptr_t retaddr);
void cpu_st_mmu(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                int mmu_idx, uintptr_t retaddr);

#endif
