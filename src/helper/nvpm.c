/* SPDX-License-Identifier: MIT */
/* nvpm: power modes through NVIDIA's nvpmodel tool, run with a fixed argv and no shell.
 *
 * The mode id is checked against the modes of the system's nvpmodel conf (etc/nvpmodel.conf
 * under the root: a root-owned system file, parsed with core/nvpconf), the tool is run as
 * "<root>/usr/sbin/nvpmodel -m N" with a two-variable environment and /dev/null as stdin, and
 * the result is read back from var/lib/nvpmodel/status. A mode that changes the core count or
 * the TPC mask makes nvpmodel print "NVPM WARN: Reboot required ..." and prompt; with /dev/null
 * as the answer it gives up, and the helper reports -ECANCELED (jtune never reboots a board).
 *
 * Privilege: nvpmodel writes root-owned sysfs files and its status file. When the helper holds
 * capabilities, the child gets CAP_DAC_OVERRIDE as an ambient capability (raised in the child
 * only, after fork), so the tool runs with exactly that and nothing else; the helper's own
 * sets stay as verified. Before that, a privileged helper checks the tool like OpenSSH's
 * safe_path(): the file and every directory above it must be root-owned and writable by root
 * only (nvpm_safe_path); otherwise it refuses (-EPERM) and runs nothing.
 */
#include "jtune/helper/nvpm.h"

#include "jtune/core/emuexec.h"

#include "jtune/platform/systime.h"
#include "jtune/core/syscompat.h"

#include "jtune/core/nvpconf.h"
#include "jtune/core/parse.h"
#include "jtune/priv/privdrop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NVPM_CONF_MAX ((size_t)256 * 1024)
#define NVPM_OUT_MAX  4096

int nvpm_get_mode(KnobEnv *e, int64_t *mode) {
    char buf[256];
    ssize_t n = sysfs_read(e->fs, "var/lib/nvpmodel/status", buf, sizeof buf);
    if (n < 0) {
        return n == -ENOENT ? -ENODEV : (int)n;
    }
    /* "pmode:0001" (optionally followed by " fmode:...") */
    char *p = strstr(buf, "pmode:");
    if (!p) {
        return -ENODATA;
    }
    p += 6;
    size_t len = strspn(p, "0123456789");
    if (len == 0 || len > 4) {
        return -ENODATA;
    }
    return parse_i64(p, len, mode);
}

int nvpm_check_mode(KnobEnv *e, int64_t mode) {
    char *text = malloc(NVPM_CONF_MAX);
    NvpConf *c = nvpconf_new();
    Diag *d = calloc(1, sizeof *d);
    int rc = (!text || !c || !d) ? -ENOMEM : 0;
    if (rc == 0) {
        ssize_t n = sysfs_read(e->fs, "etc/nvpmodel.conf", text, NVPM_CONF_MAX);
        rc = n < 0 ? (n == -ENOENT ? -ENODEV : (int)n) : 0;
    }
    if (rc == 0 && nvpconf_parse(text, "/etc/nvpmodel.conf", c, d) < 0) {
        rc = -ENODATA; /* a broken conf names no mode we could trust */
    }
    if (rc == 0 && nvpconf_find_mode(c, (int)mode) < 0) {
        e->detail = mode;
        rc = -EINVAL;
    }
    free(d);
    nvpconf_free(c);
    free(text);
    return rc;
}

/* In the child: a clean process image for the tool. Never returns. */
static void exec_nvpmodel(const char *path, const char *mode, int out_fd, uint64_t caps) {
    static const char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
    const char *const argv[] = {"nvpmodel", "-m", mode, NULL};
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) {
        /* the helper ignores terminal signals; the tool must not inherit (SIGKILL, SIGSTOP and
         * the unused numbers refuse: nothing to reset there) */
        (void)signal(s, SIG_DFL);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0) {
        _exit(126);
    }
    syscompat_close_from(3, 0);
    if (privdrop_child_ambient(caps) < 0) {
        _exit(126);
    }
    emuexec_execve(path, argv, envp);
    _exit(127);
}

