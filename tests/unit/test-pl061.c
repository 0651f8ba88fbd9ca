/*
 * PL061 GPIO: identification, the address-masked GPIODATA, direction,
 * and each interrupt mode (level high/low, rising, falling, both edges)
 * with masking and clearing, driven through the memory API and the input
 * pins as the virt board drives its power button. Expected behaviour
 * from ARM DDI 0190 (PL061 TRM), sections 3.3.1-3.3.11.
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/gpio/pl061.h"

#include "mmio-rig.h"

#define BASE 0x09030000

/* TRM table 3-1 */
#define DIR 0x400
#define IS 0x404
#define IBE 0x408
#define IEV 0x40c
#define IE 0x410
#define RIS 0x414
#define MIS 0x418
#define IC 0x41c
#define AFSEL 0x420

/* A PL061 on the rig's interrupt line, its region at BASE. */
static PL061 *gpio_new(MmioRig *r)
{
    PL061 *s;

    mmio_rig_init(r);
    s = pl061_create("pl061", r->irq);
    mmio_rig_map(r, BASE, pl061_region(s));
    return s;
}

/* GPIODATA with all eight pins unmasked (address bits [9:2] all set). */
#define DATA_ALL 0x3fc

START_TEST(test_ids_and_reset)
{
    MmioRig r;
    PL061 *gpio;
    static const uint8_t ids[8] = {0x61, 0x10, 0x04, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1};

    gpio = gpio_new(&r);
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(&r, 0xfe0 + 4 * i), ids[i]);
    }
    /* Linux's AMBA bus matches (id & 0x000fffff) == 0x00041061. */
    ck_assert_uint_eq((rd(&r, 0xfe0) | rd(&r, 0xfe4) << 8 |
                       rd(&r, 0xfe8) << 16) & 0xfffff, 0x41061);
    for (unsigned off = DIR; off <= AFSEL; off += 4) {
        ck_assert_uint_eq(rd(&r, off), 0);
    }
    ck_assert_uint_eq(rd(&r, DATA_ALL), 0);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

