/*
 * Option-string parsing: keyval_parse and its getters, parse_size,
 * parse_uint64, parse_bool.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/keyval.h"

/* Parse str and fail the test if it does not parse. */
static KeyVal *parse_ok(const char *str, const char *implied)
{
    GError *err = NULL;
    KeyVal *kv = keyval_parse(str, implied, &err);

    ck_assert_msg(kv != NULL, "'%s' failed: %s", str,
                  err ? err->message : "(no error)");
    ck_assert_ptr_null(err);
    return kv;
}

/* Parse str, expect failure with a message containing 'needle' and str. */
static void parse_bad(const char *str, const char *implied,
                      const char *needle)
{
    GError *err = NULL;
    KeyVal *kv = keyval_parse(str, implied, &err);

    ck_assert_msg(kv == NULL, "'%s' parsed but should not", str);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, needle) != NULL,
                  "'%s': message '%s' lacks '%s'", str, err->message,
                  needle);
    ck_assert_msg(strstr(err->message, str) != NULL,
                  "message '%s' does not quote '%s'", err->message, str);
    g_error_free(err);
}

START_TEST(test_simple_pairs)
{
    g_autoptr(KeyVal) kv = parse_ok("a=1,bb=two,c-d.e_f=x y", NULL);

    ck_assert_uint_eq(keyval_count(kv), 3);
    ck_assert_str_eq(keyval_key(kv, 0), "a");
    ck_assert_str_eq(keyval_value(kv, 0), "1");
    ck_assert_str_eq(keyval_key(kv, 1), "bb");
    ck_assert_str_eq(keyval_value(kv, 1), "two");
    ck_assert_str_eq(keyval_key(kv, 2), "c-d.e_f");
    ck_assert_str_eq(keyval_value(kv, 2), "x y");
    ck_assert(keyval_has(kv, "bb"));
    ck_assert(!keyval_has(kv, "b"));
    ck_assert_ptr_null(keyval_get(kv, "nope"));
    ck_assert_str_eq(keyval_get(kv, "bb"), "two");
}
END_TEST

START_TEST(test_empty_string)
{
    g_autoptr(KeyVal) kv = parse_ok("", NULL);
    g_autoptr(KeyVal) kv2 = parse_ok("", "type");

    ck_assert_uint_eq(keyval_count(kv), 0);
    ck_assert_uint_eq(keyval_count(kv2), 0);
}
END_TEST

START_TEST(test_implied_key)
{
    g_autoptr(KeyVal) kv = parse_ok("virt,gic-version=3", "type");
    g_autoptr(KeyVal) kv2 = parse_ok("type=microvm,x=y", "type");
    g_autoptr(KeyVal) kv3 = parse_ok("tcp:host:1234,server,nowait",
                                     "backend");
    g_autoptr(KeyVal) kv4 = parse_ok("/tmp/a=b.img", "file");

    ck_assert_uint_eq(keyval_count(kv), 2);
    ck_assert_str_eq(keyval_key(kv, 0), "type");
    ck_assert_str_eq(keyval_get(kv, "type"), "virt");
    ck_assert_str_eq(keyval_get(kv, "gic-version"), "3");

    ck_assert_str_eq(keyval_get(kv2, "type"), "microvm");
    ck_assert_uint_eq(keyval_count(kv2), 2);

    /* The QEMU legacy chardev form. */
    ck_assert_uint_eq(keyval_count(kv3), 3);
    ck_assert_str_eq(keyval_get(kv3, "backend"), "tcp:host:1234");
    ck_assert_str_eq(keyval_get(kv3, "server"), "on");
    ck_assert_str_eq(keyval_get(kv3, "wait"), "off");
    ck_assert(!keyval_has(kv3, "nowait"));

    /* '/' cannot start a name, so the whole element is the value. */
    ck_assert_uint_eq(keyval_count(kv4), 1);
    ck_assert_str_eq(keyval_get(kv4, "file"), "/tmp/a=b.img");
}
END_TEST

START_TEST(test_bare_words_without_implied)
{
    g_autoptr(KeyVal) kv = parse_ok("server,nowait,no,x=1,nox", NULL);

    ck_assert_uint_eq(keyval_count(kv), 4);
    ck_assert_str_eq(keyval_get(kv, "server"), "on");
    ck_assert_str_eq(keyval_get(kv, "wait"), "off");
    /* "no" alone has nothing after the prefix: a flag named "no". */
    ck_assert_str_eq(keyval_get(kv, "no"), "on");
    ck_assert_str_eq(keyval_get(kv, "x"), "off");   /* repeated: last */
}
END_TEST

