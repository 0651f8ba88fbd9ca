/*
 * Guest code coverage for firmware testing: -accel tcg,coverage=FILE
 * [,format=drcov|text].  See coverage.c and docs/icount.md.
 */
#ifndef ACCEL_TCG_COVERAGE_H
#define ACCEL_TCG_COVERAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

typedef enum {
    COVERAGE_DRCOV,
    COVERAGE_TEXT,
} CoverageFormat;

/* Open path (so a bad path fails at start-up) and start recording. */
bool coverage_start(const char *path, CoverageFormat fmt, GError **errp);
bool coverage_enabled(void);
/* A TB at pc of size bytes was entered (hits < 0: taken back). */
void coverage_hit(uint64_t pc, uint32_t size, int hits);
/* Write the file and stop recording. */
void coverage_finish(void);

#endif
