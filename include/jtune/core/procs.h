/* SPDX-License-Identifier: MIT */
/* procs: who keeps the board awake - the process and interrupt tables, their parsers and
 * their ordering. Pure: the text of /proc/<pid>/{stat,status,schedstat}, /proc/interrupts
 * and the nvmap iovmm clients file is handed in; reading it is platform/jetson/procs.c's and
 * irqs.c's job.
 *
 * Wakeups are the voluntary context switches of /proc/<pid>/status: a task that gives up the
 * CPU voluntarily has gone to sleep and needs a wakeup to run again, so their rate is its
 * wakeup rate (powertop counts the wakeups themselves; the two agree for a task that sleeps
 * on a timer or a poll). They count the main thread of the process. schedstat's third field
 * counts timeslices, preemptions included, so it over-counts a busy task: it is parsed (the
 * simulator and tests check its format) but not used for the rate.
 */
#ifndef JTUNE_CORE_PROCS_H
#define JTUNE_CORE_PROCS_H

#include "jtune/core/parse.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROCS_MAX     1024 /* processes tracked at once (the rest are counted, not shown) */
#define PROCS_COMM    16   /* TASK_COMM_LEN: 15 characters and the NUL */
#define PROCS_CMD     96   /* command line kept per process (cut) */
#define IRQS_MAX      384  /* /proc/interrupts rows */
#define IRQS_NAME     40
#define IRQS_LABEL    12
#define PROCS_GPU_WHY 96

/* ------------------------------------------------------------------ parsers */

/* /proc/<pid>/stat: the fields jtune uses. */
typedef struct {
    int32_t pid;
    char comm[PROCS_COMM]; /* between the first '(' and the LAST ')' (comm may hold both) */
    char state;            /* R S D Z T t X I ... */
    uint64_t utime_ticks, stime_ticks; /* the whole thread group's */
    int64_t threads;                   /* num_threads */
    int64_t rss_pages;
} ProcStat;

/* /proc/<pid>/status: the fields jtune uses (has_* false when a line is missing). */
typedef struct {
    char name[PROCS_COMM];
    char state;
    int64_t rss_kib; /* VmRSS; kernel threads have none */
    bool has_rss;
    uint64_t vol_ctxt, nonvol_ctxt;
    bool has_ctxt;
    int64_t threads; /* Threads; 0 when the line is missing */
} ProcStatus;

/* /proc/<pid>/schedstat: run time, wait time (ns) and timeslices run. */
typedef struct {
    uint64_t run_ns, wait_ns, slices;
} ProcSched;

/* Parse one stat line. 0, or -EINVAL (no parentheses, too few fields, a bad number). */
int procs_parse_stat(const char *s, size_t n, ProcStat *out);

/* Parse a status file. 0, or -EINVAL when it has neither Name nor State. */
int procs_parse_status(const char *s, size_t n, ProcStatus *out);

/* Parse a schedstat line ("run wait slices"). 0 or -EINVAL. */
int procs_parse_schedstat(const char *s, size_t n, ProcSched *out);

/* /proc/loadavg's task fields: the threads that exist and the last pid allocated. */
typedef struct {
    uint64_t threads, last_pid;
} ProcTasks;

/* Parse a loadavg line ("0.18 1.18 1.83 1/123 25991"). 0 or -EINVAL. */
int procs_parse_loadavg(const char *s, size_t n, ProcTasks *out);

/* One row of /proc/interrupts. */
typedef struct {
    char label[IRQS_LABEL];      /* before the ':' ("11", "IPI0", "LOC", "Err") */
    char name[IRQS_NAME];        /* the action ("arch_timer", "gk20a_stall"), the IPI's text, or the
                                    chip and its line when no driver named it ("agic-controller 73") */
    int n_cpus;                  /* counts on the row, one per header column (0 for Err/Mis rows) */
    uint64_t count[JT_MAX_CPUS]; /* by column: the header says which core each one is */
    uint64_t total;              /* sum over every cpu column, also those beyond JT_MAX_CPUS */
    bool timer;                  /* the per-core tick: arch_timer (arm64) or LOC (x86) */
    bool ipi;                    /* an inter-processor interrupt row (IPIn, RES, CAL, TLB, IWI) */
} IrqLine;

/* Number of CPU columns in the header line ("CPU0 CPU1 ..."), or -EINVAL. */
int procs_parse_irq_header(const char *s, size_t n);

/* The header's columns, and the core each one counts into cpu[0..max) ("CPU0 CPU1 CPU2 CPU4"
 * with cpu3 offline: the kernel lists online cores only). Number of columns or -EINVAL. */
