/*
 * virtio-blk (virtio 1.2 section 5.2): a disk backed by a BlockBackend.
 *
 * One request queue (256 entries).  Requests: IN (read), OUT (write),
 * FLUSH (fdatasync of the image) and GET_ID (the serial string); other
 * types answer UNSUPP.  Config space: capacity (512-byte sectors),
 * seg_max and blk_size.  Features: SEG_MAX, BLK_SIZE, FLUSH, and RO for a
 * read-only drive.
 *
 * I/O is synchronous: the request is carried out on the thread that
 * notified the queue (a vCPU doing MMIO, under the machine lock), straight
 * into guest RAM.  Not modelled: DISCARD, WRITE_ZEROES, multiple queues,
 * geometry and topology, a write cache that can be switched off
 * (CONFIG_WCE).
 */
#include "hw/block/virtio-blk.h"

#include <errno.h>
#include <string.h>

#include "hw/block/block-backend.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtqueue.h"
#include "util/log.h"

/* Feature bits (section 5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9

/* Config space layout (section 5.2.4). */
#define VIRTIO_BLK_CFG_CAPACITY 0
#define VIRTIO_BLK_CFG_SEG_MAX 12
#define VIRTIO_BLK_CFG_BLK_SIZE 20
#define VIRTIO_BLK_CFG_SIZE 24

/* Request types and status values (section 5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_SECTOR 512
#define VIRTIO_BLK_HDR_SIZE 16 /* type, reserved, sector */
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_QUEUE_SIZE 256

typedef struct VirtIOBlock {
    VirtIODevice vdev;
    BlockBackend *blk;
    char serial[VIRTIO_BLK_ID_BYTES];
} VirtIOBlock;

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;
    uint64_t capacity = GUINT64_TO_LE(blk_size(s->blk) / VIRTIO_BLK_SECTOR);
    /* Two descriptors of a request carry the header and the status. */
    uint32_t seg_max = GUINT32_TO_LE(VIRTIO_BLK_QUEUE_SIZE - 2);
    uint32_t blk_size = GUINT32_TO_LE(VIRTIO_BLK_SECTOR);

    memcpy(config + VIRTIO_BLK_CFG_CAPACITY, &capacity, 8);
    memcpy(config + VIRTIO_BLK_CFG_SEG_MAX, &seg_max, 4);
    memcpy(config + VIRTIO_BLK_CFG_BLK_SIZE, &blk_size, 4);
}

typedef struct BlkIo {
    BlockBackend *blk;
    uint64_t offset;
} BlkIo;

static int virtio_blk_read_piece(void *opaque, void *host, uint64_t len)
{
    BlkIo *io = opaque;
    int ret = blk_pread(io->blk, io->offset, host, len);

    io->offset += len;
    return ret;
}

static int virtio_blk_write_piece(void *opaque, void *host, uint64_t len)
{
    BlkIo *io = opaque;
    int ret = blk_pwrite(io->blk, io->offset, host, len);

    io->offset += len;
    return ret;
}

