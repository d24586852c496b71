/* SPDX-License-Identifier: MIT */
/* ui_keys: what each key does - overlays, pages, selection, and the tuning keys, which go
 * through the UiActions interface (or explain why they cannot). */
#include "jtune/core/fmt.h"
#include "jtune/ui/panels.h"
#include "ui_loop.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

enum {
    PICK_CPU_CAP = 1,
    PICK_CPU_MIN,
    PICK_GOVERNOR,
    PICK_GPU_CAP,
    PICK_EMC_CAP,
    PICK_NVP,
    PICK_PROFILE,
    PICK_REPLAY
};
enum { ASK_QUIT = 1, ASK_UNDO, ASK_PROFILE };

static const int steps_ms[] = {50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 30000, 60000};
#define N_STEPS ((int)(sizeof steps_ms / sizeof steps_ms[0]))

static void set_interval(UiLoop *L, int dir) {
    int cur = L->model.interval_ms, next = cur;
    for (int i = 0; i < N_STEPS; i++) {
        int k = dir > 0 ? i : N_STEPS - 1 - i;
        if ((dir > 0 && steps_ms[k] > cur) || (dir < 0 && steps_ms[k] < cur)) {
            next = steps_ms[k];
            break;
        }
    }
    uimodel_set_interval(&L->model, next);
    L->next_due_ns = L->now_ns + (int64_t)next * 1000000;
    char iv[24];
    fmt_interval_ms(next, iv, sizeof iv);
    ui_message(L, false, "sampling every %s", iv);
}

static void go_page(UiLoop *L, int page) {
    if (page < 0 || page > L->st.n_panels) {
        ui_message(L, false, "no page %d (pages 1-%d)", page + 1, L->st.n_panels + 1);
        return;
    }
    L->st.page = page;
    L->dirty = true;
}

static void move_sel(UiLoop *L, int drow, int dcol) {
    int p = screen_page_panel(&L->st);
    if (p < 0) {
        return;
    }
    const PanelDef *def = panel_get((PanelId)p);
    if (def->rows(&L->model) > 0 && drow) {
        L->st.sel[p] += drow;
    }
    if (def->cols(&L->model) > 1 && dcol) {
        L->st.sel_col[p] += dcol;
    }
    ui_clamp_selection(L);
    L->dirty = true;
}

/* Report the outcome of an action: an error message, or sample at once to show it. */
static void done(UiLoop *L, const char *what, int rc) {
    const char *why = rc < 0 && L->acts->last_error ? L->acts->last_error(L->acts->ctx) : NULL;
    if (rc < 0) {
        ui_message(L, true, "%s: %s", what, why && *why ? why : strerror(-rc));
    } else {
        ui_message(L, false, "%s: done", what);
        ui_sample_soon(L);
    }
}

/* done() for a change to the board: on success it is listed in the quit and undo dialogs. */
static void changed(UiLoop *L, const char *what, int rc) {
    done(L, what, rc);
    if (rc >= 0) {
        screen_note_change(&L->st, what);
    }
}

/* The selected row of panel p, or -1 (with a message) when that page is not shown. */
static int selected(UiLoop *L, PanelId p, const char *what) {
    if (screen_page_panel(&L->st) != (int)p) {
        int page = 0;
        for (int i = 0; i < L->st.n_panels; i++) {
            page = L->st.panels[i] == p ? i + 1 : page;
        }
        if (page) {
            ui_message(L, false, "%s: select one on the %s page (key %d) first", what,
                       panel_get(p)->tab, (page + 1) % 10);
        } else {
            ui_message(L, false, "%s: the %s panel is not enabled", what, panel_get(p)->tab);
        }
        return -1;
    }
    return L->st.sel[p];
}

static void act_park(UiLoop *L) {
    int cpu = selected(L, PANEL_CPU, "park");
    if (cpu < 0) {
        return;
    }
    const CoreSample *cs = &L->model.cur.cpu[cpu];
    bool online = !cs->online.ok || cs->online.v;
    if (online && !L->model.inv->cpu.has_online[cpu]) {
        ui_message(L, true, "cpu%d cannot be parked", cpu);
        return;
    }
    char what[32];
    snprintf(what, sizeof what, "%s cpu%d", online ? "park" : "unpark", cpu);
    changed(L, what, L->acts->cpu_set_online(L->acts->ctx, cpu, !online));
}

