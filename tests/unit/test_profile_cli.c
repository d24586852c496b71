/* SPDX-License-Identifier: MIT */
/* profile_cli: jtune --apply-profile on a running simulator, as a user (or a boot-time unit)
 * runs it: the preview, --dry-run changing nothing, applying without a terminal, warnings and
 * errors with file:line, inline settings, --restore, and the option errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/platform/fileio.h"
#include "jtune/sim/simproc.h"
#include "simtest.h"

#define POL0 "sys/devices/system/cpu/cpufreq/policy0"

typedef struct {
    SimProc sp;
    char state[PATH_MAX]; /* the helper's journal directory */
    char files[PATH_MAX]; /* profile files and XDG_CONFIG_HOME */
    char out[16384];
} Fx;

static int setup(void **state) {
    Fx *f = calloc(1, sizeof *f);
    Fixture a, b;
    if (!f || fixture_mkroot(&a) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->state, sizeof f->state, "%s", a.root);
    if (fixture_mkroot(&b) < 0) {
        rm_rf(f->state);
        free(f);
        return -1;
    }
    snprintf(f->files, sizeof f->files, "%s", b.root);
    setenv("XDG_CONFIG_HOME", f->files, 1);
    SimProcOptions o = {.board = "orin-nano-super", .seed = 2, .quiet = true};
    if (simproc_start(&f->sp, &o) < 0) {
        rm_rf(f->state);
        rm_rf(f->files);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fx *f = *state;
    simproc_stop(&f->sp);
    rm_rf(f->state);
    rm_rf(f->files);
    free(f);
    return 0;
}

/* Run jtune with args (NULL-terminated) plus --root and --state-dir; output in f->out. */
static int jtune(Fx *f, const char *const args[]) {
    const char *argv[24] = {helperfx_program("jtune")};
    int n = 1;
    for (int i = 0; args[i] && n < 19; i++) {
        argv[n++] = args[i];
    }
    argv[n++] = "--root";
    argv[n++] = f->sp.root;
    argv[n++] = "--state-dir";
    argv[n++] = f->state;
    argv[n] = NULL;
    return simtest_run(argv, NULL, f->out, sizeof f->out);
}

static void expect_out(Fx *f, const char *text) {
    if (!strstr(f->out, text)) {
        fail_msg("output lacks '%s':\n%s", text, f->out);
    }
}

static const char *rd(Fx *f, const char *rel) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", simtest_read(f->sp.root, rel, NULL));
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static const char *profile_file(Fx *f, const char *text) {
    static char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/mine.ini", f->files);
    assert_int_equal(fileio_write_atomic(path, text, strlen(text), 0644), 0);
    return path;
}

static bool journal_exists(Fx *f) {
    return access(helperfx_journal_path(f->state, f->sp.root, "journal"), F_OK) == 0;
}

static void test_dry_run_changes_nothing(void **state) {
    Fx *f = *state;
    const char *args[] = {"--apply-profile", "cruise", "--dry-run", NULL};
    assert_int_equal(jtune(f, args), 0);
    expect_out(f, "cruise: 12 changes - Low power");
    expect_out(f, "nvpmodel mode                1 25W -> 0 15W");
    expect_out(f, "policy0 max                  1344 MHz -> 1190.4 MHz");
    expect_out(f, "cpu4                         online -> parked");
    expect_out(f, "usb 1-3 power/control        on -> auto");
    expect_out(f, "dry run: nothing was changed");
    assert_string_equal(rd(f, "var/lib/nvpmodel/status"), "pmode:0001");
    assert_string_equal(rd(f, POL0 "/scaling_max_freq"), "1344000");
    assert_false(journal_exists(f));
}

static void test_warnings_apply_and_restore(void **state) {
    Fx *f = *state;
    const char *path = profile_file(f, "[settings]\n"
                                       "cpu.turbo = on\n"
                                       "cpu.governor = ondemand2\n"
                                       "vm.swappiness = 30\n");
    /* no terminal: applied without a question, as a boot-time unit runs it */
    const char *args[] = {"--apply-profile", path, NULL};
    assert_int_equal(jtune(f, args), 0);
    char want[PATH_MAX + 96];
    snprintf(want, sizeof want, "%s:2: warning: unknown setting 'cpu.turbo'", path);
    expect_out(f, want);
    snprintf(want, sizeof want,
             "%s:3: warning: cpu.governor: governor ondemand2 is not offered by cluster 0: "
             "skipped",
             path);
    expect_out(f, want);
    expect_out(f, "vm.swappiness                60 -> 30");
    expect_out(f, "applied 'mine': 1 change (undo with: jtune --restore)");
    assert_string_equal(rd(f, "proc/sys/vm/swappiness"), "30");
    assert_true(journal_exists(f));

    const char *restore[] = {"--restore", NULL};
    assert_int_equal(jtune(f, restore), 0);
    expect_out(f, "restored 1 setting");
    assert_string_equal(rd(f, "proc/sys/vm/swappiness"), "60");
}

static void test_errors_change_nothing(void **state) {
    Fx *f = *state;
    const char *path = profile_file(f, "[settings]\nvm.swappiness = 30\ncpu.max_khz = fast\n");
    const char *bad[] = {"--apply-profile", path, NULL};
    assert_int_equal(jtune(f, bad), 1);
    char want[PATH_MAX + 96];
    snprintf(want, sizeof want, "%s:3: cpu.max_khz: expected kHz, min or max, got 'fast'", path);
    expect_out(f, want);
    assert_string_equal(rd(f, "proc/sys/vm/swappiness"), "60");

    const char *missing[] = {"--apply-profile", "turbo", NULL};
    assert_int_equal(jtune(f, missing), 1);
    expect_out(f, "no such profile for this board (orin-nano-super)");

    const char *monitor[] = {"--apply-profile", "cruise", "--monitor-only", NULL};
    assert_int_equal(jtune(f, monitor), 1);
    expect_out(f, "cannot apply: monitor only: --monitor-only was given");
    assert_string_equal(rd(f, "var/lib/nvpmodel/status"), "pmode:0001");
    assert_false(journal_exists(f));

    const char *yes[] = {"--yes", NULL};
    assert_int_equal(jtune(f, yes), 2);
    expect_out(f, "--yes only applies to --apply-profile");
}

static void test_inline_settings(void **state) {
    Fx *f = *state;
    const char *args[] = {"--apply-profile", "cpu.max_khz=1200000,thp=never", "--yes", NULL};
    assert_int_equal(jtune(f, args), 0);
    expect_out(f, "<settings>: 3 changes");
    assert_string_equal(rd(f, POL0 "/scaling_max_freq"), "1190400");
    assert_string_equal(rd(f, "sys/devices/system/cpu/cpufreq/policy4/scaling_max_freq"),
                        "1190400");
    /* a second time: nothing left to change */
    assert_int_equal(jtune(f, args), 0);
    expect_out(f, "nothing to change");
    const char *restore[] = {"--restore", NULL};
    assert_int_equal(jtune(f, restore), 0);
    expect_out(f, "restored 3 settings");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warnings_apply_and_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_settings, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
