/*
 * ACPI table and AML encoding helpers (see aml.h). Section numbers are
 * those of the ACPI 6.4 specification.
 */
#include "hw/acpi/aml.h"

#include <string.h>

/* AML opcodes (20.3). */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_STRING_PREFIX 0x0d
#define AML_QWORD_PREFIX 0x0e
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_EXT_OP_PREFIX 0x5b
#define AML_DEVICE_OP 0x82 /* after AML_EXT_OP_PREFIX */
#define AML_ROOT_CHAR '\\'

void acpi_put8(GByteArray *t, uint8_t v)
{
    g_byte_array_append(t, &v, 1);
}

void acpi_put16(GByteArray *t, uint16_t v)
{
    acpi_put8(t, v);
    acpi_put8(t, v >> 8);
}

void acpi_put32(GByteArray *t, uint32_t v)
{
    acpi_put16(t, v);
    acpi_put16(t, v >> 16);
}

void acpi_put64(GByteArray *t, uint64_t v)
{
    acpi_put32(t, v);
    acpi_put32(t, v >> 32);
}

void acpi_align(GByteArray *t, unsigned align)
{
    while (t->len % align) {
        acpi_put8(t, 0);
    }
}

static void acpi_put_bytes(GByteArray *t, const char *s, size_t len)
{
    g_byte_array_append(t, (const guint8 *)s, len);
}

static uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += p[i];
    }
    return -sum;
}

size_t acpi_table_begin(GByteArray *t, const char *sig, uint8_t rev)
{
    size_t start = t->len;

    acpi_put_bytes(t, sig, 4);
    acpi_put32(t, 0); /* length, filled in at the end */
    acpi_put8(t, rev);
    acpi_put8(t, 0);                  /* checksum, likewise */
    acpi_put_bytes(t, "KESTRL", 6);   /* OEM ID */
    acpi_put_bytes(t, "KESTREL ", 8); /* OEM table ID */
    acpi_put32(t, 1);                 /* OEM revision */
    acpi_put_bytes(t, "KSTL", 4);     /* creator ID */
    acpi_put32(t, 1);                 /* creator revision */
    return start;
}

void acpi_table_end(GByteArray *t, size_t start)
{
    uint32_t len = t->len - start;
    uint8_t *p = t->data + start;

    p[4] = len;
    p[5] = len >> 8;
    p[6] = len >> 16;
    p[7] = len >> 24;
    p[9] = 0;
    p[9] = acpi_checksum(p, len);
}

void acpi_put_gas(GByteArray *t, uint8_t space, uint8_t bit_width,
                  uint8_t access_size, uint64_t addr)
{
    acpi_put8(t, space);
    acpi_put8(t, bit_width);
    acpi_put8(t, 0); /* bit offset */
    acpi_put8(t, access_size);
    acpi_put64(t, addr);
}

void acpi_put_rsdp(GByteArray *t, uint64_t xsdt_addr)
{
    size_t start = t->len;
    uint8_t *p;

    acpi_put_bytes(t, "RSD PTR ", 8);
    acpi_put8(t, 0); /* checksum of the first 20 bytes */
    acpi_put_bytes(t, "KESTRL", 6);
    acpi_put8(t, 2);   /* revision: ACPI 2.0+ */
    acpi_put32(t, 0);  /* no RSDT: the XSDT serves */
    acpi_put32(t, 36); /* length */
    acpi_put64(t, xsdt_addr);
    acpi_put8(t, 0); /* extended checksum */
    acpi_put8(t, 0);
    acpi_put16(t, 0);
    p = t->data + start;
    p[8] = acpi_checksum(p, 20);
    p[32] = acpi_checksum(p, 36);
}

/*
 * PkgLength (20.2.4): the length of what follows, itself included, in one
 * byte below 64, otherwise a lead byte with the count of extra bytes and
 * the low nibble, then the rest 8 bits at a time.
 */
static GByteArray *aml_pkg(const uint8_t *op, size_t oplen, GByteArray *body)
{
    GByteArray *out = g_byte_array_new();
    size_t len = body->len;
    unsigned extra = len + 1 < 64           ? 0
                     : len + 2 < (1u << 12) ? 1
                     : len + 3 < (1u << 20) ? 2
                                            : 3;
    size_t total = len + 1 + extra;

    g_byte_array_append(out, op, oplen);
    if (!extra) {
        acpi_put8(out, total);
    } else {
        acpi_put8(out, extra << 6 | (total & 0xf));
        for (unsigned i = 0; i < extra; i++) {
            acpi_put8(out, total >> (4 + 8 * i));
        }
    }
    g_byte_array_append(out, body->data, body->len);
    g_byte_array_unref(body);
    return out;
}

