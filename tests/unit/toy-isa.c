/*
 * The toy guest (toy-isa.h): CPU class, translator and MMU.  Included by
 * the test and the benchmark that use it.
 */
#include <stddef.h>

#include "accel/tcg/cpu-ops.h"
#include "accel/tcg/translator.h"
#include "tcg/tcg-op.h"
#include "tests/unit/toy-isa.h"

uint64_t toy_map[TOY_NB_PAGES];
uint64_t toy_tlb_fills;

static TCGv_i64 toy_r[16], toy_pc;

static ToyCPU *toy_cpu(CPUState *cpu)
{
    return (ToyCPU *)cpu;
}

static CPUState *toy_env_cpu(void *env)
{
    return (CPUState *)((uint8_t *)env - offsetof(ToyCPU, env));
}

void toy_map_reset(void)
{
    for (unsigned i = 0; i < TOY_NB_PAGES; i++) {
        toy_map[i] = i;
    }
}

/* Helpers. */

static void helper_halt(void *env)
{
    CPUState *cpu = toy_env_cpu(env);

    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

static void helper_check(void *env, uint64_t v)
{
    if (!v) {
        cpu_raise_exception(toy_env_cpu(env), TOY_EXC_CHECK, TCG_GETPC());
    }
}

static void helper_illegal(void *env)
{
    cpu_raise_exception(toy_env_cpu(env), TOY_EXC_ILLEGAL, TCG_GETPC());
}

static const TCGHelperInfo toy_halt_info = {
    .func = (void *)helper_halt, .name = "halt", .ret = TCG_CALL_VOID,
    .nargs = 1, .args = {TCG_CALL_PTR},
};
static const TCGHelperInfo toy_check_info = {
    .func = (void *)helper_check, .name = "check", .ret = TCG_CALL_VOID,
    .nargs = 2, .args = {TCG_CALL_PTR, TCG_CALL_I64},
};
static const TCGHelperInfo toy_illegal_info = {
    .func = (void *)helper_illegal, .name = "illegal", .ret = TCG_CALL_VOID,
    .nargs = 1, .args = {TCG_CALL_PTR},
};

/* Translator. */

static void toy_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

static void toy_goto(DisasContextBase *db, unsigned slot, uint64_t dest)
{
    if (translator_use_goto_tb(db, dest)) {
        tcg_gen_goto_tb(slot);
        tcg_gen_movi_i64(toy_pc, dest);
        tcg_gen_exit_tb(db->tb, slot);
    } else {
        tcg_gen_movi_i64(toy_pc, dest);
        translator_gen_lookup_and_goto_ptr(db);
    }
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    uint64_t pc = db->pc_next;
    uint32_t insn = translator_ldl(cpu, db, pc);
    unsigned op = insn >> 24, rd = (insn >> 20) & 15, rs = (insn >> 16) & 15;
    uint64_t simm = (uint64_t)(int64_t)(int16_t)(insn & 0xffff);
    uint64_t next = pc + 4;
    TCGv_i64 addr = tcg_temp_new_i64();
    TCGLabel l;

    db->pc_next = next;
    switch (op) {
    case TOY_OP_HALT:
        tcg_gen_movi_i64(toy_pc, next);
        tcg_gen_calln(&toy_halt_info, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env));
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_OP_LI:
        tcg_gen_movi_i64(toy_r[rd], simm);
        break;
    case TOY_OP_LUI:
        tcg_gen_movi_i64(toy_r[rd], (uint64_t)(insn & 0xffff) << 16);
        break;
    case TOY_OP_ADD:
        tcg_gen_add_i64(toy_r[rd], toy_r[rs], toy_r[insn & 15]);
        break;
    case TOY_OP_SUB:
        tcg_gen_sub_i64(toy_r[rd], toy_r[rs], toy_r[insn & 15]);
        break;
    case TOY_OP_ADDI:
        tcg_gen_addi_i64(toy_r[rd], toy_r[rs], simm);
        break;
    case TOY_OP_LD:
    case TOY_OP_ST:
    case TOY_OP_LDW:
    case TOY_OP_STW:
    case TOY_OP_LDA:
        tcg_gen_addi_i64(addr, toy_r[rs], simm);
        if (op == TOY_OP_LD) {
            tcg_gen_qemu_ld_i64(toy_r[rd], addr, 0, MO_LEUQ);
        } else if (op == TOY_OP_ST) {
            tcg_gen_qemu_st_i64(toy_r[rd], addr, 0, MO_LEUQ);
        } else if (op == TOY_OP_LDW) {
            tcg_gen_qemu_ld_i64(toy_r[rd], addr, 0, MO_LEUL);
        } else if (op == TOY_OP_STW) {
            tcg_gen_qemu_st_i64(toy_r[rd], addr, 0, MO_LEUL);
        } else {
            tcg_gen_qemu_ld_i64(toy_r[rd], addr, 0, MO_LEUL | MO_ALIGN);
        }
        break;
    case TOY_OP_B:
        toy_goto(db, 0, next + simm * 4);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_OP_BNZ:
    case TOY_OP_BZ:
        l = tcg_label_new();
        tcg_gen_brcondi_i64(op == TOY_OP_BNZ ? TCG_COND_NE : TCG_COND_EQ,
                            toy_r[rs], 0, l);
        toy_goto(db, 0, next);
        tcg_gen_set_label(l);
        toy_goto(db, 1, next + simm * 4);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_OP_JALR:
        tcg_gen_mov_i64(toy_pc, toy_r[rs]);
        tcg_gen_movi_i64(toy_r[rd], next);
        translator_gen_lookup_and_goto_ptr(db);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_OP_CHK:
        tcg_gen_calln(&toy_check_info, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env),
                      tcgv_i64_arg(toy_r[rs]));
        break;
    default:
        tcg_gen_calln(&toy_illegal_info, TCG_NO_TEMP, tcgv_ptr_arg(tcg_env));
        db->is_jmp = DISAS_NORETURN;
        break;
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    /* DISAS_TOO_MANY: go on at the next instruction. */
    toy_goto(db, 0, db->pc_next);
}

