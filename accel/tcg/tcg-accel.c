/*
 * The TCG accelerator: guest code is translated to host code by the JIT
 * in tcg/ (or run by the IR interpreter) and run by the exec loop in
 * accel/tcg/.
 *
 * -accel tcg keys: tb-size=MB (translation buffer size), thread=single
 * (all vCPUs round-robin on one host thread, the deterministic default),
 * backend=jit|interp (the engine that runs translated blocks; the
 * interpreter is the JIT's oracle and the fallback where it cannot run),
 * coverage=FILE[,format=drcov|text] (executed guest blocks, written at
 * exit: accel/tcg/coverage.c), goto-ptr=inline|helper (how indirect
 * branches find their TB: a jump-cache probe in generated code, or
 * always the lookup helper; for comparisons and tests).
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "accel/accel.h"
#include "accel/tcg/coverage.h"
#include "accel/tcg/icount-internal.h"
#include "accel/tcg/icount.h"
#include "accel/tcg/internal.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "util/error.h"
#include "util/keyval.h"
#include "util/log.h"

#define TCG_DEFAULT_TB_SIZE_MB 256

static struct {
    uint64_t tb_size_mb;
    const TCGEngine *engine;
    char *coverage;
    CoverageFormat coverage_fmt;
    Machine *machine;
    MemoryListener listener;
    bool listening;
} tcg_config = {.tb_size_mb = TCG_DEFAULT_TB_SIZE_MB};

static const TCGEngine *tcg_default_engine(void)
{
    return tcg_engine_jit ? tcg_engine_jit : &tcg_engine_interp;
}

static bool tcg_configure(KeyVal *opts, GError **errp)
{
    const char *thread = keyval_get(opts, "thread");
    const char *backend = keyval_get(opts, "backend");
    const char *coverage = keyval_get(opts, "coverage");
    const char *format = keyval_get(opts, "format");
    const char *goto_ptr = keyval_get(opts, "goto-ptr");

    if (!keyval_get_uint(opts, "tb-size", TCG_DEFAULT_TB_SIZE_MB,
                         &tcg_config.tb_size_mb, errp)) {
        return false;
    }
    if (tcg_config.tb_size_mb < 1 || tcg_config.tb_size_mb > 2048) {
        error_setg(errp, "tb-size=%" PRIu64 ": must be 1 to 2048 (MiB)",
                   tcg_config.tb_size_mb);
        return false;
    }
    if (thread && strcmp(thread, "single") != 0) {
        if (!strcmp(thread, "multi")) {
            error_setg(errp, "thread=multi: not supported yet");
        } else {
            error_setg(errp, "thread=%s: expected 'single' or 'multi'",
                       thread);
        }
        return false;
    }
    if (!backend) {
        tcg_config.engine = tcg_default_engine();
    } else if (!strcmp(backend, "interp")) {
        tcg_config.engine = &tcg_engine_interp;
    } else if (!strcmp(backend, "jit")) {
        if (!tcg_engine_jit) {
            error_setg(errp, "backend=jit: the JIT is not available in "
                       "this build (use backend=interp)");
            return false;
        }
        tcg_config.engine = tcg_engine_jit;
    } else {
        error_setg(errp, "backend=%s: expected 'jit' or 'interp'", backend);
        return false;
    }
    if (format && !coverage) {
        error_setg(errp, "format=%s: only with coverage=FILE", format);
        return false;
    }
    if (!format || !strcmp(format, "drcov")) {
        tcg_config.coverage_fmt = COVERAGE_DRCOV;
    } else if (!strcmp(format, "text")) {
        tcg_config.coverage_fmt = COVERAGE_TEXT;
    } else {
        error_setg(errp, "format=%s: expected 'drcov' or 'text'", format);
        return false;
    }
    if (!goto_ptr || !strcmp(goto_ptr, "inline")) {
        tcg_exec.ptr_inline = true;
    } else if (!strcmp(goto_ptr, "helper")) {
        tcg_exec.ptr_inline = false;
    } else {
        error_setg(errp, "goto-ptr=%s: expected 'inline' or 'helper'",
                   goto_ptr);
        return false;
    }
    g_free(tcg_config.coverage);
    tcg_config.coverage = g_strdup(coverage);
    return true;
}

/*
 * The memory map changed: TLB entries may hold host pointers to RAM that
 * went or moved, and TBs may hold code of a region that went.  Listeners
 * run on the thread changing the map, so only ask; each vCPU acts between
 * two TBs, on its own thread.
 */
