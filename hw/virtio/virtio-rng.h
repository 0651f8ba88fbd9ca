/* virtio-rng device logic (see virtio-rng.c). */
#ifndef HW_VIRTIO_VIRTIO_RNG_H
#define HW_VIRTIO_VIRTIO_RNG_H

typedef struct VirtIODevice VirtIODevice;

VirtIODevice *virtio_rng_new(void);

#endif
