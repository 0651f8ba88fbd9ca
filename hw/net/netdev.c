/*
 * -netdev back-ends (see netdev.h).  The one type is "user": libslirp, a
 * user-mode TCP/IP stack with its own DHCP server, DNS forwarder and port
 * forwarding.
 *
 * libslirp is driven from the main loop: a GSource whose prepare asks
 * slirp_pollfds_fill() for the sockets it wants polled (re-registering
 * them each turn, since slirp opens and closes sockets as connections
 * come and go) and whose dispatch hands the results to
 * slirp_pollfds_poll(); its timers are util/timer.h timers on the
 * realtime clock.  Everything runs under the machine lock: the main loop
 * holds it around prepare and dispatch, and devices call netdev_send()
 * with it held, so slirp never sees two threads.
 */
#include "hw/net/netdev.h"

#include <arpa/inet.h>
#include <errno.h>
#include <slirp/libslirp.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/error.h"
#include "util/keyval.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/timer.h"

typedef struct SlirpSource SlirpSource;

struct NetClient {
    char *id;
    Slirp *slirp;
    SlirpSource *src;
    NetReceiveFn *receive;
    void *opaque;
    bool attached;
};

struct SlirpSource {
    GSource source;
    NetClient *nc;
    GArray *fds; /* GPollFD, registered with the source */
    gint64 due;  /* slirp's TCP timers want a poll call by then */
};

static GPtrArray *netdevs;

/* --- libslirp callbacks ------------------------------------------------- */

static ssize_t netdev_slirp_send(const void *buf, size_t len, void *opaque)
{
    NetClient *nc = opaque;

    if (nc->receive) {
        nc->receive(nc->opaque, buf, len);
    }
    return len;
}

static void netdev_slirp_guest_error(const char *msg, void *opaque)
{
    NetClient *nc = opaque;

    log_mask(LOG_GUEST_ERROR, "netdev %s: %s\n", nc->id, msg);
}

static int64_t netdev_slirp_clock(void *opaque)
{
    return clock_get_ns(KCLOCK_REALTIME);
}

typedef struct SlirpTimer {
    Timer *t;
    SlirpTimerCb cb;
    void *cb_opaque;
} SlirpTimer;

static void netdev_slirp_timer_fire(void *opaque)
{
    SlirpTimer *st = opaque;

    st->cb(st->cb_opaque);
}

static void *netdev_slirp_timer_new(SlirpTimerCb cb, void *cb_opaque,
                                    void *opaque)
{
    SlirpTimer *st = g_new0(SlirpTimer, 1);

    st->cb = cb;
    st->cb_opaque = cb_opaque;
    st->t = timer_new(KCLOCK_REALTIME, netdev_slirp_timer_fire, st);
    return st;
}

static void netdev_slirp_timer_free(void *timer, void *opaque)
{
    SlirpTimer *st = timer;

    timer_free(st->t);
    g_free(st);
}

/* expire_time is in milliseconds of netdev_slirp_clock(). */
static void netdev_slirp_timer_mod(void *timer, int64_t expire_time,
                                   void *opaque)
{
    SlirpTimer *st = timer;

    timer_mod(st->t, expire_time * 1000000);
}

static void netdev_slirp_register_fd(int fd, void *opaque)
{
}

static void netdev_slirp_notify(void *opaque)
{
    /* A send from a vCPU may have opened a socket: poll it. */
    g_main_context_wakeup(NULL);
}

static const SlirpCb netdev_slirp_cb = {
    .send_packet = netdev_slirp_send,
    .guest_error = netdev_slirp_guest_error,
    .clock_get_ns = netdev_slirp_clock,
    .timer_new = netdev_slirp_timer_new,
    .timer_free = netdev_slirp_timer_free,
    .timer_mod = netdev_slirp_timer_mod,
    .register_poll_fd = netdev_slirp_register_fd,
    .unregister_poll_fd = netdev_slirp_register_fd,
    .notify = netdev_slirp_notify,
};

/* --- the GSource -------------------------------------------------------- */

