/*
 * ACPI tables of the microvm board: RSDP, XSDT, a hardware-reduced FADT
 * (so Linux needs no PM timer, SCI, PIC or PIT), a MADT with one local
 * APIC per CPU and the IOAPIC, and a DSDT with the UART and the \_S5
 * sleep package that lets Linux power off, and one LNRO0005 device per
 * populated virtio-mmio slot (the ID Linux's virtio_mmio driver matches
 * in its ACPI table). Section numbers: ACPI 6.4.
 */
#include <stdio.h>
#include <string.h>

#include "hw/acpi/aml.h"
#include "hw/acpi/sleep.h"
#include "hw/core/machine.h"
#include "hw/i386/microvm.h"

#define FADT_HW_REDUCED_ACPI (1u << 20)
#define FADT_RESET_REG_SUP (1u << 10)
#define FADT_WBINVD (1u << 0)
/* IA-PC boot architecture flags (5.2.9.3). */
#define FADT_IAPC_VGA_NOT_PRESENT (1u << 2)
#define FADT_IAPC_CMOS_RTC_NOT_PRESENT (1u << 5)

#define MADT_TYPE_LAPIC 0
#define MADT_TYPE_IOAPIC 1
#define MADT_TYPE_LAPIC_NMI 4

/* Writing FEh to the i8042's command port resets the machine. */
#define MICROVM_RESET_VALUE 0xfe

/*
 * Device (VRnn) { _HID "LNRO0005", _UID n, _CRS: the slot's registers
 * and its GSI, level triggered and active high as virtio-mmio's
 * interrupt line is (6.4.3.6, Extended Interrupt Descriptor). }
 */
static GByteArray *microvm_dsdt_virtio(int slot)
{
    GByteArray *dev = g_byte_array_new();
    GByteArray *res = g_byte_array_new();
    char name[5];

    aml_res_mem32(res,
                  microvm_memmap[MICROVM_MEM_VIRTIO].base +
                      slot * MICROVM_VIRTIO_SLOT_SIZE,
                  MICROVM_VIRTIO_SLOT_SIZE);
    aml_res_interrupt(res, MICROVM_IRQ_VIRTIO + slot, true, false);
    aml_append(dev, aml_name("_HID", aml_string("LNRO0005")));
    aml_append(dev, aml_name("_UID", aml_int(slot)));
    aml_append(dev, aml_name("_CRS", aml_resource_template(res)));
    snprintf(name, sizeof(name), "VR%02d", slot);
    return aml_device(name, dev);
}

static GByteArray *microvm_dsdt_body(unsigned virtio_slots)
{
    GByteArray *sb = g_byte_array_new();
    GByteArray *com1 = g_byte_array_new();
    GByteArray *res = g_byte_array_new();
    GByteArray *s5[4];
    GByteArray *body;

    aml_res_io(res, microvm_piomap[MICROVM_PIO_COM1].base,
               microvm_piomap[MICROVM_PIO_COM1].size);
    aml_res_irq(res, MICROVM_IRQ_COM1);
    aml_append(com1, aml_name("_HID", aml_string("PNP0501")));
    aml_append(com1, aml_name("_UID", aml_int(1)));
    aml_append(com1, aml_name("_CRS", aml_resource_template(res)));
    aml_append(sb, aml_device("COM1", com1));
    for (int i = 0; i < MICROVM_VIRTIO_SLOTS; i++) {
        if (virtio_slots & (1u << i)) {
            aml_append(sb, microvm_dsdt_virtio(i));
        }
    }
    body = aml_scope("\\_SB_", sb);

    /* 7.4.2: \_S5 = { SLP_TYPa, SLP_TYPb, reserved, reserved }. */
    s5[0] = aml_int(ACPI_SLEEP_TYP_S5);
    s5[1] = aml_int(0);
    s5[2] = aml_int(0);
    s5[3] = aml_int(0);
    return aml_append(body, aml_name("\\_S5_", aml_package(s5, 4)));
}

