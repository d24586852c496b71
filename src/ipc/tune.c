/* SPDX-License-Identifier: MIT */
/* client: start jtune-helper, send typed requests, survive its death. */
#include "jtune/core/emuexec.h"
#include "jtune/core/syscompat.h"
#include "jtune/ipc/tune.h"
#include "jtune/ipc/tunemsg.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HELPER_FD          3 /* the helper's end of the socket, by convention */
#define DEFAULT_TIMEOUT_MS 60000
#define STOP_GRACE_MS      3000

struct TuneClient {
    int fd;
    pid_t pid;
    uint32_t seq; /* last sequence number sent */
    bool connected;
    bool privileged;
    bool journal_bad; /* the helper set an unreadable journal aside at start */
    int pending;
    int changes; /* journal entries, from the last answer */
    int timeout_ms;
    char status[384];
    char last_error[384];
};

void tune_opts_init(TuneStartOpts *o) {
    memset(o, 0, sizeof *o);
    o->fan_floor_pwm = -1;
    o->fan_margin_mc = -1;
}

static TuneClient *client_new(void) {
    TuneClient *c = calloc(1, sizeof *c);
    if (c) {
        c->fd = -1;
        c->timeout_ms = DEFAULT_TIMEOUT_MS;
    }
    return c;
}

TuneClient *tune_offline(const char *why, const char *how) {
    TuneClient *c = client_new();
    if (c) {
        snprintf(c->status, sizeof c->status, "monitor only: %s; %s", why, how);
    }
    return c;
}

