/*
 * The AArch64 MMU: VMSAv8-64 stage-1 translation of the EL1&0 regime
 * (ARM ARM D8, "The AArch64 Virtual Memory System Architecture"), the
 * softmmu's tlb_fill, TLB maintenance (TLBI) and address translation
 * (AT) instructions.
 *
 * Modelled: 4K, 16K and 64K granules (16K only where ID_AA64MMFR0
 * advertises it), any TxSZ from 16 to 39, the TTBR0/TTBR1 split with
 * top-byte-ignore, block and page descriptors, hierarchical table
 * permissions, AP/UXN/PXN/WXN, the access flag (no hardware update:
 * ID_AA64MMFR1.HAFDBS = 0), address-size checks against TCR.IPS and the
 * implemented PA size. Memory attributes are read (for PAR_EL1) but not
 * modelled. No stage 2, no PAN, no contiguous-bit TLB sharing.
 *
 * The softmmu TLB is not tagged with ASIDs: a write to TTBR0/TTBR1/TCR
 * (which may switch the ASID) flushes the EL0/EL1 entries, and every
 * by-ASID TLBI flushes more than it must, which the architecture allows.
 *
 * Page tables are read through ARM_MMU_IDX_PHYS, an MMU index that maps
 * physical addresses one to one, so descriptor reads go to RAM or a
 * device by physical address like a hardware walker's.
 */
#include <inttypes.h>

#include "target/arm/internals.h"
#include "target/arm/translate-a64.h"
#include "util/log.h"

#define TCR_EPD0 (1ull << 7)
#define TCR_EPD1 (1ull << 23)
#define TCR_TBI0 (1ull << 37)
#define TCR_TBI1 (1ull << 38)

#define DESC_AF (1ull << 10)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define DESC_PXNTABLE (1ull << 59)
#define DESC_UXNTABLE (1ull << 60)
#define DESC_APTABLE0 (1ull << 61)  /* no EL0 access below */
#define DESC_APTABLE1 (1ull << 62)  /* no write access below */

#define ADDR_MASK_47 0x0000ffffffffffffull

static unsigned arm_pa_range_bits(unsigned range)
{
    static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48, 52 };

    return range < G_N_ELEMENTS(bits) ? bits[range] : 48;
}

/* The implemented physical address size (ID_AA64MMFR0_EL1.PARange). */
unsigned arm_pa_bits(const ArmCPUState *env)
{
    unsigned b = arm_pa_range_bits(env->id.id_aa64mmfr0 & 0xf);

    return b > 48 ? 48 : b;
}

/*
 * log2 of the granule TCR.TGx selects. A reserved or unimplemented
 * choice behaves as an implemented one, IMPLEMENTATION DEFINED which
 * (ARM ARM, TCR_EL1.TG0/TG1): the 4K granule, which every model has.
 */
static unsigned arm_granule_bits(const ArmCPUState *env, bool hi,
                                 unsigned tg)
{
    uint64_t mmfr0 = env->id.id_aa64mmfr0;
    unsigned g;

    if (hi) {
        g = tg == 1 ? 14 : tg == 3 ? 16 : 12;
    } else {
        g = tg == 1 ? 16 : tg == 2 ? 14 : 12;
    }
    if (g == 14 && ((mmfr0 >> 20) & 0xf) != 1) {
        g = 12;
    }
    if (g == 16 && ((mmfr0 >> 24) & 0xf) == 0xf) {
        g = 12;
    }
    return g;
}

/* Whether a block descriptor is allowed at this level (D8.3.1). */
static bool arm_block_allowed(unsigned gran, int level)
{
    return gran == 12 ? (level == 1 || level == 2) : level == 2;
}

static uint64_t arm_read_desc(CPUState *cs, uint64_t pa)
{
    return cpu_ld_mmu(cs, pa, MO_64 | MO_LE, ARM_MMU_IDX_PHYS, 0);
}

static bool arm_fault(unsigned *fsc, unsigned base, int level)
{
    *fsc = base | (unsigned)level;
    return false;
}

