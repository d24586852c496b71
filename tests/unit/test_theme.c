/* SPDX-License-Identifier: MIT */
/* theme and color: colour words, nearest-colour mapping on 256/16/8 colours, styles, the
 * shipped themes (complete, clean, default.theme == built-in), partial and malformed
 * files with line numbers, per-key fallback. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/ui/theme.h"

static bool has_msg(const Diag *d, const char *msg) {
    for (int i = 0; i < d->n; i++) {
        if (strcmp(d->msg[i], msg) == 0) {
            return true;
        }
    }
    return false;
}

static void test_color_parse(void **state) {
    (void)state;
    ColorSpec c;
    assert_int_equal(color_parse("#FF8700", &c), 0);
    assert_int_equal(c.kind, CLR_RGB);
    assert_int_equal(c.r, 255);
    assert_int_equal(c.g, 0x87);
    assert_int_equal(c.b, 0);
    assert_int_equal(color_parse("208", &c), 0);
    assert_int_equal(c.kind, CLR_INDEX);
    assert_int_equal(c.index, 208);
    assert_int_equal(color_parse("Bright-Blue", &c), 0);
    assert_int_equal(c.index, 12);
    assert_int_equal(color_parse("grey", &c), 0);
    assert_int_equal(c.index, 8);
    assert_int_equal(color_parse("default", &c), 0);
    assert_int_equal(c.kind, CLR_DEFAULT);
    static const char *const bad[] = {"#ff870", "#ff87001", "#gg0000", "256", "-1",
                                      "0009",   "purple",   "",        "#"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (color_parse(bad[i], &c) != -EINVAL) {
            fail_msg("colour '%s' accepted", bad[i]);
        }
    }
}

static void test_color_nearest(void **state) {
    (void)state;
    ColorSpec c;
    /* exact cube and grey entries on 256 colours */
    color_parse("#ff8700", &c);
    assert_int_equal(color_nearest(c, 256), 208);
    color_parse("#5fafff", &c);
    assert_int_equal(color_nearest(c, 256), 75);
    color_parse("#303030", &c);
    assert_int_equal(color_nearest(c, 256), 236);
    color_parse("#000000", &c);
    assert_int_equal(color_nearest(c, 256), 16); /* the cube's black, not the themable 0 */
    /* 16 and 8 colours: the obvious base colours */
    color_parse("#ff0000", &c);
    assert_int_equal(color_nearest(c, 16), 9);
    assert_int_equal(color_nearest(c, 8), 1);
    color_parse("#ff5f5f", &c);
    assert_int_equal(color_nearest(c, 8), 1);
    color_parse("#5fd75f", &c);
    assert_int_equal(color_nearest(c, 8), 2);
    color_parse("#ffd75f", &c);
    assert_int_equal(color_nearest(c, 8), 3);
    color_parse("#e4e4e4", &c);
    assert_int_equal(color_nearest(c, 8), 7);
    color_parse("#262626", &c);
    assert_int_equal(color_nearest(c, 8), 0);
    /* an index the terminal lacks goes to its nearest available colour */
    color_parse("196", &c); /* #ff0000 */
    assert_int_equal(color_nearest(c, 256), 196);
    assert_int_equal(color_nearest(c, 16), 9);
    assert_int_equal(color_nearest(c, 8), 1);
    color_parse("blue", &c);
    assert_int_equal(color_nearest(c, 8), 4);
    color_parse("default", &c);
    assert_int_equal(color_nearest(c, 256), -1);
    /* every index maps below the terminal's count */
    for (int i = 0; i < 256; i++) {
        ColorSpec x = {.kind = CLR_INDEX, .index = (uint8_t)i};
        assert_true(color_nearest(x, 8) < 8);
        assert_true(color_nearest(x, 16) < 16);
        assert_int_equal(color_nearest(x, 256), i);
    }
    uint8_t rgb[3];
    color_index_rgb(231, rgb);
    assert_int_equal(rgb[0], 255);
    color_index_rgb(232, rgb);
    assert_int_equal(rgb[0], 8);
}