/* Carry out one request; returns its status and the bytes written. */
static uint8_t virtio_blk_do(VirtIOBlock *s, VirtQueue *vq,
                             VirtQueueElement *elem, uint32_t type,
                             uint64_t sector, uint32_t *written)
{
    uint64_t len = type == VIRTIO_BLK_T_OUT
                       ? elem->out_len - VIRTIO_BLK_HDR_SIZE
                       : elem->in_len - 1;
    BlkIo io = {s->blk, sector * VIRTIO_BLK_SECTOR};
    uint64_t cap = blk_size(s->blk) / VIRTIO_BLK_SECTOR;
    char id[VIRTIO_BLK_ID_BYTES];

    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        /* Section 5.2.6.1: whole sectors, inside the disk. */
        if (len % VIRTIO_BLK_SECTOR || sector > cap ||
            len / VIRTIO_BLK_SECTOR > cap - sector) {
            log_guest_error("virtio-blk: %s of %" G_GUINT64_FORMAT
                            " bytes at sector %" G_GUINT64_FORMAT
                            " (capacity %" G_GUINT64_FORMAT ")\n",
                            type == VIRTIO_BLK_T_IN ? "read" : "write", len,
                            sector, cap);
            return VIRTIO_BLK_S_IOERR;
        }
        if (type == VIRTIO_BLK_T_OUT) {
            if (blk_is_readonly(s->blk)) {
                return VIRTIO_BLK_S_IOERR;
            }
            return vq_elem_map(vq, elem, false, VIRTIO_BLK_HDR_SIZE, len,
                               virtio_blk_write_piece, &io)
                       ? VIRTIO_BLK_S_IOERR
                       : VIRTIO_BLK_S_OK;
        }
        if (vq_elem_map(vq, elem, true, 0, len, virtio_blk_read_piece, &io)) {
            return VIRTIO_BLK_S_IOERR;
        }
        *written = len;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_FLUSH:
        return blk_flush(s->blk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_GET_ID:
        /* Section 5.2.6: up to 20 bytes, NUL-padded when shorter. */
        memcpy(id, s->serial, sizeof(id));
        len = MIN(len, sizeof(id));
        if (vq_elem_write(vq, elem, 0, id, len)) {
            return VIRTIO_BLK_S_IOERR;
        }
        *written = len;
        return VIRTIO_BLK_S_OK;
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void virtio_blk_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;
    VirtQueueElement *elem;
    bool used = false;

    while ((elem = vq_pop(vq))) {
        uint8_t hdr[VIRTIO_BLK_HDR_SIZE];
        uint32_t type, written = 0;
        uint64_t sector;
        uint8_t status;

        /* Section 5.2.6: a header to read and a status byte to write. */
        if (elem->out_len < VIRTIO_BLK_HDR_SIZE || elem->in_len < 1) {
            virtio_error(vdev,
                         "virtio-blk: request without header or "
                         "status (%" G_GUINT64_FORMAT
                         " readable, %" G_GUINT64_FORMAT " writable bytes)",
                         elem->out_len, elem->in_len);
            vq_elem_free(elem);
            break;
        }
        if (vq_elem_read(vq, elem, 0, hdr, sizeof(hdr))) {
            vq_elem_free(elem);
            virtio_error(vdev, "virtio-blk: request header left RAM");
            break;
        }
        memcpy(&type, hdr, 4);
        memcpy(&sector, hdr + 8, 8);
        type = GUINT32_FROM_LE(type);
        sector = GUINT64_FROM_LE(sector);
        status = virtio_blk_do(s, vq, elem, type, sector, &written);
        if (vq_elem_write(vq, elem, elem->in_len - 1, &status, 1)) {
            vq_elem_free(elem);
            virtio_error(vdev, "virtio-blk: status byte left RAM");
            break;
        }
        vq_push(vq, elem, written + 1);
        used = true;
    }
    if (used) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_blk_free(VirtIODevice *vdev)
{
    g_free(vdev);
}

static const VirtIODeviceClass virtio_blk_class = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .config_size = VIRTIO_BLK_CFG_SIZE,
    .get_config = virtio_blk_get_config,
    .free = virtio_blk_free,
};

VirtIODevice *virtio_blk_new(BlockBackend *blk, const char *serial)
{
    VirtIOBlock *s = g_new0(VirtIOBlock, 1);
    uint64_t features = (1ull << VIRTIO_BLK_F_SEG_MAX) |
                        (1ull << VIRTIO_BLK_F_BLK_SIZE) |
                        (1ull << VIRTIO_BLK_F_FLUSH);

    if (blk_is_readonly(blk)) {
        features |= 1ull << VIRTIO_BLK_F_RO;
    }
    s->blk = blk;
    if (serial) {
        memcpy(s->serial, serial, MIN(strlen(serial), sizeof(s->serial)));
    }
    virtio_init(&s->vdev, &virtio_blk_class, features);
    virtio_add_queue(&s->vdev, VIRTIO_BLK_QUEUE_SIZE, virtio_blk_handle);
    return &s->vdev;
}