static int netdev_add_poll(int fd, int events, void *opaque)
{
    SlirpSource *s = opaque;
    GPollFD pfd = {.fd = fd};

    if (events & SLIRP_POLL_IN) {
        pfd.events |= G_IO_IN;
    }
    if (events & SLIRP_POLL_OUT) {
        pfd.events |= G_IO_OUT;
    }
    if (events & SLIRP_POLL_PRI) {
        pfd.events |= G_IO_PRI;
    }
    if (events & SLIRP_POLL_ERR) {
        pfd.events |= G_IO_ERR;
    }
    if (events & SLIRP_POLL_HUP) {
        pfd.events |= G_IO_HUP;
    }
    g_array_append_val(s->fds, pfd);
    return s->fds->len - 1;
}

static int netdev_get_revents(int idx, void *opaque)
{
    SlirpSource *s = opaque;
    GPollFD *pfd = &g_array_index(s->fds, GPollFD, idx);
    int ev = 0;

    if (pfd->revents & G_IO_IN) {
        ev |= SLIRP_POLL_IN;
    }
    if (pfd->revents & G_IO_OUT) {
        ev |= SLIRP_POLL_OUT;
    }
    if (pfd->revents & G_IO_PRI) {
        ev |= SLIRP_POLL_PRI;
    }
    if (pfd->revents & G_IO_ERR) {
        ev |= SLIRP_POLL_ERR;
    }
    if (pfd->revents & G_IO_HUP) {
        ev |= SLIRP_POLL_HUP;
    }
    return ev;
}

static void netdev_source_clear(SlirpSource *s)
{
    /* GArray may move its data: drop every registration first. */
    for (guint i = 0; i < s->fds->len; i++) {
        g_source_remove_poll(&s->source, &g_array_index(s->fds, GPollFD, i));
    }
    g_array_set_size(s->fds, 0);
}

static gboolean netdev_source_prepare(GSource *source, gint *timeout)
{
    SlirpSource *s = (SlirpSource *)source;
    uint32_t ms = UINT32_MAX;

    netdev_source_clear(s);
    slirp_pollfds_fill(s->nc->slirp, &ms, netdev_add_poll, s);
    for (guint i = 0; i < s->fds->len; i++) {
        g_source_add_poll(source, &g_array_index(s->fds, GPollFD, i));
    }
    *timeout = ms == UINT32_MAX ? -1 : (gint)MIN(ms, G_MAXINT);
    s->due =
        ms == UINT32_MAX ? G_MAXINT64 : g_source_get_time(source) + ms * 1000ll;
    return *timeout == 0;
}

static gboolean netdev_source_check(GSource *source)
{
    SlirpSource *s = (SlirpSource *)source;

    for (guint i = 0; i < s->fds->len; i++) {
        if (g_array_index(s->fds, GPollFD, i).revents) {
            return TRUE;
        }
    }
    /* Slirp's own TCP timers also need a poll call now and then. */
    return g_source_get_time(source) >= s->due;
}

static gboolean netdev_source_dispatch(GSource *source, GSourceFunc cb,
                                       gpointer data)
{
    SlirpSource *s = (SlirpSource *)source;

    slirp_pollfds_poll(s->nc->slirp, 0, netdev_get_revents, s);
    for (guint i = 0; i < s->fds->len; i++) {
        g_array_index(s->fds, GPollFD, i).revents = 0;
    }
    return G_SOURCE_CONTINUE;
}

static void netdev_source_finalize(GSource *source)
{
    SlirpSource *s = (SlirpSource *)source;

    g_array_free(s->fds, TRUE);
}

static GSourceFuncs netdev_source_funcs = {
    .prepare = netdev_source_prepare,
    .check = netdev_source_check,
    .dispatch = netdev_source_dispatch,
    .finalize = netdev_source_finalize,
};

/* --- -netdev user ------------------------------------------------------- */

static bool netdev_parse_addr(const char *key, const char *str,
                              struct in_addr *out, GError **errp)
{
    if (inet_pton(AF_INET, str, out) != 1) {
        error_setg(errp, "%s=%s: not an IPv4 address", key, str);
        return false;
    }
    return true;
}

static bool netdev_parse_port(const char *str, int *out)
{
    uint64_t v;

    if (!parse_uint64(str, &v, NULL) || v > 65535) {
        return false;
    }
    *out = (int)v;
    return true;
}

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, QEMU's syntax. */
static bool netdev_add_hostfwd(NetClient *nc, const char *rule,
                               struct in_addr dhcp_start, GError **errp)
{
    g_auto(GStrv) sides = g_strsplit(rule, "-", 2);
    g_auto(GStrv) host = NULL, guest = NULL;
    struct in_addr haddr = {.s_addr = INADDR_ANY}, gaddr = dhcp_start;
    int hport, gport, is_udp;

