/* SPDX-License-Identifier: MIT */
/* replay: the play head over a recording. See replay.h. */
#include "jtune/record/replay.h"

#include "jtune/core/timeunit.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const int64_t half_speed[REPLAY_SPEEDS] = {1, 2, 4, 8, 16, 32}; /* speed x 2 */

static int64_t last_t(const Replay *p) {
    return p->rec->rows[p->rec->n - 1].t_ns;
}

/* Recording time that playback has reached at now_ns (clamped to the recording). */
static int64_t play_t(const Replay *p, int64_t now_ns) {
    if (!p->playing) {
        return p->rec->rows[p->pos].t_ns;
    }
    int64_t dt = now_ns > p->anchor_now_ns ? now_ns - p->anchor_now_ns : 0;
    int64_t t = p->anchor_t_ns + dt * half_speed[p->speed] / 2;
    return t > last_t(p) ? last_t(p) : t;
}

static void anchor(Replay *p, int64_t t_ns, int64_t now_ns) {
    p->anchor_t_ns = t_ns;
    p->anchor_now_ns = now_ns;
}

void replay_init(Replay *p, const Recording *rec, int64_t now_ns) {
    memset(p, 0, sizeof *p);
    p->rec = rec;
    p->speed = 1;
    p->playing = rec->n > 1;
    p->need_reset = true;
    anchor(p, rec->rows[0].t_ns, now_ns);
}

bool replay_advance(Replay *p, int64_t now_ns) {
    if (!p->playing) {
        return false;
    }
    int64_t t = play_t(p, now_ns);
    size_t pos = recording_find(p->rec, t);
    bool moved = pos > p->pos;
    if (moved) {
        p->pos = pos;
    }
    if (p->pos == p->rec->n - 1) {
        p->playing = false; /* the end: stay on the last row */
    }
    return moved;
}

int64_t replay_due_ns(const Replay *p, int64_t now_ns) {
    if (!p->playing || p->pos + 1 >= p->rec->n) {
        return INT64_MAX;
    }
    int64_t dt = p->rec->rows[p->pos + 1].t_ns - p->anchor_t_ns;
    int64_t hs = half_speed[p->speed];
    int64_t due = p->anchor_now_ns + (dt * 2 + hs - 1) / hs;
    return due < now_ns ? now_ns : due;
}

void replay_set_playing(Replay *p, bool play, int64_t now_ns) {
    if (play == p->playing) {
        return;
    }
    if (play && p->pos + 1 >= p->rec->n) {
        if (p->rec->n < 2) {
            return; /* one row: nothing to play */
        }
        p->pos = 0; /* play at the end starts over */
        p->need_reset = true;
    }
    if (!play) {
        replay_advance(p, now_ns);
    }
    p->playing = play;
    anchor(p, p->rec->rows[p->pos].t_ns, now_ns);
}

int replay_change_speed(Replay *p, int delta, int64_t now_ns) {
    int64_t t = play_t(p, now_ns);
    int s = p->speed + delta;
    p->speed = s < 0 ? 0 : s >= REPLAY_SPEEDS ? REPLAY_SPEEDS - 1 : s;
    anchor(p, t, now_ns); /* keep the play head where it is */
    return p->speed;
}

double replay_speed(const Replay *p) {
    return (double)half_speed[p->speed] / 2.0;
}

static void jump_to(Replay *p, size_t pos, int64_t now_ns) {
    if (pos != p->pos) {
        if (pos != p->pos + 1) {
            p->need_reset = true; /* one row forward keeps the viewer's history */
        }
        p->pos = pos;
    }
    anchor(p, p->rec->rows[pos].t_ns, now_ns);
}

void replay_step(Replay *p, long rows, int64_t now_ns) {
    replay_advance(p, now_ns);
    p->playing = false;
    long max = (long)p->rec->n - 1;
    long pos = (long)p->pos + rows;
    jump_to(p, (size_t)(pos < 0 ? 0 : pos > max ? max : pos), now_ns);
}

void replay_seek(Replay *p, int64_t t_ns, int64_t now_ns) {
    int64_t t = t_ns < 0 ? 0 : t_ns;
    jump_to(p, recording_find(p->rec, t), now_ns);
    if (p->pos + 1 >= p->rec->n) {
        p->playing = false;
    }
}

int replay_peak(Replay *p, ReplayPeak what, int64_t now_ns) {
    const Recording *r = p->rec;
    size_t best = 0;
    int32_t best_v = REC_UNKNOWN;
    for (size_t i = 0; i < r->n; i++) {
        int32_t v = what == REPLAY_PEAK_POWER ? r->rows[i].input_mw : r->rows[i].temp_max_mc;
        if (v != REC_UNKNOWN && (best_v == REC_UNKNOWN || v > best_v)) {
            best = i;
            best_v = v;
        }
    }
    if (best_v == REC_UNKNOWN) {
        return -ENODATA;
    }
    p->playing = false;
    jump_to(p, best, now_ns);
    return 0;
}

int64_t replay_time_ns(const Replay *p) {
    return p->rec->rows[p->pos].t_ns;
}

bool replay_has_pending(const Replay *p) {
    return p->need_reset || p->pos > p->fed;
}

bool replay_pending(Replay *p, size_t history, ReplayFeed *f) {
    if (history < 1) {
        history = 1;
    }
    if (p->need_reset) {
        f->reset = true;
        f->from = p->pos + 1 >= history ? p->pos + 1 - history : 0;
        f->to = p->pos;
        p->need_reset = false;
        p->fed = p->pos;
        return true;
    }
    if (p->pos <= p->fed) {
        return false;
    }
    f->reset = false;
    f->from = p->fed + 1;
    f->to = p->pos;
    p->fed = p->pos;
    return true;
}

int replay_format_time(int64_t t_ns, char *out, size_t outsz) {
    int64_t ds = (t_ns < 0 ? 0 : t_ns) / (NS_PER_S / 10); /* tenths of a second */
    int64_t h = ds / 36000, m = ds / 600 % 60, sec = ds / 10 % 60, tenth = ds % 10;
    int n = h ? snprintf(out, outsz, "%lld:%02lld:%02lld.%lld", (long long)h, (long long)m,
                         (long long)sec, (long long)tenth)
              : snprintf(out, outsz, "%02lld:%02lld.%lld", (long long)m, (long long)sec,
                         (long long)tenth);
    return n < 0 ? 0 : n;
}

int replay_format_status(const Replay *p, char *out, size_t outsz) {
    char now[32], end[32], speed[8];
    replay_format_time(replay_time_ns(p), now, sizeof now);
    replay_format_time(recording_span_ns(p->rec), end, sizeof end);
    if (p->speed == 0) {
        snprintf(speed, sizeof speed, "x0.5");
    } else {
        snprintf(speed, sizeof speed, "x%lld", (long long)(half_speed[p->speed] / 2));
    }
    int n = snprintf(out, outsz, "REPLAY %c %s  %s/%s  row %zu/%zu", p->playing ? '>' : '=', speed,
                     now, end, p->pos + 1, p->rec->n);
    return n < 0 ? 0 : n;
}
