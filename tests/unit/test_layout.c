/* SPDX-License-Identifier: MIT */
/* layout: every terminal size from 80x24 to 300x100, every page, several panel sets and
 * size profiles: nothing overlaps, nothing leaves the screen, nothing is empty. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/ui/layout.h"

typedef enum { PROFILE_ORIN, PROFILE_HUGE, PROFILE_TINY, PROFILE_COUNT } Profile;

/* Sizes like the Orin Nano's panels (title row included), a board with far more than
 * fits, and panels of two rows. */
static void sizes(Profile p, PanelSize *s) {
    static const PanelSize orin[PANEL_COUNT] = {
        [PANEL_CPU] = {3, 10, true, 2},      [PANEL_GPU] = {2, 3, true, 2},
        [PANEL_EMC] = {2, 2, false, 2},      [PANEL_POWER] = {3, 6, true, 3},
        [PANEL_THERMAL] = {3, 11, false, 1}, [PANEL_IDLE] = {3, 8, false, 0},
        [PANEL_FAN] = {2, 2, false, 2},      [PANEL_MEM] = {2, 5, false, 1},
        [PANEL_RADIO] = {2, 3, false, 0},
    };
    for (int i = 0; i < PANEL_COUNT; i++) {
        switch (p) {
        case PROFILE_ORIN: s[i] = orin[i]; break;
        case PROFILE_HUGE: s[i] = (PanelSize){6, 60, i % 2 == 0, LAYOUT_MAX_GRAPHS + 2}; break;
        default: s[i] = (PanelSize){2, 2, false, 1}; break;
        }
    }
}

typedef struct {
    int n;
    PanelId p[PANEL_COUNT];
} PanelSet;

static const PanelSet sets[] = {
    {9,
     {PANEL_CPU, PANEL_GPU, PANEL_EMC, PANEL_POWER, PANEL_THERMAL, PANEL_IDLE, PANEL_FAN, PANEL_MEM,
      PANEL_RADIO}},
    {9,
     {PANEL_RADIO, PANEL_MEM, PANEL_FAN, PANEL_IDLE, PANEL_THERMAL, PANEL_POWER, PANEL_EMC,
      PANEL_GPU, PANEL_CPU}},
    {1, {PANEL_POWER}},
    {2, {PANEL_CPU, PANEL_THERMAL}},
    {4, {PANEL_THERMAL, PANEL_CPU, PANEL_POWER, PANEL_GPU}},
};

static void check_layout(const LayoutReq *req, const Layout *l) {
    int W = req->cols, H = req->rows;
    assert_false(l->too_small);
    /* the frame: header, body and footer tile the screen */
    assert_true(rect_inside(l->header, l->screen));
    assert_true(rect_inside(l->body, l->screen));
    assert_true(rect_inside(l->footer, l->screen));
    assert_false(rect_overlap(l->header, l->body));
    assert_false(rect_overlap(l->body, l->footer));
    assert_int_equal(l->header.h + l->body.h + l->footer.h, H);
    assert_int_equal(l->body.w, W);
    bool seen[PANEL_COUNT] = {false};
    int panels = 0;
    for (int i = 0; i < l->n; i++) {
        const Slot *s = &l->slots[i];
        assert_false(rect_empty(s->r));
        assert_true(rect_inside(s->r, l->body));
        for (int j = 0; j < i; j++) {
            if (rect_overlap(s->r, l->slots[j].r)) {
                fail_msg("%dx%d page %d: slot %d overlaps slot %d", W, H, req->page, i, j);
            }
        }
        if (s->kind == SLOT_PANEL) {
            assert_false(seen[s->panel]);
            seen[s->panel] = true;
            panels++;
            assert_true(s->r.h >= req->size[s->panel].min_rows);
            assert_true(s->r.w >= 39); /* a panel never gets narrower than half of 80 cols */
        } else {
            assert_true(s->r.h >= LAYOUT_GRAPH_MIN);
            assert_true(s->graph < req->size[s->panel].n_graphs);
            assert_true(s->graph < LAYOUT_MAX_GRAPHS);
        }
    }
    if (req->page == 0) {
        assert_int_equal(panels + l->hidden, req->n_panels);
    } else {
        assert_int_equal(panels, 1);
        assert_true(seen[req->panels[req->page - 1]]);
    }
}

