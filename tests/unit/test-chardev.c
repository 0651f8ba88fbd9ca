/*
 * Chardev back-ends against the real thing: files, TCP and Unix sockets,
 * pseudo-terminals, and stdio in child processes whose stdin is a pty or
 * a pipe. The glib default context is driven by hand with deadlines.
 */
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
    int room;           /* bytes it will still take; -1: any amount */
    int last_can_read;
    int opened, closed, breaks, mux_in, mux_out;
} TestFe;

static int tfe_can_read(void *opaque)
{
    TestFe *t = opaque;

    t->last_can_read = t->room < 0 ? 1000 : t->room;
    return t->last_can_read;
}

static void tfe_read(void *opaque, const uint8_t *buf, int len)
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

static void tfe_event(void *opaque, ChrEvent ev)
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

static void tfe_init(TestFe *t)
{
    memset(t, 0, sizeof(*t));
    t->rx = g_byte_array_new();
    t->room = -1;
}

static void tfe_attach(TestFe *t, Chardev *chr)
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

static bool tfe_rx_is(TestFe *t, const char *s)
{
    return t->rx->len == strlen(s) && !memcmp(t->rx->data, s, t->rx->len);
}

/* --- main loop and socket helpers ------------------------------------ */

#define WAIT_FOR(cond, ms)                                                \
    do {                                                                  \
        gint64 deadline_ = g_get_monotonic_time() + (ms) * 1000;         \
        while (!(cond) && g_get_monotonic_time() < deadline_) {          \
            if (!g_main_context_iteration(NULL, FALSE)) {                 \
                g_usleep(1000);                                           \
            }                                                             \
        }                                                                 \
        ck_assert_msg((cond), "timed out waiting for: %s", #cond);        \
    } while (0)

/* Run the main loop for ms milliseconds, for checks that nothing happens. */
static void spin_ms(int ms)
{
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < deadline) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
}

static Chardev *new_ok(const char *label, const char *spec)
{
    GError *err = NULL;
    Chardev *chr = chardev_new(label, spec, &err);

    ck_assert_msg(chr != NULL, "%s: %s", spec, err ? err->message : "?");
    return chr;
}

/* Expect chardev_new to fail with a message containing needle. */
static void new_fails(const char *spec, const char *needle)
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
static int free_tcp_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

