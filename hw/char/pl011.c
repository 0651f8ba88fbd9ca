/*
 * ARM PrimeCell UART (PL011), as on the virt board (ARM DDI 0183,
 * "PrimeCell UART (PL011) Technical Reference Manual", r1p5).
 *
 * Region: 4 KiB of 32-bit registers: DR, RSR/ECR, FR, ILPR, IBRD, FBRD,
 * LCR_H, CR, IFLS, IMSC, RIS, MIS, ICR, DMACR and the peripheral and
 * PrimeCell identification registers at 0xFE0-0xFFC.
 * IRQ: one output, the combined interrupt UARTINTR = (RIS & IMSC) != 0.
 *
 * Transmission is instantaneous: a byte written to DR goes to the
 * chardev at once, the transmit FIFO is always empty and the TX
 * interrupt is raised on each write. Received bytes wait in a 16-entry
 * FIFO (1 entry with LCR_H.FEN clear); the chardev is paced by the room
 * left; the RX interrupt follows the FIFO trigger level of IFLS and the
 * receive timeout interrupt is raised with any data waiting.
 * Not modelled: baud rate and timing (IBRD/FBRD are stored only), DMA,
 * modem lines (CTS, DSR, DCD read as asserted), breaks and parity,
 * framing and overrun errors other than overrun of a full FIFO.
 */
#include "hw/char/pl011.h"

#include <glib.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/chardev/chardev.h"
#include "util/log.h"

/* Register offsets (TRM 3.2, table 3-1). */
#define PL011_DR 0x000
#define PL011_RSR 0x004     /* read: RSR; write: ECR */
#define PL011_FR 0x018
#define PL011_ILPR 0x020
#define PL011_IBRD 0x024
#define PL011_FBRD 0x028
#define PL011_LCR_H 0x02c
#define PL011_CR 0x030
#define PL011_IFLS 0x034
#define PL011_IMSC 0x038
#define PL011_RIS 0x03c
#define PL011_MIS 0x040
#define PL011_ICR 0x044
#define PL011_DMACR 0x048
#define PL011_ID 0xfe0      /* PeriphID0-3, PCellID0-3 */

#define FR_CTS (1u << 0)
#define FR_DSR (1u << 1)
#define FR_DCD (1u << 2)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)

#define LCR_H_FEN (1u << 4)

#define CR_UARTEN (1u << 0)
#define CR_LBE (1u << 7)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)

/* Interrupt bits of IMSC, RIS, MIS, ICR (TRM 3.3.10). */
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define INT_OE (1u << 10)
#define INT_ALL 0x7ffu

#define DR_OE (1u << 11)
#define RSR_OE (1u << 3)

#define PL011_FIFO_SIZE 16

