/* SPDX-License-Identifier: MIT */
/* jtune-helper: the small privileged process that makes jtune's tuning writes.
 *
 *   jtune-helper --serve [--root DIR] [--state-dir DIR] [--fan-floor-pwm N] [--fan-margin-mc N]
 *       started by jtune with a SOCK_SEQPACKET socket on fd 3 (nothing else)
 *   jtune-helper --self-test [--root DIR]
 *       drop privileges exactly as --serve does and print the proof
 *
 * Start-up order: record the parent; keep only fd 3 (0-2 become /dev/null); umask 077; cwd /;
 * own session; ignore terminal signals; pre-open the root and the journal directory; drop
 * privileges (privdrop.c) and verify them; die with the parent; open the helper state; greet;
 * serve until EOF or a malformed message. See docs/helper.md.
 */
#include "jtune/core/syscompat.h"
#include "jtune/buildinfo.h"
#include "jtune/core/parse.h"
#include "jtune/helper/helper.h"
#include "jtune/priv/privdrop.h"
#include "jtune/helper/sandbox.h"
#include "jtune/platform/accounts.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The account the privileged helper runs as: a dedicated system user when the installation
 * created one, else nobody. Never root. */
#define HELPER_USER          "jtune-helper"
#define HELPER_FALLBACK_USER "nobody"

typedef struct {
    bool serve, self_test;
    const char *root;
    const char *state_dir;
    int fan_floor_pwm, fan_margin_mc; /* -1: default */
} Args;

typedef struct {
    bool privileged;   /* holds capabilities (root, or file capabilities) */
    bool invoker_root; /* the real uid is 0 */
    PrivSpec spec;
    char account[64];
} Plan;

static void usage(FILE *f) {
    fputs("Usage: jtune-helper --serve [--root DIR] [--state-dir DIR] [--fan-floor-pwm N]\n"
          "                    [--fan-margin-mc N]      (started by jtune, socket on fd 3)\n"
          "       jtune-helper --self-test [--root DIR] drop privileges and print the proof\n"
          "       jtune-helper --help | --version\n"
          "A --root other than / and --state-dir are honoured only when the caller is root or\n"
          "the helper holds no privilege. See docs/helper.md.\n",
          f);
}

