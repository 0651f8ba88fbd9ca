/*
 * The GDB remote stub: GDB's remote serial protocol (GDB manual, appendix
 * "Remote Serial Protocol") served on a chardev from the main loop, with
 * the machine lock held.  All-stop: a stop of one vCPU stops the VM.
 *
 * The engine side (breakpoints, single step, watchpoints) is
 * accel/tcg/debug.c; the register file, target description and debug
 * address translation come from the target (target/arm/gdbstub.c).
 * Threads are vCPUs: thread id = CPU index + 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/gdbstub.h"

#include "accel/accel.h"
#include "accel/tcg/debug.h"
#include "hw/core/machine.h"
#include "hw/core/memory.h"
#include "hw/core/runstate.h"
#include "target/arm/gdbstub.h"
#include "util/chardev/chardev.h"
#include "util/error.h"
#include "util/main-loop.h"

#define GDB_PACKET_SIZE 0x4000
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5

typedef struct GdbStub {
    Machine *m;
    Chardev *chr;
    GdbPacketParser rx;
    GString *last; /* the last packet sent, for a nack */
    bool connected;
    bool no_ack;
    bool running;         /* resumed by gdb: a stop reply is owed */
    bool phys_mem;        /* m/M take guest-physical addresses */
    bool resume_on_close; /* the VM ran before gdb came, or gdb ran it */
    int g_cpu, c_cpu;     /* H g / H c selections (CPU index) */
} GdbStub;

static GdbStub gdb;

static void gdb_send(const char *payload)
{
    g_string_truncate(gdb.last, 0);
    gdb_packet_frame(gdb.last, payload, strlen(payload));
    chardev_write(gdb.chr, (const uint8_t *)gdb.last->str, gdb.last->len);
}

static CPUState *gdb_cpu(int index)
{
    return gdb.m->cpus[index];
}

/* A thread id of the protocol: the CPU index, -1 for "all", -2 bad. */
static int gdb_parse_thread(const char *s)
{
    char *end;
    long id;

    if (!strcmp(s, "-1")) {
        return -1;
    }
    id = strtol(s, &end, 16);
    if (end == s || *end) {
        return -2;
    }
    if (id == 0) {
        return 0; /* "any thread": the first */
    }
    return id <= gdb.m->ncpus ? (int)id - 1 : -2;
}

/* ---- stopping and resuming ---- */

static void gdb_stop_reply(CPUState *cpu, int sig)
{
    GString *s = g_string_new(NULL);
    uint64_t addr = 0;

    g_string_printf(s, "T%02xthread:%x;", sig, cpu->index + 1);
    if (sig == GDB_SIGTRAP) {
        switch (tcg_debug_stop_reason(cpu, &addr)) {
        case TCG_DEBUG_BREAKPOINT:
            g_string_append(s, "swbreak:;");
            break;
        case TCG_DEBUG_WATCH_WRITE:
            g_string_append_printf(s, "watch:%" G_GINT64_MODIFIER "x;", addr);
            break;
        case TCG_DEBUG_WATCH_READ:
            g_string_append_printf(s, "rwatch:%" G_GINT64_MODIFIER "x;", addr);
            break;
        case TCG_DEBUG_WATCH_ACCESS:
            g_string_append_printf(s, "awatch:%" G_GINT64_MODIFIER "x;", addr);
            break;
        default:
            break;
        }
    }
    gdb.g_cpu = gdb.c_cpu = cpu->index;
    gdb_send(s->str);
    g_string_free(s, TRUE);
}

/* Main loop: a vCPU stopped for the debugger. */
static void gdb_debug_stop_bh(void *opaque)
{
    CPUState *cpu = opaque;
    bool report = gdb.running;

    /*
     * Stop the whole VM even when no reply is owed (another vCPU reported
     * first, or a monitor "cont" let the guest run under gdb's feet).
     */
    gdb.running = false;
    vm_stop();
    if (report) {
        gdb_stop_reply(cpu, GDB_SIGTRAP);
    }
}

/* vCPU thread. */
static void gdb_debug_stop(CPUState *cpu, void *opaque)
{
    main_loop_call(gdb_debug_stop_bh, cpu);
}

static void gdb_resume(int step_cpu)
{
    for (int i = 0; i < gdb.m->ncpus; i++) {
        tcg_debug_set_step(gdb_cpu(i), i == step_cpu);
    }
    gdb.running = true;
    gdb.resume_on_close = true;
    vm_start();
}

