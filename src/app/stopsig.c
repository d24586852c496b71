/* SPDX-License-Identifier: MIT */
/* stopsig: the stop signals of headless runs (see the header). */
#include "jtune/app/stopsig.h"

#include <string.h>

volatile sig_atomic_t stopsig_flag;

static void on_stop(int sig) {
    stopsig_flag = sig;
}

void stopsig_install(StopSignals *s) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop; /* no SA_RESTART: the wait returns at once */
    stopsig_flag = 0;
    sigaction(SIGINT, &sa, &s->old_int);
    sigaction(SIGTERM, &sa, &s->old_term);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &s->old_pipe);
}

void stopsig_restore(const StopSignals *s) {
    sigaction(SIGINT, &s->old_int, NULL);
    sigaction(SIGTERM, &s->old_term, NULL);
    sigaction(SIGPIPE, &s->old_pipe, NULL);
}

const char *stopsig_name(void) {
    return stopsig_flag == SIGINT ? "SIGINT" : "SIGTERM";
}
