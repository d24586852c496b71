/* SPDX-License-Identifier: MIT */
/* plot: a recording as a self-contained SVG document (core/svgplot.h draws it) - one chart
 * per metric group and unit, time in seconds from the first row, workload batch starts as
 * markers, an optional time window. Long recordings keep their shape: above max_points rows
 * in the window, each series keeps the lowest and the highest value of every time bucket
 * (peaks survive), in time order.
 *
 * Groups and their charts (a group whose values have two units gets two charts):
 *   power  Power (W): every rail, plus the sum when the board has no input rail
 *   temp   Temperature (°C): every zone
 *   cpu    CPU load (%): all cores and each core; CPU frequency (MHz): each cluster
 *   gpu    GPU load (%); GPU frequency (MHz)
 *   emc    EMC utilisation (%); EMC frequency (MHz)
 *   fan    Fan PWM (%); Fan speed (rpm)
 *   mem    Memory (MiB): used, GPU (NvMap), swap used
 */
#ifndef JTUNE_RECORD_PLOT_H
#define JTUNE_RECORD_PLOT_H

#include "jtune/record/recording.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PLOT_POWER,
    PLOT_TEMP,
    PLOT_CPU,
    PLOT_GPU,
    PLOT_EMC,
    PLOT_FAN,
    PLOT_MEM,
    PLOT_GROUPS
} PlotGroup;

#define PLOT_DEFAULT_GROUPS                                                                        \
    ((1u << PLOT_POWER) | (1u << PLOT_TEMP) | (1u << PLOT_CPU) | (1u << PLOT_GPU) |                \
     (1u << PLOT_EMC))
#define PLOT_MAX_POINTS 4000 /* default points per series */

typedef struct {
    unsigned groups; /* 1u << PlotGroup; 0: PLOT_DEFAULT_GROUPS */
    bool from_set, to_set;
    double from_s, to_s; /* window, seconds from the first row */
    int max_points;      /* per series (0: PLOT_MAX_POINTS; at least 16) */
    const char *title;   /* document title (NULL: "jtune") */
} PlotRequest;

/* "power,temp,cpu" -> group mask. 0, or -EINVAL with the offending name in err. */
int plot_parse_groups(const char *list, unsigned *groups, char *err, size_t errsz);

/* "power", "temp", ... */
const char *plot_group_name(PlotGroup g);

/* Render r into a new SVG string (*svg, caller frees; *len its length). Groups without a
 * known value in the window are left out and named in notes ("" when none). 0; -EINVAL for
 * an empty window (err says why); -ENODATA when no requested group has data; -ENOMEM. */
int plot_recording(const Recording *r, const PlotRequest *q, char **svg, size_t *len, char *err,
                   size_t errsz, char *notes, size_t notesz);

#endif
