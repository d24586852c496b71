/* SPDX-License-Identifier: MIT */
/* logmeta: the self-description of a log as encoded key/value pairs, both directions. */
#include "jtune/core/logmeta.h"

#include "jtune/core/boardtotal.h"
#include "jtune/core/parse.h"
#include "jtune/core/schema.h"
#include "jtune/core/timeunit.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ encoding */

typedef struct {
    char *p;
    size_t cap;
    size_t len;
    bool full;
} Out;

static void put(Out *o, const char *s, size_t n) {
    if (o->full || o->len + n >= o->cap) {
        o->full = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void put_i64(Out *o, int64_t v) {
    char b[24];
    int n = snprintf(b, sizeof b, "%lld", (long long)v);
    put(o, b, (size_t)n);
}

/* Percent-encode s; list items also encode the separators ',' and '='. */
static void put_enc(Out *o, const char *s, bool item) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        bool esc = *c < 0x20 || *c >= 0x7f || *c == '%' || *c == '"' || *c == '\\' ||
                   (item && (*c == ',' || *c == '='));
        if (esc) {
            char e[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            put(o, e, 3);
        } else {
            put(o, (const char *)c, 1);
        }
    }
}

/* Decode s[0..n) into out (NUL-terminated). -EINVAL for a bad escape or no room. */
static int dec(const char *s, size_t n, char *out, size_t outsz) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (n - i < 3 || parse_hex_digit(s[i + 1]) < 0 || parse_hex_digit(s[i + 2]) < 0) {
                return -EINVAL;
            }
            c = (char)(parse_hex_digit(s[i + 1]) * 16 + parse_hex_digit(s[i + 2]));
            i += 2;
        }
        if (o + 1 >= outsz) {
            return -EINVAL;
        }
        out[o++] = c;
    }
    if (outsz == 0) {
        return -EINVAL;
    }
    out[o] = '\0';
    return 0;
}

/* Split an encoded list into items: calls fn(user, index, item, len) per item. */
typedef int (*ItemFn)(LogMeta *m, int idx, const char *s, size_t n);

static int each_item(LogMeta *m, const char *s, size_t n, int max, ItemFn fn, int *count) {
    int idx = 0;
    size_t start = 0;
    if (n == 0) {
        *count = 0;
        return 0;
    }
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') {
            continue;
        }
        if (idx >= max) {
            return -EINVAL;
        }
        int rc = fn(m, idx, s + start, i - start);
        if (rc) {
            return rc;
        }
        idx++;
        start = i + 1;
    }
    *count = idx;
    return 0;
}

/* Split an encoded "a=b" item and decode both halves. */
static int dec_pair(const char *s, size_t n, char *a, size_t asz, char *b, size_t bsz) {
    const char *eq = memchr(s, '=', n);
    if (!eq) {
        return -EINVAL;
    }
    size_t an = (size_t)(eq - s);
    int rc = dec(s, an, a, asz);
    return rc ? rc : dec(eq + 1, n - an - 1, b, bsz);
}

static int dec_int(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out) {
    char buf[32];
    int64_t v;
    if (dec(s, n, buf, sizeof buf) || parse_i64(buf, strlen(buf), &v) || v < lo || v > hi) {
        return -EINVAL;
    }
    *out = v;
    return 0;
}

/* ------------------------------------------------------------------ time */

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int logmeta_format_time(int64_t wall_ms, char *out, size_t outsz) {
    int64_t days = floor_div(wall_ms, 86400000);
    int64_t ms_of_day = wall_ms - days * 86400000;
    int64_t y;
    int mo, d;
    timeunit_civil_from_days(days, &y, &mo, &d);
    int n = snprintf(out, outsz, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, mo, d,
                     (int)(ms_of_day / 3600000), (int)(ms_of_day / 60000 % 60),
                     (int)(ms_of_day / 1000 % 60), (int)(ms_of_day % 1000));
    return n < 0 || (size_t)n >= outsz ? -ENOSPC : n;
}

