/*
 * The QMP monitor: QEMU's JSON protocol on a chardev.
 *
 * Each client is greeted with {"QMP": {"version": ..., "capabilities":
 * []}} and must send qmp_capabilities before anything else. Then every
 * {"execute": NAME, "arguments": {...}, "id": ANY} gets exactly one
 * {"return": ...} or {"error": {"class": ..., "desc": ...}} line, with
 * the id echoed; events ({"event": ..., "data": ..., "timestamp": ...})
 * go to every client that finished negotiation. A malformed message gets
 * an error reply and the session goes on. Out-of-band execution is not
 * offered. Reply shapes follow QEMU's QMP reference.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "accel/accel.h"
#include "config.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/core/runstate.h"
#include "system/monitor-int.h"
#include "util/chardev/chardev.h"
#include "util/error.h"
#include "util/json.h"

/* Bigger than any command we take; a runaway client cannot grow us. */
#define QMP_MAX_MESSAGE (1024 * 1024)

struct QmpMonitor {
    Chardev *chr;
    JsonStreamer *streamer;
    bool connected;
    bool negotiated;
};

static GPtrArray *qmp_monitors; /* QmpMonitor *, for events */

/* ---- replies ---- */

static void qmp_send(QmpMonitor *mon, JsonValue *msg)
{
    g_autoptr(GString) text = g_string_new(NULL);

    json_write(msg, text);
    g_string_append(text, "\r\n");
    if (mon->connected) {
        chardev_write(mon->chr, (const uint8_t *)text->str, (int)text->len);
    }
    json_free(msg);
}

static void qmp_send_error(QmpMonitor *mon, const char *cls, const char *desc,
                           JsonValue *id)
{
    JsonValue *msg = json_new_object();
    JsonValue *err = json_new_object();

    json_object_set(err, "class", json_new_string(cls));
    json_object_set(err, "desc", json_new_string_lossy(desc));
    json_object_set(msg, "error", err);
    if (id) {
        json_object_set(msg, "id", id);
    }
    qmp_send(mon, msg);
}

/* ---- argument checking ---- */

typedef enum { ARG_INT, ARG_STR, ARG_ARRAY } ArgType;

typedef struct QmpArg {
    const char *name;
    ArgType type;
    bool optional;
} QmpArg;

#define QMP_MAX_ARGS 4

static bool qmp_check_args(const QmpArg *spec, JsonValue *args, GError **errp)
{
    for (size_t i = 0; i < json_object_len(args); i++) {
        const char *key = json_object_key(args, i);
        bool known = false;

        for (const QmpArg *a = spec; a->name; a++) {
            known |= !strcmp(a->name, key);
        }
        if (!known) {
            error_setg(errp, "Parameter '%s' is unexpected", key);
            return false;
        }
    }
    for (const QmpArg *a = spec; a->name; a++) {
        JsonValue *v = json_object_get(args, a->name);
        static const char *const names[] = {"integer", "string", "array"};
        static const JsonType types[] = {JSON_INT, JSON_STRING, JSON_ARRAY};

        if (!v) {
            if (!a->optional) {
                error_setg(errp, "Parameter '%s' is missing", a->name);
                return false;
            }
            continue;
        }
        if (json_type(v) != types[a->type]) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       a->name, names[a->type]);
            return false;
        }
    }
    return true;
}

static int64_t qmp_arg_int(JsonValue *args, const char *name, int64_t dflt)
{
    JsonValue *v = json_object_get(args, name);
    int64_t i;
    uint64_t u;

    if (!v) {
        return dflt;
    }
    if (json_get_int64(v, &i)) {
        return i;
    }
    /* Above INT64_MAX: keep the bits (QMP's addresses are 64-bit). */
    return json_get_uint64(v, &u) ? (int64_t)u : dflt;
}

/* ---- commands ---- */

typedef JsonValue *QmpHandler(QmpMonitor *mon, JsonValue *args, GError **errp);

static JsonValue *qmp_query_status(QmpMonitor *mon, JsonValue *args,
                                   GError **errp)
{
    JsonValue *r = json_new_object();
    RunState s = runstate_get();
    const char *name = s == RUN_STATE_QUIT ? "shutdown" : runstate_name(s);

    json_object_set(r, "status", json_new_string(name));
    json_object_set(r, "singlestep", json_new_bool(false));
    json_object_set(r, "running", json_new_bool(s == RUN_STATE_RUNNING));
    return r;
}