/* A listening socket of the test's own on 127.0.0.1; *port gets its port. */
static int test_listen(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

static int tcp_connect(const char *host, int port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICHOST };
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

static void send_str(int fd, const char *s)
{
    ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/*
 * Read from fd (running the main loop meanwhile) until the bytes read
 * contain needle; returns all of them.
 */
static GString *recv_until(int fd, const char *needle, int ms)
{
    GString *got = g_string_new(NULL);
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (!strstr(got->str, needle) && g_get_monotonic_time() < deadline) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
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

static void chr_write_str(Chardev *chr, const char *s)
{
    ck_assert_int_eq(chardev_write(chr, (const uint8_t *)s, strlen(s)),
                     (int)strlen(s));
}

/* --- null, file, bad specs -------------------------------------------- */

START_TEST(test_null)
{
    Chardev *chr = new_ok("n0", "null");
    ChrFrontend fe2 = { 0 };
    GError *err = NULL;
    TestFe t;

    tfe_init(&t);
    ck_assert_int_eq(chardev_write(chr, (const uint8_t *)"abc", 3), 3);
    ck_assert_int_eq(chardev_write(chr, NULL, 0), 0);
    tfe_attach(&t, chr);
    ck_assert(!chardev_attach(chr, &fe2, &err));
    ck_assert_str_eq(err->message, "chardev 'n0' is already in use");
    g_clear_error(&err);
    spin_ms(30);
    ck_assert_int_eq(t.rx->len, 0);
    ck_assert_int_eq(t.opened, 0);
    ck_assert_str_eq(chardev_label(chr), "n0");
    ck_assert_ptr_null(chardev_pty_path(chr));
    ck_assert_ptr_eq(chardev_find("n0"), chr);
    ck_assert_ptr_null(chardev_new("n0", "null", &err));
    ck_assert_str_eq(err->message, "null: chardev 'n0' already exists");
    g_error_free(err);
    chardev_close_all();
    ck_assert_ptr_null(chardev_find("n0"));
}
END_TEST

START_TEST(test_file)
{
    g_autofree char *dir = g_dir_make_tmp("kestrel-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.txt", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    static const uint8_t bin[] = { 0x00, 0xff, '\n' };
    g_autofree uint8_t *big = g_malloc(100000);
    g_autofree char *data = NULL;
    gsize len;
    Chardev *chr;
    TestFe t;

    ck_assert(g_file_set_contents(path, "OLD CONTENT, LONGER THAN THE NEW",
                                  -1, NULL));
    for (int i = 0; i < 100000; i++) {
        big[i] = i * 7;
    }
    chr = new_ok("f0", spec);
    tfe_init(&t);
    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 1);
    chr_write_str(chr, "hello\n");
    ck_assert_int_eq(chardev_write(chr, bin, 3), 3);
    ck_assert_int_eq(chardev_write(chr, big, 100000), 100000);
    chardev_close_all();

    ck_assert(g_file_get_contents(path, &data, &len, NULL));
    ck_assert_uint_eq(len, 6 + 3 + 100000);
    ck_assert(!memcmp(data, "hello\n\0\xff\n", 9));
    ck_assert(!memcmp(data + 9, big, 100000));
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_file_errors)
{
    g_autofree char *dir = g_dir_make_tmp("kestrel-chr-XXXXXX", NULL);
    g_autofree char *dspec = g_strdup_printf("file:%s", dir);

    new_fails("file:/nonexistent-kestrel-dir/out.txt",
              "could not open '/nonexistent-kestrel-dir/out.txt': "
              "No such file or directory");
    new_fails(dspec, "Is a directory");
    new_fails("file:", "missing file name");
    rmdir(dir);
}
END_TEST

START_TEST(test_bad_specs)
{
    new_fails("bogus:x", "unknown chardev backend 'bogus'");
    new_fails("serial", "unknown chardev backend 'serial'");
    new_fails("", "empty");
    new_fails("tcp:127.0.0.1:99999", "bad port number '99999'");
    new_fails("tcp:127.0.0.1:12ab", "bad port number '12ab'");
    new_fails("tcp:127.0.0.1:", "bad port number ''");
    new_fails("tcp:127.0.0.1", "missing port");
    new_fails("tcp:", "missing port");
    new_fails("tcp:[::1,server", "[IPV6-ADDRESS]:PORT");
    new_fails("tcp:127.0.0.1:1,frob=on", "unknown option 'frob'");
    new_fails("tcp:127.0.0.1:1,server=maybe", "must be on or off");
    new_fails("tcp:127.0.0.1:1,nowait", "only to a server");
    new_fails("tcp:127.0.0.1:1,ipv4,ipv6,server", "exclude each other");
    new_fails("tcp:no-such-host.invalid:1", "cannot resolve");
    new_fails("unix:", "missing socket path");
    new_fails("unix:/tmp/x,ipv4", "unknown option 'ipv4'");
    new_fails("mon:mon:null", "nested");
    new_fails("mon:bogus", "unknown chardev backend 'bogus'");
    ck_assert_ptr_null(chardev_find("bad"));
}
END_TEST

/* --- tcp ----------------------------------------------------------------- */

START_TEST(test_tcp_server)
{
    int port = free_tcp_port();
    g_autofree char *spec =
        g_strdup_printf("tcp:127.0.0.1:%d,server=on,wait=off", port);
    Chardev *chr = new_ok("t0", spec);
    g_autoptr(GString) got = NULL;
    int cfd;
    TestFe t;

    tfe_init(&t);
    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 0);
    /* No client: output is dropped but counts as written. */
    chr_write_str(chr, "into the void");

    for (int round = 1; round <= 2; round++) {
        char buf[16];

        g_byte_array_set_size(t.rx, 0);
        cfd = tcp_connect("127.0.0.1", port);
        WAIT_FOR(t.opened == round, 2000);
        send_str(cfd, "ping");
        WAIT_FOR(tfe_rx_is(&t, "ping"), 2000);
        chr_write_str(chr, "pong");
        ck_assert_int_eq(recv(cfd, buf, sizeof(buf), 0), 4);
        ck_assert(!memcmp(buf, "pong", 4));
        close(cfd);
        WAIT_FOR(t.closed == round, 2000);
    }
    chr_write_str(chr, "gone");
    chardev_close_all();
    /* The listening socket is closed too. */
    cfd = socket(AF_INET, SOCK_STREAM, 0);
    {
        struct sockaddr_in sa = { .sin_family = AF_INET,
                                  .sin_port = htons(port) };

        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ck_assert_int_ne(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        ck_assert_int_eq(errno, ECONNREFUSED);
    }
    close(cfd);
}
END_TEST

START_TEST(test_tcp_flow_control)
{
    int port = free_tcp_port();
    g_autofree char *spec =
        g_strdup_printf("tcp:127.0.0.1:%d,server,nowait", port);
    Chardev *chr = new_ok("t0", spec);
    int cfd;
    TestFe t;

    tfe_init(&t);
    t.room = 0;
    tfe_attach(&t, chr);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(t.opened == 1, 2000);
    send_str(cfd, "hello world");
    spin_ms(100);
    ck_assert_int_eq(t.rx->len, 0);

    t.room = 5;
    chardev_accept_input(chr);
    WAIT_FOR(t.rx->len == 5, 2000);
    spin_ms(50);
    ck_assert(tfe_rx_is(&t, "hello"));

    t.room = -1;
    chardev_accept_input(chr);
    WAIT_FOR(tfe_rx_is(&t, "hello world"), 2000);
    close(cfd);
    WAIT_FOR(t.closed == 1, 2000);
    chardev_close_all();
}
END_TEST

START_TEST(test_tcp_client)
{
    int port, lfd = test_listen(&port);
    g_autofree char *spec = g_strdup_printf("tcp:127.0.0.1:%d", port);
    Chardev *chr = new_ok("c0", spec);
    int sfd = accept(lfd, NULL, NULL);
    char buf[16];
    TestFe t;

    ck_assert_int_ge(sfd, 0);
    tfe_init(&t);
    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 1);      /* connected before the attach */
    send_str(sfd, "to-guest");
    WAIT_FOR(tfe_rx_is(&t, "to-guest"), 2000);
    chr_write_str(chr, "to-host");
    ck_assert_int_eq(recv(sfd, buf, 7, MSG_WAITALL), 7);
    ck_assert(!memcmp(buf, "to-host", 7));
    close(sfd);
    WAIT_FOR(t.closed == 1, 2000);
    chr_write_str(chr, "dropped");
    chardev_close_all();
    close(lfd);
}
END_TEST

START_TEST(test_tcp_errors)
{
    int port, lfd = test_listen(&port);
    g_autofree char *inuse =
        g_strdup_printf("tcp:127.0.0.1:%d,server=on,wait=off", port);
    g_autofree char *refused = NULL;

    new_fails(inuse, "Address already in use");
    close(lfd);
    refused = g_strdup_printf("tcp:127.0.0.1:%d", free_tcp_port());
    new_fails(refused, "Connection refused");
}
END_TEST

static bool have_ipv6_loopback(void)
{
    struct sockaddr_in6 sa = { .sin6_family = AF_INET6,
                               .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;

    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

START_TEST(test_tcp_ipv6_and_wildcard)
{
    int port = free_tcp_port();
    g_autofree char *any = g_strdup_printf("tcp::%d,server,nowait", port);
    Chardev *chr;
    int cfd;
    TestFe t;

    /* Empty host: every interface, both families where there is IPv6. */
    chr = new_ok("w0", any);
    tfe_init(&t);
    tfe_attach(&t, chr);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(t.opened == 1, 2000);
    send_str(cfd, "v4");
    WAIT_FOR(tfe_rx_is(&t, "v4"), 2000);
    close(cfd);
    WAIT_FOR(t.closed == 1, 2000);
    if (!have_ipv6_loopback()) {
        chardev_close_all();
        return;
    }
    cfd = tcp_connect("::1", port);
    WAIT_FOR(t.opened == 2, 2000);
    send_str(cfd, "v6");
    WAIT_FOR(tfe_rx_is(&t, "v4v6"), 2000);
    close(cfd);
    chardev_close_all();

    /* An explicit IPv6 address, bracketed. */
    {
        int port6 = free_tcp_port();
        g_autofree char *spec6 =
            g_strdup_printf("tcp:[::1]:%d,server=on,wait=off,nodelay",
                            port6);
        TestFe t6;
        char buf[8];

        chr = new_ok("v6", spec6);
        tfe_init(&t6);
        tfe_attach(&t6, chr);
        cfd = tcp_connect("::1", port6);
        WAIT_FOR(t6.opened == 1, 2000);
        chr_write_str(chr, "six");
        ck_assert_int_eq(recv(cfd, buf, 3, MSG_WAITALL), 3);
        ck_assert(!memcmp(buf, "six", 3));
        close(cfd);
        chardev_close_all();
    }
}
END_TEST

static gpointer connect_thread(gpointer opaque)
{
    int port = GPOINTER_TO_INT(opaque);
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < deadline) {
        struct sockaddr_in sa = { .sin_family = AF_INET,
                                  .sin_port = htons(port) };
        int fd = socket(AF_INET, SOCK_STREAM, 0);

        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return GINT_TO_POINTER(fd);
        }
        close(fd);
        g_usleep(10000);
    }
    return GINT_TO_POINTER(-1);
}

START_TEST(test_tcp_wait)
{
    int port = free_tcp_port();
    /* Legacy "server" alone: wait=on is the default, as in QEMU. */
    g_autofree char *spec = g_strdup_printf("tcp:127.0.0.1:%d,server", port);
    GThread *th = g_thread_new("connect", connect_thread,
                               GINT_TO_POINTER(port));
    Chardev *chr = new_ok("w0", spec);
    int cfd = GPOINTER_TO_INT(g_thread_join(th));
    TestFe t;

    /* chardev_new returned, so it saw the client already. */
    ck_assert_int_ge(cfd, 0);
    tfe_init(&t);
    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 1);
    send_str(cfd, "early");
    WAIT_FOR(tfe_rx_is(&t, "early"), 2000);
    close(cfd);
    chardev_close_all();
}
END_TEST

START_TEST(test_unix)
{
    g_autofree char *dir = g_dir_make_tmp("kestrel-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off",
                                            path);
    g_autofree char *cspec = g_strdup_printf("unix:%s", path);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct stat st;
    Chardev *srv, *cli;
    TestFe ts, tc;
    int cfd;

    srv = new_ok("u0", spec);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    tfe_init(&ts);
    tfe_attach(&ts, srv);

    /* Our own client chardev talks to our own server chardev. */
    cli = new_ok("u1", cspec);
    tfe_init(&tc);
    tfe_attach(&tc, cli);
    ck_assert_int_eq(tc.opened, 1);
    WAIT_FOR(ts.opened == 1, 2000);
    chr_write_str(cli, "c2s");
    chr_write_str(srv, "s2c");
    WAIT_FOR(tfe_rx_is(&ts, "c2s") && tfe_rx_is(&tc, "s2c"), 2000);
    chardev_close_all();
    ck_assert_int_ne(stat(path, &st), 0);   /* the socket file is gone */

    /* A raw client of the test's own. */
    srv = new_ok("u0", spec);
    tfe_init(&ts);
    tfe_attach(&ts, srv);
    cfd = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(sa.sun_path, path);
    ck_assert_int_eq(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    send_str(cfd, "raw");
    WAIT_FOR(tfe_rx_is(&ts, "raw"), 2000);
    close(cfd);
    WAIT_FOR(ts.closed == 1, 2000);
    chardev_close_all();
    new_fails(cspec, "No such file or directory");
    rmdir(dir);
}
END_TEST

/* --- pty ----------------------------------------------------------------- */

START_TEST(test_pty)
{
    Chardev *chr = new_ok("p0", "pty");
    const char *path = chardev_pty_path(chr);
    static uint8_t chunk[16384];
    gint64 t0;
    char buf[64];
    int sfd;
    TestFe t;

    ck_assert_ptr_nonnull(path);
    ck_assert(g_str_has_prefix(path, "/dev/pts/"));
    tfe_init(&t);
    tfe_attach(&t, chr);

    /* Nobody has the slave open: 1 MiB of output must not block. */
    t0 = g_get_monotonic_time();
    for (int i = 0; i < 64; i++) {
        ck_assert_int_eq(chardev_write(chr, chunk, sizeof(chunk)),
                         (int)sizeof(chunk));
    }
    ck_assert_int_lt(g_get_monotonic_time() - t0, 500000);
    spin_ms(20);
    ck_assert_int_eq(t.opened, 0);

    sfd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    ck_assert_int_ge(sfd, 0);
    /* What was written without a reader was dropped, not queued. */
    ck_assert_int_lt(read(sfd, buf, sizeof(buf)), 0);
    ck_assert_int_eq(errno, EAGAIN);

    chr_write_str(chr, "hello\r\n");
    {
        struct pollfd pfd = { .fd = sfd, .events = POLLIN };

        ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
        /* Raw mode: no CR/NL translation on the slave's input. */
        ck_assert_int_eq(read(sfd, buf, sizeof(buf)), 7);
        ck_assert(!memcmp(buf, "hello\r\n", 7));
    }
    WAIT_FOR(t.opened == 1, 2000);

    /* ... nor on its output, and no echo of what we sent. */
    ck_assert_int_eq(write(sfd, "a\rb\n", 4), 4);
    WAIT_FOR(tfe_rx_is(&t, "a\rb\n"), 2000);

    close(sfd);
    WAIT_FOR(t.closed == 1, 2000);
    chr_write_str(chr, "dropped again");

    /* A new reader is noticed without any output (polled each second). */
    sfd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    ck_assert_int_ge(sfd, 0);
    WAIT_FOR(t.opened == 2, 3000);
    ck_assert_int_eq(write(sfd, "x", 1), 1);
    WAIT_FOR(tfe_rx_is(&t, "a\rb\nx"), 2000);
    close(sfd);
    chardev_close_all();
}
END_TEST

/* --- mux ------------------------------------------------------------------ */

static int quit_calls;

static void count_quit(void *opaque)
{
    ck_assert_ptr_eq(opaque, &quit_calls);
    quit_calls++;
}

START_TEST(test_mux_escapes)
{
    int port = free_tcp_port();
    g_autofree char *spec =
        g_strdup_printf("mon:tcp:127.0.0.1:%d,server,nowait", port);
    Chardev *mux = new_ok("m0", spec);
    g_autoptr(GString) help = NULL;
    g_autoptr(GString) bye = NULL;
    g_autoptr(GString) out = NULL;
    TestFe a, b;
    int cfd;

    quit_calls = 0;
    chardev_set_quit_handler(count_quit, &quit_calls);
    tfe_init(&a);
    tfe_init(&b);
    tfe_attach(&a, mux);
    tfe_attach(&b, mux);
    ck_assert_int_eq(a.mux_in, 1);      /* the first attached has focus */
    ck_assert_int_eq(b.mux_in, 0);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(a.opened == 1 && b.opened == 1, 2000);

    send_str(cfd, "ab");
    WAIT_FOR(tfe_rx_is(&a, "ab"), 2000);
    send_str(cfd, "\001\001");          /* C-a C-a: one C-a */
    WAIT_FOR(tfe_rx_is(&a, "ab\001"), 2000);
    send_str(cfd, "\001b");             /* break to the focused one */
    WAIT_FOR(a.breaks == 1, 2000);
    send_str(cfd, "\001zq");            /* unknown escape: swallowed */
    WAIT_FOR(tfe_rx_is(&a, "ab\001q"), 2000);
    ck_assert_int_eq(b.rx->len, 0);
    ck_assert_int_eq(b.breaks, 0);

    send_str(cfd, "\001h");
    help = recv_until(cfd, "C-a C-a", 2000);
    ck_assert(strstr(help->str, "C-a x"));
    ck_assert(strstr(help->str, "C-a c"));
    ck_assert(strstr(help->str, "C-a b"));

    /* C-a c, with the escape split over two reads. */
    send_str(cfd, "\001");
    spin_ms(20);
    send_str(cfd, "c");
    WAIT_FOR(b.mux_in == 1 && a.mux_out == 1, 2000);
    send_str(cfd, "mon");
    WAIT_FOR(tfe_rx_is(&b, "mon"), 2000);
    send_str(cfd, "\001b");
    WAIT_FOR(b.breaks == 1, 2000);
    send_str(cfd, "\001c!");
    WAIT_FOR(tfe_rx_is(&a, "ab\001q!"), 2000);
    ck_assert_int_eq(a.mux_in, 2);
    ck_assert(tfe_rx_is(&b, "mon"));

    /* Output of every frontend reaches the back-end. */
    chr_write_str(mux, "from-a ");
    chr_write_str(mux, "from-b");
    out = recv_until(cfd, "from-a from-b", 2000);

    /* Escapes work while the focused device takes no input. */
    a.room = 0;
    send_str(cfd, "zz\001x");
    WAIT_FOR(quit_calls == 1, 2000);
    bye = recv_until(cfd, "terminating", 2000);
    ck_assert(tfe_rx_is(&a, "ab\001q!"));
    a.room = -1;
    chardev_accept_input(mux);
    WAIT_FOR(tfe_rx_is(&a, "ab\001q!zz"), 2000);

    close(cfd);
    WAIT_FOR(a.closed == 1 && b.closed == 1, 2000);
    chardev_close_all();
    chardev_set_quit_handler(NULL, NULL);
}
END_TEST

START_TEST(test_mux_single_and_limits)
{
    int port = free_tcp_port();
    g_autofree char *spec =
        g_strdup_printf("mon:tcp:127.0.0.1:%d,server=on,wait=off", port);
    Chardev *mux = new_ok("m0", spec);
    Chardev *nmux = new_ok("m1", "mon:null");
    g_autoptr(GString) msg = NULL;
    ChrFrontend nop = { 0 };
    GError *err = NULL;
    TestFe a;
    int cfd;

    tfe_init(&a);
    tfe_attach(&a, mux);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(a.opened == 1, 2000);
    send_str(cfd, "\001c");
    msg = recv_until(cfd, "no monitor", 2000);
    send_str(cfd, "k");
    WAIT_FOR(tfe_rx_is(&a, "k"), 2000);
    ck_assert_int_eq(a.mux_out, 0);
    close(cfd);

    for (int i = 0; i < 4; i++) {
        ck_assert(chardev_attach(nmux, &nop, NULL));
    }
    ck_assert(!chardev_attach(nmux, &nop, &err));
    ck_assert_str_eq(err->message,
                     "chardev 'm1' cannot take more than 4 frontends");
    g_error_free(err);
    chardev_close_all();
}
END_TEST

START_TEST(test_mux_timestamps)
{
    int port = free_tcp_port();
    g_autofree char *spec =
        g_strdup_printf("mon:tcp:127.0.0.1:%d,server,nowait", port);
    Chardev *mux = new_ok("m0", spec);
    g_autoptr(GString) got = NULL;
    g_autoptr(GString) plain = NULL;
    TestFe a;
    int cfd;

    tfe_init(&a);
    tfe_attach(&a, mux);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(a.opened == 1, 2000);
    send_str(cfd, "\001tk");
    WAIT_FOR(tfe_rx_is(&a, "k"), 2000);
    chr_write_str(mux, "one\ntwo\n");
    got = recv_until(cfd, "two\n", 2000);
    ck_assert_msg(g_regex_match_simple(
                      "^one\n\\[00:00:0[0-9]\\.[0-9]{3}\\] two\n$", got->str,
                      0, 0), "got '%s'", got->str);
    send_str(cfd, "\001tj");
    WAIT_FOR(tfe_rx_is(&a, "kj"), 2000);
    chr_write_str(mux, "x\ny\n");
    plain = recv_until(cfd, "y\n", 2000);
    ck_assert_str_eq(plain->str, "x\ny\n");
    close(cfd);
    chardev_close_all();
}
END_TEST

/* --- stdio, in child processes ------------------------------------------- */

/* Run the main loop until cond or 3 s; in a child, so no ck_assert. */
#define CHILD_WAIT(cond)                                                  \
    do {                                                                  \
        gint64 deadline_ = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;  \
        while (!(cond) && g_get_monotonic_time() < deadline_) {          \
            if (!g_main_context_iteration(NULL, FALSE)) {                 \
                g_usleep(1000);                                           \
            }                                                             \
        }                                                                 \
    } while (0)

static int child_status(pid_t pid)
{
    int status;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}

static void no_core_dumps(void)
{
    struct rlimit rl = { 0, 0 };

    setrlimit(RLIMIT_CORE, &rl);
}

/* stdin a pipe: input flows, EOF gives CLOSED and stops polling. */
START_TEST(test_stdio_pipe_eof)
{
    int in[2];
    pid_t pid;

    ck_assert_int_eq(pipe(in), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        Chardev *chr;
        TestFe t;

        dup2(in[0], STDIN_FILENO);
        close(in[0]);
        close(in[1]);
        chr = chardev_new("s0", "stdio", NULL);
        if (!chr) {
            _exit(10);
        }
        tfe_init(&t);
        tfe_attach(&t, chr);
        CHILD_WAIT(t.closed == 1);
        if (t.closed != 1 || !tfe_rx_is(&t, "abc")) {
            _exit(11);
        }
        /* Not spinning on the dead pipe: nothing is ready any more. */
        for (int i = 0; i < 5; i++) {
            if (g_main_context_iteration(NULL, FALSE)) {
                _exit(12);
            }
        }
        chardev_close_all();
        _exit(0);
    }
    close(in[0]);
    send_str(in[1], "abc");
    close(in[1]);
    {
        int st = child_status(pid);

        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x",
                      st);
    }
}
END_TEST

static int child_quit;

static void child_quit_fn(void *opaque)
{
    child_quit++;
}

/* "mon:stdio" fed by a script through a pipe: C-a x quits. */
START_TEST(test_stdio_mux_pipe_quit)
{
    int in[2], out[2];
    pid_t pid;

    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        Chardev *chr;
        TestFe t;

        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        chardev_set_quit_handler(child_quit_fn, NULL);
        chr = chardev_new("s0", "mon:stdio", NULL);
        if (!chr) {
            _exit(10);
        }
        tfe_init(&t);
        tfe_attach(&t, chr);
        CHILD_WAIT(child_quit == 1);
        if (child_quit != 1 || !tfe_rx_is(&t, "ab") || t.closed) {
            _exit(11);
        }
        chardev_close_all();
        _exit(42);
    }
    close(in[0]);
    close(out[1]);
    /* The pipe stays open: the quit must come from the escape, not EOF. */
    send_str(in[1], "ab\001x");
    {
        int st = child_status(pid);
        g_autoptr(GString) said = NULL;

        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 42, "status %#x",
                      st);
        said = recv_until(out[0], "terminating", 2000);
    }
    close(in[1]);
    close(out[0]);
}
END_TEST

