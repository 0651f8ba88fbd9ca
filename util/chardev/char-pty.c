/*
 * "pty": a new pseudo-terminal pair; we keep the master, a user attaches
 * a terminal program (screen, minicom, picocom) to the slave path, which
 * is printed on stderr.
 *
 * The slave is set to raw mode once, then closed: with no process holding
 * it, Linux reports POLLHUP on the master, which is how we tell whether
 * anyone is there. Output without a reader is dropped (the kernel buffer
 * would fill and block the emulator otherwise), and a reader that stops
 * reading for PTY_STALL_MS has the overflow dropped too. While nobody is
 * connected the master is checked every PTY_POLL_MS, and at every write.
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#define PTY_POLL_MS 1000
#define PTY_STALL_MS 1000

typedef struct PtyChardev {
    Chardev parent;
    int master;
    bool connected;
    bool stalled;       /* the last write timed out: drop until writable */
    GSource *watch;
    GSource *timer;
} PtyChardev;

static gboolean pty_timer_cb(gpointer opaque);

static bool pty_peer_present(PtyChardev *s)
{
    struct pollfd pfd = { .fd = s->master, .events = 0 };

    if (poll(&pfd, 1, 0) < 0) {
        return s->connected;
    }
    return !(pfd.revents & POLLHUP);
}

static void pty_start_timer(PtyChardev *s)
{
    if (!s->timer) {
        s->timer = g_timeout_source_new(PTY_POLL_MS);
        g_source_set_callback(s->timer, pty_timer_cb, s, NULL);
        g_source_attach(s->timer, NULL);
    }
}

static void pty_disconnect(PtyChardev *s)
{
    chr_watch_remove(&s->watch);
    if (s->connected) {
        s->connected = false;
        chr_be_event(&s->parent, CHR_EVENT_CLOSED);
    }
    pty_start_timer(s);
}

static gboolean pty_read_cb(void *opaque, GIOCondition cond)
{
    PtyChardev *s = opaque;
    uint8_t buf[CHR_READ_BUF_SIZE];
    int room = chr_be_can_read(&s->parent);
    ssize_t n;

    if (room <= 0) {
        chr_watch_remove(&s->watch);
        return G_SOURCE_REMOVE;
    }
    n = read(s->master, buf, MIN((size_t)room, sizeof(buf)));
    if (n > 0) {
        chr_be_read(&s->parent, buf, n);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN) &&
        !(cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL))) {
        return G_SOURCE_CONTINUE;
    }
    /* EIO (or HUP): the last process holding the slave closed it. */
    pty_disconnect(s);
    return G_SOURCE_REMOVE;
}

/* Main loop: bring connection state, events and watches up to date. */
static void pty_update_input(Chardev *chr)
{
    PtyChardev *s = (PtyChardev *)chr;

    if (!pty_peer_present(s)) {
        pty_disconnect(s);
        return;
    }
    chr_watch_remove(&s->timer);
    if (!s->connected) {
        s->connected = true;
        s->stalled = false;
        chr_be_event(chr, CHR_EVENT_OPENED);
    }
    if (chr->has_fe && !s->watch) {
        s->watch = chr_fd_watch_new(s->master, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                    pty_read_cb, s);
    }
}

static gboolean pty_timer_cb(gpointer opaque)
{
    PtyChardev *s = opaque;

    /* Removes the timer (even from inside this callback) once connected. */
    pty_update_input(&s->parent);
    return G_SOURCE_CONTINUE;
}

static int pty_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = (PtyChardev *)chr;
    bool present = pty_peer_present(s);
    int n;

    if (present != s->connected) {
        chr_schedule_update(chr);
    }
    if (!present) {
        return len;
    }
    if (s->stalled) {
        struct pollfd pfd = { .fd = s->master, .events = POLLOUT };

        if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLOUT)) {
            return len;
        }
        s->stalled = false;
    }
    n = chr_write_all(s->master, buf, len, PTY_STALL_MS, false);
    if (n >= 0 && n < len) {
        s->stalled = true;
    }
    return len;
}

static void pty_close(Chardev *chr)
{
    PtyChardev *s = (PtyChardev *)chr;

    chr_watch_remove(&s->watch);
    chr_watch_remove(&s->timer);
    close(s->master);
}

static const ChardevOps pty_ops = {
    .kind = "pty",
    .write = pty_write,
    .update_input = pty_update_input,
    .close = pty_close,
};

Chardev *chr_pty_open(const char *label, const char *spec, GError **errp)
{
    char name[64];
    struct termios tty;
    PtyChardev *s;
    int master, slave;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) {
        error_setg_errno(errp, errno, "%s: cannot open a pseudo-terminal",
                         spec);
        return NULL;
    }
    if (grantpt(master) < 0 || unlockpt(master) < 0 ||
        ptsname_r(master, name, sizeof(name)) != 0) {
        error_setg_errno(errp, errno, "%s: cannot set up the pseudo-terminal",
                         spec);
        close(master);
        return NULL;
    }
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        error_setg_errno(errp, errno, "%s: cannot open '%s'", spec, name);
        close(master);
        return NULL;
    }
    if (tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSANOW, &tty);
    }
    close(slave);
    if (!chr_set_nonblock(master, errp)) {
        error_prepend(errp, "%s", spec);
        close(master);
        return NULL;
    }

    s = g_new0(PtyChardev, 1);
    chr_init(&s->parent, &pty_ops, label);
    s->master = master;
    s->parent.pty_path = g_strdup(name);
    error_report("char device redirected to %s (label %s)", name, label);
    pty_update_input(&s->parent);
    return &s->parent;
}
