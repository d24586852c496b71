/* SPDX-License-Identifier: MIT */
/* capture: jtune capture end to end and its parts.
 *   - the gzip and tar writers, checked by the system's gzip and tar (not by themselves);
 *   - redaction and the allowlist;
 *   - the round trip: every simulated board, captured, unpacked with tar, gives the same
 *     discovery as the live tree (and as the DISCOVERY the capture carries); a running Thor
 *     with a power-gated zone too;
 *   - serials and MACs redacted without --keep-serial, kept with it; a secret file placed in
 *     the tree, and a link from an allowed path to it, stay out;
 *   - a capture becomes a fixture tree (tests/fixtures/real/capture_to_tree.py) whose
 *     discovery is the capture's;
 *   - errors: a missing root, an unwritable output; nothing half-written is left. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/gzip.h"
#include "jtune/core/invsummary.h"
#include "jtune/core/redact.h"
#include "jtune/core/tarball.h"
#include "jtune/platform/capture.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/simproc.h"
#include "simtest.h"

#define SUMMARY 65536

static char out[65536];

/* Run a shell command line; its exit status (output in out). */
static int sh(const char *fmt, ...) {
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    const char *const argv[] = {"/bin/sh", "-c", cmd, NULL};
    return simtest_run(argv, NULL, out, sizeof out);
}

static const char *jtune_exe(void) {
    static char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/jtune", test_build_dir());
    return p;
}

/* ---------------------------------------------------------------- gzip and tar */

typedef struct {
    FILE *f;
} FileSink;

static int to_file(void *ctx, const void *data, size_t len) {
    return fwrite(data, 1, len, ((FileSink *)ctx)->f) == len ? 0 : -EIO;
}

static int tar_to_gz(void *ctx, const void *data, size_t len) {
    return gzip_write(ctx, data, len);
}

