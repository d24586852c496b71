/* SPDX-License-Identifier: MIT */
/* irqs: /proc/interrupts counters into per-IRQ and per-core timer/IPI rates. */
#include "jtune/platform/jetson/irqs.h"

#include "jtune/core/hash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IRQ_BUF ((size_t)256 * 1024) /* 200 rows x 12 cpus of an AGX Orin fit many times over */

struct IrqsReader {
    AttrId file;
    IrqTable table;
    bool have_prev;
    int64_t prev_ns;
    int prev_n;
    char prev_label[IRQS_MAX][IRQS_LABEL];
    uint64_t prev_total[IRQS_MAX];
    uint64_t prev_timer[JT_MAX_CPUS], prev_ipi[JT_MAX_CPUS];
    uint64_t timer[JT_MAX_CPUS], ipi[JT_MAX_CPUS]; /* by core */
    int col_cpu[JT_MAX_CPUS];                      /* the core of each column */
    uint32_t listed, prev_listed;                  /* the cores the header lists (online) */
    uint64_t total[IRQS_MAX];
    uint64_t desc_sig[IRQS_MAX]; /* label and description the name of row i was made from */
    int named;                   /* rows 0..named-1 hold what the last read made of them */
    int cur;                     /* the buffer of the last read: the next one goes in the other */
    uint32_t line_off[2][IRQS_MAX], line_len[2][IRQS_MAX]; /* row i's line in each buffer */
    char buf[2][IRQ_BUF]; /* untouched pages cost no memory: about 17 KB each on an Orin */
};

IrqsReader *irqs_open(void) {
    IrqsReader *r = calloc(1, sizeof *r);
    if (r) {
        r->file = -1;
        r->table.enabled = true;
    }
    return r;
}

void irqs_close(IrqsReader *r) {
    free(r);
}

void irqs_probe(IrqsReader *r, Sysfs *fs) {
    r->file = sysfs_attr(fs, "proc/interrupts");
}

const IrqTable *irqs_table(const IrqsReader *r) {
    return &r->table;
}

static Val rate(uint64_t now, uint64_t prev, int64_t dt_ns) {
    if (now < prev || dt_ns <= 0) {
        return val_na();
    }
    return val_of((int64_t)((double)(now - prev) * 1e10 / (double)dt_ns + 0.5));
}

/* Name row i from its description, unless the row at i had the same label and description
 * at the last read: a real board lists 150 rows and more, nearly all of them the same every
 * time, and naming one means splitting its description into words. */
static void name_row(IrqsReader *r, int i, IrqLine *l, StrView desc) {
    IrqRow *row = &r->table.rows[i];
    uint64_t sig = hash_fold(hash_fold(HASH_SEED, l->label, sizeof l->label), desc.p, desc.n);
    if (i < r->named && r->desc_sig[i] == sig) {
        return; /* row->name and row->timer as they were made */
    }
    procs_name_irq(l, desc);
    memcpy(row->name, l->name, sizeof row->name);
    row->timer = l->timer;
    r->desc_sig[i] = sig;
}

/* Is row i's line (p, len) in buffer b byte for byte what it was at the last read? Then its
 * label, counts and name are too. Timer and IPI rows are always parsed: their per-core counts
 * go into the sums. */
static bool row_stands(const IrqsReader *r, int b, int i, const char *p, size_t len) {
    const IrqRow *row = &r->table.rows[i];
    int o = b ^ 1;
    return i < r->named && !row->timer && !row->ipi && len == r->line_len[o][i] &&
           memcmp(p, r->buf[o] + r->line_off[o][i], len) == 0;
}

