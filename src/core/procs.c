/* SPDX-License-Identifier: MIT */
/* procs: parsers for the per-process and interrupt files, ordering, the Sample's top lists. */
#include "jtune/core/procs.h"

#include "jtune/core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ stat, status, schedstat */

static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

/* The next blank-separated word of s[*i..n) into w. false at the end. */
static bool next_word(const char *s, size_t n, size_t *i, StrView *w) {
    while (*i < n && is_blank(s[*i])) {
        (*i)++;
    }
    if (*i >= n) {
        return false;
    }
    size_t start = *i;
    while (*i < n && !is_blank(s[*i])) {
        (*i)++;
    }
    *w = (StrView){s + start, *i - start};
    return true;
}

static void copy_cut(const char *src, size_t len, char *out, size_t outsz) {
    size_t k = len < outsz - 1 ? len : outsz - 1;
    memcpy(out, src, k);
    out[k] = '\0';
}

int procs_parse_stat(const char *s, size_t n, ProcStat *out) {
    const char *open = memchr(s, '(', n);
    const char *close = NULL;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == ')') {
            close = s + i - 1;
            break;
        }
    }
    int64_t pid;
    if (!open || !close || close < open || parse_i64(s, (size_t)(open - s), &pid) || pid < 0 ||
        pid > INT32_MAX) {
        return -EINVAL;
    }
    ProcStat st = {.pid = (int32_t)pid};
    copy_cut(open + 1, (size_t)(close - open - 1), st.comm, sizeof st.comm);
    size_t i = (size_t)(close - s) + 1;
    StrView w;
    /* fields after the comm: index 0 is field 3 (state); utime 14, stime 15, num_threads 20,
     * rss 24 */
    for (int k = 0; k <= 21; k++) {
        if (!next_word(s, n, &i, &w)) {
            return -EINVAL;
        }
        int rc = 0;
        if (k == 0) {
            st.state = (char)(w.n == 1 ? w.p[0] : '?');
        } else if (k == 11) {
            rc = parse_u64(w.p, w.n, &st.utime_ticks);
        } else if (k == 12) {
            rc = parse_u64(w.p, w.n, &st.stime_ticks);
        } else if (k == 17) {
            rc = parse_i64(w.p, w.n, &st.threads);
        } else if (k == 21) {
            rc = parse_i64(w.p, w.n, &st.rss_pages);
        }
        if (rc) {
            return -EINVAL;
        }
    }
    *out = st;
    return 0;
}

/* The value after "Key:" on a status line, trimmed. */
static StrView status_value(const char *line, size_t n, size_t klen) {
    return parse_first_line(line + klen + 1, n - klen - 1);
}

static bool status_key(const char *line, size_t n, const char *key, size_t klen) {
    return n > klen && line[klen] == ':' && memcmp(line, key, klen) == 0;
}

/* One line of a status file into st (the keys jtune uses; the rest is skipped). */
static void status_line(const char *l, size_t n, ProcStatus *st, int *seen) {
    StrView v;
    int64_t x;
    if (status_key(l, n, "Name", 4)) {
        v = status_value(l, n, 4);
        copy_cut(v.p, v.n, st->name, sizeof st->name);
        *seen |= 1;
    } else if (status_key(l, n, "State", 5)) {
        v = status_value(l, n, 5);
        st->state = (char)(v.n ? v.p[0] : '?');
        *seen |= 2;
    } else if (status_key(l, n, "VmRSS", 5)) {
        v = status_value(l, n, 5);
        size_t i = 0;
        StrView w;
        st->has_rss = next_word(v.p, v.n, &i, &w) && parse_i64(w.p, w.n, &st->rss_kib) == 0;
    } else if (status_key(l, n, "Threads", 7)) {
        v = status_value(l, n, 7);
        st->threads = parse_i64(v.p, v.n, &x) == 0 && x > 0 ? x : 0;
    } else if (status_key(l, n, "voluntary_ctxt_switches", 23)) {
        v = status_value(l, n, 23);
        if (parse_i64(v.p, v.n, &x) == 0 && x >= 0) {
            st->vol_ctxt = (uint64_t)x;
            *seen |= 4;
        }
    } else if (status_key(l, n, "nonvoluntary_ctxt_switches", 26)) {
        v = status_value(l, n, 26);
        if (parse_i64(v.p, v.n, &x) == 0 && x >= 0) {
            st->nonvol_ctxt = (uint64_t)x;
            *seen |= 8;
        }
    }
}

