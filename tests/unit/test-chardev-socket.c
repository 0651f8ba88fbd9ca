/*
 * Chardev back-ends over TCP and Unix sockets (server, client, wait,
 * flow control, IPv6 and wildcard binds, errors) and pseudo-terminals,
 * against real sockets and ptys. The glib default context is driven by
 * hand with deadlines. The other back-ends are in test-chardev.c.
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

#include "chardev-test.h"

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
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons(port)};

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
    ck_assert_int_eq(t.opened, 1); /* connected before the attach */
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
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
                              .sin6_addr = IN6ADDR_LOOPBACK_INIT};
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
            g_strdup_printf("tcp:[::1]:%d,server=on,wait=off,nodelay", port6);
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
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons(port)};
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
    GThread *th =
        g_thread_new("connect", connect_thread, GINT_TO_POINTER(port));
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
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    g_autofree char *cspec = g_strdup_printf("unix:%s", path);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
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
    ck_assert_int_ne(stat(path, &st), 0); /* the socket file is gone */

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
        struct pollfd pfd = {.fd = sfd, .events = POLLIN};

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

static Suite *chardev_socket_suite(void)
{
    const TTest *tests[] = {
        test_tcp_server,
        test_tcp_flow_control,
        test_tcp_client,
        test_tcp_errors,
        test_tcp_ipv6_and_wildcard,
        test_tcp_wait,
        test_unix,
        test_pty,
    };
    Suite *s = suite_create("chardev-socket");

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
    SRunner *sr = srunner_create(chardev_socket_suite());
    int failed;

    /* Output to a closed test socket must fail, not kill the test. */
    signal(SIGPIPE, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
