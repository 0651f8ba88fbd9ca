/*
 * KVM glue for x86-64 guests: in-kernel irqchip, CPUID, and register
 * transfer between X86CPUState and KVM's structures (see kvm.h).
 */
#include "target/i386/kvm.h"

#include <errno.h>
#include <linux/kvm.h>
#include <linux/kvm_para.h>
#include <string.h>
#include <sys/ioctl.h>

#include "target/i386/cpu.h"
#include "util/error.h"

/* CPUID bits the board decides (SDM Vol. 2A, CPUID). */
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_1_ECX_MONITOR (1u << 3)
#define CPUID_1_EDX_HTT (1u << 28)
#define CPUID_1_ECX_AVX (1u << 28)
#define CPUID_7_EBX_SGX (1u << 2)
/* AVX-512 (F, DQ, IFMA, PF, ER, CD, BW, VL), PKU/OSPKE, AMX: state that
 * X86CPUState does not hold, so not offered. */
#define CPUID_7_EBX_AVX512 0xdc230000u
#define CPUID_7_ECX_UNOFFERED 0x0000585au
#define CPUID_7_EDX_UNOFFERED 0x03c0010cu
#define CPUID_7_1_EAX_AVX512_BF16 (1u << 5)
#define CPUID_D_1_EAX_XSAVES (1u << 3)
#define CPUID_80000001_ECX_TOPOEXT (1u << 22)

/* The paravirtual features offered (Documentation/virt/kvm/x86/cpuid.rst):
 * kvmclock in both MSR ranges, its stable bit, and no port-0x80 delays. */
#define KVM_PV_FEATURES                                                        \
    ((1u << KVM_FEATURE_CLOCKSOURCE) | (1u << KVM_FEATURE_NOP_IO_DELAY) |      \
     (1u << KVM_FEATURE_CLOCKSOURCE2) | (1u << KVM_FEATURE_PV_EOI) |           \
     (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT))

#define X86_KVM_MAX_CPUID 256

static struct {
    int kvm_fd, vm_fd;
    struct kvm_cpuid2 *supported;
    struct kvm_msr_list *msrs;
    bool has_xsave, has_xcrs;
    uint32_t xcr0_mask; /* XSAVE components offered */
} x86kvm = {.kvm_fd = -1};

static bool x86_kvm_ioctl(int fd, unsigned long req, void *arg,
                          const char *name, GError **errp)
{
    if (ioctl(fd, req, arg) < 0) {
        error_setg_errno(errp, errno, "%s", name);
        return false;
    }
    return true;
}

static bool x86_kvm_get_supported(GError **errp)
{
    int n = 64;

    for (;;) {
        struct kvm_cpuid2 *c =
            g_malloc0(sizeof(*c) + n * sizeof(struct kvm_cpuid_entry2));

        c->nent = n;
        if (ioctl(x86kvm.kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
            x86kvm.supported = c;
            break;
        }
        g_free(c);
        if (errno != E2BIG || n >= X86_KVM_MAX_CPUID) {
            error_setg_errno(errp, errno, "KVM_GET_SUPPORTED_CPUID");
            return false;
        }
        n *= 2;
    }

    /* XSAVE components offered: AVX only where its instructions are. */
    x86kvm.xcr0_mask = X86_XSTATE_X87 | X86_XSTATE_SSE;
    for (uint32_t i = 0; i < x86kvm.supported->nent; i++) {
        if (x86kvm.supported->entries[i].function == 1 &&
            (x86kvm.supported->entries[i].ecx & CPUID_1_ECX_AVX)) {
            x86kvm.xcr0_mask |= X86_XSTATE_AVX;
        }
    }

    struct kvm_msr_list probe = {.nmsrs = 0};

    if (ioctl(x86kvm.kvm_fd, KVM_GET_MSR_INDEX_LIST, &probe) < 0 &&
        errno != E2BIG) {
        error_setg_errno(errp, errno, "KVM_GET_MSR_INDEX_LIST");
        return false;
    }
    x86kvm.msrs =
        g_malloc0(sizeof(*x86kvm.msrs) + probe.nmsrs * sizeof(uint32_t));
    x86kvm.msrs->nmsrs = probe.nmsrs;
    return x86_kvm_ioctl(x86kvm.kvm_fd, KVM_GET_MSR_INDEX_LIST, x86kvm.msrs,
                         "KVM_GET_MSR_INDEX_LIST", errp);
}

bool x86_kvm_vm_init(int kvm_fd, int vm_fd, GError **errp)
{
    uint64_t ident = X86_KVM_IDENTITY_MAP_ADDR;
    struct kvm_pit_config pit = {.flags = KVM_PIT_SPEAKER_DUMMY};

    x86kvm.kvm_fd = kvm_fd;
    x86kvm.vm_fd = vm_fd;
    x86kvm.has_xsave = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE) > 0;
    x86kvm.has_xcrs = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XCRS) > 0;
    if (!x86_kvm_get_supported(errp)) {
        return false;
    }
    /* VMX runs real mode through a TSS and an identity page table of its
     * own; they need guest-physical pages nothing else uses. */
    if (ioctl(vm_fd, KVM_SET_TSS_ADDR, (unsigned long)X86_KVM_TSS_ADDR) < 0) {
        error_setg_errno(errp, errno, "KVM_SET_TSS_ADDR");
        return false;
    }
    if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_IDENTITY_MAP_ADDR) > 0 &&
        !x86_kvm_ioctl(vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &ident,
                       "KVM_SET_IDENTITY_MAP_ADDR", errp)) {
        return false;
    }
    if (ioctl(vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
        error_setg_errno(errp, errno, "KVM_CREATE_IRQCHIP");
        return false;
    }
    return x86_kvm_ioctl(vm_fd, KVM_CREATE_PIT2, &pit, "KVM_CREATE_PIT2", errp);
}

