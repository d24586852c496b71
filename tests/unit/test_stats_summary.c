/* SPDX-License-Identifier: MIT */
/* summary: key-metric statistics and energy of a run, and the report text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/summary.h"
#include "synth.h"

static Inventory inv;
static Schema sc;

/* The report line that starts with "  name " (static copy), or fail. */
static const char *line_of(const char *text, const char *name) {
    static char line[256];
    char key[64];
    snprintf(key, sizeof key, "\n  %s ", name);
    const char *p = strstr(text, key);
    if (!p) {
        fail_msg("no line for %s in:\n%s", name, text);
    }
    p += 3; /* the newline and the indent */
    size_t n = strcspn(p, "\n");
    snprintf(line, sizeof line, "%.*s", (int)n, p);
    return line;
}

static void test_report(void **state) {
    (void)state;
    synth_inventory(&inv);
    assert_int_equal(schema_build(&sc, &inv, 0), 0);
    RunSummary r;
    assert_int_equal(summary_init(&r, &inv, &sc, 1000), 0);
    for (int k = 0; k <= 10; k++) {
        Sample s;
        synth_sample(&inv, k, &s);
        s.input_mw = val_of(k == 5 ? 7000 : 5000); /* one spike */
        s.rail[1].mw = val_of(1000 + 100 * k);     /* 1.0 .. 2.0 W ramp */
        s.fan.rpm = val_na();                      /* never known */
        summary_add(&r, &s);
    }
    char buf[8192];
    int n = summary_format(&r, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "jtune: 11 samples over 10.000 s (interval 1000 ms)\n"));
    /* input: min 5000, avg (10*5000 + 7000)/11 = 5182, max 7000 */
    const char *l = line_of(buf, "input_mw");
    int64_t mn, av, mx;
    assert_int_equal(
        sscanf(l, "input_mw %lld %lld %lld", (long long *)&mn, (long long *)&av, (long long *)&mx),
        3);
    assert_int_equal(mn, 5000);
    assert_int_equal(av, 5182);
    assert_int_equal(mx, 7000);
    assert_non_null(strstr(line_of(buf, "fan_rpm"), "n/a"));
    assert_non_null(strstr(line_of(buf, "cpu_load_pct"), "%"));
    line_of(buf, "cpu0_freq_khz");
    line_of(buf, "cpu4_freq_khz");
    line_of(buf, "gpu_freq_hz");
    line_of(buf, "emc_util_pct");
    /* hottest zones: tj (index 8) is the hottest in the synthetic run; cv zones unknown */
    const char *tj = strstr(buf, "temp_tj_mc");
    const char *cpu = strstr(buf, "temp_cpu_mc");
    assert_non_null(tj);
    assert_null(strstr(buf, "temp_cv0_mc"));
    assert_true(cpu == NULL || tj < cpu);
    int zones = 0;
    for (const char *p = strstr(buf, "\n  temp_"); p; p = strstr(p + 1, "\n  temp_")) {
        zones++;
    }
    assert_int_equal(zones, SUMMARY_HOT_ZONES);
    /* energy: the ramp 1..2 W over 10 s is 15 J; the input 50 J + the spike's 2 J */
    double j, wh, w;
    l = line_of(buf, "VDD_CPU_GPU_CV");
    assert_int_equal(sscanf(l, "VDD_CPU_GPU_CV %lf %lf %lf", &j, &wh, &w), 3);
    assert_true(j > 14.999 && j < 15.001);
    assert_true(wh > 0.004166 && wh < 0.004168);
    assert_true(w > 1.499 && w < 1.501);
    l = line_of(buf, "board_total");
    assert_int_equal(sscanf(l, "board_total %lf %lf %lf", &j, &wh, &w), 3);
    assert_true(j > 51.999 && j < 52.001);
    line_of(buf, "NC");
    line_of(buf, "NC_2"); /* the two "NC" channels stay apart */
    assert_true(summary_duration_s(&r) > 9.999 && summary_duration_s(&r) < 10.001);
    /* too small a buffer is reported, not overrun */
    char small[64];
    assert_true(summary_format(&r, small, sizeof small) < 0);
    assert_true(strlen(small) < sizeof small);
    summary_free(&r);
}

static void test_empty_run(void **state) {
    (void)state;
    static Inventory none;
    static Schema s0;
    memset(&none, 0, sizeof none);
    none.input_rail = -1;
    assert_int_equal(schema_build(&s0, &none, 0), 0);
    RunSummary r;
    assert_int_equal(summary_init(&r, &none, &s0, 500), 0);
    char buf[4096];
    assert_true(summary_format(&r, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "jtune: 0 samples over 0.000 s (interval 500 ms)"));
    assert_non_null(strstr(line_of(buf, "board_total"), "n/a"));
    summary_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_empty_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
