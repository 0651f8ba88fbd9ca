/*
 * GICv3: distributor and redistributors through the memory API, the CPU
 * interface through the system-register calls, in the order Linux's
 * irq-gic-v3 driver uses them; the CPU outputs recorded. Expected values
 * are worked out from ARM IHI 0069 (GICv3/v4 architecture).
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/intc/arm_gicv3.h"

#include "gic-rig.h"

#define DIST 0x08000000
#define REDIST 0x080a0000
#define FRAME 0x20000           /* RD_base + SGI_base */
#define SGI 0x10000
#define NCPUS 4

/* 12.9, 12.10, 12.11 */
#define D_CTLR 0x0000
#define D_TYPER 0x0004
#define D_IGROUPR 0x0080
#define D_ISENABLER 0x0100
#define D_ICENABLER 0x0180
#define D_ISPENDR 0x0200
#define D_ISACTIVER 0x0300
#define D_IPRIORITYR 0x0400
#define D_ICFGR 0x0c00
#define D_IROUTER 0x6000
#define PIDR2 0xffe8
#define R_CTLR 0x0000
#define R_TYPER 0x0008
#define R_WAKER 0x0014
#define R_IGROUPR0 (SGI + 0x0080)
#define R_ISENABLER0 (SGI + 0x0100)
#define R_ICENABLER0 (SGI + 0x0180)
#define R_ISPENDR0 (SGI + 0x0200)
#define R_ISACTIVER0 (SGI + 0x0300)
#define R_IPRIORITYR (SGI + 0x0400)
#define R_ICFGR0 (SGI + 0x0c00)
#define R_ICFGR1 (SGI + 0x0c04)

/* A GICv3 on the rig's CPU lines, distributor and redistributors mapped. */
static GICv3State *gic_new(GicRig *r, int ncpus, int nspis)
{
    GICv3State *gic;

    gic_rig_init(r, ncpus, DIST);
    gic = gicv3_create(ncpus, nspis, r->irq, r->fiq);
    gic_rig_map(r, DIST, gicv3_dist_region(gic));
    gic_rig_map(r, REDIST, gicv3_redist_region(gic));
    return gic;
}

static uint32_t rr(GicRig *r, int cpu, unsigned off)
{
    return rdn(r, REDIST + (uint64_t)cpu * FRAME + off, 4);
}

static void rw(GicRig *r, int cpu, unsigned off, uint32_t v)
{
    wrn(r, REDIST + (uint64_t)cpu * FRAME + off, v, 4);
}

static uint64_t icc_rd(GICv3State *gic, int cpu, GICv3SysReg reg)
{
    return gicv3_cpuif_read(gic, cpu, reg);
}

static void icc_wr(GICv3State *gic, int cpu, GICv3SysReg reg, uint64_t v)
{
    gicv3_cpuif_write(gic, cpu, reg, v);
}

/*
 * As Linux's gic_dist_init, gic_cpu_init, gic_cpu_sys_reg_init: SPIs
 * group 1, level, priority 0xa0, routed to CPU 0 (affinity 0.0.0.0); each
 * redistributor woken, SGIs/PPIs group 1, SGIs enabled, PPIs disabled;
 * PMR 0xf0, BPR1 0, EOImode as given, group 1 enabled.
 */
static void linux_init(GicRig *r, GICv3State *gic, int ncpus, int nspis,
                       bool eoimode1)
{
    dw(r, D_CTLR, 0);
    for (int i = 32; i < 32 + nspis; i += 32) {
        dw(r, D_IGROUPR + i / 8, 0xffffffff);
        dw(r, D_ICENABLER + i / 8, 0xffffffff);
    }
    for (int i = 32; i < 32 + nspis; i += 16) {
        dw(r, D_ICFGR + i / 4, 0);
    }
    for (int i = 32; i < 32 + nspis; i += 4) {
        dw(r, D_IPRIORITYR + i, 0xa0a0a0a0);
    }
    for (int i = 32; i < 32 + nspis; i++) {
        wrn(r, DIST + D_IROUTER + i * 8, 0, 8);
    }
    dw(r, D_CTLR, 1u << 4 | 1u << 1 | 1u << 0);     /* ARE, G1A, G1 */
    for (int cpu = 0; cpu < ncpus; cpu++) {
        rw(r, cpu, R_WAKER, rr(r, cpu, R_WAKER) & ~2u);
        ck_assert_uint_eq(rr(r, cpu, R_WAKER) & 4, 0);  /* awake */
        rw(r, cpu, R_IGROUPR0, 0xffffffff);
        rw(r, cpu, R_ICENABLER0, 0xffff0000);
        rw(r, cpu, R_ISENABLER0, 0x0000ffff);
        for (int i = 0; i < 32; i += 4) {
            rw(r, cpu, R_IPRIORITYR + i, 0xa0a0a0a0);
        }
        icc_wr(gic, cpu, ICC_SRE_EL1, 1);
        ck_assert_uint_eq(icc_rd(gic, cpu, ICC_SRE_EL1) & 1, 1);
        icc_wr(gic, cpu, ICC_PMR_EL1, 0xf0);
        icc_wr(gic, cpu, ICC_BPR1_EL1, 0);
        icc_wr(gic, cpu, ICC_CTLR_EL1, eoimode1 ? 2 : 0);
        icc_wr(gic, cpu, ICC_IGRPEN1_EL1, 1);
    }
}

