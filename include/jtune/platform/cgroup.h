/* SPDX-License-Identifier: MIT */
/* cgroup: put a workload into a cgroup v2 group of its own, <mount>/jtune/<leaf>, with a
 * CPU time limit (cpu.max) and a cpu set (cpuset.cpus) when the kernel offers those
 * controllers in the v2 hierarchy.
 *
 * This is the machine jtune runs on, not the board under --root: the workload is a process
 * of this kernel whatever board is being read, so paths here are real absolute paths (the
 * mount is found in /proc/self/mountinfo). Creating groups needs write access to the
 * cgroup2 tree (root, or a tree delegated to the user that also holds jtune's own group).
 * The "jtune" parent gets the cpu and cpuset controllers enabled for its children (and the
 * mount's root too, when they are not yet); it keeps no processes. Leaf groups are removed
 * when the workload ends; the parent stays.
 */
#ifndef JTUNE_PLATFORM_CGROUP_H
#define JTUNE_PLATFORM_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CGROUP_PATH      512
#define CGROUP_PARENT    "jtune"
#define CGROUP_PERIOD_US 100000 /* cpu.max period */

typedef struct {
    char dir[CGROUP_PATH]; /* the group made for the workload ("" none) */
    int procs_fd;          /* its cgroup.procs, for the child to join (-1 none) */
    bool quota_set;        /* cpu.max written */
    bool cpus_set;         /* cpuset.cpus written */
    char note[256];        /* what could not be enforced and why ("" when all was) */
} CgroupRun;

/* Parse /proc/self/mountinfo text: the mount point of the cgroup2 file system (octal
 * escapes decoded) into out. 0, -ENOENT when there is none, -ENAMETOOLONG. PURE. */
int cgroup_parse_mountinfo(const char *text, char *out, size_t outsz);

/* The cgroup2 mount point of this machine. 0 or -errno (-ENOENT: no cgroup2). */
int cgroup_find_mount(char *out, size_t outsz);

/* Start empty (procs_fd -1). */
void cgroup_run_init(CgroupRun *g);

/* Create <mount>/jtune/<leaf>, set cpu.max for quota_pct (% of one core; 0: no limit) and
 * cpuset.cpus for cpus (0: any) where the controllers exist (otherwise g->note says what
 * is not enforced and the flag stays false), and open its cgroup.procs. 0, or -errno with
 * nothing left behind (no group, no fd). */
int cgroup_create(CgroupRun *g, const char *mount, const char *leaf, int quota_pct, uint64_t cpus);

/* Between fork and exec: move the calling process into the group. Async-signal-safe.
 * 0 or -errno. */
int cgroup_join(int procs_fd);

/* The pids in the group (up to max) or -errno. */
int cgroup_pids(const CgroupRun *g, pid_t *out, int max);

/* Kill what is left in the group (cgroup.kill, else SIGKILL to each pid), wait for it to
 * empty (up to about a second), remove it and close procs_fd. 0 or -errno. Safe on an
 * empty CgroupRun. */
int cgroup_remove(CgroupRun *g);

#endif
