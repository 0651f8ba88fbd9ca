/*
 * The human monitor: a line-oriented text interface on a chardev, with
 * the prompt "(kestrel) " and a small line editor (backspace, Ctrl-U;
 * cursor keys are ignored). The same command interpreter serves QMP's
 * human-monitor-command.
 *
 * On a mux (mon:stdio) the monitor shows itself only while it has the
 * input focus (C-a c); on its own chardev it greets each new client.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accel/accel.h"
#include "accel/tcg/tcg-stats.h"
#include "config.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "system/monitor-int.h"
#include "util/chardev/chardev.h"
#include "util/error.h"

#define HMP_PROMPT "(kestrel) "
#define HMP_LINE_MAX 1024
/* The most one x/xp command prints (count * size), a terminal's worth. */
#define HMP_DUMP_MAX (64 * 1024)

struct HmpMonitor {
    Chardev *chr;
    bool muxed;
    bool connected; /* the host end is there */
    bool focused;   /* has the input (always, unless muxed) */
    bool greeted;   /* banner shown since the host end came */
    bool last_cr;   /* swallow the LF of a CR LF */
    int esc;        /* 0, 1 after ESC, 2 inside ESC [ ... */
    GString *line;
};

/* ---- commands ---- */

typedef struct HmpCmd {
    const char *name;
    const char *args;
    const char *help;
    void (*fn)(const char *args, int cpu_index, GString *out);
} HmpCmd;

static void hmp_error(GString *out, GError *err)
{
    g_string_append_printf(out, "Error: %s\n", err->message);
    g_error_free(err);
}

/* Capture what a FILE * printer writes. */
static void hmp_capture(GString *out, void (*fn)(FILE *f, void *opaque),
                        void *opaque)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);

    if (!f) {
        g_string_append(out, "Error: out of memory\n");
        return;
    }
    fn(f, opaque);
    fclose(f);
    g_string_append_len(out, buf, size);
    free(buf);
}

static void hmp_dump_cpu(FILE *f, void *opaque)
{
    CPUState *cpu = opaque;

    if (cpu->cc->dump_state) {
        cpu->cc->dump_state(cpu, f);
    } else {
        fprintf(f, "CPU %d (%s): no register dump\n", cpu->index,
                cpu->cc->arch);
    }
}

static void hmp_dump_as(FILE *f, void *opaque)
{
    as_dump(opaque, f);
}

static void hmp_dump_tb_stats(FILE *f, void *opaque)
{
    tcg_exec_print_stats(f);
}

static void hmp_info_registers(const char *args, int cpu_index, GString *out)
{
    Machine *m = monitor_machine();
    GError *err = NULL;

    if (!strcmp(args, "-a")) {
        if (!m || !m->ncpus) {
            g_string_append(out, "Error: the machine has no CPU\n");
        }
        for (int i = 0; m && i < m->ncpus; i++) {
            g_string_append_printf(out, "\nCPU#%d\n", i);
            hmp_capture(out, hmp_dump_cpu, m->cpus[i]);
        }
        return;
    }
    if (*args) {
        g_string_append_printf(out,
                               "Error: info registers: unexpected "
                               "'%s' (only -a)\n",
                               args);
        return;
    }
    CPUState *cpu = monitor_cpu(cpu_index, &err);

    if (!cpu) {
        hmp_error(out, err);
        return;
    }
    hmp_capture(out, hmp_dump_cpu, cpu);
}

static void hmp_info_status(const char *args, int cpu_index, GString *out)
{
    RunState s = runstate_get();

    g_string_append_printf(out, "VM status: %s\n",
                           s == RUN_STATE_GUEST_SHUTDOWN ? "shutdown"
                           : s == RUN_STATE_PRELAUNCH    ? "paused (prelaunch)"
                                                         : runstate_name(s));
}

static void hmp_info_mtree(const char *args, int cpu_index, GString *out)
{
    Machine *m = monitor_machine();

    if (!m || !m->sysmem) {
        g_string_append(out, "Error: the machine has no memory\n");
        return;
    }
    /* as_dump starts with its own "address-space" header line. */
    hmp_capture(out, hmp_dump_as, m->sysmem);
    if (m->io) {
        g_string_append_c(out, '\n');
        hmp_capture(out, hmp_dump_as, m->io);
    }
}

static void hmp_info_tb_stats(const char *args, int cpu_index, GString *out)
{
    Machine *m = monitor_machine();

    if (!m || !m->accel || strcmp(m->accel->name, "tcg")) {
        g_string_append(out, "Error: info tb-stats needs the TCG "
                             "accelerator\n");
        return;
    }
    hmp_capture(out, hmp_dump_tb_stats, NULL);
}

