/* SPDX-License-Identifier: MIT */
/* auditview: the audit page - key handling (pure) and drawing. */
#include "jtune/ui/auditview.h"

#include <stdio.h>
#include <string.h>

#define DETAIL_ROWS 3 /* fix or command, last outcome, key hints */

void auditview_init(AuditView *v) {
    memset(v, 0, sizeof *v);
    v->target = -1;
}

static void clamp(AuditView *v, int rows) {
    v->sel = v->sel < 0 ? 0 : v->sel >= AUD_COUNT ? AUD_COUNT - 1 : v->sel;
    rows = rows < 1 ? 1 : rows;
    if (v->sel < v->top) {
        v->top = v->sel;
    } else if (v->sel >= v->top + rows) {
        v->top = v->sel - rows + 1;
    }
    v->top = v->top + rows > AUD_COUNT ? (AUD_COUNT > rows ? AUD_COUNT - rows : 0) : v->top;
}

AuditViewCmd auditview_key(AuditView *v, KeyCode k, int rows) {
    int page = rows > 1 ? rows - 1 : 1;
    switch (k) {
    case KEYC_UP:
    case 'k': v->sel--; break;
    case KEYC_DOWN:
    case 'j': v->sel++; break;
    case KEYC_PGUP: v->sel -= page; break;
    case KEYC_PGDN: v->sel += page; break;
    case KEYC_HOME: v->sel = 0; break;
    case KEYC_END: v->sel = AUD_COUNT - 1; break;
    case 'f':
    case KEYC_ENTER: return AV_FIX;
    case 't':
        v->target = v->target + 1 >= AUDIT_TARGET_COUNT ? -1 : v->target + 1;
        return AV_TARGET;
    case KEYC_ESC:
    case 'q':
    case 'A': return AV_CLOSE;
    default: return AV_NONE;
    }
    clamp(v, rows);
    return AV_MOVED;
}

static const char *auditview_target_text(const AuditView *v, char *out, size_t outsz) {
    if (v->target >= 0) {
        snprintf(out, outsz, "%s", audit_target_name((AuditTarget)v->target));
    } else if (v->have && v->rep.profile[0]) {
        snprintf(out, outsz, "automatic: %s (%s in effect)", audit_target_name(v->rep.target),
                 v->rep.profile);
    } else {
        snprintf(out, outsz, "automatic: %s", audit_target_name(v->have ? v->rep.target : 0));
    }
    return out;
}

static Role status_role(AuditStatus s) {
    return s == AUDIT_PASS ? ROLE_STATE_ON : s == AUDIT_FAIL ? ROLE_STATE_OFF : ROLE_NA;
}

static void draw_item(const Canvas *c, int y, const AuditItem *it, bool sel, int title_w) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    draw_text(c, y, 0, sel ? ROLE_TITLE : ROLE_NORMAL, sel ? c->g->sel : " ");
    int x = 2;
    Canvas st = canvas_sub(c, (Rect){x, y, 5, 1});
    draw_text(&st, 0, 0, status_role(it->status), audit_status_name(it->status));
    x += 6;
    Canvas t = canvas_sub(c, (Rect){x, y, title_w, 1});
    draw_text(&t, 0, 0, sel ? ROLE_SELECTED : ROLE_LABEL, audit_title(it->id));
    x += title_w + 1;
    draw_text(c, y, x, it->status == AUDIT_NA ? ROLE_NA : ROLE_VALUE, it->evidence);
}

/* The selected item's fix or command, the last outcome and the keys. */
static void draw_detail(const Canvas *c, int y, const AuditView *v) {
    const AuditItem *it = &v->rep.items[v->sel];
    for (int r = y; r < c->r.h; r++) {
        draw_blank(c, r, 0, ROLE_NORMAL);
    }
    if (v->have && it->status == AUDIT_FAIL && it->fix[0]) {
        int x = draw_text(c, y, 0, ROLE_LABEL, "fix (f): ");
        draw_text(c, y, x, ROLE_VALUE, it->fix);
    } else if (v->have && it->status == AUDIT_FAIL && it->command[0]) {
        int x = draw_text(c, y, 0, ROLE_LABEL, "run: ");
        draw_text(c, y, x, ROLE_VALUE, it->command);
    } else if (v->have) {
        draw_text(c, y, 0, ROLE_LABEL,
                  it->status == AUDIT_PASS ? "nothing to do" : "not checked on this board");
    }
    if (v->status[0]) {
        draw_text(c, y + 1, 0, v->status_error ? ROLE_MESSAGE_ERROR : ROLE_MESSAGE, v->status);
    }
    draw_text(c, y + 2, 0, ROLE_LABEL, "up/down select  f fix  t target  A or esc close");
}

int auditview_draw(const Canvas *c, AuditView *v) {
    char score[32] = "", target[96], right[160];
    if (v->have) {
        audit_format_score(&v->rep, score, sizeof score);
    }
    snprintf(right, sizeof right, "%s%starget %s", score, score[0] ? " · " : "",
             auditview_target_text(v, target, sizeof target));
    draw_title(c, 0, "Low-power audit", right, ROLE_VALUE);
    int rows = c->r.h - 1 - DETAIL_ROWS;
    rows = rows < 1 ? 1 : rows;
    clamp(v, rows);
    int title_w = c->r.w >= 110 ? 40 : 36;
    for (int r = 0; r < rows; r++) {
        int i = v->top + r;
        if (!v->have || i >= AUD_COUNT) {
            draw_blank(c, 1 + r, 0, ROLE_NORMAL);
            if (!v->have && r == 0) {
                draw_text(c, 1, 2, ROLE_NA, "reading the board...");
            }
            continue;
        }
        draw_item(c, 1 + r, &v->rep.items[i], i == v->sel, title_w);
    }
    draw_detail(c, 1 + rows, v);
    return rows;
}