START_TEST(test_comma_escape)
{
    g_autoptr(KeyVal) kv = parse_ok("file=a,,b.img,x=1", NULL);
    g_autoptr(KeyVal) kv2 = parse_ok("a,,b,,,c=d", "path");
    g_autoptr(KeyVal) kv3 = parse_ok("v=,,,,", NULL);
    g_autoptr(KeyVal) kv4 = parse_ok("v=x,,,y=z", NULL);

    ck_assert_str_eq(keyval_get(kv, "file"), "a,b.img");
    ck_assert_str_eq(keyval_get(kv, "x"), "1");
    ck_assert_uint_eq(keyval_count(kv), 2);

    ck_assert_str_eq(keyval_get(kv2, "path"), "a,b,");
    ck_assert_str_eq(keyval_get(kv2, "c"), "d");

    ck_assert_str_eq(keyval_get(kv3, "v"), ",,");
    ck_assert_uint_eq(keyval_count(kv3), 1);

    ck_assert_str_eq(keyval_get(kv4, "v"), "x,");
    ck_assert_str_eq(keyval_get(kv4, "y"), "z");
}
END_TEST

START_TEST(test_repeated_and_empty_values)
{
    g_autoptr(KeyVal) kv = parse_ok("a=1,b=2,a=3,c=,d==", NULL);

    ck_assert_uint_eq(keyval_count(kv), 4);
    ck_assert_str_eq(keyval_key(kv, 0), "a");
    ck_assert_str_eq(keyval_value(kv, 0), "3");
    ck_assert_str_eq(keyval_get(kv, "b"), "2");
    ck_assert_str_eq(keyval_get(kv, "c"), "");
    ck_assert_str_eq(keyval_get(kv, "d"), "=");
}
END_TEST

START_TEST(test_trailing_comma)
{
    g_autoptr(KeyVal) kv = parse_ok("a=1,", NULL);

    ck_assert_uint_eq(keyval_count(kv), 1);
    ck_assert_str_eq(keyval_get(kv, "a"), "1");
}
END_TEST

START_TEST(test_bad_strings)
{
    parse_bad("=x", NULL, "empty parameter name");
    parse_bad("=x", "type", "empty parameter name");
    parse_bad("a=1,=2", NULL, "empty parameter name");
    parse_bad(",a=1", NULL, "empty element");
    /* ",," twice is "1,," and the lone ',' ends it: "=2" has no name. */
    parse_bad("a=1,,,,,=2", NULL, "empty parameter name");
    parse_bad("a=1,b/c=2", NULL, "invalid parameter name 'b/c'");
    parse_bad("a=1,x:y", NULL, "invalid parameter name 'x:y'");
    parse_bad("tcp:h:1", NULL, "invalid parameter name");
    parse_bad(",x=1", "type", "empty value for 'type'");
}
END_TEST

START_TEST(test_typed_getters)
{
    g_autoptr(KeyVal) kv = parse_ok(
        "b1=on,b2=no,n=0x10,s=2M,bad=maybe,bn=12x", NULL);
    GError *err = NULL;
    bool b = false;
    uint64_t u = 0;

    ck_assert(keyval_get_bool(kv, "b1", false, &b, &err));
    ck_assert(b);
    ck_assert(keyval_get_bool(kv, "b2", true, &b, &err));
    ck_assert(!b);
    ck_assert(keyval_get_bool(kv, "absent", true, &b, &err));
    ck_assert(b);
    ck_assert(keyval_get_uint(kv, "n", 0, &u, &err));
    ck_assert_uint_eq(u, 16);
    ck_assert(keyval_get_uint(kv, "absent", 77, &u, &err));
    ck_assert_uint_eq(u, 77);
    ck_assert(keyval_get_size(kv, "s", 0, &u, &err));
    ck_assert_uint_eq(u, 2 * 1024 * 1024);
    ck_assert(keyval_get_size(kv, "absent", 5, &u, &err));
    ck_assert_uint_eq(u, 5);
    ck_assert_ptr_null(err);

    ck_assert(!keyval_get_bool(kv, "bad", false, &b, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->message, "parameter 'bad'"));
    ck_assert_ptr_nonnull(strstr(err->message, "maybe"));
    g_clear_error(&err);

    ck_assert(!keyval_get_uint(kv, "bn", 0, &u, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "parameter 'bn'"));
    g_clear_error(&err);
    ck_assert(!keyval_get_size(kv, "bad", 0, &u, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "parameter 'bad'"));
    g_clear_error(&err);
}
END_TEST

