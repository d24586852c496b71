/* SPDX-License-Identifier: MIT */
/* resolve: openat2's RESOLVE_IN_ROOT and RESOLVE_BENEATH done in user space, for kernels
 * before 5.6 and emulators (qemu-user) that have no openat2.
 *
 * The path is walked one component at a time from dirfd with O_NOFOLLOW opens; symbolic
 * links are read and spliced in by hand. RESOLVE_US_IN_ROOT treats dirfd as "/": an absolute
 * link target restarts at dirfd and ".." never climbs above it (the kernel's RESOLVE_IN_ROOT).
 * RESOLVE_US_BENEATH refuses both with -EXDEV (the kernel's RESOLVE_BENEATH). A component
 * swapped for a link between two steps fails that step (ELOOP) and the walk starts again, so
 * nothing outside dirfd is ever opened. */
#ifndef JTUNE_PLATFORM_RESOLVE_H
#define JTUNE_PLATFORM_RESOLVE_H

#include <sys/types.h>

enum { RESOLVE_US_IN_ROOT = 1, RESOLVE_US_BENEATH = 2 };

/* Open rel (relative; "." for dirfd itself, "" fails with -ENOENT as open does) beneath dirfd with
 * open(2) flags and mode, confined as how says. Returns an fd (O_CLOEXEC) or -errno (-EXDEV: would
 * leave dirfd; -ELOOP: more than 40 links). */
int resolve_open(int dirfd, const char *rel, int flags, mode_t mode, int how);

#endif
