/*
 * GICv2: the distributor and CPU interface driven through the memory API
 * the way Linux's GIC driver and bare-metal firmware drive them, with the
 * CPU outputs recorded. Expected values are worked out from ARM IHI 0048B
 * (GIC architecture v2.0); section numbers are given where a rule is used.
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>

#include "hw/core/irq.h"
#include "hw/core/memory.h"
#include "hw/intc/arm_gic.h"

#include "gic-rig.h"

#define DIST 0x08000000
#define CPUIF 0x08010000
#define NCPUS 4

/* Distributor (4.1.2) and CPU interface (4.1.3) offsets. */
#define D_CTLR 0x000
#define D_TYPER 0x004
#define D_IIDR 0x008
#define D_IGROUPR 0x080
#define D_ISENABLER 0x100
#define D_ICENABLER 0x180
#define D_ISPENDR 0x200
#define D_ICPENDR 0x280
#define D_ISACTIVER 0x300
#define D_ICACTIVER 0x380
#define D_IPRIORITYR 0x400
#define D_ITARGETSR 0x800
#define D_ICFGR 0xc00
#define D_SGIR 0xf00
#define D_CPENDSGIR 0xf10
#define D_SPENDSGIR 0xf20
#define D_PIDR2 0xfe8
#define C_CTLR 0x00
#define C_PMR 0x04
#define C_BPR 0x08
#define C_IAR 0x0c
#define C_EOIR 0x10
#define C_RPR 0x14
#define C_HPPIR 0x18
#define C_ABPR 0x1c
#define C_AIAR 0x20
#define C_AEOIR 0x24
#define C_APR0 0xd0
#define C_IIDR 0xfc
#define C_DIR 0x1000

static int cur_cpu;

static int current_cpu(void *opaque)
{
    return cur_cpu;
}

/* A GICv2 on the rig's CPU lines, distributor and CPU interface mapped. */
static GICv2State *gic_new(GicRig *r, int ncpus, int nspis)
{
    GICv2State *gic;

    cur_cpu = 0;
    gic_rig_init(r, ncpus, DIST);
    gic = gicv2_create(ncpus, nspis, r->irq, r->fiq);
    gicv2_set_cpu_index_fn(gic, current_cpu, NULL);
    gic_rig_map(r, DIST, gicv2_dist_region(gic));
    gic_rig_map(r, CPUIF, gicv2_cpu_region(gic));
    return gic;
}

static uint32_t cr(GicRig *r, int cpu, unsigned off)
{
    cur_cpu = cpu;
    return rdn(r, CPUIF + off, 4);
}

static void cw(GicRig *r, int cpu, unsigned off, uint32_t v)
{
    cur_cpu = cpu;
    wrn(r, CPUIF + off, v, 4);
}

/*
 * What Linux's gic_dist_init/gic_cpu_init do: distributor off, SPIs level
 * and routed to CPU 0, default priority 0xa0, all disabled; then on each
 * CPU SGIs enabled, PPIs disabled, priority 0xa0; PMR 0xf0; both enabled.
 */
static void linux_init(GicRig *r, int ncpus, int nspis, uint32_t cpu_ctlr)
{
    cur_cpu = 0;
    dw(r, D_CTLR, 0);
    for (int i = 32; i < 32 + nspis; i += 16) {
        dw(r, D_ICFGR + i / 4, 0);
    }
    for (int i = 32; i < 32 + nspis; i += 4) {
        dw(r, D_ITARGETSR + i, 0x01010101);
        dw(r, D_IPRIORITYR + i, 0xa0a0a0a0);
    }
    for (int i = 32; i < 32 + nspis; i += 32) {
        dw(r, D_ICENABLER + i / 8, 0xffffffff);
    }
    dw(r, D_CTLR, 1);
    for (int cpu = 0; cpu < ncpus; cpu++) {
        cur_cpu = cpu;
        dw(r, D_ICENABLER, 0xffff0000);
        dw(r, D_ISENABLER, 0x0000ffff);
        for (int i = 0; i < 32; i += 4) {
            dw(r, D_IPRIORITYR + i, 0xa0a0a0a0);
        }
        cw(r, cpu, C_PMR, 0xf0);
        cw(r, cpu, C_CTLR, cpu_ctlr);
    }
    cur_cpu = 0;
}

