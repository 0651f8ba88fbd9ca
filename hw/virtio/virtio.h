/*
 * The transport-independent half of a virtio device (virtio 1.2, chapters
 * 2 and 3): status, feature bits, interrupt status, config space and
 * virtqueues.  A device model (virtio-blk, virtio-rng, ...) embeds a
 * VirtIODevice as its first member, describes itself with a const
 * VirtIODeviceClass and knows nothing of the transport; the transport
 * (virtio-mmio.c) turns register accesses into the calls below and is told
 * through vdev->notify when the interrupt status changes.
 *
 * Everything here runs under the machine lock.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct AddressSpace AddressSpace;
typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

/* Device IDs (virtio 1.2 section 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* Reserved feature bits (section 6) that this core implements. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Interrupt status bits (section 4.2.2, InterruptStatus). */
#define VIRTIO_ISR_QUEUE 0x1
#define VIRTIO_ISR_CONFIG 0x2

#define VIRTIO_QUEUE_MAX 8

typedef void VirtQueueHandler(VirtIODevice *vdev, VirtQueue *vq);

typedef struct VirtIODeviceClass {
    const char *name;
    uint32_t device_id;
    /* Bytes of device-specific configuration space. */
    uint32_t config_size;
    /* Fill config[0 .. config_size) (little-endian fields). May be NULL. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* The driver wrote config; it holds the whole space. May be NULL. */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Back to the power-on state (queues are reset by the core). */
    void (*reset)(VirtIODevice *vdev);
    /* The status register changed (e.g. DRIVER_OK). May be NULL. */
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
    /* Free the device's own resources; the core frees the rest. */
    void (*free)(VirtIODevice *vdev);
} VirtIODeviceClass;

struct VirtIODevice {
    const VirtIODeviceClass *vc;
    /* Where the rings and buffers live: set by the transport. */
    AddressSpace *as;
    uint64_t host_features;  /* offered */
    uint64_t guest_features; /* accepted by the driver */
    uint8_t status;
    uint8_t isr;
    bool broken; /* NEEDS_RESET until the driver resets */
    uint32_t config_generation;
    unsigned num_queues;
    VirtQueue *vq[VIRTIO_QUEUE_MAX];
    /* The transport: the interrupt status changed. */
    void (*notify)(void *opaque);
    void *notify_opaque;
};

/*
 * Device constructors call this first.  features: the device-specific
 * bits offered; the core adds VERSION_1, INDIRECT_DESC and EVENT_IDX.
 */
void virtio_init(VirtIODevice *vdev, const VirtIODeviceClass *vc,
                 uint64_t features);
/* Add the next queue (index = number of queues so far). */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, uint16_t max_size,
                            VirtQueueHandler *handler);
/* Frees the device (calls vc->free, then the core's part). NULL is fine. */
void virtio_free(VirtIODevice *vdev);

static inline bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return (vdev->guest_features >> bit) & 1;
}

/* A driver (or system) reset: status 0, queues and interrupts cleared. */
void virtio_reset(VirtIODevice *vdev);
/* The driver wrote the status register (0 resets). */
void virtio_set_status(VirtIODevice *vdev, uint8_t status);
/* The status register as the driver reads it. */
uint8_t virtio_get_status(const VirtIODevice *vdev);
/* The driver wrote 32 feature bits at word sel (0 or 1). */
void virtio_set_driver_features(VirtIODevice *vdev, unsigned sel, uint32_t val);
/* The driver notified queue index (QueueNotify). */
void virtio_queue_notify(VirtIODevice *vdev, unsigned index);
/* Clear interrupt status bits (InterruptACK). */
void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits);

/* Config space access of 1, 2 or 4 bytes; out of range reads 0. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val,
                         unsigned size);

/*
 * After pushing used buffers on vq: interrupt the driver unless it asked
 * not to be (event index or VRING_AVAIL_F_NO_INTERRUPT).
 */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* The device changed its config space (generation bumped, interrupt). */
void virtio_notify_config(VirtIODevice *vdev);
/*
 * The driver broke the rules (a malformed descriptor chain, ...): log it
 * under -d guest_errors, set DEVICE_NEEDS_RESET and tell the driver with a
 * config interrupt (section 2.1.2).  The device does no more work until
 * it is reset.
 */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
