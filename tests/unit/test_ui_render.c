/* SPDX-License-Identifier: MIT */
/* ui rendering, off-screen: every page and panel drawn into a curses screen that writes
 * to /dev/null, read back cell by cell. Checks what a user must see (board, rails, CPU
 * rows, temperatures, n/a for unknown values, units), the too-small message, ASCII mode,
 * the help overlay generated from the keymap, that graphs repaint incrementally, and that a
 * partially painted screen (only the widgets that changed) is cell for cell the full one. */
#include <curses.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "jtune/ui/keymap.h"
#include "jtune/ui/panels.h"
#include "jtune/ui/screen.h"
#include "fixture.h"
#include "ui_synth.h"

typedef struct {
    SCREEN *scr;
    FILE *out, *in;
    Inventory inv;
    UiModel model;
    Palette pal;
    Keymap km;
    UiState st;
    UiActions acts;
    char rows[100][1200]; /* the screen read back, UTF-8 */
    int cols, nrows;
} R;

static int setup(void **state) {
    R *r = calloc(1, sizeof *r);
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        setlocale(LC_ALL, "C.utf8");
    }
    r->out = fopen("/dev/null", "w");
    r->in = fopen("/dev/null", "r");
    r->scr = newterm("xterm-256color", r->out, r->in);
    if (!r->scr) {
        print_message("cannot start curses on xterm-256color (no terminfo?)\n");
        free(r);
        return -1;
    }
    set_term(r->scr);
    start_color();
    use_default_colors();
    uisynth_inventory(&r->inv);
    assert_int_equal(uimodel_init(&r->model, &r->inv, 600, 1000), 0);
    r->model.utf8 = true;
    for (uint64_t i = 0; i < 30; i++) {
        Sample s;
        uisynth_sample(&r->inv, i, 1000, &s);
        uimodel_update(&r->model, &s);
    }
    Theme t;
    theme_default(&t);
    palette_init(&r->pal, &t, true);
    keymap_defaults(&r->km);
    r->st.n_panels = PANEL_COUNT;
    for (int i = 0; i < PANEL_COUNT; i++) {
        r->st.panels[i] = (PanelId)i;
    }
    *state = r;
    return 0;
}

static int teardown(void **state) {
    R *r = *state;
    uimodel_free(&r->model);
    endwin();
    delscreen(r->scr);
    fclose(r->out);
    fclose(r->in);
    free(r);
    return 0;
}

static void dump(const R *r);

/* JTUNE_UI_DUMP=1 prints every frame the tests draw (to look at the screens). */
static void maybe_dump(const R *r) {
    if (getenv("JTUNE_UI_DUMP")) {
        dump(r);
    }
}

/* Draw a frame at cols x rows and read every row back. */
static void render(R *r, int cols, int rows, bool utf8) {
    resize_term(rows, cols);
    werase(stdscr); /* the test starts each frame from blank cells to catch unpainted ones */
    ScreenCtx ctx = {.win = stdscr,
                     .pal = &r->pal,
                     .glyphs = glyphs_get(utf8),
                     .model = &r->model,
                     .actions = &r->acts,
                     .keymap = &r->km};
    r->model.utf8 = utf8;
    screen_draw(&ctx, &r->st, cols, rows, NULL);
    r->cols = cols;
    r->nrows = rows;
    for (int y = 0; y < rows && y < 100; y++) {
        wchar_t w[1100];
        int n = mvwinnwstr(stdscr, y, 0, w, cols < 1100 ? cols : 1099);
        size_t o = 0;
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        for (int i = 0; i < n && o + MB_CUR_MAX < sizeof r->rows[y]; i++) {
            size_t k = wcrtomb(r->rows[y] + o, w[i], &ps);
            o += k == (size_t)-1 ? 0 : k;
        }
        r->rows[y][o] = '\0';
    }
    maybe_dump(r);
}