START_TEST(test_identification)
{
    GicRig r;
    GICv2State *gic;

    gic = gic_new(&r, NCPUS, 64);
    /* 4.3.2: ITLinesNumber = 96 / 32 - 1 = 2, CPUNumber = 4 - 1 = 3. */
    ck_assert_uint_eq(dr(&r, D_TYPER), 2 | 3 << 5);
    ck_assert_uint_eq(dr(&r, D_IIDR) & 0xfff, 0x43b);
    ck_assert_uint_eq((dr(&r, D_PIDR2) >> 4) & 0xf, 2);    /* ArchRev */
    ck_assert_uint_eq((cr(&r, 0, C_IIDR) >> 16) & 0xf, 2); /* ArchVer */
    /* 4.3.12: ITARGETSR0-7 read as the reading CPU's own bit. */
    for (int cpu = 0; cpu < NCPUS; cpu++) {
        cur_cpu = cpu;
        ck_assert_uint_eq(rdn(&r, DIST + D_ITARGETSR + 27, 1), 1u << cpu);
        ck_assert_uint_eq(dr(&r, D_ITARGETSR), 0x01010101u * (1u << cpu));
    }
    cur_cpu = 0;
    /* 4.3.13: SGI config is read-only 0b10 (edge) for all 16. */
    ck_assert_uint_eq(dr(&r, D_ICFGR), 0xaaaaaaaa);
    dw(&r, D_ICFGR, 0);
    ck_assert_uint_eq(dr(&r, D_ICFGR), 0xaaaaaaaa);
    /* Priority byte writes keep 5 bits; word reads combine 4 bytes. */
    wrn(&r, DIST + D_IPRIORITYR + 33, 0xff, 1);
    ck_assert_uint_eq(dr(&r, D_IPRIORITYR + 32), 0xf800);
    /* SPI targets hold only implemented CPUs. */
    wrn(&r, DIST + D_ITARGETSR + 40, 0xff, 1);
    ck_assert_uint_eq(rdn(&r, DIST + D_ITARGETSR + 40, 1), 0x0f);
    /* Reset: BPR at the minimum 2, ABPR 3, PMR 0 (all masked). */
    ck_assert_uint_eq(cr(&r, 1, C_BPR), 2);
    ck_assert_uint_eq(cr(&r, 1, C_ABPR), 3);
    cw(&r, 1, C_BPR, 0);
    ck_assert_uint_eq(cr(&r, 1, C_BPR), 2);
    ck_assert_uint_eq(cr(&r, 1, C_PMR), 0);
    ck_assert_uint_eq(cr(&r, 1, C_RPR), 0xff);                /* idle */
    /* Enable bits past the implemented INTIDs read as zero. */
    dw(&r, D_ISENABLER + 12, 0xffffffff);
    ck_assert_uint_eq(dr(&r, D_ISENABLER + 12), 0);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* A level SPI through the whole Linux path, EOImode 0. */
START_TEST(test_level_spi)
{
    GicRig r;
    GICv2State *gic;
    IrqLine *line;

    gic = gic_new(&r, NCPUS, 64);
    linux_init(&r, NCPUS, 64, 1);
    line = gicv2_spi_line(gic, 1);                    /* INTID 33 */
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);          /* nothing pending */

    irq_set(line, 1);
    ck_assert_int_eq(r.irq_level[0], 0);                    /* not enabled */
    ck_assert_uint_eq(dr(&r, D_ISPENDR + 4), 1u << 1);  /* but pending */
    dw(&r, D_ISENABLER + 4, 1u << 1);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_int_eq(r.irq_level[1] | r.irq_level[2] | r.irq_level[3], 0);
    ck_assert_uint_eq(cr(&r, 0, C_HPPIR), 33);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 33);
    /* Active (and still pending: level high), no longer signalled. */
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 1u << 1);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xa0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    /* EOI with the line still high: pending again at once (3.2.4). */
    cw(&r, 0, C_EOIR, 33);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xff);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 0);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 33);
    irq_set(line, 0);                       /* the device is serviced */
    cw(&r, 0, C_EOIR, 33);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    ck_assert_uint_eq(dr(&r, D_ISPENDR + 4), 0);

    /* ICPENDR does not clear a level input that is still asserted. */
    irq_set(line, 1);
    dw(&r, D_ICPENDR + 4, 1u << 1);
    ck_assert_uint_eq(dr(&r, D_ISPENDR + 4), 1u << 1);
    irq_set(line, 0);
    /* ISPENDR latches a level interrupt until acknowledged. */
    dw(&r, D_ISPENDR + 4, 1u << 1);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 33);
    cw(&r, 0, C_EOIR, 33);
    ck_assert_int_eq(r.irq_level[0], 0);

    /* Routing: ITARGETSR sends it to CPU 2 only. */
    wrn(&r, DIST + D_ITARGETSR + 33, 1u << 2, 1);
    irq_set(line, 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_int_eq(r.irq_level[2], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    ck_assert_uint_eq(cr(&r, 2, C_IAR), 33);
    irq_set(line, 0);
    cw(&r, 2, C_EOIR, 33);
    ck_assert_int_eq(r.irq_level[2], 0);
    /* The distributor's enable gates everything. */
    irq_set(line, 1);
    ck_assert_int_eq(r.irq_level[2], 1);
    dw(&r, D_CTLR, 0);
    ck_assert_int_eq(r.irq_level[2], 0);
    ck_assert_uint_eq(cr(&r, 2, C_IAR), 1023);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* Edge SPIs latch a rising edge; EOImode 1 splits EOIR and DIR. */
START_TEST(test_edge_eoimode1)
{
    GicRig r;
    GICv2State *gic;
    IrqLine *line;

    gic = gic_new(&r, 2, 32);
    linux_init(&r, 2, 32, 1 | 1u << 9);
    line = gicv2_spi_line(gic, 5);                    /* INTID 37 */
    dw(&r, D_ICFGR + 8, 2u << 10);                      /* 37: edge */
    ck_assert_uint_eq(dr(&r, D_ICFGR + 8), 2u << 10);
    dw(&r, D_ISENABLER + 4, 1u << 5);
    irq_pulse(line);
    ck_assert_int_eq(r.irq_level[0], 1);                    /* latched */
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 37);
    ck_assert_uint_eq(dr(&r, D_ISPENDR + 4), 0);        /* edge: consumed */
    irq_pulse(line);                                    /* a second edge */
    ck_assert_uint_eq(dr(&r, D_ISPENDR + 4), 1u << 5);
    ck_assert_int_eq(r.irq_level[0], 0);                    /* active */
    /* EOIR: priority drop only, the interrupt stays active. */
    cw(&r, 0, C_EOIR, 37);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xff);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 1u << 5);
    ck_assert_int_eq(r.irq_level[0], 0);
    /* DIR deactivates: the pending second edge is signalled. */
    cw(&r, 0, C_DIR, 37);
    ck_assert_uint_eq(dr(&r, D_ISACTIVER + 4), 0);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 37);
    cw(&r, 0, C_EOIR, 37);
    cw(&r, 0, C_DIR, 37);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    /* An edge with the line held high is one interrupt, not two. */
    irq_set(line, 1);
    irq_set(line, 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 37);
    cw(&r, 0, C_EOIR, 37);
    cw(&r, 0, C_DIR, 37);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* 3.3: the mask, the highest priority first, and preemption. */