/* Collect the child's output until EOF or the deadline. Returns 0 or -ETIMEDOUT. */
static int collect(int fd, char *out, size_t outsz, int timeout_ms) {
    size_t used = 0;
    int64_t deadline = systime_mono_ms() + timeout_ms;
    for (;;) {
        int64_t left = deadline - systime_mono_ms();
        if (left <= 0) {
            return -ETIMEDOUT;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return r == 0 ? -ETIMEDOUT : -errno;
        }
        char tmp[512];
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        size_t take = (size_t)n < outsz - 1 - used ? (size_t)n : outsz - 1 - used;
        memcpy(out + used, tmp, take);
        used += take;
        out[used] = '\0';
    }
}

static int run_tool(KnobEnv *e, const char *path, int mode, char *out, size_t outsz, int *status) {
    char arg[16];
    snprintf(arg, sizeof arg, "%d", mode);
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        return -errno;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int rc = -errno;
        close(pfd[0]);
        close(pfd[1]);
        return rc;
    }
    if (pid == 0) {
        exec_nvpmodel(path, arg, pfd[1], e->child_caps);
    }
    close(pfd[1]);
    out[0] = '\0';
    int rc = collect(pfd[0], out, outsz, e->nvpmodel_timeout_ms);
    close(pfd[0]);
    if (rc == -ETIMEDOUT) {
        kill(pid, SIGKILL);
    }
    while (waitpid(pid, status, 0) < 0) {
        if (errno != EINTR) {
            return rc < 0 ? rc : -errno;
        }
    }
    return rc;
}

/* May a directory on the way to the tool stay as it is? Root-owned and not writable by group
 * or others; a root-owned sticky directory (/tmp) is accepted too, since nobody else can
 * rename or remove what root made in it. */
static bool safe_dir(const struct stat *st) {
    if (st->st_uid != 0) {
        return false;
    }
    return (st->st_mode & 022) == 0 || (st->st_mode & S_ISVTX) != 0;
}

static int nvpm_safe_path(const char *path, char *canon, size_t canonsz, char *why, size_t whysz) {
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(path, real) || stat(real, &st) < 0) {
        snprintf(why, whysz, "%s: %s", path, strerror(errno));
        return -ENOENT;
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) != 0) {
        snprintf(why, whysz, "%s is not a root-owned file writable only by root", real);
        return -EPERM;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", real);
    for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
        if (slash == dir) {
            slash[1] = '\0'; /* "/" itself is checked last */
        } else {
            *slash = '\0';
        }
        if (stat(dir, &st) < 0 || !safe_dir(&st)) {
            snprintf(why, whysz, "%s (above %s) is not root-owned, or group or others may write it",
                     dir, real);
            return -EPERM;
        }
        if (strcmp(dir, "/") == 0) {
            break;
        }
    }
    if (snprintf(canon, canonsz, "%s", real) >= (int)canonsz) {
        return -ENAMETOOLONG;
    }
    return 0;
}

int nvpm_set_mode(KnobEnv *e, int mode) {
    if (!sysfs_exists(e->fs, "usr/sbin/nvpmodel")) {
        return -ENODEV;
    }
    char path[PATH_MAX];
    const char *root = sysfs_root(e->fs);
    if (sysfs_path(path, sizeof path, "%s/usr/sbin/nvpmodel", strcmp(root, "/") == 0 ? "" : root) <
        0) {
        return -ENAMETOOLONG;
    }
    if (e->trusted_exec_only) {
        /* never run a file a non-root user could have written while holding a capability */
        char canon[PATH_MAX], why[PATH_MAX + 96];
        int rc = nvpm_safe_path(path, canon, sizeof canon, why, sizeof why);
        if (rc < 0) {
            e->detail = 0;
            return -EPERM;
        }
        snprintf(path, sizeof path, "%s", canon); /* run what was checked */
    }
    char out[NVPM_OUT_MAX];
    int status = 0;
    int rc = run_tool(e, path, mode, out, sizeof out, &status);
    if (rc < 0) {
        return rc;
    }
    if (strstr(out, "Reboot required")) {
        e->detail = mode;
        return -ECANCELED;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return (WIFEXITED(status) && WEXITSTATUS(status) == 127) ? -ENOEXEC : -EIO;
    }
    int64_t now;
    if (nvpm_get_mode(e, &now) < 0 || now != mode) {
        return -EIO; /* the tool said yes but the mode did not change */
    }
    return 0;
}