int procs_parse_status(const char *s, size_t n, ProcStatus *out) {
    ProcStatus st;
    memset(&st, 0, sizeof st);
    st.state = '?';
    int seen = 0;
    for (size_t a = 0; a < n;) { /* one pass: the file is read for every process */
        const char *nl = memchr(s + a, '\n', n - a);
        size_t len = nl ? (size_t)(nl - (s + a)) : n - a;
        status_line(s + a, len, &st, &seen);
        a += len + 1;
    }
    if (!(seen & 3)) {
        return -EINVAL;
    }
    st.has_ctxt = (seen & 12) == 12;
    *out = st;
    return 0;
}

int procs_parse_schedstat(const char *s, size_t n, ProcSched *out) {
    StrView w[3];
    size_t k = 0;
    if (parse_words(s, n, w, 3, &k) || k != 3) {
        return -EINVAL;
    }
    ProcSched st;
    if (parse_u64(w[0].p, w[0].n, &st.run_ns) || parse_u64(w[1].p, w[1].n, &st.wait_ns) ||
        parse_u64(w[2].p, w[2].n, &st.slices)) {
        return -EINVAL;
    }
    *out = st;
    return 0;
}

int procs_parse_loadavg(const char *s, size_t n, ProcTasks *out) {
    StrView w[5];
    size_t k = 0;
    if (parse_words(s, n, w, 5, &k) || k != 5) {
        return -EINVAL;
    }
    const char *slash = memchr(w[3].p, '/', w[3].n);
    ProcTasks t;
    if (!slash || parse_u64(slash + 1, w[3].n - (size_t)(slash + 1 - w[3].p), &t.threads) ||
        parse_u64(w[4].p, w[4].n, &t.last_pid)) {
        return -EINVAL;
    }
    *out = t;
    return 0;
}

/* ------------------------------------------------------------------ /proc/interrupts */

int procs_parse_irq_cpus(const char *s, size_t n, int *cpu, int max) {
    size_t i = 0;
    StrView w;
    int cols = 0;
    while (next_word(s, n, &i, &w)) {
        int64_t k;
        if (w.n < 4 || memcmp(w.p, "CPU", 3) != 0 || parse_i64(w.p + 3, w.n - 3, &k) != 0 ||
            k < 0 || k > INT32_MAX) {
            return -EINVAL;
        }
        if (cols < max) {
            cpu[cols] = (int)k;
        }
        cols++;
    }
    return cols > 0 ? cols : -EINVAL;
}

int procs_parse_irq_header(const char *s, size_t n) {
    return procs_parse_irq_cpus(s, n, NULL, 0);
}

static bool all_digits(StrView w) {
    if (w.n == 0) {
        return false;
    }
    for (size_t i = 0; i < w.n; i++) {
        if (!isdigit((unsigned char)w.p[i])) {
            return false;
        }
    }
    return true;
}

/* The next blank-separated word from *i as a count: 1 (*v set, *i past it), 0 when that
 * word is not all digits or there is none (*i unchanged), -1 when it overflows. One pass:
 * every row of /proc/interrupts has a column per core, every sample. */
