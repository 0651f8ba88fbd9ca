/*
 * GDB remote protocol framing (GDB manual, "Overview" of the remote
 * protocol): a packet is "$payload#cc", cc being the modulo-256 sum of
 * the payload's bytes in two hex digits; the receiver answers '+' or '-'
 * (until QStartNoAckMode).  Inside a payload '}' escapes the next byte
 * (XOR 0x20).  A lone 0x03 is an interrupt request.
 */
#include <string.h>

#include "system/gdbstub.h"

enum { RX_IDLE, RX_DATA, RX_ESCAPE, RX_CSUM1, RX_CSUM2 };

void gdb_parser_init(GdbPacketParser *p)
{
    p->state = RX_IDLE;
    p->payload = g_string_new(NULL);
}

void gdb_parser_free(GdbPacketParser *p)
{
    g_string_free(p->payload, TRUE);
    p->payload = NULL;
}

static int hexval(int c)
{
    return g_ascii_xdigit_value(c);
}

GdbRxEvent gdb_parser_feed(GdbPacketParser *p, uint8_t byte)
{
    switch (p->state) {
    case RX_IDLE:
        if (byte == '$') {
            g_string_truncate(p->payload, 0);
            p->sum = 0;
            p->state = RX_DATA;
        } else if (byte == '+') {
            return GDB_RX_ACK;
        } else if (byte == '-') {
            return GDB_RX_NACK;
        } else if (byte == 0x03) {
            return GDB_RX_INTERRUPT;
        }
        return GDB_RX_NONE; /* noise between packets is ignored */
    case RX_DATA:
        if (byte == '#') {
            p->state = RX_CSUM1;
            return GDB_RX_NONE;
        }
        if (byte == '$') {
            /* A new packet inside one: the first was cut short. */
            g_string_truncate(p->payload, 0);
            p->sum = 0;
            return GDB_RX_NONE;
        }
        p->sum += byte;
        if (byte == '}') {
            p->state = RX_ESCAPE;
        } else {
            g_string_append_c(p->payload, byte);
        }
        return GDB_RX_NONE;
    case RX_ESCAPE:
        p->sum += byte;
        g_string_append_c(p->payload, byte ^ 0x20);
        p->state = RX_DATA;
        return GDB_RX_NONE;
    case RX_CSUM1:
        p->csum[0] = byte;
        p->state = RX_CSUM2;
        return GDB_RX_NONE;
    default:
        p->csum[1] = byte;
        p->state = RX_IDLE;
        if (hexval(p->csum[0]) < 0 || hexval(p->csum[1]) < 0 ||
            ((hexval(p->csum[0]) << 4) | hexval(p->csum[1])) != p->sum) {
            return GDB_RX_BAD;
        }
        return GDB_RX_PACKET;
    }
}

void gdb_packet_frame(GString *out, const char *payload, size_t len)
{
    uint8_t sum = 0;

    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];

        if (c == '#' || c == '$' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(out, c);
        sum += c;
    }
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_hex_encode(GString *out, const uint8_t *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[buf[i] >> 4]);
        g_string_append_c(out, digits[buf[i] & 15]);
    }
}

size_t gdb_hex_decode(uint8_t *buf, size_t len, const char *hex)
{
    size_t n = 0;

    while (n < len && hexval(hex[0]) >= 0 && hexval(hex[1]) >= 0) {
        buf[n++] = (hexval(hex[0]) << 4) | hexval(hex[1]);
        hex += 2;
    }
    return n;
}
