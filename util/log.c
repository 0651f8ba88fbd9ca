#include "util/log.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "util/error.h"

unsigned log_items;

static FILE *log_file;
static GMutex log_mutex;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_table[] = {
    { "in_asm", LOG_IN_ASM, "show guest code as it is translated" },
    { "op", LOG_OP, "show IR before optimisation" },
    { "op_opt", LOG_OP_OPT, "show IR after optimisation" },
    { "out_asm", LOG_OUT_ASM, "show generated host code" },
    { "int", LOG_INT, "show exceptions and interrupts taken" },
    { "exec", LOG_EXEC, "show each translation block executed" },
    { "cpu", LOG_CPU, "show CPU registers before each block (with exec)" },
    { "mmu", LOG_MMU, "show page-table walks and TLB fills" },
    { "guest_errors", LOG_GUEST_ERROR,
      "log when the guest does something invalid (e.g. a bad register)" },
    { "unimp", LOG_UNIMP, "log when the guest uses something not modelled" },
    { "nochain", LOG_NOCHAIN, "do not chain translation blocks" },
    { "tb_stats", LOG_TB_STATS, "print block-cache statistics at exit" },
};

bool log_parse_items(const char *str, unsigned *mask, GError **errp)
{
    g_auto(GStrv) items = g_strsplit(str, ",", -1);
    unsigned m = 0;

    for (int i = 0; items[i]; i++) {
        const char *it = items[i];
        bool found = false;

        if (!*it) {
            continue;
        }
        if (!strcmp(it, "all")) {
            for (size_t j = 0; j < G_N_ELEMENTS(log_table); j++) {
                if (log_table[j].mask != LOG_NOCHAIN) {
                    m |= log_table[j].mask;
                }
            }
            continue;
        }
        for (size_t j = 0; j < G_N_ELEMENTS(log_table); j++) {
            if (!strcmp(it, log_table[j].name)) {
                m |= log_table[j].mask;
                found = true;
                break;
            }
        }
        if (!found) {
            error_setg(errp, "-d %s: unknown log item '%s' (try -d help)",
                       str, it);
            return false;
        }
    }
    *mask = m;
    return true;
}

void log_set_items(unsigned mask)
{
    log_items = mask;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t j = 0; j < G_N_ELEMENTS(log_table); j++) {
        fprintf(out, "%-13s %s\n", log_table[j].name, log_table[j].help);
    }
    fprintf(out, "%-13s %s\n", "all", "every item but nochain");
}

bool log_set_file(const char *path, GError **errp)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        error_setg_errno(errp, errno, "-D %s", path);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    g_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_mutex);
    return true;
}

FILE *log_lock(void)
{
    g_mutex_lock(&log_mutex);
    return log_file ? log_file : stderr;
}

void log_unlock(FILE *f)
{
    fflush(f);
    g_mutex_unlock(&log_mutex);
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    FILE *f = log_lock();

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    log_unlock(f);
}

void log_close(void)
{
    g_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    g_mutex_unlock(&log_mutex);
}
