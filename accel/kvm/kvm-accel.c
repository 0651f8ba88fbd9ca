/*
 * The KVM accelerator: guest code runs natively through Linux's /dev/kvm.
 *
 * This first part opens the device, checks the API version and the
 * capabilities Kestrel relies on, and creates the VM, so a host without
 * KVM gets a clear error at start-up. vCPUs, memory slots and the exit
 * loop arrive with the microvm board.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "accel/accel.h"
#include "hw/core/machine.h"
#include "util/error.h"
#include "util/keyval.h"

#define KVM_DEVICE "/dev/kvm"

static struct {
    int fd;
    int vm_fd;
} kvm = { .fd = -1, .vm_fd = -1 };

/* Capabilities without which the vCPU loop cannot work. */
static const struct {
    int cap;
    const char *name;
} kvm_required_caps[] = {
    { KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
    { KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
};

static bool kvm_configure(KeyVal *opts, GError **errp)
{
    return true;
}

static bool kvm_init(Machine *m, GError **errp)
{
    int ver;

    kvm.fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    if (kvm.fd < 0) {
        error_setg_errno(errp, errno, KVM_DEVICE);
        return false;
    }
    ver = ioctl(kvm.fd, KVM_GET_API_VERSION, 0);
    if (ver != KVM_API_VERSION) {
        error_setg(errp, KVM_DEVICE ": API version %d, Kestrel needs %d",
                   ver, KVM_API_VERSION);
        goto fail;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(kvm_required_caps); i++) {
        if (ioctl(kvm.fd, KVM_CHECK_EXTENSION, kvm_required_caps[i].cap) <=
            0) {
            error_setg(errp, KVM_DEVICE ": the host kernel lacks %s",
                       kvm_required_caps[i].name);
            goto fail;
        }
    }
    do {
        kvm.vm_fd = ioctl(kvm.fd, KVM_CREATE_VM, 0);
    } while (kvm.vm_fd < 0 && errno == EINTR);
    if (kvm.vm_fd < 0) {
        error_setg_errno(errp, errno, KVM_DEVICE ": KVM_CREATE_VM");
        goto fail;
    }
    return true;

fail:
    close(kvm.fd);
    kvm.fd = -1;
    return false;
}

static bool kvm_vcpu_create(CPUState *cpu, GError **errp)
{
    error_setg(errp, "KVM vCPUs are not supported yet");
    return false;
}

static VCPUExit kvm_vcpu_run(CPUState *cpu)
{
    return VCPU_EXIT_ERROR;
}

const AccelOps kvm_accel_ops = {
    .name = "kvm",
    .desc = "Linux KVM (needs " KVM_DEVICE ")",
    .configure = kvm_configure,
    .init = kvm_init,
    .vcpu_create = kvm_vcpu_create,
    .vcpu_run = kvm_vcpu_run,
    .round_robin = false,
};
