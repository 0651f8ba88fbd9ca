/*
 * Chardev back-ends against the real thing: null, files, spec errors,
 * the mux with its escapes and timestamps, and stdio in child processes
 * whose stdin is a pty or a pipe. TCP, Unix sockets and pseudo-terminals
 * are in test-chardev-socket.c. The glib default context is driven by
 * hand with deadlines.
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

/* --- null, file, bad specs -------------------------------------------- */

START_TEST(test_null)
{
    Chardev *chr = new_ok("n0", "null");
    ChrFrontend fe2 = {0};
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
    static const uint8_t bin[] = {0x00, 0xff, '\n'};
    g_autofree uint8_t *big = g_malloc(100000);
    g_autofree char *data = NULL;
    gsize len;
    Chardev *chr;
    TestFe t;

    ck_assert(g_file_set_contents(path, "OLD CONTENT, LONGER THAN THE NEW", -1,
                                  NULL));
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
    ck_assert_int_eq(a.mux_in, 1); /* the first attached has focus */
    ck_assert_int_eq(b.mux_in, 0);
    cfd = tcp_connect("127.0.0.1", port);
    WAIT_FOR(a.opened == 1 && b.opened == 1, 2000);

    send_str(cfd, "ab");
    WAIT_FOR(tfe_rx_is(&a, "ab"), 2000);
    send_str(cfd, "\001\001"); /* C-a C-a: one C-a */
    WAIT_FOR(tfe_rx_is(&a, "ab\001"), 2000);
    send_str(cfd, "\001b"); /* break to the focused one */
    WAIT_FOR(a.breaks == 1, 2000);
    send_str(cfd, "\001zq"); /* unknown escape: swallowed */
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
    ChrFrontend nop = {0};
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
    ck_assert_msg(
        g_regex_match_simple("^one\n\\[00:00:0[0-9]\\.[0-9]{3}\\] two\n$",
                             got->str, 0, 0),
        "got '%s'", got->str);
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
#define CHILD_WAIT(cond)                                                       \
    do {                                                                       \
        gint64 deadline_ = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;        \
        while (!(cond) && g_get_monotonic_time() < deadline_) {                \
            if (!g_main_context_iteration(NULL, FALSE)) {                      \
                g_usleep(1000);                                                \
            }                                                                  \
        }                                                                      \
    } while (0)

static int child_status(pid_t pid)
{
    int status;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}

static void no_core_dumps(void)
{
    struct rlimit rl = {0, 0};

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

        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
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

        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 42, "status %#x", st);
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
            _exit(11); /* only one stdio chardev may exist */
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
            ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x",
                          st);
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
