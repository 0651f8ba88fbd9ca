/*
 * The -netdev registry: network back-ends by id, and the NetClient a
 * network device talks to.
 *
 *   -netdev user,id=ID[,net=ADDR/BITS][,host=ADDR][,dns=ADDR]
 *           [,hostfwd=tcp|udp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...
 *
 * "user" is libslirp; tap, socket, bridge and the rest are refused with
 * "not supported yet".  A device claims a back-end with netdev_attach()
 * (one device per back-end) and then:
 *   - frames from the back-end arrive through its receive callback, on
 *     the main-loop thread under the machine lock;
 *   - frames from the guest go out with netdev_send(), under the lock.
 */
#ifndef HW_NET_NETDEV_H
#define HW_NET_NETDEV_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct NetClient NetClient;

/* A frame (Ethernet, no FCS) for the device; it may drop it. */
typedef void NetReceiveFn(void *opaque, const uint8_t *buf, size_t len);

/* Errors read "-netdev <spec>: <problem>". */
bool netdev_add(const char *spec, GError **errp);
NetClient *netdev_find(const char *id);
/* Claim nc for one device; false if another device has it. */
bool netdev_attach(NetClient *nc, NetReceiveFn *receive, void *opaque,
                   GError **errp);
/* The device goes away: frames are dropped from now on. */
void netdev_detach(NetClient *nc);
/* Send a frame from the guest to the back-end. */
void netdev_send(NetClient *nc, const uint8_t *buf, size_t len);
/* Close every back-end (at exit, after the devices are freed). */
void netdev_close_all(void);

#endif
