/*
 * memcpy and memset for the freestanding workloads (GCC may call them
 * for struct copies and recognised loops).  Built with
 * -fno-tree-loop-distribute-patterns so they do not call themselves.
 * The memcpy workload uses its own 64-bit copy loops (memops.c).
 */
#include "bench.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--) {
        *d++ = (unsigned char)c;
    }
    return dst;
}
