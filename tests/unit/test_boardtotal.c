/* SPDX-License-Identifier: MIT */
/* boardtotal: the board total per board (input rail, named sum, assumed sum), a sum with an
 * unreadable rail, and the log spelling. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/boardtotal.h"

static Inventory *inv_of(const char *const *labels) {
    static Inventory inv;
    memset(&inv, 0, sizeof inv);
    for (; *labels; labels++) {
        snprintf(inv.rails[inv.n_rails++].label, JT_NAME, "%s", *labels);
    }
    boardtotal_decide(&inv);
    return &inv;
}

static void test_input_rail(void **state) {
    (void)state;
    static const char *const nx[] = {"VDD_CPU_GPU_CV", "VDD_IN", "VDD_SOC", NULL};
    Inventory *inv = inv_of(nx);
    assert_int_equal(inv->total.kind, TOTAL_INPUT);
    assert_int_equal(inv->input_rail, 1);
    assert_true(inv->rails[1].is_input);
    assert_false(inv->rails[0].is_input);
    char buf[160];
    assert_string_equal(boardtotal_describe(inv, buf, sizeof buf), "VDD_IN");
    static const char *const nano[] = {"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU", NULL};
    inv = inv_of(nano);
    assert_int_equal(inv->input_rail, 0);
    RailSample r[3] = {{.mw = val_of(2300)}, {.mw = val_of(500)}, {.mw = val_of(700)}};
    Val t = boardtotal_value(inv, r);
    assert_true(t.ok);
    assert_int_equal(t.v, 2300);
}

/* AGX Orin: VIN_SYS_5V0 is not an input rail and VDDQ is not added (it hangs off SYS_5V0). */
static void test_agx_orin_sum(void **state) {
    (void)state;
    static const char *const agx[] = {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO",
                                      NULL};
    Inventory *inv = inv_of(agx);
    assert_int_equal(inv->total.kind, TOTAL_SUM);
    assert_int_equal(inv->input_rail, -1);
    assert_false(inv->rails[2].is_input);
    assert_int_equal(inv->total.n, 3);
    assert_true(boardtotal_has(inv, 2));
    assert_false(boardtotal_has(inv, 3));
    RailSample r[4] = {
        {.mw = val_of(9000)}, {.mw = val_of(12000)}, {.mw = val_of(6000)}, {.mw = val_of(900)}};
    Val t = boardtotal_value(inv, r);
    assert_true(t.ok);
    assert_int_equal(t.v, 27000);
    char buf[160];
    assert_string_equal(boardtotal_describe(inv, buf, sizeof buf),
                        "sum of 3 rails (VDD_GPU_SOC + VDD_CPU_CV + VIN_SYS_5V0)");
    /* a sum with an unreadable member is unknown, never a smaller total */
    r[1].mw = val_na();
    assert_false(boardtotal_value(inv, r).ok);
    /* an unreadable rail outside the sum does not matter */
    r[1].mw = val_of(12000);
    r[3].mw = val_na();
    assert_true(boardtotal_value(inv, r).ok);
}

static void test_agx_xavier_and_unknown(void **state) {
    (void)state;
    static const char *const xavier[] = {"GPU", "CPU", "SOC", "CV", "VDDRQ", "SYS5V", NULL};
    Inventory *inv = inv_of(xavier);
    assert_int_equal(inv->total.kind, TOTAL_SUM);
    assert_int_equal(inv->total.n, 6);
    assert_false(inv->total.assumed);
    static const char *const odd[] = {"VDD_A", "VDD_B", NULL};
    inv = inv_of(odd);
    assert_int_equal(inv->total.kind, TOTAL_SUM);
    assert_true(inv->total.assumed);
    char buf[160];
    assert_string_equal(boardtotal_describe(inv, buf, sizeof buf),
                        "sum of 2 rails (VDD_A + VDD_B), assumed");
    static const char *const none[] = {NULL};
    inv = inv_of(none);
    assert_int_equal(inv->total.kind, TOTAL_NONE);
    RailSample r[1] = {{.mw = val_of(1)}};
    assert_false(boardtotal_value(inv, r).ok);
}

static void test_format_parse(void **state) {
    (void)state;
    static const char *const agx[] = {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO",
                                      NULL};
    Inventory *inv = inv_of(agx);
    char buf[160];
    assert_string_equal(boardtotal_format(inv, buf, sizeof buf),
                        "sum:VDD_GPU_SOC+VDD_CPU_CV+VIN_SYS_5V0");
    Inventory back = *inv;
    memset(&back.total, 0, sizeof back.total);
    assert_int_equal(boardtotal_parse(&back, buf), 0);
    assert_int_equal(back.total.kind, TOTAL_SUM);
    assert_int_equal(back.total.n, 3);
    assert_memory_equal(back.total.rail, inv->total.rail, 3 * sizeof(int));
    assert_int_equal(boardtotal_parse(&back, "VDDQ_VDD2_1V8AO"), 0);
    assert_int_equal(back.total.kind, TOTAL_INPUT);
    assert_int_equal(back.input_rail, 3);
    assert_true(back.rails[3].is_input);
    assert_int_equal(boardtotal_parse(&back, "sum:VDD_GPU_SOC+NOPE"), -EINVAL);
    assert_int_equal(back.input_rail, 3); /* unchanged */
    assert_int_equal(boardtotal_parse(&back, "A+B"), -EINVAL);
    assert_int_equal(boardtotal_parse(&back, "sum:"), -EINVAL);
    assert_int_equal(boardtotal_parse(&back, ""), 0);
    assert_int_equal(back.total.kind, TOTAL_INPUT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_rail),
        cmocka_unit_test(test_agx_orin_sum),
        cmocka_unit_test(test_agx_xavier_and_unknown),
        cmocka_unit_test(test_format_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
