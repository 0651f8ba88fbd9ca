/*
 * x86-64 CPU state, shared by every way of running it: the KVM glue
 * (target/i386/kvm.c) converts it to and from KVM's structures, and the
 * x86-64 JIT frontend will keep its guest registers in the same fields.
 *
 * Fields are architectural values as the Intel SDM Vol. 3 describes them
 * (segment registers with their hidden descriptor caches, control
 * registers, the MSRs Linux boots with, the x87/SSE/AVX register files).
 * Whoever changes the state from outside the CPU's own execution (reset,
 * a board's boot set-up, a debugger) sets `dirty`, so that an accelerator
 * keeping a copy of the registers elsewhere (KVM) loads them again before
 * it next runs the CPU.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/cpu.h"

/* General registers in instruction-encoding order (SDM Vol. 2, 2.1.5). */
enum {
    X86_R_RAX,
    X86_R_RCX,
    X86_R_RDX,
    X86_R_RBX,
    X86_R_RSP,
    X86_R_RBP,
    X86_R_RSI,
    X86_R_RDI,
    X86_R_R8,
    X86_R_R9,
    X86_R_R10,
    X86_R_R11,
    X86_R_R12,
    X86_R_R13,
    X86_R_R14,
    X86_R_R15,
    X86_NB_REGS
};

/* Segment registers in encoding order (sreg field of MOV Sreg). */
enum {
    X86_SEG_ES,
    X86_SEG_CS,
    X86_SEG_SS,
    X86_SEG_DS,
    X86_SEG_FS,
    X86_SEG_GS,
    X86_NB_SEGS
};

/* CR0 (SDM Vol. 3, 2.5). */
#define X86_CR0_PE (1u << 0)
#define X86_CR0_MP (1u << 1)
#define X86_CR0_EM (1u << 2)
#define X86_CR0_TS (1u << 3)
#define X86_CR0_ET (1u << 4)
#define X86_CR0_NE (1u << 5)
#define X86_CR0_WP (1u << 16)
#define X86_CR0_AM (1u << 18)
#define X86_CR0_NW (1u << 29)
#define X86_CR0_CD (1u << 30)
#define X86_CR0_PG (1u << 31)

/* CR4. */
#define X86_CR4_PSE (1u << 4)
#define X86_CR4_PAE (1u << 5)
#define X86_CR4_PGE (1u << 7)
#define X86_CR4_OSFXSR (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)
#define X86_CR4_OSXSAVE (1u << 18)

/* IA32_EFER (SDM Vol. 3, 2.2.1). */
#define X86_EFER_SCE (1u << 0)
#define X86_EFER_LME (1u << 8)
#define X86_EFER_LMA (1u << 10)
#define X86_EFER_NXE (1u << 11)

/* RFLAGS: bit 1 always reads as 1. */
#define X86_RFLAGS_FIXED (1u << 1)
#define X86_RFLAGS_IF (1u << 9)

/* MSR numbers (SDM Vol. 4). */
#define X86_MSR_IA32_TSC 0x10
#define X86_MSR_IA32_APICBASE 0x1b
#define X86_MSR_IA32_SYSENTER_CS 0x174
#define X86_MSR_IA32_SYSENTER_ESP 0x175
#define X86_MSR_IA32_SYSENTER_EIP 0x176
#define X86_MSR_IA32_MISC_ENABLE 0x1a0
#define X86_MSR_IA32_PAT 0x277
#define X86_MSR_EFER 0xc0000080
#define X86_MSR_STAR 0xc0000081
#define X86_MSR_LSTAR 0xc0000082
#define X86_MSR_CSTAR 0xc0000083
#define X86_MSR_FMASK 0xc0000084
#define X86_MSR_FS_BASE 0xc0000100
#define X86_MSR_GS_BASE 0xc0000101
#define X86_MSR_KERNEL_GS_BASE 0xc0000102
#define X86_MSR_TSC_AUX 0xc0000103

#define X86_APICBASE_BSP (1u << 8)
#define X86_APICBASE_ENABLE (1u << 11)
#define X86_APIC_DEFAULT_BASE 0xfee00000u
#define X86_PAT_RESET 0x0007040600070406ull
#define X86_MISC_ENABLE_FAST_STRINGS (1u << 0)

