/*
 * 8250/16550A UART, as found at COM1 (0x3f8, IRQ 4) on PCs.
 *
 * Region: eight 1-byte registers (RBR/THR/DLL, IER/DLM, IIR/FCR, LCR,
 * MCR, LSR, MSR, SCR), offsets below; DLAB (LCR bit 7) switches offsets 0
 * and 1 to the divisor latch.
 * IRQ: one output, high while an enabled interrupt is pending, reported
 * by IIR in the 16550A's priority order: line status, received data,
 * transmitter empty, modem status.
 *
 * Transmission is instantaneous: a byte written to THR goes to the
 * chardev at once, and THR is empty again. Received bytes wait in a
 * 16-byte FIFO (1 byte with FIFOs off); the chardev is paced by the room
 * left. Loopback (MCR bit 4) feeds THR back into the receiver and the
 * modem-control outputs into MSR.
 * Not modelled: baud rate and character timing (the divisor is stored
 * only), parity/framing errors, breaks, the FIFO trigger level and the
 * character timeout (received data interrupts at once), the PC's gating of
 * the IRQ by OUT2.
 */
#include "hw/char/serial.h"

#include <glib.h>
#include <string.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/chardev/chardev.h"
#include "util/log.h"

/* Register offsets (PC16550D data sheet, Table II). */
#define SERIAL_RBR 0 /* read, DLAB=0 */
#define SERIAL_THR 0 /* write, DLAB=0 */
#define SERIAL_IER 1
#define SERIAL_IIR 2 /* read */
#define SERIAL_FCR 2 /* write */
#define SERIAL_LCR 3
#define SERIAL_MCR 4
#define SERIAL_LSR 5
#define SERIAL_MSR 6
#define SERIAL_SCR 7

#define IER_RDI 0x01  /* received data available */
#define IER_THRI 0x02 /* THR empty */
#define IER_RLSI 0x04 /* receiver line status */
#define IER_MSI 0x08  /* modem status */

#define IIR_NO_INT 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_FIFO_ENABLED 0xc0

#define FCR_FIFO_ENABLE 0x01
#define FCR_CLEAR_RCVR 0x02
#define FCR_CLEAR_XMIT 0x04

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01 /* data ready */
#define LSR_OE 0x02 /* overrun */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80
#define MSR_DELTAS 0x0f

#define SERIAL_FIFO_SIZE 16

struct Serial {
    char *name;
    MemoryRegion *mr;
    Chardev *chr;
    IrqLine *irq;

    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divider;
    bool thr_ipending; /* THRE interrupt not yet acknowledged */

    uint8_t rx[SERIAL_FIFO_SIZE];
    unsigned rx_head, rx_count;
};

static unsigned serial_rx_capacity(Serial *s)
{
    return (s->fcr & FCR_FIFO_ENABLE) ? SERIAL_FIFO_SIZE : 1;
}

/* The highest-priority pending and enabled interrupt, as IIR's ID. */
static uint8_t serial_pending(Serial *s)
{
    if ((s->ier & IER_RLSI) && (s->lsr & LSR_OE)) {
        return IIR_RLSI;
    }
    if ((s->ier & IER_RDI) && (s->lsr & LSR_DR)) {
        return IIR_RDI;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending) {
        return IIR_THRI;
    }
    if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS)) {
        return IIR_MSI;
    }
    return IIR_NO_INT;
}

static void serial_update_irq(Serial *s)
{
    irq_set(s->irq, serial_pending(s) != IIR_NO_INT);
}

static void serial_rx_push(Serial *s, uint8_t byte)
{
    if (s->rx_count == serial_rx_capacity(s)) {
        s->lsr |= LSR_OE;
        return;
    }
    s->rx[(s->rx_head + s->rx_count) % SERIAL_FIFO_SIZE] = byte;
    s->rx_count++;
    s->lsr |= LSR_DR;
}

static uint8_t serial_rx_pop(Serial *s)
{
    uint8_t byte = 0;

    if (s->rx_count) {
        byte = s->rx[s->rx_head];
        s->rx_head = (s->rx_head + 1) % SERIAL_FIFO_SIZE;
        s->rx_count--;
    }
    if (!s->rx_count) {
        s->lsr &= ~LSR_DR;
        if (s->chr && !(s->mcr & MCR_LOOP)) {
            chardev_accept_input(s->chr);
        }
    }
    return byte;
}

static void serial_rx_clear(Serial *s)
{
    s->rx_head = s->rx_count = 0;
    s->lsr &= ~LSR_DR;
}

/* In loopback, the modem inputs follow the modem-control outputs. */
static uint8_t serial_loop_msr(Serial *s)
{
    return (s->mcr & MCR_RTS ? MSR_CTS : 0) | (s->mcr & MCR_DTR ? MSR_DSR : 0) |
           (s->mcr & MCR_OUT1 ? MSR_RI : 0) | (s->mcr & MCR_OUT2 ? MSR_DCD : 0);
}

static void serial_set_msr(Serial *s, uint8_t lines)
{
    uint8_t old = s->msr;
    uint8_t delta = 0;

    if ((old ^ lines) & MSR_CTS) {
        delta |= MSR_DCTS;
    }
    if ((old ^ lines) & MSR_DSR) {
        delta |= MSR_DDSR;
    }
    if ((old & MSR_RI) && !(lines & MSR_RI)) {
        delta |= MSR_TERI;
    }
    if ((old ^ lines) & MSR_DCD) {
        delta |= MSR_DDCD;
    }
    s->msr = (old & MSR_DELTAS) | delta | lines;
}