static void sweep(Profile prof, const PanelSet *set) {
    LayoutReq req = {0};
    req.n_panels = set->n;
    memcpy(req.panels, set->p, sizeof set->p);
    sizes(prof, req.size);
    Layout l;
    for (int W = LAYOUT_MIN_COLS; W <= 300; W++) {
        for (int H = LAYOUT_MIN_ROWS; H <= 100; H++) {
            req.cols = W;
            req.rows = H;
            for (int page = 0; page <= set->n; page++) {
                req.page = page;
                assert_int_equal(layout_compute(&req, &l), 0);
                check_layout(&req, &l);
                if (prof == PROFILE_ORIN && page == 0) {
                    assert_int_equal(l.hidden, 0); /* a real board's overview fits 80x24 */
                }
            }
        }
    }
}

static void test_sweep_orin(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        sweep(PROFILE_ORIN, &sets[i]);
    }
}

static void test_sweep_huge(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        sweep(PROFILE_HUGE, &sets[i]);
    }
}

static void test_sweep_tiny(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        sweep(PROFILE_TINY, &sets[i]);
    }
}

static void test_too_small(void **state) {
    (void)state;
    LayoutReq req = {.n_panels = 9};
    memcpy(req.panels, sets[0].p, sizeof sets[0].p);
    sizes(PROFILE_ORIN, req.size);
    Layout l;
    for (int W = 0; W < 120; W += 7) {
        for (int H = 0; H < 40; H += 3) {
            req.cols = W;
            req.rows = H;
            assert_int_equal(layout_compute(&req, &l), 0);
            bool small = W < LAYOUT_MIN_COLS || H < LAYOUT_MIN_ROWS;
            assert_int_equal(l.too_small, small);
            if (small) {
                assert_int_equal(l.n, 0);
            }
        }
    }
    req.cols = 79;
    req.rows = 100;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_true(l.too_small);
    req.cols = 300;
    req.rows = 23;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_true(l.too_small);
}

static void test_overview_uses_space(void **state) {
    (void)state;
    LayoutReq req = {.cols = 120, .rows = 40, .n_panels = 9};
    memcpy(req.panels, sets[0].p, sizeof sets[0].p);
    sizes(PROFILE_ORIN, req.size);
    Layout l;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 9);
    /* two columns of 59/60 cells; the growing panels took the spare rows */
    int cols[2] = {0, 0};
    for (int i = 0; i < l.n; i++) {
        const Slot *s = &l.slots[i];
        cols[s->r.x == 0 ? 0 : 1]++;
        assert_true(s->r.w == 60 || s->r.w == 59);
        const PanelSize *ps = &req.size[s->panel];
        if (!ps->grows) {
            assert_int_equal(s->r.h, ps->pref_rows);
        }
    }
    assert_true(cols[0] > 0 && cols[1] > 0);
    /* the tallest column of growing panels reaches the footer */
    int bottom = 0;
    for (int i = 0; i < l.n; i++) {
        int b = l.slots[i].r.y + l.slots[i].r.h;
        bottom = b > bottom ? b : bottom;
    }
    assert_int_equal(bottom, l.footer.y);
    /* 200 wide: three columns */
    req.cols = 200;
    assert_int_equal(layout_compute(&req, &l), 0);
    int xs = 0;
    for (int i = 0; i < l.n; i++) {
        xs |= 1 << (l.slots[i].r.x / 66);
    }
    assert_int_equal(xs, 7);
}

/* A panel whose minimum fits exactly is shown (at its minimum), at every height: two
 * columns of panels with 3-row minimums; for each body height the column holding the last
 * panel is given exactly the rows its minimums need. */
