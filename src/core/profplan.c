/* SPDX-License-Identifier: MIT */
/* profplan: resolve a profile against a board snapshot into ordered knob writes (pure). */
#include "jtune/core/profplan.h"

#include "jtune/core/fmt.h"
#include "jtune/core/parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* What the board will look like once the steps planned so far are done. */
typedef struct {
    uint64_t online; /* cpus online */
    Val pmin[JT_MAX_POLICIES], pmax[JT_MAX_POLICIES];
    Val gmin, gmax, emc;
    bool after_nvp; /* an nvpmodel change comes first: nodes may move before our write */
} Pred;

typedef struct {
    const Profile *p;
    const ProfBoard *b;
    const Inventory *inv;
    ProfPlan *plan;
    Diag *d;
    Pred pr;
    int rc; /* -ENOSPC once the plan is full */
} Ctx;

int64_t profplan_round_down(const int64_t *table, int n, int64_t v) {
    if (n <= 0) {
        return 0;
    }
    int64_t best = table[0];
    for (int i = 0; i < n; i++) {
        if (table[i] <= v) {
            best = table[i];
        }
    }
    return best;
}

/* ---- value text ---- */

static void fmt_int(Val v, char *out, size_t n) {
    if (v.ok) {
        snprintf(out, n, "%lld", (long long)v.v);
    } else {
        snprintf(out, n, "n/a");
    }
}

static void fmt_word(Val v, const char *yes, const char *no, char *out, size_t n) {
    snprintf(out, n, "%s", !v.ok ? "n/a" : v.v ? yes : no);
}

/* ---- steps ---- */

static ProfStep *add(Ctx *c, const ProfSetting *s, ProfOp op, int index, int64_t value,
                     bool change) {
    ProfPlan *pl = c->plan;
    if (pl->n >= PLAN_MAX_STEPS) {
        c->rc = -ENOSPC;
        return NULL;
    }
    ProfStep *st = &pl->steps[pl->n++];
    memset(st, 0, sizeof *st);
    *st = (ProfStep){.op = op, .index = index, .value = value, .change = change};
    st->key = s ? s->key : PK_COUNT;
    st->line = s ? s->line : 0;
    pl->n_changes += change;
    return st;
}

