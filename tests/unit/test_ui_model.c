/* SPDX-License-Identifier: MIT */
/* ui model and helpers: series rings, graph windowing and scales, trip points and alerts,
 * session energy/average per rail, and the config/theme search orders and loading. */
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

#include <cmocka.h>

#include "fixture.h"
#include "jtune/ui/derive.h"
#include "jtune/ui/graph.h"
#include "jtune/ui/uifiles.h"
#include "jtune/ui/uimodel.h"
#include "ui_synth.h"

static void test_series(void **state) {
    (void)state;
    Series s;
    assert_int_equal(series_init(&s, 0), -EINVAL);
    assert_int_equal(series_init(&s, 4), 0);
    assert_false(series_get(&s, 0).ok);
    for (int i = 1; i <= 6; i++) {
        series_push(&s, i == 5 ? val_na() : val_of(i * 10));
    }
    assert_int_equal(s.len, 4);
    assert_int_equal(s.pushed, 6);
    assert_int_equal(series_get(&s, 0).v, 60);
    assert_false(series_get(&s, 1).ok); /* unknown stays unknown */
    assert_int_equal(series_get(&s, 3).v, 30);
    assert_false(series_get(&s, 4).ok); /* older than the ring */
    assert_int_equal(series_max(&s, 4).v, 60);
    assert_int_equal(series_max(&s, 2).v, 60);
    series_push(&s, val_of(INT64_MAX)); /* clamped into int32 */
    assert_int_equal(series_get(&s, 0).v, INT32_MAX);
    series_free(&s);
    series_free(&s);
}

/* Storage waits for the first known point, and the points before it read as unknown. */
static void test_series_storage_on_first_known(void **state) {
    (void)state;
    Series s;
    assert_int_equal(series_init(&s, 5), 0);
    assert_null(s.v);
    for (int i = 0; i < 7; i++) {
        series_push(&s, val_na());
    }
    assert_null(s.v); /* unknown points cost nothing */
    assert_int_equal(s.len, 5);
    assert_int_equal(s.pushed, 7);
    assert_false(series_get(&s, 0).ok);
    series_push(&s, val_of(42));
    assert_non_null(s.v);
    assert_int_equal(series_get(&s, 0).v, 42);
    for (int age = 1; age < 5; age++) {
        assert_false(series_get(&s, age).ok);
    }
    assert_int_equal(series_max(&s, 5).v, 42);
    series_push(&s, val_na());
    assert_false(series_get(&s, 0).ok);
    assert_int_equal(series_get(&s, 1).v, 42);
    series_clear(&s);
    assert_false(series_get(&s, 0).ok);
    series_free(&s);
}

/* Time axes: round steps at least 10 columns apart at every interval; labels in seconds,
 * minutes and hours before the newest point. */
static void test_time_axis(void **state) {
    (void)state;
    static const int cases[][3] = {/* interval ms, step s, columns */
                                   {1000, 10, 10},  {500, 5, 10},        {100, 1, 10},
                                   {200, 2, 10},    {50, 1, 20},         {250, 5, 20},
                                   {2000, 30, 15},  {60000, 600, 10},    {3000, 30, 10},
                                   {7000, 120, 17}, {3600000, 86400, 24}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int cols = 0;
        int step = graph_time_step_s(cases[i][0], 10, &cols);
        if (step != cases[i][1] || cols != cases[i][2]) {
            fail_msg("interval %d ms: step %d s every %d columns, want %d s every %d", cases[i][0],
                     step, cols, cases[i][1], cases[i][2]);
        }
    }
    static const struct {
        int64_t s;
        const char *want;
    } ago[] = {{0, "now"},     {5, "-5s"},    {59, "-59s"},  {60, "-1m"},
               {90, "-1m30s"}, {600, "-10m"}, {3600, "-1h"}, {5400, "-1h30m"}};
    for (size_t i = 0; i < sizeof ago / sizeof ago[0]; i++) {
        char out[24];
        graph_format_ago(ago[i].s, out, sizeof out);
        assert_string_equal(out, ago[i].want);
    }
}

