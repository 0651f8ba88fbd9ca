/*
 * "file:PATH": output only. As with QEMU's legacy syntax, everything after
 * "file:" is the path (commas included), and the file is truncated when it
 * is opened.
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

typedef struct FileChardev {
    Chardev parent;
    int fd;
} FileChardev;

static int file_write(Chardev *chr, const uint8_t *buf, int len)
{
    FileChardev *s = (FileChardev *)chr;

    return chr_write_all(s->fd, buf, len, -1, false);
}

static void file_close(Chardev *chr)
{
    FileChardev *s = (FileChardev *)chr;

    close(s->fd);
}

static const ChardevOps file_ops = {
    .kind = "file",
    .write = file_write,
    .close = file_close,
};

Chardev *chr_file_open(const char *label, const char *spec, const char *path,
                       GError **errp)
{
    FileChardev *s;
    int fd;

    if (!*path) {
        error_setg(errp, "%s: missing file name", spec);
        return NULL;
    }
    do {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        error_setg_errno(errp, errno, "%s: could not open '%s'", spec, path);
        return NULL;
    }
    s = g_new0(FileChardev, 1);
    chr_init(&s->parent, &file_ops, label);
    s->fd = fd;
    /* A file is ready from the start, as QEMU's is. */
    s->parent.be_open = true;
    return &s->parent;
}
