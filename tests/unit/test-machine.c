/*
 * The machine registry and the 'none' machine: RAM at 0, -kernel images
 * written into it, written again by a system reset, and refusals.
 */
#include <check.h>
#include <string.h>
#include <unistd.h>

#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "system/vl.h"

static char *write_temp(const void *data, size_t len)
{
    char *path = g_strdup("/tmp/kestrel-machine-XXXXXX");
    int fd = g_mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static Machine *none_machine(void)
{
    const MachineClass *mc;

    boards_register_all();
    mc = machine_find("none");
    ck_assert_ptr_nonnull(mc);
    ck_assert_ptr_eq(machine_default(), mc);
    return machine_new(mc);
}

START_TEST(test_registry)
{
    boards_register_all();
    ck_assert_ptr_null(machine_find("no-such-board"));
    ck_assert_ptr_nonnull(machine_find("none"));
}
END_TEST

START_TEST(test_none_raw_kernel_and_reset)
{
    static const uint8_t blob[] = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02 };
    g_autofree char *path = write_temp(blob, sizeof(blob));
    Machine *m = none_machine();
    GError *err = NULL;
    uint8_t buf[sizeof(blob)];

    m->ram_size = 4 << 20;
    m->kernel = path;
    ck_assert_msg(machine_init(m, &err), "%s", err ? err->message : "");
    ck_assert_int_eq(mr_size(m->ram), 4 << 20);
    ck_assert_int_eq(as_rw(m->sysmem, 0, buf, sizeof(buf), false), MEMTX_OK);
    ck_assert_mem_eq(buf, blob, sizeof(blob));

    /* The guest scribbles over its image; reset brings it back. */
    memset(buf, 0x55, sizeof(buf));
    ck_assert_int_eq(as_rw(m->sysmem, 0, buf, sizeof(buf), true), MEMTX_OK);
    machine_reset(m);
    ck_assert_int_eq(as_rw(m->sysmem, 0, buf, sizeof(buf), false), MEMTX_OK);
    ck_assert_mem_eq(buf, blob, sizeof(blob));
    unlink(path);
    machine_free(m);
}
END_TEST

START_TEST(test_none_refuses)
{
    Machine *m = none_machine();
    GError *err = NULL;

    m->initrd = "x";
    ck_assert(!machine_init(m, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "-initrd"));
    g_clear_error(&err);
    machine_free(m);

    m = none_machine();
    m->smp = 2;
    ck_assert(!machine_init(m, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "-smp 2"));
    g_clear_error(&err);
    machine_free(m);

    m = none_machine();
    m->kernel = "/nonexistent/kernel";
    ck_assert(!machine_init(m, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "-kernel"));
    ck_assert_ptr_nonnull(strstr(err->message, "No such file"));
    g_clear_error(&err);
    machine_free(m);
}
END_TEST

START_TEST(test_none_bios_at_zero)
{
    uint8_t blob[64], buf[64];
    g_autofree char *path = NULL;
    Machine *m = none_machine();
    GError *err = NULL;

    for (int i = 0; i < 64; i++) {
        blob[i] = 0x80 | i;
    }
    path = write_temp(blob, sizeof(blob));

    /* -bios: a raw file placed at address 0. */
    m->ram_size = 1 << 20;
    m->bios = path;
    ck_assert(machine_init(m, &err));
    ck_assert_int_eq(as_rw(m->sysmem, 0, buf, sizeof(buf), false), MEMTX_OK);
    ck_assert_mem_eq(buf, blob, sizeof(blob));
    machine_free(m);
    unlink(path);
}
END_TEST

static Suite *machine_suite(void)
{
    Suite *s = suite_create("machine");
    TCase *tc = tcase_create("none");

    tcase_add_test(tc, test_registry);
    tcase_add_test(tc, test_none_raw_kernel_and_reset);
    tcase_add_test(tc, test_none_refuses);
    tcase_add_test(tc, test_none_bios_at_zero);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(machine_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
