/* tegrastats: the tegrastats line format, both directions. See tegrastats.h. */
#include "jtune/core/tegrastats.h"
#include "jtune/core/textbuf.h"

#include "jtune/core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define TS_MAX_TOKENS 256

typedef struct {
    StrView tok[TS_MAX_TOKENS];
    size_t n;
    size_t i;  /* next token */
    int known; /* fields recognised */
    TsLine *out;
} Cursor;

/* ---------------------------------------------------------------- small token helpers */

static bool tok_is(StrView t, const char *lit) {
    return strview_eq(t, lit);
}

static bool ends_with(StrView t, const char *suffix) {
    size_t n = strlen(suffix);
    return t.n >= n && memcmp(t.p + t.n - n, suffix, n) == 0;
}

static StrView cut_suffix(StrView t, const char *suffix) {
    size_t n = strlen(suffix);
    return (StrView){t.p, t.n >= n ? t.n - n : 0};
}

/* Split t at the first c: head before, tail after. False when c is absent. */
static bool split_at(StrView t, char c, StrView *head, StrView *tail) {
    const char *p = memchr(t.p, c, t.n);
    if (!p) {
        return false;
    }
    *head = (StrView){t.p, (size_t)(p - t.p)};
    *tail = (StrView){p + 1, t.n - (size_t)(p - t.p) - 1};
    return true;
}

static bool view_i64(StrView t, int64_t *v) {
    return t.n > 0 && parse_i64(t.p, t.n, v) == 0;
}

static Val view_val(StrView t) {
    int64_t v;
    return view_i64(t, &v) ? val_of(v) : val_na();
}

static void copy_name(char *dst, StrView t) {
    size_t n = t.n < TS_NAME - 1 ? t.n : TS_NAME - 1;
    memcpy(dst, t.p, n);
    dst[n] = '\0';
}

static bool is_upper_ident(StrView t) {
    if (t.n == 0 || !isupper((unsigned char)t.p[0])) {
        return false;
    }
    for (size_t i = 0; i < t.n; i++) {
        char c = t.p[i];
        if (!isupper((unsigned char)c) && !isdigit((unsigned char)c) && c != '_') {
            return false;
        }
    }
    return true;
}

static StrView peek(const Cursor *c, size_t ahead) {
    return c->i + ahead < c->n ? c->tok[c->i + ahead] : (StrView){"", 0};
}

/* ---------------------------------------------------------------- field parsers */

/* "u/tMB" or "u/tkB" */
static bool used_total(StrView t, const char *unit, Val *used, Val *total) {
    StrView a, b;
    if (!ends_with(t, unit) || !split_at(cut_suffix(t, unit), '/', &a, &b)) {
        return false;
    }
    *used = view_val(a);
    *total = view_val(b);
    return used->ok && total->ok;
}

/* "p%@f", "p%@[f,f]", "p%" */
static void pct_at_freq(StrView t, Val *pct, Val *freq, int max_f, int *n_f) {
    StrView p, f;
    if (!split_at(t, '@', &p, &f)) {
        p = t;
        f = (StrView){"", 0};
    }
    if (ends_with(p, "%")) {
        *pct = view_val(cut_suffix(p, "%"));
    }
    if (f.n >= 2 && f.p[0] == '[' && f.p[f.n - 1] == ']') {
        StrView rest = {f.p + 1, f.n - 2};
        int k = 0;
        while (rest.n > 0 && k < max_f) {
            StrView one, tail;
            if (!split_at(rest, ',', &one, &tail)) {
                one = rest;
                tail = (StrView){"", 0};
            }
            freq[k++] = view_val(one);
            rest = tail;
        }
        if (n_f) {
            *n_f = k;
        }
    } else if (f.n > 0) {
        freq[0] = view_val(f);
        if (n_f) {
            *n_f = 1;
        }
    }
}