START_TEST(test_priority_preemption)
{
    GicRig r;
    GICv2State *gic;

    gic = gic_new(&r, 1, 32);
    linux_init(&r, 1, 32, 1);
    /* INTIDs 40, 41, 42 at 0x80, 0x40, 0x60, made pending by software. */
    wrn(&r, DIST + D_IPRIORITYR + 40, 0x80, 1);
    wrn(&r, DIST + D_IPRIORITYR + 41, 0x40, 1);
    wrn(&r, DIST + D_IPRIORITYR + 42, 0x60, 1);
    dw(&r, D_ISENABLER + 4, 7u << 8);
    /* Only priorities strictly higher (lower value) than PMR pass. */
    cw(&r, 0, C_PMR, 0x40);
    dw(&r, D_ISPENDR + 4, 1u << 8);                     /* 40 @ 0x80 */
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    cw(&r, 0, C_PMR, 0x88);
    ck_assert_int_eq(r.irq_level[0], 1);
    cw(&r, 0, C_PMR, 0x80);
    ck_assert_int_eq(r.irq_level[0], 0);
    cw(&r, 0, C_PMR, 0xf0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 40);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0x80);
    ck_assert_uint_eq(cr(&r, 0, C_APR0), 1u << (0x80 >> 3));
    /* 42 @ 0x60 preempts 40 @ 0x80. */
    dw(&r, D_ISPENDR + 4, 1u << 10);
    ck_assert_int_eq(r.irq_level[0], 1);
    /* With 41 @ 0x40 pending too, the highest priority comes first. */
    dw(&r, D_ISPENDR + 4, 1u << 9);
    ck_assert_uint_eq(cr(&r, 0, C_HPPIR), 41);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 41);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0x40);
    /* 42 @ 0x60 cannot preempt 41 @ 0x40. */
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    cw(&r, 0, C_EOIR, 41);                  /* back to 40's priority */
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0x80);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 42);
    cw(&r, 0, C_EOIR, 42);
    cw(&r, 0, C_EOIR, 40);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xff);
    ck_assert_int_eq(r.irq_level[0], 0);

    /*
     * The binary point: with BPR 5 the group priority is bits [7:6], so
     * 42 @ 0x60 (group 0x40) does not preempt 41 @ 0x40 (group 0x40)...
     */
    wrn(&r, DIST + D_IPRIORITYR + 42, 0x30, 1);     /* group 0x00 */
    wrn(&r, DIST + D_IPRIORITYR + 40, 0x50, 1);     /* group 0x40 */
    cw(&r, 0, C_BPR, 5);
    dw(&r, D_ISPENDR + 4, 1u << 9);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 41);
    dw(&r, D_ISPENDR + 4, 1u << 8);                 /* 40 @ 0x50 */
    ck_assert_int_eq(r.irq_level[0], 0);
    /* ...while 0x30 (group 0x00) does. */
    dw(&r, D_ISPENDR + 4, 1u << 10);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 42);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0x00);
    cw(&r, 0, C_EOIR, 42);
    cw(&r, 0, C_EOIR, 41);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 40);
    cw(&r, 0, C_EOIR, 40);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1023);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* 4.3.15: SGIs between CPUs, with the source in IAR[12:10]. */
