/*
 * Inside util/chardev/: the base object every back-end embeds, and the
 * helpers they share. Nothing outside this folder includes this file.
 */
#ifndef UTIL_CHARDEV_CHARDEV_INT_H
#define UTIL_CHARDEV_CHARDEV_INT_H

#include "util/chardev/chardev.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Largest chunk of input read from the host in one go. */
#define CHR_READ_BUF_SIZE 4096

typedef struct ChardevOps {
    const char *kind;
    /* Write all of buf; see chardev_write(). */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /*
     * Main loop only: a frontend was attached or has room again; (re)start
     * polling for input if there is any to poll. May be NULL.
     */
    void (*update_input)(Chardev *chr);
    /* Several frontends (mux); NULL means one, handled by chardev.c. */
    bool (*attach)(Chardev *chr, const ChrFrontend *fe, GError **errp);
    /* Release the host resources; chardev.c frees the Chardev itself. */
    void (*close)(Chardev *chr);
} ChardevOps;

struct Chardev {
    const ChardevOps *ops;
    char *label;
    char *pty_path;         /* pty only */
    Chardev *inner;         /* mux only: the back-end it multiplexes */
    ChrFrontend fe;
    bool has_fe;
    bool be_open;           /* OPENED sent and not CLOSED since */
    GSource *update_source; /* pending update_input from another context */
};

/* Fill the common fields; the back-end then sets its own. */
void chr_init(Chardev *chr, const ChardevOps *ops, const char *label);

/* Ask the frontend how much it takes (0 without a frontend). */
int chr_be_can_read(Chardev *chr);
void chr_be_read(Chardev *chr, const uint8_t *buf, int len);
/* Track be_open and tell the frontend, if any. */
void chr_be_event(Chardev *chr, ChrEvent event);

/* Run ops->update_input on the main loop soon (at most one pending). */
void chr_schedule_update(Chardev *chr);

/* C-a x: call the quit handler. */
void chr_request_quit(void);

/*
 * Write all of buf to fd. On EAGAIN wait for the fd to become writable,
 * at most stall_ms per wait (-1: no limit). Sockets are written with
 * MSG_NOSIGNAL. Returns the count written (short only after a stall), or
 * -errno.
 */
int chr_write_all(int fd, const uint8_t *buf, int len, int stall_ms,
                  bool is_socket);

bool chr_set_nonblock(int fd, GError **errp);

/*
 * An fd watch on the default main context whose events can be changed
 * while it is attached (g_unix_fd_add cannot). fn returns
 * G_SOURCE_CONTINUE or G_SOURCE_REMOVE; a callback that removes its own
 * watch with chr_watch_remove() may return either.
 */
typedef gboolean (*ChrFdFunc)(void *opaque, GIOCondition cond);
GSource *chr_fd_watch_new(int fd, GIOCondition events, ChrFdFunc fn,
                          void *opaque);
void chr_fd_watch_set_events(GSource *watch, GIOCondition events);
/* Destroy *src (a watch, timeout or idle) if set, and clear it. */
void chr_watch_remove(GSource **src);

/* Back-end constructors, called by chardev_new() with the spec's argument. */
Chardev *chr_null_open(const char *label, const char *spec, GError **errp);
Chardev *chr_file_open(const char *label, const char *spec, const char *path,
                       GError **errp);
Chardev *chr_stdio_open(const char *label, const char *spec, bool muxed,
                        GError **errp);
Chardev *chr_pty_open(const char *label, const char *spec, GError **errp);
Chardev *chr_socket_open(const char *label, const char *spec, bool is_unix,
                         const char *args, GError **errp);
/* Takes ownership of inner (also on failure). */
Chardev *chr_mux_open(const char *label, Chardev *inner, GError **errp);

/* Free a chardev that was never registered (constructor failure paths). */
void chr_destroy(Chardev *chr);

#endif
