/*
 * 8250/16550A UART (see serial.c). A board maps serial_region() in its
 * port I/O space (x86: 0x3f8) or in MMIO with a 1-byte register stride,
 * and wires the interrupt output.
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

typedef struct Chardev Chardev;
typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;
typedef struct Serial Serial;

/* Size of the register window: eight 1-byte registers. */
#define SERIAL_REGION_SIZE 8

/*
 * chr is the host end (NULL: output dropped, no input); irq the interrupt
 * output (NULL: unconnected). Does not take ownership of either.
 */
Serial *serial_create(const char *name, Chardev *chr, IrqLine *irq);
MemoryRegion *serial_region(Serial *s);
void serial_reset(Serial *s);
/* The region must be unmapped first. */
void serial_free(Serial *s);

#endif