/* NameString (20.2.2): an optional root prefix and one NameSeg. */
static void aml_put_name(GByteArray *t, const char *name)
{
    char seg[4] = {'_', '_', '_', '_'};

    if (*name == AML_ROOT_CHAR) {
        acpi_put8(t, AML_ROOT_CHAR);
        name++;
    }
    g_assert(strlen(name) >= 1 && strlen(name) <= 4);
    memcpy(seg, name, strlen(name));
    acpi_put_bytes(t, seg, 4);
}

GByteArray *aml_int(uint64_t v)
{
    GByteArray *t = g_byte_array_new();

    if (v == 0) {
        acpi_put8(t, AML_ZERO_OP);
    } else if (v == 1) {
        acpi_put8(t, AML_ONE_OP);
    } else if (v <= 0xff) {
        acpi_put8(t, AML_BYTE_PREFIX);
        acpi_put8(t, v);
    } else if (v <= 0xffff) {
        acpi_put8(t, AML_WORD_PREFIX);
        acpi_put16(t, v);
    } else if (v <= 0xffffffff) {
        acpi_put8(t, AML_DWORD_PREFIX);
        acpi_put32(t, v);
    } else {
        acpi_put8(t, AML_QWORD_PREFIX);
        acpi_put64(t, v);
    }
    return t;
}

GByteArray *aml_string(const char *s)
{
    GByteArray *t = g_byte_array_new();

    acpi_put8(t, AML_STRING_PREFIX);
    acpi_put_bytes(t, s, strlen(s) + 1);
    return t;
}

GByteArray *aml_append(GByteArray *a, GByteArray *b)
{
    g_byte_array_append(a, b->data, b->len);
    g_byte_array_unref(b);
    return a;
}

GByteArray *aml_name(const char *name, GByteArray *value)
{
    GByteArray *t = g_byte_array_new();

    acpi_put8(t, AML_NAME_OP);
    aml_put_name(t, name);
    return aml_append(t, value);
}

GByteArray *aml_scope(const char *name, GByteArray *body)
{
    static const uint8_t op[] = {AML_SCOPE_OP};
    GByteArray *t = g_byte_array_new();

    aml_put_name(t, name);
    return aml_pkg(op, sizeof(op), aml_append(t, body));
}

GByteArray *aml_device(const char *name, GByteArray *body)
{
    static const uint8_t op[] = {AML_EXT_OP_PREFIX, AML_DEVICE_OP};
    GByteArray *t = g_byte_array_new();

    aml_put_name(t, name);
    return aml_pkg(op, sizeof(op), aml_append(t, body));
}

GByteArray *aml_package(GByteArray **elems, unsigned n)
{
    static const uint8_t op[] = {AML_PACKAGE_OP};
    GByteArray *t = g_byte_array_new();

    g_assert(n <= 255);
    acpi_put8(t, n);
    for (unsigned i = 0; i < n; i++) {
        aml_append(t, elems[i]);
    }
    return aml_pkg(op, sizeof(op), t);
}

/* Small descriptors (6.4.2): a tag byte of type << 3 | length. */
void aml_res_io(GByteArray *r, uint16_t base, uint8_t len)
{
    acpi_put8(r, 0x47);  /* I/O port descriptor, 7 bytes */
    acpi_put8(r, 1);     /* decodes 16 address bits */
    acpi_put16(r, base); /* minimum */
    acpi_put16(r, base); /* maximum */
    acpi_put8(r, 1);     /* alignment */
    acpi_put8(r, len);
}

void aml_res_irq(GByteArray *r, uint8_t irq)
{
    g_assert(irq < 16);
    acpi_put8(r, 0x22); /* IRQ descriptor, 2 bytes: edge, high */
    acpi_put16(r, 1u << irq);
}

/* Large descriptors (6.4.3): tag, 16-bit length. */
void aml_res_mem32(GByteArray *r, uint32_t base, uint32_t len)
{
    acpi_put8(r, 0x86); /* 32-bit fixed memory range */
    acpi_put16(r, 9);
    acpi_put8(r, 1); /* read/write */
    acpi_put32(r, base);
    acpi_put32(r, len);
}

void aml_res_interrupt(GByteArray *r, uint32_t gsi, bool level, bool active_low)
{
    acpi_put8(r, 0x89); /* extended interrupt descriptor */
    acpi_put16(r, 6);
    /* Consumer; bit 1 set for edge; bit 2 set for active low. */
    acpi_put8(r, 1 | (level ? 0 : 2) | (active_low ? 4 : 0));
    acpi_put8(r, 1); /* one interrupt */
    acpi_put32(r, gsi);
}

GByteArray *aml_resource_template(GByteArray *r)
{
    static const uint8_t op[] = {AML_BUFFER_OP};
    GByteArray *t;

    acpi_put8(r, 0x79); /* end tag */
    acpi_put8(r, 0);    /* checksum 0: "treat as correct" */
    t = aml_int(r->len);
    return aml_pkg(op, sizeof(op), aml_append(t, r));
}