static void test_exact_fit_shown(void **state) {
    (void)state;
    for (int rows = LAYOUT_MIN_ROWS; rows <= 100; rows++) {
        int body = rows - LAYOUT_HEADER_ROWS - LAYOUT_FOOTER_ROWS;
        LayoutReq req = {.cols = 80, .rows = rows, .n_panels = 2};
        req.panels[0] = PANEL_CPU;
        req.panels[1] = PANEL_GPU;
        req.size[PANEL_CPU] = (PanelSize){.min_rows = 2, .pref_rows = 2};
        req.size[PANEL_GPU] = (PanelSize){.min_rows = body, .pref_rows = body};
        Layout l;
        assert_int_equal(layout_compute(&req, &l), 0);
        if (l.hidden != 0) {
            fail_msg("%d rows: the GPU panel needs exactly the %d-row body and was hidden", rows,
                     body);
        }
        req.size[PANEL_GPU] = (PanelSize){.min_rows = body + 1, .pref_rows = body + 1};
        assert_int_equal(layout_compute(&req, &l), 0);
        assert_int_equal(l.hidden, 1); /* one row too many: left off, and counted */
    }
}

static void test_page_graphs(void **state) {
    (void)state;
    LayoutReq req = {.cols = 80, .rows = 24, .n_panels = 9};
    memcpy(req.panels, sets[0].p, sizeof sets[0].p);
    sizes(PROFILE_ORIN, req.size);
    Layout l;
    req.page = 1 + PANEL_POWER; /* power: a 6-row table, 3 graphs in 14 rows (5, 5, 4) */
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.slots[0].kind, SLOT_PANEL);
    assert_int_equal(l.slots[0].r.h, 6);
    for (int i = 1; i < 4; i++) {
        assert_int_equal(l.slots[i].kind, SLOT_GRAPH);
        assert_int_equal(l.slots[i].graph, i - 1);
        assert_int_equal(l.slots[i].r.h, i == 3 ? 4 : 5);
    }
    req.page = 1 + PANEL_IDLE; /* no graphs: the table has the body */
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.slots[0].r.h, l.body.h);
    req.cols = 200; /* wide: graphs side by side */
    req.page = 1 + PANEL_GPU;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.slots[1].r.y, l.slots[2].r.y);
    assert_true(l.slots[2].r.x > l.slots[1].r.x + l.slots[1].r.w - 1);
}

/* Spare rows are shared among the growing panels of a column, none more than
 * LAYOUT_GROW_MAX beyond its table; a page's many graphs go three abreast from 240 cells. */
