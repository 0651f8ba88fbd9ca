/* Sieve of Eratosthenes over a byte array of LIMIT entries, ROUNDS
 * times: strided byte stores over 4 MiB, then a counting pass. */
#include "bench.h"

#define LIMIT (4u << 20)
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 10
#endif

const char bench_name[] = "sieve";
const uint64_t bench_expected = 0x475d6a341b64679cull;

static uint8_t composite[LIMIT];

uint64_t bench_run(void)
{
    uint64_t h = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t n = LIMIT - r * 1000;
        for (uint32_t i = 0; i < n; i++) {
            composite[i] = 0;
        }
        composite[0] = composite[1] = 1;
        for (uint32_t i = 2; (uint64_t)i * i < n; i++) {
            if (!composite[i]) {
                for (uint32_t j = i * i; j < n; j += i) {
                    composite[j] = 1;
                }
            }
        }
        uint64_t count = 0, sum = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (!composite[i]) {
                count++;
                sum += i;
            }
        }
        h = bench_mix(bench_mix(h, count), sum);
    }
    return h;
}
