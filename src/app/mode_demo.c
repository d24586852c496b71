/* SPDX-License-Identifier: MIT */
/* mode_demo: run jtune on a simulated board in a private temporary root. The simulator is a
 * child process (jtune-sim) that dies with jtune; it is stopped and its root removed when the
 * UI or headless run ends, also after Ctrl-C (both modes end cleanly on SIGINT/SIGTERM/SIGHUP).
 *
 * A simulated board needs no privilege: under sudo the demo first becomes the invoking user
 * for good, so the tree, the simulator and the (unprivileged) helper all belong to that user
 * and the cleanup can remove everything. The helper keeps its journal inside the simulated
 * root, so a demo never touches (or waits for) the journal of a real tuning session. */
#include "jtune/app/modes.h"

#include "jtune/sim/board.h"
#include "jtune/sim/simproc.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The id in a SUDO_UID/SUDO_GID variable, or -1. */
static long sudo_id(const char *name) {
    const char *s = getenv(name);
    if (!s || !*s) {
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return (errno || *end || v <= 0 || v > INT_MAX) ? -1 : v;
}

/* Under sudo, become the invoking user (all ids, no groups, no way back). 0 or -errno. */
static int drop_to_sudo_user(void) {
    long uid = sudo_id("SUDO_UID"), gid = sudo_id("SUDO_GID");
    if (geteuid() != 0 || uid < 0 || gid < 0) {
        return 0;
    }
    if (setgroups(0, NULL) < 0 || setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) < 0 ||
        setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0) {
        return -errno;
    }
    if (setuid(0) == 0) {
        return -EPERM; /* still able to regain root: refuse to go on */
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    /* nothing privileged is left to protect: let /proc/self be ours again (the helper next to
     * this executable is found through /proc/self/exe) */
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    return 0;
}

typedef struct {
    char names[1024];
    int n;
} BoardNames;

static void add_board_name(void *user, const char *name, const char *desc, const char *path) {
    (void)desc;
    (void)path;
    BoardNames *b = user;
    size_t used = strlen(b->names);
    snprintf(b->names + used, sizeof b->names - used, "%s%s", b->n++ ? ", " : "", name);
}

/* A --board that names no board file: say which boards there are. 0 or 2 (message printed). */
static int check_board(const char *board) {
    char path[PATH_MAX];
    if (!board || simboard_locate(board, path, sizeof path) == 0) {
        return 0;
    }
    BoardNames b = {.names = "", .n = 0};
    simboard_list(add_board_name, &b);
    if (b.n == 0) {
        fprintf(stderr, "jtune: no simulated board '%s', and no board files were found\n", board);
    } else {
        fprintf(stderr,
                "jtune: no simulated board '%s'; the boards are: %s (jtune-sim --list describes "
                "them; a path to a board .ini file works too)\n",
                board, b.names);
    }
    return 2;
}

int mode_demo(const Options *o) {
    int rc = drop_to_sudo_user();
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot drop to the invoking user for the demo: %s\n",
                strerror(-rc));
        return 1;
    }
    if ((rc = check_board(o->board)) != 0) {
        return rc;
    }
    SimProc sp;
    SimProcOptions so = {.board = o->board, .seed = o->seed, .hz = 10, .quiet = true};
    rc = simproc_start(&sp, &so);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot start the board simulator%s%s: %s\n",
                o->board ? " for " : "", o->board ? o->board : "", strerror(-rc));
        return 1;
    }
    /* the helper's journal belongs to this simulated board, not to the real one */
    char state[PATH_MAX + 32];
    snprintf(state, sizeof state, "%s/run/jtune", sp.root);
    if (mkdir(state, 0700) < 0 && errno != EEXIST) {
        fprintf(stderr, "jtune: cannot create %s: %s\n", state, strerror(errno));
        simproc_stop(&sp);
        return 1;
    }
    Options child = *o;
    child.root = sp.root;
    child.state_dir = state;
    child.demo = false;
    child.board = NULL;
    int status = o->mode == MODE_HEADLESS ? mode_headless(&child)
                 : o->mode == MODE_INFO   ? mode_info(&child)
                                          : mode_ui(&child);
    simproc_stop(&sp);
    return status;
}
