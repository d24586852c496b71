/* SPDX-License-Identifier: MIT */
/* journal: the helper's rollback journal - the original value of every node it changed.
 *
 * Before the first write to a node the helper records the node's value in the journal and
 * makes the record durable; later writes to the same node leave the record alone, so the
 * journal always holds the value from before jtune touched the node. "jtune --restore" (or the
 * RESTORE op) writes these values back; "keep changes" (the KEEP op) deletes the journal.
 *
 * On disk it is one small text file, <state dir>/journal, replaced whole on every change
 * (temp file, fsync, rename, fsync of the directory), so a crash leaves either the old or the
 * new journal, never a torn one:
 *
 *   # jtune-helper rollback journal ...      comment lines
 *   jtune-journal 1                          format version
 *   root /                                   the runtime root the entries belong to
 *   cpu_max_khz 4 0 1344000                  target name, index, sub index, original value
 *
 * Target names are the stable names of the protocol allowlist (proto.h); an entry is keyed by
 * (target, index, sub). An empty journal is no file at all.
 */
#ifndef JTUNE_HELPER_JOURNAL_H
#define JTUNE_HELPER_JOURNAL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/ipc/proto.h"

#define JOURNAL_MAX     1024
#define JOURNAL_FILE    "journal"
#define JOURNAL_VERSION 1

typedef struct {
    uint16_t target; /* TuneTarget */
    uint16_t sub;
    uint32_t index;
    int64_t value; /* the node's original value, in the target's value encoding */
} JournalEntry;

typedef struct {
    char root[PATH_MAX]; /* canonical runtime root of the entries */
    int n;               /* entries, in the order the nodes were first changed */
    JournalEntry e[JOURNAL_MAX];
} Journal;

/* Empty j and set its root (truncated to fit). */
void journal_init(Journal *j, const char *root);

/* Index of the entry for (target, index, sub), or -1. */
int journal_find(const Journal *j, TuneTarget target, uint32_t index, uint16_t sub);

/* Append an entry. 0, -EEXIST when the key is already there, -E2BIG when full. */
int journal_add(Journal *j, TuneTarget target, uint32_t index, uint16_t sub, int64_t value);

/* Remove entry i (later entries keep their order). Out-of-range i is ignored. */
void journal_remove(Journal *j, int i);

/* Write j as text into out (NUL-terminated). Returns the length, -ERANGE when out is too
 * small, -EINVAL when the root cannot be written on one line. */
int journal_format(const Journal *j, char *out, size_t outsz);

/* Parse journal text into j. Strict: unknown target names, malformed numbers, duplicate keys,
 * a missing or unknown version line or a missing root line are errors. Returns 0, or -EINVAL
 * with *bad_line set to the offending line (1-based), -ERANGE when there are too many
 * entries. */
int journal_parse(const char *text, size_t len, Journal *j, int *bad_line);

/* Load <dirfd>/journal into j. 0, -ENOENT when there is none (j is then empty, root ""),
 * -EINVAL/-ERANGE for a bad file (*bad_line set), or -errno. */
int journal_load(int dirfd, Journal *j, int *bad_line);

/* Make j the journal on disk: atomic replace, or unlink when j is empty. 0 or -errno. */
int journal_save(int dirfd, const Journal *j);

/* Move an unreadable journal out of the way (to journal.bad) so a new one can be written.
 * 0 or -errno. */
int journal_set_aside(int dirfd);

#endif
