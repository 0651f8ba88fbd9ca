/*
 * GICv3 CPU interface: the ICC_*_EL1 system registers (ARM IHI 0069,
 * 12.2), reached through plain calls from the CPU's MRS/MSR (see
 * arm_gicv3.h for the encodings). One Security state, EL1 registers only;
 * 5 priority bits, so ICC_AP0R0/AP1R0 hold the 32 preemption levels and
 * the minimum binary points are 2 (BPR0) and 3 (BPR1) (4.8).
 */
#include <glib.h>
#include <inttypes.h>

#include "hw/intc/arm_gicv3_internal.h"
#include "util/log.h"

#define ICC_CTLR_PRIBITS(n) (((n) - 1) << 8)
#define ICC_SRE_SRE (1u << 0)
#define ICC_SRE_DFB (1u << 1)
#define ICC_SRE_DIB (1u << 2)

#define SGIR_INTID(v) (((v) >> 24) & 0xf)
#define SGIR_IRM (1ull << 40)

typedef struct SysRegInfo {
    const char *name;
    uint8_t crn, crm, op2;
    uint8_t access;
} SysRegInfo;

#define R GICV3_SYSREG_R
#define W GICV3_SYSREG_W
static const SysRegInfo sysregs[GICV3_SYSREG_COUNT] = {
    [ICC_PMR_EL1] = {"ICC_PMR_EL1", 4, 6, 0, R | W},
    [ICC_IAR0_EL1] = {"ICC_IAR0_EL1", 12, 8, 0, R},
    [ICC_EOIR0_EL1] = {"ICC_EOIR0_EL1", 12, 8, 1, W},
    [ICC_HPPIR0_EL1] = {"ICC_HPPIR0_EL1", 12, 8, 2, R},
    [ICC_BPR0_EL1] = {"ICC_BPR0_EL1", 12, 8, 3, R | W},
    [ICC_AP0R0_EL1] = {"ICC_AP0R0_EL1", 12, 8, 4, R | W},
    [ICC_AP1R0_EL1] = {"ICC_AP1R0_EL1", 12, 9, 0, R | W},
    [ICC_DIR_EL1] = {"ICC_DIR_EL1", 12, 11, 1, W},
    [ICC_RPR_EL1] = {"ICC_RPR_EL1", 12, 11, 3, R},
    [ICC_SGI1R_EL1] = {"ICC_SGI1R_EL1", 12, 11, 5, W},
    [ICC_ASGI1R_EL1] = {"ICC_ASGI1R_EL1", 12, 11, 6, W},
    [ICC_SGI0R_EL1] = {"ICC_SGI0R_EL1", 12, 11, 7, W},
    [ICC_IAR1_EL1] = {"ICC_IAR1_EL1", 12, 12, 0, R},
    [ICC_EOIR1_EL1] = {"ICC_EOIR1_EL1", 12, 12, 1, W},
    [ICC_HPPIR1_EL1] = {"ICC_HPPIR1_EL1", 12, 12, 2, R},
    [ICC_BPR1_EL1] = {"ICC_BPR1_EL1", 12, 12, 3, R | W},
    [ICC_CTLR_EL1] = {"ICC_CTLR_EL1", 12, 12, 4, R | W},
    [ICC_SRE_EL1] = {"ICC_SRE_EL1", 12, 12, 5, R | W},
    [ICC_IGRPEN0_EL1] = {"ICC_IGRPEN0_EL1", 12, 12, 6, R | W},
    [ICC_IGRPEN1_EL1] = {"ICC_IGRPEN1_EL1", 12, 12, 7, R | W},
};
#undef R
#undef W

bool gicv3_sysreg_decode(int op0, int op1, int crn, int crm, int op2,
                         GICv3SysReg *reg)
{
    if (op0 != 3 || op1 != 0) {
        return false;
    }
    for (int i = 0; i < GICV3_SYSREG_COUNT; i++) {
        if (sysregs[i].crn == crn && sysregs[i].crm == crm &&
            sysregs[i].op2 == op2) {
            *reg = i;
            return true;
        }
    }
    return false;
}

unsigned gicv3_sysreg_access(GICv3SysReg reg)
{
    g_assert(reg < GICV3_SYSREG_COUNT);
    return sysregs[reg].access;
}

const char *gicv3_sysreg_name(GICv3SysReg reg)
{
    g_assert(reg < GICV3_SYSREG_COUNT);
    return sysregs[reg].name;
}

void gicv3_cpuif_reset(GICv3State *s, int cpu)
{
    GICv3Cpu *c = &s->cpu[cpu];

    c->ctlr = 0;
    c->pmr = 0;
    c->bpr0 = 2;
    c->bpr1 = 3;
    c->igrpen0 = c->igrpen1 = false;
    c->apr[0] = c->apr[1] = 0;
}

