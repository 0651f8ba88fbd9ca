/*
 * "tcp:HOST:PORT[,opts]" and "unix:PATH[,opts]": a stream socket, as
 * server or client.
 *
 * Options (QEMU's legacy spelling, bare words included):
 *   server[=on|off]   listen instead of connecting
 *   wait[=on|off]     server: block in chardev_new() until a client comes
 *                     (the default, as in QEMU); "nowait" is wait=off
 *   nodelay[=on|off]  set TCP_NODELAY on the connection
 *   ipv4, ipv6        tcp: restrict the address family
 *
 * A server serves one client at a time: while one is connected the
 * listening socket is not polled (later clients wait in the backlog), and
 * when it leaves the frontend gets CHR_EVENT_CLOSED and we listen again.
 * Output with no client is dropped. An empty HOST for a server means every
 * interface: we bind the IPv6 wildcard without IPV6_V6ONLY first, so IPv4
 * and IPv6 clients both reach it, and fall back to 0.0.0.0.
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct SocketChardev {
    Chardev parent;
    bool is_unix;
    bool server;
    bool nodelay;
    int listen_fd;
    int fd;             /* the connection, or -1 */
    bool paused;        /* not polling for input: the frontend is full */
    bool dead;          /* a write failed: drop output until disconnected */
    GSource *listen_watch;
    GSource *watch;
    char *unix_path;    /* server socket file, removed at close */
} SocketChardev;

typedef struct SocketOpts {
    char *host;
    char *port;
    char *path;
    bool server;
    bool wait;
    bool wait_given;
    bool nodelay;
    bool ipv4;
    bool ipv6;
} SocketOpts;

static gboolean socket_read_cb(void *opaque, GIOCondition cond);
static gboolean socket_accept_cb(void *opaque, GIOCondition cond);

/* --- parsing -------------------------------------------------------- */

static bool socket_parse_bool(const char *spec, const char *key,
                              const char *val, bool *out, GError **errp)
{
    if (!val || !strcmp(val, "on") || !strcmp(val, "yes") ||
        !strcmp(val, "true")) {
        *out = true;
    } else if (!strcmp(val, "off") || !strcmp(val, "no") ||
               !strcmp(val, "false")) {
        *out = false;
    } else {
        error_setg(errp, "%s: '%s' must be on or off, not '%s'", spec, key,
                   val);
        return false;
    }
    return true;
}

static bool socket_parse_port(const char *spec, const char *port,
                              GError **errp)
{
    char *end;
    unsigned long v;

    if (!*port || strspn(port, "0123456789") != strlen(port)) {
        error_setg(errp, "%s: bad port number '%s'", spec, port);
        return false;
    }
    v = strtoul(port, &end, 10);
    if (v > 65535) {
        error_setg(errp, "%s: bad port number '%s' (at most 65535)", spec,
                   port);
        return false;
    }
    return true;
}

static bool socket_parse_addr(const char *spec, const char *addr,
                              SocketOpts *o, GError **errp)
{
    const char *colon;

    if (addr[0] == '[') {
        const char *close = strchr(addr, ']');

        if (!close || close[1] != ':') {
            error_setg(errp, "%s: expected [IPV6-ADDRESS]:PORT", spec);
            return false;
        }
        o->host = g_strndup(addr + 1, close - addr - 1);
        colon = close + 1;
    } else {
        colon = strrchr(addr, ':');
        if (!colon) {
            error_setg(errp, "%s: missing port (expected HOST:PORT)", spec);
            return false;
        }
        o->host = g_strndup(addr, colon - addr);
    }
    o->port = g_strdup(colon + 1);
    return socket_parse_port(spec, o->port, errp);
}

static bool socket_parse(const char *spec, bool is_unix, const char *args,
                         SocketOpts *o, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(args, ",", -1);
    /* g_strsplit("") gives no pieces at all */
    const char *addr = parts[0] ? parts[0] : "";

    if (is_unix) {
        if (!*addr) {
            error_setg(errp, "%s: missing socket path", spec);
            return false;
        }
        o->path = g_strdup(addr);
    } else if (!socket_parse_addr(spec, addr, o, errp)) {
        return false;
    }
    o->wait = true;
    for (int i = 1; parts[0] && parts[i]; i++) {
        char *key = parts[i];
        char *val = strchr(key, '=');
        bool ok;

        if (val) {
            *val++ = '\0';
        }
        if (!strcmp(key, "server")) {
            ok = socket_parse_bool(spec, key, val, &o->server, errp);
        } else if (!strcmp(key, "wait")) {
            ok = socket_parse_bool(spec, key, val, &o->wait, errp);
            o->wait_given = true;
        } else if (!strcmp(key, "nowait") && !val) {
            o->wait = false;
            o->wait_given = ok = true;
        } else if (!strcmp(key, "nodelay")) {
            ok = socket_parse_bool(spec, key, val, &o->nodelay, errp);
        } else if (!strcmp(key, "ipv4") && !is_unix) {
            ok = socket_parse_bool(spec, key, val, &o->ipv4, errp);
        } else if (!strcmp(key, "ipv6") && !is_unix) {
            ok = socket_parse_bool(spec, key, val, &o->ipv6, errp);
        } else {
            error_setg(errp, "%s: unknown option '%s'", spec, key);
            ok = false;
        }
        if (!ok) {
            return false;
        }
    }
    if (o->wait_given && !o->server) {
        error_setg(errp, "%s: 'wait' applies only to a server", spec);
        return false;
    }
    if (o->ipv4 && o->ipv6) {
        error_setg(errp, "%s: 'ipv4' and 'ipv6' exclude each other", spec);
        return false;
    }
    return true;
}