/* Read exactly n digits at s into *v. */
static bool digits(const char *s, size_t n, int *v) {
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        r = r * 10 + (s[i] - '0');
    }
    *v = r;
    return true;
}

int logmeta_parse_time(const char *s, size_t len, int64_t *wall_ms) {
    int y, mo, d, h, mi, se, ms = 0;
    if (len < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se)) {
        return -EINVAL;
    }
    size_t i = 19;
    if (s[i] == '.') {
        size_t f = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (i - f < 3) {
                ms = ms * 10 + (s[i] - '0');
            }
            i++;
        }
        if (i == f) {
            return -EINVAL;
        }
        for (size_t k = i - f; k < 3; k++) {
            ms *= 10;
        }
    }
    if (i + 1 != len || s[i] != 'Z' || !timeunit_date_valid(y, mo, d) || h > 23 || mi > 59 ||
        se > 60) {
        return -EINVAL;
    }
    int64_t days = timeunit_days_from_civil(y, mo, d);
    *wall_ms = ((days * 24 + h) * 60 + mi) * 60000 + (int64_t)se * 1000 + ms;
    return 0;
}

/* ------------------------------------------------------------------ list keys */

static void fmt_start(const LogMeta *m, Out *o) {
    char b[40];
    int n = logmeta_format_time(m->start_wall_ms, b, sizeof b);
    if (n > 0) {
        put(o, b, (size_t)n);
    }
}

static int parse_start(LogMeta *m, const char *s, size_t n) {
    return logmeta_parse_time(s, n, &m->start_wall_ms);
}

static void fmt_policies(const LogMeta *m, Out *o) {
    for (int p = 0; p < m->inv.cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        const PolicyInfo *pi = &m->inv.cpu.policies[p];
        char list[96];
        if (format_cpulist(pi->cpus, list, sizeof list) < 0) {
            list[0] = '\0';
        }
        if (p) {
            put(o, ",", 1);
        }
        put_i64(o, pi->first_cpu);
        put(o, "=", 1);
        put_enc(o, list, true);
    }
}

static int policy_item(LogMeta *m, int idx, const char *s, size_t n) {
    char a[16], b[96];
    int64_t first;
    PolicyInfo *pi = &m->inv.cpu.policies[idx];
    if (dec_pair(s, n, a, sizeof a, b, sizeof b) ||
        dec_int(a, strlen(a), 0, JT_MAX_CPUS - 1, &first) ||
        parse_cpulist(b, strlen(b), &pi->cpus)) {
        return -EINVAL;
    }
    pi->first_cpu = (int)first;
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        if (pi->cpus & (1ull << c)) {
            m->inv.cpu.policy_of[c] = idx;
        }
    }
    return 0;
}

static int parse_policies(LogMeta *m, const char *s, size_t n) {
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        m->inv.cpu.policy_of[c] = -1;
    }
    return each_item(m, s, n, JT_MAX_POLICIES, policy_item, &m->inv.cpu.n_policies);
}

static void fmt_gpu(const LogMeta *m, Out *o) {
    if (m->inv.gpu.present) {
        put_enc(o, m->inv.gpu.name[0] ? m->inv.gpu.name : "gpu", false);
    }
}

static int parse_gpu(LogMeta *m, const char *s, size_t n) {
    int rc = dec(s, n, m->inv.gpu.name, sizeof m->inv.gpu.name);
    m->inv.gpu.present = rc == 0 && n > 0;
    return rc;
}

static void fmt_engines(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.n_engines && i < JT_MAX_ENGINES; i++) {
        put(o, ",", i ? 1 : 0);
        put_enc(o, m->inv.engines[i].name, true);
    }
}

static int engine_item(LogMeta *m, int idx, const char *s, size_t n) {
    return dec(s, n, m->inv.engines[idx].name, sizeof m->inv.engines[idx].name);
}

static int parse_engines(LogMeta *m, const char *s, size_t n) {
    return each_item(m, s, n, JT_MAX_ENGINES, engine_item, &m->inv.n_engines);
}

