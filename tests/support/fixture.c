/* SPDX-License-Identifier: MIT */
/* fixture: materialise .tree fixture files for tests. */
#include "fixture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *test_source_dir(void) {
    const char *e = getenv("JTUNE_SOURCE_DIR");
    return e ? e : JTUNE_TEST_SOURCE_DIR;
}

const char *test_build_dir(void) {
    const char *e = getenv("JTUNE_BUILD_DIR");
    return e ? e : JTUNE_TEST_BUILD_DIR;
}

int fixture_mkroot(Fixture *fx) {
    memset(fx, 0, sizeof *fx);
    const char *tmp = getenv("TMPDIR");
    snprintf(fx->root, sizeof fx->root, "%s/jtune-fx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(fx->root) ? 0 : -errno;
}

const char *fixture_path(const Fixture *fx, const char *rel) {
    static char buf[PATH_MAX * 2];
    snprintf(buf, sizeof buf, "%s/%s", fx->root, rel);
    return buf;
}

static int mkparents(const char *abs) {
    char buf[PATH_MAX * 2];
    snprintf(buf, sizeof buf, "%s", abs);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
                return -errno;
            }
            *p = '/';
        }
    }
    return 0;
}

/* Decode \n \t \0 \\ escapes in place; returns the decoded length. */
static size_t unescape(char *s) {
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            char c = s[++i];
            s[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
        } else {
            s[o++] = s[i];
        }
    }
    return o;
}

static mode_t mode_of(const char *m) {
    if (strcmp(m, "rw") == 0) {
        return 0644;
    }
    if (strcmp(m, "ro(root)") == 0) {
        return 0400;
    }
    if (strcmp(m, "rw(root)") == 0) {
        return 0600;
    }
    if (strcmp(m, "wo") == 0) {
        return 0200;
    }
    return 0444;
}

static int write_file(const char *abs, const char *data, size_t n, mode_t mode) {
    int rc = mkparents(abs);
    if (rc < 0) {
        return rc;
    }
    int fd = open(abs, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return -errno;
    }
    ssize_t w = write(fd, data, n);
    close(fd);
    if (w != (ssize_t)n) {
        return -EIO;
    }
    return chmod(abs, mode) < 0 ? -errno : 0;
}

int fixture_eagain(Fixture *fx, const char *rel) {
    char abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s/%s", fx->root, rel);
    int rc = mkparents(abs);
    if (rc < 0) {
        return rc;
    }
    unlink(abs);
    if (fx->n_fifos == FIXTURE_MAX_FIFOS) {
        return -ENOSPC;
    }
    /* opened before it becomes 0444, so tests that do not run as root can hold it too */
    if (mkfifo(abs, 0600) < 0) {
        return -errno;
    }
    int fd = open(abs, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || chmod(abs, 0444) < 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        return -e;
    }
    fx->fifo_fds[fx->n_fifos++] = fd;
    return 0;
}

static int load_line(Fixture *fx, char *line) {
    char *f[4] = {0};
    int nf = 0;
    for (char *p = line; nf < 4; nf++) {
        f[nf] = p;
        p = strchr(p, '\t');
        if (!p) {
            nf++;
            break;
        }
        *p++ = '\0';
    }
    if (nf < 3) {
        return -EINVAL;
    }
    const char *rel = f[0];
    char *content = f[1];
    const char *mode = f[2];
    char abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s/%s", fx->root, rel);
    if (strcmp(content, "@absent") == 0) {
        return 0;
    }
    if (strcmp(content, "@EAGAIN") == 0) {
        return fixture_eagain(fx, rel);
    }
    if (strcmp(content, "@dir") == 0) { /* a directory that holds nothing (from a capture) */
        int rc = mkparents(abs);
        return rc == 0 && mkdir(abs, 0755) < 0 && errno != EEXIST ? -errno : rc;
    }
    if (strcmp(content, "@empty") == 0) { /* a file read as nothing (from a capture) */
        return write_file(abs, "", 0, mode_of(mode));
    }
    if (strncmp(content, "@noeol:", 7) == 0) { /* content without the final newline */
        size_t m = unescape(content + 7);
        return write_file(abs, content + 7, m, mode_of(mode));
    }
    if (strncmp(content, "@link:", 6) == 0) {
        int rc = mkparents(abs);
        if (rc == 0 && symlink(content + 6, abs) < 0 && errno != EEXIST) {
            rc = -errno;
        }
        fx->n_links += rc == 0;
        return rc;
    }
    size_t n = unescape(content);
    bool dt = n > 0 && content[n - 1] == '\0';
    if (!dt) {
        content[n++] = '\n'; /* room: the tab or NUL that ended the field */
    }
    int rc = write_file(abs, content, n, mode_of(mode));
    fx->n_files += rc == 0;
    return rc;
}

int fixture_load(Fixture *fx, const char *tree) {
    int rc = fixture_mkroot(fx);
    if (rc < 0) {
        return rc;
    }
    char path[PATH_MAX];
    if (strchr(tree, '/')) {
        snprintf(path, sizeof path, "%s", tree);
    } else {
        snprintf(path, sizeof path, "%s/tests/fixtures/%s", test_source_dir(), tree);
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        return -errno;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (n > 0 && line[n - 1] == '\n') {
            line[--n] = '\0';
        }
        if (n == 0 || line[0] == '#') {
            continue;
        }
        if ((rc = load_line(fx, line)) < 0) {
            fprintf(stderr, "%s:%d: %s\n", path, lineno, strerror(-rc));
            break;
        }
    }
    free(line);
    fclose(f);
    return rc < 0 ? rc : 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p) < 0 ? -1 : 0;
}

int rm_rf(const char *path) {
    return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS) < 0 ? -errno : 0;
}

void fixture_cleanup(Fixture *fx) {
    for (int i = 0; i < fx->n_fifos; i++) {
        close(fx->fifo_fds[i]);
    }
    fx->n_fifos = 0;
    if (fx->root[0]) {
        rm_rf(fx->root);
        fx->root[0] = '\0';
    }
}

int fixture_put(Fixture *fx, const char *rel, const char *content) {
    char abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s/%s", fx->root, rel);
    int rc = mkparents(abs);
    if (rc < 0) {
        return rc;
    }
    int fd = open(abs, O_WRONLY | O_CREAT, 0644);
    if (fd < 0) {
        return -errno;
    }
    size_t n = strlen(content);
    rc = (pwrite(fd, content, n, 0) == (ssize_t)n && ftruncate(fd, (off_t)n) == 0) ? 0 : -errno;
    close(fd);
    return rc;
}

int fixture_remove(Fixture *fx, const char *rel) {
    char abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s/%s", fx->root, rel);
    return rm_rf(abs);
}

const char *slurp_static(const char *path) {
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    if (!f) {
        buf[0] = '\0';
        return buf;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

int fixture_count_entries(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        return -errno;
    }
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    }
    closedir(d);
    return n;
}
