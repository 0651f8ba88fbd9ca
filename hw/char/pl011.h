/*
 * ARM PrimeCell UART PL011 (see pl011.c). The board maps pl011_region()
 * (4 KiB) and wires the combined interrupt output.
 */
#ifndef HW_CHAR_PL011_H
#define HW_CHAR_PL011_H

#include <stdint.h>

typedef struct Chardev Chardev;
typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;
typedef struct PL011 PL011;

#define PL011_REGION_SIZE 0x1000

/*
 * chr is the host end (NULL: output dropped, no input); irq the combined
 * interrupt output UARTINTR (NULL: unconnected). Takes ownership of
 * neither.
 */
PL011 *pl011_create(const char *name, Chardev *chr, IrqLine *irq);
MemoryRegion *pl011_region(PL011 *s);
void pl011_reset(PL011 *s);
/* The region must be unmapped first. */
void pl011_free(PL011 *s);

/* Feed received bytes as the chardev would (tests, and the chardev). */
void pl011_receive(PL011 *s, const uint8_t *buf, int len);

#endif
