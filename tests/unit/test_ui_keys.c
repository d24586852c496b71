/* SPDX-License-Identifier: MIT */
/* ui keys: the picker / confirm / help state machines, and what the main loop does with
 * each key - pages, selection, interval, pause, and the tuning keys routed through the
 * UiActions interface (recorded by a fake) or explained when unavailable. No terminal. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/ui/ui_loop.h"
#include "jtune/ui/widgets.h"
#include "ui_synth.h"

/* ---- pure widget state machines ---- */

static void test_picker_keys(void **state) {
    (void)state;
    Picker p;
    picker_init(&p, "GPU cap", 7);
    assert_int_equal(picker_key(&p, KEYC_ENTER, 5), WIDGET_CANCEL); /* nothing to choose */
    for (int i = 0; i < 10; i++) {
        char item[16];
        snprintf(item, sizeof item, "f%d", i);
        assert_int_equal(picker_add(&p, item, 100 + i), 0);
    }
    picker_select_value(&p, 104);
    assert_int_equal(p.sel, 4);
    assert_int_equal(picker_key(&p, KEYC_DOWN, 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 5);
    assert_int_equal(p.top, 3); /* scrolled to keep the highlight visible */
    assert_int_equal(picker_key(&p, KEYC_END, 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 9);
    assert_int_equal(picker_key(&p, KEYC_DOWN, 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 9); /* clamped */
    assert_int_equal(picker_key(&p, KEYC_PGUP, 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 7);
    assert_int_equal(picker_key(&p, KEYC_HOME, 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 0);
    assert_int_equal(p.top, 0);
    assert_int_equal(picker_key(&p, 'k', 3), WIDGET_OPEN);
    assert_int_equal(p.sel, 0);
    assert_int_equal(picker_key(&p, 'x', 3), WIDGET_OPEN);
    assert_int_equal(picker_key(&p, KEYC_ENTER, 3), WIDGET_DONE);
    assert_int_equal(picker_key(&p, KEYC_ESC, 3), WIDGET_CANCEL);
    for (int i = 10; i < UI_MAX_CHOICES; i++) {
        assert_int_equal(picker_add(&p, "x", i), 0);
    }
    assert_int_equal(picker_add(&p, "one too many", 0), -ENOSPC);
}

static void test_confirm_keys(void **state) {
    (void)state;
    static const char *const ch[] = {"Keep", "Restore", "Cancel", "Extra", NULL};
    Confirm d;
    confirm_init(&d, "Quit", "Keep?", 3, ch);
    assert_int_equal(d.n, CONFIRM_MAX);
    assert_int_equal(confirm_key(&d, KEYC_RIGHT), WIDGET_OPEN);
    assert_int_equal(d.sel, 1);
    assert_int_equal(confirm_key(&d, KEYC_LEFT), WIDGET_OPEN);
    assert_int_equal(confirm_key(&d, KEYC_LEFT), WIDGET_OPEN);
    assert_int_equal(d.sel, 2);                          /* wraps */
    assert_int_equal(confirm_key(&d, 'r'), WIDGET_DONE); /* first letter chooses */
    assert_int_equal(d.sel, 1);
    assert_int_equal(confirm_key(&d, 'z'), WIDGET_OPEN);
    assert_int_equal(confirm_key(&d, KEYC_ESC), WIDGET_CANCEL);
    assert_int_equal(confirm_key(&d, KEYC_ENTER), WIDGET_DONE);
}

static void test_help_keys(void **state) {
    (void)state;
    Keymap km;
    keymap_defaults(&km);
    HelpView h = {0};
    assert_int_equal(help_key(&h, KEYC_DOWN, &km, 10), WIDGET_OPEN);
    assert_int_equal(h.top, 1);
    assert_int_equal(help_key(&h, KEYC_PGDN, &km, 10), WIDGET_OPEN);
    assert_int_equal(h.top, 10);
    assert_int_equal(help_key(&h, KEYC_HOME, &km, 10), WIDGET_OPEN);
    assert_int_equal(h.top, 0);
    assert_int_equal(help_key(&h, KEYC_UP, &km, 10), WIDGET_OPEN);
    assert_int_equal(h.top, 0);
    assert_int_equal(help_key(&h, '?', &km, 10), WIDGET_CANCEL);
    assert_int_equal(help_key(&h, KEYC_F(1), &km, 10), WIDGET_CANCEL);
    assert_int_equal(help_key(&h, 'q', &km, 10), WIDGET_CANCEL);
    assert_int_equal(help_key(&h, KEYC_ESC, &km, 10), WIDGET_CANCEL);
}

/* ---- the loop's key handling, with a fake actions implementation ---- */

typedef struct {
    char log[16][96];
    int n;
    int fail_errno; /* > 0: every action fails with -fail_errno */
    bool pending;
    bool rec;
} Fake;

static int record(Fake *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int record(Fake *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (f->n < 16) {
        vsnprintf(f->log[f->n++], sizeof f->log[0], fmt, ap);
    }
    va_end(ap);
    return f->fail_errno ? -f->fail_errno : 0;
}

static int f_online(void *c, int cpu, bool on) {
    return record(c, "online cpu%d %d", cpu, on);
}
static int f_gov(void *c, int pol, const char *g) {
    return record(c, "governor %d %s", pol, g);
}
static int f_cpu_cap(void *c, int pol, int64_t khz) {
    return record(c, "cpu cap %d %lld", pol, (long long)khz);
}
static int f_cpu_min(void *c, int pol, int64_t khz) {
    return record(c, "cpu min %d %lld", pol, (long long)khz);
}
static int f_gpu_cap(void *c, int64_t hz) {
    return record(c, "gpu cap %lld", (long long)hz);
}
static int f_idle(void *c, int cpu, int st, bool dis) {
    return record(c, "idle cpu%d state%d %d", cpu, st, dis);
}
static int f_pwm(void *c, int pwm) {
    return record(c, "pwm %d", pwm);
}
static int f_fan_auto(void *c) {
    return record(c, "fan auto");
}
static int f_radio(void *c, int r, bool b) {
    return record(c, "radio %d %d", r, b);
}
static int f_nvp(void *c, int id) {
    return record(c, "nvp %d", id);
}
static int f_undo(void *c) {
    return record(c, "undo");
}
static int f_profiles(void *c, char out[][UI_CHOICE_LEN], int max) {
    (void)c;
    snprintf(out[0], UI_CHOICE_LEN, "cruise");
    snprintf(out[1], UI_CHOICE_LEN, "burst");
    return max >= 2 ? 2 : max;
}
static int f_apply(void *c, const char *name) {
    return record(c, "apply %s", name);
}
static bool f_pending(void *c) {
    return ((Fake *)c)->pending;
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
    k->L.acts = &k->acts; /* no functions: monitor only */
    assert_int_equal(uimodel_init(&k->L.model, &k->inv, 60, 1000), 0);
    Sample s;
    uisynth_sample(&k->inv, 1, 1000, &s);
    uimodel_update(&k->L.model, &s);
    k->L.st.n_panels = PANEL_COUNT;
    memcpy(k->L.st.panels, k->setup.panels, sizeof k->L.st.panels);
    *state = k;
    return 0;
}

static int teardown(void **state) {
    K *k = *state;
    uimodel_free(&k->L.model);
    free(k);
    return 0;
}

static void keys(K *k, const char *s) {
    for (; *s; s++) {
        ui_handle_key(&k->L, (KeyCode)(unsigned char)*s);
    }
}

static void plug_fake(K *k) {
    k->acts = (UiActions){.ctx = &k->fake,
                          .cpu_set_online = f_online,
                          .cpu_set_governor = f_gov,
                          .cpu_set_max_khz = f_cpu_cap,
                          .cpu_set_min_khz = f_cpu_min,
                          .gpu_set_max_hz = f_gpu_cap,
                          .idle_set_disabled = f_idle,
                          .fan_set_pwm = f_pwm,
                          .fan_set_auto = f_fan_auto,
                          .radio_set_blocked = f_radio,
                          .nvp_set_mode = f_nvp,
                          .undo_all = f_undo,
                          .prof_ctx = &k->fake,
                          .profile_list = f_profiles,
                          .profile_apply = f_apply,
                          .changes_pending = f_pending};
}

static void test_pages_and_selection(void **state) {
    K *k = *state;
    keys(k, "4"); /* key 1 is the overview, key 4 the third panel's page */
    assert_int_equal(k->L.st.page, 3);
    assert_int_equal(screen_page_panel(&k->L.st), PANEL_EMC);
    keys(k, "0");
    assert_int_equal(screen_page_panel(&k->L.st), PANEL_RADIO);
    ui_handle_key(&k->L, KEYC_TAB);
    assert_int_equal(k->L.st.page, 0); /* wraps */
    ui_handle_key(&k->L, KEYC_BTAB);
    assert_int_equal(k->L.st.page, PANEL_COUNT);
    keys(k, "2"); /* CPU page: up/down move the core */
    ui_handle_key(&k->L, KEYC_DOWN);
    keys(k, "jj");
    assert_int_equal(k->L.st.sel[PANEL_CPU], 3);
    for (int i = 0; i < 10; i++) {
        ui_handle_key(&k->L, KEYC_DOWN);
    }
    assert_int_equal(k->L.st.sel[PANEL_CPU], 5); /* clamped to the last core */
    ui_handle_key(&k->L, KEYC_RIGHT);            /* the CPU table has no columns */
    assert_int_equal(k->L.st.sel_col[PANEL_CPU], 0);
    keys(k, "7"); /* cpuidle: left/right pick the state */
    ui_handle_key(&k->L, KEYC_RIGHT);
    ui_handle_key(&k->L, KEYC_RIGHT);
    assert_int_equal(k->L.st.sel_col[PANEL_IDLE], 1);
    /* fewer panels: page 10 does not exist */
    k->L.st.n_panels = 3;
    keys(k, "0");
    assert_string_equal(k->L.st.message, "no page 10 (pages 1-4)");
    k->L.st.n_panels = PANEL_COUNT;
}

static void test_general_keys(void **state) {
    K *k = *state;
    keys(k, "?");
    assert_int_equal(k->L.st.overlay, OVERLAY_HELP);
    keys(k, "q"); /* q closes the help, it does not quit */
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_false(k->L.quit);
    keys(k, " ");
    assert_true(k->L.model.paused);
    keys(k, " ");
    assert_false(k->L.model.paused);
    keys(k, "+");
    assert_int_equal(k->L.model.interval_ms, 2000);
    assert_string_equal(k->L.st.message, "sampling every 2 s");
    keys(k, "--");
    assert_int_equal(k->L.model.interval_ms, 500);
    for (int i = 0; i < 20; i++) {
        keys(k, "-");
    }
    assert_int_equal(k->L.model.interval_ms, 50); /* the floor */
    keys(k, "q");
    assert_true(k->L.quit);
}

/* Without the helper every tuning key explains why and how to enable it. */
static void test_tuning_unavailable(void **state) {
    K *k = *state;
    static const char tuning_keys[] = "pgcGEi][armUP";
    for (const char *c = tuning_keys; *c; c++) {
        k->L.st.message[0] = '\0';
        ui_handle_key(&k->L, (KeyCode)*c);
        ActionId a = keymap_lookup(&k->km, (KeyCode)*c);
        char want[64];
        snprintf(want, sizeof want, "%s: tuning needs jtune-helper", keymap_info(a)->name);
        if (strncmp(k->L.st.message, want, strlen(want)) != 0) {
            fail_msg("key %c: message '%s'", *c, k->L.st.message);
        }
        assert_non_null(strstr(k->L.st.message, "sudo"));
        assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    }
    keys(k, "R");
    assert_non_null(strstr(k->L.st.message, "--headless --log"));
    /* a session may explain it its own way */
    k->acts.why_unavailable = NULL;
}

/* The CPU minimum has its own picker; a cpuidle state goes off on every core at once. */
static void test_min_and_idle_all(void **state) {
    K *k = *state;
    plug_fake(k);
    Fake *f = &k->fake;
    keys(k, "2");
    ui_handle_key(&k->L, KEYC_DOWN);
    keys(k, "n");
    assert_int_equal(k->L.st.overlay, OVERLAY_PICKER);
    assert_non_null(strstr(k->L.st.picker.title, "minimum, cluster 0"));
    ui_handle_key(&k->L, KEYC_END); /* the lowest frequency */
    int64_t lowest = k->L.st.picker.values[k->L.st.picker.n - 1];
    ui_handle_key(&k->L, KEYC_ENTER);
    char want[64];
    snprintf(want, sizeof want, "cpu min 0 %lld", (long long)lowest);
    assert_string_equal(f->log[0], want);
    keys(k, "7");
    ui_handle_key(&k->L, KEYC_RIGHT);
    keys(k, "I");
    assert_string_equal(f->log[1], "idle cpu-1 state1 1");
    assert_non_null(strstr(k->L.st.message, "on every core: done"));
}

static void test_tuning_through_actions(void **state) {
    K *k = *state;
    plug_fake(k);
    Fake *f = &k->fake;
    keys(k, "p"); /* park needs a selected core: not on the overview */
    assert_int_equal(f->n, 0);
    assert_non_null(strstr(k->L.st.message, "select one on the CPU page (key 2)"));
    keys(k, "2");
    ui_handle_key(&k->L, KEYC_DOWN);
    ui_handle_key(&k->L, KEYC_DOWN);
    keys(k, "p");
    assert_string_equal(f->log[0], "online cpu2 0");
    keys(k, "g"); /* a picker of the advertised governors, the current one highlighted */
    assert_int_equal(k->L.st.overlay, OVERLAY_PICKER);
    assert_non_null(strstr(k->L.st.picker.items[k->L.st.picker.sel], "(current)"));
    ui_handle_key(&k->L, KEYC_HOME);
    ui_handle_key(&k->L, KEYC_ENTER);
    assert_string_equal(f->log[1], "governor 0 conservative");
    keys(k, "c"); /* CPU cap picker for cluster 0, highlight on the current cap */
    assert_int_equal(k->L.st.overlay, OVERLAY_PICKER);
    assert_int_equal(k->L.st.picker.values[k->L.st.picker.sel], 1344000);
    ui_handle_key(&k->L, KEYC_DOWN);
    ui_handle_key(&k->L, KEYC_ENTER);
    assert_int_equal(k->L.st.overlay, OVERLAY_NONE);
    assert_string_equal(f->log[2], "cpu cap 0 1267200");
    keys(k, "G");
    ui_handle_key(&k->L, KEYC_HOME);
    ui_handle_key(&k->L, KEYC_ENTER);
    assert_string_equal(f->log[3], "gpu cap 1020000000");
    keys(k, "7");
    ui_handle_key(&k->L, KEYC_RIGHT);
    keys(k, "i");
    assert_string_equal(f->log[4], "idle cpu0 state1 1");
    keys(k, "]"); /* PWM 69 + 26; nvfancontrol owns the fan: the footer says how to stop it */
    assert_string_equal(f->log[5], "pwm 95");
    assert_false(k->L.st.message_error);
    assert_string_equal(k->L.st.message,
                        "fan PWM 95/255: set by hand (a hands the fan back); nvfancontrol resets "
                        "it: sudo systemctl stop nvfancontrol");
    /* the following samples: nvfancontrol wrote its own PWM again, and the footer says so */
    Sample *smp = &k->L.sample;
    smp->fan = k->L.model.cur.fan;
    smp->fan.pwm = val_of(95);
    ui_fan_watch(&k->L);
    assert_false(k->L.st.message_error);
    smp->fan.pwm = val_of(85);
    ui_fan_watch(&k->L);
    assert_true(k->L.st.message_error);
    assert_string_equal(k->L.st.message,
                        "fan PWM 95/255 did not hold: it reads 85/255 now; nvfancontrol rewrites "
                        "it: stop it with `sudo systemctl stop nvfancontrol` to set PWM by hand");
    smp->fan.pwm = val_of(60); /* said once */
    ui_fan_watch(&k->L);
    assert_non_null(strstr(k->L.st.message, "reads 85/255"));
    FanSample *fan = &k->L.model.cur.fan;
    snprintf(fan->control, sizeof fan->control, "kernel"); /* the helper holds the governor off */
    keys(k, "[");
    assert_string_equal(f->log[6], "pwm 43");
    assert_string_equal(k->L.st.message, "fan PWM 43/255: set by hand (a hands the fan back)");
    smp->fan = *fan;
    smp->fan.pwm = val_of(43);
    ui_fan_watch(&k->L);
    ui_fan_watch(&k->L);
    assert_false(k->L.st.message_error); /* it holds */
    keys(k, "a");                        /* automatic: nothing left to watch */
    assert_string_equal(f->log[7], "fan auto");
    smp->fan.pwm = val_of(70);
    ui_fan_watch(&k->L);
    assert_false(k->L.st.message_error);
    f->n = 7;
    snprintf(fan->control, sizeof fan->control, "manual"); /* nobody else writes it */
    keys(k, "]");
    assert_string_equal(f->log[7], "pwm 95");
    assert_string_equal(k->L.st.message, "fan PWM 95/255: set by hand (a hands the fan back)");
    snprintf(fan->control, sizeof fan->control, "kernel"); /* JetPack 4: the helper switches */
    k->inv.fan.kind = FAN_LEGACY;                          /* temp_control off itself */
    keys(k, "]");
    assert_string_equal(k->L.st.message, "fan PWM 95/255: set by hand (a hands the fan back)");
    k->inv.fan.kind = FAN_HWMON;
    f->n = 6; /* the log goes on as before the fan checks */
    keys(k, "0");
    ui_handle_key(&k->L, KEYC_DOWN);
    keys(k, "r"); /* hci0 is soft-blocked: unblock it */
    assert_string_equal(f->log[6], "radio 1 0");
    keys(k, "m");
    ui_handle_key(&k->L, KEYC_DOWN);
    ui_handle_key(&k->L, KEYC_ENTER);
    assert_string_equal(f->log[7], "nvp 2");
    keys(k, "P"); /* profiles: pick, then confirm */
    ui_handle_key(&k->L, KEYC_DOWN);
    ui_handle_key(&k->L, KEYC_ENTER);
    assert_int_equal(k->L.st.overlay, OVERLAY_CONFIRM);
    keys(k, "a");
    assert_string_equal(f->log[8], "apply burst");
    keys(k, "U"); /* undo asks first; No does nothing */
    keys(k, "n");
    assert_int_equal(f->n, 9);
    keys(k, "U");
    keys(k, "y");
    assert_string_equal(f->log[9], "undo");
    /* errors from the helper are shown */
    f->fail_errno = EPERM;
    keys(k, "]");
    assert_true(k->L.st.message_error);
    assert_non_null(strstr(k->L.st.message, "Operation not permitted"));
    f->fail_errno = 0;
}

static void test_quit_with_changes(void **state) {
    K *k = *state;
    plug_fake(k);
    k->fake.pending = true;
    keys(k, "q");
    assert_false(k->L.quit);
    assert_int_equal(k->L.st.overlay, OVERLAY_CONFIRM);
    keys(k, "c"); /* cancel */
    assert_false(k->L.quit);
    keys(k, "q");
    keys(k, "r"); /* restore, then quit */
    assert_true(k->L.quit);
    assert_string_equal(k->fake.log[k->fake.n - 1], "undo");
    k->L.quit = false;
    int before = k->fake.n;
    keys(k, "q");
    keys(k, "k"); /* keep */
    assert_true(k->L.quit);
    assert_int_equal(k->fake.n, before);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picker_keys),
        cmocka_unit_test(test_confirm_keys),
        cmocka_unit_test(test_help_keys),
        cmocka_unit_test_setup_teardown(test_pages_and_selection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_general_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tuning_unavailable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_min_and_idle_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tuning_through_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quit_with_changes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
