/* SPDX-License-Identifier: MIT */
/* jtune-sim: build and animate a simulated Jetson's sysfs/procfs tree under a root. */
#include "jtune/platform/systime.h"
#include "jtune/buildinfo.h"
#include "jtune/core/parse.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/nvpmodel.h"
#include "jtune/sim/sim.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

typedef struct {
    const char *board;
    const char *root;
    uint64_t seed;
    int hz;
    bool once;
    long ticks; /* -1: run until a signal */
    int ready_fd;
    bool list, help;
} Opts;

static void help(FILE *f) {
    fprintf(f,
            "usage: jtune-sim --root DIR [--board NAME|FILE.ini] [--seed N] [--hz N]\n"
            "                 [--once | --ticks N] [--ready-fd FD]\n"
            "       jtune-sim --list\n"
            "       jtune-sim nvpmodel --root DIR (-q | -p | -m MODE) [--verbose]\n"
            "\n"
            "Builds the sysfs/procfs tree of a simulated Jetson under DIR and animates it:\n"
            "load, clocks, power rails, temperatures, fan, counters. Every file has its real\n"
            "name, format and permissions; hwmon, thermal_zone and cooling_device numbers are\n"
            "shuffled per seed, so find devices by name/type. Files are rewritten in place.\n"
            "\n"
            "  --root DIR       the tree's root (created if missing; never \"/\")\n"
            "  --board NAME     a board from the boards directory, or a .ini path\n"
            "                   (default orin-nano-super; see --list)\n"
            "  --seed N         numbering and every random draw (default 1): the same seed and\n"
            "                   the same writes give the same tree\n"
            "  --hz N           ticks per second of simulated time (default 10)\n"
            "  --once           write the tree for the boot state and exit\n"
            "  --ticks N        run N ticks as fast as possible (no sleeping) and exit\n"
            "  --ready-fd FD    write one byte to FD once the tree is complete\n"
            "  --list           list the boards with a one-line description\n"
            "\n"
            "While it runs it reacts to writes as the kernel would: cpuN/online (cpu0 refuses),\n"
            "scaling_{min,max}_freq (rounded to the table, applied to the whole policy),\n"
            "scaling_governor and scaling_setspeed, GPU devfreq min/max_freq and governor,\n"
            "railgate_enable, tpc_pg_mask, the EMC cap, cpuidle stateN/disable, pwm1 or\n"
            "target_pwm, thermal_zoneN/policy, "
            "rfkill soft/state and USB power/control.\n"
            "nvfancontrol runs as a process (proc/PID/comm) and rewrites pwm1 from its\n"
            "profile curve every few seconds, whatever was written by hand; stopped, the\n"
            "kernel's governor on tj-thermal drives pwm1 unless that zone's policy is\n"
            "user_space. Write start, stop or restart to DIR/%s\n"
            "for \"systemctl start|stop|restart nvfancontrol\" (it reads active or\n"
            "inactive); the daemon reads var/lib/nvfancontrol/status when it starts, or\n"
            "FAN_DEFAULT_PROFILE of etc/nvfancontrol.conf when that file was removed.\n"
            "A refused write is put back on the next tick. Power-gated thermal zones are\n"
            "FIFOs: reads fail with EAGAIN while it runs.\n"
            "\n"
            "Workload demand: write lines to DIR/%s\n"
            "  cpu <cpulist> <pct>    gpu <pct>    emc <pct>\n"
            "(demand adds to the synthetic background load).\n"
            "\n"
            "DIR/usr/sbin/nvpmodel runs \"jtune-sim nvpmodel --root DIR\": -q, -q --verbose,\n"
            "-p --verbose and -m N like nvpmodel, including the reboot prompt for modes that\n"
            "change the online cores or the TPC mask (answer YES or yes on stdin).\n"
            "\n"
            "Boards are looked up in $JTUNE_DATADIR/boards, the source tree's config/boards\n"
            "(when run from the build tree) and DATADIR/boards (DATADIR: %s beside this\n"
            "program's bindir).\n",
            SIM_NVFAN_UNIT_PATH, SIMDEMAND_PATH, JTUNE_REL_DATADIR);
}

static bool num_arg(const char *v, int64_t lo, int64_t hi, int64_t *out) {
    return v && parse_i64(v, strlen(v), out) == 0 && *out >= lo && *out <= hi;
}

