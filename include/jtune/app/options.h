/* SPDX-License-Identifier: MIT */
/* options: the parsed jtune command line. */
#ifndef JTUNE_APP_OPTIONS_H
#define JTUNE_APP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    MODE_UI,            /* full-screen monitor (default) */
    MODE_HEADLESS,      /* --headless: samples to stdout or --log */
    MODE_RESTORE,       /* --restore: roll back every change in the helper journal */
    MODE_APPLY_PROFILE, /* --apply-profile NAME [--dry-run] */
    MODE_RUN_WORKLOAD,  /* --run-workload NAME */
    MODE_REPLAY,        /* jtune replay FILE */
    MODE_PLOT,          /* jtune plot FILE -o OUT.svg */
    MODE_IMPORT,        /* jtune import FILE -o OUT.csv */
    MODE_EXPERIMENT,    /* jtune experiment --workload NAME --a X --b Y --repeats N */
    MODE_CAPTURE,       /* jtune capture [-o FILE] [--keep-serial] */
    MODE_INFO,          /* --info [--keep-serial]: the board information as plain text */
    MODE_HELP,
    MODE_VERSION,
} AppMode;

typedef enum { FORMAT_CSV, FORMAT_JSONL, FORMAT_TEGRASTATS } LogFormat;

typedef struct {
    AppMode mode;
    const char *root;     /* --root DIR (NULL: "/") */
    bool demo;            /* --demo: run on a private simulated board */
    const char *board;    /* --board NAME (with --demo) */
    uint64_t seed;        /* --seed N (with --demo) */
    int interval_ms;      /* --interval MS (0: config or default) */
    int display_ms;       /* --display-interval MS (0: the UI's default, 500) */
    long count;           /* --count N (0: unlimited) */
    double duration_s;    /* --duration S (0: unlimited) */
    const char *log_path; /* --log FILE */
    LogFormat format;     /* --format csv|jsonl|tegrastats */
    bool format_set;
    bool rails_only;           /* --rails-only: high-rate power trace */
    bool realtime;             /* --realtime: sample under SCHED_FIFO, memory locked */
    long log_max_mb;           /* --log-max-mb N (0: no rotation) */
    const char *prom_textfile; /* --prom-textfile PATH */
    const char *theme;         /* --theme PATH|NAME */
    const char *config;        /* --config PATH */
    bool no_color;             /* --no-color (or NO_COLOR in the environment) */
    bool no_procs;             /* --no-procs: read no processes or interrupts */
    int start_page;            /* --page N (0: config) */
    bool monitor_only;         /* --monitor-only: never start the helper */
    const char *state_dir;     /* --state-dir DIR: the helper's journal directory */
    const char *profile;       /* --apply-profile NAME */
    bool dry_run;              /* --dry-run */
    bool assume_yes;           /* --yes: apply a profile without asking */
    const char *workload;      /* --run-workload NAME / experiment --workload NAME */
    const char *input;         /* replay/plot/import FILE */
    const char *output;        /* -o FILE */
    const char *metrics;       /* plot --metrics LIST */
    double from_s, to_s;       /* plot --from/--to (seconds from the start) */
    bool from_set, to_set;
    const char *exp_a, *exp_b; /* experiment --a/--b PROFILE_OR_SETTINGS */
    int repeats;               /* experiment --repeats N */
    int settle_ms;             /* experiment --settle MS */
    bool strict;               /* replay/plot/import --strict: a damaged tegrastats line fails */
    const char *tz;            /* replay/plot/import --tz ZONE: zone of tegrastats stamps */
    bool keep_serial;          /* --keep-serial: capture keeps serials and MACs; --info and the
                                  info page show the serial */
} Options;

/* Parse argv into o (defaults first). Returns 0, or 2 with a one-line message in err. */
int cli_parse(int argc, char **argv, Options *o, char *err, size_t errsz);

/* Print the usage text. */
void cli_usage(void *file);

#endif
