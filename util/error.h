/*
 * Errors, three kinds (see docs/architecture.md):
 *  - a guest's mistake is logged under -d guest_errors and the guest goes on;
 *  - a host or configuration failure is returned as a GError up to the place
 *    that can print one line, "kestrel: <context>: <problem>", and exit non-zero;
 *  - an internal impossibility is a g_assert.
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include <glib.h>
#include <stdbool.h>

GQuark kestrel_error_quark(void);
#define KESTREL_ERROR kestrel_error_quark()

/* Set *errp (if errp is not NULL and *errp is NULL) to a new message. */
void error_setg(GError **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* As error_setg, with ": <strerror(errnum)>" appended. */
void error_setg_errno(GError **errp, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Prefix an error already set: "<prefix>: <old message>". */
void error_prepend(GError **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Print "kestrel: <message>\n" on stderr. */
void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Print err's message as error_report does, then free it. */
void error_report_err(GError *err);

/* The program name used in messages; "kestrel" unless set. */
void error_set_progname(const char *name);

#endif