static void open_picker(UiLoop *L) {
    if (L->st.picker.n == 0) {
        ui_message(L, true, "%s: nothing to choose from", L->st.picker.title);
        return;
    }
    L->st.overlay = OVERLAY_PICKER;
    L->dirty = true;
}

/* The policy of the selected core (the first core off the CPU page), or -1. */
static int selected_policy(UiLoop *L) {
    int cpu = screen_page_panel(&L->st) == PANEL_CPU ? L->st.sel[PANEL_CPU] : 0;
    int pol = L->model.inv->cpu.policy_of[cpu];
    if (pol < 0) {
        ui_message(L, true, "cpu%d has no cpufreq policy", cpu);
    }
    return pol;
}

/* Choose a governor from the list the kernel advertises (never cycle through them:
 * going to powersave must not pass through userspace). */
static void act_governor(UiLoop *L) {
    int pol = selected_policy(L);
    if (pol < 0) {
        return;
    }
    const PolicyInfo *pi = &L->model.inv->cpu.policies[pol];
    const PolicySample *ps = &L->model.cur.policy[pol];
    char title[48];
    snprintf(title, sizeof title, "Governor, cluster %d", pol);
    picker_init(&L->st.picker, title, PICK_GOVERNOR);
    L->st.picker.arg = pol;
    for (int i = 0; i < pi->n_govs; i++) {
        bool cur = ps->governor_ok && strcmp(pi->govs[i], ps->governor) == 0;
        char item[UI_CHOICE_LEN];
        snprintf(item, sizeof item, "%s%s", pi->govs[i], cur ? " (current)" : "");
        picker_add(&L->st.picker, item, i);
        L->st.picker.sel = cur ? i : L->st.picker.sel;
    }
    open_picker(L);
}

/* The CPU maximum (cap) or minimum of the selected cluster, from its frequency table;
 * the current value is highlighted. */
static void cpu_freq_picker(UiLoop *L, bool max) {
    int pol = selected_policy(L);
    if (pol < 0) {
        return;
    }
    const PolicyInfo *pi = &L->model.inv->cpu.policies[pol];
    const PolicySample *ps = &L->model.cur.policy[pol];
    char title[48];
    snprintf(title, sizeof title, "CPU %s, cluster %d", max ? "maximum" : "minimum", pol);
    picker_init(&L->st.picker, title, max ? PICK_CPU_CAP : PICK_CPU_MIN);
    L->st.picker.arg = pol;
    for (int i = pi->n_freqs - 1; i >= 0; i--) {
        char f[24];
        fmt_khz(val_of(pi->freqs_khz[i]), f, sizeof f);
        picker_add(&L->st.picker, f, pi->freqs_khz[i]);
    }
    const Val *cur = max ? &ps->max_khz : &ps->min_khz;
    if (cur->ok) {
        picker_select_value(&L->st.picker, cur->v);
    }
    open_picker(L);
}

static void act_gpu_cap(UiLoop *L) {
    const GpuInfo *gi = &L->model.inv->gpu;
    picker_init(&L->st.picker, "GPU cap", PICK_GPU_CAP);
    for (int i = gi->n_freqs - 1; i >= 0; i--) {
        char f[24];
        fmt_hz(val_of(gi->freqs_hz[i]), f, sizeof f);
        picker_add(&L->st.picker, f, gi->freqs_hz[i]);
    }
    if (L->model.cur.gpu.max_hz.ok) {
        picker_select_value(&L->st.picker, L->model.cur.gpu.max_hz.v);
    }
    open_picker(L);
}

static void act_emc_cap(UiLoop *L) {
    const EmcInfo *ei = &L->model.inv->emc;
    picker_init(&L->st.picker, "EMC cap", PICK_EMC_CAP);
    if (ei->max_hz.ok && ei->min_hz.ok && ei->max_hz.v > ei->min_hz.v) {
        /* the kernel advertises only the range: offer quarters of it */
        for (int q = 4; q >= 0; q--) {
            int64_t hz = ei->min_hz.v + (ei->max_hz.v - ei->min_hz.v) * q / 4;
            char f[24];
            fmt_hz(val_of(hz), f, sizeof f);
            picker_add(&L->st.picker, f, hz);
        }
    }
    open_picker(L);
}

