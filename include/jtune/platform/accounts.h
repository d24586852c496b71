/* SPDX-License-Identifier: MIT */
/* accounts: user account lookups (getpwnam, getpwuid, getgrouplist) made in a short-lived
 * child process. A lookup through NSS loads its modules (libnss_systemd, and libm with it:
 * 500-600 KiB resident) into the process for the rest of its life; made in a child, they
 * never map into a long-running jtune or jtune-helper. The answers are those of the
 * system's lookup (files, LDAP, systemd-userdb ...), as if asked in this process.
 */
#ifndef JTUNE_PLATFORM_ACCOUNTS_H
#define JTUNE_PLATFORM_ACCOUNTS_H

#include <stdbool.h>
#include <sys/types.h>

#define ACCOUNTS_MAX_GROUPS 64

typedef struct {
    uid_t uid;
    gid_t gid; /* the primary group */
    char name[64];
    char home[256];
    int n_groups; /* want_groups: the groups of the account (getgrouplist), else 0 */
    gid_t groups[ACCOUNTS_MAX_GROUPS];
} Account;

/* The account called name (name non-NULL) or with uid (name NULL); with want_groups, its
 * groups too (primary group group_gid). 0, -ENOENT (no such account, or its name or home
 * is too long), or -errno. In a child process; where no child can be made (fork failed),
 * in this one. */
int accounts_lookup(const char *name, uid_t uid, gid_t group_gid, bool want_groups, Account *out);

#endif
