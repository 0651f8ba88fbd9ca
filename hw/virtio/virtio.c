/*
 * The transport-independent virtio device core (virtio 1.2 chapters 2-3):
 * the status handshake, feature negotiation, interrupt status, config
 * space and queue notification.  See virtio.h.
 */
#include "hw/virtio/virtio.h"

#include <stdarg.h>
#include <string.h>

#include "hw/virtio/virtqueue.h"
#include "util/log.h"

/* Reserved feature bits this core handles for every device. */
#define VIRTIO_CORE_FEATURES                                                   \
    ((1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_F_INDIRECT_DESC) |         \
     (1ull << VIRTIO_F_EVENT_IDX))

void virtio_init(VirtIODevice *vdev, const VirtIODeviceClass *vc,
                 uint64_t features)
{
    vdev->vc = vc;
    vdev->host_features = features | VIRTIO_CORE_FEATURES;
    vdev->guest_features = 0;
    vdev->status = 0;
    vdev->isr = 0;
    vdev->broken = false;
    vdev->num_queues = 0;
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t max_size,
                            VirtQueueHandler *handler)
{
    VirtQueue *vq;

    g_assert(vdev->num_queues < VIRTIO_QUEUE_MAX);
    g_assert(max_size > 0 && max_size <= VIRTQUEUE_MAX_SIZE &&
             !(max_size & (max_size - 1)));
    vq = g_new0(VirtQueue, 1);
    vq->vdev = vdev;
    vq->index = vdev->num_queues;
    vq->handler = handler;
    vq->num_max = max_size;
    vq_reset(vq);
    vdev->vq[vdev->num_queues++] = vq;
    return vq;
}

void virtio_free(VirtIODevice *vdev)
{
    VirtQueue *vq[VIRTIO_QUEUE_MAX];
    unsigned n;

    if (!vdev) {
        return;
    }
    /* vc->free frees the containing struct, vdev included. */
    n = vdev->num_queues;
    memcpy(vq, vdev->vq, sizeof(vq));
    if (vdev->vc->free) {
        vdev->vc->free(vdev);
    }
    for (unsigned i = 0; i < n; i++) {
        g_free(vq[i]);
    }
}

static void virtio_update_irq(VirtIODevice *vdev)
{
    if (vdev->notify) {
        vdev->notify(vdev->notify_opaque);
    }
}

void virtio_reset(VirtIODevice *vdev)
{
    if (vdev->vc->reset) {
        vdev->vc->reset(vdev);
    }
    vdev->status = 0;
    vdev->guest_features = 0;
    vdev->broken = false;
    vdev->isr = 0;
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        vq_reset(vdev->vq[i]);
    }
    virtio_update_irq(vdev);
}

uint8_t virtio_get_status(const VirtIODevice *vdev)
{
    return vdev->status | (vdev->broken ? VIRTIO_STATUS_NEEDS_RESET : 0);
}

void virtio_set_driver_features(VirtIODevice *vdev, unsigned sel, uint32_t val)
{
    unsigned shift = sel * 32;

    /* Section 3.1.1: features are fixed once FEATURES_OK is set. */
    if (vdev->status & VIRTIO_STATUS_FEATURES_OK) {
        log_guest_error("%s: driver features written after FEATURES_OK\n",
                        vdev->vc->name);
        return;
    }
    if (sel > 1) {
        return; /* no feature bits above 63: writes of zeros, ignored */
    }
    vdev->guest_features &= ~(0xffffffffull << shift);
    vdev->guest_features |= (uint64_t)val << shift;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    uint8_t old = vdev->status;

    if (status == 0) {
        virtio_reset(vdev);
        return;
    }
    status &= ~VIRTIO_STATUS_NEEDS_RESET; /* ours to set, not the driver's */
    if ((status & VIRTIO_STATUS_FEATURES_OK) &&
        !(old & VIRTIO_STATUS_FEATURES_OK)) {
        /*
         * Section 3.1.1 step 5: accept the features only if we offered all
         * of them; a legacy driver (no VERSION_1) is refused the same way,
         * as we have no legacy interface (section 7.2.1).
         */
        if ((vdev->guest_features & ~vdev->host_features) ||
            !virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
            log_guest_error("%s: driver features 0x%" G_GINT64_MODIFIER "x "
                            "refused (offered 0x%" G_GINT64_MODIFIER "x)\n",
                            vdev->vc->name, vdev->guest_features,
                            vdev->host_features);
            status &= ~VIRTIO_STATUS_FEATURES_OK;
        }
    }
    vdev->status = status;
    if (vdev->vc->set_status && status != old) {
        vdev->vc->set_status(vdev, status);
    }
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned index)
{
    VirtQueue *vq;

    if (index >= vdev->num_queues) {
        log_guest_error("%s: notify of queue %u (has %u)\n", vdev->vc->name,
                        index, vdev->num_queues);
        return;
    }
    vq = vdev->vq[index];
    if (vdev->broken || !vq->ready || !vq->handler) {
        return;
    }
    vq->handler(vdev, vq);
}

void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits)
{
    vdev->isr &= ~bits;
    virtio_update_irq(vdev);
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned size)
{
    uint32_t len = vdev->vc->config_size;
    uint8_t config[256] = {0};
    uint32_t val = 0;

    g_assert(len <= sizeof(config));
    if (offset >= len || size > len - offset) {
        log_guest_error("%s: config read of %u bytes at 0x%x (size %u)\n",
                        vdev->vc->name, size, offset, len);
        return 0;
    }
    if (vdev->vc->get_config) {
        vdev->vc->get_config(vdev, config);
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)config[offset + i] << (8 * i);
    }
    return val;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val,
                         unsigned size)
{
    uint32_t len = vdev->vc->config_size;
    uint8_t config[256] = {0};

    g_assert(len <= sizeof(config));
    if (offset >= len || size > len - offset || !vdev->vc->set_config) {
        log_guest_error("%s: config write of %u bytes at 0x%x ignored\n",
                        vdev->vc->name, size, offset);
        return;
    }
    if (vdev->vc->get_config) {
        vdev->vc->get_config(vdev, config);
    }
    for (unsigned i = 0; i < size; i++) {
        config[offset + i] = val >> (8 * i);
    }
    vdev->vc->set_config(vdev, config);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (!vq_should_notify(vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_update_irq(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    vdev->config_generation++;
    if (!(vdev->status & VIRTIO_STATUS_DRIVER_OK)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_update_irq(vdev);
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    log_guest_error("%s (device needs reset)\n", msg);
    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    /* Section 2.1.2: with DRIVER_OK set, tell the driver. */
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK) {
        vdev->isr |= VIRTIO_ISR_CONFIG;
        virtio_update_irq(vdev);
    }
}