/* A log without "board_total" (older writers): the input rail, else every rail summed. */
static void mark_input(LogMeta *m) {
    Inventory *inv = &m->inv;
    memset(&inv->total, 0, sizeof inv->total);
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        inv->rails[i].is_input = i == inv->input_rail;
    }
    if (inv->input_rail >= 0 && inv->input_rail < inv->n_rails) {
        inv->total = (BoardTotal){.kind = TOTAL_INPUT, .n = 1, .rail = {inv->input_rail}};
    } else if (inv->n_rails > 0) {
        inv->total = (BoardTotal){.kind = TOTAL_SUM, .n = inv->n_rails, .assumed = true};
        for (int i = 0; i < inv->n_rails; i++) {
            inv->total.rail[i] = i;
        }
    }
}

static void fmt_rails(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.n_rails && i < JT_MAX_RAILS; i++) {
        put(o, ",", i ? 1 : 0);
        put_enc(o, m->inv.rails[i].label, true);
    }
}

static int rail_item(LogMeta *m, int idx, const char *s, size_t n) {
    return dec(s, n, m->inv.rails[idx].label, sizeof m->inv.rails[idx].label);
}

static int parse_rails(LogMeta *m, const char *s, size_t n) {
    int rc = each_item(m, s, n, JT_MAX_RAILS, rail_item, &m->inv.n_rails);
    mark_input(m);
    return rc;
}

static int parse_input_rail(LogMeta *m, const char *s, size_t n) {
    int64_t v;
    if (dec_int(s, n, -1, JT_MAX_RAILS - 1, &v)) {
        return -EINVAL;
    }
    m->inv.input_rail = (int)v;
    mark_input(m);
    return 0;
}

static void fmt_input_rail(const LogMeta *m, Out *o) {
    put_i64(o, m->inv.input_rail);
}

static int parse_board_total(LogMeta *m, const char *s, size_t n) {
    char buf[JT_MAX_RAILS * (JT_NAME + 1) + 8];
    if (dec(s, n, buf, sizeof buf)) {
        return -EINVAL;
    }
    return boardtotal_parse(&m->inv, buf);
}

static void fmt_board_total(const LogMeta *m, Out *o) {
    char buf[JT_MAX_RAILS * (JT_NAME + 1) + 8];
    put_enc(o, boardtotal_format(&m->inv, buf, sizeof buf), false);
}

static void fmt_zones(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.n_zones && i < JT_MAX_ZONES; i++) {
        put(o, ",", i ? 1 : 0);
        put_enc(o, m->inv.zones[i].name, true);
        put(o, "=", 1);
        put_enc(o, m->inv.zones[i].type, true);
    }
}

static int zone_item(LogMeta *m, int idx, const char *s, size_t n) {
    ZoneInfo *z = &m->inv.zones[idx];
    z->index = -1;
    int rc = dec_pair(s, n, z->name, sizeof z->name, z->type, sizeof z->type);
    z->fixed = rc == 0 && zone_type_fixed(z->type);
    return rc;
}

static int parse_zones(LogMeta *m, const char *s, size_t n) {
    return each_item(m, s, n, JT_MAX_ZONES, zone_item, &m->inv.n_zones);
}

static void fmt_idle(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.idle.n_states && i < JT_MAX_IDLE; i++) {
        put(o, ",", i ? 1 : 0);
        put_enc(o, m->inv.idle.states[i].name, true);
    }
}

static int idle_item(LogMeta *m, int idx, const char *s, size_t n) {
    IdleStateInfo *st = &m->inv.idle.states[idx];
    return dec(s, n, st->name, sizeof st->name);
}

static int parse_idle(LogMeta *m, const char *s, size_t n) {
    return each_item(m, s, n, JT_MAX_IDLE, idle_item, &m->inv.idle.n_states);
}

static const char *const fan_kinds[] = {"none", "hwmon", "legacy"};

static void fmt_fan(const LogMeta *m, Out *o) {
    unsigned k = (unsigned)m->inv.fan.kind;
    put_enc(o, k < 3 ? fan_kinds[k] : "none", false);
}

