/* SPDX-License-Identifier: MIT */
/* tune: the real jtune-helper process behind the client API - start, typed calls, every
 * malformed message kind ending the helper, surviving its death, start-up refusals. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/core/emuexec.h"

#include "fixture.h"
#include "helperfx.h"
#include "jtune/ipc/tune.h"

#define CPU5_ONLINE "sys/devices/system/cpu/cpu5/online"

typedef struct {
    HelperFx hx;
    TuneClient *t;
} Ctx;

static int start(Ctx *c, TuneClient **t) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = c->hx.fx.root;
    o.state_dir = c->hx.state;
    return tune_start(t, &o);
}

static int setup(void **state) {
    signal(SIGPIPE, SIG_DFL); /* a write to a dead helper must not kill us: MSG_NOSIGNAL */
    Ctx *c = calloc(1, sizeof *c);
    assert_int_equal(helperfx_load(&c->hx, "orin-nano-super.tree"), 0);
    int rc = start(c, &c->t);
    if (rc != 0) {
        fail_msg("tune_start: %d: %s", rc, tune_status(c->t));
    }
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    tune_stop(c->t);
    helperfx_cleanup(&c->hx);
    free(c);
    return 0;
}

static const char *node(Ctx *c, const char *rel) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", slurp_static(fixture_path(&c->hx.fx, rel)));
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static void test_typed_calls(void **state) {
    Ctx *c = *state;
    assert_true(tune_connected(c->t));
    assert_int_equal(strncmp(tune_status(c->t), "helper connected", 16), 0);
    assert_true(tune_helper_pid(c->t) > 0);
    assert_int_equal(tune_privileged(c->t), helperfx_is_root());
    assert_int_equal(tune_cpu_online(c->t, 5, false), 0);
    assert_string_equal(node(c, CPU5_ONLINE), "0");
    assert_string_equal(tune_last_error(c->t), "");
    assert_int_equal(tune_cpu_online(c->t, 0, false), -EPERM);
    assert_non_null(strstr(tune_last_error(c->t), "cpu0"));
    assert_int_equal(tune_fan_pwm(c->t, 300), -EINVAL); /* refused; the helper lives on */
    assert_int_equal(tune_cpu_max_khz(c->t, 4, 1111111), -EINVAL);
    assert_int_equal(tune_cpu_governor(c->t, 0, TUNE_GOV_POWERSAVE), 0);
    assert_int_equal(tune_cpuidle_disable(c->t, -1, 1, true), 0);
    assert_string_equal(node(c, "sys/devices/system/cpu/cpu3/cpuidle/state1/disable"), "1");
    assert_int_equal(tune_radio_block(c->t, 1, true), 0);
    assert_int_equal(tune_usb_power(c->t, "1-2", TUNE_USB_ON), 0);
    assert_int_equal(tune_usb_power(c->t, "1-2:1.0", TUNE_USB_ON), -ENODEV);
    assert_int_equal(tune_thp(c->t, TUNE_THP_NEVER), 0);
    assert_int_equal(tune_vm_dirty_ratio(c->t, 30), 0);
    int64_t v = 0;
    assert_int_equal(tune_get(c->t, TUNE_T_CPU_ONLINE, 5, 0, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(tune_changes(c->t), 12); /* what a quit would offer to restore */
    int restored = -1, failed = -1;
    assert_int_equal(tune_restore(c->t, &restored, &failed), 0);
    assert_int_equal(tune_changes(c->t), 0);
    assert_int_equal(restored, 12); /* 6 single nodes + cpuidle state1 on 6 cores */
    assert_int_equal(failed, 0);
    assert_string_equal(node(c, CPU5_ONLINE), "1");
    assert_string_equal(node(c, "sys/devices/system/cpu/cpufreq/policy0/scaling_governor"),
                        "schedutil");
}

static void test_transactions(void **state) {
    Ctx *c = *state;
    assert_int_equal(tune_txn_begin(c->t), 0);
    assert_int_equal(tune_cpu_online(c->t, 5, false), 0);
    assert_int_equal(tune_gpu_max_hz(c->t, 123), -EINVAL);
    assert_int_equal(tune_fan_pwm(c->t, 100), -ECANCELED);
    assert_int_equal(tune_txn_commit(c->t), -EINVAL);
    assert_string_equal(node(c, CPU5_ONLINE), "1");
    assert_int_equal(tune_txn_begin(c->t), 0);
    assert_int_equal(tune_cpu_online(c->t, 5, false), 0);
    assert_int_equal(tune_txn_commit(c->t), 0);
    assert_string_equal(node(c, CPU5_ONLINE), "0");
    assert_int_equal(tune_changes(c->t), 1);
    assert_int_equal(tune_keep(c->t), 0);
    assert_int_equal(tune_changes(c->t), 0);
    int restored = -1;
    assert_int_equal(tune_restore(c->t, &restored, NULL), 0);
    assert_int_equal(restored, 0);
    assert_string_equal(node(c, CPU5_ONLINE), "0");
}

typedef enum {
    M_SHORT,
    M_LONG,
    M_MAGIC,
    M_VERSION,
    M_SEQ_OLD,
    M_SEQ_GAP,
    M_OP,
    M_TARGET,
    M_FIELDS,
    M_COUNT
} Malformed;

static size_t malformed(Malformed kind, uint32_t seq, unsigned char *buf) {
    TuneRequest r;
    proto_request_init(&r, TUNE_OP_SET, seq, TUNE_T_CPU_ONLINE, 5, 0, 0);
    size_t len = sizeof r;
    switch (kind) {
    case M_SHORT: len -= 1; break;
    case M_LONG: len += 8; break;
    case M_MAGIC: r.magic = 0x12345678; break;
    case M_VERSION: r.version = TUNE_VERSION + 1; break;
    case M_SEQ_OLD: r.seq = seq - 1; break;
    case M_SEQ_GAP: r.seq = seq + 1; break;
    case M_OP: r.op = TUNE_OP_COUNT; break;
    case M_TARGET: r.target = TUNE_T_COUNT; break;
    case M_FIELDS: r.flags = 0x80; break;
    case M_COUNT: break;
    }
    memset(buf, 0, sizeof r + 8);
    memcpy(buf, &r, sizeof r);
    return len;
}

/* Each malformed kind ends the helper (exit status 3) and changes nothing. */
static void test_malformed_ends_helper(void **state) {
    Ctx *c = *state;
    for (int kind = 0; kind < M_COUNT; kind++) {
        TuneClient *t = c->t;
        if (kind > 0) {
            assert_int_equal(start(c, &t), 0);
        }
        /* one good request first, so the sequence numbers have history */
        assert_int_equal(tune_radio_block(t, 0, true), 0);
        unsigned char buf[sizeof(TuneRequest) + 8];
        size_t len = malformed((Malformed)kind, tune_next_seq(t), buf);
        assert_int_equal(tune_send_raw(t, buf, len), 0);
        int status = 0;
        assert_int_equal(tune_wait_exit(t, &status), 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 3) {
            fail_msg("malformed kind %d: helper status 0x%x, expected exit 3", kind, status);
        }
        assert_string_equal(node(c, CPU5_ONLINE), "1");
        assert_int_equal(tune_cpu_online(t, 5, false), -ENOTCONN);
        assert_false(tune_connected(t));
        assert_non_null(strstr(tune_status(t), "monitor only: the helper stopped"));
        if (kind > 0) {
            tune_stop(t);
        }
    }
    /* the journal left by those sessions restores the radio */
    TuneClient *t;
    assert_int_equal(start(c, &t), 0);
    assert_int_equal(tune_pending(t), 1);
    assert_int_equal(tune_restore(t, NULL, NULL), 0);
    assert_string_equal(node(c, "sys/devices/virtual/rfkill/rfkill0/soft"), "0");
    tune_stop(t);
}

static void test_helper_death_survived(void **state) {
    Ctx *c = *state;
    assert_int_equal(kill(tune_helper_pid(c->t), SIGKILL), 0);
    int status;
    assert_int_equal(tune_wait_exit(c->t, &status), 0);
    assert_true(WIFSIGNALED(status));
    /* the send hits a closed socket: EPIPE, not SIGPIPE */
    assert_int_equal(tune_fan_pwm(c->t, 100), -ENOTCONN);
    assert_false(tune_connected(c->t));
    assert_non_null(strstr(tune_last_error(c->t), "monitor only"));
    assert_int_equal(tune_restore(c->t, NULL, NULL), -ENOTCONN);
}

static void test_start_refusals(void **state) {
    Ctx *c = *state;
    /* a second helper on the same journal: refused at the greeting */
    TuneClient *t = NULL;
    assert_int_equal(start(c, &t), -EBUSY);
    assert_false(tune_connected(t));
    assert_non_null(strstr(tune_status(t), "another jtune"));
    assert_int_equal(tune_cpu_online(t, 5, false), -ENOTCONN);
    tune_stop(t);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = "/nonexistent/jtune-helper";
    assert_true(tune_start(&t, &o) < 0);
    assert_non_null(strstr(tune_status(t), "did not start"));
    tune_stop(t);
    o.helper_path = "jtune-helper";
    assert_int_equal(tune_start(&t, &o), -EINVAL);
    assert_false(tune_connected(t));
    tune_stop(t);
    t = tune_offline("reason", "remedy");
    assert_string_equal(tune_status(t), "monitor only: reason; remedy");
    assert_int_equal(tune_nvpmodel(t, 0), -ENOTCONN);
    assert_string_equal(tune_last_error(t), "monitor only: reason; remedy");
    tune_stop(t);
}

static int run(const char *const argv[]) {
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_command_line(void **state) {
    (void)state;
    const char *helper = helperfx_program("jtune-helper");
    const char *serve[] = {helper, "--serve", NULL};
    assert_int_equal(run(serve), 2); /* no socket on fd 3 */
    const char *bad[] = {helper, "--serve", "--fan-floor-pwm", "300", NULL};
    assert_int_equal(run(bad), 2);
    const char *both[] = {helper, "--serve", "--self-test", NULL};
    assert_int_equal(run(both), 2);
    const char *version[] = {helper, "--version", NULL};
    assert_int_equal(run(version), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_typed_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_ends_helper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_helper_death_survived, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_refusals, setup, teardown),
        cmocka_unit_test(test_command_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
