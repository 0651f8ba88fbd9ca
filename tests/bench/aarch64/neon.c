/* A NEON-vectorised integer loop: built with -O3, so GCC turns these
 * plain C loops into AdvSIMD code (MUL, ADD, EOR, USHR, UMAX, UABD,
 * widening adds on 4 x 32-bit, 8 x 16-bit and 16 x 8-bit lanes) on the
 * guest; host-check.c runs the same C.  ROUNDS passes over 64 KiB of
 * data, each pass feeding the next. */
#include "bench.h"

#define LEN 4096
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 3000
#endif

const char bench_name[] = "neon";
const uint64_t bench_expected = 0x3df0e70c1521c337ull;

static uint32_t w[LEN] __attribute__((aligned(16)));
static uint32_t v[LEN] __attribute__((aligned(16)));
static uint16_t s[LEN] __attribute__((aligned(16)));
static uint8_t p[LEN] __attribute__((aligned(16)));
static uint8_t q[LEN] __attribute__((aligned(16)));

static __attribute__((noinline)) void mix32(uint32_t k)
{
    for (int i = 0; i < LEN; i++) {
        uint32_t x = w[i] * 0x9e3779b1u + v[i];
        x ^= x >> 15;
        v[i] = x > v[i] ? x : v[i] ^ k;
        w[i] = x;
    }
}

static __attribute__((noinline)) void mix16(void)
{
    for (int i = 0; i < LEN; i++) {
        uint16_t x = (uint16_t)(s[i] + (uint16_t)w[i]);
        s[i] = (uint16_t)((x << 3) ^ (x >> 2));
    }
}

static __attribute__((noinline)) uint32_t sad8(void)
{
    uint32_t sum = 0;
    for (int i = 0; i < LEN; i++) {
        uint8_t a = p[i], b = q[i];
        sum += a > b ? a - b : b - a;
    }
    return sum;
}

static __attribute__((noinline)) void shift8(uint8_t k)
{
    for (int i = 0; i < LEN; i++) {
        uint8_t x = (uint8_t)(p[i] + (uint8_t)s[i]);
        q[i] = (uint8_t)(q[i] ^ x) + k;
        p[i] = x > q[i] ? x : q[i];
    }
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x6e656f6e6e656f6eull, h = 0;
    for (int i = 0; i < LEN; i++) {
        uint64_t r = bench_rand(&seed);
        w[i] = (uint32_t)r;
        v[i] = (uint32_t)(r >> 32);
        s[i] = (uint16_t)(r >> 16);
        p[i] = (uint8_t)(r >> 8);
        q[i] = (uint8_t)(r >> 40);
    }
    for (uint32_t r = 0; r < ROUNDS; r++) {
        mix32(r);
        mix16();
        shift8((uint8_t)r);
        h = bench_mix(h, sad8());
    }
    for (int i = 0; i < LEN; i += 64) {
        h = bench_mix(h, (uint64_t)w[i] << 32 | v[i]);
        h = bench_mix(h, (uint64_t)s[i] << 16 | p[i] << 8 | q[i]);
    }
    return h;
}
