/*
 * virtio-mmio transport, version 2 (see virtio-mmio.c).  A board creates
 * one per slot, maps virtio_mmio_region() (VIRTIO_MMIO_REGION_SIZE bytes)
 * and wires the interrupt output; a slot without a device reads
 * DeviceID 0 and is skipped by drivers.
 */
#ifndef HW_VIRTIO_VIRTIO_MMIO_H
#define HW_VIRTIO_VIRTIO_MMIO_H

typedef struct AddressSpace AddressSpace;
typedef struct IrqLine IrqLine;
typedef struct MemoryRegion MemoryRegion;
typedef struct VirtIODevice VirtIODevice;
typedef struct VirtioMmio VirtioMmio;

#define VIRTIO_MMIO_REGION_SIZE 0x200

/*
 * dma: the address space the device's rings and buffers live in (the
 * board's system memory).  vdev: the device, or NULL for an empty slot;
 * the transport takes ownership.  irq: the interrupt output (NULL:
 * unconnected).
 */
VirtioMmio *virtio_mmio_create(const char *name, AddressSpace *dma,
                               VirtIODevice *vdev, IrqLine *irq);
MemoryRegion *virtio_mmio_region(VirtioMmio *t);
/* The device in this slot, or NULL. */
VirtIODevice *virtio_mmio_device(VirtioMmio *t);
/* System reset: the device is reset as if the driver wrote Status 0. */
void virtio_mmio_reset(VirtioMmio *t);
/* The region must be unmapped first; frees the device too. */
void virtio_mmio_free(VirtioMmio *t);

#endif