int procs_parse_irq_cpus(const char *s, size_t n, int *cpu, int max);

/* Parse one row given the header's cpu count. 0, -ENODATA for a blank line, -EINVAL. */
int procs_parse_irq_line(const char *s, size_t n, int n_cpus, IrqLine *out);

/* The counts of one row and where its description is (*desc), without naming it: out->name
 * is left empty and out->timer false until procs_name_irq. 0, -ENODATA or -EINVAL. */
int procs_parse_irq_counts(const char *s, size_t n, int n_cpus, IrqLine *out, StrView *desc);

/* Name a row from its description (as procs_parse_irq_counts left them): sets out->name and
 * out->timer. */
void procs_name_irq(IrqLine *out, StrView desc);

/* One client line of nvmap's iovmm "clients" (or "maps") debugfs file:
 * "user  process  PID  SIZEK" -> pid and KiB. 1 for a client line, 2 for the "total" line
 * (*kib set, *pid 0), 0 for anything else (headings, mapping lines). */
int procs_parse_nvmap_line(const char *s, size_t n, int32_t *pid, int64_t *kib);

/* ------------------------------------------------------------------ tables */

typedef struct {
    int32_t pid;
    char comm[PROCS_COMM];
    char cmd[PROCS_CMD]; /* command line, NULs as blanks; "[comm]" for kernel threads */
    char state;
    Val cpu_pct10;    /* share of one core, tenths of % (may pass 1000 on many threads) */
    Val wakeups_ps10; /* wakeups per second x10 (see the header) */
    Val rss_kib;
    Val gpu_kib; /* nvmap iovmm memory of the pid; unknown where not readable */
} ProcRow;

typedef struct {
    bool enabled; /* processes are read (config: [procs] enabled, --no-procs) */
    bool have;    /* rows hold a sample */
    int n;        /* rows in use */
    int total;    /* processes seen, also those beyond PROCS_MAX */
    bool gpu_ok;  /* the nvmap clients file was read: gpu_kib known (0 for absent pids) */
    char gpu_why[PROCS_GPU_WHY]; /* why GPU memory is n/a ("" when gpu_ok) */
    ProcRow rows[PROCS_MAX];
} ProcTable;

typedef struct {
    char label[IRQS_LABEL];
    char name[IRQS_NAME];
    Val rate_ps10; /* interrupts per second x10, every cpu */
    bool timer, ipi;
} IrqRow;

typedef struct {
    bool enabled;
    bool have;
    int n;
    int n_cpus;                  /* one past the highest core listed (a parked core is not) */
    IrqRow rows[IRQS_MAX];       /* in file order */
    Val timer_ps10[JT_MAX_CPUS]; /* per core: the local timer */
    Val ipi_ps10[JT_MAX_CPUS];   /* per core: every IPI row */
    char why[PROCS_GPU_WHY];     /* why nothing is known ("" when read) */
} IrqTable;

typedef enum {
    PSORT_WAKEUPS,
    PSORT_CPU,
    PSORT_RSS,
    PSORT_GPU,
    PSORT_STATE,
    PSORT_PID,
    PSORT_COMMAND,
    PSORT_COUNT
} ProcSort;

/* Column heading of a sort key ("WAKE/s", "CPU%", ...). */
const char *procs_sort_name(ProcSort k);

/* Order idx[0..n) (indices into t->rows) by key; desc puts the largest first (names: Z-A).
 * Unknown values go last either way; ties fall back to the pid. */
void procs_sort(const ProcTable *t, ProcSort key, bool desc, int *idx, int n);

/* Indices of the rows whose comm or command line contains filter (case-insensitive; ""
 * matches all) into idx (room for t->n). Returns the count. */
int procs_filter(const ProcTable *t, const char *filter, int *idx);

/* Copy the JT_TOP_PROCS processes with the most wakeups into s->proc_top (the rest
 * unknown), and the JT_TOP_IRQS busiest interrupts and the per-core timer/IPI rates into s. */
void procs_fill_sample(const ProcTable *pt, const IrqTable *it, Sample *s);

/* A table from what a Sample carries (replay: the top processes only). */
void procs_from_sample(const Sample *s, ProcTable *pt, IrqTable *it);

/* Keep [A-Za-z0-9._:+@/-] of src (anything else becomes '_') into out: a name safe in a
 * CSV field, a JSON string and a Prometheus label without escaping. */
void procs_safe_name(const char *src, char *out, size_t outsz);

#endif
