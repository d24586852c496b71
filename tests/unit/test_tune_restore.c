/* SPDX-License-Identifier: MIT */
/* tune_restore: a tuning session killed with SIGKILL (UI and helper alike) leaves its journal;
 * "jtune --restore --root DIR" brings every node back to its original value. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/core/emuexec.h"

#include "fixture.h"
#include "helperfx.h"
#include "jtune/buildinfo.h"
#include "jtune/ipc/tune.h"

#define THP  "sys/kernel/mm/transparent_hugepage/enabled"
#define CPU5 "sys/devices/system/cpu/cpu5/online"

/* The "UI": start the helper, change many nodes, report the helper's pid, wait to be killed. */
#define TJ_POLICY "sys/devices/virtual/thermal/thermal_zone8/policy"

static void ui_session(HelperFx *hx, int report_fd) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = hx->fx.root;
    o.state_dir = hx->state;
    TuneClient *t;
    if (tune_start(&t, &o) < 0) {
        _exit(10);
    }
    int rc[] = {
        tune_cpu_online(t, 5, false),
        tune_cpu_max_khz(t, 0, 960000),
        tune_cpu_governor(t, 4, TUNE_GOV_POWERSAVE),
        tune_gpu_max_hz(t, 612000000),
        tune_emc_cap_hz(t, 2133000000),
        tune_cpuidle_disable(t, -1, 1, true),
        tune_fan_pwm(t, 200),
        tune_radio_block(t, 1, true),
        tune_nvpmodel(t, 0),
        tune_usb_power(t, "1-2", TUNE_USB_ON),
        tune_thp(t, TUNE_THP_NEVER),
        tune_vm_swappiness(t, 10),
    };
    for (size_t i = 0; i < sizeof rc / sizeof rc[0]; i++) {
        if (rc[i] != 0) {
            _exit(20 + (int)i);
        }
    }
    pid_t helper = tune_helper_pid(t);
    if (write(report_fd, &helper, sizeof helper) != sizeof helper) {
        _exit(11);
    }
    for (;;) {
        pause(); /* until SIGKILL */
    }
}

#define NOBODY 65534

/* Run jtune with args as uid (0: as we are), stdout+stderr into out. Returns the exit status
 * (126: the child could not become uid, 127: jtune could not be run). */
