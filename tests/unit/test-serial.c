/*
 * 8250/16550A UART: its registers driven through the memory API (mapped
 * in an address space as a board maps it at port 3F8h), the interrupt
 * line, loopback reception, the FIFO and output to a chardev.
 */
#include <check.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw/char/serial.h"
#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/chardev/chardev.h"

#define BASE 0x3f8

/* Registers (offsets from BASE). */
#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

static int irq_level;

static void irq_handler(void *opaque, int n, int level)
{
    irq_level = level;
}

typedef struct Rig {
    AddressSpace *as;
    IrqLine *irq;
    Serial *uart;
} Rig;

static void rig_init(Rig *r, Chardev *chr)
{
    irq_level = -1;
    r->as = as_new("io");
    r->irq = irq_new(irq_handler, NULL, 4);
    r->uart = serial_create("com1", chr, r->irq);
    ck_assert(as_map(r->as, BASE, serial_region(r->uart), 0, NULL));
}

static void rig_free(Rig *r)
{
    as_unmap(r->as, serial_region(r->uart));
    serial_free(r->uart);
    irq_free(r->irq);
    as_free(r->as);
}

static uint8_t rd(Rig *r, unsigned reg)
{
    uint64_t v;

    ck_assert_int_eq(as_load(r->as, BASE + reg, 1, &v), MEMTX_OK);
    return v;
}

static void wr(Rig *r, unsigned reg, uint8_t v)
{
    ck_assert_int_eq(as_store(r->as, BASE + reg, 1, v), MEMTX_OK);
}

START_TEST(test_reset_values)
{
    Rig r;

    rig_init(&r, NULL);
    ck_assert_int_eq(irq_level, 0);
    ck_assert_uint_eq(rd(&r, IER), 0);
    ck_assert_uint_eq(rd(&r, IIR), 0x01); /* no interrupt */
    ck_assert_uint_eq(rd(&r, LCR), 0);
    ck_assert_uint_eq(rd(&r, LSR), 0x60);        /* THRE, TEMT */
    ck_assert_uint_eq(rd(&r, MSR) & 0xf0, 0xb0); /* DCD, DSR, CTS */
    wr(&r, SCR, 0x5a);
    ck_assert_uint_eq(rd(&r, SCR), 0x5a);
    rig_free(&r);
}
END_TEST

START_TEST(test_divisor_latch)
{
    Rig r;

    rig_init(&r, NULL);
    wr(&r, IER, 0x05);
    wr(&r, LCR, 0x83); /* DLAB, 8N1 */
    wr(&r, 0, 0x01);   /* DLL: 115200 */
    wr(&r, 1, 0x00);   /* DLM */
    ck_assert_uint_eq(rd(&r, 0), 0x01);
    ck_assert_uint_eq(rd(&r, 1), 0x00);
    wr(&r, LCR, 0x03);
    ck_assert_uint_eq(rd(&r, IER), 0x05); /* IER kept apart */
    ck_assert_uint_eq(rd(&r, LCR), 0x03);
    rig_free(&r);
}
END_TEST

START_TEST(test_thre_interrupt)
{
    Rig r;

    rig_init(&r, NULL);
    /* Enabling THRE with THR empty raises it at once. */
    wr(&r, IER, 0x02);
    ck_assert_int_eq(irq_level, 1);
    /* Reading IIR reports it, and acknowledges it. */
    ck_assert_uint_eq(rd(&r, IIR), 0x02);
    ck_assert_int_eq(irq_level, 0);
    ck_assert_uint_eq(rd(&r, IIR), 0x01);
    /* A byte sent empties THR again: the interrupt comes back. */
    wr(&r, THR, 'x');
    ck_assert_int_eq(irq_level, 1);
    wr(&r, IER, 0);
    ck_assert_int_eq(irq_level, 0);
    rig_free(&r);
}
END_TEST

