/*
 * virtio-rng, the entropy device (virtio 1.2 section 5.4).
 *
 * One request queue (64 entries): every device-writable buffer the driver
 * offers is filled completely with bytes from the host's getrandom().
 * No config space, no feature bits.  Not modelled: rate limiting, other
 * entropy sources.
 */
#include "hw/virtio/virtio-rng.h"

#include <errno.h>
#include <sys/random.h>

#include "hw/virtio/virtio.h"
#include "hw/virtio/virtqueue.h"

#define VIRTIO_RNG_QUEUE_SIZE 64

static int virtio_rng_fill(void *opaque, void *host, uint64_t len)
{
    uint8_t *p = host;

    while (len > 0) {
        ssize_t n = getrandom(p, MIN(len, 65536), 0);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += n;
        len -= n;
    }
    return 0;
}

static void virtio_rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;
    bool used = false;

    while ((elem = vq_pop(vq))) {
        uint64_t len = MIN(elem->in_len, UINT32_MAX);

        if (vq_elem_map(vq, elem, true, 0, len, virtio_rng_fill, NULL)) {
            len = 0;
        }
        vq_push(vq, elem, len);
        used = true;
    }
    if (used) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_rng_free(VirtIODevice *vdev)
{
    g_free(vdev);
}

static const VirtIODeviceClass virtio_rng_class = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .free = virtio_rng_free,
};

VirtIODevice *virtio_rng_new(void)
{
    VirtIODevice *vdev = g_new0(VirtIODevice, 1);

    virtio_init(vdev, &virtio_rng_class, 0);
    virtio_add_queue(vdev, VIRTIO_RNG_QUEUE_SIZE, virtio_rng_handle);
    return vdev;
}