static int next_count(const char *s, size_t n, size_t *i, uint64_t *v) {
    const uint64_t room = UINT64_MAX / 10; /* x * 10 + d fits while x < room, or == with d <= 5 */
    size_t k = *i;
    while (k < n && s[k] == ' ') {
        k++; /* the columns are padded with spaces; other blanks take the general path */
    }
    while (k < n && is_blank(s[k])) {
        k++;
    }
    size_t start = k;
    uint64_t x = 0;
    for (; k < n; k++) {
        unsigned d = (unsigned)((unsigned char)s[k] - '0');
        if (d > 9) {
            break;
        }
        if (x >= room && (x > room || d > UINT64_MAX % 10)) {
            return -1;
        }
        x = x * 10 + d;
    }
    if (k == start || (k < n && !is_blank(s[k]))) {
        return 0;
    }
    *v = x;
    *i = k;
    return 1;
}

/* A trigger word of a numbered row ("Level", "Edge", "2-edge", "IO-APIC ... fasteoi"). */
static bool trigger_word(StrView w) {
    int last = w.n ? tolower((unsigned char)w.p[w.n - 1]) : 0;
    if (last != 'l' && last != 'e' && last != 'i') {
        return false; /* most words: no compare */
    }
    static const char *const ends[] = {"level", "edge", "fasteoi"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);
        if (w.n >= e && strncasecmp(w.p + w.n - e, ends[k], e) == 0) {
            return true;
        }
    }
    return false;
}

/* Copy the words of d[0..n) into out, one blank between them. */
static void join_words(const char *d, size_t n, char *out, size_t outsz) {
    size_t i = 0, o = 0;
    StrView w;
    while (next_word(d, n, &i, &w) && o + 1 < outsz) {
        if (o > 0) {
            out[o++] = ' ';
        }
        for (size_t k = 0; k < w.n && o + 1 < outsz; k++) {
            out[o++] = w.p[k];
        }
    }
    out[o] = '\0';
}

/* The action name of a numbered row's description: the words after the trigger type; the
 * chip and its line before it when no driver named the line ("agic-controller 73 Edge" on
 * an Orin); the last word when there is no trigger type. */
static void irq_action(const char *d, size_t n, char *out, size_t outsz) {
    size_t i = 0, after = n, before = 0;
    StrView w, last = {d, 0};
    while (next_word(d, n, &i, &w)) {
        if (trigger_word(w)) {
            after = i;
            before = (size_t)(w.p - d); /* 0: the trigger type is the first word */
        }
        last = w;
    }
    if (after < n) {
        StrView t = parse_first_line(d + after, n - after);
        if (t.n > 0) {
            copy_cut(t.p, t.n, out, outsz);
            return;
        }
    }
    if (before > 0) {
        join_words(d, before, out, outsz);
        return;
    }
    copy_cut(last.p, last.n, out, outsz);
}

static bool ipi_label(const char *l) {
    static const char *const x86[] = {"RES", "CAL", "TLB", "IWI"};
    if (l[0] >= '0' && l[0] <= '9') {
        return false; /* a numbered line: most rows */
    }
    if (strncmp(l, "IPI", 3) == 0) {
        return true;
    }
    for (size_t k = 0; k < sizeof x86 / sizeof x86[0]; k++) {
        if (strcmp(l, x86[k]) == 0) {
            return true;
        }
    }
    return false;
}

int procs_parse_irq_counts(const char *s, size_t n, int n_cpus, IrqLine *out, StrView *desc) {
    StrView line = parse_first_line(s, n);
    if (line.n == 0) {
        return -ENODATA;
    }
    const char *colon = memchr(line.p, ':', line.n);
    if (!colon || colon == line.p || (size_t)(colon - line.p) >= IRQS_LABEL) {
        return -EINVAL;
    }
    IrqLine r;
    memset(&r, 0, sizeof r);
    copy_cut(line.p, (size_t)(colon - line.p), r.label, sizeof r.label);
    const char *rest = colon + 1;
    size_t rn = line.n - (size_t)(rest - line.p), i = 0, at = rn;
    for (int c = 0; c < n_cpus; c++) {
        uint64_t v;
        int got = next_count(rest, rn, &i, &v);
        if (got < 0) {
            return -EINVAL;
        }
        if (got == 0) {
            at = i;
            break;
        }
        r.total += v;
        if (c < JT_MAX_CPUS) {
            r.count[c] = v;
            r.n_cpus = c + 1;
        }
        at = i;
    }
    *desc = parse_first_line(rest + at, rn - at);
    r.ipi = ipi_label(r.label);
    *out = r;
    return 0;
}