/* Report setting s as unsupported by this board (a warning at its line) and count it. */
static void skip(Ctx *c, const ProfSetting *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void skip(Ctx *c, const ProfSetting *s, const char *fmt, ...) {
    char msg[DIAG_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_warn(c->d, c->p->file, s->line, "%s: %s: skipped", profile_key_name(s->key), msg);
    c->plan->n_skipped++;
}

/* A changed value: differs from the node now, or from what an earlier nvpmodel step leaves. */
static bool differs(Val cur, Val pred, int64_t v) {
    return !cur.ok || cur.v != v || !pred.ok || pred.v != v;
}

/* ---- nvpmodel ---- */

static const PbMode *find_mode(const ProfBoard *b, const ProfSetting *s) {
    for (int i = 0; i < b->n_modes; i++) {
        const PbMode *m = &b->modes[i];
        if (s->kind == PV_NUM ? m->id == s->num : strcasecmp(m->name, s->word) == 0) {
            return m;
        }
    }
    return NULL;
}

static void mode_text(const ProfBoard *b, Val id, char *out, size_t n) {
    const char *name = "";
    for (int i = 0; id.ok && i < b->n_modes; i++) {
        name = b->modes[i].id == id.v ? b->modes[i].name : name;
    }
    if (id.ok) {
        snprintf(out, n, "%lld %s", (long long)id.v, name);
    } else {
        snprintf(out, n, "n/a");
    }
}

/* The mode's caps become the prediction for the steps after it. */
static void predict_mode(Ctx *c, const PbMode *m) {
    Pred *pr = &c->pr;
    pr->after_nvp = true;
    if (!m->caps_known) {
        return;
    }
    pr->online = (pr->online & ~m->cores_set) | (m->cores_online & m->cores_set);
    for (int i = 0; i < c->inv->cpu.n_policies && i < JT_MAX_POLICIES; i++) {
        pr->pmin[i] = m->pol_min_khz[i].ok ? m->pol_min_khz[i] : pr->pmin[i];
        pr->pmax[i] = m->pol_max_khz[i].ok ? m->pol_max_khz[i] : pr->pmax[i];
    }
    pr->gmin = m->gpu_min_hz.ok ? m->gpu_min_hz : pr->gmin;
    pr->gmax = m->gpu_max_hz.ok ? m->gpu_max_hz : pr->gmax;
    pr->emc = m->emc_cap_hz.ok ? m->emc_cap_hz : pr->emc;
}

static void plan_nvpmodel(Ctx *c, const ProfSetting *s) {
    char want[PROF_WORD];
    profile_format_value(s, want, sizeof want);
    if (c->b->n_modes == 0) {
        skip(c, s, "this board has no nvpmodel table");
        return;
    }
    const PbMode *m = find_mode(c->b, s);
    if (!m) {
        skip(c, s, "no mode '%s' in this board's nvpmodel table", want);
        return;
    }
    if (m->needs_reboot) {
        skip(c, s, "switching to %s changes the cores or the GPU TPCs and needs a reboot", m->name);
        return;
    }
    Val cur = c->b->cur.nvp_mode;
    bool change = !cur.ok || cur.v != m->id;
    ProfStep *st = add(c, s, PO_NVPMODEL, 0, m->id, change);
    if (!st) {
        return;
    }
    snprintf(st->node, sizeof st->node, "nvpmodel mode");
    mode_text(c->b, cur, st->from, sizeof st->from);
    mode_text(c->b, val_of(m->id), st->to, sizeof st->to);
    if (change) {
        predict_mode(c, m);
        st->online_after = m->caps_known ? c->pr.online : 0;
    }
}

/* ---- cores ---- */

static uint64_t all_cpus(const Inventory *inv) {
    int n = inv->cpu.n_cpus < 64 ? inv->cpu.n_cpus : 64;
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* The cpus to keep online, after the board's rules (cores without an online file stay). */
static uint64_t online_target(Ctx *c, const ProfSetting *s) {
    const Inventory *inv = c->inv;
    uint64_t all = all_cpus(inv);
    uint64_t t = s->kind == PV_ALL ? all : s->mask;
    if (t & ~all) {
        char list[64];
        format_cpulist(t & ~all, list, sizeof list);
        skip(c, s, "cpu %s does not exist on this board", list);
        t &= all;
    }
    for (int cpu = 0; cpu < inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        uint64_t bit = 1ULL << cpu;
        if (!(t & bit) && (cpu == 0 || !inv->cpu.has_online[cpu])) {
            char name[16];
            snprintf(name, sizeof name, "cpu%d", cpu);
            skip(c, s, "%s cannot be parked", name);
            t |= bit;
        }
    }
    return t;
}

static int online_step(Ctx *c, const ProfSetting *s, int cpu, bool on, uint64_t after) {
    ProfStep *st = add(c, s, PO_CPU_ONLINE, cpu, on, true);
    if (!st) {
        return c->rc;
    }
    st->online_after = after;
    snprintf(st->node, sizeof st->node, "cpu%d", cpu);
    snprintf(st->from, sizeof st->from, "%s", on ? "parked" : "online");
    snprintf(st->to, sizeof st->to, "%s", on ? "online" : "parked");
    return 0;
}

/* Unpark now; return the cores to park once their clusters are done. */
static uint64_t plan_unpark(Ctx *c, const ProfSetting *s) {
    uint64_t t = online_target(c, s), now = c->pr.online;
    for (int cpu = 0; cpu < c->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        uint64_t bit = 1ULL << cpu;
        if ((t & bit) && !(now & bit) && online_step(c, s, cpu, true, now |= bit) < 0) {
            return 0;
        }
    }
    uint64_t park = c->pr.online & ~t;
    c->pr.online = t;
    return park;
}

static void plan_park(Ctx *c, const ProfSetting *s, uint64_t park) {
    uint64_t now = c->pr.online | park;
    for (int cpu = 0; park && cpu < c->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        uint64_t bit = 1ULL << cpu;
        if ((park & bit) && online_step(c, s, cpu, false, now &= ~bit) < 0) {
            return;
        }
    }
}

/* ---- frequency limits (cpufreq policies and the GPU) ---- */

typedef struct {
    const int64_t *table;
    int n;
    Val cur_min, cur_max;     /* the nodes now */
    Val *pred_min, *pred_max; /* what they will be before our writes */
    ProfOp op_min, op_max;
    int index;
    const char *name; /* "policy0", "GPU" */
    bool khz;
} Limits;

/* A max key's value: min/max are the table's ends; a number rounds down into the table. */
static bool limit_value(Ctx *c, const Limits *l, const ProfSetting *s, int64_t *v) {
    if (s->kind == PV_MIN || s->kind == PV_MAX) {
        *v = s->kind == PV_MIN ? l->table[0] : l->table[l->n - 1];
        return true;
    }
    *v = profplan_round_down(l->table, l->n, s->num);
    if (s->num < l->table[0]) {
        char msg[96];
        snprintf(msg, sizeof msg, "%lld is below the lowest %s frequency: using %lld",
                 (long long)s->num, l->name, (long long)l->table[0]);
        diag_warn(c->d, c->p->file, s->line, "%s: %s", profile_key_name(s->key), msg);
    }
    return true;
}

static void limit_step(Ctx *c, const Limits *l, const ProfSetting *s, bool is_min, int64_t v) {
    Val cur = is_min ? l->cur_min : l->cur_max;
    Val *pred = is_min ? l->pred_min : l->pred_max;
    ProfStep *st = add(c, s, is_min ? l->op_min : l->op_max, l->index, v, differs(cur, *pred, v));
    if (!st) {
        return;
    }
    snprintf(st->node, sizeof st->node, "%s %s", l->name, is_min ? "min" : "max");
    (l->khz ? fmt_khz_exact : fmt_hz_exact)(cur, st->from, sizeof st->from);
    (l->khz ? fmt_khz_exact : fmt_hz_exact)(val_of(v), st->to, sizeof st->to);
    *pred = val_of(v);
}

/* Plan min and max so that min <= max holds after every single write. "min = max" (a min
 * key set to max) locks the clock at the maximum limit in effect. */
static void plan_limits(Ctx *c, const Limits *l, const ProfSetting *smin, const ProfSetting *smax) {
    if (l->n == 0) {
        const ProfSetting *s = smin ? smin : smax;
        skip(c, s, "%s advertises no frequency table", l->name);
        return;
    }
    int64_t tmax = 0, tmin = 0;
    if (smax) {
        limit_value(c, l, smax, &tmax);
    }
    int64_t eff_max = smax ? tmax : (l->pred_max->ok ? l->pred_max->v : l->table[l->n - 1]);
    if (smin) {
        limit_value(c, l, smin, &tmin);
        tmin = smin->kind == PV_MAX || tmin > eff_max ? eff_max : tmin;
    }
    int64_t pmin = l->pred_min->ok ? l->pred_min->v : l->table[0];
    if (smax && smin && tmax < pmin) {
        limit_step(c, l, smin, true, tmin); /* lowering both below the old min: min first */
        limit_step(c, l, smax, false, tmax);
        return;
    }
    if (smax && tmax < pmin) {
        skip(c, smax, "below the current minimum: set the minimum too (%s)", l->name);
        return;
    }
    if (smax) {
        limit_step(c, l, smax, false, tmax);
    }
    if (smin) {
        limit_step(c, l, smin, true, tmin);
    }
}

static bool has_gov(const PolicyInfo *pi, const char *g) {
    for (int i = 0; i < pi->n_govs; i++) {
        if (strcmp(pi->govs[i], g) == 0) {
            return true;
        }
    }
    return false;
}

static void plan_governor(Ctx *c, const ProfSetting *s, int k) {
    const PolicyInfo *pi = &c->inv->cpu.policies[k];
    char name[24];
    snprintf(name, sizeof name, "cluster %d", k);
    if (!has_gov(pi, s->word)) {
        skip(c, s, "governor %s is not offered by %s", s->word, name);
        return;
    }
    const PolicySample *ps = &c->b->cur.policy[k];
    bool change = !ps->governor_ok || strcmp(ps->governor, s->word) != 0;
    ProfStep *st = add(c, s, PO_CPU_GOVERNOR, pi->first_cpu, 0, change);
    if (st) {
        snprintf(st->node, sizeof st->node, "policy%d governor", pi->first_cpu);
        snprintf(st->arg, sizeof st->arg, "%s", s->word);
        snprintf(st->from, sizeof st->from, "%s", ps->governor_ok ? ps->governor : "n/a");
        snprintf(st->to, sizeof st->to, "%s", s->word);
    }
}

/* Governor and limits of every cluster that keeps an online core. */
static void plan_policies(Ctx *c) {
    const ProfSetting *gov = profile_find(c->p, PK_CPU_GOVERNOR);
    const ProfSetting *smin = profile_find(c->p, PK_CPU_MIN_KHZ);
    const ProfSetting *smax = profile_find(c->p, PK_CPU_MAX_KHZ);
    for (int k = 0; k < c->inv->cpu.n_policies && k < JT_MAX_POLICIES && c->rc == 0; k++) {
        const PolicyInfo *pi = &c->inv->cpu.policies[k];
        if (!(pi->cpus & c->pr.online)) {
            continue; /* every core of the cluster parked: it refuses writes, nothing to do */
        }
        if (gov) {
            plan_governor(c, gov, k);
        }
        if (smin || smax) {
            char name[16];
            snprintf(name, sizeof name, "policy%d", pi->first_cpu);
            Limits l = {pi->freqs_khz,
                        pi->n_freqs,
                        c->b->cur.policy[k].min_khz,
                        c->b->cur.policy[k].max_khz,
                        &c->pr.pmin[k],
                        &c->pr.pmax[k],
                        PO_CPU_MIN_KHZ,
                        PO_CPU_MAX_KHZ,
                        pi->first_cpu,
                        name,
                        true};
            plan_limits(c, &l, smin, smax);
        }
    }
}

static void plan_gpu(Ctx *c) {
    const ProfSetting *smin = profile_find(c->p, PK_GPU_MIN_HZ);
    const ProfSetting *smax = profile_find(c->p, PK_GPU_MAX_HZ);
    if (!smin && !smax) {
        return;
    }
    const GpuInfo *g = &c->inv->gpu;
    if (!g->present) {
        skip(c, smin ? smin : smax, "this board has no GPU devfreq node");
        return;
    }
    Limits l = {g->freqs_hz,
                g->n_freqs,
                c->b->cur.gpu.min_hz,
                c->b->cur.gpu.max_hz,
                &c->pr.gmin,
                &c->pr.gmax,
                PO_GPU_MIN_HZ,
                PO_GPU_MAX_HZ,
                0,
                "GPU",
                false};
    plan_limits(c, &l, smin, smax);
}

/* ---- the rest ---- */

static void plan_emc(Ctx *c, const ProfSetting *s) {
    const EmcInfo *e = &c->inv->emc;
    if (!e->has_cap) {
        skip(c, s, "this board has no nvpmodel EMC cap node");
        return;
    }
    if (s->kind == PV_MAX && !e->max_hz.ok) {
        skip(c, s, "the EMC range is not readable (debugfs needs root)");
        return;
    }
    int64_t v = s->kind == PV_MAX ? e->max_hz.v : s->num;
    if ((e->max_hz.ok && v > e->max_hz.v) || (e->min_hz.ok && v < e->min_hz.v)) {
        skip(c, s, "%lld is outside the EMC range", (long long)v);
        return;
    }
    Val cur = c->b->cur.emc.cap_hz;
    ProfStep *st = add(c, s, PO_EMC_CAP_HZ, 0, v, differs(cur, c->pr.emc, v));
    if (st) {
        snprintf(st->node, sizeof st->node, "EMC cap");
        fmt_hz_exact(cur, st->from, sizeof st->from);
        fmt_hz_exact(val_of(v), st->to, sizeof st->to);
    }
}

/* Bit per cpuidle state named in s (unknown names warned). */
static unsigned idle_wanted(Ctx *c, const ProfSetting *s) {
    const IdleInfo *ii = &c->inv->idle;
    unsigned all = (1u << ii->n_states) - 1;
    if (s->kind != PV_WORD) {
        return s->kind == PV_ALL ? all : 0;
    }
    unsigned want = 0;
    StrView w[JT_MAX_IDLE * 2];
    size_t n = 0;
    parse_words(s->word, strlen(s->word), w, sizeof w / sizeof w[0], &n);
    for (size_t i = 0; i < n; i++) {
        int found = -1;
        for (int k = 0; k < ii->n_states; k++) {
            found = strview_eq(w[i], ii->states[k].name) ? k : found;
        }
        if (found < 0) {
            char name[PROF_WORD];
            strview_copy(w[i], name, sizeof name);
            skip(c, s, "this board has no cpuidle state '%s'", name);
        } else {
            want |= 1u << found;
        }
    }
    return want;
}

static void plan_idle(Ctx *c, const ProfSetting *s) {
    const IdleInfo *ii = &c->inv->idle;
    if (ii->n_states == 0) {
        skip(c, s, "this board has no cpuidle states");
        return;
    }
    unsigned want = idle_wanted(c, s);
    for (int k = 0; k < ii->n_states && k < JT_MAX_IDLE; k++) {
        bool dis = want & (1u << k);
        int n_on = 0, n_off = 0, n_na = 0;
        for (int cpu = 0; cpu < c->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
            Val v = c->b->cur.idle[cpu][k].disabled;
            if (c->pr.online & (1ULL << cpu)) {
                n_na += !v.ok;
                n_off += v.ok && v.v;
                n_on += v.ok && !v.v;
            }
        }
        bool change = n_na > 0 || (dis ? n_on > 0 : n_off > 0);
        ProfStep *st = add(c, s, PO_CPUIDLE_DISABLE, -1, dis, change);
        if (!st) {
            return;
        }
        st->sub = k;
        snprintf(st->node, sizeof st->node, "cpuidle %s", ii->states[k].name);
        snprintf(st->from, sizeof st->from, "%s",
                 n_na            ? "n/a"
                 : n_on && n_off ? "mixed"
                 : n_off         ? "disabled"
                                 : "enabled");
        snprintf(st->to, sizeof st->to, "%s", dis ? "disabled" : "enabled");
    }
}

static void plan_fan(Ctx *c, const ProfSetting *s) {
    if (c->inv->fan.kind == FAN_NONE) {
        skip(c, s, "this board has no fan");
        return;
    }
    const FanSample *f = &c->b->cur.fan;
    bool manual = f->control_ok && strcmp(f->control, "manual") == 0;
    bool auto_fan = s->kind == PV_AUTO;
    if (!auto_fan && f->control_ok && strncmp(f->control, "nvfancontrol:", 13) == 0) {
        /* the helper refuses: only systemctl stops nvfancontrol, and it runs no program */
        skip(c, s,
             "nvfancontrol drives the fan: stop it with `sudo systemctl stop "
             "nvfancontrol` to set PWM by hand");
        return;
    }
    bool change = auto_fan ? manual : !(manual && f->pwm.ok && f->pwm.v == s->num);
    ProfStep *st = add(c, s, auto_fan ? PO_FAN_AUTO : PO_FAN_PWM, 0, auto_fan ? 0 : s->num, change);
    if (!st) {
        return;
    }
    snprintf(st->node, sizeof st->node, "fan");
    if (manual && f->pwm.ok) {
        snprintf(st->from, sizeof st->from, "PWM %lld", (long long)f->pwm.v);
    } else {
        snprintf(st->from, sizeof st->from, "%s", f->control_ok ? f->control : "auto");
    }
    if (auto_fan) {
        snprintf(st->to, sizeof st->to, "auto");
        return;
    }
    snprintf(st->to, sizeof st->to, "PWM %lld", (long long)s->num);
    const char *hint = change ? fan_rewriter_hint(c->inv, f) : NULL;
    if (hint) {
        diag_warn(c->d, c->p->file, s->line, "%s: %s", profile_key_name(s->key), hint);
    }
}

static void plan_radio(Ctx *c, const ProfSetting *s, const char *type) {
    int found = 0;
    for (int i = 0; i < c->inv->n_radios && i < JT_MAX_RADIOS; i++) {
        const RadioInfo *r = &c->inv->radios[i];
        if (strcmp(r->type, type) != 0) {
            continue;
        }
        found++;
        Val soft = c->b->cur.radio[i].soft;
        bool block = s->num == 0;
        ProfStep *st = add(c, s, PO_RADIO_BLOCK, r->index, block, !soft.ok || soft.v != block);
        if (!st) {
            return;
        }
        snprintf(st->node, sizeof st->node, "%s %s", type, r->name);
        fmt_word(soft, "blocked", "on", st->from, sizeof st->from);
        snprintf(st->to, sizeof st->to, "%s", block ? "blocked" : "on");
    }
    if (!found) {
        skip(c, s, "no %s radio (rfkill) on this board", type);
    }
}

static void plan_usb(Ctx *c, const ProfSetting *s) {
    if (c->b->n_usb == 0) {
        skip(c, s, "no USB devices found");
        return;
    }
    for (int i = 0; i < c->b->n_usb; i++) {
        const PbUsb *u = &c->b->usb[i];
        if (u->autosuspend.ok && u->autosuspend.v == s->num) {
            continue;
        }
        ProfStep *st = add(c, s, PO_USB_POWER, 0, s->num, true);
        if (!st) {
            return;
        }
        snprintf(st->arg, sizeof st->arg, "%s", u->name);
        snprintf(st->node, sizeof st->node, "usb %s power/control", u->name);
        fmt_word(u->autosuspend, "auto", "on", st->from, sizeof st->from);
        snprintf(st->to, sizeof st->to, "%s", s->num ? "auto" : "on");
    }
}

static void plan_thp(Ctx *c, const ProfSetting *s) {
    const ProfBoard *b = c->b;
    if (b->thp_choices && !(b->thp_choices & (1u << s->num))) {
        skip(c, s, "the kernel does not offer THP mode %s", profile_thp_name((ProfThp)s->num));
        return;
    }
    if (!b->thp_choices && !b->thp.ok) {
        skip(c, s, "this kernel has no transparent hugepages");
        return;
    }
    ProfStep *st = add(c, s, PO_THP, 0, s->num, !b->thp.ok || b->thp.v != s->num);
    if (st) {
        snprintf(st->node, sizeof st->node, "THP enabled");
        snprintf(st->from, sizeof st->from, "%s",
                 b->thp.ok ? profile_thp_name((ProfThp)b->thp.v) : "n/a");
        snprintf(st->to, sizeof st->to, "%s", profile_thp_name((ProfThp)s->num));
    }
}

static void plan_vm(Ctx *c, const ProfSetting *s, ProfOp op, Val cur, const char *node) {
    ProfStep *st = add(c, s, op, 0, s->num, !cur.ok || cur.v != s->num);
    if (st) {
        snprintf(st->node, sizeof st->node, "%s", node);
        fmt_int(cur, st->from, sizeof st->from);
        fmt_int(val_of(s->num), st->to, sizeof st->to);
    }
}

/* ---- the whole profile ---- */

static void pred_init(Ctx *c) {
    const Sample *cur = &c->b->cur;
    for (int cpu = 0; cpu < c->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        Val on = cur->cpu[cpu].online;
        if (!on.ok || on.v || !c->inv->cpu.has_online[cpu]) {
            c->pr.online |= 1ULL << cpu;
        }
    }
    for (int k = 0; k < JT_MAX_POLICIES; k++) {
        c->pr.pmin[k] = cur->policy[k].min_khz;
        c->pr.pmax[k] = cur->policy[k].max_khz;
    }
    c->pr.gmin = cur->gpu.min_hz;
    c->pr.gmax = cur->gpu.max_hz;
    c->pr.emc = cur->emc.cap_hz;
}

static void plan_tail(Ctx *c) {
    const Profile *p = c->p;
    const ProfBoard *b = c->b;
    const ProfSetting *s;
    if ((s = profile_find(p, PK_CPUIDLE_DISABLE))) {
        plan_idle(c, s);
    }
    plan_gpu(c);
    if ((s = profile_find(p, PK_EMC_CAP_HZ))) {
        plan_emc(c, s);
    }
    if ((s = profile_find(p, PK_FAN_PWM))) {
        plan_fan(c, s);
    }
    if ((s = profile_find(p, PK_RADIO_WIFI))) {
        plan_radio(c, s, "wlan");
    }
    if ((s = profile_find(p, PK_RADIO_BLUETOOTH))) {
        plan_radio(c, s, "bluetooth");
    }
    if ((s = profile_find(p, PK_USB_AUTOSUSPEND))) {
        plan_usb(c, s);
    }
    if ((s = profile_find(p, PK_THP))) {
        plan_thp(c, s);
    }
    if ((s = profile_find(p, PK_VM_SWAPPINESS))) {
        plan_vm(c, s, PO_VM_SWAPPINESS, b->swappiness, "vm.swappiness");
    }
    if ((s = profile_find(p, PK_VM_DIRTY_RATIO))) {
        plan_vm(c, s, PO_VM_DIRTY_RATIO, b->dirty_ratio, "vm.dirty_ratio");
    }
    if ((s = profile_find(p, PK_VM_DIRTY_BG_RATIO))) {
        plan_vm(c, s, PO_VM_DIRTY_BG_RATIO, b->dirty_bg_ratio, "vm.dirty_background_ratio");
    }
}

int profplan_resolve(const Profile *p, const ProfBoard *b, ProfPlan *plan, Diag *d) {
    memset(plan, 0, sizeof *plan);
    Ctx c = {.p = p, .b = b, .inv = b->inv, .plan = plan, .d = d};
    pred_init(&c);
    const ProfSetting *s;
    if ((s = profile_find(p, PK_NVPMODEL))) {
        plan_nvpmodel(&c, s);
    }
    const ProfSetting *on = profile_find(p, PK_CPU_ONLINE);
    uint64_t park = on ? plan_unpark(&c, on) : 0;
    plan_policies(&c);
    if (on) {
        plan_park(&c, on, park);
    }
    plan_tail(&c);
    return c.rc;
}

bool profplan_matches(const ProfPlan *plan) {
    return plan->n_changes == 0;
}

int profplan_format_step(const ProfStep *s, char *out, size_t outsz) {
    int n = snprintf(out, outsz, "%-28s %s -> %s", s->node, s->from, s->to);
    return n < 0 ? 0 : (size_t)n >= outsz ? (int)outsz - 1 : n;
}