static void act_nvp(UiLoop *L) {
    const NvpInfo *nv = &L->model.inv->nvp;
    bool reboot[JT_MAX_MODES] = {false};
    const UiActions *a = L->acts;
    int n_reboot = a->nvp_reboots ? a->nvp_reboots(a->prof_ctx, reboot, JT_MAX_MODES) : 0;
    picker_init(&L->st.picker, "nvpmodel power mode", PICK_NVP);
    for (int i = 0; i < nv->n_modes && i < JT_MAX_MODES; i++) {
        char item[UI_CHOICE_LEN];
        snprintf(item, sizeof item, "%d  %s%s", nv->modes[i].id, nv->modes[i].name,
                 nv->modes[i].id == nv->default_id ? " (default)" : "");
        picker_add(&L->st.picker, item, nv->modes[i].id);
        picker_note(&L->st.picker, i < n_reboot && reboot[i] ? "needs a reboot" : "");
    }
    if (L->model.cur.nvp_mode.ok) {
        picker_select_value(&L->st.picker, L->model.cur.nvp_mode.v);
    }
    open_picker(L);
}

static void act_profiles(UiLoop *L) {
    char names[UI_MAX_CHOICES][UI_CHOICE_LEN];
    int n = L->acts->profile_list(L->acts->prof_ctx, names, UI_MAX_CHOICES);
    if (n < 0) {
        ui_message(L, true, "profiles: %s", strerror(-n));
        return;
    }
    picker_init(&L->st.picker, "Apply a profile", PICK_PROFILE);
    for (int i = 0; i < n && i < UI_MAX_CHOICES; i++) {
        picker_add(&L->st.picker, names[i], i);
        char desc[UI_LINE_LEN] = "";
        if (L->acts->profile_describe) {
            L->acts->profile_describe(L->acts->prof_ctx, names[i], desc, sizeof desc);
        }
        picker_note(&L->st.picker, desc);
    }
    open_picker(L);
}

/* The built-in max-clocks profile (app/profiles.h), previewed first like any profile. */
static void act_max_clocks(UiLoop *L) {
    if (!ui_profile_preview(L, "max-clocks")) {
        ui_profile_apply(L, "max-clocks");
    }
}

static void act_replay_goto(UiLoop *L) {
    char names[UI_MAX_CHOICES][UI_CHOICE_LEN];
    int64_t values[UI_MAX_CHOICES];
    int n = L->acts->replay_marks(L->acts->ctx, names, values, UI_MAX_CHOICES);
    if (n < 0) {
        ui_message(L, true, "go to: %s", strerror(-n));
        return;
    }
    picker_init(&L->st.picker, "Go to", PICK_REPLAY);
    for (int i = 0; i < n && i < UI_MAX_CHOICES; i++) {
        picker_add(&L->st.picker, names[i], values[i]);
    }
    open_picker(L);
}

static void ask(UiLoop *L, const char *title, const char *text, int tag,
                const char *const *choices) {
    confirm_init(&L->st.confirm, title, text, tag, choices);
    L->st.overlay = OVERLAY_CONFIRM;
    L->dirty = true;
}

/* Toggle the selected cpuidle state on the selected core, or on every core at once. */
static void act_idle(UiLoop *L, bool all) {
    int cpu = selected(L, PANEL_IDLE, "cpuidle");
    if (cpu < 0) {
        return;
    }
    int state = L->st.sel_col[PANEL_IDLE];
    const Val *dis = &L->model.cur.idle[cpu][state].disabled;
    bool off = dis->ok && dis->v;
    char what[64], where[16];
    snprintf(where, sizeof where, all ? "every core" : "cpu%d", cpu);
    snprintf(what, sizeof what, "%s %s on %s", off ? "enable" : "disable",
             L->model.inv->idle.states[state].name, where);
    changed(L, what, L->acts->idle_set_disabled(L->acts->ctx, all ? -1 : cpu, state, !off));
}

/* Long enough to see nvfancontrol's next poll (every 2 s on Orin [C]) and the kernel
 * governor's; a sample at least twice. */
#define FAN_WATCH_NS 6000000000LL

/* Who rewrites the fan's PWM, going by its control mode, and what to do about it. */
static const char *fan_owner(const FanSample *f) {
    if (f->control_ok && strncmp(f->control, "nvfancontrol:", 13) == 0) {
        return "nvfancontrol rewrites it: stop it with `sudo systemctl stop nvfancontrol` to "
               "set PWM by hand";
    }
    if (f->control_ok && strcmp(f->control, "kernel") == 0) {
        return "the kernel's thermal governor rewrites it (the tj zone's policy is not "
               "user_space)";
    }
    return "something else writes the fan's PWM";
}

