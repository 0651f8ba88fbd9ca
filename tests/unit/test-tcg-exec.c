/*
 * accel/tcg: the exec loop, block cache, chaining, self-modifying code,
 * softmmu and exceptions, driven by the toy guest ISA (toy-isa.h) on a
 * RAM + MMIO address space, under every engine this build has.
 */
#include <check.h>
#include <glib.h>

#include "accel/accel.h"
#include "accel/tcg/icount.h"
#include "accel/tcg/internal.h"
#include "accel/tcg/tcg-stats.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "util/log.h"
#include "util/timer.h"

#include "tests/unit/toy-isa.c"

#define RAM_SIZE (1u << 20)
#define MMIO_BASE 0x100000u
#define MMIO_SIZE 0x1000u

/* A device that counts its accesses. */
static struct {
    unsigned reads, writes;
    uint64_t last_write, last_offset;
} dev;

static uint64_t dev_read(void *opaque, uint64_t offset, unsigned size)
{
    dev.reads++;
    return 0x1000 + offset;
}

static void dev_write(void *opaque, uint64_t offset, uint64_t value,
                      unsigned size)
{
    dev.writes++;
    dev.last_write = value;
    dev.last_offset = offset;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read, .write = dev_write, .min_size = 1, .max_size = 8,
};

static const char *const engines[] = {"interp", "jit"};
/* The engine of the test running (for helpers shared by tests). */
static const char *engine_now;

static Machine *m;
static const AccelOps *accel;
static MemoryRegion *ram, *mmio;
static ToyCPU *cpu;
static ToyEnv *env;

/* A machine with RAM at 0 and the device at MMIO_BASE; false if the
   engine is not in this build. */
static bool setup(const char *engine, const char *extra, bool nochain)
{
    g_autofree char *spec =
        g_strdup_printf("tcg,backend=%s%s", engine, extra ? extra : "");
    GError *err = NULL;

    accel = accel_configure(spec, &err);
    if (!accel) {
        ck_assert(!strcmp(engine, "jit"));
        g_error_free(err);
        return false;
    }
    log_set_items(nochain ? LOG_NOCHAIN : 0);
    memset(&dev, 0, sizeof(dev));
    toy_map_reset();
    toy_tlb_fills = 0;
    m = g_new0(Machine, 1);
    m->sysmem = as_new("test");
    ram = mr_new_ram("ram", RAM_SIZE, &err);
    ck_assert(ram && as_map(m->sysmem, 0, ram, 0, &err));
    mmio = mr_new_io("dev", MMIO_SIZE, &dev_ops, NULL);
    ck_assert(as_map(m->sysmem, MMIO_BASE, mmio, 0, &err));
    ck_assert(accel_init_machine(accel, m, &err));
    cpu = toy_cpu_new();
    env = &cpu->env;
    m->cpus[0] = &cpu->parent;
    m->ncpus = 1;
    ck_assert(accel->vcpu_create(&cpu->parent, &err));
    return true;
}

static void teardown(void)
{
    accel->cleanup(m);
    as_unmap(m->sysmem, ram);
    as_unmap(m->sysmem, mmio);
    mr_free(ram);
    mr_free(mmio);
    as_free(m->sysmem);
    g_free(m);
    toy_cpu_free(cpu);
    log_set_items(0);
}

static void load(uint64_t addr, const uint32_t *code, size_t n)
{
    ck_assert(as_write_rom(m->sysmem, addr, code, n * 4) == MEMTX_OK);
}

static void poke64(uint64_t addr, uint64_t v)
{
    ck_assert(as_write_rom(m->sysmem, addr, &v, 8) == MEMTX_OK);
}

static uint64_t peek64(uint64_t addr)
{
    uint64_t v = 0;

    ck_assert(as_rw(m->sysmem, addr, &v, 8, false) == MEMTX_OK);
    return v;
}

/* As accel/vcpu.c does before each vcpu_run (accel/accel.h). */
static VCPUExit vcpu_run(void)
{
    g_atomic_int_set(&cpu->parent.exit_request, 0);
    return accel->vcpu_run(&cpu->parent);
}

/* Run from pc until the toy halts. */
static void run(uint64_t pc)
{
    env->pc = pc;
    for (int i = 0; i < 1000000; i++) {
        if (vcpu_run() == VCPU_EXIT_HALT) {
            return;
        }
    }
    ck_abort_msg("the toy program did not halt");
}

