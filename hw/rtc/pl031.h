/*
 * ARM PrimeCell real-time clock PL031 (see pl031.c). The board maps
 * pl031_region() (4 KiB) and wires the interrupt output.
 */
#ifndef HW_RTC_PL031_H
#define HW_RTC_PL031_H

#include "util/clock.h"

typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;
typedef struct PL031 PL031;

#define PL031_REGION_SIZE 0x1000

/*
 * The counter starts at the host's wall-clock time (seconds since the
 * Unix epoch, UTC) and then advances with clock: KCLOCK_HOST follows the
 * host; KCLOCK_VIRTUAL follows guest time (stands still while the VM is
 * paused, counts instructions under -icount). irq is the RTCINTR output
 * (NULL: unconnected), not owned.
 */
PL031 *pl031_create(const char *name, KClockType clock, IrqLine *irq);
MemoryRegion *pl031_region(PL031 *s);
/* Registers to reset values; the counter keeps running (it is a clock). */
void pl031_reset(PL031 *s);
/* The region must be unmapped first. */
void pl031_free(PL031 *s);

#endif