static void socket_opts_free(SocketOpts *o)
{
    g_free(o->host);
    g_free(o->port);
    g_free(o->path);
}

/* "tcp:HOST:PORT" for the address a socket is bound to. */
static char *socket_local_desc(int fd, bool is_unix, const char *path)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if (is_unix) {
        return g_strdup_printf("unix:%s", path);
    }
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0 ||
        getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv,
                    sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return g_strdup("tcp:?");
    }
    if (ss.ss_family == AF_INET6) {
        return g_strdup_printf("tcp:[%s]:%s", host, serv);
    }
    return g_strdup_printf("tcp:%s:%s", host, serv);
}

/* --- connection handling (main loop) -------------------------------- */

static void socket_connected(SocketChardev *s, int fd)
{
    GIOCondition events = G_IO_HUP | G_IO_ERR;

    if (s->nodelay && !s->is_unix) {
        int one = 1;

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    chr_watch_remove(&s->listen_watch);
    s->fd = fd;
    s->dead = false;
    s->paused = !s->parent.has_fe;
    if (!s->paused) {
        events |= G_IO_IN;
    }
    s->watch = chr_fd_watch_new(fd, events, socket_read_cb, s);
    chr_be_event(&s->parent, CHR_EVENT_OPENED);
}

static void socket_listen_again(SocketChardev *s)
{
    if (s->server && !s->listen_watch) {
        s->listen_watch = chr_fd_watch_new(s->listen_fd, G_IO_IN,
                                           socket_accept_cb, s);
    }
}

static void socket_disconnect(SocketChardev *s)
{
    chr_watch_remove(&s->watch);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    s->dead = false;
    chr_be_event(&s->parent, CHR_EVENT_CLOSED);
    socket_listen_again(s);
}

static gboolean socket_read_cb(void *opaque, GIOCondition cond)
{
    SocketChardev *s = opaque;
    uint8_t buf[CHR_READ_BUF_SIZE];
    ssize_t n;
    int room;

    if (s->dead || ((cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL)) &&
                    !(cond & G_IO_IN))) {
        socket_disconnect(s);
        return G_SOURCE_REMOVE;
    }
    if (!(cond & G_IO_IN)) {
        return G_SOURCE_CONTINUE;
    }
    room = chr_be_can_read(&s->parent);
    if (room <= 0) {
        /* Keep watching for hang-ups, but not for input. */
        s->paused = true;
        chr_fd_watch_set_events(s->watch, G_IO_HUP | G_IO_ERR);
        return G_SOURCE_CONTINUE;
    }
    n = recv(s->fd, buf, MIN((size_t)room, sizeof(buf)), 0);
    if (n > 0) {
        chr_be_read(&s->parent, buf, n);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
                  errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    socket_disconnect(s);
    return G_SOURCE_REMOVE;
}

static gboolean socket_accept_cb(void *opaque, GIOCondition cond)
{
    SocketChardev *s = opaque;
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
            errno != ECONNABORTED) {
            error_report("chardev '%s': accept: %s", s->parent.label,
                         g_strerror(errno));
        }
        return G_SOURCE_CONTINUE;
    }
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;
}

static void socket_update_input(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;

    if (s->fd >= 0 && s->watch && s->paused && chr->has_fe) {
        s->paused = false;
        chr_fd_watch_set_events(s->watch, G_IO_IN | G_IO_HUP | G_IO_ERR);
    }
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = (SocketChardev *)chr;

    if (s->fd < 0 || s->dead) {
        return len;     /* nobody connected: dropped, as QEMU does */
    }
    if (chr_write_all(s->fd, buf, len, -1, true) < 0) {
        /*
         * The peer is gone. We may be on a vCPU thread: leave the
         * disconnect to the main loop, which sees the hang-up.
         */
        s->dead = true;
        shutdown(s->fd, SHUT_RDWR);
    }
    return len;
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = (SocketChardev *)chr;

    chr_watch_remove(&s->watch);
    chr_watch_remove(&s->listen_watch);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->unix_path) {
        unlink(s->unix_path);
        g_free(s->unix_path);
    }
}

static const ChardevOps socket_ops = {
    .kind = "socket",
    .write = socket_write,
    .update_input = socket_update_input,
    .close = socket_close,
};

/* --- creation ------------------------------------------------------- */

static bool socket_unix_addr(const char *spec, const char *path,
                             struct sockaddr_un *sa, GError **errp)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sa->sun_path)) {
        error_setg(errp, "%s: socket path is too long (at most %zu bytes)",
                   spec, sizeof(sa->sun_path) - 1);
        return false;
    }
    strcpy(sa->sun_path, path);
    return true;
}

