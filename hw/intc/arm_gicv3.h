/*
 * ARM Generic Interrupt Controller v3 (see arm_gicv3.c): distributor,
 * one redistributor per CPU, and the system-register CPU interface.
 *
 * The board maps gicv3_dist_region() (64 KiB, GICD_*) and
 * gicv3_redist_region() (num_cpus frames of 128 KiB: RD_base then
 * SGI_base, the last one with GICR_TYPER.Last), connects each CPU's IRQ
 * (group 1) and FIQ (group 0) outputs to cpu_interrupt, and gives device
 * outputs the input lines:
 *
 *   gicv3_spi_line(s, n)        SPI n, INTID 32 + n (the DTB's GIC_SPI n)
 *   gicv3_ppi_line(s, cpu, n)   PPI n of one CPU, INTID 16 + n (GIC_PPI n;
 *                               EL1 virtual timer PPI 11, physical 14)
 *
 * Affinity: CPU i is the PE with MPIDR_EL1 affinity Aff3.Aff2.Aff1.Aff0 =
 * 0.0.0.i, so the CPU must report MPIDR_EL1.Aff0 = i (Aff1-3 = 0).
 *
 * The CPU's MRS/MSR decoder maps op0=3 op1=0 CRn=12 (and ICC_PMR_EL1's
 * CRn=4) to a GICv3SysReg with gicv3_sysreg_decode() and then calls
 * gicv3_cpuif_read()/gicv3_cpuif_write() under the machine lock, after its
 * own EL0-access trap check (all are EL1 registers: an access from EL0 is
 * UNDEFINED). A register decode fails for (ICC_AP0R1-3, AP1R1-3, the EL2
 * and EL3 registers) is not implemented: the CPU makes it UNDEFINED.
 * Reading a write-only or writing a read-only register is UNDEFINED too;
 * gicv3_sysreg_access() says which is which.
 */
#ifndef HW_INTC_ARM_GICV3_H
#define HW_INTC_ARM_GICV3_H

#include <stdbool.h>
#include <stdint.h>

typedef struct GICv3State GICv3State;
typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;

#define GICV3_MAX_CPUS 8
#define GICV3_MAX_SPIS 988
#define GICV3_DIST_SIZE 0x10000
#define GICV3_REDIST_STRIDE 0x20000     /* RD_base + SGI_base, no VLPIs */

/*
 * The CPU interface system registers, with their encodings
 * (op0, op1, CRn, CRm, op2), ARM IHI 0069, chapter 12.2.
 */
typedef enum GICv3SysReg {
    ICC_PMR_EL1,        /* 3, 0, 4,  6,  0   RW */
    ICC_IAR0_EL1,       /* 3, 0, 12, 8,  0   RO */
    ICC_EOIR0_EL1,      /* 3, 0, 12, 8,  1   WO */
    ICC_HPPIR0_EL1,     /* 3, 0, 12, 8,  2   RO */
    ICC_BPR0_EL1,       /* 3, 0, 12, 8,  3   RW */
    ICC_AP0R0_EL1,      /* 3, 0, 12, 8,  4   RW */
    ICC_AP1R0_EL1,      /* 3, 0, 12, 9,  0   RW */
    ICC_DIR_EL1,        /* 3, 0, 12, 11, 1   WO */
    ICC_RPR_EL1,        /* 3, 0, 12, 11, 3   RO */
    ICC_SGI1R_EL1,      /* 3, 0, 12, 11, 5   WO */
    ICC_ASGI1R_EL1,     /* 3, 0, 12, 11, 6   WO */
    ICC_SGI0R_EL1,      /* 3, 0, 12, 11, 7   WO */
    ICC_IAR1_EL1,       /* 3, 0, 12, 12, 0   RO */
    ICC_EOIR1_EL1,      /* 3, 0, 12, 12, 1   WO */
    ICC_HPPIR1_EL1,     /* 3, 0, 12, 12, 2   RO */
    ICC_BPR1_EL1,       /* 3, 0, 12, 12, 3   RW */
    ICC_CTLR_EL1,       /* 3, 0, 12, 12, 4   RW */
    ICC_SRE_EL1,        /* 3, 0, 12, 12, 5   RW */
    ICC_IGRPEN0_EL1,    /* 3, 0, 12, 12, 6   RW */
    ICC_IGRPEN1_EL1,    /* 3, 0, 12, 12, 7   RW */
    GICV3_SYSREG_COUNT
} GICv3SysReg;

#define GICV3_SYSREG_R 1u
#define GICV3_SYSREG_W 2u

/* The register an MRS/MSR encoding names; false: not a GICv3 register. */
bool gicv3_sysreg_decode(int op0, int op1, int crn, int crm, int op2,
                         GICv3SysReg *reg);
/* GICV3_SYSREG_R and/or GICV3_SYSREG_W. */
unsigned gicv3_sysreg_access(GICv3SysReg reg);
/* "ICC_IAR1_EL1" etc., for logs and disassembly. */
const char *gicv3_sysreg_name(GICv3SysReg reg);

/* MRS and MSR of CPU cpu (0..num_cpus-1); a 64-bit value either way. */
uint64_t gicv3_cpuif_read(GICv3State *s, int cpu, GICv3SysReg reg);
void gicv3_cpuif_write(GICv3State *s, int cpu, GICv3SysReg reg,
                       uint64_t value);

/*
 * num_cpus 1..8; num_spis 0..988 (rounded up to a multiple of 32).
 * cpu_irq[i] and cpu_fiq[i] are CPU i's outputs (arrays or entries may be
 * NULL), copied, not owned.
 */
GICv3State *gicv3_create(int num_cpus, int num_spis, IrqLine **cpu_irq,
                         IrqLine **cpu_fiq);
MemoryRegion *gicv3_dist_region(GICv3State *s);
MemoryRegion *gicv3_redist_region(GICv3State *s);

/* Input lines, owned by the GIC (level: 1 asserted). */
IrqLine *gicv3_spi_line(GICv3State *s, int n);
IrqLine *gicv3_ppi_line(GICv3State *s, int cpu, int n);

/* Back to the reset state; the input line levels are kept. */
void gicv3_reset(GICv3State *s);
/* The regions must be unmapped first. */
void gicv3_free(GICv3State *s);

#endif
