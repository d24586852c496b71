/* SPDX-License-Identifier: MIT */
/* app: command line dispatch to the modes. */
#include "jtune/app/app.h"

#include "jtune/app/modes.h"
#include "jtune/app/options.h"
#include "jtune/buildinfo.h"

#include <stdio.h>

int app_main(int argc, char **argv) {
    Options o;
    char err[256];
    int rc = cli_parse(argc, argv, &o, err, sizeof err);
    if (rc) {
        fprintf(stderr, "jtune: %s\n", err);
        return rc;
    }
    switch (o.mode) {
    case MODE_HELP: cli_usage(stdout); return 0;
    case MODE_VERSION: printf("jtune %s\n", JTUNE_VERSION); return 0;
    case MODE_HEADLESS: return o.demo ? mode_demo(&o) : mode_headless(&o);
    case MODE_UI: return o.demo ? mode_demo(&o) : mode_ui(&o);
    case MODE_INFO: return o.demo ? mode_demo(&o) : mode_info(&o);
    case MODE_RESTORE: return mode_restore(&o);
    case MODE_APPLY_PROFILE: return mode_apply_profile(&o);
    case MODE_RUN_WORKLOAD: return mode_run_workload(&o);
    case MODE_EXPERIMENT: return mode_experiment(&o);
    case MODE_REPLAY: return mode_replay(&o);
    case MODE_PLOT: return mode_plot(&o);
    case MODE_IMPORT: return mode_import(&o);
    case MODE_CAPTURE: return mode_capture(&o);
    }
    return 2;
}