static void test_graph_window(void **state) {
    (void)state;
    /* fills from the left until the plot is full */
    assert_int_equal(graph_window_start(0, 80), 0);
    assert_int_equal(graph_window_start(80, 80), 0);
    /* then jumps a quarter of the width at a time, the newest always inside */
    for (uint64_t pushed = 81; pushed < 2000; pushed++) {
        uint64_t s = graph_window_start(pushed, 80);
        assert_true(pushed - 1 >= s && pushed - 1 < s + 80);
        assert_int_equal(s % 20, 0);
        uint64_t prev = graph_window_start(pushed - 1, 80);
        assert_true(s == prev || s == prev + 20);
    }
    assert_int_equal(graph_window_start(81, 80), 20);
    assert_int_equal(graph_window_start(100, 80), 20);
    assert_int_equal(graph_window_start(101, 80), 40);
    assert_int_equal(graph_window_start(10, 3), 7); /* tiny plots step by one */
}

static void test_graph_scale_and_cells(void **state) {
    (void)state;
    static const int64_t in[][2] = {{0, 1},       {1, 1},        {3, 5},         {7, 10},
                                    {11, 20},     {21, 25},      {26, 50},       {51, 100},
                                    {4900, 5000}, {6860, 10000}, {52200, 100000}};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        assert_int_equal(graph_nice_ceil(in[i][0]), in[i][1]);
    }
    assert_int_equal(graph_cell_fill(20, 0), 8);
    assert_int_equal(graph_cell_fill(20, 1), 8);
    assert_int_equal(graph_cell_fill(20, 2), 4);
    assert_int_equal(graph_cell_fill(20, 3), 0);
    assert_int_equal(graph_cell_fill(0, 0), 0);
}

static ZoneInfo zone(void) {
    ZoneInfo z = {.n_trips = 4};
    snprintf(z.name, sizeof z.name, "cpu");
    static const struct {
        const char *type;
        int64_t mc;
    } t[] = {{"passive", 99000}, {"critical", 104500}, {"passive", 70000}, {"active", 50000}};
    for (int i = 0; i < 4; i++) {
        snprintf(z.trips[i].type, sizeof z.trips[i].type, "%s", t[i].type);
        z.trips[i].temp_mc = val_of(t[i].mc);
    }
    return z;
}

static void test_trips(void **state) {
    (void)state;
    ZoneInfo z = zone();
    TripView tv;
    derive_trip(&z, val_of(49000), &tv); /* the fan's active trip at 50 does not count */
    assert_int_equal(tv.trip, 2);
    assert_int_equal(tv.headroom_mc.v, 21000);
    assert_int_equal(tv.heat, HEAT_COOL);
    derive_trip(&z, val_of(60000), &tv);
    assert_int_equal(tv.heat, HEAT_WARM);
    derive_trip(&z, val_of(66000), &tv);
    assert_int_equal(tv.heat, HEAT_HOT);
    derive_trip(&z, val_of(75000), &tv); /* past the 70 degC trip: negative headroom */
    assert_int_equal(tv.trip, 2);
    assert_int_equal(tv.headroom_mc.v, -5000);
    assert_int_equal(tv.heat, HEAT_HOT);
    derive_trip(&z, val_of(100000), &tv); /* the highest passed trip */
    assert_int_equal(tv.trip, 0);
    derive_trip(&z, val_na(), &tv); /* unknown temperature: trip known, headroom not */
    assert_int_equal(tv.heat, HEAT_NA);
    assert_int_equal(tv.trip, 2);
    assert_false(tv.headroom_mc.ok);
    ZoneInfo none = {.n_trips = 0};
    derive_trip(&none, val_of(40000), &tv);
    assert_int_equal(tv.trip, -1);
    assert_int_equal(tv.heat, HEAT_COOL);
}

