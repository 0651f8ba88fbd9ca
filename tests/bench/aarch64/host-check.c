/*
 * Development aid, not built by meson: run one portable workload natively
 * and print its checksum, to confirm bench_expected.
 *   cc -O2 -ffp-contract=off -I. host-check.c crc32.c -o /tmp/hc -lm && /tmp/hc
 */
#include <inttypes.h>
#include <stdio.h>
#include "bench.h"

int main(void)
{
    uint64_t sum = bench_run();
    printf("%s: checksum 0x%016" PRIx64 " %s\n", bench_name, sum,
           sum == bench_expected ? "ok" : "BAD");
    return sum != bench_expected;
}
