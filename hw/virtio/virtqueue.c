/*
 * Split virtqueues, device side (virtio 1.2 section 2.7).  See
 * virtqueue.h for the contract.
 *
 * Guest memory is only ever touched through dma_read/dma_write (ring
 * fields, descriptors) or as_ram_ptr (buffer contents), so a chain that
 * points anywhere but RAM can at worst break the device, never the host.
 * The driver may run on another vCPU while we look at the rings: the
 * fences below pair with the driver's barriers as section 2.7.13 asks.
 */
#include "hw/virtio/virtqueue.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "hw/core/memory.h"

/* Ring layout (section 2.7): byte offsets of the fields we touch. */
#define VRING_DESC_SIZE 16
#define VRING_AVAIL_FLAGS 0
#define VRING_AVAIL_IDX 2
#define VRING_AVAIL_RING 4
#define VRING_USED_FLAGS 0
#define VRING_USED_IDX 2
#define VRING_USED_RING 4
#define VRING_USED_ELEM_SIZE 8

typedef struct VringDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VringDesc;

static uint64_t vq_used_event_addr(const VirtQueue *vq)
{
    return vq->avail + VRING_AVAIL_RING + 2ull * vq->num;
}

static uint64_t vq_avail_event_addr(const VirtQueue *vq)
{
    return vq->used + VRING_USED_RING + VRING_USED_ELEM_SIZE * vq->num;
}

static bool vq_load16(VirtQueue *vq, uint64_t addr, uint16_t *val)
{
    uint16_t le;

    if (dma_read(vq->vdev->as, addr, &le, 2) != MEMTX_OK) {
        virtio_error(vq->vdev,
                     "%s: queue %u: ring at 0x%" PRIx64 " is not in RAM",
                     vq->vdev->vc->name, vq->index, addr);
        return false;
    }
    *val = GUINT16_FROM_LE(le);
    return true;
}

static void vq_store16(VirtQueue *vq, uint64_t addr, uint16_t val)
{
    uint16_t le = GUINT16_TO_LE(val);

    if (dma_write(vq->vdev->as, addr, &le, 2) != MEMTX_OK) {
        virtio_error(vq->vdev,
                     "%s: queue %u: ring at 0x%" PRIx64 " is not in RAM",
                     vq->vdev->vc->name, vq->index, addr);
    }
}

void vq_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->ready = false;
    vq->desc = vq->avail = vq->used = 0;
    vq->last_avail_idx = 0;
    vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
}

bool vq_enable(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    uint64_t desc_size = (uint64_t)VRING_DESC_SIZE * vq->num;
    uint64_t avail_size = VRING_AVAIL_RING + 2ull * vq->num + 2;
    uint64_t used_size =
        VRING_USED_RING + (uint64_t)VRING_USED_ELEM_SIZE * vq->num + 2;

    /* Section 2.7: a split queue's size is a power of 2. */
    if (vq->num == 0 || vq->num > vq->num_max || (vq->num & (vq->num - 1))) {
        virtio_error(vdev, "%s: queue %u: bad size %u (max %u, power of 2)",
                     vdev->vc->name, vq->index, vq->num, vq->num_max);
        return false;
    }
    /* Section 2.7, table "Virtqueue Part Alignment": 16, 2 and 4. */
    if ((vq->desc & 15) || (vq->avail & 1) || (vq->used & 3)) {
        virtio_error(vdev,
                     "%s: queue %u: misaligned rings (desc 0x%" PRIx64
                     ", driver 0x%" PRIx64 ", device 0x%" PRIx64 ")",
                     vdev->vc->name, vq->index, vq->desc, vq->avail, vq->used);
        return false;
    }
    if (!as_ram_ptr(vdev->as, vq->desc, desc_size, false) ||
        !as_ram_ptr(vdev->as, vq->avail, avail_size, false) ||
        !as_ram_ptr(vdev->as, vq->used, used_size, true)) {
        virtio_error(vdev,
                     "%s: queue %u: rings not in RAM (desc 0x%" PRIx64
                     ", driver 0x%" PRIx64 ", device 0x%" PRIx64 ")",
                     vdev->vc->name, vq->index, vq->desc, vq->avail, vq->used);
        return false;
    }
    vq->last_avail_idx = 0;
    vq->used_idx = 0;
    vq->signalled_used_valid = false;
    vq->ready = true;
    return true;
}

static bool vq_usable(const VirtQueue *vq)
{
    return vq->ready && !vq->vdev->broken;
}

/* The driver's avail->idx, checked for sanity; false: device broken. */
static bool vq_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    if (!vq_load16(vq, vq->avail + VRING_AVAIL_IDX, idx)) {
        return false;
    }
    /* Section 2.7.13.3: the driver never runs more than num ahead. */
    if ((uint16_t)(*idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vq->vdev,
                     "%s: queue %u: avail idx %u is more than %u "
                     "ahead of %u",
                     vq->vdev->vc->name, vq->index, *idx, vq->num,
                     vq->last_avail_idx);
        return false;
    }
    return true;
}

