/*
 * JSON reader and writer (RFC 8259), sized for QMP. See json.h.
 *
 * The reader is a recursive-descent parser over a length-delimited buffer
 * (no NUL needed) with a depth limit, so hostile input can neither read
 * past the buffer nor exhaust the stack.
 */
#include "util/json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

struct JsonValue {
    JsonType type;
    union {
        bool b;
        struct {
            uint64_t mag; /* absolute value */
            bool neg;
        } i;
        double d;
        char *s;
        GPtrArray *arr; /* JsonValue * */
        struct {
            GPtrArray *keys; /* char * */
            GPtrArray *vals; /* JsonValue * */
        } obj;
    } u;
};

/* ---- values ---- */

static JsonValue *json_new(JsonType t)
{
    JsonValue *v = g_new0(JsonValue, 1);

    v->type = t;
    return v;
}

void json_free(JsonValue *v)
{
    if (!v) {
        return;
    }
    switch (v->type) {
    case JSON_STRING:
        g_free(v->u.s);
        break;
    case JSON_ARRAY:
        g_ptr_array_free(v->u.arr, TRUE);
        break;
    case JSON_OBJECT:
        g_ptr_array_free(v->u.obj.keys, TRUE);
        g_ptr_array_free(v->u.obj.vals, TRUE);
        break;
    default:
        break;
    }
    g_free(v);
}

JsonValue *json_copy(const JsonValue *v)
{
    JsonValue *c = json_new(v->type);

    switch (v->type) {
    case JSON_STRING:
        c->u.s = g_strdup(v->u.s);
        break;
    case JSON_ARRAY:
        c->u.arr = g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
        for (guint i = 0; i < v->u.arr->len; i++) {
            g_ptr_array_add(c->u.arr,
                            json_copy(g_ptr_array_index(v->u.arr, i)));
        }
        break;
    case JSON_OBJECT:
        c->u.obj.keys = g_ptr_array_new_with_free_func(g_free);
        c->u.obj.vals =
            g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
        for (guint i = 0; i < v->u.obj.keys->len; i++) {
            g_ptr_array_add(c->u.obj.keys,
                            g_strdup(g_ptr_array_index(v->u.obj.keys, i)));
            g_ptr_array_add(c->u.obj.vals,
                            json_copy(g_ptr_array_index(v->u.obj.vals, i)));
        }
        break;
    default:
        c->u = v->u;
        break;
    }
    return c;
}

JsonValue *json_new_null(void)
{
    return json_new(JSON_NULL);
}

JsonValue *json_new_bool(bool b)
{
    JsonValue *v = json_new(JSON_BOOL);

    v->u.b = b;
    return v;
}

JsonValue *json_new_int(int64_t i)
{
    JsonValue *v = json_new(JSON_INT);

    v->u.i.neg = i < 0;
    v->u.i.mag = i < 0 ? -(uint64_t)i : (uint64_t)i;
    return v;
}

JsonValue *json_new_uint(uint64_t u)
{
    JsonValue *v = json_new(JSON_INT);

    v->u.i.mag = u;
    return v;
}

JsonValue *json_new_double(double d)
{
    JsonValue *v = json_new(JSON_DOUBLE);

    v->u.d = d;
    return v;
}

JsonValue *json_new_string(const char *s)
{
    JsonValue *v = json_new(JSON_STRING);

    g_assert(g_utf8_validate(s, -1, NULL));
    v->u.s = g_strdup(s);
    return v;
}

JsonValue *json_new_string_lossy(const char *s)
{
    JsonValue *v = json_new(JSON_STRING);

    v->u.s = g_utf8_make_valid(s, -1);
    return v;
}

JsonValue *json_new_array(void)
{
    JsonValue *v = json_new(JSON_ARRAY);

    v->u.arr = g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
    return v;
}

JsonValue *json_new_object(void)
{
    JsonValue *v = json_new(JSON_OBJECT);

    v->u.obj.keys = g_ptr_array_new_with_free_func(g_free);
    v->u.obj.vals = g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
    return v;
}

void json_array_append(JsonValue *arr, JsonValue *v)
{
    g_assert(arr->type == JSON_ARRAY);
    g_ptr_array_add(arr->u.arr, v);
}

static int json_object_find(const JsonValue *obj, const char *key)
{
    for (guint i = 0; i < obj->u.obj.keys->len; i++) {
        if (!strcmp(g_ptr_array_index(obj->u.obj.keys, i), key)) {
            return (int)i;
        }
    }
    return -1;
}

