/*
 * Option strings: "key=value,..." parsing and the number, size and boolean
 * parsers every option uses. The syntax is described in util/keyval.h.
 */
#include "util/keyval.h"

#include <string.h>

#include "util/error.h"

typedef struct KeyValPair {
    char *key;
    char *value;
    bool used;
} KeyValPair;

struct KeyVal {
    GPtrArray *pairs;       /* of KeyValPair, in order of first appearance */
};

static void keyval_pair_free(gpointer p)
{
    KeyValPair *pair = p;

    g_free(pair->key);
    g_free(pair->value);
    g_free(pair);
}

static KeyValPair *keyval_find(KeyVal *kv, const char *key)
{
    for (guint i = 0; i < kv->pairs->len; i++) {
        KeyValPair *pair = g_ptr_array_index(kv->pairs, i);
        if (strcmp(pair->key, key) == 0) {
            return pair;
        }
    }
    return NULL;
}

/* Takes ownership of key and value. */
static void keyval_add(KeyVal *kv, char *key, char *value)
{
    KeyValPair *pair = keyval_find(kv, key);

    if (pair) {
        /* A repeated key: the last value wins, the position stays. */
        g_free(key);
        g_free(pair->value);
        pair->value = value;
        pair->used = false;
        return;
    }
    pair = g_new0(KeyValPair, 1);
    pair->key = key;
    pair->value = value;
    g_ptr_array_add(kv->pairs, pair);
}

static bool keyval_is_key_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '-' || c == '.';
}

/*
 * Read a value starting at *pp up to the next lone ',' or the end; ",,"
 * stands for one comma. Leaves *pp on the separator (or the NUL).
 */
static char *keyval_read_value(const char **pp)
{
    GString *s = g_string_new(NULL);
    const char *p = *pp;

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(s, *p);
        p++;
    }
    *pp = p;
    return g_string_free(s, FALSE);
}

KeyVal *keyval_parse(const char *str, const char *implied_key, GError **errp)
{
    KeyVal *kv = g_new0(KeyVal, 1);
    const char *p = str;
    bool first = true;

    kv->pairs = g_ptr_array_new_with_free_func(keyval_pair_free);

    while (*p) {
        const char *q = p;
        char *key;
        char *value;

        while (keyval_is_key_char(*q)) {
            q++;
        }
        if (*q == '=') {
            if (q == p) {
                error_setg(errp, "invalid option string '%s': "
                           "empty parameter name", str);
                goto fail;
            }
            key = g_strndup(p, q - p);
            p = q + 1;
            value = keyval_read_value(&p);
        } else if (first && implied_key) {
            /* Anything that is not "name=" is the implied key's value. */
            value = keyval_read_value(&p);
            if (!*value) {
                g_free(value);
                error_setg(errp, "invalid option string '%s': "
                           "empty value for '%s'", str, implied_key);
                goto fail;
            }
            key = g_strdup(implied_key);
        } else if (*q == ',' || *q == '\0') {
            size_t len = q - p;

            if (len == 0) {
                error_setg(errp, "invalid option string '%s': "
                           "empty element", str);
                goto fail;
            }
            /* QEMU's legacy short booleans: "flag" and "noflag". */
            if (len > 2 && strncmp(p, "no", 2) == 0) {
                key = g_strndup(p + 2, len - 2);
                value = g_strdup("off");
            } else {
                key = g_strndup(p, len);
                value = g_strdup("on");
            }
            p = q;
        } else {
            size_t len = strcspn(p, "=,");
            error_setg(errp, "invalid option string '%s': "
                       "invalid parameter name '%.*s'", str, (int)len, p);
            goto fail;
        }
        keyval_add(kv, key, value);
        first = false;
        if (*p == ',') {
            p++;
        }
    }
    return kv;

fail:
    keyval_free(kv);
    return NULL;
}

void keyval_free(KeyVal *kv)
{
    if (!kv) {
        return;
    }
    g_ptr_array_free(kv->pairs, TRUE);
    g_free(kv);
}

const char *keyval_get(KeyVal *kv, const char *key)
{
    KeyValPair *pair = keyval_find(kv, key);

    if (!pair) {
        return NULL;
    }
    pair->used = true;
    return pair->value;
}

bool keyval_has(KeyVal *kv, const char *key)
{
    return keyval_find(kv, key) != NULL;
}

bool keyval_get_bool(KeyVal *kv, const char *key, bool def, bool *out,
                     GError **errp)
{
    const char *v = keyval_get(kv, key);

    if (!v) {
        *out = def;
        return true;
    }
    if (!parse_bool(v, out, errp)) {
        error_prepend(errp, "parameter '%s'", key);
        return false;
    }
    return true;
}

bool keyval_get_uint(KeyVal *kv, const char *key, uint64_t def,
                     uint64_t *out, GError **errp)
{
    const char *v = keyval_get(kv, key);

    if (!v) {
        *out = def;
        return true;
    }
    if (!parse_uint64(v, out, errp)) {
        error_prepend(errp, "parameter '%s'", key);
        return false;
    }
    return true;
}

bool keyval_get_size(KeyVal *kv, const char *key, uint64_t def,
                     uint64_t *out, GError **errp)
{
    const char *v = keyval_get(kv, key);

    if (!v) {
        *out = def;
        return true;
    }
    if (!parse_size(v, 1, out, errp)) {
        error_prepend(errp, "parameter '%s'", key);
        return false;
    }
    return true;
}

bool keyval_check_unused(KeyVal *kv, const char *context, GError **errp)
{
    for (guint i = 0; i < kv->pairs->len; i++) {
        KeyValPair *pair = g_ptr_array_index(kv->pairs, i);
        if (!pair->used) {
            error_setg(errp, "%s: unknown parameter '%s'", context,
                       pair->key);
            return false;
        }
    }
    return true;
}

