/*
 * "null": output is accepted and discarded; there is never any input, and
 * (as a host end nobody is at) it never reports CHR_EVENT_OPENED.
 */
#include "util/chardev/chardev-int.h"

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static const ChardevOps null_ops = {
    .kind = "null",
    .write = null_write,
};

Chardev *chr_null_open(const char *label, const char *spec, GError **errp)
{
    Chardev *chr = g_new0(Chardev, 1);

    chr_init(chr, &null_ops, label);
    return chr;
}