static unsigned x86_pow2_ceil(unsigned n)
{
    unsigned p = 1;

    while (p < n) {
        p <<= 1;
    }
    return p;
}

static unsigned x86_log2(unsigned n)
{
    unsigned l = 0;

    while ((1u << l) < n) {
        l++;
    }
    return l;
}

/*
 * Adjust one supported entry to the board's promise: ncpus cores of one
 * thread each in one package, APIC IDs 0..ncpus-1, an in-kernel local
 * APIC with TSC deadline, no MONITOR/MWAIT, SGX or AMD extended topology.
 * Returns false for leaves not offered at all.
 */
static bool x86_cpuid_filter(struct kvm_cpuid_entry2 *e, uint32_t apic_id,
                             int ncpus, uint32_t xcr0_mask)
{
    unsigned width = x86_log2(x86_pow2_ceil(ncpus));
    /* SDM Vol. 1, 13.4: legacy area and header, then AVX's 256 bytes. */
    uint32_t xsave_size = 576 + (xcr0_mask & X86_XSTATE_AVX ? 256 : 0);

    switch (e->function) {
    case 1:
        e->ebx =
            (e->ebx & 0x0000ffff) | apic_id << 24 | x86_pow2_ceil(ncpus) << 16;
        e->ecx |= CPUID_1_ECX_HYPERVISOR | CPUID_1_ECX_TSC_DEADLINE |
                  CPUID_1_ECX_X2APIC;
        e->ecx &= ~CPUID_1_ECX_MONITOR;
        e->edx |= CPUID_1_EDX_HTT;
        break;
    case 4:
        /* Cores per package - 1; each cache serves one core, except the
         * last level, shared by the package. */
        e->eax &= 0x3ff;
        e->eax |= (x86_pow2_ceil(ncpus) - 1) << 26;
        if (((e->eax >> 5) & 7) >= 3) {
            e->eax |= (x86_pow2_ceil(ncpus) - 1) << 14;
        }
        break;
    case 5:          /* MONITOR/MWAIT: not offered */
    case 0xa:        /* no PMU */
    case 0x12:       /* no SGX */
    case 0x8000001e: /* no AMD extended topology */
        return false;
    case 7:
        if (e->index == 0) {
            e->ebx &= ~(CPUID_7_EBX_SGX | CPUID_7_EBX_AVX512);
            e->ecx &= ~CPUID_7_ECX_UNOFFERED;
            e->edx &= ~CPUID_7_EDX_UNOFFERED;
        } else if (e->index == 1) {
            e->eax &= ~CPUID_7_1_EAX_AVX512_BF16;
        }
        break;
    case 0xd:
        /* XSAVE: the components X86CPUState holds (x87, SSE, AVX). */
        if (e->index == 0) {
            e->eax &= xcr0_mask;
            e->edx = 0;
            e->ebx = e->ecx = xsave_size;
        } else if (e->index == 1) {
            e->eax &= ~CPUID_D_1_EAX_XSAVES;
            e->ebx = e->ecx = e->edx = 0;
        } else if (e->index >= 32 || !(xcr0_mask & (1u << e->index))) {
            return false;
        }
        break;
    case 0xb:
    case 0x1f:
        /* SDM Vol. 3, 9.9.1: level 0 threads, level 1 cores. */
        e->edx = apic_id;
        if (e->index == 0) {
            e->eax = 0;
            e->ebx = 1;
            e->ecx = 1 << 8;
        } else if (e->index == 1) {
            e->eax = width;
            e->ebx = ncpus;
            e->ecx = 2 << 8 | 1;
        } else {
            e->eax = e->ebx = 0;
            e->ecx = e->index;
        }
        break;
    case 0x80000001:
        e->ecx &= ~CPUID_80000001_ECX_TOPOEXT;
        break;
    case 0x80000008:
        /* AMD: ApicIdSize and NC (number of cores - 1). */
        e->ecx = (e->ecx & ~0xf0ffu) | width << 12 | (ncpus - 1);
        break;
    case KVM_CPUID_SIGNATURE:
        e->eax = KVM_CPUID_FEATURES;
        break;
    case KVM_CPUID_FEATURES:
        e->eax &= KVM_PV_FEATURES;
        e->edx = 0;
        break;
    }
    return true;
}

