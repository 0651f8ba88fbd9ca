/*
 * Internal to accel/kvm: the VM-wide state and the per-vCPU state shared
 * between kvm-accel.c (device, VM, memory slots, interrupts) and
 * kvm-vcpu.c (vCPUs and the exit loop).
 */
#ifndef ACCEL_KVM_KVM_INT_H
#define ACCEL_KVM_KVM_INT_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel/accel.h"
#include "hw/core/memory.h"

#define KVM_DEVICE "/dev/kvm"
/* Kicks a vCPU thread out of KVM_RUN; its handler does nothing. */
#define KVM_KICK_SIGNAL SIGUSR1

typedef struct KVMSlot {
    bool used;
    uint32_t flags;
    uint64_t start, size;
    void *host;
} KVMSlot;

typedef struct KVMState {
    int fd; /* /dev/kvm */
    int vm_fd;
    int run_size;      /* bytes of each vCPU's kvm_run mapping */
    bool readonly_mem; /* KVM_MEM_READONLY is available */
    Machine *machine;
    MemoryListener listener;
    KVMSlot *slots;
    int nr_slots;
} KVMState;

typedef struct KVMVcpu {
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    bool thread_known;
    /* Statistics, printed at exit under -d tb_stats. */
    uint64_t exits, io_exits, mmio_exits;
    gint64 first_run_us;
} KVMVcpu;

extern KVMState kvm_state;

bool kvm_vcpu_create(CPUState *cpu, GError **errp);
VCPUExit kvm_vcpu_run(CPUState *cpu);
void kvm_vcpu_kick(CPUState *cpu);
void kvm_vcpu_destroy(CPUState *cpu);

#endif
