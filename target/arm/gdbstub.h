/*
 * What the GDB stub (system/gdbstub.c) needs from the AArch64 target:
 * the register file in GDB's numbering, its target description, and a
 * debug address translation that never faults.
 *
 * GDB's numbering follows its features org.gnu.gdb.aarch64.core (x0-x30
 * 0-30, sp 31, pc 32, cpsr 33) and org.gnu.gdb.aarch64.fpu (v0-v31
 * 34-65, fpsr 66, fpcr 67).
 */
#ifndef TARGET_ARM_GDBSTUB_H
#define TARGET_ARM_GDBSTUB_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/core/cpu.h"

#define ARM_GDB_NUM_REGS 68

/* The XML document named annex ("target.xml", ...), or NULL. */
const char *arm_gdb_xml(const char *annex);
/* Register n into buf (target byte order); its size, or 0 if unknown. */
int arm_gdb_read_reg(CPUState *cs, int n, uint8_t *buf);
/* Register n from buf; its size, or 0 if unknown. */
int arm_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf);
/*
 * The physical address of virtual address va through the current
 * translation regime, without side effects (no fault, no TLB fill);
 * *page_left: bytes from va to the end of its page.
 */
bool arm_gdb_translate(CPUState *cs, uint64_t va, uint64_t *pa,
                       uint64_t *page_left);
uint64_t arm_gdb_get_pc(CPUState *cs);

#endif
