/* SPDX-License-Identifier: MIT */
/* max-clocks (the M key, jtune --apply-profile max-clocks): on a simulated Orin Nano Super,
 * through the real helper - every CPU cluster's and the GPU's minimum rise to the maximum in
 * effect (nvpmodel's caps kept), the EMC cap to the top rate; a restore from the helper's
 * journal puts every node back exactly. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/app/profiles.h"
#include "jtune/ipc/tune.h"
#include "simtest.h"

#define POL "sys/devices/system/cpu/cpufreq/policy"
#define GPU "sys/class/devfreq/17000000.gpu"
#define EMC "sys/kernel/nvpmodel_clk_cap/emc"

static const char *const nodes[] = {
    POL "0/scaling_min_freq",
    POL "0/scaling_max_freq",
    POL "4/scaling_min_freq",
    POL "4/scaling_max_freq",
    GPU "/min_freq",
    GPU "/max_freq",
    EMC,
};
#define N_NODES (sizeof nodes / sizeof nodes[0])

static const char *rd(const char *root, const char *rel) {
    static char buf[8][64];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s", simtest_read(root, rel, NULL));
    buf[k][strcspn(buf[k], "\n")] = '\0';
    return buf[k];
}

static void test_max_clocks_and_undo(void **state) {
    (void)state;
    char root[PATH_MAX];
    assert_int_equal(simtest_build("orin-nano-super", 5, 0, root, sizeof root), 0);
    /* a capped EMC (as a low nvpmodel mode leaves it) so that every part has work to do */
    assert_int_equal(simtest_write(root, EMC, "2133000000\n"), 0);
    char before[N_NODES][64];
    for (size_t i = 0; i < N_NODES; i++) {
        snprintf(before[i], sizeof before[i], "%s", rd(root, nodes[i]));
    }

    HelperFx hx;
    assert_int_equal(fixture_mkroot(&hx.fx), 0);
    snprintf(hx.state, sizeof hx.state, "%s", hx.fx.root);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = root;
    o.state_dir = hx.state;
    TuneClient *tune = NULL;
    assert_int_equal(tune_start(&tune, &o), 0);
    assert_true(tune_connected(tune));

    ProfSession *ps = NULL;
    assert_int_equal(profiles_open(&ps, root, tune), 0);
    static Profile prof;
    static ProfPlan plan;
    Diag d = {0};
    assert_int_equal(profiles_load(ps, PROFILES_MAX_CLOCKS, &prof, &d), 0);
    assert_int_equal(profiles_plan(ps, &prof, &plan, &d), 0);
    ProfResult res;
    assert_int_equal(profiles_apply(ps, &plan, &res), 0);
    print_message("applied %d: %s\n", res.applied, res.msg);
    assert_int_equal(res.applied, 4); /* two clusters, the GPU, the EMC cap */

    /* pinned: min = max in effect, the caps themselves unchanged; EMC at its top rate */
    assert_string_equal(rd(root, POL "0/scaling_min_freq"), before[1]);
    assert_string_equal(rd(root, POL "0/scaling_max_freq"), before[1]);
    assert_string_equal(rd(root, POL "4/scaling_min_freq"), before[3]);
    assert_string_equal(rd(root, GPU "/min_freq"), before[5]);
    assert_string_equal(rd(root, GPU "/max_freq"), before[5]);
    assert_string_equal(rd(root, EMC), rd(root, "sys/kernel/debug/bpmp/debug/clk/emc/max_rate"));
    assert_string_not_equal(before[0], before[1]); /* it did pin something */

    /* undo through the journal: every node exactly as before */
    int restored = 0, failed = 0;
    assert_int_equal(tune_restore(tune, &restored, &failed), 0);
    assert_int_equal(restored, 4);
    assert_int_equal(failed, 0);
    for (size_t i = 0; i < N_NODES; i++) {
        assert_string_equal(rd(root, nodes[i]), before[i]);
    }
    profiles_close(ps);
    tune_stop(tune);
    rm_rf(hx.state);
    rm_rf(root);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_max_clocks_and_undo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