static JsonValue *qmp_stop(QmpMonitor *mon, JsonValue *args, GError **errp)
{
    monitor_stop();
    return json_new_object();
}

static JsonValue *qmp_cont(QmpMonitor *mon, JsonValue *args, GError **errp)
{
    return monitor_cont(errp) ? json_new_object() : NULL;
}

static JsonValue *qmp_system_reset(QmpMonitor *mon, JsonValue *args,
                                   GError **errp)
{
    monitor_system_reset();
    return json_new_object();
}

static JsonValue *qmp_system_powerdown(QmpMonitor *mon, JsonValue *args,
                                       GError **errp)
{
    return monitor_system_powerdown(errp) ? json_new_object() : NULL;
}

static JsonValue *qmp_quit(QmpMonitor *mon, JsonValue *args, GError **errp)
{
    monitor_quit();
    return json_new_object();
}

static gint qmp_cmp_tid(gconstpointer a, gconstpointer b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/*
 * Host thread ids of the vCPU threads (named "vcpu" by accel/vcpu.c), in
 * creation order, which /proc lists as ascending ids on Linux. Until
 * CPUState records its thread id this is the way to find them.
 */
static GArray *qmp_vcpu_tids(void)
{
    GArray *tids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GDir *dir = g_dir_open("/proc/self/task", 0, NULL);
    const char *ent;

    while (dir && (ent = g_dir_read_name(dir))) {
        g_autofree char *path = g_strdup_printf("/proc/self/task/%s/comm", ent);
        g_autofree char *comm = NULL;

        if (g_file_get_contents(path, &comm, NULL, NULL) &&
            !strcmp(g_strstrip(comm), "vcpu")) {
            int64_t tid = g_ascii_strtoll(ent, NULL, 10);

            g_array_append_val(tids, tid);
        }
    }
    if (dir) {
        g_dir_close(dir);
    }
    g_array_sort(tids, qmp_cmp_tid);
    return tids;
}

static JsonValue *qmp_query_cpus_fast(QmpMonitor *mon, JsonValue *args,
                                      GError **errp)
{
    Machine *m = monitor_machine();
    JsonValue *list = json_new_array();
    g_autoptr(GArray) tids = qmp_vcpu_tids();

    for (int i = 0; m && i < m->ncpus; i++) {
        CPUState *cpu = m->cpus[i];
        JsonValue *c = json_new_object();
        JsonValue *props = json_new_object();
        g_autofree char *path =
            g_strdup_printf("/machine/unattached/device[%d]", i);
        int ti = m->accel && m->accel->round_robin ? 0 : i;
        int64_t tid = (guint)ti < tids->len ? g_array_index(tids, int64_t, ti)
                                            : (int64_t)getpid();

        json_object_set(c, "cpu-index", json_new_int(cpu->index));
        json_object_set(c, "qom-path", json_new_string(path));
        json_object_set(c, "thread-id", json_new_int(tid));
        json_object_set(props, "core-id", json_new_int(cpu->index));
        json_object_set(c, "props", props);
        json_object_set(c, "target", json_new_string(cpu->cc->arch));
        json_array_append(list, c);
    }
    return list;
}

/*
 * Save [addr, addr + size) of guest memory to filename: cpu's virtual
 * addresses, or physical ones with cpu NULL.
 */
static bool qmp_save_memory(CPUState *cpu, uint64_t addr, int64_t size,
                            const char *filename, GError **errp)
{
    g_autofree uint8_t *buf = g_malloc(64 * 1024);
    int fd;

    if (size < 0) {
        error_setg(errp, "Parameter 'size' must not be negative");
        return false;
    }
    fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return false;
    }
    while (size > 0) {
        uint64_t n = MIN((uint64_t)size, 64 * 1024);
        const uint8_t *p = buf;
        size_t left = n;

        if (!(cpu ? monitor_read_virt(cpu, addr, buf, n, errp)
                  : monitor_read_phys(addr, buf, n, errp))) {
            close(fd);
            return false;
        }
        while (left) {
            ssize_t w = write(fd, p, left);

            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                error_setg_errno(errp, errno, "writing '%s'", filename);
                close(fd);
                return false;
            }
            p += w;
            left -= w;
        }
        addr += n;
        size -= n;
    }
    if (close(fd) < 0) {
        error_setg_errno(errp, errno, "writing '%s'", filename);
        return false;
    }
    return true;
}