static int parse_fan(LogMeta *m, const char *s, size_t n) {
    for (int k = 0; k < 3; k++) {
        if (strlen(fan_kinds[k]) == n && memcmp(fan_kinds[k], s, n) == 0) {
            m->inv.fan.kind = (FanKind)k;
            return 0;
        }
    }
    return -EINVAL;
}

static void fmt_radios(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.n_radios && i < JT_MAX_RADIOS; i++) {
        put(o, ",", i ? 1 : 0);
        put_enc(o, m->inv.radios[i].type, true);
        put(o, "=", 1);
        put_enc(o, m->inv.radios[i].name, true);
    }
}

static int radio_item(LogMeta *m, int idx, const char *s, size_t n) {
    RadioInfo *r = &m->inv.radios[idx];
    r->index = idx;
    return dec_pair(s, n, r->type, sizeof r->type, r->name, sizeof r->name);
}

static int parse_radios(LogMeta *m, const char *s, size_t n) {
    return each_item(m, s, n, JT_MAX_RADIOS, radio_item, &m->inv.n_radios);
}

static void fmt_modes(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.nvp.n_modes && i < JT_MAX_MODES; i++) {
        put(o, ",", i ? 1 : 0);
        put_i64(o, m->inv.nvp.modes[i].id);
        put(o, "=", 1);
        put_enc(o, m->inv.nvp.modes[i].name, true);
    }
}

static int mode_item(LogMeta *m, int idx, const char *s, size_t n) {
    char a[16];
    int64_t id;
    NvpModeInfo *md = &m->inv.nvp.modes[idx];
    if (dec_pair(s, n, a, sizeof a, md->name, sizeof md->name) ||
        dec_int(a, strlen(a), 0, 1000000, &id)) {
        return -EINVAL;
    }
    md->id = (int)id;
    return 0;
}

static int parse_modes(LogMeta *m, const char *s, size_t n) {
    int rc = each_item(m, s, n, JT_MAX_MODES, mode_item, &m->inv.nvp.n_modes);
    m->inv.nvp.present = rc == 0 && m->inv.nvp.n_modes > 0;
    return rc;
}

/* Inventory.log_cols as names ("rail_avg,zone_max"); unknown names are skipped, so a newer
 * writer's columns do not fail an older reader. */
/* A list of words, each of at most wsz-1 bytes, joined with single spaces. */
static void put_words(Out *o, const char *words, size_t wsz, int n, bool item) {
    char joined[JT_MAX_GOVS * 25];
    size_t len = 0;
    joined[0] = '\0';
    for (int i = 0; i < n; i++) {
        int w = snprintf(joined + len, sizeof joined - len, "%s%s", i ? " " : "",
                         words + (size_t)i * wsz);
        if (w < 0 || (size_t)w >= sizeof joined - len) {
            break;
        }
        len += (size_t)w;
    }
    put_enc(o, joined, item);
}

/* Split decoded text at spaces into up to max words of wsz bytes. Returns the count or
 * -EINVAL (too many words, or one too long). */
static int split_words(const char *text, char *words, size_t wsz, int max) {
    int n = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ') {
            p++;
        }
        size_t len = strcspn(p, " ");
        if (len == 0) {
            break;
        }
        if (n >= max || len >= wsz) {
            return -EINVAL;
        }
        memcpy(words + (size_t)n * wsz, p, len);
        words[(size_t)n * wsz + len] = '\0';
        n++;
        p += len;
    }
    return n;
}

static void fmt_governors(const LogMeta *m, Out *o) {
    for (int p = 0; p < m->inv.cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        const PolicyInfo *pi = &m->inv.cpu.policies[p];
        put(o, ",", p ? 1 : 0);
        put_i64(o, pi->first_cpu);
        put(o, "=", 1);
        put_words(o, pi->govs[0], sizeof pi->govs[0], pi->n_govs, true);
    }
}

