/* SPDX-License-Identifier: MIT */
/* fixture: test support - materialise a fixture tree file into a temporary root, and
 * small file helpers for tests. Test-only code; never linked into the product. */
#ifndef JTUNE_TEST_FIXTURE_H
#define JTUNE_TEST_FIXTURE_H

#include <limits.h>
#include <stddef.h>

#define FIXTURE_MAX_FIFOS 64

typedef struct {
    char root[PATH_MAX];             /* the temporary root directory */
    int fifo_fds[FIXTURE_MAX_FIFOS]; /* writers held open so @EAGAIN reads fail with EAGAIN */
    int n_fifos;
    int n_files; /* regular files written */
    int n_links;
} Fixture;

/* Create a fresh temporary root (under $TMPDIR or /tmp). 0 or -errno. */
int fixture_mkroot(Fixture *fx);

/* A .tree line is: path TAB content TAB mode TAB tag. Content is escaped text (\n, \t, \0,
 * \\) written with a final newline unless it ends in NUL; or @link:TARGET, @EAGAIN (a gated
 * sensor), @absent, @dir (an empty directory), @empty (an empty file), @noeol:TEXT (no final
 * newline). Modes: ro, rw, ro(root), rw(root), wo. */

/* Create a temporary root and load a .tree file (path relative to the source tree's
 * tests/fixtures/ when it has no '/'). 0 or -errno; line errors are printed. */
int fixture_load(Fixture *fx, const char *tree);

/* Remove the root and close held fds. */
void fixture_cleanup(Fixture *fx);

/* Rewrite rel (inside the root) in place: pwrite at 0 then ftruncate, as the simulator
 * does, so open readers keep their fd. Creates the file (0644) when missing. */
int fixture_put(Fixture *fx, const char *rel, const char *content);

/* Remove rel (file, link or whole directory) inside the root. */
int fixture_remove(Fixture *fx, const char *rel);

/* Make rel a FIFO whose reads fail with EAGAIN (a power-gated sensor). */
int fixture_eagain(Fixture *fx, const char *rel);

/* Absolute path of rel inside the root (static buffer, overwritten by the next call). */
const char *fixture_path(const Fixture *fx, const char *rel);

/* How many entries dir holds (not counting . and ..), or -errno. */
int fixture_count_entries(const char *dir);

/* rm -rf path. 0 or -errno. */
int rm_rf(const char *path);

/* Read a whole file into a static buffer ("" on error). */
const char *slurp_static(const char *path);

/* The source tree (for fixtures, configs, boards). */
const char *test_source_dir(void);

/* The build tree (for the built programs). */
const char *test_build_dir(void);

#endif
