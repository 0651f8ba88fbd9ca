/*
 * Host memory for large buffers: anonymous mappings on 2 MiB boundaries
 * with transparent huge pages asked for.
 *
 * Why: on the hosts Kestrel runs on, a first touch of a 4 KiB page costs
 * a host page fault, and a guest (or a loader filling a 30 MiB kernel
 * buffer) touches hundreds of thousands of them. With 2 MiB pages that
 * is one fault per 2 MiB. The host decides: "madvise" mode (a common
 * default) honours the advice, "never" ignores it, and nothing changes
 * but the speed. MAP_NORESERVE: untouched memory costs nothing.
 */
#ifndef UTIL_OSDEP_H
#define UTIL_OSDEP_H

#include <stddef.h>

/* len bytes, zeroed, readable and writable; NULL (errno set) if none. */
void *os_alloc_huge(size_t len);
/* What os_alloc_huge(len) returned. */
void os_free_huge(void *p, size_t len);

#endif
