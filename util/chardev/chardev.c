/*
 * Chardev core: the spec parser that picks a back-end, the registry of
 * chardevs by label, frontend attachment and the helpers the back-ends
 * share (fd watches, write-all, deferred input updates).
 *
 * Threads: frontends write from vCPU threads and the main loop, always
 * under the machine lock. Everything that changes which fds the main loop
 * polls is done on the main loop: chardev_accept_input() only schedules it.
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Chardevs in creation order; closed in reverse. */
static GPtrArray *chr_registry;

static void (*chr_quit_fn)(void *opaque);
static void *chr_quit_opaque;

void chr_init(Chardev *chr, const ChardevOps *ops, const char *label)
{
    chr->ops = ops;
    chr->label = g_strdup(label);
}

int chr_be_can_read(Chardev *chr)
{
    if (!chr->has_fe || !chr->fe.can_read) {
        return 0;
    }
    return chr->fe.can_read(chr->fe.opaque);
}

void chr_be_read(Chardev *chr, const uint8_t *buf, int len)
{
    if (chr->has_fe && chr->fe.read && len > 0) {
        chr->fe.read(chr->fe.opaque, buf, len);
    }
}

void chr_be_event(Chardev *chr, ChrEvent event)
{
    if (event == CHR_EVENT_OPENED) {
        chr->be_open = true;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = false;
    }
    if (chr->has_fe && chr->fe.event) {
        chr->fe.event(chr->fe.opaque, event);
    }
}

static gboolean chr_update_cb(gpointer opaque)
{
    Chardev *chr = opaque;

    chr_watch_remove(&chr->update_source);
    if (chr->ops->update_input) {
        chr->ops->update_input(chr);
    }
    return G_SOURCE_REMOVE;
}

void chr_schedule_update(Chardev *chr)
{
    GSource *src;

    if (chr->update_source) {
        return;
    }
    /*
     * An idle source rather than a direct call: the caller may be a vCPU
     * thread inside an MMIO handler, or a frontend inside its own read
     * callback; neither should be re-entered with new input.
     */
    src = g_idle_source_new();
    g_source_set_priority(src, G_PRIORITY_DEFAULT);
    g_source_set_callback(src, chr_update_cb, chr, NULL);
    g_source_attach(src, NULL);
    chr->update_source = src;
}

void chr_request_quit(void)
{
    if (chr_quit_fn) {
        chr_quit_fn(chr_quit_opaque);
    } else {
        /* Nobody told us how to quit, but the user asked to: do it. */
        exit(0);
    }
}

int chr_write_all(int fd, const uint8_t *buf, int len, int stall_ms,
                  bool is_socket)
{
    int done = 0;

    while (done < len) {
        ssize_t n;

        if (is_socket) {
            n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
        } else {
            n = write(fd, buf + done, len - done);
        }
        if (n > 0) {
            done += n;
            continue;
        }
        if (n == 0) {
            return -EIO;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int r = poll(&pfd, 1, stall_ms);

            if (r < 0 && errno != EINTR) {
                return -errno;
            }
            if (r == 0) {
                return done;
            }
            /* A hang-up without POLLOUT would make us spin forever. */
            if (r > 0 && !(pfd.revents & POLLOUT) &&
                (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) {
                return -EPIPE;
            }
            continue;
        }
        return -errno;
    }
    return done;
}

bool chr_set_nonblock(int fd, GError **errp)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "cannot make fd %d non-blocking", fd);
        return false;
    }
    return true;
}

/* --- fd watches ----------------------------------------------------- */

typedef struct ChrFdSource {
    GSource base;
    gpointer tag;
    ChrFdFunc fn;
    void *opaque;
} ChrFdSource;

static gboolean chr_fd_source_dispatch(GSource *src, GSourceFunc unused,
                                       gpointer unused_data)
{
    ChrFdSource *s = (ChrFdSource *)src;

    return s->fn(s->opaque, g_source_query_unix_fd(src, s->tag));
}

static GSourceFuncs chr_fd_source_funcs = {
    .dispatch = chr_fd_source_dispatch,
};

GSource *chr_fd_watch_new(int fd, GIOCondition events, ChrFdFunc fn,
                          void *opaque)
{
    GSource *src = g_source_new(&chr_fd_source_funcs, sizeof(ChrFdSource));
    ChrFdSource *s = (ChrFdSource *)src;

    s->fn = fn;
    s->opaque = opaque;
    s->tag = g_source_add_unix_fd(src, fd, events);
    g_source_attach(src, NULL);
    return src;
}

void chr_fd_watch_set_events(GSource *watch, GIOCondition events)
{
    ChrFdSource *s = (ChrFdSource *)watch;

    g_source_modify_unix_fd(watch, s->tag, events);
}

