/* SPDX-License-Identifier: MIT */
/* keymap: the defaults have no duplicate keys, the generated help lists every action with
 * its keys, key names round-trip, config overrides apply (with file:line errors), and the
 * shipped jtune.ini lists every action with its real default keys. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/ui/keymap.h"

static bool has_msg(const Diag *d, const char *msg) {
    for (int i = 0; i < d->n; i++) {
        if (strcmp(d->msg[i], msg) == 0) {
            return true;
        }
    }
    return false;
}

static void test_table_complete(void **state) {
    (void)state;
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        const ActionInfo *i = keymap_info((ActionId)a);
        assert_non_null(i);
        assert_non_null(i->name);
        assert_non_null(i->help);
        assert_true(strlen(i->help) > 3);
        assert_true(i->defaults[0] != 0); /* every action has a default key */
        ActionId back;
        assert_int_equal(keymap_action_parse(i->name, &back), 0);
        assert_int_equal(back, a);
    }
    assert_null(keymap_info(ACT_NONE));
    assert_null(keymap_info(ACT_COUNT));
}

static void test_no_duplicate_defaults(void **state) {
    (void)state;
    Keymap km;
    keymap_defaults(&km);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        for (int i = 0; i < km.bind[a].n; i++) {
            KeyCode k = km.bind[a].keys[i];
            for (int b = ACT_NONE + 1; b < ACT_COUNT; b++) {
                for (int j = 0; j < km.bind[b].n; j++) {
                    if ((a != b || i != j) && km.bind[b].keys[j] == k) {
                        fail_msg("key %d bound to both %s and %s", (int)k,
                                 keymap_info((ActionId)a)->name, keymap_info((ActionId)b)->name);
                    }
                }
            }
            assert_int_equal(keymap_lookup(&km, k), a);
        }
    }
    /* the keys the issue asks for */
    assert_int_equal(keymap_lookup(&km, '?'), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, KEYC_F(1)), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, 'q'), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, KEYC_F(10)), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, ' '), ACT_PAUSE);
    assert_int_equal(keymap_lookup(&km, '+'), ACT_INTERVAL_UP);
    assert_int_equal(keymap_lookup(&km, '-'), ACT_INTERVAL_DOWN);
    assert_int_equal(keymap_lookup(&km, KEYC_TAB), ACT_PAGE_NEXT);
    for (int p = 1; p <= 9; p++) {
        assert_int_equal(keymap_lookup(&km, '0' + p), ACT_PAGE_1 + p - 1);
    }
    assert_int_equal(keymap_lookup(&km, 'Z'), ACT_NONE);
}

static void test_help_lists_every_action(void **state) {
    (void)state;
    Keymap km;
    keymap_defaults(&km);
    HelpLine lines[128];
    int n = keymap_help(&km, lines, 128);
    assert_int_equal(n, (ACT_COUNT - 1) + AG_COUNT);
    bool listed[ACT_COUNT] = {false};
    int headings = 0;
    for (int i = 0; i < n; i++) {
        if (lines[i].heading) {
            headings++;
            continue;
        }
        ActionId a = lines[i].action;
        assert_false(listed[a]);
        listed[a] = true;
        assert_string_equal(lines[i].text, keymap_info(a)->help);
        /* the keys column names every bound key */
        for (int k = 0; k < km.bind[a].n; k++) {
            char name[24];
            assert_true(keymap_key_format(km.bind[a].keys[k], name, sizeof name) > 0);
            assert_non_null(strstr(lines[i].keys, name));
        }
    }
    assert_int_equal(headings, AG_COUNT);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        assert_true(listed[a]);
    }
    /* a rebound key shows up in the help at once */
    Config c;
    config_defaults(&c);
    c.n_binds = 1;
    snprintf(c.binds[0].action, sizeof c.binds[0].action, "record");
    snprintf(c.binds[0].keys, sizeof c.binds[0].keys, "F5");
    Diag d = {0};
    assert_int_equal(keymap_apply(&km, &c, &d), 0);
    n = keymap_help(&km, lines, 128);
    for (int i = 0; i < n; i++) {
        if (lines[i].action == ACT_RECORD) {
            assert_string_equal(lines[i].keys, "F5");
        }
    }
    /* truncated output stays within max */
    assert_int_equal(keymap_help(&km, lines, 5), 5);
}

static void test_key_names(void **state) {
    (void)state;
    static const char *const names[] = {
        "q",         "?",
        "+",         "space",
        "comma",     "semicolon",
        "tab",       "shift-tab",
        "enter",     "esc",
        "backspace", "delete",
        "up",        "down",
        "left",      "right",
        "home",      "end",
        "pgup",      "pgdn",
        "F1",        "F10",
        "F24",       "C-l",
        "C-a",       "\xc3\xa9" /* é */,
        "[",         "]",
        "#",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        KeyCode k;
        if (keymap_key_parse(names[i], &k) != 0) {
            fail_msg("key name '%s' rejected", names[i]);
        }
        char back[24];
        assert_true(keymap_key_format(k, back, sizeof back) > 0);
        assert_string_equal(back, names[i]);
    }
    KeyCode k;
    assert_int_equal(keymap_key_parse("f5", &k), 0);
    assert_int_equal(k, KEYC_F(5));
    assert_int_equal(keymap_key_parse("SPACE", &k), 0);
    assert_int_equal(k, ' ');
    static const char *const bad[] = {"",    "qq",   "F0",       "F25",    "F1x",
                                      "C-",  "C-1",  "C-c",      "C-z",    "C-i",
                                      "C-m", "\xc3", "\xc0\xaf", "ctrl-x", " "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (keymap_key_parse(bad[i], &k) != -EINVAL) {
            fail_msg("bad key name '%s' accepted", bad[i]);
        }
    }
    char small[2];
    assert_int_equal(keymap_key_format(KEYC_F(12), small, sizeof small), -ERANGE);
}

