/* SPDX-License-Identifier: MIT */
/* mode_restore: jtune --restore - put back every node in the helper's journal (after a crash,
 * or when an earlier session kept its changes). The helper does the work: it reads its own
 * journal and writes the originals back, checked like any other request. */
#include "jtune/app/modes.h"
#include "jtune/buildinfo.h"
#include "jtune/app/privsep.h"
#include "jtune/ipc/tune.h"

#include <stdio.h>

int mode_restore(const Options *o) {
    TuneClient *t = NULL;
    char err[256] = "";
    if (privsep_start(o, &t, err, sizeof err) < 0) {
        fprintf(stderr, "jtune: %s\n", err);
        tune_stop(t);
        return 1;
    }
    if (!tune_connected(t)) {
        fprintf(stderr, "jtune: cannot restore: %s\n", tune_status(t));
        tune_stop(t);
        return 1;
    }
    int restored = 0, failed = 0;
    int rc = tune_restore(t, &restored, &failed);
    if (tune_journal_bad(t)) {
        /* the changes it held are unknown now: never report that as "nothing to restore" */
        fprintf(stderr,
                "jtune: the helper's journal was unreadable and was set aside as journal.bad "
                "in its state directory (%s): the changes it recorded cannot be restored "
                "automatically; it lists the original values\n",
                o->state_dir ? o->state_dir : JTUNE_STATEDIR);
        tune_stop(t);
        return 1;
    }
    if (rc == 0 && restored == 0) {
        printf("jtune: nothing to restore\n");
    } else if (rc == 0) {
        printf("jtune: restored %d setting%s to %s original value\n", restored,
               restored == 1 ? "" : "s", restored == 1 ? "its" : "their");
    } else {
        fprintf(stderr, "jtune: restored %d, %d could not be restored: %s\n", restored, failed,
                tune_last_error(t));
    }
    tune_stop(t);
    return rc == 0 ? 0 : 1;
}