static void gdb_runstate_changed(void *opaque, RunStateEvent ev,
                                 ShutdownCause cause)
{
    if (!gdb.connected) {
        return;
    }
    if (ev == RUNSTATE_EVENT_STOP && gdb.running) {
        /* Stopped by someone else (the monitor): tell gdb. */
        gdb.running = false;
        gdb_stop_reply(gdb_cpu(gdb.c_cpu), GDB_SIGINT);
    } else if (ev == RUNSTATE_EVENT_SHUTDOWN) {
        gdb.running = false;
        gdb_send("W00");
    }
}

/* ---- registers and memory ---- */

static void gdb_read_regs(GString *out, CPUState *cpu)
{
    uint8_t buf[16];

    for (int n = 0; n < ARM_GDB_NUM_REGS; n++) {
        int size = arm_gdb_read_reg(cpu, n, buf);

        gdb_hex_encode(out, buf, size);
    }
}

static bool gdb_write_regs(CPUState *cpu, const char *hex)
{
    uint8_t buf[16];
    size_t len = strlen(hex);

    for (int n = 0; n < ARM_GDB_NUM_REGS && len; n++) {
        int size = arm_gdb_read_reg(cpu, n, buf);

        if (len < (size_t)size * 2) {
            return false;
        }
        gdb_hex_decode(buf, size, hex);
        arm_gdb_write_reg(cpu, n, buf);
        hex += size * 2;
        len -= size * 2;
    }
    return true;
}

/* Guest-virtual memory through the current translation regime. */
static bool gdb_rw_memory(CPUState *cpu, uint64_t va, uint8_t *buf,
                          uint64_t len, bool is_write)
{
    if (gdb.phys_mem) {
        return as_rw(cpu->as, va, buf, len, is_write) == MEMTX_OK;
    }
    while (len) {
        uint64_t pa, left;

        if (!arm_gdb_translate(cpu, va, &pa, &left)) {
            return false;
        }
        left = MIN(left, len);
        if (as_rw(cpu->as, pa, buf, left, is_write) != MEMTX_OK) {
            return false;
        }
        va += left;
        buf += left;
        len -= left;
    }
    return true;
}

/* "addr,len" (and what follows) from p. */
static bool gdb_parse_addr_len(const char *p, uint64_t *addr, uint64_t *len,
                               const char **rest)
{
    char *end;

    *addr = g_ascii_strtoull(p, &end, 16);
    if (end == p || *end != ',') {
        return false;
    }
    p = end + 1;
    *len = g_ascii_strtoull(p, &end, 16);
    if (end == p) {
        return false;
    }
    *rest = end;
    return true;
}

/* ---- breakpoints and watchpoints ---- */

static bool gdb_breakpoint(const char *p, bool insert)
{
    CPUState *cpu = gdb_cpu(gdb.g_cpu);
    uint64_t addr, len, pa, left;
    const char *rest;
    int type = p[0] - '0';
    unsigned kind;

    if (p[1] != ',' || !gdb_parse_addr_len(p + 2, &addr, &len, &rest)) {
        return false;
    }
    switch (type) {
    case 0: /* software and hardware breakpoints are the same here */
    case 1:
        if (!arm_gdb_translate(cpu, addr, &pa, &left)) {
            pa = UINT64_MAX;
        }
        if (insert) {
            tcg_debug_bp_insert(addr, pa);
            return true;
        }
        return tcg_debug_bp_remove(addr, pa);
    case 2:
    case 3:
    case 4:
        kind = type == 2   ? TCG_WP_WRITE
               : type == 3 ? TCG_WP_READ
                           : TCG_WP_READ | TCG_WP_WRITE;
        if (insert) {
            tcg_debug_wp_insert(addr, len, kind);
            return true;
        }
        return tcg_debug_wp_remove(addr, len, kind);
    }
    return false;
}

/* ---- packets ---- */

static void gdb_xfer_features(const char *args)
{
    char annex[64];
    unsigned long long off, len;
    const char *doc;
    GString *s;
    size_t size;

    if (sscanf(args, "%63[^:]:%llx,%llx", annex, &off, &len) != 3) {
        gdb_send("E00");
        return;
    }
    doc = arm_gdb_xml(annex);
    if (!doc) {
        gdb_send("E00");
        return;
    }
    size = strlen(doc);
    if (off > size) {
        gdb_send("E00");
        return;
    }
    len = MIN(len, size - off);
    s = g_string_new(off + len < size ? "m" : "l");
    g_string_append_len(s, doc + off, len);
    g_string_truncate(gdb.last, 0);
    gdb_packet_frame(gdb.last, s->str, s->len);
    chardev_write(gdb.chr, (const uint8_t *)gdb.last->str, gdb.last->len);
    g_string_free(s, TRUE);
}

