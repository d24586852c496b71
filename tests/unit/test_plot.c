/* SPDX-License-Identifier: MIT */
/* plot: a hand-made CSV with a workload batch column becomes the expected charts, series and
 * batch markers (at the rows where batches start); groups without data are left out and
 * named; --from/--to keeps only the rows inside; long recordings are decimated without
 * losing their peaks; bad windows and group names are refused. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/record/plot.h"
#include "jtune/core/logfmt.h"

/* A workload run: idle, batch 1 (rows 3-5), idle, batch 2 (rows 8-9), half a second apart.
 * The batch column is not part of the schema: the workload engine adds it. */
static const char hand_csv[] =
    "# jtune: 0.1.0\n"
    "# schema: 1\n"
    "# start: 2025-01-08T01:49:37.000Z\n"
    "# interval_ms: 500\n"
    "# model: Test board\n"
    "# rails: VDD_IN,VDD_SOC\n"
    "# input_rail: 0\n"
    "# zones: tj=tj-thermal,cpu=cpu-thermal\n"
    "seq,wall_ms,mono_us,rail_VDD_IN_mw,rail_VDD_SOC_mw,input_mw,temp_tj_mc,temp_cpu_mc,batch\n"
    "0,1736300977000,1000000,4000,1000,4000,50000,48000,0\n"
    "1,1736300977500,1500000,4100,1000,4100,50100,48100,0\n"
    "2,1736300978000,2000000,4050,1010,4050,50200,48200,0\n"
    "3,1736300978500,2500000,7000,1500,7000,51000,49000,1\n"
    "4,1736300979000,3000000,7100,1500,7100,52000,50000,1\n"
    "5,1736300979500,3500000,7050,1500,7050,53000,51000,1\n"
    "6,1736300980000,4000000,4000,1000,4000,52000,50000,0\n"
    "7,1736300980500,4500000,4000,1000,4000,51000,49000,0\n"
    "8,1736300981000,5000000,7200,1600,7200,52000,50000,2\n"
    "9,1736300981500,5500000,7300,1600,7300,53500,51500,2\n"
    "10,1736300982000,6000000,4000,,4000,52500,50500,0\n";

static Recording *load_csv(const char *csv) {
    Recording *r = NULL;
    char err[256];
    char *text = strdup(csv);
    assert_non_null(text);
    if (recording_parse(&r, "hand.csv", text, strlen(text), NULL, err, sizeof err)) {
        fail_msg("%s", err);
    }
    return r;
}

static int count(const char *hay, const char *needle) {
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) {
        n++;
    }
    return n;
}

/* The points attribute of the first polyline of series `name` (static copy). */
static const char *points_of(const char *svg, const char *name) {
    static char pts[65536];
    char key[128];
    snprintf(key, sizeof key, "<title>%s</title>", name);
    const char *g = strstr(svg, key);
    assert_non_null(g);
    const char *p = strstr(g, "points=\"");
    assert_non_null(p);
    p += 8;
    size_t n = strcspn(p, "\"");
    assert_true(n < sizeof pts);
    memcpy(pts, p, n);
    pts[n] = '\0';
    return pts;
}

/* x of point k in a points list. */
static double point_x(const char *pts, int k) {
    const char *p = pts;
    for (int i = 0; i < k; i++) {
        p = strchr(p, ' ');
        assert_non_null(p);
        p++;
    }
    return strtod(p, NULL);
}

static int n_points(const char *pts) {
    return count(pts, ",");
}

static char *plot(const Recording *r, const PlotRequest *q, int want_rc, char *notes,
                  size_t notesz) {
    char *out[1] = {NULL}, err[256];
    size_t len = 0;
    int rc = plot_recording(r, q, &out[0], &len, err, sizeof err, notes, notesz);
    if (rc != want_rc) {
        fail_msg("plot_recording: %d (%s), wanted %d", rc, err, want_rc);
    }
    if (rc == 0) {
        assert_int_equal(len, strlen(out[0]));
    }
    return out[0];
}

static void test_charts_series_markers(void **state) {
    (void)state;
    Recording *r = load_csv(hand_csv);
    assert_true(r->has_batch);
    PlotRequest q = {.title = "hand & made"};
    char notes[512];
    char *svg = plot(r, &q, 0, notes, sizeof notes);
    /* power and temperature have data; CPU, GPU and EMC do not and are named */
    assert_int_equal(count(svg, "<g class=\"chart\">"), 2);
    assert_non_null(strstr(svg, ">Power (W)</text>"));
    assert_non_null(strstr(svg, ">Temperature (\xc2\xb0"
                                "C)</text>"));
    assert_non_null(strstr(notes, "CPU load: no data"));
    assert_non_null(strstr(notes, "GPU frequency: no data"));
    assert_non_null(strstr(notes, "EMC utilisation: no data"));
    assert_non_null(strstr(svg, "<title>hand &amp; made</title>"));
    /* every series, one point per row; VDD_SOC's unknown last value ends its line early */
    assert_int_equal(n_points(points_of(svg, "VDD_IN")), 11);
    assert_int_equal(n_points(points_of(svg, "VDD_SOC")), 10);
    assert_int_equal(n_points(points_of(svg, "tj")), 11);
    assert_int_equal(n_points(points_of(svg, "cpu")), 11);
    /* a marker where each batch starts (rows 3 and 8), in both charts, nowhere else */
    assert_int_equal(count(svg, ">batch 1</text>"), 2);
    assert_int_equal(count(svg, ">batch 2</text>"), 2);
    assert_int_equal(count(svg, "stroke-dasharray"), 4);
    const char *pts = points_of(svg, "VDD_IN");
    double x3 = point_x(pts, 3), x8 = point_x(pts, 8);
    char want[64];
    snprintf(want, sizeof want, "<line x1=\"%.1f\"", x3);
    const char *m1 = strstr(svg, want);
    assert_non_null(m1);
    assert_non_null(strstr(m1, "stroke-dasharray"));
    snprintf(want, sizeof want, "<line x1=\"%.1f\"", x8);
    assert_non_null(strstr(svg, want));
    free(svg);
    /* only the groups asked for */
    q.groups = 1u << PLOT_TEMP;
    svg = plot(r, &q, 0, notes, sizeof notes);
    assert_int_equal(count(svg, "<g class=\"chart\">"), 1);
    assert_null(strstr(svg, "Power (W)"));
    assert_string_equal(notes, "");
    free(svg);
    q.groups = (1u << PLOT_GPU) | (1u << PLOT_FAN);
    assert_null(plot(r, &q, -ENODATA, notes, sizeof notes));
    recording_free(r);
}

