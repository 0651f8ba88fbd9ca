/*
 * virtio-net (virtio 1.2 section 5.1): one receive queue (0) and one
 * transmit queue (1), 256 entries each, joined to a -netdev back-end.
 *
 * Features offered: MAC (config space holds the address), STATUS (link
 * always up), and the core's VERSION_1, so every buffer starts with the
 * 12-byte struct virtio_net_hdr (section 5.1.6).  No checksum or
 * segmentation offloads, no MRG_RXBUF, no control queue, no multiqueue.
 *
 * TX: each chain is header + frame, sent to the back-end at once on the
 * notifying thread.  A chain whose readable part is shorter than the
 * header breaks the device (DEVICE_NEEDS_RESET), like a malformed chain.
 * RX: a frame from the back-end goes into the next receive buffer behind
 * a header that is zero but for num_buffers = 1 (section 5.1.6.4); with
 * no buffer available it waits in a short queue (RX_BACKLOG frames,
 * oldest dropped) until the driver adds buffers.  A buffer too small for
 * header and frame drops the frame (-d guest_errors) and is returned
 * with length 0.
 */
#include "hw/net/virtio-net.h"

#include <stdio.h>
#include <string.h>

#include "hw/net/netdev.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtqueue.h"
#include "util/error.h"
#include "util/log.h"

#define VIRTIO_NET_QUEUE_SIZE 256
#define VIRTIO_NET_RX 0
#define VIRTIO_NET_TX 1
#define VIRTIO_NET_HDR_LEN 12 /* with VERSION_1 (section 5.1.6) */
#define VIRTIO_NET_MAX_FRAME 65536
#define RX_BACKLOG 64

/* Feature bits (section 5.1.3). */
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1

/* Config space: mac[6], status (le16). */
#define VIRTIO_NET_CFG_SIZE 8

typedef struct VirtIONet {
    VirtIODevice vdev;
    NetClient *nc;
    uint8_t mac[6];
    GQueue backlog; /* GBytes frames waiting for a receive buffer */
} VirtIONet;

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *s = (VirtIONet *)vdev;

    memcpy(config, s->mac, 6);
    config[6] = VIRTIO_NET_S_LINK_UP;
    config[7] = 0;
}

static bool virtio_net_rx_ready(VirtIONet *s)
{
    /* Section 3.1.1: nothing is given to the driver before DRIVER_OK. */
    return (s->vdev.status & VIRTIO_STATUS_DRIVER_OK) && !s->vdev.broken;
}

/* Put one frame into the next receive buffer; false if there is none. */
static bool virtio_net_rx_one(VirtIONet *s, const uint8_t *buf, size_t len)
{
    VirtQueue *vq = s->vdev.vq[VIRTIO_NET_RX];
    uint8_t hdr[VIRTIO_NET_HDR_LEN] = {0};
    VirtQueueElement *elem = vq_pop(vq);
    uint32_t used = 0;

    if (!elem) {
        return false;
    }
    hdr[10] = 1; /* num_buffers, little-endian */
    if (elem->in_len < VIRTIO_NET_HDR_LEN + len) {
        log_guest_error("virtio-net: receive buffer of %" G_GUINT64_FORMAT
                        " bytes too small for a %zu-byte frame\n",
                        elem->in_len, len);
    } else if (!vq_elem_write(vq, elem, 0, hdr, sizeof(hdr)) &&
               !vq_elem_write(vq, elem, sizeof(hdr), buf, len)) {
        used = VIRTIO_NET_HDR_LEN + len;
    }
    vq_push(vq, elem, used);
    virtio_notify(&s->vdev, vq);
    return true;
}

static void virtio_net_flush_backlog(VirtIONet *s)
{
    GBytes *frame;

    while (virtio_net_rx_ready(s) && (frame = g_queue_peek_head(&s->backlog))) {
        gsize len;
        const uint8_t *data = g_bytes_get_data(frame, &len);

        if (!virtio_net_rx_one(s, data, len)) {
            return;
        }
        g_bytes_unref(g_queue_pop_head(&s->backlog));
    }
}