void json_object_set(JsonValue *obj, const char *key, JsonValue *v)
{
    int i;

    g_assert(obj->type == JSON_OBJECT);
    i = json_object_find(obj, key);
    if (i >= 0) {
        json_free(g_ptr_array_index(obj->u.obj.vals, i));
        g_ptr_array_index(obj->u.obj.vals, i) = v;
        return;
    }
    g_ptr_array_add(obj->u.obj.keys, g_strdup(key));
    g_ptr_array_add(obj->u.obj.vals, v);
}

JsonType json_type(const JsonValue *v)
{
    return v->type;
}

bool json_get_bool(const JsonValue *v)
{
    g_assert(v->type == JSON_BOOL);
    return v->u.b;
}

bool json_get_int64(const JsonValue *v, int64_t *out)
{
    if (v->type != JSON_INT) {
        return false;
    }
    if (v->u.i.neg) {
        if (v->u.i.mag > (uint64_t)INT64_MAX + 1) {
            return false;
        }
        *out = (int64_t)(0 - v->u.i.mag);
    } else {
        if (v->u.i.mag > INT64_MAX) {
            return false;
        }
        *out = (int64_t)v->u.i.mag;
    }
    return true;
}

bool json_get_uint64(const JsonValue *v, uint64_t *out)
{
    if (v->type != JSON_INT || (v->u.i.neg && v->u.i.mag)) {
        return false;
    }
    *out = v->u.i.mag;
    return true;
}

double json_get_double(const JsonValue *v)
{
    if (v->type == JSON_DOUBLE) {
        return v->u.d;
    }
    g_assert(v->type == JSON_INT);
    return v->u.i.neg ? -(double)v->u.i.mag : (double)v->u.i.mag;
}

const char *json_get_string(const JsonValue *v)
{
    g_assert(v->type == JSON_STRING);
    return v->u.s;
}

size_t json_array_len(const JsonValue *v)
{
    g_assert(v->type == JSON_ARRAY);
    return v->u.arr->len;
}

JsonValue *json_array_get(const JsonValue *v, size_t i)
{
    g_assert(v->type == JSON_ARRAY && i < v->u.arr->len);
    return g_ptr_array_index(v->u.arr, i);
}

size_t json_object_len(const JsonValue *v)
{
    g_assert(v->type == JSON_OBJECT);
    return v->u.obj.keys->len;
}

const char *json_object_key(const JsonValue *v, size_t i)
{
    g_assert(v->type == JSON_OBJECT && i < v->u.obj.keys->len);
    return g_ptr_array_index(v->u.obj.keys, i);
}

JsonValue *json_object_value(const JsonValue *v, size_t i)
{
    g_assert(v->type == JSON_OBJECT && i < v->u.obj.vals->len);
    return g_ptr_array_index(v->u.obj.vals, i);
}

JsonValue *json_object_get(const JsonValue *v, const char *key)
{
    int i;

    if (!v || v->type != JSON_OBJECT) {
        return NULL;
    }
    i = json_object_find(v, key);
    return i < 0 ? NULL : g_ptr_array_index(v->u.obj.vals, i);
}

/* ---- reader ---- */

typedef struct Parser {
    const char *p;
    size_t len, pos;
    GError **errp;
    bool failed;
} Parser;

static void G_GNUC_PRINTF(2, 3) parse_error(Parser *ps, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    if (ps->failed) {
        return;
    }
    ps->failed = true;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(ps->errp, "JSON parse error at offset %zu: %s", ps->pos, msg);
}

static bool at_end(Parser *ps)
{
    return ps->pos >= ps->len;
}

static int peek(Parser *ps)
{
    return at_end(ps) ? -1 : (unsigned char)ps->p[ps->pos];
}

static void skip_ws(Parser *ps)
{
    while (!at_end(ps)) {
        char c = ps->p[ps->pos];

        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        ps->pos++;
    }
}

static JsonValue *parse_value(Parser *ps, int depth);

static bool parse_literal(Parser *ps, const char *word)
{
    size_t n = strlen(word);

    if (ps->len - ps->pos < n || memcmp(ps->p + ps->pos, word, n)) {
        parse_error(ps, "invalid token");
        return false;
    }
    ps->pos += n;
    return true;
}