START_TEST(test_layout_waker)
{
    GicRig r;
    GICv3State *gic;
    IrqLine *ppi;

    gic = gic_new(&r, NCPUS, 64);
    /* 12.9.38, 12.10.31: ArchRev 3 in PIDR2[7:4] of GICD and each GICR. */
    ck_assert_uint_eq((dr(&r, PIDR2) >> 4) & 0xf, 3);
    /* 12.9.38: ITLinesNumber 96 / 32 - 1 = 2; IDbits 10 - 1 = 9. */
    ck_assert_uint_eq(dr(&r, D_TYPER) & 0x1f, 2);
    ck_assert_uint_eq((dr(&r, D_TYPER) >> 19) & 0x1f, 9);
    ck_assert_uint_eq((dr(&r, D_TYPER) >> 17) & 1, 0);     /* no LPIs */
    /* Affinity routing is on and cannot be turned off; DS reads 1. */
    dw(&r, D_CTLR, 0);
    ck_assert_uint_eq(dr(&r, D_CTLR), 1u << 4 | 1u << 6);
    for (int cpu = 0; cpu < NCPUS; cpu++) {
        uint64_t typer = rdn(&r, REDIST + cpu * FRAME + R_TYPER, 8);

        ck_assert_uint_eq((rr(&r, cpu, PIDR2) >> 4) & 0xf, 3);
        ck_assert_uint_eq(typer >> 32, (uint64_t)cpu);     /* 0.0.0.cpu */
        ck_assert_uint_eq((typer >> 8) & 0xffff, cpu);     /* number */
        ck_assert_uint_eq((typer >> 4) & 1, cpu == NCPUS - 1);   /* Last */
        /* Both 32-bit halves read the same as the 64-bit access. */
        ck_assert_uint_eq(rr(&r, cpu, R_TYPER + 4), typer >> 32);
        /* 12.11.43: out of reset asleep: ProcessorSleep, ChildrenAsleep */
        ck_assert_uint_eq(rr(&r, cpu, R_WAKER), 6);
        ck_assert_uint_eq(rr(&r, cpu, R_CTLR), 0);
    }
    /* A sleeping redistributor forwards nothing. */
    dw(&r, D_CTLR, 3);
    rw(&r, 1, R_IGROUPR0, 0xffffffff);
    rw(&r, 1, R_ISENABLER0, 1u << 27);
    rw(&r, 1, R_IPRIORITYR + 24, 0x80u << 24);
    ck_assert_uint_eq(rr(&r, 1, R_IPRIORITYR + 24), 0x80u << 24);
    ck_assert_uint_eq(rdn(&r, REDIST + FRAME + R_IPRIORITYR + 27, 1), 0x80);
    icc_wr(gic, 1, ICC_PMR_EL1, 0xff);
    icc_wr(gic, 1, ICC_IGRPEN1_EL1, 1);
    ppi = gicv3_ppi_line(gic, 1, 11);                     /* INTID 27 */
    irq_set(ppi, 1);
    ck_assert_int_eq(r.irq_level[1], 0);
    ck_assert_uint_eq(icc_rd(gic, 1, ICC_IAR1_EL1), 1023);
    /* Linux's handshake: clear ProcessorSleep, poll ChildrenAsleep. */
    rw(&r, 1, R_WAKER, 0);
    ck_assert_uint_eq(rr(&r, 1, R_WAKER), 0);
    ck_assert_int_eq(r.irq_level[1], 1);
    ck_assert_int_eq(r.irq_level[0] | r.irq_level[2] | r.irq_level[3], 0);
    ck_assert_uint_eq(icc_rd(gic, 1, ICC_IAR1_EL1), 27);
    irq_set(ppi, 0);
    icc_wr(gic, 1, ICC_EOIR1_EL1, 27);
    ck_assert_int_eq(r.irq_level[1], 0);
    /* And back to sleep. */
    rw(&r, 1, R_WAKER, 2);
    ck_assert_uint_eq(rr(&r, 1, R_WAKER), 6);
    /* The banked registers are RAZ/WI in the distributor under ARE. */
    dw(&r, D_ISENABLER, 0xffffffff);
    ck_assert_uint_eq(dr(&r, D_ISENABLER), 0);
    ck_assert_uint_eq(rr(&r, 0, R_ISENABLER0), 0);
    /* SGIs are edge, read-only; PPIs configurable (ICFGR1). */
    ck_assert_uint_eq(rr(&r, 0, R_ICFGR0), 0xaaaaaaaa);
    rw(&r, 0, R_ICFGR1, 2u << 22);                          /* 27 edge */
    ck_assert_uint_eq(rr(&r, 0, R_ICFGR1), 2u << 22);
    gic_rig_free(&r);
    gicv3_free(gic);
}
END_TEST