START_TEST(test_check_unused)
{
    g_autoptr(KeyVal) kv = parse_ok("virt,foo=1,bar=2,baz", "type");
    GError *err = NULL;

    ck_assert_str_eq(keyval_get(kv, "type"), "virt");
    ck_assert(!keyval_check_unused(kv, "-machine", &err));
    ck_assert_str_eq(err->message, "-machine: unknown parameter 'foo'");
    g_clear_error(&err);

    keyval_mark_used(kv, 1);    /* foo */
    ck_assert(keyval_has(kv, "bar"));   /* has does not mark used */
    ck_assert(!keyval_check_unused(kv, "-machine", &err));
    ck_assert_str_eq(err->message, "-machine: unknown parameter 'bar'");
    g_clear_error(&err);

    ck_assert_ptr_nonnull(keyval_get(kv, "bar"));
    ck_assert(!keyval_check_unused(kv, "-M", &err));
    ck_assert_str_eq(err->message, "-M: unknown parameter 'baz'");
    g_clear_error(&err);

    ck_assert_ptr_nonnull(keyval_get(kv, "baz"));
    ck_assert(keyval_check_unused(kv, "-M", &err));
    ck_assert_ptr_null(err);
}
END_TEST

/* parse_size that must succeed with the given result. */
static void size_ok(const char *str, uint64_t unit, uint64_t expect)
{
    GError *err = NULL;
    uint64_t v = 0xdeadbeef;

    ck_assert_msg(parse_size(str, unit, &v, &err), "'%s': %s", str,
                  err ? err->message : "?");
    ck_assert_msg(v == expect, "'%s': got %" G_GUINT64_FORMAT
                  ", expected %" G_GUINT64_FORMAT, str, v, expect);
}

static void size_bad(const char *str, uint64_t unit, const char *needle)
{
    GError *err = NULL;
    uint64_t v = 12345;

    ck_assert_msg(!parse_size(str, unit, &v, &err), "'%s' accepted", str);
    ck_assert_uint_eq(v, 12345);
    ck_assert_msg(strstr(err->message, needle) != NULL,
                  "'%s': message '%s' lacks '%s'", str, err->message,
                  needle);
    ck_assert_msg(strstr(err->message, str) != NULL,
                  "message '%s' does not quote '%s'", err->message, str);
    g_error_free(err);
}

START_TEST(test_parse_size_suffixes)
{
    const uint64_t k = 1024;

    size_ok("0", 1, 0);
    size_ok("123", 1, 123);
    size_ok("7B", 1, 7);
    size_ok("7b", 1 << 20, 7);
    size_ok("3K", 1, 3 * k);
    size_ok("3k", 1, 3 * k);
    size_ok("5M", 1, 5 * k * k);
    size_ok("5m", 1, 5 * k * k);
    size_ok("2G", 1, 2 * k * k * k);
    size_ok("2g", 1, 2 * k * k * k);
    size_ok("4T", 1, 4 * k * k * k * k);
    size_ok("4t", 1, 4 * k * k * k * k);
    size_ok("6P", 1, 6 * k * k * k * k * k);
    size_ok("6p", 1, 6 * k * k * k * k * k);
    size_ok("15E", 1, 15 * k * k * k * k * k * k);
    size_ok("1e", 1, k * k * k * k * k * k);
}
END_TEST

START_TEST(test_parse_size_units_fractions_hex)
{
    const uint64_t mib = 1024 * 1024;

    /* A bare number takes the default unit: "-m 512" is 512 MiB. */
    size_ok("512", mib, 512 * mib);
    size_ok("512M", mib, 512 * mib);
    size_ok("1G", mib, 1024 * mib);
    size_ok("007", 1, 7);
    size_ok("1.5G", 1, 1536 * mib);
    size_ok("0.5K", 1, 512);
    size_ok("0.25M", 1, 256 * 1024);
    size_ok("1.0", 1, 1);
    size_ok("2.5", mib, 2 * mib + mib / 2);
    /* 0.1 KiB = 102.4 bytes, rounded down. */
    size_ok("0.1K", 1, 102);
    size_ok("0.00000000000000000000001E", 1, 0);
    size_ok("0x1000", 1, 4096);
    size_ok("0X1f", mib, 31);            /* hex is bytes, not scaled */
    size_ok("0xffffffffffffffff", 1, UINT64_MAX);
    /* 2^14 PiB is 2^64: one PiB less is the largest. */
    size_ok("16383P", 1, UINT64_C(16383) << 50);
    size_ok("18446744073709551615", 1, UINT64_MAX);
    size_ok("18446744073709551615B", 1, UINT64_MAX);
}
END_TEST