/* Reap the helper: wait up to grace_ms for it to exit by itself, then kill it. */
static void reap(TuneClient *c, int grace_ms, int *status) {
    int st = 0;
    if (c->pid <= 0) {
        return;
    }
    for (int waited = 0;; waited += 10) {
        pid_t r = waitpid(c->pid, &st, WNOHANG);
        if (r == c->pid || (r < 0 && errno != EINTR)) {
            break;
        }
        if (waited >= grace_ms) {
            kill(c->pid, SIGKILL);
            while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        struct timespec ts = {0, 10L * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (status) {
        *status = st;
    }
    c->pid = 0;
}

/* The helper is gone or broken: close, reap, say so. Monitoring goes on. */
static void disconnect(TuneClient *c, const char *why) {
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    reap(c, 0, NULL);
    c->connected = false;
    snprintf(c->status, sizeof c->status,
             "monitor only: the helper stopped (%s); restart jtune to tune again", why);
}

/* Wait for one reply to op/seq. 0, or -ENOTCONN/-ETIMEDOUT/-EPROTO after disconnecting. */
static int recv_reply(TuneClient *c, uint16_t op, uint32_t seq, TuneReply *rep) {
    for (;;) {
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int r = poll(&p, 1, c->timeout_ms);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r == 0) {
            disconnect(c, "no answer in time");
            return -ETIMEDOUT;
        }
        unsigned char buf[128];
        ssize_t n = r < 0 ? -1 : recv(c->fd, buf, sizeof buf, MSG_TRUNC);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            disconnect(c, n == 0 ? "it exited" : strerror(errno));
            return -ENOTCONN;
        }
        if (proto_decode_reply(buf, (size_t)n, op, seq, rep) < 0) {
            disconnect(c, "malformed answer");
            return -EPROTO;
        }
        return 0;
    }
}

static void child_exec(int sock, const char *const argv[]) {
    static const char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
    if (sock == HELPER_FD) {
        if (fcntl(sock, F_SETFD, 0) < 0) {
            _exit(126);
        }
    } else if (dup2(sock, HELPER_FD) < 0) {
        _exit(126);
    }
    syscompat_close_from(HELPER_FD + 1, 0);
    emuexec_execve(argv[0], argv, envp);
    _exit(127);
}

static void build_argv(const TuneStartOpts *o, char *floor, char *margin, const char *argv[12]) {
    int n = 0;
    argv[n++] = o->helper_path;
    argv[n++] = "--serve";
    if (o->root) {
        argv[n++] = "--root";
        argv[n++] = o->root;
    }
    if (o->state_dir) {
        argv[n++] = "--state-dir";
        argv[n++] = o->state_dir;
    }
    if (o->fan_floor_pwm >= 0) {
        snprintf(floor, 16, "%d", o->fan_floor_pwm);
        argv[n++] = "--fan-floor-pwm";
        argv[n++] = floor;
    }
    if (o->fan_margin_mc >= 0) {
        snprintf(margin, 16, "%d", o->fan_margin_mc);
        argv[n++] = "--fan-margin-mc";
        argv[n++] = margin;
    }
    argv[n] = NULL;
}

/* Read the greeting; on failure the client ends up monitor-only with the reason. */
static int greet(TuneClient *c, const char *path, const char *state_dir) {
    TuneReply hello;
    int rc = recv_reply(c, TUNE_OP_HELLO, 0, &hello);
    if (rc == -ENOTCONN) {
        snprintf(c->status, sizeof c->status,
                 "monitor only: %s did not start; check that it is installed and executable", path);
        return -ECHILD;
    }
    if (rc < 0) {
        return rc;
    }
    if (hello.err != 0) {
        disconnect(c, "refused to start");
        char why[300];
        if (hello.aux == TUNE_STAGE_CAPS) {
            tunemsg_hello_explain_caps((uint64_t)hello.value, path, why, sizeof why);
        } else {
            tunemsg_hello_explain(hello.err, (int)hello.aux, state_dir, why, sizeof why);
        }
        snprintf(c->status, sizeof c->status, "monitor only: %s", why);
        return -hello.err;
    }
    c->connected = true;
    c->privileged = (hello.flags & TUNE_RF_PRIVILEGED) != 0;
    c->journal_bad = (hello.flags & TUNE_RF_JOURNAL_BAD) != 0;
    c->pending = (int)hello.aux;
    c->changes = (int)hello.aux;
    snprintf(c->status, sizeof c->status, "helper connected%s",
             c->privileged ? "" : " (unprivileged: simulated board)");
    return 0;
}

int tune_start(TuneClient **out, const TuneStartOpts *o) {
    TuneClient *c = client_new();
    *out = c;
    if (!c) {
        return -ENOMEM;
    }
    if (!o->helper_path || o->helper_path[0] != '/') {
        snprintf(c->status, sizeof c->status,
                 "monitor only: no helper path; reinstall jtune (see docs/helper.md)");
        return -EINVAL;
    }
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;
    char floor[16], margin[16];
    const char *argv[12];
    build_argv(o, floor, margin, argv);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        int rc = -errno;
        snprintf(c->status, sizeof c->status, "monitor only: socketpair: %s", strerror(-rc));
        return rc;
    }
    pid_t pid = fork();
    if (pid == 0) {
        child_exec(sv[1], argv);
    }
    int rc = pid < 0 ? -errno : 0;
    close(sv[1]);
    if (rc < 0) {
        close(sv[0]);
        snprintf(c->status, sizeof c->status, "monitor only: fork: %s", strerror(-rc));
        return rc;
    }
    c->fd = sv[0];
    c->pid = pid;
    return greet(c, o->helper_path, o->state_dir);
}

void tune_stop(TuneClient *c) {
    if (!c) {
        return;
    }
    if (c->fd >= 0) {
        shutdown(c->fd, SHUT_RDWR);
        close(c->fd);
        c->fd = -1;
    }
    reap(c, STOP_GRACE_MS, NULL);
    free(c);
}

bool tune_connected(const TuneClient *c) {
    return c && c->connected;
}

const char *tune_status(const TuneClient *c) {
    return c ? c->status : "monitor only: out of memory; restart jtune";
}

const char *tune_last_error(const TuneClient *c) {
    return c ? c->last_error : "";
}

bool tune_journal_bad(const TuneClient *c) {
    return c && c->journal_bad;
}

bool tune_privileged(const TuneClient *c) {
    return c && c->connected && c->privileged;
}

int tune_pending(const TuneClient *c) {
    return c ? c->pending : 0;
}

int tune_changes(const TuneClient *c) {
    return c ? c->changes : 0;
}

pid_t tune_helper_pid(const TuneClient *c) {
    return c ? c->pid : 0;
}

