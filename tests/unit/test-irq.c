/*
 * IRQ lines: handler arguments, NULL outputs, arrays and splitters.
 */
#include <check.h>
#include <stdlib.h>

#include "hw/core/irq.h"

/* A fake controller recording each call it receives. */
typedef struct Call {
    void *opaque;
    int n, level;
} Call;

static Call calls[16];
static int ncalls;

static void record(void *opaque, int n, int level)
{
    ck_assert_int_lt(ncalls, 16);
    calls[ncalls++] = (Call){opaque, n, level};
}

static void check_call(int i, void *opaque, int n, int level)
{
    ck_assert_ptr_eq(calls[i].opaque, opaque);
    ck_assert_int_eq(calls[i].n, n);
    ck_assert_int_eq(calls[i].level, level);
}

START_TEST(test_handler_args)
{
    int dev;
    IrqLine *irq = irq_new(record, &dev, 7);

    ncalls = 0;
    irq_raise(irq);
    irq_lower(irq);
    irq_set(irq, 5);
    irq_pulse(irq);
    ck_assert_int_eq(ncalls, 5);
    check_call(0, &dev, 7, 1);
    check_call(1, &dev, 7, 0);
    check_call(2, &dev, 7, 5);
    check_call(3, &dev, 7, 1);
    check_call(4, &dev, 7, 0);
    irq_free(irq);
}
END_TEST

START_TEST(test_null_safe)
{
    ncalls = 0;
    irq_set(NULL, 1);
    irq_raise(NULL);
    irq_lower(NULL);
    irq_pulse(NULL);
    irq_free(NULL);
    irq_free_array(NULL);
    ck_assert_int_eq(ncalls, 0);
}
END_TEST

START_TEST(test_array)
{
    int gic;
    IrqLine **in = irq_new_array(record, &gic, 4);

    ncalls = 0;
    ck_assert_ptr_null(in[4]);
    irq_raise(in[2]);
    irq_raise(in[0]);
    irq_lower(in[3]);
    ck_assert_int_eq(ncalls, 3);
    check_call(0, &gic, 2, 1);
    check_call(1, &gic, 0, 1);
    check_call(2, &gic, 3, 0);
    irq_free_array(in);

    in = irq_new_array(record, &gic, 0);
    ck_assert_ptr_null(in[0]);
    irq_free_array(in);
}
END_TEST

START_TEST(test_split)
{
    int a, b;
    IrqLine *ia = irq_new(record, &a, 1);
    IrqLine *ib = irq_new(record, &b, 2);
    IrqLine *split = irq_new_split(ia, ib);
    IrqLine *half = irq_new_split(NULL, ib);
    IrqLine *three = irq_new_split(split, ia);

    ncalls = 0;
    irq_raise(split);
    ck_assert_int_eq(ncalls, 2);
    check_call(0, &a, 1, 1);
    check_call(1, &b, 2, 1);

    ncalls = 0;
    irq_lower(half);
    ck_assert_int_eq(ncalls, 1);
    check_call(0, &b, 2, 0);

    /* Chained: split (a, b) then a again. */
    ncalls = 0;
    irq_set(three, 1);
    ck_assert_int_eq(ncalls, 3);
    check_call(0, &a, 1, 1);
    check_call(1, &b, 2, 1);
    check_call(2, &a, 1, 1);

    irq_free(three);
    irq_free(half);
    irq_free(split);
    /* The inputs survive their splitters. */
    ncalls = 0;
    irq_raise(ia);
    ck_assert_int_eq(ncalls, 1);
    irq_free(ia);
    irq_free(ib);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("irq");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_handler_args);
    tcase_add_test(tc, test_null_safe);
    tcase_add_test(tc, test_array);
    tcase_add_test(tc, test_split);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
