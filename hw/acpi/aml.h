/*
 * Building ACPI tables and AML byte code (ACPI 6.4 specification: tables
 * in chapter 5.2, AML grammar in chapter 20, resource descriptors in
 * 6.4). Enough for a board's RSDP/XSDT/FADT/MADT and a DSDT that
 * describes a few fixed devices; no methods, no control flow.
 *
 * Tables are appended to one GByteArray; a board lays that array out in
 * guest memory at a known address, so a table's address is that base plus
 * its offset in the array. AML terms are GByteArrays too: constructors
 * that take a term take ownership of it.
 */
#ifndef HW_ACPI_AML_H
#define HW_ACPI_AML_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

void acpi_put8(GByteArray *t, uint8_t v);
void acpi_put16(GByteArray *t, uint16_t v);
void acpi_put32(GByteArray *t, uint32_t v);
void acpi_put64(GByteArray *t, uint64_t v);
/* Pad with zeros to a multiple of align. */
void acpi_align(GByteArray *t, unsigned align);

/*
 * A table's 36-byte header (5.2.6) with Kestrel's OEM fields; returns the
 * table's offset, for acpi_table_end to fill in length and checksum.
 */
size_t acpi_table_begin(GByteArray *t, const char *sig, uint8_t rev);
void acpi_table_end(GByteArray *t, size_t start);

/* Generic Address Structure (5.2.3.2). */
#define ACPI_GAS_SYSTEM_MEMORY 0
#define ACPI_GAS_SYSTEM_IO 1
void acpi_put_gas(GByteArray *t, uint8_t space, uint8_t bit_width,
                  uint8_t access_size, uint64_t addr);

/* Root System Description Pointer, revision 2 (5.2.5.3). */
void acpi_put_rsdp(GByteArray *t, uint64_t xsdt_addr);

/* AML terms. */
GByteArray *aml_int(uint64_t v);
GByteArray *aml_string(const char *s);
/* Name(name, value): name is a NameSeg ("_HID"), or "\\" + NameSeg. */
GByteArray *aml_name(const char *name, GByteArray *value);
GByteArray *aml_scope(const char *name, GByteArray *body);
GByteArray *aml_device(const char *name, GByteArray *body);
/* Package of n terms (taken). */
GByteArray *aml_package(GByteArray **elems, unsigned n);
/* Append b to a (b is taken); returns a. */
GByteArray *aml_append(GByteArray *a, GByteArray *b);

/* Resource descriptors (6.4), appended to a template being built. */
void aml_res_io(GByteArray *r, uint16_t base, uint8_t len);
void aml_res_irq(GByteArray *r, uint8_t irq);
void aml_res_mem32(GByteArray *r, uint32_t base, uint32_t len);
void aml_res_interrupt(GByteArray *r, uint32_t gsi, bool level,
                       bool active_low);
/* ResourceTemplate(): adds the end tag, wraps r (taken) in a Buffer. */
GByteArray *aml_resource_template(GByteArray *r);

#endif
