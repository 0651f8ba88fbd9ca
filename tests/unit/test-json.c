/*
 * JSON reader, writer and streamer (util/json.c): the QMP wire format.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"

static JsonValue *parse_ok(const char *text)
{
    GError *err = NULL;
    JsonValue *v = json_parse(text, strlen(text), &err);

    ck_assert_msg(v != NULL, "'%s' failed: %s", text,
                  err ? err->message : "(no error)");
    return v;
}

static void parse_bad(const char *text, const char *needle)
{
    GError *err = NULL;
    JsonValue *v = json_parse(text, strlen(text), &err);

    ck_assert_msg(v == NULL, "'%s' parsed but should not", text);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, needle) != NULL,
                  "'%s': message '%s' lacks '%s'", text, err->message, needle);
    g_error_free(err);
}

/* Parse, write back compactly, compare. */
static void round_trip(const char *text, const char *expect)
{
    g_autoptr(JsonValue) v = parse_ok(text);
    g_autofree char *out = json_to_string(v);

    ck_assert_str_eq(out, expect);
}

START_TEST(test_scalars)
{
    int64_t i;
    uint64_t u;
    g_autoptr(JsonValue) t = parse_ok(" true ");
    g_autoptr(JsonValue) n = parse_ok("null");
    g_autoptr(JsonValue) big = parse_ok("18446744073709551615");
    g_autoptr(JsonValue) neg = parse_ok("-9223372036854775808");
    g_autoptr(JsonValue) d = parse_ok("1.5e3");
    g_autoptr(JsonValue) huge = parse_ok("184467440737095516160");

    ck_assert_int_eq(json_type(t), JSON_BOOL);
    ck_assert(json_get_bool(t));
    ck_assert_int_eq(json_type(n), JSON_NULL);
    ck_assert(json_get_uint64(big, &u));
    ck_assert(u == UINT64_MAX);
    ck_assert(!json_get_int64(big, &i));
    ck_assert(json_get_int64(neg, &i));
    ck_assert(i == INT64_MIN);
    ck_assert(!json_get_uint64(neg, &u));
    ck_assert_int_eq(json_type(d), JSON_DOUBLE);
    ck_assert(json_get_double(d) == 1500.0);
    ck_assert_int_eq(json_type(huge), JSON_DOUBLE);
}
END_TEST

START_TEST(test_strings)
{
    g_autoptr(JsonValue) s =
        parse_ok("\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\"");

    ck_assert_str_eq(json_get_string(s), "a\"b\\c/\n\xc3\xa9\xf0\x9f\x98\x80");
    round_trip("\"tab\\there\\u0001\"", "\"tab\\there\\u0001\"");
    parse_bad("\"abc", "unterminated");
    parse_bad("\"a\nb\"", "control character");
    parse_bad("\"\\x\"", "invalid escape");
    parse_bad("\"\\ud800\"", "surrogate");
    parse_bad("\"\\udc00\"", "surrogate");
    parse_bad("\"\\u0000\"", "not supported");
    parse_bad("\"\xff\"", "UTF-8");
}
END_TEST

START_TEST(test_containers)
{
    g_autoptr(JsonValue) v =
        parse_ok("{\"execute\": \"memsave\", \"arguments\": {\"val\": 4096, "
                 "\"size\": 16, \"list\": [1, -2, 3.25, \"x\", [], {}]}}");
    JsonValue *args = json_object_get(v, "arguments");
    JsonValue *list = json_object_get(args, "list");
    int64_t i;

    ck_assert_str_eq(json_get_string(json_object_get(v, "execute")), "memsave");
    ck_assert(json_get_int64(json_object_get(args, "val"), &i));
    ck_assert_int_eq(i, 4096);
    ck_assert_ptr_null(json_object_get(args, "nosuch"));
    ck_assert_int_eq(json_array_len(list), 6);
    ck_assert(json_get_double(json_array_get(list, 2)) == 3.25);
    ck_assert_str_eq(json_object_key(args, 1), "size");
    round_trip("{ \"a\" : [ 1 , 2 ] , \"b\":{}}", "{\"a\": [1, 2], \"b\": {}}");
    round_trip("[-0, 0.5, 1e2]", "[0, 0.5, 100.0]");
}
END_TEST

START_TEST(test_errors)
{
    parse_bad("", "end of input");
    parse_bad("{", "object key");
    parse_bad("{\"a\" 1}", "':' expected");
    parse_bad("{\"a\": 1,}", "object key");
    parse_bad("[1 2]", "',' or ']'");
    parse_bad("tru", "invalid token");
    parse_bad("01", "after the value");
    parse_bad("1.", "digit expected");
    parse_bad("-", "invalid number");
    parse_bad("{\"a\": 1, \"a\": 2}", "duplicate key");
    parse_bad("{} {}", "after the value");
    parse_bad("{'a': 1}", "object key");
}
END_TEST

