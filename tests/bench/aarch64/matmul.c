/* Double-precision matrix multiply: C = A x B for 128 x 128 matrices,
 * ROUNDS times, A replaced by C / 128 after each (so values stay
 * bounded), as dot products (i, j, k order): scalar FMUL/FADD, FP loads.
 * Built with -ffp-contract=off (no fused multiply-add, on the guest or
 * in host-check.c), so the rounding is the same everywhere and the
 * checksum of the bit patterns is exact. */
#include "bench.h"

#define N 128
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 12
#endif

const char bench_name[] = "matmul";
const uint64_t bench_expected = 0xde5d1003dddfdd3full;

static double a[N][N], b[N][N], c[N][N];

/* A double in [-1, 1) with at most 31 significant bits: exact. */
static double rand_unit(uint64_t *s)
{
    return (double)(int32_t)(bench_rand(s) >> 32) / 2147483648.0;
}

static uint64_t bits(double d)
{
    union {
        double d;
        uint64_t u;
    } v = {.d = d};
    return v.u;
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x6d61746d756cull, h = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = rand_unit(&seed);
            b[i][j] = rand_unit(&seed);
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0.0;
                for (int k = 0; k < N; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i][j] = c[i][j] * (1.0 / N);
            }
        }
        h = bench_mix(h, bits(c[r % N][(r * 7) % N]));
    }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            h = bench_mix(h, bits(c[i][j]));
        }
    }
    return h;
}