static void gdb_thread_list(void)
{
    GString *s = g_string_new("m");

    for (int i = 0; i < gdb.m->ncpus; i++) {
        g_string_append_printf(s, "%s%x", i ? "," : "", i + 1);
    }
    gdb_send(s->str);
    g_string_free(s, TRUE);
}

static void gdb_query(const char *p)
{
    char buf[128];

    if (g_str_has_prefix(p, "qSupported")) {
        g_snprintf(buf, sizeof(buf),
                   "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                   "QStartNoAckMode+;vContSupported+",
                   GDB_PACKET_SIZE);
        gdb_send(buf);
    } else if (g_str_has_prefix(p, "qXfer:features:read:")) {
        gdb_xfer_features(p + strlen("qXfer:features:read:"));
    } else if (!strcmp(p, "qqemu.PhyMemMode")) {
        gdb_send(gdb.phys_mem ? "1" : "0");
    } else if (!strcmp(p, "qqemu.sstepbits")) {
        /* QEMU's step flags: which bits "Qqemu.sstep=" takes. */
        g_snprintf(buf, sizeof(buf), "ENABLE=%x,NOIRQ=%x,NOTIMER=%x",
                   TCG_SSTEP_ENABLE, TCG_SSTEP_NOIRQ, TCG_SSTEP_NOTIMER);
        gdb_send(buf);
    } else if (!strcmp(p, "qqemu.sstep")) {
        g_snprintf(buf, sizeof(buf), "0x%x", tcg_debug_step_flags());
        gdb_send(buf);
    } else if (!strcmp(p, "qAttached")) {
        gdb_send("1");
    } else if (!strcmp(p, "qC")) {
        g_snprintf(buf, sizeof(buf), "QC%x", gdb.g_cpu + 1);
        gdb_send(buf);
    } else if (!strcmp(p, "qfThreadInfo")) {
        gdb_thread_list();
    } else if (!strcmp(p, "qsThreadInfo")) {
        gdb_send("l");
    } else if (g_str_has_prefix(p, "qThreadExtraInfo,")) {
        int idx = gdb_parse_thread(p + strlen("qThreadExtraInfo,"));
        GString *s = g_string_new(NULL);
        char *text = g_strdup_printf("CPU#%d", idx < 0 ? 0 : idx);

        gdb_hex_encode(s, (const uint8_t *)text, strlen(text));
        gdb_send(s->str);
        g_string_free(s, TRUE);
        g_free(text);
    } else {
        gdb_send("");
    }
}

/* vCont;ACTION[:tid];...: one step action at most; the rest continue. */
static void gdb_vcont(const char *p)
{
    gchar **acts = g_strsplit(p, ";", -1);
    int step_cpu = -1;
    bool ok = true;

    for (int i = 0; acts[i]; i++) {
        char *colon = strchr(acts[i], ':');
        int tid = colon ? gdb_parse_thread(colon + 1) : -1;
        char a = acts[i][0];

        if (tid == -2 || !strchr("cCsS", a) || !a) {
            ok = false;
            break;
        }
        if ((a == 's' || a == 'S') && step_cpu < 0) {
            step_cpu = tid >= 0 ? tid : gdb.c_cpu;
        }
    }
    g_strfreev(acts);
    if (!ok) {
        gdb_send("E22");
        return;
    }
    gdb_resume(step_cpu);
}

