/*
 * KVM vCPUs: creation, the exit loop and kicks.
 *
 * Each vCPU runs KVM_RUN on its own host thread (accel/vcpu.c). The loop
 * is one switch on the exit reason: port I/O goes to the machine's `io`
 * address space and MMIO to `sysmem`, under the machine lock, to the same
 * device models the JIT uses; the other reasons end the run with a
 * reason the thread loop understands.
 *
 * A kick (pause, stop, quit) sets kvm_run->immediate_exit and sends
 * KVM_KICK_SIGNAL to the vCPU thread: a vCPU inside KVM_RUN leaves with
 * EINTR, one about to enter it leaves at once (api.rst, "immediate_exit").
 * The thread clears immediate_exit before it looks at exit_request, so a
 * kick is never lost between the two.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel/kvm/kvm-int.h"
#include "hw/core/machine.h"
#include "hw/core/runstate.h"
#include "target/i386/cpu.h"
#include "target/i386/kvm.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

static KVMVcpu *kvm_vcpu(CPUState *cpu)
{
    return cpu->accel_data;
}

bool kvm_vcpu_create(CPUState *cpu, GError **errp)
{
    KVMVcpu *v;
    int fd;

    if (strcmp(cpu->cc->arch, "x86_64")) {
        error_setg(errp, "KVM on this host runs x86_64 CPUs, not %s",
                   cpu->cc->arch);
        return false;
    }
    fd = ioctl(kvm_state.vm_fd, KVM_CREATE_VCPU, (unsigned long)cpu->index);
    if (fd < 0) {
        error_setg_errno(errp, errno, "KVM_CREATE_VCPU");
        return false;
    }
    v = g_new0(KVMVcpu, 1);
    v->fd = fd;
    v->run = mmap(NULL, kvm_state.run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                  fd, 0);
    if (v->run == MAP_FAILED) {
        error_setg_errno(errp, errno, "mmap of the vCPU's kvm_run");
        close(fd);
        g_free(v);
        return false;
    }
    cpu->accel_data = v;
    return x86_kvm_vcpu_init(cpu, fd, kvm_state.machine->ncpus, errp);
}

void kvm_vcpu_destroy(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    if (!v) {
        return;
    }
    if (v->first_run_us) {
        double secs = (g_get_monotonic_time() - v->first_run_us) / 1e6;

        log_mask(LOG_TB_STATS,
                 "kvm: vCPU %d: %" PRIu64 " exits in %.2f s (%.0f/s): %" PRIu64
                 " port I/O, %" PRIu64 " MMIO\n",
                 cpu->index, v->exits, secs, secs > 0 ? v->exits / secs : 0,
                 v->io_exits, v->mmio_exits);
    }
    munmap(v->run, kvm_state.run_size);
    close(v->fd);
    g_free(v);
    cpu->accel_data = NULL;
}

void kvm_vcpu_kick(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    if (!v) {
        return;
    }
    __atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&v->thread_known, __ATOMIC_ACQUIRE)) {
        pthread_kill(v->thread, KVM_KICK_SIGNAL);
    }
}

/* The guest cannot go on: say why, with its registers, and stop. */
static VCPUExit kvm_vcpu_fail(CPUState *cpu, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

static VCPUExit kvm_vcpu_fail(CPUState *cpu, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    GError *err = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("-accel kvm: CPU %d: %s", cpu->index, msg);
    if (x86_kvm_get_registers(cpu, kvm_vcpu(cpu)->fd, &err)) {
        cpu->cc->dump_state(cpu, stderr);
    } else {
        g_error_free(err);
    }
    runstate_request_shutdown(SHUTDOWN_HOST_ERROR, 1);
    return VCPU_EXIT_ERROR;
}

/* IN/OUT, also REP INS/OUTS: count items of size bytes each. */
static void kvm_handle_io(CPUState *cpu, struct kvm_run *run)
{
    AddressSpace *io = kvm_state.machine->io;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;

    machine_lock();
    for (uint32_t i = 0; i < run->io.count; i++, data += run->io.size) {
        uint64_t val = 0;

        if (run->io.direction == KVM_EXIT_IO_OUT) {
            memcpy(&val, data, run->io.size);
            if (io) {
                as_store(io, run->io.port, run->io.size, val);
            }
        } else {
            if (!io ||
                as_load(io, run->io.port, run->io.size, &val) != MEMTX_OK) {
                /* An ISA bus reads all ones where nothing answers. */
                val = ~0ull;
            }
            memcpy(data, &val, run->io.size);
        }
    }
    machine_unlock();
}

static void kvm_handle_mmio(CPUState *cpu, struct kvm_run *run)
{
    AddressSpace *as = kvm_state.machine->sysmem;
    unsigned len = run->mmio.len;

    machine_lock();
    if (len == 1 || len == 2 || len == 4 || len == 8) {
        uint64_t val = 0;

        if (run->mmio.is_write) {
            memcpy(&val, run->mmio.data, len);
            as_store(as, run->mmio.phys_addr, len, val);
        } else {
            as_load(as, run->mmio.phys_addr, len, &val);
            memcpy(run->mmio.data, &val, len);
        }
    } else {
        as_rw(as, run->mmio.phys_addr, run->mmio.data, MIN(len, 8),
              run->mmio.is_write);
    }
    machine_unlock();
}

static VCPUExit kvm_handle_system_event(CPUState *cpu, struct kvm_run *run)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, 0);
        return VCPU_EXIT_HALT;
    case KVM_SYSTEM_EVENT_RESET:
        runstate_request_reset(SHUTDOWN_GUEST_RESET);
        return VCPU_EXIT_HALT;
    default:
        return kvm_vcpu_fail(cpu, "system event %u (guest crash)",
                             run->system_event.type);
    }
}

