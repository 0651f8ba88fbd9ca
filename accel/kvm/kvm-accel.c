/*
 * The KVM accelerator: guest code runs natively through Linux's /dev/kvm
 * (Documentation/virt/kvm/api.rst).
 *
 * This file opens the device, checks the API version and every
 * capability Kestrel relies on (a host that lacks one gets a clear error
 * naming it at start-up), creates the VM with the target's in-kernel
 * interrupt controllers, turns the RAM and ROM sections of the machine's
 * memory map into memory slots through a MemoryListener (so they follow
 * every map change), and forwards the board's interrupt lines to the
 * in-kernel irqchip. vCPUs and the exit loop are in kvm-vcpu.c.
 *
 * For tests, KESTREL_KVM_HIDE_CAP=NAME makes a capability look missing.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "accel/kvm/kvm-int.h"
#include "hw/core/machine.h"
#include "target/i386/kvm.h"
#include "util/error.h"
#include "util/keyval.h"
#include "util/log.h"

KVMState kvm_state = {.fd = -1, .vm_fd = -1};

/* Capabilities without which the VM cannot run as Kestrel builds it. */
#define KVM_CAP_ENTRY(c)                                                       \
    {                                                                          \
        c, #c                                                                  \
    }
static const struct {
    int cap;
    const char *name;
} kvm_required_caps[] = {
    KVM_CAP_ENTRY(KVM_CAP_USER_MEMORY),
    KVM_CAP_ENTRY(KVM_CAP_IMMEDIATE_EXIT),
    KVM_CAP_ENTRY(KVM_CAP_IRQCHIP),
    KVM_CAP_ENTRY(KVM_CAP_PIT2),
    KVM_CAP_ENTRY(KVM_CAP_EXT_CPUID),
    KVM_CAP_ENTRY(KVM_CAP_SET_TSS_ADDR),
    KVM_CAP_ENTRY(KVM_CAP_MP_STATE),
    KVM_CAP_ENTRY(KVM_CAP_DEBUGREGS),
    KVM_CAP_ENTRY(KVM_CAP_TSC_DEADLINE_TIMER),
};

static int kvm_check_cap(int cap, const char *name)
{
    const char *hide = getenv("KESTREL_KVM_HIDE_CAP");

    if (hide && name && !strcmp(hide, name)) {
        return 0;
    }
    return ioctl(kvm_state.fd, KVM_CHECK_EXTENSION, cap);
}

static bool kvm_configure(KeyVal *opts, GError **errp)
{
    return true;
}

