/* SPDX-License-Identifier: MIT */
/* cli: argv -> Options. Strict: every number is range-checked; errors are one line. */
#include "jtune/app/options.h"

#include "jtune/buildinfo.h"
#include "jtune/core/timeunit.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_ROOT = 256,
    OPT_DEMO,
    OPT_BOARD,
    OPT_SEED,
    OPT_HEADLESS,
    OPT_INTERVAL,
    OPT_DISPLAY_INTERVAL,
    OPT_COUNT,
    OPT_DURATION,
    OPT_LOG,
    OPT_FORMAT,
    OPT_RAILS_ONLY,
    OPT_REALTIME,
    OPT_LOG_MAX_MB,
    OPT_PROM,
    OPT_THEME,
    OPT_CONFIG,
    OPT_NO_COLOR,
    OPT_NO_PROCS,
    OPT_PAGE,
    OPT_MONITOR_ONLY,
    OPT_RESTORE,
    OPT_APPLY_PROFILE,
    OPT_DRY_RUN,
    OPT_YES,
    OPT_RUN_WORKLOAD,
    OPT_WORKLOAD,
    OPT_METRICS,
    OPT_FROM,
    OPT_TO,
    OPT_A,
    OPT_B,
    OPT_REPEATS,
    OPT_SETTLE,
    OPT_STATE_DIR,
    OPT_STRICT,
    OPT_TZ,
    OPT_INFO,
    OPT_KEEP_SERIAL,
};

static const struct option long_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"root", required_argument, NULL, OPT_ROOT},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"board", required_argument, NULL, OPT_BOARD},
    {"seed", required_argument, NULL, OPT_SEED},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"interval", required_argument, NULL, OPT_INTERVAL},
    {"display-interval", required_argument, NULL, OPT_DISPLAY_INTERVAL},
    {"count", required_argument, NULL, OPT_COUNT},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"log", required_argument, NULL, OPT_LOG},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"rails-only", no_argument, NULL, OPT_RAILS_ONLY},
    {"realtime", no_argument, NULL, OPT_REALTIME},
    {"log-max-mb", required_argument, NULL, OPT_LOG_MAX_MB},
    {"prom-textfile", required_argument, NULL, OPT_PROM},
    {"theme", required_argument, NULL, OPT_THEME},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"no-procs", no_argument, NULL, OPT_NO_PROCS},
    {"page", required_argument, NULL, OPT_PAGE},
    {"monitor-only", no_argument, NULL, OPT_MONITOR_ONLY},
    {"state-dir", required_argument, NULL, OPT_STATE_DIR},
    {"restore", no_argument, NULL, OPT_RESTORE},
    {"apply-profile", required_argument, NULL, OPT_APPLY_PROFILE},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"yes", no_argument, NULL, OPT_YES},
    {"run-workload", required_argument, NULL, OPT_RUN_WORKLOAD},
    {"workload", required_argument, NULL, OPT_WORKLOAD},
    {"output", required_argument, NULL, 'o'},
    {"metrics", required_argument, NULL, OPT_METRICS},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"a", required_argument, NULL, OPT_A},
    {"b", required_argument, NULL, OPT_B},
    {"repeats", required_argument, NULL, OPT_REPEATS},
    {"settle", required_argument, NULL, OPT_SETTLE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"tz", required_argument, NULL, OPT_TZ},
    {"info", no_argument, NULL, OPT_INFO},
    {"keep-serial", no_argument, NULL, OPT_KEEP_SERIAL},
    {NULL, 0, NULL, 0},
};

