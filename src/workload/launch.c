/* SPDX-License-Identifier: MIT */
/* launch: fork, confine, exec, stop (see launch.h). */
#include "jtune/core/emuexec.h"

#include "jtune/platform/systime.h"
#include "jtune/workload/launch.h"

#include "jtune/core/syscompat.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <poll.h>
#include <sched.h>
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

extern char **environ;

#define ENV_MAX 512

/* What the child reports when it cannot exec. */
typedef struct {
    int step; /* ChildStep */
    int err;  /* errno */
} ChildError;

typedef enum { STEP_SETUP, STEP_CGROUP, STEP_AFFINITY, STEP_PRIVS, STEP_EXEC } ChildStep;

static const char *step_name(int s) {
    static const char *const names[] = {"set up the process", "join its cgroup",
                                        "set the cpu affinity", "drop privileges", "execute"};
    return s >= 0 && s <= STEP_EXEC ? names[s] : "start";
}

int launch_resolve(const char *argv0, char *out, size_t outsz) {
    if (!argv0 || !argv0[0]) {
        return -ENOENT;
    }
    if (strchr(argv0, '/')) {
        if (snprintf(out, outsz, "%s", argv0) >= (int)outsz) {
            return -ENAMETOOLONG;
        }
        return access(out, X_OK) == 0 ? 0 : -errno;
    }
    const char *path = getenv("PATH");
    if (!path || !*path) {
        path = "/usr/local/bin:/usr/bin:/bin";
    }
    int last = -ENOENT;
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        struct stat st;
        if (n > 0 && snprintf(out, outsz, "%.*s/%s", (int)n, p, argv0) < (int)outsz &&
            stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(out, X_OK) == 0) {
                return 0;
            }
            last = -EACCES;
        }
        p = colon ? colon + 1 : p + n;
    }
    return last;
}

static int launch_drop_privileges(void) {
    gid_t g = getgid();
    uid_t u = getuid();
    if (setresgid(g, g, g) < 0 || setresuid(u, u, u) < 0) {
        return -errno;
    }
    /* uid 0 gets every capability back at exec unless NOROOT is set; needs CAP_SETPCAP,
     * which only a privileged caller has (an unprivileged one has nothing to lose) */
    prctl(PR_SET_SECUREBITS,
          SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
              SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |
              SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED,
          0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    for (int cap = 0; cap < 64; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL) {
            break; /* past the last capability this kernel knows */
        }
    }
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &hdr, data) < 0) {
        return -errno;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        return -errno;
    }
    return 0;
}

/* Build the child's environment: ours, minus the names env_add sets, plus env_add.
 * Returns a malloc'ed NULL-terminated array (strings borrowed) or NULL. */
static const char **build_env(const char *const *env_add) {
    size_t n_add = 0, n = 0;
    while (env_add && env_add[n_add]) {
        n_add++;
    }
    const char **env = calloc(ENV_MAX + n_add + 1, sizeof *env);
    if (!env) {
        return NULL;
    }
    for (char **e = environ; e && *e && n < ENV_MAX; e++) {
        const char *eq = strchr(*e, '=');
        size_t klen = eq ? (size_t)(eq - *e) : strlen(*e);
        bool replaced = false;
        for (size_t k = 0; k < n_add && !replaced; k++) {
            replaced = strncmp(env_add[k], *e, klen) == 0 && env_add[k][klen] == '=';
        }
        if (!replaced) {
            env[n++] = *e;
        }
    }
    for (size_t k = 0; k < n_add; k++) {
        env[n++] = env_add[k];
    }
    env[n] = NULL;
    return env;
}

/* Report a failed step to the parent and end the child. */
_Noreturn static void child_fail(int pipe_fd, int step, int err) {
    ChildError ce = {step, err};
    ssize_t w = write(pipe_fd, &ce, sizeof ce);
    (void)w;
    _exit(127);
}

typedef struct {
    const LaunchOpts *o;
    const char *path;
    const char **env;
    int err_fd;    /* write end of the error pipe (close-on-exec) */
    int stdout_fd; /* the child's stdout */
    int stderr_fd; /* the child's stderr */
    int procs_fd;  /* cgroup.procs to join, -1 none */
    bool affinity; /* set the cpu list with sched_setaffinity */
} ChildPlan;