/* Group priority: the bits above the binary point (4.8.4). */
static unsigned cpuif_group_prio(GICv3Cpu *c, bool group1, unsigned prio)
{
    unsigned mask;

    if (group1 && !(c->ctlr & ICC_CTLR_CBPR)) {
        mask = 0xffu << c->bpr1;
    } else {
        mask = 0xffu << (c->bpr0 + 1);
    }
    return prio & mask & GICV3_PRIO_MASK;
}

static unsigned cpuif_running_prio(GICv3Cpu *c)
{
    uint32_t all = c->apr[0] | c->apr[1];

    return all ? (unsigned)__builtin_ctz(all) << 3 : GICV3_PRIO_IDLE;
}

/*
 * 4.8.3, 4.8.4: signalled when its group is enabled on the interface, its
 * priority is above the mask and its group priority above the running
 * priority (only a higher group priority preempts).
 */
bool gicv3_cpuif_can_signal(GICv3State *s, int cpu, int id)
{
    GICv3Cpu *c = &s->cpu[cpu];
    GICv3Irq *irq = gicv3_irq(s, cpu, id);

    if (!(irq->group1 ? c->igrpen1 : c->igrpen0)) {
        return false;
    }
    return irq->priority < c->pmr &&
           cpuif_group_prio(c, irq->group1, irq->priority) <
               cpuif_running_prio(c);
}

/* ICC_IAR0/1_EL1: acknowledge (12.2.14, 12.2.15). */
static uint64_t cpuif_acknowledge(GICv3State *s, int cpu, bool group1)
{
    GICv3Cpu *c = &s->cpu[cpu];
    int id = gicv3_hppi(s, cpu);
    GICv3Irq *irq;

    if (id == GICV3_SPURIOUS || !gicv3_cpuif_can_signal(s, cpu, id)) {
        return GICV3_SPURIOUS;
    }
    irq = gicv3_irq(s, cpu, id);
    if (irq->group1 != group1) {
        return GICV3_SPURIOUS;
    }
    /* Edge: the pending latch is consumed; level: pending while high. */
    irq->pending = false;
    irq->active = true;
    c->apr[group1] |= 1u << (cpuif_group_prio(c, group1, irq->priority) >> 3);
    gicv3_update(s);
    return id;
}

static void cpuif_deactivate(GICv3State *s, int cpu, uint64_t val)
{
    int id = val & 0xffffff;

    if (id < s->num_irqs) {
        gicv3_irq(s, cpu, id)->active = false;
    } else if (id < 1020) {
        log_guest_error("gicv3: CPU %d deactivates unimplemented INTID %d\n",
                        cpu, id);
    }
}

/*
 * ICC_EOIR0/1_EL1: drop the highest active priority; with EOImode 0 also
 * deactivate the interrupt, with EOImode 1 ICC_DIR_EL1 does (4.1.1).
 */
static void cpuif_eoi(GICv3State *s, int cpu, bool group1, uint64_t val)
{
    GICv3Cpu *c = &s->cpu[cpu];
    int id = val & 0xffffff;
    uint32_t all = c->apr[0] | c->apr[1];

    if (id >= 1020 && id <= 1023) {
        return;                 /* special INTIDs: nothing to end */
    }
    if (all) {
        uint32_t bit = all & -all;

        c->apr[(c->apr[group1] & bit) ? group1 : !group1] &= ~bit;
    }
    if (!(c->ctlr & ICC_CTLR_EOIMODE)) {
        cpuif_deactivate(s, cpu, val);
    }
    gicv3_update(s);
}

static uint64_t cpuif_hppir(GICv3State *s, int cpu, bool group1)
{
    int id = gicv3_hppi(s, cpu);

    if (id == GICV3_SPURIOUS || gicv3_irq(s, cpu, id)->group1 != group1) {
        return GICV3_SPURIOUS;
    }
    return id;
}

/*
 * ICC_SGI0R/SGI1R/ASGI1R_EL1 (12.2.21): INTID [27:24], IRM [40] (every PE
 * but this one), else TargetList [15:0] of Aff0 = RS * 16 + bit within
 * Aff3.Aff2.Aff1 ([55:48], [39:32], [23:16]), RS [47:44].
 */
