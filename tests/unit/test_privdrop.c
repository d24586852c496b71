/* SPDX-License-Identifier: MIT */
/* privdrop: the real privilege drop, checked from outside. As root: the running helper's
 * /proc/PID/status (ids, exact capability sets, bounding set, ambient, no_new_privs), its
 * --self-test proof, the nvpmodel child's ambient capability, a file-capability install run by
 * an ordinary user, the UI's own drop. Without root those checks are skipped (and say why). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/core/emuexec.h"

#include "fixture.h"
#include "helperfx.h"
#include "jtune/buildinfo.h"
#include "jtune/priv/privdrop.h"
#include "jtune/ipc/tune.h"

#define NOBODY 65534

/* The documented set: CAP_DAC_OVERRIDE and CAP_NET_ADMIN, nothing else (docs/helper.md). */
static const uint64_t documented = (1ULL << CAP_DAC_OVERRIDE) | (1ULL << CAP_NET_ADMIN);

static bool need_root(void) {
    if (!helperfx_is_root()) {
        print_message("skipped: the privilege drop can only be tested as root\n");
        return false;
    }
    return true;
}

/* An independent reading of /proc/PID/status (not privdrop's parser). */
typedef struct {
    long uid[4], gid[4];
    int n_groups;
    unsigned long long inh, prm, eff, bnd, amb;
    int nnp;
} Status;

static void read_status_text(const char *text, Status *s) {
    memset(s, 0, sizeof *s);
    s->nnp = -1;
    s->n_groups = -1;
    for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        sscanf(l, "Uid: %ld %ld %ld %ld", &s->uid[0], &s->uid[1], &s->uid[2], &s->uid[3]);
        sscanf(l, "Gid: %ld %ld %ld %ld", &s->gid[0], &s->gid[1], &s->gid[2], &s->gid[3]);
        sscanf(l, "CapInh: %llx", &s->inh);
        sscanf(l, "CapPrm: %llx", &s->prm);
        sscanf(l, "CapEff: %llx", &s->eff);
        sscanf(l, "CapBnd: %llx", &s->bnd);
        sscanf(l, "CapAmb: %llx", &s->amb);
        sscanf(l, "NoNewPrivs: %d", &s->nnp);
        if (strncmp(l, "Groups:", 7) == 0) {
            s->n_groups = 0;
            for (const char *p = l + 7; *p && *p != '\n'; p++) {
                s->n_groups += (p[0] >= '0' && p[0] <= '9') && (p[-1] == ' ' || p[-1] == '\t');
            }
        }
    }
}

/* What a drop needs that the permitted set lacks: the kept set, setuid/setgid to change ids,
 * setpcap to cut the bounding set; nothing when all are there. */
static void test_missing(void **state) {
    (void)state;
    const uint64_t keep = UINT64_C(1) << CAP_DAC_OVERRIDE | UINT64_C(1) << CAP_NET_ADMIN;
    const uint64_t ids = UINT64_C(1) << CAP_SETUID | UINT64_C(1) << CAP_SETGID;
    const uint64_t pcap = UINT64_C(1) << CAP_SETPCAP;
    PrivSpec s = {.keep = keep, .change_ids = true, .drop_bounding = true};
    assert_int_equal(privdrop_missing(&s, keep | ids | pcap), 0);
    assert_int_equal(privdrop_missing(&s, ~UINT64_C(0)), 0);
    assert_int_equal(privdrop_missing(&s, keep | pcap), ids);
    assert_int_equal(privdrop_missing(&s, ids | pcap), keep);
    assert_int_equal(privdrop_missing(&s, 0), keep | ids | pcap);
    s.change_ids = false;
    s.drop_bounding = false;
    assert_int_equal(privdrop_missing(&s, keep), 0);
    assert_int_equal(privdrop_missing(&s, UINT64_C(1) << CAP_NET_ADMIN), UINT64_C(1)
                                                                             << CAP_DAC_OVERRIDE);
}

