/* SPDX-License-Identifier: MIT */
/* proto: framing checks for every malformed kind, the allowlist table, enum words, USB ids,
 * and the messages the UI shows. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/ipc/tune.h"
#include "jtune/ipc/tunemsg.h"
#include "jtune/ipc/proto.h"

static TuneRequest good(void) {
    TuneRequest r;
    proto_request_init(&r, TUNE_OP_SET, 7, TUNE_T_CPU_MAX_KHZ, 4, 0, 960000);
    return r;
}

static int decode(const TuneRequest *r, uint32_t seq) {
    TuneRequest out;
    return proto_decode_request(r, sizeof *r, seq, &out);
}

static void test_roundtrip(void **state) {
    (void)state;
    TuneRequest r = good(), out;
    memset(&out, 0xaa, sizeof out);
    assert_int_equal(proto_decode_request(&r, sizeof r, 7, &out), 0);
    assert_memory_equal(&r, &out, sizeof r);
    assert_int_equal(out.magic, TUNE_MAGIC);
    assert_int_equal(out.version, TUNE_VERSION);
    assert_int_equal(out.index, 4);
    assert_true(out.value == 960000);
    /* every op without a target, with nothing else set */
    for (int op = TUNE_OP_RESTORE; op < TUNE_OP_COUNT; op++) {
        proto_request_init(&r, (TuneOp)op, 1, TUNE_T_NONE, 0, 0, 0);
        assert_int_equal(decode(&r, 1), 0);
    }
    /* unaligned input is fine */
    unsigned char buf[sizeof r + 1];
    r = good();
    memcpy(buf + 1, &r, sizeof r);
    assert_int_equal(proto_decode_request(buf + 1, sizeof r, 7, &out), 0);
}

static void test_wrong_size(void **state) {
    (void)state;
    TuneRequest r = good(), out;
    unsigned char big[sizeof r + 8] = {0};
    memcpy(big, &r, sizeof r);
    assert_int_equal(proto_decode_request(&r, sizeof r - 1, 7, &out), PROTO_E_SIZE);
    assert_int_equal(proto_decode_request(big, sizeof big, 7, &out), PROTO_E_SIZE);
    assert_int_equal(proto_decode_request(&r, 0, 7, &out), PROTO_E_SIZE);
    assert_int_equal(proto_decode_request(NULL, sizeof r, 7, &out), PROTO_E_SIZE);
}

static void test_wrong_magic_version_seq(void **state) {
    (void)state;
    TuneRequest r = good();
    r.magic ^= 1;
    assert_int_equal(decode(&r, 7), PROTO_E_MAGIC);
    r = good();
    r.version = TUNE_VERSION + 1;
    assert_int_equal(decode(&r, 7), PROTO_E_VERSION);
    r.version = 0;
    assert_int_equal(decode(&r, 7), PROTO_E_VERSION);
    r = good();
    assert_int_equal(decode(&r, 6), PROTO_E_SEQ); /* a replay */
    assert_int_equal(decode(&r, 8), PROTO_E_SEQ); /* a gap */
}

static void test_wrong_op(void **state) {
    (void)state;
    TuneRequest r = good();
    const uint16_t bad[] = {0, TUNE_OP_HELLO, TUNE_OP_COUNT, 999, 0xffff};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r.op = bad[i];
        assert_int_equal(decode(&r, 7), PROTO_E_OP);
    }
}

static void test_wrong_target(void **state) {
    (void)state;
    TuneRequest r = good();
    r.target = TUNE_T_NONE;
    assert_int_equal(decode(&r, 7), PROTO_E_TARGET);
    r.target = TUNE_T_COUNT;
    assert_int_equal(decode(&r, 7), PROTO_E_TARGET);
    r.target = TUNE_T_COUNT + 1;
    assert_int_equal(decode(&r, 7), PROTO_E_TARGET);
    r.target = TUNE_T_COUNT - 1; /* the last one is legal */
    assert_int_equal(decode(&r, 7), 0);
    r.target = 0xffff;
    r.op = TUNE_OP_GET;
    assert_int_equal(decode(&r, 7), PROTO_E_TARGET);
    proto_request_init(&r, TUNE_OP_RESTORE, 7, TUNE_T_FAN_PWM, 0, 0, 0);
    assert_int_equal(decode(&r, 7), PROTO_E_TARGET); /* RESTORE takes no target */
}

