/*
 * ACPI tables of the microvm board: checksums, the pointer chain from the
 * RSDP through the XSDT to the FADT, DSDT and MADT, the hardware-reduced
 * FADT's sleep and reset registers, one local APIC per CPU, and the AML
 * the DSDT holds (the UART, \_S5, the populated virtio-mmio slots), as
 * Linux reads them.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi/aml.h"
#include "hw/core/machine.h"
#include "hw/i386/microvm.h"

#define BASE 0xe0000

static GByteArray *tables;

static const uint8_t *at(uint64_t addr)
{
    ck_assert_uint_ge(addr, BASE);
    ck_assert_uint_lt(addr - BASE, tables->len);
    return tables->data + (addr - BASE);
}

static uint32_t ld32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t ld64(const uint8_t *p)
{
    return ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    for (size_t i = 0; i < len; i++) {
        s += p[i];
    }
    return s;
}

/* A table at addr with signature sig and a valid checksum. */
static const uint8_t *table(uint64_t addr, const char *sig)
{
    const uint8_t *t = at(addr);

    ck_assert(!memcmp(t, sig, 4));
    ck_assert_uint_eq(sum(t, ld32(t + 4)), 0);
    return t;
}

static bool contains(const uint8_t *p, size_t len, const char *needle,
                     size_t nlen)
{
    for (size_t i = 0; i + nlen <= len; i++) {
        if (!memcmp(p + i, needle, nlen)) {
            return true;
        }
    }
    return false;
}

static void build_with(int ncpus, unsigned virtio_slots)
{
    Machine m = {.ncpus = ncpus};

    tables = microvm_acpi_build(&m, virtio_slots, BASE);
}

static void build(int ncpus)
{
    build_with(ncpus, 0);
}

static size_t count(const uint8_t *p, size_t len, const char *needle,
                    size_t nlen)
{
    size_t n = 0;

    for (size_t i = 0; i + nlen <= len; i++) {
        n += !memcmp(p + i, needle, nlen);
    }
    return n;
}

static const uint8_t *dsdt_of_tables(size_t *len)
{
    const uint8_t *fadt = table(ld64(at(ld64(at(BASE) + 24)) + 36), "FACP");
    const uint8_t *dsdt = table(ld64(fadt + 140), "DSDT");

    *len = ld32(dsdt + 4);
    return dsdt;
}

START_TEST(test_pointer_chain)
{
    const uint8_t *rsdp, *xsdt, *fadt, *madt, *dsdt;

    build(2);
    rsdp = at(BASE);
    ck_assert(!memcmp(rsdp, "RSD PTR ", 8));
    ck_assert_uint_eq(sum(rsdp, 20), 0);
    ck_assert_uint_eq(sum(rsdp, 36), 0);
    ck_assert_uint_eq(rsdp[15], 2); /* ACPI 2.0+ */
    xsdt = table(ld64(rsdp + 24), "XSDT");
    ck_assert_uint_eq(ld32(xsdt + 4), 36 + 2 * 8);
    fadt = table(ld64(xsdt + 36), "FACP");
    madt = table(ld64(xsdt + 44), "APIC");
    ck_assert_uint_eq(ld32(fadt + 4), 276); /* revision 6 size */
    ck_assert_uint_eq(ld64(fadt + 140), ld32(fadt + 40));
    dsdt = table(ld64(fadt + 140), "DSDT");
    (void)madt;
    (void)dsdt;
    g_byte_array_unref(tables);
}
END_TEST

START_TEST(test_fadt_hw_reduced)
{
    const uint8_t *fadt;

    build(1);
    fadt = table(ld64(at(ld64(at(BASE) + 24)) + 36), "FACP");
    ck_assert_uint_eq(ld32(fadt + 112) & (1u << 20), 1u << 20);
    /* Reset register: byte FEh to the i8042 at port 64h. */
    ck_assert_uint_eq(ld32(fadt + 112) & (1u << 10), 1u << 10);
    ck_assert_uint_eq(fadt[116], 1); /* system I/O */
    ck_assert_uint_eq(ld64(fadt + 120), 0x64);
    ck_assert_uint_eq(fadt[128], 0xfe);
    /* Sleep control and status: MMIO, one byte each. */
    ck_assert_uint_eq(fadt[244], 0);
    ck_assert_uint_eq(ld64(fadt + 248), microvm_memmap[MICROVM_MEM_SLEEP].base);
    ck_assert_uint_eq(ld64(fadt + 260),
                      microvm_memmap[MICROVM_MEM_SLEEP].base + 1);
    g_byte_array_unref(tables);
}
END_TEST

START_TEST(test_madt_cpus)
{
    const uint8_t *madt, *p, *end;
    int lapics = 0, ioapics = 0;

    build(4);
    madt = table(ld64(at(ld64(at(BASE) + 24)) + 44), "APIC");
    ck_assert_uint_eq(ld32(madt + 36), 0xfee00000);
    end = madt + ld32(madt + 4);
    for (p = madt + 44; p < end; p += p[1]) {
        ck_assert_uint_ge(p[1], 2);
        if (p[0] == 0) {
            ck_assert_uint_eq(p[2], lapics);   /* processor UID */
            ck_assert_uint_eq(p[3], lapics);   /* APIC ID */
            ck_assert_uint_eq(ld32(p + 4), 1); /* enabled */
            lapics++;
        } else if (p[0] == 1) {
            ck_assert_uint_eq(ld32(p + 4), 0xfec00000);
            ck_assert_uint_eq(ld32(p + 8), 0);
            ioapics++;
        }
    }
    ck_assert_ptr_eq(p, end);
    ck_assert_int_eq(lapics, 4);
    ck_assert_int_eq(ioapics, 1);
    g_byte_array_unref(tables);
}
END_TEST