void ui_fan_watch(UiLoop *L) {
    const FanSample *f = &L->sample.fan;
    if (!L->fan_watch_until_ns || !f->pwm.ok) {
        return;
    }
    L->fan_watch_seen++;
    if (f->pwm.v != L->fan_watch_pwm) {
        ui_message(L, true, "fan PWM %d/255 did not hold: it reads %lld/255 now; %s",
                   L->fan_watch_pwm, (long long)f->pwm.v, fan_owner(f));
        L->fan_watch_until_ns = 0;
    } else if (ui_now_ns() >= L->fan_watch_until_ns && L->fan_watch_seen >= 2) {
        L->fan_watch_until_ns = 0; /* it held */
    }
}

static void act_fan(UiLoop *L, int dir) {
    const FanSample *fan = &L->model.cur.fan;
    int cur = fan->pwm.ok ? (int)fan->pwm.v : 128;
    int next = cur + dir * 26; /* about 10 % a press */
    next = next < 0 ? 0 : next > 255 ? 255 : next;
    const char *hint = fan_rewriter_hint(L->model.inv, fan); /* the owner before the write */
    char what[32];
    snprintf(what, sizeof what, "fan PWM %d/255", next);
    int rc = L->acts->fan_set_pwm(L->acts->ctx, next);
    changed(L, what, rc);
    if (rc >= 0) {
        ui_message(L, false, "%s: set by hand (a hands the fan back)%s%s", what, hint ? "; " : "",
                   hint ? hint : "");
        L->fan_watch_pwm = next;
        L->fan_watch_until_ns = ui_now_ns() + FAN_WATCH_NS;
        L->fan_watch_seen = 0;
    }
}

static void act_radio(UiLoop *L) {
    int r = selected(L, PANEL_RADIO, "radio");
    if (r < 0) {
        return;
    }
    const Val *soft = &L->model.cur.radio[r].soft;
    bool blocked = soft->ok && soft->v;
    char what[64];
    snprintf(what, sizeof what, "%s %s", blocked ? "unblock" : "block",
             L->model.inv->radios[r].name);
    changed(L, what, L->acts->radio_set_blocked(L->acts->ctx, r, !blocked));
}

/* Rail-gating: from what the GPU reads now (on when unknown: the kernel's default). */
static void act_gpu_railgate(UiLoop *L) {
    if (!L->model.inv->gpu.has_railgate) {
        ui_message(L, true, "this board's GPU has no rail-gating switch (railgate_enable)");
        return;
    }
    const Val *rg = &L->model.cur.gpu.railgate;
    bool on = !rg->ok || rg->v != 0;
    changed(L, on ? "GPU rail-gating off" : "GPU rail-gating on",
            L->acts->gpu_set_railgate(L->acts->ctx, !on));
}

/* 3D scaling: from what the GPU reads now (on when unknown: the kernel's default). */
static void act_gpu_3d(UiLoop *L) {
    if (!L->model.inv->gpu.has_3d_scaling) {
        ui_message(L, true, "this board's GPU has no 3D scaling switch (enable_3d_scaling)");
        return;
    }
    const Val *s3 = &L->model.cur.gpu.scaling_3d;
    bool on = !s3->ok || s3->v != 0;
    changed(L, on ? "GPU 3D scaling off" : "GPU 3D scaling on",
            L->acts->gpu_set_3d_scaling(L->acts->ctx, !on));
}

static void act_record(UiLoop *L) {
    void *ctx = L->acts->ctx;
    bool on = L->acts->recording && L->acts->recording(ctx);
    int rc = L->acts->record_set(ctx, !on, L->model.interval_ms);
    const char *path = L->acts->record_path ? L->acts->record_path(ctx) : NULL;
    if (rc < 0) {
        ui_message(L, true, "recording %s: %s", path && *path ? path : "", strerror(-rc));
    } else if (path && *path) {
        ui_message(L, false, "%s %s", on ? "recording stopped:" : "recording to", path);
    } else {
        ui_message(L, false, "recording %s", on ? "stopped" : "started");
    }
    L->dirty = true;
}

