/* SPDX-License-Identifier: MIT */
/* helper_confine: write confinement on kernels without openat2. A seccomp filter makes openat2
 * fail with ENOSYS (as on Linux < 5.6), so sysfs_open_beneath takes its fallback path, which
 * must still refuse every planted link out of the base - without truncating the target - and
 * still write legal nodes correctly. Links resolve as the kernel's RESOLVE_IN_ROOT and
 * RESOLVE_BENEATH would (platform/resolve.c). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "noopenat2.h"
#include "jtune/helper/helper.h"
#include "jtune/platform/sysfs.h"

#define MAXF_IN_SYS "devices/system/cpu/cpufreq/policy0/scaling_max_freq"
#define MAXF        "sys/" MAXF_IN_SYS

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The checks, run in the child; returns 0 or the number of the failed check. */
static int confined_checks(HelperFx *hx, const char *outside) {
    char victim[PATH_MAX + 16];
    snprintf(victim, sizeof victim, "%s/victim", outside);
    Sysfs *fs;
    if (sysfs_open(&fs, hx->fx.root) < 0) {
        return 1;
    }
    /* a legal node: a longer value, then a shorter one, leaves no old tail */
    if (sysfs_write_beneath(fs, "sys", MAXF_IN_SYS, "1497600\n") != 0 ||
        sysfs_write_beneath(fs, "sys", MAXF_IN_SYS, "96\n") != 0 ||
        strcmp(slurp_static(fixture_path(&hx->fx, MAXF)), "96\n") != 0) {
        return 2;
    }
    /* an absolute link out of the root: refused before anything is truncated */
    if (sysfs_write_beneath(fs, "sys", "devices/system/cpu/cpu5/online", "0\n") != -EXDEV ||
        strcmp(slurp_static(victim), "untouched\n") != 0) {
        return 3;
    }
    /* a relative link climbing out of the base (to a file inside the root) */
    if (sysfs_write_beneath(fs, "sys", "class/rfkill/rfkill1/soft", "1\n") != -EXDEV ||
        strcmp(slurp_static(fixture_path(&hx->fx, "etc/soft")), "0\n") != 0) {
        return 4;
    }
    /* the base itself an absolute link: it resolves inside the root, where there is no such
     * directory, and nothing outside is touched */
    if (sysfs_write_beneath(fs, "proc/sys", "vm/swappiness", "1\n") != -ENOENT ||
        strcmp(slurp_static(victim), "untouched\n") != 0) {
        return 5;
    }
    sysfs_close(fs);
    /* the helper on top: legal writes work, the planted link is refused, nothing journaled */
    HelperConfig cfg;
    helper_config_init(&cfg);
    cfg.root = hx->fx.root;
    cfg.state_dir = hx->state;
    Helper *h;
    char err[256];
    if (helper_open(&h, &cfg, err, sizeof err) < 0) {
        return 6;
    }
    TuneRequest r;
    TuneReply rep;
    proto_request_init(&r, TUNE_OP_SET, 1, TUNE_T_CPU_ONLINE, 4, 0, 0);
    helper_handle(h, &r, &rep);
    if (rep.err != 0 ||
        strcmp(slurp_static(fixture_path(&hx->fx, "sys/devices/system/cpu/cpu4/online")), "0\n") !=
            0) {
        return 7;
    }
    proto_request_init(&r, TUNE_OP_SET, 2, TUNE_T_CPU_ONLINE, 5, 0, 0);
    helper_handle(h, &r, &rep);
    if (rep.err != EXDEV || helper_journal_count(h) != 1) {
        return 8;
    }
    helper_close(h);
    return 0;
}

static void test_fallback_confinement(void **state) {
    (void)state;
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    char outside[PATH_MAX];
    snprintf(outside, sizeof outside, "%s/outside", hx.state);
    assert_int_equal(mkdir(outside, 0755), 0);
    char victim[PATH_MAX + 16], p[PATH_MAX + 16];
    snprintf(victim, sizeof victim, "%s/victim", outside);
    write_file(victim, "untouched\n");
    snprintf(p, sizeof p, "%s/vm", outside);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/vm/swappiness", outside);
    write_file(p, "untouched\n");
    /* the planted links */
    assert_int_equal(fixture_remove(&hx.fx, "sys/devices/system/cpu/cpu5/online"), 0);
    assert_int_equal(symlink(victim, fixture_path(&hx.fx, "sys/devices/system/cpu/cpu5/online")),
                     0);
    assert_int_equal(fixture_remove(&hx.fx, "sys/class/rfkill/rfkill1"), 0);
    assert_int_equal(symlink("../../../etc", fixture_path(&hx.fx, "sys/class/rfkill/rfkill1")), 0);
    assert_int_equal(fixture_put(&hx.fx, "etc/soft", "0\n"), 0);
    assert_int_equal(fixture_remove(&hx.fx, "proc/sys"), 0);
    assert_int_equal(symlink(outside, fixture_path(&hx.fx, "proc/sys")), 0);

    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = noopenat2_install();
        if (rc < 0) {
            _exit(100); /* the filter could not be installed */
        }
        _exit(confined_checks(&hx, outside));
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 100) {
        print_message("skipped: cannot install a seccomp filter here\n");
        helperfx_cleanup(&hx);
        skip();
    }
    if (WEXITSTATUS(status) != 0) {
        fail_msg("confinement check %d failed without openat2", WEXITSTATUS(status));
    }
    assert_string_equal(slurp_static(victim), "untouched\n");
    assert_string_equal(slurp_static(p), "untouched\n");
    helperfx_cleanup(&hx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_confinement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