/* "FIRST=gov gov ..." for the policy whose first cpu is FIRST (others are skipped). */
static int governor_item(LogMeta *m, int idx, const char *s, size_t n) {
    (void)idx;
    char a[16], b[JT_MAX_GOVS * 25];
    int64_t first;
    if (dec_pair(s, n, a, sizeof a, b, sizeof b) ||
        dec_int(a, strlen(a), 0, JT_MAX_CPUS - 1, &first)) {
        return -EINVAL;
    }
    for (int p = 0; p < m->inv.cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        PolicyInfo *pi = &m->inv.cpu.policies[p];
        if (pi->first_cpu == first) {
            int k = split_words(b, pi->govs[0], sizeof pi->govs[0], JT_MAX_GOVS);
            pi->n_govs = k < 0 ? 0 : k;
            return k < 0 ? k : 0;
        }
    }
    return 0;
}

static int parse_governors(LogMeta *m, const char *s, size_t n) {
    int count;
    return each_item(m, s, n, JT_MAX_POLICIES, governor_item, &count);
}

static void fmt_gpu_governors(const LogMeta *m, Out *o) {
    const GpuInfo *g = &m->inv.gpu;
    put_words(o, g->govs[0], sizeof g->govs[0], g->n_govs, false);
}

static int parse_gpu_governors(LogMeta *m, const char *s, size_t n) {
    char b[JT_MAX_GOVS * 25];
    GpuInfo *g = &m->inv.gpu;
    if (dec(s, n, b, sizeof b)) {
        return -EINVAL;
    }
    int k = split_words(b, g->govs[0], sizeof g->govs[0], JT_MAX_GOVS);
    g->n_govs = k < 0 ? 0 : k;
    return k < 0 ? k : 0;
}

/* Trips of zone i, in zone order: "TYPE:TEMP_MC:HYST_MC:ALERT_ONLY ..." (n/a values empty). */
static void fmt_trips(const LogMeta *m, Out *o) {
    for (int i = 0; i < m->inv.n_zones && i < JT_MAX_ZONES; i++) {
        const ZoneInfo *z = &m->inv.zones[i];
        char text[JT_MAX_TRIPS * 64];
        size_t len = 0;
        text[0] = '\0';
        for (int t = 0; t < z->n_trips && t < JT_MAX_TRIPS; t++) {
            const TripInfo *tr = &z->trips[t];
            char temp[24] = "", hyst[24] = "";
            if (tr->temp_mc.ok) {
                snprintf(temp, sizeof temp, "%lld", (long long)tr->temp_mc.v);
            }
            if (tr->hyst_mc.ok) {
                snprintf(hyst, sizeof hyst, "%lld", (long long)tr->hyst_mc.v);
            }
            int w = snprintf(text + len, sizeof text - len, "%s%s:%s:%s:%d", t ? " " : "", tr->type,
                             temp, hyst, tr->alert_only ? 1 : 0);
            if (w < 0 || (size_t)w >= sizeof text - len) {
                break;
            }
            len += (size_t)w;
        }
        put(o, ",", i ? 1 : 0);
        put_enc(o, text, true);
    }
}

/* One field of a trip: an integer or empty (n/a). */
static int trip_val(const char *s, size_t n, Val *v) {
    int64_t x;
    if (n == 0) {
        *v = val_na();
        return 0;
    }
    if (dec_int(s, n, INT32_MIN, INT32_MAX, &x)) {
        return -EINVAL;
    }
    *v = val_of(x);
    return 0;
}

static int trip_parse(const char *w, TripInfo *tr) {
    const char *f[4];
    size_t len[4];
    const char *p = w;
    for (int k = 0; k < 4; k++) {
        f[k] = p;
        len[k] = strcspn(p, ":");
        p += len[k];
        if (k < 3 && *p++ != ':') {
            return -EINVAL;
        }
    }
    if (*p || len[0] == 0 || len[0] >= sizeof tr->type || len[3] != 1 ||
        (f[3][0] != '0' && f[3][0] != '1')) {
        return -EINVAL;
    }
    memcpy(tr->type, f[0], len[0]);
    tr->type[len[0]] = '\0';
    tr->alert_only = f[3][0] == '1';
    return trip_val(f[1], len[1], &tr->temp_mc) || trip_val(f[2], len[2], &tr->hyst_mc) ? -EINVAL
                                                                                        : 0;
}