/* Parse buffer b (n bytes) into rows and the per-core sums. 0 or -EINVAL. */
static int parse_all(IrqsReader *r, int b, size_t n) {
    IrqTable *t = &r->table;
    const char *p = r->buf[b], *end = r->buf[b] + n;
    const char *nl = memchr(p, '\n', n);
    int cpus = procs_parse_irq_cpus(p, nl ? (size_t)(nl - p) : n, r->col_cpu, JT_MAX_CPUS);
    if (cpus < 0) {
        return -EINVAL;
    }
    r->listed = 0;
    t->n_cpus = 0;
    for (int c = 0; c < cpus && c < JT_MAX_CPUS; c++) {
        int k = r->col_cpu[c];
        if (k < JT_MAX_CPUS) {
            r->listed |= 1u << k;
            t->n_cpus = k + 1 > t->n_cpus ? k + 1 : t->n_cpus;
        }
    }
    t->n = 0;
    memset(r->timer, 0, sizeof r->timer);
    memset(r->ipi, 0, sizeof r->ipi);
    for (p = nl ? nl + 1 : end; p < end && t->n < IRQS_MAX;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        int i = t->n;
        IrqLine l;
        StrView desc;
        if (row_stands(r, b, i, p, len)) {
            t->n++; /* most rows of a real board: the same counts as a second ago */
        } else if (procs_parse_irq_counts(p, len, cpus, &l, &desc) == 0) {
            IrqRow *row = &t->rows[i];
            memcpy(row->label, l.label, sizeof row->label);
            name_row(r, i, &l, desc);
            row->ipi = l.ipi;
            r->total[t->n++] = l.total;
            for (int c = 0; c < l.n_cpus && (row->timer || row->ipi); c++) {
                int k = r->col_cpu[c];
                if (k < JT_MAX_CPUS) {
                    (row->timer ? r->timer : r->ipi)[k] += l.count[c];
                }
            }
        }
        if (t->n > i) {
            r->line_off[b][i] = (uint32_t)(p - r->buf[b]);
            r->line_len[b][i] = (uint32_t)len;
        }
        p = nl ? nl + 1 : end;
    }
    r->named = t->n;
    return 0;
}

/* Rates against the previous read. A row whose label moved has none this time, nor has any
 * row when a core came or went: a row's total counts the listed cores only, and a core that
 * comes back brings its counts from before it left. */
static void rates(IrqsReader *r, int64_t dt) {
    IrqTable *t = &r->table;
    bool cores_same = r->listed == r->prev_listed;
    for (int i = 0; i < t->n; i++) {
        bool same = r->have_prev && cores_same && i < r->prev_n &&
                    strcmp(r->prev_label[i], t->rows[i].label) == 0;
        t->rows[i].rate_ps10 = same ? rate(r->total[i], r->prev_total[i], dt) : val_na();
        memcpy(r->prev_label[i], t->rows[i].label, IRQS_LABEL);
        r->prev_total[i] = r->total[i];
    }
    bool any_timer = false, any_ipi = false;
    for (int i = 0; i < t->n; i++) {
        any_timer = any_timer || t->rows[i].timer;
        any_ipi = any_ipi || t->rows[i].ipi;
    }
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        bool known = r->have_prev && ((r->listed & r->prev_listed) >> c & 1u);
        t->timer_ps10[c] = known && any_timer ? rate(r->timer[c], r->prev_timer[c], dt) : val_na();
        t->ipi_ps10[c] = known && any_ipi ? rate(r->ipi[c], r->prev_ipi[c], dt) : val_na();
    }
    r->prev_listed = r->listed;
    memcpy(r->prev_timer, r->timer, sizeof r->timer);
    memcpy(r->prev_ipi, r->ipi, sizeof r->ipi);
    r->prev_n = t->n;
}

void irqs_read(IrqsReader *r, Sysfs *fs, int64_t now_ns) {
    IrqTable *t = &r->table;
    int b = r->cur ^ 1;
    ssize_t n = r->file >= 0 ? sysfs_attr_read(fs, r->file, r->buf[b], IRQ_BUF) : -ENOENT;
    if (n <= 0 || parse_all(r, b, (size_t)n) < 0) {
        t->have = false;
        t->n = 0;
        r->named = 0;
        r->have_prev = false;
        snprintf(t->why, sizeof t->why, "proc/interrupts: %s",
                 n <= 0 ? strerror(n == 0 ? ENODATA : (int)-n) : "not in the expected format");
        return;
    }
    r->cur = b;
    rates(r, now_ns - r->prev_ns);
    r->prev_ns = now_ns;
    r->have_prev = true;
    t->have = true;
    t->why[0] = '\0';
}