static void test_crc32_check_value(void **state) {
    (void)state;
    /* the CRC-32 check value from the standard (ISO-HDLC, as gzip uses it) */
    assert_int_equal(gzip_crc32(0, "123456789", 9), 0xCBF43926u);
    /* continued in two pieces gives the same */
    assert_int_equal(gzip_crc32(gzip_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

/* Compress data with our writer; the system's gzip must decompress it to the same bytes. */
static void gzip_round_trip(const unsigned char *data, size_t len, const char *dir) {
    char raw[PATH_MAX], gz[PATH_MAX];
    snprintf(raw, sizeof raw, "%s/raw", dir);
    snprintf(gz, sizeof gz, "%s/raw.gz", dir);
    assert_int_equal(fileio_write_atomic(raw, data, len, 0644), 0);
    FileSink fsk = {fopen(gz, "wb")};
    assert_non_null(fsk.f);
    GzipWriter *g = NULL;
    assert_int_equal(gzip_open(&g, to_file, &fsk, 1700000000u), 0);
    /* odd piece sizes cross the writer's block boundaries */
    for (size_t at = 0; at < len;) {
        size_t n = len - at < 7777 ? len - at : 7777;
        assert_int_equal(gzip_write(g, data + at, n), 0);
        at += n;
    }
    assert_int_equal(gzip_finish(g), 0);
    gzip_free(g);
    fclose(fsk.f);
    int rc = sh("gzip -t '%s' && gzip -dc '%s' | cmp - '%s'", gz, gz, raw);
    if (rc != 0) {
        print_error("%s\n", out);
    }
    assert_int_equal(rc, 0);
}

static void test_gzip_system_reads_it(void **state) {
    (void)state;
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    size_t n = 600000;
    unsigned char *buf = malloc(n);
    assert_non_null(buf);
    gzip_round_trip(buf, 0, fx.root); /* empty */
    gzip_round_trip((const unsigned char *)"a", 1, fx.root);
    /* sysfs-like text: long repeats, far and near */
    size_t o = 0;
    for (int i = 0; o + 64 < n; i++) {
        o += (size_t)snprintf((char *)buf + o, n - o, "%d 1190400 %s\n", i % 977,
                              i % 3 ? "schedutil" : "performance");
    }
    gzip_round_trip(buf, o, fx.root);
    /* one byte value over and over (the longest matches), then noise (no matches) */
    memset(buf, 'x', n);
    gzip_round_trip(buf, n, fx.root);
    uint32_t r = 12345;
    for (size_t i = 0; i < n; i++) {
        r = r * 1103515245u + 12345u;
        buf[i] = (unsigned char)(r >> 16);
    }
    gzip_round_trip(buf, n, fx.root);
    free(buf);
    fixture_cleanup(&fx);
}

static void test_tar_system_reads_it(void **state) {
    (void)state;
    Fixture fx;
    assert_int_equal(fixture_mkroot(&fx), 0);
    char gz[PATH_MAX];
    snprintf(gz, sizeof gz, "%s/t.tar.gz", fx.root);
    FileSink fsk = {fopen(gz, "wb")};
    assert_non_null(fsk.f);
    GzipWriter *g = NULL;
    assert_int_equal(gzip_open(&g, to_file, &fsk, 0), 0);
    TarWriter t = {.sink = tar_to_gz, .ctx = g, .mtime = 1700000000};
    char longdir[400], longname[600], target[300];
    snprintf(longdir, sizeof longdir,
             "top/sys/devices/platform/bus@0/13e40000.host1x/"
             "17000000.gpu/devfreq/17000000.gpu/device/of_node/x/y/z/"
             "a-directory-name-longer-than-ustar-holds");
    snprintf(longname, sizeof longname, "%s/cur_freq", longdir);
    memset(target, 'l', 150);
    target[150] = '\0';
    assert_int_equal(tarball_add_dir(&t, "top", 0755), 0);
    assert_int_equal(tarball_add_dir(&t, longdir, 0755), 0);
    assert_int_equal(tarball_add_file(&t, longname, 0444, "918000000\n", 10), 0);
    assert_int_equal(tarball_add_file(&t, "top/wo", 0200, "", 0), 0);
    assert_int_equal(tarball_add_link(&t, "top/link", "../sys/x"), 0);
    assert_int_equal(tarball_add_link(&t, "top/longlink", target), 0);
    assert_int_equal(tarball_add_fifo(&t, "top/gated", 0444), 0);
    assert_int_equal(tarball_add_file(&t, "/abs", 0444, "", 0), -EINVAL);
    assert_int_equal(tarball_finish(&t), 0);
    assert_int_equal(gzip_finish(g), 0);
    gzip_free(g);
    fclose(fsk.f);
    assert_int_equal(sh("cd '%s' && tar xzf t.tar.gz && tar tzf t.tar.gz", fx.root), 0);
    assert_non_null(strstr(out, longname));
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", fx.root, longname);
    assert_string_equal(slurp_static(p), "918000000\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0444);
    char lt[PATH_MAX];
    snprintf(p, sizeof p, "%s/top/link", fx.root);
    ssize_t n = readlink(p, lt, sizeof lt - 1);
    assert_int_equal(n, 8);
    lt[n] = '\0';
    assert_string_equal(lt, "../sys/x");
    snprintf(p, sizeof p, "%s/top/longlink", fx.root);
    n = readlink(p, lt, sizeof lt - 1);
    assert_int_equal(n, 150);
    snprintf(p, sizeof p, "%s/top/gated", fx.root);
    assert_int_equal(lstat(p, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    snprintf(p, sizeof p, "%s/top/wo", fx.root);
    assert_int_equal(lstat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0200);
    fixture_cleanup(&fx);
}

/* ---------------------------------------------------------------- redaction, allowlist */

static const char *redact(const char *path, const char *in, size_t len) {
    static char buf[4096];
    long n = redact_text(path, in, len, buf, sizeof buf - 1);
    assert_true(n >= 0);
    buf[n] = '\0';
    return buf;
}

static void test_redact(void **state) {
    (void)state;
    assert_string_equal(redact("proc/device-tree/serial-number", "1421321033285\0", 14),
                        REDACT_MARK);
    assert_string_equal(redact("sys/class/net/eth0/address", "48:b0:2d:3a:1c:5e\n", 18),
                        REDACT_MARK "\n");
    assert_string_equal(redact("sys/x/uevent", "MAC=48:B0:2D:3A:1C:5E other\n", 28),
                        "MAC=xx:xx:xx:xx:xx:xx other\n");
    assert_string_equal(redact("proc/cmdline", "root=/dev/x androidboot.serialno=ABC123 quiet", 45),
                        "root=/dev/x androidboot.serialno=" REDACT_MARK " quiet");
    assert_string_equal(redact("x", "SerialNumber: 0x1234\n", 21),
                        "SerialNumber: " REDACT_MARK "\n");
    /* not MACs: a longer hex run, times, a frequency table */
    const char *keep = "00:11:22:33:44:55:66 12:30:00 1190400 1420800\n";
    assert_string_equal(redact("x", keep, strlen(keep)), keep);
    char small[8];
    assert_int_equal(redact_text("x", "abcdef", 6, small, sizeof small), -ENOSPC);
}

static void test_allowlist(void **state) {
    (void)state;
    assert_true(capture_allowed("sys/class/devfreq/17000000.gpu/cur_freq"));
    assert_true(capture_allowed("sys/kernel/debug/bpmp/debug/clk/emc/rate"));
    assert_true(capture_allowed("proc/stat"));
    assert_true(capture_allowed("proc/sys/vm/swappiness"));
    assert_true(capture_allowed("etc/nv_tegra_release"));
    assert_true(capture_allowed("etc/nvpower/nvfancontrol/nvfancontrol_p3701_0000.conf"));
    assert_true(capture_allowed("var/lib/nvpmodel/status"));
    assert_true(capture_allowed("etc")); /* a parent, to walk through */
    assert_false(capture_allowed("etc/shadow"));
    assert_false(capture_allowed("etc/NetworkManager/system-connections/home.nmconnection"));
    assert_false(capture_allowed("etc/ssh/ssh_host_ed25519_key"));
    assert_false(capture_allowed("home/user/.ssh/id_ed25519"));
    assert_false(capture_allowed("root/.bash_history"));
    assert_false(capture_allowed("proc/1/environ"));
    assert_false(capture_allowed("proc/self/environ"));
    assert_false(capture_allowed("proc/cmdline"));
    assert_false(capture_allowed("proc/kcore"));
    assert_false(capture_allowed("sys/firmware/efi/efivars/x"));
    assert_false(capture_allowed("sys/../etc/shadow"));
    assert_false(capture_allowed("proc/statx")); /* a prefix is not a parent */
}

/* ---------------------------------------------------------------- end to end */

/* Discovery's summary of the board under root into buf. */
static void summary_of(const char *root, char *buf) {
    Sampler *s = NULL;
    int rc = sampler_open(&s, root, NULL);
    if (rc < 0) {
        print_error("sampler_open %s: %s\n", root, strerror(-rc));
    }
    assert_int_equal(rc, 0);
    assert_true(invsummary_format(sampler_inventory(s), buf, SUMMARY) > 0);
    sampler_close(s);
}

/* jtune --root ROOT capture -o WORK/NAME.tar.gz [extra], unpacked in WORK: WORK/NAME into
 * dir. Returns the capture's exit status (0: dir is set). */
static int capture_unpack(const char *root, const char *work, const char *name, const char *extra,
                          char *dir, size_t dirsz) {
    int rc = sh("'%s' --root '%s' capture -o '%s/%s.tar.gz' %s", jtune_exe(), root, work, name,
                extra ? extra : "");
    if (rc != 0) {
        return rc;
    }
    if (sh("cd '%s' && gzip -t %s.tar.gz && tar xzf %s.tar.gz", work, name, name) != 0) {
        print_error("unpacking: %s\n", out);
        return -1;
    }
    snprintf(dir, dirsz, "%s/%s", work, name);
    return 0;
}

/* The two summaries are the same, not empty, and the capture's DISCOVERY says the same. */
static void assert_same_discovery(const char *live_root, const char *unpacked) {
    char *live = malloc(SUMMARY), *cap = malloc(SUMMARY);
    assert_non_null(live);
    assert_non_null(cap);
    summary_of(live_root, live);
    summary_of(unpacked, cap);
    assert_non_null(strstr(live, "\nrail: ")); /* a real inventory, not two empty ones */
    assert_non_null(strstr(live, "\nzone: "));
    assert_non_null(strstr(live, "\npolicy"));
    if (strcmp(live, cap) != 0) { /* cmocka cuts long messages: show the lines that differ */
        char a[PATH_MAX], b[PATH_MAX];
        snprintf(a, sizeof a, "%s/../live.summary", unpacked);
        snprintf(b, sizeof b, "%s/../capture.summary", unpacked);
        fileio_write_atomic(a, live, strlen(live), 0644);
        fileio_write_atomic(b, cap, strlen(cap), 0644);
        sh("diff '%s' '%s'", a, b);
        print_error("discovery differs (live <, capture >):\n%s\n", out);
    }
    assert_string_equal(live, cap);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/DISCOVERY", unpacked);
    assert_string_equal(slurp_static(p), live);
    free(live);
    free(cap);
}

static void test_round_trip(void **state) {
    const char *board = *state;
    char root[PATH_MAX], dir[PATH_MAX];
    assert_int_equal(simtest_build(board, 3, 0, root, sizeof root), 0);
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    int rc = capture_unpack(root, work.root, board, NULL, dir, sizeof dir);
    if (rc != 0) {
        print_error("%s\n", out);
    }
    assert_int_equal(rc, 0);
    assert_same_discovery(root, dir);
    /* an unpacked capture is a board: capturing it again gives the same discovery */
    char again[PATH_MAX];
    assert_int_equal(capture_unpack(dir, work.root, "again", NULL, again, sizeof again), 0);
    assert_same_discovery(dir, again);
    fixture_cleanup(&work);
    rm_rf(root);
}

/* A running simulator: the power-gated zone answers EAGAIN, stored as a FIFO and named in
 * the MANIFEST; discovery is still the same. */
static void test_running_thor_gated(void **state) {
    (void)state;
    SimProc sp;
    SimProcOptions o = {.board = "thor", .seed = 4, .quiet = true};
    assert_int_equal(simproc_start(&sp, &o), 0);
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    char dir[PATH_MAX];
    assert_int_equal(capture_unpack(sp.root, work.root, "thor", NULL, dir, sizeof dir), 0);
    assert_int_equal(sh("find '%s' -type p | wc -l", dir), 0);
    assert_true(strtol(out, NULL, 10) >= 1);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/MANIFEST", dir);
    assert_non_null(strstr(slurp_static(p), "EAGAIN (a power-gated sensor"));
    assert_same_discovery(sp.root, dir);
    fixture_cleanup(&work);
    simproc_stop(&sp);
}

/* grep -r for text under dir: true when some file holds it. */
static bool tree_holds(const char *dir, const char *text) {
    return sh("grep -rqF -- '%s' '%s'", text, dir) == 0;
}

/* The first network interface's MAC address in the tree (trimmed) into mac. */
static void first_mac(const char *root, char *mac, size_t n) {
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/sys/class/net", root);
    DIR *d = opendir(p);
    assert_non_null(d);
    struct dirent *de;
    mac[0] = '\0';
    while ((de = readdir(d)) != NULL && !mac[0]) {
        char rel[PATH_MAX];
        snprintf(rel, sizeof rel, "sys/class/net/%s/address", de->d_name);
        const char *a = de->d_name[0] == '.' ? "" : simtest_read(root, rel, NULL);
        snprintf(mac, n, "%.17s", a);
    }
    closedir(d);
    assert_int_equal(strlen(mac), 17);
}

static void test_serials_redacted_unless_kept(void **state) {
    (void)state;
    char root[PATH_MAX], dir[PATH_MAX], p[PATH_MAX];
    assert_int_equal(simtest_build("orin-nano-super", 1, 0, root, sizeof root), 0);
    char serial[64], mac[32];
    snprintf(serial, sizeof serial, "%s",
             simtest_read(root, "sys/firmware/devicetree/base/serial-number", NULL));
    assert_true(strlen(serial) > 4);
    first_mac(root, mac, sizeof mac);
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);

    assert_int_equal(capture_unpack(root, work.root, "redacted", NULL, dir, sizeof dir), 0);
    assert_false(tree_holds(dir, serial));
    assert_false(tree_holds(dir, mac));
    snprintf(p, sizeof p, "%s/sys/firmware/devicetree/base/serial-number", dir);
    assert_string_equal(slurp_static(p), REDACT_MARK); /* and its NUL */
    assert_true(tree_holds(dir, REDACT_MARK "\n"));    /* an interface's address */
    snprintf(p, sizeof p, "%s/MANIFEST", dir);
    assert_non_null(strstr(slurp_static(p), "MAC addresses: redacted"));

    assert_int_equal(capture_unpack(root, work.root, "kept", "--keep-serial", dir, sizeof dir), 0);
    snprintf(p, sizeof p, "%s/sys/firmware/devicetree/base/serial-number", dir);
    assert_string_equal(slurp_static(p), serial);
    assert_true(tree_holds(dir, mac));
    snprintf(p, sizeof p, "%s/MANIFEST", dir);
    assert_non_null(strstr(slurp_static(p), "kept (--keep-serial)"));
    fixture_cleanup(&work);
    rm_rf(root);
}

/* Files no discovery opens stay out; so does a secret that an allowed path links to. */
static void test_not_allowlisted_stays_out(void **state) {
    (void)state;
    char root[PATH_MAX], dir[PATH_MAX], p[PATH_MAX];
    assert_int_equal(simtest_build("agx-orin", 2, 0, root, sizeof root), 0);
    assert_int_equal(sh("mkdir -p '%s/etc/NetworkManager/system-connections' '%s/home/u/.ssh' && "
                        "echo psk=hunter2-wifi > "
                        "'%s/etc/NetworkManager/system-connections/home.nmconnection' && "
                        "echo hunter2-ssh > '%s/home/u/.ssh/id' && "
                        "echo hunter2-link > '%s/home/u/notes' && "
                        "mv '%s/etc/nvpmodel.conf' '%s/home/u/nvpmodel.conf' && "
                        "ln -s ../home/u/nvpmodel.conf '%s/etc/nvpmodel.conf' && "
                        "echo 'other text' > '%s/sys/devices/system/cpu/not_read_by_jtune'",
                        root, root, root, root, root, root, root, root, root),
                     0);
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    assert_int_equal(capture_unpack(root, work.root, "c", NULL, dir, sizeof dir), 0);
    assert_false(tree_holds(dir, "hunter2"));
    snprintf(p, sizeof p, "%s/home", dir);
    assert_int_equal(access(p, F_OK), -1);
    snprintf(p, sizeof p, "%s/etc/NetworkManager/system-connections", dir);
    assert_int_equal(access(p, F_OK), -1);
    snprintf(p, sizeof p, "%s/sys/devices/system/cpu/not_read_by_jtune", dir);
    assert_int_equal(access(p, F_OK), -1);
    /* the link itself is kept (it is what the board has), its target is not followed */
    snprintf(p, sizeof p, "%s/etc/nvpmodel.conf", dir);
    struct stat st;
    assert_int_equal(lstat(p, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    snprintf(p, sizeof p, "%s/MANIFEST", dir);
    assert_non_null(strstr(slurp_static(p), "left out (not on the capture allowlist):\n  home\n"));
    fixture_cleanup(&work);
    rm_rf(root);
}

/* The documented path from a capture to a fixture: capture_to_tree.py's tree, loaded as every
 * fixture is, gives the capture's DISCOVERY (as test_real_discovery checks for the committed
 * ones). A running Thor: its gated zone becomes @EAGAIN. */
static void test_capture_to_fixture(void **state) {
    (void)state;
    if (sh("command -v python3") != 0) {
        skip(); /* the converter is a developer's tool; the fixtures it made are committed */
    }
    SimProc sp;
    SimProcOptions o = {.board = "thor", .seed = 6, .quiet = true};
    assert_int_equal(simproc_start(&sp, &o), 0);
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    char dir[PATH_MAX], tree[PATH_MAX], p[PATH_MAX];
    assert_int_equal(capture_unpack(sp.root, work.root, "thor", NULL, dir, sizeof dir), 0);
    simproc_stop(&sp);
    int rc = sh("python3 '%s/tests/fixtures/real/capture_to_tree.py' '%s/thor.tar.gz' "
                "jp7-sim-thor --source 'jtune-sim thor' --dir '%s/fx'",
                test_source_dir(), work.root, work.root);
    if (rc != 0) {
        print_error("%s\n", out);
    }
    assert_int_equal(rc, 0);
    snprintf(tree, sizeof tree, "%s/fx/jp7-sim-thor.tree", work.root);
    assert_non_null(strstr(slurp_static(tree), "\t@EAGAIN\t"));
    assert_non_null(strstr(slurp_static(tree), "# Source: jtune-sim thor\n"));
    Fixture fx;
    assert_int_equal(fixture_load(&fx, tree), 0);
    char *got = malloc(SUMMARY);
    assert_non_null(got);
    summary_of(fx.root, got);
    snprintf(p, sizeof p, "%s/fx/jp7-sim-thor.discovery", work.root);
    assert_string_equal(got, slurp_static(p));
    snprintf(p, sizeof p, "%s/DISCOVERY", dir);
    assert_string_equal(got, slurp_static(p));
    free(got);
    fixture_cleanup(&fx);
    fixture_cleanup(&work);
}

/* Under sudo (root with SUDO_UID): the root-only nodes are opened before the privilege drop, as
 * the monitor opens them, and read through the kept descriptors; the file belongs to the
 * invoking user. Without root (setpriv to nobody): debugfs is left out, the MANIFEST says to
 * use sudo, and the unsearchable directory is stored with no permission. Root only. */
static void test_root_only_nodes(void **state) {
    (void)state;
    if (geteuid() != 0 || sh("command -v setpriv") != 0) {
        skip();
    }
    char root[PATH_MAX], dir[PATH_MAX], p[PATH_MAX];
    assert_int_equal(simtest_build("agx-orin", 1, 0, root, sizeof root), 0);
    const char *rate = "sys/kernel/debug/bpmp/debug/clk/emc/rate";
    char live_rate[64];
    snprintf(live_rate, sizeof live_rate, "%s", simtest_read(root, rate, NULL));
    assert_true(live_rate[0] != '\0');
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    assert_int_equal(chmod(work.root, 0777), 0);
    /* the invoking user reads the board after the drop: a private root (mkdtemp's 0700) is
     * refused with a clear message; a board's / is searchable */
    assert_int_not_equal(sh("SUDO_UID=65534 SUDO_GID=65534 '%s' --root '%s' capture -o "
                            "'%s/s.tar.gz'",
                            jtune_exe(), root, work.root),
                         0);
    assert_non_null(strstr(out, "is not readable by uid 65534"));
    assert_int_equal(chmod(root, 0755), 0);
    assert_int_equal(sh("SUDO_UID=65534 SUDO_GID=65534 '%s' --root '%s' capture -o '%s/s.tar.gz'",
                        jtune_exe(), root, work.root),
                     0);
    snprintf(p, sizeof p, "%s/s.tar.gz", work.root);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_uid, 65534);
    assert_int_equal(sh("cd '%s' && tar xzf s.tar.gz", work.root), 0);
    snprintf(dir, sizeof dir, "%s/s", work.root);
    assert_string_equal(simtest_read(dir, rate, NULL), live_rate);
    assert_same_discovery(root, dir);
    snprintf(p, sizeof p, "%s/DISCOVERY", dir);
    assert_non_null(strstr(slurp_static(p), "rate_readable=1"));

    assert_int_equal(sh("setpriv --reuid=65534 --regid=65534 --clear-groups '%s' --root '%s' "
                        "capture -o '%s/u.tar.gz' >/dev/null && cd '%s' && tar tvzf u.tar.gz",
                        jtune_exe(), root, work.root, work.root),
                     0);
    assert_non_null(strstr(out, "d--------- 0/0"));
    assert_non_null(strstr(out, "u/sys/kernel/debug\n"));
    assert_null(strstr(out, "u/sys/kernel/debug/bpmp"));
    assert_int_equal(sh("cd '%s' && tar xzf u.tar.gz && cat u/MANIFEST", work.root), 0);
    assert_non_null(strstr(out, "root only: run 'sudo jtune capture'"));
    fixture_cleanup(&work);
    rm_rf(root);
}

static void test_errors(void **state) {
    (void)state;
    Fixture work;
    assert_int_equal(fixture_mkroot(&work), 0);
    /* a root that is not there */
    assert_int_not_equal(
        sh("'%s' --root '%s/none' capture -o '%s/x.tar.gz'", jtune_exe(), work.root, work.root), 0);
    assert_non_null(strstr(out, "none"));
    /* an output directory that is not there: a clear message, nothing written anywhere */
    char root[PATH_MAX];
    assert_int_equal(simtest_build("nano", 1, 0, root, sizeof root), 0);
    assert_int_not_equal(
        sh("'%s' --root '%s' capture -o '%s/no/such/dir/x.tar.gz'", jtune_exe(), root, work.root),
        0);
    assert_non_null(strstr(out, "cannot write"));
    assert_non_null(strstr(out, "No such file or directory"));
    /* an existing file is replaced whole; no temporary file is left beside it */
    assert_int_equal(
        sh("echo old > '%s/c.tar.gz' && '%s' --root '%s' capture -o '%s/c.tar.gz' >/dev/null && "
           "gzip -t '%s/c.tar.gz' && ls -A '%s'",
           work.root, jtune_exe(), root, work.root, work.root, work.root),
        0);
    assert_string_equal(out, "c.tar.gz\n");
    /* options */
    assert_int_equal(sh("'%s' --headless --keep-serial", jtune_exe()), 2);
    assert_non_null(strstr(out, "--keep-serial only applies to capture"));
    fixture_cleanup(&work);
    rm_rf(root);
}

static char boards[16][32];

int main(void) {
    int nb = simtest_boards(boards, 16);
    struct CMUnitTest tests[32] = {
        cmocka_unit_test(test_crc32_check_value),
        cmocka_unit_test(test_gzip_system_reads_it),
        cmocka_unit_test(test_tar_system_reads_it),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_allowlist),
        cmocka_unit_test(test_running_thor_gated),
        cmocka_unit_test(test_serials_redacted_unless_kept),
        cmocka_unit_test(test_not_allowlisted_stays_out),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_capture_to_fixture),
        cmocka_unit_test(test_root_only_nodes),
    };
    size_t n = 11;
    for (int i = 0; i < nb && n < 32; i++) {
        tests[n++] = (struct CMUnitTest){boards[i], test_round_trip, NULL, NULL, boards[i]};
    }
    if (nb < 7) {
        fprintf(stderr, "expected the seven simulated boards, found %d\n", nb);
        return 1;
    }
    return _cmocka_run_group_tests("capture", tests, n, NULL, NULL);
}
