/* SPDX-License-Identifier: MIT */
/* config: defaults, the shipped jtune.ini, good / partial / malformed files with their line
 * numbers, unknown keys and sections, [workload.*] pass-through. */
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
#include "jtune/conf/config.h"

/* True when some message of d is exactly msg. */
static bool has_msg(const Diag *d, const char *msg) {
    for (int i = 0; i < d->n; i++) {
        if (strcmp(d->msg[i], msg) == 0) {
            return true;
        }
    }
    return false;
}

static void dump(const Diag *d) {
    for (int i = 0; i < d->n; i++) {
        print_message("  diag: %s\n", d->msg[i]);
    }
}

static void test_defaults(void **state) {
    (void)state;
    Config c;
    config_defaults(&c);
    assert_int_equal(c.interval_ms, 1000);
    assert_int_equal(c.start_page, -1);
    assert_int_equal(c.n_panels, PANEL_COUNT);
    for (int i = 0; i < PANEL_COUNT; i++) {
        assert_int_equal(c.panels[i], i);
    }
    assert_int_equal(c.temp_unit, TEMP_CELSIUS);
    assert_int_equal(c.graph_history, 600);
    assert_string_equal(c.theme, "default");
    assert_int_equal(c.color, COLOR_MODE_AUTO);
    assert_int_equal(c.glyphs, GLYPHS_AUTO);
    assert_int_equal(c.n_binds, 0);
}

/* The shipped file documents every key with its default: it parses cleanly, every key of
 * the table is set in it, and the result equals the built-in defaults. */
static void test_shipped_file(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/config/jtune.ini", test_source_dir());
    const char *text = slurp_static(path);
    assert_true(strlen(text) > 0);
    Config c, def;
    config_defaults(&c);
    config_defaults(&def);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "jtune.ini", NULL, &d), 0);
    dump(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(d.n_warnings, 0);
    memset(c.path, 0, sizeof c.path);
    assert_memory_equal(&c, &def, sizeof c);
    size_t n;
    const ConfigKey *k = config_keys(&n);
    assert_true(n >= 8);
    for (size_t i = 0; i < n; i++) {
        char line[128];
        snprintf(line, sizeof line, "\n%s = ", k[i].key);
        if (!strstr(text, line)) {
            fail_msg("config/jtune.ini does not document [%s] %s", k[i].section, k[i].key);
        }
    }
}

static void test_good_file(void **state) {
    (void)state;
    const char *text = "[ui]\n"
                       "interval_ms = 250\n"
                       "start_page = Power\n"
                       "panels = power thermal, cpu\n"
                       "temp_unit = f\n"
                       "graph_history = 120\n"
                       "theme = /home/me/my.theme ; inline comment\n"
                       "color = never\n"
                       "glyphs = ascii\n"
                       "[keys]\n"
                       "quit = x, F10\n"
                       "quit = Q\n"
                       "record = none\n";
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "good.ini", NULL, &d), 0);
    dump(&d);
    assert_int_equal(d.n, 0);
    assert_int_equal(c.interval_ms, 250);
    assert_int_equal(c.start_page, PANEL_POWER);
    assert_int_equal(c.n_panels, 3);
    assert_int_equal(c.panels[0], PANEL_POWER);
    assert_int_equal(c.panels[1], PANEL_THERMAL);
    assert_int_equal(c.panels[2], PANEL_CPU);
    assert_int_equal(c.temp_unit, TEMP_FAHRENHEIT);
    assert_int_equal(c.graph_history, 120);
    assert_string_equal(c.theme, "/home/me/my.theme");
    assert_int_equal(c.color, COLOR_MODE_NEVER);
    assert_int_equal(c.glyphs, GLYPHS_ASCII);
    /* a later line for the same action replaces the earlier one */
    assert_int_equal(c.n_binds, 2);
    assert_string_equal(c.binds[0].action, "quit");
    assert_string_equal(c.binds[0].keys, "Q");
    assert_int_equal(c.binds[0].line, 12);
    assert_string_equal(c.binds[1].action, "record");
    assert_string_equal(c.binds[1].keys, "none");
    assert_int_equal(c.binds[1].line, 13);
    assert_string_equal(c.path, "good.ini");
}

