/* SPDX-License-Identifier: MIT */
/* journal: in-memory rollback records and their atomic text file. */
#include "jtune/helper/journal.h"

#include "jtune/core/parse.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JOURNAL_BAD     "journal.bad"
#define JOURNAL_MAX_TXT (64 + PATH_MAX + JOURNAL_MAX * 80)

void journal_init(Journal *j, const char *root) {
    j->n = 0;
    snprintf(j->root, sizeof j->root, "%s", root ? root : "");
}

int journal_find(const Journal *j, TuneTarget target, uint32_t index, uint16_t sub) {
    for (int i = 0; i < j->n; i++) {
        const JournalEntry *e = &j->e[i];
        if (e->target == target && e->index == index && e->sub == sub) {
            return i;
        }
    }
    return -1;
}

int journal_add(Journal *j, TuneTarget target, uint32_t index, uint16_t sub, int64_t value) {
    if (journal_find(j, target, index, sub) >= 0) {
        return -EEXIST;
    }
    if (j->n >= JOURNAL_MAX) {
        return -E2BIG; /* ENOSPC means a full disk */
    }
    j->e[j->n++] =
        (JournalEntry){.target = (uint16_t)target, .sub = sub, .index = index, .value = value};
    return 0;
}

void journal_remove(Journal *j, int i) {
    if (i < 0 || i >= j->n) {
        return;
    }
    memmove(&j->e[i], &j->e[i + 1], (size_t)(j->n - i - 1) * sizeof j->e[0]);
    j->n--;
}

int journal_format(const Journal *j, char *out, size_t outsz) {
    if (strpbrk(j->root, "\n\r") || j->root[0] == '\0') {
        return -EINVAL;
    }
    size_t used = 0;
    int n = snprintf(out, outsz,
                     "# jtune-helper rollback journal: the original value of every node jtune\n"
                     "# changed. Restore them with: jtune --restore\n"
                     "jtune-journal %d\nroot %s\n",
                     JOURNAL_VERSION, j->root);
    if (n < 0 || (size_t)n >= outsz) {
        return -ERANGE;
    }
    used = (size_t)n;
    for (int i = 0; i < j->n; i++) {
        const JournalEntry *e = &j->e[i];
        const TuneTargetInfo *ti = proto_target_info((TuneTarget)e->target);
        if (!ti) {
            return -EINVAL;
        }
        n = snprintf(out + used, outsz - used, "%s %u %u %lld\n", ti->name, e->index,
                     (unsigned)e->sub, (long long)e->value);
        if (n < 0 || (size_t)n >= outsz - used) {
            return -ERANGE;
        }
        used += (size_t)n;
    }
    return (int)used;
}

static int parse_entry(StrView line, Journal *j) {
    StrView w[5];
    size_t n = 0;
    if (parse_words(line.p, line.n, w, 5, &n) < 0 || n != 4) {
        return -EINVAL;
    }
    char name[48];
    if (strview_copy(w[0], name, sizeof name) < 0) {
        return -EINVAL;
    }
    TuneTarget t = proto_target_by_name(name);
    uint64_t index, sub;
    int64_t value;
    if (t == TUNE_T_NONE || parse_u64(w[1].p, w[1].n, &index) < 0 || index > UINT32_MAX ||
        parse_u64(w[2].p, w[2].n, &sub) < 0 || sub > UINT16_MAX ||
        parse_i64(w[3].p, w[3].n, &value) < 0) {
        return -EINVAL;
    }
    int rc = journal_add(j, t, (uint32_t)index, (uint16_t)sub, value);
    return rc == -EEXIST ? -EINVAL : (rc == -E2BIG ? -ERANGE : rc);
}

/* One line: the header lines in order, then entries. *stage counts header lines seen. */
static int parse_line(StrView line, Journal *j, int *stage) {
    if (*stage == 0) {
        if (!strview_eq(line, "jtune-journal 1")) {
            return -EINVAL;
        }
        *stage = 1;
        return 0;
    }
    if (*stage == 1) {
        if (line.n < 6 || memcmp(line.p, "root ", 5) != 0) {
            return -EINVAL;
        }
        StrView root = {line.p + 5, line.n - 5};
        if (strview_copy(root, j->root, sizeof j->root) < 0 || j->root[0] != '/') {
            return -EINVAL;
        }
        *stage = 2;
        return 0;
    }
    return parse_entry(line, j);
}

int journal_parse(const char *text, size_t len, Journal *j, int *bad_line) {
    journal_init(j, "");
    int stage = 0;
    int lineno = 0;
    size_t pos = 0;
    *bad_line = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        StrView line = parse_first_line(text + pos, end - pos);
        lineno++;
        pos = end + 1;
        if (line.n == 0 || line.p[0] == '#') {
            continue;
        }
        int rc = parse_line(line, j, &stage);
        if (rc < 0) {
            *bad_line = lineno;
            return rc;
        }
    }
    if (stage < 2) {
        *bad_line = lineno ? lineno : 1;
        return -EINVAL;
    }
    return 0;
}

int journal_load(int dirfd, Journal *j, int *bad_line) {
    journal_init(j, "");
    *bad_line = 0;
    /* O_NONBLOCK: a FIFO planted as the journal must not hang the helper */
    int fd = openat(dirfd, JOURNAL_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        return -errno;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -EINVAL; /* not a journal: set aside like an unreadable one */
    }
    char *buf = malloc(JOURNAL_MAX_TXT + 1);
    if (!buf) {
        close(fd);
        return -ENOMEM;
    }
    size_t got = 0;
    ssize_t n;
    while (got < JOURNAL_MAX_TXT && (n = read(fd, buf + got, JOURNAL_MAX_TXT - got)) > 0) {
        got += (size_t)n;
    }
    int rc = (got == JOURNAL_MAX_TXT) ? -ERANGE : 0;
    close(fd);
    if (rc == 0) {
        rc = journal_parse(buf, got, j, bad_line);
    }
    free(buf);
    return rc;
}

int journal_save(int dirfd, const Journal *j) {
    int rc;
    if (j->n == 0) {
        rc = unlinkat(dirfd, JOURNAL_FILE, 0) < 0 && errno != ENOENT ? -errno : 0;
    } else {
        char *buf = malloc(JOURNAL_MAX_TXT);
        if (!buf) {
            return -ENOMEM;
        }
        int len = journal_format(j, buf, JOURNAL_MAX_TXT);
        rc = len < 0 ? len
                     : fileio_replace_at(dirfd, JOURNAL_FILE, buf, (size_t)len, 0600,
                                         FILEIO_EXACT_MODE);
        free(buf);
        return rc;
    }
    if (rc == 0 && fsync(dirfd) < 0) {
        rc = -errno; /* the unlink is durable only once the directory is */
    }
    return rc;
}

int journal_set_aside(int dirfd) {
    if (renameat(dirfd, JOURNAL_FILE, dirfd, JOURNAL_BAD) < 0) {
        return -errno;
    }
    return fsync(dirfd) < 0 ? -errno : 0;
}
