/* SPDX-License-Identifier: MIT */
/* noopenat2: test support - make openat2 answer ENOSYS for this process and its children
 * (a seccomp filter), as on Linux before 5.6 or under qemu-user, so that the user-space
 * confinement of platform/resolve.c is what runs. */
#ifndef JTUNE_TEST_NOOPENAT2_H
#define JTUNE_TEST_NOOPENAT2_H

/* Install the filter (sets no_new_privs). 0, -ENOTSUP (no seccomp for this architecture) or
 * -errno. */
int noopenat2_install(void);

#endif