void cli_usage(void *file) {
    FILE *out = file;
    fputs(
        "Usage: jtune [OPTIONS]                 monitor and tune this board\n"
        "       jtune replay FILE [OPTIONS]     play a recording in the UI\n"
        "       jtune plot FILE -o OUT.svg [--metrics LIST] [--from S] [--to S]\n"
        "       jtune import FILE -o OUT.csv [--format csv|jsonl]  a tegrastats log as jtune CSV\n"
        "       jtune experiment --workload NAME --a X --b Y [--repeats N] [--settle MS]\n"
        "                        [-o OUT.csv]   A/B energy test; X, Y: profiles (cruise, burst,\n"
        "                        stock) or settings lists such as\n"
        "                        cpu.max_khz=1190400,gpu.max_hz=612000000 (docs/workload.md)\n"
        "       jtune capture [-o FILE] [--keep-serial] [--root DIR]\n"
        "                        this board's files as a tar.gz to report it (README: Report a\n"
        "                        board); serials and MACs redacted unless --keep-serial\n"
        "\n"
        "Board:\n"
        "  --root DIR           read and write the board under DIR instead of /\n"
        "  --demo               run on a simulated board in a private temporary root\n"
        "  --board NAME         board for --demo (see jtune-sim --list); default orin-nano-super\n"
        "  --seed N             simulator seed for --demo (deterministic runs)\n"
        "Monitor:\n"
        "  --interval MS        sampling interval in milliseconds (default 1000): 50..60000 in\n"
        "                       the monitor, 1..60000 with --headless\n"
        "  --display-interval MS\n"
        "                       new values reach the screen at most every MS (default 500;\n"
        "                       50..60000): at shorter intervals every sample still goes\n"
        "                       into the graphs, logs and metrics, the values shown are\n"
        "                       never more than MS old, and a key repaints at once\n"
        "  --theme PATH|NAME    colour theme (default, light, mono, ...)\n"
        "  --config PATH        configuration file (default: $XDG_CONFIG_HOME/jtune/jtune.ini,\n"
        "                       then " JTUNE_INSTALL_SYSCONFDIR "/jtune.ini)\n"
        "  --no-color           no colours (also when NO_COLOR is set)\n"
        "  --page N             start on page N\n"
        "  --no-procs           read no processes or interrupts (the o page, top wakeups in\n"
        "                       logs and metrics); config: [procs] enabled = false\n"
        "  --monitor-only       never start the privileged helper\n"
        "  --info               print the board information (board, L4T/JetPack, CUDA, cuDNN,\n"
        "                       TensorRT ... versions, addresses, disk, uptime) for bug reports\n"
        "Headless and logging:\n"
        "  --headless           print samples instead of the full-screen UI\n"
        "  --count N            stop after N samples\n"
        "  --duration S         stop after S seconds (also [H:]M:S: 1:30)\n"
        "  --log FILE           write samples to FILE (UI: record from the start; key R\n"
        "                       records to a new jtune-DATE-TIME.csv)\n"
        "  --format FMT         csv (default), jsonl or tegrastats (JetPack 6 style lines)\n"
        "  --rails-only         sample only the power rails (high-rate power traces)\n"
        "  --realtime           sample under SCHED_FIFO (priority 1) with memory locked, so\n"
        "                       that other tasks cannot delay a sample (root, CAP_SYS_NICE or\n"
        "                       ulimit -r 1); the log writer stays an ordinary task\n"
        "  --log-max-mb N       rotate the log when it reaches N MiB\n"
        "  --prom-textfile PATH write Prometheus textfile-collector metrics every interval\n"
        "                       (PATH ends in .prom; headless: the only output unless --log)\n"
        "Recordings (replay, plot, import: jtune CSV/JSONL or tegrastats logs, told by content):\n"
        "  -o FILE              output file (import: - for stdout)\n"
        "  --metrics LIST       plot groups: power,temp,cpu,gpu,emc (default), fan, mem\n"
        "  --from S, --to S     plot window in seconds from the first row\n"
        "  --interval MS        spacing of tegrastats lines without timestamps (default 1000)\n"
        "  --tz ZONE            zone the tegrastats timestamps were written in (default UTC;\n"
        "                       local, or a name such as Europe/Berlin)\n"
        "  --strict             refuse a tegrastats log at its first damaged line or bad value\n"
        "                       (default: skip and count them)\n"
        "Tuning:\n"
        "  --restore            undo every change recorded in the helper's journal\n"
        "  --state-dir DIR      the helper's journal directory (root or simulated boards only;\n"
        "                       default " JTUNE_STATEDIR ")\n"
        "  --apply-profile NAME apply a profile: cruise, burst, stock, a FILE.ini or settings\n"
        "                       (cpu.max_khz=1190400,gpu.max_hz=612000000); shows the changes\n"
        "                       first and asks on a terminal (applies at once without one)\n"
        "  --dry-run            with --apply-profile: show what would change, change nothing\n"
        "  --yes                with --apply-profile: apply without asking\n"
        "  --run-workload NAME  run a workload and measure the energy of every batch: built-in\n"
        "                       cpu-gemm, cpu-copy, gpu-gemm, gpu-copy, or [workload.NAME] in\n"
        "                       the config; one CSV row per batch on stdout (or -o FILE), the\n"
        "                       samples with a batch column in --log FILE (default interval\n"
        "                       100 ms), a summary on stderr; works with --demo\n"
        "  -o, --output FILE    where a command writes its result (capture: default\n"
        "                       jtune-capture-DATE-TIME.tar.gz)\n"
        "  --keep-serial        capture keeps serial numbers and MAC addresses; --info and the\n"
        "                       info page (B) show the serial number unredacted\n"
        "\n"
        "  -h, --help           show this help\n"
        "  -V, --version        show the version\n",
        out);
}

