/*
 * virtio-blk device logic (see virtio-blk.c): plug the result into a
 * virtio transport (virtio_mmio_create).
 */
#ifndef HW_BLOCK_VIRTIO_BLK_H
#define HW_BLOCK_VIRTIO_BLK_H

#include <glib.h>

typedef struct BlockBackend BlockBackend;
typedef struct VirtIODevice VirtIODevice;

/*
 * blk: the disk (not owned: the drive registry closes it).  serial: what
 * GET_ID answers (at most 20 bytes used; NULL: empty).
 */
VirtIODevice *virtio_blk_new(BlockBackend *blk, const char *serial);

#endif
