/*
 * Split virtqueues (virtio 1.2 section 2.7): the device side of the
 * descriptor table, the available ring and the used ring, all of it read
 * and written in guest RAM through the memory API's bounds-checked
 * helpers.
 *
 * vq_pop() walks one descriptor chain (direct or through one indirect
 * table) and checks it completely before handing it out: every buffer in
 * RAM, next indices in range, no loops, no chain longer than the table,
 * readable buffers before writable ones, no nested indirect tables.  A
 * chain that breaks a rule puts the device into the NEEDS_RESET state
 * (virtio_error) and vq_pop() returns NULL from then on.
 */
#ifndef HW_VIRTIO_VIRTQUEUE_H
#define HW_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/virtio/virtio.h"

/* Largest queue and indirect table we accept (section 2.7: 32768). */
#define VIRTQUEUE_MAX_SIZE 1024

/* Descriptor flags (section 2.7.5). */
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
/* Available ring flags (section 2.7.6). */
#define VRING_AVAIL_F_NO_INTERRUPT 1
/* Used ring flags (section 2.7.8). */
#define VRING_USED_F_NO_NOTIFY 1

struct VirtQueue {
    VirtIODevice *vdev;
    unsigned index;
    VirtQueueHandler *handler;
    uint16_t num_max;
    /* Set by the transport while the queue is not ready. */
    uint16_t num;
    bool ready;
    uint64_t desc, avail, used; /* guest physical addresses */
    /* Device-side state. */
    uint16_t last_avail_idx;
    uint16_t used_idx;
    uint16_t signalled_used;
    bool signalled_used_valid;
};

/* One buffer of a chain: guest address and length. */
typedef struct VirtQueueSeg {
    uint64_t addr;
    uint32_t len;
} VirtQueueSeg;

/*
 * A popped chain: out_num device-readable segments, then in_num
 * device-writable ones.  Free with vq_push() or vq_elem_free().
 */
typedef struct VirtQueueElement {
    uint16_t head;
    unsigned out_num, in_num;
    uint64_t out_len, in_len; /* total bytes of each kind */
    VirtQueueSeg *out, *in;   /* point into segs */
    VirtQueueSeg segs[];
} VirtQueueElement;

/* Back to "not set up" (device reset). */
void vq_reset(VirtQueue *vq);
/*
 * The transport's QueueReady = 1: check the layout (size a power of two
 * within num_max, ring alignment, rings in RAM).  false: virtio_error was
 * called.
 */
bool vq_enable(VirtQueue *vq);

/*
 * The next available chain, or NULL if there is none, the queue is not
 * ready, the device is broken, or the chain was malformed (then the
 * device is now broken).
 */
VirtQueueElement *vq_pop(VirtQueue *vq);
/* Whether the driver has made buffers available. */
bool vq_has_avail(VirtQueue *vq);
/*
 * Return elem to the driver as used, len bytes written into its writable
 * part, and free it.  Call virtio_notify() after a batch.
 */
void vq_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len);
void vq_elem_free(VirtQueueElement *elem);
/* Whether the driver wants an interrupt for the buffers used so far. */
bool vq_should_notify(VirtQueue *vq);

/*
 * Call fn on host pointers covering bytes [offset, offset + len) of the
 * element's readable (in = false) or writable (in = true) part, one
 * contiguous RAM piece at a time.  Stops at the first fn returning
 * non-zero and returns that; -EFAULT if a piece is not RAM (any more) or
 * the range runs past the element.
 */
typedef int VqMapFn(void *opaque, void *host, uint64_t len);
int vq_elem_map(VirtQueue *vq, const VirtQueueElement *elem, bool in,
                uint64_t offset, uint64_t len, VqMapFn *fn, void *opaque);
/* Copy out of / into the element (0 or -EFAULT). */
int vq_elem_read(VirtQueue *vq, const VirtQueueElement *elem, uint64_t offset,
                 void *buf, uint64_t len);
int vq_elem_write(VirtQueue *vq, const VirtQueueElement *elem, uint64_t offset,
                  const void *buf, uint64_t len);

#endif