static void test_status_parse(void **state) {
    (void)state;
    const char *text = "Name:\tx\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t5\t5\t5\n"
                       "Groups:\t4 24 27 \nCapInh:\t0000000000000000\nCapPrm:\t0000000000001002\n"
                       "CapEff:\t0000000000001002\nCapBnd:\t000001ffffffffff\n"
                       "CapAmb:\t0000000000000000\nNoNewPrivs:\t1\n";
    PrivStatus st;
    assert_int_equal(privdrop_status_parse(text, strlen(text), &st), 0);
    assert_int_equal(st.uid[0], 1000);
    assert_int_equal(st.uid[3], 1003);
    assert_int_equal(st.gid[2], 5);
    assert_int_equal(st.n_groups, 3);
    assert_int_equal(st.groups[2], 27);
    assert_true(st.cap_prm == 0x1002 && st.cap_eff == 0x1002 && st.cap_bnd == 0x1ffffffffffULL);
    assert_int_equal(st.no_new_privs, 1);
    const char *missing = "Uid:\t1\t1\t1\t1\nGid:\t1\t1\t1\t1\nGroups:\t\nCapInh:\t0\n";
    assert_int_equal(privdrop_status_parse(missing, strlen(missing), &st), -EINVAL);
    const char *badhex = "Uid:\t1\t1\t1\t1\nGid:\t1\t1\t1\t1\nGroups:\t\nCapInh:\t0\nCapPrm:\tzz\n"
                         "CapEff:\t0\nCapBnd:\t0\n";
    assert_int_equal(privdrop_status_parse(badhex, strlen(badhex), &st), -EINVAL);
    char names[256];
    privdrop_format_caps(documented, names, sizeof names);
    assert_string_equal(names, "cap_dac_override,cap_net_admin");
    privdrop_format_caps(0, names, sizeof names);
    assert_string_equal(names, "none");
}

static void test_running_helper_credentials(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = hx.fx.root;
    o.state_dir = hx.state;
    TuneClient *t;
    assert_int_equal(tune_start(&t, &o), 0); /* the greeting comes after the drop */
    assert_true(tune_privileged(t));
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/status", (int)tune_helper_pid(t));
    Status s;
    read_status_text(slurp_static(p), &s);
    for (int i = 0; i < 4; i++) {
        assert_true(s.uid[i] != 0 && s.uid[i] == s.uid[0]);
        assert_true(s.gid[i] != 0 && s.gid[i] == s.gid[0]);
    }
    assert_int_equal(s.n_groups, 0);
    assert_true(s.prm == documented);
    assert_true(s.eff == documented);
    assert_true(s.bnd == documented);
    assert_true(s.inh == 0);
    assert_true(s.amb == 0);
    assert_int_equal(s.nnp, 1);
    /* and it still does its job with exactly that */
    assert_int_equal(tune_radio_block(t, 0, true), 0);
    assert_int_equal(tune_restore(t, NULL, NULL), 0);
    tune_stop(t);
    helperfx_cleanup(&hx);
}

