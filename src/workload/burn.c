/* SPDX-License-Identifier: MIT */
/* burn: argument parsing and the duty-cycled batch loop of the built-in burners. */
#include "jtune/workload/burn.h"

#include "jtune/platform/systime.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
    (void)sig;
    g_stop = 1;
}

bool burn_stopping(void) {
    return g_stop != 0;
}

int64_t burn_now_ns(void) {
    return systime_mono_ns();
}

void burn_usage(FILE *out, const char *prog, bool gpu) {
    fprintf(out,
            "Usage: %s --batches N --batch-ms MS --idle-ms MS [--kind gemm|copy]%s\n"
            "          [--demand-file PATH]\n"
            "Runs N batches of MS milliseconds of %s work with MS milliseconds of idle time\n"
            "between them, printing 'jtune-batch begin K' and 'jtune-batch end K' on stdout.\n"
            "  --kind gemm      compute-bound matrix multiply (default)\n"
            "  --kind copy      memory-bandwidth copy\n"
            "%s"
            "  --demand-file P  also announce the load in a simulated board's demand file\n",
            prog, gpu ? "" : " [--threads N]", gpu ? "GPU" : "CPU",
            gpu ? "" : "  --threads N      worker threads (default: one per allowed cpu)\n");
}

static int whole(const char *name, const char *s, long lo, long hi, int *out, char *err,
                 size_t errsz) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        snprintf(err, errsz, "--%s: expected a whole number from %ld to %ld, got '%s'", name, lo,
                 hi, s);
        return 2;
    }
    *out = (int)v;
    return 0;
}

int burn_parse_args(int argc, char **argv, BurnArgs *a, char *err, size_t errsz) {
    static const struct option opts[] = {
        {"batches", required_argument, NULL, 'n'}, {"batch-ms", required_argument, NULL, 'b'},
        {"idle-ms", required_argument, NULL, 'i'}, {"kind", required_argument, NULL, 'k'},
        {"threads", required_argument, NULL, 't'}, {"demand-file", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->batches = -1;
    a->batch_ms = -1;
    a->idle_ms = -1;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': rc = whole("batches", optarg, 1, 1000000, &a->batches, err, errsz); break;
        case 'b': rc = whole("batch-ms", optarg, 1, 86400000, &a->batch_ms, err, errsz); break;
        case 'i': rc = whole("idle-ms", optarg, 0, 86400000, &a->idle_ms, err, errsz); break;
        case 't': rc = whole("threads", optarg, 1, 1024, &a->threads, err, errsz); break;
        case 'd': a->demand_file = optarg; break;
        case 'k':
            if (strcmp(optarg, "gemm") == 0) {
                a->kind = BURN_GEMM;
            } else if (strcmp(optarg, "copy") == 0) {
                a->kind = BURN_COPY;
            } else {
                snprintf(err, errsz, "--kind: expected gemm or copy, got '%s'", optarg);
                rc = 2;
            }
            break;
        case 'h': snprintf(err, errsz, "help"); return 1;
        default:
            snprintf(err, errsz, "unknown or incomplete option '%s' (try --help)",
                     argv[optind - 1]);
            rc = 2;
        }
    }
    if (rc == 0 && optind < argc) {
        snprintf(err, errsz, "unexpected argument '%s'", argv[optind]);
        rc = 2;
    }
    if (rc == 0 && (a->batches < 0 || a->batch_ms < 0 || a->idle_ms < 0)) {
        snprintf(err, errsz, "--batches, --batch-ms and --idle-ms are required");
        rc = 2;
    }
    return rc;
}

/* Rewrite the demand file in place (readers keep their fd open). A failed write is said
 * once: the simulated board then shows no load for this workload. */
static void demand_write(const char *path, const char *text) {
    static bool warned;
    if (!path || !text) {
        return;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return; /* the board is not simulated: nothing to tell */
    }
    size_t n = strlen(text);
    if ((pwrite(fd, text, n, 0) != (ssize_t)n || ftruncate(fd, (off_t)n) < 0) && !warned) {
        fprintf(stderr, "jtune-burn-cpu: cannot write the simulator's demand file %s: %s\n", path,
                strerror(errno));
        warned = true;
    }
    close(fd);
}

int burn_run(const BurnArgs *a, BurnWork work, void *ctx, const char *busy_demand,
             const char *idle_demand, FILE *out) {
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    g_stop = 0;
    int rc = 0;
    for (int k = 1; k <= a->batches && !g_stop; k++) {
        fprintf(out, BURN_LINE_PREFIX "begin %d\n", k);
        (void)fflush(out); /* a marker for a reader that may be gone: the burn goes on */
        demand_write(a->demand_file, busy_demand);
        int64_t end = burn_now_ns() + (int64_t)a->batch_ms * 1000000;
        int w = work(ctx, end);
        demand_write(a->demand_file, idle_demand);
        fprintf(out, BURN_LINE_PREFIX "end %d\n", k);
        (void)fflush(out); /* as above */
        if (w < 0) {
            fprintf(stderr, "batch %d failed: %s\n", k, strerror(-w));
            rc = 1;
            break;
        }
        if (k < a->batches) {
            systime_sleep_until_ns(burn_now_ns() + (int64_t)a->idle_ms * NS_PER_MS, &g_stop);
        }
    }
    if (rc == 0 && g_stop) {
        rc = 130;
    }
    return rc;
}
