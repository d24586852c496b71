/* SPDX-License-Identifier: MIT */
/* stopsig: SIGINT and SIGTERM ask a headless run to stop (restore, report) instead of
 * killing it. The handler only sets stopsig_flag; it is installed without SA_RESTART, so a
 * blocking wait returns at once. SIGPIPE is ignored meanwhile (a closed pipe is an error
 * return, not a death before the restore). */
#ifndef JTUNE_APP_STOPSIG_H
#define JTUNE_APP_STOPSIG_H

#include <signal.h>

/* The signal that asked to stop, 0 while none has. */
extern volatile sig_atomic_t stopsig_flag;

typedef struct {
    struct sigaction old_int, old_term, old_pipe;
} StopSignals;

/* Clear stopsig_flag and install the handlers, keeping the old ones in s. */
void stopsig_install(StopSignals *s);

/* Put back the handlers stopsig_install replaced. */
void stopsig_restore(const StopSignals *s);

/* "SIGINT" or "SIGTERM": the name of the signal in stopsig_flag. */
const char *stopsig_name(void);

#endif
