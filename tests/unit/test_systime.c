/* SPDX-License-Identifier: MIT */
/* systime: the one clock reader - the monotonic clock never goes back and its ns and ms
 * reads agree; the wall clock is in epoch milliseconds (the same second as time()); a sleep
 * until a deadline never returns before it, and a signal that sets the stop flag ends it. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#include <cmocka.h>

#include "jtune/platform/systime.h"

static void test_mono(void **state) {
    (void)state;
    int64_t prev = systime_mono_ns();
    for (int i = 0; i < 1000; i++) {
        int64_t now = systime_mono_ns();
        assert_true(now >= prev);
        prev = now;
    }
    int64_t ms = systime_mono_ms();
    int64_t ns = systime_mono_ns();
    assert_true(ns / NS_PER_MS >= ms);
    assert_true(ms > 0);
}

static void test_real(void **state) {
    (void)state;
    time_t before = time(NULL);
    int64_t ms = systime_real_ms();
    time_t after = time(NULL);
    assert_true(ms / MS_PER_S >= (int64_t)before);
    assert_true(ms / MS_PER_S <= (int64_t)after);
}

static void test_units(void **state) {
    (void)state;
    assert_true(NS_PER_S == NS_PER_MS * MS_PER_S);
    assert_true(NS_PER_MS == NS_PER_US * 1000);
}

static void test_timespec(void **state) {
    (void)state;
    struct timespec ts = systime_timespec(3 * NS_PER_S + 250 * NS_PER_MS);
    assert_int_equal(ts.tv_sec, 3);
    assert_int_equal(ts.tv_nsec, 250 * NS_PER_MS);
    int64_t real = systime_real_ns();
    assert_true(real / NS_PER_MS <= systime_real_ms());
}

static void test_sleep_until(void **state) {
    (void)state;
    int64_t t0 = systime_mono_ns();
    systime_sleep_until_ns(t0 - NS_PER_S, NULL); /* a past deadline: back at once */
    int64_t deadline = systime_mono_ns() + 20 * NS_PER_MS;
    systime_sleep_until_ns(deadline, NULL);
    assert_true(systime_mono_ns() >= deadline);
}

static volatile sig_atomic_t stop_flag;
static void on_alarm(int sig) {
    (void)sig;
    stop_flag = 1;
}

/* A signal that sets the stop flag ends a long sleep at once. */
static void test_sleep_stop(void **state) {
    (void)state;
    struct sigaction sa = {.sa_handler = on_alarm}, old;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
    struct itimerval it = {.it_value = {.tv_usec = 20000}};
    stop_flag = 0;
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
    int64_t deadline = systime_mono_ns() + 60 * NS_PER_S;
    systime_sleep_until_ns(deadline, &stop_flag);
    assert_true(stop_flag);
    assert_true(systime_mono_ns() < deadline);
    sigaction(SIGALRM, &old, NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mono),        cmocka_unit_test(test_real),
        cmocka_unit_test(test_units),       cmocka_unit_test(test_timespec),
        cmocka_unit_test(test_sleep_until), cmocka_unit_test(test_sleep_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