static bool parse_date(Cursor *c) {
    StrView d = peek(c, 0), t = peek(c, 1);
    int mo, da, yr, h, mi, s;
    char db[16], tb[16];
    if (d.n != 10 || t.n != 8) {
        return false;
    }
    memcpy(db, d.p, 10);
    db[10] = '\0';
    memcpy(tb, t.p, 8);
    tb[8] = '\0';
    if (sscanf(db, "%2d-%2d-%4d", &mo, &da, &yr) != 3 ||
        sscanf(tb, "%2d:%2d:%2d", &h, &mi, &s) != 3) {
        return false;
    }
    struct tm tm = {.tm_year = yr - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = da,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = s};
    c->out->time_s = val_of((int64_t)timegm(&tm));
    c->i += 2;
    return true;
}

static void parse_ram(Cursor *c) {
    TsLine *o = c->out;
    if (used_total(peek(c, 1), "MB", &o->ram_used_mb, &o->ram_total_mb)) {
        c->i += 2;
        c->known++;
    } else {
        c->i += 1;
        return;
    }
    /* "(lfb NxSMB)" */
    StrView n, s;
    if (tok_is(peek(c, 0), "(lfb") && ends_with(peek(c, 1), "MB)") &&
        split_at(cut_suffix(peek(c, 1), "MB)"), 'x', &n, &s)) {
        o->lfb_count = view_val(n);
        o->lfb_block_mb = view_val(s);
        c->i += 2;
    }
}

static void parse_swap(Cursor *c) {
    TsLine *o = c->out;
    if (used_total(peek(c, 1), "MB", &o->swap_used_mb, &o->swap_total_mb)) {
        c->i += 2;
        c->known++;
    } else {
        c->i += 1;
        return;
    }
    if (tok_is(peek(c, 0), "(cached") && ends_with(peek(c, 1), "MB)")) {
        o->swap_cached_mb = view_val(cut_suffix(peek(c, 1), "MB)"));
        c->i += 2;
    }
}

/* "IRAM 0/252kB(lfb 252kB)" */
static void parse_iram(Cursor *c) {
    TsLine *o = c->out;
    StrView t = peek(c, 1), ut, rest;
    c->i += 1;
    if (!split_at(t, '(', &ut, &rest) ||
        !used_total(ut, "kB", &o->iram_used_kb, &o->iram_total_kb)) {
        return;
    }
    c->i += 1;
    c->known++;
    if (ends_with(peek(c, 0), "kB)")) {
        o->iram_lfb_kb = view_val(cut_suffix(peek(c, 0), "kB)"));
        c->i += 1;
    }
}

/* "[p%@f,off,...]" */
static void parse_cpus(Cursor *c) {
    StrView t = peek(c, 1);
    c->i += 1;
    if (t.n < 2 || t.p[0] != '[' || t.p[t.n - 1] != ']') {
        return;
    }
    c->i += 1;
    c->known++;
    StrView rest = {t.p + 1, t.n - 2};
    TsLine *o = c->out;
    while (rest.n > 0 && o->n_cpus < TS_MAX_CPUS) {
        StrView one, tail;
        if (!split_at(rest, ',', &one, &tail)) {
            one = rest;
            tail = (StrView){"", 0};
        }
        TsCpu *cpu = &o->cpu[o->n_cpus++];
        if (tok_is(one, "off")) {
            cpu->off = true;
        } else {
            pct_at_freq(one, &cpu->load_pct, &cpu->freq_mhz, 1, NULL);
        }
        rest = tail;
    }
}

static void parse_mts(Cursor *c) {
    /* "MTS fg 0% bg 0%" */
    c->i += 1;
    for (int k = 0; k < 2; k++) {
        StrView key = peek(c, 0), v = peek(c, 1);
        if (!ends_with(v, "%")) {
            return;
        }
        Val *dst = tok_is(key, "fg")   ? &c->out->mts_fg_pct
                   : tok_is(key, "bg") ? &c->out->mts_bg_pct
                                       : NULL;
        if (!dst) {
            return;
        }
        *dst = view_val(cut_suffix(v, "%"));
        c->i += 2;
        c->known++;
    }
}