/* Stage-1 access permissions of a block or page (D8.4.1, D8.4.2). */
static unsigned arm_s1_prot(const ArmCPUState *env, uint64_t desc,
                            uint64_t table_attrs, bool user)
{
    bool el0 = (desc & (1ull << 6)) && !(table_attrs & DESC_APTABLE0);
    bool ro = (desc & (1ull << 7)) || (table_attrs & DESC_APTABLE1);
    unsigned user_rw = el0 ? PAGE_READ | (ro ? 0 : PAGE_WRITE) : 0;
    unsigned prot;
    bool xn;

    if (user) {
        prot = user_rw;
        xn = (desc & DESC_UXN) || (table_attrs & DESC_UXNTABLE);
    } else {
        prot = PAGE_READ | (ro ? 0 : PAGE_WRITE);
        /*
         * In a regime with EL0, memory EL0 may write is never executable
         * at EL1 (D8.4.1.2, "Execute-never controls").
         */
        xn = (desc & DESC_PXN) || (table_attrs & DESC_PXNTABLE) ||
             (user_rw & PAGE_WRITE);
    }
    if ((env->sctlr_el[1] & SCTLR_WXN) && (prot & PAGE_WRITE)) {
        xn = true;
    }
    return xn ? prot : prot | PAGE_EXEC;
}

bool arm_mmu_translate(CPUState *cs, uint64_t va, MMUAccessType access,
                       int mmu_idx, ArmTranslation *r, unsigned *fsc)
{
    ArmCPUState *env = arm_env(cs);
    uint64_t tcr = env->tcr_el[1];
    unsigned pa_bits = arm_pa_bits(env);
    bool user = mmu_idx == ARM_MMU_IDX_EL0;

    r->attr = 0;
    r->sh = 0;
    if (mmu_idx == ARM_MMU_IDX_PHYS || mmu_idx > ARM_MMU_IDX_EL1 ||
        !(env->sctlr_el[1] & SCTLR_M)) {
        /*
         * MMU off (D8.2.11): VA = PA, Device-nGnRnE data and Normal
         * instructions; an address beyond the PA size is an address
         * size fault at level 0.
         */
        if (mmu_idx != ARM_MMU_IDX_PHYS && (va >> pa_bits)) {
            return arm_fault(fsc, FSC_ADDR_SIZE_L0, 0);
        }
        r->pa = va;
        r->page_size = 1ull << 12;
        r->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        r->attr = access == MMU_INST_FETCH ? 0x44 : 0;
        r->sh = 2;
        return true;
    }

    /* VA bit 55 selects TTBR0 or TTBR1 (D8.2.3). */
    bool hi = (va >> 55) & 1;
    unsigned tsz = hi ? (tcr >> 16) & 0x3f : tcr & 0x3f;
    unsigned tg = hi ? (tcr >> 30) & 3 : (tcr >> 14) & 3;
    bool epd = tcr & (hi ? TCR_EPD1 : TCR_EPD0);
    bool tbi = tcr & (hi ? TCR_TBI1 : TCR_TBI0);
    uint64_t ttbr = hi ? env->ttbr1_el[1] : env->ttbr0_el[1];
    unsigned gran = arm_granule_bits(env, hi, tg);
    unsigned stride = gran - 3;

    /*
     * Out-of-range TxSZ is CONSTRAINED UNPREDICTABLE; like the reference
     * we use the nearest supported size (D8.2.4).
     */
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    unsigned inputsize = 64 - tsz;
    unsigned topbit = tbi ? 55 : 63;
    uint64_t top = (va >> inputsize) &
                   ((1ull << (topbit - inputsize + 1)) - 1);

    if (top != (hi ? (1ull << (topbit - inputsize + 1)) - 1 : 0) || epd) {
        return arm_fault(fsc, FSC_TRANSLATION_L0, 0);
    }

    unsigned ips = arm_pa_range_bits((tcr >> 32) & 7);
    unsigned outsize = ips < pa_bits ? ips : pa_bits;
    int start = 4 - (int)((inputsize - gran + stride - 1) / stride);
    int level = start;
    unsigned first_bits = inputsize - (gran + stride * (3 - start));
    uint64_t table = ttbr & ADDR_MASK_47 & ~1ull;
    uint64_t table_attrs = 0, desc;
    unsigned shift;

    table &= ~((8ull << first_bits) - 1);
    if (table >> outsize) {
        return arm_fault(fsc, FSC_ADDR_SIZE_L0, 0);
    }
    for (;;) {
        unsigned bits = level == start ? first_bits : stride;
        uint64_t index;

        shift = gran + stride * (3 - level);
        index = (va >> shift) & ((1ull << bits) - 1);
        desc = arm_read_desc(cs, table + index * 8);
        log_mask(LOG_MMU, "arm: walk %016" PRIx64 " L%d [%016" PRIx64
                 "] = %016" PRIx64 "\n", va, level, table + index * 8, desc);
        if (!(desc & 1)) {
            return arm_fault(fsc, FSC_TRANSLATION_L0, level);
        }
        if (level == 3 || !(desc & 2)) {
            break;
        }
        /* A table descriptor: its attributes limit everything below. */
        table_attrs |= desc & (DESC_PXNTABLE | DESC_UXNTABLE |
                               DESC_APTABLE0 | DESC_APTABLE1);
        table = desc & ADDR_MASK_47 & ~((1ull << gran) - 1);
        if (table >> outsize) {
            return arm_fault(fsc, FSC_ADDR_SIZE_L0, level);
        }
        level++;
    }
    /* 0b01 at level 3 is reserved; blocks only where the granule has them. */
    if ((level == 3 && !(desc & 2)) ||
        (level < 3 && !arm_block_allowed(gran, level))) {
        return arm_fault(fsc, FSC_TRANSLATION_L0, level);
    }

    uint64_t page_size = 1ull << shift;
    uint64_t oa = desc & ADDR_MASK_47 & ~(page_size - 1);

    if (oa >> outsize) {
        return arm_fault(fsc, FSC_ADDR_SIZE_L0, level);
    }
    /* No hardware access-flag update: AF = 0 faults (D8.4.3). */
    if (!(desc & DESC_AF)) {
        return arm_fault(fsc, FSC_ACCESS_L0, level);
    }
    r->prot = arm_s1_prot(env, desc, table_attrs, user);
    r->pa = oa | (va & (page_size - 1));
    r->page_size = page_size;
    r->attr = env->mair_el[1] >> (8 * ((desc >> 2) & 7));
    r->sh = (desc >> 8) & 3;

    unsigned need = access == MMU_INST_FETCH ? PAGE_EXEC :
                    access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_READ;

    if (!(r->prot & need)) {
        return arm_fault(fsc, FSC_PERMISSION_L0, level);
    }
    return true;
}