static JsonValue *qmp_memsave(QmpMonitor *mon, JsonValue *args, GError **errp)
{
    int64_t cpu_index = qmp_arg_int(args, "cpu-index", 0);
    CPUState *cpu = monitor_cpu((int)cpu_index, errp);

    /* val is guest-virtual, as that CPU's MMU maps it now. */
    if (!cpu ||
        !qmp_save_memory(
            cpu, qmp_arg_int(args, "val", 0), qmp_arg_int(args, "size", 0),
            json_get_string(json_object_get(args, "filename")), errp)) {
        return NULL;
    }
    return json_new_object();
}

static JsonValue *qmp_pmemsave(QmpMonitor *mon, JsonValue *args, GError **errp)
{
    if (!qmp_save_memory(
            NULL, qmp_arg_int(args, "val", 0), qmp_arg_int(args, "size", 0),
            json_get_string(json_object_get(args, "filename")), errp)) {
        return NULL;
    }
    return json_new_object();
}

static JsonValue *qmp_human_monitor_command(QmpMonitor *mon, JsonValue *args,
                                            GError **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);
    int64_t cpu_index = qmp_arg_int(args, "cpu-index", 0);
    JsonValue *cl = json_object_get(args, "command-line");

    if (json_object_get(args, "cpu-index") &&
        !monitor_cpu((int)cpu_index, errp)) {
        return NULL;
    }
    hmp_execute(json_get_string(cl), (int)cpu_index, out);
    return json_new_string_lossy(out->str);
}

static JsonValue *qmp_query_version(QmpMonitor *mon, JsonValue *args,
                                    GError **errp)
{
    JsonValue *r = json_new_object();
    JsonValue *v = json_new_object();
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(KESTREL_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_object_set(v, "major", json_new_int(major));
    json_object_set(v, "minor", json_new_int(minor));
    json_object_set(v, "micro", json_new_int(micro));
    json_object_set(r, "qemu", v);
    json_object_set(r, "package", json_new_string("Kestrel " KESTREL_VERSION));
    return r;
}

static JsonValue *qmp_query_commands(QmpMonitor *mon, JsonValue *args,
                                     GError **errp);

static JsonValue *qmp_capabilities(QmpMonitor *mon, JsonValue *args,
                                   GError **errp)
{
    JsonValue *enable = json_object_get(args, "enable");

    if (enable && json_array_len(enable)) {
        JsonValue *cap = json_array_get(enable, 0);

        error_setg(errp, "Capability '%s' not available",
                   json_type(cap) == JSON_STRING ? json_get_string(cap) : "?");
        return NULL;
    }
    mon->negotiated = true;
    return json_new_object();
}

typedef struct QmpCommand {
    const char *name;
    QmpHandler *fn;
    QmpArg args[QMP_MAX_ARGS + 1];
} QmpCommand;

static const QmpCommand qmp_commands[] = {
    {"qmp_capabilities", qmp_capabilities, {{"enable", ARG_ARRAY, true}}},
    {"query-status", qmp_query_status, {{0}}},
    {"stop", qmp_stop, {{0}}},
    {"cont", qmp_cont, {{0}}},
    {"system_reset", qmp_system_reset, {{0}}},
    {"system_powerdown", qmp_system_powerdown, {{0}}},
    {"quit", qmp_quit, {{0}}},
    {"query-cpus-fast", qmp_query_cpus_fast, {{0}}},
    {"memsave",
     qmp_memsave,
     {{"val", ARG_INT},
      {"size", ARG_INT},
      {"filename", ARG_STR},
      {"cpu-index", ARG_INT, true}}},
    {"pmemsave",
     qmp_pmemsave,
     {{"val", ARG_INT}, {"size", ARG_INT}, {"filename", ARG_STR}}},
    {"human-monitor-command",
     qmp_human_monitor_command,
     {{"command-line", ARG_STR}, {"cpu-index", ARG_INT, true}}},
    {"query-version", qmp_query_version, {{0}}},
    {"query-commands", qmp_query_commands, {{0}}},
};

static JsonValue *qmp_query_commands(QmpMonitor *mon, JsonValue *args,
                                     GError **errp)
{
    JsonValue *list = json_new_array();

    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        JsonValue *c = json_new_object();

        json_object_set(c, "name", json_new_string(qmp_commands[i].name));
        json_array_append(list, c);
    }
    return list;
}

