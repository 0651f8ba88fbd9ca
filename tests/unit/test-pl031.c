/*
 * PL031 RTC: registers through the memory API, the counter against the
 * host's time, the match interrupt on host time and on icount-driven
 * virtual time. Expected values from ARM DDI 0224 (PL031 TRM).
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <time.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/rtc/pl031.h"
#include "util/clock.h"
#include "util/timer.h"

#include "mmio-rig.h"

#define BASE 0x09010000

/* TRM 3.2: register offsets */
#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c

/* A PL031 on the rig's interrupt line, its region at BASE. */
static PL031 *rtc_new(MmioRig *r, KClockType clock)
{
    PL031 *s;

    mmio_rig_init(r);
    s = pl031_create("pl031", clock, r->irq);
    mmio_rig_map(r, BASE, pl031_region(s));
    return s;
}

START_TEST(test_ids_and_reset)
{
    MmioRig r;
    PL031 *rtc;
    /* PeriphID0-3: part number 0x031, designer 0x41 (ARM); PrimeCell ID. */
    static const uint8_t ids[8] = {0x31, 0x10, 0x04, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1};

    rtc = rtc_new(&r, KCLOCK_HOST);
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(&r, 0xfe0 + 4 * i), ids[i]);
    }
    /* Linux's AMBA bus matches (id & 0x000fffff) == 0x00041031. */
    ck_assert_uint_eq((rd(&r, 0xfe0) | rd(&r, 0xfe4) << 8 |
                       rd(&r, 0xfe8) << 16) & 0xfffff, 0x41031);
    ck_assert_uint_eq(rd(&r, CR) & 1, 1);     /* RTCStart: counting */
    ck_assert_uint_eq(rd(&r, IMSC), 0);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    ck_assert_uint_eq(rd(&r, MIS), 0);
    wr(&r, IMSC, 0xffffffff);
    ck_assert_uint_eq(rd(&r, IMSC), 1);       /* one interrupt bit */
    mmio_rig_free(&r);
    pl031_free(rtc);
}
END_TEST

START_TEST(test_host_time)
{
    MmioRig r;
    PL031 *rtc;
    int64_t now, dr;

    rtc = rtc_new(&r, KCLOCK_HOST);
    now = time(NULL);
    dr = rd(&r, DR);
    ck_assert_msg(dr >= now - 1 && dr <= now + 1, "DR %lld, time %lld",
                  (long long)dr, (long long)now);
    /* Loading LR sets the counter; it goes on counting from there. */
    wr(&r, LR, 1000);
    ck_assert_uint_eq(rd(&r, LR), 1000);
    dr = rd(&r, DR);
    ck_assert(dr == 1000 || dr == 1001);
    mmio_rig_free(&r);
    pl031_free(rtc);
}
END_TEST

/* MR one second ahead of host time: the interrupt comes within ~1 s. */
START_TEST(test_host_match)
{
    MmioRig r;
    PL031 *rtc;
    uint32_t dr;
    int waited_ms = 0;

    rtc = rtc_new(&r, KCLOCK_HOST);
    wr(&r, IMSC, 1);
    dr = rd(&r, DR);
    wr(&r, MR, dr + 1);
    ck_assert_uint_eq(rd(&r, MR), dr + 1);
    while (!r.irq_level && waited_ms < 2500) {
        g_usleep(10000);
        waited_ms += 10;
        timers_run_clock(KCLOCK_HOST);
    }
    ck_assert_int_eq(r.irq_level, 1);
    ck_assert_uint_eq(rd(&r, DR), dr + 1);
    ck_assert_uint_eq(rd(&r, RIS), 1);
    ck_assert_uint_eq(rd(&r, MIS), 1);
    wr(&r, ICR, 1);
    ck_assert_int_eq(r.irq_level, 0);
    ck_assert_uint_eq(rd(&r, RIS), 0);
    mmio_rig_free(&r);
    pl031_free(rtc);
}
END_TEST

static int64_t fake_insns;

static int64_t fake_get_insns(void *opaque)
{
    return *(int64_t *)opaque;
}

/* Virtual time from a fake instruction counter, 1 ns per instruction. */
START_TEST(test_virtual_match)
{
    MmioRig r;
    PL031 *rtc;

    fake_insns = 5 * 1000000000LL + 250000000;     /* 5.25 s */
    clock_set_icount(0, fake_get_insns, &fake_insns);
    rtc = rtc_new(&r, KCLOCK_VIRTUAL);
    wr(&r, LR, 1000);                       /* counter 1000 at 5.25 s */
    ck_assert_uint_eq(rd(&r, DR), 1000);
    wr(&r, MR, 1003);
    ck_assert_int_eq(r.irq_level, 0);

    /* Masked: RIS records the match, MIS and the line stay low. */
    fake_insns += 2900000000LL;             /* 8.15 s: counter 1002 */
    ck_assert_uint_eq(rd(&r, DR), 1002);
    ck_assert(!timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_uint_eq(rd(&r, RIS), 0);
    fake_insns += 100000000LL;              /* 8.25 s: counter 1003 */
    ck_assert_uint_eq(rd(&r, DR), 1003);
    ck_assert(timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_uint_eq(rd(&r, RIS), 1);
    ck_assert_uint_eq(rd(&r, MIS), 0);
    ck_assert_int_eq(r.irq_level, 0);
    wr(&r, IMSC, 1);                        /* unmask: line goes high */
    ck_assert_int_eq(r.irq_level, 1);
    ck_assert_uint_eq(rd(&r, MIS), 1);
    wr(&r, ICR, 1);
    ck_assert_int_eq(r.irq_level, 0);

    /* MR equal to the counter matches at once. */
    wr(&r, MR, 1003);
    ck_assert_int_eq(r.irq_level, 1);
    wr(&r, ICR, 1);

    /* The counter wraps modulo 2^32: MR 1 from LR 0xffffffff is 2 s. */
    wr(&r, LR, 0xffffffff);
    wr(&r, MR, 1);
    fake_insns += 1000000000LL;
    ck_assert_uint_eq(rd(&r, DR), 0);
    ck_assert(!timers_run_clock(KCLOCK_VIRTUAL));
    fake_insns += 1000000000LL;
    ck_assert(timers_run_clock(KCLOCK_VIRTUAL));
    ck_assert_int_eq(r.irq_level, 1);
    mmio_rig_free(&r);
    pl031_free(rtc);
    clock_set_icount(0, NULL, NULL);
}
END_TEST

START_TEST(test_bad_access)
{
    MmioRig r;
    PL031 *rtc;
    uint64_t v = 1;

    rtc = rtc_new(&r, KCLOCK_HOST);
    /* Unknown offsets read as zero, writes are ignored. */
    wr(&r, 0x100, 5);
    ck_assert_int_eq(as_load(r.as, BASE + 0x100, 4, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0);
    ck_assert_uint_eq(rd(&r, ICR), 0);      /* write-only */
    mmio_rig_free(&r);
    pl031_free(rtc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pl031");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_ids_and_reset);
    tcase_add_test(tc, test_host_time);
    tcase_add_test(tc, test_host_match);
    tcase_add_test(tc, test_virtual_match);
    tcase_add_test(tc, test_bad_access);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
