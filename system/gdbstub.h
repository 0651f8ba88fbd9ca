/*
 * The GDB remote stub (-gdb DEV, -s): GDB's remote serial protocol on a
 * chardev, for AArch64 guests under TCG.  docs/gdb.md says what it
 * supports.
 */
#ifndef SYSTEM_GDBSTUB_H
#define SYSTEM_GDBSTUB_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Machine Machine;

/*
 * Open the chardev of spec ("tcp::PORT" listens on 127.0.0.1; a socket
 * without "server" becomes a server that does not wait) and serve GDB
 * there.  Main loop, machine lock held, after the vCPUs exist.
 */
bool gdbstub_init(Machine *m, const char *spec, GError **errp);

/* ---- the packet layer (gdbstub-packet.c) ---- */

typedef enum {
    GDB_RX_NONE,      /* byte consumed, nothing complete */
    GDB_RX_PACKET,    /* a packet with a good checksum: see payload */
    GDB_RX_BAD,       /* a packet with a bad checksum (nack it) */
    GDB_RX_ACK,       /* '+' */
    GDB_RX_NACK,      /* '-': send the last packet again */
    GDB_RX_INTERRUPT, /* 0x03 outside a packet */
} GdbRxEvent;

typedef struct GdbPacketParser {
    int state;
    uint8_t sum;
    char csum[2];
    GString *payload; /* of the packet being received or just done */
} GdbPacketParser;

void gdb_parser_init(GdbPacketParser *p);
void gdb_parser_free(GdbPacketParser *p);
GdbRxEvent gdb_parser_feed(GdbPacketParser *p, uint8_t byte);

/* Frame payload as "$...#cs" into out, escaping '#', '$', '}' and '*'. */
void gdb_packet_frame(GString *out, const char *payload, size_t len);

/* Hex helpers: bytes <-> pairs of hex digits. */
void gdb_hex_encode(GString *out, const uint8_t *buf, size_t len);
/* Decodes up to len bytes; the count decoded (stops at a non-hex digit). */
size_t gdb_hex_decode(uint8_t *buf, size_t len, const char *hex);

#endif
