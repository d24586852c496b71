/* SPDX-License-Identifier: MIT */
/* profilefile: profile files ([profile] description/intent, [settings] key = value) -> a
 * Profile, with "file:line: message" problems (pure: text in). */
#ifndef JTUNE_CONF_PROFILEFILE_H
#define JTUNE_CONF_PROFILEFILE_H

#include "jtune/core/diag.h"
#include "jtune/core/profile.h"

/* Parse profile text (NUL-terminated) into p (keeps p's name and file; file is used in the
 * messages). Returns 0, -EINVAL when d got at least one error (p then holds the valid
 * settings), or -ENOMEM. */
int profilefile_parse(const char *text, Profile *p, Diag *d);

#endif