static int int_arg(const char *name, const char *s, long lo, long hi, int *out) {
    int64_t v;
    if (parse_i64(s, strlen(s), &v) < 0 || v < lo || v > hi) {
        fprintf(stderr, "jtune-helper: --%s: expected a whole number from %ld to %ld, got '%s'\n",
                name, lo, hi, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* 0 ok, 1 exit 0 (help/version), 2 usage error. */
static int parse_args(int argc, char **argv, Args *a) {
    static const struct option opts[] = {{"serve", no_argument, NULL, 's'},
                                         {"self-test", no_argument, NULL, 't'},
                                         {"root", required_argument, NULL, 'r'},
                                         {"state-dir", required_argument, NULL, 'd'},
                                         {"fan-floor-pwm", required_argument, NULL, 'f'},
                                         {"fan-margin-mc", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    *a = (Args){.fan_floor_pwm = -1, .fan_margin_mc = -1};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': a->serve = true; break;
        case 't': a->self_test = true; break;
        case 'r': a->root = optarg; break;
        case 'd': a->state_dir = optarg; break;
        case 'f':
            if (int_arg("fan-floor-pwm", optarg, 0, 255, &a->fan_floor_pwm) < 0) {
                return 2;
            }
            break;
        case 'm':
            if (int_arg("fan-margin-mc", optarg, 0, 100000, &a->fan_margin_mc) < 0) {
                return 2;
            }
            break;
        case 'h': usage(stdout); return 1;
        case 'V': printf("jtune-helper %s\n", JTUNE_VERSION); return 1;
        default:
            fprintf(stderr, "jtune-helper: unknown option or missing value: %s\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "jtune-helper: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if ((a->root && !a->root[0]) || (a->state_dir && !a->state_dir[0])) {
        fprintf(stderr, "jtune-helper: --root and --state-dir need a directory, not ''\n");
        return 2;
    }
    if (a->serve == a->self_test) {
        fprintf(stderr, "jtune-helper: give exactly one of --serve and --self-test\n");
        return 2;
    }
    return 0;
}

/* Keep only fd keep (the socket); 0-2 become /dev/null so a stray write can never reach the
 * socket or a terminal. */
static void close_all_but(int keep) {
    for (int fd = 0; fd < keep; fd++) {
        close(fd);
    }
    syscompat_close_from(keep + 1, 0);
    for (int fd = 0; fd < keep && fd < 3; fd++) {
        open("/dev/null", O_RDWR); /* takes the lowest free number: 0, 1, 2 */
    }
}

static void detach(void) {
    umask(077);
    if (chdir("/") < 0) {
        _exit(1);
    }
    setsid();
    static const int ignored[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        (void)signal(ignored[i], SIG_IGN); /* valid signals: cannot fail */
    }
}

static bool is_real_root(const char *root) {
    char canon[PATH_MAX];
    return root == NULL || (realpath(root, canon) && strcmp(canon, "/") == 0);
}

/* Who to become, and whether this invocation is allowed at all. 0 or -errno with err set. */
static int make_plan(const Args *a, Plan *p, char *err, size_t errsz) {
    memset(p, 0, sizeof *p);
    p->invoker_root = getuid() == 0;
    p->privileged = geteuid() == 0 || privdrop_permitted() != 0;
    if (p->privileged && !p->invoker_root && (!is_real_root(a->root) || a->state_dir)) {
        snprintf(err, errsz,
                 "--root other than / and --state-dir need root or an unprivileged "
                 "helper (refusing: this helper holds capabilities)");
        return -EACCES;
    }
    if (!p->privileged) {
        p->spec.uid = getuid();
        p->spec.gid = getgid();
        int n = getgroups(PRIVDROP_MAX_GROUPS, p->spec.groups);
        p->spec.n_groups = n > 0 ? n : 0;
        snprintf(p->account, sizeof p->account, "uid %ld (unprivileged)", (long)p->spec.uid);
        return 0;
    }
    /* looked up in a child: the NSS modules stay out of this long-running process */
    Account pw;
    if (accounts_lookup(HELPER_USER, 0, 0, false, &pw) < 0 &&
        accounts_lookup(HELPER_FALLBACK_USER, 0, 0, false, &pw) < 0) {
        pw.uid = 0;
    }
    if (pw.uid == 0 || pw.gid == 0) {
        snprintf(err, errsz, "no unprivileged account to run as (%s or %s)", HELPER_USER,
                 HELPER_FALLBACK_USER);
        return -ENOENT;
    }
    p->spec = (PrivSpec){.uid = pw.uid,
                         .gid = pw.gid,
                         .keep = HELPER_CAPS,
                         .drop_bounding = true,
                         .change_ids = true};
    snprintf(p->account, sizeof p->account, "%s (uid %ld)", pw.name, (long)pw.uid);
    return 0;
}

static int drop(const Plan *p, char *report, size_t reportsz, char *err, size_t errsz) {
    int rc = privdrop_apply(&p->spec, err, errsz);
    if (rc < 0) {
        return rc;
    }
    rc = privdrop_verify(&p->spec, report, reportsz);
    if (rc < 0) {
        snprintf(err, errsz, "privilege check failed");
    }
    return rc;
}

/* Confine the dropped helper: writes only beneath the board's sys, proc/sys and
 * var/lib/nvpmodel (nvpmodel's status file) and the state directory, then the system-call
 * allowlist. Missing kernel support is reported in the two lines, never an error. */
static int sandbox(const Sysfs *fs, const char *state_dir, char *ll, char *sc, size_t n) {
    static const char *const dirs[] = {"sys", "proc/sys", "var/lib/nvpmodel"};
    int fds[4];
    int k = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        int fd = sysfs_openat(fs, dirs[i], O_PATH | O_DIRECTORY, 0);
        if (fd >= 0) {
            fds[k++] = fd;
        }
    }
    int fd = state_dir ? open(state_dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        fds[k++] = fd;
    }
    int rc = sandbox_landlock(fds, k, ll, n);
    for (int i = 0; i < k; i++) {
        close(fds[i]);
    }
    int rs = rc < 0 ? 0 : sandbox_seccomp(sc, n);
    return rc < 0 ? rc : rs < 0 ? rs : 0;
}

/* Try what the sandbox must refuse: creating a file beside the root (outside every allowed
 * directory), and a call off the allowlist (unshare). One line each. */
static void sandbox_probe(const char *root) {
    char canon[PATH_MAX], probe[PATH_MAX + 64];
    if (!realpath(root ? root : "/", canon)) {
        snprintf(canon, sizeof canon, "/");
    }
    char *slash = strrchr(canon, '/');
    if (slash && slash != canon) {
        *slash = '\0';
    } else {
        snprintf(canon, sizeof canon, "/");
    }
    snprintf(probe, sizeof probe, "%s/.jtune-sandbox-probe.%ld", strcmp(canon, "/") ? canon : "",
             (long)getpid());
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        unlink(probe);
        printf("probe: creating %s: allowed\n", probe);
    } else {
        printf("probe: creating %s: refused (%s)\n", probe, strerror(errno));
    }
    if (unshare(0) == 0) {
        printf("probe: unshare: allowed\n");
    } else {
        printf("probe: unshare: refused (%s)\n", strerror(errno));
    }
}

static int self_test(const Args *a) {
    Plan p;
    char err[256] = "", report[4096] = "";
    int rc = make_plan(a, &p, err, sizeof err);
    if (rc == 0) {
        printf("jtune-helper %s self-test: %s helper, invoked by uid %ld, becomes %s\n",
               JTUNE_VERSION, p.privileged ? "privileged" : "unprivileged", (long)getuid(),
               p.account);
        rc = drop(&p, report, sizeof report, err, sizeof err);
        fputs(report, stdout);
    }
    Sysfs *fs = NULL;
    if (rc == 0 && (rc = sysfs_open(&fs, a->root)) < 0) {
        snprintf(err, sizeof err, "cannot open the root: %s", strerror(-rc));
    }
    if (rc == 0) {
        char ll[256] = "", sc[256] = "";
        rc = sandbox(fs, a->state_dir ? a->state_dir : JTUNE_STATEDIR, ll, sc, sizeof ll);
        printf("%s\n%s\n", ll, sc[0] ? sc : "seccomp: not installed");
        if (rc < 0) {
            snprintf(err, sizeof err, "sandbox: %s", strerror(-rc));
        } else {
            sandbox_probe(a->root);
        }
        sysfs_close(fs);
    }
    if (rc < 0) {
        printf("result: FAILED (%s)\n", err);
        return 1;
    }
    printf("result: ok\n");
    return 0;
}

/* value: TUNE_STAGE_CAPS, the missing capability mask; else 0. */
static void greet_error(int fd, int rc, int stage, uint64_t value) {
    TuneReply rep;
    proto_reply_init(&rep, TUNE_OP_HELLO, 0, -rc);
    rep.aux = stage;
    rep.value = (int64_t)value;
    send(fd, &rep, sizeof rep, MSG_NOSIGNAL);
}

/* Pre-open what the drop would take away: the root (a --root tree may sit in a directory
 * only the invoker can reach). The state directory is opened after the drop, as the helper's
 * account with its kept capabilities: a file-capability helper has none effective before the
 * drop, and a directory the helper creates then belongs to the helper's account. */
static int preopen(const Args *a, const Plan *p, HelperConfig *cfg) {
    int rc = sysfs_open(&cfg->fs, a->root);
    if (rc < 0) {
        return rc;
    }
    cfg->state_dir = a->state_dir ? a->state_dir : JTUNE_STATEDIR;
    cfg->privileged = p->privileged;
    cfg->caps = p->spec.keep;
    cfg->child_caps = p->privileged ? HELPER_CHILD_CAPS : 0;
    return 0;
}

static void fan_policy(const Args *a, const Plan *p, HelperConfig *cfg) {
    bool strict_only = p->privileged && !p->invoker_root;
    if (a->fan_floor_pwm >= 0 && (!strict_only || a->fan_floor_pwm > cfg->fan_floor_pwm)) {
        cfg->fan_floor_pwm = a->fan_floor_pwm;
    }
    if (a->fan_margin_mc >= 0 && (!strict_only || a->fan_margin_mc > cfg->fan_margin_mc)) {
        cfg->fan_margin_mc = a->fan_margin_mc;
    }
}

static int serve(const Args *a) {
    const int fd = HELPER_SOCKET_FD;
    pid_t parent = getppid();
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_SEQPACKET) {
        fprintf(stderr,
                "jtune-helper: --serve needs a SOCK_SEQPACKET socket on fd %d (it is "
                "started by jtune)\n",
                fd);
        return 2;
    }
    close_all_but(fd);
    detach();
    Plan p;
    HelperConfig cfg;
    helper_config_init(&cfg);
    char err[512] = "";
    int stage = TUNE_STAGE_ARGS;
    int rc = make_plan(a, &p, err, sizeof err);
    if (rc == -ENOENT) {
        stage = TUNE_STAGE_ACCOUNT;
    }
    if (rc == 0) {
        stage = TUNE_STAGE_ROOT;
        rc = preopen(a, &p, &cfg);
    }
    uint64_t missing =
        rc == 0 && p.privileged ? privdrop_missing(&p.spec, privdrop_permitted()) : 0;
    if (missing) { /* incomplete file capabilities: say which, not "could not drop" */
        greet_error(fd, -EPERM, TUNE_STAGE_CAPS, missing);
        return 1;
    }
    if (rc == 0) {
        stage = TUNE_STAGE_DROP;
        rc = drop(&p, NULL, 0, err, sizeof err);
        rc = rc < 0 ? -EPERM : 0;
    }
    /* parent-death signal: set after the uid change (which clears it), then make sure the
     * parent did not die before it was armed */
    if (rc == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)) {
        return 1;
    }
    fan_policy(a, &p, &cfg);
    Helper *h = NULL;
    if (rc == 0) {
        rc = helper_open_stage(&h, &cfg, &stage, err, sizeof err);
    }
    char ll[256], sc[256];
    if (rc == 0 && (rc = sandbox(cfg.fs, cfg.state_dir, ll, sc, sizeof ll)) < 0) {
        stage = TUNE_STAGE_DROP;
    }
    if (rc < 0) {
        if (h) {
            helper_close(h);
        }
        greet_error(fd, rc, stage, 0);
        return 1;
    }
    TuneReply hello;
    helper_hello(h, &hello);
    if (send(fd, &hello, sizeof hello, MSG_NOSIGNAL) != (ssize_t)sizeof hello) {
        helper_close(h);
        return 1;
    }
    rc = helper_serve(h, fd);
    helper_close(h);
    return rc == 0 ? 0 : (PROTO_IS_MALFORMED(rc) ? 3 : 1);
}

int main(int argc, char **argv) {
    Args a;
    int rc = parse_args(argc, argv, &a);
    if (rc == 1) {
        return 0;
    }
    if (rc == 2) {
        fputs("(see jtune-helper --help)\n", stderr);
        return 2;
    }
    return a.self_test ? self_test(&a) : serve(&a);
}
