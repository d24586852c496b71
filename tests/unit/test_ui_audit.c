/* SPDX-License-Identifier: MIT */
/* ui_audit: the audit page and the profile preview in the monitor - their key state
 * machines, what the keys ask of UiActions (a recording fake), and the screens drawn
 * off-screen (score, every item with its evidence, the fix or command, the preview). */
#include <curses.h>
#include <errno.h>
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

#include "../../src/ui/ui_loop.h"
#include "ui_synth.h"

/* ---- pure state machines ---- */

static void test_auditview_keys(void **state) {
    (void)state;
    AuditView v;
    auditview_init(&v);
    assert_int_equal(v.target, -1);
    assert_int_equal(auditview_key(&v, KEYC_DOWN, 5), AV_MOVED);
    assert_int_equal(auditview_key(&v, 'j', 5), AV_MOVED);
    assert_int_equal(v.sel, 2);
    assert_int_equal(auditview_key(&v, KEYC_END, 5), AV_MOVED);
    assert_int_equal(v.sel, AUD_COUNT - 1);
    assert_int_equal(v.top, AUD_COUNT - 5); /* the selection stays visible */
    assert_int_equal(auditview_key(&v, KEYC_DOWN, 5), AV_MOVED);
    assert_int_equal(v.sel, AUD_COUNT - 1); /* clamped */
    assert_int_equal(auditview_key(&v, KEYC_HOME, 5), AV_MOVED);
    assert_int_equal(v.sel, 0);
    assert_int_equal(v.top, 0);
    assert_int_equal(auditview_key(&v, 'f', 5), AV_FIX);
    assert_int_equal(auditview_key(&v, KEYC_ENTER, 5), AV_FIX);
    assert_int_equal(auditview_key(&v, 't', 5), AV_TARGET);
    assert_int_equal(v.target, AUDIT_LOW_POWER);
    assert_int_equal(auditview_key(&v, 't', 5), AV_TARGET);
    assert_int_equal(v.target, AUDIT_PERFORMANCE);
    assert_int_equal(auditview_key(&v, 't', 5), AV_TARGET);
    assert_int_equal(v.target, -1); /* back to automatic */
    assert_int_equal(auditview_key(&v, 'x', 5), AV_NONE);
    assert_int_equal(auditview_key(&v, KEYC_ESC, 5), AV_CLOSE);
    assert_int_equal(auditview_key(&v, 'A', 5), AV_CLOSE);
}

static void test_profview_keys(void **state) {
    (void)state;
    ProfView v;
    profview_init(&v, "cruise");
    v.n = 11; /* heading + 10 lines */
    assert_int_equal(profview_key(&v, KEYC_DOWN, 4), WIDGET_OPEN);
    assert_int_equal(v.top, 1);
    assert_int_equal(profview_key(&v, KEYC_END, 4), WIDGET_OPEN);
    assert_int_equal(v.top, 6); /* the last 4 of 10 body lines */
    assert_int_equal(profview_key(&v, KEYC_DOWN, 4), WIDGET_OPEN);
    assert_int_equal(v.top, 6);
    assert_int_equal(profview_key(&v, KEYC_HOME, 4), WIDGET_OPEN);
    assert_int_equal(v.top, 0);
    assert_int_equal(profview_key(&v, KEYC_ENTER, 4), WIDGET_DONE);
    assert_int_equal(profview_key(&v, 'a', 4), WIDGET_DONE);
    assert_int_equal(profview_key(&v, KEYC_ESC, 4), WIDGET_CANCEL);
    assert_int_equal(profview_key(&v, 'n', 4), WIDGET_CANCEL);
}

/* ---- the keys through a fake ---- */

typedef struct {
    int n;
    char log[16][96];
    int fail_errno;
    char msg[96];
    AuditReport rep;
} Fake;

static void note(Fake *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Fake *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (f->n < 16) {
        vsnprintf(f->log[f->n++], sizeof f->log[0], fmt, ap);
    }
    va_end(ap);
}

