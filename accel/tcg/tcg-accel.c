/*
 * The TCG accelerator: guest code is translated to host code by the JIT
 * in tcg/ and run by the exec loop in accel/tcg/.
 *
 * -accel tcg keys: tb-size=MB (translation buffer size), thread=single
 * (all vCPUs round-robin on one host thread, the deterministic default).
 */
#include <inttypes.h>
#include <string.h>

#include "accel/accel.h"
#include "hw/core/machine.h"
#include "util/error.h"
#include "util/keyval.h"

#define TCG_DEFAULT_TB_SIZE_MB 256

static struct {
    uint64_t tb_size_mb;
} tcg_config = { .tb_size_mb = TCG_DEFAULT_TB_SIZE_MB };

static bool tcg_configure(KeyVal *opts, GError **errp)
{
    const char *thread = keyval_get(opts, "thread");

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
    return true;
}

static bool tcg_init(Machine *m, GError **errp)
{
    return true;
}

static bool tcg_vcpu_create(CPUState *cpu, GError **errp)
{
    error_setg(errp, "no %s translator yet", cpu->cc->arch);
    return false;
}

static VCPUExit tcg_vcpu_run(CPUState *cpu)
{
    return VCPU_EXIT_ERROR;
}

const AccelOps tcg_accel_ops = {
    .name = "tcg",
    .desc = "the Kestrel JIT (default)",
    .configure = tcg_configure,
    .init = tcg_init,
    .vcpu_create = tcg_vcpu_create,
    .vcpu_run = tcg_vcpu_run,
    .round_robin = true,
};
