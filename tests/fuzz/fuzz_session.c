/* SPDX-License-Identifier: MIT */
/* libFuzzer target: sequences of helper requests on a board tree, then a restore, which must
 * put back every file of the tree exactly as it was before the sequence.
 *
 * The tree is the Orin Nano Super fixture (tests/fixtures/orin-nano-super.tree), loaded once
 * into a temporary directory; the helper is opened on it once and kept between inputs, as a
 * long session would be. Each input is a list of 6-byte records (see run_record): SET, GET,
 * transaction begin/commit/abort, a restore in the middle, "keep changes" (the kept state
 * becomes what the final restore must give), and a crash (the helper is dropped without any
 * rollback and a new one started on the same state directory, which finds the journal).
 * After the last record the transaction is aborted and RESTORE sent: it must succeed with
 * nothing left on record, and every file under the root must hold its expected text.
 * Between inputs only the files that changed are put back (their mtime says which).
 *
 * nvpmodel runs in-process: nvpm_set_mode is wrapped (-Wl,--wrap) so that the simulator's
 * stand-in applies the mode to the tree exactly as it does when the helper runs
 * <root>/usr/sbin/nvpmodel, without a fork and exec per mode switch. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "jtune/helper/helper.h"
#include "jtune/helper/knobs.h"
#include "jtune/helper/nvpm.h"
#include "jtune/sim/nvpmodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __wrap_nvpm_set_mode(KnobEnv *e, int mode);

#define MAX_FILES 4096
#define MAX_TEXT  65536

typedef struct {
    char *rel;
    char *orig; /* text when loaded */
    size_t orig_len;
    char *want; /* text the final restore must give (orig, or what KEEP kept) */
    size_t want_len;
    struct timespec mtime; /* as last seen; a different one means the file was written */
    off_t size;
} TreeFile;

static Fixture fx;
static char state[PATH_MAX];
static TreeFile files[MAX_FILES];
static int n_files;
static Helper *h;
static uint32_t seq;
static int64_t dict[96];
static int n_dict;
static char buf[MAX_TEXT];

static void die(const char *what, const char *detail) {
    fprintf(stderr, "fuzz_session: %s %s\n", what, detail ? detail : "");
    abort();
}

static size_t read_text(const char *rel, char *out, size_t outsz) {
    int fd = openat(AT_FDCWD, fixture_path(&fx, rel), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    ssize_t n = fd < 0 ? -1 : read(fd, out, outsz);
    if (fd >= 0) {
        close(fd);
    }
    return n < 0 ? 0 : (size_t)n;
}

static void add_file(const char *rel, const struct stat *st) {
    if (n_files >= MAX_FILES) {
        die("too many files in", fx.root);
    }
    TreeFile *f = &files[n_files++];
    f->rel = strdup(rel);
    f->orig_len = read_text(rel, buf, sizeof buf);
    f->orig = malloc(f->orig_len + 1);
    f->want = malloc(f->orig_len + 1);
    memcpy(f->orig, buf, f->orig_len);
    memcpy(f->want, buf, f->orig_len);
    f->want_len = f->orig_len;
    f->mtime = st->st_mtim;
    f->size = st->st_size;
}

/* Every regular file under the root (links and FIFOs are not written by anyone). */
static void walk(const char *rel) {
    DIR *d = opendir(fixture_path(&fx, rel));
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char sub[PATH_MAX];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat st;
        if (lstat(fixture_path(&fx, sub), &st) < 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            walk(sub);
        } else if (S_ISREG(st.st_mode)) {
            add_file(sub, &st);
        }
    }
    closedir(d);
}

/* Values worth trying: every frequency the tree advertises, the modes, small numbers. */
static void add_dict_file(const char *rel) {
    size_t n = read_text(rel, buf, sizeof buf - 1);
    buf[n] = '\0';
    for (char *p = buf, *end; n_dict < (int)(sizeof dict / sizeof dict[0]); p = end) {
        long long v = strtoll(p, &end, 10);
        if (end == p) {
            break;
        }
        dict[n_dict++] = v;
    }
}