static int trips_item(LogMeta *m, int idx, const char *s, size_t n) {
    char text[JT_MAX_TRIPS * 64], words[JT_MAX_TRIPS][64];
    if (dec(s, n, text, sizeof text)) {
        return -EINVAL;
    }
    int k = split_words(text, words[0], sizeof words[0], JT_MAX_TRIPS);
    if (k < 0) {
        return k;
    }
    ZoneInfo *z = &m->inv.zones[idx];
    for (int t = 0; t < k; t++) {
        if (trip_parse(words[t], &z->trips[t])) {
            return -EINVAL;
        }
    }
    z->n_trips = k;
    return 0;
}

static int parse_trips(LogMeta *m, const char *s, size_t n) {
    int count;
    return each_item(m, s, n, JT_MAX_ZONES, trips_item, &count);
}

static const char *const log_col_names[] = {"rail_avg", "rail_max", "zone_max", "iram",
                                            "mts",      "gpu2",     "eng_load", "lfb_count"};

static void fmt_log_cols(const LogMeta *m, Out *o) {
    bool first = true;
    for (unsigned i = 0; i < sizeof log_col_names / sizeof log_col_names[0]; i++) {
        if (m->inv.log_cols & (1u << i)) {
            if (!first) {
                put(o, ",", 1);
            }
            put_enc(o, log_col_names[i], true);
            first = false;
        }
    }
}

static int parse_log_cols(LogMeta *m, const char *s, size_t n) {
    m->inv.log_cols = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') {
            continue;
        }
        for (unsigned k = 0; k < sizeof log_col_names / sizeof log_col_names[0]; k++) {
            if (strlen(log_col_names[k]) == i - start &&
                memcmp(log_col_names[k], s + start, i - start) == 0) {
                m->inv.log_cols |= 1u << k;
            }
        }
        start = i + 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ key table */

typedef enum { K_STR, K_INT, K_BOOL, K_CUSTOM } KeyType;

typedef struct {
    const char *key;
    KeyType type;
    size_t off;     /* field in LogMeta (K_STR, K_INT, K_BOOL) */
    size_t size;    /* K_STR buffer size */
    int64_t lo, hi; /* K_INT range */
    void (*fmt)(const LogMeta *m, Out *o);
    int (*parse)(LogMeta *m, const char *s, size_t n);
} MetaKey;

#define KSTR(k, member)                                                                            \
    { k, K_STR, offsetof(LogMeta, member), sizeof(((LogMeta *)0)->member), 0, 0, NULL, NULL }
#define KINT(k, member, lo, hi)                                                                    \
    { k, K_INT, offsetof(LogMeta, member), 0, lo, hi, NULL, NULL }
#define KBOOL(k, member)                                                                           \
    { k, K_BOOL, offsetof(LogMeta, member), 0, 0, 1, NULL, NULL }
#define KFN(k, f, p)                                                                               \
    { k, K_CUSTOM, 0, 0, 0, 0, f, p }