/* Run argv as uid/gid (0: as we are), stdout into out. Returns the exit status or -1. */
static int run_as(unsigned uid, const char *const argv[], char *out, size_t outsz) {
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        if (uid && (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
                    setresuid(uid, uid, uid) < 0)) {
            _exit(120);
        }
        execv(argv[0], EMUEXEC_UNCONST(argv));
        _exit(127);
    }
    close(pfd[1]);
    size_t used = 0;
    ssize_t n;
    while (used < outsz - 1 && (n = read(pfd[0], out + used, outsz - 1 - used)) > 0) {
        used += (size_t)n;
    }
    out[used] = '\0';
    close(pfd[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The kernel's Landlock ABI version, or 0 without Landlock (qemu-user, older kernels). */
static long landlock_abi(void) {
    long abi = syscall(444 /* landlock_create_ruleset */, NULL, 0, 1U);
    return abi > 0 ? abi : 0;
}

static void test_self_test(void **state) {
    (void)state;
    const char *argv[] = {helperfx_program("jtune-helper"), "--self-test", NULL};
    char out[4096];
    assert_int_equal(run_as(0, argv, out, sizeof out), 0);
    assert_non_null(strstr(out, "setuid(0): refused ok"));
    assert_non_null(strstr(out, "NoNewPrivs: 1 (expected 1) ok"));
    assert_non_null(strstr(out, "result: ok"));
    assert_null(strstr(out, "MISMATCH"));
    /* the sandbox: both reported; with Landlock a file beside the root (/) cannot be created,
     * with the allowlist a call off it fails */
    assert_non_null(strstr(out, "\nlandlock: "));
    assert_non_null(strstr(out, "\nseccomp: "));
    if (landlock_abi() > 0) {
        assert_non_null(strstr(out, "landlock: ABI "));
        assert_non_null(strstr(out, "/.jtune-sandbox-probe."));
        assert_non_null(strstr(out, ": refused (Permission denied)\n"));
    }
    if (strstr(out, "seccomp: allowlist")) {
        assert_non_null(strstr(out, "probe: unshare: refused (Operation not permitted)"));
    }
    if (helperfx_is_root()) {
        assert_non_null(strstr(out, "privileged helper"));
        assert_non_null(strstr(out, "CapBnd: 0000000000001002"));
    }
}

static void test_nvpmodel_child_ambient(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    assert_int_equal(helperfx_fake_nvpmodel(&hx), 0);
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = hx.fx.root;
    o.state_dir = hx.state;
    TuneClient *t;
    assert_int_equal(tune_start(&t, &o), 0);
    assert_int_equal(tune_nvpmodel(t, 0), 0);
    Status s;
    read_status_text(slurp_static(fixture_path(&hx.fx, "var/lib/nvpmodel/test.caps")), &s);
    /* exactly CAP_DAC_OVERRIDE, ambient, in a non-root child */
    const uint64_t dac = 1ULL << CAP_DAC_OVERRIDE;
    assert_true(s.uid[0] != 0 && s.uid[1] != 0);
    assert_true(s.amb == dac);
    assert_true(s.eff == dac);
    assert_true(s.prm == dac);
    assert_true(s.bnd == documented);
    assert_int_equal(tune_restore(t, NULL, NULL), 0);
    tune_stop(t);
    helperfx_cleanup(&hx);
}

/* The attack of a tree's owner on root: root tunes a --root tree another user owns, and that
 * user's usr/sbin/nvpmodel tries to write a root-only canary. The privileged helper must run
 * nothing from that tree (-EPERM) and the canary must stay as it was. The same payload in a
 * root-owned tree does reach the canary, which shows the payload would work. */
static void write_payload(HelperFx *hx, const char *canary) {
    char script[512];
    snprintf(script, sizeof script,
             "#!/bin/sh\nroot=$(dirname \"$(dirname \"$(dirname \"$0\")\")\")\n"
             "touch \"$root/var/lib/nvpmodel/test.ran\"\necho pwned > '%s'\n",
             canary);
    assert_int_equal(fixture_put(&hx->fx, "usr/sbin/nvpmodel", script), 0);
    assert_int_equal(chmod(fixture_path(&hx->fx, "usr/sbin/nvpmodel"), 0755), 0);
}

static int nvpmodel_attempt(HelperFx *hx) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = hx->fx.root;
    o.state_dir = hx->state;
    TuneClient *t;
    assert_int_equal(tune_start(&t, &o), 0);
    assert_true(tune_privileged(t));
    int rc = tune_nvpmodel(t, 0);
    if (rc == -EPERM) {
        assert_non_null(strstr(tune_last_error(t), "not trusted"));
    }
    tune_restore(t, NULL, NULL);
    tune_stop(t);
    return rc;
}

static void test_nvpmodel_from_user_tree_never_runs(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
    char dir[64] = "/tmp/jtune-canary-XXXXXX", canary[96];
    assert_non_null(mkdtemp(dir));
    snprintf(canary, sizeof canary, "%s/shadow", dir);
    int fd = open(canary, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "intact\n", 7), 7);
    close(fd);
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    write_payload(&hx, canary);
    assert_int_equal(helperfx_chown(&hx, NOBODY, NOBODY), 0); /* the tree's owner: a user */
    assert_int_equal(chmod(hx.fx.root, 0755), 0);
    assert_int_equal(nvpmodel_attempt(&hx), -EPERM);
    assert_string_equal(slurp_static(canary), "intact\n");
    assert_int_equal(access(fixture_path(&hx.fx, "var/lib/nvpmodel/test.ran"), F_OK), -1);
    /* only the tool is the user's: a root-owned tree with a user-writable sbin is refused too */
    assert_int_equal(helperfx_chown(&hx, 0, 0), 0);
    assert_int_equal(chmod(fixture_path(&hx.fx, "usr/sbin"), 0777), 0);
    assert_int_equal(nvpmodel_attempt(&hx), -EPERM);
    assert_string_equal(slurp_static(canary), "intact\n");
    /* control: the same payload, root's own tree: it runs (with CAP_DAC_OVERRIDE), inside the
     * helper's sandbox: where the kernel has Landlock its write outside the board's sys,
     * proc/sys, var/lib/nvpmodel and the state directory fails, else it reaches the canary */
    assert_int_equal(chmod(fixture_path(&hx.fx, "usr/sbin"), 0755), 0);
    nvpmodel_attempt(&hx);
    assert_int_equal(access(fixture_path(&hx.fx, "var/lib/nvpmodel/test.ran"), F_OK), 0);
    assert_string_equal(slurp_static(canary), landlock_abi() > 0 ? "intact\n" : "pwned\n");
    helperfx_cleanup(&hx);
    rm_rf(dir);
}

