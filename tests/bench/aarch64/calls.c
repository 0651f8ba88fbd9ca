/* Function-call-heavy recursion (BL/RET and stack frames): naive
 * Fibonacci and Ackermann's function. */
#include "bench.h"

#define FIB_N 32
#define ACK_M 2
#define ACK_N 2500
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 2
#endif

const char bench_name[] = "calls";
const uint64_t bench_expected = 0x510836622c54a295ull;

/* noipa: no inlining, cloning or interprocedural shortcuts. */
static __attribute__((noipa)) uint64_t fib(uint64_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static __attribute__((noipa)) uint64_t ack(uint64_t m, uint64_t n)
{
    if (m == 0) {
        return n + 1;
    }
    if (n == 0) {
        return ack(m - 1, 1);
    }
    return ack(m - 1, ack(m, n - 1));
}

uint64_t bench_run(void)
{
    uint64_t h = 0;
    for (int r = 0; r < ROUNDS; r++) {
        h = bench_mix(h, fib(FIB_N + r));
        h = bench_mix(h, ack(ACK_M, ACK_N + r));
    }
    return h;
}
