/* SPDX-License-Identifier: MIT */
/* mode_capture: `jtune capture [-o FILE] [--keep-serial]` - every board file that discovery
 * and sampling read, as a tar.gz that `jtune --root DIR` monitors once unpacked.
 *
 * The board is opened the way the UI opens it (privsep_start_board, monitor-only): under sudo
 * the root-only nodes are opened before the privilege drop and read afterwards through the
 * kept descriptors, so the file is written by the invoking user. Recording (sysfs_trace_set)
 * notes what the probe, two samples, the profile planner's and the audit's reads open; those
 * paths, and a few for the report (release, device tree, nvpmodel), are then walked and read.
 * The archive appears whole or not at all: it is written to a temporary file beside FILE
 * (removed on an error, SIGINT or SIGTERM) and renamed over FILE at the end. */
#include "jtune/platform/systime.h"
#include "jtune/app/modes.h"

#include "jtune/app/privsep.h"
#include "jtune/app/stopsig.h"
#include "jtune/buildinfo.h"
#include "jtune/core/gzip.h"
#include "jtune/core/invsummary.h"
#include "jtune/core/redact.h"
#include "jtune/core/tarball.h"
#include "jtune/platform/capture.h"
#include "jtune/platform/fileio.h"
#include "jtune/conf/auditread.h"
#include "jtune/platform/jetson/knobstate.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SUMMARY_BYTES 65536

/* Files read for the report itself, beyond what discovery opens. */
static const char *const EXTRAS[] = {
    "etc/nv_tegra_release",
    "proc/device-tree/model",
    "proc/device-tree/compatible",
    "proc/device-tree/serial-number",
    "etc/nvpmodel.conf",
    "var/lib/nvpmodel/status",
    "proc/version",
};

typedef struct {
    int fd;
    GzipWriter *gz;
    uint64_t bytes; /* uncompressed */
    bool progress_tty;
    int64_t t0_ns, last_ns;
} Out;

/* The progress line: only on a terminal, only once reading takes a while, at most 10 a second. */
static bool progress(void *ctx, size_t done, size_t total) {
    Out *o = ctx;
    if (stopsig_flag) {
        return false;
    }
    if (!o->progress_tty) {
        return true;
    }
    int64_t now_ns = systime_mono_ns();
    if (now_ns - o->t0_ns < 300 * NS_PER_MS ||
        (now_ns - o->last_ns < 100 * NS_PER_MS && done < total)) {
        return true;
    }
    o->last_ns = now_ns;
    fprintf(stderr, "\rjtune capture: reading %zu of %zu paths...", done, total);
    return true;
}

static void progress_clear(const Out *o) {
    if (o->progress_tty && o->last_ns > o->t0_ns) {
        fprintf(stderr, "\r%60s\r", "");
    }
}

static int file_sink(void *ctx, const void *data, size_t len) {
    const Out *o = ctx;
    return stopsig_flag ? -EINTR : fileio_write_all(o->fd, data, len);
}

static int tar_sink(void *ctx, const void *data, size_t len) {
    Out *o = ctx;
    o->bytes += len;
    return gzip_write(o->gz, data, len);
}

/* Probe, sample twice and read what the profile and audit pages read, all recorded. */
static int record_board(const Options *o, Capture *c, Sampler **board, char *err, size_t errsz) {
    Options mo = *o;
    mo.monitor_only = true; /* no helper: nothing is changed, only read */
    TuneClient *tune = NULL;
    capture_record_start(c);
    int rc = privsep_start_board(&mo, NULL, &tune, board, err, errsz);
    tune_stop(tune);
    if (rc == 0 && !*board && (rc = sampler_open(board, o->root, NULL)) < 0) {
        snprintf(err, errsz, "cannot open the board under %s: %s", o->root ? o->root : "/",
                 strerror(-rc));
    }
    Sample *s = calloc(2, sizeof *s);
    ProfBoard *pb = calloc(1, sizeof *pb);
    AuditEvidence *ev = calloc(1, sizeof *ev);
    if (rc == 0 && (!s || !pb || !ev)) {
        rc = -ENOMEM;
        snprintf(err, errsz, "out of memory");
    }
    if (rc == 0) {
        sampler_take(*board, &s[0]);
        sampler_take(*board, &s[1]);
        Sysfs *fs = sampler_sysfs(*board);
        knobstate_read(fs, sampler_inventory(*board), &s[1], pb);
        ev->b = pb;
        auditread_collect(fs, ev);
        for (size_t i = 0; i < sizeof EXTRAS / sizeof EXTRAS[0]; i++) {
            capture_note_path(c, EXTRAS[i], false);
        }
    }
    capture_record_stop();
    free(s);
    free(pb);
    free(ev);
    return rc;
}