/* "name@44.531C", "name@45.8C/46.1C" (JetPack 7), "CV0@-256C" (offline) */
static bool parse_temp(Cursor *c, StrView t) {
    StrView name, val, cur, max;
    if (!split_at(t, '@', &name, &val) || name.n == 0 || !ends_with(val, "C")) {
        return false;
    }
    if (!split_at(val, '/', &cur, &max)) {
        cur = val;
        max = (StrView){"", 0};
    }
    int64_t mc;
    if (!ends_with(cur, "C") || parse_fixed(cur.p, cur.n - 1, 3, &mc) != 0) {
        return false;
    }
    TsLine *o = c->out;
    if (o->n_temps == TS_MAX_ITEMS) {
        return true;
    }
    TsTemp *z = &o->temps[o->n_temps++];
    copy_name(z->name, name);
    z->offline = mc <= -256000;
    z->temp_mc = z->offline ? val_na() : val_of(mc);
    int64_t mx;
    if (max.n > 1 && ends_with(max, "C") && parse_fixed(max.p, max.n - 1, 3, &mx) == 0) {
        z->max_mc = val_of(mx);
    }
    return true;
}

/* "123mW", "123" */
static Val milliwatts(StrView t) {
    return view_val(ends_with(t, "mW") ? cut_suffix(t, "mW") : t);
}

/* "cur/avg" or "cur/avg/max", with or without mW */
static bool rail_value(StrView t, TsRail *r) {
    StrView a, rest, b, m;
    if (!split_at(t, '/', &a, &rest)) {
        return false;
    }
    if (!split_at(rest, '/', &b, &m)) {
        b = rest;
        m = (StrView){"", 0};
    }
    Val cur = milliwatts(a), avg = milliwatts(b);
    if (!cur.ok || !avg.ok) {
        return false;
    }
    r->cur_mw = cur;
    r->avg_mw = avg;
    r->max_mw = m.n ? milliwatts(m) : val_na();
    return true;
}

static bool engine_value(StrView v, TsEngine *e) {
    if (tok_is(v, "off")) {
        e->off = true;
        return true;
    }
    StrView f = (v.n > 0 && v.p[0] == '@') ? (StrView){v.p + 1, v.n - 1} : v;
    int64_t mhz;
    if (!view_i64(f, &mhz)) {
        return false;
    }
    e->freq_mhz = val_of(mhz);
    return true;
}

/* An upper-case name followed by a rail value or an engine value. */
static bool parse_named(Cursor *c, StrView name) {
    if (!is_upper_ident(name)) {
        return false;
    }
    TsLine *o = c->out;
    StrView v = peek(c, 1);
    TsRail r = {0};
    if (rail_value(v, &r)) {
        if (o->n_rails < TS_MAX_ITEMS) {
            copy_name(r.name, name);
            o->rails[o->n_rails++] = r;
        }
        c->i += 2;
        return true;
    }
    TsEngine e = {0};
    if (engine_value(v, &e)) {
        if (o->n_engines < TS_MAX_ITEMS) {
            copy_name(e.name, ends_with(name, "_FREQ") ? cut_suffix(name, "_FREQ") : name);
            o->engines[o->n_engines++] = e;
        }
        c->i += 2;
        return true;
    }
    return false;
}

static void keep_unknown(Cursor *c, StrView t) {
    TsLine *o = c->out;
    if (o->n_unknown < TS_MAX_UNKNOWN) {
        copy_name(o->unknown[o->n_unknown], t);
    }
    o->n_unknown++;
    c->i++;
}