/* XSAVE state components (SDM Vol. 1, 13.1). */
#define X86_XSTATE_X87 (1u << 0)
#define X86_XSTATE_SSE (1u << 1)
#define X86_XSTATE_AVX (1u << 2)

/*
 * A segment register: the visible selector and the hidden part loaded
 * from its descriptor (SDM Vol. 3, 3.4.3). The attribute fields are the
 * descriptor's own bits.
 */
typedef struct X86Segment {
    uint64_t base;
    uint32_t limit; /* in bytes (granularity applied) */
    uint16_t selector;
    uint8_t type; /* 4 bits */
    uint8_t s, dpl, present, avl, l, db, g;
    uint8_t unusable; /* a null selector was loaded */
} X86Segment;

/* GDTR or IDTR. */
typedef struct X86DescTable {
    uint64_t base;
    uint16_t limit;
} X86DescTable;

/* One 80-bit x87 register, as FXSAVE stores it in 16 bytes. */
typedef struct X86FPReg {
    uint8_t bytes[16];
} X86FPReg;

/* One 128-bit XMM register, or the upper half of a YMM one. */
typedef struct X86Vec128 {
    uint64_t q[2];
} X86Vec128;

/* The MSRs Linux uses while booting and running. */
typedef struct X86Msrs {
    uint64_t star, lstar, cstar, fmask, kernel_gs_base;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t pat, misc_enable, tsc_aux, tsc;
    /* KVM's paravirtual MSRs (kvmclock, async page faults, PV EOI). */
    uint64_t kvm_system_time, kvm_wall_clock, kvm_async_pf;
    uint64_t kvm_pv_eoi, kvm_steal_time;
} X86Msrs;

typedef struct X86CPUState {
    uint64_t regs[X86_NB_REGS];
    uint64_t rip;
    uint64_t rflags;

    X86Segment segs[X86_NB_SEGS];
    X86Segment ldt, tr;
    X86DescTable gdt, idt;

    uint64_t cr0, cr2, cr3, cr4, cr8;
    uint64_t efer;
    uint64_t apic_base;
    uint64_t xcr0;
    uint64_t dr[8]; /* DR0-3, DR6 and DR7 used */

    X86Msrs msr;

    /* x87, in FXSAVE's form (SDM Vol. 1, 10.5.1). */
    uint16_t fcw, fsw;
    uint8_t ftw_abridged; /* one bit per register: 1 = valid */
    uint16_t fop;
    uint64_t fip, fdp;
    X86FPReg st[8];
    /* SSE and AVX. */
    uint32_t mxcsr;
    X86Vec128 xmm[16];
    X86Vec128 ymmh[16];

    /* Multiprocessor start-up: an AP waits for INIT/SIPI after reset. */
    bool wait_for_sipi;
    /* An interrupt is waiting (for the JIT's HLT; KVM keeps its own). */
    bool int_pending;
    /* Changed from outside: an accelerator must reload it. */
    bool dirty;
    /*
     * Set by reset: an accelerator also resets what it keeps outside this
     * struct (KVM: the local APIC, the paravirtual MSRs).
     */
    bool power_on;
} X86CPUState;

/* The x86-64 CPU: the generic part first, so a CPUState * converts. */
typedef struct X86CPU {
    CPUState parent;
    X86CPUState env;
    uint32_t apic_id;
} X86CPU;

extern const CPUClass x86_cpu_class;

static inline X86CPU *x86_cpu(CPUState *cpu)
{
    return (X86CPU *)cpu;
}

static inline X86CPUState *x86_env(CPUState *cpu)
{
    return &x86_cpu(cpu)->env;
}

/*
 * A new CPU in its power-on state (SDM Vol. 3, 9.1.1): real mode at
 * F000:FFF0, and for an AP (apic_id != 0) waiting for a start-up IPI.
 */
X86CPU *x86_cpu_new(uint32_t apic_id);
void x86_cpu_free(X86CPU *cpu);

/* Load a flat 64-bit code or data segment into the hidden cache. */
void x86_cpu_set_seg_flat(X86Segment *seg, uint16_t selector, bool code);

#endif