static int hex4(Parser *ps)
{
    int v = 0;

    if (ps->len - ps->pos < 4) {
        parse_error(ps, "truncated \\u escape");
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        int d = g_ascii_xdigit_value(ps->p[ps->pos + i]);

        if (d < 0) {
            parse_error(ps, "bad \\u escape");
            return -1;
        }
        v = v * 16 + d;
    }
    ps->pos += 4;
    return v;
}

/* After a backslash: one escape, appended to out as UTF-8. */
static bool parse_escape(Parser *ps, GString *out)
{
    int c = peek(ps);
    int cp;

    ps->pos++;
    switch (c) {
    case '"':
        g_string_append_c(out, '"');
        return true;
    case '\\':
        g_string_append_c(out, '\\');
        return true;
    case '/':
        g_string_append_c(out, '/');
        return true;
    case 'b':
        g_string_append_c(out, '\b');
        return true;
    case 'f':
        g_string_append_c(out, '\f');
        return true;
    case 'n':
        g_string_append_c(out, '\n');
        return true;
    case 'r':
        g_string_append_c(out, '\r');
        return true;
    case 't':
        g_string_append_c(out, '\t');
        return true;
    case 'u':
        break;
    default:
        ps->pos--;
        parse_error(ps, "invalid escape");
        return false;
    }
    cp = hex4(ps);
    if (cp < 0) {
        return false;
    }
    if (cp >= 0xd800 && cp < 0xdc00) {
        /* RFC 8259 7: a high surrogate must pair with a low one. */
        int lo;

        if (ps->len - ps->pos < 2 || ps->p[ps->pos] != '\\' ||
            ps->p[ps->pos + 1] != 'u') {
            parse_error(ps, "unpaired surrogate");
            return false;
        }
        ps->pos += 2;
        lo = hex4(ps);
        if (lo < 0) {
            return false;
        }
        if (lo < 0xdc00 || lo > 0xdfff) {
            parse_error(ps, "unpaired surrogate");
            return false;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        parse_error(ps, "unpaired surrogate");
        return false;
    } else if (cp == 0) {
        parse_error(ps, "\\u0000 is not supported");
        return false;
    }
    g_string_append_unichar(out, cp);
    return true;
}

static char *parse_string_raw(Parser *ps)
{
    g_autoptr(GString) out = g_string_new(NULL);

    ps->pos++; /* the opening quote */
    for (;;) {
        int c = peek(ps);

        if (c < 0) {
            parse_error(ps, "unterminated string");
            return NULL;
        }
        if (c == '"') {
            ps->pos++;
            break;
        }
        if (c < 0x20) {
            parse_error(ps, "control character in string");
            return NULL;
        }
        if (c == '\\') {
            ps->pos++;
            if (!parse_escape(ps, out)) {
                return NULL;
            }
            continue;
        }
        g_string_append_c(out, (char)c);
        ps->pos++;
    }
    if (!g_utf8_validate(out->str, out->len, NULL)) {
        parse_error(ps, "string is not valid UTF-8");
        return NULL;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static JsonValue *parse_number(Parser *ps)
{
    size_t start = ps->pos;
    bool neg = false, is_int = true;
    uint64_t mag = 0;
    bool overflow = false;
    JsonValue *v;

    if (peek(ps) == '-') {
        neg = true;
        ps->pos++;
    }
    if (peek(ps) == '0') {
        ps->pos++;
    } else if (peek(ps) >= '1' && peek(ps) <= '9') {
        while (peek(ps) >= '0' && peek(ps) <= '9') {
            unsigned d = peek(ps) - '0';

            if (mag > (UINT64_MAX - d) / 10) {
                overflow = true;
            } else {
                mag = mag * 10 + d;
            }
            ps->pos++;
        }
    } else {
        parse_error(ps, "invalid number");
        return NULL;
    }
    if (peek(ps) == '.') {
        is_int = false;
        ps->pos++;
        if (!(peek(ps) >= '0' && peek(ps) <= '9')) {
            parse_error(ps, "digit expected after '.'");
            return NULL;
        }
        while (peek(ps) >= '0' && peek(ps) <= '9') {
            ps->pos++;
        }
    }
    if (peek(ps) == 'e' || peek(ps) == 'E') {
        is_int = false;
        ps->pos++;
        if (peek(ps) == '+' || peek(ps) == '-') {
            ps->pos++;
        }
        if (!(peek(ps) >= '0' && peek(ps) <= '9')) {
            parse_error(ps, "digit expected in exponent");
            return NULL;
        }
        while (peek(ps) >= '0' && peek(ps) <= '9') {
            ps->pos++;
        }
    }
    if (is_int && !overflow && !(neg && mag > (uint64_t)INT64_MAX + 1)) {
        v = json_new(JSON_INT);
        v->u.i.neg = neg && mag;
        v->u.i.mag = mag;
        return v;
    }
    {
        g_autofree char *tmp = g_strndup(ps->p + start, ps->pos - start);

        return json_new_double(g_ascii_strtod(tmp, NULL));
    }
}

static JsonValue *parse_array(Parser *ps, int depth)
{
    g_autoptr(JsonValue) arr = json_new_array();

    ps->pos++;
    skip_ws(ps);
    if (peek(ps) == ']') {
        ps->pos++;
        return g_steal_pointer(&arr);
    }
    for (;;) {
        JsonValue *item = parse_value(ps, depth + 1);

        if (!item) {
            return NULL;
        }
        json_array_append(arr, item);
        skip_ws(ps);
        if (peek(ps) == ',') {
            ps->pos++;
            continue;
        }
        if (peek(ps) == ']') {
            ps->pos++;
            return g_steal_pointer(&arr);
        }
        parse_error(ps, "',' or ']' expected");
        return NULL;
    }
}

static JsonValue *parse_object(Parser *ps, int depth)
{
    g_autoptr(JsonValue) obj = json_new_object();

    ps->pos++;
    skip_ws(ps);
    if (peek(ps) == '}') {
        ps->pos++;
        return g_steal_pointer(&obj);
    }
    for (;;) {
        g_autofree char *key = NULL;
        size_t key_pos;
        JsonValue *val;

        skip_ws(ps);
        if (peek(ps) != '"') {
            parse_error(ps, "object key (a string) expected");
            return NULL;
        }
        key_pos = ps->pos;
        key = parse_string_raw(ps);
        if (!key) {
            return NULL;
        }
        if (json_object_find(obj, key) >= 0) {
            ps->pos = key_pos;
            parse_error(ps, "duplicate key '%s'", key);
            return NULL;
        }
        skip_ws(ps);
        if (peek(ps) != ':') {
            parse_error(ps, "':' expected");
            return NULL;
        }
        ps->pos++;
        val = parse_value(ps, depth + 1);
        if (!val) {
            return NULL;
        }
        json_object_set(obj, key, val);
        skip_ws(ps);
        if (peek(ps) == ',') {
            ps->pos++;
            continue;
        }
        if (peek(ps) == '}') {
            ps->pos++;
            return g_steal_pointer(&obj);
        }
        parse_error(ps, "',' or '}' expected");
        return NULL;
    }
}

static JsonValue *parse_value(Parser *ps, int depth)
{
    int c;

    if (depth > JSON_MAX_DEPTH) {
        parse_error(ps, "nesting deeper than %d", JSON_MAX_DEPTH);
        return NULL;
    }
    skip_ws(ps);
    c = peek(ps);
    switch (c) {
    case -1:
        parse_error(ps, "unexpected end of input");
        return NULL;
    case '{':
        return parse_object(ps, depth);
    case '[':
        return parse_array(ps, depth);
    case '"': {
        char *s = parse_string_raw(ps);
        JsonValue *v;

        if (!s) {
            return NULL;
        }
        v = json_new(JSON_STRING);
        v->u.s = s;
        return v;
    }
    case 't':
        return parse_literal(ps, "true") ? json_new_bool(true) : NULL;
    case 'f':
        return parse_literal(ps, "false") ? json_new_bool(false) : NULL;
    case 'n':
        return parse_literal(ps, "null") ? json_new_null() : NULL;
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            return parse_number(ps);
        }
        parse_error(ps, "invalid token");
        return NULL;
    }
}

JsonValue *json_parse(const char *text, size_t len, GError **errp)
{
    Parser ps = {.p = text, .len = len, .errp = errp};
    JsonValue *v = parse_value(&ps, 0);

    if (!v) {
        return NULL;
    }
    skip_ws(&ps);
    if (!at_end(&ps)) {
        parse_error(&ps, "unexpected text after the value");
        json_free(v);
        return NULL;
    }
    return v;
}

/* ---- writer ---- */

static void write_string(const char *s, GString *out)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, (char)*p);
            }
        }
    }
    g_string_append_c(out, '"');
}

