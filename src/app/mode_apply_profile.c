/* SPDX-License-Identifier: MIT */
/* mode_apply_profile: jtune --apply-profile NAME|FILE|SETTINGS [--dry-run] [--yes].
 *
 * Plain lines only (no curses), so it runs the same from a terminal, a script or a systemd
 * unit at boot (the journal gets stdout and stderr). The preview (every node: current ->
 * new) is printed first. On a terminal jtune then asks before changing anything; without
 * one (a unit, a pipe) or with --yes it applies at once. --dry-run stops after the preview.
 * Applying is one helper transaction: any failure rolls back what it had done.
 */
#include "jtune/app/modes.h"
#include "jtune/app/privsep.h"
#include "jtune/app/profiles.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_diag(const Diag *d) {
    for (int i = 0; i < d->n; i++) {
        fprintf(stderr, "jtune: %s\n", d->msg[i]);
    }
    int more = d->n_errors + d->n_warnings - d->n;
    if (more > 0) {
        fprintf(stderr, "jtune: (%d more messages not shown)\n", more);
    }
}

/* Ask on the terminal. true for y/yes. */
static bool confirm(int n_changes) {
    printf("Apply %d change%s? [y/N] ", n_changes, n_changes == 1 ? "" : "s");
    (void)fflush(stdout); /* a prompt: a lost terminal shows as EOF on the answer */
    char line[16];
    if (!fgets(line, sizeof line, stdin)) {
        return false;
    }
    return strcmp(line, "y\n") == 0 || strcmp(line, "yes\n") == 0 || strcmp(line, "Y\n") == 0;
}

typedef struct {
    TuneClient *tune;
    ProfSession *ps;
    Profile prof;
    ProfPlan plan;
    Diag diag;
} Run;

/* Load and plan; print the preview. 0, or the exit status. */
static int prepare(const Options *o, Run *r) {
    int rc = profiles_open(&r->ps, o->root, r->tune);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    rc = profiles_load(r->ps, o->profile, &r->prof, &r->diag);
    if (rc == 0) {
        rc = profiles_plan(r->ps, &r->prof, &r->plan, &r->diag);
    }
    print_diag(&r->diag);
    if (rc < 0) {
        if (r->diag.n == 0) {
            fprintf(stderr, "jtune: profile %s: %s\n", o->profile, strerror(-rc));
        }
        return 1;
    }
    profiles_preview(stdout, &r->prof, &r->plan);
    return 0;
}

static int apply(const Options *o, Run *r) {
    if (o->dry_run) {
        printf("dry run: nothing was changed\n");
        return 0;
    }
    if (r->plan.n_changes == 0) {
        printf("nothing to change: the board already runs '%s'\n", r->prof.name);
        return 0;
    }
    if (!tune_connected(r->tune)) {
        fprintf(stderr, "jtune: cannot apply: %s\n", tune_status(r->tune));
        return 1;
    }
    if (!o->assume_yes && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
        !confirm(r->plan.n_changes)) {
        printf("not applied\n");
        return 1;
    }
    ProfResult res;
    if (profiles_apply(r->ps, &r->plan, &res) < 0) {
        fprintf(stderr, "jtune: %s\n", res.msg);
        return 1;
    }
    printf("applied '%s': %d change%s (undo with: jtune --restore)\n", r->prof.name, res.applied,
           res.applied == 1 ? "" : "s");
    return 0;
}

int mode_apply_profile(const Options *o) {
    Run *r = calloc(1, sizeof *r);
    if (!r) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    char err[256] = "";
    int status = 1;
    if (privsep_start(o, &r->tune, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
    } else if (!r->tune) {
        fputs("jtune: out of memory\n", stderr);
    } else if ((status = prepare(o, r)) == 0) {
        status = apply(o, r);
    }
    (void)fflush(stdout); /* the report; the status says what happened to the board */
    profiles_close(r->ps);
    tune_stop(r->tune);
    free(r);
    return status;
}