static void cpuif_sgi(GICv3State *s, int cpu, uint64_t val)
{
    int sgi = SGIR_INTID(val);

    if (val & SGIR_IRM) {
        for (int t = 0; t < s->num_cpus; t++) {
            if (t != cpu) {
                s->cpu[t].banked[sgi].pending = true;
            }
        }
    } else {
        uint32_t aff321 = ((val >> 48) & 0xff) << 24 |
                          ((val >> 32) & 0xff) << 16 |
                          ((val >> 16) & 0xff) << 8;
        unsigned rs = (val >> 44) & 0xf;

        for (int bit = 0; bit < 16; bit++) {
            int t;

            if (!(val & (1u << bit))) {
                continue;
            }
            t = gicv3_cpu_by_affinity(s, aff321 | (rs * 16 + bit));
            if (t >= 0) {
                s->cpu[t].banked[sgi].pending = true;
            }
        }
    }
    gicv3_update(s);
}

uint64_t gicv3_cpuif_read(GICv3State *s, int cpu, GICv3SysReg reg)
{
    GICv3Cpu *c;

    g_assert(cpu >= 0 && cpu < s->num_cpus && reg < GICV3_SYSREG_COUNT);
    c = &s->cpu[cpu];
    switch (reg) {
    case ICC_PMR_EL1:
        return c->pmr;
    case ICC_IAR0_EL1:
        return cpuif_acknowledge(s, cpu, false);
    case ICC_IAR1_EL1:
        return cpuif_acknowledge(s, cpu, true);
    case ICC_HPPIR0_EL1:
        return cpuif_hppir(s, cpu, false);
    case ICC_HPPIR1_EL1:
        return cpuif_hppir(s, cpu, true);
    case ICC_BPR0_EL1:
        return c->bpr0;
    case ICC_BPR1_EL1:
        /* With CBPR, BPR1 reads as BPR0 + 1, saturated (12.2.6). */
        return (c->ctlr & ICC_CTLR_CBPR) ? MIN(c->bpr0 + 1, 7u) : c->bpr1;
    case ICC_AP0R0_EL1:
        return c->apr[0];
    case ICC_AP1R0_EL1:
        return c->apr[1];
    case ICC_RPR_EL1:
        return cpuif_running_prio(c);
    case ICC_CTLR_EL1:
        /* PRIbits 5 bits; IDbits 0 (16 bits); no SEIS, A3V, RSS. */
        return c->ctlr | ICC_CTLR_PRIBITS(5);
    case ICC_SRE_EL1:
        return ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB;
    case ICC_IGRPEN0_EL1:
        return c->igrpen0;
    case ICC_IGRPEN1_EL1:
        return c->igrpen1;
    default:
        log_guest_error("gicv3: CPU %d reads write-only %s\n", cpu,
                        gicv3_sysreg_name(reg));
        return 0;
    }
}

void gicv3_cpuif_write(GICv3State *s, int cpu, GICv3SysReg reg,
                       uint64_t value)
{
    GICv3Cpu *c;

    g_assert(cpu >= 0 && cpu < s->num_cpus && reg < GICV3_SYSREG_COUNT);
    c = &s->cpu[cpu];
    switch (reg) {
    case ICC_PMR_EL1:
        c->pmr = value & GICV3_PRIO_MASK;
        break;
    case ICC_EOIR0_EL1:
        cpuif_eoi(s, cpu, false, value);
        return;
    case ICC_EOIR1_EL1:
        cpuif_eoi(s, cpu, true, value);
        return;
    case ICC_DIR_EL1:
        cpuif_deactivate(s, cpu, value);
        break;
    case ICC_SGI0R_EL1:
    case ICC_SGI1R_EL1:
    case ICC_ASGI1R_EL1:
        cpuif_sgi(s, cpu, value);
        return;
    case ICC_BPR0_EL1:
        /* Below the minimum binary point sets the minimum (4.8.4). */
        c->bpr0 = MAX(value & 7, 2u);
        break;
    case ICC_BPR1_EL1:
        if (!(c->ctlr & ICC_CTLR_CBPR)) {
            c->bpr1 = MAX(value & 7, 3u);
        }
        break;
    case ICC_AP0R0_EL1:
        c->apr[0] = value;
        break;
    case ICC_AP1R0_EL1:
        c->apr[1] = value;
        break;
    case ICC_CTLR_EL1:
        c->ctlr = value & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        break;
    case ICC_SRE_EL1:
        break;                  /* system registers are always enabled */
    case ICC_IGRPEN0_EL1:
        c->igrpen0 = value & 1;
        break;
    case ICC_IGRPEN1_EL1:
        c->igrpen1 = value & 1;
        break;
    default:
        log_guest_error("gicv3: CPU %d writes read-only %s\n", cpu,
                        gicv3_sysreg_name(reg));
        return;
    }
    gicv3_update(s);
}
