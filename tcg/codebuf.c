/*
 * The JIT's code buffer and why it is mapped twice.
 *
 * Generated code has to be written and then executed.  Mapping one
 * region writable and executable at once (W+X) turns any stray write in
 * the emulator -- a device model's bug, a guest-controlled index -- into
 * arbitrary host code execution, and hardened kernels refuse such
 * mappings outright.  Toggling protections with mprotect per TB would be
 * slow and would race with other vCPU threads running chained code in
 * the same pages.
 *
 * So the buffer is one anonymous memfd mapped twice with MAP_SHARED:
 *
 *     rw view  PROT_READ | PROT_WRITE   the backend emits code here and
 *                                       patches goto_tb jumps here
 *     rx view  PROT_READ | PROT_EXEC    the CPU runs it here; every code
 *                                       address the JIT hands out is in
 *                                       this view
 *
 * Both views are the same physical pages, so a byte written through rw
 * is visible through rx at the same offset (rx = rw + rx_delta).  x86
 * keeps instruction fetch coherent with data stores (SDM vol. 3, 11.6
 * "Self-modifying code"), so no cache maintenance is needed; patching a
 * jump another thread may be executing is one aligned 4-byte store (see
 * tcg_jit_set_jump).  The rw view's address is never given to code that
 * does not emit code, which keeps it out of reach of most stray pointers.
 *
 * Allocation is a bump pointer; when it reaches the end the exec layer
 * invalidates every TB and resets the buffer to just after the prologue.
 */
#include "tcg/codebuf.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

bool jit_codebuf_init(JitCodeBuf *cb, size_t size, GError **errp)
{
    long page = sysconf(_SC_PAGESIZE);

    memset(cb, 0, sizeof(*cb));
    cb->fd = -1;
    if (size < 64 * 1024) {
        size = 64 * 1024;
    }
    size = (size + page - 1) & ~(size_t)(page - 1);
    cb->fd = memfd_create("kestrel-jit", MFD_CLOEXEC);
    if (cb->fd < 0) {
        g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "JIT code buffer: memfd_create: %s", g_strerror(errno));
        return false;
    }
    if (ftruncate(cb->fd, (off_t)size) < 0) {
        goto fail;
    }
    cb->rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, cb->fd, 0);
    if (cb->rw == MAP_FAILED) {
        cb->rw = NULL;
        goto fail;
    }
    cb->rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, cb->fd, 0);
    if (cb->rx == MAP_FAILED) {
        cb->rx = NULL;
        goto fail;
    }
    cb->size = size;
    return true;

fail:
    g_set_error(errp, G_FILE_ERROR, g_file_error_from_errno(errno),
                "JIT code buffer of %zu bytes: %s", size, g_strerror(errno));
    jit_codebuf_destroy(cb);
    return false;
}

void jit_codebuf_destroy(JitCodeBuf *cb)
{
    if (cb->rw) {
        munmap(cb->rw, cb->size);
    }
    if (cb->rx) {
        munmap(cb->rx, cb->size);
    }
    if (cb->fd >= 0) {
        close(cb->fd);
    }
    memset(cb, 0, sizeof(*cb));
    cb->fd = -1;
}

void jit_codebuf_reset(JitCodeBuf *cb)
{
    cb->used = cb->keep;
}

/*
 * Writing code into fresh pages took a host page fault per 4 KiB of the
 * rw view and more in the rx view: with 27 MiB of code in a Linux boot,
 * about a fifth of the translation time on a virtualised host. The
 * pages are instead mapped a megabyte at a time, ahead of the bump
 * pointer, with one madvise per view (Linux 5.14+; an older kernel says
 * EINVAL and the pages fault in one by one as before).
 */
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define CODEBUF_POPULATE_CHUNK ((size_t)1 << 20)

void jit_codebuf_populate(JitCodeBuf *cb, size_t upto)
{
    size_t end;

    if (upto <= cb->populated) {
        return;
    }
    end = (upto + CODEBUF_POPULATE_CHUNK - 1) & ~(CODEBUF_POPULATE_CHUNK - 1);
    end = MIN(end, cb->size);
    madvise(cb->rw + cb->populated, end - cb->populated,
            MADV_POPULATE_WRITE);
    madvise(cb->rx + cb->populated, end - cb->populated, MADV_POPULATE_READ);
    cb->populated = end;
}