static void test_growth_capped(void **state) {
    (void)state;
    LayoutReq req = {.cols = 80, .rows = 100, .n_panels = 1, .panels = {PANEL_POWER}};
    req.size[PANEL_POWER] = (PanelSize){.min_rows = 3, .pref_rows = 6, .grows = true};
    Layout l;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.slots[0].r.h, 6 + LAYOUT_GROW_MAX); /* not the whole 96-row body */
    /* two growers in one column (a 14-row panel makes the other): they share 20 spare rows */
    req.n_panels = 3;
    req.panels[1] = PANEL_THERMAL;
    req.panels[2] = PANEL_RADIO;
    req.size[PANEL_THERMAL] = (PanelSize){.min_rows = 3, .pref_rows = 8, .grows = true};
    req.size[PANEL_RADIO] = (PanelSize){.min_rows = 2, .pref_rows = 14};
    req.rows = LAYOUT_HEADER_ROWS + LAYOUT_FOOTER_ROWS + 14 + 20;
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 3);
    int h[PANEL_COUNT] = {0}, px[PANEL_COUNT] = {0};
    for (int i = 0; i < l.n; i++) {
        h[l.slots[i].panel] = l.slots[i].r.h;
        px[l.slots[i].panel] = l.slots[i].r.x;
    }
    assert_int_equal(px[PANEL_POWER], px[PANEL_THERMAL]);
    assert_int_equal(h[PANEL_POWER] - 6 + h[PANEL_THERMAL] - 8, 20);
    assert_true(abs((h[PANEL_POWER] - 6) - (h[PANEL_THERMAL] - 8)) <= 1);
    assert_int_equal(h[PANEL_RADIO], 14);
    for (int i = 0; i < l.n; i++) {
        const PanelSize *ps = &req.size[l.slots[i].panel];
        assert_true(l.slots[i].r.h <= ps->pref_rows + (ps->grows ? LAYOUT_GROW_MAX : 0));
    }
    /* a page of 14 graphs at 300x100: three abreast */
    LayoutReq pg = {.cols = 300, .rows = 100, .n_panels = 1, .page = 1, .panels = {PANEL_CPU}};
    pg.size[PANEL_CPU] = (PanelSize){.min_rows = 3, .pref_rows = 14, .n_graphs = 14};
    assert_int_equal(layout_compute(&pg, &l), 0);
    assert_int_equal(l.n, 15);
    assert_int_equal(l.slots[1].r.y, l.slots[3].r.y); /* three in a row */
    assert_true(l.slots[4].r.y > l.slots[3].r.y);     /* the fourth starts the next */
    for (int i = 1; i < l.n; i++) {
        assert_true(l.slots[i].r.h >= LAYOUT_GRAPH_MIN);
    }
    /* at 80x24 the same page keeps its table and what graphs fit, each readable */
    pg.cols = 80;
    pg.rows = 24;
    assert_int_equal(layout_compute(&pg, &l), 0);
    assert_true(l.n < 15);
    for (int i = 1; i < l.n; i++) {
        assert_true(l.slots[i].r.h >= LAYOUT_GRAPH_MIN);
    }
}

static void test_bad_requests(void **state) {
    (void)state;
    LayoutReq req = {.cols = 100, .rows = 30, .n_panels = 2, .panels = {PANEL_CPU, PANEL_CPU}};
    sizes(PROFILE_TINY, req.size);
    Layout l;
    assert_int_equal(layout_compute(&req, &l), -EINVAL); /* listed twice */
    req.panels[1] = PANEL_GPU;
    req.page = 3;
    assert_int_equal(layout_compute(&req, &l), -EINVAL); /* no page 3 */
    req.page = 0;
    req.size[PANEL_GPU].min_rows = 1;
    assert_int_equal(layout_compute(&req, &l), -EINVAL); /* a panel needs its title + 1 */
    req.size[PANEL_GPU].min_rows = 2;
    req.cols = -1;
    assert_int_equal(layout_compute(&req, &l), -EINVAL);
    req.cols = 100;
    assert_int_equal(layout_compute(&req, &l), 0);
    req.n_panels = 0; /* nothing enabled: frame only */
    assert_int_equal(layout_compute(&req, &l), 0);
    assert_int_equal(l.n, 0);
    assert_false(l.too_small);
}

static void test_rect_helpers(void **state) {
    (void)state;
    Rect a = {0, 0, 10, 5}, b = {9, 4, 3, 3}, c = {10, 0, 5, 5};
    assert_true(rect_overlap(a, b));
    assert_false(rect_overlap(a, c)); /* touching edges do not overlap */
    assert_false(rect_overlap(a, (Rect){2, 2, 0, 5}));
    assert_true(rect_inside((Rect){1, 1, 9, 4}, a));
    assert_false(rect_inside((Rect){1, 1, 10, 4}, a));
    assert_true(rect_empty((Rect){0, 0, 0, 3}));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_orin),          cmocka_unit_test(test_sweep_huge),
        cmocka_unit_test(test_sweep_tiny),          cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_overview_uses_space), cmocka_unit_test(test_page_graphs),
        cmocka_unit_test(test_exact_fit_shown),     cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_rect_helpers),        cmocka_unit_test(test_growth_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
