/* SPDX-License-Identifier: MIT */
/* batch: phase windows over the power series and per-run totals (see batch.h). */
#include "jtune/workload/batch.h"

#include "jtune/core/timeunit.h"

#include <math.h>
#include <string.h>

void batch_init(BatchMeter *m, const Inventory *inv, int64_t max_gap_ns, BatchEmitFn emit,
                void *user) {
    memset(m, 0, sizeof *m);
    m->n_rails = inv->n_rails < JT_MAX_RAILS ? inv->n_rails : JT_MAX_RAILS;
    m->max_gap_ns = max_gap_ns;
    m->emit = emit;
    m->user = user;
}

const char *batch_phase_name(PhaseKind k) {
    switch (k) {
    case PH_BASELINE: return "baseline";
    case PH_SETUP: return "setup";
    case PH_BATCH: return "batch";
    case PH_IDLE: return "idle";
    case PH_TAIL: return "tail";
    case PH_NONE: break;
    }
    return "none";
}

PhaseKind batch_phase(const BatchMeter *m, int *batch) {
    if (batch) {
        *batch = m->open ? m->cur.batch : 0;
    }
    return m->open ? m->cur.kind : PH_NONE;
}

/* Accumulator of series i (i == n_rails: the input). */
static EnergyAcc *acc(BatchMeter *m, EnergyMeter *em, int i) {
    return i == m->n_rails ? &em->input : &em->rail[i];
}

static void energy_of(const EnergyAcc *a, int64_t dur, PhaseEnergy *out) {
    bool ok = dur > 0 && a->covered_ns * 100 >= dur * BATCH_MIN_COVERAGE_PCT;
    out->covered_ns = a->covered_ns;
    out->energy_uj = ok ? val_of(llround(a->mw_ns * 1e-6)) : val_na();
    out->avg_mw = ok ? val_of(llround(a->mw_ns / (double)dur)) : val_na();
    out->peak_mw = a->peak_mw;
}

static void emit(BatchMeter *m, BatchPhase *p) {
    PhaseRec r;
    memset(&r, 0, sizeof r);
    r.kind = p->kind;
    r.batch = p->batch;
    r.begin_ns = p->begin_ns;
    r.end_ns = p->end_ns;
    r.n_rails = m->n_rails;
    int64_t dur = p->end_ns - p->begin_ns;
    for (int i = 0; i < m->n_rails; i++) {
        energy_of(&p->em.rail[i], dur, &r.rail[i]);
    }
    energy_of(&p->em.input, dur, &r.input);
    if (m->emit) {
        m->emit(m->user, &r);
    }
}

/* Emit the first n pending phases and drop them from the queue. */
static void emit_pending(BatchMeter *m, int n) {
    for (int i = 0; i < n; i++) {
        emit(m, &m->pending[i]);
    }
    memmove(m->pending, m->pending + n, (size_t)(m->n_pending - n) * sizeof m->pending[0]);
    m->n_pending -= n;
}

/* Emit the pending phases whose end a sample has passed (in order: ends never decrease). */
static void close_ready(BatchMeter *m) {
    int in = m->n_rails;
    int n = 0;
    while (n < m->n_pending) {
        int64_t end = m->pending[n].end_ns;
        bool passed = m->known[in] && m->known_ns[in] >= end;
        bool hopeless = m->have_sample && m->last_sample_ns - end > m->max_gap_ns;
        if (!passed && !hopeless) {
            break;
        }
        n++;
    }
    emit_pending(m, n);
}

static void open_phase(BatchMeter *m, PhaseKind kind, int batch, int64_t t_ns) {
    BatchPhase *p = &m->cur;
    p->kind = kind;
    p->batch = batch;
    p->begin_ns = t_ns;
    p->end_ns = t_ns;
    memset(&p->em, 0, sizeof p->em);
    p->em.n_rails = m->n_rails;
    for (int i = 0; i <= m->n_rails; i++) {
        EnergyAcc *a = acc(m, &p->em, i);
        energy_init(a, m->max_gap_ns);
        energy_set_window(a, t_ns, INT64_MAX);
        if (m->known[i]) {
            /* the last known point starts the segment that crosses the boundary */
            energy_add(a, m->known_ns[i], val_of(m->known_mw[i]));
        }
    }
    m->open = true;
}