/* A copy of the helper in a directory an ordinary user can reach. */
static void copy_helper(char *dir, size_t dirsz, char *path, size_t pathsz) {
    snprintf(dir, dirsz, "/tmp/jtune-capinstall-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chmod(dir, 0755), 0);
    snprintf(path, pathsz, "%s/jtune-helper", dir);
    FILE *in = fopen(helperfx_program("jtune-helper"), "rb");
    FILE *out = fopen(path, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        assert_int_equal(fwrite(buf, 1, n, out), n);
    }
    fclose(in);
    fclose(out);
    assert_int_equal(chmod(path, 0755), 0);
}

static void test_file_capability_install(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
#ifdef JTUNE_EXEC_EMULATOR
    /* the kernel starts the emulator, not the helper: file capabilities never apply */
    print_message("skipped under %s: file capabilities do not apply to an emulated program\n",
                  JTUNE_EXEC_EMULATOR);
    skip();
#endif
    char dir[64], path[128], out[4096];
    copy_helper(dir, sizeof dir, path, sizeof path);
    /* unprivileged first: a plain copy run by nobody holds nothing and drops nothing */
    const char *st[] = {path, "--self-test", NULL};
    assert_int_equal(run_as(NOBODY, st, out, sizeof out), 0);
    assert_non_null(strstr(out, "unprivileged helper"));
    assert_non_null(strstr(out, "CapEff: 0000000000000000"));
    cap_t caps = cap_from_text("cap_dac_override,cap_net_admin,cap_setuid,cap_setgid,"
                               "cap_setpcap+p");
    assert_non_null(caps);
    int rc = cap_set_file(path, caps);
    cap_free(caps);
    if (rc < 0) {
        print_message("skipped: cannot set file capabilities here (%s)\n", strerror(errno));
        rm_rf(dir);
        skip();
    }
    assert_int_equal(run_as(NOBODY, st, out, sizeof out), 0);
    assert_non_null(strstr(out, "privileged helper, invoked by uid 65534"));
    assert_non_null(strstr(out, "CapBnd: 0000000000001002"));
    assert_non_null(strstr(out, "setuid(0): refused ok"));
    /* an ordinary user may not point a capable helper at another tree */
    const char *other[] = {path, "--self-test", "--root", "/tmp", NULL};
    assert_int_equal(run_as(NOBODY, other, out, sizeof out), 1);
    assert_non_null(strstr(out, "refusing"));
    rm_rf(dir);
}

/* ---- the documented file-capability install, end to end through --serve ----
 * In a private mount namespace the fixture's sys is bind-mounted over /sys and /run is an
 * empty tmpfs (as after a reboot), so the capable helper tunes "/" exactly as on a board,
 * started by an ordinary user (uid USER, no passwd entry) of the helper's group. */
#define USER 4242

#define CHECK(cond, code)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            _exit(code);                                                                           \
        }                                                                                          \
    } while (0)

