/* SPDX-License-Identifier: MIT */
/* diag: the warnings and errors of one parse, each formatted "file:line: message", so that
 * every parser of text files (user files, NVIDIA's, the system's) reports the same way. */
#ifndef JTUNE_CORE_DIAG_H
#define JTUNE_CORE_DIAG_H

#include <stddef.h>

typedef struct Diag Diag;

/* Text files only: a NUL byte in the len bytes of text (a file read whole) would silently
 * end the text for every parser. 0, or -EINVAL with an error "file:line: NUL byte ..." in d
 * for the first one. */
int diag_check_text(const char *text, size_t len, const char *file, Diag *d);

#define DIAG_MAX     32
#define DIAG_MSG_LEN 200

/* Collected warnings/errors of one parse, each already formatted as "file:line: msg". */
struct Diag {
    int n;        /* messages kept (at most DIAG_MAX) */
    int n_errors; /* errors seen (may exceed n) */
    int n_warnings;
    char msg[DIAG_MAX][DIAG_MSG_LEN];
};

/* Record an error (line <= 0 omits the line number). */
void diag_error(Diag *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record a warning (prefixed "warning: "). */
void diag_warn(Diag *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