static int num(const char *name, const char *s, long lo, long hi, long *out, char *err,
               size_t errsz) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi) {
        snprintf(err, errsz, "--%s: expected a whole number from %ld to %ld, got '%s'", name, lo,
                 hi, s);
        return 2;
    }
    *out = v;
    return 0;
}

/* A number of seconds ("90", "0.5") or [[H:]M:]S ("1:30"): core/timeunit's one syntax. */
static int seconds(const char *name, const char *s, double *out, char *err, size_t errsz) {
    int64_t ns;
    if (timeunit_parse_duration(s, &ns) < 0 || ns > (int64_t)1000000000 * NS_PER_S) {
        snprintf(err, errsz, "--%s: expected seconds (90, 0.5) or [H:]M:S (1:30), got '%s'", name,
                 s);
        return 2;
    }
    *out = (double)ns / (double)NS_PER_S;
    return 0;
}

static int set_format(Options *o, const char *s, char *err, size_t errsz) {
    if (strcmp(s, "csv") == 0) {
        o->format = FORMAT_CSV;
    } else if (strcmp(s, "jsonl") == 0) {
        o->format = FORMAT_JSONL;
    } else if (strcmp(s, "tegrastats") == 0) {
        o->format = FORMAT_TEGRASTATS;
    } else {
        snprintf(err, errsz, "--format: expected csv, jsonl or tegrastats, got '%s'", s);
        return 2;
    }
    o->format_set = true;
    return 0;
}

static int set_mode(Options *o, AppMode m, const char *what, char *err, size_t errsz) {
    if (o->mode != MODE_UI && o->mode != m) {
        snprintf(err, errsz, "%s cannot be combined with another mode", what);
        return 2;
    }
    o->mode = m;
    return 0;
}

