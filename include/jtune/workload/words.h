/* SPDX-License-Identifier: MIT */
/* words: split one config value into argv words with shell-like quoting, but no shell.
 *
 * Rules (the same for `command` and `env`):
 *   - words are separated by blanks (spaces and tabs);
 *   - '...'  keeps everything up to the next ' literally (no escapes inside);
 *   - "..."  keeps everything literally except \" and \\, which give " and \;
 *   - outside quotes a backslash takes the next character literally ("a\ b" is one word);
 *   - quoted and unquoted parts join into one word (--name="a b" gives --name=a b);
 *     "" and '' give an empty word;
 *   - nothing is expanded: $VAR, ~, *, ;, |, > and ` are ordinary characters.
 * Errors: an unterminated quote, a trailing backslash, more than WORDS_MAX words or more
 * than WORDS_BUF bytes of text. Pure; a Words value holds offsets, not pointers, so it
 * can be copied with plain assignment.
 */
#ifndef JTUNE_WORKLOAD_WORDS_H
#define JTUNE_WORKLOAD_WORDS_H

#include <stddef.h>

#define WORDS_MAX 64
#define WORDS_BUF 2048

typedef struct {
    int n;               /* words */
    int off[WORDS_MAX];  /* word i starts at buf + off[i] (NUL-terminated) */
    char buf[WORDS_BUF]; /* the words, back to back */
    size_t used;         /* bytes of buf in use */
} Words;

/* Split s into w. 0, or -EINVAL (unterminated quote, trailing backslash) / -E2BIG (too many
 * words or too much text) with a one-line reason in why. */
int words_split(const char *s, Words *w, char *why, size_t whysz);

/* Start empty. */
void words_clear(Words *w);

/* Append one word (copied). 0 or -E2BIG. */
int words_add(Words *w, const char *word);

/* Word i (borrowed; valid while w lives and is not changed), or NULL when out of range. */
const char *words_get(const Words *w, int i);

/* Fill argv[0..n-1] with pointers into w and argv[n] = NULL; argv needs n + 1 slots. */
void words_argv(const Words *w, const char **argv);

/* Write w back as one line that words_split reads into the same words (words quoted only
 * where needed). Returns the length or -ENOSPC. */
int words_format(const Words *w, char *out, size_t outsz);

#endif