static void hmp_info_version(const char *args, int cpu_index, GString *out)
{
    g_string_append(out, KESTREL_VERSION "\n");
}

static const HmpCmd hmp_info_cmds[] = {
    {"status", "", "the run state", hmp_info_status},
    {"registers", "[-a]", "the CPU registers (-a: every CPU)",
     hmp_info_registers},
    {"mtree", "", "the memory map (flat view)", hmp_info_mtree},
    {"tb-stats", "", "block-cache statistics (TCG)", hmp_info_tb_stats},
    {"version", "", "the Kestrel version", hmp_info_version},
};

static void hmp_info(const char *args, int cpu_index, GString *out)
{
    const char *rest = args;
    g_autofree char *what = NULL;

    while (*rest && *rest != ' ') {
        rest++;
    }
    what = g_strndup(args, rest - args);
    while (*rest == ' ') {
        rest++;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_info_cmds); i++) {
        if (!strcmp(what, hmp_info_cmds[i].name)) {
            hmp_info_cmds[i].fn(rest, cpu_index, out);
            return;
        }
    }
    if (*what) {
        g_string_append_printf(out, "Error: info %s: unknown item\n", what);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_info_cmds); i++) {
        g_autofree char *u = g_strdup_printf(
            "info %s %s", hmp_info_cmds[i].name, hmp_info_cmds[i].args);
        g_string_append_printf(out, "%-24s -- %s\n", u, hmp_info_cmds[i].help);
    }
}

/*
 * x/xp /FMT ADDR. FMT is [count][format][size] in any order after the
 * count: format x (hex), d (signed), u (unsigned), o (octal), c (char);
 * size b, h, w, g. Defaults: 1, x, w.
 */
static bool hmp_parse_fmt(const char *fmt, unsigned *count, char *format,
                          unsigned *size, GError **errp)
{
    const char *p = fmt;

    *count = 1;
    *format = 'x';
    *size = 4;
    if (g_ascii_isdigit(*p)) {
        uint64_t c = g_ascii_strtoull(p, (char **)&p, 10);

        if (c == 0 || c > HMP_DUMP_MAX) {
            error_setg(errp, "invalid count in /%s", fmt);
            return false;
        }
        *count = (unsigned)c;
    }
    for (; *p; p++) {
        switch (*p) {
        case 'x':
        case 'd':
        case 'u':
        case 'o':
        case 'c':
            *format = *p;
            break;
        case 'b':
            *size = 1;
            break;
        case 'h':
            *size = 2;
            break;
        case 'w':
            *size = 4;
            break;
        case 'g':
            *size = 8;
            break;
        case 'i':
            error_setg(errp, "/i (disassembly) is not supported yet");
            return false;
        default:
            error_setg(errp, "invalid format character '%c' in /%s", *p, fmt);
            return false;
        }
    }
    if (*format == 'c') {
        *size = 1;
    }
    return true;
}

/* cpu NULL: physical addresses (xp); else cpu's virtual ones (x). */
static void hmp_memory_dump(const char *cmd, CPUState *cpu, const char *args,
                            GString *out)
{
    g_autofree char *fmt = NULL;
    g_autofree uint8_t *buf = NULL;
    const char *p = args;
    unsigned count, size;
    char format;
    uint64_t addr, len;
    char *end;
    GError *err = NULL;

    if (*p == '/') {
        const char *s = ++p;

        while (*p && *p != ' ') {
            p++;
        }
        fmt = g_strndup(s, p - s);
        while (*p == ' ') {
            p++;
        }
    }
    if (!hmp_parse_fmt(fmt ? fmt : "", &count, &format, &size, &err)) {
        hmp_error(out, err);
        return;
    }
    if (!*p) {
        g_string_append_printf(out, "Error: %s: address expected\n", cmd);
        return;
    }
    errno = 0;
    addr = g_ascii_strtoull(p, &end, 0);
    while (*end == ' ') {
        end++;
    }
    if (end == p || *end || errno) {
        g_string_append_printf(out, "Error: %s: invalid address '%s'\n", cmd,
                               p);
        return;
    }
    len = (uint64_t)count * size;
    if (len > HMP_DUMP_MAX) {
        g_string_append_printf(out, "Error: %s: at most %d bytes at once\n",
                               cmd, HMP_DUMP_MAX);
        return;
    }
    buf = g_malloc(len);
    if (!(cpu ? monitor_read_virt(cpu, addr, buf, len, &err)
              : monitor_read_phys(addr, buf, len, &err))) {
        hmp_error(out, err);
        return;
    }
    for (uint64_t off = 0; off < len; off += size) {
        uint64_t v = 0;

        if (off % 16 == 0) {
            g_string_append_printf(out, "%s%016" PRIx64 ":", off ? "\n" : "",
                                   addr + off);
        }
        memcpy(&v, buf + off, size); /* both guests are little-endian */
        switch (format) {
        case 'x':
            g_string_append_printf(out, " 0x%0*" PRIx64, size * 2, v);
            break;
        case 'o':
            g_string_append_printf(out, " 0%" PRIo64, v);
            break;
        case 'u':
            g_string_append_printf(out, " %" PRIu64, v);
            break;
        case 'd': {
            int shift = 64 - size * 8;
            int64_t sv = (int64_t)(v << shift) >> shift;

            g_string_append_printf(out, " %" PRId64, sv);
            break;
        }
        case 'c':
            if (v >= 0x20 && v < 0x7f) {
                g_string_append_printf(out, " '%c'", (int)v);
            } else {
                g_string_append_printf(out, " '\\x%02x'", (unsigned)v);
            }
            break;
        }
    }
    g_string_append_c(out, '\n');
}

