/*
 * virtio-console (virtio 1.2 section 5.3) with a single port and no
 * multiport support: receiveq (queue 0, host to guest) and transmitq
 * (queue 1, guest to host), both 128 entries, joined to a Chardev.
 *
 * Output: each buffer on transmitq is written to the chardev at once.
 * Input is paced by the guest: can_read offers the room left in the one
 * receive buffer we hold (popped from receiveq when input is asked for),
 * and when there is none the chardev waits until the driver adds buffers
 * (its notify of receiveq calls chardev_accept_input).  Each chunk of
 * input is returned in its own used buffer.
 * Config space: cols, rows, max_nr_ports, emerg_wr, all zero (no
 * features offered).  Not modelled: MULTIPORT and its control queues,
 * SIZE (console size), EMERG_WRITE.
 */
#include "hw/virtio/virtio-console.h"

#include "hw/virtio/virtio.h"
#include "hw/virtio/virtqueue.h"
#include "util/chardev/chardev.h"
#include "util/error.h"

#define VIRTIO_CONSOLE_QUEUE_SIZE 128
#define VIRTIO_CONSOLE_CFG_SIZE 12
#define VIRTIO_CONSOLE_RX 0
#define VIRTIO_CONSOLE_TX 1

typedef struct VirtIOConsole {
    VirtIODevice vdev;
    Chardev *chr;
    VirtQueueElement *rx_elem; /* a receive buffer being offered */
} VirtIOConsole;

static VirtQueue *virtio_console_rxq(VirtIOConsole *s)
{
    return s->vdev.vq[VIRTIO_CONSOLE_RX];
}

static int virtio_console_can_read(void *opaque)
{
    VirtIOConsole *s = opaque;
    VirtQueue *rxq = virtio_console_rxq(s);

    /* Section 3.1.1: nothing is given to the driver before DRIVER_OK. */
    if (!(s->vdev.status & VIRTIO_STATUS_DRIVER_OK) || s->vdev.broken) {
        return 0;
    }
    while (!s->rx_elem) {
        s->rx_elem = vq_pop(rxq);
        if (!s->rx_elem) {
            return 0;
        }
        if (s->rx_elem->in_len == 0) {
            /* Nothing fits in it: hand it back rather than stall. */
            vq_push(rxq, s->rx_elem, 0);
            s->rx_elem = NULL;
            virtio_notify(&s->vdev, rxq);
        }
    }
    return MIN(s->rx_elem->in_len, 65536);
}

static void virtio_console_read(void *opaque, const uint8_t *buf, int len)
{
    VirtIOConsole *s = opaque;
    VirtQueue *rxq = virtio_console_rxq(s);
    VirtQueueElement *elem = s->rx_elem;

    if (!elem) {
        return; /* reset since can_read: the bytes are lost */
    }
    s->rx_elem = NULL;
    len = MIN((uint64_t)len, elem->in_len);
    if (vq_elem_write(rxq, elem, 0, buf, len)) {
        len = 0;
    }
    vq_push(rxq, elem, len);
    virtio_notify(&s->vdev, rxq);
}

static void virtio_console_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    /* New receive buffers: input may flow again. */
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
}

static int virtio_console_write_piece(void *opaque, void *host, uint64_t len)
{
    VirtIOConsole *s = opaque;

    if (s->chr && chardev_write(s->chr, host, len) < 0) {
        return 0; /* a host error loses the output, as a cable would */
    }
    return 0;
}

static void virtio_console_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;
    VirtQueueElement *elem;
    bool used = false;

    while ((elem = vq_pop(vq))) {
        vq_elem_map(vq, elem, false, 0, elem->out_len,
                    virtio_console_write_piece, s);
        vq_push(vq, elem, 0);
        used = true;
    }
    if (used) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_console_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    if ((status & VIRTIO_STATUS_DRIVER_OK) && s->chr) {
        chardev_accept_input(s->chr);
    }
}

static void virtio_console_reset(VirtIODevice *vdev)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    vq_elem_free(s->rx_elem);
    s->rx_elem = NULL;
}

static void virtio_console_free(VirtIODevice *vdev)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    /*
     * The chardev keeps our frontend (there is no detach) until
     * chardev_close_all().  That is safe because devices are freed at exit
     * after the main loop has stopped, so nothing calls it in between.
     */
    vq_elem_free(s->rx_elem);
    g_free(s);
}

static const VirtIODeviceClass virtio_console_class = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .config_size = VIRTIO_CONSOLE_CFG_SIZE,
    .reset = virtio_console_reset,
    .set_status = virtio_console_set_status,
    .free = virtio_console_free,
};

bool virtio_console_set_chardev(VirtIODevice *vdev, Chardev *chr, GError **errp)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;
    ChrFrontend fe = {
        .can_read = virtio_console_can_read,
        .read = virtio_console_read,
        .opaque = s,
    };

    g_assert(vdev->vc == &virtio_console_class && !s->chr);
    if (!chardev_attach(chr, &fe, errp)) {
        return false;
    }
    s->chr = chr;
    return true;
}

bool virtio_console_has_chardev(VirtIODevice *vdev)
{
    return ((VirtIOConsole *)vdev)->chr != NULL;
}

VirtIODevice *virtio_console_new(Chardev *chr, GError **errp)
{
    VirtIOConsole *s = g_new0(VirtIOConsole, 1);

    virtio_init(&s->vdev, &virtio_console_class, 0);
    virtio_add_queue(&s->vdev, VIRTIO_CONSOLE_QUEUE_SIZE,
                     virtio_console_handle_rx);
    virtio_add_queue(&s->vdev, VIRTIO_CONSOLE_QUEUE_SIZE,
                     virtio_console_handle_tx);
    if (chr && !virtio_console_set_chardev(&s->vdev, chr, errp)) {
        virtio_free(&s->vdev);
        return NULL;
    }
    return &s->vdev;
}
