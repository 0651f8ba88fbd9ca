/*
 * -icount: virtual time from the number of executed guest instructions.
 * See icount.c and docs/icount.md.
 */
#ifndef ACCEL_TCG_ICOUNT_H
#define ACCEL_TCG_ICOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* Parse an -icount argument ("shift=N" or QEMU's bare "N"). */
bool icount_parse(const char *arg, int *shift, GError **errp);
/* Switch the virtual clock to instruction counting (before vCPUs run). */
void icount_enable(int shift);
/* Back to host-based virtual time (unit tests). */
void icount_disable(void);
bool icount_enabled(void);
/* Guest instructions executed so far, over all vCPUs. */
int64_t icount_insns(void);

#endif
