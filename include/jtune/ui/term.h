/* SPDX-License-Identifier: MIT */
/* term: the terminal's lifecycle - ONE init/done pair for the whole program.
 *
 * term_init() sets up ncurses (cbreak, no echo, keypad, hidden cursor, alternate screen)
 * and the signals: SIGINT, SIGTERM and SIGHUP only set a flag (the loop ends cleanly),
 * SIGWINCH only sets a flag (the loop re-lays out at once), and a fatal signal (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGABRT) puts the terminal back with async-signal-safe writes,
 * then chains to the handler installed before term_init (with its siginfo), and ends the
 * process with the default action when there was none or it returned. Those signals are blocked
 * except while term_wait_key() waits, so a signal always wakes the wait instead of slipping between
 * a check and a sleep.
 */
#ifndef JTUNE_UI_TERM_H
#define JTUNE_UI_TERM_H

#include "jtune/ui/keymap.h"

#include <stdbool.h>

typedef struct {
    bool utf8;  /* the locale's codeset is UTF-8 */
    bool color; /* the terminal has at least 8 colours and enough pairs */
    int cols, rows;
} TermInfo;

/* Start curses on the controlling terminal (stdin/stdout). Call setlocale() first.
 * 0, -ENOTTY when stdin or stdout is not a terminal, -EBUSY when already started, or
 * -EIO when curses cannot start (unknown TERM). */
int term_init(TermInfo *out);

/* Give the terminal back: leave the alternate screen, show the cursor, restore the tty
 * modes and the previous signal handlers. Safe to call twice or without init. */
void term_done(void);

/* Wait up to timeout_ms (-1: forever) for a key. 1 with *key set; 0 on timeout, when a
 * signal arrived (check term_quit_requested / term_take_resize), or as soon as one of the
 * n_fds fds is readable (a running workload's output or exit). */
int term_wait_key(int timeout_ms, const int *fds, int n_fds, KeyCode *key);

/* True once SIGINT, SIGTERM or SIGHUP arrived. */
bool term_quit_requested(void);

/* True (once) after the terminal changed size; the curses screen is resized then and
 * *cols / *rows get the new size. */
bool term_take_resize(int *cols, int *rows);

#endif
