/*
 * virt: what virt.c (the board) and virt-fdt.c (its device tree) share:
 * the memory map, the interrupt numbers and the board's state.
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct GICv2State GICv2State;
typedef struct GICv3State GICv3State;
typedef struct IrqLine IrqLine;
typedef struct Machine Machine;
typedef struct MemoryRegion MemoryRegion;
typedef struct PL011 PL011;
typedef struct PL031 PL031;
typedef struct PL061 PL061;
typedef struct Timer Timer;
typedef struct VirtioMmio VirtioMmio;

#define VIRT_MiB (1ull << 20)
#define VIRT_GiB (1ull << 30)

/* The regions of the reference's virt board that this board models. */
enum {
    VIRT_FLASH,         /* two 64 MiB banks; -bios goes in the first */
    VIRT_GIC_DIST,
    VIRT_GIC_CPU,       /* GICv2 CPU interface */
    VIRT_GIC_REDIST,    /* GICv3 redistributors (room for 123 CPUs) */
    VIRT_UART,
    VIRT_RTC,
    VIRT_GPIO,          /* PL061; pin 3 is the power button */
    VIRT_MMIO,          /* the first of VIRT_NUM_MMIO transports */
    VIRT_MEM,
    VIRT_COUNT,
};

typedef struct VirtRange {
    uint64_t base, size;
} VirtRange;

extern const VirtRange virt_memmap[VIRT_COUNT];

/* SPI numbers (INTID - 32), as the DTB's <GIC_SPI n flags> names them. */
enum {
    VIRT_SPI_UART = 1,
    VIRT_SPI_RTC = 2,
    VIRT_SPI_GPIO = 7,
    VIRT_SPI_MMIO = 16, /* 16..47, one per transport */
};

#define VIRT_NUM_MMIO 32
/* The PL061 pin of the power button (gpio-keys, KEY_POWER). */
#define VIRT_GPIO_POWER_PIN 3
#define VIRT_NUM_SPIS 64    /* SPIs the GIC implements (INTIDs 32..95) */

/* Generic timer PPIs (INTID - 16), ARM ARM D11.2 / the GIC's PPI map. */
enum {
    VIRT_PPI_HYP_TIMER = 10,
    VIRT_PPI_VIRT_TIMER = 11,
    VIRT_PPI_SEC_TIMER = 13,
    VIRT_PPI_PHYS_TIMER = 14,
};

/* Phandles in the DTB (the values the reference uses). */
enum {
    VIRT_PHANDLE_CLK = 0x8000,
    VIRT_PHANDLE_GIC = 0x8001,
    VIRT_PHANDLE_GPIO = 0x8004,
};

#define VIRT_MAX_DTB_SIZE (2 * VIRT_MiB)    /* booting.rst's limit */

typedef struct Virt {
    int gic_version;            /* 2 or 3 */
    bool highmem;
    char *dumpdtb;              /* -M virt,dumpdtb=FILE */

    GPtrArray *mapped;          /* MemoryRegion * mapped by the board */
    MemoryRegion *flash[2];
    IrqLine *cpu_irq[8], *cpu_fiq[8];
    GICv2State *gicv2;
    GICv3State *gicv3;
    PL011 *uart;
    PL031 *rtc;
    PL061 *gpio;
    Timer *power_key;           /* releases the power button */
    VirtioMmio *mmio[VIRT_NUM_MMIO];

    /* Boot. */
    uint64_t entry;             /* where CPU 0 starts */
    bool pass_dtb;              /* x0 = dtb_addr at entry */
    void *fdt;                  /* the DTB, written at dtb_addr */
    uint64_t dtb_addr;
    uint64_t initrd_start, initrd_end;  /* end 0: no initrd */
} Virt;

/* The SPI line n of whichever GIC the board has. */
IrqLine *virt_spi(Virt *vm, int n);

/*
 * Build the DTB for m (virt-fdt.c). With an initrd, the chosen node gets
 * placeholder linux,initrd-start/end that virt_fdt_set_initrd() fills in
 * once the initrd is placed. Returns a blob to g_free.
 */
void *virt_fdt_build(Machine *m, Virt *vm, bool with_initrd, GError **errp);
void virt_fdt_set_initrd(void *fdt, uint64_t start, uint64_t end);
/*
 * -dtb FILE instead (checked with fdt_check_header): /chosen gets
 * bootargs from -append and the initrd placeholders, as above.
 */
void *virt_fdt_load(Machine *m, bool with_initrd, GError **errp);

#endif