static const TranslatorOps toy_translator = {
    .init_disas_context = toy_init_disas_context,
    .tb_start = toy_tb_start,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_init_globals(TCGContext *s)
{
    static const char *const names[16] = {
        "r0", "r1", "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };

    for (unsigned i = 0; i < 16; i++) {
        toy_r[i] = tcg_global_mem_new_i64(s, offsetof(ToyEnv, r[i]), names[i]);
    }
    toy_pc = tcg_global_mem_new_i64(s, offsetof(ToyEnv, pc), "pc");
}

static void toy_get_tb_cpu_state(CPUState *cpu, uint64_t *pc,
                                 uint32_t *flags)
{
    *pc = toy_cpu(cpu)->env.pc;
    *flags = 0;
}

static void toy_set_pc(CPUState *cpu, uint64_t pc)
{
    toy_cpu(cpu)->env.pc = pc;
}

static void toy_restore_state_to_opc(CPUState *cpu, const uint64_t *data)
{
    toy_cpu(cpu)->env.pc = data[0];
}

static bool toy_exec_interrupt(CPUState *cpu, uint32_t req)
{
    return false;
}

static void toy_do_interrupt(CPUState *cpu)
{
    ToyEnv *env = &toy_cpu(cpu)->env;

    env->fault_pc = env->pc;
    env->fault_code = cpu->exception_index;
    env->nb_faults++;
    env->pc = env->vector;
}

static bool toy_tlb_fill(CPUState *cpu, uint64_t addr, int size,
                         MMUAccessType access, int mmu_idx, bool probe,
                         uintptr_t retaddr)
{
    ToyEnv *env = &toy_cpu(cpu)->env;
    uint64_t vpage = addr >> TOY_PAGE_BITS;

    if (addr >= TOY_FAULT_BASE || vpage >= TOY_NB_PAGES) {
        if (probe) {
            return false;
        }
        env->fault_addr = addr;
        cpu_raise_exception(cpu, TOY_EXC_PAGE, retaddr);
    }
    toy_tlb_fills++;
    tlb_set_page(cpu, addr, toy_map[vpage] << TOY_PAGE_BITS,
                 PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                 1u << TOY_PAGE_BITS);
    return true;
}

static void toy_do_unaligned_access(CPUState *cpu, uint64_t addr,
                                    MMUAccessType access, int mmu_idx,
                                    uintptr_t retaddr)
{
    toy_cpu(cpu)->env.fault_addr = addr;
    cpu_raise_exception(cpu, TOY_EXC_ALIGN, retaddr);
}

static int toy_mmu_index(CPUState *cpu, bool ifetch)
{
    return 0;
}

static const TCGCPUOps toy_tcg_ops = {
    .translator = &toy_translator,
    .init_globals = toy_init_globals,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .set_pc = toy_set_pc,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .exec_interrupt = toy_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .tlb_fill = toy_tlb_fill,
    .mmu_index = toy_mmu_index,
    .do_unaligned_access = toy_do_unaligned_access,
    .nb_mmu_idx = 1,
    .page_bits = TOY_PAGE_BITS,
    .tlb_fast_ofs = offsetof(ToyEnv, tlb_fast),
    /* No toy instruction changes the TB flags (always 0). */
    .has_pc_ofs = true,
    .pc_ofs = offsetof(ToyEnv, pc),
};

static bool toy_has_work(CPUState *cpu)
{
    return false;
}

static const CPUClass toy_cpu_class = {
    .arch = "toy",
    .has_work = toy_has_work,
    .tcg_ops = &toy_tcg_ops,
};

ToyCPU *toy_cpu_new(void)
{
    ToyCPU *c = g_new0(ToyCPU, 1);

    c->parent.cc = &toy_cpu_class;
    c->parent.env = &c->env;
    c->parent.exception_index = -1;
    return c;
}

void toy_cpu_free(ToyCPU *c)
{
    g_free(c);
}
