/* SPDX-License-Identifier: MIT */
/* The workload launcher: the child has no capabilities and no_new_privs (seen in its own
 * /proc/self/status and in /proc/PID/status from outside), its own process group, stdin on
 * /dev/null, no inherited fds, the environment it was given, the cpu affinity; errors
 * before exec come back as errors; stopping a process that ignores SIGTERM; cgroup v2
 * placement where the cgroup2 tree is writable (skipped with a message elsewhere). */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/platform/cgroup.h"
#include "jtune/workload/launch.h"

static Launch l;

static int teardown(void **state) {
    (void)state;
    launch_cleanup(&l);
    return 0;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read the child's captured stdout to EOF (10 s deadline) into buf. */
static void read_all(int fd, char *buf, size_t n) {
    size_t used = 0;
    int64_t deadline = now_ms() + 10000;
    while (used + 1 < n) {
        struct pollfd p = {fd, POLLIN, 0};
        int left = (int)(deadline - now_ms());
        assert_true(left > 0);
        if (poll(&p, 1, left) <= 0) {
            continue;
        }
        ssize_t r = read(fd, buf + used, n - 1 - used);
        if (r <= 0) {
            break;
        }
        used += (size_t)r;
    }
    buf[used] = '\0';
}

/* Wait (deadline 10 s) for the child to exit; its wait status. */
static int wait_exit(void) {
    int64_t deadline = now_ms() + 10000;
    while (launch_poll(&l) == 0) {
        assert_true(now_ms() < deadline);
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return l.status;
}

/* Start argv with stdout captured, read everything, wait for the exit. */
static void run_capture(const char *const *argv, LaunchOpts *o, char *out, size_t n) {
    char err[256];
    o->argv = argv;
    o->capture_stdout = true;
    o->out_fd = -1;
    int rc = launch_start(&l, o, err, sizeof err);
    if (rc) {
        fail_msg("launch_start: %s", err);
    }
    read_all(l.out_fd, out, n);
    int st = wait_exit();
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* Value of "Key:" in a /proc status text (tabs trimmed), or "" when absent. */
static const char *status_field(const char *text, const char *key) {
    static char val[128];
    val[0] = '\0';
    const char *p = strstr(text, key);
    if (p) {
        p += strlen(key);
        while (*p == '\t' || *p == ' ') {
            p++;
        }
        size_t n = strcspn(p, "\n");
        snprintf(val, sizeof val, "%.*s", (int)n, p);
    }
    return val;
}

static void assert_unprivileged(const char *status) {
    const char *keys[] = {"CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:"};
    for (int i = 0; i < 5; i++) {
        const char *v = status_field(status, keys[i]);
        if (strcmp(v, "0000000000000000") != 0) {
            fail_msg("%s %s (expected no capabilities)", keys[i], v);
        }
    }
    assert_string_equal(status_field(status, "NoNewPrivs:"), "1");
    char uid[64];
    snprintf(uid, sizeof uid, "%d\t%d\t%d\t%d", (int)getuid(), (int)getuid(), (int)getuid(),
             (int)getuid());
    assert_string_equal(status_field(status, "Uid:"), uid);
}

static void test_resolve(void **state) {
    (void)state;
    char path[512];
    assert_int_equal(launch_resolve("sh", path, sizeof path), 0);
    assert_true(path[0] == '/');
    assert_int_equal(launch_resolve("/nonexistent/prog", path, sizeof path), -ENOENT);
    assert_int_equal(launch_resolve("jtune-no-such-command", path, sizeof path), -ENOENT);
    char err[256];
    const char *argv[] = {"jtune-no-such-command", NULL};
    LaunchOpts o = {.argv = argv, .out_fd = -1};
    assert_int_equal(launch_start(&l, &o, err, sizeof err), -ENOENT);
    assert_non_null(strstr(err, "command not found"));
    assert_int_equal(l.pid, 0);
}

static void test_no_capabilities_inside(void **state) {
    (void)state;
    char out[8192];
    const char *argv[] = {"cat", "/proc/self/status", NULL};
    LaunchOpts o = {0};
    run_capture(argv, &o, out, sizeof out);
    assert_unprivileged(out);
}

static void test_no_capabilities_from_outside(void **state) {
    (void)state;
    char err[256];
    const char *argv[] = {"sleep", "30", NULL};
    LaunchOpts o = {.argv = argv, .out_fd = -1};
    assert_int_equal(launch_start(&l, &o, err, sizeof err), 0);
    char path[64], text[8192];
    snprintf(path, sizeof path, "/proc/%d/status", (int)l.pid);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    assert_true(n > 0);
    text[n] = '\0';
    assert_unprivileged(text);
    assert_string_equal(status_field(text, "Name:"), "sleep"); /* exec has happened */
    assert_int_equal(getpgid(l.pid), l.pid);                   /* a process group of its own */
    assert_int_equal(launch_stop(&l, 2000), 0);
    assert_true(WIFSIGNALED(l.status));
    assert_int_equal(WTERMSIG(l.status), SIGTERM);
    char why[64];
    assert_string_equal(launch_describe_status(l.status, why, sizeof why), "killed by SIGTERM");
}

/* True when a process that is not a zombie has process group pgid. */
static bool group_alive(pid_t pgid) {
    DIR *d = opendir("/proc");
    assert_non_null(d);
    bool alive = false;
    struct dirent *e;
    while (!alive && (e = readdir(d)) != NULL) {
        char path[300], stat[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            continue;
        }
        ssize_t n = read(fd, stat, sizeof stat - 1);
        close(fd);
        stat[n > 0 ? n : 0] = '\0';
        const char *rp = strrchr(stat, ')'); /* "pid (comm) S ppid pgrp ..." */
        char st;
        int ppid, pgrp;
        if (rp && sscanf(rp + 1, " %c %d %d", &st, &ppid, &pgrp) == 3) {
            alive = pgrp == pgid && st != 'Z';
        }
    }
    closedir(d);
    return alive;
}

static void test_stop_ignoring_sigterm(void **state) {
    (void)state;
    char err[256];
    /* the shell ignores SIGTERM and waits on a sleep in the same process group */
    const char *argv[] = {"sh", "-c", "trap '' TERM; sleep 30; true", NULL};
    LaunchOpts o = {.argv = argv, .out_fd = -1};
    assert_int_equal(launch_start(&l, &o, err, sizeof err), 0);
    /* wait for the trap to be installed: the shell's SigIgn gains SIGTERM (bit 15) */
    char path[64], text[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)l.pid);
    int64_t deadline = now_ms() + 10000;
    for (;;) {
        int fd = open(path, O_RDONLY);
        assert_true(fd >= 0);
        ssize_t n = read(fd, text, sizeof text - 1);
        close(fd);
        text[n > 0 ? n : 0] = '\0';
        unsigned long long ign = strtoull(status_field(text, "SigIgn:"), NULL, 16);
        if (ign & (1ull << (SIGTERM - 1))) {
            break;
        }
        assert_true(now_ms() < deadline);
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(launch_stop(&l, 100), 0);
    assert_true(WIFSIGNALED(l.status));
    assert_int_equal(WTERMSIG(l.status), SIGKILL);
    /* nothing is left alive in its group (the orphaned sleep may linger as a zombie until
     * init reaps it, which a container's init may never do) */
    deadline = now_ms() + 10000;
    while (group_alive(l.pid)) {
        assert_true(now_ms() < deadline);
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
}

static void test_stdio_env_fds(void **state) {
    (void)state;
    char out[16384];
    /* stdin is /dev/null: cat ends at once */
    const char *cat[] = {"cat", NULL};
    LaunchOpts o = {0};
    run_capture(cat, &o, out, sizeof out);
    assert_string_equal(out, "");
    launch_cleanup(&l);

    /* the environment: ours plus the additions, a replaced name only once */
    setenv("JTUNE_TEST_REPLACED", "old", 1);
    const char *env[] = {"env", NULL};
    const char *add[] = {"JTUNE_TEST_SPACE=a b", "JTUNE_TEST_REPLACED=new", NULL};
    o = (LaunchOpts){.env_add = add};
    run_capture(env, &o, out, sizeof out);
    assert_non_null(strstr(out, "\nJTUNE_TEST_SPACE=a b\n"));
    assert_non_null(strstr(out, "JTUNE_TEST_REPLACED=new\n"));
    assert_null(strstr(out, "JTUNE_TEST_REPLACED=old"));
    assert_non_null(strstr(out, "PATH="));
    unsetenv("JTUNE_TEST_REPLACED");
    launch_cleanup(&l);

    /* an fd of ours without close-on-exec does not reach the workload */
    int leak = dup2(open("/dev/null", O_RDONLY), 47);
    assert_int_equal(leak, 47);
    const char *ls[] = {"ls", "/proc/self/fd", NULL};
    o = (LaunchOpts){0};
    run_capture(ls, &o, out, sizeof out);
    close(leak);
    assert_null(strstr(out, "47"));
    assert_non_null(strstr(out, "0\n1\n2\n"));
}

static void test_affinity_and_errors(void **state) {
    (void)state;
    char out[8192], err[256];
    const char *argv[] = {"cat", "/proc/self/status", NULL};
    LaunchOpts o = {.cpus = 1}; /* cpu 0 only */
    run_capture(argv, &o, out, sizeof out);
    assert_true(l.affinity);
    assert_string_equal(status_field(out, "Cpus_allowed_list:"), "0");
    launch_cleanup(&l);

    /* cpu 62 does not exist here: the error comes from launch_start, not an exit code */
    o = (LaunchOpts){.argv = argv, .out_fd = -1, .cpus = UINT64_C(1) << 62};
    assert_true(sysconf(_SC_NPROCESSORS_CONF) < 62);
    assert_int_equal(launch_start(&l, &o, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "cannot set the cpu affinity"));
    assert_int_equal(l.pid, 0);

    /* a quota without a cgroup is not enforced, and the note says so */
    o = (LaunchOpts){.cpu_quota_pct = 50};
    run_capture(argv, &o, out, sizeof out);
    assert_false(l.in_cgroup);
    launch_cleanup(&l);

    /* a directory is not executable */
    const char *dir[] = {"/tmp", NULL};
    o = (LaunchOpts){.argv = dir, .out_fd = -1};
    assert_true(launch_start(&l, &o, err, sizeof err) < 0);
}

static void test_mountinfo(void **state) {
    (void)state;
    const char *text =
        "22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
        "31 24 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
        "35 31 0:30 / /sys/fs/cgroup/my\\040groups rw,nosuid,nodev,noexec,relatime shared:10 - "
        "cgroup2 cgroup2 rw,nsdelegate\n";
    char out[256];
    assert_int_equal(cgroup_parse_mountinfo(text, out, sizeof out), 0);
    assert_string_equal(out, "/sys/fs/cgroup/my groups");
    assert_int_equal(
        cgroup_parse_mountinfo("22 28 0:21 / /proc rw - proc proc rw\n", out, sizeof out), -ENOENT);
    assert_int_equal(cgroup_parse_mountinfo("", out, sizeof out), -ENOENT);
    assert_int_equal(cgroup_parse_mountinfo(text, out, 8), -ENAMETOOLONG);
}

/* A writable cgroup2 tree, or NULL with the reason printed. */
static const char *writable_cgroup2(char *mount, size_t n) {
    int rc = cgroup_find_mount(mount, n);
    if (rc) {
        printf("SKIP cgroup placement: no cgroup2 mount (%s)\n", strerror(-rc));
        return NULL;
    }
    if (access(mount, W_OK) != 0) {
        printf("SKIP cgroup placement: %s is not writable (%s)\n", mount, strerror(errno));
        return NULL;
    }
    return mount;
}

static void test_cgroup_placement(void **state) {
    (void)state;
    char mount[CGROUP_PATH];
    if (!writable_cgroup2(mount, sizeof mount)) {
        skip();
    }
    const char *argv[] = {"sleep", "30", NULL};
    char err[256];
    LaunchOpts o = {.argv = argv, .out_fd = -1, .cgroup = true, .cpu_quota_pct = 50, .cpus = 1};
    assert_int_equal(launch_start(&l, &o, err, sizeof err), 0);
    assert_true(l.in_cgroup);
    struct stat st;
    assert_int_equal(stat(l.cg.dir, &st), 0);
    /* the kernel lists the workload in its group */
    pid_t pids[8];
    assert_int_equal(cgroup_pids(&l.cg, pids, 8), 1);
    assert_int_equal(pids[0], l.pid);
    char path[128], text[512];
    snprintf(path, sizeof path, "/proc/%d/cgroup", (int)l.pid);
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    text[n > 0 ? n : 0] = '\0';
    assert_non_null(strstr(text, "0::/" CGROUP_PARENT "/run-"));
    if (l.cg.quota_set) {
        snprintf(path, sizeof path, "%s/cpu.max", l.cg.dir);
        fd = open(path, O_RDONLY);
        n = read(fd, text, sizeof text - 1);
        close(fd);
        text[n > 0 ? n : 0] = '\0';
        assert_string_equal(text, "50000 100000\n");
    } else {
        printf("SKIP cpu.max check: %s\n", l.note);
        assert_non_null(strstr(l.note, "quota is not enforced"));
    }
    if (!l.cg.cpus_set) {
        printf("SKIP cpuset.cpus check: affinity used instead\n");
        assert_true(l.affinity);
    }
    char dir[CGROUP_PATH];
    snprintf(dir, sizeof dir, "%s", l.cg.dir);
    launch_cleanup(&l);
    assert_int_equal(stat(dir, &st), -1); /* the group is gone with the workload */
    assert_int_equal(errno, ENOENT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_resolve, teardown),
        cmocka_unit_test_teardown(test_no_capabilities_inside, teardown),
        cmocka_unit_test_teardown(test_no_capabilities_from_outside, teardown),
        cmocka_unit_test_teardown(test_stop_ignoring_sigterm, teardown),
        cmocka_unit_test_teardown(test_stdio_env_fds, teardown),
        cmocka_unit_test_teardown(test_affinity_and_errors, teardown),
        cmocka_unit_test(test_mountinfo),
        cmocka_unit_test_teardown(test_cgroup_placement, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