static void test_stray_fields(void **state) {
    (void)state;
    TuneRequest r = good();
    r.flags = 1;
    assert_int_equal(decode(&r, 7), PROTO_E_FIELDS);
    proto_request_init(&r, TUNE_OP_KEEP, 7, TUNE_T_NONE, 3, 0, 0);
    assert_int_equal(decode(&r, 7), PROTO_E_FIELDS);
    proto_request_init(&r, TUNE_OP_TXN_BEGIN, 7, TUNE_T_NONE, 0, 1, 0);
    assert_int_equal(decode(&r, 7), PROTO_E_FIELDS);
    proto_request_init(&r, TUNE_OP_TXN_COMMIT, 7, TUNE_T_NONE, 0, 0, -1);
    assert_int_equal(decode(&r, 7), PROTO_E_FIELDS);
    assert_true(PROTO_IS_MALFORMED(PROTO_E_FIELDS));
    assert_false(PROTO_IS_MALFORMED(-EPERM));
    assert_string_equal(proto_strerror(PROTO_E_MAGIC), "wrong magic");
}

static void test_reply(void **state) {
    (void)state;
    TuneReply rep, out;
    proto_reply_init(&rep, TUNE_OP_SET, 9, EINVAL);
    assert_int_equal(proto_decode_reply(&rep, sizeof rep, TUNE_OP_SET, 9, &out), 0);
    assert_int_equal(out.err, EINVAL);
    assert_int_equal(proto_decode_reply(&rep, sizeof rep, TUNE_OP_SET, 8, &out), PROTO_E_SEQ);
    assert_int_equal(proto_decode_reply(&rep, sizeof rep, TUNE_OP_GET, 9, &out), PROTO_E_OP);
    assert_int_equal(proto_decode_reply(&rep, sizeof rep - 4, TUNE_OP_SET, 9, &out), PROTO_E_SIZE);
    rep.err = -5;
    assert_int_equal(proto_decode_reply(&rep, sizeof rep, TUNE_OP_SET, 9, &out), PROTO_E_FIELDS);
}

static void test_target_table(void **state) {
    (void)state;
    assert_null(proto_target_info(TUNE_T_NONE));
    assert_null(proto_target_info(TUNE_T_COUNT));
    /* every out-of-range id, on both sides, by direct assertion */
    assert_null(proto_target_info((TuneTarget)(TUNE_T_COUNT + 1)));
    assert_null(proto_target_info((TuneTarget)0xffff));
    assert_null(proto_target_info((TuneTarget)-1));
    assert_string_equal(proto_op_name(TUNE_OP_COUNT), "?");
    assert_string_equal(proto_op_name((TuneOp)0), "?");
    assert_null(proto_governor_name(TUNE_GOV_COUNT));
    assert_null(proto_governor_name((TuneGovernor)-1));
    assert_null(proto_usb_power_name(TUNE_USB_POWER_COUNT));
    assert_null(proto_thp_name(TUNE_THP_COUNT));
    assert_null(proto_thp_name((TuneThp)-1));
    for (int t = TUNE_T_NONE + 1; t < TUNE_T_COUNT; t++) {
        const TuneTargetInfo *ti = proto_target_info((TuneTarget)t);
        assert_non_null(ti);
        assert_non_null(ti->name);
        assert_non_null(ti->label);
        assert_true(ti->min <= ti->max);
        assert_int_equal(proto_target_by_name(ti->name), t);
        for (int u = t + 1; u < TUNE_T_COUNT; u++) {
            assert_string_not_equal(ti->name, proto_target_info((TuneTarget)u)->name);
        }
    }
    assert_int_equal(proto_target_by_name("cpu_offline"), TUNE_T_NONE);
    assert_true(proto_target_info(TUNE_T_FAN_PWM)->max == 255);
    assert_true(proto_target_info(TUNE_T_CPU_ONLINE)->max == 1);
}

static void test_enum_words(void **state) {
    (void)state;
    for (int g = 0; g < TUNE_GOV_COUNT; g++) {
        const char *n = proto_governor_name((TuneGovernor)g);
        assert_non_null(n);
        assert_int_equal(proto_governor_parse(n, strlen(n)), g);
    }
    assert_null(proto_governor_name(TUNE_GOV_COUNT));
    assert_int_equal(proto_governor_parse("schedutil", 9), TUNE_GOV_SCHEDUTIL);
    assert_int_equal(proto_governor_parse("schedutilx", 10), -1);
    assert_int_equal(proto_governor_parse("sched", 5), -1);
    assert_string_equal(proto_thp_name(TUNE_THP_MADVISE), "madvise");
    assert_string_equal(proto_usb_power_name(TUNE_USB_AUTO), "auto");
    assert_null(proto_thp_name(TUNE_THP_COUNT));
}