START_TEST(test_depth)
{
    GString *deep = g_string_new(NULL);

    for (int i = 0; i < JSON_MAX_DEPTH + 5; i++) {
        g_string_append_c(deep, '[');
    }
    parse_bad(deep->str, "nesting");
    g_string_free(deep, TRUE);
}
END_TEST

START_TEST(test_builders)
{
    g_autoptr(JsonValue) o = json_new_object();
    g_autoptr(JsonValue) a = json_new_array();
    g_autofree char *out = NULL;

    json_array_append(a, json_new_int(-5));
    json_array_append(a, json_new_uint(UINT64_MAX));
    json_array_append(a, json_new_double(1.0 / 0.0));
    json_array_append(a, json_new_string_lossy("bad\xff"));
    json_object_set(o, "k", json_new_null());
    json_object_set(o, "k", json_new_bool(false)); /* replaces */
    json_object_set(o, "l", g_steal_pointer(&a));
    out = json_to_string(o);
    ck_assert_str_eq(out, "{\"k\": false, \"l\": [-5, 18446744073709551615, "
                          "null, \"bad\xef\xbf\xbd\"]}");
}
END_TEST

typedef struct Collected {
    GPtrArray *texts; /* written values, or "ERR:" + message */
} Collected;

static void collect(void *opaque, JsonValue *v, const GError *err)
{
    Collected *c = opaque;

    if (v) {
        g_ptr_array_add(c->texts, json_to_string(v));
        json_free(v);
    } else {
        g_ptr_array_add(c->texts, g_strconcat("ERR:", err->message, NULL));
    }
}

START_TEST(test_streamer)
{
    Collected c = {g_ptr_array_new_with_free_func(g_free)};
    JsonStreamer *s = json_streamer_new(64, collect, &c);
    const char *input = "{\"execute\": \"a}\\\"{\"}\n{\"x\": [1, {\"y\": 2}]}"
                        "  \"bare\" 42\nfoo\n{\"bad\": }\n}{\"ok\": 1}";

    /* Byte by byte: message boundaries must not depend on read sizes. */
    for (size_t i = 0; input[i]; i++) {
        json_streamer_feed(s, input + i, 1);
    }
    ck_assert_int_eq(c.texts->len, 8);
    ck_assert_str_eq(g_ptr_array_index(c.texts, 0),
                     "{\"execute\": \"a}\\\"{\"}");
    ck_assert_str_eq(g_ptr_array_index(c.texts, 1), "{\"x\": [1, {\"y\": 2}]}");
    ck_assert_str_eq(g_ptr_array_index(c.texts, 2), "\"bare\"");
    ck_assert_str_eq(g_ptr_array_index(c.texts, 3), "42");
    ck_assert(g_str_has_prefix(g_ptr_array_index(c.texts, 4), "ERR:"));
    ck_assert(g_str_has_prefix(g_ptr_array_index(c.texts, 5), "ERR:"));
    ck_assert(g_str_has_prefix(g_ptr_array_index(c.texts, 6), "ERR:"));
    ck_assert_str_eq(g_ptr_array_index(c.texts, 7), "{\"ok\": 1}");

    /* Overlong: one error, then the stream goes on. */
    g_ptr_array_set_size(c.texts, 0);
    json_streamer_feed(s, "[", 1);
    for (int i = 0; i < 100; i++) {
        json_streamer_feed(s, "1,", 2);
    }
    json_streamer_feed(s, "1]{}", 4);
    ck_assert_int_eq(c.texts->len, 2);
    ck_assert(strstr(g_ptr_array_index(c.texts, 0), "longer than 64"));
    ck_assert_str_eq(g_ptr_array_index(c.texts, 1), "{}");

    /* A reset drops a partial message (client gone). */
    g_ptr_array_set_size(c.texts, 0);
    json_streamer_feed(s, "{\"a\": \"}", 8);
    json_streamer_reset(s);
    json_streamer_feed(s, "{}", 2);
    ck_assert_int_eq(c.texts->len, 1);
    ck_assert_str_eq(g_ptr_array_index(c.texts, 0), "{}");

    json_streamer_free(s);
    g_ptr_array_free(c.texts, TRUE);
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_scalars);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_containers);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_builders);
    tcase_add_test(tc, test_streamer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(json_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
