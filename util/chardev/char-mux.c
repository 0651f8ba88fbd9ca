/*
 * "mon:SPEC": one back-end shared by up to MUX_MAX_FE frontends (typically
 * a UART and the monitor), with QEMU's Ctrl-A escapes on input:
 *
 *   C-a h, C-a ?   print the key table
 *   C-a x          say so and quit (the quit handler)
 *   C-a c          move the input focus to the next frontend
 *   C-a b          send a break to the focused frontend
 *   C-a t          toggle timestamps at the start of output lines
 *   C-a C-a        send one C-a
 *
 * Any other key after C-a is swallowed, as QEMU documents. Output from
 * every frontend goes to the back-end; input goes to the focused one,
 * which is the first attached until C-a c.
 *
 * Input is parsed as it arrives and queued per frontend (at most about
 * MUX_BUF_LIMIT bytes), so the escapes work even while the focused device
 * is not taking input, e.g. a guest that never enabled its UART receiver.
 */
#include "util/chardev/chardev-int.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define MUX_MAX_FE 4
#define MUX_BUF_LIMIT 64
#define MUX_ESCAPE 0x01     /* Ctrl-A */

typedef struct MuxChardev {
    Chardev parent;         /* parent.inner is the back-end */
    ChrFrontend fes[MUX_MAX_FE];
    GByteArray *pending[MUX_MAX_FE];
    int count;
    int focus;
    bool got_escape;
    bool timestamps;
    bool linestart;         /* the next output byte starts a line */
    gint64 ts_start;        /* when timestamps were switched on (us) */
} MuxChardev;

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit the emulator\r\n"
    "C-a c    switch input between the console and the monitor\r\n"
    "C-a b    send a break (magic SysRq for a Linux guest)\r\n"
    "C-a t    toggle timestamps on console output\r\n"
    "C-a C-a  send C-a\r\n";

static void mux_print(MuxChardev *d, const char *msg)
{
    chardev_write(d->parent.inner, (const uint8_t *)msg, strlen(msg));
}

static void mux_fe_event(MuxChardev *d, int i, ChrEvent event)
{
    if (d->fes[i].event) {
        d->fes[i].event(d->fes[i].opaque, event);
    }
}

/* Hand queued input to frontend i while it takes it. */
static void mux_flush(MuxChardev *d, int i)
{
    GByteArray *p = d->pending[i];
    ChrFrontend *fe = &d->fes[i];

    while (p->len) {
        uint8_t tmp[2 * MUX_BUF_LIMIT];
        int room = fe->can_read ? fe->can_read(fe->opaque) : (int)p->len;
        int n = MIN(MIN((guint)room, p->len), sizeof(tmp));

        if (room <= 0) {
            break;
        }
        /* Copy out first: the frontend may write, and so re-enter us. */
        memcpy(tmp, p->data, n);
        g_byte_array_remove_range(p, 0, n);
        if (fe->read) {
            fe->read(fe->opaque, tmp, n);
        }
    }
}

static void mux_switch_focus(MuxChardev *d)
{
    if (d->count <= 1) {
        mux_print(d, "\r\nkestrel: there is no monitor to switch to\r\n");
        return;
    }
    mux_fe_event(d, d->focus, CHR_EVENT_MUX_OUT);
    d->focus = (d->focus + 1) % d->count;
    mux_fe_event(d, d->focus, CHR_EVENT_MUX_IN);
}

static void mux_command(MuxChardev *d, uint8_t ch)
{
    switch (ch) {
    case 'h':
    case '?':
        mux_print(d, mux_help);
        break;
    case 'x':
        mux_print(d, "\r\nkestrel: terminating on C-a x\r\n");
        chr_request_quit();
        break;
    case 'c':
        mux_switch_focus(d);
        break;
    case 'b':
        mux_fe_event(d, d->focus, CHR_EVENT_BREAK);
        break;
    case 't':
        d->timestamps = !d->timestamps;
        d->ts_start = g_get_monotonic_time();
        /* Stamp from the next line on, not the middle of this one. */
        d->linestart = false;
        break;
    default:
        /* QEMU swallows unknown escapes (and 's', which we lack). */
        break;
    }
}

static int mux_can_read(void *opaque)
{
    MuxChardev *d = opaque;
    guint queued;

    if (d->count == 0) {
        /*
         * No frontend (a board without a UART): keep reading so the
         * escape keys still work; other input is dropped.
         */
        return MUX_BUF_LIMIT;
    }
    queued = d->pending[d->focus]->len;
    return queued >= MUX_BUF_LIMIT ? 0 : MUX_BUF_LIMIT - queued;
}