/* 5.2.9, revision 6: only the fields a hardware-reduced OS reads. */
static void microvm_put_fadt(GByteArray *t, uint64_t dsdt)
{
    uint64_t sleep = microvm_memmap[MICROVM_MEM_SLEEP].base;
    size_t start = acpi_table_begin(t, "FACP", 6);

    acpi_put32(t, 0); /* FIRMWARE_CTRL: no FACS */
    acpi_put32(t, dsdt);
    /* Reserved, profile, SCI, SMI_CMD, the PM1/PM2/timer/GPE blocks and
     * their lengths, C-state and duty fields: all zero here. */
    g_byte_array_set_size(t, start + 109);
    memset(t->data + start + 44, 0, 109 - 44);
    acpi_put16(t, FADT_IAPC_VGA_NOT_PRESENT | FADT_IAPC_CMOS_RTC_NOT_PRESENT);
    acpi_put8(t, 0);
    acpi_put32(t, FADT_HW_REDUCED_ACPI | FADT_RESET_REG_SUP | FADT_WBINVD);
    acpi_put_gas(t, ACPI_GAS_SYSTEM_IO, 8, 1,
                 microvm_piomap[MICROVM_PIO_I8042_CMD].base);
    acpi_put8(t, MICROVM_RESET_VALUE);
    acpi_put16(t, 0);             /* ARM boot flags */
    acpi_put8(t, 4);              /* FADT minor version */
    acpi_put64(t, 0);             /* X_FIRMWARE_CTRL */
    acpi_put64(t, dsdt);          /* X_DSDT */
    for (int i = 0; i < 8; i++) { /* X_PM1a_EVT_BLK .. X_GPE1_BLK */
        acpi_put_gas(t, 0, 0, 0, 0);
    }
    acpi_put_gas(t, ACPI_GAS_SYSTEM_MEMORY, 8, 1, sleep + ACPI_SLEEP_CONTROL);
    acpi_put_gas(t, ACPI_GAS_SYSTEM_MEMORY, 8, 1, sleep + ACPI_SLEEP_STATUS);
    acpi_put64(t, 0); /* hypervisor vendor identity */
    acpi_table_end(t, start);
}

/* 5.2.12. */
static void microvm_put_madt(GByteArray *t, Machine *m)
{
    size_t start = acpi_table_begin(t, "APIC", 5);

    acpi_put32(t, microvm_memmap[MICROVM_MEM_LAPIC].base);
    acpi_put32(t, 0); /* no 8259s to disable (PCAT_COMPAT) */
    for (int i = 0; i < m->ncpus; i++) {
        acpi_put8(t, MADT_TYPE_LAPIC);
        acpi_put8(t, 8);
        acpi_put8(t, i);  /* ACPI processor UID */
        acpi_put8(t, i);  /* APIC ID */
        acpi_put32(t, 1); /* enabled */
    }
    acpi_put8(t, MADT_TYPE_IOAPIC);
    acpi_put8(t, 12);
    acpi_put8(t, m->ncpus); /* IOAPIC ID, after the CPUs' */
    acpi_put8(t, 0);
    acpi_put32(t, microvm_memmap[MICROVM_MEM_IOAPIC].base);
    acpi_put32(t, 0); /* GSI base */
    /* NMI on LINT1 of every local APIC, as on PCs. */
    acpi_put8(t, MADT_TYPE_LAPIC_NMI);
    acpi_put8(t, 6);
    acpi_put8(t, 0xff); /* all processors */
    acpi_put16(t, 0);   /* bus-conforming polarity/trigger */
    acpi_put8(t, 1);    /* LINT1 */
    acpi_table_end(t, start);
}

GByteArray *microvm_acpi_build(Machine *m, unsigned virtio_slots,
                               uint64_t base)
{
    GByteArray *t = g_byte_array_new();
    uint64_t dsdt, fadt, madt, xsdt;
    size_t start;

    /* The RSDP first, patched once the XSDT's place is known. */
    g_byte_array_set_size(t, 36);
    acpi_align(t, 16);

    dsdt = base + t->len;
    start = acpi_table_begin(t, "DSDT", 2);
    aml_append(t, microvm_dsdt_body(virtio_slots));
    acpi_table_end(t, start);
    acpi_align(t, 16);

    fadt = base + t->len;
    microvm_put_fadt(t, dsdt);
    acpi_align(t, 16);

    madt = base + t->len;
    microvm_put_madt(t, m);
    acpi_align(t, 16);

    xsdt = base + t->len;
    start = acpi_table_begin(t, "XSDT", 1);
    acpi_put64(t, fadt);
    acpi_put64(t, madt);
    acpi_table_end(t, start);

    /* Now the RSDP, in its place at the front. */
    GByteArray *rsdp = g_byte_array_new();

    acpi_put_rsdp(rsdp, xsdt);
    memcpy(t->data, rsdp->data, rsdp->len);
    g_byte_array_unref(rsdp);
    return t;
}
