/* SPDX-License-Identifier: MIT */
/* The UI's workload page: its keys, the ETA text, and what it draws for a view (list,
 * selection, running mark, progress, J/batch with its interval, n/a for unknown values,
 * history, ASCII mode, a short terminal) into an off-screen curses screen read back. */
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "jtune/ui/wlpage.h"

static void test_keys(void **state) {
    (void)state;
    int sel = 0;
    assert_int_equal(wlpage_key(KEYC_DOWN, &sel, 3), WLPAGE_MOVED);
    assert_int_equal(sel, 1);
    assert_int_equal(wlpage_key('j', &sel, 3), WLPAGE_MOVED);
    assert_int_equal(wlpage_key(KEYC_DOWN, &sel, 3), WLPAGE_MOVED);
    assert_int_equal(sel, 2); /* clamped at the last row */
    assert_int_equal(wlpage_key(KEYC_HOME, &sel, 3), WLPAGE_MOVED);
    assert_int_equal(sel, 0);
    assert_int_equal(wlpage_key('k', &sel, 3), WLPAGE_MOVED);
    assert_int_equal(sel, 0);
    assert_int_equal(wlpage_key(KEYC_END, &sel, 3), WLPAGE_MOVED);
    assert_int_equal(sel, 2);
    assert_int_equal(wlpage_key(KEYC_ENTER, &sel, 3), WLPAGE_START);
    assert_int_equal(wlpage_key('s', &sel, 3), WLPAGE_STOP);
    assert_int_equal(wlpage_key(KEYC_ESC, &sel, 3), WLPAGE_CLOSE);
    assert_int_equal(wlpage_key('w', &sel, 3), WLPAGE_CLOSE);
    assert_int_equal(wlpage_key('q', &sel, 3), WLPAGE_PASS); /* quit stays the keymap's */
    assert_int_equal(wlpage_key('+', &sel, 3), WLPAGE_PASS);
    assert_int_equal(sel, 2);
}

static void test_eta(void **state) {
    (void)state;
    char b[32];
    assert_string_equal(wlpage_format_eta(41200, b, sizeof b), "42 s");
    assert_string_equal(wlpage_format_eta(185000, b, sizeof b), "3 m 05 s");
    assert_string_equal(wlpage_format_eta(3720000, b, sizeof b), "1 h 02 m");
}

typedef struct {
    SCREEN *scr;
    FILE *out, *in;
    Palette pal;
    char rows[60][600];
    int nrows;
} R;

static R r;

static int setup(void **state) {
    (void)state;
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        setlocale(LC_ALL, "C.utf8");
    }
    r.out = fopen("/dev/null", "w");
    r.in = fopen("/dev/null", "r");
    r.scr = newterm("xterm-256color", r.out, r.in);
    if (!r.scr) {
        print_message("cannot start curses on xterm-256color (no terminfo?)\n");
        return -1;
    }
    set_term(r.scr);
    start_color();
    Theme t;
    theme_default(&t);
    palette_init(&r.pal, &t, true);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    endwin();
    delscreen(r.scr);
    fclose(r.out);
    fclose(r.in);
    return 0;
}

static void render(const WlPageView *v, int sel, int cols, int rows, bool utf8) {
    resize_term(rows, cols);
    werase(stdscr);
    Canvas c = {.win = stdscr, .r = {0, 0, cols, rows}, .pal = &r.pal, .g = glyphs_get(utf8)};
    wlpage_draw(&c, v, sel);
    r.nrows = rows;
    for (int y = 0; y < rows; y++) {
        wchar_t w[600];
        int n = mvwinnwstr(stdscr, y, 0, w, cols < 599 ? cols : 599);
        size_t o = 0;
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        for (int i = 0; i < n && o + MB_CUR_MAX < sizeof r.rows[y]; i++) {
            size_t k = wcrtomb(r.rows[y] + o, w[i], &ps);
            o += k == (size_t)-1 ? 0 : k;
        }
        r.rows[y][o] = '\0';
    }
}

static int row_of(const char *s) {
    for (int y = 0; y < r.nrows; y++) {
        if (strstr(r.rows[y], s)) {
            return y;
        }
    }
    for (int y = 0; y < r.nrows; y++) {
        print_message("%2d|%s|\n", y, r.rows[y]);
    }
    fail_msg("'%s' is not on the screen", s);
    return -1;
}

