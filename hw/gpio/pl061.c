/*
 * ARM PrimeCell GPIO PL061 (ARM DDI 0190, "PrimeCell General Purpose
 * Input/Output (PL061) Technical Reference Manual"), as on the virt
 * board, where pin 3 is the power button.
 *
 * Region: 4 KiB of registers: GPIODATA (0x000-0x3FC, the address bits
 * [9:2] select which pins an access reads or writes), GPIODIR, the
 * interrupt registers GPIOIS/IBE/IEV/IE/RIS/MIS/IC, GPIOAFSEL, and the
 * peripheral and PrimeCell identification registers 0xFE0-0xFFC.
 * IRQ: one output, GPIOINTR = any bit of RIS & IE.
 *
 * Eight pins. A pin whose GPIODIR bit is 1 is an output driven by
 * GPIODATA writes (nothing outside listens on virt); otherwise it reads
 * the level given by pl061_set_input(). Interrupts (TRM 3.3.3-3.3.9): a
 * level-sensitive pin (GPIOIS = 1) has its RIS bit set while its level
 * equals GPIOIEV; an edge-sensitive one latches RIS on the edge GPIOIEV
 * selects, or on both with GPIOIBE, until the guest writes GPIOIC.
 * Not modelled: the hardware-control mode GPIOAFSEL selects (stored and
 * read back only), and the test registers.
 */
#include "hw/gpio/pl061.h"

#include <glib.h>
#include <inttypes.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/log.h"

/* Register offsets (TRM 3.2, table 3-1). */
#define PL061_DATA_END 0x3fc
#define PL061_DIR 0x400
#define PL061_IS 0x404
#define PL061_IBE 0x408
#define PL061_IEV 0x40c
#define PL061_IE 0x410
#define PL061_RIS 0x414
#define PL061_MIS 0x418
#define PL061_IC 0x41c
#define PL061_AFSEL 0x420
#define PL061_ID 0xfe0 /* PeriphID0-3, PCellID0-3 */

/* PeriphID (part 0x061, designer ARM 0x41) and PrimeCell ID (TRM 3.3.11). */
static const uint8_t pl061_id[8] = {
    0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct PL061 {
    char *name;
    MemoryRegion *mr;
    IrqLine *irq;
    uint8_t out;    /* GPIODATA as written, for output pins */
    uint8_t in;     /* the external levels */
    uint8_t dir, is, ibe, iev, ie, ris, afsel;
};

/* The level each pin shows: driven for outputs, external for inputs. */
static uint8_t pl061_pins(PL061 *s)
{
    return (s->out & s->dir) | (s->in & ~s->dir);
}

/* Level-sensitive pins follow their level; edge latches are kept. */
static void pl061_update(PL061 *s)
{
    uint8_t match = ~(pl061_pins(s) ^ s->iev);

    s->ris = (s->ris & ~s->is) | (match & s->is);
    irq_set(s->irq, (s->ris & s->ie) != 0);
}

/* Latch the edges between old and new pin levels (TRM 3.3.4-3.3.5). */
static void pl061_edges(PL061 *s, uint8_t old)
{
    uint8_t now = pl061_pins(s);
    uint8_t changed = old ^ now;
    uint8_t rising = changed & now, falling = changed & ~now;
    uint8_t hit = (changed & s->ibe) |
                  (~s->ibe & ((rising & s->iev) | (falling & ~s->iev)));

    s->ris |= hit & ~s->is;
    pl061_update(s);
}

void pl061_set_input(PL061 *s, unsigned pin, bool level)
{
    uint8_t old = pl061_pins(s);

    g_assert(pin < PL061_PINS);
    s->in = (s->in & ~(1u << pin)) | ((unsigned)level << pin);
    pl061_edges(s, old);
}

static uint64_t pl061_read(void *opaque, uint64_t offset, unsigned size)
{
    PL061 *s = opaque;

    if (offset <= PL061_DATA_END) {
        return pl061_pins(s) & (offset >> 2);
    }
    switch (offset) {
    case PL061_DIR:
        return s->dir;
    case PL061_IS:
        return s->is;
    case PL061_IBE:
        return s->ibe;
    case PL061_IEV:
        return s->iev;
    case PL061_IE:
        return s->ie;
    case PL061_RIS:
        return s->ris;
    case PL061_MIS:
        return s->ris & s->ie;
    case PL061_AFSEL:
        return s->afsel;
    case PL061_ID ... PL061_ID + 0x1c:
        if (offset & 3) {
            break;
        }
        return pl061_id[(offset - PL061_ID) / 4];
    default:
        break;
    }
    log_guest_error("%s: bad read at 0x%" PRIx64 "\n", s->name, offset);
    return 0;
}

static void pl061_write(void *opaque, uint64_t offset, uint64_t val,
                        unsigned size)
{
    PL061 *s = opaque;
    uint8_t old = pl061_pins(s);

    if (offset <= PL061_DATA_END) {
        uint8_t mask = (offset >> 2) & s->dir;

        s->out = (s->out & ~mask) | (val & mask);
        pl061_edges(s, old);
        return;
    }
    switch (offset) {
    case PL061_DIR:
        s->dir = val;
        pl061_edges(s, old);
        return;
    case PL061_IS:
        s->is = val;
        break;
    case PL061_IBE:
        s->ibe = val;
        break;
    case PL061_IEV:
        s->iev = val;
        break;
    case PL061_IE:
        s->ie = val;
        break;
    case PL061_IC:
        /* Clears edge latches; a level-sensitive bit re-asserts at once
         * if its level still matches (TRM 3.3.9). */
        s->ris &= ~val;
        break;
    case PL061_AFSEL:
        s->afsel = val;
        break;
    default:
        log_guest_error("%s: bad write at 0x%" PRIx64 "\n", s->name, offset);
        return;
    }
    pl061_update(s);
}

static const MemoryRegionOps pl061_ops = {
    .read = pl061_read,
    .write = pl061_write,
    .min_size = 1,
    .max_size = 4,
};

void pl061_reset(PL061 *s)
{
    s->out = s->dir = s->is = s->ibe = s->iev = s->ie = s->ris = 0;
    s->afsel = 0;
    pl061_update(s);
}

PL061 *pl061_create(const char *name, IrqLine *irq)
{
    PL061 *s = g_new0(PL061, 1);

    s->name = g_strdup(name);
    s->irq = irq;
    s->mr = mr_new_io(name, PL061_REGION_SIZE, &pl061_ops, s);
    pl061_reset(s);
    return s;
}

MemoryRegion *pl061_region(PL061 *s)
{
    return s->mr;
}

void pl061_free(PL061 *s)
{
    if (!s) {
        return;
    }
    mr_free(s->mr);
    g_free(s->name);
    g_free(s);
}