static void test_style_parse(void **state) {
    (void)state;
    Style s;
    char why[200];
    assert_int_equal(theme_style_parse("bold #ffffff on #af0000", &s, why, sizeof why), 0);
    assert_int_equal(s.attrs, TATTR_BOLD);
    assert_int_equal(s.fg.kind, CLR_RGB);
    assert_int_equal(s.bg.kind, CLR_RGB);
    assert_int_equal(s.bg.r, 0xaf);
    assert_int_equal(theme_style_parse("reverse", &s, why, sizeof why), 0);
    assert_int_equal(s.attrs, TATTR_REVERSE);
    assert_int_equal(s.fg.kind, CLR_DEFAULT);
    assert_int_equal(theme_style_parse("on blue underline red", &s, why, sizeof why), 0);
    assert_int_equal(s.fg.index, 1);
    assert_int_equal(s.bg.index, 4);
    assert_int_equal(s.attrs, TATTR_UNDERLINE);
    assert_int_equal(theme_style_parse("red green", &s, why, sizeof why), -EINVAL);
    assert_string_equal(why, "unexpected 'green' (a style is [attributes] [FG] [on BG])");
    assert_int_equal(theme_style_parse("bold on", &s, why, sizeof why), -EINVAL);
    assert_string_equal(why, "'on' needs one background colour, got ''");
    assert_int_equal(theme_style_parse("blod", &s, why, sizeof why), -EINVAL);
    assert_int_equal(theme_style_parse("   ", &s, why, sizeof why), -EINVAL);
    /* format round trip */
    static const char *const styles[] = {"bold #ffffff on #af0000", "reverse",        "default",
                                         "bold underline",          "208 on default", "12 on 0"};
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        Style a, b;
        char out[64];
        assert_int_equal(theme_style_parse(styles[i], &a, why, sizeof why), 0);
        assert_true(theme_style_format(&a, out, sizeof out) > 0);
        assert_int_equal(theme_style_parse(out, &b, why, sizeof why), 0);
        assert_memory_equal(&a, &b, sizeof a);
    }
}

static void load_theme(const char *name, Theme *t, Diag *d, int *rc) {
    char path[1024];
    snprintf(path, sizeof path, "%s/themes/%s.theme", test_source_dir(), name);
    const char *text = slurp_static(path);
    assert_true(strlen(text) > 0);
    theme_default(t);
    *rc = theme_parse(t, text, path, d);
}

/* Every shipped theme parses cleanly and sets every role explicitly. */
static void test_shipped_themes(void **state) {
    (void)state;
    static const char *const names[] = {"default", "light", "mono", "solarized"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Theme t;
        Diag d = {0};
        int rc;
        load_theme(names[i], &t, &d, &rc);
        for (int m = 0; m < d.n; m++) {
            print_message("  %s\n", d.msg[m]);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(d.n, 0);
        assert_string_equal(t.name, names[i]);
        char path[1024];
        snprintf(path, sizeof path, "%s/themes/%s.theme", test_source_dir(), names[i]);
        const char *text = slurp_static(path);
        for (int r = 0; r < ROLE_COUNT; r++) {
            char key[64];
            snprintf(key, sizeof key, "\n%s ", theme_role_name((Role)r));
            if (!strstr(text, key)) {
                fail_msg("%s.theme does not set role %s", names[i], theme_role_name((Role)r));
            }
        }
    }
}

static void test_default_file_is_builtin(void **state) {
    (void)state;
    Theme file, builtin;
    Diag d = {0};
    int rc;
    load_theme("default", &file, &d, &rc);
    assert_int_equal(rc, 0);
    theme_default(&builtin);
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (memcmp(&file.style[r], &builtin.style[r], sizeof(Style)) != 0) {
            fail_msg("default.theme and the built-in default differ on %s",
                     theme_role_name((Role)r));
        }
    }
}

/* mono needs no colour at all; light differs from default. */
static void test_mono_and_light(void **state) {
    (void)state;
    Theme mono, light, def;
    Diag d = {0};
    int rc;
    load_theme("mono", &mono, &d, &rc);
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_int_equal(mono.style[r].fg.kind, CLR_DEFAULT);
        assert_int_equal(mono.style[r].bg.kind, CLR_DEFAULT);
    }
    /* high contrast: the things that must stand out do, without colour */
    assert_true(mono.style[ROLE_SELECTED].attrs & TATTR_REVERSE);
    assert_true(mono.style[ROLE_TEMP_HOT].attrs & (TATTR_REVERSE | TATTR_BOLD));
    assert_true(mono.style[ROLE_HEADER_ALERT].attrs & TATTR_REVERSE);
    assert_true(mono.style[ROLE_TAB_ACTIVE].attrs != mono.style[ROLE_TAB].attrs);
    load_theme("light", &light, &d, &rc);
    theme_default(&def);
    assert_memory_not_equal(&light.style[ROLE_BAR_EMPTY], &def.style[ROLE_BAR_EMPTY],
                            sizeof(Style));
    assert_memory_not_equal(&light.style[ROLE_HEADER], &def.style[ROLE_HEADER], sizeof(Style));
}