/* "Changed in this session: park cpu5, ... (3 settings on record in all)." */
static void pending_text(UiLoop *L, char *out, size_t outsz) {
    char list[UI_MAX_CHANGES * 64];
    screen_format_changes(&L->st, list, sizeof list);
    int n = L->acts->changes_recorded ? L->acts->changes_recorded(L->acts->ctx) : -1;
    if (n >= 0) {
        snprintf(out, outsz,
                 "Changed in this session: %s.\nSettings with their original value "
                 "on record: %d.",
                 list, n);
    } else {
        snprintf(out, outsz, "Changed in this session: %s.", list);
    }
}

static void act_quit(UiLoop *L) {
    if (L->acts->changes_pending && L->acts->changes_pending(L->acts->ctx)) {
        static const char *const choices[] = {"Keep", "Restore", "Cancel", NULL};
        char pending[UI_MAX_CHANGES * 64 + 128], text[sizeof L->st.confirm.text];
        pending_text(L, pending, sizeof pending);
        snprintf(text, sizeof text,
                 "%s\nKeep: the changes stay, and 'jtune --restore' can still undo them later.\n"
                 "Restore: put back what the board had before jtune changed it.",
                 pending);
        ask(L, "Quit", text, ASK_QUIT, choices);
        return;
    }
    L->quit = true;
}

static void ask_undo(UiLoop *L) {
    static const char *const yes_no[] = {"Yes", "No", NULL};
    char pending[UI_MAX_CHANGES * 64 + 128], text[sizeof L->st.confirm.text];
    pending_text(L, pending, sizeof pending);
    snprintf(text, sizeof text,
             "%s\nUndo puts every one of them back to the value the board had before jtune "
             "changed it. Undo now?",
             pending);
    ask(L, "Undo", text, ASK_UNDO, yes_no);
}

/* The tuning, recording and replay keys: explain when unavailable, else act. */
static void tuning(UiLoop *L, ActionId a) {
    if (!actions_available(L->acts, a)) {
        const char *why =
            L->acts->why_unavailable ? L->acts->why_unavailable(L->acts->ctx, a) : NULL;
        ui_message(L, false, "%s: %s", keymap_info(a)->name, why ? why : actions_default_reason(a));
        return;
    }
    void *ctx = L->acts->ctx;
    switch (a) {
    case ACT_PARK: act_park(L); break;
    case ACT_GOVERNOR: act_governor(L); break;
    case ACT_CPU_CAP: cpu_freq_picker(L, true); break;
    case ACT_CPU_MIN: cpu_freq_picker(L, false); break;
    case ACT_GPU_CAP: act_gpu_cap(L); break;
    case ACT_GPU_RAILGATE: act_gpu_railgate(L); break;
    case ACT_GPU_3D: act_gpu_3d(L); break;
    case ACT_EMC_CAP: act_emc_cap(L); break;
    case ACT_IDLE_TOGGLE: act_idle(L, false); break;
    case ACT_IDLE_ALL: act_idle(L, true); break;
    case ACT_FAN_UP: act_fan(L, +1); break;
    case ACT_FAN_DOWN: act_fan(L, -1); break;
    case ACT_FAN_AUTO:
        L->fan_watch_until_ns = 0;
        changed(L, "fan automatic", L->acts->fan_set_auto(ctx));
        break;
    case ACT_RADIO_TOGGLE: act_radio(L); break;
    case ACT_NVP_MODE: act_nvp(L); break;
    case ACT_UNDO_ALL: ask_undo(L); break;
    case ACT_PROFILES: act_profiles(L); break;
    case ACT_MAX_CLOCKS: act_max_clocks(L); break;
    case ACT_RECORD: act_record(L); break;
    case ACT_WORKLOAD: L->st.overlay = OVERLAY_WORKLOAD; break;
    case ACT_REPLAY_BACK: done(L, "replay back", L->acts->replay_seek(ctx, -1)); break;
    case ACT_REPLAY_FWD: done(L, "replay forward", L->acts->replay_seek(ctx, +1)); break;
    case ACT_REPLAY_SPEED: done(L, "replay speed", L->acts->replay_speed(ctx)); break;
    case ACT_REPLAY_GOTO: act_replay_goto(L); break;
    default: break;
    }
}

