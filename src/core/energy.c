/* SPDX-License-Identifier: MIT */
/* energy: trapezoid integration of power with gap bridging and window clipping. */
#include "jtune/core/energy.h"

#include "jtune/core/timeunit.h"

#include <string.h>

int64_t energy_gap_limit_ns(int64_t interval_ns) {
    if (interval_ns <= 0) {
        return 5 * NS_PER_S;
    }
    int64_t ten = interval_ns > INT64_MAX / 10 ? INT64_MAX : interval_ns * 10;
    int64_t three = interval_ns > INT64_MAX / 3 ? INT64_MAX : interval_ns * 3;
    int64_t cap = three > 5 * NS_PER_S ? three : 5 * NS_PER_S;
    return ten < cap ? ten : cap;
}

void energy_init(EnergyAcc *e, int64_t max_gap_ns) {
    memset(e, 0, sizeof *e);
    e->max_gap_ns = max_gap_ns;
    e->from_ns = INT64_MIN;
    e->to_ns = INT64_MAX;
    e->peak_mw = val_na();
}

void energy_set_window(EnergyAcc *e, int64_t from_ns, int64_t to_ns) {
    e->from_ns = from_ns;
    e->to_ns = to_ns;
}

/* Power at time t on the line through (a, pa) and (b, pb), a < b. */
static double lerp(int64_t a, double pa, int64_t b, double pb, int64_t t) {
    return pa + (pb - pa) * ((double)(t - a) / (double)(b - a));
}

/* Add the segment [a, b] (a < b) clipped to the window. */
static void integrate(EnergyAcc *e, int64_t a, int64_t pa, int64_t b, int64_t pb) {
    int64_t lo = a > e->from_ns ? a : e->from_ns;
    int64_t hi = b < e->to_ns ? b : e->to_ns;
    if (hi <= lo) {
        return;
    }
    double plo = lerp(a, (double)pa, b, (double)pb, lo);
    double phi = lerp(a, (double)pa, b, (double)pb, hi);
    e->mw_ns += (plo + phi) * 0.5 * (double)(hi - lo);
    e->covered_ns += hi - lo;
}

void energy_add(EnergyAcc *e, int64_t t_ns, Val mw) {
    if (e->have_last && t_ns <= e->last_ns) {
        e->n_ignored++;
        return;
    }
    e->have_last = true;
    e->last_ns = t_ns;
    if (!mw.ok) {
        e->unknown_since_prev = true;
        return;
    }
    if (t_ns >= e->from_ns && t_ns <= e->to_ns) {
        e->n_known++;
        if (!e->peak_mw.ok || mw.v > e->peak_mw.v) {
            e->peak_mw = mw;
        }
    }
    if (e->have_prev) {
        if (t_ns - e->prev_ns <= e->max_gap_ns) {
            integrate(e, e->prev_ns, e->prev_mw, t_ns, mw.v);
            e->n_bridged += e->unknown_since_prev;
        } else {
            e->n_restarts++;
        }
    }
    e->have_prev = true;
    e->prev_ns = t_ns;
    e->prev_mw = mw.v;
    e->unknown_since_prev = false;
}

double energy_j(const EnergyAcc *e) {
    return e->mw_ns * 1e-12;
}

double energy_wh(const EnergyAcc *e) {
    return energy_j(e) / 3600.0;
}

double energy_covered_s(const EnergyAcc *e) {
    return (double)e->covered_ns / (double)NS_PER_S;
}

Val energy_avg_mw(const EnergyAcc *e) {
    if (e->covered_ns <= 0) {
        return val_na();
    }
    double avg = e->mw_ns / (double)e->covered_ns;
    return val_of((int64_t)(avg < 0 ? avg - 0.5 : avg + 0.5));
}

void energy_meter_init(EnergyMeter *m, const Inventory *inv, int64_t max_gap_ns) {
    memset(m, 0, sizeof *m);
    m->n_rails = inv->n_rails < JT_MAX_RAILS ? inv->n_rails : JT_MAX_RAILS;
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        energy_init(&m->rail[i], max_gap_ns);
    }
    energy_init(&m->input, max_gap_ns);
}

void energy_meter_set_window(EnergyMeter *m, int64_t from_ns, int64_t to_ns) {
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        energy_set_window(&m->rail[i], from_ns, to_ns);
    }
    energy_set_window(&m->input, from_ns, to_ns);
}

void energy_meter_add(EnergyMeter *m, const Sample *s) {
    for (int i = 0; i < m->n_rails; i++) {
        energy_add(&m->rail[i], s->mono_ns, s->rail[i].mw);
    }
    energy_add(&m->input, s->mono_ns, s->input_mw);
}
