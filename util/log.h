/*
 * Debug logging: the -d ITEMS mask and the -D FILE destination.
 *
 * Everything logged goes to one stream (stderr unless -D names a file),
 * each call written whole under a lock so lines from the vCPU and
 * main-loop threads do not interleave.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1u << 0,       /* guest code as it is translated */
    LOG_OP = 1u << 1,           /* IR before optimisation */
    LOG_OP_OPT = 1u << 2,       /* IR after optimisation */
    LOG_OUT_ASM = 1u << 3,      /* generated host code */
    LOG_INT = 1u << 4,          /* exceptions and interrupts taken */
    LOG_EXEC = 1u << 5,         /* every translation block executed */
    LOG_CPU = 1u << 6,          /* CPU state before each block */
    LOG_MMU = 1u << 7,          /* page-table walks and TLB fills */
    LOG_GUEST_ERROR = 1u << 8,  /* the guest did something invalid */
    LOG_UNIMP = 1u << 9,        /* the guest used something not modelled */
    LOG_NOCHAIN = 1u << 10,     /* do not chain blocks (with exec) */
    LOG_TB_STATS = 1u << 11,    /* print block-cache statistics at exit */
};

extern unsigned log_items;

static inline bool log_enabled(unsigned mask)
{
    return (log_items & mask) != 0;
}

/* Parse "item,item,..." (as for -d); "help" is handled by the caller. */
bool log_parse_items(const char *str, unsigned *mask, GError **errp);
void log_set_items(unsigned mask);
/* Print the list of items, one per line with a description. */
void log_print_help(FILE *out);
/* Send the log to path instead of stderr (-D). */
bool log_set_file(const char *path, GError **errp);

void log_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Lock the log stream to write several pieces as one record. */
FILE *log_lock(void);
void log_unlock(FILE *f);

/* Log only if one of the items in mask is enabled. */
#define log_mask(mask, ...)                   \
    do {                                      \
        if (log_enabled(mask)) {              \
            log_printf(__VA_ARGS__);          \
        }                                     \
    } while (0)

#define log_guest_error(...) log_mask(LOG_GUEST_ERROR, __VA_ARGS__)
#define log_unimp(...) log_mask(LOG_UNIMP, __VA_ARGS__)

void log_close(void);

#endif