/* In the child: everything between fork and exec. Only async-signal-safe calls. */
_Noreturn static void child_run(const ChildPlan *c) {
    setpgid(0, 0);
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGALRM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        (void)signal(sigs[i], SIG_DFL); /* valid signals: cannot fail */
    }
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(c->stdout_fd, 1) < 0 ||
        dup2(c->stderr_fd, 2) < 0) {
        child_fail(c->err_fd, STEP_SETUP, errno);
    }
    /* every other fd of jtune closes at exec (sampler files, logs, the helper socket) */
    syscompat_close_from(3, CLOSE_RANGE_CLOEXEC);
    if (c->procs_fd >= 0 && cgroup_join(c->procs_fd) < 0) {
        child_fail(c->err_fd, STEP_CGROUP, errno);
    }
    if (c->affinity) {
        cpu_set_t set;
        CPU_ZERO(&set);
        for (int cpu = 0; cpu < 64; cpu++) {
            if (c->o->cpus & (UINT64_C(1) << cpu)) {
                CPU_SET(cpu, &set);
            }
        }
        if (sched_setaffinity(0, sizeof set, &set) < 0) {
            child_fail(c->err_fd, STEP_AFFINITY, errno);
        }
    }
    int rc = launch_drop_privileges();
    if (rc < 0) {
        child_fail(c->err_fd, STEP_PRIVS, -rc);
    }
    emuexec_execve(c->path, c->o->argv, c->env);
    child_fail(c->err_fd, STEP_EXEC, errno);
}

/* Make the cgroup (when asked and possible). Failure is not an error: note it. */
static void place_cgroup(Launch *l, const LaunchOpts *o) {
    static unsigned seq;
    char mount[CGROUP_PATH], leaf[64];
    int rc = o->cgroup_mount ? 0 : cgroup_find_mount(mount, sizeof mount);
    if (rc == 0) {
        snprintf(leaf, sizeof leaf, "run-%ld-%u", (long)getpid(), ++seq);
        rc = cgroup_create(&l->cg, o->cgroup_mount ? o->cgroup_mount : mount,
                           o->cgroup_leaf ? o->cgroup_leaf : leaf, o->cpu_quota_pct, o->cpus);
    }
    if (rc == 0) {
        l->in_cgroup = true;
        snprintf(l->note, sizeof l->note, "%s", l->cg.note);
        return;
    }
    if (o->cpu_quota_pct > 0) {
        snprintf(l->note, sizeof l->note, "no cgroup v2 group (%s): the CPU quota is not enforced",
                 rc == -ENOENT ? "no cgroup2 mount" : strerror(-rc));
    }
}

/* Wait for the child's exec (EOF on the error pipe) or its report. 0 or -errno. */
static int await_exec(Launch *l, int err_rd, char *err, size_t errsz) {
    ChildError ce;
    ssize_t n;
    do {
        n = read(err_rd, &ce, sizeof ce);
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
        return 0;
    }
    if (n != (ssize_t)sizeof ce) {
        ce = (ChildError){STEP_SETUP, EIO};
    }
    snprintf(err, errsz, "cannot %s '%s': %s", step_name(ce.step), l->path, strerror(ce.err));
    while (waitpid(l->pid, &l->status, 0) < 0 && errno == EINTR) {
    }
    l->pid = 0;
    l->exited = true;
    return -ce.err;
}

static void launch_reset(Launch *l) {
    memset(l, 0, sizeof *l);
    l->out_fd = -1;
    l->pidfd = -1;
    cgroup_run_init(&l->cg);
}

/* Open the pipes the child needs. 0 or -errno. */
static int open_pipes(const LaunchOpts *o, int errp[2], int outp[2]) {
    if (pipe2(errp, O_CLOEXEC) < 0) {
        return -errno;
    }
    if (o->capture_stdout && pipe2(outp, O_CLOEXEC) < 0) {
        int e = -errno;
        close(errp[0]);
        close(errp[1]);
        return e;
    }
    return 0;
}

