/*
 * The -device registry for virtio devices: a table of names and
 * constructors taking the -device properties (see virtio-registry.h).
 */
#include "hw/virtio/virtio-registry.h"

#include <string.h>

#include "hw/block/block-backend.h"
#include "hw/block/virtio-blk.h"
#include "hw/net/netdev.h"
#include "hw/net/virtio-net.h"
#include "hw/virtio/virtio-console.h"
#include "hw/virtio/virtio-rng.h"
#include "hw/virtio/virtio.h"
#include "util/chardev/chardev.h"
#include "util/error.h"
#include "util/keyval.h"

typedef struct VirtioDeviceType {
    const char *name;
    const char *desc;
    const char *props[3]; /* the properties it takes */
    /* Build from props; NULL with errp set, or NULL without (absorbed). */
    VirtIODevice *(*create)(KeyVal *props, GError **errp);
} VirtioDeviceType;

static GQueue pending = G_QUEUE_INIT;
static bool drives_queued;

static VirtIODevice *create_blk(KeyVal *props, GError **errp)
{
    const char *id = keyval_get(props, "drive");
    const char *serial = keyval_get(props, "serial");
    BlockBackend *blk;

    if (!id) {
        error_setg(errp, "drive= is required");
        return NULL;
    }
    blk = drive_find(id);
    if (!blk) {
        error_setg(errp, "drive=%s: no -drive with that id", id);
        return NULL;
    }
    if (!drive_claim(blk, errp)) {
        return NULL;
    }
    return virtio_blk_new(blk, serial);
}

static VirtIODevice *create_rng(KeyVal *props, GError **errp)
{
    return virtio_rng_new();
}

static VirtIODevice *create_net(KeyVal *props, GError **errp)
{
    const char *id = keyval_get(props, "netdev");
    const char *macstr = keyval_get(props, "mac");
    uint8_t mac[6] = VIRTIO_NET_DEFAULT_MAC;
    NetClient *nc;

    if (!id) {
        error_setg(errp, "netdev= is required");
        return NULL;
    }
    nc = netdev_find(id);
    if (!nc) {
        error_setg(errp, "netdev=%s: no -netdev with that id", id);
        return NULL;
    }
    if (macstr && !virtio_net_parse_mac(macstr, mac, errp)) {
        return NULL;
    }
    return virtio_net_new(nc, mac, errp);
}

static bool find_chardev(KeyVal *props, bool required, Chardev **chr,
                         GError **errp)
{
    const char *label = keyval_get(props, "chardev");

    *chr = NULL;
    if (!label) {
        if (required) {
            error_setg(errp, "chardev= is required");
            return false;
        }
        return true;
    }
    *chr = chardev_find(label);
    if (!*chr) {
        error_setg(errp, "chardev=%s: no chardev with that id", label);
        return false;
    }
    return true;
}

static VirtIODevice *create_serial(KeyVal *props, GError **errp)
{
    Chardev *chr;

    if (!find_chardev(props, false, &chr, errp)) {
        return NULL;
    }
    return virtio_console_new(chr, errp);
}

static VirtIODevice *create_virtconsole(KeyVal *props, GError **errp)
{
    Chardev *chr;

    if (!find_chardev(props, true, &chr, errp)) {
        return NULL;
    }
    /* QEMU's pairing: the port goes on the last port-less serial device. */
    for (GList *l = pending.tail; l; l = l->prev) {
        VirtIODevice *vdev = l->data;

        if (vdev->vc->device_id == VIRTIO_ID_CONSOLE &&
            !virtio_console_has_chardev(vdev)) {
            virtio_console_set_chardev(vdev, chr, errp);
            return NULL;
        }
    }
    return virtio_console_new(chr, errp);
}

static const VirtioDeviceType virtio_device_types[] = {
    {"virtio-blk-device",
     "virtio block device (drive=ID[,serial=STR])",
     {"drive", "serial"},
     create_blk},
    {"virtio-net-device",
     "virtio network card (netdev=ID[,mac=52:54:00:12:34:56])",
     {"netdev", "mac"},
     create_net},
    {"virtio-rng-device",
     "virtio entropy source (host getrandom)",
     {NULL},
     create_rng},
    {"virtio-serial-device",
     "virtio console, one port ([chardev=ID])",
     {"chardev"},
     create_serial},
    {"virtconsole",
     "a virtio console port (chardev=ID)",
     {"chardev"},
     create_virtconsole},
};

static const VirtioDeviceType *virtio_device_type(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(virtio_device_types); i++) {
        if (!strcmp(virtio_device_types[i].name, name)) {
            return &virtio_device_types[i];
        }
    }
    return NULL;
}

bool virtio_device_known(const char *name)
{
    return virtio_device_type(name) != NULL;
}

void virtio_device_print_help(FILE *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(virtio_device_types); i++) {
        fprintf(out, "%-22s %s\n", virtio_device_types[i].name,
                virtio_device_types[i].desc);
    }
}

bool virtio_device_add(const char *spec, GError **errp)
{
    g_autoptr(KeyVal) kv = keyval_parse(spec, "driver", errp);
    const VirtioDeviceType *type;
    g_autofree char *ctx = NULL;
    GError *local = NULL;
    const char *driver;
    VirtIODevice *vdev;

    if (!kv) {
        error_prepend(errp, "-device");
        return false;
    }
    driver = keyval_get(kv, "driver");
    type = driver ? virtio_device_type(driver) : NULL;
    if (!type) {
        error_setg(errp, "-device %s: unknown device (try -device help)", spec);
        return false;
    }
    ctx = g_strdup_printf("-device %s", driver);
    /* Refuse unknown properties before building anything. */
    for (size_t i = 0; i < G_N_ELEMENTS(type->props); i++) {
        if (type->props[i] && keyval_has(kv, type->props[i])) {
            keyval_get(kv, type->props[i]);
        }
    }
    if (!keyval_check_unused(kv, ctx, errp)) {
        return false;
    }
    vdev = type->create(kv, &local);
    if (local) {
        error_setg(errp, "-device %s: %s", spec, local->message);
        g_error_free(local);
        return false;
    }
    if (vdev) {
        g_queue_push_tail(&pending, vdev);
    }
    return true;
}

/* One virtio-blk per if=virtio drive, ahead of the -device devices. */
static void virtio_queue_drives(void)
{
    GPtrArray *drives = drive_virtio_list();

    if (drives_queued) {
        return;
    }
    drives_queued = true;
    for (guint i = drives->len; i-- > 0;) {
        BlockBackend *blk = g_ptr_array_index(drives, i);

        if (drive_claim(blk, NULL)) {
            g_queue_push_head(&pending, virtio_blk_new(blk, NULL));
        }
    }
}

VirtIODevice *virtio_device_take(void)
{
    virtio_queue_drives();
    return g_queue_pop_head(&pending);
}

unsigned virtio_device_pending(void)
{
    virtio_queue_drives();
    return g_queue_get_length(&pending);
}

void virtio_device_free_pending(void)
{
    VirtIODevice *vdev;

    while ((vdev = g_queue_pop_head(&pending))) {
        virtio_free(vdev);
    }
    drives_queued = false;
}