/* Guest-virtual, through the current CPU's translation regime. */
static void hmp_x(const char *args, int cpu_index, GString *out)
{
    GError *err = NULL;
    CPUState *cpu = monitor_cpu(cpu_index, &err);

    if (!cpu) {
        hmp_error(out, err);
        return;
    }
    hmp_memory_dump("x", cpu, args, out);
}

static void hmp_xp(const char *args, int cpu_index, GString *out)
{
    hmp_memory_dump("xp", NULL, args, out);
}

static void hmp_stop(const char *args, int cpu_index, GString *out)
{
    monitor_stop();
}

static void hmp_cont(const char *args, int cpu_index, GString *out)
{
    GError *err = NULL;

    if (!monitor_cont(&err)) {
        hmp_error(out, err);
    }
}

static void hmp_system_reset(const char *args, int cpu_index, GString *out)
{
    monitor_system_reset();
}

static void hmp_system_powerdown(const char *args, int cpu_index, GString *out)
{
    GError *err = NULL;

    if (!monitor_system_powerdown(&err)) {
        hmp_error(out, err);
    }
}

static void hmp_quit(const char *args, int cpu_index, GString *out)
{
    monitor_quit();
}

static void hmp_help(const char *args, int cpu_index, GString *out);

static const HmpCmd hmp_cmds[] = {
    {"help", "[cmd]", "show the commands (also ?)", hmp_help},
    {"info", "item", "show machine state (info with no item: list)", hmp_info},
    {"x", "/fmt addr", "dump memory at a virtual address (now: physical)",
     hmp_x},
    {"xp", "/fmt addr", "dump memory at a physical address", hmp_xp},
    {"stop", "", "pause the guest", hmp_stop},
    {"cont", "", "resume the guest (also c)", hmp_cont},
    {"system_reset", "", "reset the machine", hmp_system_reset},
    {"system_powerdown", "", "press the power button (board permitting)",
     hmp_system_powerdown},
    {"quit", "", "quit the emulator (also q)", hmp_quit},
};

static void hmp_help(const char *args, int cpu_index, GString *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_cmds); i++) {
        g_autofree char *u = NULL;

        if (*args && strcmp(args, hmp_cmds[i].name)) {
            continue;
        }
        u = g_strdup_printf("%s %s", hmp_cmds[i].name, hmp_cmds[i].args);
        g_string_append_printf(out, "%-24s -- %s\n", u, hmp_cmds[i].help);
    }
    if (!*args) {
        g_string_append(out, "/fmt is [count][x|d|u|o|c][b|h|w|g], "
                             "e.g. x/8xw 0x40000000\n");
        hmp_info("", cpu_index, out);
    }
}

void hmp_execute(const char *line, int cpu_index, GString *out)
{
    /* One spare byte: "x/FMT" is split by moving "/FMT" right. */
    g_autofree char *copy = g_malloc(strlen(line) + 2);
    char *cmd, *args;

    strcpy(copy, line);
    cmd = args = g_strstrip(copy);

    if (!*cmd) {
        return;
    }
    /* The command word ends at a space, or at '/' for x/FMT. */
    while (*args && *args != ' ' && *args != '/') {
        args++;
    }
    if (*args == ' ') {
        *args++ = '\0';
        while (*args == ' ') {
            args++;
        }
    } else if (*args == '/') {
        memmove(args + 1, args, strlen(args) + 1);
        *args++ = '\0';
    }
    if (!strcmp(cmd, "?")) {
        cmd = "help";
    } else if (!strcmp(cmd, "q")) {
        cmd = "quit";
    } else if (!strcmp(cmd, "c")) {
        cmd = "cont";
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_cmds); i++) {
        if (!strcmp(cmd, hmp_cmds[i].name)) {
            hmp_cmds[i].fn(args, cpu_index, out);
            return;
        }
    }
    g_string_append_printf(out, "unknown command: '%s'\n", cmd);
}

