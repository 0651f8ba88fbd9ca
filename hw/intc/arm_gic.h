/*
 * ARM Generic Interrupt Controller v2 (see arm_gic.c).
 *
 * The board maps gicv2_dist_region() (4 KiB) and gicv2_cpu_region()
 * (8 KiB: GICC_DIR lives at 0x1000), connects each CPU's IRQ and FIQ
 * outputs to cpu_interrupt, and hands device outputs the input lines:
 *
 *   gicv2_spi_line(s, n)        SPI n, INTID 32 + n (the DTB's GIC_SPI n)
 *   gicv2_ppi_line(s, cpu, n)   PPI n of one CPU, INTID 16 + n (GIC_PPI n;
 *                               e.g. the EL1 virtual timer is PPI 11, INTID
 *                               27; the EL1 physical timer PPI 14, INTID 30)
 *
 * The GICv2 banks registers per CPU (the CPU interface, the SGI/PPI part of
 * the distributor) and the memory API does not say which CPU accesses, so
 * the board must supply gicv2_set_cpu_index_fn(); without one every access
 * is taken to come from CPU 0 (enough for a uniprocessor board).
 */
#ifndef HW_INTC_ARM_GIC_H
#define HW_INTC_ARM_GIC_H

typedef struct GICv2State GICv2State;
typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;

#define GICV2_MAX_CPUS 8
#define GICV2_MAX_SPIS 988      /* INTIDs 32..1019 */
#define GICV2_DIST_SIZE 0x1000
#define GICV2_CPU_SIZE 0x2000

/*
 * num_cpus 1..8; num_spis 0..988 (rounded up to a multiple of 32, as
 * GICD_TYPER.ITLinesNumber reports). cpu_irq[i] and cpu_fiq[i] are CPU i's
 * outputs (the arrays, and any entry, may be NULL: unconnected); they are
 * copied, not owned.
 */
GICv2State *gicv2_create(int num_cpus, int num_spis, IrqLine **cpu_irq,
                         IrqLine **cpu_fiq);
MemoryRegion *gicv2_dist_region(GICv2State *s);
MemoryRegion *gicv2_cpu_region(GICv2State *s);

/*
 * fn(opaque) returns the index (0..num_cpus-1) of the CPU making the MMIO
 * access in progress, called from inside the region callbacks.
 */
void gicv2_set_cpu_index_fn(GICv2State *s, int (*fn)(void *opaque),
                            void *opaque);

/* Input lines, owned by the GIC (level: 1 asserted). */
IrqLine *gicv2_spi_line(GICv2State *s, int n);
IrqLine *gicv2_ppi_line(GICv2State *s, int cpu, int n);

/* Back to the reset state; the input line levels are kept. */
void gicv2_reset(GICv2State *s);
/* The regions must be unmapped first. */
void gicv2_free(GICv2State *s);

#endif