/* FILE's name without .tar.gz / .tgz: the archive's top directory. */
static void top_dir(const char *out, char *top, size_t topsz) {
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", out);
    snprintf(top, topsz, "%s", basename(copy));
    size_t n = strlen(top);
    if (n > 7 && strcmp(top + n - 7, ".tar.gz") == 0) {
        top[n - 7] = '\0';
    } else if (n > 4 && strcmp(top + n - 4, ".tgz") == 0) {
        top[n - 4] = '\0';
    }
    if (!top[0] || strcmp(top, ".") == 0 || strcmp(top, "..") == 0) {
        snprintf(top, topsz, "jtune-capture");
    }
}

static int add_entry(TarWriter *t, const char *top, const CapEntry *e, bool keep_serial) {
    char name[PATH_MAX + 256];
    snprintf(name, sizeof name, "%s/%s", top, e->path);
    switch (e->kind) {
    case CAP_DIR: return tarball_add_dir(t, name, e->mode);
    case CAP_LINK: return tarball_add_link(t, name, e->data);
    case CAP_GATED: return tarball_add_fifo(t, name, e->mode);
    case CAP_FILE: break;
    }
    if (keep_serial || e->len == 0) {
        return tarball_add_file(t, name, e->mode, e->data, e->len);
    }
    size_t cap = 2 * e->len + 16;
    char *red = malloc(cap);
    if (!red) {
        return -ENOMEM;
    }
    long n = redact_text(e->path, e->data, e->len, red, cap);
    int rc = n < 0 ? (int)n : tarball_add_file(t, name, e->mode, red, (size_t)n);
    free(red);
    return rc;
}

/* Each network interface's address: which Wi-Fi and Ethernet parts the board carries (the
 * vendor prefix) - redacted unless --keep-serial. Recorded as discovery's own reads are. */
static void note_interfaces(Capture *c, Sysfs *fs) {
    DIR *d = sysfs_opendir(fs, "sys/class/net");
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        char rel[PATH_MAX];
        if (de->d_name[0] != '.' &&
            snprintf(rel, sizeof rel, "sys/class/net/%s/address", de->d_name) < (int)sizeof rel) {
            capture_note_path(c, rel, false);
        }
    }
    if (d) {
        closedir(d);
    }
}

static const char *note_why(const CapNote *n, bool privileged) {
    switch (n->err) {
    case EAGAIN: return "EAGAIN (a power-gated sensor; stored as a FIFO)";
    case EACCES:
        return privileged ? "permission denied (root only, and the monitor does not keep it "
                            "open across the privilege drop either)"
                          : "permission denied (root only: run 'sudo jtune capture')";
    default: return strerror(n->err);
    }
}

