/*
 * ARM semihosting for A64 guests ("Semihosting for AArch32 and AArch64",
 * ARM IHI 0087): HLT #0xF000 with the operation in W0 and a parameter
 * (usually the address of a block of 64-bit words) in X1; the result
 * goes to X0.
 *
 * Implemented: SYS_OPEN of ":tt" (the console), SYS_CLOSE, SYS_WRITEC,
 * SYS_WRITE0, SYS_WRITE, SYS_READ and SYS_READC on the console,
 * SYS_ISTTY, SYS_CLOCK, SYS_TIME, SYS_ELAPSED, SYS_TICKFREQ, SYS_ERRNO,
 * SYS_GET_CMDLINE, SYS_HEAPINFO, SYS_EXIT and SYS_EXIT_EXTENDED. Files
 * on the host are not opened (SYS_OPEN of anything else fails with
 * ENOENT). Console output goes to the host's stderr, as the reference
 * (QEMU without a semihosting chardev) does; input comes from stdin.
 *
 * An exit ends the whole emulator with the guest's status through
 * runstate_request_shutdown(); the vCPU halts meanwhile.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hw/core/runstate.h"
#include "target/arm/internals.h"
#include "target/arm/semihosting.h"
#include "util/clock.h"
#include "util/log.h"

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Console handles given out by SYS_OPEN(":tt"). */
#define SEMI_HANDLE_STDIN 1
#define SEMI_HANDLE_STDOUT 2

static struct {
    bool enabled;
    char *cmdline;
    uint64_t heap_base, heap_limit, stack_base, stack_limit;
    int64_t start_ns;
} semi;

void arm_semihosting_enable(bool on)
{
    semi.enabled = on;
    semi.start_ns = clock_get_ns(KCLOCK_REALTIME);
}

bool arm_semihosting_enabled(void)
{
    return semi.enabled;
}

void arm_semihosting_set_cmdline(const char *cmdline)
{
    g_free(semi.cmdline);
    semi.cmdline = g_strdup(cmdline);
}

void arm_semihosting_set_heap(uint64_t heap_base, uint64_t heap_limit,
                              uint64_t stack_base, uint64_t stack_limit)
{
    semi.heap_base = heap_base;
    semi.heap_limit = heap_limit;
    semi.stack_base = stack_base;
    semi.stack_limit = stack_limit;
}

typedef struct SemiCall {
    ArmCPUState *env;
    CPUState *cs;
    int mmu_idx;
    uintptr_t ra;
} SemiCall;

static uint64_t semi_ld(SemiCall *c, uint64_t addr, MemOp op)
{
    return cpu_ld_mmu(c->cs, addr, op | MO_LE, c->mmu_idx, c->ra);
}

static void semi_st(SemiCall *c, uint64_t addr, uint64_t val, MemOp op)
{
    cpu_st_mmu(c->cs, addr, val, op | MO_LE, c->mmu_idx, c->ra);
}

/* Word i of the parameter block. */
static uint64_t semi_arg(SemiCall *c, unsigned i)
{
    return semi_ld(c, c->env->x[1] + 8 * i, MO_64);
}

static void semi_console_write(const void *buf, size_t len)
{
    fwrite(buf, 1, len, stderr);
    fflush(stderr);
}

static void semi_write_guest(SemiCall *c, uint64_t addr, uint64_t len)
{
    uint8_t buf[256];

    while (len) {
        size_t n = MIN(len, sizeof(buf));

        for (size_t i = 0; i < n; i++) {
            buf[i] = semi_ld(c, addr + i, MO_8);
        }
        semi_console_write(buf, n);
        addr += n;
        len -= n;
    }
}

static int64_t semi_error(SemiCall *c, int err)
{
    c->env->semi_errno = err;
    return -1;
}

G_GNUC_NORETURN static void semi_exit(SemiCall *c, int status)
{
    log_mask(LOG_INT, "arm: semihosting exit, status %d\n", status);
    runstate_request_shutdown(SHUTDOWN_GUEST_POWEROFF, status);
    /* Stay halted after the call until the main loop stops us. */
    c->env->pc += 4;
    c->cs->halted = true;
    c->cs->exception_index = EXCP_HLT;
    cpu_loop_exit(c->cs);
}