static void gdb_handle_packet(const char *p)
{
    CPUState *cpu = gdb_cpu(gdb.g_cpu);
    GString *s;
    uint64_t addr, len;
    const char *rest;
    uint8_t *buf;
    char *end;
    int idx;

    switch (p[0]) {
    case '?':
        s = g_string_new(NULL);
        g_string_printf(s, "T%02xthread:%x;", GDB_SIGTRAP, gdb.c_cpu + 1);
        gdb_send(s->str);
        g_string_free(s, TRUE);
        return;
    case 'q':
        gdb_query(p);
        return;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            gdb_send("OK");
            gdb.no_ack = true;
        } else if (g_str_has_prefix(p, "Qqemu.sstep=")) {
            const char *v = p + strlen("Qqemu.sstep=");
            char *tail;
            unsigned long f = strtoul(v, &tail, 16);

            if (*tail || tail == v || f > 7) {
                gdb_send("E22");
            } else {
                tcg_debug_set_step_flags(f);
                gdb_send("OK");
            }
        } else if (!strcmp(p, "Qqemu.PhyMemMode:0") ||
                   !strcmp(p, "Qqemu.PhyMemMode:1")) {
            /* QEMU's maintenance packet for physical-address access. */
            gdb.phys_mem = p[strlen(p) - 1] == '1';
            gdb_send("OK");
        } else {
            gdb_send("");
        }
        return;
    case 'H':
        idx = gdb_parse_thread(p + 2);
        if (idx == -2 || (p[1] != 'g' && p[1] != 'c')) {
            gdb_send("E22");
            return;
        }
        if (idx >= 0) {
            *(p[1] == 'g' ? &gdb.g_cpu : &gdb.c_cpu) = idx;
        }
        gdb_send("OK");
        return;
    case 'T':
        gdb_send(gdb_parse_thread(p + 1) >= 0 ? "OK" : "E22");
        return;
    case 'g':
        s = g_string_new(NULL);
        gdb_read_regs(s, cpu);
        gdb_send(s->str);
        g_string_free(s, TRUE);
        return;
    case 'G':
        gdb_send(gdb_write_regs(cpu, p + 1) ? "OK" : "E22");
        return;
    case 'p': {
        uint8_t reg[16];
        int n = strtol(p + 1, &end, 16);
        int size = arm_gdb_read_reg(cpu, n, reg);

        if (!size) {
            gdb_send("E22");
            return;
        }
        s = g_string_new(NULL);
        gdb_hex_encode(s, reg, size);
        gdb_send(s->str);
        g_string_free(s, TRUE);
        return;
    }
    case 'P': {
        uint8_t reg[16] = {0};
        int n = strtol(p + 1, &end, 16);
        int size = arm_gdb_read_reg(cpu, n, reg);

        if (!size || *end != '=' ||
            gdb_hex_decode(reg, size, end + 1) != (size_t)size) {
            gdb_send("E22");
            return;
        }
        arm_gdb_write_reg(cpu, n, reg);
        gdb_send("OK");
        return;
    }
    case 'm':
        if (!gdb_parse_addr_len(p + 1, &addr, &len, &rest) ||
            len > GDB_PACKET_SIZE / 2) {
            gdb_send("E22");
            return;
        }
        buf = g_malloc(len);
        if (!gdb_rw_memory(cpu, addr, buf, len, false)) {
            gdb_send("E14");
        } else {
            s = g_string_new(NULL);
            gdb_hex_encode(s, buf, len);
            gdb_send(s->str);
            g_string_free(s, TRUE);
        }
        g_free(buf);
        return;
    case 'M':
        if (!gdb_parse_addr_len(p + 1, &addr, &len, &rest) || *rest != ':' ||
            len > GDB_PACKET_SIZE || strlen(rest + 1) != len * 2) {
            gdb_send("E22");
            return;
        }
        buf = g_malloc(len + 1);
        gdb_hex_decode(buf, len, rest + 1);
        gdb_send(gdb_rw_memory(cpu, addr, buf, len, true) ? "OK" : "E14");
        g_free(buf);
        return;
    case 'c':
    case 's':
        if (p[1]) {
            uint8_t pc[8];
            uint64_t v = g_ascii_strtoull(p + 1, NULL, 16);

            for (int i = 0; i < 8; i++) {
                pc[i] = v >> (8 * i);
            }
            arm_gdb_write_reg(gdb_cpu(gdb.c_cpu), 32, pc);
        }
        gdb_resume(p[0] == 's' ? gdb.c_cpu : -1);
        return;
    case 'v':
        if (!strcmp(p, "vCont?")) {
            gdb_send("vCont;c;C;s;S");
        } else if (g_str_has_prefix(p, "vCont;")) {
            gdb_vcont(p + strlen("vCont;"));
        } else if (g_str_has_prefix(p, "vKill")) {
            gdb_send("OK");
            tcg_debug_remove_all();
            runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
        } else {
            gdb_send("");
        }
        return;
    case 'Z':
    case 'z':
        if (p[1] < '0' || p[1] > '4') {
            gdb_send("");
            return;
        }
        gdb_send(gdb_breakpoint(p + 1, p[0] == 'Z') ? "OK" : "E22");
        return;
    case 'D':
        tcg_debug_remove_all();
        gdb_send("OK");
        gdb.running = false;
        vm_start();
        return;
    case 'k':
        tcg_debug_remove_all();
        runstate_request_shutdown(SHUTDOWN_HOST_QUIT, 0);
        return;
    default:
        gdb_send("");
        return;
    }
}