static void test_partial_and_malformed(void **state) {
    (void)state;
    const char *text = "[theme]\n"                 /* 1 */
                       "name = mine\n"             /* 2 */
                       "[roles]\n"                 /* 3 */
                       "bar.high = bold #ff0000\n" /* 4 */
                       "bar.low = #12345\n"        /* 5: bad colour */
                       "header = red on\n"         /* 6: missing background */
                       "bar.medium = red\n"        /* 7: unknown role (warning) */
                       "temp.hot = blinking\n"     /* 8: bad word */
                       "garbage\n"                 /* 9: syntax */
                       "[colors]\n"                /* 10: unknown section */
                       "x = 1\n"                   /* 11 */
                       "[roles]\n"                 /* 12 */
                       "selected = underline\n";   /* 13 */
    Theme t, def;
    theme_default(&t);
    theme_default(&def);
    Diag d = {0};
    assert_int_equal(theme_parse(&t, text, "mine.theme", &d), -EINVAL);
    for (int i = 0; i < d.n; i++) {
        print_message("  %s\n", d.msg[i]);
    }
    assert_string_equal(t.name, "mine");
    assert_true(has_msg(&d, "mine.theme:5: bar.low: bad colour or attribute '#12345' (use "
                            "#rrggbb, 0-255, a colour name, default, or bold/dim/underline/"
                            "reverse/italic/blink); the default style is used"));
    assert_true(has_msg(&d, "mine.theme:6: header: 'on' needs one background colour, got ''; "
                            "the default style is used"));
    assert_true(has_msg(&d, "mine.theme:7: warning: unknown role 'bar.medium' ignored"));
    assert_true(has_msg(&d, "mine.theme:9: expected 'key = value', '[section]' or a comment"));
    assert_true(has_msg(&d, "mine.theme:11: warning: unknown section [colors] ignored"));
    assert_int_equal(d.n_errors, 4); /* lines 5, 6, 8, 9 */
    /* set roles changed; bad and missing ones are the default's, key by key */
    assert_int_equal(t.style[ROLE_BAR_HIGH].attrs, TATTR_BOLD);
    assert_int_equal(t.style[ROLE_BAR_HIGH].fg.r, 255);
    assert_int_equal(t.style[ROLE_SELECTED].attrs, TATTR_UNDERLINE);
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_BAR_HIGH && r != ROLE_SELECTED) {
            assert_memory_equal(&t.style[r], &def.style[r], sizeof(Style));
        }
    }
}

static void test_strip_colors(void **state) {
    (void)state;
    Theme t;
    theme_default(&t);
    unsigned bold = t.style[ROLE_VALUE].attrs;
    theme_strip_colors(&t);
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_int_equal(t.style[r].fg.kind, CLR_DEFAULT);
        assert_int_equal(t.style[r].bg.kind, CLR_DEFAULT);
    }
    assert_int_equal(t.style[ROLE_VALUE].attrs, bold);
    Role r;
    assert_int_equal(theme_role_parse("graph.power", &r), 0);
    assert_int_equal(r, ROLE_GRAPH_POWER);
    assert_int_equal(theme_role_parse("graph.disk", &r), -EINVAL);
}

/* docs/ui.md lists every role with the built-in default's style. */
static void test_docs_list_roles(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/ui.md", test_source_dir());
    const char *text = slurp_static(path);
    assert_true(strlen(text) > 0);
    Theme t;
    theme_default(&t);
    for (int r = 0; r < ROLE_COUNT; r++) {
        char style[64], line[256];
        theme_style_format(&t.style[r], style, sizeof style);
        Style back;
        char why[64];
        snprintf(line, sizeof line, "\n| %s | %s | `", theme_role_name((Role)r),
                 theme_role_help((Role)r));
        const char *row = strstr(text, line);
        if (!row) {
            fail_msg("docs/ui.md lacks the role %s", theme_role_name((Role)r));
        }
        /* the documented default parses to the built-in style */
        char doc[64];
        const char *s0 = row + strlen(line), *s1 = strchr(s0, '`');
        assert_non_null(s1);
        snprintf(doc, sizeof doc, "%.*s", (int)(s1 - s0), s0);
        assert_int_equal(theme_style_parse(doc, &back, why, sizeof why), 0);
        assert_memory_equal(&back, &t.style[r], sizeof back);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_color_parse),
        cmocka_unit_test(test_color_nearest),
        cmocka_unit_test(test_style_parse),
        cmocka_unit_test(test_shipped_themes),
        cmocka_unit_test(test_default_file_is_builtin),
        cmocka_unit_test(test_mono_and_light),
        cmocka_unit_test(test_partial_and_malformed),
        cmocka_unit_test(test_strip_colors),
        cmocka_unit_test(test_docs_list_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
