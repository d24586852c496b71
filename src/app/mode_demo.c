/* mode_demo: run jtune on a simulated board in a private temporary root. The simulator is a
 * child process (jtune-sim); it is stopped and its root removed when the UI or headless run
 * ends, also after Ctrl-C (both modes end cleanly on SIGINT/SIGTERM/SIGHUP). */
#include "jtune/app/modes.h"

#include "jtune/sim/simproc.h"

#include <stdio.h>
#include <string.h>

int mode_demo(const Options *o) {
    SimProc sp;
    SimProcOptions so = {.board = o->board, .seed = o->seed, .hz = 10, .quiet = true};
    int rc = simproc_start(&sp, &so);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot start the board simulator%s%s: %s\n",
                o->board ? " for " : "", o->board ? o->board : "", strerror(-rc));
        return 1;
    }
    Options child = *o;
    child.root = sp.root;
    child.demo = false;
    child.board = NULL;
    int status = (o->mode == MODE_HEADLESS) ? mode_headless(&child) : mode_ui(&child);
    simproc_stop(&sp);
    return status;
}
