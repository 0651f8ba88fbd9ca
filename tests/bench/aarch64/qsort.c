/* Quicksort (median of three, insertion sort below 16 elements) of
 * N pseudo-random 32-bit keys, ROUNDS times; data-dependent branches,
 * loads and stores, recursion. */
#include "bench.h"

#define N (1u << 19)
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 4
#endif

const char bench_name[] = "qsort";
const uint64_t bench_expected = 0x439afc8a61424574ull;

static uint32_t a[N];

static void swap(uint32_t *x, uint32_t *y)
{
    uint32_t t = *x;
    *x = *y;
    *y = t;
}

static void insertion_sort(uint32_t *v, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t x = v[i];
        long j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void quicksort(uint32_t *v, long n)
{
    while (n > 16) {
        long m = n / 2;
        if (v[m] < v[0]) {
            swap(&v[m], &v[0]);
        }
        if (v[n - 1] < v[0]) {
            swap(&v[n - 1], &v[0]);
        }
        if (v[n - 1] < v[m]) {
            swap(&v[n - 1], &v[m]);
        }
        uint32_t pivot = v[m];
        long i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i >= j) {
                break;
            }
            swap(&v[i], &v[j]);
            i++;
            j--;
        }
        /* Recurse into the smaller half, loop on the larger. */
        if (j + 1 < n - j - 1) {
            quicksort(v, j + 1);
            v += j + 1;
            n -= j + 1;
        } else {
            quicksort(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(v, n);
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x123456789abcdefull, h = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (uint32_t i = 0; i < N; i++) {
            a[i] = (uint32_t)(bench_rand(&seed) >> 32);
        }
        quicksort(a, N);
        uint64_t sorted = 1;
        for (uint32_t i = 1; i < N; i++) {
            sorted &= a[i - 1] <= a[i];
        }
        for (uint32_t i = 0; i < N; i += 97) {
            h = bench_mix(h, a[i]);
        }
        h = bench_mix(h, sorted);
    }
    return h;
}
