/* SPDX-License-Identifier: MIT */
/* inifile: libinih over a string, with the line number of every key. */
#include "jtune/conf/inifile.h"

#include <errno.h>
#include <ini.h>
#include <string.h>

typedef struct {
    const char *pos; /* next unread byte */
    int lineno;      /* line of the text most recently handed to inih */
    IniLineHandler handler;
    void *user;
} Stream;

/* fgets-like reader that counts lines, so the handler knows where it is. */
static char *stream_read(char *str, int num, void *arg) {
    Stream *s = arg;
    if (*s->pos == '\0' || num < 2) {
        return NULL;
    }
    const char *nl = strchr(s->pos, '\n');
    size_t n = nl ? (size_t)(nl - s->pos) + 1 : strlen(s->pos);
    if (n > (size_t)num - 1) {
        n = (size_t)num - 1; /* cannot happen with the heap buffer below */
    }
    memcpy(str, s->pos, n);
    str[n] = '\0';
    s->pos += n;
    if (n > 0 && str[n - 1] == '\n') {
        s->lineno++;
    }
    return str;
}

static int trampoline(void *arg, const char *section, const char *name, const char *value) {
    Stream *s = arg;
    return s->handler(s->user, section, name, value, s->lineno);
}

int inifile_parse(const char *text, IniLineHandler handler, void *user) {
    /* Debian's libinih exposes its limits as variables: use a growing heap line buffer so
     * long frequency tables are one line, and keep inline ';' comments. */
    ini_use_stack = 0;
    ini_allow_realloc = 1;
    ini_max_line = 16384;
    ini_allow_multiline = 0;
    Stream s = {.pos = text, .lineno = 0, .handler = handler, .user = user};
    int rc = ini_parse_stream(stream_read, &s, trampoline, &s);
    return rc == -2 ? -ENOMEM : rc;
}