START_TEST(test_sgi)
{
    GicRig r;
    GICv2State *gic;

    gic = gic_new(&r, NCPUS, 32);
    linux_init(&r, NCPUS, 32, 1);
    cur_cpu = 0;
    dw(&r, D_SGIR, (1u << 1 | 1u << 3) << 16 | 3);  /* list: CPUs 1, 3 */
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_int_eq(r.irq_level[1], 1);
    ck_assert_int_eq(r.irq_level[2], 0);
    ck_assert_int_eq(r.irq_level[3], 1);
    cur_cpu = 1;
    ck_assert_uint_eq(rdn(&r, DIST + D_SPENDSGIR + 3, 1), 1u << 0);
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 3 | 0 << 10);
    cw(&r, 1, C_EOIR, 3);
    ck_assert_int_eq(r.irq_level[1], 0);
    /* CPU 2 sends SGI 5 to all others: 0, 1 and 3. */
    cur_cpu = 2;
    dw(&r, D_SGIR, 1u << 24 | 5);
    ck_assert_int_eq(r.irq_level[2], 0);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 5 | 2 << 10);
    cw(&r, 0, C_EOIR, 5 | 2 << 10);
    ck_assert_int_eq(r.irq_level[0], 0);
    /* CPU 3 has SGI 3 from CPU 0 and SGI 5 from CPU 2: lowest ID first. */
    ck_assert_uint_eq(cr(&r, 3, C_IAR), 3);
    cw(&r, 3, C_EOIR, 3);
    ck_assert_uint_eq(cr(&r, 3, C_IAR), 5 | 2 << 10);
    cw(&r, 3, C_EOIR, 5);
    ck_assert_int_eq(r.irq_level[3], 0);
    /* CPU 1 to itself; cleared through CPENDSGIR before it is taken. */
    cur_cpu = 1;
    ck_assert_int_eq(r.irq_level[1], 1);    /* SGI 5 from CPU 2 */
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 5 | 2 << 10);
    cw(&r, 1, C_EOIR, 5);
    cur_cpu = 1;
    dw(&r, D_SGIR, 2u << 24 | 7);
    ck_assert_int_eq(r.irq_level[1], 1);
    ck_assert_uint_eq(dr(&r, D_ISPENDR) & 0xffff, 1u << 7);
    wrn(&r, DIST + D_CPENDSGIR + 7, 1u << 1, 1);
    ck_assert_int_eq(r.irq_level[1], 0);
    /* SPENDSGIR sets a pending source; two sources, two acknowledges. */
    wrn(&r, DIST + D_SPENDSGIR + 9, 1u << 0 | 1u << 3, 1);
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 9 | 0 << 10);
    ck_assert_uint_eq(dr(&r, D_SPENDSGIR + 8), (1u << 3) << 8);
    cw(&r, 1, C_EOIR, 9);
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 9 | 3 << 10);
    cw(&r, 1, C_EOIR, 9 | 3 << 10);
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 1023);
    /* Disabled SGIs are held pending but not signalled. */
    cur_cpu = 0;
    dw(&r, D_ICENABLER, 1u << 2);
    dw(&r, D_SGIR, 2u << 24 | 2);
    ck_assert_int_eq(r.irq_level[0], 0);
    dw(&r, D_ISENABLER, 1u << 2);
    ck_assert_int_eq(r.irq_level[0], 1);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* PPIs are per CPU, as are their enable and priority registers. */