void arm_semihosting_call(ArmCPUState *env, uintptr_t ra)
{
    CPUState *cs = arm_env_cpu(env);
    SemiCall c = {
        .env = env, .cs = cs, .mmu_idx = arm_current_el(env), .ra = ra,
    };
    uint32_t op = (uint32_t)env->x[0];
    int64_t ret = 0;

    switch (op) {
    case SYS_OPEN: {
        uint64_t name = semi_arg(&c, 0), mode = semi_arg(&c, 1);
        uint64_t len = semi_arg(&c, 2);
        char tt[4] = {0};

        for (unsigned i = 0; i < 3 && i < len; i++) {
            tt[i] = semi_ld(&c, name + i, MO_8);
        }
        if (len == 3 && !strcmp(tt, ":tt")) {
            ret = mode < 4 ? SEMI_HANDLE_STDIN : SEMI_HANDLE_STDOUT;
        } else {
            ret = semi_error(&c, ENOENT);
        }
        break;
    }
    case SYS_CLOSE:
        ret = 0;
        break;
    case SYS_WRITEC: {
        uint8_t ch = semi_ld(&c, env->x[1], MO_8);

        semi_console_write(&ch, 1);
        ret = env->x[0];
        break;
    }
    case SYS_WRITE0: {
        uint64_t addr = env->x[1];
        uint64_t len = 0;

        while (semi_ld(&c, addr + len, MO_8)) {
            len++;
        }
        semi_write_guest(&c, addr, len);
        ret = env->x[0];
        break;
    }
    case SYS_WRITE: {
        uint64_t h = semi_arg(&c, 0), addr = semi_arg(&c, 1);
        uint64_t len = semi_arg(&c, 2);

        if (h != SEMI_HANDLE_STDOUT && h != SEMI_HANDLE_STDIN) {
            ret = len;      /* nothing written */
            semi_error(&c, EBADF);
            break;
        }
        semi_write_guest(&c, addr, len);
        ret = 0;            /* bytes not written */
        break;
    }
    case SYS_READ: {
        uint64_t h = semi_arg(&c, 0), addr = semi_arg(&c, 1);
        uint64_t len = semi_arg(&c, 2), done = 0;

        if (h != SEMI_HANDLE_STDIN) {
            ret = semi_error(&c, EBADF);
            break;
        }
        while (done < len) {
            uint8_t ch;

            if (read(STDIN_FILENO, &ch, 1) != 1) {
                break;
            }
            semi_st(&c, addr + done++, ch, MO_8);
            if (ch == '\n') {
                break;
            }
        }
        ret = len - done;   /* bytes not read */
        break;
    }
    case SYS_READC: {
        uint8_t ch;

        ret = read(STDIN_FILENO, &ch, 1) == 1 ? ch : -1;
        break;
    }
    case SYS_ISERROR:
        ret = (int64_t)semi_arg(&c, 0) < 0;
        break;
    case SYS_ISTTY:
        ret = 1;
        break;
    case SYS_CLOCK:
        /* centiseconds since the emulator started */
        ret = (clock_get_ns(KCLOCK_REALTIME) - semi.start_ns) / 10000000;
        break;
    case SYS_TIME:
        ret = time(NULL);
        break;
    case SYS_ELAPSED: {
        /* 64-bit tick count written to the block at X1 */
        uint64_t ticks = clock_get_ns(KCLOCK_REALTIME) - semi.start_ns;

        semi_st(&c, env->x[1], ticks, MO_64);
        ret = 0;
        break;
    }
    case SYS_TICKFREQ:
        ret = 1000000000;
        break;
    case SYS_ERRNO:
        ret = env->semi_errno;
        break;
    case SYS_GET_CMDLINE: {
        uint64_t addr = semi_arg(&c, 0), size = semi_arg(&c, 1);
        const char *cmd = semi.cmdline ? semi.cmdline : "";
        size_t len = strlen(cmd);

        if (len + 1 > size) {
            ret = semi_error(&c, E2BIG);
            break;
        }
        for (size_t i = 0; i <= len; i++) {
            semi_st(&c, addr + i, (uint8_t)cmd[i], MO_8);
        }
        semi_st(&c, env->x[1] + 8, len, MO_64);
        ret = 0;
        break;
    }
    case SYS_HEAPINFO: {
        uint64_t block = semi_arg(&c, 0);

        semi_st(&c, block, semi.heap_base, MO_64);
        semi_st(&c, block + 8, semi.heap_limit, MO_64);
        semi_st(&c, block + 16, semi.stack_base, MO_64);
        semi_st(&c, block + 24, semi.stack_limit, MO_64);
        ret = 0;
        break;
    }
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED: {
        /* A64: X1 points at {reason, subcode} (IHI 0087, 6.5.2). */
        uint64_t reason = semi_arg(&c, 0), code = semi_arg(&c, 1);

        semi_exit(&c, reason == ADP_STOPPED_APPLICATION_EXIT ? (int)code : 1);
    }
    default:
        log_unimp("arm: semihosting call %#x not implemented\n", op);
        ret = semi_error(&c, ENOSYS);
        break;
    }
    env->x[0] = ret;
}