static const MetaKey keys[] = {
    KSTR("jtune", version),
    KINT("schema", schema_version, 0, 1000000),
    KFN("start", fmt_start, parse_start),
    KINT("interval_ms", interval_ms, 0, 86400000),
    KBOOL("rails_only", rails_only),
    KBOOL("batch", batch),
    KSTR("model", inv.id.model),
    KSTR("compatible", inv.id.compatible),
    KSTR("module", inv.id.module),
    KSTR("soc", inv.id.soc),
    KSTR("l4t", inv.id.l4t),
    KSTR("jetpack", inv.id.jetpack),
    KSTR("kernel", inv.id.kernel),
    KBOOL("super", inv.id.super),
    KINT("cpus", inv.cpu.n_cpus, 0, JT_MAX_CPUS),
    KFN("policies", fmt_policies, parse_policies),
    KFN("governors", fmt_governors, parse_governors),
    KFN("gpu", fmt_gpu, parse_gpu),
    KFN("gpu_governors", fmt_gpu_governors, parse_gpu_governors),
    KBOOL("emc", inv.emc.present),
    KFN("engines", fmt_engines, parse_engines),
    KFN("rails", fmt_rails, parse_rails),
    KFN("input_rail", fmt_input_rail, parse_input_rail),
    KFN("board_total", fmt_board_total, parse_board_total),
    KFN("zones", fmt_zones, parse_zones),
    KFN("trips", fmt_trips, parse_trips),
    KFN("idle_states", fmt_idle, parse_idle),
    KFN("fan", fmt_fan, parse_fan),
    KFN("radios", fmt_radios, parse_radios),
    KFN("nvp_modes", fmt_modes, parse_modes),
    KINT("nvp_default", inv.nvp.default_id, -1, 1000000),
    KFN("log_cols", fmt_log_cols, parse_log_cols),
};

#define N_KEYS ((int)(sizeof keys / sizeof keys[0]))

int logmeta_count(void) {
    return N_KEYS;
}

const char *logmeta_key(int i) {
    return i >= 0 && i < N_KEYS ? keys[i].key : "";
}

bool logmeta_is_number(int i) {
    if (i < 0 || i >= N_KEYS) {
        return false;
    }
    return keys[i].type == K_INT || keys[i].type == K_BOOL || keys[i].fmt == fmt_input_rail;
}

int logmeta_format(const LogMeta *m, int i, char *out, size_t outsz) {
    if (i < 0 || i >= N_KEYS || outsz == 0) {
        return -ENOSPC;
    }
    Out o = {out, outsz, 0, false};
    out[0] = '\0';
    const MetaKey *k = &keys[i];
    const char *field = (const char *)m + k->off;
    switch (k->type) {
    case K_STR: put_enc(&o, field, false); break;
    case K_INT: put_i64(&o, *(const int *)(const void *)field); break;
    case K_BOOL: put_i64(&o, *(const bool *)(const void *)field ? 1 : 0); break;
    case K_CUSTOM: k->fmt(m, &o); break;
    }
    return o.full ? -ENOSPC : (int)o.len;
}

int logmeta_parse(LogMeta *m, const char *key, const char *val, size_t len) {
    for (int i = 0; i < N_KEYS; i++) {
        const MetaKey *k = &keys[i];
        if (strcmp(k->key, key) != 0) {
            continue;
        }
        char *field = (char *)m + k->off;
        int64_t v;
        switch (k->type) {
        case K_STR: return dec(val, len, field, k->size);
        case K_INT:
        case K_BOOL:
            if (dec_int(val, len, k->lo, k->hi, &v)) {
                return -EINVAL;
            }
            if (k->type == K_INT) {
                *(int *)(void *)field = (int)v;
            } else {
                *(bool *)(void *)field = v != 0;
            }
            return 0;
        case K_CUSTOM: return k->parse(m, val, len);
        }
    }
    return -ENOENT;
}

void logmeta_init(LogMeta *m, const Inventory *inv, const char *version, int interval_ms,
                  int64_t start_wall_ms, bool rails_only) {
    logmeta_reset(m);
    if (inv) {
        m->inv = *inv;
    }
    snprintf(m->version, sizeof m->version, "%s", version);
    m->schema_version = SCHEMA_VERSION;
    m->interval_ms = interval_ms;
    m->start_wall_ms = start_wall_ms;
    m->rails_only = rails_only;
}

void logmeta_reset(LogMeta *m) {
    memset(m, 0, sizeof *m);
    m->inv.input_rail = -1;
    m->inv.nvp.default_id = -1;
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        m->inv.cpu.policy_of[c] = -1;
        m->inv.cpu.cluster_of[c] = -1;
    }
}
