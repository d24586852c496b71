/* SPDX-License-Identifier: MIT */
/* helperfx: fixtures for the helper's tests. */
#include "helperfx.h"

#include "jtune/helper/helper.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int helperfx_load(HelperFx *h, const char *tree) {
    memset(h, 0, sizeof *h);
    int rc = fixture_load(&h->fx, tree);
    if (rc < 0) {
        return rc;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(h->state, sizeof h->state, "%s/jtune-state-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(h->state)) {
        return -errno;
    }
    return mkdir(fixture_path(&h->fx, "tmp"), 0755) < 0 && errno != EEXIST ? -errno : 0;
}

void helperfx_cleanup(HelperFx *h) {
    fixture_cleanup(&h->fx);
    if (h->state[0]) {
        rm_rf(h->state);
        h->state[0] = '\0';
    }
}

static const char fake_nvpmodel[] =
    "#!/bin/sh\n"
    "# test stand-in for nvpmodel -m N\n"
    "root=$(dirname \"$(dirname \"$(dirname \"$0\")\")\")\n"
    "echo \"$# $*\" > \"$root/var/lib/nvpmodel/test.args\"\n"
    "env > \"$root/var/lib/nvpmodel/test.env\"\n"
    "grep -E '^(Cap|Uid)' /proc/self/status > \"$root/var/lib/nvpmodel/test.caps\"\n"
    "[ \"$1\" = \"-m\" ] || exit 2\n"
    "if [ \"$2\" = 2 ]; then\n"
    "  echo \"NVPM WARN: Reboot required for changing to this power mode: 2\"\n"
    "  echo \"NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:\"\n"
    "  if read ans && [ \"$ans\" = YES ]; then :; else\n"
    "    echo \"NVPM ERROR: optMask is 1, no request for power mode\"; exit 1\n"
    "  fi\n"
    "fi\n"
    "printf 'pmode:%04d\\n' \"$2\" > \"$root/var/lib/nvpmodel/status\"\n";

int helperfx_fake_nvpmodel(HelperFx *h) {
    int rc = fixture_put(&h->fx, "usr/sbin/nvpmodel", fake_nvpmodel);
    if (rc == 0 && chmod(fixture_path(&h->fx, "usr/sbin/nvpmodel"), 0755) < 0) {
        rc = -errno;
    }
    return rc;
}

static unsigned chown_uid, chown_gid;

static int chown_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return lchown(p, chown_uid, chown_gid) < 0 ? -1 : 0;
}

int helperfx_chown(HelperFx *h, unsigned uid, unsigned gid) {
    chown_uid = uid;
    chown_gid = gid;
    if (nftw(h->fx.root, chown_one, 32, FTW_PHYS) < 0 ||
        nftw(h->state, chown_one, 8, FTW_PHYS) < 0) {
        return -errno;
    }
    return 0;
}

typedef struct {
    char **lines;
    size_t n, cap;
    size_t rootlen;
} Snap;

static Snap snap;

static int snap_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)ftw;
    static const char records[] = "/var/lib/nvpmodel/test.";
    if (flag != FTW_F || !S_ISREG(st->st_mode) || strncmp(p + snap.rootlen, "/tmp/", 5) == 0 ||
        strncmp(p + snap.rootlen, records, sizeof records - 1) == 0) {
        return 0; /* the stand-in tools' own records (where the helper's sandbox lets them) */
    }
    if (snap.n == snap.cap) {
        snap.cap = snap.cap ? snap.cap * 2 : 1024;
        snap.lines = realloc(snap.lines, snap.cap * sizeof *snap.lines);
    }
    const char *content = slurp_static(p);
    size_t len = strlen(p + snap.rootlen) + strlen(content) + 3;
    char *line = malloc(len);
    snprintf(line, len, "%s\t%s", p + snap.rootlen, content);
    for (char *c = line; *c; c++) {
        if (*c == '\n') {
            *c = '|'; /* one line per file */
        }
    }
    snap.lines[snap.n++] = line;
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *helperfx_snapshot(const HelperFx *h) {
    snap = (Snap){.rootlen = strlen(h->fx.root)};
    if (nftw(h->fx.root, snap_one, 32, FTW_PHYS) < 0) {
        return NULL;
    }
    qsort(snap.lines, snap.n, sizeof *snap.lines, cmp_str);
    size_t total = 1;
    for (size_t i = 0; i < snap.n; i++) {
        total += strlen(snap.lines[i]) + 1;
    }
    char *out = malloc(total);
    size_t used = 0;
    for (size_t i = 0; i < snap.n; i++) {
        used += (size_t)sprintf(out + used, "%s\n", snap.lines[i]);
        free(snap.lines[i]);
    }
    out[used] = '\0';
    free(snap.lines);
    return out;
}

const char *helperfx_snapshot_diff(const char *a, const char *b) {
    static char buf[1024];
    while (*a || *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            snprintf(buf, sizeof buf, "before: %.*s\nafter:  %.*s", (int)(la > 400 ? 400 : la), a,
                     (int)(lb > 400 ? 400 : lb), b);
            return buf;
        }
        a += la + (ea != NULL);
        b += lb + (eb != NULL);
    }
    return NULL;
}

const char *helperfx_program(const char *name) {
    static char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s/%s", test_build_dir(), name);
    return buf;
}

bool helperfx_is_root(void) {
    return geteuid() == 0;
}

const char *helperfx_journal_path(const char *state, const char *root, const char *file) {
    static char path[PATH_MAX * 2];
    char canon[PATH_MAX], dir[64];
    if (!realpath(root, canon) || helper_board_dirname(canon, dir, sizeof dir) < 0) {
        snprintf(path, sizeof path, "%s/?/%s", state, file);
    } else {
        snprintf(path, sizeof path, "%s/%s/%s", state, dir, file);
    }
    return path;
}