static void test_window(void **state) {
    (void)state;
    Recording *r = load_csv(hand_csv);
    char notes[512];
    /* rows at 1.0 .. 3.0 s from the start: rows 2..6 */
    PlotRequest q = {.from_set = true, .from_s = 1.0, .to_set = true, .to_s = 3.0};
    char *svg = plot(r, &q, 0, notes, sizeof notes);
    assert_int_equal(n_points(points_of(svg, "VDD_IN")), 5);
    assert_int_equal(count(svg, ">batch 1</text>"), 2); /* starts at 1.0 s, inside */
    assert_int_equal(count(svg, ">batch 2</text>"), 0);
    free(svg);
    /* a window that starts inside batch 1 shows no start marker for it */
    q.from_s = 1.6;
    svg = plot(r, &q, 0, notes, sizeof notes);
    assert_int_equal(n_points(points_of(svg, "VDD_IN")), 3);
    assert_int_equal(count(svg, ">batch 1</text>"), 0);
    free(svg);
    /* from only, to only */
    PlotRequest from = {.from_set = true, .from_s = 4.0};
    svg = plot(r, &from, 0, notes, sizeof notes);
    assert_int_equal(n_points(points_of(svg, "tj")), 3);
    free(svg);
    PlotRequest to = {.to_set = true, .to_s = 0.5};
    svg = plot(r, &to, 0, notes, sizeof notes);
    assert_int_equal(n_points(points_of(svg, "tj")), 2);
    free(svg);
    PlotRequest bad = {.from_set = true, .from_s = 3, .to_set = true, .to_s = 2};
    assert_null(plot(r, &bad, -EINVAL, notes, sizeof notes));
    PlotRequest empty = {.from_set = true, .from_s = 1.1, .to_set = true, .to_s = 1.2};
    assert_null(plot(r, &empty, -EINVAL, notes, sizeof notes));
    PlotRequest late = {.from_set = true, .from_s = 60};
    assert_null(plot(r, &late, -EINVAL, notes, sizeof notes));
    recording_free(r);
}

/* 10 000 rows at 1 W with one 9 W row: decimated to at most max_points per series, the
 * spike still sets the top of the axis. */
static void test_decimation_keeps_peaks(void **state) {
    (void)state;
    size_t cap = 1 << 20, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap,
                            "# jtune: 0.1.0\n# schema: 1\n# interval_ms: 10\n# rails: VDD_IN\n"
                            "# input_rail: 0\nseq,wall_ms,mono_us,rail_VDD_IN_mw,input_mw\n");
    for (int k = 0; k < 10000; k++) {
        int mw = k == 6543 ? 9000 : 1000 + k % 7;
        len += (size_t)snprintf(csv + len, cap - len, "%d,%d,%d,%d,%d\n", k, k * 10, k * 10000, mw,
                                mw);
    }
    Recording *r = load_csv(csv);
    free(csv);
    char notes[512];
    PlotRequest q = {.groups = 1u << PLOT_POWER, .max_points = 200};
    char *svg = plot(r, &q, 0, notes, sizeof notes);
    int n = n_points(points_of(svg, "VDD_IN"));
    assert_true(n > 100 && n <= 200);
    /* the value axis reaches 9 W: ticks 0, 2, 4, 6, 8 */
    assert_non_null(strstr(svg, "text-anchor=\"end\" font-size=\"11\">8</text>"));
    free(svg);
    recording_free(r);
}

static void test_groups(void **state) {
    (void)state;
    unsigned g;
    char err[256];
    assert_int_equal(plot_parse_groups("power,temp", &g, err, sizeof err), 0);
    assert_int_equal(g, (1u << PLOT_POWER) | (1u << PLOT_TEMP));
    assert_int_equal(plot_parse_groups("mem", &g, err, sizeof err), 0);
    assert_int_equal(g, 1u << PLOT_MEM);
    assert_int_equal(plot_parse_groups("power,volts", &g, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "'volts'"));
    assert_int_equal(plot_parse_groups("", &g, err, sizeof err), -EINVAL);
    assert_int_equal(plot_parse_groups("power,", &g, err, sizeof err), -EINVAL);
    assert_string_equal(plot_group_name(PLOT_EMC), "emc");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charts_series_markers),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_decimation_keeps_peaks),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
