/* SPDX-License-Identifier: MIT */
/* schema: column names for a synthetic inventory, sanitizing and de-duplication,
 * get/set on every column, rails-only subset, number formatting. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/schema.h"
#include "synth.h"

static Inventory inv;
static Schema sc;

static int setup(void **state) {
    (void)state;
    synth_inventory(&inv);
    return schema_build(&sc, &inv, 0);
}

static void test_names_present(void **state) {
    (void)state;
    static const char *const want[] = {
        "seq",
        "wall_ms",
        "mono_us",
        "uptime_ms",
        "cpu0_online",
        "cpu0_load_pct",
        "cpu0_user_pct",
        "cpu0_sys_pct",
        "cpu0_iowait_pct",
        "cpu0_irq_pct",
        "cpu0_freq_khz",
        "cpu5_freq_khz",
        "cpu_load_pct",
        "policy0_min_khz",
        "policy4_max_khz",
        "policy4_governor_idx",
        "gpu_governor_idx",
        "gpu_freq_hz",
        "gpu_min_hz",
        "gpu_max_hz",
        "gpu_load_pct",
        "gpu_railgate",
        "gpu_tpc_pg_mask",
        "emc_freq_hz",
        "emc_util_pct",
        "emc_cap_hz",
        "eng_NVDEC_freq_hz",
        "eng_NVJPG1_on",
        "eng_OFA_freq_hz",
        "rail_VDD_IN_mv",
        "rail_VDD_IN_ma",
        "rail_VDD_IN_mw",
        "rail_VDD_CPU_GPU_CV_mw",
        "rail_VDD_SOC_ma",
        "rail_NC_mw",
        "rail_NC_2_mw",
        "input_mw",
        "temp_cpu_mc",
        "temp_cv0_mc",
        "temp_tj_mc",
        "cpu0_idle_WFI_pct",
        "cpu0_idle_c7_per_s",
        "cpu5_idle_c7_disabled",
        "fan_pwm",
        "fan_pwm_pct",
        "fan_rpm",
        "mem_total_kib",
        "mem_used_kib",
        "mem_nvmap_kib",
        "swap_free_kib",
        "zram_used_kib",
        "mem_lfb_kib",
        "radio_wlan_soft",
        "radio_bluetooth_hard",
        "nvp_mode",
        "clocks_pinned",
        "throttling",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (schema_find(&sc, want[i]) < 0) {
            fail_msg("column %s missing", want[i]);
        }
    }
    assert_int_equal(schema_find(&sc, "cpu6_online"), -1);
    assert_int_equal(schema_find(&sc, "rail_NC_3_mw"), -1);
    /* the order starts with time, then cpu0 */
    assert_string_equal(sc.col[0].name, "seq");
    assert_string_equal(sc.col[1].name, "wall_ms");
    assert_string_equal(sc.col[2].name, "mono_us");
    assert_string_equal(sc.col[4].name, "cpu0_online");
    assert_int_equal(sc.version, SCHEMA_VERSION);
}

static void test_count_and_safety(void **state) {
    (void)state;
    int cpus = 6, states = 2;
    int want = 4 + cpus * 7 + 1 + 2 * 3 + 7 + 3 + 5 * 2 + 5 * 3 + 1 + 9 + cpus * states * 3 + 3 +
               15 + 2 * 2 + 3 + JT_TOP_PROCS * 4 + JT_TOP_IRQS * 2 + cpus * 2;
    assert_int_equal(sc.n, want);
    for (int i = 0; i < sc.n; i++) {
        const char *n = sc.col[i].name;
        assert_true(n[0] != '\0');
        for (const char *c = n; *c; c++) {
            bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                      (*c >= '0' && *c <= '9') || *c == '_';
            if (!ok) {
                fail_msg("unsafe name %s", n);
            }
        }
        assert_non_null(sc.col[i].unit);
        for (int j = i + 1; j < sc.n; j++) {
            if (strcmp(n, sc.col[j].name) == 0) {
                fail_msg("duplicate name %s", n);
            }
            bool val_backed = sc.col[i].field > SF_MONO_US && sc.col[j].field > SF_MONO_US;
            if (val_backed && sc.col[i].off == sc.col[j].off) {
                fail_msg("%s and %s share a field", n, sc.col[j].name);
            }
        }
    }
    /* the same inventory gives the same columns */
    static Schema again;
    assert_int_equal(schema_build(&again, &inv, 0), 0);
    assert_int_equal(again.n, sc.n);
    for (int i = 0; i < sc.n; i++) {
        assert_string_equal(again.col[i].name, sc.col[i].name);
    }
}

