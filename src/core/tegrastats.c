/* SPDX-License-Identifier: MIT */
/* tegrastats: the tegrastats line format, both directions. See tegrastats.h. */
#include "jtune/core/tegrastats.h"
#include "jtune/core/boardtotal.h"
#include "jtune/core/textbuf.h"

#include "jtune/core/parse.h"
#include "jtune/core/timeunit.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TS_MAX_TOKENS 256

/* Plausible ranges: anything outside is damage, never a reading. */
#define MAX_PCT     100
#define MAX_MHZ     100000    /* 100 GHz */
#define MAX_MB      16777216  /* 16 TiB of RAM or swap */
#define MAX_KB      16777216  /* IRAM, lfb block sizes in kB */
#define MAX_BLOCKS  100000000 /* free blocks */
#define MAX_MW      10000000  /* 10 kW on one rail */
#define MIN_TEMP_MC (-100000) /* -100 C; -256 C is tegrastats' "offline" */
#define MAX_TEMP_MC 250000

typedef enum { PH_HEAD, PH_TEMPS, PH_RAILS } Phase;

typedef struct {
    StrView tok[TS_MAX_TOKENS];
    size_t n;
    size_t i;    /* next token */
    Phase phase; /* engines only before the first temperature, rails after it */
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
    const char *p = t.n ? memchr(t.p, c, t.n) : NULL;
    if (!p) {
        return false;
    }
    *head = (StrView){t.p, (size_t)(p - t.p)};
    *tail = (StrView){p + 1, t.n - (size_t)(p - t.p) - 1};
    return true;
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

static bool is_ident(StrView t) {
    if (t.n == 0) {
        return false;
    }
    for (size_t i = 0; i < t.n; i++) {
        char c = t.p[i];
        if (!isalnum((unsigned char)c) && c != '_' && c != '-') {
            return false;
        }
    }
    return true;
}

static bool all_digits(StrView t) {
    if (t.n == 0) {
        return false;
    }
    for (size_t i = 0; i < t.n; i++) {
        if (!isdigit((unsigned char)t.p[i])) {
            return false;
        }
    }
    return true;
}

static StrView peek(const Cursor *c, size_t ahead) {
    return c->i + ahead < c->n ? c->tok[c->i + ahead] : (StrView){"", 0};
}

/* ---------------------------------------------------------------- checked numbers */

static void reject(TsLine *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reject(TsLine *o, const char *fmt, ...) {
    if (o->n_rejected++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(o->rejected, sizeof o->rejected, fmt, ap);
        va_end(ap);
    }
}

/* A plain non-negative decimal in [lo, hi] (digits only: no sign, no blank); else
 * unknown, and the value is counted as rejected under what. */
static Val num(TsLine *o, StrView t, int64_t hi, const char *what) {
    uint64_t u = 0;
    bool digits = all_digits(t);
    int rc = digits ? parse_u64(t.p, t.n, &u) : -EINVAL;
    if (rc != 0 && rc != -ERANGE) {
        reject(o, "%s: '%.*s' is not a number", what, (int)(t.n > 24 ? 24 : t.n), t.p);
        return val_na();
    }
    if (rc == -ERANGE || u > (uint64_t)hi) {
        reject(o, "%s: %.*s is out of range (0..%lld)", what, (int)(t.n > 24 ? 24 : t.n), t.p,
               (long long)hi);
        return val_na();
    }
    return val_of((int64_t)u);
}

/* "12%" -> 12 */
static Val pct(TsLine *o, StrView t, const char *what) {
    if (!ends_with(t, "%")) {
        reject(o, "%s: '%.*s' is not a percentage", what, (int)(t.n > 24 ? 24 : t.n), t.p);
        return val_na();
    }
    return num(o, cut_suffix(t, "%"), MAX_PCT, what);
}

/* Degrees with up to three decimals ("44.531") in millidegrees; -256 = offline. */
static bool temp_mc(TsLine *o, StrView t, const char *what, Val *out, bool *offline) {
    int64_t mc;
    bool shape = t.n > 0 && t.n <= 12 && (isdigit((unsigned char)t.p[0]) || t.p[0] == '-');
    for (size_t i = 1; shape && i < t.n; i++) {
        shape = isdigit((unsigned char)t.p[i]) || t.p[i] == '.';
    }
    if (!shape || parse_fixed(t.p, t.n, 3, &mc) != 0) {
        reject(o, "%s: '%.*s' is not a temperature", what, (int)(t.n > 24 ? 24 : t.n), t.p);
        return false;
    }
    if (mc == -256000) {
        *offline = true;
        return true;
    }
    if (mc < MIN_TEMP_MC || mc > MAX_TEMP_MC) {
        reject(o, "%s: %.*s C is out of range", what, (int)t.n, t.p);
        return false;
    }
    *out = val_of(mc);
    return true;
}

/* "u/t<unit>" with used <= total. */
static bool used_total(TsLine *o, StrView t, const char *unit, int64_t hi, const char *what,
                       Val *used, Val *total) {
    StrView a, b;
    if (!ends_with(t, unit) || !split_at(cut_suffix(t, unit), '/', &a, &b)) {
        reject(o, "%s: '%.*s' is not used/total", what, (int)(t.n > 24 ? 24 : t.n), t.p);
        return false;
    }
    Val u = num(o, a, hi, what), v = num(o, b, hi, what);
    if (u.ok && v.ok && u.v > v.v) {
        reject(o, "%s: %lld used of %lld", what, (long long)u.v, (long long)v.v);
        return false;
    }
    *used = u;
    *total = v;
    return u.ok && v.ok;
}

/* "p%@f", "p%@[f,f]", "p%", "@[f,f]", "@f" */
static void pct_at_freq(TsLine *o, StrView t, const char *what, Val *p, Val *freq, int max_f,
                        int *n_f) {
    StrView ps, f;
    if (!split_at(t, '@', &ps, &f)) {
        ps = t;
        f = (StrView){"", 0};
    } else if (f.n == 0) {
        reject(o, "%s: no clock after '@'", what);
    }
    if (ps.n > 0) {
        *p = pct(o, ps, what);
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
            freq[k++] = num(o, one, MAX_MHZ, what);
            rest = tail;
        }
        if (n_f) {
            *n_f = k;
        }
    } else if (f.n > 0) {
        freq[0] = num(o, f, MAX_MHZ, what);
        if (n_f) {
            *n_f = freq[0].ok;
        }
    }
}

/* ---------------------------------------------------------------- field parsers */

/* "MM-DD-YYYY" "HH:MM:SS" */
static bool date_shape(StrView d, StrView t) {
    static const char dm[] = "dd-dd-dddd", tm[] = "dd:dd:dd";
    if (d.n != 10 || t.n != 8) {
        return false;
    }
    for (size_t i = 0; i < 10; i++) {
        if (dm[i] == 'd' ? !isdigit((unsigned char)d.p[i]) : d.p[i] != dm[i]) {
            return false;
        }
    }
    for (size_t i = 0; i < 8; i++) {
        if (tm[i] == 'd' ? !isdigit((unsigned char)t.p[i]) : t.p[i] != tm[i]) {
            return false;
        }
    }
    return true;
}

static int two(const char *p) {
    return (p[0] - '0') * 10 + (p[1] - '0');
}

static bool parse_date(Cursor *c) {
    StrView d = peek(c, 0), t = peek(c, 1);
    if (!date_shape(d, t)) {
        return false;
    }
    c->i += 2;
    int mo = two(d.p), da = two(d.p + 3), yr = two(d.p + 6) * 100 + two(d.p + 8);
    int h = two(t.p), mi = two(t.p + 3), s = two(t.p + 6);
    if (yr < 1970 || !timeunit_date_valid(yr, mo, da) || h > 23 || mi > 59 || s > 59) {
        reject(c->out, "timestamp %.10s %.8s is not a date", d.p, t.p);
        return true;
    }
    int64_t v = ((timeunit_days_from_civil(yr, mo, da) * 24 + h) * 60 + mi) * 60 + s;
    c->out->time_s = val_of(v);
    return true;
}

/* "(lfb NxZMB)", "(lfb NxZkB)" as the two tokens "(lfb" "NxZMB)". */
static void parse_lfb(Cursor *c) {
    TsLine *o = c->out;
    StrView t = peek(c, 1), n, z;
    if (!tok_is(peek(c, 0), "(lfb") || !ends_with(t, ")")) {
        return;
    }
    c->i += 2;
    t = cut_suffix(t, ")");
    int64_t scale = ends_with(t, "GB") ? 1024 * 1024 : ends_with(t, "MB") ? 1024 : 1;
    /* every unit is two letters */
    if ((scale == 1 && !ends_with(t, "kB")) || !split_at(cut_suffix(t, "kB"), 'x', &n, &z)) {
        reject(o, "RAM lfb: '%.*s' is not NxSIZE", (int)(t.n > 24 ? 24 : t.n), t.p);
        return;
    }
    o->lfb_blocks = num(o, n, MAX_BLOCKS, "RAM lfb blocks");
    Val size = num(o, z, MAX_KB / scale, "RAM lfb block size");
    o->lfb_block_kb = size.ok ? val_of(size.v * scale) : val_na();
}

static void parse_ram(Cursor *c) {
    TsLine *o = c->out;
    used_total(o, peek(c, 1), "MB", MAX_MB, "RAM", &o->ram_used_mb, &o->ram_total_mb);
    c->i += 2;
    parse_lfb(c);
}

static void parse_swap(Cursor *c) {
    TsLine *o = c->out;
    used_total(o, peek(c, 1), "MB", MAX_MB, "SWAP", &o->swap_used_mb, &o->swap_total_mb);
    c->i += 2;
    if (tok_is(peek(c, 0), "(cached") && ends_with(peek(c, 1), "MB)")) {
        o->swap_cached_mb = num(o, cut_suffix(peek(c, 1), "MB)"), MAX_MB, "SWAP cached");
        c->i += 2;
    }
}

/* "IRAM 0/252kB(lfb 252kB)" (JetPack 4) or "IRAM 36/256kB (lfb 128kB)" */
static void parse_iram(Cursor *c) {
    TsLine *o = c->out;
    StrView t = peek(c, 1), ut, rest;
    c->i += 2;
    bool glued = split_at(t, '(', &ut, &rest);
    used_total(o, glued ? ut : t, "kB", MAX_KB, "IRAM", &o->iram_used_kb, &o->iram_total_kb);
    if (!glued && tok_is(peek(c, 0), "(lfb")) {
        c->i++;
    }
    StrView l = peek(c, 0);
    if (ends_with(l, "kB)") || ends_with(l, "kb)")) {
        o->iram_lfb_kb = num(o, cut_suffix(l, "kB)"), MAX_KB, "IRAM lfb");
        c->i += 1;
    }
}

/* One core of a CPU list: "p%@f", "p%", "off"; all_mhz is the list's "@f" if any. */
static void parse_core(TsLine *o, StrView one, Val all_mhz) {
    if (o->n_cpus == TS_MAX_CPUS) {
        o->n_dropped++;
        return;
    }
    TsCpu *cpu = &o->cpu[o->n_cpus++];
    if (tok_is(one, "off")) {
        cpu->off = true;
        return;
    }
    pct_at_freq(o, one, "CPU", &cpu->load_pct, &cpu->freq_mhz, 1, NULL);
    if (!cpu->freq_mhz.ok && !memchr(one.p, '@', one.n)) {
        cpu->freq_mhz = all_mhz;
    }
}

/* "[p%@f,off,...]", "[p%,p%,...]@f" (every core at f), "[p%,...]" */
static void parse_cpus(Cursor *c) {
    TsLine *o = c->out;
    StrView t = peek(c, 1), list, f;
    c->i += 2;
    Val all_mhz = val_na();
    const char *close = t.n ? memchr(t.p, ']', t.n) : NULL;
    if (t.n < 2 || t.p[0] != '[' || !close) {
        reject(o, "CPU: '%.*s' is not a core list", (int)(t.n > 24 ? 24 : t.n), t.p);
        return;
    }
    list = (StrView){t.p + 1, (size_t)(close - t.p) - 1};
    f = (StrView){close + 1, t.n - (size_t)(close - t.p) - 1};
    if (f.n > 0) {
        all_mhz = f.p[0] == '@' ? num(o, (StrView){f.p + 1, f.n - 1}, MAX_MHZ, "CPU") : val_na();
        if (f.p[0] != '@') {
            reject(o, "CPU: text after the core list");
        }
    }
    while (list.n > 0) {
        StrView one, tail;
        if (!split_at(list, ',', &one, &tail)) {
            one = list;
            tail = (StrView){"", 0};
        }
        parse_core(o, one, all_mhz);
        list = tail;
    }
}

static void parse_mts(Cursor *c) {
    /* "MTS fg 0% bg 0%" */
    c->i += 1;
    for (int k = 0; k < 2; k++) {
        StrView key = peek(c, 0);
        Val *dst = tok_is(key, "fg")   ? &c->out->mts_fg_pct
                   : tok_is(key, "bg") ? &c->out->mts_bg_pct
                                       : NULL;
        if (!dst || !ends_with(peek(c, 1), "%")) {
            return;
        }
        *dst = pct(c->out, peek(c, 1), "MTS");
        c->i += 2;
    }
}

/* "name@44.531C", "name@45.8C/46.1C" (JetPack 7), "CV0@-256C" (offline) */
static bool parse_temp(Cursor *c, StrView t) {
    StrView name, val, cur, max;
    if (!split_at(t, '@', &name, &val) || !is_ident(name) || !ends_with(val, "C")) {
        return false;
    }
    if (!split_at(val, '/', &cur, &max)) {
        cur = val;
        max = (StrView){"", 0};
    }
    TsLine *o = c->out;
    c->phase = PH_TEMPS;
    if (!ends_with(cur, "C") || (max.n && !ends_with(max, "C"))) {
        reject(o, "'%.*s' is not a temperature", (int)(t.n > 24 ? 24 : t.n), t.p);
        return true;
    }
    if (o->n_temps == TS_MAX_ITEMS) {
        o->n_dropped++;
        return true;
    }
    TsTemp z = {0};
    copy_name(z.name, name);
    bool offline = false, unused = false;
    if (!temp_mc(o, cut_suffix(cur, "C"), z.name, &z.temp_mc, &offline)) {
        return true;
    }
    z.offline = offline;
    if (max.n) {
        temp_mc(o, cut_suffix(max, "C"), z.name, &z.max_mc, &unused);
    }
    o->temps[o->n_temps++] = z;
    return true;
}

/* "123mW" or "123", all parts of one rail in the same form */
static Val milliwatts(TsLine *o, StrView t, bool mw, const char *what) {
    if (mw != ends_with(t, "mW")) {
        reject(o, "%s: '%.*s' mixes units", what, (int)(t.n > 24 ? 24 : t.n), t.p);
        return val_na();
    }
    return num(o, mw ? cut_suffix(t, "mW") : t, MAX_MW, what);
}

/* "cur/avg" or "cur/avg/max", with or without mW. False when t is not of that shape. */
static bool rail_value(TsLine *o, StrView name, StrView t, TsRail *r) {
    StrView a, rest, b, m;
    if (!split_at(t, '/', &a, &rest)) {
        return false;
    }
    bool three = split_at(rest, '/', &b, &m);
    if (!three) {
        b = rest;
    }
    char what[TS_NAME];
    copy_name(what, name);
    bool mw = ends_with(a, "mW");
    r->cur_mw = milliwatts(o, a, mw, what);
    r->avg_mw = milliwatts(o, b, mw, what);
    r->max_mw = three ? milliwatts(o, m, mw, what) : val_na();
    return true;
}

/* "off", "729", "@1600", "1%@115", "12%" */
static bool engine_value(TsLine *o, StrView name, StrView v, TsEngine *e) {
    if (tok_is(v, "off")) {
        e->off = true;
        return true;
    }
    if (v.n == 0 || !(isdigit((unsigned char)v.p[0]) || v.p[0] == '@')) {
        return false;
    }
    char what[TS_NAME];
    copy_name(what, name);
    if (all_digits(v)) {
        e->freq_mhz = num(o, v, MAX_MHZ, what); /* "VIC_FREQ 729": a clock alone */
        return true;
    }
    pct_at_freq(o, v, what, &e->load_pct, &e->freq_mhz, 1, NULL);
    return true;
}

static void add_rail(Cursor *c, StrView name, const TsRail *r) {
    TsLine *o = c->out;
    if (o->n_rails == TS_MAX_ITEMS) {
        o->n_dropped++;
        return;
    }
    o->rails[o->n_rails] = *r;
    copy_name(o->rails[o->n_rails++].name, name);
}

/* An upper-case name followed by a rail value (anywhere) or an engine value (before the
 * first temperature or rail only: after them a value without '/' is a damaged rail). */
static bool parse_named(Cursor *c, StrView name) {
    if (!is_upper_ident(name) || c->i + 1 >= c->n) {
        return false;
    }
    TsLine *o = c->out;
    StrView v = peek(c, 1);
    TsRail r = {0};
    if (rail_value(o, name, v, &r)) {
        add_rail(c, name, &r);
        c->phase = PH_RAILS;
        c->i += 2;
        return true;
    }
    TsEngine e = {0};
    if (c->phase == PH_HEAD && engine_value(o, name, v, &e)) {
        if (o->n_engines < TS_MAX_ITEMS) {
            copy_name(e.name, ends_with(name, "_FREQ") ? cut_suffix(name, "_FREQ") : name);
            o->engines[o->n_engines++] = e;
        } else {
            o->n_dropped++;
        }
        c->i += 2;
        return true;
    }
    return false;
}

static void keep_unknown(Cursor *c, StrView t) {
    TsLine *o = c->out;
    if (o->cut && c->i + 1 == c->n) {
        c->i++; /* the name whose value the cut took: nothing unknown about it */
        return;
    }
    if (o->n_unknown < TS_MAX_UNKNOWN) {
        copy_name(o->unknown[o->n_unknown], t);
    }
    o->n_unknown++;
    c->i++;
}

/* The fields before the first temperature: memory, CPU, EMC, GPU. */
static bool parse_head_token(Cursor *c, StrView t) {
    TsLine *o = c->out;
    if (c->phase != PH_HEAD || c->i + 1 >= c->n) {
        return false;
    }
    if (tok_is(t, "SWAP")) {
        parse_swap(c);
    } else if (tok_is(t, "IRAM")) {
        parse_iram(c);
    } else if ((tok_is(t, "CPU") || tok_is(t, "cpu")) && peek(c, 1).p[0] == '[') {
        parse_cpus(c);
    } else if (tok_is(t, "EMC_FREQ") || tok_is(t, "EMC")) {
        pct_at_freq(o, peek(c, 1), "EMC", &o->emc_pct, &o->emc_freq_mhz, 1, NULL);
        c->i += 2;
    } else if (tok_is(t, "GR3D_FREQ") || tok_is(t, "GR3D")) {
        pct_at_freq(o, peek(c, 1), "GR3D", &o->gr3d_pct, o->gr3d_freq_mhz, 4, &o->n_gpc);
        c->i += 2;
    } else if (tok_is(t, "GR3D2_FREQ")) {
        pct_at_freq(o, peek(c, 1), "GR3D2", &o->gr3d2_pct, &o->gr3d2_freq_mhz, 1, NULL);
        c->i += 2;
    } else if (tok_is(t, "MTS")) {
        parse_mts(c);
    } else {
        return false;
    }
    return true;
}

static void parse_token(Cursor *c) {
    StrView t = peek(c, 0);
    if (parse_head_token(c, t)) {
        return;
    }
    if (parse_temp(c, t)) {
        c->i++;
    } else if (!parse_named(c, t)) {
        keep_unknown(c, t);
    }
}

int tegrastats_parse(const char *line, size_t len, unsigned flags, TsLine *out) {
    memset(out, 0, sizeof *out);
    Cursor c = {.out = out};
    StrView l = parse_first_line(line, len);
    if (l.n == 0 || l.p[0] == '#') {
        return -ENODATA;
    }
    parse_words(l.p, l.n, c.tok, TS_MAX_TOKENS, &c.n);
    /* a cut line's last token may be incomplete: it counts only when a blank follows it */
    out->cut = flags & TS_CUT;
    if (out->cut && tegrastats_cut_len(line, len) < len) {
        StrView k = parse_first_line(line, tegrastats_cut_len(line, len));
        parse_words(k.p, k.n, c.tok, TS_MAX_TOKENS, &c.n);
    }
    parse_date(&c);
    if (!tok_is(peek(&c, 0), "RAM") || c.i + 1 >= c.n) {
        return -EINVAL;
    }
    parse_ram(&c);
    while (c.i < c.n) {
        parse_token(&c);
    }
    return 0;
}

size_t tegrastats_cut_len(const char *line, size_t len) {
    StrView l = parse_first_line(line, len);
    size_t end = (size_t)(l.p - line) + l.n; /* just after the last token */
    if (l.n == 0 || (end < len && isspace((unsigned char)line[end]))) {
        return len; /* ends in a blank: the last token is whole */
    }
    while (end > 0 && line[end - 1] != ' ' && line[end - 1] != '\t') {
        end--;
    }
    return end;
}

/* "MM-DD-YYYY HH:MM:SS RAM " or a "RAM " glued to the previous text. */
size_t tegrastats_restart(const char *line, size_t len) {
    for (size_t i = 1; i + 4 <= len; i++) {
        bool iram = i >= 2 && line[i - 1] == 'I' && line[i - 2] == ' ';
        if (memcmp(line + i, "RAM ", 4) != 0 || iram) {
            continue;
        }
        size_t start = i;
        if (i >= 20 && line[i - 10] == ' ' && line[i - 1] == ' ' &&
            date_shape((StrView){line + i - 20, 10}, (StrView){line + i - 9, 8})) {
            start = i - 20;
        }
        if (start > 0) {
            return start;
        }
    }
    return len;
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
static void out_degrees(Out *o, int64_t mc) {
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
    out_add(o, "%sC", num);
}

static bool is_pmic(const char *name) {
    return strncasecmp(name, "pmic", 4) == 0;
}

static void format_temps(Out *o, const Inventory *inv, const Sample *s) {
    for (int i = 0; i < inv->n_zones; i++) {
        const ZoneInfo *z = &inv->zones[i];
        if (!s->zone_mc[i].ok || z->hwmon) {
            continue;
        }
        /* tegrastats prints the PMIC placeholder in capitals; it is no sensor */
        out_add(o, " %s@", is_pmic(z->name) ? "PMIC" : z->name);
        out_degrees(o, s->zone_mc[i].v);
        if (s->zone_max_mc[i].ok) {
            out_add(o, "/");
            out_degrees(o, s->zone_max_mc[i].v);
        }
    }
}

static void format_time(Out *o, const Sample *s) {
    if (s->wall_ms <= 0) {
        return;
    }
    int64_t sec = s->wall_ms / MS_PER_S, y;
    int mo, d;
    timeunit_civil_from_days(sec / 86400, &y, &mo, &d);
    out_add(o, "%02d-%02d-%04lld %02d:%02d:%02d ", mo, d, (long long)y, (int)(sec / 3600 % 24),
            (int)(sec / 60 % 60), (int)(sec % 60));
}

/* "NxZMB" when Z is whole MB, else "NxZkB" */
static void format_lfb(Out *o, const MemSample *m) {
    if (!m->lfb_kib.ok || !m->lfb_blocks.ok) {
        return; /* tegrastats always prints a count: print nothing rather than invent one */
    }
    if (m->lfb_kib.v % 1024 == 0) {
        out_add(o, " (lfb %lldx%lldMB)", (long long)m->lfb_blocks.v,
                (long long)(m->lfb_kib.v / 1024));
    } else {
        out_add(o, " (lfb %lldx%lldkB)", (long long)m->lfb_blocks.v, (long long)m->lfb_kib.v);
    }
}

static void format_memory(Out *o, const MemSample *m) {
    if (m->used_kib.ok && m->total_kib.ok) {
        out_add(o, "RAM %lld/%lldMB", (long long)(m->used_kib.v / 1024),
                (long long)(m->total_kib.v / 1024));
        format_lfb(o, m);
    }
    if (m->swap_total_kib.ok && m->swap_free_kib.ok) {
        out_add(o, " SWAP %lld/%lldMB",
                (long long)((m->swap_total_kib.v - m->swap_free_kib.v) / 1024),
                (long long)(m->swap_total_kib.v / 1024));
        if (m->swap_cached_kib.ok) {
            out_add(o, " (cached %lldMB)", (long long)(m->swap_cached_kib.v / 1024));
        }
    }
    if (m->iram_used_kib.ok && m->iram_total_kib.ok) {
        out_add(o, " IRAM %lld/%lldkB", (long long)m->iram_used_kib.v,
                (long long)m->iram_total_kib.v);
        if (m->iram_lfb_kib.ok) {
            out_add(o, "(lfb %lldkB)", (long long)m->iram_lfb_kib.v);
        }
    }
}

static long long round10(int64_t tenths) {
    return (long long)((tenths + 5) / 10);
}

static void format_cpus(Out *o, const Inventory *inv, const Sample *s) {
    out_add(o, " CPU [");
    for (int i = 0; i < inv->cpu.n_cpus; i++) {
        const CoreSample *c = &s->cpu[i];
        const char *sep = i ? "," : "";
        long long load = round10(c->util_pct10.ok ? c->util_pct10.v : 0);
        if (c->online.ok && c->online.v == 0) {
            out_add(o, "%soff", sep);
        } else if (c->freq_khz.ok) {
            out_add(o, "%s%lld%%@%lld", sep, load, (long long)(c->freq_khz.v / 1000));
        } else {
            out_add(o, "%s%lld%%", sep, load);
        }
    }
    out_add(o, "]");
}

static void format_engines(Out *o, const Inventory *inv, const Sample *s) {
    for (int i = 0; i < inv->n_engines; i++) {
        const EngineSample *e = &s->engine[i];
        const char *name = inv->engines[i].name;
        if (e->on.ok && e->on.v && e->freq_hz.ok && e->load_pct10.ok) {
            out_add(o, " %s %lld%%@%lld", name, round10(e->load_pct10.v),
                    (long long)(e->freq_hz.v / 1000000));
        } else if (e->on.ok && e->on.v && e->freq_hz.ok) {
            out_add(o, " %s %lld", name, (long long)(e->freq_hz.v / 1000000));
        } else if (e->on.ok && !e->on.v) {
            out_add(o, " %s off", name);
        }
    }
}

static void format_clocks(Out *o, const Inventory *inv, const Sample *s) {
    if (s->emc.util_pct10.ok) {
        out_add(o, " EMC_FREQ %lld%%", round10(s->emc.util_pct10.v));
        if (s->emc.freq_hz.ok) {
            out_add(o, "@%lld", (long long)(s->emc.freq_hz.v / 1000000));
        }
    }
    if (inv->gpu.present && s->gpu.load_pm.ok) {
        out_add(o, " GR3D_FREQ %lld%%", round10(s->gpu.load_pm.v));
        if (s->gpu.freq_hz.ok) {
            out_add(o, "@[%lld]", (long long)(s->gpu.freq_hz.v / 1000000));
        }
    }
    if (s->gpu2_load_pm.ok) {
        out_add(o, " GR3D2_FREQ %lld%%", round10(s->gpu2_load_pm.v));
        if (s->gpu2_freq_hz.ok) {
            out_add(o, "@%lld", (long long)(s->gpu2_freq_hz.v / 1000000));
        }
    }
    format_engines(o, inv, s);
    if (s->mts_fg_pct10.ok && s->mts_bg_pct10.ok) {
        out_add(o, " MTS fg %lld%% bg %lld%%", round10(s->mts_fg_pct10.v),
                round10(s->mts_bg_pct10.v));
    }
}

static void format_rails(Out *o, const Inventory *inv, const Sample *s, const int64_t *avg_mw) {
    for (int i = 0; i < inv->n_rails; i++) {
        const RailSample *r = &s->rail[i];
        if (!r->mw.ok) {
            continue;
        }
        long long cur = (long long)r->mw.v;
        long long avg = r->avg_mw.ok ? (long long)r->avg_mw.v : avg_mw ? (long long)avg_mw[i] : cur;
        out_add(o, " %s %lldmW/%lldmW", inv->rails[i].label, cur, avg);
        if (r->max_mw.ok) {
            out_add(o, "/%lldmW", (long long)r->max_mw.v);
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
    format_temps(&o, inv, s);
    format_rails(&o, inv, s, avg_mw);
    return o.overflow ? -ERANGE : (int)o.len;
}

/* ---------------------------------------------------------------- conversion */

/* A rail that measures the whole module. VIN_SYS_5V0 is not one: on AGX Orin it is one of
 * three branches of the total (core/boardtotal.h). */
static bool is_input_rail(const char *name) {
    return strcmp(name, "VDD_IN") == 0 || strcmp(name, "POM_5V_IN") == 0;
}

/* The line's rails named in inv's total, summed; unknown when one is missing. */
static Val line_total_sum(const TsLine *t, const Inventory *inv) {
    int64_t sum = 0;
    for (int k = 0; k < inv->total.n; k++) {
        const char *label = inv->rails[inv->total.rail[k]].label;
        bool found = false;
        for (int i = 0; i < t->n_rails && !found; i++) {
            if (strcmp(t->rails[i].name, label) == 0 && t->rails[i].cur_mw.ok) {
                sum += t->rails[i].cur_mw.v;
                found = true;
            }
        }
        if (!found) {
            return val_na();
        }
    }
    return val_of(sum);
}

static bool total_is_named_sum(const Inventory *inv) {
    return inv && inv->total.kind == TOTAL_SUM && !inv->total.assumed && inv->total.n > 0;
}

/* "CPU" -> "cpu", "CV0" -> "cv0", "Tboard" -> "tboard" */
static void zone_short(char *dst, size_t n, const char *src) {
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++) {
        dst[i] = (char)tolower((unsigned char)src[i]);
    }
    dst[i] = '\0';
}

/* Index of the k-th (0-based) rail labelled label in inv, or -1: a board may print the
 * same label twice (AGX Orin's two "NC" channels), each its own rail. */
static int rail_index(const Inventory *inv, const char *label, int k) {
    for (int i = 0; i < inv->n_rails; i++) {
        if (strcmp(inv->rails[i].label, label) == 0 && k-- == 0) {
            return i;
        }
    }
    return -1;
}

/* How many rails before t->rails[i] in the line carry the same name. */
static int rail_occurrence(const TsLine *t, int i) {
    int k = 0;
    for (int j = 0; j < i; j++) {
        k += strcmp(t->rails[j].name, t->rails[i].name) == 0;
    }
    return k;
}

/* JetPack 5 prints "CPU@", JetPack 6 "cpu@": the same zone. */
static int zone_index(const Inventory *inv, const char *type) {
    for (int i = 0; i < inv->n_zones; i++) {
        if (strcasecmp(inv->zones[i].type, type) == 0) {
            return i;
        }
    }
    return -1;
}

static int engine_index(const Inventory *inv, const char *name) {
    for (int i = 0; i < inv->n_engines; i++) {
        if (strcmp(inv->engines[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

typedef struct {
    int n;
    char *what;
    size_t whatsz;
} Dropped;

static void drop(Dropped *d, const char *kind, const char *name) {
    if (d->n++ == 0 && d->what && d->whatsz) {
        snprintf(d->what, d->whatsz, "%s %s", kind, name);
    }
}

static void merge_rails(const TsLine *t, Inventory *inv, Dropped *d) {
    for (int i = 0; i < t->n_rails; i++) {
        if (rail_index(inv, t->rails[i].name, rail_occurrence(t, i)) >= 0) {
            continue;
        }
        if (inv->n_rails == JT_MAX_RAILS) {
            drop(d, "rail", t->rails[i].name);
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

static void merge_zones(const TsLine *t, Inventory *inv, Dropped *d) {
    for (int i = 0; i < t->n_temps; i++) {
        const char *name = t->temps[i].name;
        if (is_pmic(name) || zone_index(inv, name) >= 0) {
            continue; /* PMIC@100C is a fixed placeholder, not a sensor */
        }
        if (inv->n_zones == JT_MAX_ZONES) {
            drop(d, "zone", name);
            continue;
        }
        ZoneInfo *z = &inv->zones[inv->n_zones];
        snprintf(z->type, sizeof z->type, "%s", name);
        zone_short(z->name, sizeof z->name, name);
        z->index = inv->n_zones++;
    }
}

static void merge_engines(const TsLine *t, Inventory *inv, Dropped *d) {
    for (int i = 0; i < t->n_engines; i++) {
        if (engine_index(inv, t->engines[i].name) >= 0) {
            continue;
        }
        if (inv->n_engines == JT_MAX_ENGINES) {
            drop(d, "engine", t->engines[i].name);
            continue;
        }
        snprintf(inv->engines[inv->n_engines++].name, sizeof inv->engines[0].name, "%s",
                 t->engines[i].name);
    }
}

/* Which of the tegrastats-only columns this line has values for. */
static unsigned line_log_cols(const TsLine *t) {
    unsigned c = 0;
    for (int i = 0; i < t->n_rails; i++) {
        c |= (t->rails[i].avg_mw.ok ? LOGCOL_RAIL_AVG : 0) |
             (t->rails[i].max_mw.ok ? LOGCOL_RAIL_MAX : 0);
    }
    for (int i = 0; i < t->n_temps; i++) {
        c |= t->temps[i].max_mc.ok ? LOGCOL_ZONE_MAX : 0;
    }
    for (int i = 0; i < t->n_engines; i++) {
        c |= t->engines[i].load_pct.ok ? LOGCOL_ENG_LOAD : 0;
    }
    c |= t->iram_total_kb.ok ? LOGCOL_IRAM : 0;
    c |= t->mts_fg_pct.ok || t->mts_bg_pct.ok ? LOGCOL_MTS : 0;
    c |= t->gr3d2_pct.ok ? LOGCOL_GPU2 : 0;
    c |= t->lfb_blocks.ok ? LOGCOL_LFB_COUNT : 0;
    return c;
}

Val tegrastats_input_mw(const TsLine *t, const Inventory *inv) {
    int64_t sum = 0;
    bool any = false;
    for (int i = 0; i < t->n_rails; i++) {
        if (is_input_rail(t->rails[i].name) && t->rails[i].cur_mw.ok) {
            return t->rails[i].cur_mw;
        }
    }
    if (total_is_named_sum(inv)) {
        return line_total_sum(t, inv);
    }
    for (int i = 0; i < t->n_rails; i++) {
        sum += t->rails[i].cur_mw.ok ? t->rails[i].cur_mw.v : 0;
        any = any || t->rails[i].cur_mw.ok;
    }
    return any ? val_of(sum) : val_na();
}

Val tegrastats_hottest_mc(const TsLine *t) {
    Val best = val_na();
    for (int i = 0; i < t->n_temps; i++) {
        const TsTemp *z = &t->temps[i];
        if (z->temp_mc.ok && !is_pmic(z->name) && (!best.ok || z->temp_mc.v > best.v)) {
            best = z->temp_mc;
        }
    }
    return best;
}

int tegrastats_inventory_merge(const TsLine *t, Inventory *inv, char *what, size_t whatsz) {
    Dropped d = {0, what, whatsz};
    for (int i = inv->cpu.n_cpus; i < t->n_cpus && i < JT_MAX_CPUS; i++) {
        inv->cpu.policy_of[i] = -1;
        inv->cpu.cluster_of[i] = -1;
        inv->cpu.has_online[i] = true;
    }
    if (t->n_cpus > inv->cpu.n_cpus) {
        inv->cpu.n_cpus = t->n_cpus < JT_MAX_CPUS ? t->n_cpus : JT_MAX_CPUS;
    }
    for (int k = 0; k < t->n_dropped; k++) { /* more on one line than a TsLine holds */
        drop(&d, "field", "beyond one line's limit (16 cores; 24 zones, rails or engines)");
    }
    if (t->gr3d_pct.ok && !inv->gpu.present) {
        inv->gpu.present = true;
        snprintf(inv->gpu.name, sizeof inv->gpu.name, "GR3D");
    }
    inv->emc.present = inv->emc.present || t->emc_pct.ok;
    inv->log_cols |= line_log_cols(t);
    merge_rails(t, inv, &d);
    if (inv->input_rail < 0) {
        boardtotal_decide(inv); /* no input rail (AGX Orin): the board's own sum */
    }
    merge_zones(t, inv, &d);
    merge_engines(t, inv, &d);
    return d.n;
}

void tegrastats_inventory(const TsLine *t, Inventory *inv) {
    memset(inv, 0, sizeof *inv);
    inv->input_rail = -1;
    inv->nvp.default_id = -1;
    for (int i = 0; i < JT_MAX_CPUS; i++) {
        inv->cpu.policy_of[i] = -1;
        inv->cpu.cluster_of[i] = -1;
    }
    tegrastats_inventory_merge(t, inv, NULL, 0);
}

static Val times(Val v, int64_t k) {
    return v.ok ? val_of(v.v * k) : val_na(); /* values are range-checked: no overflow */
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
        if (!c->off) {
            s->cpu[i].freq_khz = times(c->freq_mhz, 1000);
        }
    }
    if (n > 0) {
        s->cpu_total_pct10 = val_of((sum + n / 2) / n); /* rounded, not truncated */
    }
}

static void sample_memory(const TsLine *t, Sample *s) {
    MemSample *m = &s->mem;
    if (t->ram_total_mb.ok) {
        m->total_kib = times(t->ram_total_mb, 1024);
        m->used_kib = times(t->ram_used_mb, 1024);
    }
    m->lfb_kib = t->lfb_block_kb;
    m->lfb_blocks = t->lfb_blocks;
    if (t->swap_total_mb.ok && t->swap_used_mb.ok) {
        m->swap_total_kib = times(t->swap_total_mb, 1024);
        m->swap_free_kib = val_of((t->swap_total_mb.v - t->swap_used_mb.v) * 1024);
    }
    m->swap_cached_kib = times(t->swap_cached_mb, 1024);
    m->iram_used_kib = t->iram_used_kb;
    m->iram_total_kib = t->iram_total_kb;
    m->iram_lfb_kib = t->iram_lfb_kb;
}

static void sample_rails(const TsLine *t, const Inventory *inv, Sample *s) {
    for (int k = 0; k < t->n_rails; k++) {
        int i = rail_index(inv, t->rails[k].name, rail_occurrence(t, k));
        if (i >= 0) {
            s->rail[i].mw = t->rails[k].cur_mw;
            s->rail[i].avg_mw = t->rails[k].avg_mw;
            s->rail[i].max_mw = t->rails[k].max_mw;
        }
    }
    bool line_has_input = false;
    for (int i = 0; i < inv->n_rails; i++) {
        line_has_input = line_has_input || (inv->rails[i].is_input && s->rail[i].mw.ok);
    }
    if (!line_has_input && total_is_named_sum(inv)) {
        s->input_mw = boardtotal_value(inv, s->rail);
        return;
    }
    int64_t sum = 0;
    bool any = false;
    for (int i = 0; i < inv->n_rails; i++) {
        bool input = inv->rails[i].is_input || i == inv->input_rail;
        if (input && s->rail[i].mw.ok) {
            s->input_mw = s->rail[i].mw; /* this line's input rail (a mixed log has several) */
            return;
        }
        if (s->rail[i].mw.ok) {
            sum += s->rail[i].mw.v;
            any = true;
        }
    }
    if (any) {
        s->input_mw = val_of(sum);
    }
}

static void sample_named(const TsLine *t, const Inventory *inv, Sample *s) {
    sample_rails(t, inv, s);
    for (int k = 0; k < t->n_temps; k++) {
        int i = zone_index(inv, t->temps[k].name);
        if (i >= 0) {
            s->zone_mc[i] = t->temps[k].temp_mc;
            s->zone_max_mc[i] = t->temps[k].max_mc;
        }
    }
    for (int k = 0; k < t->n_engines; k++) {
        int i = engine_index(inv, t->engines[k].name);
        if (i >= 0) {
            const TsEngine *e = &t->engines[k];
            s->engine[i].on = val_of(e->off ? 0 : 1);
            s->engine[i].freq_hz = times(e->freq_mhz, 1000000);
            s->engine[i].load_pct10 = times(e->load_pct, 10);
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
    s->emc.util_pct10 = times(t->emc_pct, 10);
    s->emc.freq_hz = times(t->emc_freq_mhz, 1000000);
    s->gpu.load_pm = times(t->gr3d_pct, 10);
    if (t->n_gpc > 0) {
        s->gpu.freq_hz = times(t->gr3d_freq_mhz[0], 1000000);
    }
    s->gpu2_load_pm = times(t->gr3d2_pct, 10);
    s->gpu2_freq_hz = times(t->gr3d2_freq_mhz, 1000000);
    s->mts_fg_pct10 = times(t->mts_fg_pct, 10);
    s->mts_bg_pct10 = times(t->mts_bg_pct, 10);
    sample_named(t, inv, s);
}
