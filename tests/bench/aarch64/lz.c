/* An LZ77 compressor (hash of 4 bytes, greedy matches within 64 KiB)
 * and its decompressor, round trip over 1 MiB of generated text,
 * ROUNDS times: byte loads and stores, hashing, data-dependent
 * branches, a copy loop. */
#include "bench.h"

#define SIZE (1u << 20)
#ifndef ROUNDS /* -DROUNDS=n for a shorter run (profiling) */
#define ROUNDS 16
#endif
#define HASH_BITS 14

const char bench_name[] = "lz";
const uint64_t bench_expected = 0x4ddc105eb6327096ull;

static uint8_t text[SIZE], packed[SIZE + SIZE / 128 + 16], unpacked[SIZE];
static uint32_t table[1u << HASH_BITS];

static const char *const words[] = {
    "the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ",
    "emulator ", "translation ", "block ", "cache ", "guest ", "host ",
    "register ", "memory ", "page ", "table ", "exception ", "level ",
    "kestrel ", "benchmark ", "checksum ", "interrupt ", "timer ", "virt ",
    "A64 ", "x86-64 ", "\n", ", ", ". ", "0x40000000 ",
};

static uint32_t load32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void flush_literals(const uint8_t *in, size_t from, size_t to,
                           uint8_t *out, size_t *op)
{
    while (from < to) {
        size_t run = to - from > 128 ? 128 : to - from;
        out[(*op)++] = (uint8_t)(run - 1);
        for (size_t i = 0; i < run; i++) {
            out[(*op)++] = in[from + i];
        }
        from += run;
    }
}

/* Tags: 0..127 a literal run of tag + 1 bytes; 128..255 a match of
 * (tag & 127) + 4 bytes at a 16-bit little-endian distance. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t ip = 0, op = 0, lit = 0;
    for (size_t i = 0; i < (1u << HASH_BITS); i++) {
        table[i] = 0;
    }
    while (ip + 4 <= n) {
        uint32_t seq = load32(in + ip);
        uint32_t h = (seq * 2654435761u) >> (32 - HASH_BITS);
        size_t cand = table[h];
        table[h] = (uint32_t)ip + 1;
        if (cand && ip - (cand - 1) <= 65535 && load32(in + cand - 1) == seq) {
            size_t m = cand - 1, len = 4;
            while (ip + len < n && len < 131 && in[m + len] == in[ip + len]) {
                len++;
            }
            flush_literals(in, lit, ip, out, &op);
            size_t dist = ip - m;
            out[op++] = (uint8_t)(0x80 | (len - 4));
            out[op++] = (uint8_t)dist;
            out[op++] = (uint8_t)(dist >> 8);
            ip += len;
            lit = ip;
        } else {
            ip++;
        }
    }
    flush_literals(in, lit, n, out, &op);
    return op;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t ip = 0, op = 0;
    while (ip < n) {
        unsigned tag = in[ip++];
        if (tag < 128) {
            for (unsigned i = 0; i <= tag; i++) {
                out[op++] = in[ip++];
            }
        } else {
            size_t dist = in[ip] | in[ip + 1] << 8;
            ip += 2;
            for (unsigned i = 0; i < (tag & 127) + 4; i++) {
                out[op] = out[op - dist];
                op++;
            }
        }
    }
    return op;
}

uint64_t bench_run(void)
{
    uint64_t seed = 0xfeedfacecafebeefull, h = 0;
    size_t n = 0;
    while (n < SIZE) {
        uint64_t r = bench_rand(&seed);
        /* Skewed choice: low indexes are more frequent, like real text. */
        const char *w = words[(r & 31) & (r >> 5 & 31)];
        while (*w && n < SIZE) {
            text[n++] = (uint8_t)*w++;
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        text[r * 7919] ^= (uint8_t)r;
        size_t plen = compress(text, SIZE, packed);
        size_t ulen = decompress(packed, plen, unpacked);
        uint64_t same = ulen == SIZE;
        for (size_t i = 0; i < SIZE; i++) {
            same &= text[i] == unpacked[i];
        }
        uint64_t ph = 0;
        for (size_t i = 0; i < plen; i++) {
            ph = (ph ^ packed[i]) * 0x100000001b3ull;
        }
        h = bench_mix(bench_mix(bench_mix(h, plen), ph), same);
    }
    return h;
}