static void build_dict(void) {
    static const int64_t small[] = {0,   1,   2,   3,   4,  5,          30,        80,
                                    120, 200, 255, 256, -1, 2133000000, 3199000000};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        dict[n_dict++] = small[i];
    }
    add_dict_file("sys/devices/system/cpu/cpufreq/policy0/scaling_available_frequencies");
    add_dict_file("sys/devices/system/cpu/cpufreq/policy4/scaling_available_frequencies");
    add_dict_file("sys/devices/platform/bus@0/17000000.gpu/devfreq/17000000.gpu/"
                  "available_frequencies");
}

static void open_helper(void) {
    HelperConfig cfg;
    helper_config_init(&cfg);
    cfg.root = fx.root;
    cfg.state_dir = state;
    char err[512] = "";
    if (helper_open(&h, &cfg, err, sizeof err) != 0) {
        die("helper_open:", err);
    }
}

static void setup(void) {
    const char *tmp = getenv("TMPDIR");
    if (access("/dev/shm", W_OK) == 0) {
        setenv("TMPDIR", "/dev/shm", 1); /* journal fsyncs cost nothing there */
    }
    if (fixture_load(&fx, "orin-nano-super.tree") != 0) {
        die("cannot load the fixture tree", NULL);
    }
    if (tmp) {
        setenv("TMPDIR", tmp, 1);
    }
    snprintf(state, sizeof state, "%s.state", fx.root);
    if (mkdir(state, 0700) < 0) {
        die("mkdir", state);
    }
    walk("");
    build_dict();
    open_helper();
}

static TuneReply request(TuneOp op, TuneTarget t, uint32_t index, uint16_t sub, int64_t v) {
    TuneRequest r;
    TuneReply rep;
    proto_request_init(&r, op, ++seq, t, index, sub, v);
    helper_handle(h, &r, &rep);
    if (rep.op != op || rep.seq != r.seq || rep.err < 0) {
        die("a reply that does not answer its request", NULL);
    }
    return rep;
}

/* Every file that changed since it was last seen: its text, and the time stamp. */
static bool file_changed(TreeFile *f, size_t *len) {
    struct stat st;
    if (lstat(fixture_path(&fx, f->rel), &st) < 0) {
        die("a file of the tree is gone:", f->rel);
    }
    if (st.st_mtim.tv_sec == f->mtime.tv_sec && st.st_mtim.tv_nsec == f->mtime.tv_nsec &&
        st.st_size == f->size) {
        return false;
    }
    *len = read_text(f->rel, buf, sizeof buf);
    return true;
}

static void remember_stat(TreeFile *f) {
    struct stat st;
    if (lstat(fixture_path(&fx, f->rel), &st) == 0) {
        f->mtime = st.st_mtim;
        f->size = st.st_size;
    }
}

/* KEEP succeeded: the tree as it is now is what the final restore must give. */
static void keep_current(void) {
    for (int i = 0; i < n_files; i++) {
        TreeFile *f = &files[i];
        size_t len = read_text(f->rel, buf, sizeof buf);
        free(f->want);
        f->want = malloc(len + 1);
        memcpy(f->want, buf, len);
        f->want_len = len;
    }
}

static void crash_and_restart(void) {
    helper_close(h); /* no rollback: whatever was written stays, the journal says what */
    h = NULL;
    open_helper();
}

/* One record: op, target, index, sub, value selector, raw value. */
static void run_record(const uint8_t *p, bool *in_txn) {
    TuneTarget t = (TuneTarget)(1 + p[1] % (TUNE_T_COUNT - 1));
    uint32_t index = p[2] == 0xff ? TUNE_ALL : p[2] % 16;
    uint16_t sub = p[3] % 4;
    int64_t v = p[4] < n_dict ? dict[p[4]] : (int64_t)(int8_t)p[5];
    switch (p[0] % 10) {
    case 0:
    case 1:
    case 2: request(TUNE_OP_SET, t, index, sub, v); break;
    case 3: request(TUNE_OP_GET, t, index, sub, 0); break;
    case 4:
        if (request(TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0).err == 0) {
            *in_txn = true;
        }
        break;
    case 5:
        request(TUNE_OP_TXN_COMMIT, TUNE_T_NONE, 0, 0, 0);
        *in_txn = false;
        break;
    case 6:
        request(TUNE_OP_TXN_ABORT, TUNE_T_NONE, 0, 0, 0);
        *in_txn = false;
        break;
    case 7: request(TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0); break;
    case 8:
        if (request(TUNE_OP_KEEP, TUNE_T_NONE, 0, 0, 0).err == 0) {
            keep_current();
        }
        break;
    default:
        crash_and_restart();
        *in_txn = false;
        break;
    }
}