bool vq_has_avail(VirtQueue *vq)
{
    uint16_t idx;

    return vq_usable(vq) && vq_avail_idx(vq, &idx) && idx != vq->last_avail_idx;
}

static bool vq_read_desc(VirtQueue *vq, uint64_t table, unsigned i,
                         VringDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (dma_read(vq->vdev->as, table + (uint64_t)i * VRING_DESC_SIZE, raw,
                 sizeof(raw)) != MEMTX_OK) {
        virtio_error(vq->vdev,
                     "%s: queue %u: descriptor table at 0x%" PRIx64
                     " is not in RAM",
                     vq->vdev->vc->name, vq->index, table);
        return false;
    }
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
    d->addr = GUINT64_FROM_LE(d->addr);
    d->len = GUINT32_FROM_LE(d->len);
    d->flags = GUINT16_FROM_LE(d->flags);
    d->next = GUINT16_FROM_LE(d->next);
    return true;
}

/*
 * Walk the chain starting at head; append its segments to segs.  Returns
 * false (device broken) on any rule the chain breaks.
 */
static bool vq_walk_chain(VirtQueue *vq, uint16_t head, GArray *segs,
                          unsigned *out_num)
{
    VirtIODevice *vdev = vq->vdev;
    const char *name = vdev->vc->name;
    uint64_t table = vq->desc;
    unsigned max = vq->num; /* entries in the current table */
    unsigned seen = 0;      /* descriptors walked in this table */
    bool indirect = false;
    unsigned i = head;
    VringDesc d;

    for (;;) {
        if (++seen > max) {
            /* More links than entries: the chain loops (2.7.5.3.1). */
            virtio_error(vdev,
                         "%s: queue %u: descriptor chain from %u loops "
                         "or is longer than %u",
                         name, vq->index, head, max);
            return false;
        }
        if (!vq_read_desc(vq, table, i, &d)) {
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (!virtio_has_feature(vdev, VIRTIO_F_INDIRECT_DESC)) {
                virtio_error(vdev,
                             "%s: queue %u: indirect descriptor without "
                             "VIRTIO_F_INDIRECT_DESC",
                             name, vq->index);
                return false;
            }
            /* Section 2.7.5.3.1: no nesting, no NEXT with INDIRECT. */
            if (indirect || (d.flags & VRING_DESC_F_NEXT)) {
                virtio_error(vdev, "%s: queue %u: %s indirect descriptor", name,
                             vq->index, indirect ? "nested" : "chained");
                return false;
            }
            if (d.len == 0 || d.len % VRING_DESC_SIZE ||
                d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
                virtio_error(vdev, "%s: queue %u: indirect table of %u bytes",
                             name, vq->index, d.len);
                return false;
            }
            if (!as_ram_ptr(vdev->as, d.addr, d.len, false)) {
                virtio_error(vdev,
                             "%s: queue %u: indirect table at 0x%" PRIx64
                             "+%u is not in RAM",
                             name, vq->index, d.addr, d.len);
                return false;
            }
            table = d.addr;
            max = d.len / VRING_DESC_SIZE;
            seen = 0;
            indirect = true;
            i = 0;
            continue;
        }
        if (d.len && !as_ram_ptr(vdev->as, d.addr, d.len,
                                 d.flags & VRING_DESC_F_WRITE)) {
            virtio_error(vdev,
                         "%s: queue %u: buffer at 0x%" PRIx64 "+%u is "
                         "not in RAM",
                         name, vq->index, d.addr, d.len);
            return false;
        }
        if (d.flags & VRING_DESC_F_WRITE) {
            VirtQueueSeg s = {d.addr, d.len};

            g_array_append_val(segs, s);
        } else if (segs->len > *out_num) {
            /* Section 2.7.4.2: readable descriptors come first. */
            virtio_error(vdev,
                         "%s: queue %u: device-readable descriptor "
                         "after a device-writable one",
                         name, vq->index);
            return false;
        } else {
            VirtQueueSeg s = {d.addr, d.len};

            g_array_append_val(segs, s);
            (*out_num)++;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        if (d.next >= max) {
            virtio_error(vdev,
                         "%s: queue %u: next index %u out of range "
                         "(%u entries)",
                         name, vq->index, d.next, max);
            return false;
        }
        i = d.next;
    }
}

VirtQueueElement *vq_pop(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    g_autoptr(GArray) segs = NULL;
    VirtQueueElement *elem;
    unsigned out_num = 0;
    uint16_t idx, head;

    if (!vq_usable(vq) || !vq_avail_idx(vq, &idx) ||
        idx == vq->last_avail_idx) {
        return NULL;
    }
    /* Read the ring entry only after seeing the index (2.7.13). */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!vq_load16(vq,
                   vq->avail + VRING_AVAIL_RING +
                       2ull * (vq->last_avail_idx % vq->num),
                   &head)) {
        return NULL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "%s: queue %u: head index %u out of range (%u)",
                     vdev->vc->name, vq->index, head, vq->num);
        return NULL;
    }
    segs = g_array_new(FALSE, FALSE, sizeof(VirtQueueSeg));
    if (!vq_walk_chain(vq, head, segs, &out_num)) {
        return NULL;
    }
    elem = g_malloc0(sizeof(*elem) + segs->len * sizeof(VirtQueueSeg));
    memcpy(elem->segs, segs->data, segs->len * sizeof(VirtQueueSeg));
    elem->head = head;
    elem->out_num = out_num;
    elem->in_num = segs->len - out_num;
    elem->out = elem->segs;
    elem->in = elem->segs + out_num;
    for (unsigned i = 0; i < elem->out_num; i++) {
        elem->out_len += elem->out[i].len;
    }
    for (unsigned i = 0; i < elem->in_num; i++) {
        elem->in_len += elem->in[i].len;
    }
    vq->last_avail_idx++;
    if (virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX)) {
        /*
         * Section 2.7.10: ask for a kick once the driver passes this.  The
         * store must be visible before our next look at avail->idx, or a
         * buffer added in between would get neither a kick nor a look.
         */
        vq_store16(vq, vq_avail_event_addr(vq), vq->last_avail_idx);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    return elem;
}

