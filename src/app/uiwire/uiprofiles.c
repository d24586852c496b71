/* SPDX-License-Identifier: MIT */
/* uiprofiles: UiActions hooks for profiles and the audit. */
#include "jtune/app/uiwire/uiprofiles.h"

#include "jtune/app/profiles.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct UiProfiles {
    ProfSession *ps;  /* opened at the first use (see session()); NULL until then */
    const char *root; /* borrowed */
    int open_rc;      /* why the session could not be opened (0: not tried, or open) */
    TuneClient *tune;
    bool *changed;
    Profile prof;
    ProfPlan plan;
    Diag diag;
    char msg[320];
};

static UiProfiles *P(void *pctx) {
    return pctx;
}

int uiprofiles_open(UiProfiles **out, const char *root, TuneClient *tune, bool *changed) {
    *out = NULL;
    UiProfiles *p = calloc(1, sizeof *p);
    if (!p) {
        return -ENOMEM;
    }
    p->root = root;
    p->tune = tune;
    p->changed = changed;
    *out = p;
    return 0;
}

/* The profile session, opened at the first use: a monitor that never opens the profiles or
 * the audit never holds its sampler (about 140 KB). NULL, with p->msg saying why, when the
 * board cannot be opened (tried again at the next use). */
static ProfSession *session(UiProfiles *p) {
    if (!p->ps) {
        p->open_rc = profiles_open(&p->ps, p->root, p->tune);
        if (p->open_rc < 0) {
            p->ps = NULL;
            snprintf(p->msg, sizeof p->msg, "cannot read the board: %s", strerror(-p->open_rc));
        }
    }
    return p->ps;
}

void uiprofiles_close(UiProfiles *p) {
    if (p) {
        profiles_close(p->ps);
        free(p);
    }
}

/* Load and plan name; the first problem goes to p->msg. 0 or -errno. */
static int plan(UiProfiles *p, const char *name) {
    memset(&p->diag, 0, sizeof p->diag);
    p->msg[0] = '\0';
    ProfSession *ps = session(p);
    if (!ps) {
        return p->open_rc;
    }
    int rc = profiles_load(ps, name, &p->prof, &p->diag);
    if (rc == 0) {
        rc = profiles_plan(ps, &p->prof, &p->plan, &p->diag);
    }
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "%s", p->diag.n ? p->diag.msg[0] : strerror(-rc));
    }
    return rc;
}

static int h_list(void *pctx, char out[][UI_CHOICE_LEN], int max) {
    char names[PROFILES_MAX][PROF_NAME];
    ProfSession *ps = session(P(pctx));
    int n = ps ? profiles_list(ps, names, PROFILES_MAX) : 0;
    for (int i = 0; i < n && i < max; i++) {
        snprintf(out[i], UI_CHOICE_LEN, "%s", names[i]);
    }
    return n < max ? n : max;
}

static int h_describe(void *pctx, const char *name, char *out, size_t outsz) {
    UiProfiles *p = P(pctx);
    memset(&p->diag, 0, sizeof p->diag);
    ProfSession *ps = session(p);
    int rc = ps ? profiles_load(ps, name, &p->prof, &p->diag) : p->open_rc;
    snprintf(out, outsz, "%s", rc == 0 ? p->prof.description : "");
    return rc;
}

static int h_reboots(void *pctx, bool *needs, int max) {
    ProfSession *ps = session(P(pctx));
    return ps ? profiles_mode_reboots(ps, needs, max) : 0;
}

/* The preview, then the warnings (unsupported values) so the user sees what is skipped. */
static int h_preview(void *pctx, const char *name, char lines[][UI_LINE_LEN], int max) {
    UiProfiles *p = P(pctx);
    int rc = plan(p, name);
    if (rc < 0) {
        return rc;
    }
    _Static_assert(UI_LINE_LEN == 96, "preview lines are 96 bytes");
    int n = profiles_preview_lines(&p->prof, &p->plan, lines, max);
    for (int i = 0; i < p->diag.n && n < max; i++) {
        const char *w = strstr(p->diag.msg[i], "warning: ");
        snprintf(lines[n++], UI_LINE_LEN, "  %s", w ? w : p->diag.msg[i]);
    }
    return n;
}

static int h_apply(void *pctx, const char *name) {
    UiProfiles *p = P(pctx);
    int rc = plan(p, name);
    if (rc < 0) {
        return rc;
    }
    ProfResult res;
    rc = profiles_apply(p->ps, &p->plan, &res); /* plan() opened the session */
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "%s", res.msg);
        return rc;
    }
    if (res.applied > 0 && p->changed) {
        *p->changed = true;
    }
    snprintf(p->msg, sizeof p->msg, "profile %s: %d change%s applied (U undoes)", name, res.applied,
             res.applied == 1 ? "" : "s");
    return 0;
}

static int h_audit(void *pctx, int target, AuditReport *out) {
    UiProfiles *p = P(pctx);
    ProfSession *ps = session(p);
    if (!ps) {
        return p->open_rc;
    }
    int rc = profiles_audit(ps, target, out);
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "cannot read the board: %s", strerror(-rc));
    }
    return rc;
}

static int h_fix(void *pctx, const AuditReport *r, int id) {
    UiProfiles *p = P(pctx);
    ProfSession *ps = session(p);
    if (!ps) {
        return p->open_rc;
    }
    ProfResult res;
    int rc = profiles_fix(ps, r, (AuditId)id, &res);
    if (rc == 0) {
        if (p->changed) {
            *p->changed = true;
        }
        snprintf(p->msg, sizeof p->msg, "fixed: %s (U undoes)", r->items[id].fix);
    } else {
        snprintf(p->msg, sizeof p->msg, "%s", res.msg);
    }
    return rc;
}

static const char *h_message(void *pctx) {
    return P(pctx)->msg;
}

void uiprofiles_fill(UiActions *acts, UiProfiles *p) {
    if (!p) {
        return;
    }
    acts->prof_ctx = p;
    acts->profile_list = h_list;
    acts->profile_describe = h_describe;
    acts->nvp_reboots = h_reboots;
    acts->profile_preview = h_preview;
    acts->audit_run = h_audit;
    acts->prof_message = h_message;
    if (p->tune && tune_connected(p->tune)) {
        acts->profile_apply = h_apply;
        acts->audit_fix = h_fix;
    }
}
