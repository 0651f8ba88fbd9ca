/*
 * The -device registry for virtio devices.
 *
 * The system layer calls virtio_device_add() for each -device string once
 * drives (drive_add) and chardevs exist; the device is built at once, so
 * a bad property is reported at start-up.  A board then fills its
 * virtio-mmio slots with virtio_device_take() until it returns NULL:
 * first one virtio-blk per if=virtio drive (command-line order), then the
 * -device devices in command-line order.
 *
 * Names (QEMU's):
 *   virtio-blk-device      drive=ID (required), serial=STR
 *   virtio-net-device      netdev=ID (required), mac=XX:XX:XX:XX:XX:XX
 *   virtio-rng-device
 *   virtio-serial-device   [chardev=ID]  a one-port console
 *   virtconsole            chardev=ID: the port of the last
 *                          virtio-serial-device still without one, or a
 *                          console of its own
 */
#ifndef HW_VIRTIO_VIRTIO_REGISTRY_H
#define HW_VIRTIO_VIRTIO_REGISTRY_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct VirtIODevice VirtIODevice;

/* Errors read "-device <spec>: <problem>". */
bool virtio_device_add(const char *spec, GError **errp);
/* Whether name is a device this registry builds. */
bool virtio_device_known(const char *name);
/* "name  description" lines for -device help. */
void virtio_device_print_help(FILE *out);
/*
 * The next device for a slot (ownership passes to the caller, who hands
 * it to virtio_mmio_create), or NULL when there are no more.
 */
VirtIODevice *virtio_device_take(void);
/* How many devices virtio_device_take() still has (for a slot check). */
unsigned virtio_device_pending(void);
/* Free devices nobody took. */
void virtio_device_free_pending(void);

#endif
