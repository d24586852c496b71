/* SPDX-License-Identifier: MIT */
/* mode_replay: `jtune replay FILE` - a recording (jtune CSV/JSONL or a tegrastats log) in the
 * normal UI: the same pages and graphs as live, played at x0.5 to x16 with pause, row steps,
 * "go to" a time or the peak of board power or temperature. The header shows where the play
 * head is; tuning and recording keys say why they do nothing here. */
#include "jtune/app/modes.h"

#include "jtune/platform/systime.h"

#include "jtune/core/timeunit.h"

#include "jtune/record/recording.h"
#include "jtune/record/replay.h"
#include "jtune/record/replayenergy.h"
#include "jtune/app/uiwire/uiapp.h"
#include "jtune/ui/keymap.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    Recording *rec;
    Replay p;
    ReplayFeed feed; /* rows being handed to the UI */
    size_t cursor;   /* the next of them */
    bool feeding;
    bool reset_next; /* the next row starts the UI's history over */
    size_t history;
    ReplayEnergy energy; /* session energy up to any row */
    size_t jump_row;     /* the first row after the latest jump */
    char status[128];
} ReplaySrc;

/* ---- the UiSource ---- */

static const Inventory *src_inventory(void *ctx) {
    return &((ReplaySrc *)ctx)->rec->meta.inv;
}

static int64_t src_due(void *ctx, int64_t now) {
    ReplaySrc *r = ctx;
    replay_advance(&r->p, now);
    if (r->feeding || replay_has_pending(&r->p)) {
        return now;
    }
    return replay_due_ns(&r->p, now);
}

static int src_take(void *ctx, Sample *out) {
    ReplaySrc *r = ctx;
    if (!r->feeding) {
        if (!replay_pending(&r->p, r->history, &r->feed)) {
            r->feed = (ReplayFeed){.from = r->p.pos, .to = r->p.pos}; /* show it again */
        }
        r->cursor = r->feed.from;
        r->reset_next = r->feed.reset;
        if (r->feed.reset) {
            r->jump_row = r->feed.from;
        }
        r->feeding = true;
    }
    int rc = recording_sample(r->rec, r->cursor, out);
    if (rc < 0) {
        return rc;
    }
    rc = r->reset_next ? 1 : 0;
    r->reset_next = false;
    if (r->cursor++ >= r->feed.to) {
        r->feeding = false;
    }
    return rc;
}

static bool src_energy_before(void *ctx, EnergyMeter *out) {
    ReplaySrc *r = ctx;
    return replayenergy_before(&r->energy, r->jump_row, out) == 0;
}

static bool src_pause(void *ctx, int64_t now) {
    ReplaySrc *r = ctx;
    replay_set_playing(&r->p, !r->p.playing, now);
    return !r->p.playing;
}

/* ---- the actions ---- */

static const char *status(void *ctx) {
    ReplaySrc *r = ctx;
    replay_format_status(&r->p, r->status, sizeof r->status);
    return r->status;
}

static const char *why(void *ctx, ActionId a) {
    (void)ctx;
    const ActionInfo *info = keymap_info(a);
    if (info && info->group == AG_TUNING) {
        return "this is a recording: tuning acts on a live board (run jtune without replay)";
    }
    if (a == ACT_RECORD) {
        return "this is a recording already (jtune import FILE -o OUT.csv converts it)";
    }
    return NULL;
}

static int step(void *ctx, int direction) {
    ReplaySrc *r = ctx;
    replay_step(&r->p, direction, systime_mono_ns());
    return 0;
}

static int speed(void *ctx) {
    ReplaySrc *r = ctx;
    int64_t now = systime_mono_ns();
    replay_change_speed(&r->p, r->p.speed == REPLAY_SPEEDS - 1 ? -(REPLAY_SPEEDS - 1) : 1, now);
    return 0;
}

enum { MARK_PEAK_POWER = -1, MARK_PEAK_TEMP = -2 };

/* The peak row of power (what = 0) or temperature, or -1. */
static long peak_row(const Recording *rec, int what) {
    long best = -1;
    for (size_t i = 0; i < rec->n; i++) {
        int32_t v = what == 0 ? rec->rows[i].input_mw : rec->rows[i].temp_max_mc;
        int32_t b = best < 0    ? REC_UNKNOWN
                    : what == 0 ? rec->rows[best].input_mw
                                : rec->rows[best].temp_max_mc;
        if (v != REC_UNKNOWN && (best < 0 || v > b)) {
            best = (long)i;
        }
    }
    return best;
}