/* ---- dispatch ---- */

static void qmp_dispatch(QmpMonitor *mon, JsonValue *req)
{
    JsonValue *id = NULL, *exec, *args;
    const QmpCommand *cmd = NULL;
    g_autoptr(JsonValue) empty = NULL;
    GError *err = NULL;
    JsonValue *ret, *reply;
    const char *name;

    if (json_type(req) != JSON_OBJECT) {
        qmp_send_error(mon, "GenericError", "QMP input must be a JSON object",
                       NULL);
        return;
    }
    if (json_object_get(req, "id")) {
        /* Echoed as given, whatever JSON it is. */
        id = json_copy(json_object_get(req, "id"));
    }
    for (size_t i = 0; i < json_object_len(req); i++) {
        const char *key = json_object_key(req, i);

        if (strcmp(key, "id") && strcmp(key, "execute") &&
            strcmp(key, "arguments")) {
            g_autofree char *d =
                g_strdup_printf("QMP input member '%s' is unexpected", key);

            qmp_send_error(mon, "GenericError", d, id);
            return;
        }
    }
    exec = json_object_get(req, "execute");
    args = json_object_get(req, "arguments");
    if (!exec) {
        qmp_send_error(mon, "GenericError", "QMP input lacks member 'execute'",
                       id);
        return;
    }
    if (json_type(exec) != JSON_STRING) {
        qmp_send_error(mon, "GenericError",
                       "QMP input member 'execute' must be a string", id);
        return;
    }
    if (args && json_type(args) != JSON_OBJECT) {
        qmp_send_error(mon, "GenericError",
                       "QMP input member 'arguments' must be an object", id);
        return;
    }
    if (!args) {
        args = empty = json_new_object();
    }
    name = json_get_string(exec);
    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        if (!strcmp(name, qmp_commands[i].name)) {
            cmd = &qmp_commands[i];
        }
    }
    if (cmd && cmd->fn == qmp_capabilities && mon->negotiated) {
        qmp_send_error(mon, "CommandNotFound",
                       "Capabilities negotiation is "
                       "already complete, command ignored",
                       id);
        return;
    }
    if (cmd && cmd->fn != qmp_capabilities && !mon->negotiated) {
        qmp_send_error(mon, "CommandNotFound",
                       "Expecting capabilities "
                       "negotiation with 'qmp_capabilities'",
                       id);
        return;
    }
    if (!cmd) {
        g_autofree char *d = g_strdup_printf("The command %s has not been "
                                             "found",
                                             name);

        qmp_send_error(mon, "CommandNotFound", d, id);
        return;
    }
    if (!qmp_check_args(cmd->args, args, &err) ||
        !(ret = cmd->fn(mon, args, &err))) {
        qmp_send_error(mon, "GenericError", err->message, id);
        g_error_free(err);
        return;
    }
    reply = json_new_object();
    json_object_set(reply, "return", ret);
    if (id) {
        json_object_set(reply, "id", id);
    }
    qmp_send(mon, reply);
}

static void qmp_message(void *opaque, JsonValue *v, const GError *err)
{
    QmpMonitor *mon = opaque;

    if (!v) {
        qmp_send_error(mon, "GenericError", err->message, NULL);
        return;
    }
    qmp_dispatch(mon, v);
    json_free(v);
}

/* ---- events ---- */

void qmp_broadcast_event(const char *name, JsonValue *data)
{
    gint64 now = g_get_real_time();

    for (guint i = 0; qmp_monitors && i < qmp_monitors->len; i++) {
        QmpMonitor *mon = g_ptr_array_index(qmp_monitors, i);
        JsonValue *msg, *ts;

        if (!mon->connected || !mon->negotiated) {
            continue;
        }
        msg = json_new_object();
        ts = json_new_object();
        json_object_set(msg, "event", json_new_string(name));
        if (data) {
            json_object_set(msg, "data", json_copy(data));
        }
        json_object_set(ts, "seconds", json_new_int(now / G_USEC_PER_SEC));
        json_object_set(ts, "microseconds", json_new_int(now % G_USEC_PER_SEC));
        json_object_set(msg, "timestamp", ts);
        qmp_send(mon, msg);
    }
    json_free(data);
}

