/*
 * The raw-file block back-end and the -drive registry, against real
 * temporary files: byte-offset I/O, snapshot=on (overlay merge, file
 * untouched), read-only, flush, and the error messages.
 */
#include "hw/block/block-backend.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMG_SIZE (64 * 1024 + 100) /* not a whole number of sectors */

/* A file whose byte i is (i * 7) & 0xff. */
static char *make_file(void)
{
    char *path = g_build_filename(g_get_tmp_dir(), "kestrel-blk-XXXXXX", NULL);
    g_autofree uint8_t *buf = g_malloc(IMG_SIZE);
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    for (int i = 0; i < IMG_SIZE; i++) {
        buf[i] = (i * 7) & 0xff;
    }
    ck_assert_int_eq(write(fd, buf, IMG_SIZE), IMG_SIZE);
    close(fd);
    return path;
}

static uint8_t pattern(uint64_t i)
{
    return (i * 7) & 0xff;
}

static void check_file_pristine(const char *path)
{
    g_autofree uint8_t *buf = g_malloc(IMG_SIZE + 1);
    int fd = open(path, O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(read(fd, buf, IMG_SIZE + 1), IMG_SIZE);
    close(fd);
    for (int i = 0; i < IMG_SIZE; i++) {
        if (buf[i] != pattern(i)) {
            ck_abort_msg("byte %d of the file changed", i);
        }
    }
}

START_TEST(test_rw)
{
    g_autofree char *path = make_file();
    BlockBackend *blk = blk_open(path, false, false, NULL);
    uint8_t buf[300];
    int fd;

    ck_assert_ptr_nonnull(blk);
    ck_assert_uint_eq(blk_size(blk), IMG_SIZE);
    ck_assert(!blk_is_readonly(blk));
    ck_assert_int_eq(blk_pread(blk, 1000, buf, 300), 0);
    for (int i = 0; i < 300; i++) {
        ck_assert_uint_eq(buf[i], pattern(1000 + i));
    }
    memset(buf, 0xee, sizeof(buf));
    ck_assert_int_eq(blk_pwrite(blk, 510, buf, 5), 0);
    ck_assert_int_eq(blk_flush(blk), 0);
    /* The file itself has the bytes. */
    fd = open(path, O_RDONLY);
    ck_assert_int_eq(pread(fd, buf, 7, 509), 7);
    close(fd);
    ck_assert_uint_eq(buf[0], pattern(509));
    ck_assert_uint_eq(buf[1], 0xee);
    ck_assert_uint_eq(buf[5], 0xee);
    ck_assert_uint_eq(buf[6], pattern(515));
    /* Past the end: refused, whole. */
    ck_assert_int_eq(blk_pread(blk, IMG_SIZE - 10, buf, 11), -EINVAL);
    ck_assert_int_eq(blk_pwrite(blk, IMG_SIZE, buf, 1), -EINVAL);
    ck_assert_int_eq(blk_pread(blk, ~0ull, buf, 2), -EINVAL);
    ck_assert_int_eq(blk_pread(blk, IMG_SIZE - 10, buf, 10), 0);
    blk_close(blk);
    unlink(path);
}
END_TEST

START_TEST(test_snapshot)
{
    g_autofree char *path = make_file();
    BlockBackend *blk = blk_open(path, false, true, NULL);
    g_autofree uint8_t *buf = g_malloc(IMG_SIZE);
    uint8_t w[1500];

    ck_assert_ptr_nonnull(blk);
    /* Unaligned writes: partial sectors at both ends, and one inside. */
    memset(w, 0x11, sizeof(w));
    ck_assert_int_eq(blk_pwrite(blk, 700, w, 1500), 0);
    memset(w, 0x22, 3);
    ck_assert_int_eq(blk_pwrite(blk, 5000, w, 3), 0);
    /* The last, partial sector. */
    memset(w, 0x33, 50);
    ck_assert_int_eq(blk_pwrite(blk, IMG_SIZE - 50, w, 50), 0);
    ck_assert_int_eq(blk_flush(blk), 0);
    /* Reads merge overlay and image, across the boundaries. */
    ck_assert_int_eq(blk_pread(blk, 0, buf, IMG_SIZE), 0);
    for (int i = 0; i < IMG_SIZE; i++) {
        uint8_t want = pattern(i);

        if (i >= 700 && i < 2200) {
            want = 0x11;
        } else if (i >= 5000 && i < 5003) {
            want = 0x22;
        } else if (i >= IMG_SIZE - 50) {
            want = 0x33;
        }
        if (buf[i] != want) {
            ck_abort_msg("byte %d: %#x, want %#x", i, buf[i], want);
        }
    }
    check_file_pristine(path);
    blk_close(blk);
    check_file_pristine(path);
    unlink(path);
}
END_TEST

START_TEST(test_readonly)
{
    g_autofree char *path = make_file();
    BlockBackend *blk = blk_open(path, true, false, NULL);
    uint8_t b = 0;

    ck_assert(blk_is_readonly(blk));
    ck_assert_int_eq(blk_pwrite(blk, 0, &b, 1), -EROFS);
    ck_assert_int_eq(blk_flush(blk), 0);
    blk_close(blk);
    /* readonly wins over snapshot. */
    blk = blk_open(path, true, true, NULL);
    ck_assert_int_eq(blk_pwrite(blk, 0, &b, 1), -EROFS);
    blk_close(blk);
    check_file_pristine(path);
    unlink(path);
}
END_TEST

START_TEST(test_errors)
{
    g_autofree char *path = make_file();
    g_autofree char *dir = g_dir_make_tmp("kestrel-blk-XXXXXX", NULL);
    GError *err = NULL;

    ck_assert_ptr_null(blk_open("/nonexistent/disk.img", false, false, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "/nonexistent/disk.img"));
    ck_assert_ptr_nonnull(strstr(err->message, "No such file"));
    g_clear_error(&err);
    ck_assert_ptr_null(blk_open(dir, false, false, &err));
    ck_assert_ptr_nonnull(strstr(err->message, dir));
    g_clear_error(&err);
    /* A read-only file opened read-write (root ignores modes: skip). */
    ck_assert_int_eq(chmod(path, 0444), 0);
    if (geteuid() != 0) {
        ck_assert_ptr_null(blk_open(path, false, false, &err));
        ck_assert_ptr_nonnull(strstr(err->message, path));
        ck_assert_ptr_nonnull(strstr(err->message, "Permission denied"));
        g_clear_error(&err);
    }
    /* ...which readonly=on and snapshot=on accept. */
    blk_close(blk_open(path, true, false, NULL));
    blk_close(blk_open(path, false, true, NULL));
    rmdir(dir);
    unlink(path);
}
END_TEST

static void drive_fails(const char *spec, const char *needle)
{
    GError *err = NULL;

    ck_assert_msg(!drive_add(spec, &err), "%s accepted", spec);
    ck_assert_msg(strstr(err->message, needle), "'%s' lacks '%s'", err->message,
                  needle);
    ck_assert(g_str_has_prefix(err->message, "-drive"));
    g_error_free(err);
}

START_TEST(test_drive)
{
    g_autofree char *path = make_file();
    g_autofree char *s1 = g_strdup_printf("file=%s,if=none,id=disk0,"
                                          "format=raw,cache=writeback,"
                                          "media=disk",
                                          path);
    g_autofree char *s2 = g_strdup_printf("file=%s,readonly=on", path);
    g_autofree char *s3 =
        g_strdup_printf("file=%s,if=virtio,snapshot=on", path);
    g_autofree char *q = g_strdup_printf("file=%s,format=qcow2", path);
    g_autofree char *c = g_strdup_printf("file=%s,cache=none", path);
    g_autofree char *i = g_strdup_printf("file=%s,if=ide", path);
    g_autofree char *u = g_strdup_printf("file=%s,bogus=1", path);
    g_autofree char *dup = g_strdup_printf("file=%s,id=disk0", path);
    GPtrArray *list;
    BlockBackend *blk;
    GError *err = NULL;

    drive_fails(q, "format=qcow2: not supported yet (only raw)");
    drive_fails(c, "cache=none");
    drive_fails(i, "if=ide");
    drive_fails(u, "bogus");
    drive_fails("if=none", "file= is required");
    drive_fails("file=/nonexistent/x.img", "/nonexistent/x.img: No such");
    drive_fails("file=x,readonly=maybe", "readonly");

    ck_assert(drive_add(s1, NULL));
    ck_assert(drive_add(s2, NULL));
    ck_assert(drive_add(s3, NULL));
    drive_fails(dup, "already exists");
    blk = drive_find("disk0");
    ck_assert_ptr_nonnull(blk);
    ck_assert(!blk_is_readonly(blk));
    ck_assert_ptr_null(drive_find("disk1"));
    list = drive_virtio_list();
    ck_assert_uint_eq(list->len, 2);
    ck_assert(blk_is_readonly(g_ptr_array_index(list, 0)));
    ck_assert_str_eq(blk_id(g_ptr_array_index(list, 0)), "virtio0");
    ck_assert_ptr_nonnull(drive_find("virtio1"));
    ck_assert(drive_claim(blk, NULL));
    ck_assert(!drive_claim(blk, &err));
    g_clear_error(&err);
    drive_close_all();
    ck_assert_ptr_null(drive_find("disk0"));
    check_file_pristine(path);
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_rw);
    tcase_add_test(tc, test_snapshot);
    tcase_add_test(tc, test_readonly);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_drive);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
