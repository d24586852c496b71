/* SPDX-License-Identifier: MIT */
/* privsep_board: "sudo jtune" reads root-only nodes after the UI drops root. As root, with
 * SUDO_UID/SUDO_GID naming an ordinary user, on a simulated tree whose debugfs is root-only
 * (0700, as L4T mounts it): the board opened by privsep_start_board before the drop still
 * gives the EMC rate after it (and after a re-probe), while a board opened after the drop
 * cannot (which shows the tree really is root-only). Skipped without root. */
#include <errno.h>
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
#include "helperfx.h"
#include "jtune/app/privsep.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/board.h"
#include "jtune/sim/sim.h"

#define NOBODY 65534

#define CHECK(cond, code)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            _exit(code);                                                                           \
        }                                                                                          \
    } while (0)

static bool emc_rate(Sampler *s, Sample *out) {
    CHECK(sampler_take(s, out) == 0, 30);
    return out->emc.freq_hz.ok && out->emc.freq_hz.v > 0;
}

/* In a child: the UI's start-up under sudo, then the checks. Exit status 0 or the check. */
static int sudo_ui(const char *root) {
    setenv("SUDO_UID", "65534", 1);
    setenv("SUDO_GID", "65534", 1);
    Options o;
    memset(&o, 0, sizeof o);
    o.root = root;
    o.monitor_only = true; /* the board is what is tested here, not the helper */
    TuneClient *t = NULL;
    Sampler *board = NULL;
    char err[256] = "";
    CHECK(privsep_start_board(&o, NULL, &t, &board, err, sizeof err) == 0, 10);
    CHECK(getuid() == NOBODY && geteuid() == NOBODY, 11);
    CHECK(board != NULL, 12);
    Sample *s = malloc(sizeof *s);
    CHECK(s != NULL, 13);
    CHECK(emc_rate(board, s), 14);
    sampler_request_rescan(board); /* a re-probe (a core parked, a device appeared) */
    CHECK(emc_rate(board, s), 15);
    CHECK(emc_rate(board, s), 16);
    Sampler *late = NULL;
    CHECK(sampler_open(&late, root, NULL) == 0, 17);
    CHECK(!emc_rate(late, s), 18); /* opened after the drop: debugfs is out of reach */
    sampler_close(late);
    sampler_close(board);
    tune_stop(t);
    free(s);
    return 0;
}

static void test_sudo_ui_reads_root_only_emc(void **state) {
    (void)state;
    if (!helperfx_is_root()) {
        print_message("skipped: the sudo start-up can only be tested as root\n");
        skip();
    }
    char root[] = "/tmp/jtune-sudoemc-XXXXXX";
    assert_non_null(mkdtemp(root));
    char path[PATH_MAX];
    assert_int_equal(simboard_locate("orin-nano-super", path, sizeof path), 0);
    SimBoard *b = calloc(1, sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_load(path, b, &d), 0);
    SimConfig cfg = {.root = root, .seed = 5, .hz = 10};
    Sim *sim = NULL;
    const char *why = NULL;
    int rc = sim_open(&sim, b, &cfg, &why);
    free(b);
    if (rc < 0) {
        fail_msg("sim_open: %s", why ? why : strerror(-rc));
    }
    assert_int_equal(sim_tick(sim), 0);
    /* as on L4T: the tree readable by all, debugfs by root only */
    assert_int_equal(chmod(root, 0755), 0);
    char debug[PATH_MAX + 32];
    snprintf(debug, sizeof debug, "%s/sys/kernel/debug", root);
    assert_int_equal(chmod(debug, 0700), 0);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(sudo_ui(root));
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    sim_close(sim);
    rm_rf(root);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sudo_ui_reads_root_only_emc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