static int f_list(void *c, char out[][UI_CHOICE_LEN], int max) {
    (void)c;
    snprintf(out[0], UI_CHOICE_LEN, "burst");
    snprintf(out[1], UI_CHOICE_LEN, "cruise");
    return max >= 2 ? 2 : max;
}

static int f_preview(void *c, const char *name, char lines[][UI_LINE_LEN], int max) {
    note(c, "preview %s", name);
    int n = 0;
    snprintf(lines[n++], UI_LINE_LEN, "%s: 2 changes", name);
    snprintf(lines[n++], UI_LINE_LEN, "  cpu4   online -> parked");
    snprintf(lines[n++], UI_LINE_LEN, "  vm.swappiness   60 -> 10");
    return n <= max ? n : max;
}

static int f_apply(void *c, const char *name) {
    Fake *f = c;
    note(f, "apply %s", name);
    snprintf(f->msg, sizeof f->msg, "%s", f->fail_errno ? "policy0 max failed" : "applied it");
    return f->fail_errno ? -f->fail_errno : 0;
}

/* A report: item 0 fails with a fix, item 1 fails with a command, the rest pass. */
static void fill_report(AuditReport *r, int target) {
    memset(r, 0, sizeof *r);
    r->target = target < 0 ? AUDIT_LOW_POWER : (AuditTarget)target;
    for (int i = 0; i < AUD_COUNT; i++) {
        r->items[i].id = (AuditId)i;
        r->items[i].status = i < 2 ? AUDIT_FAIL : i == 2 ? AUDIT_NA : AUDIT_PASS;
        snprintf(r->items[i].evidence, AUDIT_TEXT, "evidence %d", i);
    }
    snprintf(r->items[0].fix, AUDIT_TEXT, "nvpmodel=1");
    snprintf(r->items[1].command, AUDIT_TEXT, "sudo systemctl set-default multi-user.target");
    r->n_fail = 2;
    r->n_na = 1;
    r->n_pass = AUD_COUNT - 3;
}

static int f_audit(void *c, int target, AuditReport *out) {
    Fake *f = c;
    note(f, "audit %d", target);
    fill_report(out, target);
    return 0;
}

static int f_fix(void *c, const AuditReport *r, int id) {
    Fake *f = c;
    note(f, "fix %d %s", id, r->items[id].fix);
    snprintf(f->msg, sizeof f->msg, "fixed");
    return 0;
}

static const char *f_msg(void *c) {
    return ((Fake *)c)->msg;
}

typedef struct {
    Inventory inv;
    Keymap km;
    UiSetup setup;
    UiActions acts;
    Fake fake;
    UiLoop L;
} K;

static int setup(void **state) {
    K *k = calloc(1, sizeof *k);
    uisynth_inventory(&k->inv);
    keymap_defaults(&k->km);
    k->setup.keymap = &k->km;
    k->setup.n_panels = PANEL_COUNT;
    for (int i = 0; i < PANEL_COUNT; i++) {
        k->setup.panels[i] = (PanelId)i;
    }
    k->L.setup = &k->setup;
    k->L.acts = &k->acts;
    k->acts = (UiActions){.prof_ctx = &k->fake,
                          .profile_list = f_list,
                          .profile_preview = f_preview,
                          .profile_apply = f_apply,
                          .audit_run = f_audit,
                          .audit_fix = f_fix,
                          .prof_message = f_msg};
    assert_int_equal(uimodel_init(&k->L.model, &k->inv, 60, 1000), 0);
    Sample s;
    uisynth_sample(&k->inv, 1, 1000, &s);
    uimodel_update(&k->L.model, &s);
    k->L.st.n_panels = PANEL_COUNT;
    memcpy(k->L.st.panels, k->setup.panels, sizeof k->L.st.panels);
    auditview_init(&k->L.st.audit);
    k->L.st.overlay_rows = 10;
    *state = k;
    return 0;
}

static int teardown(void **state) {
    K *k = *state;
    uimodel_free(&k->L.model);
    free(k);
    return 0;
}

static void key(K *k, KeyCode c) {
    ui_handle_key(&k->L, c);
}