void json_write(const JsonValue *v, GString *out)
{
    switch (v->type) {
    case JSON_NULL:
        g_string_append(out, "null");
        break;
    case JSON_BOOL:
        g_string_append(out, v->u.b ? "true" : "false");
        break;
    case JSON_INT:
        g_string_append_printf(out, "%s%" G_GUINT64_FORMAT,
                               v->u.i.neg ? "-" : "", v->u.i.mag);
        break;
    case JSON_DOUBLE: {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite(v->u.d)) {
            g_string_append(out, "null");
            break;
        }
        /* g_ascii_dtostr: shortest round-trip form, '.' in any locale. */
        g_ascii_dtostr(buf, sizeof(buf), v->u.d);
        g_string_append(out, buf);
        if (!strpbrk(buf, ".eE")) {
            g_string_append(out, ".0"); /* stay a double on re-read */
        }
        break;
    }
    case JSON_STRING:
        write_string(v->u.s, out);
        break;
    case JSON_ARRAY:
        g_string_append_c(out, '[');
        for (guint i = 0; i < v->u.arr->len; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            json_write(g_ptr_array_index(v->u.arr, i), out);
        }
        g_string_append_c(out, ']');
        break;
    case JSON_OBJECT:
        g_string_append_c(out, '{');
        for (guint i = 0; i < v->u.obj.keys->len; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            write_string(g_ptr_array_index(v->u.obj.keys, i), out);
            g_string_append(out, ": ");
            json_write(g_ptr_array_index(v->u.obj.vals, i), out);
        }
        g_string_append_c(out, '}');
        break;
    }
}

