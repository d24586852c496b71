/* SPDX-License-Identifier: MIT */
/* privsep: privilege separation for every mode that can tune.
 *
 * Call privsep_start() first, before reading user config or themes and before curses: it
 * starts jtune-helper while this process still has its privileges (so the helper can keep the
 * few it needs), then drops this process for good to the invoking user (SUDO_UID/SUDO_GID),
 * with no capabilities, an empty bounding set and no_new_privs.
 *
 * Which helper runs:
 *   - root tuning the real board (root "/"): always the installed JTUNE_INSTALL_HELPER;
 *   - root on a simulated tree (--root DIR): the helper next to the jtune executable (a build
 *     tree) when there is one, else the installed one;
 *   - a user on the real board: the installed helper when it carries file capabilities and the
 *     user may run it (group jtune); otherwise monitor-only, with how to enable tuning;
 *   - a user on a simulated tree: the helper next to the jtune executable, unprivileged.
 * A privileged start never runs a helper from anywhere but the installed path or next to a
 * jtune that root itself started (which grants root nothing it does not already have).
 */
#ifndef JTUNE_APP_PRIVSEP_H
#define JTUNE_APP_PRIVSEP_H

#include <stddef.h>

#include "jtune/app/options.h"
#include "jtune/ipc/tune.h"
#include "jtune/platform/sampler.h"

/* Start the helper (or decide monitor-only, and why), then drop this process's privileges.
 * *tune is always set (a monitor-only client when no helper runs; NULL only when out of
 * memory); free it with tune_stop. Returns 0, or -errno when this process could not drop its
 * own privileges: the caller must exit (err says why). */
int privsep_start(const Options *o, TuneClient **tune, char *err, size_t errsz);

/* privsep_start, and before the drop also open the board's sampler (cfg may be NULL) while
 * root-only nodes can still be opened: under sudo, debugfs (EMC rate and utilisation, JP4
 * engine clocks) and the JP5 emc_iso_cap stay readable after the drop through descriptors
 * kept open (sysfs_pin_begin). *board is NULL when the board could not be opened (the caller
 * opens it again to report why); close it with sampler_close. Returns as privsep_start. */
int privsep_start_board(const Options *o, const SamplerConfig *cfg, TuneClient **tune,
                        Sampler **board, char *err, size_t errsz);

#endif
