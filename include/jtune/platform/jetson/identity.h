/* SPDX-License-Identifier: MIT */
/* identity: which board, module, SoC and software release this is.
 *
 * Read once at probe time from the device tree (proc/device-tree/{model,compatible}),
 * etc/nv_tegra_release and proc/version. Nothing here is sampled. An unknown L4T release
 * or board is never an error: the fields stay "" or carry what the files say.
 */
#ifndef JTUNE_PLATFORM_JETSON_IDENTITY_H
#define JTUNE_PLATFORM_JETSON_IDENTITY_H

#include "jtune/core/sample.h"
#include "jtune/platform/sysfs.h"

#include <stddef.h>

/* Fill inv->id from the root. Missing files leave their fields "". Always returns 0. */
int identity_probe(Sysfs *fs, Inventory *inv);

/* "# R36 (release), REVISION: 4.3, ..." -> "36.4.3". 0, -EINVAL (not that format) or
 * -ERANGE (out too small). Pure. */
int identity_parse_l4t(const char *text, size_t len, char *out, size_t outsz);

/* The JetPack release of an L4T release ("36.4.3" -> "6.2"), or "" when not in the table. */
const char *identity_jetpack_of(const char *l4t);

/* Module P-number from a NUL-separated compatible list ("nvidia,p3768-0000+p3767-0005-super"
 * -> "p3767-0005"). 0, or -ENOENT when none is found. Pure. */
int identity_module_of(const char *compat, size_t len, char *out, size_t outsz);

/* SoC name from a NUL-separated compatible list ("nvidia,tegra234" -> "tegra234").
 * 0 or -ENOENT. Pure. */
int identity_soc_of(const char *compat, size_t len, char *out, size_t outsz);

/* Kernel release from /proc/version text ("Linux version 5.15.148-tegra (...)" ->
 * "5.15.148-tegra"). 0 or -EINVAL. Pure. */
int identity_parse_kernel(const char *text, size_t len, char *out, size_t outsz);

#endif