static bool on_screen(const R *r, const char *s) {
    for (int y = 0; y < r->nrows; y++) {
        if (strstr(r->rows[y], s)) {
            return true;
        }
    }
    return false;
}

static void dump(const R *r) {
    for (int y = 0; y < r->nrows; y++) {
        print_message("%2d|%s|\n", y, r->rows[y]);
    }
}

static void must_see(const R *r, const char *s) {
    if (!on_screen(r, s)) {
        dump(r);
        fail_msg("'%s' is not on the %dx%d screen", s, r->cols, r->nrows);
    }
}

static void test_overview_content(void **state) {
    R *r = *state;
    static const int sizes[][2] = {{120, 40}, {80, 24}, {200, 60}};
    for (size_t i = 0; i < 3; i++) {
        r->st.page = 0;
        render(r, sizes[i][0], sizes[i][1], true);
        /* the full wording where it fits, a compact one at 80 columns */
        must_see(r, sizes[i][0] >= 120 ? "Jetson Orin Nano Developer Kit Super"
                                       : "Jetson Orin Nano Super");
        must_see(r, sizes[i][0] >= 120 ? "L4T 36.4.3 (JetPack 6.2)" : "L4T 36.4.3 (JP 6.2)");
        must_see(r, "mode 25W");
        must_see(r, "clocks dynamic");
        must_see(r, "monitor only");
        for (int k = 0; k < r->inv.n_rails; k++) {
            must_see(r, r->inv.rails[k].label);
        }
        for (int c = 0; c < 6; c++) {
            char name[8];
            snprintf(name, sizeof name, "cpu%d ", c);
            must_see(r, name);
        }
        must_see(r, "\u00b0C");  /* a temperature */
        must_see(r, "1190 MHz"); /* CPU frequency with its unit */
        must_see(r, " W");
        must_see(r, sizes[i][0] >= 120 ? "1 Overview" : "1 All");
    }
    /* 120x40: every panel fits on the overview */
    render(r, 120, 40, true);
    static const char *const titles[] = {"CPU ",     "GPU ", "EMC ",    "Power ", "Thermal ",
                                         "cpuidle ", "Fan ", "Memory ", "Radios "};
    for (size_t i = 0; i < 9; i++) {
        must_see(r, titles[i]);
    }
    must_see(r, "n/a"); /* the power-gated cv zones and the EMC rate without root */
}

static void test_every_page(void **state) {
    R *r = *state;
    static const char *const expect[PANEL_COUNT] = {
        [PANEL_CPU] = "cluster 1 (cpu4-5)  schedutil  cap 730-1344 MHz",
        [PANEL_GPU] = "GPU frequency",
        [PANEL_EMC] = "EMC rate needs root",
        [PANEL_POWER] = "Board input power",
        [PANEL_THERMAL] = "Hottest zone",
        [PANEL_IDLE] = "c7 (>30000 us)",
        [PANEL_FAN] = "profiles quiet (default) cool",
        [PANEL_MEM] = "largest free block",
        [PANEL_RADIO] = "blocked (soft)",
    };
    for (int p = 1; p <= PANEL_COUNT; p++) {
        r->st.page = p;
        render(r, 120, 40, true);
        must_see(r, expect[r->st.panels[p - 1]]);
        render(r, 80, 24, true);
        must_see(r, panel_get(r->st.panels[p - 1])->title);
    }
    r->st.page = 0;
}

static void test_too_small(void **state) {
    R *r = *state;
    render(r, 60, 20, true);
    must_see(r, "terminal too small: 60x20");
    must_see(r, "needs 80x24");
    render(r, 79, 40, true);
    must_see(r, "terminal too small: 79x40");
    render(r, 10, 3, true); /* tiny: no crash, something sensible */
    render(r, 80, 24, true);
    assert_false(on_screen(r, "too small"));
}