/* ---- the terminal side ---- */

/* Terminals want CR LF; command output uses plain LF. */
static void hmp_print(HmpMonitor *mon, const char *text, size_t len)
{
    g_autoptr(GString) crlf = g_string_sized_new(len + 16);

    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            g_string_append_c(crlf, '\r');
        }
        g_string_append_c(crlf, text[i]);
    }
    chardev_write(mon->chr, (const uint8_t *)crlf->str, (int)crlf->len);
}

static void hmp_puts(HmpMonitor *mon, const char *s)
{
    hmp_print(mon, s, strlen(s));
}

static void hmp_show(HmpMonitor *mon)
{
    if (!mon->connected || !mon->focused) {
        return;
    }
    if (!mon->greeted) {
        hmp_puts(mon, "Kestrel " KESTREL_VERSION " monitor - type 'help' "
                      "for more information\n");
        mon->greeted = true;
    }
    hmp_puts(mon, HMP_PROMPT);
    hmp_puts(mon, mon->line->str);
}

static void hmp_run_line(HmpMonitor *mon)
{
    g_autoptr(GString) out = g_string_new(NULL);

    hmp_puts(mon, "\n");
    hmp_execute(mon->line->str, 0, out);
    g_string_truncate(mon->line, 0);
    hmp_print(mon, out->str, out->len);
    hmp_puts(mon, HMP_PROMPT);
}

static int hmp_can_read(void *opaque)
{
    return HMP_LINE_MAX;
}

static void hmp_read(void *opaque, const uint8_t *buf, int len)
{
    HmpMonitor *mon = opaque;

    for (int i = 0; i < len; i++) {
        uint8_t ch = buf[i];
        bool was_cr = mon->last_cr;

        mon->last_cr = false;
        if (mon->esc == 1) {
            mon->esc = ch == '[' || ch == 'O' ? 2 : 0;
            continue;
        }
        if (mon->esc == 2) {
            if (ch >= 0x40 && ch <= 0x7e) {
                mon->esc = 0; /* the end of a cursor key sequence */
            }
            continue;
        }
        switch (ch) {
        case '\r':
            mon->last_cr = true;
            hmp_run_line(mon);
            break;
        case '\n':
            if (!was_cr) {
                hmp_run_line(mon);
            }
            break;
        case 0x1b:
            mon->esc = 1;
            break;
        case 0x7f:
        case '\b':
            if (mon->line->len) {
                g_string_truncate(mon->line, mon->line->len - 1);
                hmp_puts(mon, "\b \b");
            }
            break;
        case 0x15: /* Ctrl-U: forget the line */
        case 0x03: /* Ctrl-C */
            g_string_truncate(mon->line, 0);
            hmp_puts(mon, "\n" HMP_PROMPT);
            break;
        default:
            if (ch < 0x20 || mon->line->len >= HMP_LINE_MAX) {
                break;
            }
            g_string_append_c(mon->line, (char)ch);
            chardev_write(mon->chr, &ch, 1); /* echo */
            break;
        }
    }
}

static void hmp_event(void *opaque, ChrEvent event)
{
    HmpMonitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        mon->connected = true;
        mon->greeted = false;
        hmp_show(mon);
        break;
    case CHR_EVENT_CLOSED:
        mon->connected = false;
        mon->esc = 0;
        g_string_truncate(mon->line, 0);
        break;
    case CHR_EVENT_MUX_IN:
        mon->focused = true;
        hmp_show(mon);
        break;
    case CHR_EVENT_MUX_OUT:
        mon->focused = false;
        break;
    default:
        break;
    }
}

HmpMonitor *hmp_new(Chardev *chr, bool muxed, GError **errp)
{
    HmpMonitor *mon = g_new0(HmpMonitor, 1);
    ChrFrontend fe = {
        .can_read = hmp_can_read,
        .read = hmp_read,
        .event = hmp_event,
        .opaque = mon,
    };

    mon->chr = chr;
    mon->muxed = muxed;
    mon->focused = !muxed;
    mon->line = g_string_new(NULL);
    if (!chardev_attach(chr, &fe, errp)) {
        error_prepend(errp, "monitor on '%s'", chardev_label(chr));
        hmp_free(mon);
        return NULL;
    }
    return mon;
}

void hmp_free(HmpMonitor *mon)
{
    if (mon) {
        g_string_free(mon->line, TRUE);
        g_free(mon);
    }
}
