/*
 * The AArch64 side of the GDB stub: registers in GDB's numbering and
 * byte order (little-endian), the target description, and a debug
 * translation of guest-virtual addresses through the MMU walk (mmu.c),
 * done without touching the TLB or raising an abort.
 */
#include <string.h>

#include "target/arm/gdbstub.h"

#include "accel/tcg/cpu-ops.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"

static const char arm_gdb_target_xml[] =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target><architecture>aarch64</architecture>"
    "<xi:include href=\"aarch64-core.xml\"/>"
    "<xi:include href=\"aarch64-fpu.xml\"/>"
    "</target>";

static const char arm_gdb_core_xml[] =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">"
    "<feature name=\"org.gnu.gdb.aarch64.core\">"
    "<reg name=\"x0\" bitsize=\"64\"/>"
    "<reg name=\"x1\" bitsize=\"64\"/><reg name=\"x2\" bitsize=\"64\"/>"
    "<reg name=\"x3\" bitsize=\"64\"/><reg name=\"x4\" bitsize=\"64\"/>"
    "<reg name=\"x5\" bitsize=\"64\"/><reg name=\"x6\" bitsize=\"64\"/>"
    "<reg name=\"x7\" bitsize=\"64\"/><reg name=\"x8\" bitsize=\"64\"/>"
    "<reg name=\"x9\" bitsize=\"64\"/><reg name=\"x10\" bitsize=\"64\"/>"
    "<reg name=\"x11\" bitsize=\"64\"/><reg name=\"x12\" bitsize=\"64\"/>"
    "<reg name=\"x13\" bitsize=\"64\"/><reg name=\"x14\" bitsize=\"64\"/>"
    "<reg name=\"x15\" bitsize=\"64\"/><reg name=\"x16\" bitsize=\"64\"/>"
    "<reg name=\"x17\" bitsize=\"64\"/><reg name=\"x18\" bitsize=\"64\"/>"
    "<reg name=\"x19\" bitsize=\"64\"/><reg name=\"x20\" bitsize=\"64\"/>"
    "<reg name=\"x21\" bitsize=\"64\"/><reg name=\"x22\" bitsize=\"64\"/>"
    "<reg name=\"x23\" bitsize=\"64\"/><reg name=\"x24\" bitsize=\"64\"/>"
    "<reg name=\"x25\" bitsize=\"64\"/><reg name=\"x26\" bitsize=\"64\"/>"
    "<reg name=\"x27\" bitsize=\"64\"/><reg name=\"x28\" bitsize=\"64\"/>"
    "<reg name=\"x29\" bitsize=\"64\"/><reg name=\"x30\" bitsize=\"64\"/>"
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>"
    "<reg name=\"cpsr\" bitsize=\"32\"/>"
    "</feature>";

/* The vector types; v0-v31, fpsr and fpcr follow (arm_gdb_fpu_xml). */
static const char arm_gdb_fpu_types[] =
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
    "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>"
    "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>"
    "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>"
    "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>"
    "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/>"
    "<field name=\"u\" type=\"v2u\"/></union>"
    "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/>"
    "<field name=\"u\" type=\"v4u\"/></union>"
    "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/>"
    "<field name=\"s\" type=\"vns\"/><field name=\"h\" type=\"v8u\"/>"
    "<field name=\"b\" type=\"v16u\"/><field name=\"q\" type=\"uint128\"/>"
    "</union>";

/* Built once; the stub calls this from the main loop only. */
static const char *arm_gdb_fpu_xml(void)
{
    static char *xml;
    GString *s;

    if (xml) {
        return xml;
    }
    s = g_string_new("<?xml version=\"1.0\"?>"
                     "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">"
                     "<feature name=\"org.gnu.gdb.aarch64.fpu\">");
    g_string_append(s, arm_gdb_fpu_types);
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(s,
                               "<reg name=\"v%d\" bitsize=\"128\" "
                               "type=\"aarch64v\"/>",
                               i);
    }
    g_string_append(s, "<reg name=\"fpsr\" bitsize=\"32\"/>"
                       "<reg name=\"fpcr\" bitsize=\"32\"/></feature>");
    xml = g_string_free(s, FALSE);
    return xml;
}

const char *arm_gdb_xml(const char *annex)
{
    if (!strcmp(annex, "target.xml")) {
        return arm_gdb_target_xml;
    }
    if (!strcmp(annex, "aarch64-core.xml")) {
        return arm_gdb_core_xml;
    }
    if (!strcmp(annex, "aarch64-fpu.xml")) {
        return arm_gdb_fpu_xml();
    }
    return NULL;
}

static void put_le(uint8_t *buf, uint64_t v, int size)
{
    for (int i = 0; i < size; i++) {
        buf[i] = v >> (8 * i);
    }
}

static uint64_t get_le(const uint8_t *buf, int size)
{
    uint64_t v = 0;

    for (int i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

int arm_gdb_read_reg(CPUState *cs, int n, uint8_t *buf)
{
    ArmCPUState *env = arm_env(cs);

    if (n >= 0 && n < 32) {
        put_le(buf, env->x[n], 8); /* x[31] is the live SP */
        return 8;
    }
    switch (n) {
    case 32:
        put_le(buf, env->pc, 8);
        return 8;
    case 33:
        put_le(buf, arm_pstate_read(env), 4);
        return 4;
    case 66:
        put_le(buf, env->fpsr, 4);
        return 4;
    case 67:
        put_le(buf, env->fpcr, 4);
        return 4;
    }
    if (n >= 34 && n < 66) {
        memcpy(buf, &env->vregs[n - 34], 16); /* host is little-endian */
        return 16;
    }
    return 0;
}

int arm_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf)
{
    ArmCPUState *env = arm_env(cs);

    if (n >= 0 && n < 32) {
        env->x[n] = get_le(buf, 8);
        return 8;
    }
    switch (n) {
    case 32:
        env->pc = get_le(buf, 8);
        return 8;
    case 33:
        /* SPSel or the EL may change: keep SP in its bank across it. */
        arm_sp_save(env);
        arm_pstate_write(env, get_le(buf, 4));
        arm_sp_restore(env);
        return 4;
    case 66:
        env->fpsr = get_le(buf, 4);
        return 4;
    case 67:
        env->fpcr = get_le(buf, 4);
        return 4;
    }
    if (n >= 34 && n < 66) {
        memcpy(&env->vregs[n - 34], buf, 16);
        return 16;
    }
    return 0;
}

bool arm_gdb_translate(CPUState *cs, uint64_t va, uint64_t *pa,
                       uint64_t *page_left)
{
    int mmu_idx = cs->cc->tcg_ops->mmu_index(cs, false);
    ArmTranslation r;
    unsigned fsc;

    if (!arm_mmu_translate(cs, va, MMU_DATA_LOAD, mmu_idx, &r, &fsc)) {
        return false;
    }
    *pa = r.pa;
    *page_left = r.page_size - (va & (r.page_size - 1));
    return true;
}

uint64_t arm_gdb_get_pc(CPUState *cs)
{
    return arm_env(cs)->pc;
}
