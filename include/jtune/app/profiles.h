/* SPDX-License-Identifier: MIT */
/* profiles: find, load, resolve and apply tuning profiles, and run the low-power audit -
 * one session object for every mode that uses them (--apply-profile, the UI's profiles and
 * audit pages, experiments comparing two profiles).
 *
 *   ProfSession *ps;
 *   profiles_open(&ps, o->root, tune);           // tune: from privsep_start (may be offline)
 *   Profile p; Diag d = {0};
 *   profiles_load(ps, "cruise", &p, &d);         // a name, a file, or "k=v,k=v"
 *   ProfPlan *plan = malloc(sizeof *plan);
 *   profiles_plan(ps, &p, plan, &d);             // reads the board now
 *   profiles_preview(stdout, &p, plan);          // node: current -> new
 *   ProfResult r;
 *   profiles_apply(ps, plan, &r);                // one helper transaction; r.msg on failure
 *   profiles_close(ps);
 *
 * Where a name is looked up (the first NAME.ini found wins; FAMILY is the board's, see
 * profile_family()):
 *   $XDG_CONFIG_HOME/jtune/profiles (~/.config/jtune/profiles), then
 *   JTUNE_INSTALL_SYSCONFDIR/profiles (/etc/jtune/profiles), then
 *   the installed data directory (<prefix>/share/jtune/profiles), or the source tree's
 *   config/profiles when jtune runs from its build tree;
 * in each: FAMILY/NAME.ini, then NAME.ini.
 *
 * Applying: only the steps that change something are sent, in the plan's order, between
 * tune_txn_begin and tune_txn_commit: when one fails the helper puts back every node the
 * transaction had already changed. Every write is journaled by the helper, so "undo all" and
 * jtune --restore cover profiles too.
 */
#ifndef JTUNE_APP_PROFILES_H
#define JTUNE_APP_PROFILES_H

#include "jtune/core/audit.h"
#include "jtune/core/profile.h"
#include "jtune/core/profplan.h"
#include "jtune/ipc/tune.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct ProfSession ProfSession;

#define PROFILES_MAX 32

/* The outcome of applying a plan. */
typedef struct {
    int applied;   /* steps written (all kept when rc is 0, none kept otherwise) */
    int failed;    /* index of the step that failed, -1 when none */
    int rc;        /* 0 or -errno */
    char msg[320]; /* what failed and why ("" on success) */
} ProfResult;

/* Open the board under root (NULL: "/") for profiles and the audit. tune is borrowed (may be
 * NULL or offline: planning and the audit still work, applying says why not). 0 or -errno. */
int profiles_open(ProfSession **out, const char *root, TuneClient *tune);

/* Close. NULL is ignored. The TuneClient is not stopped. */
void profiles_close(ProfSession *ps);

/* The board's profile family ("orin-nano-super"; "" unknown). Borrowed. */
const char *profiles_family(const ProfSession *ps);

/* "max-clocks": what jetson_clocks pins - every CPU cluster's and the GPU's minimum raised to
 * the maximum in effect (min = max, nvpmodel's caps kept, as jetson_clocks does) and the EMC
 * cap at the top rate. Applied like any profile, journaled: U and --restore undo it. */
#define PROFILES_MAX_CLOCKS          "max-clocks"
#define PROFILES_MAX_CLOCKS_SETTINGS "cpu.min_khz=max,gpu.min_hz=max,emc.cap_hz=max"

/* Load spec: an inline settings list (has '='), a file (has '/' or ends in ".ini"), the
 * built-in PROFILES_MAX_CLOCKS, or a profile name looked up as above. 0, -ENOENT (no such profile:
 * d says where it looked), -EINVAL (errors in the file, in d), or -errno reading it. */
int profiles_load(ProfSession *ps, const char *spec, Profile *out, Diag *d);

/* The profile names available for this board (deduplicated, sorted). Returns the count. */
int profiles_list(ProfSession *ps, char names[][PROF_NAME], int max);

/* Read the board now: needs[i] tells whether switching to nvpmodel mode i (indexed like
 * inv->nvp.modes) needs a reboot. Returns the mode count (at most max) or -errno. */
int profiles_mode_reboots(ProfSession *ps, bool *needs, int max);

/* Read the board now and resolve p against it. 0 or -errno (see profplan_resolve). */
int profiles_plan(ProfSession *ps, const Profile *p, ProfPlan *plan, Diag *d);

/* Print the preview: a heading with the profile, one line per change, and how many settings
 * are already as asked. */
void profiles_preview(FILE *f, const Profile *p, const ProfPlan *plan);

/* The preview as lines (for the UI): heading first. Returns the line count (at most max). */
int profiles_preview_lines(const Profile *p, const ProfPlan *plan, char lines[][96], int max);

/* Apply the changing steps of plan as one transaction. 0 or -errno (res says which step and
 * why; the helper rolled back what the transaction had done). */
int profiles_apply(ProfSession *ps, const ProfPlan *plan, ProfResult *res);

/* The name of the profile in effect (every setting already as it asks; intent set), or
 * NULL. Reads the board and resolves each listed profile. */
const char *profiles_in_effect(ProfSession *ps, ProfIntent *intent);

/* Run the audit now. target: AUDIT_LOW_POWER / AUDIT_PERFORMANCE, or -1 for automatic (the
 * intent of the profile in effect, low-power when none). 0 or -errno. */
int profiles_audit(ProfSession *ps, int target, AuditReport *out);

/* Apply the fix of item id of report r (its settings, as a one-off profile) through the
 * helper. -ENOENT when the item has nothing jtune can fix (r->items[id].command says what to
 * run instead). 0 or -errno with res filled. */
int profiles_fix(ProfSession *ps, const AuditReport *r, AuditId id, ProfResult *res);

#endif
