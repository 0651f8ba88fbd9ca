/*
 * i8042 keyboard controller, as much of it as a PC's firmware and Linux
 * use without a keyboard: the controller commands, its command byte, and
 * above all the reset line (command FEh pulses the CPU reset, which is how
 * Linux reboots a PC by default; Documentation/admin-guide/kernel-
 * parameters.txt, "reboot=").
 *
 * Regions: the data port (x86 port 60h, 1 byte) and the status/command
 * port (64h, 1 byte).
 * IRQs: none (no keyboard or mouse to interrupt for).
 * Not modelled: the keyboard and mouse themselves (bytes written to them
 * are logged and dropped), the A20 gate (always enabled), scan codes.
 */
#include "hw/input/i8042.h"

#include <glib.h>

#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "util/log.h"

/* Status register bits. */
#define I8042_STR_OBF 0x01 /* output buffer full */
#define I8042_STR_SYS 0x04 /* self-test passed */
#define I8042_STR_CMD 0x08 /* last write was a command */

/* Controller commands (written to port 64h). */
#define I8042_CMD_READ_CB 0x20
#define I8042_CMD_WRITE_CB 0x60
#define I8042_CMD_AUX_DISABLE 0xa7
#define I8042_CMD_AUX_ENABLE 0xa8
#define I8042_CMD_AUX_TEST 0xa9
#define I8042_CMD_SELF_TEST 0xaa
#define I8042_CMD_KBD_TEST 0xab
#define I8042_CMD_KBD_DISABLE 0xad
#define I8042_CMD_KBD_ENABLE 0xae
#define I8042_CMD_READ_OUTPORT 0xd0
#define I8042_CMD_WRITE_OUTPORT 0xd1
#define I8042_CMD_PULSE_FIRST 0xf0 /* F0-FF: pulse output lines 3:0 */

#define I8042_OUTPORT_RESET 0x01 /* active low: 0 resets the CPU */
#define I8042_OUTPORT_A20 0x02

struct I8042 {
    MemoryRegion *data_mr, *cmd_mr;
    uint8_t status;
    uint8_t out;     /* output buffer */
    uint8_t cb;      /* command byte */
    uint8_t pending; /* command awaiting its data byte */
};

static void i8042_output(I8042 *s, uint8_t byte)
{
    s->out = byte;
    s->status |= I8042_STR_OBF;
}

static void i8042_reset_cpu(void)
{
    runstate_request_reset(SHUTDOWN_GUEST_RESET);
}

static uint64_t i8042_data_read(void *opaque, uint64_t offset, unsigned size)
{
    I8042 *s = opaque;

    s->status &= ~I8042_STR_OBF;
    return s->out;
}

static void i8042_data_write(void *opaque, uint64_t offset, uint64_t value,
                             unsigned size)
{
    I8042 *s = opaque;
    uint8_t cmd = s->pending;

    s->status &= ~I8042_STR_CMD;
    s->pending = 0;
    switch (cmd) {
    case I8042_CMD_WRITE_CB:
        s->cb = value;
        break;
    case I8042_CMD_WRITE_OUTPORT:
        if (!(value & I8042_OUTPORT_RESET)) {
            i8042_reset_cpu();
        }
        break;
    default:
        log_unimp("i8042: byte %#x for the keyboard (not modelled)\n",
                  (unsigned)value);
        break;
    }
}

static uint64_t i8042_cmd_read(void *opaque, uint64_t offset, unsigned size)
{
    I8042 *s = opaque;

    return s->status;
}

static void i8042_cmd_write(void *opaque, uint64_t offset, uint64_t value,
                            unsigned size)
{
    I8042 *s = opaque;

    s->status |= I8042_STR_CMD;
    s->pending = 0;
    switch (value) {
    case I8042_CMD_READ_CB:
        i8042_output(s, s->cb);
        break;
    case I8042_CMD_WRITE_CB:
    case I8042_CMD_WRITE_OUTPORT:
        s->pending = value;
        break;
    case I8042_CMD_SELF_TEST:
        i8042_output(s, 0x55);
        break;
    case I8042_CMD_KBD_TEST:
    case I8042_CMD_AUX_TEST:
        i8042_output(s, 0x00);
        break;
    case I8042_CMD_READ_OUTPORT:
        i8042_output(s, I8042_OUTPORT_RESET | I8042_OUTPORT_A20);
        break;
    case I8042_CMD_AUX_DISABLE:
    case I8042_CMD_AUX_ENABLE:
    case I8042_CMD_KBD_DISABLE:
    case I8042_CMD_KBD_ENABLE:
        break;
    default:
        if (value >= I8042_CMD_PULSE_FIRST) {
            /* Bit 0 clear pulses the reset line (FEh, FCh, ...). */
            if (!(value & 1)) {
                i8042_reset_cpu();
            }
            break;
        }
        log_unimp("i8042: controller command %#x\n", (unsigned)value);
        break;
    }
}

static const MemoryRegionOps i8042_data_ops = {
    .read = i8042_data_read,
    .write = i8042_data_write,
    .min_size = 1,
    .max_size = 1,
};

static const MemoryRegionOps i8042_cmd_ops = {
    .read = i8042_cmd_read,
    .write = i8042_cmd_write,
    .min_size = 1,
    .max_size = 1,
};

void i8042_reset(I8042 *s)
{
    s->status = I8042_STR_SYS;
    s->out = 0;
    s->cb = 0x45; /* translate, system flag, keyboard interrupt */
    s->pending = 0;
}

I8042 *i8042_create(void)
{
    I8042 *s = g_new0(I8042, 1);

    s->data_mr = mr_new_io("i8042-data", 1, &i8042_data_ops, s);
    s->cmd_mr = mr_new_io("i8042-cmd", 1, &i8042_cmd_ops, s);
    i8042_reset(s);
    return s;
}

MemoryRegion *i8042_data_region(I8042 *s)
{
    return s->data_mr;
}

MemoryRegion *i8042_cmd_region(I8042 *s)
{
    return s->cmd_mr;
}

void i8042_free(I8042 *s)
{
    if (!s) {
        return;
    }
    mr_free(s->data_mr);
    mr_free(s->cmd_mr);
    g_free(s);
}
