/* SPDX-License-Identifier: MIT */
/* ui_prof: the monitor's profile preview and audit page - opening them, their keys, the
 * audit's live refresh. They reach the rest of jtune through UiActions (prof_ctx). */
#include "jtune/ui/keymap.h"
#include "ui_loop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

/* The outcome text of the last profile/audit call, else a generic one. */
static const char *outcome(UiLoop *L, int rc) {
    const char *m = L->acts->prof_message ? L->acts->prof_message(L->acts->prof_ctx) : NULL;
    return m && *m ? m : rc < 0 ? strerror(-rc) : "done";
}

/* ---- profiles ---- */

bool ui_profile_preview(UiLoop *L, const char *name) {
    if (!L->acts->profile_preview) {
        return false; /* the caller asks a plain yes/no instead */
    }
    ProfView *v = &L->st.preview;
    profview_init(v, name);
    int n = L->acts->profile_preview(L->acts->prof_ctx, name, v->lines, PROFVIEW_LINES);
    if (n < 0) {
        ui_message(L, true, "profile %s: %s", name, outcome(L, n));
        return true;
    }
    v->n = n;
    L->st.overlay = OVERLAY_PREVIEW;
    L->dirty = true;
    return true;
}

void ui_profile_apply(UiLoop *L, const char *name) {
    int rc = L->acts->profile_apply(L->acts->prof_ctx, name);
    ui_message(L, rc < 0, "%s", outcome(L, rc));
    if (rc == 0) {
        char what[64];
        snprintf(what, sizeof what, "profile %s", name);
        screen_note_change(&L->st, what);
        ui_sample_soon(L);
    }
}

bool ui_preview_key(UiLoop *L, KeyCode k) {
    WidgetResult r = profview_key(&L->st.preview, k, L->st.overlay_rows);
    L->dirty = true;
    if (r == WIDGET_OPEN) {
        return true;
    }
    L->st.overlay = OVERLAY_NONE;
    if (r == WIDGET_DONE) {
        ui_profile_apply(L, L->st.preview.name);
    }
    return true;
}

/* ---- the audit page ---- */

void ui_audit_refresh(UiLoop *L) {
    AuditView *v = &L->st.audit;
    int rc = L->acts->audit_run(L->acts->prof_ctx, v->target, &v->rep);
    v->have = rc == 0;
    if (rc < 0) {
        snprintf(v->status, sizeof v->status, "audit: %s", outcome(L, rc));
        v->status_error = true;
    }
    L->dirty = true;
}

void ui_audit_open(UiLoop *L) {
    if (!L->acts->audit_run) {
        const char *why =
            L->acts->why_unavailable ? L->acts->why_unavailable(L->acts->ctx, ACT_AUDIT) : NULL;
        ui_message(L, false, "audit: %s", why ? why : actions_default_reason(ACT_AUDIT));
        return;
    }
    L->st.audit.status[0] = '\0';
    L->st.overlay = OVERLAY_AUDIT;
    ui_audit_refresh(L);
}

static void audit_fix(UiLoop *L) {
    AuditView *v = &L->st.audit;
    const AuditItem *it = &v->rep.items[v->sel];
    const char *title = audit_title(it->id);
    v->status_error = false;
    if (!v->have || it->status != AUDIT_FAIL) {
        snprintf(v->status, sizeof v->status, "%s: nothing to fix", title);
    } else if (!it->fix[0]) {
        snprintf(v->status, sizeof v->status, "%s: jtune does not manage this; run the command",
                 title);
    } else if (!L->acts->audit_fix) {
        const char *why =
            L->acts->why_unavailable ? L->acts->why_unavailable(L->acts->ctx, ACT_PROFILES) : NULL;
        snprintf(v->status, sizeof v->status, "fix: %s",
                 why ? why : actions_default_reason(ACT_PROFILES));
        v->status_error = true;
    } else {
        int rc = L->acts->audit_fix(L->acts->prof_ctx, &v->rep, v->sel);
        snprintf(v->status, sizeof v->status, "%s: %s", title, outcome(L, rc));
        v->status_error = rc < 0;
        if (rc == 0) {
            char what[64];
            snprintf(what, sizeof what, "audit fix: %s", title);
            screen_note_change(&L->st, what);
        }
        ui_sample_soon(L);
        ui_audit_refresh(L);
    }
    L->dirty = true;
}

bool ui_audit_key(UiLoop *L, KeyCode k) {
    switch (auditview_key(&L->st.audit, k, L->st.overlay_rows)) {
    case AV_CLOSE: L->st.overlay = OVERLAY_NONE; break;
    case AV_FIX: audit_fix(L); break;
    case AV_TARGET: ui_audit_refresh(L); break;
    case AV_MOVED: break;
    case AV_NONE: {
        /* other keys work as usual; a page key leaves the audit for that page */
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
