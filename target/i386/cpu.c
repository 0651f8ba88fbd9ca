/*
 * The x86-64 CPU: power-on state, state dump and the CPUClass the generic
 * layers use. Instruction execution lives elsewhere (KVM today; the JIT
 * frontend later).
 */
#include "target/i386/cpu.h"

#include <inttypes.h>
#include <string.h>

static void x86_seg_reset(X86Segment *seg, uint8_t type)
{
    memset(seg, 0, sizeof(*seg));
    seg->limit = 0xffff;
    seg->type = type;
    seg->present = 1;
}

/*
 * SDM Vol. 3, 9.1.1, Table 9-1: the state after RESET or INIT. CS holds
 * selector F000 with base FFFF0000, so the first fetch is at FFFFFFF0.
 */
static void x86_cpu_reset(CPUState *cs)
{
    X86CPU *cpu = x86_cpu(cs);
    X86CPUState *env = &cpu->env;

    memset(env, 0, sizeof(*env));
    env->rip = 0xfff0;
    env->rflags = X86_RFLAGS_FIXED;
    env->cr0 = X86_CR0_ET | X86_CR0_NW | X86_CR0_CD;
    /* EDX holds the processor signature; family 6 stands in. */
    env->regs[X86_R_RDX] = 0x600;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_seg_reset(&env->segs[i], 0x3); /* read/write, accessed */
        env->segs[i].s = 1;
    }
    env->segs[X86_SEG_CS].selector = 0xf000;
    env->segs[X86_SEG_CS].base = 0xffff0000;
    env->segs[X86_SEG_CS].type = 0xb; /* execute/read, accessed */
    x86_seg_reset(&env->ldt, 0x2);    /* LDT */
    x86_seg_reset(&env->tr, 0xb);     /* busy 32-bit TSS */
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;

    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->xcr0 = X86_XSTATE_X87;
    env->apic_base = X86_APIC_DEFAULT_BASE | X86_APICBASE_ENABLE |
                     (cpu->apic_id == 0 ? X86_APICBASE_BSP : 0);
    env->msr.pat = X86_PAT_RESET;
    env->msr.misc_enable = X86_MISC_ENABLE_FAST_STRINGS;

    /* SDM Vol. 1, 8.1.1 and 10.2.3: FINIT's and the MXCSR reset values. */
    env->fcw = 0x037f;
    env->mxcsr = 0x1f80;

    env->wait_for_sipi = cpu->apic_id != 0;
    env->dirty = true;
    env->power_on = true;
    /* Not halted: a CPU that waited (triple fault) runs again. */
    cs->halted = false;
}

static bool x86_cpu_has_work(CPUState *cs)
{
    return x86_env(cs)->int_pending;
}

static void x86_dump_seg(FILE *out, const char *name, const X86Segment *s)
{
    fprintf(out,
            "%-3s=%04x %016" PRIx64 " %08x type=%x s=%u dpl=%u p=%u "
            "l=%u db=%u g=%u\n",
            name, s->selector, s->base, s->limit, s->type, s->s, s->dpl,
            s->present, s->l, s->db, s->g);
}

static void x86_cpu_dump_state(CPUState *cs, FILE *out)
{
    static const char *const reg_names[X86_NB_REGS] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8",  "R9",  "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const char *const seg_names[X86_NB_SEGS] = {
        "ES", "CS", "SS", "DS", "FS", "GS",
    };
    X86CPUState *env = x86_env(cs);

    for (int i = 0; i < X86_NB_REGS; i++) {
        fprintf(out, "%-3s=%016" PRIx64 "%s", reg_names[i], env->regs[i],
                i % 4 == 3 ? "\n" : " ");
    }
    fprintf(out, "RIP=%016" PRIx64 " RFL=%08" PRIx64 "\n", env->rip,
            env->rflags);
    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_dump_seg(out, seg_names[i], &env->segs[i]);
    }
    x86_dump_seg(out, "LDT", &env->ldt);
    x86_dump_seg(out, "TR", &env->tr);
    fprintf(out, "GDT=%016" PRIx64 " %04x IDT=%016" PRIx64 " %04x\n",
            env->gdt.base, env->gdt.limit, env->idt.base, env->idt.limit);
    fprintf(out,
            "CR0=%08" PRIx64 " CR2=%016" PRIx64 " CR3=%016" PRIx64
            " CR4=%08" PRIx64 " CR8=%" PRIx64 "\n",
            env->cr0, env->cr2, env->cr3, env->cr4, env->cr8);
    fprintf(out, "EFER=%08" PRIx64 " APICBASE=%08" PRIx64 " XCR0=%" PRIx64 "\n",
            env->efer, env->apic_base, env->xcr0);
}

const CPUClass x86_cpu_class = {
    .arch = "x86_64",
    .reset = x86_cpu_reset,
    .has_work = x86_cpu_has_work,
    .dump_state = x86_cpu_dump_state,
};

X86CPU *x86_cpu_new(uint32_t apic_id)
{
    X86CPU *cpu = g_new0(X86CPU, 1);

    cpu->apic_id = apic_id;
    cpu->parent.cc = &x86_cpu_class;
    cpu->parent.env = &cpu->env;
    x86_cpu_reset(&cpu->parent);
    return cpu;
}

void x86_cpu_free(X86CPU *cpu)
{
    g_free(cpu);
}

void x86_cpu_set_seg_flat(X86Segment *seg, uint16_t selector, bool code)
{
    memset(seg, 0, sizeof(*seg));
    seg->selector = selector;
    seg->limit = 0xffffffff;
    seg->type = code ? 0xb : 0x3; /* execute/read or read/write, accessed */
    seg->s = 1;
    seg->present = 1;
    seg->l = code;
    seg->db = !code;
    seg->g = 1;
}
