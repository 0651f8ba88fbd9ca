/*
 * PL011 UART: registers driven through the memory API, output to a file
 * chardev, input through the receive path, interrupts on an IRQ line.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw/char/pl011.h"
#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "util/chardev/chardev.h"

#include "mmio-rig.h"

#define BASE 0x09000000

/* A PL011 on the rig's interrupt line, its region at BASE. */
static PL011 *uart_new(MmioRig *r, Chardev *chr)
{
    PL011 *s;

    mmio_rig_init(r);
    s = pl011_create("pl011", chr, r->irq);
    mmio_rig_map(r, BASE, pl011_region(s));
    return s;
}

START_TEST(test_reset_and_ids)
{
    MmioRig r;
    PL011 *uart;
    static const uint8_t ids[8] = {0x11, 0x10, 0x14, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1};

    uart = uart_new(&r, NULL);
    ck_assert_uint_eq(rd(&r, 0x018), 0x90 | 0x7);    /* TXFE RXFE, modem */
    ck_assert_uint_eq(rd(&r, 0x030), 0x300);         /* CR: TXE RXE */
    ck_assert_uint_eq(rd(&r, 0x034), 0x12);          /* IFLS */
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(&r, 0xfe0 + 4 * i), ids[i]);
    }
    wr(&r, 0x024, 0x12345);
    ck_assert_uint_eq(rd(&r, 0x024), 0x2345);        /* IBRD: 16 bits */
    wr(&r, 0x028, 0xff);
    ck_assert_uint_eq(rd(&r, 0x028), 0x3f);          /* FBRD: 6 bits */
    mmio_rig_free(&r);
    pl011_free(uart);
}
END_TEST

START_TEST(test_tx_to_chardev)
{
    g_autofree char *dir = g_dir_make_tmp("pl011-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    g_autofree char *got = NULL;
    Chardev *chr = chardev_new("p0", spec, NULL);
    MmioRig r;
    PL011 *uart;

    ck_assert_ptr_nonnull(chr);
    uart = uart_new(&r, chr);
    wr(&r, 0x038, 1u << 5);         /* IMSC: TX */
    ck_assert_int_eq(r.irq_level, 0);
    wr(&r, 0x000, 'h');
    ck_assert_int_eq(as_store(r.as, BASE, 1, 'i'), MEMTX_OK);
    ck_assert_int_eq(r.irq_level, 1);
    ck_assert_uint_eq(rd(&r, 0x040), 1u << 5);       /* MIS */
    wr(&r, 0x044, 1u << 5);                          /* ICR */
    ck_assert_int_eq(r.irq_level, 0);
    ck_assert_uint_eq(rd(&r, 0x03c) & (1u << 5), 0);
    mmio_rig_free(&r);
    pl011_free(uart);
    chardev_close_all();
    ck_assert(g_file_get_contents(path, &got, NULL, NULL));
    ck_assert_str_eq(got, "hi");
    g_unlink(path);
    g_rmdir(dir);
}
END_TEST

START_TEST(test_rx_fifo)
{
    MmioRig r;
    PL011 *uart;
    const uint8_t in[20] = "abcdefghijklmnopqrst";

    uart = uart_new(&r, NULL);
    /* FIFO off: one byte; a second overruns */
    pl011_receive(uart, in, 0);
    pl011_receive(uart, in, 2);
    ck_assert_uint_eq(rd(&r, 0x018) & 0x50, 0x40);   /* RXFF, not RXFE */
    ck_assert_uint_eq(rd(&r, 0x000) & 0xff, 'a');
    ck_assert_uint_eq(rd(&r, 0x018) & 0x10, 0x10);   /* RXFE */
    ck_assert_uint_eq(rd(&r, 0x004), 0);
    /* FIFO on: 16 bytes, trigger at half full with IFLS = 0x12 */
    wr(&r, 0x02c, 1u << 4);
    wr(&r, 0x038, 1u << 4);                          /* IMSC: RX */
    pl011_receive(uart, in, 7);
    ck_assert_int_eq(r.irq_level, 0);
    pl011_receive(uart, in + 7, 1);
    ck_assert_int_eq(r.irq_level, 1);
    pl011_receive(uart, in + 8, 12);              /* 4 overrun */
    ck_assert_uint_eq(rd(&r, 0x03c) & (1u << 10), 1u << 10);
    for (int i = 0; i < 16; i++) {
        ck_assert_uint_eq(rd(&r, 0x000) & 0xff, in[i]);
    }
    ck_assert_int_eq(r.irq_level, 0);
    ck_assert_uint_eq(rd(&r, 0x018) & 0x10, 0x10);
    /* loopback: TX feeds RX */
    wr(&r, 0x030, 0x381);
    wr(&r, 0x000, 'z');
    ck_assert_uint_eq(rd(&r, 0x000) & 0xff, 'z');
    mmio_rig_free(&r);
    pl011_free(uart);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl011");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_reset_and_ids);
    tcase_add_test(tc, test_tx_to_chardev);
    tcase_add_test(tc, test_rx_fifo);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