static void test_ascii_mode(void **state) {
    R *r = *state;
    for (int p = 0; p <= PANEL_COUNT; p++) {
        r->st.page = p;
        render(r, 120, 40, false);
        for (int y = 0; y < r->nrows; y++) {
            for (const unsigned char *c = (const unsigned char *)r->rows[y]; *c; c++) {
                if (*c >= 0x80) {
                    dump(r);
                    fail_msg("page %d row %d has a non-ASCII character", p, y);
                }
            }
        }
    }
    r->st.page = 0;
    render(r, 120, 40, false);
    must_see(r, "C "); /* temperatures without the degree sign */
    must_see(r, "#");  /* bars in ASCII */
}

static void test_help_overlay(void **state) {
    R *r = *state;
    r->st.overlay = OVERLAY_HELP;
    r->st.help.top = 0;
    /* large: every action's key and text on one screen */
    render(r, 200, 60, true);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        must_see(r, keymap_info((ActionId)a)->help);
    }
    must_see(r, "?, F1, h");
    /* 80x24: scrolling down shows every line sooner or later */
    bool seen[ACT_COUNT] = {false};
    for (int page = 0; page < 20; page++) {
        render(r, 80, 24, true);
        for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
            seen[a] = seen[a] || on_screen(r, keymap_info((ActionId)a)->help);
        }
        help_key(&r->st.help, KEYC_PGDN, &r->km, r->st.overlay_rows);
    }
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        if (!seen[a]) {
            fail_msg("help at 80x24 never shows '%s'", keymap_info((ActionId)a)->help);
        }
    }
    r->st.overlay = OVERLAY_NONE;
}

static void test_picker_and_confirm_draw(void **state) {
    R *r = *state;
    picker_init(&r->st.picker, "GPU cap", 1);
    picker_add(&r->st.picker, "918 MHz", 918000000);
    picker_add(&r->st.picker, "612 MHz", 612000000);
    r->st.overlay = OVERLAY_PICKER;
    render(r, 80, 24, true);
    must_see(r, "GPU cap");
    must_see(r, "918 MHz");
    must_see(r, "enter: choose");
    static const char *const ch[] = {"Keep", "Restore", NULL};
    confirm_init(&r->st.confirm, "Quit", "Keep the changes?", 1, ch);
    r->st.overlay = OVERLAY_CONFIRM;
    render(r, 80, 24, true);
    must_see(r, "[ Keep ]");
    must_see(r, "[ Restore ]");
    must_see(r, "Keep the changes?");
    r->st.overlay = OVERLAY_NONE;
}

/* The mono theme (NO_COLOR, vt100): no reverse-video cell in the body of the overview, the
 * gaps between columns and the rows below short panels included (only the header, the
 * footer and a selection are reversed). */
static void test_mono_body_plain(void **state) {
    R *r = *state;
    char path[1024];
    snprintf(path, sizeof path, "%s/themes/mono.theme", test_source_dir());
    Theme t;
    theme_default(&t);
    Diag d = {0};
    assert_int_equal(theme_parse(&t, slurp_static(path), path, &d), 0);
    theme_strip_colors(&t);
    Palette saved = r->pal;
    palette_init(&r->pal, &t, false);
    static const int sizes[][2] = {{80, 24}, {100, 30}, {120, 40}, {200, 60}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int cols = sizes[i][0], rows = sizes[i][1];
        render(r, cols, rows, true);
        for (int y = LAYOUT_HEADER_ROWS; y < rows - LAYOUT_FOOTER_ROWS; y++) {
            for (int x = 0; x < cols; x++) {
                chtype ch = mvwinch(stdscr, y, x);
                if (ch & A_REVERSE) {
                    dump(r);
                    fail_msg("%dx%d: a reverse-video cell at row %d column %d (0x%lx)", cols, rows,
                             y, x, (unsigned long)ch);
                }
            }
        }
    }
    r->pal = saved;
}