static TCGExecStats stats(void)
{
    TCGExecStats s;

    tcg_exec_get_stats(&s);
    return s;
}

/*
 * nblocks blocks of "addi r2, r2, k; b next", then r1 counts down and an
 * indirect jump (goto_ptr) goes back to the first block: r2 ends as the
 * sum of k over the blocks, times r1.
 */
static uint64_t build_blocks(unsigned nblocks, unsigned iters)
{
    GArray *p = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint64_t expect = 0;
    uint32_t w[3] = {TOY_LI(1, iters), TOY_LI(2, 0), TOY_LI(12, 0x100c)};

    g_array_append_vals(p, w, 3);
    for (unsigned b = 0; b < nblocks; b++) {
        w[0] = TOY_ADDI(2, 2, b % 7 + 1);
        w[1] = TOY_B(0);
        g_array_append_vals(p, w, 2);
        expect += b % 7 + 1;
    }
    w[0] = TOY_ADDI(1, 1, -1);
    w[1] = TOY_BZ(1, 1);
    w[2] = TOY_JALR(14, 12);
    g_array_append_vals(p, w, 3);
    w[0] = TOY_HALT();
    g_array_append_vals(p, w, 1);
    load(0x1000, (uint32_t *)p->data, p->len);
    g_array_free(p, TRUE);
    return expect * iters;
}

START_TEST(test_chaining)
{
    uint64_t exits[2], result[2];

    for (int nochain = 0; nochain < 2; nochain++) {
        if (!setup(engines[_i], NULL, nochain)) {
            return;
        }
        result[nochain] = build_blocks(64, 300);
        run(0x1000);
        ck_assert_uint_eq(env->r[2], result[nochain]);
        exits[nochain] = stats().exits;
        if (!nochain) {
            ck_assert_uint_gt(stats().chain_patches, 60);
        } else {
            ck_assert_uint_eq(stats().chain_patches, 0);
        }
        teardown();
    }
    ck_assert_uint_eq(result[0], result[1]);
    /* 64 * 300 block executions: unchained, each returns to the loop. */
    ck_assert_uint_ge(exits[1], 64 * 300);
    ck_assert_uint_lt(exits[0] * 50, exits[1]);
}
END_TEST

/*
 * Indirect calls through goto_ptr continue without the loop: through the
 * jump-cache probe in generated code (goto-ptr=inline, the default), or
 * through the lookup helper (goto-ptr=helper).
 */