static const char *qmp_cause_reason(RunStateEvent ev, ShutdownCause cause)
{
    switch (cause) {
    case SHUTDOWN_GUEST_POWEROFF:
        return "guest-shutdown";
    case SHUTDOWN_GUEST_RESET:
        return "guest-reset";
    case SHUTDOWN_HOST_QUIT:
        return ev == RUNSTATE_EVENT_RESET ? "host-qmp-system-reset"
                                          : "host-qmp-quit";
    case SHUTDOWN_HOST_SIGNAL:
    case SHUTDOWN_HOST_TIMEOUT: /* QMP has no reason of its own for it */
        return "host-signal";
    case SHUTDOWN_HOST_ERROR:
        return "host-error";
    }
    return "none";
}

void qmp_runstate_event(RunStateEvent ev, ShutdownCause cause)
{
    JsonValue *data;

    switch (ev) {
    case RUNSTATE_EVENT_STOP:
        qmp_broadcast_event("STOP", NULL);
        break;
    case RUNSTATE_EVENT_RESUME:
        qmp_broadcast_event("RESUME", NULL);
        break;
    case RUNSTATE_EVENT_RESET:
    case RUNSTATE_EVENT_SHUTDOWN:
        data = json_new_object();
        json_object_set(data, "guest",
                        json_new_bool(cause == SHUTDOWN_GUEST_POWEROFF ||
                                      cause == SHUTDOWN_GUEST_RESET));
        json_object_set(data, "reason",
                        json_new_string(qmp_cause_reason(ev, cause)));
        qmp_broadcast_event(ev == RUNSTATE_EVENT_RESET ? "RESET" : "SHUTDOWN",
                            data);
        break;
    }
}

/* ---- the connection ---- */

static void qmp_greet(QmpMonitor *mon)
{
    JsonValue *msg = json_new_object();
    JsonValue *qmp = json_new_object();
    JsonValue *version = qmp_query_version(mon, NULL, NULL);

    json_object_set(qmp, "version", version);
    json_object_set(qmp, "capabilities", json_new_array());
    json_object_set(msg, "QMP", qmp);
    qmp_send(mon, msg);
}

static int qmp_can_read(void *opaque)
{
    return 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int len)
{
    QmpMonitor *mon = opaque;

    json_streamer_feed(mon->streamer, (const char *)buf, len);
}

static void qmp_event(void *opaque, ChrEvent event)
{
    QmpMonitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* Each client starts from the greeting (QEMU does the same). */
        mon->connected = true;
        mon->negotiated = false;
        json_streamer_reset(mon->streamer);
        qmp_greet(mon);
        break;
    case CHR_EVENT_CLOSED:
        mon->connected = false;
        mon->negotiated = false;
        json_streamer_reset(mon->streamer);
        break;
    default:
        break;
    }
}

QmpMonitor *qmp_new(Chardev *chr, GError **errp)
{
    QmpMonitor *mon = g_new0(QmpMonitor, 1);
    ChrFrontend fe = {
        .can_read = qmp_can_read,
        .read = qmp_read,
        .event = qmp_event,
        .opaque = mon,
    };

    mon->chr = chr;
    mon->streamer = json_streamer_new(QMP_MAX_MESSAGE, qmp_message, mon);
    if (!qmp_monitors) {
        qmp_monitors = g_ptr_array_new();
    }
    g_ptr_array_add(qmp_monitors, mon);
    if (!chardev_attach(chr, &fe, errp)) {
        error_prepend(errp, "QMP monitor on '%s'", chardev_label(chr));
        qmp_free(mon);
        return NULL;
    }
    return mon;
}

void qmp_free(QmpMonitor *mon)
{
    if (!mon) {
        return;
    }
    g_ptr_array_remove(qmp_monitors, mon);
    if (qmp_monitors && !qmp_monitors->len) {
        g_ptr_array_free(qmp_monitors, TRUE);
        qmp_monitors = NULL;
    }
    json_streamer_free(mon->streamer);
    g_free(mon);
}
