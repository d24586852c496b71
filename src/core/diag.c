/* SPDX-License-Identifier: MIT */
/* diag: "file:line: message" lists for every parser of text files. */
#include "jtune/core/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void diag_add(Diag *d, const char *kind, const char *file, int line, const char *fmt,
                     va_list ap) {
    if (d->n >= DIAG_MAX) {
        return;
    }
    char body[DIAG_MSG_LEN];
    vsnprintf(body, sizeof body, fmt, ap);
    if (line > 0) {
        snprintf(d->msg[d->n], DIAG_MSG_LEN, "%s:%d: %s%s", file, line, kind, body);
    } else {
        snprintf(d->msg[d->n], DIAG_MSG_LEN, "%s: %s%s", file, kind, body);
    }
    d->n++;
}

void diag_error(Diag *d, const char *file, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, "", file, line, fmt, ap);
    va_end(ap);
    d->n_errors++;
}

void diag_warn(Diag *d, const char *file, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, "warning: ", file, line, fmt, ap);
    va_end(ap);
    d->n_warnings++;
}

int diag_check_text(const char *text, size_t len, const char *file, Diag *d) {
    const char *nul = memchr(text, '\0', len);
    if (!nul) {
        return 0;
    }
    int line = 1;
    for (const char *p = text; p < nul; p++) {
        line += *p == '\n';
    }
    diag_error(d, file, line, "NUL byte: not a text file (nothing after it is read)");
    return -EINVAL;
}