static int marks(void *ctx, char out[][UI_CHOICE_LEN], int64_t *values, int max) {
    ReplaySrc *r = ctx;
    int64_t span = recording_span_ns(r->rec);
    char t[32];
    int n = 0;
    for (int k = 0; k <= 10 && n < max; k++) {
        int64_t at = span / 10 * k;
        replay_format_time(at, t, sizeof t);
        snprintf(out[n], UI_CHOICE_LEN, "%s  %s", t, k == 0 ? "start" : k == 10 ? "end" : "");
        values[n++] = k == 10 ? span : at;
    }
    long pw = peak_row(r->rec, 0), pt = peak_row(r->rec, 1);
    if (pw >= 0 && n < max) {
        replay_format_time(r->rec->rows[pw].t_ns, t, sizeof t);
        snprintf(out[n], UI_CHOICE_LEN, "%s  peak board power %.2f W", t,
                 r->rec->rows[pw].input_mw / 1000.0);
        values[n++] = MARK_PEAK_POWER;
    }
    if (pt >= 0 && n < max) {
        replay_format_time(r->rec->rows[pt].t_ns, t, sizeof t);
        snprintf(out[n], UI_CHOICE_LEN, "%s  peak temperature %.1f C", t,
                 r->rec->rows[pt].temp_max_mc / 1000.0);
        values[n++] = MARK_PEAK_TEMP;
    }
    return n;
}

static int go_to(void *ctx, int64_t value) {
    ReplaySrc *r = ctx;
    int64_t now = systime_mono_ns();
    if (value == MARK_PEAK_POWER) {
        return replay_peak(&r->p, REPLAY_PEAK_POWER, now);
    }
    if (value == MARK_PEAK_TEMP) {
        return replay_peak(&r->p, REPLAY_PEAK_TEMP, now);
    }
    replay_seek(&r->p, value, now);
    return 0;
}

static int on_settings(void *ctx, int interval_ms, int history, Diag *diag) {
    (void)diag;
    ReplaySrc *r = ctx;
    r->history = history > 0 ? (size_t)history : 1;
    /* the viewer's bridge limit, so the energy before a jump is what playing would give */
    replayenergy_free(&r->energy);
    replayenergy_init(&r->energy, r->rec, energy_gap_limit_ns((int64_t)interval_ms * 1000000));
    return 0;
}

int mode_replay(const Options *o) {
    (void)setlocale(LC_CTYPE, ""); /* UTF-8 glyphs (else ASCII); numbers keep '.' decimals */
    ReplaySrc *r = calloc(1, sizeof *r);
    if (!r) {
        fputs("jtune: out of memory\n", stderr);
        return 1;
    }
    if (recording_open(
            &r->rec, o->input,
            &(RecOptions){.interval_ms = o->interval_ms, .strict = o->strict, .tz = o->tz}) < 0) {
        free(r);
        return 1;
    }
    if (r->rec->n == 0) {
        fprintf(stderr, "jtune: %s: no rows to replay\n", o->input);
        recording_free(r->rec);
        free(r);
        return 1;
    }
    replay_init(&r->p, r->rec, systime_mono_ns());
    replayenergy_init(&r->energy, r->rec,
                      energy_gap_limit_ns((int64_t)r->rec->interval_ms * 1000000));
    UiActions acts = {.ctx = r,
                      .tuning_status = status,
                      .why_unavailable = why,
                      .replay_seek = step,
                      .replay_speed = speed,
                      .replay_marks = marks,
                      .replay_goto = go_to};
    UiAppSpec u = {.source = {.ctx = r,
                              .inventory = src_inventory,
                              .take = src_take,
                              .due_ns = src_due,
                              .pause = src_pause,
                              .energy_before = src_energy_before},
                   .actions = &acts,
                   .interval_ms = r->rec->interval_ms,
                   .on_settings = on_settings,
                   .ctx = r};
    int status_code = uiapp_run(o, &u);
    replayenergy_free(&r->energy);
    recording_free(r->rec);
    free(r);
    return status_code;
}
