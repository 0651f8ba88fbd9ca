/*
 * Host memory for large buffers (osdep.h).
 */
#include "util/osdep.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_ALIGN ((size_t)2 << 20)

void *os_alloc_huge(size_t len)
{
    size_t span = len + HUGE_ALIGN;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uint8_t *raw, *p;
    size_t head, keep;

    if (len == 0 || span < len) {
        return NULL;
    }
    raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) {
        return NULL;
    }
    /* Keep the aligned part; give the rest back. */
    p = (uint8_t *)(((uintptr_t)raw + HUGE_ALIGN - 1) & ~(HUGE_ALIGN - 1));
    head = p - raw;
    if (head) {
        munmap(raw, head);
    }
    /* munmap rounds to host pages: keep the page holding len's end. */
    keep = (len + page - 1) & ~(page - 1);
    if (span - head > keep) {
        munmap(p + keep, span - head - keep);
    }
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE); /* advice only: failure is harmless */
#endif
    return p;
}

void os_free_huge(void *p, size_t len)
{
    if (p) {
        munmap(p, len);
    }
}