/* Ctrl-C: stop a running guest, report SIGINT. */
static void gdb_interrupt(void)
{
    if (!gdb.running) {
        return;
    }
    gdb.running = false;
    vm_stop();
    gdb_stop_reply(gdb_cpu(gdb.c_cpu), GDB_SIGINT);
}

static int gdb_can_read(void *opaque)
{
    return GDB_PACKET_SIZE;
}

static void gdb_read(void *opaque, const uint8_t *data, int len)
{
    for (int i = 0; i < len; i++) {
        switch (gdb_parser_feed(&gdb.rx, data[i])) {
        case GDB_RX_PACKET:
            if (!gdb.no_ack) {
                chardev_write(gdb.chr, (const uint8_t *)"+", 1);
            }
            gdb_handle_packet(gdb.rx.payload->str);
            break;
        case GDB_RX_BAD:
            if (!gdb.no_ack) {
                chardev_write(gdb.chr, (const uint8_t *)"-", 1);
            }
            break;
        case GDB_RX_NACK:
            if (!gdb.no_ack && gdb.last->len) {
                chardev_write(gdb.chr, (const uint8_t *)gdb.last->str,
                              gdb.last->len);
            }
            break;
        case GDB_RX_INTERRUPT:
            gdb_interrupt();
            break;
        case GDB_RX_ACK:
        case GDB_RX_NONE:
            break;
        }
    }
}

static void gdb_event(void *opaque, ChrEvent ev)
{
    if (ev == CHR_EVENT_OPENED) {
        gdb.connected = true;
        gdb.no_ack = false;
        gdb.phys_mem = false;
        gdb.running = false;
        gdb.g_cpu = gdb.c_cpu = 0;
        gdb_parser_free(&gdb.rx);
        gdb_parser_init(&gdb.rx);
        /* All-stop: gdb expects the target stopped when it attaches. */
        gdb.resume_on_close = runstate_is_running();
        vm_stop();
    } else if (ev == CHR_EVENT_CLOSED && gdb.connected) {
        /*
         * gdb went away without detaching: the guest goes on if it was
         * running (not for a client that only looked, under -S).
         */
        gdb.connected = false;
        gdb.running = false;
        tcg_debug_remove_all();
        if (gdb.resume_on_close) {
            vm_start();
        }
    }
}

/* tcp::PORT listens on localhost; sockets default to server,nowait. */
static char *gdb_chardev_spec(const char *spec)
{
    GString *s = g_string_new(NULL);

    if (g_str_has_prefix(spec, "tcp::")) {
        g_string_printf(s, "tcp:127.0.0.1:%s", spec + strlen("tcp::"));
    } else {
        g_string_assign(s, spec);
    }
    if ((g_str_has_prefix(spec, "tcp:") || g_str_has_prefix(spec, "unix:")) &&
        !strstr(spec, ",server")) {
        g_string_append(s, ",server=on,wait=off");
    }
    return g_string_free(s, FALSE);
}

bool gdbstub_init(Machine *m, const char *spec, GError **errp)
{
    static const ChrFrontend fe = {
        .can_read = gdb_can_read,
        .read = gdb_read,
        .event = gdb_event,
    };
    char *cspec;

    if (strcmp(m->accel->name, "tcg")) {
        error_setg(errp, "-gdb %s: needs -accel tcg", spec);
        return false;
    }
    if (m->ncpus == 0 || strcmp(m->cpus[0]->cc->arch, "aarch64")) {
        error_setg(errp, "-gdb %s: the machine has no AArch64 CPU", spec);
        return false;
    }
    cspec = gdb_chardev_spec(spec);
    gdb.chr = chardev_get("gdb", cspec, errp);
    g_free(cspec);
    if (!gdb.chr) {
        return false;
    }
    gdb.m = m;
    gdb.last = g_string_new(NULL);
    gdb_parser_init(&gdb.rx);
    tcg_debug_set_stop_handler(gdb_debug_stop, NULL);
    runstate_add_notifier(gdb_runstate_changed, NULL);
    return chardev_attach(gdb.chr, &fe, errp);
}