static void picked(UiLoop *L, const Picker *p) {
    int64_t v = p->values[p->sel];
    void *ctx = L->acts->ctx;
    char what[96];
    snprintf(what, sizeof what, "%s %s", p->title, p->items[p->sel]);
    switch (p->tag) {
    case PICK_CPU_CAP: changed(L, what, L->acts->cpu_set_max_khz(ctx, p->arg, v)); break;
    case PICK_CPU_MIN: changed(L, what, L->acts->cpu_set_min_khz(ctx, p->arg, v)); break;
    case PICK_GOVERNOR: {
        const char *gov = L->model.inv->cpu.policies[p->arg].govs[v];
        snprintf(what, sizeof what, "cluster %d governor %s", p->arg, gov);
        changed(L, what, L->acts->cpu_set_governor(ctx, p->arg, gov));
        break;
    }
    case PICK_GPU_CAP: changed(L, what, L->acts->gpu_set_max_hz(ctx, v)); break;
    case PICK_EMC_CAP: changed(L, what, L->acts->emc_set_cap_hz(ctx, v)); break;
    case PICK_NVP: changed(L, what, L->acts->nvp_set_mode(ctx, (int)v)); break;
    case PICK_REPLAY: done(L, what, L->acts->replay_goto(ctx, v)); break;
    case PICK_PROFILE: {
        if (ui_profile_preview(L, p->items[p->sel])) {
            break; /* the preview asks */
        }
        static const char *const choices[] = {"Apply", "Cancel", NULL};
        char text[160];
        snprintf(text, sizeof text, "Apply profile '%s' now?", p->items[p->sel]);
        ask(L, "Profile", text, ASK_PROFILE, choices);
        break;
    }
    default: break;
    }
}

static void confirmed(UiLoop *L, const Confirm *d, const Picker *last_pick) {
    void *ctx = L->acts->ctx;
    switch (d->tag) {
    case ASK_QUIT:
        if (d->sel == 1) {
            int rc = L->acts->undo_all ? L->acts->undo_all(ctx) : -ENOTSUP;
            if (rc < 0) {
                done(L, "restore (changes kept)", rc);
                return;
            }
        } else if (d->sel == 0 && L->acts->keep_all) {
            L->acts->keep_all(ctx); /* the changes stay either way */
        }
        L->quit = d->sel != 2;
        break;
    case ASK_UNDO:
        if (d->sel == 0) {
            int rc = L->acts->undo_all(ctx);
            done(L, "undo all", rc);
            L->st.n_changes = rc >= 0 ? 0 : L->st.n_changes;
        }
        break;
    case ASK_PROFILE:
        if (d->sel == 0) {
            ui_profile_apply(L, last_pick->items[last_pick->sel]);
        }
        break;
    default: break;
    }
}

/* Keys on the workload page: its own keys, else the normal keymap (the page stays). */
static bool workload_key(UiLoop *L, KeyCode k) {
    const UiActions *a = L->acts;
    WlPageView v;
    if (a->workload_view(a->workload_ctx, &v) < 0) {
        return false;
    }
    WlPageKey r = wlpage_key(k, &L->st.wl_sel, v.n);
    int rc = 0;
    switch (r) {
    case WLPAGE_PASS: return false;
    case WLPAGE_MOVED: break;
    case WLPAGE_START: rc = a->workload_start(a->workload_ctx, L->st.wl_sel); break;
    case WLPAGE_STOP: rc = a->workload_stop(a->workload_ctx); break;
    case WLPAGE_CLOSE: L->st.overlay = OVERLAY_NONE; break;
    }
    if (rc < 0) {
        ui_message(L, true, "%s", strerror(-rc)); /* the page shows the details */
    }
    L->dirty = true;
    return true;
}

void ui_procs_update(UiLoop *L) {
    const UiSource *src = &L->setup->source;
    L->model.procs = NULL;
    L->model.irqs = NULL;
    if (src->procs) {
        src->procs(src->ctx, &L->model.procs, &L->model.irqs);
    } else if (L->ptab && L->itab) {
        procs_from_sample(&L->sample, L->ptab, L->itab);
        L->model.procs = L->ptab->have ? L->ptab : NULL;
        L->model.irqs = L->itab->have ? L->itab : NULL;
    }
}