static void test_message_and_selection(void **state) {
    R *r = *state;
    snprintf(r->st.message, sizeof r->st.message, "park: tuning needs jtune-helper");
    render(r, 80, 24, true);
    assert_non_null(strstr(r->rows[22], "park: tuning needs jtune-helper"));
    assert_non_null(strstr(r->rows[23], "1 All")); /* the tabs stay */
    /* a message longer than the row wraps upwards: its end (the fix) is never cut */
    snprintf(r->st.message, sizeof r->st.message,
             "park: tuning needs jtune-helper, which could not start: the state directory "
             "/run/jtune is not writable by this user; fix: sudo chown root:root /run/jtune");
    render(r, 80, 24, true);
    assert_non_null(strstr(r->rows[21], "park: tuning needs jtune-helper"));
    assert_non_null(strstr(r->rows[22], "fix: sudo chown root:root /run/jtune"));
    render(r, 120, 40, true);
    assert_non_null(strstr(r->rows[37], "park: tuning needs"));
    assert_non_null(strstr(r->rows[38], "sudo chown root:root /run/jtune"));
    r->st.message[0] = '\0';
    r->st.page = 1 + PANEL_CPU;
    r->st.sel[PANEL_CPU] = 4;
    render(r, 120, 40, true);
    must_see(r, "\u25b6 cpu4");
    r->st.page = 0;
}

/* A new sample changes one column of a graph (and its value), not the whole plot. */
static void test_graph_incremental(void **state) {
    R *r = *state;
    resize_term(20, 100);
    werase(stdscr);
    Canvas c = {.win = stdscr, .r = {0, 0, 100, 12}, .pal = &r->pal, .g = glyphs_get(true)};
    Series s;
    assert_int_equal(series_init(&s, 600), 0);
    for (int i = 0; i < 40; i++) {
        series_push(&s, val_of((i * 37) % 100));
    }
    GraphSpec g = {.s = &s,
                   .title = "t",
                   .role = ROLE_GRAPH_POWER,
                   .lo = 0,
                   .hi = 100,
                   .fmt = panel_fmt_pct10,
                   .ctx = NULL};
    static cchar_t before[12][100];
    graph_draw(&c, &g);
    for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 100; x++) {
            mvwin_wch(stdscr, y, x, &before[y][x]);
        }
    }
    series_push(&s, val_of(77));
    graph_draw(&c, &g);
    int changed_cols = 0;
    for (int x = 0; x < 100; x++) {
        bool col = false;
        for (int y = 1; y < 12; y++) { /* the plot, without the title row */
            cchar_t now;
            mvwin_wch(stdscr, y, x, &now);
            col = col || memcmp(&now, &before[y][x], sizeof now) != 0;
        }
        changed_cols += col;
    }
    assert_int_equal(changed_cols, 1);
    series_free(&s);
}

/* The first cell where windows a and b differ (character, attributes, colour pair): false
 * and its place in *y, *x; true when none does. */
static bool same_cells(WINDOW *a, WINDOW *b, int cols, int rows, int *y, int *x) {
    for (*y = 0; *y < rows; (*y)++) {
        for (*x = 0; *x < cols; (*x)++) {
            cchar_t ca, cb;
            wchar_t wa[CCHARW_MAX + 1] = {0}, wb[CCHARW_MAX + 1] = {0};
            attr_t aa = 0, ab = 0;
            short pa = 0, pb = 0;
            mvwin_wch(a, *y, *x, &ca);
            mvwin_wch(b, *y, *x, &cb);
            getcchar(&ca, wa, &aa, &pa, NULL);
            getcchar(&cb, wb, &ab, &pb, NULL);
            if (wa[0] != wb[0] || aa != ab || pa != pb) {
                return false;
            }
        }
    }
    return true;
}

