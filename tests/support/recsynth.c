/* SPDX-License-Identifier: MIT */
/* recsynth: synthetic recordings for tests (see the header). */
#include "recsynth.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "jtune/core/logfmt.h"
#include "jtune/core/logmeta.h"
#include "jtune/core/schema.h"

Recording *recsynth_csv(const Inventory *inv, int n, RecSynthFill fill, void *ctx,
                        const char *name) {
    Schema *sc = malloc(sizeof *sc);
    LogMeta *m = malloc(sizeof *m);
    assert_non_null(sc);
    assert_non_null(m);
    assert_int_equal(schema_build(sc, inv, 0), 0);
    logmeta_init(m, inv, "0.1.0", 1000, 1700000000000LL, false);
    size_t cap = logfmt_header_bound(sc) + (size_t)n * logfmt_row_bound(LOGFMT_CSV, sc);
    char *text = malloc(cap);
    assert_non_null(text);
    int w = logfmt_header(LOGFMT_CSV, m, sc, text, cap);
    assert_true(w > 0);
    size_t len = (size_t)w;
    for (int k = 0; k < n; k++) {
        Sample s;
        sample_clear(&s);
        s.seq = (uint64_t)k;
        fill(k, &s, ctx);
        w = logfmt_row(LOGFMT_CSV, sc, &s, text + len, cap - len);
        assert_true(w > 0);
        len += (size_t)w;
    }
    free(sc);
    free(m);
    Recording *r = NULL;
    char err[256];
    assert_int_equal(recording_parse(&r, name, text, len, NULL, err, sizeof err), 0);
    assert_int_equal(r->n, (size_t)n);
    return r;
}
