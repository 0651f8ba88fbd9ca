/*
 * Guest code coverage: every TB the exec loop enters is recorded as a
 * basic block (start PC, size in bytes, hit count) and written at exit,
 * either in drcov format (DynamoRIO's, loaded by Lighthouse and bncov)
 * or as text, one block per line: "0xADDRESS SIZE HITS", by address.
 *
 * Counting hits needs every TB entry to pass the loop: with coverage on
 * TBs do not chain (as with -d nochain).  A TB left in the middle by an
 * exception still counts as a hit of the whole block; one left through
 * its entry check (before its first instruction) does not.
 *
 * drcov: a text header ("DRCOV VERSION: 2", "DRCOV FLAVOR: drcov", a
 * version 2 module table), "BB Table: N bbs", then N packed entries
 * {uint32 start offset, uint16 size, uint16 module id}, little-endian.
 * The guest has no modules: one module, "guest", starts at the lowest
 * executed address rounded down to 4 KiB (the load address of a
 * bare-metal image whose entry point is its first page) and ends after
 * the highest block.  Blocks 4 GiB or more above it are left out of the
 * drcov file (they are in the text form).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "accel/tcg/coverage.h"
#include "util/error.h"

typedef struct CoverageBlock {
    uint64_t pc;
    uint32_t size;
    uint64_t hits;
} CoverageBlock;

static struct {
    FILE *f;
    char *path;
    CoverageFormat fmt;
    GHashTable *blocks; /* pc -> CoverageBlock */
} cov;

bool coverage_start(const char *path, CoverageFormat fmt, GError **errp)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        error_setg_errno(errp, errno, "coverage=%s", path);
        return false;
    }
    coverage_finish();
    cov.f = f;
    cov.path = g_strdup(path);
    cov.fmt = fmt;
    cov.blocks = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                       g_free);
    return true;
}

bool coverage_enabled(void)
{
    return cov.f != NULL;
}

void coverage_hit(uint64_t pc, uint32_t size, int hits)
{
    CoverageBlock *b = g_hash_table_lookup(cov.blocks, &pc);

    if (!b) {
        b = g_new0(CoverageBlock, 1);
        b->pc = pc;
        g_hash_table_insert(cov.blocks, &b->pc, b);
    }
    /* A TB retranslated shorter (a page fault, a one-shot) keeps the
       longest size seen. */
    b->size = MAX(b->size, size);
    b->hits += hits;
}

static gint coverage_cmp(gconstpointer a, gconstpointer b)
{
    const CoverageBlock *x = *(CoverageBlock *const *)a;
    const CoverageBlock *y = *(CoverageBlock *const *)b;

    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

static void coverage_write_drcov(FILE *f, GPtrArray *v)
{
    uint64_t base = 0, end = 0;
    guint n = 0;

    if (v->len) {
        CoverageBlock *first = g_ptr_array_index(v, 0);

        base = first->pc & ~UINT64_C(0xfff);
    }
    for (guint i = 0; i < v->len; i++) {
        CoverageBlock *b = g_ptr_array_index(v, i);

        if (b->pc - base <= UINT32_MAX) {
            end = MAX(end, b->pc + b->size);
            n++;
        }
    }
    fprintf(f, "DRCOV VERSION: 2\n");
    fprintf(f, "DRCOV FLAVOR: drcov\n");
    fprintf(f, "Module Table: version 2, count 1\n");
    fprintf(f, "Columns: id, base, end, entry, checksum, timestamp, "
            "path\n");
    fprintf(f, " 0, 0x%016" PRIx64 ", 0x%016" PRIx64 ", "
            "0x0000000000000000, 0x00000000, 0x00000000, guest\n",
            base, MAX(end, base));
    fprintf(f, "BB Table: %u bbs\n", n);
    for (guint i = 0; i < v->len; i++) {
        CoverageBlock *b = g_ptr_array_index(v, i);
        uint64_t off = b->pc - base;
        uint8_t e[8];

        if (off > UINT32_MAX) {
            continue;
        }
        for (int j = 0; j < 4; j++) {
            e[j] = off >> (8 * j);
        }
        e[4] = MIN(b->size, UINT16_MAX) & 0xff;
        e[5] = MIN(b->size, UINT16_MAX) >> 8;
        e[6] = e[7] = 0; /* module 0 */
        fwrite(e, sizeof(e), 1, f);
    }
}

void coverage_finish(void)
{
    GPtrArray *v;
    GHashTableIter it;
    gpointer val;

    if (!cov.f) {
        return;
    }
    v = g_ptr_array_new();
    g_hash_table_iter_init(&it, cov.blocks);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        if (((CoverageBlock *)val)->hits) {
            g_ptr_array_add(v, val);
        }
    }
    g_ptr_array_sort(v, coverage_cmp);
    if (cov.fmt == COVERAGE_TEXT) {
        for (guint i = 0; i < v->len; i++) {
            CoverageBlock *b = g_ptr_array_index(v, i);

            fprintf(cov.f, "0x%016" PRIx64 " %u %" PRIu64 "\n", b->pc,
                    b->size, b->hits);
        }
    } else {
        coverage_write_drcov(cov.f, v);
    }
    if (fclose(cov.f) != 0) {
        error_report("coverage=%s: %s", cov.path, g_strerror(errno));
    }
    g_ptr_array_free(v, TRUE);
    g_hash_table_destroy(cov.blocks);
    g_free(cov.path);
    memset(&cov, 0, sizeof(cov));
}
