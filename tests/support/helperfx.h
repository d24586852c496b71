/* SPDX-License-Identifier: MIT */
/* helperfx: test support for the helper's tests - a fixture root with a journal directory, a
 * stand-in nvpmodel script, whole-tree snapshots, and the built programs. Test-only code. */
#ifndef JTUNE_TEST_HELPERFX_H
#define JTUNE_TEST_HELPERFX_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "fixture.h"

typedef struct {
    Fixture fx;
    char state[PATH_MAX]; /* a fresh journal directory (outside the root) */
} HelperFx;

/* Load tree (see fixture_load) and make an empty state directory. 0 or -errno. */
int helperfx_load(HelperFx *h, const char *tree);

/* Remove both. */
void helperfx_cleanup(HelperFx *h);

/* Install <root>/usr/sbin/nvpmodel: a small sh stand-in that records its arguments,
 * environment and capability sets under <root>/tmp/, answers "-m 2" with nvpmodel's reboot
 * prompt (and gives up unless stdin says YES), and otherwise writes the new mode to
 * var/lib/nvpmodel/status. 0 or -errno. */
int helperfx_fake_nvpmodel(HelperFx *h);

/* Make everything under the root and the state directory owned by uid/gid (so an unprivileged
 * process can use them). 0 or -errno. */
int helperfx_chown(HelperFx *h, unsigned uid, unsigned gid);

/* A snapshot of every regular file under the root: "path\tcontent\n" lines, sorted, in a heap
 * string (caller frees). FIFOs and links are skipped. NULL on error. */
char *helperfx_snapshot(const HelperFx *h);

/* The first line that differs between two snapshots (static buffer), or NULL when equal. */
const char *helperfx_snapshot_diff(const char *a, const char *b);

/* Absolute path of a built program ("jtune-helper") in the build tree (static buffer). */
const char *helperfx_program(const char *name);

/* Path of file ("journal", "journal.bad") in the journal directory of the board at root
 * under the state directory state (static buffer). */
const char *helperfx_journal_path(const char *state, const char *root, const char *file);

/* True when running as root (the privilege tests need it). */
bool helperfx_is_root(void);

#endif