START_TEST(test_data_masking)
{
    MmioRig r;
    PL061 *gpio;

    gpio = gpio_new(&r);
    wr(&r, DIR, 0x0f); /* pins 0-3 outputs, 4-7 inputs */
    wr(&r, DATA_ALL, 0xff);
    ck_assert_uint_eq(rd(&r, DATA_ALL), 0x0f); /* inputs read low */
    /* A write through address mask 0x05 (offset 0x14) touches pins 0, 2. */
    wr(&r, 0x05 << 2, 0x00);
    ck_assert_uint_eq(rd(&r, DATA_ALL), 0x0a);
    /* A read through mask 0x0c sees pins 2 and 3 only. */
    ck_assert_uint_eq(rd(&r, 0x0c << 2), 0x08);
    pl061_set_input(gpio, 6, true);
    pl061_set_input(gpio, 1, false); /* an output: no effect */
    ck_assert_uint_eq(rd(&r, DATA_ALL), 0x4a);
    ck_assert_uint_eq(rd(&r, 0x40 << 2), 0x40);
    /* Pin 6 turned output: it shows what was written, not the input. */
    wr(&r, DIR, 0x4f);
    ck_assert_uint_eq(rd(&r, DATA_ALL) & 0x40, 0);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

START_TEST(test_edge_rising_and_falling)
{
    MmioRig r;
    PL061 *gpio;

    gpio = gpio_new(&r);
    wr(&r, IEV, 0x08); /* pin 3 rising; pin 2 (IEV 0) falling */
    wr(&r, IE, 0x0c);
    pl061_set_input(gpio, 3, true);
    ck_assert_uint_eq(rd(&r, RIS), 0x08);
    ck_assert_uint_eq(rd(&r, MIS), 0x08);
    ck_assert_int_eq(r.irq_level, 1);
    /* Latched: releasing the pin does not clear it. */
    pl061_set_input(gpio, 3, false);
    ck_assert_uint_eq(rd(&r, RIS), 0x08);
    wr(&r, IC, 0x08);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    ck_assert_int_eq(r.irq_level, 0);
    /* Pin 2: a rising edge is not its event, the falling one is. */
    pl061_set_input(gpio, 2, true);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    pl061_set_input(gpio, 2, false);
    ck_assert_uint_eq(rd(&r, RIS), 0x04);
    ck_assert_int_eq(r.irq_level, 1);
    /* Masked: raw status stays, the output drops. */
    wr(&r, IE, 0x08);
    ck_assert_uint_eq(rd(&r, RIS), 0x04);
    ck_assert_uint_eq(rd(&r, MIS), 0);
    ck_assert_int_eq(r.irq_level, 0);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

START_TEST(test_both_edges)
{
    MmioRig r;
    PL061 *gpio;

    gpio = gpio_new(&r);
    wr(&r, IBE, 0x08);
    wr(&r, IE, 0x08);
    pl061_set_input(gpio, 3, true);
    ck_assert_int_eq(r.irq_level, 1);
    wr(&r, IC, 0x08);
    ck_assert_int_eq(r.irq_level, 0);
    pl061_set_input(gpio, 3, false);
    ck_assert_uint_eq(rd(&r, RIS), 0x08);
    ck_assert_int_eq(r.irq_level, 1);
    /* Setting the same level again is no edge. */
    wr(&r, IC, 0xff);
    pl061_set_input(gpio, 3, false);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

START_TEST(test_level)
{
    MmioRig r;
    PL061 *gpio;

    gpio = gpio_new(&r);
    wr(&r, IS, 0x03);  /* pins 0 and 1 level-sensitive */
    wr(&r, IEV, 0x01); /* pin 0 high, pin 1 low */
    /* Pin 1 is low already: pending as soon as the mode is set. */
    ck_assert_uint_eq(rd(&r, RIS), 0x02);
    wr(&r, IE, 0x03);
    ck_assert_int_eq(r.irq_level, 1);
    /* GPIOIC cannot clear a level that still holds. */
    wr(&r, IC, 0x02);
    ck_assert_uint_eq(rd(&r, RIS), 0x02);
    pl061_set_input(gpio, 1, true);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    ck_assert_int_eq(r.irq_level, 0);
    pl061_set_input(gpio, 0, true);
    ck_assert_uint_eq(rd(&r, RIS), 0x01);
    ck_assert_int_eq(r.irq_level, 1);
    pl061_set_input(gpio, 0, false);
    ck_assert_int_eq(r.irq_level, 0);
    /* An output pin's own level counts too. */
    wr(&r, DIR, 0x01);
    wr(&r, 0x01 << 2, 0x01);
    ck_assert_uint_eq(rd(&r, RIS), 0x01);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

START_TEST(test_reset_and_bad_access)
{
    MmioRig r;
    PL061 *gpio;
    uint64_t v = 1;

    gpio = gpio_new(&r);
    wr(&r, IE, 0xff);
    wr(&r, IBE, 0xff);
    pl061_set_input(gpio, 5, true);
    ck_assert_int_eq(r.irq_level, 1);
    pl061_reset(gpio);
    ck_assert_int_eq(r.irq_level, 0);
    ck_assert_uint_eq(rd(&r, IE), 0);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    /* The external level survives a reset of the registers. */
    ck_assert_uint_eq(rd(&r, DATA_ALL), 0x20);
    /* Unknown offsets read as zero, writes are ignored. */
    wr(&r, 0x800, 5);
    ck_assert_int_eq(as_load(r.as, BASE + 0x800, 4, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0);
    mmio_rig_free(&r);
    pl061_free(gpio);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl061");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_ids_and_reset);
    tcase_add_test(tc, test_data_masking);
    tcase_add_test(tc, test_edge_rising_and_falling);
    tcase_add_test(tc, test_both_edges);
    tcase_add_test(tc, test_level);
    tcase_add_test(tc, test_reset_and_bad_access);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