static const char *node_text(const char *p) {
    static char buf[64];
    snprintf(buf, sizeof buf, "%s", slurp_static(p));
    return buf;
}

static TuneClient *user_start(const char *helper) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helper;
    TuneClient *t;
    tune_start(&t, &o);
    return t;
}

/* As the user: tune, undo, tune and leave, restore in a new session. */
static int user_session(const char *helper) {
    const char *cpu5 = "/sys/devices/system/cpu/cpu5/online";
    CHECK(setgroups(1, (gid_t[]){USER}) == 0 && setresgid(USER, USER, USER) == 0 &&
              setresuid(USER, USER, USER) == 0,
          20);
    TuneClient *t = user_start(helper);
    if (!tune_connected(t)) {
        fprintf(stderr, "not connected: %s\n", tune_status(t));
        _exit(21);
    }
    CHECK(tune_privileged(t), 22);
    CHECK(tune_cpu_online(t, 5, false) == 0, 23);
    CHECK(strcmp(node_text(cpu5), "0\n") == 0, 24);
    CHECK(tune_restore(t, NULL, NULL) == 0, 25); /* undo */
    CHECK(strcmp(node_text(cpu5), "1\n") == 0, 26);
    CHECK(tune_cpu_online(t, 5, false) == 0, 27);
    tune_stop(t); /* the session ends with its change applied: the journal keeps it */
    t = user_start(helper);
    CHECK(tune_connected(t) && tune_pending(t) == 1, 28);
    int restored = 0;
    CHECK(tune_restore(t, &restored, NULL) == 0 && restored == 1, 29); /* jtune --restore */
    CHECK(strcmp(node_text(cpu5), "1\n") == 0, 30);
    tune_stop(t);
    return 0;
}

/* A helper whose file capabilities lack cap_setuid and cap_setpcap: refused before anything,
 * and the message names both and the setcap that gives them back. */
static int user_missing_caps(const char *helper) {
    CHECK(setgroups(1, (gid_t[]){USER}) == 0 && setresgid(USER, USER, USER) == 0 &&
              setresuid(USER, USER, USER) == 0,
          50);
    TuneClient *t = user_start(helper);
    CHECK(!tune_connected(t), 51);
    const char *st = tune_status(t);
    if (!strstr(st, "lacks cap_setuid, cap_setpcap") || !strstr(st, "sudo setcap") ||
        !strstr(st, helper)) {
        fprintf(stderr, "status: %s\n", st);
        _exit(52);
    }
    tune_stop(t);
    return 0;
}

/* A state directory someone else could write: refused, and the message says so. */
static int user_bad_state(const char *helper) {
    CHECK(setgroups(1, (gid_t[]){USER}) == 0 && setresgid(USER, USER, USER) == 0 &&
              setresuid(USER, USER, USER) == 0,
          40);
    TuneClient *t = user_start(helper);
    CHECK(!tune_connected(t), 41);
    if (!strstr(tune_status(t), "wrong owner or mode")) {
        fprintf(stderr, "status: %s\n", tune_status(t));
        _exit(42);
    }
    tune_stop(t);
    return 0;
}