static int socket_listen_unix(const char *spec, const char *path,
                              GError **errp)
{
    struct sockaddr_un sa;
    struct stat st;
    int fd;

    if (!socket_unix_addr(spec, path, &sa, errp)) {
        return -1;
    }
    /* A stale socket from an earlier run; never remove anything else. */
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(path);
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "%s: cannot listen on '%s'", spec, path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static int socket_connect_unix(const char *spec, const char *path,
                               GError **errp)
{
    struct sockaddr_un sa;
    int fd;

    if (!socket_unix_addr(spec, path, &sa, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        error_setg_errno(errp, errno, "%s: cannot connect to '%s'", spec,
                         path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static struct addrinfo *socket_resolve(const char *spec, const SocketOpts *o,
                                       bool passive, GError **errp)
{
    struct addrinfo hints = {
        .ai_socktype = SOCK_STREAM,
        .ai_family = o->ipv4 ? AF_INET : o->ipv6 ? AF_INET6 : AF_UNSPEC,
        .ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0),
    };
    const char *host = o->host;
    struct addrinfo *res;
    int rc;

    if (!*host) {
        host = passive ? NULL : "localhost";
    }
    rc = getaddrinfo(host, o->port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "%s: cannot resolve '%s': %s", spec,
                   host ? host : "", gai_strerror(rc));
        return NULL;
    }
    return res;
}

static int socket_listen_tcp(const char *spec, const SocketOpts *o,
                             GError **errp)
{
    struct addrinfo *res = socket_resolve(spec, o, true, errp);
    int err = EADDRNOTAVAIL;
    int fd = -1;

    if (!res) {
        return -1;
    }
    /* Two passes for the wildcard: IPv6 (dual-stack) first, then IPv4. */
    for (int pass = 0; pass < 2 && fd < 0; pass++) {
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
            int one = 1, v6only = o->ipv6;

            if ((ai->ai_family == AF_INET6) != (pass == 0)) {
                continue;
            }
            fd = socket(ai->ai_family,
                        SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            if (fd < 0) {
                err = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (ai->ai_family == AF_INET6) {
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                           sizeof(v6only));
            }
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
                listen(fd, 1) < 0) {
                err = errno;
                close(fd);
                fd = -1;
            }
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "%s: cannot listen on %s:%s", spec,
                         *o->host ? o->host : "*", o->port);
    }
    return fd;
}

static int socket_connect_tcp(const char *spec, const SocketOpts *o,
                              GError **errp)
{
    struct addrinfo *res = socket_resolve(spec, o, false, errp);
    int err = EADDRNOTAVAIL;
    int fd = -1;

    if (!res) {
        return -1;
    }
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "%s: cannot connect to %s:%s", spec,
                         *o->host ? o->host : "localhost", o->port);
    }
    return fd;
}

/* wait=on: block until the first client arrives. */
static int socket_wait_client(SocketChardev *s, const char *spec,
                              GError **errp)
{
    g_autofree char *desc = socket_local_desc(s->listen_fd, s->is_unix,
                                              s->unix_path);

    error_report("waiting for connection on: %s,server=on", desc);
    for (;;) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
        int fd;

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            break;
        }
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            return fd;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
            errno != ECONNABORTED) {
            break;
        }
    }
    error_setg_errno(errp, errno, "%s: waiting for a connection", spec);
    return -1;
}

Chardev *chr_socket_open(const char *label, const char *spec, bool is_unix,
                         const char *args, GError **errp)
{
    SocketOpts o = { 0 };
    SocketChardev *s = NULL;
    int fd;

    if (!socket_parse(spec, is_unix, args, &o, errp)) {
        goto out;
    }
    s = g_new0(SocketChardev, 1);
    chr_init(&s->parent, &socket_ops, label);
    s->is_unix = is_unix;
    s->server = o.server;
    s->nodelay = o.nodelay;
    s->listen_fd = -1;
    s->fd = -1;

    if (!o.server) {
        fd = is_unix ? socket_connect_unix(spec, o.path, errp)
                     : socket_connect_tcp(spec, &o, errp);
        if (fd < 0) {
            goto fail;
        }
        if (!chr_set_nonblock(fd, errp)) {
            close(fd);
            goto fail;
        }
        socket_connected(s, fd);
        goto out;
    }

    s->listen_fd = is_unix ? socket_listen_unix(spec, o.path, errp)
                           : socket_listen_tcp(spec, &o, errp);
    if (s->listen_fd < 0) {
        goto fail;
    }
    if (is_unix) {
        s->unix_path = g_strdup(o.path);
    }
    if (o.wait) {
        fd = socket_wait_client(s, spec, errp);
        if (fd < 0) {
            goto fail;
        }
        socket_connected(s, fd);
    } else {
        socket_listen_again(s);
    }
    goto out;

fail:
    chr_destroy(&s->parent);
    s = NULL;
out:
    socket_opts_free(&o);
    return s ? &s->parent : NULL;
}