static void test_usb_ids(void **state) {
    (void)state;
    const char *good_names[] = {"usb1", "usb2", "1-2", "2-1", "1-2.3", "3-1.2.3.4.5.6", "255-15"};
    for (size_t i = 0; i < sizeof good_names / sizeof good_names[0]; i++) {
        uint32_t id = 0;
        char back[32];
        assert_int_equal(proto_usb_id_parse(good_names[i], &id), 0);
        assert_int_equal(proto_usb_id_format(id, back, sizeof back), 0);
        assert_string_equal(back, good_names[i]);
    }
    uint32_t a, b;
    assert_int_equal(proto_usb_id_parse("1-2", &a), 0);
    assert_int_equal(proto_usb_id_parse("1-2.1", &b), 0);
    assert_true(a != b);
    const char *bad[] = {"",        "usb", "usb0", "usb01",           "0-1", "1-0",  "1-",  "1-2.",
                         "1-2:1.0", "x",   "01-2", "1-2.3.4.5.6.7.8", "-1",  "1--2", "1-2 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t id;
        if (proto_usb_id_parse(bad[i], &id) == 0) {
            fail_msg("'%s' parsed", bad[i]);
        }
    }
    assert_int_equal(proto_usb_id_parse("1-16", &a), -ERANGE);
    assert_int_equal(proto_usb_id_parse("256-1", &a), -ERANGE);
    assert_int_equal(proto_usb_id_parse("1-1.1.1.1.1.1.1", &a), -ERANGE);
    char out[8];
    assert_int_equal(proto_usb_id_format(0, out, sizeof out), -EINVAL);
    assert_int_equal(proto_usb_id_format((1u << 24) | (2u << 16), out, sizeof out), -EINVAL);
    assert_int_equal(proto_usb_id_parse("3-1.2.3.4.5.6", &a), 0);
    assert_int_equal(proto_usb_id_format(a, out, sizeof out), -ERANGE);
}

static void test_messages(void **state) {
    (void)state;
    char m[256];
    assert_non_null(strstr(tunemsg_explain(TUNE_T_CPU_ONLINE, EPERM, 0, m, sizeof m), "cpu0"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_CPU_ONLINE, -EBUSY, 0, m, sizeof m), "last"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_FAN_PWM, EAGAIN, 80, m, sizeof m), "below 80"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_NVPMODEL, ECANCELED, 3, m, sizeof m), "-m 3"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_CPU_MIN_KHZ, ERANGE, 0, m, sizeof m), "above"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_VM_SWAPPINESS, EACCES, 0, m, sizeof m), "uid 0"));
    assert_non_null(strstr(tunemsg_explain(TUNE_T_GPU_MAX_HZ, EINVAL, 0, m, sizeof m), "GPU"));
    assert_non_null(strstr(tunemsg_hello_strerror(EBUSY), "another jtune"));
    /* a full disk is not "too many changes" */
    assert_non_null(strstr(tunemsg_strerror(ENOSPC), "disk is full"));
    assert_non_null(strstr(tunemsg_strerror(E2BIG), "too many changes"));
    char why[300];
    assert_non_null(
        strstr(tunemsg_hello_explain(EACCES, TUNE_STAGE_STATE_DIR, "/run/x", why, sizeof why),
               "cannot create or open its state directory /run/x"));
    assert_non_null(
        strstr(tunemsg_hello_explain(EPERM, TUNE_STAGE_STATE_DIR, "/run/x", why, sizeof why),
               "wrong owner or mode"));
    assert_non_null(strstr(tunemsg_hello_explain(EBUSY, TUNE_STAGE_LOCK, NULL, why, sizeof why),
                           "already tuning this board"));
    /* incomplete file capabilities: each missing one named, and the setcap that fixes it */
    tunemsg_hello_explain_caps(UINT64_C(1) << 7 | UINT64_C(1) << 8, "/usr/libexec/jtune-helper",
                               why, sizeof why);
    assert_non_null(strstr(why, "lacks cap_setuid, cap_setpcap ("));
    assert_non_null(strstr(why, "sudo setcap cap_dac_override,cap_net_admin,cap_setuid,cap_setgid,"
                                "cap_setpcap+p /usr/libexec/jtune-helper"));
    tunemsg_hello_explain_caps(UINT64_C(1) << 40, NULL, why, sizeof why);
    assert_non_null(strstr(why, "lacks capability 40 ("));
    assert_non_null(tunemsg_strerror(12345));
    assert_string_equal(tunemsg_strerror(-ENOTCONN), "helper not connected");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_wrong_size),
        cmocka_unit_test(test_wrong_magic_version_seq),
        cmocka_unit_test(test_wrong_op),
        cmocka_unit_test(test_wrong_target),
        cmocka_unit_test(test_stray_fields),
        cmocka_unit_test(test_reply),
        cmocka_unit_test(test_target_table),
        cmocka_unit_test(test_enum_words),
        cmocka_unit_test(test_usb_ids),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
