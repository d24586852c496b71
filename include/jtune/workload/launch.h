/* SPDX-License-Identifier: MIT */
/* launch: start a workload process the safe way and stop it again.
 *
 * The child runs as the invoking user (jtune's real uid and gid) with no capabilities at
 * all (effective, permitted, inheritable, ambient and bounding sets empty; for uid 0 the
 * NOROOT securebits are locked so exec grants nothing back) and no_new_privs set, in a
 * process group of its own, with stdin on /dev/null, default signal handling and no fd of
 * jtune's beyond 0-2. It is placed, in this order of preference:
 *   - in a cgroup v2 group of its own (cgroup.h) when opts.cgroup is set and the cgroup2
 *     tree is writable: cpu.max from the quota, cpuset.cpus from the cpu list;
 *   - otherwise (and for the cpu list when there is no cpuset controller) with
 *     sched_setaffinity; a CPU quota is then not enforced and note says so.
 * Failures between fork and exec come back to launch_start through a close-on-exec pipe,
 * so "command not found" or a bad cpu list is an error of launch_start, not an exit code.
 */
#ifndef JTUNE_WORKLOAD_LAUNCH_H
#define JTUNE_WORKLOAD_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jtune/platform/cgroup.h"

typedef struct {
    const char *const *argv;    /* argv[0]: a path (with '/') or a name looked up in $PATH */
    const char *const *env_add; /* KEY=VALUE entries added to (or replacing in) the
                             environment; NULL-terminated, may be NULL */
    bool capture_stdout;        /* stdout to a pipe (Launch.out_fd) instead of out_fd */
    int out_fd;                 /* the child's stdout (unless captured) and stderr; -1: ours */
    uint64_t cpus;              /* allowed cpus (0: no restriction) */
    int cpu_quota_pct;          /* % of one core (0: none) */
    bool cgroup;                /* try a cgroup v2 group */
    const char *cgroup_mount;   /* cgroup2 mount (NULL: found in /proc/self/mountinfo) */
    const char *cgroup_leaf;    /* group name under jtune/ (NULL: "run-<pid>-<n>") */
} LaunchOpts;

typedef struct {
    pid_t pid;   /* > 0 while the child has not been reaped */
    int out_fd;  /* read end of the child's stdout (capture_stdout), else -1 */
    int pidfd;   /* pollable: readable once the child has exited (-1: not available) */
    bool exited; /* reaped; status holds the wait status */
    int status;
    bool in_cgroup; /* placed in cg.dir */
    CgroupRun cg;
    bool affinity;  /* sched_setaffinity was used for the cpu list */
    char path[512]; /* the program that was executed */
    char note[320]; /* limits that are not enforced, and why ("" when all are) */
} Launch;

/* Find argv0 as execve would run it ($PATH search for a bare name). 0 or -ENOENT/-EACCES. */
int launch_resolve(const char *argv0, char *out, size_t outsz);

/* Start the child. 0, or -errno with a one-line reason in err (nothing left running). */
int launch_start(Launch *l, const LaunchOpts *o, char *err, size_t errsz);

/* Reap the child if it has exited (WNOHANG). 1 exited (l->status set), 0 still running,
 * -errno. */
int launch_poll(Launch *l);

/* Ask the child's process group to end (SIGTERM), wait up to grace_ms, then SIGKILL it
 * (and what is left in its cgroup). Reaps the child. 0 or -errno. */
int launch_stop(Launch *l, int grace_ms);

/* Stop it if still running (no grace), close the pipe, remove the cgroup. Safe twice. */
void launch_cleanup(Launch *l);

/* "exit status 3", "killed by SIGKILL" for a wait status, into out; returns out. */
const char *launch_describe_status(int status, char *out, size_t outsz);

#endif
