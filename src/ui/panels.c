/* SPDX-License-Identifier: MIT */
/* panels: the registry and the helpers every drawer uses. */
#include "jtune/ui/panels.h"

#include "jtune/core/fmt.h"

#include <stdio.h>
#include <string.h>

const PanelDef *panel_get(PanelId id) {
    static const PanelDef *const all[PANEL_COUNT] = {
        [PANEL_CPU] = &panel_cpu,         [PANEL_GPU] = &panel_gpu,
        [PANEL_EMC] = &panel_emc,         [PANEL_POWER] = &panel_power,
        [PANEL_THERMAL] = &panel_thermal, [PANEL_IDLE] = &panel_idle,
        [PANEL_FAN] = &panel_fan,         [PANEL_MEM] = &panel_mem,
        [PANEL_RADIO] = &panel_radio,
    };
    return (unsigned)id < PANEL_COUNT ? all[id] : NULL;
}

int panel_cell(const Canvas *c, int y, int x, int w, Role role, const char *s, bool right) {
    if (w <= 0) {
        return x;
    }
    Canvas cell = canvas_sub(c, (Rect){x, y, w, 1});
    int len = draw_width(s);
    if (right && len < w) {
        draw_text(&cell, 0, w - len, role, s);
    } else {
        draw_text(&cell, 0, 0, role, s);
    }
    return x + w;
}

int panel_first_row(int n_rows, int visible, int sel) {
    if (visible <= 0 || n_rows <= visible || sel < visible) {
        return 0;
    }
    int first = sel - visible + 1;
    return first + visible > n_rows ? n_rows - visible : first;
}

int panel_row_name(const Canvas *c, int y, int w, const char *name, bool selected, bool page) {
    int x = 0;
    if (page) {
        draw_text(c, y, 0, selected ? ROLE_TITLE : ROLE_NORMAL, selected ? c->g->sel : " ");
        draw_text(c, y, 1, ROLE_NORMAL, " ");
        x = 2;
    }
    return panel_cell(c, y, x, w, selected ? ROLE_SELECTED : ROLE_LABEL, name, false);
}

void panel_more(const Canvas *c, int y, int hidden) {
    draw_blank(c, y, 0, ROLE_NORMAL);
    draw_textf(c, y, 0, ROLE_LABEL, "%s %d more on its page", c->g->ellipsis, hidden);
}

int panel_fmt_pct10(int64_t v, const void *ctx, char *out, size_t outsz) {
    (void)ctx;
    return fmt_pct10(val_of(v), out, outsz);
}

int panel_fmt_khz(int64_t v, const void *ctx, char *out, size_t outsz) {
    (void)ctx;
    return fmt_khz(val_of(v), out, outsz);
}

int panel_fmt_mw(int64_t v, const void *ctx, char *out, size_t outsz) {
    (void)ctx;
    return fmt_mw(val_of(v), out, outsz);
}

int panel_fmt_temp(int64_t v, const void *ctx, char *out, size_t outsz) {
    const UiModel *m = ctx;
    return fmt_temp_mc(val_of(v), m->unit, m->utf8, out, outsz);
}

int panel_fmt_rpm(int64_t v, const void *ctx, char *out, size_t outsz) {
    (void)ctx;
    return fmt_rpm(val_of(v), out, outsz);
}

int panel_fmt_mib(int64_t v, const void *ctx, char *out, size_t outsz) {
    (void)ctx;
    return fmt_kib(val_of(v * 1024), out, outsz);
}
