/*
 * Block back-end for raw image files, and the -drive registry (see
 * block-backend.h).
 *
 * snapshot=on: the image is opened read-only; an unlinked temporary file
 * of the same size holds every sector the guest wrote, and a bitmap (one
 * bit per BLK_SECTOR_SIZE sector) says which ones.  A write that covers a
 * sector only in part first copies that sector from the image, so the
 * overlay always holds whole sectors.  Everything vanishes when the
 * back-end is closed.
 */
#include "hw/block/block-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/keyval.h"

struct BlockBackend {
    char *filename;
    char *id;
    int fd;
    uint64_t size;
    bool readonly;
    bool claimed;
    bool is_virtio; /* if=virtio in the registry */
    /* snapshot=on */
    int overlay_fd;  /* -1 without snapshot */
    uint64_t *dirty; /* one bit per sector held by the overlay */
};

/* --- raw I/O ---------------------------------------------------------- */

static int blk_raw_pread(int fd, uint64_t offset, void *buf, uint64_t len)
{
    uint8_t *p = buf;

    while (len > 0) {
        ssize_t n = pread(fd, p, len, (off_t)offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            /* The file shrank under us: what is not there reads zero. */
            memset(p, 0, len);
            return 0;
        }
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

static int blk_raw_pwrite(int fd, uint64_t offset, const void *buf,
                          uint64_t len)
{
    const uint8_t *p = buf;

    while (len > 0) {
        ssize_t n = pwrite(fd, p, len, (off_t)offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

/* --- snapshot overlay -------------------------------------------------- */

static bool blk_sector_dirty(const BlockBackend *blk, uint64_t sector)
{
    return blk->dirty[sector / 64] & (1ull << (sector % 64));
}

static void blk_set_dirty(BlockBackend *blk, uint64_t sector)
{
    blk->dirty[sector / 64] |= 1ull << (sector % 64);
}

static int blk_overlay_open(BlockBackend *blk, GError **errp)
{
    g_autofree char *tmpl =
        g_build_filename(g_get_tmp_dir(), "kestrel-snapshot-XXXXXX", NULL);
    uint64_t sectors = (blk->size + BLK_SECTOR_SIZE - 1) / BLK_SECTOR_SIZE;
    int fd = mkstemp(tmpl);

    if (fd < 0) {
        error_setg_errno(errp, errno,
                         "%s: cannot create a snapshot overlay "
                         "in %s",
                         blk->filename, g_get_tmp_dir());
        return -1;
    }
    unlink(tmpl);
    if (ftruncate(fd, (off_t)blk->size) < 0) {
        error_setg_errno(errp, errno, "%s: cannot size the snapshot overlay",
                         blk->filename);
        close(fd);
        return -1;
    }
    blk->overlay_fd = fd;
    blk->dirty = g_new0(uint64_t, sectors / 64 + 1);
    return 0;
}

/* Read [offset, offset + len) merging overlay and image, run by run. */
static int blk_snapshot_read(BlockBackend *blk, uint64_t offset, uint8_t *buf,
                             uint64_t len)
{
    while (len > 0) {
        uint64_t sector = offset / BLK_SECTOR_SIZE;
        bool dirty = blk_sector_dirty(blk, sector);
        uint64_t end = (sector + 1) * BLK_SECTOR_SIZE;
        uint64_t n;
        int ret;

        /* Extend the run while the following sectors are in the same place. */
        while (end < offset + len &&
               blk_sector_dirty(blk, end / BLK_SECTOR_SIZE) == dirty) {
            end += BLK_SECTOR_SIZE;
        }
        n = MIN(end, offset + len) - offset;
        ret = blk_raw_pread(dirty ? blk->overlay_fd : blk->fd, offset, buf, n);
        if (ret < 0) {
            return ret;
        }
        offset += n;
        buf += n;
        len -= n;
    }
    return 0;
}

static int blk_snapshot_write(BlockBackend *blk, uint64_t offset,
                              const uint8_t *buf, uint64_t len)
{
    uint64_t first = offset / BLK_SECTOR_SIZE;
    uint64_t last = (offset + len - 1) / BLK_SECTOR_SIZE;
    uint8_t sec[BLK_SECTOR_SIZE];
    int ret;

    /* The partly covered sectors at either end come from the image first. */
    for (uint64_t s = first; s <= last; s += MAX(last - first, 1)) {
        uint64_t start = s * BLK_SECTOR_SIZE;
        uint64_t n = MIN(BLK_SECTOR_SIZE, blk->size - start);
        bool covered = offset <= start && offset + len >= start + n;

        if (!blk_sector_dirty(blk, s) && !covered) {
            ret = blk_raw_pread(blk->fd, start, sec, n);
            if (ret == 0) {
                ret = blk_raw_pwrite(blk->overlay_fd, start, sec, n);
            }
            if (ret < 0) {
                return ret;
            }
            blk_set_dirty(blk, s);
        }
        if (first == last) {
            break;
        }
    }
    ret = blk_raw_pwrite(blk->overlay_fd, offset, buf, len);
    if (ret < 0) {
        return ret;
    }
    for (uint64_t s = first; s <= last; s++) {
        blk_set_dirty(blk, s);
    }
    return 0;
}

/* --- the back-end ------------------------------------------------------ */

BlockBackend *blk_open(const char *path, bool readonly, bool snapshot,
                       GError **errp)
{
    BlockBackend *blk;
    struct stat st;
    off_t end;
    int fd;

    fd = open(path, (readonly || snapshot ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "%s", path);
        return NULL;
    }
    if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        error_setg(errp, "%s: not a regular file or block device", path);
        close(fd);
        return NULL;
    }
    /* lseek gives the size of block devices as well as files. */
    end = lseek(fd, 0, SEEK_END);
    if (end < 0) {
        error_setg_errno(errp, errno, "%s: cannot find its size", path);
        close(fd);
        return NULL;
    }
    blk = g_new0(BlockBackend, 1);
    blk->filename = g_strdup(path);
    blk->fd = fd;
    blk->size = (uint64_t)end;
    blk->readonly = readonly;
    blk->overlay_fd = -1;
    if (snapshot && !readonly && blk_overlay_open(blk, errp) < 0) {
        blk_close(blk);
        return NULL;
    }
    return blk;
}

void blk_close(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_flush(blk);
    close(blk->fd);
    if (blk->overlay_fd >= 0) {
        close(blk->overlay_fd);
    }
    g_free(blk->dirty);
    g_free(blk->filename);
    g_free(blk->id);
    g_free(blk);
}

uint64_t blk_size(const BlockBackend *blk)
{
    return blk->size;
}

bool blk_is_readonly(const BlockBackend *blk)
{
    return blk->readonly;
}

const char *blk_filename(const BlockBackend *blk)
{
    return blk->filename;
}

const char *blk_id(const BlockBackend *blk)
{
    return blk->id;
}

static bool blk_range_ok(const BlockBackend *blk, uint64_t offset, uint64_t len)
{
    return offset <= blk->size && len <= blk->size - offset;
}

int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, uint64_t len)
{
    if (!blk_range_ok(blk, offset, len)) {
        return -EINVAL;
    }
    if (len == 0) {
        return 0;
    }
    if (blk->overlay_fd >= 0) {
        return blk_snapshot_read(blk, offset, buf, len);
    }
    return blk_raw_pread(blk->fd, offset, buf, len);
}

int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               uint64_t len)
{
    if (blk->readonly) {
        return -EROFS;
    }
    if (!blk_range_ok(blk, offset, len)) {
        return -EINVAL;
    }
    if (len == 0) {
        return 0;
    }
    if (blk->overlay_fd >= 0) {
        return blk_snapshot_write(blk, offset, buf, len);
    }
    return blk_raw_pwrite(blk->fd, offset, buf, len);
}

int blk_flush(BlockBackend *blk)
{
    /* The overlay dies with us: making it durable buys nothing. */
    if (blk->readonly || blk->overlay_fd >= 0) {
        return 0;
    }
    if (fdatasync(blk->fd) < 0) {
        return -errno;
    }
    return 0;
}

/* --- the -drive registry ----------------------------------------------- */

static GPtrArray *drives;        /* BlockBackend *, all of them */
static GPtrArray *virtio_drives; /* the if=virtio ones */

/* Refuse a value other than the one we support, QEMU's way of naming it. */
static bool drive_only(const char *spec, const char *key, const char *val,
                       const char *only, GError **errp)
{
    if (val && strcmp(val, only) != 0) {
        error_setg(errp, "-drive %s: %s=%s: not supported yet (only %s)", spec,
                   key, val, only);
        return false;
    }
    return true;
}

bool drive_add(const char *spec, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(spec, NULL, errp);
    const char *file, *iface, *id;
    bool readonly, snapshot, is_virtio;
    GError *local = NULL;
    BlockBackend *blk;

    if (!kv) {
        error_prepend(errp, "-drive");
        return false;
    }
    file = keyval_get(kv, "file");
    iface = keyval_get(kv, "if");
    id = keyval_get(kv, "id");
    if (!keyval_get_bool(kv, "readonly", false, &readonly, errp) ||
        !keyval_get_bool(kv, "snapshot", false, &snapshot, errp)) {
        error_prepend(errp, "-drive %s", spec);
        return false;
    }
    if (!drive_only(spec, "format", keyval_get(kv, "format"), "raw", errp) ||
        !drive_only(spec, "cache", keyval_get(kv, "cache"), "writeback",
                    errp) ||
        !drive_only(spec, "media", keyval_get(kv, "media"), "disk", errp)) {
        return false;
    }
    if (!keyval_check_unused(kv, "-drive", errp)) {
        return false;
    }
    if (!file || !*file) {
        error_setg(errp, "-drive %s: file= is required", spec);
        return false;
    }
    if (iface && strcmp(iface, "none") != 0 && strcmp(iface, "virtio") != 0) {
        error_setg(errp, "-drive %s: if=%s: not supported (none or virtio)",
                   spec, iface);
        return false;
    }
    is_virtio = !iface || !strcmp(iface, "virtio");
    if (id && drive_find(id)) {
        error_setg(errp, "-drive %s: a drive with id '%s' already exists", spec,
                   id);
        return false;
    }
    blk = blk_open(file, readonly, snapshot, &local);
    if (!blk) {
        error_setg(errp, "-drive %s: %s", spec, local->message);
        g_error_free(local);
        return false;
    }
    if (!drives) {
        drives = g_ptr_array_new();
        virtio_drives = g_ptr_array_new();
    }
    blk->is_virtio = is_virtio;
    if (id) {
        blk->id = g_strdup(id);
    } else {
        blk->id = g_strdup_printf("%s%u", is_virtio ? "virtio" : "none",
                                  is_virtio ? virtio_drives->len : drives->len);
    }
    g_ptr_array_add(drives, blk);
    if (is_virtio) {
        g_ptr_array_add(virtio_drives, blk);
    }
    return true;
}

BlockBackend *drive_find(const char *id)
{
    for (guint i = 0; drives && i < drives->len; i++) {
        BlockBackend *blk = g_ptr_array_index(drives, i);

        if (!strcmp(blk->id, id)) {
            return blk;
        }
    }
    return NULL;
}

bool drive_claim(BlockBackend *blk, GError **errp)
{
    if (blk->claimed) {
        error_setg(errp, "drive '%s' is already in use by another device",
                   blk->id ? blk->id : blk->filename);
        return false;
    }
    blk->claimed = true;
    return true;
}

GPtrArray *drive_virtio_list(void)
{
    if (!virtio_drives) {
        drives = g_ptr_array_new();
        virtio_drives = g_ptr_array_new();
    }
    return virtio_drives;
}

void drive_close_all(void)
{
    if (!drives) {
        return;
    }
    for (guint i = 0; i < drives->len; i++) {
        blk_close(g_ptr_array_index(drives, i));
    }
    g_ptr_array_free(drives, TRUE);
    g_ptr_array_free(virtio_drives, TRUE);
    drives = virtio_drives = NULL;
}
