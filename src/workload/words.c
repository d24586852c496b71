/* SPDX-License-Identifier: MIT */
/* words: quoting-aware splitting of config values into argv words (see words.h). */
#include "jtune/workload/words.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void words_clear(Words *w) {
    w->n = 0;
    w->used = 0;
    w->buf[0] = '\0';
}

/* Append one byte to the word being built. false when the buffer is full. */
static bool put(Words *w, char c) {
    if (w->used + 1 >= WORDS_BUF) {
        return false;
    }
    w->buf[w->used++] = c;
    return true;
}

static int fail(char *why, size_t whysz, int err, const char *msg) {
    snprintf(why, whysz, "%s", msg);
    return err;
}

/* Start a new word at the current end of buf. */
static bool open_word(Words *w) {
    if (w->n >= WORDS_MAX) {
        return false;
    }
    w->off[w->n++] = (int)w->used;
    return true;
}

/* Copy one quoted part starting after the opening quote q at s[*i]; *i ends after the
 * closing quote. 0 or -EINVAL (unterminated) / -E2BIG. */
static int quoted(Words *w, const char *s, size_t *i, char q) {
    for (;;) {
        char c = s[*i];
        if (c == '\0') {
            return -EINVAL;
        }
        (*i)++;
        if (c == q) {
            return 0;
        }
        if (q == '"' && c == '\\' && (s[*i] == '"' || s[*i] == '\\')) {
            c = s[(*i)++];
        }
        if (!put(w, c)) {
            return -E2BIG;
        }
    }
}

int words_split(const char *s, Words *w, char *why, size_t whysz) {
    words_clear(w);
    size_t i = 0;
    for (;;) {
        while (s[i] == ' ' || s[i] == '\t') {
            i++;
        }
        if (s[i] == '\0') {
            return 0;
        }
        if (!open_word(w)) {
            return fail(why, whysz, -E2BIG, "too many words");
        }
        while (s[i] != '\0' && s[i] != ' ' && s[i] != '\t') {
            char c = s[i++];
            int rc = 0;
            if (c == '\'' || c == '"') {
                rc = quoted(w, s, &i, c);
                if (rc == -EINVAL) {
                    return fail(why, whysz, rc,
                                c == '"' ? "unterminated \" quote" : "unterminated ' quote");
                }
            } else if (c == '\\') {
                if (s[i] == '\0') {
                    return fail(why, whysz, -EINVAL, "trailing backslash");
                }
                rc = put(w, s[i++]) ? 0 : -E2BIG;
            } else {
                rc = put(w, c) ? 0 : -E2BIG;
            }
            if (rc) {
                return fail(why, whysz, -E2BIG, "text too long");
            }
        }
        if (!put(w, '\0')) {
            return fail(why, whysz, -E2BIG, "text too long");
        }
    }
}

int words_add(Words *w, const char *word) {
    size_t len = strlen(word);
    if (w->n >= WORDS_MAX || w->used + len + 1 > WORDS_BUF) {
        return -E2BIG;
    }
    w->off[w->n++] = (int)w->used;
    memcpy(w->buf + w->used, word, len + 1);
    w->used += len + 1;
    return 0;
}

const char *words_get(const Words *w, int i) {
    return i >= 0 && i < w->n ? w->buf + w->off[i] : NULL;
}

void words_argv(const Words *w, const char **argv) {
    for (int i = 0; i < w->n; i++) {
        argv[i] = w->buf + w->off[i];
    }
    argv[w->n] = NULL;
}

/* True when word needs quotes to survive words_split unchanged. */
static bool needs_quotes(const char *word) {
    if (word[0] == '\0') {
        return true;
    }
    return strpbrk(word, " \t'\"\\") != NULL;
}

int words_format(const Words *w, char *out, size_t outsz) {
    size_t o = 0;
    for (int i = 0; i < w->n; i++) {
        const char *word = words_get(w, i);
        bool q = needs_quotes(word);
        size_t need = strlen(word) * 2 + 4;
        if (o + need >= outsz) {
            return -ENOSPC;
        }
        if (i > 0) {
            out[o++] = ' ';
        }
        if (q) {
            out[o++] = '"';
        }
        for (const char *p = word; *p; p++) {
            if (q && (*p == '"' || *p == '\\')) {
                out[o++] = '\\';
            }
            out[o++] = *p;
        }
        if (q) {
            out[o++] = '"';
        }
    }
    if (o >= outsz) {
        return -ENOSPC;
    }
    out[o] = '\0';
    return (int)o;
}