enum { DIE_SIGTERM, DIE_ABORT, DIE_EXIT };

/*
 * A child makes a pty its stdin and stdout and opens spec on it; the parent
 * checks the raw mode while it lives and the original settings after it
 * died the given way.
 */
static void tty_restore_case(const char *spec, int how, bool mux)
{
    struct termios before, during, after;
    int master, slave, ready[2], go[2];
    int flags_before;
    char c;
    pid_t pid;

    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    ck_assert_int_eq(tcgetattr(slave, &before), 0);
    /* A cooked terminal, as a shell leaves it. */
    ck_assert(before.c_lflag & ECHO);
    ck_assert(before.c_lflag & ICANON);
    ck_assert(before.c_iflag & ICRNL);
    flags_before = fcntl(slave, F_GETFL);
    ck_assert(!(flags_before & O_NONBLOCK));
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(go), 0);

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        GError *err = NULL;
        Chardev *chr;

        no_core_dumps();
        /*
         * Be a fresh process: Check's runner handles SIGTERM itself, and
         * the chardev leaves signals that someone handles alone.
         */
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        dup2(slave, STDIN_FILENO);
        dup2(slave, STDOUT_FILENO);
        chr = chardev_new("con", spec, NULL);
        if (!chr) {
            _exit(10);
        }
        if (chardev_new("con2", "stdio", &err)) {
            _exit(11);      /* only one stdio chardev may exist */
        }
        g_error_free(err);
        chardev_write(chr, (const uint8_t *)"hi\n", 3);
        if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1) {
            _exit(12);
        }
        switch (how) {
        case DIE_SIGTERM:
            for (;;) {
                pause();
            }
        case DIE_ABORT:
            abort();
        default:
            exit(0);
        }
    }
    close(ready[1]);
    close(go[0]);
    ck_assert_int_eq(read(ready[0], &c, 1), 1);

    ck_assert_int_eq(tcgetattr(slave, &during), 0);
    ck_assert(!(during.c_lflag & (ECHO | ICANON | IEXTEN)));
    ck_assert(!(during.c_iflag & (ICRNL | IXON | INLCR | IGNCR)));
    ck_assert(during.c_oflag & OPOST);
    ck_assert_int_eq(!!(during.c_lflag & ISIG), !mux);
    ck_assert(fcntl(slave, F_GETFL) & O_NONBLOCK);
    {
        /* Output post-processing kept: "\n" arrives as "\r\n". */
        g_autoptr(GString) got = recv_until(master, "hi\r\n", 2000);

        ck_assert_str_eq(got->str, "hi\r\n");
    }

    ck_assert_int_eq(write(go[1], "g", 1), 1);
    if (how == DIE_SIGTERM) {
        kill(pid, SIGTERM);
    }
    {
        int st = child_status(pid);

        switch (how) {
        case DIE_SIGTERM:
            ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
                          "status %#x", st);
            break;
        case DIE_ABORT:
            ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
                          "status %#x", st);
            break;
        default:
            ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                          "status %#x", st);
        }
    }
    ck_assert_int_eq(tcgetattr(slave, &after), 0);
    ck_assert_uint_eq(after.c_iflag, before.c_iflag);
    ck_assert_uint_eq(after.c_oflag, before.c_oflag);
    ck_assert_uint_eq(after.c_cflag, before.c_cflag);
    ck_assert_uint_eq(after.c_lflag, before.c_lflag);
    ck_assert(!memcmp(after.c_cc, before.c_cc, sizeof(before.c_cc)));
    ck_assert_int_eq(fcntl(slave, F_GETFL), flags_before);
    close(ready[0]);
    close(go[1]);
    close(master);
    close(slave);
}