static void test_alerts(void **state) {
    (void)state;
    static Inventory inv;
    Sample s;
    uisynth_inventory(&inv);
    uisynth_sample(&inv, 0, 1000, &s);
    Alert a[4];
    assert_int_equal(derive_alerts(&inv, &s, TEMP_CELSIUS, false, a, 4), 0);
    s.zone_mc[8] = val_of(96500); /* tj near 99 */
    s.throttling = val_of(1);
    assert_int_equal(derive_alerts(&inv, &s, TEMP_CELSIUS, false, a, 4), 2);
    assert_string_equal(a[0].text, "throttling");
    assert_string_equal(a[1].text, "tj 96.5C, trip 99.0C");
    assert_int_equal(derive_alerts(&inv, &s, TEMP_FAHRENHEIT, false, a, 1), 1);
    char name[96];
    derive_board_name(&inv, false, name, sizeof name);
    assert_string_equal(name, "Jetson Orin Nano Developer Kit Super");
    derive_board_name(&inv, true, name, sizeof name);
    assert_string_equal(name, "Jetson Orin Nano Super");
    derive_mode_name(&inv, val_of(2), name, sizeof name);
    assert_string_equal(name, "MAXN_SUPER");
    derive_mode_name(&inv, val_of(9), name, sizeof name);
    assert_string_equal(name, "mode 9");
    derive_mode_name(&inv, val_na(), name, sizeof name);
    assert_string_equal(name, "n/a");
    s.cpu[5].online = val_of(0);
    int on, known;
    derive_cores_online(&inv, &s, &on, &known);
    assert_int_equal(on, 5);
    assert_int_equal(known, 6);
    assert_int_equal(derive_cpu_freq_khz(&inv, &s).v, (4 * 1190400 + 729600) / 5);
}

/* 5 W on the input for 10 s at 1 Hz is 50 J, average 5 W; a pause longer than the bridge
 * limit adds nothing. */
static void test_model_energy(void **state) {
    (void)state;
    static Inventory inv;
    uisynth_inventory(&inv);
    UiModel m;
    assert_int_equal(uimodel_init(&m, &inv, 60, 1000), 0);
    assert_false(uimodel_energy_mj(&m, -1).ok);
    Sample s;
    for (int i = 0; i <= 10; i++) {
        uisynth_sample(&inv, (uint64_t)i, 1000, &s);
        s.input_mw = val_of(5000);
        s.rail[1].mw = val_of(2000);
        uimodel_update(&m, &s);
    }
    assert_int_equal(uimodel_energy_mj(&m, -1).v, 50000);
    assert_int_equal(uimodel_avg_mw(&m, -1).v, 5000);
    assert_int_equal(uimodel_energy_mj(&m, 1).v, 20000);
    assert_false(uimodel_energy_mj(&m, 7).ok); /* no such rail */
    uisynth_sample(&inv, 100, 1000, &s);       /* 90 s later (paused) */
    s.input_mw = val_of(5000);
    uimodel_update(&m, &s);
    assert_int_equal(uimodel_energy_mj(&m, -1).v, 50000);
    /* a longer interval bridges longer gaps */
    uimodel_set_interval(&m, 10000);
    uisynth_sample(&inv, 110, 1000, &s);
    s.input_mw = val_of(5000);
    uimodel_update(&m, &s);
    assert_int_equal(uimodel_energy_mj(&m, -1).v, 100000);
    /* graphs got their points */
    assert_int_equal(m.series[SER_INPUT_MW].pushed, 13);
    assert_int_equal(series_get(&m.series[SER_INPUT_MW], 0).v, 5000);
    assert_int_equal(series_get(&m.series[SER_GPU_FREQ], 0).v, 612000); /* kHz */
    /* a slot beyond the board's rails, cores and zones holds no storage */
    assert_null(m.series[SER_RAIL0 + inv.n_rails].v);
    assert_null(m.series[SER_CORE0 + inv.cpu.n_cpus].v);
    assert_null(m.series[SER_ZONE0 + inv.n_zones].v);
    assert_non_null(m.series[SER_CORE0].v);
    uimodel_free(&m);
}

