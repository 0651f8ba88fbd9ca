/*
 * -chardev BACKEND,id=ID[,mux=on][,...], QEMU's modern chardev syntax,
 * turned into the legacy specification chardev_new() understands, and
 * the "chardev:ID" references of -serial, -monitor, -qmp and -gdb.
 *
 * Backends and their options (QEMU's names):
 *   stdio                       (signal=on only)
 *   null
 *   pty
 *   file,path=PATH
 *   socket,host=H,port=P        TCP
 *   socket,path=PATH            Unix domain
 *     with server=on|off, wait=on|off, nodelay=on|off, ipv4=on, ipv6=on
 * mux=on puts a multiplexer in front (several frontends, C-a escapes),
 * as "mon:" does for -serial.
 */
#include <string.h>

#include "util/chardev/chardev-int.h"
#include "util/error.h"
#include "util/keyval.h"

/* Append ",name=on|off" for a boolean socket option that was given. */
static bool opts_bool(KeyVal *kv, const char *name, GString *spec,
                      GError **errp)
{
    bool v;

    if (!keyval_has(kv, name)) {
        return true;
    }
    if (!keyval_get_bool(kv, name, false, &v, errp)) {
        return false;
    }
    g_string_append_printf(spec, ",%s=%s", name, v ? "on" : "off");
    return true;
}

static bool opts_socket(KeyVal *kv, GString *spec, GError **errp)
{
    const char *host = keyval_get(kv, "host");
    const char *port = keyval_get(kv, "port");
    const char *path = keyval_get(kv, "path");

    if (path && (host || port)) {
        error_setg(errp, "path= and host=/port= exclude each other");
        return false;
    }
    if (path) {
        g_string_append_printf(spec, "unix:%s", path);
    } else if (port) {
        g_string_append_printf(spec, "tcp:%s:%s", host ? host : "", port);
    } else {
        error_setg(errp, "socket needs port= (TCP) or path= (Unix)");
        return false;
    }
    if (keyval_has(kv, "telnet") || keyval_has(kv, "websocket") ||
        keyval_has(kv, "reconnect") || keyval_has(kv, "tls-creds")) {
        error_setg(errp, "telnet, websocket, reconnect and tls-creds are "
                         "not supported yet");
        return false;
    }
    return opts_bool(kv, "server", spec, errp) &&
           opts_bool(kv, "wait", spec, errp) &&
           opts_bool(kv, "nodelay", spec, errp) &&
           (path || (opts_bool(kv, "ipv4", spec, errp) &&
                     opts_bool(kv, "ipv6", spec, errp)));
}

/* The legacy specification for kv's backend, into spec. */
static bool opts_to_spec(KeyVal *kv, GString *spec, GError **errp)
{
    const char *backend = keyval_get(kv, "backend");

    if (!strcmp(backend, "stdio")) {
        bool sig;

        if (!keyval_get_bool(kv, "signal", true, &sig, errp)) {
            return false;
        }
        if (!sig) {
            error_setg(errp, "signal=off: not supported yet");
            return false;
        }
        g_string_append(spec, "stdio");
    } else if (!strcmp(backend, "null") || !strcmp(backend, "pty")) {
        g_string_append(spec, backend);
    } else if (!strcmp(backend, "file")) {
        const char *path = keyval_get(kv, "path");
        bool append;

        if (!path) {
            error_setg(errp, "file needs path=");
            return false;
        }
        if (!keyval_get_bool(kv, "append", false, &append, errp)) {
            return false;
        }
        if (append) {
            error_setg(errp, "append=on: not supported yet");
            return false;
        }
        g_string_append_printf(spec, "file:%s", path);
    } else if (!strcmp(backend, "socket")) {
        return opts_socket(kv, spec, errp);
    } else if (!strcmp(backend, "udp") || !strcmp(backend, "serial") ||
               !strcmp(backend, "tty") || !strcmp(backend, "parallel") ||
               !strcmp(backend, "pipe") || !strcmp(backend, "ringbuf") ||
               !strcmp(backend, "memory") || !strcmp(backend, "vc") ||
               !strcmp(backend, "spicevmc") || !strcmp(backend, "braille") ||
               !strcmp(backend, "msmouse") || !strcmp(backend, "testdev")) {
        error_setg(errp, "backend '%s' not supported yet", backend);
        return false;
    } else {
        error_setg(errp, "unknown chardev backend '%s'", backend);
        return false;
    }
    return true;
}

Chardev *chardev_new_opts(const char *opts, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(opts, "backend", errp);
    g_autoptr(GString) spec = g_string_new(NULL);
    const char *id;
    bool mux;
    Chardev *chr;

    if (!kv) {
        goto fail;
    }
    if (!keyval_get(kv, "backend")) {
        error_setg(errp, "no backend given");
        goto fail;
    }
    id = keyval_get(kv, "id");
    if (!id || !*id) {
        error_setg(errp, "id= is required");
        goto fail;
    }
    if (!keyval_get_bool(kv, "mux", false, &mux, errp)) {
        goto fail;
    }
    if (mux) {
        g_string_append(spec, "mon:");
    }
    if (!opts_to_spec(kv, spec, errp) ||
        !keyval_check_unused(kv, keyval_get(kv, "backend"), errp)) {
        goto fail;
    }
    chr = chardev_new(id, spec->str, errp);
    if (chr) {
        return chr;
    }
fail:
    error_prepend(errp, "-chardev %s", opts);
    return NULL;
}

Chardev *chardev_get(const char *label, const char *spec, GError **errp)
{
    Chardev *chr;

    if (!g_str_has_prefix(spec, "chardev:")) {
        return chardev_new(label, spec, errp);
    }
    chr = chardev_find(spec + 8);
    if (!chr) {
        error_setg(errp, "%s: no -chardev with id '%s'", spec, spec + 8);
    }
    return chr;
}

bool chardev_is_mux(Chardev *chr)
{
    return chr->inner != NULL;
}
