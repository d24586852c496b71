/* SPDX-License-Identifier: MIT */
/* inifile: INI text -> callbacks with the line number of each key (libinih underneath);
 * parsers report problems in a Diag (core/diag.h). */
#ifndef JTUNE_CONF_INIFILE_H
#define JTUNE_CONF_INIFILE_H

#include "jtune/core/diag.h"

/* Called for each key; return 1 to accept, 0 to flag the line as an error. */
typedef int (*IniLineHandler)(void *user, const char *section, const char *key, const char *value,
                              int lineno);

/* Parse NUL-terminated INI text. Lines may be any length; ';' and '#' start comments.
 * Returns 0, the line number of the first error (> 0), or -ENOMEM. */
int inifile_parse(const char *text, IniLineHandler handler, void *user);

#endif
