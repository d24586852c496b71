/* SPDX-License-Identifier: MIT */
/* profgen: cruise, burst and stock derived from each simulated board's own nvpmodel table and
 * topology plan without an error or a skipped setting; cruise takes the most frugal mode's
 * limits, burst every core at the top, stock the default mode. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/profgen.h"
#include "jtune/platform/jetson/knobstate.h"
#include "jtune/platform/sampler.h"
#include "simtest.h"

typedef struct {
    char root[PATH_MAX];
    Sampler *s;
    Sample cur;
    ProfBoard b;
    ProfPlan plan;
} Ctx;

static Ctx *open_board(const char *name) {
    Ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(simtest_build(name, 1, 0, c->root, sizeof c->root), 0);
    assert_int_equal(sampler_open(&c->s, c->root, NULL), 0);
    assert_int_equal(sampler_take(c->s, &c->cur), 0);
    assert_int_equal(knobstate_read(sampler_sysfs(c->s), sampler_inventory(c->s), &c->cur, &c->b),
                     0);
    return c;
}

static void close_board(Ctx *c) {
    sampler_close(c->s);
    rm_rf(c->root);
    free(c);
}

/* Derive name and plan it: no error, nothing skipped. */
static const ProfPlan *plan(Ctx *c, const char *board, const char *name, Profile *p) {
    Diag d = {0};
    assert_int_equal(profgen_derive(&c->b, name, p), 0);
    assert_string_equal(p->name, name);
    assert_true(p->n >= 4);
    assert_int_equal(profplan_resolve(p, &c->b, &c->plan, &d), 0);
    if (d.n_errors || d.n_warnings || c->plan.n_skipped) {
        fail_msg("%s %s: %d errors, %d warnings, %d skipped: %s", board, name, d.n_errors,
                 d.n_warnings, c->plan.n_skipped, d.n ? d.msg[0] : "");
    }
    return &c->plan;
}

/* The value a step writes to node, or -1 when the plan has no such step. */
static int64_t step_to(const ProfPlan *pl, ProfOp op, int index) {
    for (int i = 0; i < pl->n; i++) {
        if (pl->steps[i].op == op && pl->steps[i].index == index) {
            return pl->steps[i].value;
        }
    }
    return -1;
}

static void test_every_simulated_board(void **state) {
    (void)state;
    char names[16][32];
    int n = simtest_boards(names, 16);
    assert_true(n >= 5);
    for (int i = 0; i < n; i++) {
        Ctx *c = open_board(names[i]);
        const Inventory *inv = sampler_inventory(c->s);
        Profile p;
        const ProfPlan *pl = plan(c, names[i], "burst", &p);
        const PolicyInfo *p0 = &inv->cpu.policies[0];
        assert_int_equal(step_to(pl, PO_CPU_MIN_KHZ, p0->first_cpu),
                         p0->freqs_khz[p0->n_freqs - 1]);
        plan(c, names[i], "stock", &p);
        assert_int_equal(p.intent, PROF_INTENT_STOCK);
        pl = plan(c, names[i], "cruise", &p);
        assert_int_equal(p.intent, PROF_INTENT_LOW_POWER);
        print_message("%s: cruise %d changes (%s)\n", names[i], pl->n_changes, p.description);
        assert_true(pl->n_changes > 0);
        assert_true(profgen_frugal_mode(&c->b) >= 0);
        close_board(c);
    }
}

/* The frugal mode per board: Nano 5W (cpu0-1 at 918000 -> 825600), AGX Orin MODE_15W
 * (cpu0-3), the Super Orin Nano 7W. */
static void test_frugal_modes(void **state) {
    (void)state;
    static const struct {
        const char *board, *mode;
        int last_online;
        int64_t max_khz;
    } want[] = {{"nano", "5W", 1, 825600},
                {"agx-orin", "MODE_15W", 3, 1113600},
                {"orin-nano-super", "7W", 3, 960000}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        Ctx *c = open_board(want[i].board);
        int m = profgen_frugal_mode(&c->b);
        assert_true(m >= 0);
        assert_string_equal(c->b.modes[m].name, want[i].mode);
        Profile p;
        const ProfPlan *pl = plan(c, want[i].board, "cruise", &p);
        const ProfSetting *on = profile_find(&p, PK_CPU_ONLINE);
        assert_non_null(on);
        assert_true(on->mask == (UINT64_C(1) << (want[i].last_online + 1)) - 1);
        assert_int_equal(step_to(pl, PO_CPU_MAX_KHZ, 0), want[i].max_khz);
        close_board(c);
    }
}

static void test_unknown_name(void **state) {
    (void)state;
    ProfBoard b;
    memset(&b, 0, sizeof b);
    Profile p;
    assert_int_equal(profgen_derive(&b, "turbo", &p), -ENOENT);
    assert_false(profgen_known("turbo"));
    assert_true(profgen_known("cruise"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_simulated_board),
        cmocka_unit_test(test_frugal_modes),
        cmocka_unit_test(test_unknown_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