/* Keys of the processes page; a page key leaves it for that page. */
static bool procs_key(UiLoop *L, KeyCode k) {
    switch (procview_key(&L->st.procs, k, L->st.overlay_rows)) {
    case PROCV_CLOSE: L->st.overlay = OVERLAY_NONE; break;
    case PROCV_MOVED: break;
    case PROCV_NONE: {
        const ActionInfo *info = keymap_info(keymap_lookup(L->setup->keymap, k));
        if (info && info->group == AG_PAGES) {
            L->st.overlay = OVERLAY_NONE;
        }
        return false;
    }
    }
    L->dirty = true;
    return true;
}

/* Keys while an overlay is open. Returns true when the overlay took the key. */
static bool overlay_key(UiLoop *L, KeyCode k) {
    UiState *st = &L->st;
    WidgetResult r;
    switch (st->overlay) {
    case OVERLAY_WORKLOAD: return workload_key(L, k);
    case OVERLAY_HELP: r = help_key(&st->help, k, L->setup->keymap, st->overlay_rows); break;
    case OVERLAY_PICKER: r = picker_key(&st->picker, k, st->overlay_rows); break;
    case OVERLAY_CONFIRM: r = confirm_key(&st->confirm, k); break;
    case OVERLAY_PREVIEW: return ui_preview_key(L, k);
    case OVERLAY_AUDIT: return ui_audit_key(L, k);
    case OVERLAY_PROCS: return procs_key(L, k);
    case OVERLAY_INFO: return ui_info_key(L, k);
    default: return false;
    }
    L->dirty = true;
    if (r == WIDGET_OPEN) {
        return true;
    }
    Overlay was = st->overlay;
    st->overlay = OVERLAY_NONE;
    if (r == WIDGET_DONE && was == OVERLAY_PICKER) {
        picked(L, &st->picker);
    } else if (r == WIDGET_DONE && was == OVERLAY_CONFIRM) {
        confirmed(L, &st->confirm, &st->picker);
    }
    return true;
}

static void general(UiLoop *L, ActionId a) {
    switch (a) {
    case ACT_HELP:
        L->st.overlay = OVERLAY_HELP;
        L->st.help.top = 0;
        break;
    case ACT_QUIT: act_quit(L); break;
    case ACT_PAUSE:
        if (L->setup->source.pause) { /* a replay: play/pause the recording */
            L->model.paused = L->setup->source.pause(L->setup->source.ctx, ui_now_ns());
        } else {
            L->model.paused = !L->model.paused;
        }
        if (!L->model.paused) {
            ui_sample_soon(L);
        }
        break;
    case ACT_INTERVAL_UP: set_interval(L, +1); break;
    case ACT_INTERVAL_DOWN: set_interval(L, -1); break;
    case ACT_REDRAW: L->repaint = true; break;
    case ACT_PAGE_NEXT: L->st.page = (L->st.page + 1) % (L->st.n_panels + 1); break;
    case ACT_PAGE_PREV: L->st.page = (L->st.page + L->st.n_panels) % (L->st.n_panels + 1); break;
    case ACT_UP: move_sel(L, -1, 0); break;
    case ACT_DOWN: move_sel(L, +1, 0); break;
    case ACT_LEFT: move_sel(L, 0, -1); break;
    case ACT_RIGHT: move_sel(L, 0, +1); break;
    case ACT_AUDIT: ui_audit_open(L); break;
    case ACT_PROCS: L->st.overlay = OVERLAY_PROCS; break;
    case ACT_INFO: ui_info_open(L); break;
    default:
        if (a >= ACT_PAGE_1 && a <= ACT_PAGE_10) {
            go_page(L, (int)(a - ACT_PAGE_1));
        }
        return;
    }
    L->dirty = true;
}

void ui_handle_key(UiLoop *L, KeyCode k) {
    if (k == KEYC_RESIZE) {
        L->cols = COLS;
        L->rows = LINES;
        L->dirty = true;
        L->repaint = true;
        return;
    }
    if (L->st.message[0]) {
        L->st.message[0] = '\0'; /* a key dismisses the message */
        L->dirty = true;
    }
    if (overlay_key(L, k)) {
        return;
    }
    ActionId a = keymap_lookup(L->setup->keymap, k);
    const ActionInfo *info = keymap_info(a);
    if (!info) {
        return;
    }
    if (info->group == AG_TUNING || info->group == AG_RECORD) {
        tuning(L, a);
    } else {
        general(L, a);
    }
}
