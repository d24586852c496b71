/* SPDX-License-Identifier: MIT */
/* spawn: run one of the built programs from a test, its output sent to files. Test-only. */
#ifndef JTUNE_TEST_SPAWN_H
#define JTUNE_TEST_SPAWN_H

#include <sys/types.h>

/* Start <build dir>/prog with args (NULL-terminated, not including argv[0]); stdout and
 * stderr go to out_path and err_path (created or truncated; NULL: inherited). Fails the
 * test when fork fails; an exec failure shows as exit status 127. */
pid_t spawn_program(const char *prog, const char *const *args, const char *out_path,
                    const char *err_path);

/* Wait for pid: its exit status, or 128 + the signal that killed it. */
int spawn_wait(pid_t pid);

#endif
