/*
 * The JIT's code buffer: one memfd mapped twice, read-write for the
 * backend and read-execute for the CPU (see tcg/codebuf.c).  Internal
 * to the JIT; accel/tcg uses tcg/jit.h.
 */
#ifndef TCG_CODEBUF_H
#define TCG_CODEBUF_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct JitCodeBuf {
    int fd;
    uint8_t *rw, *rx; /* the two views of the same pages */
    size_t size;
    size_t used; /* bytes handed out so far */
    size_t keep; /* bytes a reset keeps (the prologue) */
    size_t populated; /* bytes mapped in both views ahead of use */
} JitCodeBuf;

bool jit_codebuf_init(JitCodeBuf *cb, size_t size, GError **errp);
void jit_codebuf_destroy(JitCodeBuf *cb);
/* Forget everything after the first cb->keep bytes. */
void jit_codebuf_reset(JitCodeBuf *cb);
/* Have the first upto bytes mapped in both views (see codebuf.c). */
void jit_codebuf_populate(JitCodeBuf *cb, size_t upto);

static inline intptr_t jit_codebuf_rx_delta(const JitCodeBuf *cb)
{
    return cb->rx - cb->rw;
}

#endif
