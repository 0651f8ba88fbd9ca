/*
 * i8042 keyboard controller: the status and command registers through the
 * memory API, and the reset command reaching the run state (as a guest
 * reboot does on a PC).
 */
#include <check.h>
#include <stdlib.h>

#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "hw/input/i8042.h"
#include "util/main-loop.h"

typedef struct Rig {
    AddressSpace *as;
    I8042 *kbc;
} Rig;

static void rig_init(Rig *r)
{
    r->as = as_new("io");
    r->kbc = i8042_create();
    ck_assert(as_map(r->as, 0x60, i8042_data_region(r->kbc), 0, NULL));
    ck_assert(as_map(r->as, 0x64, i8042_cmd_region(r->kbc), 0, NULL));
}

static void rig_free(Rig *r)
{
    as_unmap(r->as, i8042_data_region(r->kbc));
    as_unmap(r->as, i8042_cmd_region(r->kbc));
    i8042_free(r->kbc);
    as_free(r->as);
}

static uint8_t rd(Rig *r, unsigned port)
{
    uint64_t v;

    ck_assert_int_eq(as_load(r->as, port, 1, &v), MEMTX_OK);
    return v;
}

static void wr(Rig *r, unsigned port, uint8_t v)
{
    ck_assert_int_eq(as_store(r->as, port, 1, v), MEMTX_OK);
}

START_TEST(test_controller_commands)
{
    Rig r;

    rig_init(&r);
    ck_assert_uint_eq(rd(&r, 0x64) & 0x03, 0);    /* buffers empty */
    wr(&r, 0x64, 0xaa);                           /* self test */
    ck_assert_uint_eq(rd(&r, 0x64) & 0x01, 0x01); /* OBF */
    ck_assert_uint_eq(rd(&r, 0x60), 0x55);
    ck_assert_uint_eq(rd(&r, 0x64) & 0x01, 0);
    wr(&r, 0x64, 0x60); /* write command byte */
    wr(&r, 0x60, 0x47);
    wr(&r, 0x64, 0x20); /* read it back */
    ck_assert_uint_eq(rd(&r, 0x60), 0x47);
    wr(&r, 0x64, 0xab); /* keyboard test */
    ck_assert_uint_eq(rd(&r, 0x60), 0x00);
    /* FFh pulses no line: not a reset. */
    wr(&r, 0x64, 0xff);
    rig_free(&r);
}
END_TEST

START_TEST(test_reset_command)
{
    Rig r;

    /* With -no-reboot a reset request ends the main loop, status 0. */
    main_loop_init();
    machine_lock();
    runstate_init(NULL, true, false);
    rig_init(&r);
    wr(&r, 0x64, 0xfe);
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(runstate_get(), RUN_STATE_QUIT);
    rig_free(&r);
    machine_unlock();
}
END_TEST

START_TEST(test_reset_by_output_port)
{
    Rig r;

    main_loop_init();
    machine_lock();
    runstate_init(NULL, true, false);
    rig_init(&r);
    wr(&r, 0x64, 0xd1); /* write output port */
    wr(&r, 0x60, 0x02); /* bit 0 low: reset */
    ck_assert_int_eq(main_loop_run(), 0);
    ck_assert_int_eq(runstate_get(), RUN_STATE_QUIT);
    rig_free(&r);
    machine_unlock();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("i8042");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_controller_commands);
    tcase_add_test(tc, test_reset_command);
    tcase_add_test(tc, test_reset_by_output_port);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
