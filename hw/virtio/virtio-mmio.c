/*
 * virtio-mmio transport, version 2 ("modern"), virtio 1.2 section 4.2.2.
 *
 * Region: VIRTIO_MMIO_REGION_SIZE bytes.  32-bit control registers at
 * 0x000-0x0fc (offsets below), the device's config space from 0x100
 * (8-, 16- and 32-bit accesses; 64-bit fields are read as two 32-bit
 * halves, as section 4.2.2.2 allows with ConfigGeneration).
 * IRQ: one level output, high while InterruptStatus is non-zero (bit 0:
 * used buffers, bit 1: configuration change, incl. DEVICE_NEEDS_RESET).
 *
 * An empty slot (no device) reads MagicValue, Version and DeviceID 0 and
 * ignores writes, like the unused slots of QEMU's virt board.
 * Not modelled: the legacy (version 1) interface, shared memory regions
 * (SHMLen reads all ones: none), VIRTIO_F_NOTIFICATION_DATA, packed
 * queues.
 */
#include "hw/virtio/virtio-mmio.h"

#include <inttypes.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtqueue.h"
#include "util/log.h"

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_MMIO_VERSION_MODERN 2
#define VIRTIO_MMIO_VENDOR 0x4c54534b /* "KSTL" */

struct VirtioMmio {
    char *name;
    MemoryRegion *mr;
    VirtIODevice *vdev;
    IrqLine *irq;
    uint32_t device_features_sel;
    uint32_t driver_features_sel;
    uint32_t queue_sel;
};

static void virtio_mmio_update_irq(void *opaque)
{
    VirtioMmio *t = opaque;

    irq_set(t->irq, t->vdev->isr != 0);
}

/* The selected queue, or NULL (reads 0, writes ignored). */
static VirtQueue *virtio_mmio_queue(VirtioMmio *t)
{
    if (t->queue_sel >= t->vdev->num_queues) {
        return NULL;
    }
    return t->vdev->vq[t->queue_sel];
}

static uint64_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned size)
{
    VirtioMmio *t = opaque;
    VirtIODevice *vdev = t->vdev;
    VirtQueue *vq;

    if (!vdev) {
        /* Empty slot: only the identification registers say anything. */
        switch (offset) {
        case VIRTIO_MMIO_MAGIC_VALUE:
            return VIRTIO_MMIO_MAGIC;
        case VIRTIO_MMIO_VERSION:
            return VIRTIO_MMIO_VERSION_MODERN;
        default:
            return 0;
        }
    }
    if (offset >= VIRTIO_MMIO_CONFIG) {
        return virtio_config_read(vdev, offset - VIRTIO_MMIO_CONFIG, size);
    }
    if (size != 4) {
        /* Section 4.2.2.2: control registers are 32-bit only. */
        log_guest_error("%s: %u-byte read of register 0x%" PRIx64 "\n", t->name,
                        size, offset);
        return 0;
    }
    vq = virtio_mmio_queue(t);
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION:
        return VIRTIO_MMIO_VERSION_MODERN;
    case VIRTIO_MMIO_DEVICE_ID:
        return vdev->vc->device_id;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        if (t->device_features_sel > 1) {
            return 0;
        }
        return (uint32_t)(vdev->host_features >> (32 * t->device_features_sel));
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        return vq ? vq->num_max : 0;
    case VIRTIO_MMIO_QUEUE_READY:
        return vq ? vq->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return vdev->isr;
    case VIRTIO_MMIO_STATUS:
        return virtio_get_status(vdev);
    case VIRTIO_MMIO_SHM_LEN_LOW:
    case VIRTIO_MMIO_SHM_LEN_HIGH:
    case VIRTIO_MMIO_SHM_BASE_LOW:
    case VIRTIO_MMIO_SHM_BASE_HIGH:
        /* Section 4.2.2: a non-existent region has length -1. */
        return 0xffffffff;
    case VIRTIO_MMIO_CONFIG_GENERATION:
        return vdev->config_generation;
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
    case VIRTIO_MMIO_DRIVER_FEATURES:
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
    case VIRTIO_MMIO_QUEUE_SEL:
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_NOTIFY:
    case VIRTIO_MMIO_INTERRUPT_ACK:
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
    case VIRTIO_MMIO_SHM_SEL:
        log_guest_error("%s: read of write-only register 0x%" PRIx64 "\n",
                        t->name, offset);
        return 0;
    default:
        log_guest_error("%s: read of unknown register 0x%" PRIx64 "\n", t->name,
                        offset);
        return 0;
    }
}

