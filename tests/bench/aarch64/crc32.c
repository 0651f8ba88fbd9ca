/* CRC-32 (IEEE 802.3, reflected 0xEDB88320) computed bit by bit over a
 * 64 KiB pseudo-random buffer, ROUNDS times: a tight loop of shifts,
 * masks and xors with one load per byte. */
#include "bench.h"

#define BUF_SIZE 65536
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 400
#endif

const char bench_name[] = "crc32";
const uint64_t bench_expected = 0xd262d95301836761ull;

static uint8_t buf[BUF_SIZE];

static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

uint64_t bench_run(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull, h = 0;
    for (size_t i = 0; i < BUF_SIZE; i += 8) {
        uint64_t r = bench_rand(&seed);
        for (int j = 0; j < 8; j++) {
            buf[i + j] = (uint8_t)(r >> (8 * j));
        }
    }
    uint32_t crc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        crc = crc32_bitwise(crc, buf, BUF_SIZE);
        h = bench_mix(h, crc);
        buf[r] ^= (uint8_t)crc;
    }
    /* The standard check value of "123456789" is 0xcbf43926. */
    h = bench_mix(h, crc32_bitwise(0, (const uint8_t *)"123456789", 9));
    return h;
}
