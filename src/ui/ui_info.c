/* SPDX-License-Identifier: MIT */
/* ui_info: the board information page - opening it (reads the board through
 * UiActions.info_read) and its keys. */
#include "ui_loop.h"

#include <stdio.h>
#include <string.h>

static void info_read(UiLoop *L) {
    InfoView *v = &L->st.info;
    int rc = L->acts->info_read(L->acts->info_ctx, &v->si);
    v->have = rc == 0;
    if (rc < 0) {
        snprintf(v->status, sizeof v->status, "cannot read the board: %s", strerror(-rc));
    }
    L->dirty = true;
}

void ui_info_open(UiLoop *L) {
    if (!L->acts->info_read) {
        const char *why =
            L->acts->why_unavailable ? L->acts->why_unavailable(L->acts->ctx, ACT_INFO) : NULL;
        ui_message(L, false, "info: %s", why ? why : actions_default_reason(ACT_INFO));
        return;
    }
    if (!L->st.info.opened) {
        L->st.info.keep_serial = L->acts->info_keep_serial;
        L->st.info.opened = true;
    }
    L->st.info.status[0] = '\0';
    L->st.info.top = 0;
    L->st.overlay = OVERLAY_INFO;
    info_read(L);
}

bool ui_info_key(UiLoop *L, KeyCode k) {
    switch (infoview_key(&L->st.info, k, L->st.overlay_rows)) {
    case IV_CLOSE: L->st.overlay = OVERLAY_NONE; break;
    case IV_REREAD: info_read(L); break;
    case IV_MOVED: break;
    case IV_NONE: {
        /* other keys work as usual; a page key leaves the page for that page */
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
