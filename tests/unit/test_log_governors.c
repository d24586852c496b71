/* SPDX-License-Identifier: MIT */
/* Recordings keep what is text or static on a live board: CPU and GPU governors (logged as
 * an index into the metadata's governor lists) and every zone's trip points (metadata); a
 * replayed row names the governors again, and a governor the list lacks stays n/a. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/logmeta.h"
#include "jtune/core/sample.h"
#include "recsynth.h"

#define NROWS 4

static Inventory inv;

static void gov_list(char *list, size_t stride, int *n, const char *const *names, int k) {
    for (int i = 0; i < k; i++) {
        snprintf(list + (size_t)i * stride, stride, "%s", names[i]);
    }
    *n = k;
}

static void trip(ZoneInfo *z, const char *type, int64_t temp, Val hyst, bool alert_only) {
    TripInfo *t = &z->trips[z->n_trips++];
    snprintf(t->type, sizeof t->type, "%s", type);
    t->temp_mc = val_of(temp);
    t->hyst_mc = hyst;
    t->alert_only = alert_only;
}

static int setup(void **state) {
    (void)state;
    memset(&inv, 0, sizeof inv);
    static const char *const cpu_govs[] = {"interactive", "conservative", "ondemand", "userspace",
                                           "powersave",   "performance",  "schedutil"};
    static const char *const gpu_govs[] = {"nvhost_podgov", "userspace", "performance",
                                           "simple_ondemand"};
    inv.cpu.n_cpus = 6;
    inv.cpu.n_policies = 2;
    for (int p = 0; p < 2; p++) {
        PolicyInfo *pi = &inv.cpu.policies[p];
        pi->first_cpu = p * 4;
        pi->cpus = p == 0 ? 0xfu : 0x30u;
        gov_list(pi->govs[0], sizeof pi->govs[0], &pi->n_govs, cpu_govs, 7);
    }
    for (int c = 0; c < 6; c++) {
        inv.cpu.policy_of[c] = c < 4 ? 0 : 1;
        inv.cpu.has_online[c] = c > 0;
    }
    inv.gpu.present = true;
    snprintf(inv.gpu.name, sizeof inv.gpu.name, "17000000.gpu");
    gov_list(inv.gpu.govs[0], sizeof inv.gpu.govs[0], &inv.gpu.n_govs, gpu_govs, 4);
    inv.n_rails = 1;
    inv.input_rail = 0;
    snprintf(inv.rails[0].label, sizeof inv.rails[0].label, "VDD_IN");
    inv.n_zones = 2;
    snprintf(inv.zones[0].name, sizeof inv.zones[0].name, "cpu");
    snprintf(inv.zones[0].type, sizeof inv.zones[0].type, "cpu-thermal");
    trip(&inv.zones[0], "passive", 99000, val_of(0), false);
    trip(&inv.zones[0], "hot", 70000, val_na(), true);
    trip(&inv.zones[0], "critical", 104500, val_of(2000), false);
    snprintf(inv.zones[1].name, sizeof inv.zones[1].name, "tj");
    snprintf(inv.zones[1].type, sizeof inv.zones[1].type, "tj-thermal");
    return 0;
}

/* Row k: policy0 walks the governor list, policy4 names one the list lacks, the GPU
 * switches to performance half way. */
static void fill(int k, Sample *s, void *ctx) {
    (void)ctx;
    s->mono_ns = (int64_t)k * 1000000000;
    s->wall_ms = 1700000000000LL + 1000 * k;
    s->rail[0].mw = val_of(4000 + k);
    s->input_mw = s->rail[0].mw;
    static const char *const walk[NROWS] = {"schedutil", "powersave", "performance", "userspace"};
    snprintf(s->policy[0].governor, sizeof s->policy[0].governor, "%s", walk[k]);
    s->policy[0].governor_ok = true;
    snprintf(s->policy[1].governor, sizeof s->policy[1].governor, "nonesuch");
    s->policy[1].governor_ok = true;
    snprintf(s->gpu.governor, sizeof s->gpu.governor, "%s",
             k < NROWS / 2 ? "nvhost_podgov" : "performance");
    s->gpu.governor_ok = true;
    sample_index_governors(&inv, s);
}

static void test_governors_replayed(void **state) {
    (void)state;
    Recording *r = recsynth_csv(&inv, NROWS, fill, NULL, "gov.csv");
    static const char *const walk[NROWS] = {"schedutil", "powersave", "performance", "userspace"};
    for (int k = 0; k < NROWS; k++) {
        Sample s;
        assert_int_equal(recording_sample(r, (size_t)k, &s), 0);
        assert_true(s.policy[0].governor_ok);
        assert_string_equal(s.policy[0].governor, walk[k]);
        assert_false(s.policy[1].governor_ok); /* not in the list: n/a, never a wrong name */
        assert_true(s.gpu.governor_ok);
        assert_string_equal(s.gpu.governor, k < NROWS / 2 ? "nvhost_podgov" : "performance");
    }
    assert_int_equal(r->meta.inv.cpu.policies[1].n_govs, 7);
    assert_string_equal(r->meta.inv.cpu.policies[1].govs[6], "schedutil");
    assert_int_equal(r->meta.inv.gpu.n_govs, 4);
    assert_string_equal(r->meta.inv.gpu.govs[3], "simple_ondemand");
    recording_free(r);
}

static void test_trips_replayed(void **state) {
    (void)state;
    Recording *r = recsynth_csv(&inv, NROWS, fill, NULL, "trips.csv");
    const ZoneInfo *z = &r->meta.inv.zones[0];
    assert_int_equal(z->n_trips, 3);
    assert_string_equal(z->trips[0].type, "passive");
    assert_true(z->trips[0].temp_mc.ok);
    assert_int_equal(z->trips[0].temp_mc.v, 99000);
    assert_int_equal(z->trips[0].hyst_mc.v, 0);
    assert_false(z->trips[0].alert_only);
    assert_string_equal(z->trips[1].type, "hot");
    assert_false(z->trips[1].hyst_mc.ok); /* unknown stays unknown */
    assert_true(z->trips[1].alert_only);
    assert_string_equal(z->trips[2].type, "critical");
    assert_int_equal(z->trips[2].temp_mc.v, 104500);
    assert_int_equal(z->trips[2].hyst_mc.v, 2000);
    assert_int_equal(r->meta.inv.zones[1].n_trips, 0);
    recording_free(r);
}

/* Metadata text that is not a trip list is refused, not half read. */
static void test_bad_trips(void **state) {
    (void)state;
    LogMeta m;
    logmeta_reset(&m);
    static const char *const bad[] = {"passive:99000:0",     "passive:99000:0:2",
                                      ":99000:0:0",          "passive:9x:0:0",
                                      "passive:99000:0:0:0", "passive:99000:0:0 a b c d e f"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(logmeta_parse(&m, "trips", bad[i], strlen(bad[i])), -EINVAL);
    }
    const char *good = "passive:99000::0 critical:105000:0:0,";
    assert_int_equal(logmeta_parse(&m, "trips", good, strlen(good)), 0);
    assert_int_equal(m.inv.zones[0].n_trips, 2);
    assert_false(m.inv.zones[0].trips[0].hyst_mc.ok);
    assert_int_equal(m.inv.zones[1].n_trips, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_governors_replayed),
        cmocka_unit_test(test_trips_replayed),
        cmocka_unit_test(test_bad_trips),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