START_TEST(test_ppi)
{
    GicRig r;
    GICv2State *gic;
    IrqLine *timer1 = NULL;

    gic = gic_new(&r, 2, 32);
    linux_init(&r, 2, 32, 1);
    timer1 = gicv2_ppi_line(gic, 1, 14);              /* INTID 30 */
    cur_cpu = 1;
    dw(&r, D_ISENABLER, 1u << 30);
    ck_assert_uint_eq(dr(&r, D_ISENABLER) >> 16, 1u << 14);
    cur_cpu = 0;
    ck_assert_uint_eq(dr(&r, D_ISENABLER) >> 16, 0);
    irq_set(timer1, 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_int_eq(r.irq_level[1], 1);
    ck_assert_uint_eq(cr(&r, 1, C_IAR), 30);
    irq_set(timer1, 0);
    cw(&r, 1, C_EOIR, 30);
    ck_assert_int_eq(r.irq_level[1], 0);
    /* The same PPI number on CPU 0 is a different interrupt. */
    irq_set(gicv2_ppi_line(gic, 0, 14), 1);
    ck_assert_int_eq(r.irq_level[0], 0);                    /* disabled */
    cur_cpu = 0;
    dw(&r, D_ISENABLER, 1u << 30);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_int_eq(r.irq_level[1], 0);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

/* Groups: group 0 as FIQ with FIQEn, group 1 through AIAR or AckCtl. */
START_TEST(test_groups_fiq)
{
    GicRig r;
    GICv2State *gic;

    gic = gic_new(&r, 1, 32);
    linux_init(&r, 1, 32, 0);
    dw(&r, D_CTLR, 3);                      /* both groups */
    cw(&r, 0, C_CTLR, 1 | 2 | 1u << 3);     /* grp0, grp1, FIQEn */
    dw(&r, D_IGROUPR + 4, 1u << 1);         /* 33: group 1; 32 group 0 */
    ck_assert_uint_eq(dr(&r, D_IGROUPR + 4), 1u << 1);
    dw(&r, D_ISENABLER + 4, 3);
    irq_set(gicv2_spi_line(gic, 0), 1);
    ck_assert_int_eq(r.fiq_level[0], 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 32);
    ck_assert_int_eq(r.fiq_level[0], 0);
    irq_set(gicv2_spi_line(gic, 0), 0);
    cw(&r, 0, C_EOIR, 32);
    irq_set(gicv2_spi_line(gic, 1), 1);
    ck_assert_int_eq(r.irq_level[0], 1);
    ck_assert_int_eq(r.fiq_level[0], 0);
    /* 4.4.4: group 1 through IAR with AckCtl clear reads 1022. */
    ck_assert_uint_eq(cr(&r, 0, C_HPPIR), 1022);
    ck_assert_uint_eq(cr(&r, 0, C_IAR), 1022);
    ck_assert_int_eq(r.irq_level[0], 1);        /* not acknowledged */
    ck_assert_uint_eq(cr(&r, 0, C_AIAR), 33);
    ck_assert_int_eq(r.irq_level[0], 0);
    irq_set(gicv2_spi_line(gic, 1), 0);
    cw(&r, 0, C_AEOIR, 33);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xff);
    /* Group 1 disabled on the interface: not signalled. */
    cw(&r, 0, C_CTLR, 1 | 1u << 3);
    irq_set(gicv2_spi_line(gic, 1), 1);
    ck_assert_int_eq(r.irq_level[0], 0);
    ck_assert_uint_eq(cr(&r, 0, C_AIAR), 1023);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

START_TEST(test_bad_access)
{
    GicRig r;
    GICv2State *gic;
    uint64_t v = 5;

    gic = gic_new(&r, 1, 32);
    linux_init(&r, 1, 32, 1);
    /* Word-only registers: a byte read is refused with zero. */
    ck_assert_int_eq(as_load(r.as, DIST + D_TYPER, 1, &v), MEMTX_OK);
    ck_assert_uint_eq(v, 0);
    /* A byte write to ISENABLER does nothing. */
    wrn(&r, DIST + D_ISENABLER + 4, 0xff, 1);
    ck_assert_uint_eq(dr(&r, D_ISENABLER + 4), 0);
    /* Write-only and unknown registers read as zero. */
    ck_assert_uint_eq(cr(&r, 0, C_EOIR), 0);
    ck_assert_uint_eq(dr(&r, 0xf04), 0);
    /* EOI of a spurious ID or of nothing active changes nothing. */
    cw(&r, 0, C_EOIR, 1023);
    ck_assert_uint_eq(cr(&r, 0, C_RPR), 0xff);
    /* Reset returns to the power-on state. */
    gicv2_reset(gic);
    ck_assert_uint_eq(dr(&r, D_CTLR), 0);
    ck_assert_uint_eq(cr(&r, 0, C_PMR), 0);
    gic_rig_free(&r);
    gicv2_free(gic);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gic");
    TCase *tc = tcase_create("gicv2");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_identification);
    tcase_add_test(tc, test_level_spi);
    tcase_add_test(tc, test_edge_eoimode1);
    tcase_add_test(tc, test_priority_preemption);
    tcase_add_test(tc, test_sgi);
    tcase_add_test(tc, test_ppi);
    tcase_add_test(tc, test_groups_fiq);
    tcase_add_test(tc, test_bad_access);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