static void test_search_orders(void **state) {
    (void)state;
    UiPlaces pl = {.xdg_config_home = "/x",
                   .home = "/h",
                   .sysconfdir = "/etc/jtune",
                   .datadir = "/usr/share/jtune",
                   .srcdir = "/src"};
    char c[UIFILES_MAX][PATH_MAX];
    assert_int_equal(uifiles_config_candidates(&pl, "my.ini", c, UIFILES_MAX), 1);
    assert_string_equal(c[0], "my.ini");
    assert_int_equal(uifiles_config_candidates(&pl, NULL, c, UIFILES_MAX), 2);
    assert_string_equal(c[0], "/x/jtune/jtune.ini");
    assert_string_equal(c[1], "/etc/jtune/jtune.ini");
    pl.xdg_config_home = NULL;
    assert_int_equal(uifiles_config_candidates(&pl, NULL, c, UIFILES_MAX), 2);
    assert_string_equal(c[0], "/h/.config/jtune/jtune.ini");
    pl.home = NULL;
    assert_int_equal(uifiles_config_candidates(&pl, NULL, c, UIFILES_MAX), 1);
    assert_string_equal(c[0], "/etc/jtune/jtune.ini");
    pl.home = "/h";
    assert_int_equal(uifiles_theme_candidates(&pl, "light", c, UIFILES_MAX), 2);
    assert_string_equal(c[0], "/h/.config/jtune/themes/light.theme");
    assert_string_equal(c[1], "/usr/share/jtune/themes/light.theme");
    pl.from_build_tree = true;
    uifiles_theme_candidates(&pl, "light", c, UIFILES_MAX);
    assert_string_equal(c[1], "/src/themes/light.theme");
    assert_int_equal(uifiles_theme_candidates(&pl, "./mine.theme", c, UIFILES_MAX), 1);
    assert_int_equal(uifiles_theme_candidates(&pl, "mine.theme", c, UIFILES_MAX), 1);
    assert_string_equal(c[0], "mine.theme");
}

static void put(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_loading(void **state) {
    (void)state;
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char dir[PATH_MAX * 2], path[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/jtune", fx.root);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/themes", dir);
    mkdir(path, 0755);
    UiPlaces pl = {.xdg_config_home = fx.root,
                   .sysconfdir = "/nonexistent",
                   .datadir = "/nonexistent",
                   .srcdir = test_source_dir(),
                   .from_build_tree = true};
    Config c;
    Diag d = {0};
    /* nothing there: built-in defaults, no message */
    assert_int_equal(uifiles_load_config(&pl, NULL, NULL, &c, &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(c.path, "");
    /* the user's file */
    snprintf(path, sizeof path, "%s/jtune.ini", dir);
    put(path, "[ui]\ninterval_ms = 250\ntheme = light\n");
    assert_int_equal(uifiles_load_config(&pl, NULL, NULL, &c, &d), 0);
    assert_int_equal(c.interval_ms, 250);
    assert_string_equal(c.path, path);
    /* --config that does not exist is an error */
    assert_int_equal(uifiles_load_config(&pl, "/nonexistent/x.ini", NULL, &c, &d), -ENOENT);
    assert_true(d.n_errors > 0);
    /* themes: the user's copy wins over the shipped one; a missing name falls back */
    Theme t;
    char used[PATH_MAX];
    Diag td = {0};
    assert_int_equal(uifiles_load_theme(&pl, "light", &t, &td, used, sizeof used), 0);
    assert_non_null(strstr(used, "/themes/light.theme"));
    assert_string_equal(t.name, "light");
    snprintf(path, sizeof path, "%s/themes/light.theme", dir);
    put(path, "[theme]\nname = my light\n[roles]\nbar.high = bogus\n");
    assert_int_equal(uifiles_load_theme(&pl, "light", &t, &td, used, sizeof used), 0);
    assert_string_equal(used, path);
    assert_string_equal(t.name, "my light");
    assert_int_equal(td.n_errors, 1); /* reported with file:line, the default style kept */
    char want[PATH_MAX * 2 + 16];
    snprintf(want, sizeof want, "%s:4: bar.high:", path);
    assert_memory_equal(td.msg[0], want, strlen(want));
    Diag nd = {0};
    assert_int_equal(uifiles_load_theme(&pl, "nosuch", &t, &nd, used, sizeof used), -ENOENT);
    assert_string_equal(t.name, "default");
    assert_non_null(strstr(nd.msg[0], "theme not found"));
    fixture_cleanup(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series),
        cmocka_unit_test(test_series_storage_on_first_known),
        cmocka_unit_test(test_graph_window),
        cmocka_unit_test(test_time_axis),
        cmocka_unit_test(test_graph_scale_and_cells),
        cmocka_unit_test(test_trips),
        cmocka_unit_test(test_alerts),
        cmocka_unit_test(test_model_energy),
        cmocka_unit_test(test_search_orders),
        cmocka_unit_test(test_loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