static void parse_token(Cursor *c) {
    StrView t = peek(c, 0);
    TsLine *o = c->out;
    if (tok_is(t, "RAM")) {
        parse_ram(c);
    } else if (tok_is(t, "SWAP")) {
        parse_swap(c);
    } else if (tok_is(t, "IRAM")) {
        parse_iram(c);
    } else if (tok_is(t, "CPU") && peek(c, 1).n && peek(c, 1).p[0] == '[') {
        parse_cpus(c);
    } else if (tok_is(t, "EMC_FREQ")) {
        pct_at_freq(peek(c, 1), &o->emc_pct, &o->emc_freq_mhz, 1, NULL);
        c->i += 2;
        c->known++;
    } else if (tok_is(t, "GR3D_FREQ")) {
        pct_at_freq(peek(c, 1), &o->gr3d_pct, o->gr3d_freq_mhz, 4, &o->n_gpc);
        c->i += 2;
        c->known++;
    } else if (tok_is(t, "GR3D2_FREQ")) {
        pct_at_freq(peek(c, 1), &o->gr3d2_pct, &o->gr3d2_freq_mhz, 1, NULL);
        c->i += 2;
        c->known++;
    } else if (tok_is(t, "MTS")) {
        parse_mts(c);
    } else if (parse_temp(c, t)) {
        c->i++;
        c->known++;
    } else if (parse_named(c, t)) {
        c->known++;
    } else {
        keep_unknown(c, t);
    }
}

int tegrastats_parse(const char *line, size_t len, TsLine *out) {
    memset(out, 0, sizeof *out);
    Cursor c = {.out = out};
    /* tokenise the whole line on blanks (the first line only) */
    StrView l = parse_first_line(line, len);
    if (l.n == 0 || l.p[0] == '#') {
        return -ENODATA;
    }
    parse_words(l.p, l.n, c.tok, TS_MAX_TOKENS, &c.n);
    parse_date(&c);
    while (c.i < c.n) {
        parse_token(&c);
    }
    return c.known > 0 ? 0 : -EINVAL;
}

/* ---------------------------------------------------------------- formatting */

typedef struct {
    char *buf;
    size_t size;
    size_t len;
    bool overflow;
} Out;

__attribute__((format(printf, 2, 3))) static void out_add(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(o->buf, o->size, &o->len, &o->overflow, fmt, ap);
    va_end(ap);
}

/* Millidegrees as tegrastats prints them: up to three decimals, trailing zeros dropped. */
static void out_temp(Out *o, const char *name, int64_t mc) {
    char num[32];
    int64_t a = mc < 0 ? -mc : mc;
    snprintf(num, sizeof num, "%s%lld.%03lld", mc < 0 ? "-" : "", (long long)(a / 1000),
             (long long)(a % 1000));
    size_t n = strlen(num);
    while (num[n - 1] == '0') {
        num[--n] = '\0';
    }
    if (num[n - 1] == '.') {
        num[--n] = '\0';
    }
    out_add(o, " %s@%sC", name, num);
}