bool x86_kvm_vcpu_init(CPUState *cs, int vcpu_fd, int ncpus, GError **errp)
{
    const struct kvm_cpuid2 *sup = x86kvm.supported;
    g_autofree struct kvm_cpuid2 *c =
        g_malloc0(sizeof(*c) + sup->nent * sizeof(struct kvm_cpuid_entry2));
    uint32_t apic_id = x86_cpu(cs)->apic_id;
    uint32_t xcr0_mask = x86kvm.xcr0_mask;

    for (uint32_t i = 0; i < sup->nent; i++) {
        struct kvm_cpuid_entry2 e = sup->entries[i];

        if (x86_cpuid_filter(&e, apic_id, ncpus, xcr0_mask)) {
            c->entries[c->nent++] = e;
        }
    }
    return x86_kvm_ioctl(vcpu_fd, KVM_SET_CPUID2, c, "KVM_SET_CPUID2", errp);
}

static void x86_seg_to_kvm(struct kvm_segment *k, const X86Segment *s)
{
    k->base = s->base;
    k->limit = s->limit;
    k->selector = s->selector;
    k->type = s->type;
    k->present = s->present;
    k->dpl = s->dpl;
    k->db = s->db;
    k->s = s->s;
    k->l = s->l;
    k->g = s->g;
    k->avl = s->avl;
    k->unusable = s->unusable;
}

static void x86_seg_from_kvm(X86Segment *s, const struct kvm_segment *k)
{
    s->base = k->base;
    s->limit = k->limit;
    s->selector = k->selector;
    s->type = k->type;
    s->present = k->present;
    s->dpl = k->dpl;
    s->db = k->db;
    s->s = k->s;
    s->l = k->l;
    s->g = k->g;
    s->avl = k->avl;
    s->unusable = k->unusable;
}

static bool x86_kvm_put_sregs(X86CPUState *env, int fd, GError **errp)
{
    struct kvm_sregs sr = {0};

    x86_seg_to_kvm(&sr.es, &env->segs[X86_SEG_ES]);
    x86_seg_to_kvm(&sr.cs, &env->segs[X86_SEG_CS]);
    x86_seg_to_kvm(&sr.ss, &env->segs[X86_SEG_SS]);
    x86_seg_to_kvm(&sr.ds, &env->segs[X86_SEG_DS]);
    x86_seg_to_kvm(&sr.fs, &env->segs[X86_SEG_FS]);
    x86_seg_to_kvm(&sr.gs, &env->segs[X86_SEG_GS]);
    x86_seg_to_kvm(&sr.ldt, &env->ldt);
    x86_seg_to_kvm(&sr.tr, &env->tr);
    sr.gdt.base = env->gdt.base;
    sr.gdt.limit = env->gdt.limit;
    sr.idt.base = env->idt.base;
    sr.idt.limit = env->idt.limit;
    sr.cr0 = env->cr0;
    sr.cr2 = env->cr2;
    sr.cr3 = env->cr3;
    sr.cr4 = env->cr4;
    sr.cr8 = env->cr8;
    sr.efer = env->efer;
    sr.apic_base = env->apic_base;
    return x86_kvm_ioctl(fd, KVM_SET_SREGS, &sr, "KVM_SET_SREGS", errp);
}