/* The value a node's text stands for. sysfs ends what it prints with a newline whatever was
 * written (the stand-in nvpmodel writes none), and a choice node (THP "enabled") prints every
 * choice with the selected one in brackets where a plain file keeps the word written. */
static void node_value(const char **s, size_t *len) {
    *len -= *len > 0 && (*s)[*len - 1] == '\n';
    const char *open = memchr(*s, '[', *len);
    const char *close = open ? memchr(open, ']', *len - (size_t)(open - *s)) : NULL;
    if (close) {
        *s = open + 1;
        *len = (size_t)(close - open - 1);
    }
}

static bool same_value(const char *a, size_t alen, const char *b, size_t blen) {
    node_value(&a, &alen);
    node_value(&b, &blen);
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* After the restore: every file holds its expected text. Then put the loaded tree back. */
static void check_and_reset(void) {
    for (int i = 0; i < n_files; i++) {
        TreeFile *f = &files[i];
        size_t len;
        if (!file_changed(f, &len)) {
            if (f->want_len != f->orig_len || memcmp(f->want, f->orig, f->orig_len) != 0) {
                /* kept by KEEP yet unchanged since the load: fine only if equal to want */
                len = read_text(f->rel, buf, sizeof buf);
            } else {
                continue;
            }
        }
        if (!same_value(buf, len, f->want, f->want_len)) {
            fprintf(stderr, "fuzz_session: not restored: %s is \"%.*s\", was \"%.*s\"\n", f->rel,
                    (int)len, buf, (int)f->want_len, f->want);
            abort();
        }
        int fd = open(fixture_path(&fx, f->rel), O_WRONLY | O_TRUNC | O_NOFOLLOW);
        if (fd < 0 || write(fd, f->orig, f->orig_len) != (ssize_t)f->orig_len || close(fd) < 0) {
            die("cannot reset", f->rel);
        }
        remember_stat(f);
        free(f->want);
        f->want = malloc(f->orig_len + 1);
        memcpy(f->want, f->orig, f->orig_len);
        f->want_len = f->orig_len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!h) {
        setup();
    }
    bool in_txn = false;
    for (size_t i = 0; i + 6 <= size && i < 6 * 64; i += 6) {
        run_record(data + i, &in_txn);
    }
    if (in_txn) {
        request(TUNE_OP_TXN_ABORT, TUNE_T_NONE, 0, 0, 0);
    }
    TuneReply r = request(TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0);
    if (r.err != 0 || r.aux != 0 || helper_journal_count(h) != 0) {
        fprintf(stderr, "fuzz_session: restore failed: err %d, %lld restored, %lld left\n", r.err,
                (long long)r.value, (long long)r.aux);
        abort();
    }
    check_and_reset();
    return 0;
}

/* The simulator's nvpmodel stand-in, in-process, with nvpm_set_mode's checks of the result. */
int __wrap_nvpm_set_mode(KnobEnv *e, int mode) {
    char m[16], out[8192] = "";
    snprintf(m, sizeof m, "%d", mode);
    char a0[] = "nvpmodel", a1[] = "--root", a3[] = "-m", root[4096];
    snprintf(root, sizeof root, "%s", sysfs_root(e->fs));
    char *argv[] = {a0, a1, root, a3, m, NULL};
    FILE *in = fopen("/dev/null", "r");
    FILE *o = fmemopen(out, sizeof out - 1, "w");
    FILE *err = fopen("/dev/null", "w");
    if (!in || !o || !err) {
        die("cannot open streams for nvpmodel", NULL);
    }
    int status = simnvpmodel_main(5, argv, in, o, err);
    fclose(in);
    fclose(o);
    fclose(err);
    if (strstr(out, "Reboot required")) {
        e->detail = mode;
        return -ECANCELED;
    }
    int64_t now;
    if (status != 0 || nvpm_get_mode(e, &now) < 0 || now != mode) {
        return -EIO;
    }
    return 0;
}
