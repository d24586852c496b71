/* SPDX-License-Identifier: MIT */
/* sandbox: what the helper confines itself to after its privilege drop.
 *
 * Landlock: writes (and creating, removing, renaming, truncating) only beneath the given
 * directories; reads stay open. A seccomp filter: an allowlist of the system calls the
 * helper and the nvpmodel it starts make; any other call fails with EPERM. Both are
 * inherited by nvpmodel. Where the kernel (or qemu-user) lacks them, the helper runs
 * without and says so: that is never a start-up failure. */
#ifndef JTUNE_HELPER_SANDBOX_H
#define JTUNE_HELPER_SANDBOX_H

#include <stddef.h>

/* Restrict writes to beneath the n directory fds (any open fd of a directory). The Landlock
 * ABI version (> 0) when in force, 0 when the kernel has no Landlock (msg says why), or
 * -errno when setting it up failed. msg gets a one-line description either way. */
int sandbox_landlock(const int *dirfds, int n, char *msg, size_t msgsz);

/* Install the seccomp allowlist. The number of allowed calls (> 0) when in force, 0 when
 * not available (msg says why), or -errno. */
int sandbox_seccomp(char *msg, size_t msgsz);

#endif
