/*
 * Option strings in QEMU's "key=value,key=value" language, as taken by
 * -M, -drive, -device, -netdev, -accel, -serial, -icount and friends.
 *
 * Syntax:
 *  - elements are separated by ','; ",," inside a value stands for one
 *    literal comma ("file=a,,b.img" is the file "a,b.img");
 *  - a parameter name is made of [A-Za-z0-9_.-];
 *  - with an implied key, a first element that is not "name=..." is the
 *    value of that key: "virt,gic-version=3" with implied "type" gives
 *    type=virt, and "tcp:host:1234,server" gives backend=tcp:host:1234;
 *  - any other element without '=' is a flag: "server" means server=on
 *    and "noserver" means server=off (QEMU's legacy short form);
 *  - a key given twice keeps its first position and its last value;
 *  - one trailing ',' is tolerated; an empty name ("=x", "a=1,=2") is an
 *    error that quotes the whole string.
 *
 * Each pair carries a 'used' flag, set when a getter fetches it, so that
 * keyval_check_unused() can reject parameters nobody understood.
 */
#ifndef UTIL_KEYVAL_H
#define UTIL_KEYVAL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct KeyVal KeyVal;

KeyVal *keyval_parse(const char *str, const char *implied_key, GError **errp);
void keyval_free(KeyVal *kv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KeyVal, keyval_free)

/* The value of key (marked used), or NULL if it was not given. */
const char *keyval_get(KeyVal *kv, const char *key);
/* Whether key was given; does not mark it used. */
bool keyval_has(KeyVal *kv, const char *key);

/*
 * Typed getters: *out = def if key is absent; otherwise the parsed value,
 * or false with an error "parameter 'key': ..." if it does not parse.
 */
bool keyval_get_bool(KeyVal *kv, const char *key, bool def, bool *out,
                     GError **errp);
bool keyval_get_uint(KeyVal *kv, const char *key, uint64_t def,
                     uint64_t *out, GError **errp);
/* A size in bytes: parse_size() with a default unit of 1. */
bool keyval_get_size(KeyVal *kv, const char *key, uint64_t def,
                     uint64_t *out, GError **errp);

/* Error "<context>: unknown parameter 'foo'" for the first unused key. */
bool keyval_check_unused(KeyVal *kv, const char *context, GError **errp);

/* Iteration in the order the keys first appeared. */
size_t keyval_count(KeyVal *kv);
const char *keyval_key(KeyVal *kv, size_t i);
const char *keyval_value(KeyVal *kv, size_t i);
void keyval_mark_used(KeyVal *kv, size_t i);

/*
 * A size: a decimal number with an optional fraction ("1.5G") and an
 * optional suffix B (bytes) or K, M, G, T, P, E (powers of 1024, either
 * case). A number without a suffix is multiplied by default_unit ("-m 512"
 * passes 1 MiB). "0x..." hexadecimal is accepted without suffix, in bytes.
 * A fraction of a byte is an error; a fraction of a larger unit is
 * rounded down to whole bytes. Negative values, junk, the empty string and
 * results above 2^64-1 are errors that quote the string.
 */
bool parse_size(const char *str, uint64_t default_unit, uint64_t *out,
                GError **errp);
/* Decimal or 0x hexadecimal; no sign, no spaces, no junk, no overflow. */
bool parse_uint64(const char *str, uint64_t *out, GError **errp);
/* on/off, yes/no, true/false, y/n (any case). */
bool parse_bool(const char *str, bool *out, GError **errp);

#endif