void vq_elem_free(VirtQueueElement *elem)
{
    g_free(elem);
}

void vq_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len)
{
    uint8_t used[VRING_USED_ELEM_SIZE];
    uint32_t id = GUINT32_TO_LE(elem->head);
    uint32_t le_len = GUINT32_TO_LE(len);
    uint64_t addr;

    vq_elem_free(elem);
    if (!vq_usable(vq)) {
        return;
    }
    memcpy(used, &id, 4);
    memcpy(used + 4, &le_len, 4);
    addr = vq->used + VRING_USED_RING +
           (uint64_t)VRING_USED_ELEM_SIZE * (vq->used_idx % vq->num);
    if (dma_write(vq->vdev->as, addr, used, sizeof(used)) != MEMTX_OK) {
        virtio_error(vq->vdev,
                     "%s: queue %u: used ring at 0x%" PRIx64 " is not in RAM",
                     vq->vdev->vc->name, vq->index, addr);
        return;
    }
    /* The element must be visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vq->used_idx++;
    vq_store16(vq, vq->used + VRING_USED_IDX, vq->used_idx);
}

/* Section 2.7.10: did new_idx just step past event (from old)? */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

bool vq_should_notify(VirtQueue *vq)
{
    uint16_t flags, event, old;
    bool valid;

    if (!vq_usable(vq)) {
        return false;
    }
    /* Our used idx store must be visible before we read the driver's wish. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!virtio_has_feature(vq->vdev, VIRTIO_F_EVENT_IDX)) {
        return vq_load16(vq, vq->avail + VRING_AVAIL_FLAGS, &flags) &&
               !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    /* With EVENT_IDX the NO_INTERRUPT flag is ignored (2.7.7.2). */
    old = vq->signalled_used;
    valid = vq->signalled_used_valid;
    vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;
    if (!vq_load16(vq, vq_used_event_addr(vq), &event)) {
        return false;
    }
    return !valid || vring_need_event(event, vq->used_idx, old);
}

int vq_elem_map(VirtQueue *vq, const VirtQueueElement *elem, bool in,
                uint64_t offset, uint64_t len, VqMapFn *fn, void *opaque)
{
    const VirtQueueSeg *seg = in ? elem->in : elem->out;
    unsigned n = in ? elem->in_num : elem->out_num;

    for (unsigned i = 0; i < n && len > 0; i++) {
        uint64_t piece;
        void *host;
        int ret;

        if (offset >= seg[i].len) {
            offset -= seg[i].len;
            continue;
        }
        piece = MIN(seg[i].len - offset, len);
        host = as_ram_ptr(vq->vdev->as, seg[i].addr + offset, piece, in);
        if (!host) {
            return -EFAULT;
        }
        ret = fn(opaque, host, piece);
        if (in) {
            /* The device wrote guest RAM behind the CPU's back. */
            memory_notify_write(vq->vdev->as, seg[i].addr + offset, piece);
        }
        if (ret) {
            return ret;
        }
        offset = 0;
        len -= piece;
    }
    return len ? -EFAULT : 0;
}

typedef struct VqCopy {
    uint8_t *buf;
    bool to_guest;
} VqCopy;

static int vq_copy_piece(void *opaque, void *host, uint64_t len)
{
    VqCopy *c = opaque;

    if (c->to_guest) {
        memcpy(host, c->buf, len);
    } else {
        memcpy(c->buf, host, len);
    }
    c->buf += len;
    return 0;
}

int vq_elem_read(VirtQueue *vq, const VirtQueueElement *elem, uint64_t offset,
                 void *buf, uint64_t len)
{
    VqCopy c = {buf, false};

    return vq_elem_map(vq, elem, false, offset, len, vq_copy_piece, &c);
}

int vq_elem_write(VirtQueue *vq, const VirtQueueElement *elem, uint64_t offset,
                  const void *buf, uint64_t len)
{
    VqCopy c = {(uint8_t *)buf, true};

    return vq_elem_map(vq, elem, true, offset, len, vq_copy_piece, &c);
}
