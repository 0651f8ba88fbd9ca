/*
 * Shared by the chardev tests (test-chardev.c, test-chardev-socket.c): a
 * frontend that records what it receives, loops that drive the glib
 * default context until a condition or a deadline, chardev_new wrappers
 * that expect success or a message, and plain-socket helpers for the
 * test's side of a TCP connection.
 */
#ifndef TESTS_UNIT_CHARDEV_TEST_H
#define TESTS_UNIT_CHARDEV_TEST_H

#include "util/chardev/chardev.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* --- a frontend that records what it gets --------------------------- */

typedef struct TestFe {
    GByteArray *rx;
    int room; /* bytes it will still take; -1: any amount */
    int last_can_read;
    int opened, closed, breaks, mux_in, mux_out;
} TestFe;

static inline int tfe_can_read(void *opaque)
{
    TestFe *t = opaque;

    t->last_can_read = t->room < 0 ? 1000 : t->room;
    return t->last_can_read;
}

static inline void tfe_read(void *opaque, const uint8_t *buf, int len)
{
    TestFe *t = opaque;

    /* The contract: never more than can_read() allowed. */
    ck_assert_int_gt(len, 0);
    ck_assert_int_le(len, t->last_can_read);
    g_byte_array_append(t->rx, buf, len);
    if (t->room > 0) {
        t->room -= len;
    }
}

static inline void tfe_event(void *opaque, ChrEvent ev)
{
    TestFe *t = opaque;

    switch (ev) {
    case CHR_EVENT_OPENED:
        t->opened++;
        break;
    case CHR_EVENT_CLOSED:
        t->closed++;
        break;
    case CHR_EVENT_BREAK:
        t->breaks++;
        break;
    case CHR_EVENT_MUX_IN:
        t->mux_in++;
        break;
    case CHR_EVENT_MUX_OUT:
        t->mux_out++;
        break;
    }
}

static inline void tfe_init(TestFe *t)
{
    memset(t, 0, sizeof(*t));
    t->rx = g_byte_array_new();
    t->room = -1;
}

static inline void tfe_attach(TestFe *t, Chardev *chr)
{
    ChrFrontend fe = {
        .can_read = tfe_can_read,
        .read = tfe_read,
        .event = tfe_event,
        .opaque = t,
    };
    GError *err = NULL;

    ck_assert_msg(chardev_attach(chr, &fe, &err), "attach: %s",
                  err ? err->message : "?");
}

static inline bool tfe_rx_is(TestFe *t, const char *s)
{
    return t->rx->len == strlen(s) && !memcmp(t->rx->data, s, t->rx->len);
}

/* --- main loop and socket helpers ------------------------------------ */

#define WAIT_FOR(cond, ms)                                                     \
    do {                                                                       \
        gint64 deadline_ = g_get_monotonic_time() + (ms)*1000;                 \
        while (!(cond) && g_get_monotonic_time() < deadline_) {                \
            if (!g_main_context_iteration(NULL, FALSE)) {                      \
                g_usleep(1000);                                                \
            }                                                                  \
        }                                                                      \
        ck_assert_msg((cond), "timed out waiting for: %s", #cond);             \
    } while (0)

/* Run the main loop for ms milliseconds, for checks that nothing happens. */
static inline void spin_ms(int ms)
{
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < deadline) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
}

static inline Chardev *new_ok(const char *label, const char *spec)
{
    GError *err = NULL;
    Chardev *chr = chardev_new(label, spec, &err);

    ck_assert_msg(chr != NULL, "%s: %s", spec, err ? err->message : "?");
    return chr;
}

/* Expect chardev_new to fail with a message containing needle. */
static inline void new_fails(const char *spec, const char *needle)
{
    GError *err = NULL;
    Chardev *chr = chardev_new("bad", spec, &err);

    ck_assert_msg(chr == NULL, "'%s' was accepted", spec);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, needle), "'%s': '%s' lacks '%s'", spec,
                  err->message, needle);
    if (*spec) {
        ck_assert_msg(g_str_has_prefix(err->message, spec),
                      "'%s' does not start with the spec", err->message);
    }
    g_error_free(err);
}

/* A port nobody listens on now (bound to port 0, then released). */
static inline int free_tcp_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

/* A listening socket of the test's own on 127.0.0.1; *port gets its port. */
static inline int test_listen(int *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

static inline int tcp_connect(const char *host, int port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST};
    struct addrinfo *res;
    char serv[16];
    int fd;

    snprintf(serv, sizeof(serv), "%d", port);
    ck_assert_int_eq(getaddrinfo(host, serv, &hints, &res), 0);
    fd = socket(res->ai_family, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_msg(connect(fd, res->ai_addr, res->ai_addrlen) == 0,
                  "connect %s:%d: %s", host, port, strerror(errno));
    freeaddrinfo(res);
    return fd;
}

static inline void send_str(int fd, const char *s)
{
    ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/*
 * Read from fd (running the main loop meanwhile) until the bytes read
 * contain needle; returns all of them.
 */
static inline GString *recv_until(int fd, const char *needle, int ms)
{
    GString *got = g_string_new(NULL);
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (!strstr(got->str, needle) && g_get_monotonic_time() < deadline) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        char buf[512];

        g_main_context_iteration(NULL, FALSE);
        if (poll(&pfd, 1, 5) == 1) {
            ssize_t n = read(fd, buf, sizeof(buf));

            if (n > 0) {
                g_string_append_len(got, buf, n);
            } else if (n == 0 || errno != EAGAIN) {
                break;
            }
        }
    }
    ck_assert_msg(strstr(got->str, needle), "never received '%s' (got '%s')",
                  needle, got->str);
    return got;
}

static inline void chr_write_str(Chardev *chr, const char *s)
{
    ck_assert_int_eq(chardev_write(chr, (const uint8_t *)s, strlen(s)),
                     (int)strlen(s));
}
#endif /* TESTS_UNIT_CHARDEV_TEST_H */