START_TEST(test_stdio_tty_sigterm)
{
    tty_restore_case("stdio", DIE_SIGTERM, false);
}
END_TEST

START_TEST(test_stdio_tty_abort)
{
    tty_restore_case("mon:stdio", DIE_ABORT, true);
}
END_TEST

START_TEST(test_stdio_tty_exit)
{
    tty_restore_case("stdio", DIE_EXIT, false);
}
END_TEST

static Suite *chardev_suite(void)
{
    const TTest *tests[] = {
        test_null,
        test_file,
        test_file_errors,
        test_bad_specs,
        test_tcp_server,
        test_tcp_flow_control,
        test_tcp_client,
        test_tcp_errors,
        test_tcp_ipv6_and_wildcard,
        test_tcp_wait,
        test_unix,
        test_pty,
        test_mux_escapes,
        test_mux_single_and_limits,
        test_mux_timestamps,
        test_stdio_pipe_eof,
        test_stdio_mux_pipe_quit,
        test_stdio_tty_sigterm,
        test_stdio_tty_abort,
        test_stdio_tty_exit,
    };
    Suite *s = suite_create("chardev");

    /* One case per test, so that CK_RUN_CASE=test_x runs just one. */
    for (size_t i = 0; i < G_N_ELEMENTS(tests); i++) {
        TCase *tc = tcase_create(tests[i]->name);

        tcase_set_timeout(tc, 20);
        tcase_add_test(tc, tests[i]);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(chardev_suite());
    int failed;

    /* Output to a closed test socket must fail, not kill the test. */
    signal(SIGPIPE, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