START_TEST(test_dsdt_aml)
{
    const uint8_t *fadt, *dsdt;
    size_t len;
    /* Name(\_S5_, Package(4) { 5, 0, 0, 0 }), as AML bytes. */
    static const char s5[] = "\x08\\_S5_\x12\x07\x04\x0a\x05\x00\x00\x00";
    /* IO(Decode16, 0x3f8, 0x3f8, 1, 8) and IRQNoFlags() { 4 }. */
    static const char io[] = "\x47\x01\xf8\x03\xf8\x03\x01\x08\x22\x10\x00";

    build(1);
    fadt = table(ld64(at(ld64(at(BASE) + 24)) + 36), "FACP");
    dsdt = table(ld64(fadt + 140), "DSDT");
    len = ld32(dsdt + 4);
    ck_assert(contains(dsdt, len, "PNP0501", 8));
    ck_assert(contains(dsdt, len, s5, sizeof(s5) - 1));
    ck_assert(contains(dsdt, len, io, sizeof(io) - 1));
    ck_assert(contains(dsdt, len, "\x5b\x82", 2)); /* DeviceOp */
    g_byte_array_unref(tables);
}
END_TEST

/*
 * Slots 0 and 2 populated: two LNRO0005 devices, each with its 0x200
 * bytes of registers (Memory32Fixed, 6.4.3.4) and its GSI as a level,
 * active-high consumer (Extended Interrupt, 6.4.3.6); nothing for slot 1.
 * No slot populated: no device at all.
 */
START_TEST(test_dsdt_virtio)
{
    const uint8_t *dsdt;
    size_t len;
    static const char mem0[] = "\x86\x09\x00\x01\x00\x00\xb0\xfe\x00\x02\x00\x00";
    static const char mem1[] = "\x86\x09\x00\x01\x00\x02\xb0\xfe\x00\x02\x00\x00";
    static const char mem2[] = "\x86\x09\x00\x01\x00\x04\xb0\xfe\x00\x02\x00\x00";
    static const char irq16[] = "\x89\x06\x00\x01\x01\x10\x00\x00\x00";
    static const char irq17[] = "\x89\x06\x00\x01\x01\x11\x00\x00\x00";
    static const char irq18[] = "\x89\x06\x00\x01\x01\x12\x00\x00\x00";

    build_with(1, 0x5);
    dsdt = dsdt_of_tables(&len);
    ck_assert_uint_eq(count(dsdt, len, "LNRO0005", 9), 2);
    ck_assert(contains(dsdt, len, "VR00", 4));
    ck_assert(contains(dsdt, len, "VR02", 4));
    ck_assert(!contains(dsdt, len, "VR01", 4));
    ck_assert(contains(dsdt, len, mem0, sizeof(mem0) - 1));
    ck_assert(contains(dsdt, len, mem2, sizeof(mem2) - 1));
    ck_assert(!contains(dsdt, len, mem1, sizeof(mem1) - 1));
    ck_assert(contains(dsdt, len, irq16, sizeof(irq16) - 1));
    ck_assert(contains(dsdt, len, irq18, sizeof(irq18) - 1));
    ck_assert(!contains(dsdt, len, irq17, sizeof(irq17) - 1));
    g_byte_array_unref(tables);

    build_with(1, 0);
    dsdt = dsdt_of_tables(&len);
    ck_assert_uint_eq(count(dsdt, len, "LNRO0005", 9), 0);
    g_byte_array_unref(tables);
}
END_TEST

START_TEST(test_aml_pkglength)
{
    /* 20.2.4: 63 bytes of body take a one-byte PkgLength, 64 two. */
    GByteArray *small = g_byte_array_new();
    GByteArray *big = g_byte_array_new();
    GByteArray *a, *b;

    g_byte_array_set_size(small, 58);
    g_byte_array_set_size(big, 200);
    memset(small->data, 0, small->len);
    memset(big->data, 0, big->len);
    a = aml_scope("ABCD", small); /* 4 name + 58 = 62, +1 = 63 */
    ck_assert_uint_eq(a->data[0], 0x10);
    ck_assert_uint_eq(a->data[1], 63);
    b = aml_scope("ABCD", big); /* 204 + 2 = 206 = 0xce */
    ck_assert_uint_eq(b->data[1], 0x40 | 0xe);
    ck_assert_uint_eq(b->data[2], 0x0c);
    ck_assert_uint_eq(b->len, 1 + 2 + 204);
    g_byte_array_unref(a);
    g_byte_array_unref(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("acpi");
    TCase *tc = tcase_create("microvm");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_pointer_chain);
    tcase_add_test(tc, test_fadt_hw_reduced);
    tcase_add_test(tc, test_madt_cpus);
    tcase_add_test(tc, test_dsdt_aml);
    tcase_add_test(tc, test_dsdt_virtio);
    tcase_add_test(tc, test_aml_pkglength);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