START_TEST(test_loopback_receive)
{
    Rig r;

    rig_init(&r, NULL);
    wr(&r, MCR, 0x10 | 0x03);                    /* loop, DTR, RTS */
    ck_assert_uint_eq(rd(&r, MSR) & 0xf0, 0x30); /* CTS, DSR */
    wr(&r, IER, 0x01);                           /* received data */
    ck_assert_int_eq(irq_level, 0);
    wr(&r, THR, 'A');
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(rd(&r, LSR) & 0x01, 0x01); /* DR */
    ck_assert_uint_eq(rd(&r, IIR), 0x04);
    ck_assert_uint_eq(rd(&r, RBR), 'A');
    ck_assert_int_eq(irq_level, 0);
    ck_assert_uint_eq(rd(&r, LSR) & 0x01, 0);
    /* Without FIFOs the holding register takes one byte: the second
     * overruns, which the line-status interrupt reports first. */
    wr(&r, IER, 0x05);
    wr(&r, THR, '1');
    wr(&r, THR, '2');
    ck_assert_uint_eq(rd(&r, IIR), 0x06);
    ck_assert_uint_eq(rd(&r, LSR) & 0x03, 0x03); /* OE, DR */
    ck_assert_uint_eq(rd(&r, LSR) & 0x02, 0);    /* OE clears on read */
    ck_assert_uint_eq(rd(&r, IIR), 0x04);
    ck_assert_uint_eq(rd(&r, RBR), '1');
    rig_free(&r);
}
END_TEST

START_TEST(test_fifo)
{
    Rig r;

    rig_init(&r, NULL);
    wr(&r, FCR, 0x07);                           /* enable, clear */
    ck_assert_uint_eq(rd(&r, IIR) & 0xc0, 0xc0); /* 16550A FIFOs */
    wr(&r, MCR, 0x10);
    for (int i = 0; i < 17; i++) {
        wr(&r, THR, 'a' + i);
    }
    ck_assert_uint_eq(rd(&r, LSR) & 0x03, 0x03); /* 17th overran */
    for (int i = 0; i < 16; i++) {
        ck_assert_uint_eq(rd(&r, RBR), 'a' + i);
    }
    ck_assert_uint_eq(rd(&r, LSR) & 0x01, 0);
    /* Clearing the receive FIFO drops what waits. */
    wr(&r, THR, 'z');
    wr(&r, FCR, 0x03);
    ck_assert_uint_eq(rd(&r, LSR) & 0x01, 0);
    wr(&r, FCR, 0x00);
    ck_assert_uint_eq(rd(&r, IIR) & 0xc0, 0);
    rig_free(&r);
}
END_TEST

START_TEST(test_tx_to_chardev)
{
    g_autofree char *dir = g_dir_make_tmp("serial-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    g_autofree char *got = NULL;
    Chardev *chr = chardev_new("s0", spec, NULL);
    Rig r;

    ck_assert_ptr_nonnull(chr);
    rig_init(&r, chr);
    wr(&r, THR, 'o');
    wr(&r, THR, 'k');
    /* In loopback nothing leaves the UART. */
    wr(&r, MCR, 0x10);
    wr(&r, THR, '!');
    rig_free(&r);
    chardev_close_all();
    ck_assert(g_file_get_contents(path, &got, NULL, NULL));
    ck_assert_str_eq(got, "ok");
    g_unlink(path);
    g_rmdir(dir);
}
END_TEST

START_TEST(test_wide_access)
{
    Rig r;
    uint64_t v;

    rig_init(&r, NULL);
    /* A 2-byte read is split into the two 1-byte registers. */
    wr(&r, LCR, 0x03);
    wr(&r, MCR, 0x08);
    ck_assert_int_eq(as_load(r.as, BASE + LCR, 2, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0x0803);
    rig_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("serial");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_reset_values);
    tcase_add_test(tc, test_divisor_latch);
    tcase_add_test(tc, test_thre_interrupt);
    tcase_add_test(tc, test_loopback_receive);
    tcase_add_test(tc, test_fifo);
    tcase_add_test(tc, test_tx_to_chardev);
    tcase_add_test(tc, test_wide_access);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
