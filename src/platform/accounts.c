/* SPDX-License-Identifier: MIT */
/* accounts: NSS lookups in a child process (see the header). */
#include "jtune/platform/accounts.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The lookup itself, in whichever process runs it. 0 or -ENOENT. */
static int lookup_here(const char *name, uid_t uid, gid_t group_gid, bool want_groups,
                       Account *out) {
    memset(out, 0, sizeof *out);
    const struct passwd *pw = name ? getpwnam(name) : getpwuid(uid);
    if (!pw || strlen(pw->pw_name) >= sizeof out->name || strlen(pw->pw_dir) >= sizeof out->home) {
        return -ENOENT;
    }
    out->uid = pw->pw_uid;
    out->gid = pw->pw_gid;
    snprintf(out->name, sizeof out->name, "%s", pw->pw_name);
    snprintf(out->home, sizeof out->home, "%s", pw->pw_dir);
    int n = ACCOUNTS_MAX_GROUPS;
    if (want_groups && getgrouplist(out->name, group_gid, out->groups, &n) >= 0) {
        out->n_groups = n;
    }
    return 0;
}

/* Read exactly n bytes (less only at end of file). */
static size_t read_all(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    return got;
}

int accounts_lookup(const char *name, uid_t uid, gid_t group_gid, bool want_groups, Account *out) {
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) < 0) {
        return lookup_here(name, uid, group_gid, want_groups, out);
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return lookup_here(name, uid, group_gid, want_groups, out);
    }
    if (pid == 0) {
        close(fd[0]);
        Account a;
        int rc = lookup_here(name, uid, group_gid, want_groups, &a);
        if (rc == 0 && write(fd[1], &a, sizeof a) != (ssize_t)sizeof a) {
            _exit(2);
        }
        _exit(rc == 0 ? 0 : 1);
    }
    close(fd[1]);
    memset(out, 0, sizeof *out);
    size_t got = read_all(fd[0], out, sizeof *out);
    close(fd[0]);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    bool said_none = w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 1;
    if (got != sizeof *out) {
        /* the child found nothing, or could not say (killed, SIGCHLD ignored): ask here */
        return said_none ? (memset(out, 0, sizeof *out), -ENOENT)
                         : lookup_here(name, uid, group_gid, want_groups, out);
    }
    out->n_groups = out->n_groups < 0 || out->n_groups > ACCOUNTS_MAX_GROUPS ? 0 : out->n_groups;
    return 0;
}