static int call(TuneClient *c, TuneOp op, TuneTarget t, uint32_t index, uint16_t sub, int64_t v,
                TuneReply *rep) {
    if (!c) {
        return -ENOTCONN;
    }
    c->last_error[0] = '\0';
    if (!c->connected) {
        snprintf(c->last_error, sizeof c->last_error, "%s", c->status);
        return -ENOTCONN;
    }
    TuneRequest r;
    proto_request_init(&r, op, c->seq + 1, t, index, sub, v);
    ssize_t sent;
    do {
        sent = send(c->fd, &r, sizeof r, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR); /* the UI's SIGWINCH must not cost the session */
    if (sent != (ssize_t)sizeof r) {
        disconnect(c, errno == EPIPE || errno == ECONNRESET ? "it exited" : strerror(errno));
        snprintf(c->last_error, sizeof c->last_error, "%s", c->status);
        return -ENOTCONN;
    }
    c->seq++;
    int rc = recv_reply(c, (uint16_t)op, c->seq, rep);
    if (rc < 0) {
        snprintf(c->last_error, sizeof c->last_error, "%s", c->status);
        return rc;
    }
    if (rep->err == 0 || op == TUNE_OP_RESTORE) {
        c->changes = (int)rep->aux;
    }
    if (rep->err) {
        if (proto_op_has_target(op)) {
            tunemsg_explain(t, rep->err, rep->aux, c->last_error, sizeof c->last_error);
        } else {
            snprintf(c->last_error, sizeof c->last_error, "%s: %s", proto_op_name(op),
                     tunemsg_strerror(rep->err));
        }
        return -rep->err;
    }
    return 0;
}

int tune_set(TuneClient *c, TuneTarget t, uint32_t index, uint16_t sub, int64_t value) {
    TuneReply rep;
    return call(c, TUNE_OP_SET, t, index, sub, value, &rep);
}

int tune_get(TuneClient *c, TuneTarget t, uint32_t index, uint16_t sub, int64_t *value) {
    TuneReply rep;
    int rc = call(c, TUNE_OP_GET, t, index, sub, 0, &rep);
    if (rc == 0) {
        *value = rep.value;
    }
    return rc;
}

static int non_negative(TuneClient *c, int v) {
    if (v < 0) {
        if (c) {
            snprintf(c->last_error, sizeof c->last_error, "no such instance (%d)", v);
        }
        return -ENODEV;
    }
    return 0;
}

int tune_cpu_online(TuneClient *c, int cpu, bool online) {
    int rc = non_negative(c, cpu);
    return rc ? rc : tune_set(c, TUNE_T_CPU_ONLINE, (uint32_t)cpu, 0, online);
}

int tune_cpu_governor(TuneClient *c, int policy, TuneGovernor g) {
    int rc = non_negative(c, policy);
    return rc ? rc : tune_set(c, TUNE_T_CPU_GOVERNOR, (uint32_t)policy, 0, g);
}

int tune_cpu_min_khz(TuneClient *c, int policy, int64_t khz) {
    int rc = non_negative(c, policy);
    return rc ? rc : tune_set(c, TUNE_T_CPU_MIN_KHZ, (uint32_t)policy, 0, khz);
}

int tune_cpu_max_khz(TuneClient *c, int policy, int64_t khz) {
    int rc = non_negative(c, policy);
    return rc ? rc : tune_set(c, TUNE_T_CPU_MAX_KHZ, (uint32_t)policy, 0, khz);
}

int tune_gpu_min_hz(TuneClient *c, int64_t hz) {
    return tune_set(c, TUNE_T_GPU_MIN_HZ, 0, 0, hz);
}

int tune_gpu_max_hz(TuneClient *c, int64_t hz) {
    return tune_set(c, TUNE_T_GPU_MAX_HZ, 0, 0, hz);
}

int tune_emc_cap_hz(TuneClient *c, int64_t hz) {
    return tune_set(c, TUNE_T_EMC_CAP_HZ, 0, 0, hz);
}

int tune_cpuidle_disable(TuneClient *c, int cpu, int state, bool disable) {
    if (cpu < -1 || state < 0 || state > UINT16_MAX) {
        return non_negative(c, -1);
    }
    uint32_t index = cpu == -1 ? TUNE_ALL : (uint32_t)cpu;
    return tune_set(c, TUNE_T_CPUIDLE_DISABLE, index, (uint16_t)state, disable);
}

int tune_fan_pwm(TuneClient *c, int pwm) {
    return tune_set(c, TUNE_T_FAN_PWM, 0, 0, pwm);
}

int tune_fan_auto(TuneClient *c) {
    return tune_set(c, TUNE_T_FAN_MODE, 0, 0, TUNE_FAN_AUTO);
}

int tune_radio_block(TuneClient *c, int rfkill, bool blocked) {
    int rc = non_negative(c, rfkill);
    return rc ? rc : tune_set(c, TUNE_T_RADIO_BLOCK, (uint32_t)rfkill, 0, blocked);
}

int tune_gpu_railgate(TuneClient *c, bool on) {
    return tune_set(c, TUNE_T_GPU_RAILGATE, 0, 0, on);
}

int tune_gpu_3d_scaling(TuneClient *c, bool on) {
    return tune_set(c, TUNE_T_GPU_3D_SCALING, 0, 0, on);
}

int tune_nvpmodel(TuneClient *c, int mode) {
    return tune_set(c, TUNE_T_NVPMODEL, 0, 0, mode);
}

int tune_usb_power(TuneClient *c, const char *device, TuneUsbPower p) {
    uint32_t id;
    if (!device || proto_usb_id_parse(device, &id) < 0) {
        if (c) {
            snprintf(c->last_error, sizeof c->last_error, "not a USB device name: '%s'",
                     device ? device : "");
        }
        return -ENODEV;
    }
    return tune_set(c, TUNE_T_USB_POWER, id, 0, p);
}

int tune_thp(TuneClient *c, TuneThp t) {
    return tune_set(c, TUNE_T_THP_ENABLED, 0, 0, t);
}

int tune_vm_swappiness(TuneClient *c, int value) {
    return tune_set(c, TUNE_T_VM_SWAPPINESS, 0, 0, value);
}

int tune_vm_dirty_ratio(TuneClient *c, int pct) {
    return tune_set(c, TUNE_T_VM_DIRTY_RATIO, 0, 0, pct);
}

int tune_vm_dirty_background_ratio(TuneClient *c, int pct) {
    return tune_set(c, TUNE_T_VM_DIRTY_BG_RATIO, 0, 0, pct);
}

int tune_restore(TuneClient *c, int *restored, int *failed) {
    TuneReply rep;
    int rc = call(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0, &rep);
    bool answered = rc == 0 || (c && c->connected);
    if (restored) {
        *restored = answered ? (int)rep.value : 0;
    }
    if (failed) {
        *failed = answered ? (int)rep.aux : 0;
    }
    if (rc == 0 && c) {
        c->pending = 0;
    }
    return rc;
}

int tune_keep(TuneClient *c) {
    TuneReply rep;
    int rc = call(c, TUNE_OP_KEEP, TUNE_T_NONE, 0, 0, 0, &rep);
    if (rc == 0) {
        c->pending = 0;
    }
    return rc;
}

int tune_txn_begin(TuneClient *c) {
    TuneReply rep;
    return call(c, TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0, &rep);
}

int tune_txn_commit(TuneClient *c) {
    TuneReply rep;
    return call(c, TUNE_OP_TXN_COMMIT, TUNE_T_NONE, 0, 0, 0, &rep);
}

int tune_txn_abort(TuneClient *c) {
    TuneReply rep;
    return call(c, TUNE_OP_TXN_ABORT, TUNE_T_NONE, 0, 0, 0, &rep);
}

int tune_send_raw(TuneClient *c, const void *buf, size_t len) {
    if (!c || c->fd < 0) {
        return -ENOTCONN;
    }
    ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
    return n < 0 ? -errno : 0;
}

uint32_t tune_next_seq(const TuneClient *c) {
    return c ? c->seq + 1 : 0;
}

int tune_wait_exit(TuneClient *c, int *status) {
    if (!c || c->pid <= 0) {
        return -ECHILD;
    }
    int st;
    while (waitpid(c->pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return -errno;
        }
    }
    c->pid = 0;
    if (status) {
        *status = st;
    }
    return 0;
}