static void tcg_map_changed(bool flush_tbs)
{
    for (guint i = 0; tcg_exec.vcpus && i < tcg_exec.vcpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(tcg_exec.vcpus, i);

        tcg_vcpu(cpu)->tlb_flush_pending = true;
        cpu_exit(cpu);
    }
    if (flush_tbs) {
        tcg_exec.tb_flush_pending = true;
    }
}

static void tcg_region_add(MemoryListener *l, const MemSection *s)
{
    tcg_map_changed(false);
}

static void tcg_region_del(MemoryListener *l, const MemSection *s)
{
    tcg_map_changed(true);
}

/*
 * Guest RAM written behind the CPUs' back (device DMA, loaders, a
 * debugger) may hold translated code. On the vCPU thread (a device
 * driven by MMIO) the TBs are dropped at once; from another thread the
 * range is queued and the vCPUs are kicked, and the exec loop drops them
 * before its next TB: the guest cannot run that code before it has been
 * told (by an interrupt, which also goes through the loop) that the DMA
 * is done.
 */
static void tcg_phys_write_hook(AddressSpace *as, uint64_t addr,
                                uint64_t len)
{
    if (as != tcg_config.machine->sysmem || !tcg_exec.vcpus ||
        !tcg_exec.vcpus->len) {
        return;
    }
    if (tcg_current_cpu) {
        tb_invalidate_phys_range(addr, len, NULL);
        return;
    }
    tb_invalidate_queue(addr, len);
    for (guint i = 0; i < tcg_exec.vcpus->len; i++) {
        cpu_exit(g_ptr_array_index(tcg_exec.vcpus, i));
    }
}

static bool tcg_init(Machine *m, GError **errp)
{
    if (!tcg_config.engine) {
        tcg_config.engine = tcg_default_engine();
    }
    tcg_config.machine = m;
    if (!tcg_exec.vcpus) {
        tcg_exec.vcpus = g_ptr_array_new();
    }
    g_ptr_array_set_size(tcg_exec.vcpus, 0);
    if (!tcg_config.engine->init(tcg_config.tb_size_mb << 20, errp)) {
        return false;
    }
    tb_cache_init(tcg_config.engine, tcg_config.tb_size_mb << 20);
    memset(&tcg_exec.stats, 0, sizeof(tcg_exec.stats));
    tcg_exec.stats.code_capacity = tcg_exec.capacity;
    tcg_set_guest_mem_hooks(&tlb_guest_mem_hooks);
    tcg_config.listener.region_add = tcg_region_add;
    tcg_config.listener.region_del = tcg_region_del;
    as_add_listener(m->sysmem, &tcg_config.listener);
    tcg_config.listening = true;
    memory_set_write_hook(tcg_phys_write_hook);
    /* Last: tcg_cleanup, which runs after a failed init, needs the rest. */
    if (tcg_config.coverage &&
        !coverage_start(tcg_config.coverage, tcg_config.coverage_fmt, errp)) {
        return false;
    }
    return true;
}

