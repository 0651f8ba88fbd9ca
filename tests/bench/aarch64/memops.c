/* memset and memcpy of 8 MiB buffers with 64-bit loads and stores
 * (LDP/STP on the guest), ROUNDS times, then a strided check: the
 * softmmu fast path on every access, little else. */
#include "bench.h"

#define WORDS ((8u << 20) / 8)
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 40
#endif

const char bench_name[] = "memops";
const uint64_t bench_expected = 0x31b19cd9c5c2e433ull;

static uint64_t src[WORDS], dst[WORDS];

static void set64(uint64_t *d, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        d[i] = v;
        d[i + 1] = v;
        d[i + 2] = v;
        d[i + 3] = v;
    }
}

static void copy64(uint64_t *restrict d, const uint64_t *restrict s, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        uint64_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        d[i] = a;
        d[i + 1] = b;
        d[i + 2] = c;
        d[i + 3] = e;
    }
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x0123456789abcdefull, h = 0;
    for (size_t i = 0; i < WORDS; i++) {
        src[i] = bench_rand(&seed);
    }
    for (int r = 0; r < ROUNDS; r++) {
        set64(dst, 0x0101010101010101ull * (r + 1), WORDS);
        h = bench_mix(h, dst[(r * 4099) % WORDS]);
        copy64(dst, src, WORDS);
        src[(r * 65537) % WORDS] ^= dst[(r * 257) % WORDS];
        for (size_t i = r; i < WORDS; i += 4093) {
            h = bench_mix(h, dst[i]);
        }
    }
    return h;
}