static int parse_long_option(int c, Options *o, char *err, size_t errsz) {
    long v = 0;
    int rc = 0;
    switch (c) {
    case OPT_ROOT:
        o->root = optarg;
        if (!optarg[0]) { /* an empty path must never quietly mean the real board "/" */
            snprintf(err, errsz, "--root: expected a directory (the real board is --root /)");
            rc = 2;
        }
        break;
    case OPT_DEMO: o->demo = true; break;
    case OPT_BOARD: o->board = optarg; break;
    case OPT_SEED:
        rc = num("seed", optarg, 0, 2147483647L, &v, err, errsz);
        o->seed = (uint64_t)v;
        break;
    case OPT_HEADLESS: rc = set_mode(o, MODE_HEADLESS, "--headless", err, errsz); break;
    case OPT_INTERVAL:
        rc = num("interval", optarg, 1, 60000, &v, err, errsz);
        o->interval_ms = (int)v;
        break;
    case OPT_DISPLAY_INTERVAL:
        rc = num("display-interval", optarg, 50, 60000, &v, err, errsz);
        o->display_ms = (int)v;
        break;
    case OPT_COUNT: rc = num("count", optarg, 1, 1000000000L, &o->count, err, errsz); break;
    case OPT_DURATION: rc = seconds("duration", optarg, &o->duration_s, err, errsz); break;
    case OPT_LOG: o->log_path = optarg; break;
    case OPT_FORMAT: rc = set_format(o, optarg, err, errsz); break;
    case OPT_RAILS_ONLY: o->rails_only = true; break;
    case OPT_REALTIME: o->realtime = true; break;
    case OPT_LOG_MAX_MB:
        rc = num("log-max-mb", optarg, 1, 1048576, &o->log_max_mb, err, errsz);
        break;
    case OPT_PROM: o->prom_textfile = optarg; break;
    case OPT_THEME: o->theme = optarg; break;
    case OPT_CONFIG: o->config = optarg; break;
    case OPT_NO_COLOR: o->no_color = true; break;
    case OPT_NO_PROCS: o->no_procs = true; break;
    case OPT_PAGE:
        rc = num("page", optarg, 1, 20, &v, err, errsz);
        o->start_page = (int)v;
        break;
    case OPT_MONITOR_ONLY: o->monitor_only = true; break;
    case OPT_STRICT: o->strict = true; break;
    case OPT_TZ: o->tz = optarg; break;
    case OPT_INFO: rc = set_mode(o, MODE_INFO, "--info", err, errsz); break;
    case OPT_KEEP_SERIAL: o->keep_serial = true; break;
    case OPT_STATE_DIR:
        o->state_dir = optarg;
        if (!optarg[0]) {
            snprintf(err, errsz, "--state-dir: expected a directory");
            rc = 2;
        }
        break;
    case OPT_RESTORE: rc = set_mode(o, MODE_RESTORE, "--restore", err, errsz); break;
    case OPT_APPLY_PROFILE:
        o->profile = optarg;
        rc = set_mode(o, MODE_APPLY_PROFILE, "--apply-profile", err, errsz);
        break;
    case OPT_DRY_RUN: o->dry_run = true; break;
    case OPT_YES: o->assume_yes = true; break;
    case OPT_RUN_WORKLOAD:
        o->workload = optarg;
        rc = set_mode(o, MODE_RUN_WORKLOAD, "--run-workload", err, errsz);
        break;
    case OPT_WORKLOAD: o->workload = optarg; break;
    case 'o': o->output = optarg; break;
    case OPT_METRICS: o->metrics = optarg; break;
    case OPT_FROM:
        rc = seconds("from", optarg, &o->from_s, err, errsz);
        o->from_set = true;
        break;
    case OPT_TO:
        rc = seconds("to", optarg, &o->to_s, err, errsz);
        o->to_set = true;
        break;
    case OPT_A: o->exp_a = optarg; break;
    case OPT_B: o->exp_b = optarg; break;
    case OPT_REPEATS:
        rc = num("repeats", optarg, 1, 1000, &v, err, errsz);
        o->repeats = (int)v;
        break;
    case OPT_SETTLE:
        rc = num("settle", optarg, 0, 600000, &v, err, errsz);
        o->settle_ms = (int)v;
        break;
    default: snprintf(err, errsz, "unknown option (try --help)"); rc = 2;
    }
    return rc;
}