/* PeriphID (part 0x011, ARM, r1) and PrimeCell ID, as the TRM gives. */
static const uint8_t pl011_id[8] = {
    0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct PL011 {
    char *name;
    MemoryRegion *mr;
    Chardev *chr;
    IrqLine *irq;

    uint32_t rsr, lcr_h, cr, ifls, imsc, ris, dmacr, ilpr, ibrd, fbrd;
    uint16_t rx[PL011_FIFO_SIZE];
    unsigned rx_head, rx_count;
};

static unsigned pl011_rx_capacity(PL011 *s)
{
    return (s->lcr_h & LCR_H_FEN) ? PL011_FIFO_SIZE : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full (TRM 3.3.9). */
static unsigned pl011_rx_trigger(PL011 *s)
{
    static const unsigned eighths[8] = {1, 2, 4, 6, 7, 7, 7, 7};

    if (!(s->lcr_h & LCR_H_FEN)) {
        return 1;
    }
    return eighths[(s->ifls >> 3) & 7] * PL011_FIFO_SIZE / 8;
}

static void pl011_update(PL011 *s)
{
    irq_set(s->irq, (s->ris & s->imsc) != 0);
}

static void pl011_update_rx_int(PL011 *s)
{
    s->ris &= ~(INT_RX | INT_RT);
    if (s->rx_count >= pl011_rx_trigger(s)) {
        s->ris |= INT_RX;
    }
    if (s->rx_count) {
        s->ris |= INT_RT;
    }
}

static uint32_t pl011_fr(PL011 *s)
{
    uint32_t fr = FR_TXFE | FR_CTS | FR_DSR | FR_DCD;

    if (s->rx_count == 0) {
        fr |= FR_RXFE;
    }
    if (s->rx_count == pl011_rx_capacity(s)) {
        fr |= FR_RXFF;
    }
    return fr;
}

static void pl011_rx_push(PL011 *s, uint8_t byte)
{
    if (s->rx_count == pl011_rx_capacity(s)) {
        /* The FIFO is full: the byte is lost, overrun is flagged. */
        s->rsr |= RSR_OE;
        s->ris |= INT_OE;
        return;
    }
    s->rx[(s->rx_head + s->rx_count) % PL011_FIFO_SIZE] = byte;
    s->rx_count++;
}

static uint32_t pl011_rx_pop(PL011 *s)
{
    uint32_t val = 0;

    if (s->rx_count) {
        val = s->rx[s->rx_head];
        s->rx_head = (s->rx_head + 1) % PL011_FIFO_SIZE;
        s->rx_count--;
        s->rsr = (val >> 8) & 0xf;
    }
    if (s->chr && !(s->cr & CR_LBE)) {
        chardev_accept_input(s->chr);
    }
    return val;
}

static void pl011_rx_clear(PL011 *s)
{
    s->rx_head = s->rx_count = 0;
}

static void pl011_transmit(PL011 *s, uint8_t byte)
{
    if (s->cr & CR_LBE) {
        pl011_rx_push(s, byte);
        pl011_update_rx_int(s);
    } else if (s->chr) {
        chardev_write(s->chr, &byte, 1);
    }
    s->ris |= INT_TX;
}

static uint64_t pl011_read(void *opaque, uint64_t offset, unsigned size)
{
    PL011 *s = opaque;
    uint32_t val = 0;

    switch (offset) {
    case PL011_DR:
        val = pl011_rx_pop(s);
        pl011_update_rx_int(s);
        break;
    case PL011_RSR:
        val = s->rsr;
        break;
    case PL011_FR:
        val = pl011_fr(s);
        break;
    case PL011_ILPR:
        val = s->ilpr;
        break;
    case PL011_IBRD:
        val = s->ibrd;
        break;
    case PL011_FBRD:
        val = s->fbrd;
        break;
    case PL011_LCR_H:
        val = s->lcr_h;
        break;
    case PL011_CR:
        val = s->cr;
        break;
    case PL011_IFLS:
        val = s->ifls;
        break;
    case PL011_IMSC:
        val = s->imsc;
        break;
    case PL011_RIS:
        val = s->ris;
        break;
    case PL011_MIS:
        val = s->ris & s->imsc;
        break;
    case PL011_DMACR:
        val = s->dmacr;
        break;
    default:
        if (offset >= PL011_ID && offset < PL011_ID + 0x20 && !(offset & 3)) {
            val = pl011_id[(offset - PL011_ID) / 4];
            break;
        }
        log_guest_error("%s: read of unknown register %#" G_GINT64_MODIFIER
                        "x\n", s->name, offset);
        break;
    }
    pl011_update(s);
    return val;
}

static void pl011_write(void *opaque, uint64_t offset, uint64_t value,
                        unsigned size)
{
    PL011 *s = opaque;
    uint32_t v = value;

    switch (offset) {
    case PL011_DR:
        pl011_transmit(s, v & 0xff);
        break;
    case PL011_RSR:         /* ECR: any write clears the errors */
        s->rsr = 0;
        break;
    case PL011_ILPR:
        s->ilpr = v & 0xff;
        break;
    case PL011_IBRD:
        s->ibrd = v & 0xffff;
        break;
    case PL011_FBRD:
        s->fbrd = v & 0x3f;
        break;
    case PL011_LCR_H:
        if ((v ^ s->lcr_h) & LCR_H_FEN) {
            /* Switching the FIFOs on or off flushes them. */
            pl011_rx_clear(s);
        }
        s->lcr_h = v & 0xff;
        pl011_update_rx_int(s);
        if (s->chr) {
            chardev_accept_input(s->chr);
        }
        break;
    case PL011_CR:
        s->cr = v & 0xff87;
        if (s->chr && !(s->cr & CR_LBE)) {
            chardev_accept_input(s->chr);
        }
        break;
    case PL011_IFLS:
        s->ifls = v & 0x3f;
        pl011_update_rx_int(s);
        break;
    case PL011_IMSC:
        s->imsc = v & INT_ALL;
        break;
    case PL011_ICR:
        s->ris &= ~(v & INT_ALL);
        break;
    case PL011_DMACR:
        s->dmacr = v & 7;
        if (v & 3) {
            log_unimp("%s: DMA not supported\n", s->name);
        }
        break;
    case PL011_FR:
    case PL011_RIS:
    case PL011_MIS:
        log_guest_error("%s: write to read-only register %#" G_GINT64_MODIFIER
                        "x\n", s->name, offset);
        break;
    default:
        log_guest_error("%s: write of unknown register %#" G_GINT64_MODIFIER
                        "x\n", s->name, offset);
        break;
    }
    pl011_update(s);
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .min_size = 1,
    .max_size = 4,
};

static int pl011_can_read(void *opaque)
{
    PL011 *s = opaque;

    if (s->cr & CR_LBE) {
        return 0;
    }
    return pl011_rx_capacity(s) - s->rx_count;
}

void pl011_receive(PL011 *s, const uint8_t *buf, int len)
{
    for (int i = 0; i < len; i++) {
        pl011_rx_push(s, buf[i]);
    }
    pl011_update_rx_int(s);
    pl011_update(s);
}

static void pl011_chr_read(void *opaque, const uint8_t *buf, int len)
{
    pl011_receive(opaque, buf, len);
}

void pl011_reset(PL011 *s)
{
    s->rsr = 0;
    s->lcr_h = 0;
    s->cr = CR_RXE | CR_TXE;
    s->ifls = 0x12;         /* both FIFOs at half full */
    s->imsc = 0;
    s->ris = 0;
    s->dmacr = 0;
    s->ilpr = s->ibrd = s->fbrd = 0;
    pl011_rx_clear(s);
    pl011_update(s);
}

PL011 *pl011_create(const char *name, Chardev *chr, IrqLine *irq)
{
    PL011 *s = g_new0(PL011, 1);

    s->name = g_strdup(name);
    s->chr = chr;
    s->irq = irq;
    s->mr = mr_new_io(name, PL011_REGION_SIZE, &pl011_ops, s);
    pl011_reset(s);
    chardev_attach_or_log(chr,
                          &(ChrFrontend){
                              .can_read = pl011_can_read,
                              .read = pl011_chr_read,
                              .opaque = s,
                          },
                          name);
    return s;
}

MemoryRegion *pl011_region(PL011 *s)
{
    return s->mr;
}

void pl011_free(PL011 *s)
{
    if (!s) {
        return;
    }
    mr_free(s->mr);
    g_free(s->name);
    g_free(s);
}