static void serial_transmit(Serial *s, uint8_t byte)
{
    if (s->mcr & MCR_LOOP) {
        serial_rx_push(s, byte);
    } else if (s->chr) {
        chardev_write(s->chr, &byte, 1);
    }
    s->lsr |= LSR_THRE | LSR_TEMT;
    s->thr_ipending = true;
}

static uint64_t serial_read(void *opaque, uint64_t offset, unsigned size)
{
    Serial *s = opaque;
    uint8_t val = 0;

    switch (offset) {
    case SERIAL_RBR:
        if (s->lcr & LCR_DLAB) {
            val = s->divider & 0xff;
        } else {
            val = serial_rx_pop(s);
        }
        break;
    case SERIAL_IER:
        val = (s->lcr & LCR_DLAB) ? s->divider >> 8 : s->ier;
        break;
    case SERIAL_IIR:
        val = serial_pending(s);
        /* Reading IIR acknowledges a THRE interrupt it reports. */
        if (val == IIR_THRI) {
            s->thr_ipending = false;
        }
        if (s->fcr & FCR_FIFO_ENABLE) {
            val |= IIR_FIFO_ENABLED;
        }
        break;
    case SERIAL_LCR:
        val = s->lcr;
        break;
    case SERIAL_MCR:
        val = s->mcr;
        break;
    case SERIAL_LSR:
        val = s->lsr;
        s->lsr &= ~LSR_OE;
        break;
    case SERIAL_MSR:
        val = s->msr;
        s->msr &= ~MSR_DELTAS;
        break;
    case SERIAL_SCR:
        val = s->scr;
        break;
    }
    serial_update_irq(s);
    return val;
}

static void serial_write(void *opaque, uint64_t offset, uint64_t value,
                         unsigned size)
{
    Serial *s = opaque;
    uint8_t v = value;

    switch (offset) {
    case SERIAL_THR:
        if (s->lcr & LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | v;
        } else {
            serial_transmit(s, v);
        }
        break;
    case SERIAL_IER:
        if (s->lcr & LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | v << 8;
            break;
        }
        /* Enabling THRE with THR already empty raises it (8250 data
         * sheets: the interrupt is generated on the enable). */
        if (!(s->ier & IER_THRI) && (v & IER_THRI) && (s->lsr & LSR_THRE)) {
            s->thr_ipending = true;
        }
        s->ier = v & 0x0f;
        break;
    case SERIAL_FCR:
        if ((v ^ s->fcr) & FCR_FIFO_ENABLE) {
            /* Switching the FIFOs on or off empties them. */
            serial_rx_clear(s);
        }
        if (v & FCR_CLEAR_RCVR) {
            serial_rx_clear(s);
        }
        s->fcr = v & 0xc9; /* enable, DMA mode, trigger level */
        if (s->chr) {
            chardev_accept_input(s->chr);
        }
        break;
    case SERIAL_LCR:
        s->lcr = v;
        break;
    case SERIAL_MCR:
        s->mcr = v & 0x1f;
        serial_set_msr(s, (s->mcr & MCR_LOOP) ? serial_loop_msr(s)
                                              : (MSR_DCD | MSR_DSR | MSR_CTS));
        if (!(s->mcr & MCR_LOOP) && s->chr) {
            chardev_accept_input(s->chr);
        }
        break;
    case SERIAL_LSR:
    case SERIAL_MSR:
        log_guest_error("%s: write %#x to read-only register %u\n", s->name, v,
                        (unsigned)offset);
        break;
    case SERIAL_SCR:
        s->scr = v;
        break;
    }
    serial_update_irq(s);
}

static const MemoryRegionOps serial_ops = {
    .read = serial_read,
    .write = serial_write,
    .min_size = 1,
    .max_size = 1,
};

static int serial_can_read(void *opaque)
{
    Serial *s = opaque;

    if (s->mcr & MCR_LOOP) {
        return 0;
    }
    return serial_rx_capacity(s) - s->rx_count;
}

static void serial_receive(void *opaque, const uint8_t *buf, int len)
{
    Serial *s = opaque;

    for (int i = 0; i < len; i++) {
        serial_rx_push(s, buf[i]);
    }
    serial_update_irq(s);
}

void serial_reset(Serial *s)
{
    s->ier = 0;
    s->lcr = 0;
    s->mcr = MCR_OUT2;
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    s->scr = 0;
    s->fcr = 0;
    s->divider = 12; /* 9600 baud from 1.8432 MHz */
    s->thr_ipending = false;
    serial_rx_clear(s);
    serial_update_irq(s);
}

Serial *serial_create(const char *name, Chardev *chr, IrqLine *irq)
{
    Serial *s = g_new0(Serial, 1);

    s->name = g_strdup(name);
    s->chr = chr;
    s->irq = irq;
    s->mr = mr_new_io(name, SERIAL_REGION_SIZE, &serial_ops, s);
    serial_reset(s);
    chardev_attach_or_log(chr,
                          &(ChrFrontend){
                              .can_read = serial_can_read,
                              .read = serial_receive,
                              .opaque = s,
                          },
                          name);
    return s;
}

MemoryRegion *serial_region(Serial *s)
{
    return s->mr;
}

void serial_free(Serial *s)
{
    if (!s) {
        return;
    }
    mr_free(s->mr);
    g_free(s->name);
    g_free(s);
}
