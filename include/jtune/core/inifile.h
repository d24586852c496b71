/* SPDX-License-Identifier: MIT */
/* inifile: INI text -> callbacks with line numbers (libinih underneath), and a small
 * diagnostics list so that every parser of user files reports "file:line: message". */
#ifndef JTUNE_CORE_INIFILE_H
#define JTUNE_CORE_INIFILE_H

#include <stddef.h>

/* Called for each key; return 1 to accept, 0 to flag the line as an error. */
typedef int (*IniLineHandler)(void *user, const char *section, const char *key, const char *value,
                              int lineno);

/* Parse NUL-terminated INI text. Lines may be any length; ';' and '#' start comments.
 * Returns 0, the line number of the first error (> 0), or -ENOMEM. */
int inifile_parse(const char *text, IniLineHandler handler, void *user);

typedef struct Diag Diag;

/* Text files only: a NUL byte in the len bytes of text (a file read whole) would silently
 * end the text for every parser. 0, or -EINVAL with an error "file:line: NUL byte ..." in d
 * for the first one. */
int inifile_check_text(const char *text, size_t len, const char *file, Diag *d);

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