static void test_partial_file(void **state) {
    (void)state;
    Config c, def;
    config_defaults(&c);
    config_defaults(&def);
    Diag d = {0};
    assert_int_equal(config_parse(&c, "; only one key\n[ui]\ntemp_unit = F\n", "p.ini", NULL, &d),
                     0);
    assert_int_equal(d.n, 0);
    assert_int_equal(c.temp_unit, TEMP_FAHRENHEIT);
    c.temp_unit = def.temp_unit;
    memset(c.path, 0, sizeof c.path);
    assert_memory_equal(&c, &def, sizeof c); /* everything else kept its default */
    /* an empty file is fine too */
    config_defaults(&c);
    assert_int_equal(config_parse(&c, "", "empty.ini", NULL, &d), 0);
    assert_int_equal(c.interval_ms, 1000);
}

static void test_malformed_file(void **state) {
    (void)state;
    const char *text = "[ui]\n"                        /* 1 */
                       "interval_ms = 10\n"            /* 2: below 50 */
                       "interval_ms = 2x\n"            /* 3: garbage */
                       "temp_unit = K\n"               /* 4 */
                       "panels = cpu, gpu, cpu\n"      /* 5: twice */
                       "panels = cpu, disk\n"          /* 6: unknown panel */
                       "this line has no equals\n"     /* 7: syntax */
                       "colour = never\n"              /* 8: unknown key (warning) */
                       "start_page = nowhere\n"        /* 9 */
                       "[ui\n"                         /* 10: syntax */
                       "graph_history = 99999999999\n" /* 11: range, still in [ui] */
                       "[display]\n"                   /* 12 */
                       "a = 1\n"                       /* 13: unknown section, warned once */
                       "b = 2\n"                       /* 14 */
                       "[ui]\n"                        /* 15 */
                       "glyphs = ascii\n";             /* 16: good lines after bad still apply */
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "bad.ini", NULL, &d), -EINVAL);
    dump(&d);
    assert_true(has_msg(&d, "bad.ini:2: interval_ms: expected a whole number from 50 to 60000, "
                            "got '10'"));
    assert_true(has_msg(&d, "bad.ini:3: interval_ms: expected a whole number from 50 to 60000, "
                            "got '2x'"));
    assert_true(has_msg(&d, "bad.ini:4: temp_unit: expected one of C, F, got 'K'"));
    assert_true(has_msg(&d, "bad.ini:5: panels: panel 'cpu' listed twice"));
    assert_true(has_msg(&d, "bad.ini:6: panels: unknown panel 'disk' (known: cpu, gpu, emc, "
                            "power, thermal, cpuidle, fan, memory, radio)"));
    assert_true(has_msg(&d, "bad.ini:7: expected 'key = value', '[section]' or a comment"));
    assert_true(has_msg(&d, "bad.ini:8: warning: unknown key 'colour' in [ui] ignored"));
    assert_true(has_msg(&d, "bad.ini:9: start_page: expected overview or a panel name, got "
                            "'nowhere'"));
    assert_true(has_msg(&d, "bad.ini:10: expected 'key = value', '[section]' or a comment"));
    assert_true(has_msg(&d, "bad.ini:11: graph_history: expected a whole number from 60 to "
                            "7200, got '99999999999'"));
    assert_true(has_msg(&d, "bad.ini:13: warning: unknown section [display] ignored"));
    assert_int_equal(d.n_errors, 9);
    assert_int_equal(d.n_warnings, 2); /* [display] once, colour once */
    /* bad values kept the defaults; good ones after them applied */
    assert_int_equal(c.interval_ms, 1000);
    assert_int_equal(c.temp_unit, TEMP_CELSIUS);
    assert_int_equal(c.n_panels, PANEL_COUNT);
    assert_int_equal(c.start_page, -1);
    assert_int_equal(c.graph_history, 600);
    assert_int_equal(c.glyphs, GLYPHS_ASCII);
}

/* Keys before any [section] are ignored with a warning naming file:line, each of them. */
static void test_keys_before_any_section(void **state) {
    (void)state;
    const char *text = "interval_ms = 200\n" /* 1 */
                       "glyphs = ascii\n"    /* 2 */
                       "[ui]\n"              /* 3 */
                       "temp_unit = F\n";    /* 4 */
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "top.ini", NULL, &d), 0);
    dump(&d);
    assert_true(has_msg(&d, "top.ini:1: warning: 'interval_ms' before any [section] ignored"));
    assert_true(has_msg(&d, "top.ini:2: warning: 'glyphs' before any [section] ignored"));
    assert_int_equal(d.n_warnings, 2);
    assert_int_equal(c.interval_ms, 1000);
    assert_int_equal(c.temp_unit, TEMP_FAHRENHEIT);
}