void procs_name_irq(IrqLine *out, StrView desc) {
    StrView lab = {out->label, strlen(out->label)};
    if (all_digits(lab)) {
        irq_action(desc.p, desc.n, out->name, sizeof out->name);
    } else {
        copy_cut(desc.p, desc.n, out->name, sizeof out->name);
    }
    out->timer = strstr(out->name, "arch_timer") != NULL || strcmp(out->label, "LOC") == 0;
}

int procs_parse_irq_line(const char *s, size_t n, int n_cpus, IrqLine *out) {
    StrView desc;
    int rc = procs_parse_irq_counts(s, n, n_cpus, out, &desc);
    if (rc == 0) {
        procs_name_irq(out, desc);
    }
    return rc;
}

/* ------------------------------------------------------------------ nvmap clients */

static bool size_k(StrView w, int64_t *kib) {
    return w.n >= 2 && (w.p[w.n - 1] == 'K' || w.p[w.n - 1] == 'k') &&
           parse_i64(w.p, w.n - 1, kib) == 0 && *kib >= 0;
}

int procs_parse_nvmap_line(const char *s, size_t n, int32_t *pid, int64_t *kib) {
    if (n == 0 || is_blank(s[0])) {
        return 0; /* a heading's padding or a mapping line under its client */
    }
    StrView w, prev = {s, 0}, last = {s, 0}, first = {s, 0};
    size_t i = 0;
    int words = 0;
    while (next_word(s, n, &i, &w)) {
        if (words++ == 0) {
            first = w;
        }
        prev = last;
        last = w;
    }
    int64_t k, p;
    if (strview_eq(first, "total")) {
        if (!size_k(last, &k)) {
            return 0;
        }
        *pid = 0;
        *kib = k;
        return 2;
    }
    if (words < 4 || !size_k(last, &k) || !all_digits(prev) || parse_i64(prev.p, prev.n, &p) ||
        p > INT32_MAX) {
        return 0;
    }
    *pid = (int32_t)p;
    *kib = k;
    return 1;
}

/* ------------------------------------------------------------------ ordering */

const char *procs_sort_name(ProcSort k) {
    static const char *const names[PSORT_COUNT] = {
        [PSORT_WAKEUPS] = "WAKE/s",  [PSORT_CPU] = "CPU%", [PSORT_RSS] = "RSS",
        [PSORT_GPU] = "GPU MEM",     [PSORT_STATE] = "S",  [PSORT_PID] = "PID",
        [PSORT_COMMAND] = "COMMAND",
    };
    return (unsigned)k < PSORT_COUNT ? names[k] : "?";
}

static int cmp_val(Val a, Val b, bool desc) {
    if (a.ok != b.ok) {
        return a.ok ? -1 : 1; /* unknown last, either way */
    }
    int c = (a.v > b.v) - (a.v < b.v);
    return desc ? -c : c;
}

static int cmp_rows(const ProcRow *a, const ProcRow *b, ProcSort key, bool desc) {
    int c = 0;
    switch (key) {
    case PSORT_WAKEUPS: c = cmp_val(a->wakeups_ps10, b->wakeups_ps10, desc); break;
    case PSORT_CPU: c = cmp_val(a->cpu_pct10, b->cpu_pct10, desc); break;
    case PSORT_RSS: c = cmp_val(a->rss_kib, b->rss_kib, desc); break;
    case PSORT_GPU: c = cmp_val(a->gpu_kib, b->gpu_kib, desc); break;
    case PSORT_STATE: c = (a->state > b->state) - (a->state < b->state); break;
    case PSORT_PID: c = (a->pid > b->pid) - (a->pid < b->pid); break;
    case PSORT_COMMAND: c = strcasecmp(a->cmd, b->cmd); break;
    default: break;
    }
    if ((key == PSORT_STATE || key == PSORT_PID || key == PSORT_COMMAND) && desc) {
        c = -c;
    }
    return c ? c : (a->pid > b->pid) - (a->pid < b->pid);
}

