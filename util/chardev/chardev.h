/*
 * Character devices: the host end of a UART, the monitor or the gdbstub.
 *
 * A chardev is made from QEMU's legacy -serial/-monitor syntax:
 *
 *   stdio                 the terminal (raw mode when stdin is a tty)
 *   null                  output discarded, no input
 *   file:PATH             output written to PATH (truncated), no input
 *   pty                   a new pseudo-terminal; its path is printed
 *   tcp:HOST:PORT[,server[=on|off]][,wait[=on|off]|,nowait][,nodelay[=on]]
 *                         [,ipv4|,ipv6]
 *   unix:PATH[,server...] the same over a Unix-domain socket
 *   mon:SPEC              any of the above behind a multiplexer that
 *                         understands the Ctrl-A escapes (C-a h for help)
 *
 * or from QEMU's -chardev syntax (chardev_new_opts), and then referred to
 * as chardev:ID.
 *
 * Device models ("frontends") attach a ChrFrontend and then write output
 * with chardev_write(); input arrives through the frontend's read callback,
 * paced by its can_read callback. Input and events are delivered from the
 * main loop (glib's default GMainContext), so under the machine lock.
 */
#ifndef UTIL_CHARDEV_CHARDEV_H
#define UTIL_CHARDEV_CHARDEV_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct Chardev Chardev;

typedef enum ChrEvent {
    CHR_EVENT_OPENED,   /* the host end is connected (client, terminal) */
    CHR_EVENT_CLOSED,   /* ... and is gone again (client left, EOF) */
    CHR_EVENT_BREAK,    /* a serial break (C-a b on a mux) */
    CHR_EVENT_MUX_IN,   /* a mux gave this frontend the input focus */
    CHR_EVENT_MUX_OUT,  /* ... and took it away */
} ChrEvent;

typedef struct ChrFrontend {
    /*
     * How many bytes the device can take now. Returning 0 stops input
     * until the frontend calls chardev_accept_input().
     */
    int (*can_read)(void *opaque);
    /* len is never more than the last can_read() allowed. */
    void (*read)(void *opaque, const uint8_t *buf, int len);
    /* May be NULL. */
    void (*event)(void *opaque, ChrEvent event);
    void *opaque;
} ChrFrontend;

/*
 * Create the chardev named label from spec. On error returns NULL and sets
 * errp to one line that starts with the spec. "none" and "vc" are not
 * handled here. Only one stdio chardev may exist at a time.
 */
Chardev *chardev_new(const char *label, const char *spec, GError **errp);

/*
 * Connect a frontend; *fe is copied. A plain chardev takes one, a mux up to
 * four: the first attached has the input focus. If the backend is already
 * connected, fe->event receives CHR_EVENT_OPENED before this returns.
 */
bool chardev_attach(Chardev *chr, const ChrFrontend *fe, GError **errp);
/*
 * For a device that can do without input (a UART): attach, or, when that
 * fails (a mux with all its frontends taken), log why under -d unimp and
 * go on output-only rather than fail the board. chr may be NULL.
 */
void chardev_attach_or_log(Chardev *chr, const ChrFrontend *fe,
                           const char *who);

/*
 * Write all of buf, waiting while the host end is slow. Returns len, or
 * -errno on a host error. Output with nobody at the other end (a tcp
 * server without client, an unopened pty) is dropped and counted as
 * written. May be called from any thread that holds the machine lock.
 */
int chardev_write(Chardev *chr, const uint8_t *buf, int len);

/* The frontend has room again after can_read() returned 0. */
void chardev_accept_input(Chardev *chr);

const char *chardev_label(Chardev *chr);
/* The slave path of a pty chardev (also through a mux), else NULL. */
const char *chardev_pty_path(Chardev *chr);
/* The chardev created with this label, or NULL. */
Chardev *chardev_find(const char *label);

/*
 * -chardev BACKEND,id=ID[,mux=on][,...] (chardev-opts.c lists the
 * backends and options): creates the chardev labelled ID. Errors start
 * with "-chardev OPTS: ".
 */
Chardev *chardev_new_opts(const char *opts, GError **errp);
/*
 * What -serial, -monitor, -qmp and -gdb take: "chardev:ID" is the
 * -chardev with that id; anything else is chardev_new(label, spec).
 */
Chardev *chardev_get(const char *label, const char *spec, GError **errp);
/* Whether chr multiplexes frontends (mon: or mux=on). */
bool chardev_is_mux(Chardev *chr);

/*
 * What C-a x does: fn(opaque) is called from the main loop. Without a
 * handler, C-a x calls exit(0).
 */
void chardev_set_quit_handler(void (*fn)(void *opaque), void *opaque);

/*
 * Close every chardev and restore the terminal. Chardev pointers are
 * invalid afterwards. The terminal is also restored by itself on exit(),
 * on SIGTERM/SIGINT/SIGHUP/SIGQUIT and on fatal signals, as long as their
 * disposition was the default when the stdio chardev was created.
 */
void chardev_close_all(void);

#endif