static void test_units_and_decimals(void **state) {
    (void)state;
    const SchemaCol *c = &sc.col[schema_find(&sc, "rail_VDD_IN_mw")];
    assert_string_equal(c->unit, "mW");
    assert_int_equal(c->decimals, 0);
    c = &sc.col[schema_find(&sc, "cpu3_load_pct")];
    assert_string_equal(c->unit, "%");
    assert_int_equal(c->decimals, 1);
    c = &sc.col[schema_find(&sc, "gpu_load_pct")];
    assert_int_equal(c->decimals, 1);
    c = &sc.col[schema_find(&sc, "temp_tj_mc")];
    assert_string_equal(c->unit, "mC");
    c = &sc.col[schema_find(&sc, "cpu1_freq_khz")];
    assert_string_equal(c->unit, "kHz");
}

/* Every column writes its own field and reads back what was written. */
static void test_get_set_every_column(void **state) {
    (void)state;
    Sample s;
    sample_clear(&s);
    for (int i = 0; i < sc.n; i++) {
        schema_set(&sc.col[i], &s, val_of(1000 + i));
        if (schema_is_text(&sc.col[i])) {
            char t[32];
            snprintf(t, sizeof t, "n %d,\"x\"", i); /* made safe: blanks, commas, quotes */
            schema_set_text(&sc.col[i], &s, t, strlen(t));
        }
    }
    for (int i = 0; i < sc.n; i++) {
        if (schema_is_text(&sc.col[i])) {
            char t[32];
            snprintf(t, sizeof t, "n_%d__x_", i);
            assert_string_equal(schema_get_text(&sc.col[i], &s), t);
            assert_false(schema_get(&sc.col[i], &s).ok);
            continue;
        }
        Val v = schema_get(&sc.col[i], &s);
        assert_true(v.ok);
        assert_int_equal(v.v, 1000 + i);
    }
    assert_int_equal(s.proc_top[2].wakeups_ps10.v, 1000 + schema_find(&sc, "wake3_per_s"));
    assert_int_equal(s.proc_top[7].pid.v, 1000 + schema_find(&sc, "wake8_pid"));
    assert_int_equal(s.irq_top[0].rate_ps10.v, 1000 + schema_find(&sc, "irq1_per_s"));
    assert_int_equal(s.timer_ps10[5].v, 1000 + schema_find(&sc, "cpu5_timer_per_s"));
    assert_int_equal(s.ipi_ps10[0].v, 1000 + schema_find(&sc, "cpu0_ipi_per_s"));
    /* the fields behind some names, checked against the struct directly */
    assert_int_equal(s.rail[0].mw.v, 1000 + schema_find(&sc, "rail_VDD_IN_mw"));
    assert_int_equal(s.rail[4].ma.v, 1000 + schema_find(&sc, "rail_NC_2_ma"));
    assert_int_equal(s.cpu[3].freq_khz.v, 1000 + schema_find(&sc, "cpu3_freq_khz"));
    assert_int_equal(s.idle[2][1].residency_pct10.v, 1000 + schema_find(&sc, "cpu2_idle_c7_pct"));
    assert_int_equal(s.zone_mc[8].v, 1000 + schema_find(&sc, "temp_tj_mc"));
    assert_int_equal(s.policy[1].max_khz.v, 1000 + schema_find(&sc, "policy4_max_khz"));
    assert_int_equal(s.gpu.load_pm.v, 1000 + schema_find(&sc, "gpu_load_pct"));
    assert_int_equal(s.mem.lfb_kib.v, 1000 + schema_find(&sc, "mem_lfb_kib"));
    assert_int_equal(s.radio[1].hard.v, 1000 + schema_find(&sc, "radio_bluetooth_hard"));
    assert_int_equal((int64_t)s.seq, 1000 + schema_find(&sc, "seq"));
    assert_int_equal(s.mono_ns, 1000LL * (1000 + schema_find(&sc, "mono_us")));
    /* unknown clears a Val field but never the time fields */
    int col = schema_find(&sc, "fan_rpm");
    schema_set(&sc.col[col], &s, val_na());
    assert_false(s.fan.rpm.ok);
    schema_set(&sc.col[0], &s, val_na());
    assert_true(schema_get(&sc.col[0], &s).ok);
}