    if (g_strv_length(sides) != 2) {
        goto bad;
    }
    host = g_strsplit(sides[0], ":", 3);
    guest = g_strsplit(sides[1], ":", 2);
    if (g_strv_length(host) != 3 || g_strv_length(guest) != 2) {
        goto bad;
    }
    if (!strcmp(host[0], "tcp") || !host[0][0]) {
        is_udp = 0;
    } else if (!strcmp(host[0], "udp")) {
        is_udp = 1;
    } else {
        goto bad;
    }
    if ((host[1][0] && inet_pton(AF_INET, host[1], &haddr) != 1) ||
        (guest[0][0] && inet_pton(AF_INET, guest[0], &gaddr) != 1) ||
        !netdev_parse_port(host[2], &hport) ||
        !netdev_parse_port(guest[1], &gport)) {
        goto bad;
    }
    if (slirp_add_hostfwd(nc->slirp, is_udp, haddr, hport, gaddr, gport) < 0) {
        error_setg(errp, "hostfwd=%s: could not set up the forward: %s", rule,
                   g_strerror(errno));
        return false;
    }
    return true;
bad:
    error_setg(errp,
               "hostfwd=%s: expected "
               "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport",
               rule);
    return false;
}

static void netdev_free(NetClient *nc)
{
    if (nc->src) {
        g_source_destroy(&nc->src->source);
        g_source_unref(&nc->src->source);
    }
    if (nc->slirp) {
        slirp_cleanup(nc->slirp);
    }
    g_free(nc->id);
    g_free(nc);
}

/*
 * Every hostfwd=... element of spec, in order.  keyval keeps only the
 * last value of a repeated key, and QEMU's -netdev user repeats hostfwd,
 * so these are picked from the string itself (",," is a literal comma).
 */
static GPtrArray *netdev_hostfwd_rules(const char *spec)
{
    GPtrArray *rules = g_ptr_array_new_with_free_func(g_free);
    GString *elem = g_string_new(NULL);

    for (const char *p = spec;; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(elem, ',');
            p++;
            continue;
        }
        if (*p && *p != ',') {
            g_string_append_c(elem, *p);
            continue;
        }
        if (g_str_has_prefix(elem->str, "hostfwd=")) {
            g_ptr_array_add(rules, g_strdup(elem->str + strlen("hostfwd=")));
        }
        g_string_truncate(elem, 0);
        if (!*p) {
            break;
        }
    }
    g_string_free(elem, TRUE);
    return rules;
}