START_TEST(test_spi_route_eoi)
{
    GicRig r;
    GICv3State *gic;
    IrqLine *line;

    gic = gic_new(&r, NCPUS, 64);
    linux_init(&r, gic, NCPUS, 64, false);
    line = gicv3_spi_line(gic, 7);                        /* INTID 39 */
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 1023);
    irq_set(line, 1);
    ck_assert_int_eq(r.irq_level[0], 0);                        /* disabled */
    dw(&r, D_ISENABLER + 4, 1u << 7);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_int_eq(r.fiq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_HPPIR1_EL1), 39);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 39);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0xa0);
    /* 0xa0 >> 3 = preemption level 20 in AP1R0. */
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_AP1R0_EL1), 1u << 20);
    irq_set(line, 0);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 39);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0xff);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 1023);

    /* IROUTER (64-bit) sends INTID 39 to affinity 0.0.0.2. */
    wrn(&r, DIST + D_IROUTER + 39 * 8, 2, 8);
    ck_assert_uint_eq(rdn(&r, DIST + D_IROUTER + 39 * 8, 8), 2);
    irq_set(line, 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_int_eq(r.irq_level[2], 1);
    ck_assert_uint_eq(icc_rd(gic, 2, ICC_IAR1_EL1), 39);
    irq_set(line, 0);
    icc_wr(gic, 2, ICC_EOIR1_EL1, 39);
    ck_assert_int_eq(r.irq_level[2], 0);
    /* An affinity with no PE (Aff1 = 1) routes nowhere. */
    wrn(&r, DIST + D_IROUTER + 39 * 8, 0x100, 8);
    irq_set(line, 1);
    for (int cpu = 0; cpu < NCPUS; cpu++) {
        ck_assert_int_eq(r.irq_level[cpu], 0);
    }
    irq_set(line, 0);

    /* EOImode 1: EOIR drops priority, DIR deactivates (edge input). */
    wrn(&r, DIST + D_IROUTER + 39 * 8, 0, 8);
    icc_wr(gic, 0, ICC_CTLR_EL1, 2);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_CTLR_EL1) & 2, 2);
    ck_assert_uint_eq((icc_rd(gic, 0, ICC_CTLR_EL1) >> 8) & 7, 4); /* 5b */
    dw(&r, D_ICFGR + 8, 2u << 14);                          /* 39 edge */
    irq_pulse(line);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 39);
    irq_pulse(line);                                        /* again */
    icc_wr(gic, 0, ICC_EOIR1_EL1, 39);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0xff);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 1u << 7);
    ck_assert_int_eq(r.irq_level[0], 0);                        /* active */
    icc_wr(gic, 0, ICC_DIR_EL1, 39);
    ck_assert_int_eq(r.irq_level[0], 1);                        /* 2nd edge */
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 39);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 39);
    icc_wr(gic, 0, ICC_DIR_EL1, 39);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 1023);
    gic_rig_free(&r);
    gicv3_free(gic);
}
END_TEST

