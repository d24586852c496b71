/* SPDX-License-Identifier: MIT */
/* privdrop: give up privileges in a fixed order and prove it afterwards.
 *
 * The order (STYLE.md rule 8): no_new_privs; clear the ambient set; drop the bounding set to
 * the kept capabilities; setgroups/setresgid; setresuid with keepcaps; set the exact final
 * capability sets (permitted = effective = kept, inheritable empty). Then privdrop_verify reads
 * /proc/self/status and tries to regain root: anything unexpected is an error.
 *
 * jtune-helper uses it to become its unprivileged account with a few capabilities; the jtune
 * UI uses it to become the invoking user with none (app/privsep.c).
 */
#ifndef JTUNE_PRIV_PRIVDROP_H
#define JTUNE_PRIV_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PRIVDROP_MAX_GROUPS 64

/* What the process must look like after the drop. */
typedef struct {
    uid_t uid;    /* real, effective, saved and filesystem uid */
    gid_t gid;    /* real, effective, saved and filesystem gid */
    int n_groups; /* supplementary groups after the drop (0: none) */
    gid_t groups[PRIVDROP_MAX_GROUPS];
    uint64_t keep;      /* capability mask (bit n = capability n) kept permitted + effective */
    bool drop_bounding; /* also cut the bounding set down to keep (needs CAP_SETPCAP) */
    bool change_ids;    /* call setgroups/setresgid/setresuid (needs CAP_SETGID/CAP_SETUID
                           unless uid/gid are already the current ones) */
} PrivSpec;

/* What /proc/<pid>/status says about a process's credentials. */
typedef struct {
    long uid[4]; /* real, effective, saved, filesystem */
    long gid[4];
    int n_groups;
    long groups[PRIVDROP_MAX_GROUPS];
    uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
    int no_new_privs; /* -1 when the kernel does not report it */
} PrivStatus;

/* The current process's permitted capability mask. */
uint64_t privdrop_permitted(void);

/* Capabilities spec needs that permitted lacks: its kept set, CAP_SETUID and CAP_SETGID to
 * change ids, CAP_SETPCAP to cut the bounding set. 0 when the drop can be done. PURE. */
uint64_t privdrop_missing(const PrivSpec *spec, uint64_t permitted);

/* Drop to spec in the documented order. On error writes a one-line reason to err and returns
 * -errno; the process is then in an undefined, partly dropped state and must exit. */
int privdrop_apply(const PrivSpec *spec, char *err, size_t errsz);

/* Parse the text of /proc/<pid>/status. 0, or -EINVAL when a credential line is missing or
 * malformed. */
int privdrop_status_parse(const char *text, size_t len, PrivStatus *out);

/* Read and parse /proc/<pid>/status (pid 0: this process). 0 or -errno. */
int privdrop_status_read(pid_t pid, PrivStatus *out);

/* Prove the drop: /proc/self/status must match spec exactly (ids, no supplementary groups
 * beyond spec's, CapInh 0, CapPrm = CapEff = keep, CapAmb 0, NoNewPrivs 1, and CapBnd = keep
 * when spec->drop_bounding), and when spec->uid is not 0, setuid(0) and setgid(0) must fail.
 * Appends one "name: value ok|MISMATCH" line per check to report (may be NULL).
 * Returns 0, or -EPERM when any check failed. */
int privdrop_verify(const PrivSpec *spec, char *report, size_t reportsz);

/* In a forked child about to execve a helper tool: make the capabilities in mask ambient so
 * the tool (an ordinary file without capabilities) runs with them, and nothing else.
 * 0 or -errno. */
int privdrop_child_ambient(uint64_t mask);

/* Format a capability mask as names ("cap_dac_override,cap_net_admin", "none"). */
void privdrop_format_caps(uint64_t mask, char *out, size_t outsz);

#endif
