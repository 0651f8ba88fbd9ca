/*
 * Block back-end: a raw disk image file behind a device model, and the
 * -drive registry that names them.
 *
 * A BlockBackend reads and writes at byte offsets.  With snapshot=on the
 * file is opened read-only and never modified: writes go to an unlinked
 * temporary overlay file, a per-sector bitmap records which sectors the
 * overlay holds, and reads merge the two.
 *
 * I/O is synchronous (pread/pwrite on the calling thread); a short read
 * past the end of the file reads zeros.  Errors are returned as -errno.
 */
#ifndef HW_BLOCK_BLOCK_BACKEND_H
#define HW_BLOCK_BLOCK_BACKEND_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct BlockBackend BlockBackend;

/* Overlay granularity with snapshot=on (bytes). */
#define BLK_SECTOR_SIZE 512

/*
 * Open path as a raw image.  readonly: the file is opened O_RDONLY and
 * writes fail with -EROFS.  snapshot: see above (the file is opened
 * O_RDONLY; writes land in the overlay).  Errors name the file.
 */
BlockBackend *blk_open(const char *path, bool readonly, bool snapshot,
                       GError **errp);
/* Flushes, then closes; NULL is fine. */
void blk_close(BlockBackend *blk);

uint64_t blk_size(const BlockBackend *blk);
bool blk_is_readonly(const BlockBackend *blk);
const char *blk_filename(const BlockBackend *blk);
/* The drive's id= (NULL for a back-end opened directly). */
const char *blk_id(const BlockBackend *blk);

/*
 * Whole transfers or an error: 0 on success, -errno on failure, -EINVAL
 * for a range past the end of the image, -EROFS for a write to a
 * read-only back-end.
 */
int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, uint64_t len);
int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               uint64_t len);
/* fdatasync on the image (nothing to do with snapshot=on or readonly). */
int blk_flush(BlockBackend *blk);

/*
 * The -drive registry.  drive_add parses one -drive string:
 *   file=PATH (required), format=raw, if=none|virtio (default virtio),
 *   id=NAME, readonly=on|off, snapshot=on|off, cache=writeback,
 *   media=disk
 * opens the file and records the drive.  Errors start with "-drive ...".
 * A drive without id= gets "virtioN" (if=virtio) as QEMU names them.
 */
bool drive_add(const char *spec, GError **errp);
/* The drive with this id, or NULL. */
BlockBackend *drive_find(const char *id);
/*
 * A device claims a drive (one device per drive): false with an error if
 * it is already in use.
 */
bool drive_claim(BlockBackend *blk, GError **errp);
/* The if=virtio drives in command-line order (BlockBackend *); owned. */
GPtrArray *drive_virtio_list(void);
/* Flush and close every drive (at exit); pointers are invalid afterwards. */
void drive_close_all(void);

#endif