static void test_profile_preview_then_apply(void **state) {
    K *k = *state;
    Fake *f = &k->fake;
    key(k, 'P');
    assert_int_equal(k->L.st.overlay, OVERLAY_PICKER);
    key(k, KEYC_DOWN);
    key(k, KEYC_ENTER);
    assert_int_equal(k->L.st.overlay, OVERLAY_PREVIEW);
    assert_string_equal(f->log[0], "preview cruise");
    assert_int_equal(k->L.st.preview.n, 3);
    assert_int_equal(f->n, 1); /* nothing applied yet */
    key(k, KEYC_ENTER);
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_string_equal(f->log[1], "apply cruise");
    assert_string_equal(k->L.st.message, "applied it");
    assert_false(k->L.st.message_error);
    /* cancelled: nothing applied; a failure shows the helper's words */
    key(k, 'P');
    key(k, KEYC_ENTER);
    key(k, KEYC_ESC);
    assert_int_equal(f->n, 3);
    assert_string_equal(f->log[2], "preview burst");
    f->fail_errno = EIO;
    key(k, 'P');
    key(k, KEYC_ENTER);
    key(k, 'a');
    assert_string_equal(f->log[4], "apply burst");
    assert_true(k->L.st.message_error);
    assert_string_equal(k->L.st.message, "policy0 max failed");
}

static void test_audit_page_keys(void **state) {
    K *k = *state;
    Fake *f = &k->fake;
    key(k, 'A');
    assert_int_equal(k->L.st.overlay, OVERLAY_AUDIT);
    assert_string_equal(f->log[0], "audit -1");
    assert_true(k->L.st.audit.have);
    key(k, 'f'); /* item 0 fails and has a fix */
    assert_string_equal(f->log[1], "fix 0 nvpmodel=1");
    assert_string_equal(f->log[2], "audit -1"); /* and the checklist is read again */
    assert_non_null(strstr(k->L.st.audit.status, "fixed"));
    key(k, 'j'); /* item 1: a command only, nothing is called */
    key(k, 'f');
    assert_int_equal(f->n, 3);
    assert_non_null(strstr(k->L.st.audit.status, "run the command"));
    key(k, 'j'); /* item 2: n/a */
    key(k, 'f');
    assert_int_equal(f->n, 3);
    assert_non_null(strstr(k->L.st.audit.status, "nothing to fix"));
    key(k, 't');
    assert_string_equal(f->log[3], "audit 0");
    key(k, 't');
    assert_string_equal(f->log[4], "audit 1");
    assert_int_equal(k->L.st.audit.rep.target, AUDIT_PERFORMANCE);
    key(k, ' '); /* other keys work as usual (pause) */
    assert_true(k->L.model.paused);
    assert_int_equal(k->L.st.overlay, OVERLAY_AUDIT);
    key(k, '3'); /* a page key leaves the audit for that page */
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_int_equal(k->L.st.page, 2);
    key(k, 'A');
    assert_int_equal(k->L.st.audit.target, AUDIT_PERFORMANCE); /* kept */
    key(k, 'A');
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
}

static void test_audit_without_helper(void **state) {
    K *k = *state;
    k->acts.audit_fix = NULL;
    k->acts.profile_apply = NULL;
    key(k, 'A');
    key(k, 'f');
    assert_true(k->L.st.audit.status_error);
    assert_non_null(strstr(k->L.st.audit.status, "tuning needs jtune-helper"));
    key(k, KEYC_ESC);
    key(k, 'P'); /* profiles need the helper too */
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_non_null(strstr(k->L.st.message, "profiles: tuning needs jtune-helper"));
    k->acts.audit_run = NULL;
    key(k, 'A');
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_non_null(strstr(k->L.st.message, "audit: the audit is not available"));
}

/* ---- drawing, off-screen ---- */

typedef struct {
    SCREEN *scr;
    FILE *out, *in;
    Palette pal;
    char rows[60][1000];
    int n;
} Screen;

