/* SPDX-License-Identifier: MIT */
/* actions: what the screens ask of the rest of jtune when a key means "change something".
 *
 * The UI never writes to the board itself. The app fills a UiActions with function
 * pointers (the helper client, the recorder, the replay source...) and hands it to
 * ui_run(). A NULL pointer means the action is not available in this session: the UI then
 * shows why_unavailable(ctx, action) in the footer, or a built-in explanation when that
 * hook is NULL too. Every function returns 0 or -errno; the UI shows the error text.
 *
 * The screens decide WHAT to ask (the selected core, a frequency picked from the list the
 * kernel advertises, the next governor); the implementation decides HOW and whether it is
 * allowed (the helper re-checks every value). Indexes are those of the Inventory.
 */
#ifndef JTUNE_UI_ACTIONS_H
#define JTUNE_UI_ACTIONS_H

#include "jtune/core/audit.h"
#include "jtune/core/sysinfo.h"
#include "jtune/ui/keymap.h"
#include "jtune/ui/wlpage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_MAX_CHOICES 32
#define UI_CHOICE_LEN  48
#define UI_LINE_LEN    96

typedef struct UiActions {
    void *ctx; /* handed back to every function */

    /* Header text for the tuning state: "helper connected", "monitor only" (NULL: the
     * UI says "monitor only" when no tuning function is set). */
    const char *(*tuning_status)(void *ctx);

    /* One line: why action a is unavailable and how to enable it (NULL: built-in text). */
    const char *(*why_unavailable)(void *ctx, ActionId a);

    /* ---- tuning ---- */
    int (*cpu_set_online)(void *ctx, int cpu, bool online);
    int (*cpu_set_governor)(void *ctx, int policy, const char *governor);
    int (*cpu_set_max_khz)(void *ctx, int policy, int64_t khz);
    int (*cpu_set_min_khz)(void *ctx, int policy, int64_t khz);
    int (*gpu_set_max_hz)(void *ctx, int64_t hz);
    int (*emc_set_cap_hz)(void *ctx, int64_t hz);
    /* cpu = -1: every core */
    int (*idle_set_disabled)(void *ctx, int cpu, int state, bool disabled);
    int (*fan_set_pwm)(void *ctx, int pwm); /* 0..255, takes manual control */
    int (*fan_set_auto)(void *ctx);
    int (*radio_set_blocked)(void *ctx, int radio, bool blocked);
    int (*gpu_set_railgate)(void *ctx, bool on);
    int (*gpu_set_3d_scaling)(void *ctx, bool on);
    int (*nvp_set_mode)(void *ctx, int id);
    int (*undo_all)(void *ctx);

    /* ---- profiles and the low-power audit: these get prof_ctx, not ctx ---- */
    void *prof_ctx;
    /* Profile names into out (at most max); returns the count or -errno. */
    int (*profile_list)(void *pctx, char out[][UI_CHOICE_LEN], int max);
    /* The one-line description of profile name into out ("" none). 0 or -errno. */
    int (*profile_describe)(void *pctx, const char *name, char *out, size_t outsz);
    /* needs[i]: switching to nvpmodel mode i (inventory order) needs a reboot. Returns the
     * mode count or -errno. */
    int (*nvp_reboots)(void *pctx, bool *needs, int max);
    /* What applying name would change: preview lines (heading first); count or -errno. */
    int (*profile_preview)(void *pctx, const char *name, char lines[][UI_LINE_LEN], int max);
    /* Apply name (one helper transaction). 0 or -errno. */
    int (*profile_apply)(void *pctx, const char *name);
    /* Run the audit now; target -1 automatic, else an AuditTarget. 0 or -errno. */
    int (*audit_run)(void *pctx, int target, AuditReport *out);
    /* Apply the fix of item id of r (journaled, like any change). 0 or -errno. */
    int (*audit_fix)(void *pctx, const AuditReport *r, int id);
    /* The outcome of the last profile or audit call ("applied ...", or why it failed). */
    const char *(*prof_message)(void *pctx);

    /* ---- recording, workloads, replay ---- */
    /* Start (at the current sampling interval, for the log's header) or stop recording. */
    int (*record_set)(void *ctx, bool on, int interval_ms);
    bool (*recording)(void *ctx);                 /* header indicator */
    const char *(*record_path)(void *ctx);        /* the file being written, for messages */
    int (*replay_seek)(void *ctx, int direction); /* one row: -1 back, +1 forward */
    int (*replay_speed)(void *ctx);
    /* "Go to" choices (times, peaks) with a value each; returns the count or -errno. */
    int (*replay_marks)(void *ctx, char out[][UI_CHOICE_LEN], int64_t *values, int max);
    int (*replay_goto)(void *ctx, int64_t value); /* a value from replay_marks */

    /* ---- the workload page (workload_view NULL: no workload runner in this session) ----
     * These get workload_ctx, not ctx. */
    void *workload_ctx;
    int (*workload_view)(void *wctx, WlPageView *out); /* fill the page: 0 or -errno */
    int (*workload_start)(void *wctx, int index);      /* 0 or -errno (the view says why) */
    int (*workload_stop)(void *wctx);
    int (*workload_fds)(void *wctx, int fds[2]);       /* fds to wait on while it runs */
    int64_t (*workload_next_ns)(void *wctx);           /* its next timed step, INT64_MAX none */
    bool (*workload_step)(void *wctx, int64_t now_ns); /* true when the view changed */

    /* On quit: when this returns true the UI asks "keep changes or restore?" and calls
     * undo_all for restore, keep_all (when set) for keep. Keeping keeps the record of the
     * original values, so that 'jtune --restore' can still undo the changes later. */
    bool (*changes_pending)(void *ctx);
    int (*keep_all)(void *ctx);
    /* Board settings whose original value is on record (this session's and an earlier
     * one's): what restore would put back. -errno when unknown. */
    int (*changes_recorded)(void *ctx);

    /* The human message for the last failed call ("" or NULL: the UI shows strerror). */
    const char *(*last_error)(void *ctx);

    /* ---- the board information page: gets info_ctx ---- */
    void *info_ctx;
    int (*info_read)(void *ictx, SysInfo *out); /* 0 or -errno */
    bool info_keep_serial;                      /* --keep-serial: the page shows it at once */
} UiActions;

/* The built-in explanation for an unavailable action a (static text). */
const char *actions_default_reason(ActionId a);

/* True when the function behind action a is set in acts. */
bool actions_available(const UiActions *acts, ActionId a);

#endif
