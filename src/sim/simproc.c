/* SPDX-License-Identifier: MIT */
/* simproc: start jtune-sim on a temporary root as a child process, and stop it. */
#include "jtune/core/emuexec.h"
#include "jtune/sim/simproc.h"

#include "jtune/platform/selfpath.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child gets this long to build its tree before start gives up (a guard against a hung
 * child, not a performance expectation). */
#define READY_TIMEOUT_MS 120000

static bool is_exe(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static int try_dir(const char *dir, char *out, size_t outsz) {
    char path[PATH_MAX];
    if (!dir || !*dir || (size_t)snprintf(path, sizeof path, "%s/jtune-sim", dir) >= sizeof path) {
        return -ENOENT;
    }
    if (!is_exe(path) || (size_t)snprintf(out, outsz, "%s", path) >= outsz) {
        return -ENOENT;
    }
    return 0;
}

int simproc_find_exe(char *out, size_t outsz) {
    if (selfpath_find_program("jtune-sim", out, outsz) == 0 ||
        try_dir(getenv("JTUNE_BUILD_DIR"), out, outsz) == 0) {
        return 0;
    }
    return -ENOENT;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D) {
        chmod(path, 0700); /* a root-only debugfs dir is still ours to remove */
        return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
    }
    return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* rm -rf of a directory we created. */
static int remove_tree(const char *root) {
    if (!root[0] || strcmp(root, "/") == 0) {
        return -EINVAL;
    }
    chmod(root, 0700);
    return nftw(root, rm_entry, 32, FTW_DEPTH | FTW_PHYS) < 0 ? -errno : 0;
}

static void child(const SimProc *sp, const SimProcOptions *o, int ready_fd) {
    char seed[32], hz[16], fd[16];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
    snprintf(hz, sizeof hz, "%d", o->hz > 0 ? o->hz : 10);
    snprintf(fd, sizeof fd, "%d", ready_fd);
    if (o->quiet) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDERR_FILENO);
        }
    }
    const char *argv[] = {"jtune-sim",  "--board", (o->board ? o->board : "orin-nano-super"),
                          "--root",     sp->root,  "--seed",
                          seed,         "--hz",    hz,
                          "--ready-fd", fd,        NULL};
    emuexec_execve(sp->exe, argv, (const char *const *)environ);
    _exit(127);
}

/* Wait for the ready byte. 0, or -errno (the child died or hung). */
static int wait_ready(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int rc;
    do {
        rc = poll(&p, 1, READY_TIMEOUT_MS);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) {
        return -ETIMEDOUT;
    }
    char c;
    ssize_t n;
    do {
        n = read(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -ECHILD;
}

static void reap(pid_t pid) {
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
}

int simproc_start(SimProc *sp, const SimProcOptions *o) {
    memset(sp, 0, sizeof *sp);
    int rc = o->exe ? (snprintf(sp->exe, sizeof sp->exe, "%s", o->exe), 0)
                    : simproc_find_exe(sp->exe, sizeof sp->exe);
    if (rc < 0) {
        return rc;
    }
    const char *tmp = o->tmpdir ? o->tmpdir : getenv("TMPDIR");
    snprintf(sp->root, sizeof sp->root, "%s/jtune-sim-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(sp->root)) {
        sp->root[0] = '\0';
        return -errno;
    }
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        rc = -errno;
        remove_tree(sp->root);
        return rc;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        /* the simulator never outlives its caller (a killed jtune --demo, a crashed test) */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(127);
        }
        fcntl(pfd[1], F_SETFD, 0); /* the write end survives exec */
        close(pfd[0]);
        child(sp, o, pfd[1]);
    }
    close(pfd[1]);
    rc = pid < 0 ? -errno : wait_ready(pfd[0]);
    close(pfd[0]);
    if (rc < 0) {
        if (pid > 0) {
            kill(pid, SIGKILL);
            reap(pid);
        }
        remove_tree(sp->root);
        sp->root[0] = '\0';
        return rc;
    }
    sp->pid = pid;
    return 0;
}

int simproc_stop(SimProc *sp) {
    int rc = 0;
    if (sp->pid > 0) {
        if (kill(sp->pid, SIGTERM) < 0) {
            rc = -errno;
        }
        reap(sp->pid);
        sp->pid = 0;
    }
    if (sp->root[0]) {
        int r = remove_tree(sp->root);
        rc = rc ? rc : r;
        sp->root[0] = '\0';
    }
    return rc;
}
