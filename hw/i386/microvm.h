/*
 * Internal to the microvm board: its memory map, port map and IRQs (the
 * tables in microvm.c), shared with the ACPI table builder
 * (microvm-acpi.c).
 */
#ifndef HW_I386_MICROVM_H
#define HW_I386_MICROVM_H

#include <glib.h>
#include <stdint.h>

typedef struct Machine Machine;

enum {
    MICROVM_MEM_LOWRAM,  /* RAM from 0 up to the MMIO hole */
    MICROVM_MEM_ACPI,    /* ACPI tables (in RAM, e820-reserved) */
    MICROVM_MEM_SLEEP,   /* ACPI sleep control/status (MMIO) */
    MICROVM_MEM_VIRTIO,  /* virtio-mmio slots */
    MICROVM_MEM_IOAPIC,  /* KVM's in-kernel IOAPIC */
    MICROVM_MEM_LAPIC,   /* KVM's in-kernel local APICs */
    MICROVM_MEM_HIGHRAM, /* RAM above 4 GiB */
    MICROVM_MEM_COUNT
};

enum {
    MICROVM_PIO_I8042_DATA,
    MICROVM_PIO_I8042_CMD,
    MICROVM_PIO_COM1,
    MICROVM_PIO_COUNT
};

typedef struct MicrovmRange {
    uint64_t base, size;
} MicrovmRange;

extern const MicrovmRange microvm_memmap[MICROVM_MEM_COUNT];
extern const MicrovmRange microvm_piomap[MICROVM_PIO_COUNT];

#define MICROVM_IRQ_COM1 4
/* GSIs of the virtio-mmio slots (slot i at MICROVM_IRQ_VIRTIO + i). */
#define MICROVM_IRQ_VIRTIO 16
#define MICROVM_VIRTIO_SLOT_SIZE 0x200
#define MICROVM_VIRTIO_SLOTS 8
#define MICROVM_IOAPIC_PINS 24

/*
 * The ACPI tables for m (ncpus local APICs; the virtio-mmio slots whose
 * bit is set in virtio_slots), laid out for guest address base: RSDP
 * first, so base is also the RSDP's address.
 */
GByteArray *microvm_acpi_build(Machine *m, unsigned virtio_slots,
                               uint64_t base);

#endif