void procs_sort(const ProcTable *t, ProcSort key, bool desc, int *idx, int n) {
    int tmp[PROCS_MAX];
    n = n < PROCS_MAX ? n : PROCS_MAX;
    /* bottom-up merge sort: stable, n log n, no allocation */
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int a = lo, b = mid, o = lo;
            while (a < mid && b < hi) {
                bool take_b = cmp_rows(&t->rows[idx[b]], &t->rows[idx[a]], key, desc) < 0;
                tmp[o++] = take_b ? idx[b++] : idx[a++];
            }
            while (a < mid) {
                tmp[o++] = idx[a++];
            }
            while (b < hi) {
                tmp[o++] = idx[b++];
            }
        }
        memcpy(idx, tmp, (size_t)n * sizeof *idx);
    }
}

int procs_filter(const ProcTable *t, const char *filter, int *idx) {
    int k = 0;
    for (int i = 0; i < t->n; i++) {
        const ProcRow *r = &t->rows[i];
        if (!filter[0] || strcasestr(r->comm, filter) || strcasestr(r->cmd, filter)) {
            idx[k++] = i;
        }
    }
    return k;
}

/* ------------------------------------------------------------------ Sample */

void procs_safe_name(const char *src, char *out, size_t outsz) {
    size_t o = 0;
    for (size_t i = 0; src[i] && o + 1 < outsz; i++) {
        unsigned char c = (unsigned char)src[i];
        bool ok = isalnum(c) || strchr("._:+@/-", c) != NULL;
        out[o++] = (char)(ok ? c : '_');
    }
    out[o] = '\0';
}

/* The Val at byte offset off of row i of an array of rows stride bytes apart. */
static const Val *row_val(const void *rows, size_t stride, size_t off, int i) {
    return (const Val *)(const void *)((const char *)rows + (size_t)i * stride + off);
}

/* Indices of the (at most k) rows whose Val at off is known and highest, highest first; of
 * equal values the earlier row first. One pass over the rows. Returns how many. */
static int top_rows(const void *rows, size_t stride, size_t off, int n, int k, int *out) {
    int m = 0;
    for (int i = 0; i < n; i++) {
        const Val *v = row_val(rows, stride, off, i);
        if (!v->ok) {
            continue;
        }
        int p = m < k ? m : k;
        while (p > 0 && row_val(rows, stride, off, out[p - 1])->v < v->v) {
            p--;
        }
        if (p >= k) {
            continue;
        }
        int last = m < k ? m : k - 1;
        memmove(out + p + 1, out + p, (size_t)(last - p) * sizeof *out);
        out[p] = i;
        m += m < k;
    }
    return m;
}

static void fill_procs(const ProcTable *pt, Sample *s) {
    int top[JT_TOP_PROCS];
    int m = top_rows(pt->rows, sizeof pt->rows[0], offsetof(ProcRow, wakeups_ps10), pt->n,
                     JT_TOP_PROCS, top);
    for (int k = 0; k < m; k++) {
        const ProcRow *r = &pt->rows[top[k]];
        TopProcSample *o = &s->proc_top[k];
        o->pid = val_of(r->pid);
        o->wakeups_ps10 = r->wakeups_ps10;
        o->cpu_pct10 = r->cpu_pct10;
        procs_safe_name(r->comm, o->comm, sizeof o->comm);
    }
}