static void mux_read(void *opaque, const uint8_t *buf, int len)
{
    MuxChardev *d = opaque;

    for (int i = 0; i < len; i++) {
        uint8_t ch = buf[i];

        if (d->got_escape) {
            d->got_escape = false;
            if (ch != MUX_ESCAPE) {
                mux_command(d, ch);
                continue;
            }
        } else if (ch == MUX_ESCAPE) {
            d->got_escape = true;
            continue;
        }
        if (d->count) {
            g_byte_array_append(d->pending[d->focus], &ch, 1);
        }
    }
    for (int i = 0; i < d->count; i++) {
        mux_flush(d, i);
    }
}

static void mux_event(void *opaque, ChrEvent event)
{
    MuxChardev *d = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
    case CHR_EVENT_CLOSED:
        d->parent.be_open = event == CHR_EVENT_OPENED;
        for (int i = 0; i < d->count; i++) {
            mux_fe_event(d, i, event);
        }
        break;
    case CHR_EVENT_BREAK:
        if (d->count) {
            mux_fe_event(d, d->focus, event);
        }
        break;
    default:
        break;
    }
}

static bool mux_attach(Chardev *chr, const ChrFrontend *fe, GError **errp)
{
    MuxChardev *d = (MuxChardev *)chr;
    int i = d->count;

    if (i == MUX_MAX_FE) {
        error_setg(errp, "chardev '%s' cannot take more than %d frontends",
                   chr->label, MUX_MAX_FE);
        return false;
    }
    d->fes[i] = *fe;
    d->pending[i] = g_byte_array_new();
    d->count++;
    if (chr->inner->be_open) {
        mux_fe_event(d, i, CHR_EVENT_OPENED);
    }
    if (i == d->focus) {
        mux_fe_event(d, i, CHR_EVENT_MUX_IN);
    }
    chr_schedule_update(chr);
    return true;
}

static void mux_update_input(Chardev *chr)
{
    MuxChardev *d = (MuxChardev *)chr;
    Chardev *inner = chr->inner;

    for (int i = 0; i < d->count; i++) {
        mux_flush(d, i);
    }
    if (inner->ops->update_input) {
        inner->ops->update_input(inner);
    }
}

static int mux_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = (MuxChardev *)chr;
    int i = 0;

    if (!d->timestamps) {
        return chardev_write(chr->inner, buf, len);
    }
    while (i < len) {
        const uint8_t *nl;
        int end, r;

        if (d->linestart) {
            gint64 ms = (g_get_monotonic_time() - d->ts_start) / 1000;
            char stamp[48];
            int n = snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ",
                             (int)(ms / 3600000), (int)(ms / 60000 % 60),
                             (int)(ms / 1000 % 60), (int)(ms % 1000));

            r = chardev_write(chr->inner, (const uint8_t *)stamp, n);
            if (r < 0) {
                return r;
            }
            d->linestart = false;
        }
        nl = memchr(buf + i, '\n', len - i);
        end = nl ? (int)(nl - buf) + 1 : len;
        r = chardev_write(chr->inner, buf + i, end - i);
        if (r < 0) {
            return r;
        }
        d->linestart = nl != NULL;
        i = end;
    }
    return len;
}

static void mux_close(Chardev *chr)
{
    MuxChardev *d = (MuxChardev *)chr;

    chr_destroy(chr->inner);
    chr->inner = NULL;
    for (int i = 0; i < d->count; i++) {
        g_byte_array_free(d->pending[i], TRUE);
    }
}

static const ChardevOps mux_ops = {
    .kind = "mux",
    .write = mux_write,
    .update_input = mux_update_input,
    .attach = mux_attach,
    .close = mux_close,
};

Chardev *chr_mux_open(const char *label, Chardev *inner, GError **errp)
{
    MuxChardev *d = g_new0(MuxChardev, 1);
    ChrFrontend fe = {
        .can_read = mux_can_read,
        .read = mux_read,
        .event = mux_event,
        .opaque = d,
    };
    bool ok;

    chr_init(&d->parent, &mux_ops, label);
    d->parent.inner = inner;
    d->parent.be_open = inner->be_open;
    ok = chardev_attach(inner, &fe, errp);
    g_assert(ok);   /* the back-end is new: nobody else can hold it */
    return &d->parent;
}
