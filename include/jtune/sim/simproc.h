/* SPDX-License-Identifier: MIT */
/* simproc: run jtune-sim as a child process on a fresh temporary root (for tests and demos).
 *
 *   SimProc sp;
 *   SimProcOptions o = {.board = "orin-nano-super", .seed = 1};
 *   if (simproc_start(&sp, &o) == 0) { ... read sp.root ...; simproc_stop(&sp); }
 *
 * simproc_start returns once the child has written the whole tree (it passes --ready-fd and
 * waits for the byte), so the caller never races the first build.
 */
#ifndef JTUNE_SIM_SIMPROC_H
#define JTUNE_SIM_SIMPROC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
    char root[PATH_MAX]; /* the temporary root the simulator animates */
    char exe[PATH_MAX];  /* the jtune-sim that runs */
    pid_t pid;           /* > 0 while running */
} SimProc;

typedef struct {
    const char *board; /* board name or .ini path (NULL: the default board) */
    uint64_t seed;
    int hz;             /* ticks per second (0: 10) */
    const char *tmpdir; /* parent of the root (NULL: $TMPDIR or /tmp) */
    const char *exe;    /* jtune-sim to run (NULL: simproc_find_exe) */
    bool quiet;         /* send the child's stderr to /dev/null */
} SimProcOptions;

/* Find jtune-sim: next to the calling executable (or in its build tree's top directory),
 * then in $JTUNE_BUILD_DIR. 0 (path in out) or -ENOENT. */
int simproc_find_exe(char *out, size_t outsz);

/* mkdtemp a root, start jtune-sim on it, wait until the tree is complete. 0, or -errno with
 * nothing left behind (no process, no directory). */
int simproc_start(SimProc *sp, const SimProcOptions *opt);

/* SIGTERM the simulator, reap it, remove the root. 0, or -errno (the first failure; the
 * other steps are still done). Safe to call on a SimProc that failed to start. */
int simproc_stop(SimProc *sp);

#endif