VCPUExit kvm_vcpu_run(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);
    struct kvm_run *run = v->run;
    GError *err = NULL;

    if (!v->thread_known) {
        v->first_run_us = g_get_monotonic_time();
        v->thread = pthread_self();
        __atomic_store_n(&v->thread_known, true, __ATOMIC_RELEASE);
    }
    for (;;) {
        __atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if (__atomic_exchange_n(&cpu->exit_request, 0, __ATOMIC_SEQ_CST)) {
            return VCPU_EXIT_STOP;
        }
        if (!x86_kvm_put_registers(cpu, v->fd, &err)) {
            VCPUExit r = kvm_vcpu_fail(cpu, "%s", err->message);

            g_error_free(err);
            return r;
        }
        if (ioctl(v->fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return kvm_vcpu_fail(cpu, "KVM_RUN: %s", strerror(errno));
        }
        v->exits++;

        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            v->io_exits++;
            kvm_handle_io(cpu, run);
            break;
        case KVM_EXIT_MMIO:
            v->mmio_exits++;
            kvm_handle_mmio(cpu, run);
            break;
        case KVM_EXIT_INTR:
            break;
        case KVM_EXIT_HLT:
            /* Only without an in-kernel irqchip, which Kestrel always
             * creates; wait like a halted CPU. */
            return VCPU_EXIT_HALT;
        case KVM_EXIT_SHUTDOWN:
            /* A triple fault: the processor shuts down and the board's
             * reset logic restarts it (SDM Vol. 3, 6.15, #DF). Wait,
             * halted, until the reset comes. */
            log_mask(LOG_INT | LOG_GUEST_ERROR,
                     "kvm: CPU %d: triple fault, resetting\n", cpu->index);
            runstate_request_reset(SHUTDOWN_GUEST_RESET);
            return VCPU_EXIT_HALT;
        case KVM_EXIT_SYSTEM_EVENT:
            return kvm_handle_system_event(cpu, run);
        case KVM_EXIT_FAIL_ENTRY:
            return kvm_vcpu_fail(
                cpu,
                "KVM_RUN failed to enter the guest: hardware reason "
                "%#llx",
                (unsigned long long)
                    run->fail_entry.hardware_entry_failure_reason);
        case KVM_EXIT_INTERNAL_ERROR:
            return kvm_vcpu_fail(cpu, "KVM internal error, suberror %u%s",
                                 run->internal.suberror,
                                 run->internal.suberror ==
                                         KVM_INTERNAL_ERROR_EMULATION
                                     ? " (instruction emulation failed)"
                                     : "");
        default:
            return kvm_vcpu_fail(cpu, "unexpected KVM exit reason %u",
                                 run->exit_reason);
        }
    }
}
