/*
 * The x86 half of the KVM accelerator: what accel/kvm asks of the target
 * (Documentation/virt/kvm/api.rst names every ioctl used here).
 *
 *  - VM set-up: the in-kernel interrupt controllers (PIC, IOAPIC, one
 *    local APIC per vCPU) and PIT, and the addresses VMX needs for its
 *    real-mode TSS and identity map;
 *  - vCPU set-up: the guest's CPUID, made from what KVM supports,
 *    filtered to what the board promises, with KVM's paravirtual leaves;
 *  - register transfer between X86CPUState and KVM's structures.
 *
 * Errors are returned with a message naming the ioctl that failed.
 */
#ifndef TARGET_I386_KVM_H
#define TARGET_I386_KVM_H

#include <glib.h>
#include <stdbool.h>

#include "hw/core/cpu.h"

/* Guest-physical pages reserved for VMX (must hold no RAM or devices). */
#define X86_KVM_TSS_ADDR 0xfeffd000u          /* three pages */
#define X86_KVM_IDENTITY_MAP_ADDR 0xfeffc000u /* one page */

bool x86_kvm_vm_init(int kvm_fd, int vm_fd, GError **errp);
/* Set the vCPU's CPUID; ncpus describes the topology to the guest. */
bool x86_kvm_vcpu_init(CPUState *cpu, int vcpu_fd, int ncpus, GError **errp);
/*
 * Load the state into KVM if it is dirty (after reset or a board's boot
 * set-up); after a reset this also resets the local APIC and the
 * paravirtual MSRs, which live outside X86CPUState, and for the boot CPU
 * the VM's IOAPIC.
 */
bool x86_kvm_put_registers(CPUState *cpu, int vcpu_fd, GError **errp);
/* Read the general, segment and control registers back (for dumps). */
bool x86_kvm_get_registers(CPUState *cpu, int vcpu_fd, GError **errp);

#endif
