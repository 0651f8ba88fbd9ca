/* virtio-net joined to a -netdev back-end (see virtio-net.c). */
#ifndef HW_NET_VIRTIO_NET_H
#define HW_NET_VIRTIO_NET_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct NetClient NetClient;
typedef struct VirtIODevice VirtIODevice;

/* The MAC when none is given: QEMU's, locally administered. */
#define VIRTIO_NET_DEFAULT_MAC                                                 \
    {                                                                          \
        0x52, 0x54, 0x00, 0x12, 0x34, 0x56                                     \
    }

/* NULL with errp set if nc is already taken by another device. */
VirtIODevice *virtio_net_new(NetClient *nc, const uint8_t mac[6],
                             GError **errp);
/* "52:54:00:12:34:56" into mac. */
bool virtio_net_parse_mac(const char *str, uint8_t mac[6], GError **errp);

#endif
