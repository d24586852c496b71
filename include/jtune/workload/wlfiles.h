/* SPDX-License-Identifier: MIT */
/* wlfiles: find jtune.ini and read its [workload.*] sections.
 *
 * The file is the UI's, found and read the same way (platform/conffile.h: --config PATH, else
 * $XDG_CONFIG_HOME/jtune/jtune.ini or ~/.config/jtune/jtune.ini, else
 * JTUNE_INSTALL_SYSCONFDIR/jtune.ini); none is fine (the built-in workloads remain).
 */
#ifndef JTUNE_WORKLOAD_WLFILES_H
#define JTUNE_WORKLOAD_WLFILES_H

#include <stddef.h>
#include <stdio.h>

#include "jtune/core/diag.h"
#include "jtune/workload/wlconf.h"

/* The built-ins, then the first existing candidate parsed over them (problems in d).
 * used gets the file read ("" for none). 0 (also when there is no file or it has errors:
 * the broken workloads are marked bad), or -errno when --config names an unreadable file. */
int wlfiles_load(WlSet *s, const char *cli, Diag *d, char *used, size_t usedsz);

/* wlfiles_load, then the workload called name: its problems and, when name is not defined,
 * "no workload 'NAME' in FILES; available: ..." go to err as "jtune: " lines. Returns 0
 * with *def set, 1 when the files do not load, 2 when name is not defined. */
int wlfiles_load_def(WlSet *s, const char *cli, const char *name, const WlDef **def, FILE *err);

#endif
