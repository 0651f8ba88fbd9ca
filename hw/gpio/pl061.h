/*
 * ARM PrimeCell GPIO PL061 (see pl061.c). The board maps pl061_region()
 * (4 KiB), wires the combined interrupt output and drives input pins
 * with pl061_set_input().
 */
#ifndef HW_GPIO_PL061_H
#define HW_GPIO_PL061_H

#include <stdbool.h>

typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;
typedef struct PL061 PL061;

#define PL061_REGION_SIZE 0x1000
#define PL061_PINS 8

/* irq: GPIOINTR, the combined interrupt (NULL: unconnected), not owned. */
PL061 *pl061_create(const char *name, IrqLine *irq);
MemoryRegion *pl061_region(PL061 *s);
/* The level on pin (0-7) from outside; what it does depends on GPIODIR,
 * GPIOIS, GPIOIBE and GPIOIEV as the guest set them. */
void pl061_set_input(PL061 *s, unsigned pin, bool level);
/* Registers to reset values; the external input levels stay. */
void pl061_reset(PL061 *s);
/* The region must be unmapped first. */
void pl061_free(PL061 *s);

#endif
