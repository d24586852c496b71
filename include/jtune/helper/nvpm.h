/* SPDX-License-Identifier: MIT */
/* nvpm: power modes through NVIDIA's nvpmodel tool, run with a fixed argv and no shell (the
 * helper's nvpmodel knob; see src/helper/nvpm.c for the privilege rules). */
#ifndef JTUNE_HELPER_NVPM_H
#define JTUNE_HELPER_NVPM_H

#include <stdint.h>

#include "jtune/helper/knobs.h"

/* Run <root>/usr/sbin/nvpmodel -m mode (fixed argv, minimal environment, /dev/null as stdin,
 * e->child_caps ambient) and check the result. 0, -ECANCELED (the mode needs a reboot: not
 * done), -EPERM (e->trusted_exec_only and the tool fails nvpm_safe_path: nothing runs),
 * -ETIMEDOUT, -ENODEV (no nvpmodel), -EIO (it failed), -errno. */
int nvpm_set_mode(KnobEnv *e, int mode);

/* The current nvpmodel mode from var/lib/nvpmodel/status ("pmode:0001"). 0 or -errno. */
int nvpm_get_mode(KnobEnv *e, int64_t *mode);

/* Is mode an id of the nvpmodel conf (etc/nvpmodel.conf)? 0, -EINVAL (not a mode),
 * -ENODEV (no conf), -errno. */
int nvpm_check_mode(KnobEnv *e, int64_t mode);

#endif