/* The FXSAVE image (SDM Vol. 1, Table 10-2), also XSAVE's legacy area. */
static void x86_fxsave_put(const X86CPUState *env, uint8_t *p)
{
    memcpy(p + 0, &env->fcw, 2);
    memcpy(p + 2, &env->fsw, 2);
    p[4] = env->ftw_abridged;
    memcpy(p + 6, &env->fop, 2);
    memcpy(p + 8, &env->fip, 8);
    memcpy(p + 16, &env->fdp, 8);
    memcpy(p + 24, &env->mxcsr, 4);
    for (int i = 0; i < 8; i++) {
        memcpy(p + 32 + 16 * i, &env->st[i], 16);
    }
    for (int i = 0; i < 16; i++) {
        memcpy(p + 160 + 16 * i, &env->xmm[i], 16);
    }
}

static bool x86_kvm_put_fpu(X86CPUState *env, int fd, GError **errp)
{
    if (x86kvm.has_xsave) {
        g_autofree struct kvm_xsave *xs = g_malloc0(sizeof(*xs));
        uint8_t *p = (uint8_t *)xs->region;
        uint64_t bv = x86kvm.xcr0_mask;

        x86_fxsave_put(env, p);
        /* SDM Vol. 1, 13.4.2: XSTATE_BV in the header at 512; the AVX
         * component (YMM_Hi128) is at 576 in the standard format. */
        memcpy(p + 512, &bv, 8);
        for (int i = 0; i < 16; i++) {
            memcpy(p + 576 + 16 * i, &env->ymmh[i], 16);
        }
        if (!x86_kvm_ioctl(fd, KVM_SET_XSAVE, xs, "KVM_SET_XSAVE", errp)) {
            return false;
        }
    } else {
        struct kvm_fpu fpu = {0};
        uint8_t fx[512] = {0};

        x86_fxsave_put(env, fx);
        memcpy(fpu.fpr, fx + 32, sizeof(fpu.fpr));
        fpu.fcw = env->fcw;
        fpu.fsw = env->fsw;
        fpu.ftwx = env->ftw_abridged;
        fpu.last_opcode = env->fop;
        fpu.last_ip = env->fip;
        fpu.last_dp = env->fdp;
        memcpy(fpu.xmm, env->xmm, sizeof(fpu.xmm));
        fpu.mxcsr = env->mxcsr;
        if (!x86_kvm_ioctl(fd, KVM_SET_FPU, &fpu, "KVM_SET_FPU", errp)) {
            return false;
        }
    }
    if (x86kvm.has_xcrs) {
        struct kvm_xcrs xcrs = {.nr_xcrs = 1};

        xcrs.xcrs[0].xcr = 0;
        xcrs.xcrs[0].value = env->xcr0;
        return x86_kvm_ioctl(fd, KVM_SET_XCRS, &xcrs, "KVM_SET_XCRS", errp);
    }
    return true;
}

static bool x86_kvm_msr_supported(uint32_t index)
{
    for (uint32_t i = 0; i < x86kvm.msrs->nmsrs; i++) {
        if (x86kvm.msrs->indices[i] == index) {
            return true;
        }
    }
    return false;
}

static bool x86_kvm_put_msrs(X86CPUState *env, int fd, GError **errp)
{
    const struct {
        uint32_t index;
        uint64_t value;
        bool reset_only; /* state KVM changes by itself */
    } list[] = {
        {X86_MSR_IA32_SYSENTER_CS, env->msr.sysenter_cs},
        {X86_MSR_IA32_SYSENTER_ESP, env->msr.sysenter_esp},
        {X86_MSR_IA32_SYSENTER_EIP, env->msr.sysenter_eip},
        {X86_MSR_IA32_PAT, env->msr.pat},
        {X86_MSR_IA32_MISC_ENABLE, env->msr.misc_enable},
        {X86_MSR_STAR, env->msr.star},
        {X86_MSR_LSTAR, env->msr.lstar},
        {X86_MSR_CSTAR, env->msr.cstar},
        {X86_MSR_FMASK, env->msr.fmask},
        {X86_MSR_KERNEL_GS_BASE, env->msr.kernel_gs_base},
        {X86_MSR_TSC_AUX, env->msr.tsc_aux},
        {X86_MSR_IA32_TSC, env->msr.tsc, true},
        /* A reset must stop kvmclock & co. writing into guest memory. */
        {MSR_KVM_SYSTEM_TIME_NEW, env->msr.kvm_system_time, true},
        {MSR_KVM_WALL_CLOCK_NEW, env->msr.kvm_wall_clock, true},
        {MSR_KVM_SYSTEM_TIME, 0, true},
        {MSR_KVM_ASYNC_PF_EN, env->msr.kvm_async_pf, true},
        {MSR_KVM_PV_EOI_EN, env->msr.kvm_pv_eoi, true},
        {MSR_KVM_STEAL_TIME, env->msr.kvm_steal_time, true},
    };
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e[G_N_ELEMENTS(list)];
    } buf = {0};
    int n = 0, ret;

    for (size_t i = 0; i < G_N_ELEMENTS(list); i++) {
        if ((list[i].reset_only && !env->power_on) ||
            !x86_kvm_msr_supported(list[i].index)) {
            continue;
        }
        buf.e[n].index = list[i].index;
        buf.e[n].data = list[i].value;
        n++;
    }
    buf.hdr.nmsrs = n;
    ret = ioctl(fd, KVM_SET_MSRS, &buf);
    if (ret < 0) {
        error_setg_errno(errp, errno, "KVM_SET_MSRS");
        return false;
    }
    if (ret != n) {
        error_setg(errp, "KVM_SET_MSRS: MSR %#x refused", buf.e[ret].index);
        return false;
    }
    return true;
}