static int wait_child(pid_t pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static int as_user(int (*fn)(const char *), const char *helper) {
    pid_t pid = fork();
    if (pid == 0) {
        _exit(fn(helper));
    }
    return wait_child(pid);
}

static uid_t helper_account(void) {
    struct passwd *pw = getpwnam("jtune-helper");
    if (!pw) {
        pw = getpwnam("nobody");
    }
    return pw ? pw->pw_uid : (uid_t)-1;
}

/* In the namespace, as root. Exit status 0 or the failed check. */
static int capinstall_namespace(const char *sys, const char *helper) {
    CHECK(unshare(CLONE_NEWNS) == 0, 10);
    CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0, 11);
    CHECK(mount(sys, "/sys", NULL, MS_BIND | MS_REC, NULL) == 0, 12);
    CHECK(mount("tmpfs", "/run", "tmpfs", 0, "mode=0755") == 0, 13);
    int rc = as_user(user_session, helper);
    if (rc) {
        return rc;
    }
    /* made by the helper when missing: its own account's, 0700 */
    struct stat st;
    CHECK(stat(JTUNE_STATEDIR, &st) == 0, 14);
    CHECK(st.st_uid == helper_account() && (st.st_mode & 07777) == 0700, 15);
    CHECK(chown(JTUNE_STATEDIR, USER, USER) == 0 && chmod(JTUNE_STATEDIR, 0777) == 0, 16);
    rc = as_user(user_bad_state, helper);
    if (rc) {
        return rc;
    }
    cap_t caps = cap_from_text("cap_dac_override,cap_net_admin,cap_setgid+p");
    CHECK(caps && cap_set_file(helper, caps) == 0, 17);
    cap_free(caps);
    return as_user(user_missing_caps, helper);
}

static void test_file_capability_serve(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
#ifdef JTUNE_EXEC_EMULATOR
    /* the kernel starts the emulator, not the helper: file capabilities never apply */
    print_message("skipped under %s: file capabilities do not apply to an emulated program\n",
                  JTUNE_EXEC_EMULATOR);
    skip();
#endif
    if (strncmp(JTUNE_STATEDIR, "/run/", 5) != 0) {
        print_message("skipped: the state directory %s is not under /run\n", JTUNE_STATEDIR);
        skip();
    }
    HelperFx hx;
    assert_int_equal(helperfx_load(&hx, "orin-nano-super.tree"), 0);
    char dir[64], path[128], sys[PATH_MAX];
    copy_helper(dir, sizeof dir, path, sizeof path);
    assert_int_equal(chown(path, 0, USER), 0);
    assert_int_equal(chmod(path, 0750), 0); /* group jtune (here: the user's group) only */
    cap_t caps = cap_from_text("cap_dac_override,cap_net_admin,cap_setuid,cap_setgid,"
                               "cap_setpcap+p");
    int rc = cap_set_file(path, caps);
    cap_free(caps);
    if (rc < 0) {
        print_message("skipped: cannot set file capabilities here (%s)\n", strerror(errno));
        rm_rf(dir);
        helperfx_cleanup(&hx);
        skip();
    }
    snprintf(sys, sizeof sys, "%s/sys", hx.fx.root);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(capinstall_namespace(sys, path));
    }
    int status = wait_child(pid);
    rm_rf(dir);
    helperfx_cleanup(&hx);
    if (status == 10 || status == 11 || status == 12 || status == 13) {
        print_message("skipped: no private mount namespace here (step %d)\n", status);
        skip();
    }
    assert_int_equal(status, 0);
}

static void test_ui_drop(void **state) {
    (void)state;
    if (!need_root()) {
        skip();
    }
    pid_t pid = fork();
    if (pid == 0) {
        PrivSpec s = {.uid = NOBODY,
                      .gid = NOBODY,
                      .n_groups = 1,
                      .groups = {NOBODY},
                      .keep = 0,
                      .drop_bounding = true,
                      .change_ids = true};
        char err[256];
        if (privdrop_apply(&s, err, sizeof err) < 0) {
            _exit(10);
        }
        char report[4096];
        if (privdrop_verify(&s, report, sizeof report) < 0) {
            _exit(11);
        }
        PrivStatus st;
        if (privdrop_status_read(0, &st) < 0 || st.cap_bnd != 0 || st.cap_prm != 0 ||
            st.no_new_privs != 1 || setuid(0) == 0) {
            _exit(12);
        }
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_status_parse),
        cmocka_unit_test(test_running_helper_credentials),
        cmocka_unit_test(test_self_test),
        cmocka_unit_test(test_nvpmodel_child_ambient),
        cmocka_unit_test(test_nvpmodel_from_user_tree_never_runs),
        cmocka_unit_test(test_file_capability_install),
        cmocka_unit_test(test_file_capability_serve),
        cmocka_unit_test(test_ui_drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
