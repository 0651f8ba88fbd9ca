/*
 * The IR builder and printer: temp kinds, constants, labels, the
 * immediate forms' choice of ops, the checker, the -d op printout, the
 * insn tables and the MemOp helpers.
 */
#include <check.h>
#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tcg/tcg-op.h"
#include "util/log.h"

typedef struct FakeCPU {
    uint64_t x[4];
    uint64_t pc;
    uint32_t nzcv;
    uint32_t other;
} FakeCPU;

static TCGContext *s;
static TCGv_i64 cpu_x[4], cpu_pc;
static TCGv_i32 cpu_nzcv;

static void setup(void)
{
    static const char *const names[4] = {"x0", "x1", "x2", "x3"};

    s = tcg_context_new();
    for (int i = 0; i < 4; i++) {
        cpu_x[i] = tcg_global_mem_new_i64(s, offsetof(FakeCPU, x[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(s, offsetof(FakeCPU, pc), "pc");
    cpu_nzcv = tcg_global_mem_new_i32(s, offsetof(FakeCPU, nzcv), "nzcv");
    tcg_func_start(s);
}

static void teardown(void)
{
    tcg_context_free(s);
    s = NULL;
}

/* The dump of the current op list, one string per line. */
static char **dump_lines(bool life)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    char **lines;

    tcg_dump_ops(s, f, life);
    fclose(f);
    lines = g_strsplit(buf, "\n", -1);
    free(buf);
    return lines;
}

static unsigned count_ops(void)
{
    unsigned n = 0;

    for (TCGOp *op = s->first_op; op; op = op->next) {
        n++;
    }
    return n;
}

/* Does some line start with prefix and contain every word of words? */
static bool has_line(char **lines, const char *prefix, const char *words)
{
    g_auto(GStrv) w = g_strsplit(words, " ", -1);

    for (int i = 0; lines[i]; i++) {
        bool ok = g_str_has_prefix(lines[i], prefix);

        for (int j = 0; ok && w[j]; j++) {
            ok = strstr(lines[i], w[j]) != NULL;
        }
        if (ok) {
            return true;
        }
    }
    return false;
}

START_TEST(test_temp_kinds)
{
    TCGv_i64 b = tcg_temp_new_i64();
    TCGv_i64 l = tcg_temp_local_new_i64();
    TCGv_i32 b32 = tcg_temp_new_i32();
    TCGv_i64 k1 = tcg_constant_i64(42), k2 = tcg_constant_i64(42);
    TCGv_i32 k3 = tcg_constant_i32(42), km = tcg_constant_i32(-1);

    ck_assert_int_eq(s->nb_globals, 1 + 6); /* env + 6 */
    ck_assert_int_eq(tcg_temp(s, 0)->kind, TEMP_FIXED);
    ck_assert_int_eq(tcg_temp(s, cpu_x[2].n)->kind, TEMP_GLOBAL);
    ck_assert_int_eq(tcg_temp(s, cpu_x[2].n)->mem_offset,
                     offsetof(FakeCPU, x[2]));
    ck_assert_int_eq(tcg_temp(s, cpu_nzcv.n)->type, TCG_TYPE_I32);
    ck_assert_int_eq(tcg_temp(s, b.n)->kind, TEMP_BLOCK);
    ck_assert_int_eq(tcg_temp(s, l.n)->kind, TEMP_LOCAL);
    ck_assert_int_eq(tcg_temp(s, b32.n)->type, TCG_TYPE_I32);
    ck_assert_int_eq(tcg_temp(s, k1.n)->kind, TEMP_CONST);
    /* Interned per (type, value). */
    ck_assert_int_eq(k1.n, k2.n);
    ck_assert_int_ne(k1.n, k3.n);
    /* An i32 constant holds 32 bits. */
    ck_assert_uint_eq(tcg_temp(s, km.n)->val, 0xffffffffu);

    /* A new TB drops per-TB temps, keeps globals; handles stay valid. */
    tcg_func_start(s);
    ck_assert_int_eq(s->nb_temps, s->nb_globals);
    ck_assert_int_ne(tcg_constant_i64(7).n, cpu_pc.n);
    ck_assert_int_eq(tcg_temp(s, cpu_pc.n)->kind, TEMP_GLOBAL);
}
END_TEST

static uint64_t helper_twice(uint64_t a)
{
    return a * 2;
}

static const TCGHelperInfo info_twice = {
    .func = (void *)helper_twice,
    .name = "twice",
    .flags = TCG_CALL_PURE,
    .ret = TCG_CALL_I64,
    .nargs = 1,
    .args = {TCG_CALL_I64},
};

START_TEST(test_printer)
{
    TCGLabel l = tcg_label_new();
    TCGv_i64 t = tcg_temp_new_i64();
    TCGv_i64 loc = tcg_temp_local_new_i64();
    g_auto(GStrv) lines = NULL;

    tcg_gen_insn_start(0x40000004, 0, 0);
    tcg_gen_addi_i64(cpu_x[0], cpu_x[1], 0x10);
    tcg_gen_brcondi_i64(TCG_COND_NE, cpu_x[0], 0, l);
    tcg_gen_qemu_ld_i64(t, cpu_x[2], 1, MO_LEUQ | MO_ALIGN);
    tcg_gen_calln(&info_twice, tcgv_i64_arg(loc), tcgv_i64_arg(t));
    tcg_gen_set_label(l);
    tcg_gen_ld_i32(cpu_nzcv, tcg_env, offsetof(FakeCPU, other));
    tcg_gen_exit_tb(NULL, 0);

    lines = dump_lines(false);
    ck_assert_int_eq(g_strv_length(lines), 8 + 1);
    ck_assert(has_line(lines, " ----", "0000000040000004"));
    ck_assert(has_line(lines, " add_i64 ", "x0,x1,$0x10"));
    ck_assert(has_line(lines, " brcond_i64 ", "x0 $0x0 ne $L0"));
    ck_assert(has_line(lines, " qemu_ld_i64 ", "tmp x2 u64le al8 ,1"));
    ck_assert(has_line(lines, " call ", "twice loc tmp"));
    ck_assert(has_line(lines, "$L0:", ""));
    ck_assert(has_line(lines, " ld_i32 ", "nzcv,env,$0x2c"));
    ck_assert(has_line(lines, " exit_tb ", "$0x0"));
    /* Labels sit at column 0, ops are indented. */
    ck_assert_str_eq(lines[5], "$L0:");
    ck_assert(tcg_check_ir(s, g_string_new(NULL)));
}
END_TEST

START_TEST(test_printer_life)
{
    TCGv_i64 t = tcg_temp_new_i64();
    g_auto(GStrv) lines = NULL;

    /* t dies at its use; x0 is written and must reach memory at exit. */
    tcg_gen_add_i64(t, cpu_x[1], cpu_x[2]);
    tcg_gen_mov_i64(cpu_x[0], t);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness(s);
    lines = dump_lines(true);
    ck_assert(has_line(lines, " mov_i64 x0,tmp", "sync: 0 dead: 1"));
}
END_TEST

START_TEST(test_log_op)
{
    g_autofree char *path =
        g_build_filename(g_get_tmp_dir(), "kestrel-test-tcg-ir.log", NULL);
    g_autofree char *text = NULL;

    ck_assert(log_set_file(path, NULL));
    log_set_items(LOG_OP);
    tcg_gen_movi_i64(cpu_pc, 0x1234);
    tcg_gen_exit_tb(NULL, 0);
    tcg_run_passes(s, true);
    log_set_items(0);
    log_close();
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    unlink(path);
    ck_assert(strstr(text, "OP:\n") != NULL);
    ck_assert(strstr(text, " mov_i64 pc,$0x1234\n") != NULL);
    /* op_opt was not asked for. */
    ck_assert(strstr(text, "optimization") == NULL);
}
END_TEST

/* The immediate forms pick the cheapest op. */
START_TEST(test_immediate_forms)
{
    TCGv_i64 d = tcg_temp_new_i64();
    TCGv_i32 d32 = tcg_temp_new_i32();
    g_auto(GStrv) lines = NULL;

    tcg_gen_andi_i64(d, cpu_x[0], 0xff);
    tcg_gen_andi_i64(d, cpu_x[0], 0xffffffff);
    tcg_gen_andi_i32(d32, cpu_nzcv, 0);
    tcg_gen_muli_i64(d, cpu_x[1], 8);
    tcg_gen_xori_i32(d32, cpu_nzcv, 0xffffffff);
    tcg_gen_subi_i64(d, cpu_x[1], 1);
    tcg_gen_ori_i64(d, cpu_x[1], 0);
    lines = dump_lines(false);
    ck_assert_int_eq(count_ops(), 7);
    ck_assert(has_line(lines, " ext8u_i64 ", "x0"));
    ck_assert(has_line(lines, " ext32u_i64 ", "x0"));
    ck_assert(has_line(lines, " mov_i32 ", "$0x0"));
    ck_assert(has_line(lines, " shl_i64 ", "x1,$0x3"));
    ck_assert(has_line(lines, " not_i32 ", "nzcv"));
    ck_assert(has_line(lines, " add_i64 ", "x1,$0xffffffffffffffff"));
    ck_assert(has_line(lines, " mov_i64 ", "x1"));

    /* Adding 0 to itself emits nothing. */
    tcg_gen_addi_i64(cpu_x[3], cpu_x[3], 0);
    ck_assert_int_eq(count_ops(), 7);
}
END_TEST

START_TEST(test_labels)
{
    TCGLabel a = tcg_label_new(), b = tcg_label_new();
    GString *why = g_string_new(NULL);

    ck_assert_int_ne(a.id, b.id);
    tcg_gen_brcondi_i64(TCG_COND_EQ, cpu_x[0], 5, a);
    tcg_gen_br(a);
    /* NEVER emits nothing, ALWAYS a br. */
    tcg_gen_brcond_i64(TCG_COND_NEVER, cpu_x[0], cpu_x[1], b);
    tcg_gen_brcond_i64(TCG_COND_ALWAYS, cpu_x[0], cpu_x[1], b);
    ck_assert_int_eq(tcg_label_info(s, a.id)->refs, 2);
    ck_assert_int_eq(tcg_label_info(s, b.id)->refs, 1);
    ck_assert_int_eq(count_ops(), 3);
    tcg_gen_set_label(a);
    /* b is used but not set yet. */
    ck_assert(!tcg_check_ir(s, why));
    ck_assert(strstr(why->str, "never set") != NULL);
    tcg_gen_set_label(b);
    tcg_gen_exit_tb(NULL, 1);
    ck_assert_msg(tcg_check_ir(s, why), "%s", why->str);

    /* Removing a branch drops its reference. */
    tcg_op_remove(s, s->first_op);
    ck_assert_int_eq(tcg_label_info(s, a.id)->refs, 1);
    ck_assert(tcg_check_ir(s, why));
    g_string_free(why, true);
}
END_TEST

/* The checker finds malformed IR a frontend could build. */
START_TEST(test_check_ir_bad)
{
    GString *why = g_string_new(NULL);
    TCGLabel l = tcg_label_new();
    TCGv_i64 t = tcg_temp_new_i64();

    /* A block temp read after a label, before being written there. */
    tcg_gen_movi_i64(t, 1);
    tcg_gen_set_label(l);
    tcg_gen_mov_i64(cpu_x[0], t);
    ck_assert(!tcg_check_ir(s, why));
    ck_assert(strstr(why->str, "block temp") != NULL);

    /* An i32 temp where the op wants an i64, through the raw emitter. */
    tcg_func_start(s);
    tcg_gen_op3(INDEX_op_add_i64, cpu_x[0].n, cpu_nzcv.n, cpu_x[1].n);
    ck_assert(!tcg_check_ir(s, why));
    ck_assert(strstr(why->str, "wrong type") != NULL);

    /* Writing a constant. */
    tcg_func_start(s);
    tcg_gen_op2(INDEX_op_mov_i64, tcg_constant_i64(3).n, cpu_x[0].n);
    ck_assert(!tcg_check_ir(s, why));
    ck_assert(strstr(why->str, "read-only") != NULL);

    /* A local survives the label. */
    tcg_func_start(s);
    l = tcg_label_new();
    t = tcg_temp_local_new_i64();
    tcg_gen_movi_i64(t, 1);
    tcg_gen_set_label(l);
    tcg_gen_mov_i64(cpu_x[0], t);
    ck_assert(tcg_check_ir(s, why));
    g_string_free(why, true);
}
END_TEST

START_TEST(test_insn_table)
{
    uint32_t starts[4] = {0, 12, 40, 40};
    uint64_t pcs[4] = {0x80000000, 0x80000004, 0x7ffffff0,
                       0xffffffff00000000ull};
    uint64_t data[TCG_INSN_START_WORDS];
    g_autofree uint8_t *table = NULL;
    size_t len;
    uintptr_t code = 0x10000;

    for (int i = 0; i < 4; i++) {
        tcg_gen_insn_start(pcs[i], i, -(uint64_t)i);
        tcg_gen_movi_i64(cpu_pc, i);
    }
    table = tcg_insn_table_encode(s, starts, &len);
    ck_assert_uint_le(len, 4 * 3 * 10);

    /* A return address strictly after an insn's start is in it. */
    ck_assert(tcg_insn_table_find(table, len, code, code + 1, data));
    ck_assert_uint_eq(data[0], 0x80000000);
    ck_assert(tcg_insn_table_find(table, len, code, code + 12, data));
    ck_assert_uint_eq(data[0], 0x80000000);
    ck_assert(tcg_insn_table_find(table, len, code, code + 13, data));
    ck_assert_uint_eq(data[0], 0x80000004);
    ck_assert_uint_eq(data[1], 1);
    ck_assert_uint_eq(data[2], (uint64_t)-1);
    /* Insn 2 has no code of its own: 40 < ra goes to insn 3. */
    ck_assert(tcg_insn_table_find(table, len, code, code + 41, data));
    ck_assert_uint_eq(data[0], 0xffffffff00000000ull);
    ck_assert_uint_eq(data[2], (uint64_t)-3);
    ck_assert(tcg_insn_table_find(table, len, code, code + 40, data));
    ck_assert_uint_eq(data[0], 0x80000004);
    /* Not inside. */
    ck_assert(!tcg_insn_table_find(table, len, code, code, data));
    ck_assert(!tcg_insn_table_find(table, len, code, code - 4, data));
    /* A truncated table is not misread. */
    ck_assert(!tcg_insn_table_find(table, 1, code, code + 13, data) ||
              data[0] == 0x80000000);
}
END_TEST

START_TEST(test_set_insn_start_param)
{
    tcg_gen_insn_start(0x1000, 0, 0);
    tcg_set_insn_start_param(s, 2, 0xabc);
    ck_assert_uint_eq(s->last_insn_start->args[0], 0x1000);
    ck_assert_uint_eq(s->last_insn_start->args[2], 0xabc);
    ck_assert_int_eq(s->nb_insns, 1);
}
END_TEST

/* memop helpers used by the softmmu, against byte-wise expectations. */
START_TEST(test_memop_host)
{
    uint8_t buf[8] = {0xf1, 0x02, 0x83, 0x04, 0x05, 0x86, 0x07, 0x88};

    ck_assert_uint_eq(memop_load_host(buf, MO_SB), 0xfffffffffffffff1ull);
    ck_assert_uint_eq(memop_load_host(buf, MO_BEUW), 0xf102);
    ck_assert_uint_eq(memop_load_host(buf, MO_LESW), 0x02f1);
    ck_assert_uint_eq(memop_load_host(buf + 1, MO_BESW), 0x0283);
    ck_assert_uint_eq(memop_load_host(buf + 2, MO_LESW), 0x0483);
    ck_assert_uint_eq(memop_load_host(buf, MO_BESL), 0xfffffffff1028304ull);
    ck_assert_uint_eq(memop_load_host(buf, MO_BEUQ), 0xf102830405860788ull);
    memop_store_host(buf, 0xa1a2a3a4, MO_BEUL);
    ck_assert_uint_eq(buf[0], 0xa1);
    ck_assert_uint_eq(buf[3], 0xa4);
    ck_assert_uint_eq(buf[4], 0x05);
    ck_assert_uint_eq(memop_alignment_bits(MO_64 | MO_ALIGN), 3);
    ck_assert_uint_eq(memop_alignment_bits(MO_64 | MO_ALIGN_2), 1);
    ck_assert_uint_eq(memop_alignment_bits(MO_16), 0);
    ck_assert_uint_eq(get_memop(make_memop_idx(MO_BESL, 9)), MO_BESL);
    ck_assert_uint_eq(get_mmuidx(make_memop_idx(MO_BESL, 9)), 9);
}
END_TEST

static Suite *tcg_ir_suite(void)
{
    Suite *su = suite_create("tcg-ir");
    TCase *tc = tcase_create("ir");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_temp_kinds);
    tcase_add_test(tc, test_printer);
    tcase_add_test(tc, test_printer_life);
    tcase_add_test(tc, test_log_op);
    tcase_add_test(tc, test_immediate_forms);
    tcase_add_test(tc, test_labels);
    tcase_add_test(tc, test_check_ir_bad);
    tcase_add_test(tc, test_insn_table);
    tcase_add_test(tc, test_set_insn_start_param);
    tcase_add_test(tc, test_memop_host);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(tcg_ir_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
