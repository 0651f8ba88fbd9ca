/*
 * ACPI sleep control and status registers of a hardware-reduced platform
 * (see sleep.c). The board maps the region in port I/O or MMIO and names
 * both registers in its FADT.
 */
#ifndef HW_ACPI_SLEEP_H
#define HW_ACPI_SLEEP_H

typedef struct AcpiSleep AcpiSleep;
typedef struct MemoryRegion MemoryRegion;

#define ACPI_SLEEP_REGION_SIZE 2
#define ACPI_SLEEP_CONTROL 0 /* offset of the control register */
#define ACPI_SLEEP_STATUS 1  /* offset of the status register */
/* The SLP_TYP value the board's \_S5 package names for soft-off. */
#define ACPI_SLEEP_TYP_S5 5

AcpiSleep *acpi_sleep_create(void);
MemoryRegion *acpi_sleep_region(AcpiSleep *s);
void acpi_sleep_free(AcpiSleep *s);

#endif