/* An abort's syndrome (ARM ARM D17.2.37, ISS for data/instruction aborts). */
uint32_t arm_abort_syndrome(ArmCPUState *env, MMUAccessType access,
                            unsigned fsc)
{
    bool lower = arm_current_el(env) == 0;
    uint32_t ec;

    if (access == MMU_INST_FETCH) {
        ec = lower ? EC_INSN_ABORT_LOWER : EC_INSN_ABORT_SAME;
        return (ec << ESR_EC_SHIFT) | ESR_IL | fsc;
    }
    /*
     * ISV = 0: no instruction syndrome for stage-1 aborts taken to EL1,
     * as the reference reports them. S1PTW is 0 without stage 2.
     */
    ec = lower ? EC_DATA_ABORT_LOWER : EC_DATA_ABORT_SAME;
    return (ec << ESR_EC_SHIFT) | ESR_IL |
           (access == MMU_DATA_STORE ? 1u << 6 : 0) | fsc;   /* WnR */
}

bool arm_tlb_fill(CPUState *cs, uint64_t addr, int size,
                  MMUAccessType access, int mmu_idx, bool probe,
                  uintptr_t retaddr)
{
    ArmCPUState *env = arm_env(cs);
    ArmTranslation r;
    unsigned fsc;

    if (arm_mmu_translate(cs, addr, access, mmu_idx, &r, &fsc)) {
        if ((uint64_t)((int64_t)(addr << 8) >> 8) != addr) {
            arm_cpu(cs)->tlb_tagged = true;
        }
        tlb_set_page(cs, addr, r.pa, r.prot, mmu_idx, r.page_size);
        return true;
    }
    if (probe) {
        return false;
    }
    log_mask(LOG_MMU, "arm: %s fault %02x at %016" PRIx64 " (idx %d)\n",
             access == MMU_INST_FETCH ? "fetch" :
             access == MMU_DATA_STORE ? "store" : "load", fsc, addr,
             mmu_idx);
    if (access == MMU_INST_FETCH) {
        /* Raised at translation: the faulting instruction is its PC. */
        env->pc = addr;
    }
    arm_raise_sync(env, arm_abort_syndrome(env, access, fsc), addr, true,
                   access == MMU_INST_FETCH ? 0 : retaddr);
}