START_TEST(test_priority_preemption)
{
    GicRig r;
    GICv3State *gic;

    gic = gic_new(&r, 1, 32);
    linux_init(&r, gic, 1, 32, false);
    wrn(&r, DIST + D_IPRIORITYR + 40, 0x80, 1);
    wrn(&r, DIST + D_IPRIORITYR + 41, 0x40, 1);
    wrn(&r, DIST + D_IPRIORITYR + 42, 0x60, 1);
    ck_assert_uint_eq(dr(&r, D_IPRIORITYR + 40), 0xa0604080);  /* 43: 0xa0 */
    dw(&r, D_ISENABLER + 4, 7u << 8);
    /* PMR: only priorities strictly higher (lower values) pass. */
    icc_wr(gic, 0, ICC_PMR_EL1, 0x80);
    dw(&r, D_ISPENDR + 4, 1u << 8);                         /* 40 @ 0x80 */
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_HPPIR1_EL1), 40);
    icc_wr(gic, 0, ICC_PMR_EL1, 0xff);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_PMR_EL1), 0xf8);    /* 5 bits */
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 40);
    /* 41 @ 0x40 preempts 40 @ 0x80; 42 @ 0x60 then waits for it. */
    dw(&r, D_ISPENDR + 4, 3u << 9);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 41);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0x40);
    ck_assert_int_eq(r.irq_level[0], 0);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 41);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0x80);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 42);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 42);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 40);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0xff);
    /* BPR1 6: group priority bits [7:6]; 0x60 cannot preempt 0x40. */
    icc_wr(gic, 0, ICC_BPR1_EL1, 6);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_BPR1_EL1), 6);
    dw(&r, D_ISPENDR + 4, 1u << 9);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 41);
    dw(&r, D_ISPENDR + 4, 1u << 10);
    ck_assert_int_eq(r.irq_level[0], 0);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 41);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 42);
    icc_wr(gic, 0, ICC_EOIR1_EL1, 42);
    /* Below the minimum binary point: the minimum, 3 for group 1. */
    icc_wr(gic, 0, ICC_BPR1_EL1, 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_BPR1_EL1), 3);
    gic_rig_free(&r);
    gicv3_free(gic);
}
END_TEST

START_TEST(test_sgi_affinity)
{
    GicRig r;
    GICv3State *gic;

    gic = gic_new(&r, NCPUS, 32);
    linux_init(&r, gic, NCPUS, 32, false);
    /* SGI 3 to TargetList {1, 3} in 0.0.0.x: INTID [27:24]. */
    icc_wr(gic, 0, ICC_SGI1R_EL1, 3ull << 24 | (1u << 1 | 1u << 3));
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_int_eq(r.irq_level[1], 1);
    ck_assert_int_eq(r.irq_level[2], 0);
    ck_assert_int_eq(r.irq_level[3], 1);
    ck_assert_uint_eq(rr(&r, 1, R_ISPENDR0), 1u << 3);
    ck_assert_uint_eq(icc_rd(gic, 1, ICC_IAR1_EL1), 3);
    icc_wr(gic, 1, ICC_EOIR1_EL1, 3);
    ck_assert_int_eq(r.irq_level[1], 0);
    ck_assert_uint_eq(icc_rd(gic, 3, ICC_IAR1_EL1), 3);
    icc_wr(gic, 3, ICC_EOIR1_EL1, 3);
    /* IRM [40]: every PE but the sender. */
    icc_wr(gic, 2, ICC_SGI1R_EL1, 1ull << 40 | 5ull << 24);
    ck_assert_int_eq(r.irq_level[2], 0);
    for (int cpu = 0; cpu < NCPUS; cpu++) {
        if (cpu != 2) {
            ck_assert_int_eq(r.irq_level[cpu], 1);
            ck_assert_uint_eq(icc_rd(gic, cpu, ICC_IAR1_EL1), 5);
            icc_wr(gic, cpu, ICC_EOIR1_EL1, 5);
            ck_assert_int_eq(r.irq_level[cpu], 0);
        }
    }
    /* Aff1 = 1 ([23:16]) or RS = 1 ([47:44]) names PEs that do not exist. */
    icc_wr(gic, 0, ICC_SGI1R_EL1, 1ull << 16 | 2ull << 24 | 0xf);
    icc_wr(gic, 0, ICC_SGI1R_EL1, 1ull << 44 | 2ull << 24 | 0xf);
    for (int cpu = 0; cpu < NCPUS; cpu++) {
        ck_assert_int_eq(r.irq_level[cpu], 0);
    }
    /* To itself; a disabled SGI is held pending. */
    rw(&r, 0, R_ICENABLER0, 1u << 6);
    icc_wr(gic, 0, ICC_SGI1R_EL1, 6ull << 24 | 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    rw(&r, 0, R_ISENABLER0, 1u << 6);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 6);
    gic_rig_free(&r);
    gicv3_free(gic);
}
END_TEST