static int subcommand(const char *w, AppMode *m) {
    static const struct {
        const char *name;
        AppMode mode;
    } cmds[] = {{"replay", MODE_REPLAY},
                {"plot", MODE_PLOT},
                {"import", MODE_IMPORT},
                {"experiment", MODE_EXPERIMENT},
                {"capture", MODE_CAPTURE}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(w, cmds[i].name) == 0) {
            *m = cmds[i].mode;
            return 1;
        }
    }
    return 0;
}

static int check_combinations(Options *o, char *err, size_t errsz) {
    bool needs_input = o->mode == MODE_REPLAY || o->mode == MODE_PLOT || o->mode == MODE_IMPORT;
    if (needs_input && !o->input) {
        snprintf(err, errsz, "this command needs a FILE (try --help)");
        return 2;
    }
    if ((o->mode == MODE_PLOT || o->mode == MODE_IMPORT) && !o->output) {
        snprintf(err, errsz, "this command needs -o OUTPUT (try --help)");
        return 2;
    }
    if (o->mode == MODE_EXPERIMENT && (!o->workload || !o->exp_a || !o->exp_b)) {
        snprintf(err, errsz, "experiment needs --workload NAME --a X --b Y");
        return 2;
    }
    if (o->demo && o->root) {
        snprintf(err, errsz, "--demo runs on its own root: drop --root");
        return 2;
    }
    if (o->realtime && o->mode != MODE_HEADLESS) {
        snprintf(err, errsz, "--realtime only applies to --headless");
        return 2;
    }
    if (o->board && !o->demo) {
        snprintf(err, errsz, "--board only applies to --demo");
        return 2;
    }
    if (o->keep_serial && o->mode != MODE_CAPTURE && o->mode != MODE_INFO && o->mode != MODE_UI) {
        snprintf(err, errsz, "--keep-serial only applies to capture, --info and the monitor");
        return 2;
    }
    if (o->mode == MODE_CAPTURE && o->demo) {
        snprintf(err, errsz, "capture reads a board: use --root DIR for a simulated one");
        return 2;
    }
    if ((o->dry_run || o->assume_yes) && o->mode != MODE_APPLY_PROFILE) {
        snprintf(err, errsz, "%s only applies to --apply-profile",
                 o->dry_run ? "--dry-run" : "--yes");
        return 2;
    }
    return 0;
}

int cli_parse(int argc, char **argv, Options *o, char *err, size_t errsz) {
    memset(o, 0, sizeof *o);
    o->mode = MODE_UI;
    o->repeats = 3;
    o->settle_ms = 2000;
    err[0] = '\0';
    int first = 1;
    if (argc > 1 && subcommand(argv[1], &o->mode)) {
        first = 2;
    }
    optind = first;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":hVo:", long_opts, NULL)) != -1) {
        if (c == 'h') {
            o->mode = MODE_HELP;
            return 0;
        }
        if (c == 'V') {
            o->mode = MODE_VERSION;
            return 0;
        }
        if (c == '?' || c == ':') {
            const char *arg = argv[optind - 1];
            snprintf(err, errsz,
                     c == ':' ? "option '%s' needs a value (try --help)"
                              : "unknown option '%s' (try --help)",
                     arg);
            return 2;
        }
        int rc = parse_long_option(c, o, err, errsz);
        if (rc) {
            return rc;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (i == optind && first == 1 && o->mode == MODE_UI && subcommand(argv[i], &o->mode)) {
            continue; /* the command after the options: jtune --root DIR capture */
        }
        bool takes_file = o->mode == MODE_REPLAY || o->mode == MODE_PLOT || o->mode == MODE_IMPORT;
        if (takes_file && !o->input) {
            o->input = argv[i];
            continue;
        }
        snprintf(err, errsz, "unexpected argument '%s' (try --help)", argv[i]);
        return 2;
    }
    return check_combinations(o, err, errsz);
}
