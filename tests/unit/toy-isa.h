/*
 * A toy guest ISA for testing accel/tcg without a real target: fixed
 * 32-bit little-endian instructions, 16 64-bit registers, a PC, one MMU
 * index and 4 KiB pages mapped by a table the test controls.  Tests and
 * the toy benchmark only.
 *
 * Encoding: op[31:24] rd[23:20] rs[19:16] imm[15:0] (rt = imm & 15).
 *   HALT            stop (EXCP_HLT), PC at the next instruction
 *   LI   rd, simm   rd = sext(imm)           LUI rd, imm   rd = imm << 16
 *   ADD  rd, rs, rt rd = rs + rt              SUB rd, rs, rt
 *   ADDI rd, rs, simm
 *   LD/ST   rd, [rs + simm]  64-bit LE        LDW/STW 32-bit (zero-ext)
 *   LDA  rd, [rs + simm]     32-bit, must be aligned (TOY_EXC_ALIGN)
 *   B simm; BNZ/BZ rs, simm  PC-relative: pc + 4 + simm * 4 (goto_tb)
 *   JALR rd, rs     rd = pc + 4, pc = rs      (lookup_and_goto_ptr)
 *   CHK  rs         a helper: TOY_EXC_CHECK if rs == 0
 * Exceptions: fault_pc = PC of the faulting instruction, fault_code,
 * then PC = vector.  Pages whose address is >= TOY_FAULT_BASE fault
 * (TOY_EXC_PAGE, fault_addr).
 */
#ifndef TESTS_UNIT_TOY_ISA_H
#define TESTS_UNIT_TOY_ISA_H

#include <stdint.h>

#include "accel/tcg/cpu-ops.h"
#include "hw/core/cpu.h"
#include "tcg/tlb.h"

enum {
    TOY_OP_HALT,
    TOY_OP_LI,
    TOY_OP_LUI,
    TOY_OP_ADD,
    TOY_OP_SUB,
    TOY_OP_ADDI,
    TOY_OP_LD,
    TOY_OP_ST,
    TOY_OP_LDW,
    TOY_OP_STW,
    TOY_OP_LDA,
    TOY_OP_B,
    TOY_OP_BNZ,
    TOY_OP_BZ,
    TOY_OP_JALR,
    TOY_OP_CHK,
};

enum {
    TOY_EXC_CHECK = 1,
    TOY_EXC_PAGE = 2,
    TOY_EXC_ALIGN = 3,
    TOY_EXC_ILLEGAL = 4,
};

#define TOY_PAGE_BITS 12
#define TOY_NB_PAGES 4096 /* 16 MiB of virtual space is mapped */
#define TOY_FAULT_BASE 0x800000ull

typedef struct ToyEnv {
    uint64_t r[16];
    uint64_t pc;
    uint64_t vector;     /* PC after an exception */
    uint64_t fault_pc;
    uint64_t fault_addr;
    int32_t fault_code;
    uint32_t nb_faults;
    TCGTLBFast tlb_fast[1];
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
} ToyCPU;

/* Virtual page -> physical page, identity unless a test remaps it. */
extern uint64_t toy_map[TOY_NB_PAGES];
extern uint64_t toy_tlb_fills;

ToyCPU *toy_cpu_new(void);
void toy_cpu_free(ToyCPU *c);
void toy_map_reset(void);

/* A macro, so programs can be static const arrays. */
#define toy_enc(op, rd, rs, imm)                                               \
    ((uint32_t)(op) << 24 | ((uint32_t)(rd) & 15) << 20 |                      \
     ((uint32_t)(rs) & 15) << 16 | ((uint32_t)(imm) & 0xffff))

#define TOY_HALT() toy_enc(TOY_OP_HALT, 0, 0, 0)
#define TOY_LI(rd, v) toy_enc(TOY_OP_LI, rd, 0, (uint32_t)(v))
#define TOY_LUI(rd, v) toy_enc(TOY_OP_LUI, rd, 0, (uint32_t)(v))
#define TOY_ADD(rd, rs, rt) toy_enc(TOY_OP_ADD, rd, rs, rt)
#define TOY_SUB(rd, rs, rt) toy_enc(TOY_OP_SUB, rd, rs, rt)
#define TOY_ADDI(rd, rs, v) toy_enc(TOY_OP_ADDI, rd, rs, (uint32_t)(v))
#define TOY_LD(rd, rs, v) toy_enc(TOY_OP_LD, rd, rs, (uint32_t)(v))
#define TOY_ST(rd, rs, v) toy_enc(TOY_OP_ST, rd, rs, (uint32_t)(v))
#define TOY_LDW(rd, rs, v) toy_enc(TOY_OP_LDW, rd, rs, (uint32_t)(v))
#define TOY_STW(rd, rs, v) toy_enc(TOY_OP_STW, rd, rs, (uint32_t)(v))
#define TOY_LDA(rd, rs, v) toy_enc(TOY_OP_LDA, rd, rs, (uint32_t)(v))
/* Branches take the offset in instructions from the next one. */
#define TOY_B(off) toy_enc(TOY_OP_B, 0, 0, (uint32_t)(off))
#define TOY_BNZ(rs, off) toy_enc(TOY_OP_BNZ, 0, rs, (uint32_t)(off))
#define TOY_BZ(rs, off) toy_enc(TOY_OP_BZ, 0, rs, (uint32_t)(off))
#define TOY_JALR(rd, rs) toy_enc(TOY_OP_JALR, rd, rs, 0)
#define TOY_CHK(rs) toy_enc(TOY_OP_CHK, 0, rs, 0)

#endif