static void test_find_field(void **state) {
    (void)state;
    int c = schema_find_field(&sc, SF_RAIL_MW, 2, -1);
    assert_true(c >= 0);
    assert_string_equal(sc.col[c].name, "rail_VDD_SOC_mw");
    c = schema_find_field(&sc, SF_IDLE_RES, 5, 1);
    assert_string_equal(sc.col[c].name, "cpu5_idle_c7_pct");
    c = schema_find_field(&sc, SF_INPUT_MW, -1, -1);
    assert_string_equal(sc.col[c].name, "input_mw");
    assert_int_equal(schema_find_field(&sc, SF_RAIL_MW, 7, -1), -1);
}

static void test_rails_only(void **state) {
    (void)state;
    static Schema r;
    assert_int_equal(schema_build(&r, &inv, SCHEMA_RAILS_ONLY), 0);
    assert_int_equal(r.n, 3 + 5 * 3 + 1);
    assert_string_equal(r.col[0].name, "seq");
    assert_string_equal(r.col[3].name, "rail_VDD_IN_mv");
    assert_string_equal(r.col[r.n - 1].name, "input_mw");
    assert_int_equal(schema_find(&r, "cpu0_online"), -1);
}

static void test_sanitize_and_labels(void **state) {
    (void)state;
    char out[SCHEMA_NAME];
    schema_sanitize("cpu-thermal", out, sizeof out);
    assert_string_equal(out, "cpu_thermal");
    schema_sanitize("a b/c.d", out, sizeof out);
    assert_string_equal(out, "a_b_c_d");
    schema_sanitize("", out, sizeof out);
    assert_string_equal(out, "x");
    schema_sanitize("\xc3\xa9t\xc3\xa9", out, sizeof out);
    assert_string_equal(out, "__t__");
    schema_sanitize("abcdef", out, 4);
    assert_string_equal(out, "abc");
    /* labels that sanitize to the same text are told apart */
    static Inventory odd;
    static Schema s2;
    memset(&odd, 0, sizeof odd);
    odd.n_rails = 3;
    snprintf(odd.rails[0].label, sizeof odd.rails[0].label, "VDD-IN");
    snprintf(odd.rails[1].label, sizeof odd.rails[1].label, "VDD IN");
    snprintf(odd.rails[2].label, sizeof odd.rails[2].label, "VDD_IN");
    odd.n_zones = 1; /* no short name: the type is used */
    snprintf(odd.zones[0].type, sizeof odd.zones[0].type, "Tboard_tegra");
    assert_int_equal(schema_build(&s2, &odd, 0), 0);
    assert_true(schema_find(&s2, "rail_VDD_IN_mw") >= 0);
    assert_true(schema_find(&s2, "rail_VDD_IN_2_mw") >= 0);
    assert_true(schema_find(&s2, "rail_VDD_IN_3_mw") >= 0);
    assert_true(schema_find(&s2, "temp_Tboard_tegra_mc") >= 0);
    assert_int_equal(schema_find(&s2, "gpu_freq_hz"), -1); /* no GPU, no GPU columns */
    assert_int_equal(schema_find(&s2, "fan_pwm"), -1);
}

static void test_format_parse_num(void **state) {
    (void)state;
    static const struct {
        int64_t v;
        int d;
        const char *s;
    } cases[] = {
        {0, 0, "0"},
        {0, 1, "0.0"},
        {5, 1, "0.5"},
        {-5, 1, "-0.5"},
        {153, 1, "15.3"},
        {1000, 1, "100.0"},
        {12, 3, "0.012"},
        {-1234, 3, "-1.234"},
        {2133000000, 0, "2133000000"},
        {-256000, 0, "-256000"},
        {INT64_MAX, 0, "9223372036854775807"},
        {INT64_MIN, 0, "-9223372036854775808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        int n = schema_format_num(cases[i].v, cases[i].d, buf);
        assert_string_equal(buf, cases[i].s);
        assert_int_equal(n, (int)strlen(cases[i].s));
        SchemaCol c = {.decimals = (uint8_t)cases[i].d};
        int64_t back = 0;
        assert_int_equal(schema_parse_num(&c, buf, (size_t)n, &back), 0);
        assert_true(back == cases[i].v);
    }
    SchemaCol c = {.decimals = 1};
    int64_t v;
    assert_int_equal(schema_parse_num(&c, "12x", 3, &v), -EINVAL);
    assert_int_equal(schema_parse_num(&c, "", 0, &v), -ENODATA);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_present),       cmocka_unit_test(test_count_and_safety),
        cmocka_unit_test(test_units_and_decimals),  cmocka_unit_test(test_get_set_every_column),
        cmocka_unit_test(test_find_field),          cmocka_unit_test(test_rails_only),
        cmocka_unit_test(test_sanitize_and_labels), cmocka_unit_test(test_format_parse_num),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
