/* SPDX-License-Identifier: MIT */
/* svgplot: ticks, polylines split at unknown values, markers, escaping, window. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/svgplot.h"

static int count(const char *hay, const char *needle) {
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) {
        n++;
    }
    return n;
}

static void test_ticks(void **state) {
    (void)state;
    double t[12];
    int n = svgplot_ticks(0, 10, 6, t);
    assert_int_equal(n, 6);
    assert_true(fabs(t[0]) < 1e-12 && fabs(t[5] - 10) < 1e-9);
    assert_true(fabs(t[1] - 2) < 1e-9);
    n = svgplot_ticks(3.2, 4.9, 6, t);
    assert_true(n >= 3);
    for (int i = 0; i < n; i++) {
        assert_true(t[i] >= 3.2 - 1e-9 && t[i] <= 4.9 + 1e-9);
    }
    assert_int_equal(svgplot_ticks(5, 5, 6, t), 0);
    assert_int_equal(svgplot_ticks(0, NAN, 6, t), 0);
}

static void test_render(void **state) {
    (void)state;
    double ts[6] = {0, 1, 2, 3, 4, 5};
    double p[6] = {4.8, 5.0, NAN, 7.5, 7.4, 5.1};
    double q[6] = {1.2, 1.3, 1.2, 3.0, 2.9, 1.3};
    double none[2] = {NAN, NAN};
    PlotChart c = {.title = "Power <rails> & input", .unit = "W", .n_series = 3};
    c.series[0] = (PlotSeries){"VDD_IN", ts, p, 6};
    c.series[1] = (PlotSeries){"VDD_CPU_GPU_CV", ts, q, 6};
    c.series[2] = (PlotSeries){"VDD_SOC", ts, none, 2};
    PlotMarker m[2] = {{1.5, "b1"}, {3.5, "b2"}};
    PlotLayout l = {.title = "Orin Nano \"Super\""};
    char *svg = NULL;
    long n = svgplot_render(&l, &c, 1, m, 2, &svg);
    assert_true(n > 0);
    assert_int_equal((size_t)n, strlen(svg));
    assert_non_null(strstr(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_non_null(strstr(svg, "</svg>\n"));
    /* the unknown value splits VDD_IN in two runs; VDD_CPU_GPU_CV is one */
    assert_int_equal(count(svg, "<polyline"), 3);
    assert_int_equal(count(svg, "stroke-dasharray"), 2);
    assert_non_null(strstr(svg, "Power &lt;rails&gt; &amp; input (W)"));
    assert_non_null(strstr(svg, "Orin Nano &quot;Super&quot;"));
    assert_non_null(strstr(svg, "VDD_SOC (no data)"));
    assert_null(strstr(svg, "VDD_IN (no data)"));
    assert_non_null(strstr(svg, "time (s)"));
    free(svg);
}

/* A title longer than the page is squeezed into it; a short one is left alone. */
static void test_long_title(void **state) {
    (void)state;
    double ts[2] = {0, 1}, v[2] = {1, 2};
    PlotChart c = {.title = "T", .unit = "W", .n_series = 1};
    c.series[0] = (PlotSeries){"VDD_IN", ts, v, 2};
    PlotLayout l = {.title = "jtune-20261206-051500.csv: Jetson Orin Nano Developer Kit Super, "
                             "L4T 36.4.3, mode 25W, 3 workloads, cruise profile, 1 s interval",
                    .width_px = 640};
    char *svg = NULL;
    assert_true(svgplot_render(&l, &c, 1, NULL, 0, &svg) > 0);
    assert_non_null(strstr(svg, "textLength=\"608\" lengthAdjust=\"spacingAndGlyphs\""));
    free(svg);
    l.title = "short";
    assert_true(svgplot_render(&l, &c, 1, NULL, 0, &svg) > 0);
    assert_null(strstr(svg, "textLength"));
    free(svg);
}

static void test_window(void **state) {
    (void)state;
    double ts[5] = {0, 10, 20, 30, 40};
    double v[5] = {1, 2, 3, 4, 5};
    PlotChart c = {.title = "T", .unit = "C", .n_series = 1};
    c.series[0] = (PlotSeries){"tj", ts, v, 5};
    PlotLayout l = {.t0_s = 15, .t1_s = 35};
    PlotMarker m = {5, "early"};
    char *svg = NULL;
    assert_true(svgplot_render(&l, &c, 1, &m, 1, &svg) > 0);
    /* only the two points inside [15,35] are drawn; the marker outside is dropped */
    const char *pts = strstr(svg, "points=\"");
    assert_non_null(pts);
    const char *end = strchr(pts + 8, '"');
    int spaces = 0;
    for (const char *p = pts + 8; p < end; p++) {
        spaces += *p == ' ';
    }
    assert_int_equal(spaces, 2);
    assert_null(strstr(svg, "early"));
    free(svg);
    assert_int_equal(svgplot_render(NULL, &c, 0, NULL, 0, &svg), -EINVAL);
    c.n_series = SVGPLOT_MAX_SERIES + 1;
    assert_int_equal(svgplot_render(NULL, &c, 1, NULL, 0, &svg), -EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_long_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
