/*
 * ARM PrimeCell real-time clock PL031 (ARM DDI 0224, "PrimeCell Real Time
 * Clock (PL031) Technical Reference Manual"), as on the virt board.
 *
 * Region: 4 KiB of 32-bit registers: DR, MR, LR, CR, IMSC, RIS, MIS, ICR
 * and the peripheral and PrimeCell identification registers 0xFE0-0xFFC.
 * IRQ: one output, RTCINTR = RIS & IMSC (the match interrupt).
 *
 * The 32-bit counter counts seconds. It starts at the host's wall-clock
 * time and follows the clock given at creation (host time, or the guest's
 * virtual time); a write to LR sets it. The match interrupt is a timer on
 * that clock armed for the second the counter reaches MR; an MR equal to
 * the counter when written matches at once.
 * Not modelled: stopping the counter (CR.RTCStart reads as 1 and writing
 * 0 is ignored, as the RTC never stops), the 1 Hz clock divider and its
 * test registers, the MR/LR write-while-counting subtleties of the
 * asynchronous clock domain.
 */
#include "hw/rtc/pl031.h"

#include <glib.h>
#include <inttypes.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/log.h"
#include "util/timer.h"

/* Register offsets (TRM 3.2, table 3-1). */
#define PL031_DR 0x000
#define PL031_MR 0x004
#define PL031_LR 0x008
#define PL031_CR 0x00c
#define PL031_IMSC 0x010
#define PL031_RIS 0x014
#define PL031_MIS 0x018
#define PL031_ICR 0x01c
#define PL031_ID 0xfe0      /* PeriphID0-3, PCellID0-3 */

#define PL031_INT 1u        /* the one interrupt bit of IMSC/RIS/MIS/ICR */
#define NS_PER_SEC 1000000000LL

/* PeriphID (part 0x031, designer ARM 0x41) and PrimeCell ID (TRM 3.3). */
static const uint8_t pl031_id[8] = {
    0x31, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct PL031 {
    char *name;
    MemoryRegion *mr;
    IrqLine *irq;
    KClockType clock;
    Timer *alarm;

    /* counter = (clock_get_ns(clock) + offset_ns) / 1 s, modulo 2^32 */
    int64_t offset_ns;
    uint32_t match, load, imsc, ris;
};

static void pl031_update(PL031 *s)
{
    irq_set(s->irq, (s->ris & s->imsc) != 0);
}

static int64_t pl031_total_ns(PL031 *s)
{
    return clock_get_ns(s->clock) + s->offset_ns;
}

static uint32_t pl031_count(PL031 *s)
{
    return (uint32_t)(pl031_total_ns(s) / NS_PER_SEC);
}

static void pl031_alarm(void *opaque)
{
    PL031 *s = opaque;

    s->ris |= PL031_INT;
    pl031_update(s);
}

/* Arm the timer for the start of the second in which the counter == MR. */
static void pl031_arm(PL031 *s)
{
    int64_t total = pl031_total_ns(s);
    int64_t secs = total / NS_PER_SEC;
    uint32_t ticks = s->match - (uint32_t)secs;

    if (ticks == 0) {
        timer_del(s->alarm);
        pl031_alarm(s);
        return;
    }
    timer_mod(s->alarm, (secs + ticks) * NS_PER_SEC - s->offset_ns);
}

static uint64_t pl031_read(void *opaque, uint64_t offset, unsigned size)
{
    PL031 *s = opaque;

    switch (offset) {
    case PL031_DR:
        return pl031_count(s);
    case PL031_MR:
        return s->match;
    case PL031_LR:
        return s->load;
    case PL031_CR:
        return 1;
    case PL031_IMSC:
        return s->imsc;
    case PL031_RIS:
        return s->ris;
    case PL031_MIS:
        return s->ris & s->imsc;
    case PL031_ID ... PL031_ID + 0x1c:
        return pl031_id[(offset - PL031_ID) / 4];
    case PL031_ICR:
    default:
        log_guest_error("%s: bad read at 0x%" PRIx64 "\n", s->name, offset);
        return 0;
    }
}

static void pl031_write(void *opaque, uint64_t offset, uint64_t val,
                        unsigned size)
{
    PL031 *s = opaque;

    switch (offset) {
    case PL031_MR:
        s->match = val;
        pl031_arm(s);
        break;
    case PL031_LR:
        s->load = val;
        s->offset_ns = (int64_t)(uint32_t)val * NS_PER_SEC -
                       clock_get_ns(s->clock);
        pl031_arm(s);
        break;
    case PL031_CR:
        break;                  /* the counter always runs */
    case PL031_IMSC:
        s->imsc = val & PL031_INT;
        break;
    case PL031_ICR:
        s->ris &= ~(val & PL031_INT);
        break;
    default:
        log_guest_error("%s: bad write at 0x%" PRIx64 "\n", s->name, offset);
        return;
    }
    pl031_update(s);
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .min_size = 4,
    .max_size = 4,
};

void pl031_reset(PL031 *s)
{
    s->match = s->load = s->imsc = s->ris = 0;
    pl031_arm(s);
    pl031_update(s);
}

PL031 *pl031_create(const char *name, KClockType clock, IrqLine *irq)
{
    PL031 *s = g_new0(PL031, 1);

    s->name = g_strdup(name);
    s->irq = irq;
    s->clock = clock;
    s->offset_ns = clock_get_ns(KCLOCK_HOST) - clock_get_ns(clock);
    s->alarm = timer_new(clock, pl031_alarm, s);
    s->mr = mr_new_io(name, PL031_REGION_SIZE, &pl031_ops, s);
    pl031_reset(s);
    return s;
}

MemoryRegion *pl031_region(PL031 *s)
{
    return s->mr;
}

void pl031_free(PL031 *s)
{
    if (!s) {
        return;
    }
    timer_free(s->alarm);
    mr_free(s->mr);
    g_free(s->name);
    g_free(s);
}