static int run_jtune_as(unsigned uid, const char *const args[], char *out, size_t outsz) {
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        close(pfd[0]);
        if (uid && (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
                    setresuid(uid, uid, uid) < 0)) {
            _exit(126);
        }
        const char *argv[16] = {helperfx_program("jtune")};
        for (int i = 0; args[i] && i < 14; i++) {
            argv[i + 1] = args[i];
        }
        execv(argv[0], EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    close(pfd[1]);
    size_t used = 0;
    ssize_t n;
    while (used < outsz - 1 && (n = read(pfd[0], out + used, outsz - 1 - used)) > 0) {
        used += (size_t)n;
    }
    out[used] = '\0';
    close(pfd[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_jtune(const char *const args[], char *out, size_t outsz) {
    return run_jtune_as(0, args, out, outsz);
}

static void test_sigkill_then_restore(void **state) {
    (void)state;
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    assert_int_equal(helperfx_fake_nvpmodel(&hx), 0);
    /* nvfancontrol stopped (with it running a manual PWM is refused): the PWM is held with the
     * tj zone's policy at user_space, which --restore must put back to step_wise */
    assert_int_equal(fixture_put(&hx.fx, "proc/873/comm", ""), 0);
    assert_int_equal(fixture_remove(&hx.fx, "proc/873"), 0);
    char *before = helperfx_snapshot(&hx);
    /* orphans (the helper, once its UI is dead) come to us, so we can reap them */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
        /* qemu-user does not pass this prctl on: the orphaned helper could not be reaped */
        print_message("skipped: PR_SET_CHILD_SUBREAPER is not available here (%s)\n",
                      strerror(errno));
        helperfx_cleanup(&hx);
        free(before);
        skip();
    }
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t ui = fork();
    if (ui == 0) {
        close(pfd[0]);
        ui_session(&hx, pfd[1]);
    }
    close(pfd[1]);
    pid_t helper = 0;
    ssize_t got = read(pfd[0], &helper, sizeof helper);
    close(pfd[0]);
    int status = 0;
    if (got != sizeof helper) {
        waitpid(ui, &status, 0);
        fail_msg("the UI session failed (exit %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    /* the helper first: killed second, it could see its UI's socket close and exit by itself */
    assert_int_equal(kill(helper, SIGKILL), 0);
    assert_int_equal(kill(ui, SIGKILL), 0);
    assert_int_equal(waitpid(ui, &status, 0), ui);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(waitpid(helper, &status, 0), helper); /* reparented to us */
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    char *crashed = helperfx_snapshot(&hx);
    assert_non_null(helperfx_snapshot_diff(before, crashed));
    assert_string_equal(slurp_static(fixture_path(&hx.fx, TJ_POLICY)), "user_space\n");
    char journal[PATH_MAX + 16];
    snprintf(journal, sizeof journal, "%s", helperfx_journal_path(hx.state, hx.fx.root, "journal"));
    assert_non_null(strstr(slurp_static(journal), "\nnvpmodel 0 0 1\n"));

    char out[4096];
    const char *restore[] = {"--restore", "--root", hx.fx.root, "--state-dir", hx.state, NULL};
    int rc = run_jtune(restore, out, sizeof out);
    if (rc != 0) {
        fail_msg("jtune --restore exited %d: %s", rc, out);
    }
    /* 11 nodes + the tj zone's policy + state1 on 6 cores + 9 the mode switch may change
     * that nothing else did: cpu1-4 online, policy0 governor/min, policy4 min/max, GPU min */
    assert_string_equal(slurp_static(fixture_path(&hx.fx, TJ_POLICY)), "step_wise\n");
    if (!strstr(out, "restored 27 settings")) {
        fail_msg("jtune --restore said: %s", out);
    }
    /* the kernel renders THP's choice list; a plain fixture file holds the word written */
    assert_string_equal(slurp_static(fixture_path(&hx.fx, THP)), "madvise\n");
    assert_int_equal(fixture_put(&hx.fx, THP, "always [madvise] never\n"), 0);
    char *after = helperfx_snapshot(&hx);
    const char *diff = helperfx_snapshot_diff(before, after);
    if (diff) {
        fail_msg("not restored:\n%s", diff);
    }
    assert_int_equal(run_jtune(restore, out, sizeof out), 0);
    assert_non_null(strstr(out, "nothing to restore"));
    free(before);
    free(crashed);
    free(after);
    helperfx_cleanup(&hx);
}

static void test_restore_monitor_only(void **state) {
    (void)state;
    char out[4096];
    const char *args[] = {"--restore", "--monitor-only", "--root", "/tmp", NULL};
    assert_int_equal(run_jtune(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "monitor only: --monitor-only was given"));
}

/* An ordinary user on a simulated tree: jtune runs the helper next to itself, unprivileged. */
static void test_restore_as_user(void **state) {
    (void)state;
    if (!helperfx_is_root()) {
        print_message("skipped: needs root to prepare a tree owned by another user\n");
        skip();
    }
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    assert_int_equal(helperfx_chown(&hx, NOBODY, NOBODY), 0);
    /* a session as nobody changes a node and ends without restoring (journal kept) */
    pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
            setresuid(NOBODY, NOBODY, NOBODY) < 0) {
            _exit(126);
        }
        TuneStartOpts o;
        tune_opts_init(&o);
        o.helper_path = helperfx_program("jtune-helper");
        o.root = hx.fx.root;
        o.state_dir = hx.state;
        TuneClient *t;
        int rc = tune_start(&t, &o);
        if (rc == -ECHILD) {
            _exit(125); /* the build tree is not reachable for nobody */
        }
        _exit(rc < 0 || tune_privileged(t) || tune_cpu_online(t, 5, false) < 0 ? 1 : 0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 125) {
        print_message("skipped: the build tree is not reachable for an ordinary user\n");
        helperfx_cleanup(&hx);
        skip();
    }
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_equal(slurp_static(fixture_path(&hx.fx, CPU5)), "0\n");
    char out[4096];
    const char *restore[] = {"--restore", "--root", hx.fx.root, "--state-dir", hx.state, NULL};
    int rc = run_jtune_as(NOBODY, restore, out, sizeof out);
    if (rc != 0) {
        fail_msg("jtune --restore as nobody exited %d: %s", rc, out);
    }
    assert_non_null(strstr(out, "restored 1 setting to its original value"));
    assert_string_equal(slurp_static(fixture_path(&hx.fx, CPU5)), "1\n");
    /* the real board without root or a capable installed helper: monitor only, and how to
     * enable tuning */
    if (access(JTUNE_TEST_BUILD_DIR "/" JTUNE_REL_HELPER, F_OK) < 0) {
        const char *real[] = {"--restore", NULL};
        assert_int_equal(run_jtune_as(NOBODY, real, out, sizeof out), 1);
        assert_non_null(strstr(out, "monitor only: not running as root"));
        assert_non_null(strstr(out, "setcap"));
    }
    helperfx_cleanup(&hx);
}

/* sudo: the UI drops to SUDO_UID/SUDO_GID after starting the (privileged) helper. */
static void test_restore_under_sudo(void **state) {
    (void)state;
    if (!helperfx_is_root()) {
        print_message("skipped: needs root\n");
        skip();
    }
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    setenv("SUDO_UID", "65534", 1);
    setenv("SUDO_GID", "65534", 1);
    char out[4096];
    const char *restore[] = {"--restore", "--root", hx.fx.root, "--state-dir", hx.state, NULL};
    int rc = run_jtune(restore, out, sizeof out);
    unsetenv("SUDO_UID");
    unsetenv("SUDO_GID");
    if (rc != 0) {
        fail_msg("jtune --restore under sudo exited %d: %s", rc, out);
    }
    assert_non_null(strstr(out, "nothing to restore"));
    helperfx_cleanup(&hx);
}

/* A node that cannot be put back (here: replaced by a link out of the tree): the others are
 * restored, jtune --restore says which could not be and exits 1, and the entry stays in the
 * journal for a later try, which then succeeds. */
static void test_partial_restore(void **state) {
    (void)state;
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = hx.fx.root;
    o.state_dir = hx.state;
    TuneClient *t;
    assert_int_equal(tune_start(&t, &o), 0);
    assert_int_equal(tune_cpu_online(t, 5, false), 0);
    assert_int_equal(tune_radio_block(t, 1, true), 0);
    tune_stop(t); /* the session ends with both changes applied */
    char outside[] = "/tmp/jtune-outside-XXXXXX";
    int fd = mkstemp(outside);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(unlink(fixture_path(&hx.fx, CPU5)), 0);
    assert_int_equal(symlink(outside, fixture_path(&hx.fx, CPU5)), 0);
    char out[4096];
    const char *restore[] = {"--restore", "--root", hx.fx.root, "--state-dir", hx.state, NULL};
    assert_int_equal(run_jtune(restore, out, sizeof out), 1);
    if (!strstr(out, "restored 1, 1 could not be restored")) {
        fail_msg("jtune --restore said: %s", out);
    }
    assert_null(strstr(out, "restored 1 setting"));
    const char *journal = helperfx_journal_path(hx.state, hx.fx.root, "journal");
    assert_non_null(strstr(slurp_static(journal), "\ncpu_online 5 0 1\n"));
    assert_null(strstr(slurp_static(journal), "radio_block"));
    assert_string_equal(slurp_static(outside), ""); /* nothing written outside */
    /* repaired: the kept entry goes back on the next try */
    assert_int_equal(unlink(fixture_path(&hx.fx, CPU5)), 0);
    assert_int_equal(fixture_put(&hx.fx, CPU5, "0\n"), 0);
    assert_int_equal(run_jtune(restore, out, sizeof out), 0);
    assert_non_null(strstr(out, "restored 1 setting to its original value"));
    assert_string_equal(slurp_static(fixture_path(&hx.fx, CPU5)), "1\n");
    assert_int_equal(access(journal, F_OK), -1);
    unlink(outside);
    helperfx_cleanup(&hx);
}

/* A corrupt journal is set aside: --restore says so and fails, never "nothing to restore". */
static void test_restore_corrupt_journal(void **state) {
    (void)state;
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", helperfx_journal_path(hx.state, hx.fx.root, ""));
    mkdir(dir, 0700);
    FILE *f = fopen(helperfx_journal_path(hx.state, hx.fx.root, "journal"), "w");
    assert_non_null(f);
    fputs("jtune-journal 1\nroot /x\ncpu_online five 0 1\n", f);
    fclose(f);
    char out[4096];
    const char *restore[] = {"--restore", "--root", hx.fx.root, "--state-dir", hx.state, NULL};
    assert_int_equal(run_jtune(restore, out, sizeof out), 1);
    assert_non_null(strstr(out, "set aside as journal.bad"));
    assert_null(strstr(out, "nothing to restore"));
    assert_int_equal(access(helperfx_journal_path(hx.state, hx.fx.root, "journal.bad"), F_OK), 0);
    helperfx_cleanup(&hx);
}

/* An empty --root or --state-dir is an error, never the real board "/". */
static void test_empty_root_refused(void **state) {
    (void)state;
    char out[4096];
    const char *restore[] = {"--restore", "--root", "", NULL};
    assert_int_equal(run_jtune(restore, out, sizeof out), 2);
    assert_non_null(strstr(out, "--root: expected a directory"));
    const char *state_dir[] = {"--restore", "--root", "/", "--state-dir", "", NULL};
    assert_int_equal(run_jtune(state_dir, out, sizeof out), 2);
    assert_non_null(strstr(out, "--state-dir: expected a directory"));
    const char *helper[] = {helperfx_program("jtune-helper"), "--self-test", "--root", "", NULL};
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(helper[0], EMUEXEC_UNCONST(helper));
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigkill_then_restore),    cmocka_unit_test(test_restore_monitor_only),
        cmocka_unit_test(test_partial_restore),         cmocka_unit_test(test_empty_root_refused),
        cmocka_unit_test(test_restore_corrupt_journal), cmocka_unit_test(test_restore_as_user),
        cmocka_unit_test(test_restore_under_sudo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