static void fill_irqs(const IrqTable *it, Sample *s) {
    int top[JT_TOP_IRQS];
    int m = top_rows(it->rows, sizeof it->rows[0], offsetof(IrqRow, rate_ps10), it->n, JT_TOP_IRQS,
                     top);
    for (int k = 0; k < m; k++) {
        const IrqRow *r = &it->rows[top[k]];
        char raw[IRQS_LABEL + IRQS_NAME + 2]; /* "label:name" */
        size_t ln = strnlen(r->label, IRQS_LABEL - 1), nn = strnlen(r->name, IRQS_NAME - 1);
        memcpy(raw, r->label, ln);
        raw[ln] = ':';
        memcpy(raw + ln + 1, r->name, nn);
        raw[ln + 1 + nn] = '\0';
        s->irq_top[k].rate_ps10 = r->rate_ps10;
        procs_safe_name(raw, s->irq_top[k].name, sizeof s->irq_top[k].name);
    }
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        s->timer_ps10[c] = it->timer_ps10[c];
        s->ipi_ps10[c] = it->ipi_ps10[c];
    }
}

void procs_fill_sample(const ProcTable *pt, const IrqTable *it, Sample *s) {
    if (pt && pt->enabled && pt->have) {
        fill_procs(pt, s);
    }
    if (it && it->enabled && it->have) {
        fill_irqs(it, s);
    }
}

static void table_from_sample(const Sample *s, ProcTable *pt) {
    pt->n = 0;
    for (int k = 0; k < JT_TOP_PROCS; k++) {
        const TopProcSample *t = &s->proc_top[k];
        if (!t->pid.ok) {
            continue;
        }
        ProcRow *r = &pt->rows[pt->n++];
        memset(r, 0, sizeof *r);
        r->pid = (int32_t)t->pid.v;
        copy_cut(t->comm, strlen(t->comm), r->comm, sizeof r->comm);
        snprintf(r->cmd, sizeof r->cmd, "%s", t->comm);
        r->state = '?';
        r->cpu_pct10 = t->cpu_pct10;
        r->wakeups_ps10 = t->wakeups_ps10;
    }
    pt->total = pt->n;
    pt->have = pt->n > 0;
    pt->gpu_ok = false;
    snprintf(pt->gpu_why, sizeof pt->gpu_why, "a recording carries the top %d by wakeups only",
             JT_TOP_PROCS);
}

static void irqs_from_sample(const Sample *s, IrqTable *it) {
    it->n = 0;
    for (int k = 0; k < JT_TOP_IRQS; k++) {
        const TopIrqSample *t = &s->irq_top[k];
        if (!t->rate_ps10.ok) {
            continue;
        }
        IrqRow *r = &it->rows[it->n++];
        memset(r, 0, sizeof *r);
        const char *colon = strchr(t->name, ':');
        size_t ln = colon ? (size_t)(colon - t->name) : 0;
        copy_cut(t->name, ln, r->label, sizeof r->label);
        snprintf(r->name, sizeof r->name, "%s", colon ? colon + 1 : t->name);
        r->rate_ps10 = t->rate_ps10;
        r->timer = strstr(r->name, "arch_timer") != NULL || strcmp(r->label, "LOC") == 0;
        r->ipi = ipi_label(r->label);
    }
    it->n_cpus = 0;
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        it->timer_ps10[c] = s->timer_ps10[c];
        it->ipi_ps10[c] = s->ipi_ps10[c];
        if (s->timer_ps10[c].ok || s->ipi_ps10[c].ok) {
            it->n_cpus = c + 1;
        }
    }
    it->have = it->n > 0 || it->n_cpus > 0;
}

void procs_from_sample(const Sample *s, ProcTable *pt, IrqTable *it) {
    table_from_sample(s, pt);
    irqs_from_sample(s, it);
    pt->enabled = pt->have;
    it->enabled = it->have;
    if (!it->have) {
        snprintf(it->why, sizeof it->why, "not in this recording");
    } else {
        it->why[0] = '\0';
    }
}
