/* SPDX-License-Identifier: MIT */
/* ring: wraparound, indexing from both ends, in-place slots, bad capacity. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/ring.h"

static void push_seq(SampleRing *r, uint64_t seq) {
    Sample s;
    sample_clear(&s);
    s.seq = seq;
    s.input_mw = val_of((int64_t)seq * 10);
    ring_push(r, &s);
}

static void test_empty_and_bad(void **state) {
    (void)state;
    SampleRing r;
    assert_int_equal(ring_init(&r, 0), -EINVAL);
    assert_int_equal(ring_init(&r, 3), 0);
    assert_int_equal(ring_len(&r), 0);
    assert_int_equal(ring_cap(&r), 3);
    assert_null(ring_newest(&r, 0));
    assert_null(ring_oldest(&r, 0));
    ring_free(&r);
    assert_int_equal(ring_cap(&r), 0);
    ring_free(NULL);
}

static void test_fill_partially(void **state) {
    (void)state;
    SampleRing r;
    assert_int_equal(ring_init(&r, 5), 0);
    push_seq(&r, 1);
    push_seq(&r, 2);
    assert_int_equal(ring_len(&r), 2);
    assert_int_equal(ring_newest(&r, 0)->seq, 2);
    assert_int_equal(ring_newest(&r, 1)->seq, 1);
    assert_null(ring_newest(&r, 2));
    assert_int_equal(ring_oldest(&r, 0)->seq, 1);
    assert_int_equal(ring_oldest(&r, 1)->seq, 2);
    ring_free(&r);
}

static void test_wraparound(void **state) {
    (void)state;
    SampleRing r;
    assert_int_equal(ring_init(&r, 4), 0);
    for (uint64_t i = 0; i < 10; i++) {
        push_seq(&r, i);
    }
    assert_int_equal(ring_len(&r), 4);
    assert_int_equal(r.pushed, 10);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ring_newest(&r, i)->seq, 9 - i);
        assert_int_equal(ring_oldest(&r, i)->seq, 6 + i);
        assert_int_equal(ring_oldest(&r, i)->input_mw.v, (int64_t)(6 + i) * 10);
    }
    assert_null(ring_newest(&r, 4));
    assert_null(ring_oldest(&r, 4));
    /* exactly at a multiple of the capacity too */
    for (uint64_t i = 10; i < 12; i++) {
        push_seq(&r, i);
    }
    assert_int_equal(ring_newest(&r, 0)->seq, 11);
    assert_int_equal(ring_oldest(&r, 0)->seq, 8);
    ring_clear(&r);
    assert_int_equal(ring_len(&r), 0);
    assert_null(ring_newest(&r, 0));
    ring_free(&r);
}

static void test_capacity_one_and_slot(void **state) {
    (void)state;
    SampleRing r;
    assert_int_equal(ring_init(&r, 1), 0);
    Sample *slot = ring_push_slot(&r);
    sample_clear(slot);
    slot->seq = 42;
    assert_int_equal(ring_newest(&r, 0)->seq, 42);
    push_seq(&r, 43);
    assert_int_equal(ring_len(&r), 1);
    assert_int_equal(ring_newest(&r, 0)->seq, 43);
    assert_int_equal(ring_oldest(&r, 0)->seq, 43);
    ring_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_bad),
        cmocka_unit_test(test_fill_partially),
        cmocka_unit_test(test_wraparound),
        cmocka_unit_test(test_capacity_one_and_slot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