char *json_to_string(const JsonValue *v)
{
    GString *out = g_string_new(NULL);

    json_write(v, out);
    return g_string_free(out, FALSE);
}

/* ---- streamer ---- */

struct JsonStreamer {
    GString *buf;
    size_t max_len;
    int depth;
    bool in_string;
    bool escape;
    bool overlong; /* dropping the rest of an overlong message */
    JsonMessageFn *fn;
    void *opaque;
};

JsonStreamer *json_streamer_new(size_t max_len, JsonMessageFn *fn, void *opaque)
{
    JsonStreamer *s = g_new0(JsonStreamer, 1);

    s->buf = g_string_new(NULL);
    s->max_len = max_len;
    s->fn = fn;
    s->opaque = opaque;
    return s;
}

void json_streamer_reset(JsonStreamer *s)
{
    g_string_truncate(s->buf, 0);
    s->depth = 0;
    s->in_string = s->escape = s->overlong = false;
}

void json_streamer_free(JsonStreamer *s)
{
    if (s) {
        g_string_free(s->buf, TRUE);
        g_free(s);
    }
}

static void streamer_emit(JsonStreamer *s)
{
    GError *err = NULL;
    JsonValue *v;

    if (s->overlong) {
        error_setg(&err, "JSON parse error: message longer than %zu bytes",
                   s->max_len);
        v = NULL;
    } else {
        v = json_parse(s->buf->str, s->buf->len, &err);
    }
    json_streamer_reset(s);
    /* The callback may feed or reset again: the state is clean now. */
    s->fn(s->opaque, v, err);
    g_clear_error(&err);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void json_streamer_feed(JsonStreamer *s, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        bool scalar_end = false;

        if (!s->buf->len && !s->overlong && s->depth == 0 && is_ws(c)) {
            continue; /* white space between messages */
        }
        if (s->depth == 0 && !s->in_string && is_ws(c)) {
            scalar_end = true;
        }
        if (!s->overlong) {
            if (s->buf->len >= s->max_len) {
                s->overlong = true;
                g_string_truncate(s->buf, 0);
            } else {
                g_string_append_c(s->buf, c);
            }
        }
        if (s->in_string) {
            if (s->escape) {
                s->escape = false;
            } else if (c == '\\') {
                s->escape = true;
            } else if (c == '"') {
                s->in_string = false;
                if (s->depth == 0) {
                    streamer_emit(s); /* a bare string */
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            s->in_string = true;
            break;
        case '{':
        case '[':
            s->depth++;
            break;
        case '}':
        case ']':
            /* An unbalanced close ends the message: the parser says why. */
            if (s->depth <= 1) {
                streamer_emit(s);
                continue;
            }
            s->depth--;
            break;
        default:
            if (scalar_end) {
                streamer_emit(s);
            }
            break;
        }
    }
}
