/*
 * A small JSON (RFC 8259) reader and writer for the QMP monitor.
 *
 * Values are trees of JsonValue owned by their parent; json_free() frees a
 * whole tree. Numbers keep integers exact over the whole int64 and uint64
 * ranges (QMP carries 64-bit guest addresses); anything with a fraction or
 * an exponent, or an integer beyond 64 bits, becomes a double. Strings are
 * UTF-8 and may not contain U+0000 (QMP has no use for it, and it keeps
 * strings plain C strings). Object keys keep their order; a key that
 * appears twice is an error, as QEMU's parser makes it.
 *
 * JsonStreamer splits a byte stream (a socket) into top-level values, the
 * way a QMP server must: a message ends when its outermost brace or
 * bracket closes, or, for a bare scalar, at the next white space.
 */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    JSON_NULL,
    JSON_BOOL,
    JSON_INT, /* an integer that fits int64 or uint64 */
    JSON_DOUBLE,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonType;

typedef struct JsonValue JsonValue;

/* Nesting deeper than this is refused (a stack-depth guard). */
#define JSON_MAX_DEPTH 64

/*
 * Parse exactly one value from text[0..len) (white space around it is
 * allowed). On error returns NULL and sets errp to a message that names
 * the byte offset.
 */
JsonValue *json_parse(const char *text, size_t len, GError **errp);
void json_free(JsonValue *v);
/* A deep copy. */
JsonValue *json_copy(const JsonValue *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonValue, json_free)

/* Builders. Containers take ownership of the values added to them. */
JsonValue *json_new_null(void);
JsonValue *json_new_bool(bool b);
JsonValue *json_new_int(int64_t i);
JsonValue *json_new_uint(uint64_t u);
JsonValue *json_new_double(double d);
/* s must be valid UTF-8 without NUL; see json_new_string_lossy. */
JsonValue *json_new_string(const char *s);
/* Invalid UTF-8 sequences become U+FFFD (text from a guest or a log). */
JsonValue *json_new_string_lossy(const char *s);
JsonValue *json_new_array(void);
JsonValue *json_new_object(void);
void json_array_append(JsonValue *arr, JsonValue *v);
/* Adds key, or replaces its value if present. */
void json_object_set(JsonValue *obj, const char *key, JsonValue *v);

/* Accessors; a wrong type is a caller bug except where a bool is returned. */
JsonType json_type(const JsonValue *v);
bool json_get_bool(const JsonValue *v);
/* False if v is not an integer in the range of the result. */
bool json_get_int64(const JsonValue *v, int64_t *out);
bool json_get_uint64(const JsonValue *v, uint64_t *out);
/* Any number, as a double. */
double json_get_double(const JsonValue *v);
const char *json_get_string(const JsonValue *v);
size_t json_array_len(const JsonValue *v);
JsonValue *json_array_get(const JsonValue *v, size_t i);
size_t json_object_len(const JsonValue *v);
const char *json_object_key(const JsonValue *v, size_t i);
JsonValue *json_object_value(const JsonValue *v, size_t i);
/* NULL if absent (or v is not an object). */
JsonValue *json_object_get(const JsonValue *v, const char *key);

/*
 * Compact text of v (no newlines), appended to out. Non-finite doubles,
 * which JSON cannot express, are written as null.
 */
void json_write(const JsonValue *v, GString *out);
char *json_to_string(const JsonValue *v);

/* Streaming input: one callback per complete top-level value or error. */
typedef struct JsonStreamer JsonStreamer;
/* Exactly one of v (owned by the callee) and err (borrowed) is set. */
typedef void JsonMessageFn(void *opaque, JsonValue *v, const GError *err);

/* A message longer than max_len bytes is dropped with an error. */
JsonStreamer *json_streamer_new(size_t max_len, JsonMessageFn *fn,
                                void *opaque);
void json_streamer_feed(JsonStreamer *s, const char *buf, size_t len);
/* Forget a partial message (the peer went away). */
void json_streamer_reset(JsonStreamer *s);
void json_streamer_free(JsonStreamer *s);

#endif
