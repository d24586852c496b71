/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the journal parser (the helper reads this file back after a crash). Any
 * text must be rejected or parse into a journal that formats and parses back identically. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jtune/helper/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Journal a, b;
static char text[JOURNAL_MAX * 80 + 8192];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int bad = 0;
    if (journal_parse((const char *)data, size, &a, &bad) != 0) {
        if (bad <= 0) {
            abort(); /* every rejection names its line */
        }
        return 0;
    }
    int n = journal_format(&a, text, sizeof text);
    if (n < 0) {
        return 0; /* a root with a newline cannot be written back: the helper never makes one */
    }
    if (journal_parse(text, (size_t)n, &b, &bad) != 0 || b.n != a.n ||
        strcmp(a.root, b.root) != 0 || memcmp(a.e, b.e, sizeof a.e[0] * (size_t)a.n) != 0) {
        abort();
    }
    return 0;
}