/*
 * A local APIC at power-on (SDM Vol. 3, 10.4.7.1): ID set, every LVT
 * entry masked, spurious vector FF with the APIC software-disabled, flat
 * destination format.
 */
static bool x86_kvm_reset_lapic(X86CPU *cpu, int fd, GError **errp)
{
    g_autofree struct kvm_lapic_state *s = g_malloc0(sizeof(*s));
    uint32_t v;

    if (!x86_kvm_ioctl(fd, KVM_GET_LAPIC, s, "KVM_GET_LAPIC", errp)) {
        return false;
    }
    /* Keep the version register; clear the rest. */
    memcpy(&v, s->regs + 0x30, 4);
    memset(s->regs, 0, sizeof(s->regs));
    memcpy(s->regs + 0x30, &v, 4);
    v = cpu->apic_id << 24;
    memcpy(s->regs + 0x20, &v, 4);
    v = 0xffffffff;
    memcpy(s->regs + 0xe0, &v, 4);
    v = 0xff;
    memcpy(s->regs + 0xf0, &v, 4);
    v = 1u << 16;
    for (unsigned off = 0x320; off <= 0x370; off += 0x10) {
        memcpy(s->regs + off, &v, 4);
    }
    memcpy(s->regs + 0x2f0, &v, 4); /* LVT CMCI */
    return x86_kvm_ioctl(fd, KVM_SET_LAPIC, s, "KVM_SET_LAPIC", errp);
}

/*
 * The IOAPIC at power-on (82093AA data sheet, 3.2.4): every redirection
 * entry masked, nothing pending. A reset comes while the vCPUs are
 * paused, so the boot CPU's power-on load does it for the VM.
 */
static bool x86_kvm_reset_ioapic(GError **errp)
{
    struct kvm_irqchip chip = {.chip_id = KVM_IRQCHIP_IOAPIC};

    if (!x86_kvm_ioctl(x86kvm.vm_fd, KVM_GET_IRQCHIP, &chip, "KVM_GET_IRQCHIP",
                       errp)) {
        return false;
    }
    chip.chip.ioapic.irr = 0;
    for (int i = 0; i < KVM_IOAPIC_NUM_PINS; i++) {
        chip.chip.ioapic.redirtbl[i].bits = 1ull << 16;
    }
    return x86_kvm_ioctl(x86kvm.vm_fd, KVM_SET_IRQCHIP, &chip,
                         "KVM_SET_IRQCHIP", errp);
}

