/*
 * "stdio": input from fd 0, output to fd 1.
 *
 * When stdin is a terminal it is put in raw mode: no echo, no line editing,
 * no CR/NL translation or flow control on input, so every key reaches the
 * guest as typed. Output post-processing (OPOST/ONLCR) stays on so that a
 * guest's bare "\n" still starts a new line. ISIG stays on for plain
 * "stdio", so Ctrl-C ends kestrel; behind a mux ("mon:stdio") it is off and
 * Ctrl-C goes to the guest, C-a x being the way out.
 *
 * The terminal, and fd 0's file status flags (O_NONBLOCK is shared with
 * the shell through the open file description), must be put back on every
 * way out: chardev_close_all(), exit() (atexit), termination signals and
 * fatal signals. The signal handlers are installed only where the
 * disposition was the default; they restore, then re-raise the signal with
 * its default action so the process still dies the way it would have.
 *
 * stdin need not be a terminal: a pipe or /dev/null works, and at end of
 * file input polling stops (CHR_EVENT_CLOSED is sent).
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

typedef struct StdioChardev {
    Chardev parent;
    GSource *watch;
    bool eof;
} StdioChardev;

static StdioChardev *stdio_chr;

/*
 * Read by signal handlers: the saved values are stored before the flags
 * that say they are valid.
 */
static struct termios stdio_saved_tty;
static struct termios stdio_raw_tty;
static int stdio_saved_flags;
static volatile sig_atomic_t stdio_tty_changed;
static volatile sig_atomic_t stdio_flags_changed;

static bool stdio_hooks_installed;

static const int stdio_fatal_signals[] = {
    SIGTERM, SIGINT, SIGHUP, SIGQUIT,
    SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
};

/* Async-signal-safe: tcsetattr() and fcntl() only. */
static void stdio_restore(void)
{
    if (stdio_tty_changed) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tty);
        stdio_tty_changed = 0;
    }
    if (stdio_flags_changed) {
        fcntl(STDIN_FILENO, F_SETFL, stdio_saved_flags);
        stdio_flags_changed = 0;
    }
}

static void stdio_atexit(void)
{
    stdio_restore();
}

static void stdio_signal(int sig)
{
    int saved_errno = errno;
    struct sigaction dfl = { .sa_handler = SIG_DFL };

    stdio_restore();
    /*
     * The signal is blocked while we run, so this raise() takes effect,
     * with the default action, as soon as the handler returns.
     */
    sigaction(sig, &dfl, NULL);
    raise(sig);
    errno = saved_errno;
}

/* After a job-control stop the shell may have changed the terminal. */
static void stdio_sigcont(int sig)
{
    int saved_errno = errno;

    if (stdio_tty_changed) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_raw_tty);
    }
    errno = saved_errno;
}

static void stdio_install_hook(int sig, void (*handler)(int))
{
    struct sigaction old, act = { .sa_handler = handler };

    if (sigaction(sig, NULL, &old) < 0 || (old.sa_flags & SA_SIGINFO) ||
        old.sa_handler != SIG_DFL) {
        /* Someone else handles it (or ignores it): leave it to them. */
        return;
    }
    sigfillset(&act.sa_mask);
    sigaction(sig, &act, NULL);
}

static void stdio_install_hooks(void)
{
    if (stdio_hooks_installed) {
        return;
    }
    stdio_hooks_installed = true;
    atexit(stdio_atexit);
    for (size_t i = 0; i < G_N_ELEMENTS(stdio_fatal_signals); i++) {
        stdio_install_hook(stdio_fatal_signals[i], stdio_signal);
    }
    stdio_install_hook(SIGCONT, stdio_sigcont);
}

static bool stdio_make_raw(const char *spec, bool keep_isig, GError **errp)
{
    struct termios tty;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tty) < 0) {
        return true;    /* not a terminal: nothing to change */
    }
    stdio_saved_tty = tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_isig) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    stdio_raw_tty = tty;
    atomic_signal_fence(memory_order_seq_cst);
    stdio_tty_changed = 1;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tty) < 0) {
        int err = errno;

        stdio_tty_changed = 0;
        error_setg_errno(errp, err, "%s: cannot set the terminal to raw mode",
                         spec);
        return false;
    }
    return true;
}

static bool stdio_make_nonblock(const char *spec, GError **errp)
{
    int flags = fcntl(STDIN_FILENO, F_GETFL);

    if (flags < 0) {
        return true;    /* no stdin at all: there will be no input */
    }
    stdio_saved_flags = flags;
    atomic_signal_fence(memory_order_seq_cst);
    stdio_flags_changed = 1;
    if (fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK) < 0) {
        int err = errno;

        stdio_flags_changed = 0;
        error_setg_errno(errp, err, "%s: cannot make stdin non-blocking",
                         spec);
        return false;
    }
    return true;
}

static gboolean stdio_read_cb(void *opaque, GIOCondition cond)
{
    StdioChardev *s = opaque;
    uint8_t buf[CHR_READ_BUF_SIZE];
    int room = chr_be_can_read(&s->parent);
    ssize_t n;

    if (room <= 0) {
        /* Paused until the frontend calls chardev_accept_input(). */
        chr_watch_remove(&s->watch);
        return G_SOURCE_REMOVE;
    }
    n = read(STDIN_FILENO, buf, MIN((size_t)room, sizeof(buf)));
    if (n > 0) {
        chr_be_read(&s->parent, buf, n);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN) &&
        !(cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL))) {
        return G_SOURCE_CONTINUE;
    }
    /* End of file, or the terminal went away: stop polling for good. */
    s->eof = true;
    chr_watch_remove(&s->watch);
    chr_be_event(&s->parent, CHR_EVENT_CLOSED);
    return G_SOURCE_REMOVE;
}

static void stdio_update_input(Chardev *chr)
{
    StdioChardev *s = (StdioChardev *)chr;

    if (chr->has_fe && !s->eof && !s->watch) {
        s->watch = chr_fd_watch_new(STDIN_FILENO,
                                    G_IO_IN | G_IO_HUP | G_IO_ERR,
                                    stdio_read_cb, s);
    }
}

static int stdio_write(Chardev *chr, const uint8_t *buf, int len)
{
    /* Blocking is right here: a slow terminal must not lose output. */
    return chr_write_all(STDOUT_FILENO, buf, len, -1, false);
}

static void stdio_close(Chardev *chr)
{
    StdioChardev *s = (StdioChardev *)chr;

    chr_watch_remove(&s->watch);
    stdio_restore();
    stdio_chr = NULL;
}

static const ChardevOps stdio_ops = {
    .kind = "stdio",
    .write = stdio_write,
    .update_input = stdio_update_input,
    .close = stdio_close,
};

Chardev *chr_stdio_open(const char *label, const char *spec, bool muxed,
                        GError **errp)
{
    StdioChardev *s;

    if (stdio_chr) {
        error_setg(errp, "%s: stdio is already used by chardev '%s'", spec,
                   stdio_chr->parent.label);
        return NULL;
    }
    stdio_install_hooks();
    if (!stdio_make_raw(spec, !muxed, errp)) {
        return NULL;
    }
    if (!stdio_make_nonblock(spec, errp)) {
        stdio_restore();
        return NULL;
    }
    s = g_new0(StdioChardev, 1);
    chr_init(&s->parent, &stdio_ops, label);
    s->eof = fcntl(STDIN_FILENO, F_GETFL) < 0;
    s->parent.be_open = true;
    stdio_chr = s;
    return &s->parent;
}