size_t keyval_count(KeyVal *kv)
{
    return kv->pairs->len;
}

static KeyValPair *keyval_nth(KeyVal *kv, size_t i)
{
    g_assert(i < kv->pairs->len);
    return g_ptr_array_index(kv->pairs, i);
}

const char *keyval_key(KeyVal *kv, size_t i)
{
    return keyval_nth(kv, i)->key;
}

const char *keyval_value(KeyVal *kv, size_t i)
{
    return keyval_nth(kv, i)->value;
}

void keyval_mark_used(KeyVal *kv, size_t i)
{
    keyval_nth(kv, i)->used = true;
}

/* Hex digits after "0x" up to the end; false on junk or overflow. */
static bool parse_hex_tail(const char *str, const char *p, uint64_t *out,
                           const char *what, GError **errp)
{
    uint64_t v = 0;

    if (!*p) {
        error_setg(errp, "invalid %s '%s': no digits after 0x", what, str);
        return false;
    }
    for (; *p; p++) {
        if (!g_ascii_isxdigit(*p)) {
            error_setg(errp, "invalid %s '%s': trailing characters '%s'",
                       what, str, p);
            return false;
        }
        if (v >> 60) {
            error_setg(errp, "invalid %s '%s': larger than 2^64-1",
                       what, str);
            return false;
        }
        v = (v << 4) | g_ascii_xdigit_value(*p);
    }
    *out = v;
    return true;
}

/*
 * The decimal digits at *pp into *out; leaves *pp after them. False on
 * overflow. The caller checks that there is at least one digit.
 */
static bool parse_decimal(const char **pp, uint64_t *out)
{
    const char *p = *pp;
    uint64_t v = 0;
    bool ok = true;

    for (; g_ascii_isdigit(*p); p++) {
        unsigned d = *p - '0';
        if (v > (UINT64_MAX - d) / 10) {
            ok = false;
        }
        v = v * 10 + d;
    }
    *pp = p;
    *out = v;
    return ok;
}

static bool parse_number_start(const char *str, const char *what,
                               GError **errp)
{
    if (!*str) {
        error_setg(errp, "invalid %s '': empty string", what);
        return false;
    }
    if (*str == '-') {
        error_setg(errp, "invalid %s '%s': negative", what, str);
        return false;
    }
    if (!g_ascii_isdigit(*str)) {
        error_setg(errp, "invalid %s '%s': not a number", what, str);
        return false;
    }
    return true;
}

static bool is_hex_prefix(const char *str)
{
    return str[0] == '0' && (str[1] == 'x' || str[1] == 'X');
}

bool parse_uint64(const char *str, uint64_t *out, GError **errp)
{
    const char *p = str;
    uint64_t v;

    if (!parse_number_start(str, "number", errp)) {
        return false;
    }
    if (is_hex_prefix(str)) {
        return parse_hex_tail(str, str + 2, out, "number", errp);
    }
    if (!parse_decimal(&p, &v)) {
        error_setg(errp, "invalid number '%s': larger than 2^64-1", str);
        return false;
    }
    if (*p) {
        error_setg(errp, "invalid number '%s': trailing characters '%s'",
                   str, p);
        return false;
    }
    *out = v;
    return true;
}

static int size_suffix_shift(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 0;
    case 'K':
        return 10;
    case 'M':
        return 20;
    case 'G':
        return 30;
    case 'T':
        return 40;
    case 'P':
        return 50;
    case 'E':
        return 60;
    default:
        return -1;
    }
}

/* More fraction digits than this cannot change a result in bytes. */
#define SIZE_FRACTION_DIGITS 19

bool parse_size(const char *str, uint64_t default_unit, uint64_t *out,
                GError **errp)
{
    const char *p = str;
    uint64_t ipart, frac = 0, frac_div = 1, mult = default_unit;
    unsigned __int128 total;
    int shift;

    g_assert(default_unit >= 1);
    if (!parse_number_start(str, "size", errp)) {
        return false;
    }
    if (is_hex_prefix(str)) {
        return parse_hex_tail(str, str + 2, out, "size", errp);
    }
    if (!parse_decimal(&p, &ipart)) {
        error_setg(errp, "invalid size '%s': larger than 2^64-1", str);
        return false;
    }
    if (*p == '.') {
        p++;
        if (!g_ascii_isdigit(*p)) {
            error_setg(errp, "invalid size '%s': no digits after '.'", str);
            return false;
        }
        for (int n = 0; g_ascii_isdigit(*p); p++, n++) {
            if (n < SIZE_FRACTION_DIGITS) {
                frac = frac * 10 + (*p - '0');
                frac_div *= 10;
            }
        }
    }
    if (*p && (shift = size_suffix_shift(*p)) >= 0) {
        mult = UINT64_C(1) << shift;
        p++;
    }
    if (*p) {
        error_setg(errp, "invalid size '%s': trailing characters '%s'",
                   str, p);
        return false;
    }
    if (frac && mult == 1) {
        error_setg(errp, "invalid size '%s': fraction of a byte", str);
        return false;
    }
    /* Exact in 128 bits: both products are below 2^128, so is their sum. */
    total = (unsigned __int128)ipart * mult +
            (unsigned __int128)frac * mult / frac_div;
    if (total > UINT64_MAX) {
        error_setg(errp, "invalid size '%s': larger than 2^64-1 bytes", str);
        return false;
    }
    *out = (uint64_t)total;
    return true;
}

bool parse_bool(const char *str, bool *out, GError **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(str, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (g_ascii_strcasecmp(str, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    error_setg(errp, "invalid boolean '%s': expected on/off, yes/no, "
               "true/false or y/n", str);
    return false;
}
