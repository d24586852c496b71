/* SPDX-License-Identifier: MIT */
/* profilefile: a profile file's INI text -> a Profile (pure; settings checked by profile_set). */
#include "jtune/conf/profilefile.h"

#include "jtune/conf/inifile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const intent_names[] = {"", "low-power", "performance", "stock"};

typedef struct {
    Profile *p;
    Diag *d;
    bool bad;
    char warned[PROF_NAME]; /* the unknown section warned about last (once per section) */
} FileCtx;

static int profile_section(FileCtx *c, const char *key, const char *value, int line) {
    Profile *p = c->p;
    if (strcmp(key, "description") == 0) {
        snprintf(p->description, sizeof p->description, "%s", value);
        return 1;
    }
    if (strcmp(key, "intent") == 0) {
        for (int i = 1; i < (int)(sizeof intent_names / sizeof intent_names[0]); i++) {
            if (strcmp(value, intent_names[i]) == 0) {
                p->intent = (ProfIntent)i;
                return 1;
            }
        }
        diag_error(c->d, p->file, line,
                   "intent: expected low-power, performance or stock, got '%s'", value);
        c->bad = true;
        return 1;
    }
    diag_warn(c->d, p->file, line, "unknown key '%s' in [profile] (ignored)", key);
    return 1;
}

static int file_line(void *user, const char *section, const char *key, const char *value,
                     int line) {
    FileCtx *c = user;
    if (strcmp(section, "profile") == 0) {
        return profile_section(c, key, value, line);
    }
    if (strcmp(section, "settings") != 0 && section[0] != '\0') {
        if (strncmp(c->warned, section, sizeof c->warned - 1) != 0) {
            diag_warn(c->d, c->p->file, line, "unknown section [%s] (ignored)", section);
            snprintf(c->warned, sizeof c->warned, "%s", section);
        }
        return 1;
    }
    if (profile_set(c->p, key, value, line, c->d) == -EINVAL) {
        c->bad = true;
    }
    return 1; /* errors are in d with their line; keep reading to report them all */
}

int profilefile_parse(const char *text, Profile *p, Diag *d) {
    FileCtx c = {.p = p, .d = d};
    int rc = inifile_parse(text, file_line, &c);
    if (rc == -ENOMEM) {
        return rc;
    }
    if (rc > 0) {
        diag_error(d, p->file, rc, "not an INI line (expected key = value or [section])");
        c.bad = true;
    }
    return c.bad ? -EINVAL : 0;
}