static bool kvm_set_slot(KVMSlot *slot, int id, GError **errp)
{
    struct kvm_userspace_memory_region r = {
        .slot = id,
        .flags = slot->flags,
        .guest_phys_addr = slot->start,
        .memory_size = slot->used ? slot->size : 0,
        .userspace_addr = (uintptr_t)slot->host,
    };

    if (ioctl(kvm_state.vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
        error_setg_errno(errp, errno,
                         "KVM_SET_USER_MEMORY_REGION slot %d at %#" PRIx64
                         " (%#" PRIx64 " bytes)",
                         id, slot->start, slot->size);
        return false;
    }
    return true;
}

/*
 * A failed slot update leaves the guest with memory it cannot use: there
 * is no caller to return the error to (listeners return nothing), so
 * it is fatal, with a message.
 */
static void kvm_slot_fail(GError *err)
{
    error_report("-accel kvm: %s", err->message);
    g_error_free(err);
    abort();
}

static void kvm_region_add(MemoryListener *l, const MemSection *s)
{
    GError *err = NULL;
    uint8_t *host = mr_ram_ptr(s->mr);
    int id;

    g_assert(host);
    if ((s->start | s->size) & (getpagesize() - 1)) {
        /* KVM maps whole pages; a board maps RAM page-aligned. */
        log_unimp("kvm: %s at %#" PRIx64 " is not page-aligned; its "
                  "accesses go through MMIO exits\n",
                  mr_name(s->mr), s->start);
        return;
    }
    for (id = 0; id < kvm_state.nr_slots && kvm_state.slots[id].used; id++) {
    }
    if (id == kvm_state.nr_slots) {
        error_setg(&err, "out of memory slots (%d)", kvm_state.nr_slots);
        kvm_slot_fail(err);
    }
    kvm_state.slots[id] = (KVMSlot){
        .used = true,
        .flags =
            mr_is_rom(s->mr) && kvm_state.readonly_mem ? KVM_MEM_READONLY : 0,
        .start = s->start,
        .size = s->size,
        .host = host + s->offset,
    };
    if (!kvm_set_slot(&kvm_state.slots[id], id, &err)) {
        kvm_slot_fail(err);
    }
}

static void kvm_region_del(MemoryListener *l, const MemSection *s)
{
    GError *err = NULL;

    for (int id = 0; id < kvm_state.nr_slots; id++) {
        KVMSlot *slot = &kvm_state.slots[id];

        if (slot->used && slot->start == s->start && slot->size == s->size) {
            slot->used = false;
            if (!kvm_set_slot(slot, id, &err)) {
                kvm_slot_fail(err);
            }
            return;
        }
    }
}

static void kvm_kick_handler(int sig)
{
}

static bool kvm_init(Machine *m, GError **errp)
{
    struct sigaction sa = {.sa_handler = kvm_kick_handler};
    int ver;

    kvm_state.fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    if (kvm_state.fd < 0) {
        error_setg_errno(errp, errno, KVM_DEVICE);
        return false;
    }
    ver = ioctl(kvm_state.fd, KVM_GET_API_VERSION, 0);
    if (ver != KVM_API_VERSION) {
        error_setg(errp, KVM_DEVICE ": API version %d, Kestrel needs %d", ver,
                   KVM_API_VERSION);
        goto fail;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(kvm_required_caps); i++) {
        if (kvm_check_cap(kvm_required_caps[i].cap,
                          kvm_required_caps[i].name) <= 0) {
            error_setg(errp, KVM_DEVICE ": the host kernel lacks %s",
                       kvm_required_caps[i].name);
            goto fail;
        }
    }
    kvm_state.run_size = ioctl(kvm_state.fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (kvm_state.run_size < (int)sizeof(struct kvm_run)) {
        error_setg_errno(errp, errno, KVM_DEVICE ": KVM_GET_VCPU_MMAP_SIZE");
        goto fail;
    }
    kvm_state.nr_slots = kvm_check_cap(KVM_CAP_NR_MEMSLOTS, NULL);
    if (kvm_state.nr_slots <= 0) {
        kvm_state.nr_slots = 32; /* the API's documented minimum */
    }
    kvm_state.readonly_mem =
        kvm_check_cap(KVM_CAP_READONLY_MEM, "KVM_CAP_READONLY_MEM") > 0;

    do {
        kvm_state.vm_fd = ioctl(kvm_state.fd, KVM_CREATE_VM, 0);
    } while (kvm_state.vm_fd < 0 && errno == EINTR);
    if (kvm_state.vm_fd < 0) {
        error_setg_errno(errp, errno, KVM_DEVICE ": KVM_CREATE_VM");
        goto fail;
    }
    if (!x86_kvm_vm_init(kvm_state.fd, kvm_state.vm_fd, errp)) {
        error_prepend(errp, KVM_DEVICE);
        goto fail;
    }
    /* No SA_RESTART: the kick must make KVM_RUN return EINTR. */
    if (sigaction(KVM_KICK_SIGNAL, &sa, NULL) < 0) {
        error_setg_errno(errp, errno, "sigaction");
        goto fail;
    }

    kvm_state.machine = m;
    kvm_state.slots = g_new0(KVMSlot, kvm_state.nr_slots);
    kvm_state.listener.region_add = kvm_region_add;
    kvm_state.listener.region_del = kvm_region_del;
    as_add_listener(m->sysmem, &kvm_state.listener);
    return true;

fail:
    if (kvm_state.vm_fd >= 0) {
        close(kvm_state.vm_fd);
        kvm_state.vm_fd = -1;
    }
    close(kvm_state.fd);
    kvm_state.fd = -1;
    return false;
}

static void kvm_cleanup(Machine *m)
{
    if (!kvm_state.machine) {
        return;
    }
    for (int i = 0; i < m->ncpus; i++) {
        kvm_vcpu_destroy(m->cpus[i]);
    }
    as_remove_listener(m->sysmem, &kvm_state.listener);
    g_free(kvm_state.slots);
    kvm_state.slots = NULL;
    close(kvm_state.vm_fd);
    close(kvm_state.fd);
    kvm_state.vm_fd = kvm_state.fd = -1;
    kvm_state.machine = NULL;
}

/* An interrupt line of the board goes to the in-kernel PIC and IOAPIC. */
static void kvm_set_irq(Machine *m, int irq, int level)
{
    struct kvm_irq_level l = {.irq = irq, .level = level};

    if (ioctl(kvm_state.vm_fd, KVM_IRQ_LINE, &l) < 0) {
        log_guest_error("kvm: KVM_IRQ_LINE %d: %s\n", irq, strerror(errno));
    }
}

const AccelOps kvm_accel_ops = {
    .name = "kvm",
    .desc = "Linux KVM (needs " KVM_DEVICE ")",
    .configure = kvm_configure,
    .init = kvm_init,
    .cleanup = kvm_cleanup,
    .vcpu_create = kvm_vcpu_create,
    .vcpu_run = kvm_vcpu_run,
    .vcpu_kick = kvm_vcpu_kick,
    .round_robin = false,
    .set_irq = kvm_set_irq,
};
