/* SPDX-License-Identifier: MIT */
/* simtest: helpers for the simulator's tests - run programs, build trees with the real
 * jtune-sim, read and write files inside a root, find devices by name/type.
 * Test-only code; never linked into the product. */
#ifndef JTUNE_TEST_SIMTEST_H
#define JTUNE_TEST_SIMTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Run argv (argv[0] is a path) with stdin_text on stdin (NULL: /dev/null), stdout and stderr
 * captured together into out (NUL-terminated, truncated to outsz). Returns the exit status,
 * or -1 when the program could not run or died on a signal. */
int simtest_run(const char *const argv[], const char *stdin_text, char *out, size_t outsz);

/* The built jtune-sim (test_build_dir()/jtune-sim). Static buffer. */
const char *simtest_exe(void);

/* Create a fresh temporary root and build board's tree in it with jtune-sim --once (or
 * --ticks when ticks > 0). 0, or the non-zero exit status (its output is printed). */
int simtest_build(const char *board, uint64_t seed, long ticks, char *root, size_t rootsz);

/* Read rel inside root (links resolved inside the root) into a static buffer ("" and
 * *err = -errno on failure; err may be NULL). The buffer is overwritten by the next call. */
const char *simtest_read(const char *root, const char *rel, int *err);

/* Read rel as an integer; fails the test when it is not one. */
int64_t simtest_i64(const char *root, const char *rel);

/* Write text to rel inside root like a user would (O_WRONLY|O_TRUNC). 0 or -errno. */
int simtest_write(const char *root, const char *rel, const char *text);

/* In dir (e.g. "sys/class/hwmon"), the entry whose attr file reads value (e.g. "name" =
 * "ina3221"), the nth match (0 = first); its relative path into out. 0 or -ENOENT. */
int simtest_find(const char *root, const char *dir, const char *attr, const char *value, int nth,
                 char *out, size_t outsz);

/* The names of the shipped boards (the .ini files in config/boards), sorted; the count. */
int simtest_boards(char names[][32], int max);

#endif