static void test_long_values(void **state) {
    (void)state;
    char text[2048];
    char longv[600];
    memset(longv, 'x', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    snprintf(text, sizeof text, "[ui]\ntheme = %s\n[keys]\nquit = %s\n", longv, longv);
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "long.ini", NULL, &d), -EINVAL);
    assert_true(has_msg(&d, "long.ini:2: theme: expected a value of 1 to 255 characters"));
    assert_true(has_msg(&d, "long.ini:4: [keys] quit: name or value too long"));
    assert_string_equal(c.theme, "default");
    assert_int_equal(c.n_binds, 0);
}

typedef struct {
    int calls;
    char seen[8][64];
    int lines[8];
} HookLog;

static int workload_hook(void *user, const char *section, const char *key, const char *value,
                         const char *file, int line, Diag *d) {
    HookLog *h = user;
    if (strcmp(key, "command") != 0 && strcmp(key, "batches") != 0) {
        diag_error(d, file, line, "[%s]: unknown workload key '%s'", section, key);
        return 0;
    }
    if (h->calls < 8) {
        snprintf(h->seen[h->calls], sizeof h->seen[0], "%s/%s=%s", section, key, value);
        h->lines[h->calls] = line;
    }
    h->calls++;
    return 1;
}

static void test_workload_sections(void **state) {
    (void)state;
    const char *text = "[workload.resnet]\n"
                       "command = ./infer --batch 8\n"
                       "batches = 100\n"
                       "[ui]\n"
                       "interval_ms = 500\n"
                       "[workload.yolo]\n"
                       "command = ./yolo\n"
                       "speed = fast\n";
    HookLog log = {0};
    ConfigHooks hooks = {.n = 1, .hooks = {{"workload.", workload_hook, &log}}};
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(config_parse(&c, text, "w.ini", &hooks, &d), -EINVAL);
    dump(&d);
    assert_int_equal(log.calls, 3);
    assert_string_equal(log.seen[0], "workload.resnet/command=./infer --batch 8");
    assert_int_equal(log.lines[0], 2);
    assert_string_equal(log.seen[2], "workload.yolo/command=./yolo");
    assert_int_equal(log.lines[2], 7);
    assert_true(has_msg(&d, "w.ini:8: [workload.yolo]: unknown workload key 'speed'"));
    assert_int_equal(d.n_warnings, 0); /* no "unknown section" for hooked sections */
    assert_int_equal(c.interval_ms, 500);
    /* without a hook the same sections are unknown: warned once each, not errors */
    Diag d2 = {0};
    config_defaults(&c);
    assert_int_equal(config_parse(&c, text, "w.ini", NULL, &d2), 0);
    assert_int_equal(d2.n_warnings, 2);
    assert_true(has_msg(&d2, "w.ini:2: warning: unknown section [workload.resnet] ignored"));
    assert_true(has_msg(&d2, "w.ini:7: warning: unknown section [workload.yolo] ignored"));
}

static void test_panel_list(void **state) {
    (void)state;
    PanelId p[PANEL_COUNT];
    int n = 0;
    char why[200];
    assert_int_equal(config_panels_parse(" memory,,radio  CPU ", p, &n, why, sizeof why), 0);
    assert_int_equal(n, 3);
    assert_int_equal(p[0], PANEL_MEM);
    assert_int_equal(p[1], PANEL_RADIO);
    assert_int_equal(p[2], PANEL_CPU);
    assert_int_equal(config_panels_parse(" , ", p, &n, why, sizeof why), -EINVAL);
    assert_string_equal(why, "expected at least one panel");
    for (int i = 0; i < PANEL_COUNT; i++) {
        PanelId back;
        assert_int_equal(config_panel_parse(config_panel_name((PanelId)i), &back), 0);
        assert_int_equal(back, i);
    }
    assert_string_equal(config_panel_name(PANEL_COUNT), "?");
}

static void test_syntax_bom_and_comments(void **state) {
    (void)state;
    Diag d = {0};
    assert_int_equal(config_check_syntax("\xEF\xBB\xBF[ui]\n# c\n; c\n\n  key: v\n", "x", &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(config_check_syntax("[]\n= v\n", "x", &d), -EINVAL);
    assert_int_equal(d.n_errors, 2);
    assert_true(has_msg(&d, "x:1: expected 'key = value', '[section]' or a comment"));
    assert_true(has_msg(&d, "x:2: expected 'key = value', '[section]' or a comment"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),       cmocka_unit_test(test_shipped_file),
        cmocka_unit_test(test_good_file),      cmocka_unit_test(test_partial_file),
        cmocka_unit_test(test_malformed_file), cmocka_unit_test(test_keys_before_any_section),
        cmocka_unit_test(test_long_values),    cmocka_unit_test(test_workload_sections),
        cmocka_unit_test(test_panel_list),     cmocka_unit_test(test_syntax_bom_and_comments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
