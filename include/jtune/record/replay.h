/* SPDX-License-Identifier: MIT */
/* replay: a play head over a Recording - play/pause, speed x0.5 to x16, step by rows, seek by
 * time, jump to the peak of board power or temperature - and which rows a viewer must take
 * in next to show it. Pure: the caller passes the monotonic time (now_ns) in.
 *
 * Playback maps real time to recording time: t = anchor_t + (now - anchor_now) x speed,
 * re-anchored on every change, so a speed change or a pause never jumps. Playing stops at
 * the last row.
 *
 * A viewer (the UI) keeps graph histories, so it takes rows in order: replay_pending()
 * hands out the rows it has not seen since the last call (forward play, step +1), or asks
 * it to start over with the last `history` rows up to the play head after a jump (seek,
 * step back, peak).
 */
#ifndef JTUNE_RECORD_REPLAY_H
#define JTUNE_RECORD_REPLAY_H

#include "jtune/record/recording.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPLAY_SPEEDS 6 /* x0.5 x1 x2 x4 x8 x16 */

typedef enum { REPLAY_PEAK_POWER, REPLAY_PEAK_TEMP } ReplayPeak;

typedef struct {
    const Recording *rec; /* borrowed */
    size_t pos;           /* the row shown */
    bool playing;
    int speed;             /* index: 0 = x0.5, 1 = x1 ... 5 = x16 */
    int64_t anchor_now_ns; /* real time of the last (re)anchor */
    int64_t anchor_t_ns;   /* recording time at that moment */
    size_t fed;            /* the last row handed out by replay_pending */
    bool need_reset;       /* a jump: the viewer starts over */
} Replay;

/* The rows a viewer takes in: [from, to], after clearing its history when reset is set. */
typedef struct {
    size_t from, to;
    bool reset;
} ReplayFeed;

/* Start at the first row, playing at x1 from now_ns. rec must hold at least one row. */
void replay_init(Replay *p, const Recording *rec, int64_t now_ns);

/* Move the play head to where playback is at now_ns. True when the row changed. */
bool replay_advance(Replay *p, int64_t now_ns);

/* Real time at which the next row becomes due, INT64_MAX when paused or at the end. */
int64_t replay_due_ns(const Replay *p, int64_t now_ns);

/* Play or pause (play at the last row starts over from the first). */
void replay_set_playing(Replay *p, bool play, int64_t now_ns);

/* Change the speed by delta steps (clamped); returns the new index. */
int replay_change_speed(Replay *p, int delta, int64_t now_ns);

/* The speed as a factor (0.5 ... 16). */
double replay_speed(const Replay *p);

/* Pause and move by rows (negative: back), clamped to the recording. */
void replay_step(Replay *p, long rows, int64_t now_ns);

/* Jump to the last row at or before t_ns (time since the first row, clamped). */
void replay_seek(Replay *p, int64_t t_ns, int64_t now_ns);

/* Pause on the row with the highest board input power (or hottest zone). 0, or -ENODATA
 * when the recording never knows it. */
int replay_peak(Replay *p, ReplayPeak what, int64_t now_ns);

/* The shown row's time since the first row. */
int64_t replay_time_ns(const Replay *p);

/* True when replay_pending would hand out rows. */
bool replay_has_pending(const Replay *p);

/* Rows the viewer has not taken in yet (see above); false when it is up to date. history
 * (>= 1) caps how many rows a reset hands out. */
bool replay_pending(Replay *p, size_t history, ReplayFeed *f);

/* "12:03.4" (or "1:02:03.4" past an hour) for t_ns >= 0 into out. Returns the length. */
int replay_format_time(int64_t t_ns, char *out, size_t outsz);

/* One status line: "REPLAY > x2  00:12.0/10:00.0  row 13/601" ('>' playing, '=' paused).
 * Returns the length. */
int replay_format_status(const Replay *p, char *out, size_t outsz);

#endif