/* Set the low or high half of a 64-bit queue address. */
static void virtio_mmio_set_half(uint64_t *addr, bool high, uint32_t val)
{
    if (high) {
        *addr = (*addr & 0xffffffffull) | ((uint64_t)val << 32);
    } else {
        *addr = (*addr & ~0xffffffffull) | val;
    }
}

static void virtio_mmio_queue_write(VirtioMmio *t, uint64_t offset,
                                    uint32_t val)
{
    VirtQueue *vq = virtio_mmio_queue(t);

    if (!vq) {
        log_guest_error("%s: queue register 0x%" PRIx64 " written with "
                        "QueueSel %u out of range\n",
                        t->name, offset, t->queue_sel);
        return;
    }
    if (offset == VIRTIO_MMIO_QUEUE_READY) {
        if (val & 1) {
            if (!vq->ready) {
                vq_enable(vq);
            }
        } else {
            vq->ready = false;
        }
        return;
    }
    /* Section 4.2.2.3: the layout is only written while not ready. */
    if (vq->ready) {
        log_guest_error("%s: queue %u register 0x%" PRIx64 " written while "
                        "the queue is ready\n",
                        t->name, t->queue_sel, offset);
        return;
    }
    switch (offset) {
    case VIRTIO_MMIO_QUEUE_NUM:
        vq->num = val > 0xffff ? 0 : val; /* checked on QueueReady */
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        virtio_mmio_set_half(&vq->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH,
                             val);
        break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        virtio_mmio_set_half(&vq->avail,
                             offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, val);
        break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        virtio_mmio_set_half(&vq->used, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
                             val);
        break;
    }
}

static void virtio_mmio_write(void *opaque, uint64_t offset, uint64_t value,
                              unsigned size)
{
    VirtioMmio *t = opaque;
    VirtIODevice *vdev = t->vdev;
    uint32_t val = value;

    if (!vdev) {
        return;
    }
    if (offset >= VIRTIO_MMIO_CONFIG) {
        virtio_config_write(vdev, offset - VIRTIO_MMIO_CONFIG, val, size);
        return;
    }
    if (size != 4) {
        log_guest_error("%s: %u-byte write of register 0x%" PRIx64 "\n",
                        t->name, size, offset);
        return;
    }
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        t->device_features_sel = val;
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        virtio_set_driver_features(vdev, t->driver_features_sel, val);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        t->driver_features_sel = val;
        break;
    case VIRTIO_MMIO_QUEUE_SEL:
        t->queue_sel = val;
        break;
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_READY:
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        virtio_mmio_queue_write(t, offset, val);
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val & 0xffff);
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        virtio_isr_ack(vdev, val);
        break;
    case VIRTIO_MMIO_STATUS:
        virtio_set_status(vdev, val);
        if (val == 0) {
            t->device_features_sel = 0;
            t->driver_features_sel = 0;
            t->queue_sel = 0;
        }
        break;
    case VIRTIO_MMIO_SHM_SEL:
        break; /* no shared memory regions */
    default:
        log_guest_error("%s: write of read-only or unknown register 0x%" PRIx64
                        "\n",
                        t->name, offset);
        break;
    }
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .min_size = 1,
    .max_size = 4,
};

VirtioMmio *virtio_mmio_create(const char *name, AddressSpace *dma,
                               VirtIODevice *vdev, IrqLine *irq)
{
    VirtioMmio *t = g_new0(VirtioMmio, 1);

    t->name = g_strdup(name);
    t->irq = irq;
    t->vdev = vdev;
    if (vdev) {
        vdev->as = dma;
        vdev->notify = virtio_mmio_update_irq;
        vdev->notify_opaque = t;
    }
    t->mr = mr_new_io(name, VIRTIO_MMIO_REGION_SIZE, &virtio_mmio_ops, t);
    return t;
}

MemoryRegion *virtio_mmio_region(VirtioMmio *t)
{
    return t->mr;
}

VirtIODevice *virtio_mmio_device(VirtioMmio *t)
{
    return t->vdev;
}

void virtio_mmio_reset(VirtioMmio *t)
{
    t->device_features_sel = 0;
    t->driver_features_sel = 0;
    t->queue_sel = 0;
    if (t->vdev) {
        virtio_reset(t->vdev);
    } else {
        irq_lower(t->irq);
    }
}

void virtio_mmio_free(VirtioMmio *t)
{
    if (!t) {
        return;
    }
    mr_free(t->mr);
    virtio_free(t->vdev);
    g_free(t->name);
    g_free(t);
}
