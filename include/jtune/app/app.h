/* SPDX-License-Identifier: MIT */
/* app: the jtune program - command line, modes (UI, headless, demo, tools). */
#ifndef JTUNE_APP_APP_H
#define JTUNE_APP_APP_H

/* Run jtune with argv; returns the process exit status (0 ok, 1 failure, 2 usage). */
int app_main(int argc, char **argv);

#endif