static void tcg_cleanup(Machine *m)
{
    if (log_enabled(LOG_TB_STATS)) {
        FILE *f = log_lock();

        tcg_exec_print_stats(f);
        log_unlock(f);
    }
    coverage_finish();
    if (tcg_config.listening) {
        as_remove_listener(m->sysmem, &tcg_config.listener);
        tcg_config.listening = false;
    }
    for (guint i = 0; tcg_exec.vcpus && i < tcg_exec.vcpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(tcg_exec.vcpus, i);

        tlb_vcpu_free(cpu);
        g_free(cpu->accel_data);
        cpu->accel_data = NULL;
    }
    if (tcg_exec.vcpus) {
        g_ptr_array_set_size(tcg_exec.vcpus, 0);
    }
    tb_flush_all();
}

static bool tcg_vcpu_create(CPUState *cpu, GError **errp)
{
    const TCGCPUOps *ops = cpu->cc->tcg_ops;
    intptr_t ofs = (intptr_t)((uint8_t *)&cpu->exit_request -
                              (uint8_t *)cpu->env);
    TCGVCPU *v;

    if (!ops || !ops->translator) {
        error_setg(errp, "no %s translator yet", cpu->cc->arch);
        return false;
    }
    /* Generated code finds exit_request at one offset from env for
       every vCPU (see translator.c). */
    if (ofs != (int32_t)ofs ||
        (tcg_exec.vcpus->len && ofs != tcg_exec.exit_request_ofs)) {
        error_setg(errp, "%s: the CPU state must be allocated with its "
                   "CPUState", cpu->cc->arch);
        return false;
    }
    g_assert(!tcg_exec.ops || tcg_exec.ops == ops);
    tcg_exec.ops = ops;
    tcg_exec.exit_request_ofs = ofs;
    if (!tcg_exec.ctx) {
        tcg_exec.ctx = tcg_context_new();
        ops->init_globals(tcg_exec.ctx);
        tcg_exec.ctx->tlb = (TCGTLBConfig){
            .fast_ofs = (int32_t)ops->tlb_fast_ofs,
            .page_bits = (uint8_t)ops->page_bits,
            .nb_mmu_idx = (uint8_t)ops->nb_mmu_idx,
        };
    }

    v = g_new0(TCGVCPU, 1);
    v->cpu = cpu;
    v->ops = ops;
    v->as = tcg_config.machine->sysmem;
    cpu->accel_data = v;
    cpu->exception_index = -1;
    tlb_vcpu_init(cpu);
    g_ptr_array_add(tcg_exec.vcpus, cpu);
    return true;
}

/* -icount: no vCPU can run until a VIRTUAL timer fires. */
static bool tcg_all_idle(CPUState *cpu)
{
    for (guint i = 0; i < tcg_exec.vcpus->len; i++) {
        CPUState *c = g_ptr_array_index(tcg_exec.vcpus, i);

        if (c != cpu && !c->halted && !c->stop) {
            return false;
        }
        if ((c == cpu || c->halted) && c->cc->has_work &&
            c->cc->has_work(c)) {
            return false;
        }
    }
    return true;
}

static VCPUExit tcg_vcpu_run(CPUState *cpu)
{
    VCPUExit why = (VCPUExit)tcg_cpu_exec(cpu);

    /*
     * Under icount nothing but the vCPUs moves virtual time: when all
     * of them wait (WFI), jump it to the next deadline, as the host
     * clock would have got there.
     */
    if (why == VCPU_EXIT_HALT && icount_enabled()) {
        while (tcg_all_idle(cpu) && icount_warp()) {
        }
    }
    return why;
}

static void tcg_vcpu_kick(CPUState *cpu)
{
    /* cpu_exit set exit_request, which every TB checks on entry. */
}

const AccelOps tcg_accel_ops = {
    .name = "tcg",
    .desc = "the Kestrel JIT (default)",
    .configure = tcg_configure,
    .init = tcg_init,
    .cleanup = tcg_cleanup,
    .vcpu_create = tcg_vcpu_create,
    .vcpu_run = tcg_vcpu_run,
    .vcpu_kick = tcg_vcpu_kick,
    .round_robin = true,
};