static bool seen(const char *s) {
    for (int y = 0; y < r.nrows; y++) {
        if (strstr(r.rows[y], s)) {
            return true;
        }
    }
    return false;
}

static void view(WlPageView *v) {
    memset(v, 0, sizeof *v);
    const char *names[] = {"cpu-gemm", "gpu-gemm", "infer"};
    const char *descs[] = {"10 batches x 2000 ms, 2000 ms idle", "needs jtune-burn (not installed)",
                           "20 runs, 1500 ms idle"};
    v->n = 3;
    for (int i = 0; i < 3; i++) {
        snprintf(v->name[i], sizeof v->name[i], "%s", names[i]);
        snprintf(v->desc[i], sizeof v->desc[i], "%s", descs[i]);
        v->runnable[i] = i != 1;
    }
    v->running = 2;
    v->have_run = true;
    snprintf(v->run_name, sizeof v->run_name, "infer");
    snprintf(v->state, sizeof v->state, "batch 6 of 20");
    v->done = 5;
    v->batches = 20;
    v->eta_ms = 185000;
    v->j_n = 5;
    v->j_mean = 12.26;
    v->j_ci = 0.141;
    v->j_last = 12.31;
    v->net_mean = 2.49;
    v->w_mean = 6.12;
    v->baseline_mw = val_of(4878);
    v->idle_mw = val_na();
    v->hist_n = 5;
    const double h[] = {12.1, 12.3, 12.2, 12.76, 12.31};
    memcpy(v->hist_j, h, sizeof h);
    snprintf(v->output, sizeof v->output, "/home/u/.local/state/jtune/workload-infer.out");
    v->interval_ms = 1000;
}

static void test_draw_running(void **state) {
    (void)state;
    WlPageView v;
    view(&v);
    render(&v, 2, 100, 30, true);
    int y = row_of("\u25b6 infer"); /* the selection marker */
    assert_non_null(strstr(r.rows[y], "20 runs, 1500 ms idle"));
    assert_non_null(strstr(r.rows[y], "running"));
    assert_non_null(strstr(r.rows[row_of("gpu-gemm")], "needs jtune-burn (not installed)"));
    y = row_of("infer:  batch 6 of 20");
    assert_non_null(strstr(r.rows[y], " 25%"));
    assert_non_null(strstr(r.rows[y], "ETA 3 m 05 s"));
    row_of("energy/batch  12.260 \u00b1 0.141 J (95% CI, 5 batches, last 12.310 J)");
    y = row_of("net           2.490 J");
    assert_non_null(strstr(r.rows[y], "power  6.12 W"));
    assert_non_null(strstr(r.rows[y], "baseline  4.88 W"));
    assert_non_null(strstr(r.rows[y], "idle  n/a")); /* unknown is not zero */
    y = row_of("min 12.100  max 12.760 J");
    assert_non_null(strstr(r.rows[y], "\u2588")); /* the highest batch is a full cell */
    row_of("output: /home/u/.local/state/jtune/workload-infer.out");
    row_of("sampling every 1000 ms: press - to sample faster");
    row_of("enter: start   s: stop");
}

static void test_draw_ascii_empty_and_short(void **state) {
    (void)state;
    WlPageView v;
    view(&v);
    v.j_n = 1;
    v.j_ci = NAN;
    snprintf(v.message, sizeof v.message, "workload 'infer': run 2 ended with exit status 1");
    v.message_error = true;
    render(&v, 0, 90, 24, false);
    row_of("energy/batch  12.260 J (95% CI, 1 batches");
    assert_false(seen("\u00b1"));
    row_of("workload 'infer': run 2 ended with exit status 1");
    assert_false(seen("sampling every")); /* the message takes that row */

    memset(&v, 0, sizeof v);
    v.running = -1;
    render(&v, 0, 90, 24, true);
    row_of("no workloads");
    row_of("nothing run yet");

    /* a short area keeps the list and drops the details */
    view(&v);
    render(&v, 0, 90, 8, true);
    row_of("cpu-gemm");
    assert_false(seen("energy/batch"));
}

int main(void) {
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_eta),
    };
    const struct CMUnitTest drawn[] = {
        cmocka_unit_test(test_draw_running),
        cmocka_unit_test(test_draw_ascii_empty_and_short),
    };
    int rc = cmocka_run_group_tests(pure, NULL, NULL);
    return rc + cmocka_run_group_tests(drawn, setup, teardown);
}
