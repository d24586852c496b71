/* SPDX-License-Identifier: MIT */
/* board_internal: the board parser's shared pieces (board.c parses, board_check.c validates). */
#ifndef JTUNE_SIM_BOARD_INTERNAL_H
#define JTUNE_SIM_BOARD_INTERNAL_H

#include "jtune/sim/board.h"

/* Where each element's section started, for cross-reference messages after the parse. */
typedef struct {
    SimBoard *b;
    const char *file;
    Diag *diag;
    int line_board, line_cpu, line_gpu, line_emc, line_fan, line_nvp;
    int line_zone[SB_MAX_ZONES];
    int line_rail[SB_MAX_RAILS];
    int line_mode[2][SB_MAX_MODES];
    int line_profile[SB_MAX_PROFILES];
    int line_cooling;
} BoardCtx;

/* Sentinel of a mode value the board file leaves unset (the table then omits that line). */
#define SB_UNSET INT64_MIN

/* Defaults for everything a board file may leave out. */
void board_defaults(SimBoard *b);

/* A new element of an indexed section [prefix.suffix] was created: set its defaults and
 * remember where it starts. Errors (a bad suffix) go to the diag. */
void board_new_element(BoardCtx *c, const char *sec, const char *suffix, void *elem, int index,
                       int line);

/* [clocks] NAME = HZ. 1 ok, 0 error (reported). */
int board_set_clock(BoardCtx *c, int line, const char *name, const char *value);

/* ---- board.c / board_values.c: value parsers; each returns 1 (ok) or 0 (error reported) ---- */
bool board_parse_double(const char *v, double *out);
int board_set_weights(BoardCtx *c, int line, const char *key, const char *v, double *w);
int board_set_trips(BoardCtx *c, int line, SbZone *z, const char *v);
int board_set_alerts(BoardCtx *c, int line, SbZone *z, const char *v);
int board_set_cooling(BoardCtx *c, int line, const char *v);
int board_set_points(BoardCtx *c, int line, SbFanProfile *p, const char *v);
int board_set_clusters(BoardCtx *c, int line, const char *v);
int board_set_compatible(BoardCtx *c, int line, const char *v);
int board_set_fan_kind(BoardCtx *c, int line, const char *v);
int board_set_cores(BoardCtx *c, int line, SbMode *m, const char *v);

/* Check the parsed board as a whole (references, ranges, defaults); errors into the diag. */
void board_check(BoardCtx *ctx);

/* Fill defaults that depend on other keys (boot caps from the default mode, ...). */
void board_finish(SimBoard *b);

#endif