static void read_back(Screen *s, int cols, int rows) {
    s->n = rows;
    for (int y = 0; y < rows && y < 60; y++) {
        wchar_t w[400];
        int n = mvwinnwstr(stdscr, y, 0, w, cols < 400 ? cols : 399);
        size_t o = 0;
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        for (int i = 0; i < n && o + MB_CUR_MAX < sizeof s->rows[y]; i++) {
            size_t b = wcrtomb(s->rows[y] + o, w[i], &ps);
            o += b == (size_t)-1 ? 0 : b;
        }
        s->rows[y][o] = '\0';
    }
}

static void must_see(const Screen *s, const char *text) {
    for (int y = 0; y < s->n; y++) {
        if (strstr(s->rows[y], text)) {
            return;
        }
    }
    for (int y = 0; y < s->n; y++) {
        print_message("%2d|%s|\n", y, s->rows[y]);
    }
    fail_msg("'%s' is not on the screen", text);
}

static void test_draw_pages(void **state) {
    (void)state;
    Screen s = {0};
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        setlocale(LC_ALL, "C.utf8");
    }
    s.out = fopen("/dev/null", "w");
    s.in = fopen("/dev/null", "r");
    s.scr = newterm("xterm-256color", s.out, s.in);
    assert_non_null(s.scr);
    set_term(s.scr);
    Theme t;
    theme_default(&t);
    palette_init(&s.pal, &t, false);
    static const int sizes[][2] = {{120, 40}, {80, 21}};
    for (int z = 0; z < 2; z++) {
        int cols = sizes[z][0], rows = sizes[z][1];
        resize_term(rows, cols);
        werase(stdscr);
        Canvas c = {.win = stdscr, .r = {0, 0, cols, rows}, .pal = &s.pal, .g = glyphs_get(true)};
        AuditView v;
        auditview_init(&v);
        fill_report(&v.rep, -1);
        snprintf(v.rep.profile, sizeof v.rep.profile, "stock");
        v.have = true;
        v.sel = AUD_COUNT - 1; /* the last item: the list scrolls on a short screen */
        int shown = auditview_draw(&c, &v);
        read_back(&s, cols, rows);
        must_see(&s, "Low-power audit");
        char want[32];
        snprintf(want, sizeof want, "%d/%d pass", AUD_COUNT - 3, AUD_COUNT - 1);
        must_see(&s, want);
        must_see(&s, "target automatic: low-power (stock in effect)");
        must_see(&s, audit_title((AuditId)(AUD_COUNT - 1)));
        snprintf(want, sizeof want, "evidence %d", AUD_COUNT - 1);
        must_see(&s, want);
        must_see(&s, "f fix  t target");
        assert_int_equal(shown, rows - 4); /* the rest: the title and three detail rows */
        if (rows - 4 >= AUD_COUNT) {
            must_see(&s, "FAIL  nvpmodel mode capped (not MAXN)");
            must_see(&s, "n/a");
        }
        v.sel = 0;
        v.top = 0;
        werase(stdscr);
        auditview_draw(&c, &v);
        read_back(&s, cols, rows);
        must_see(&s, "fix (f): nvpmodel=1");
        v.sel = 1;
        werase(stdscr);
        auditview_draw(&c, &v);
        read_back(&s, cols, rows);
        must_see(&s, "run: sudo systemctl set-default multi-user.target");

        ProfView p;
        profview_init(&p, "cruise");
        snprintf(p.lines[0], UI_LINE_LEN, "cruise: 2 changes - Low power");
        snprintf(p.lines[1], UI_LINE_LEN, "  cpu4     online -> parked");
        snprintf(p.lines[2], UI_LINE_LEN, "  vm.swappiness     60 -> 10");
        p.n = 3;
        werase(stdscr);
        profview_draw(&c, &p);
        read_back(&s, cols, rows);
        must_see(&s, "Profile cruise");
        must_see(&s, "cpu4     online -> parked");
        must_see(&s, "enter: apply  esc: cancel");
    }
    endwin();
    delscreen(s.scr);
    fclose(s.out);
    fclose(s.in);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auditview_keys),
        cmocka_unit_test(test_profview_keys),
        cmocka_unit_test_setup_teardown(test_profile_preview_then_apply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_page_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_without_helper, setup, teardown),
        cmocka_unit_test(test_draw_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