static NetClient *netdev_user_new(KeyVal *kv, const char *spec, const char *id,
                                  GError **errp)
{
    g_autoptr(GPtrArray) rules = netdev_hostfwd_rules(spec);
    const char *net = keyval_get(kv, "net");
    const char *host = keyval_get(kv, "host");
    const char *dns = keyval_get(kv, "dns");
    struct in_addr vnet, vmask, vhost, vdns, vdhcp;
    uint32_t bits = 24;
    SlirpConfig cfg = {.version = 1, .in_enabled = true};
    NetClient *nc;

    inet_pton(AF_INET, "10.0.2.0", &vnet);
    if (net) {
        g_auto(GStrv) parts = g_strsplit(net, "/", 2);
        uint64_t b = 24;

        if (!netdev_parse_addr("net", parts[0], &vnet, errp)) {
            return NULL;
        }
        if (parts[1] &&
            (!parse_uint64(parts[1], &b, NULL) || b < 8 || b > 30)) {
            error_setg(errp, "net=%s: bad prefix length", net);
            return NULL;
        }
        bits = (uint32_t)b;
    }
    vmask.s_addr = htonl(~0u << (32 - bits));
    vnet.s_addr &= vmask.s_addr;
    /* QEMU's defaults: gateway .2, DNS .3, DHCP from .15. */
    vhost.s_addr = vnet.s_addr | htonl(2);
    vdns.s_addr = vnet.s_addr | htonl(3);
    vdhcp.s_addr = vnet.s_addr | htonl(15);
    if ((host && !netdev_parse_addr("host", host, &vhost, errp)) ||
        (dns && !netdev_parse_addr("dns", dns, &vdns, errp))) {
        return NULL;
    }
    if ((vhost.s_addr & vmask.s_addr) != vnet.s_addr ||
        (vdns.s_addr & vmask.s_addr) != vnet.s_addr) {
        error_setg(errp, "host= and dns= must be inside net=");
        return NULL;
    }
    cfg.vnetwork = vnet;
    cfg.vnetmask = vmask;
    cfg.vhost = vhost;
    cfg.vnameserver = vdns;
    cfg.vdhcp_start = vdhcp;
    cfg.vhostname = "kestrel";

    nc = g_new0(NetClient, 1);
    nc->id = g_strdup(id);
    nc->slirp = slirp_new(&cfg, &netdev_slirp_cb, nc);
    if (!nc->slirp) {
        error_setg(errp, "libslirp refused the configuration");
        netdev_free(nc);
        return NULL;
    }
    for (guint i = 0; i < rules->len; i++) {
        if (!netdev_add_hostfwd(nc, g_ptr_array_index(rules, i), vdhcp, errp)) {
            netdev_free(nc);
            return NULL;
        }
    }
    nc->src =
        (SlirpSource *)g_source_new(&netdev_source_funcs, sizeof(SlirpSource));
    nc->src->nc = nc;
    nc->src->fds = g_array_new(FALSE, TRUE, sizeof(GPollFD));
    g_source_attach(&nc->src->source, NULL);
    return nc;
}

bool netdev_add(const char *spec, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(spec, "type", errp);
    g_autofree char *ctx = NULL;
    const char *type, *id;
    GError *local = NULL;
    NetClient *nc;

    if (!kv) {
        error_prepend(errp, "-netdev");
        return false;
    }
    type = keyval_get(kv, "type");
    id = keyval_get(kv, "id");
    if (!type || strcmp(type, "user")) {
        error_setg(errp, "-netdev %s: %s", spec,
                   type ? "not supported yet (only user)" : "no type given");
        return false;
    }
    if (!id || !id[0]) {
        error_setg(errp, "-netdev %s: id= is required", spec);
        return false;
    }
    if (netdev_find(id)) {
        error_setg(errp, "-netdev %s: duplicate id '%s'", spec, id);
        return false;
    }
    keyval_get(kv, "hostfwd"); /* may repeat: see netdev_hostfwd_rules */
    keyval_get(kv, "net");
    keyval_get(kv, "host");
    keyval_get(kv, "dns");
    ctx = g_strdup_printf("-netdev %s", spec);
    if (!keyval_check_unused(kv, ctx, errp)) {
        return false;
    }
    nc = netdev_user_new(kv, spec, id, &local);
    if (!nc) {
        error_setg(errp, "-netdev %s: %s", spec, local->message);
        g_error_free(local);
        return false;
    }
    if (!netdevs) {
        netdevs = g_ptr_array_new();
    }
    g_ptr_array_add(netdevs, nc);
    return true;
}

NetClient *netdev_find(const char *id)
{
    for (guint i = 0; netdevs && i < netdevs->len; i++) {
        NetClient *nc = g_ptr_array_index(netdevs, i);

        if (!strcmp(nc->id, id)) {
            return nc;
        }
    }
    return NULL;
}

bool netdev_attach(NetClient *nc, NetReceiveFn *receive, void *opaque,
                   GError **errp)
{
    if (nc->attached) {
        error_setg(errp, "netdev=%s: already in use by another device", nc->id);
        return false;
    }
    nc->attached = true;
    nc->receive = receive;
    nc->opaque = opaque;
    return true;
}

void netdev_detach(NetClient *nc)
{
    nc->attached = false;
    nc->receive = NULL;
    nc->opaque = NULL;
}

void netdev_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    if (len > 0 && len <= INT32_MAX) {
        slirp_input(nc->slirp, buf, (int)len);
    }
}

void netdev_close_all(void)
{
    for (guint i = 0; netdevs && i < netdevs->len; i++) {
        netdev_free(g_ptr_array_index(netdevs, i));
    }
    if (netdevs) {
        g_ptr_array_free(netdevs, TRUE);
        netdevs = NULL;
    }
}
