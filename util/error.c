#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *progname = "kestrel";

G_DEFINE_QUARK(kestrel-error-quark, kestrel_error)

void error_set_progname(const char *name)
{
    progname = name;
}

void error_setg(GError **errp, const char *fmt, ...)
{
    va_list ap;

    if (!errp || *errp) {
        return;
    }
    va_start(ap, fmt);
    *errp = g_error_new_valist(KESTREL_ERROR, 0, fmt, ap);
    va_end(ap);
}

void error_setg_errno(GError **errp, int errnum, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    if (!errp || *errp) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *errp = g_error_new(KESTREL_ERROR, errnum, "%s: %s", msg,
                        g_strerror(errnum));
}

void error_prepend(GError **errp, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *prefix = NULL;
    char *msg;

    if (!errp || !*errp) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    msg = g_strdup_printf("%s: %s", prefix, (*errp)->message);
    g_free((*errp)->message);
    (*errp)->message = msg;
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void error_report_err(GError *err)
{
    error_report("%s", err->message);
    g_error_free(err);
}
