/* SPDX-License-Identifier: MIT */
/* wlui: the workload runner behind the UI's workload page. It owns the WlRun (wlrun.h) of
 * the workload the user started, is fed every sample the UI takes (wlui_sample, from the
 * UI's source), and fills the page's view. The workload's own output goes
 * to a file (never to the terminal the UI draws on): the workload's `output`, or by default
 * $XDG_STATE_HOME/jtune/workload-NAME.out (~/.local/state/...).
 */
#ifndef JTUNE_APP_UIWIRE_WLUI_H
#define JTUNE_APP_UIWIRE_WLUI_H

#include "jtune/platform/sampler.h"
#include "jtune/ui/actions.h"
#include "jtune/ui/ui.h"
#include "jtune/workload/wlconf.h"

typedef struct WlUi WlUi;

/* A runner for the workloads of set on the board sampler reads (both borrowed: they must
 * outlive the runner). 0 or -ENOMEM. */
int wlui_create(WlUi **out, Sampler *sampler, const WlSet *set);

/* Stop a running workload (its process group, its cgroup) and free. NULL is ignored. */
void wlui_destroy(WlUi *w);

/* The UI's source through the runner: inner's samples, each also fed to the run (the
 * returned source's ctx is w; inner is kept). */
UiSource wlui_source(WlUi *w, UiSource inner);

/* Fill the workload_* members of acts (workload_ctx = w). */
void wlui_actions(WlUi *w, UiActions *acts);

#endif