static int parse_opts(int argc, char **argv, Opts *o) {
    *o = (Opts){.board = "orin-nano-super", .seed = 1, .hz = 10, .ticks = -1, .ready_fd = -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t n;
        bool takes = true;
        /* argv[i] is never NULL for i < argc (C11 5.1.2.2.1); the analyzer assumes it may be */
        // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): see the line above
        if (!strcmp(a, "--board") && v) {
            o->board = v;
        } else if (!strcmp(a, "--root") && v) {
            o->root = v;
        } else if (!strcmp(a, "--seed") && num_arg(v, 0, INT64_MAX, &n)) {
            o->seed = (uint64_t)n;
        } else if (!strcmp(a, "--hz") && num_arg(v, 1, 1000, &n)) {
            o->hz = (int)n;
        } else if (!strcmp(a, "--ticks") && num_arg(v, 0, 1000000000, &n)) {
            o->ticks = (long)n;
        } else if (!strcmp(a, "--ready-fd") && num_arg(v, 0, 65535, &n)) {
            o->ready_fd = (int)n;
        } else {
            takes = false;
            if (!strcmp(a, "--once")) {
                o->once = true;
            } else if (!strcmp(a, "--list")) {
                o->list = true;
            } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                o->help = true;
            } else {
                fprintf(stderr, "jtune-sim: bad option or value: %s (see --help)\n", a);
                return -1;
            }
        }
        i += takes;
    }
    if (!o->list && !o->help && !o->root) {
        fprintf(stderr, "jtune-sim: --root DIR is required (see --help)\n");
        return -1;
    }
    return 0;
}

static void print_board(void *user, const char *name, const char *desc, const char *path) {
    (void)user;
    (void)path;
    printf("%-18s %s\n", name, desc);
}

static void report_warning(Sim *s) {
    const char *w = sim_warning(s);
    if (w) {
        fprintf(stderr, "jtune-sim: warning: %s\n", w);
    }
}

static void signal_ready(int fd) {
    if (fd < 0) {
        return;
    }
    ssize_t n;
    do {
        n = write(fd, "1", 1);
    } while (n < 0 && errno == EINTR);
    close(fd);
}

/* Tick until a signal (or, with --ticks, N times without sleeping). */
static int animate(Sim *s, const Opts *o) {
    int64_t next_ns = systime_mono_ns();
    for (long i = 0; o->ticks < 0 || i < o->ticks; i++) {
        if (stop_requested) {
            break;
        }
        if (o->ticks < 0) {
            next_ns += NS_PER_S / o->hz;
            systime_sleep_until_ns(next_ns, &stop_requested);
            if (stop_requested) {
                break;
            }
        }
        int rc = sim_tick(s);
        report_warning(s);
        if (rc < 0) {
            fprintf(stderr, "jtune-sim: tick failed: %s\n", strerror(-rc));
            return 1;
        }
    }
    return 0;
}

static int run(const Opts *o) {
    char path[1024];
    if (simboard_locate(o->board, path, sizeof path) < 0) {
        fprintf(stderr, "jtune-sim: no board \"%s\" (see --list)\n", o->board);
        return 2;
    }
    SimBoard *b = malloc(sizeof *b);
    Diag d = {0};
    int rc = b ? simboard_load(path, b, &d) : -ENOMEM;
    for (int i = 0; i < d.n; i++) {
        fprintf(stderr, "%s\n", d.msg[i]);
    }
    if (rc < 0) {
        free(b);
        return 2;
    }
    Sim *s = NULL;
    const char *why = NULL;
    SimConfig cfg = {.root = o->root, .seed = o->seed, .hz = o->hz};
    rc = sim_open(&s, b, &cfg, &why);
    free(b);
    if (rc < 0) {
        fprintf(stderr, "jtune-sim: cannot build the tree in %s: %s\n", o->root, why);
        return 1;
    }
    report_warning(s);
    signal_ready(o->ready_fd);
    int status = o->once ? 0 : animate(s, o);
    sim_close(s);
    return status;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "nvpmodel")) {
        return simnvpmodel_main(argc - 1, argv + 1, stdin, stdout, stderr);
    }
    Opts o;
    if (parse_opts(argc, argv, &o) < 0) {
        return 2;
    }
    if (o.help) {
        help(stdout);
        return 0;
    }
    if (o.list) {
        return simboard_list(print_board, NULL) > 0 ? 0 : 1;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    (void)signal(SIGPIPE, SIG_IGN); /* a valid signal: cannot fail */
    return run(&o);
}