/* ---- TLB maintenance and address translation instructions ---------- */

#define ARM_EL10_IDXMAP ((1u << ARM_MMU_IDX_EL0) | (1u << ARM_MMU_IDX_EL1))

/*
 * The EL1&0 translation context: what stage 1 reads besides the tables
 * themselves (D8.2). Entries made under one context are kept when the
 * guest switches to another and used again when it comes back, as the
 * ASIDs of a real TLB allow; TLB maintenance flushes every context.
 */
void arm_tlb_context(ArmCPUState *env)
{
    const uint64_t key[TLB_CTX_WORDS] = {
        env->sctlr_el[1], env->tcr_el[1], env->ttbr0_el[1], env->ttbr1_el[1],
    };

    tlb_set_context(arm_env_cpu(env), key);
}

void arm_tlb_flush_el10(CPUState *cs)
{
    tlb_flush_by_mmuidx(cs, ARM_EL10_IDXMAP);
    arm_cpu(cs)->tlb_tagged = false;
}

/*
 * TLBI <op>, Xt (D8.13, "TLB maintenance instructions"); op is
 * CRm << 3 | op2 of the SYS encoding (op1 = 0, CRn = 8). Inner
 * shareable forms (CRm = 3) act on every CPU.
 */
static void helper_tlbi(ArmCPUState *env, uint32_t op, uint64_t xt)
{
    CPUState *self = arm_env_cpu(env);
    bool is = (op >> 3) == 3;
    /* VA[55:12] in Xt[43:0], sign-extended from VA bit 55. */
    uint64_t va = (uint64_t)((int64_t)(xt << 20) >> 8);
    bool by_va = (op & 7) == 1 || (op & 7) == 3 || (op & 7) == 5 ||
                 (op & 7) == 7;

    for (unsigned i = 0; i < (is ? arm_cpu_count() : 1); i++) {
        CPUState *cs = is ? arm_cpu_nth(i) : self;

        /*
         * With TBI the TLBI covers every tag of VA (D8.13.5): entries are
         * kept by full address, so only a CPU that filled one for a
         * tagged address needs more than the one page. Linux flushes
         * kernel pages by VA with TBI0 set tens of thousands of times
         * while booting; each was a full flush before.
         */
        if (by_va && !arm_cpu(cs)->tlb_tagged) {
            tlb_flush_page_by_mmuidx(cs, va, ARM_EL10_IDXMAP);
        } else {
            /* VMALLE1, ASIDE1, or a VA that tagged aliases may hold. */
            arm_tlb_flush_el10(cs);
        }
    }
}

const TCGHelperInfo helper_info_tlbi = {
    .func = (void *)helper_tlbi, .name = "tlbi",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID, .nargs = 3,
    .args = {TCG_CALL_PTR, TCG_CALL_I32, TCG_CALL_I64},
};

/*
 * AT S1E1R/S1E1W/S1E0R/S1E0W (op2 0..3): translate without faulting and
 * report in PAR_EL1 (D17.2.106): PA, attributes and shareability, NS
 * (this CPU is Non-secure), or F with the fault status.
 */
static void helper_at(ArmCPUState *env, uint32_t op2, uint64_t va)
{
    CPUState *cs = arm_env_cpu(env);
    MMUAccessType access = (op2 & 1) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    int idx = (op2 & 2) ? ARM_MMU_IDX_EL0 : ARM_MMU_IDX_EL1;
    ArmTranslation r;
    unsigned fsc;

    if (arm_mmu_translate(cs, va, access, idx, &r, &fsc)) {
        env->par_el1 = (r.pa & 0x0000fffffffff000ull) |
                       ((uint64_t)r.attr << 56) | ((uint64_t)r.sh << 7) |
                       (1ull << 9);
    } else {
        env->par_el1 = 1 | (fsc << 1) | (1ull << 11);
    }
}

const TCGHelperInfo helper_info_at = {
    .func = (void *)helper_at, .name = "at",
    .flags = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    .ret = TCG_CALL_VOID, .nargs = 3,
    .args = {TCG_CALL_PTR, TCG_CALL_I32, TCG_CALL_I64},
};
