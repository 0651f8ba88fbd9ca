/* virtio-console device logic (see virtio-console.c). */
#ifndef HW_VIRTIO_VIRTIO_CONSOLE_H
#define HW_VIRTIO_VIRTIO_CONSOLE_H

#include <glib.h>
#include <stdbool.h>

typedef struct Chardev Chardev;
typedef struct VirtIODevice VirtIODevice;

/* chr: the host end (NULL: output dropped, no input; attach one later). */
VirtIODevice *virtio_console_new(Chardev *chr, GError **errp);
/* Attach the host end of a console created without one. */
bool virtio_console_set_chardev(VirtIODevice *vdev, Chardev *chr,
                                GError **errp);
bool virtio_console_has_chardev(VirtIODevice *vdev);

#endif