/* Fork the child with the plan, wait for its exec, tidy up on failure. 0 or -errno. */
static int spawn(Launch *l, const LaunchOpts *o, const char **env, int errp[2], int outp[2],
                 char *err, size_t errsz) {
    ChildPlan plan = {.o = o,
                      .path = l->path,
                      .env = env,
                      .err_fd = errp[1],
                      .stdout_fd = o->capture_stdout ? outp[1] : (o->out_fd >= 0 ? o->out_fd : 1),
                      .stderr_fd = o->out_fd >= 0 ? o->out_fd : 2,
                      .procs_fd = l->in_cgroup ? l->cg.procs_fd : -1,
                      .affinity = o->cpus && !l->cg.cpus_set};
    l->affinity = plan.affinity;
    l->pid = fork();
    if (l->pid == 0) {
        child_run(&plan);
    }
    int fork_errno = errno, rc;
    close(errp[1]);
    if (outp[1] >= 0) {
        close(outp[1]);
    }
    if (l->pid < 0) {
        rc = -fork_errno;
        snprintf(err, errsz, "cannot start '%s': %s", l->path, strerror(fork_errno));
    } else {
        setpgid(l->pid, l->pid); /* also here: no window where a signal misses the group */
        rc = await_exec(l, errp[0], err, errsz);
        l->pidfd = rc == 0 ? (int)syscall(SYS_pidfd_open, l->pid, 0) : -1;
    }
    close(errp[0]);
    l->out_fd = rc == 0 ? outp[0] : -1;
    if (rc < 0) {
        if (outp[0] >= 0) {
            close(outp[0]);
        }
        cgroup_remove(&l->cg);
        l->in_cgroup = false;
        l->pid = 0;
    }
    return rc;
}

int launch_start(Launch *l, const LaunchOpts *o, char *err, size_t errsz) {
    launch_reset(l);
    int rc = launch_resolve(o->argv[0], l->path, sizeof l->path);
    if (rc < 0) {
        snprintf(err, errsz, "cannot run '%s': %s", o->argv[0],
                 rc == -ENOENT ? "command not found" : strerror(-rc));
        return rc;
    }
    int errp[2], outp[2] = {-1, -1};
    const char **env = build_env(o->env_add);
    rc = env ? open_pipes(o, errp, outp) : -ENOMEM;
    if (rc < 0) {
        free(env);
        snprintf(err, errsz, "cannot start '%s': %s", l->path, strerror(-rc));
        return rc;
    }
    if (o->cgroup) {
        place_cgroup(l, o);
    }
    rc = spawn(l, o, env, errp, outp, err, errsz);
    free(env);
    return rc;
}

int launch_poll(Launch *l) {
    if (l->exited) {
        return 1;
    }
    if (l->pid <= 0) {
        return -ECHILD;
    }
    pid_t r = waitpid(l->pid, &l->status, WNOHANG);
    if (r < 0) {
        return errno == EINTR ? 0 : -errno;
    }
    if (r == 0) {
        return 0;
    }
    l->exited = true;
    return 1;
}

/* Poll for the child's exit until deadline (monotonic ms). 1 exited, 0 not yet. */
static int wait_until(Launch *l, int64_t deadline) {
    for (;;) {
        int rc = launch_poll(l);
        if (rc != 0) {
            return rc > 0 ? 1 : 0;
        }
        if (systime_mono_ms() >= deadline) {
            return 0;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

int launch_stop(Launch *l, int grace_ms) {
    if (l->pid <= 0 || l->exited) {
        return 0;
    }
    kill(-l->pid, SIGTERM);
    if (grace_ms > 0 && wait_until(l, systime_mono_ms() + grace_ms)) {
        return 0;
    }
    kill(-l->pid, SIGKILL);
    if (l->in_cgroup) {
        cgroup_remove(&l->cg);
        l->in_cgroup = false;
    }
    return wait_until(l, systime_mono_ms() + 5000) ? 0 : -ETIMEDOUT;
}

void launch_cleanup(Launch *l) {
    launch_stop(l, 0);
    if (l->pid > 0 && !l->in_cgroup) {
        kill(-l->pid, SIGKILL); /* what the workload left behind in its process group */
    }
    if (l->out_fd >= 0) {
        close(l->out_fd);
        l->out_fd = -1;
    }
    if (l->pidfd >= 0) {
        close(l->pidfd);
        l->pidfd = -1;
    }
    if (l->in_cgroup) {
        cgroup_remove(&l->cg);
        l->in_cgroup = false;
    }
    l->pid = 0;
}

const char *launch_describe_status(int status, char *out, size_t outsz) {
    if (WIFEXITED(status)) {
        snprintf(out, outsz, "exit status %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        const char *abbrev = syscompat_sigabbrev(WTERMSIG(status));
        snprintf(out, outsz, "killed by SIG%s", abbrev ? abbrev : "?");
    } else {
        snprintf(out, outsz, "wait status %#x", (unsigned)status);
    }
    return out;
}