static Config binds(const char *const *pairs, int n) {
    Config c;
    config_defaults(&c);
    snprintf(c.path, sizeof c.path, "my.ini");
    for (int i = 0; i < n; i++) {
        snprintf(c.binds[i].action, sizeof c.binds[i].action, "%s", pairs[2 * i]);
        snprintf(c.binds[i].keys, sizeof c.binds[i].keys, "%s", pairs[2 * i + 1]);
        c.binds[i].line = 10 + i;
    }
    c.n_binds = n;
    return c;
}

static void test_overrides(void **state) {
    (void)state;
    static const char *const pairs[] = {
        "quit",     "x, F12",    /* replaces q and F10 */
        "pause",    "p",         /* p was park's: moves with a warning */
        "record",   "none",      /* unbinds */
        "nosuch",   "k",         /* error */
        "help",     "F1, bogus", /* error: help unchanged */
        "governor", "1,2,3,4,5", /* too many keys: error */
    };
    Config c = binds(pairs, 6);
    Keymap km;
    keymap_defaults(&km);
    Diag d = {0};
    assert_int_equal(keymap_apply(&km, &c, &d), -EINVAL);
    for (int i = 0; i < d.n; i++) {
        print_message("  diag: %s\n", d.msg[i]);
    }
    assert_int_equal(keymap_lookup(&km, 'x'), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, KEYC_F(12)), ACT_QUIT);
    assert_int_equal(keymap_lookup(&km, 'q'), ACT_NONE);
    assert_int_equal(keymap_lookup(&km, KEYC_F(10)), ACT_NONE);
    assert_int_equal(keymap_lookup(&km, 'p'), ACT_PAUSE);
    assert_int_equal(km.bind[ACT_PARK].n, 0);
    assert_int_equal(km.bind[ACT_RECORD].n, 0);
    assert_int_equal(keymap_lookup(&km, 'R'), ACT_NONE);
    assert_int_equal(keymap_lookup(&km, '?'), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, 'g'), ACT_GOVERNOR);
    assert_true(has_msg(&d, "my.ini:11: warning: key 'p' moves from 'park' to 'pause'"));
    assert_true(has_msg(&d, "my.ini:13: [keys]: unknown action 'nosuch'"));
    assert_true(has_msg(&d, "my.ini:14: [keys] help: bad key 'bogus' (a character, space, tab, "
                            "F1..F24, C-a..C-z, up, down, ...; at most 4 keys)"));
    assert_true(has_msg(&d, "my.ini:15: [keys] governor: bad key '5' (a character, space, tab, "
                            "F1..F24, C-a..C-z, up, down, ...; at most 4 keys)"));
    assert_int_equal(d.n_errors, 3);
    assert_int_equal(d.n_warnings, 1);
    /* park is now unbound: the help says so */
    HelpLine lines[128];
    int n = keymap_help(&km, lines, 128);
    for (int i = 0; i < n; i++) {
        if (lines[i].action == ACT_PARK) {
            assert_string_equal(lines[i].keys, "(unbound)");
        }
    }
}

/* Through the config parser, with real line numbers. */
static void test_overrides_from_file(void **state) {
    (void)state;
    Config c;
    config_defaults(&c);
    Diag d = {0};
    assert_int_equal(
        config_parse(&c, "[keys]\n\nhelp = F2\npage_next = right\n", "k.ini", NULL, &d), 0);
    Keymap km;
    keymap_defaults(&km);
    assert_int_equal(keymap_apply(&km, &c, &d), 0);
    assert_int_equal(keymap_lookup(&km, KEYC_F(2)), ACT_HELP);
    assert_int_equal(keymap_lookup(&km, '?'), ACT_NONE);
    assert_int_equal(keymap_lookup(&km, KEYC_RIGHT), ACT_PAGE_NEXT);
    assert_true(has_msg(&d, "k.ini:4: warning: key 'right' moves from 'right' to 'page_next'"));
}

/* The [keys] part of the shipped jtune.ini is the table: no drift. */
static void test_shipped_ini_lists_keys(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/config/jtune.ini", test_source_dir());
    const char *text = slurp_static(path);
    assert_true(strlen(text) > 0);
    Keymap km;
    keymap_defaults(&km);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        char keys[64], line[128];
        keymap_keys_format(&km, (ActionId)a, keys, sizeof keys);
        snprintf(line, sizeof line, "\n; %s = %s\n", keymap_info((ActionId)a)->name, keys);
        if (!strstr(text, line)) {
            fail_msg("config/jtune.ini lacks the line '%s'", line + 1);
        }
    }
}

/* docs/ui.md's key tables are the table too. */
static void test_docs_list_keys(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/ui.md", test_source_dir());
    const char *text = slurp_static(path);
    assert_true(strlen(text) > 0);
    Keymap km;
    keymap_defaults(&km);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        const ActionInfo *i = keymap_info((ActionId)a);
        char keys[64], line[256];
        keymap_keys_format(&km, (ActionId)a, keys, sizeof keys);
        snprintf(line, sizeof line, "\n| %s | %s | %s |\n", i->name, keys, i->help);
        if (!strstr(text, line)) {
            fail_msg("docs/ui.md lacks the row '%s'", line + 1);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_complete),
        cmocka_unit_test(test_no_duplicate_defaults),
        cmocka_unit_test(test_help_lists_every_action),
        cmocka_unit_test(test_key_names),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_overrides_from_file),
        cmocka_unit_test(test_shipped_ini_lists_keys),
        cmocka_unit_test(test_docs_list_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