/* From the back-end (main-loop thread, machine lock held). */
static void virtio_net_receive(void *opaque, const uint8_t *buf, size_t len)
{
    VirtIONet *s = opaque;

    if (!virtio_net_rx_ready(s)) {
        return; /* a real NIC with no driver drops it too */
    }
    virtio_net_flush_backlog(s);
    if (g_queue_is_empty(&s->backlog) && virtio_net_rx_one(s, buf, len)) {
        return;
    }
    if (g_queue_get_length(&s->backlog) >= RX_BACKLOG) {
        g_bytes_unref(g_queue_pop_head(&s->backlog));
    }
    g_queue_push_tail(&s->backlog, g_bytes_new(buf, len));
}

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    virtio_net_flush_backlog((VirtIONet *)vdev);
}

static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = (VirtIONet *)vdev;
    g_autofree uint8_t *frame = NULL;
    VirtQueueElement *elem;
    bool used = false;

    while ((elem = vq_pop(vq))) {
        uint64_t len;

        if (elem->out_len < VIRTIO_NET_HDR_LEN) {
            len = elem->out_len;
            vq_elem_free(elem);
            /* Section 5.1.6.2: every packet starts with the header. */
            virtio_error(
                vdev,
                "virtio-net: queue 1: transmit chain of %" G_GUINT64_FORMAT
                " bytes is shorter than the header",
                len);
            break;
        }
        len = elem->out_len - VIRTIO_NET_HDR_LEN;
        if (len > VIRTIO_NET_MAX_FRAME) {
            log_guest_error("virtio-net: dropping a %" G_GUINT64_FORMAT
                            "-byte frame\n",
                            len);
        } else {
            if (!frame) {
                frame = g_malloc(VIRTIO_NET_MAX_FRAME);
            }
            if (!vq_elem_read(vq, elem, VIRTIO_NET_HDR_LEN, frame, len)) {
                netdev_send(s->nc, frame, len);
            }
        }
        vq_push(vq, elem, 0);
        used = true;
    }
    if (used) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_net_set_status(VirtIODevice *vdev, uint8_t status)
{
    if (status & VIRTIO_STATUS_DRIVER_OK) {
        virtio_net_flush_backlog((VirtIONet *)vdev);
    }
}

static void virtio_net_clear_backlog(VirtIONet *s)
{
    GBytes *frame;

    while ((frame = g_queue_pop_head(&s->backlog))) {
        g_bytes_unref(frame);
    }
}

static void virtio_net_reset(VirtIODevice *vdev)
{
    virtio_net_clear_backlog((VirtIONet *)vdev);
}

static void virtio_net_free(VirtIODevice *vdev)
{
    VirtIONet *s = (VirtIONet *)vdev;

    netdev_detach(s->nc);
    virtio_net_clear_backlog(s);
    g_free(s);
}

static const VirtIODeviceClass virtio_net_class = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .config_size = VIRTIO_NET_CFG_SIZE,
    .get_config = virtio_net_get_config,
    .reset = virtio_net_reset,
    .set_status = virtio_net_set_status,
    .free = virtio_net_free,
};

bool virtio_net_parse_mac(const char *str, uint8_t mac[6], GError **errp)
{
    unsigned b[6];
    char end;

    if (sscanf(str, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &end) != 6 ||
        strlen(str) != 17) {
        error_setg(errp, "mac=%s: expected six hex bytes (52:54:00:12:34:56)",
                   str);
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t)b[i];
    }
    if (mac[0] & 1) {
        error_setg(errp, "mac=%s: a multicast address", str);
        return false;
    }
    return true;
}

VirtIODevice *virtio_net_new(NetClient *nc, const uint8_t mac[6], GError **errp)
{
    VirtIONet *s = g_new0(VirtIONet, 1);

    if (!netdev_attach(nc, virtio_net_receive, s, errp)) {
        g_free(s);
        return NULL;
    }
    s->nc = nc;
    memcpy(s->mac, mac, 6);
    g_queue_init(&s->backlog);
    virtio_init(&s->vdev, &virtio_net_class,
                (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS));
    virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, virtio_net_handle_rx);
    virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, virtio_net_handle_tx);
    return &s->vdev;
}