/* Group 0 goes to FIQ and is acknowledged through the group 0 registers. */
START_TEST(test_group0_fiq)
{
    GicRig r;
    GICv3State *gic;

    gic = gic_new(&r, 1, 32);
    linux_init(&r, gic, 1, 32, false);
    dw(&r, D_IGROUPR + 4, 0xfffffffe);                      /* 32: grp 0 */
    dw(&r, D_ISENABLER + 4, 1);
    irq_set(gicv3_spi_line(gic, 0), 1);
    ck_assert_int_eq(r.fiq_level[0], 0);        /* group 0 not enabled */
    icc_wr(gic, 0, ICC_IGRPEN0_EL1, 1);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IGRPEN0_EL1), 1);
    ck_assert_int_eq(r.fiq_level[0], 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_HPPIR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR1_EL1), 1023);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_HPPIR0_EL1), 32);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IAR0_EL1), 32);
    ck_assert_int_eq(r.fiq_level[0], 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_AP0R0_EL1), 1u << 20);
    irq_set(gicv3_spi_line(gic, 0), 0);
    icc_wr(gic, 0, ICC_EOIR0_EL1, 32);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_AP0R0_EL1), 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_RPR_EL1), 0xff);
    /* Spurious EOIs change nothing; reset restores everything. */
    icc_wr(gic, 0, ICC_EOIR1_EL1, 1023);
    gicv3_reset(gic);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_PMR_EL1), 0);
    ck_assert_uint_eq(icc_rd(gic, 0, ICC_IGRPEN1_EL1), 0);
    ck_assert_uint_eq(rr(&r, 0, R_WAKER), 6);
    gic_rig_free(&r);
    gicv3_free(gic);
}
END_TEST

/* What the CPU's MRS/MSR decoder will look up (IHI 0069, 12.2). */
START_TEST(test_sysreg_decode)
{
    GICv3SysReg reg;

    ck_assert(gicv3_sysreg_decode(3, 0, 4, 6, 0, &reg));
    ck_assert_int_eq(reg, ICC_PMR_EL1);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 12, 0, &reg));
    ck_assert_int_eq(reg, ICC_IAR1_EL1);
    ck_assert_str_eq(gicv3_sysreg_name(reg), "ICC_IAR1_EL1");
    ck_assert_uint_eq(gicv3_sysreg_access(reg), GICV3_SYSREG_R);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 12, 1, &reg));
    ck_assert_int_eq(reg, ICC_EOIR1_EL1);
    ck_assert_uint_eq(gicv3_sysreg_access(reg), GICV3_SYSREG_W);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 11, 5, &reg));
    ck_assert_int_eq(reg, ICC_SGI1R_EL1);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 11, 1, &reg));
    ck_assert_int_eq(reg, ICC_DIR_EL1);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 12, 5, &reg));
    ck_assert_int_eq(reg, ICC_SRE_EL1);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 12, 7, &reg));
    ck_assert_int_eq(reg, ICC_IGRPEN1_EL1);
    ck_assert(gicv3_sysreg_decode(3, 0, 12, 9, 0, &reg));
    ck_assert_int_eq(reg, ICC_AP1R0_EL1);
    /* AP1R1 (5 priority bits: absent), ICC_SRE_EL2, a timer register. */
    ck_assert(!gicv3_sysreg_decode(3, 0, 12, 9, 1, &reg));
    ck_assert(!gicv3_sysreg_decode(3, 4, 12, 9, 5, &reg));
    ck_assert(!gicv3_sysreg_decode(3, 3, 14, 0, 1, &reg));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gicv3");
    TCase *tc = tcase_create("gicv3");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_layout_waker);
    tcase_add_test(tc, test_spi_route_eoi);
    tcase_add_test(tc, test_priority_preemption);
    tcase_add_test(tc, test_sgi_affinity);
    tcase_add_test(tc, test_group0_fiq);
    tcase_add_test(tc, test_sysreg_decode);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