/* What happens to the view at frame f of the partial-vs-full run. */
static void script_step(R *r, UiState *st, int f) {
    if (f == 20) {
        st->page = 2; /* a page with full-size graphs */
    } else if (f == 34) {
        st->page = 0;
    } else if (f == 40) {
        snprintf(st->message, sizeof st->message, "cluster 0 governor: performance");
    } else if (f == 46) {
        st->message[0] = '\0';
    } else if (f == 50) {
        st->page = 1;
        st->sel[PANEL_CPU] = 2;
    } else if (f == 53) {
        st->sel[PANEL_CPU] = 3;
    } else if (f == 58) {
        st->page = 0;
        uimodel_reset(&r->model); /* a replay jump: the graphs start over */
    } else if (f == 70) {
        st->overlay = OVERLAY_HELP;
    } else if (f == 72) {
        st->overlay = OVERLAY_NONE;
    }
}

/* Frames painted partially into one window and whole (from blank cells, every widget) into
 * another, with values changing every frame, graph windows jumping, pages, a message,
 * a selection, a reset, an overlay and a resize: after every frame both windows hold the
 * same cells. */
static void test_partial_matches_full(void **state) {
    R *r = *state;
    static const int sizes[][2] = {{120, 40}, {300, 80}, {80, 24}};
    resize_term(80, 300);
    for (int z = 0; z < 3; z++) {
        for (int u = 1; u >= 0; u--) {
            int cols = sizes[z][0], rows = sizes[z][1];
            WINDOW *wp = newwin(rows, cols, 0, 0), *wf = newwin(rows, cols, 0, 0);
            assert_non_null(wp);
            assert_non_null(wf);
            static UiState part, full;
            part = r->st;
            part.page = 0;
            part.partial = true;
            screen_invalidate(&part);
            r->model.utf8 = u;
            ScreenCtx cp = {.win = wp,
                            .pal = &r->pal,
                            .glyphs = glyphs_get(u),
                            .model = &r->model,
                            .actions = &r->acts,
                            .keymap = &r->km};
            ScreenCtx cf = cp;
            cf.win = wf;
            for (int f = 0; f < 90; f++) {
                Sample smp;
                uisynth_sample(&r->inv, r->model.n_samples, 1000, &smp);
                uimodel_update(&r->model, &smp);
                script_step(r, &part, f);
                if (f == 80) { /* a resize */
                    cols -= 7;
                    rows -= 3;
                    wresize(wp, rows, cols);
                    wresize(wf, rows, cols);
                }
                screen_draw(&cp, &part, cols, rows, NULL);
                if (f % 10 == 5 && f != 45) {
                    /* nothing changed since: nothing is painted again */
                    untouchwin(wp);
                    screen_draw(&cp, &part, cols, rows, NULL);
                    for (int y = 0; y < rows; y++) {
                        if (is_linetouched(wp, y)) {
                            fail_msg("%dx%d, frame %d: row %d painted again unchanged", cols, rows,
                                     f, y);
                        }
                    }
                }
                full = part;
                full.partial = false;
                werase(wf);
                screen_draw(&cf, &full, cols, rows, NULL);
                int y, x;
                if (!same_cells(wp, wf, cols, rows, &y, &x)) {
                    fail_msg("%dx%d %s, frame %d: the partial paint differs from the full one "
                             "at row %d, column %d",
                             cols, rows, u ? "unicode" : "ascii", f, y, x);
                }
            }
            delwin(wp);
            delwin(wf);
        }
    }
    r->model.utf8 = true;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overview_content),  cmocka_unit_test(test_every_page),
        cmocka_unit_test(test_too_small),         cmocka_unit_test(test_ascii_mode),
        cmocka_unit_test(test_help_overlay),      cmocka_unit_test(test_picker_and_confirm_draw),
        cmocka_unit_test(test_mono_body_plain),   cmocka_unit_test(test_message_and_selection),
        cmocka_unit_test(test_graph_incremental), cmocka_unit_test(test_partial_matches_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