START_TEST(test_parse_size_errors)
{
    size_bad("", 1, "empty");
    size_bad("-1", 1, "negative");
    size_bad("-1M", 1, "negative");
    size_bad("+1", 1, "not a number");
    size_bad(" 1", 1, "not a number");
    size_bad("M", 1, "not a number");
    size_bad(".5G", 1, "not a number");
    size_bad("1.G", 1, "no digits after '.'");
    size_bad("12X", 1, "trailing");
    size_bad("1 M", 1, "trailing");
    size_bad("1MB", 1, "trailing");
    size_bad("1e3", 1, "trailing");
    size_bad("1.5", 1, "fraction of a byte");
    size_bad("1.5B", 1 << 20, "fraction of a byte");
    size_bad("16E", 1, "larger than");
    size_bad("18446744073709551616", 1, "larger than");
    size_bad("99999999999999999999999", 1, "larger than");
    size_bad("17179869184G", 1, "larger than");   /* 2^34 GiB = 2^64 */
    size_bad("16777216", 1ull << 40, "larger than"); /* 2^24 TiB */
    size_bad("0x", 1, "no digits");
    size_bad("0x10000000000000000", 1, "larger than");
    size_bad("0x10K", 1, "trailing");
    size_bad("0x1.5", 1, "trailing");
}
END_TEST

START_TEST(test_parse_uint64)
{
    GError *err = NULL;
    uint64_t v = 0;

    ck_assert(parse_uint64("0", &v, &err));
    ck_assert_uint_eq(v, 0);
    ck_assert(parse_uint64("010", &v, &err));   /* decimal, not octal */
    ck_assert_uint_eq(v, 10);
    ck_assert(parse_uint64("0xAbC", &v, &err));
    ck_assert_uint_eq(v, 0xabc);
    ck_assert(parse_uint64("18446744073709551615", &v, &err));
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert(parse_uint64("0xFFFFFFFFFFFFFFFF", &v, &err));
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert(parse_uint64("0x0000000000000000001", &v, &err));
    ck_assert_uint_eq(v, 1);
    ck_assert_ptr_null(err);

    static const char *const bad[] = {
        "", "-1", "+1", " 1", "1 ", "1k", "0x", "0xg", "x10", "1.0",
        "18446744073709551616", "0x10000000000000000",
        "99999999999999999999",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        v = 42;
        ck_assert_msg(!parse_uint64(bad[i], &v, &err), "'%s' accepted",
                      bad[i]);
        ck_assert_uint_eq(v, 42);
        ck_assert_ptr_nonnull(err);
        ck_assert_msg(strstr(err->message, bad[i]) != NULL,
                      "'%s' not quoted in '%s'", bad[i], err->message);
        g_clear_error(&err);
    }
}
END_TEST

START_TEST(test_parse_bool)
{
    static const char *const yes[] = { "on", "yes", "true", "y", "ON", "Y" };
    static const char *const no[] = { "off", "no", "false", "n", "Off" };
    static const char *const bad[] = { "", "1", "0", "onn", "of", "yess",
                                       "enable", " on" };
    GError *err = NULL;
    bool b;

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        b = false;
        ck_assert(parse_bool(yes[i], &b, &err));
        ck_assert_msg(b, "'%s'", yes[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        b = true;
        ck_assert(parse_bool(no[i], &b, &err));
        ck_assert_msg(!b, "'%s'", no[i]);
    }
    ck_assert_ptr_null(err);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        ck_assert_msg(!parse_bool(bad[i], &b, &err), "'%s'", bad[i]);
        ck_assert_ptr_nonnull(err);
        g_clear_error(&err);
    }
}
END_TEST

static Suite *keyval_suite(void)
{
    Suite *s = suite_create("keyval");
    TCase *tc = tcase_create("keyval");

    tcase_add_test(tc, test_simple_pairs);
    tcase_add_test(tc, test_empty_string);
    tcase_add_test(tc, test_implied_key);
    tcase_add_test(tc, test_bare_words_without_implied);
    tcase_add_test(tc, test_comma_escape);
    tcase_add_test(tc, test_repeated_and_empty_values);
    tcase_add_test(tc, test_trailing_comma);
    tcase_add_test(tc, test_bad_strings);
    tcase_add_test(tc, test_typed_getters);
    tcase_add_test(tc, test_check_unused);
    suite_add_tcase(s, tc);

    tc = tcase_create("numbers");
    tcase_add_test(tc, test_parse_size_suffixes);
    tcase_add_test(tc, test_parse_size_units_fractions_hex);
    tcase_add_test(tc, test_parse_size_errors);
    tcase_add_test(tc, test_parse_uint64);
    tcase_add_test(tc, test_parse_bool);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(keyval_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
