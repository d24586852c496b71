/* SPDX-License-Identifier: MIT */
/* conffile: which jtune.ini to read, and reading it - the one search and read for every
 * reader of the file (the UI's settings and workloads, the workload modes).
 *
 * Search order: --config PATH alone when given; else $XDG_CONFIG_HOME/jtune/jtune.ini
 * (XDG_CONFIG_HOME unset or empty: ~/.config/jtune/jtune.ini); then
 * JTUNE_INSTALL_SYSCONFDIR/jtune.ini. The first file that exists is read; files are not
 * merged; none at all is fine (the built-in defaults stay).
 */
#ifndef JTUNE_PLATFORM_CONFFILE_H
#define JTUNE_PLATFORM_CONFFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "jtune/core/diag.h"

#define CONFFILE_MAX       3         /* candidates at most */
#define CONFFILE_MAX_BYTES (1 << 20) /* a config file larger than 1 MiB is a mistake */

/* Candidates in search order (cli alone when given; xdg_config_home and home may be NULL or
 * empty). Returns the count. PURE. */
int conffile_candidates(const char *cli, const char *xdg_config_home, const char *home,
                        const char *sysconfdir, char out[][PATH_MAX], int max);

/* The candidates of this process (its environment and the built-in sysconfdir). */
int conffile_candidates_env(const char *cli, char out[][PATH_MAX], int max);

/* Read the first of cand[0..n) that exists into *text (heap, NUL-terminated, caller frees;
 * a NUL byte inside is reported in d), its name into used. 0 with *text NULL and used ""
 * when none exists. An unreadable file is reported in d ("PATH: cannot read: REASON"):
 * -errno when required (the --config file), else 0 with *text NULL. */
int conffile_read(char cand[][PATH_MAX], int n, bool required, char **text, size_t *len, char *used,
                  size_t usedsz, Diag *d);

#endif
