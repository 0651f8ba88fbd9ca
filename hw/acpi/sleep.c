/*
 * ACPI sleep control and status registers (ACPI 6.4, 4.8.3.7), the way a
 * hardware-reduced platform powers off: the OS writes SLP_TYP (the value
 * from the DSDT's \_S5 package) with SLP_EN to the control register.
 *
 * Region: two 1-byte registers, control at 0 and status at 1.
 * IRQs: none (no wake events).
 * Not modelled: sleep states other than S5 (logged and ignored; the DSDT
 * offers only \_S5), wake status (reads 0).
 */
#include "hw/acpi/sleep.h"

#include <glib.h>

#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "util/log.h"

#define SLEEP_CNT_SLP_TYP_SHIFT 2
#define SLEEP_CNT_SLP_TYP_MASK 0x7
#define SLEEP_CNT_SLP_EN 0x20

struct AcpiSleep {
    MemoryRegion *mr;
};

static uint64_t acpi_sleep_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

static void acpi_sleep_write(void *opaque, uint64_t offset, uint64_t value,
                             unsigned size)
{
    unsigned typ = (value >> SLEEP_CNT_SLP_TYP_SHIFT) & SLEEP_CNT_SLP_TYP_MASK;

    if (offset != ACPI_SLEEP_CONTROL || !(value & SLEEP_CNT_SLP_EN)) {
        return;
    }
    if (typ == ACPI_SLEEP_TYP_S5) {
        runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, 0);
    } else {
        log_unimp("acpi: sleep type %u not offered\n", typ);
    }
}

static const MemoryRegionOps acpi_sleep_ops = {
    .read = acpi_sleep_read,
    .write = acpi_sleep_write,
    .min_size = 1,
    .max_size = 1,
};

AcpiSleep *acpi_sleep_create(void)
{
    AcpiSleep *s = g_new0(AcpiSleep, 1);

    s->mr = mr_new_io("acpi-sleep", ACPI_SLEEP_REGION_SIZE, &acpi_sleep_ops, s);
    return s;
}

MemoryRegion *acpi_sleep_region(AcpiSleep *s)
{
    return s->mr;
}

void acpi_sleep_free(AcpiSleep *s)
{
    if (s) {
        mr_free(s->mr);
        g_free(s);
    }
}
