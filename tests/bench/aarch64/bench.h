/*
 * One benchmark workload: a portable kernel (bench_run) that returns a
 * checksum of everything it computed, so that a wrong answer cannot pass
 * as a fast one.  main.c runs it on the guest and compares the checksum
 * with bench_expected; host-check.c runs the same kernel natively to
 * confirm that value (all but svc.c are plain C).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

extern const char bench_name[];
extern const uint64_t bench_expected;
uint64_t bench_run(void);

/* xorshift64*: the pseudo-random source of the workloads' data */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* Fold a value into a running checksum (FNV-1a style on 64-bit words). */
static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ull;
}

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