static void goto_ptr_run(const char *extra)
{
    static const uint32_t prog[] = {
        TOY_LI(1, 1000),    /* 0x1000 */
        TOY_LI(2, 0),
        TOY_LI(5, 0x2000),  /* function address */
        TOY_JALR(15, 5),    /* 0x100c: call */
        TOY_ADDI(1, 1, -1),
        TOY_BNZ(1, -3),     /* back to the call */
        TOY_HALT(),
    };
    static const uint32_t fn[] = {
        TOY_ADDI(2, 2, 3),
        TOY_JALR(14, 15),    /* return */
    };

    if (!setup(engine_now, extra, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    load(0x2000, fn, G_N_ELEMENTS(fn));
    run(0x1000);
    ck_assert_uint_eq(env->r[2], 3000);
    if (extra) {
        /* Every call and return looked up by the helper. */
        ck_assert_uint_ge(stats().ptr_hits, 1990);
    } else {
        /* Found in generated code: the helper only for the first few. */
        ck_assert_uint_lt(stats().ptr_hits + stats().ptr_misses, 20);
    }
    ck_assert_uint_lt(stats().exits, 50);
    teardown();
}

START_TEST(test_goto_ptr)
{
    engine_now = engines[_i];
    goto_ptr_run(NULL);
}
END_TEST

START_TEST(test_goto_ptr_helper)
{
    engine_now = engines[_i];
    goto_ptr_run(",goto-ptr=helper");
}
END_TEST

/*
 * The jump-cache index keeps each 4 KiB page in one run of
 * TB_JC_PAGE_SLOTS slots (what tb_jmp_cache_clear_page scans), and
 * spreads a page's instructions over the whole run.
 */
START_TEST(test_jc_hash_runs)
{
    static const uint64_t pages[] = {
        0, 0x1000, 0x40000000, 0xffff800008010000ull, 0x7ffff000ull,
    };

    for (unsigned p = 0; p < G_N_ELEMENTS(pages); p++) {
        uint32_t run = tb_jc_hash(pages[p]) / TB_JC_PAGE_SLOTS;
        unsigned seen[TB_JC_PAGE_SLOTS] = {0};

        for (uint64_t off = 0; off < 4096; off += 4) {
            uint32_t h = tb_jc_hash(pages[p] + off);

            ck_assert_uint_lt(h, TB_JMP_CACHE_SIZE);
            ck_assert_uint_eq(h / TB_JC_PAGE_SLOTS, run);
            seen[h % TB_JC_PAGE_SLOTS]++;
        }
        /* Evenly: 1024 instructions, each slot as often as any other. */
        for (unsigned i = 0; i < TB_JC_PAGE_SLOTS; i++) {
            ck_assert_uint_eq(seen[i], 1024 / TB_JC_PAGE_SLOTS);
        }
    }
}
END_TEST

/* Rewrite an instruction another TB executes later. */
START_TEST(test_smc_other_tb)
{
    static const uint32_t prog[] = {
        TOY_LI(5, 0x2000),
        TOY_JALR(15, 5),      /* r3 = 1 */
        TOY_ADD(4, 3, 0),     /* r4 = r3 (r0 = 0) */
        TOY_LD(6, 0, 0x3000), /* the new instruction word */
        TOY_STW(6, 5, 0),     /* patch the function */
        TOY_JALR(15, 5),      /* r3 = 42 */
        TOY_HALT(),
    };
    static const uint32_t fn[] = {
        TOY_LI(3, 1),
        TOY_JALR(14, 15),
    };

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    load(0x2000, fn, G_N_ELEMENTS(fn));
    poke64(0x3000, TOY_LI(3, 42));
    run(0x1000);
    ck_assert_uint_eq(env->r[4], 1);
    ck_assert_uint_eq(env->r[3], 42);
    ck_assert_uint_ge(stats().invalidations, 1);
    teardown();
}
END_TEST

/* A TB that rewrites its own next instruction, and one that rewrites
   the store itself into something else after it ran. */
START_TEST(test_smc_same_tb)
{
    static const uint32_t prog[] = {
        TOY_LI(7, 0x1000),
        TOY_LD(6, 0, 0x3000),  /* LI r3, 99 */
        TOY_STW(6, 7, 0x10),   /* 0x1008: overwrite the insn at 0x1010 */
        TOY_ADDI(8, 8, 1),     /* 0x100c */
        TOY_LI(3, 7),          /* 0x1010: becomes LI r3, 99 */
        TOY_LD(6, 0, 0x3008),  /* LI r9, 5 */
        TOY_STW(6, 7, 0x18),   /* 0x1018: overwrite itself */
        TOY_HALT(),
    };

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    poke64(0x3000, TOY_LI(3, 99));
    poke64(0x3008, TOY_LI(9, 5));
    run(0x1000);
    ck_assert_uint_eq(env->r[3], 99);
    ck_assert_uint_eq(env->r[8], 1);   /* not executed twice */
    ck_assert_uint_eq(peek64(0x1018) & 0xffffffff, TOY_LI(9, 5));
    ck_assert_uint_ge(stats().smc_exits, 2);
    /* Run it again: the rewritten code is translated anew. */
    run(0x1018);
    ck_assert_uint_eq(env->r[9], 5);
    teardown();
}
END_TEST

START_TEST(test_softmmu)
{
    static const uint32_t prog[] = {
        TOY_LI(1, 0x5000),
        TOY_LI(2, 0x1234),
        TOY_ST(2, 1, 8),        /* RAM */
        TOY_LD(3, 1, 8),
        TOY_LUI(4, 0x10),       /* MMIO_BASE */
        TOY_ST(2, 4, 0x20),     /* device write */
        TOY_LDW(5, 4, 0x40),    /* device read */
        TOY_LI(6, 0x5ffc),
        TOY_ST(2, 6, 0),        /* crosses into the next page */
        TOY_LD(7, 6, 0),
        TOY_LDW(8, 0, 0x6000),  /* the part on the second page */
        TOY_HALT(),
    };

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    run(0x1000);
    ck_assert_uint_eq(env->r[3], 0x1234);
    ck_assert_uint_eq(peek64(0x5008), 0x1234);
    ck_assert_uint_eq(dev.writes, 1);
    ck_assert_uint_eq(dev.last_write, 0x1234);
    ck_assert_uint_eq(dev.last_offset, 0x20);
    ck_assert_uint_eq(dev.reads, 1);
    ck_assert_uint_eq(env->r[5], 0x1040);
    ck_assert_uint_eq(env->r[7], 0x1234);
    ck_assert_uint_eq(env->r[8], 0);
    ck_assert_uint_eq(peek64(0x5ffc), 0x1234);
    ck_assert_uint_ge(stats().mmio_accesses, 2);
    teardown();
}
END_TEST

/* A remapped page is seen only after tlb_flush_page. */
START_TEST(test_tlb_remap)
{
    static const uint32_t prog[] = {
        TOY_LUI(1, 0x4),        /* 0x40000 */
        TOY_LD(2, 1, 0),
        TOY_HALT(),
    };
    uint64_t fills;

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    poke64(0x40000, 111);
    poke64(0x41000, 222);
    run(0x1000);
    ck_assert_uint_eq(env->r[2], 111);
    fills = toy_tlb_fills;
    ck_assert_uint_ge(fills, 2); /* code page and data page */

    toy_map[0x40] = 0x41;
    run(0x1000);
    ck_assert_uint_eq(env->r[2], 111); /* the TLB still holds the old */
    ck_assert_uint_eq(toy_tlb_fills, fills);

    tlb_flush_page(&cpu->parent, 0x40000);
    run(0x1000);
    ck_assert_uint_eq(env->r[2], 222);
    ck_assert_uint_eq(toy_tlb_fills, fills + 1);

    toy_map[0x40] = 0x40;
    tlb_flush(&cpu->parent);
    run(0x1000);
    ck_assert_uint_eq(env->r[2], 111);
    ck_assert_uint_eq(toy_tlb_fills, fills + 3);
    teardown();
}
END_TEST

/*
 * Three pages with the same TLB index (1 MiB apart, 256 entries): the
 * victim TLB answers the conflict misses, with no refill.
 */
START_TEST(test_tlb_victim)
{
    static const uint32_t prog[] = {
        TOY_LUI(1, 0x4),        /* 0x40000  -> physical 0x40000 */
        TOY_LUI(4, 0x14),       /* 0x140000 -> physical 0x50000 */
        TOY_LUI(7, 0x24),       /* 0x240000 -> physical 0x60000 */
        TOY_LI(6, 1000),
        TOY_LD(2, 1, 0),        /* loop: */
        TOY_LD(3, 4, 8),
        TOY_ADD(5, 5, 2),
        TOY_ADD(5, 5, 3),
        TOY_ST(5, 7, 16),
        TOY_ADDI(6, 6, -1),
        TOY_BNZ(6, -7),
        TOY_HALT(),
    };
    TCGExecStats before;
    uint64_t fills;

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    toy_map[0x140] = 0x50;
    toy_map[0x240] = 0x60;
    load(0x1000, prog, G_N_ELEMENTS(prog));
    poke64(0x40000, 3);
    poke64(0x50008, 4);
    before = stats();
    fills = toy_tlb_fills;
    run(0x1000);
    ck_assert_uint_eq(env->r[5], 7000);
    ck_assert_uint_eq(peek64(0x60010), 7000);
    /* The code page and three data pages; then only swaps. */
    ck_assert_uint_le(toy_tlb_fills - fills, 6);
    ck_assert_uint_ge(stats().tlb_victim_hits - before.tlb_victim_hits,
                      2 * 999);
    teardown();
}
END_TEST

/*
 * A working set of 1024 pages, four times the first table: the table
 * grows (while the loop runs chained), and a second run refills nothing.
 */
START_TEST(test_tlb_grow)
{
    static const uint32_t prog[] = {
        TOY_LI(6, 3),
        TOY_LUI(1, 0x10),       /* outer: r1 = 0x100000 */
        TOY_LI(7, 1024),
        TOY_LD(2, 1, 0),        /* inner: */
        TOY_ADD(5, 5, 2),
        TOY_ADDI(1, 1, 0x1000),
        TOY_ADDI(7, 7, -1),
        TOY_BNZ(7, -5),
        TOY_ADDI(6, 6, -1),
        TOY_BNZ(6, -9),
        TOY_HALT(),
    };
    uint64_t sum = 0, fills;

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    /* Virtual pages 0x100..0x4ff alias physical 0x80..0xbf. */
    for (unsigned i = 0; i < 1024; i++) {
        toy_map[0x100 + i] = 0x80 + (i & 63);
        sum += 0x80 + (i & 63);
    }
    for (unsigned p = 0x80; p < 0xc0; p++) {
        poke64(p << 12, p);
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    run(0x1000);
    ck_assert_uint_eq(env->r[5], 3 * sum);
    ck_assert_uint_ge(stats().tlb_resizes, 2);
    /* 256 direct-mapped entries would refill all 3 * 1024; a grown
       table keeps what the smaller one held. */
    ck_assert_uint_lt(toy_tlb_fills, 1024 + 64);
    fills = toy_tlb_fills;
    env->r[5] = 0;
    run(0x1000);
    ck_assert_uint_eq(env->r[5], 3 * sum);
    ck_assert_uint_le(toy_tlb_fills - fills, 2);
    teardown();
}
END_TEST

/* Faults in the middle of a TB restore the faulting instruction's PC. */
START_TEST(test_exceptions)
{
    static const uint32_t prog[] = {
        TOY_LI(1, 1),           /* 0x1000 */
        TOY_LI(2, 2),
        TOY_CHK(1),             /* passes */
        TOY_LI(3, 3),
        TOY_CHK(0),             /* 0x1010: faults */
        TOY_LI(4, 4),
        TOY_HALT(),
    };
    static const uint32_t prog2[] = {
        TOY_LI(1, 1),           /* 0x2000 */
        TOY_LUI(5, 0x80),       /* TOY_FAULT_BASE */
        TOY_LD(2, 5, 0x18),     /* 0x2008: page fault */
        TOY_LI(3, 3),
        TOY_HALT(),
    };
    static const uint32_t prog3[] = {
        TOY_LI(1, 0x5001),      /* 0x3000 */
        TOY_LDW(2, 1, 0),       /* unaligned but allowed */
        TOY_LDA(3, 1, 0),       /* 0x3008: alignment fault */
        TOY_HALT(),
    };
    static const uint32_t handler[] = {TOY_HALT()};

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    load(0x2000, prog2, G_N_ELEMENTS(prog2));
    load(0x3000, prog3, G_N_ELEMENTS(prog3));
    load(0x9000, handler, 1);
    env->vector = 0x9000;

    run(0x1000);
    ck_assert_int_eq(env->fault_code, TOY_EXC_CHECK);
    ck_assert_uint_eq(env->fault_pc, 0x1010);
    ck_assert_uint_eq(env->r[3], 3);
    ck_assert_uint_eq(env->r[4], 0);

    run(0x2000);
    ck_assert_int_eq(env->fault_code, TOY_EXC_PAGE);
    ck_assert_uint_eq(env->fault_pc, 0x2008);
    ck_assert_uint_eq(env->fault_addr, TOY_FAULT_BASE + 0x18);
    ck_assert_uint_eq(env->r[3], 3); /* from the first run */

    env->r[3] = 0;
    run(0x3000);
    ck_assert_int_eq(env->fault_code, TOY_EXC_ALIGN);
    ck_assert_uint_eq(env->fault_pc, 0x3008);
    ck_assert_uint_eq(env->fault_addr, 0x5001);
    ck_assert_uint_eq(env->nb_faults, 3);

    /* Executing from a faulting page: the fetch faults at its PC. */
    run(TOY_FAULT_BASE + 0x40);
    ck_assert_int_eq(env->fault_code, TOY_EXC_PAGE);
    ck_assert_uint_eq(env->fault_pc, TOY_FAULT_BASE + 0x40);
    teardown();
}
END_TEST

/* A code buffer much smaller than the program: flushes while chained. */
START_TEST(test_flush_chained)
{
    uint64_t expect;

    if (!setup(engines[_i], ",tb-size=1", false)) {
        return;
    }
    expect = build_blocks(40000, 2);
    run(0x1000);
    ck_assert_uint_eq(env->r[2], expect);
    ck_assert_uint_ge(stats().flushes, 2);
    ck_assert_uint_gt(stats().chain_patches, 1000);
    teardown();
}
END_TEST

static gpointer kick_thread(gpointer opaque)
{
    g_usleep(50000);
    cpu_exit(opaque);
    return NULL;
}

/* Another thread's cpu_exit stops an endless chained loop. */
START_TEST(test_exit_request)
{
    static const uint32_t prog[] = {
        TOY_ADDI(1, 1, 1),
        TOY_B(-2),
    };
    GThread *t;
    gint64 start;

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    load(0x1000, prog, G_N_ELEMENTS(prog));
    env->pc = 0x1000;
    start = g_get_monotonic_time();
    t = g_thread_new("kick", kick_thread, &cpu->parent);
    ck_assert_int_eq(vcpu_run(), VCPU_EXIT_STOP);
    g_thread_join(t);
    ck_assert_int_lt(g_get_monotonic_time() - start, 2000000);
    ck_assert_uint_gt(env->r[1], 1000);
    ck_assert_uint_eq(stats().exit_requests, 1);
    ck_assert_uint_lt(stats().exits, 10);
    ck_assert_uint_eq(env->pc, 0x1000);
    teardown();
}
END_TEST

static int64_t icount_at_fire;

static void icount_timer_cb(void *opaque)
{
    icount_at_fire = icount_insns();
}

/*
 * -icount: the count is exact over chained code (the loop counts every
 * TB; chaining is off), and a VIRTUAL timer fires at its exact
 * instruction even inside a long TB (shift 0: 1 ns per instruction).
 */
START_TEST(test_icount)
{
    const unsigned nblocks = 64, iters = 300;
    int64_t expect;
    Timer *t;

    if (!setup(engines[_i], NULL, false)) {
        return;
    }
    icount_enable(0);
    build_blocks(nblocks, iters);
    t = timer_new(KCLOCK_VIRTUAL, icount_timer_cb, NULL);
    icount_at_fire = -1;
    timer_mod(t, 1001);
    run(0x1000);
    /* 3 LIs; per pass, nblocks x (ADDI, B) + ADDI, BZ; JALR on all but
       the last pass; then HALT. */
    expect = 3 + iters * (2 * nblocks + 2) + (iters - 1) + 1;
    ck_assert_int_eq(icount_insns(), expect);
    ck_assert_int_eq(clock_get_ns(KCLOCK_VIRTUAL), expect);
    ck_assert_int_eq(icount_at_fire, 1001);
    ck_assert_uint_eq(stats().chain_patches, 0);
    timer_free(t);

    /* A fault in the middle of a TB counts what ran before it. */
    {
        static const uint32_t prog[] = {
            TOY_LI(1, 1),       /* 0x8000 */
            TOY_LI(2, 2),
            TOY_CHK(0),         /* 0x8008: faults */
            TOY_LI(4, 4),
            TOY_HALT(),
        };
        static const uint32_t handler[] = {TOY_HALT()};
        int64_t before;

        load(0x8000, prog, G_N_ELEMENTS(prog));
        load(0x9000, handler, 1);
        env->vector = 0x9000;
        before = icount_insns();
        run(0x8000);
        ck_assert_uint_eq(env->fault_pc, 0x8008);
        /* LI, LI; then the handler's HALT. */
        ck_assert_int_eq(icount_insns() - before, 3);
    }
    icount_disable();
    teardown();
}
END_TEST

static Suite *tcg_exec_suite(void)
{
    Suite *s = suite_create("tcg-exec");
    TCase *tc = tcase_create("core");
    int n = G_N_ELEMENTS(engines);

    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_chaining, 0, n);
    tcase_add_loop_test(tc, test_goto_ptr, 0, n);
    tcase_add_loop_test(tc, test_goto_ptr_helper, 0, n);
    tcase_add_test(tc, test_jc_hash_runs);
    tcase_add_loop_test(tc, test_smc_other_tb, 0, n);
    tcase_add_loop_test(tc, test_smc_same_tb, 0, n);
    tcase_add_loop_test(tc, test_softmmu, 0, n);
    tcase_add_loop_test(tc, test_tlb_remap, 0, n);
    tcase_add_loop_test(tc, test_tlb_victim, 0, n);
    tcase_add_loop_test(tc, test_tlb_grow, 0, n);
    tcase_add_loop_test(tc, test_exceptions, 0, n);
    tcase_add_loop_test(tc, test_flush_chained, 0, n);
    tcase_add_loop_test(tc, test_exit_request, 0, n);
    tcase_add_loop_test(tc, test_icount, 0, n);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_exec_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
