/* SPDX-License-Identifier: MIT */
/* wlpage: the workload page - pick a workload, start and stop it, watch its progress (batch
 * k of N, ETA), the running J/batch and a short history of it.
 *
 * The UI never runs processes itself: the app fills a WlPageView (UiActions.workload_view)
 * every frame and starts or stops the workload when asked (workload_start/stop). This
 * module only draws the view and maps keys; both are pure functions of their inputs.
 */
#ifndef JTUNE_UI_WLPAGE_H
#define JTUNE_UI_WLPAGE_H

#include "jtune/core/sample.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"

#include <stdbool.h>
#include <stdint.h>

#define WLPAGE_MAX     32
#define WLPAGE_HISTORY 32

typedef struct {
    int n; /* workloads offered */
    char name[WLPAGE_MAX][32];
    char desc[WLPAGE_MAX][96]; /* "10 batches x 2000 ms, 2000 ms idle", or why it cannot run */
    bool runnable[WLPAGE_MAX];
    int running; /* index of the workload being run, -1 none */

    bool have_run; /* a run was started in this session: the fields below describe it */
    char run_name[32];
    char state[48];    /* "baseline", "batch 3 of 10", "idle", "done", "failed", "stopped" */
    int done, batches; /* whole batches accounted, batches expected */
    int64_t eta_ms;    /* -1 unknown */
    int64_t j_n;       /* batches in the statistics */
    double j_mean, j_ci, j_last; /* J per batch (NaN unknown) */
    double net_mean;             /* J per batch above the baseline (NaN unknown) */
    double w_mean;               /* W per batch (NaN unknown) */
    Val baseline_mw, idle_mw;
    int hist_n;
    double hist_j[WLPAGE_HISTORY]; /* J per batch, oldest first */
    char output[160];              /* where the workload's own output goes */
    char message[240];             /* an error or a note ("" none) */
    bool message_error;
    int interval_ms; /* the UI's sampling interval (a hint when it is coarse) */
} WlPageView;

/* What a key on the page asks for. */
typedef enum {
    WLPAGE_PASS,  /* not a page key: the normal keymap handles it */
    WLPAGE_MOVED, /* the selection moved */
    WLPAGE_START, /* start the selected workload */
    WLPAGE_STOP,  /* stop the running one */
    WLPAGE_CLOSE, /* leave the page (the run goes on) */
} WlPageKey;

/* Map key k (sel: the selected row, n rows; updated on a move). */
WlPageKey wlpage_key(KeyCode k, int *sel, int n);

/* Paint every cell of c from v, with row sel selected. */
void wlpage_draw(const Canvas *c, const WlPageView *v, int sel);

/* "1 h 02 m", "3 m 05 s", "42 s" for a duration in ms into out; returns out. */
const char *wlpage_format_eta(int64_t ms, char *out, size_t outsz);

#endif