bool x86_kvm_put_registers(CPUState *cs, int fd, GError **errp)
{
    X86CPU *cpu = x86_cpu(cs);
    X86CPUState *env = &cpu->env;
    struct kvm_regs r = {0};
    struct kvm_debugregs dbg = {0};
    struct kvm_mp_state mp;

    if (!env->dirty) {
        return true;
    }
    r.rax = env->regs[X86_R_RAX];
    r.rbx = env->regs[X86_R_RBX];
    r.rcx = env->regs[X86_R_RCX];
    r.rdx = env->regs[X86_R_RDX];
    r.rsi = env->regs[X86_R_RSI];
    r.rdi = env->regs[X86_R_RDI];
    r.rsp = env->regs[X86_R_RSP];
    r.rbp = env->regs[X86_R_RBP];
    r.r8 = env->regs[X86_R_R8];
    r.r9 = env->regs[X86_R_R9];
    r.r10 = env->regs[X86_R_R10];
    r.r11 = env->regs[X86_R_R11];
    r.r12 = env->regs[X86_R_R12];
    r.r13 = env->regs[X86_R_R13];
    r.r14 = env->regs[X86_R_R14];
    r.r15 = env->regs[X86_R_R15];
    r.rip = env->rip;
    r.rflags = env->rflags;

    /* The APIC base (in sregs) before the APIC's own registers. */
    if (!x86_kvm_put_sregs(env, fd, errp)) {
        return false;
    }
    if (env->power_on && !x86_kvm_reset_lapic(cpu, fd, errp)) {
        return false;
    }
    if (env->power_on && cpu->apic_id == 0 && !x86_kvm_reset_ioapic(errp)) {
        return false;
    }
    if (!x86_kvm_ioctl(fd, KVM_SET_REGS, &r, "KVM_SET_REGS", errp) ||
        !x86_kvm_put_fpu(env, fd, errp) || !x86_kvm_put_msrs(env, fd, errp)) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        dbg.db[i] = env->dr[i];
    }
    dbg.dr6 = env->dr[6];
    dbg.dr7 = env->dr[7];
    if (!x86_kvm_ioctl(fd, KVM_SET_DEBUGREGS, &dbg, "KVM_SET_DEBUGREGS",
                       errp)) {
        return false;
    }
    /* An AP waits for INIT and SIPI from the BSP (SDM Vol. 3, 9.4). */
    mp.mp_state =
        env->wait_for_sipi ? KVM_MP_STATE_UNINITIALIZED : KVM_MP_STATE_RUNNABLE;
    if (!x86_kvm_ioctl(fd, KVM_SET_MP_STATE, &mp, "KVM_SET_MP_STATE", errp)) {
        return false;
    }
    env->dirty = false;
    env->power_on = false;
    return true;
}

bool x86_kvm_get_registers(CPUState *cs, int fd, GError **errp)
{
    X86CPUState *env = x86_env(cs);
    struct kvm_regs r;
    struct kvm_sregs sr;

    if (!x86_kvm_ioctl(fd, KVM_GET_REGS, &r, "KVM_GET_REGS", errp) ||
        !x86_kvm_ioctl(fd, KVM_GET_SREGS, &sr, "KVM_GET_SREGS", errp)) {
        return false;
    }
    env->regs[X86_R_RAX] = r.rax;
    env->regs[X86_R_RBX] = r.rbx;
    env->regs[X86_R_RCX] = r.rcx;
    env->regs[X86_R_RDX] = r.rdx;
    env->regs[X86_R_RSI] = r.rsi;
    env->regs[X86_R_RDI] = r.rdi;
    env->regs[X86_R_RSP] = r.rsp;
    env->regs[X86_R_RBP] = r.rbp;
    env->regs[X86_R_R8] = r.r8;
    env->regs[X86_R_R9] = r.r9;
    env->regs[X86_R_R10] = r.r10;
    env->regs[X86_R_R11] = r.r11;
    env->regs[X86_R_R12] = r.r12;
    env->regs[X86_R_R13] = r.r13;
    env->regs[X86_R_R14] = r.r14;
    env->regs[X86_R_R15] = r.r15;
    env->rip = r.rip;
    env->rflags = r.rflags;

    x86_seg_from_kvm(&env->segs[X86_SEG_ES], &sr.es);
    x86_seg_from_kvm(&env->segs[X86_SEG_CS], &sr.cs);
    x86_seg_from_kvm(&env->segs[X86_SEG_SS], &sr.ss);
    x86_seg_from_kvm(&env->segs[X86_SEG_DS], &sr.ds);
    x86_seg_from_kvm(&env->segs[X86_SEG_FS], &sr.fs);
    x86_seg_from_kvm(&env->segs[X86_SEG_GS], &sr.gs);
    x86_seg_from_kvm(&env->ldt, &sr.ldt);
    x86_seg_from_kvm(&env->tr, &sr.tr);
    env->gdt.base = sr.gdt.base;
    env->gdt.limit = sr.gdt.limit;
    env->idt.base = sr.idt.base;
    env->idt.limit = sr.idt.limit;
    env->cr0 = sr.cr0;
    env->cr2 = sr.cr2;
    env->cr3 = sr.cr3;
    env->cr4 = sr.cr4;
    env->cr8 = sr.cr8;
    env->efer = sr.efer;
    env->apic_base = sr.apic_base;
    return true;
}
