/* SPDX-License-Identifier: MIT */
/* headless_errors: the real `jtune` program where it cannot do what was asked - a demo board
 * that does not exist, tegrastats lines that cannot be formatted, an empty or unreadable
 * --root - each a clear message on stderr and a non-zero exit, never an endless run or a log
 * of empty columns; and `--format tegrastats --count N` printing exactly N lines. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "spawn.h"
#include "jtune/core/emuexec.h"
#include "jtune/sim/simproc.h"

static Fixture fx; /* scratch: captured output, logs, the empty and static roots */
static char path_out[PATH_MAX], path_err[PATH_MAX];

static int setup(void **state) {
    (void)state;
    if (fixture_mkroot(&fx)) {
        return -1;
    }
    chmod(fx.root, 0755);
    snprintf(path_out, sizeof path_out, "%s/stdout", fx.root);
    snprintf(path_err, sizeof path_err, "%s/stderr", fx.root);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fixture_cleanup(&fx);
    return 0;
}

static int run_jtune(const char *const *args) {
    return spawn_wait(spawn_program("jtune", args, path_out, path_err));
}

static int count_lines(const char *text) {
    int n = 0;
    for (const char *p = text; *p; p++) {
        n += *p == '\n';
    }
    return n;
}

static void test_demo_unknown_board(void **state) {
    (void)state;
    const char *args[] = {"--demo", "--board", "nonesuch", "--headless", "--count", "1", NULL};
    assert_int_equal(run_jtune(args), 2);
    const char *e = slurp_static(path_err);
    assert_non_null(strstr(e, "no simulated board 'nonesuch'"));
    assert_non_null(strstr(e, "orin-nano-super")); /* says which boards exist */
    assert_null(strstr(e, "No child processes"));
    assert_int_equal(count_lines(e), 1);
}

static void test_empty_root(void **state) {
    (void)state;
    assert_int_equal(fixture_put(&fx, "empty/.keep", ""), 0);
    char root[PATH_MAX], log[PATH_MAX];
    snprintf(root, sizeof root, "%s/empty", fx.root);
    snprintf(log, sizeof log, "%s/empty.csv", fx.root);
    const char *args[] = {"--headless", "--root", root, "--count", "2", "--log", log, NULL};
    assert_int_equal(run_jtune(args), 1);
    const char *e = slurp_static(path_err);
    char want[PATH_MAX + 32];
    snprintf(want, sizeof want, "no board under '%s'", root);
    assert_non_null(strstr(e, want));
    assert_non_null(strstr(e, "no CPUs"));
    assert_null(strstr(slurp_static(log), "\n0,")); /* no sample rows */
    const char *teg[] = {"--headless", "--root",  root, "--format",
                         "tegrastats", "--count", "2",  NULL};
    assert_int_equal(run_jtune(teg), 1);
    assert_string_equal(slurp_static(path_out), ""); /* no "CPU []" lines */
    assert_non_null(strstr(slurp_static(path_err), want));
}

/* Run jtune as an unprivileged user when we are root, so a 0700 directory is unreadable. */
static int run_unprivileged(const char *const *args) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int out = open(path_out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(path_err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
            _exit(126);
        }
        if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
                               setresuid(65534, 65534, 65534) < 0)) {
            _exit(126);
        }
        char prog[PATH_MAX];
        snprintf(prog, sizeof prog, "%s/jtune", test_build_dir());
        const char *argv[16] = {"jtune"};
        for (int i = 0; args[i] && i < 14; i++) {
            argv[i + 1] = args[i];
        }
        execv(prog, EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    return spawn_wait(pid);
}

static void test_unreadable_root(void **state) {
    (void)state;
    assert_int_equal(fixture_put(&fx, "locked/sys/devices/system/cpu/possible", "0-3"), 0);
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s/locked", fx.root);
    assert_int_equal(chmod(root, 0700), 0);
    if (geteuid() != 0) {
        assert_int_equal(chmod(root, 0), 0);
    }
    const char *args[] = {"--headless", "--root", root, "--count", "1", NULL};
    int rc = run_unprivileged(args);
    chmod(root, 0700);
    assert_int_equal(rc, 1);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "'%s': Permission denied", root);
    assert_non_null(strstr(slurp_static(path_err), want));
    assert_string_equal(slurp_static(path_out), "");
}

static void test_tegrastats_count(void **state) {
    (void)state;
    SimProc sim;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 3, .hz = 50, .quiet = true};
    assert_int_equal(simproc_start(&sim, &o), 0);
    const char *args[] = {"--headless", "--root", sim.root,     "--format", "tegrastats",
                          "--count",    "3",      "--interval", "100",      NULL};
    int rc = run_jtune(args);
    simproc_stop(&sim);
    assert_int_equal(rc, 0);
    const char *out = slurp_static(path_out);
    assert_int_equal(count_lines(out), 3);
    assert_non_null(strstr(out, "CPU ["));
}

static void test_tegrastats_unformattable(void **state) {
    (void)state;
    /* a tree written once and never animated: /proc/stat never moves, so no CPU load */
    char root[PATH_MAX], sim[PATH_MAX];
    snprintf(root, sizeof root, "%s/static", fx.root);
    snprintf(sim, sizeof sim, "%s/jtune-sim", test_build_dir());
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execl(sim, "jtune-sim", "--root", root, "--once", (char *)NULL);
        _exit(127);
    }
    assert_int_equal(spawn_wait(pid), 0);
    const char *args[] = {"--headless", "--root", root,         "--format", "tegrastats",
                          "--count",    "2",      "--interval", "50",       NULL};
    assert_int_equal(run_jtune(args), 1);
    assert_string_equal(slurp_static(path_out), "");
    const char *e = slurp_static(path_err);
    assert_non_null(strstr(e, "no line could be formatted"));
    assert_non_null(strstr(e, "the load of cpu0 is unknown"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_unknown_board),       cmocka_unit_test(test_empty_root),
        cmocka_unit_test(test_unreadable_root),          cmocka_unit_test(test_tegrastats_count),
        cmocka_unit_test(test_tegrastats_unformattable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