/* MANIFEST: what this is, how it was taken, and every path that is not in it and why. */
static char *manifest(const Capture *c, const Options *o, bool privileged, size_t *len) {
    size_t nn, ne;
    const CapNote *notes = capture_notes(c, &nn);
    const CapEntry *es = capture_entries(c, &ne);
    size_t cap = 4096 + nn * (PATH_MAX / 4);
    char *m = malloc(cap);
    if (!m) {
        return NULL;
    }
    size_t k[4] = {0};
    for (size_t i = 0; i < ne; i++) {
        k[es[i].kind]++;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    FILE *f = fmemopen(m, cap, "w");
    if (!f) {
        free(m);
        return NULL;
    }
    fprintf(f, "jtune capture (unpack, then: jtune --root DIR)\njtune %s\n", JTUNE_VERSION);
    fprintf(f, "taken: %04d-%02d-%02dT%02d:%02d:%02dZ\n", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    fprintf(f, "board: %s\n", o->root ? "a tree given with --root" : "this board (/)");
    fprintf(f, "privileges: %s\n",
            privileged ? "root: root-only nodes read through descriptors opened before the "
                         "privilege drop"
                       : "user: root-only nodes (debugfs) are not readable");
    fprintf(f, "serial numbers and MAC addresses: %s\n",
            o->keep_serial ? "kept (--keep-serial)" : "redacted");
    fprintf(f, "entries: %zu files, %zu directories, %zu links, %zu gated sensors\n", k[CAP_FILE],
            k[CAP_DIR], k[CAP_LINK], k[CAP_GATED]);
    fprintf(f, "DISCOVERY: what jtune discovered on the board when this was taken\n");
    static const char *const HEAD[] = {
        [NOTE_UNREADABLE] = "\nnot read (path: why):\n",
        [NOTE_ABSENT] = "\nprobed but absent on this board:\n",
        [NOTE_REFUSED] = "\nopened but left out (not on the capture allowlist):\n"};
    for (int kind = NOTE_UNREADABLE; kind <= NOTE_REFUSED; kind++) {
        fputs(HEAD[kind], f);
        for (size_t i = 0; i < nn; i++) {
            if ((int)notes[i].kind != kind) {
                continue;
            }
            if (kind == NOTE_UNREADABLE) {
                fprintf(f, "  %s: %s\n", notes[i].path, note_why(&notes[i], privileged));
            } else {
                fprintf(f, "  %s\n", notes[i].path);
            }
        }
    }
    /* a memory stream fails only when the buffer is full: treat any error as that */
    bool full = fflush(f) != 0;
    long pos = ftell(f);
    *len = pos < 0 ? cap : (size_t)pos;
    full = full || *len + 1 >= cap;
    full = fclose(f) != 0 || full;
    if (full) {
        free(m);
        return NULL;
    }
    return m;
}

/* The whole archive into o (already open). 0 or -errno. */
static int write_archive(Out *o, const Capture *c, const Options *opt, const char *top,
                         const char *summary, bool privileged) {
    int rc = gzip_open(&o->gz, file_sink, o, (uint32_t)time(NULL));
    if (rc < 0) {
        return rc;
    }
    TarWriter t = {.sink = tar_sink, .ctx = o, .mtime = (int64_t)time(NULL)};
    rc = tarball_add_dir(&t, top, 0755);
    size_t ne;
    const CapEntry *es = capture_entries(c, &ne);
    for (size_t i = 0; rc == 0 && i < ne; i++) {
        rc = add_entry(&t, top, &es[i], opt->keep_serial);
    }
    size_t mlen = 0;
    char *m = rc == 0 ? manifest(c, opt, privileged, &mlen) : NULL;
    if (rc == 0 && !m) {
        rc = -ENOMEM;
    }
    char name[PATH_MAX], version[64];
    int vlen = snprintf(version, sizeof version, "jtune %s\n", JTUNE_VERSION);
    struct {
        const char *leaf, *data;
        size_t len;
    } meta[] = {{"MANIFEST", m, mlen},
                {"VERSION", version, (size_t)vlen},
                {"DISCOVERY", summary, strlen(summary)}};
    for (size_t i = 0; rc == 0 && i < sizeof meta / sizeof meta[0]; i++) {
        snprintf(name, sizeof name, "%s/%s", top, meta[i].leaf);
        rc = tarball_add_file(&t, name, 0444, meta[i].data, meta[i].len);
    }
    free(m);
    if (rc == 0) {
        rc = tarball_finish(&t);
    }
    if (rc == 0) {
        rc = gzip_finish(o->gz);
    }
    gzip_free(o->gz);
    o->gz = NULL;
    return rc;
}

/* Default FILE: jtune-capture-YYYYmmdd-HHMMSS.tar.gz in the current directory. */
static void default_name(char *out, size_t outsz) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    if (strftime(out, outsz, "jtune-capture-%Y%m%d-%H%M%S.tar.gz", &tm) == 0) {
        snprintf(out, outsz, "jtune-capture.tar.gz"); /* out too small for the date */
    }
}

/* Write to a temporary file beside path, then rename it over path. 0 or -errno. */
static int write_atomic(Out *o, const Capture *c, const Options *opt, const char *path,
                        const char *summary, bool privileged) {
    char tmp[PATH_MAX], dir[PATH_MAX], top[NAME_MAX + 1];
    snprintf(dir, sizeof dir, "%s", path);
    if (snprintf(tmp, sizeof tmp, "%s/.jtune-capture-XXXXXX", dirname(dir)) >= (int)sizeof tmp) {
        return -ENAMETOOLONG;
    }
    o->fd = mkstemp(tmp);
    if (o->fd < 0) {
        return -errno;
    }
    top_dir(path, top, sizeof top);
    int rc = write_archive(o, c, opt, top, summary, privileged);
    if (rc == 0 && fchmod(o->fd, 0644) < 0) {
        rc = -errno;
    }
    if (rc == 0 && fsync(o->fd) < 0) {
        rc = -errno;
    }
    if (close(o->fd) < 0 && rc == 0) {
        rc = -errno;
    }
    if (rc == 0 && stopsig_flag) {
        rc = -EINTR;
    }
    if (rc == 0 && rename(tmp, path) < 0) {
        rc = -errno;
    }
    if (rc < 0) {
        unlink(tmp);
    }
    return rc;
}

static int fail(const char *what, int rc) {
    if (rc == -EINTR && stopsig_flag) {
        fprintf(stderr, "jtune: capture stopped by %s; nothing was written\n", stopsig_name());
        return 130;
    }
    fprintf(stderr, "jtune: %s: %s\n", what, strerror(-rc));
    return 1;
}

int mode_capture(const Options *o) {
    char path[PATH_MAX];
    if (o->output) {
        snprintf(path, sizeof path, "%s", o->output);
    } else {
        default_name(path, sizeof path);
    }
    bool privileged = geteuid() == 0;
    Capture *c = NULL;
    Sampler *board = NULL;
    char err[512] = "";
    char *summary = malloc(SUMMARY_BYTES);
    int rc = capture_new(&c);
    if (rc == 0 && !summary) {
        rc = -ENOMEM;
    }
    if (rc < 0) {
        free(summary);
        return fail("capture", rc);
    }
    StopSignals sigs;
    stopsig_install(&sigs);
    /* the clock starts before the probe: a board slow to probe shows progress at once after */
    Out out = {.fd = -1, .progress_tty = isatty(STDERR_FILENO) == 1};
    out.t0_ns = systime_mono_ns();
    rc = record_board(o, c, &board, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "jtune: %s\n", err[0] ? err : strerror(-rc));
    }
    if (rc == 0 &&
        faccessat(sysfs_rootfd(sampler_sysfs(board)), ".", R_OK | X_OK, AT_EACCESS) < 0) {
        /* under sudo the files are read as the invoking user, who must be able to */
        fprintf(stderr,
                "jtune: %s is not readable by uid %ld (whom sudo's privileges were "
                "dropped to)\n",
                sysfs_root(sampler_sysfs(board)), (long)geteuid());
        rc = -EACCES;
    }
    if (rc == 0) {
        note_interfaces(c, sampler_sysfs(board));
        invsummary_format(sampler_inventory(board), summary, SUMMARY_BYTES);
        rc = capture_collect(c, sampler_sysfs(board), progress, &out);
        progress_clear(&out);
        rc = rc < 0 ? fail("reading the board", rc) : 0;
    } else {
        rc = 1;
    }
    if (rc == 0) {
        int w = write_atomic(&out, c, o, path, summary, privileged);
        if (w < 0) {
            char what[PATH_MAX + 16];
            snprintf(what, sizeof what, "cannot write %s", path);
            rc = fail(what, w);
        }
    }
    if (rc == 0) {
        size_t ne, nn;
        capture_entries(c, &ne);
        capture_notes(c, &nn);
        printf("jtune: wrote %s (%zu entries, %llu KiB before compression; MANIFEST lists %zu "
               "paths left out)\n",
               path, ne, (unsigned long long)(out.bytes / 1024), nn);
    }
    stopsig_restore(&sigs);
    sampler_close(board);
    capture_free(c);
    free(summary);
    return rc;
}