void batch_switch(BatchMeter *m, PhaseKind kind, int batch, int64_t t_ns) {
    if (m->have_sample && t_ns < m->last_sample_ns) {
        t_ns = m->last_sample_ns;
    }
    if (m->open) {
        m->cur.end_ns = t_ns;
        energy_meter_set_window(&m->cur.em, m->cur.begin_ns, t_ns);
        if (m->n_pending == BATCH_PENDING) {
            emit_pending(m, 1); /* too many boundaries between two samples */
        }
        m->pending[m->n_pending++] = m->cur;
        m->open = false;
    }
    if (kind != PH_NONE) {
        open_phase(m, kind, batch, t_ns);
    }
    close_ready(m);
}

void batch_add(BatchMeter *m, const Sample *s) {
    if (m->have_sample && s->mono_ns <= m->last_sample_ns) {
        return; /* time must move forward */
    }
    for (int k = 0; k < m->n_pending; k++) {
        energy_meter_add(&m->pending[k].em, s);
    }
    if (m->open) {
        energy_meter_add(&m->cur.em, s);
    }
    for (int i = 0; i <= m->n_rails; i++) {
        Val v = i == m->n_rails ? s->input_mw : s->rail[i].mw;
        if (v.ok) {
            m->known[i] = true;
            m->known_ns[i] = s->mono_ns;
            m->known_mw[i] = v.v;
        }
    }
    m->have_sample = true;
    m->last_sample_ns = s->mono_ns;
    close_ready(m);
}

void batch_finish(BatchMeter *m, int64_t t_ns) {
    batch_switch(m, PH_NONE, 0, t_ns);
    emit_pending(m, m->n_pending);
}

/* ------------------------------------------------------------------ totals */

void batch_totals_init(BatchTotals *t, int n_rails) {
    memset(t, 0, sizeof *t);
    t->n_rails = n_rails;
    wstat_init(&t->j);
    wstat_init(&t->s);
    wstat_init(&t->w);
    wstat_init(&t->net_j);
}

double batch_rec_j(const PhaseRec *r, int i) {
    const PhaseEnergy *e = i == r->n_rails ? &r->input : &r->rail[i];
    return e->energy_uj.ok ? (double)e->energy_uj.v * 1e-6 : NAN;
}

static Val avg_mw(double j, int64_t ns) {
    return ns > 0 ? val_of(llround(j * 1e3 / ((double)ns / (double)NS_PER_S))) : val_na();
}

Val batch_totals_baseline_mw(const BatchTotals *t) {
    return avg_mw(t->base_j, t->base_ns);
}

Val batch_totals_idle_mw(const BatchTotals *t) {
    return avg_mw(t->idle_j, t->idle_ns);
}

static void add_batch(BatchTotals *t, const PhaseRec *r, double j, double dur_s) {
    t->batches++;
    wstat_add(&t->s, dur_s);
    if (isnan(j)) {
        return;
    }
    t->batches_known++;
    wstat_add(&t->j, j);
    wstat_add(&t->w, j / dur_s);
    Val base = batch_totals_baseline_mw(t);
    if (base.ok) {
        wstat_add(&t->net_j, j - (double)base.v * 1e-3 * dur_s);
    }
    for (int i = 0; i <= t->n_rails && i <= JT_MAX_RAILS; i++) {
        double ji = batch_rec_j(r, i);
        t->batch_j[i] += isnan(ji) ? 0 : ji;
    }
    if (t->hist_n == BATCH_HISTORY) {
        memmove(t->hist_j, t->hist_j + 1, (BATCH_HISTORY - 1) * sizeof t->hist_j[0]);
        t->hist_n--;
    }
    t->hist_j[t->hist_n++] = j;
}

void batch_totals_add(BatchTotals *t, const PhaseRec *r) {
    int64_t dur = r->end_ns - r->begin_ns;
    if (!t->have_span) {
        t->have_span = true;
        t->first_ns = r->begin_ns;
    }
    t->last_ns = r->end_ns;
    double j = batch_rec_j(r, r->n_rails);
    if (r->kind == PH_BATCH && r->interrupted) {
        t->interrupted++;
    } else if (r->kind == PH_BATCH) {
        add_batch(t, r, j, (double)dur / (double)NS_PER_S);
    }
    if (isnan(j) || dur <= 0) {
        return;
    }
    t->total_j += j;
    t->total_ns += dur;
    if (r->kind == PH_BASELINE) {
        t->base_j += j;
        t->base_ns += dur;
    } else if (r->kind == PH_IDLE) {
        t->idle_j += j;
        t->idle_ns += dur;
    }
}