static void format_time(Out *o, const Sample *s) {
    time_t t = (time_t)(s->wall_ms / 1000);
    struct tm tm;
    if (s->wall_ms > 0 && gmtime_r(&t, &tm)) {
        out_add(o, "%02d-%02d-%04d %02d:%02d:%02d ", tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
}

static void format_memory(Out *o, const MemSample *m) {
    if (m->used_kib.ok && m->total_kib.ok) {
        out_add(o, "RAM %lld/%lldMB", (long long)(m->used_kib.v / 1024),
                (long long)(m->total_kib.v / 1024));
        if (m->lfb_kib.ok) {
            out_add(o, " (lfb %lldx4MB)", (long long)(m->lfb_kib.v / 4096));
        }
    }
    if (m->swap_total_kib.ok && m->swap_free_kib.ok) {
        out_add(o, " SWAP %lld/%lldMB",
                (long long)((m->swap_total_kib.v - m->swap_free_kib.v) / 1024),
                (long long)(m->swap_total_kib.v / 1024));
        if (m->swap_cached_kib.ok) {
            out_add(o, " (cached %lldMB)", (long long)(m->swap_cached_kib.v / 1024));
        }
    }
}

static void format_cpus(Out *o, const Inventory *inv, const Sample *s) {
    out_add(o, " CPU [");
    for (int i = 0; i < inv->cpu.n_cpus; i++) {
        const CoreSample *c = &s->cpu[i];
        const char *sep = i ? "," : "";
        if (c->online.ok && c->online.v == 0) {
            out_add(o, "%soff", sep);
        } else if (c->freq_khz.ok) {
            out_add(o, "%s%lld%%@%lld", sep,
                    (long long)((c->util_pct10.ok ? c->util_pct10.v : 0) + 5) / 10,
                    (long long)(c->freq_khz.v / 1000));
        } else {
            out_add(o, "%s%lld%%", sep,
                    (long long)((c->util_pct10.ok ? c->util_pct10.v : 0) + 5) / 10);
        }
    }
    out_add(o, "]");
}

static void format_clocks(Out *o, const Inventory *inv, const Sample *s) {
    if (s->emc.util_pct10.ok) {
        out_add(o, " EMC_FREQ %lld%%", (long long)(s->emc.util_pct10.v + 5) / 10);
        if (s->emc.freq_hz.ok) {
            out_add(o, "@%lld", (long long)(s->emc.freq_hz.v / 1000000));
        }
    }
    if (inv->gpu.present && s->gpu.load_pm.ok) {
        out_add(o, " GR3D_FREQ %lld%%", (long long)(s->gpu.load_pm.v + 5) / 10);
        if (s->gpu.freq_hz.ok) {
            out_add(o, "@[%lld]", (long long)(s->gpu.freq_hz.v / 1000000));
        }
    }
    for (int i = 0; i < inv->n_engines; i++) {
        const EngineSample *e = &s->engine[i];
        if (e->on.ok && e->on.v && e->freq_hz.ok) {
            out_add(o, " %s %lld", inv->engines[i].name, (long long)(e->freq_hz.v / 1000000));
        } else if (e->on.ok) {
            out_add(o, " %s off", inv->engines[i].name);
        }
    }
}

int tegrastats_format(const Inventory *inv, const Sample *s, const int64_t *avg_mw, char *buf,
                      size_t bufsz) {
    if (bufsz == 0) {
        return -ERANGE;
    }
    Out o = {.buf = buf, .size = bufsz};
    buf[0] = '\0';
    format_time(&o, s);
    format_memory(&o, &s->mem);
    format_cpus(&o, inv, s);
    format_clocks(&o, inv, s);
    for (int i = 0; i < inv->n_zones; i++) {
        if (s->zone_mc[i].ok && !inv->zones[i].hwmon) {
            out_temp(&o, inv->zones[i].name, s->zone_mc[i].v);
        }
    }
    for (int i = 0; i < inv->n_rails; i++) {
        if (s->rail[i].mw.ok) {
            long long cur = (long long)s->rail[i].mw.v;
            long long avg = avg_mw ? (long long)avg_mw[i] : cur;
            out_add(&o, " %s %lldmW/%lldmW", inv->rails[i].label, cur, avg);
        }
    }
    return o.overflow ? -ERANGE : (int)o.len;
}

/* ---------------------------------------------------------------- conversion */

static bool is_input_rail(const char *name) {
    return strcmp(name, "VDD_IN") == 0 || strcmp(name, "POM_5V_IN") == 0 ||
           strcmp(name, "VIN_SYS_5V0") == 0;
}

/* "CPU" -> "cpu", "CV0" -> "cv0", "Tboard" -> "tboard" */
static void zone_short(char *dst, size_t n, const char *src) {
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++) {
        dst[i] = (char)tolower((unsigned char)src[i]);
    }
    dst[i] = '\0';
}

static bool has_rail(const Inventory *inv, const char *label) {
    for (int i = 0; i < inv->n_rails; i++) {
        if (strcmp(inv->rails[i].label, label) == 0) {
            return true;
        }
    }
    return false;
}

/* JetPack 5 prints "CPU@", JetPack 6 "cpu@": the same zone. */
static bool has_zone(const Inventory *inv, const char *type) {
    for (int i = 0; i < inv->n_zones; i++) {
        if (strcasecmp(inv->zones[i].type, type) == 0) {
            return true;
        }
    }
    return false;
}

static bool has_engine(const Inventory *inv, const char *name) {
    for (int i = 0; i < inv->n_engines; i++) {
        if (strcmp(inv->engines[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

static void merge_rails(const TsLine *t, Inventory *inv) {
    for (int i = 0; i < t->n_rails && inv->n_rails < JT_MAX_RAILS; i++) {
        if (has_rail(inv, t->rails[i].name)) {
            continue;
        }
        RailInfo *r = &inv->rails[inv->n_rails];
        snprintf(r->label, sizeof r->label, "%s", t->rails[i].name);
        r->channel = inv->n_rails + 1;
        r->is_input = is_input_rail(r->label);
        if (r->is_input && inv->input_rail < 0) {
            inv->input_rail = inv->n_rails;
        }
        inv->n_rails++;
    }
}

static void merge_zones(const TsLine *t, Inventory *inv) {
    for (int i = 0; i < t->n_temps && inv->n_zones < JT_MAX_ZONES; i++) {
        if (strcmp(t->temps[i].name, "PMIC") == 0 || has_zone(inv, t->temps[i].name)) {
            continue; /* PMIC@100C is a fixed placeholder, not a sensor */
        }
        ZoneInfo *z = &inv->zones[inv->n_zones];
        snprintf(z->type, sizeof z->type, "%s", t->temps[i].name);
        zone_short(z->name, sizeof z->name, t->temps[i].name);
        z->index = inv->n_zones++;
    }
}

void tegrastats_inventory_merge(const TsLine *t, Inventory *inv) {
    for (int i = inv->cpu.n_cpus; i < t->n_cpus && i < JT_MAX_CPUS; i++) {
        inv->cpu.policy_of[i] = -1;
        inv->cpu.cluster_of[i] = -1;
        inv->cpu.has_online[i] = true;
    }
    if (t->n_cpus > inv->cpu.n_cpus) {
        inv->cpu.n_cpus = t->n_cpus < JT_MAX_CPUS ? t->n_cpus : JT_MAX_CPUS;
    }
    if (t->gr3d_pct.ok && !inv->gpu.present) {
        inv->gpu.present = true;
        snprintf(inv->gpu.name, sizeof inv->gpu.name, "GR3D");
    }
    inv->emc.present = inv->emc.present || t->emc_pct.ok;
    merge_rails(t, inv);
    merge_zones(t, inv);
    for (int i = 0; i < t->n_engines && inv->n_engines < JT_MAX_ENGINES; i++) {
        if (!has_engine(inv, t->engines[i].name)) {
            snprintf(inv->engines[inv->n_engines++].name, sizeof inv->engines[0].name, "%s",
                     t->engines[i].name);
        }
    }
}

void tegrastats_inventory(const TsLine *t, Inventory *inv) {
    memset(inv, 0, sizeof *inv);
    inv->input_rail = -1;
    inv->nvp.default_id = -1;
    for (int i = 0; i < JT_MAX_CPUS; i++) {
        inv->cpu.policy_of[i] = -1;
        inv->cpu.cluster_of[i] = -1;
    }
    tegrastats_inventory_merge(t, inv);
}

static void sample_cpus(const TsLine *t, const Inventory *inv, Sample *s) {
    int64_t sum = 0;
    int n = 0;
    for (int i = 0; i < inv->cpu.n_cpus && i < t->n_cpus; i++) {
        const TsCpu *c = &t->cpu[i];
        s->cpu[i].online = val_of(c->off ? 0 : 1);
        if (!c->off && c->load_pct.ok) {
            s->cpu[i].util_pct10 = val_of(c->load_pct.v * 10);
            sum += c->load_pct.v * 10;
            n++;
        }
        if (!c->off && c->freq_mhz.ok) {
            s->cpu[i].freq_khz = val_of(c->freq_mhz.v * 1000);
        }
    }
    if (n > 0) {
        s->cpu_total_pct10 = val_of(sum / n);
    }
}

static void sample_memory(const TsLine *t, Sample *s) {
    MemSample *m = &s->mem;
    if (t->ram_total_mb.ok) {
        m->total_kib = val_of(t->ram_total_mb.v * 1024);
        m->used_kib = val_of(t->ram_used_mb.v * 1024);
    }
    if (t->lfb_count.ok && t->lfb_block_mb.ok) {
        m->lfb_kib = val_of(t->lfb_count.v * t->lfb_block_mb.v * 1024);
    }
    if (t->swap_total_mb.ok) {
        m->swap_total_kib = val_of(t->swap_total_mb.v * 1024);
        m->swap_free_kib = val_of((t->swap_total_mb.v - t->swap_used_mb.v) * 1024);
    }
    if (t->swap_cached_mb.ok) {
        m->swap_cached_kib = val_of(t->swap_cached_mb.v * 1024);
    }
}

static void sample_named(const TsLine *t, const Inventory *inv, Sample *s) {
    for (int i = 0; i < inv->n_rails; i++) {
        for (int k = 0; k < t->n_rails; k++) {
            if (strcmp(inv->rails[i].label, t->rails[k].name) == 0) {
                s->rail[i].mw = t->rails[k].cur_mw;
            }
        }
    }
    int64_t sum = 0;
    bool any = false;
    for (int i = 0; i < inv->n_rails; i++) {
        if (s->rail[i].mw.ok) {
            sum += s->rail[i].mw.v;
            any = true;
        }
    }
    if (inv->input_rail >= 0) {
        s->input_mw = s->rail[inv->input_rail].mw;
    } else if (any) {
        s->input_mw = val_of(sum);
    }
    for (int i = 0; i < inv->n_zones; i++) {
        for (int k = 0; k < t->n_temps; k++) {
            if (strcasecmp(inv->zones[i].type, t->temps[k].name) == 0) {
                s->zone_mc[i] = t->temps[k].temp_mc;
            }
        }
    }
    for (int i = 0; i < inv->n_engines; i++) {
        for (int k = 0; k < t->n_engines; k++) {
            if (strcmp(inv->engines[i].name, t->engines[k].name) == 0) {
                const TsEngine *e = &t->engines[k];
                s->engine[i].on = val_of(e->off ? 0 : 1);
                s->engine[i].freq_hz = e->freq_mhz.ok ? val_of(e->freq_mhz.v * 1000000) : val_na();
            }
        }
    }
}

void tegrastats_sample(const TsLine *t, const Inventory *inv, Sample *s) {
    sample_clear(s);
    if (t->time_s.ok) {
        s->wall_ms = t->time_s.v * 1000;
    }
    sample_cpus(t, inv, s);
    sample_memory(t, s);
    if (t->emc_pct.ok) {
        s->emc.util_pct10 = val_of(t->emc_pct.v * 10);
    }
    if (t->emc_freq_mhz.ok) {
        s->emc.freq_hz = val_of(t->emc_freq_mhz.v * 1000000);
    }
    if (t->gr3d_pct.ok) {
        s->gpu.load_pm = val_of(t->gr3d_pct.v * 10);
    }
    if (t->n_gpc > 0 && t->gr3d_freq_mhz[0].ok) {
        s->gpu.freq_hz = val_of(t->gr3d_freq_mhz[0].v * 1000000);
    }
    sample_named(t, inv, s);
}
