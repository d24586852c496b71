/* SPDX-License-Identifier: MIT */
/* promsrc: a UiSource that also keeps the fleet metrics file up to date - --prom-textfile in
 * the monitor: after every sample taken through it, that sample's metrics plus the session
 * energy counters (promfile.h: atomic replace). A failed write is retried at the next sample
 * and reported at exit. */
#ifndef JTUNE_APP_UIWIRE_PROMSRC_H
#define JTUNE_APP_UIWIRE_PROMSRC_H

#include "jtune/ui/ui.h"

#include <stddef.h>

typedef struct PromSource PromSource;

/* Wrap inner (its ctx must outlive ps); path must end in .prom and its directory must take
 * files; interval_ms sets the longest gap the energy counters bridge. 0, or -errno with the
 * reason in err. */
int promsrc_open(PromSource **out, UiSource inner, const char *path, int interval_ms, char *err,
                 size_t errsz);

/* The wrapped source. */
UiSource promsrc_source(PromSource *ps);

/* Remove the metrics file (a stopped monitor exports nothing rather than stale values),
 * print a write error seen, free. NULL is ignored. */
void promsrc_close(PromSource *ps);

#endif