void chr_watch_remove(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

/* --- creation ------------------------------------------------------- */

static Chardev *chr_backend_new(const char *label, const char *spec,
                                const char *body, bool muxed, GError **errp)
{
    const char *colon;

    if (!strcmp(body, "stdio")) {
        return chr_stdio_open(label, spec, muxed, errp);
    }
    if (!strcmp(body, "null")) {
        return chr_null_open(label, spec, errp);
    }
    if (!strcmp(body, "pty")) {
        return chr_pty_open(label, spec, errp);
    }
    if (g_str_has_prefix(body, "file:")) {
        return chr_file_open(label, spec, body + 5, errp);
    }
    if (g_str_has_prefix(body, "tcp:")) {
        return chr_socket_open(label, spec, false, body + 4, errp);
    }
    if (g_str_has_prefix(body, "unix:")) {
        return chr_socket_open(label, spec, true, body + 5, errp);
    }
    colon = strchr(body, ':');
    if (!*body) {
        error_setg(errp, "'%s': empty chardev specification", spec);
    } else {
        error_setg(errp, "%s: unknown chardev backend '%.*s'", spec,
                   colon ? (int)(colon - body) : (int)strlen(body), body);
    }
    return NULL;
}

Chardev *chardev_new(const char *label, const char *spec, GError **errp)
{
    Chardev *chr;

    g_assert(label && spec);
    if (chardev_find(label)) {
        error_setg(errp, "%s: chardev '%s' already exists", spec, label);
        return NULL;
    }
    if (g_str_has_prefix(spec, "mon:")) {
        const char *body = spec + 4;
        Chardev *inner;

        if (g_str_has_prefix(body, "mon:")) {
            error_setg(errp, "%s: 'mon:' cannot be nested", spec);
            return NULL;
        }
        inner = chr_backend_new(label, spec, body, true, errp);
        if (!inner) {
            return NULL;
        }
        chr = chr_mux_open(label, inner, errp);
    } else {
        chr = chr_backend_new(label, spec, spec, false, errp);
    }
    if (!chr) {
        return NULL;
    }
    if (!chr_registry) {
        chr_registry = g_ptr_array_new();
    }
    g_ptr_array_add(chr_registry, chr);
    return chr;
}

bool chardev_attach(Chardev *chr, const ChrFrontend *fe, GError **errp)
{
    g_assert(fe);
    if (chr->ops->attach) {
        return chr->ops->attach(chr, fe, errp);
    }
    if (chr->has_fe) {
        error_setg(errp, "chardev '%s' is already in use", chr->label);
        return false;
    }
    chr->fe = *fe;
    chr->has_fe = true;
    if (chr->be_open && fe->event) {
        fe->event(fe->opaque, CHR_EVENT_OPENED);
    }
    chr_schedule_update(chr);
    return true;
}

void chardev_attach_or_log(Chardev *chr, const ChrFrontend *fe,
                           const char *who)
{
    GError *err = NULL;

    if (chr && !chardev_attach(chr, fe, &err)) {
        log_unimp("%s: %s\n", who, err->message);
        g_error_free(err);
    }
}

int chardev_write(Chardev *chr, const uint8_t *buf, int len)
{
    g_assert(len >= 0);
    if (len == 0) {
        return 0;
    }
    return chr->ops->write(chr, buf, len);
}

void chardev_accept_input(Chardev *chr)
{
    chr_schedule_update(chr);
}

const char *chardev_label(Chardev *chr)
{
    return chr->label;
}

const char *chardev_pty_path(Chardev *chr)
{
    if (chr->inner) {
        return chr->inner->pty_path;
    }
    return chr->pty_path;
}

Chardev *chardev_find(const char *label)
{
    if (!chr_registry) {
        return NULL;
    }
    for (guint i = 0; i < chr_registry->len; i++) {
        Chardev *chr = g_ptr_array_index(chr_registry, i);

        if (!strcmp(chr->label, label)) {
            return chr;
        }
    }
    return NULL;
}

void chardev_set_quit_handler(void (*fn)(void *opaque), void *opaque)
{
    chr_quit_fn = fn;
    chr_quit_opaque = opaque;
}

void chr_destroy(Chardev *chr)
{
    chr_watch_remove(&chr->update_source);
    if (chr->ops->close) {
        chr->ops->close(chr);
    }
    g_free(chr->label);
    g_free(chr->pty_path);
    g_free(chr);
}

void chardev_close_all(void)
{
    if (!chr_registry) {
        return;
    }
    while (chr_registry->len) {
        Chardev *chr = g_ptr_array_steal_index(chr_registry,
                                               chr_registry->len - 1);
        chr_destroy(chr);
    }
    g_ptr_array_free(chr_registry, TRUE);
    chr_registry = NULL;
}
