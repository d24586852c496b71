/* SPDX-License-Identifier: MIT */
/* helper: request handling - journaled writes, transactions, restore and the serve loop. */
#include "jtune/helper/helper.h"

#include "jtune/helper/journal.h"
#include "jtune/helper/knobs.h"
#include "jtune/platform/fileio.h"
#include "jtune/platform/jetson/fan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNDO_MAX 512

/* What to do to the journal when an undo record is rolled back. */
typedef enum { UNDO_J_NONE, UNDO_J_FORGET, UNDO_J_READD } UndoJournal;

typedef struct {
    KnobKey key;
    int64_t prev;     /* the value before this write */
    UndoJournal jact; /* FORGET: the write created the journal entry; READD: it removed one */
    int64_t jvalue;   /* READD: the original value to put back into the journal */
} UndoRec;

typedef struct {
    int n;
    UndoRec e[UNDO_MAX];
} Undo;

struct Helper {
    KnobEnv env;
    Sysfs *fs;
    int statefd; /* the state directory (JTUNE_STATEDIR or --state-dir) */
    int dirfd;   /* this board's journal directory: the state directory for "/", else in it */
    int lockfd;
    Journal *j;
    bool journal_bad;
    int pending; /* journal entries found at start (left by an earlier session) */
    bool privileged;
    uint64_t caps;
    uint32_t seq; /* last sequence number served */
    bool txn_active;
    int txn_err; /* first failure inside the transaction (positive errno), 0 if none */
    Undo *txn;
};

void helper_config_init(HelperConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->state_dirfd = -1;
    cfg->fan_floor_pwm = HELPER_FAN_FLOOR_PWM;
    cfg->fan_margin_mc = HELPER_FAN_MARGIN_MC;
    cfg->nvpmodel_timeout_ms = HELPER_NVPM_TIMEOUT_MS;
}

static int say(char *err, size_t errsz, int rc, const char *fmt, const char *arg) {
    if (err && errsz) {
        snprintf(err, errsz, fmt, arg, strerror(-rc));
    }
    return rc;
}

/* The state directory must be its helper's: owned by this uid or root, and writable by its
 * owner only (a journal others could edit would be restored with privileges). */
static int check_state_dir(int dirfd) {
    struct stat st;
    if (fstat(dirfd, &st) < 0) {
        return -errno;
    }
    if ((st.st_uid != geteuid() && st.st_uid != 0) || (st.st_mode & 022) != 0) {
        return -EPERM;
    }
    return 0;
}

static int open_state(Helper *h, const HelperConfig *cfg, char *err, size_t errsz) {
    h->statefd = cfg->state_dirfd;
    const char *dir = cfg->state_dir ? cfg->state_dir : "(pre-opened)";
    if (h->statefd < 0) {
        if (!cfg->state_dir || !cfg->state_dir[0]) {
            return say(err, errsz, -EINVAL, "%sno state directory: %s", "");
        }
        /* made by the helper itself when missing (after /run was emptied by a reboot): after
         * the privilege drop, so it belongs to the helper's account, mode 0700 */
        int rc = fileio_mkdirs(dir, 0700);
        if (rc < 0) {
            return say(err, errsz, rc, "cannot create %s: %s", dir);
        }
        h->statefd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (h->statefd < 0) {
            return say(err, errsz, -errno, "cannot open %s: %s", dir);
        }
    }
    int rc = check_state_dir(h->statefd);
    if (rc < 0) {
        return say(err, errsz, rc, "state directory %s: wrong owner or mode (%s)", dir);
    }
    return 0;
}

/* FNV-1a 64: a stable name for a board's directory from its canonical root path. */
static uint64_t root_hash(const char *root) {
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)root; *p; p++) {
        h = (h ^ *p) * 1099511628211ULL;
    }
    return h;
}

int helper_board_dirname(const char *canon_root, char *out, size_t outsz) {
    int n = strcmp(canon_root, "/") == 0
                ? snprintf(out, outsz, ".")
                : snprintf(out, outsz, "board-%016llx", (unsigned long long)root_hash(canon_root));
    return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

/* Each board keeps its journal and lock apart: the real board "/" in the state directory
 * itself (where earlier versions kept it), a --root tree in "board-<hash of its canonical
 * path>", so sessions on different boards never meet. */
static int open_board_dir(Helper *h, char *err, size_t errsz) {
    if (sysfs_is_real_root(h->fs)) {
        h->dirfd = fcntl(h->statefd, F_DUPFD_CLOEXEC, 0);
        return h->dirfd < 0 ? say(err, errsz, -errno, "%sstate directory: %s", "") : 0;
    }
    char name[32];
    helper_board_dirname(sysfs_root(h->fs), name, sizeof name);
    if (mkdirat(h->statefd, name, 0700) < 0 && errno != EEXIST) {
        return say(err, errsz, -errno, "cannot create the board directory %s: %s", name);
    }
    h->dirfd = openat(h->statefd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (h->dirfd < 0) {
        return say(err, errsz, -errno, "cannot open the board directory %s: %s", name);
    }
    int rc = check_state_dir(h->dirfd);
    return rc < 0 ? say(err, errsz, rc, "board directory %s: wrong owner or mode (%s)", name) : 0;
}

/* One session per board. A --root tree is locked on its root directory itself, whatever
 * state directory a session uses; the real board by the lock file in the fixed state
 * directory (only root may pick another one for "/"). */
static int take_lock(Helper *h, char *err, size_t errsz) {
    if (!sysfs_is_real_root(h->fs) && flock(sysfs_rootfd(h->fs), LOCK_EX | LOCK_NB) < 0) {
        int rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
        return say(err, errsz, rc, "%sanother jtune-helper is tuning this board: %s", "");
    }
    h->lockfd = openat(h->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (h->lockfd < 0) {
        return say(err, errsz, -errno, "%scannot open the lock file: %s", "");
    }
    if (flock(h->lockfd, LOCK_EX | LOCK_NB) < 0) {
        int rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
        return say(err, errsz, rc, "%sanother jtune-helper is tuning this board: %s", "");
    }
    return 0;
}

static int load_journal(Helper *h, char *err, size_t errsz) {
    const char *root = sysfs_root(h->fs);
    int bad_line = 0;
    int rc = journal_load(h->dirfd, h->j, &bad_line);
    if (rc == -ENOENT) {
        journal_init(h->j, root);
        return 0;
    }
    if (rc == -EINVAL || rc == -ERANGE) {
        /* unreadable: keep it for a human to look at, start a fresh one */
        h->journal_bad = true;
        journal_init(h->j, root);
        return journal_set_aside(h->dirfd);
    }
    if (rc < 0) {
        return say(err, errsz, rc, "%scannot read the journal: %s", "");
    }
    if (strcmp(h->j->root, root) != 0) {
        snprintf(err, errsz,
                 "the journal holds changes to root %.200s: restore them first with "
                 "jtune --restore --root %.200s",
                 h->j->root, h->j->root);
        return -EXDEV;
    }
    h->pending = h->j->n;
    return 0;
}

int helper_open(Helper **out, const HelperConfig *cfg, char *err, size_t errsz) {
    int stage;
    return helper_open_stage(out, cfg, &stage, err, errsz);
}

int helper_open_stage(Helper **out, const HelperConfig *cfg, int *stage, char *err, size_t errsz) {
    Helper *h = calloc(1, sizeof *h);
    if (!h || !(h->j = malloc(sizeof *h->j)) || !(h->txn = calloc(1, sizeof *h->txn))) {
        if (h) {
            free(h->j);
        }
        free(h);
        return say(err, errsz, -ENOMEM, "%sout of memory: %s", "");
    }
    h->statefd = h->dirfd = h->lockfd = -1;
    h->fs = cfg->fs;
    int rc = 0;
    *stage = TUNE_STAGE_ROOT;
    if (!h->fs && (rc = sysfs_open(&h->fs, cfg->root)) < 0) {
        say(err, errsz, rc, "cannot open root %s: %s", cfg->root ? cfg->root : "/");
    }
    if (rc == 0) {
        *stage = TUNE_STAGE_STATE_DIR;
        rc = open_state(h, cfg, err, errsz);
    }
    if (rc == 0) {
        rc = open_board_dir(h, err, errsz);
    }
    if (rc == 0) {
        *stage = TUNE_STAGE_LOCK;
        rc = take_lock(h, err, errsz);
    }
    if (rc == 0) {
        *stage = TUNE_STAGE_JOURNAL;
        rc = load_journal(h, err, errsz);
    }
    if (rc < 0) {
        if (cfg->state_dirfd >= 0) {
            h->statefd = -1; /* the caller still owns it on failure */
        }
        if (cfg->fs) {
            h->fs = NULL;
        }
        helper_close(h);
        return rc;
    }
    h->env = (KnobEnv){.fs = h->fs,
                       .fan_floor_pwm = cfg->fan_floor_pwm,
                       .fan_margin_mc = cfg->fan_margin_mc,
                       .child_caps = cfg->child_caps,
                       .trusted_exec_only = cfg->privileged,
                       .nvpmodel_timeout_ms = cfg->nvpmodel_timeout_ms};
    knobs_discover(&h->env);
    h->privileged = cfg->privileged;
    h->caps = cfg->caps;
    *out = h;
    return 0;
}

void helper_close(Helper *h) {
    if (!h) {
        return;
    }
    if (h->lockfd >= 0) {
        close(h->lockfd);
    }
    if (h->dirfd >= 0) {
        close(h->dirfd);
    }
    if (h->statefd >= 0) {
        close(h->statefd);
    }
    sysfs_close(h->fs);
    free(h->txn);
    free(h->j);
    free(h);
}

int helper_journal_count(const Helper *h) {
    return h->j->n;
}

void helper_hello(const Helper *h, TuneReply *rep) {
    proto_reply_init(rep, TUNE_OP_HELLO, 0, 0);
    rep->value = (int64_t)h->caps;
    rep->aux = h->pending;
    rep->flags =
        (h->privileged ? TUNE_RF_PRIVILEGED : 0) | (h->journal_bad ? TUNE_RF_JOURNAL_BAD : 0);
}

/* ---- journaled writes ---- */

static int journal_first(Helper *h, const KnobKey *k, int64_t cur, bool *added) {
    *added = false;
    if (journal_find(h->j, k->target, k->index, k->sub) >= 0) {
        return 0;
    }
    int rc = journal_add(h->j, k->target, k->index, k->sub, cur);
    if (rc == 0 && (rc = journal_save(h->dirfd, h->j)) < 0) {
        journal_remove(h->j, h->j->n - 1);
    }
    *added = rc == 0;
    return rc;
}

static void journal_forget(Helper *h, const KnobKey *k) {
    journal_remove(h->j, journal_find(h->j, k->target, k->index, k->sub));
}

/* Check, record the original value, write, and remember how to undo it. */
static int set_one(Helper *h, const KnobKey *k, int64_t v, Undo *u) {
    int64_t cur;
    bool added;
    int rc = knobs_check(&h->env, k, v, 0);
    if (rc < 0 || (rc = knobs_get(&h->env, k, &cur)) < 0) {
        return rc; /* an unknown current value could never be restored: refuse */
    }
    if (u->n >= UNDO_MAX) {
        return -E2BIG;
    }
    if ((rc = journal_first(h, k, cur, &added)) < 0) {
        return rc;
    }
    if ((rc = knobs_write(&h->env, k, v, 0)) < 0) {
        if (added) {
            journal_forget(h, k);
            journal_save(h->dirfd, h->j);
        }
        return rc;
    }
    u->e[u->n++] = (UndoRec){.key = *k, .prev = cur, .jact = added ? UNDO_J_FORGET : UNDO_J_NONE};
    return 0;
}

/* Undo the records from index `from` on, newest first. Returns the first error or 0. */
static int rollback(Helper *h, Undo *u, int from) {
    int first = 0;
    for (int i = u->n - 1; i >= from; i--) {
        UndoRec *r = &u->e[i];
        int rc = knobs_write(&h->env, &r->key, r->prev, KNOB_RESTORE);
        if (rc < 0) {
            first = first ? first : rc;
            continue;
        }
        if (r->jact == UNDO_J_FORGET) {
            journal_forget(h, &r->key);
        } else if (r->jact == UNDO_J_READD) {
            journal_add(h->j, r->key.target, r->key.index, r->key.sub, r->jvalue);
        }
    }
    u->n = from;
    int rc = journal_save(h->dirfd, h->j);
    return first ? first : rc;
}

/* Put one journaled node back and forget it (undo re-adds it). 0 when it is not journaled. */
static int hand_back(Helper *h, TuneTarget t, Undo *u) {
    KnobKey k = {.target = t};
    int i = journal_find(h->j, t, 0, 0);
    int64_t cur;
    if (i < 0) {
        return 0;
    }
    int rc = knobs_get(&h->env, &k, &cur);
    if (rc < 0) {
        return rc;
    }
    if (u->n >= UNDO_MAX) {
        return -E2BIG;
    }
    int64_t orig = h->j->e[i].value;
    if ((rc = knobs_write(&h->env, &k, orig, KNOB_RESTORE)) < 0) {
        return rc;
    }
    journal_remove(h->j, i);
    u->e[u->n++] = (UndoRec){.key = k, .prev = cur, .jact = UNDO_J_READD, .jvalue = orig};
    return journal_save(h->dirfd, h->j);
}

/* pwm-fan boards have no auto/manual switch: whoever drives the fan (nvfancontrol, or the
 * kernel's governor on the tj zone) writes pwm1 again. Manual control: refused while
 * nvfancontrol runs (only systemctl stops it, and the helper runs no program); otherwise the
 * tj zone's policy goes to user_space, so the governor leaves pwm1 alone. "Automatic" puts
 * back the PWM and the policy jtune found. */
static int fan_take_hwmon(Helper *h, const KnobKey *pwm, int64_t v, Undo *u) {
    int rc = knobs_check(&h->env, pwm, v, 0);
    if (rc < 0) {
        return rc;
    }
    if (fan_daemon_find(h->env.fs, NULL, 0) > 0) {
        return -EBUSY;
    }
    KnobKey pol = {.target = TUNE_T_FAN_TJ_POLICY};
    return h->env.fan_tj_policy[0] ? set_one(h, &pol, TUNE_TZ_USER_SPACE, u) : 0;
}

static int fan_mode_hwmon(Helper *h, int64_t v, Undo *u) {
    KnobKey pwm = {.target = TUNE_T_FAN_PWM};
    int64_t cur;
    int rc = knobs_get(&h->env, &pwm, &cur);
    if (rc < 0 || v == TUNE_FAN_MANUAL) {
        return rc;
    }
    rc = hand_back(h, TUNE_T_FAN_PWM, u);
    return rc < 0 ? rc : hand_back(h, TUNE_T_FAN_TJ_POLICY, u);
}

/* cpuidle on every core: one write per possible cpu that has the state. */
static int set_idle_all(Helper *h, KnobKey k, int64_t v, Undo *u) {
    uint64_t cpus;
    int rc = knobs_possible_cpus(&h->env, &cpus);
    if (rc < 0) {
        return rc;
    }
    int done = 0;
    for (uint32_t cpu = 0; cpu < 64; cpu++) {
        if (!(cpus & (1ULL << cpu))) {
            continue;
        }
        k.index = cpu;
        rc = set_one(h, &k, v, u);
        if (rc == -ENODEV) {
            continue; /* this core has no such state (or is not present) */
        }
        if (rc < 0) {
            return rc;
        }
        done++;
    }
    return done ? 0 : -ENODEV;
}

/* What an nvpmodel mode switch may change: every core's online state (cpu0 cannot go
 * offline), each policy's governor and limits, the GPU limits and the EMC cap. */
static const TuneTarget mode_policy_targets[] = {TUNE_T_CPU_GOVERNOR, TUNE_T_CPU_MIN_KHZ,
                                                 TUNE_T_CPU_MAX_KHZ};
static const TuneTarget mode_board_targets[] = {TUNE_T_GPU_MIN_HZ, TUNE_T_GPU_MAX_HZ,
                                                TUNE_T_EMC_CAP_HZ};

/* Journal one node's current value unless it is on record already; remember how to forget
 * it. Nodes this board does not have (or whose value cannot be read) are skipped. */
static void snapshot_one(Helper *h, KnobKey k, Undo *u) {
    int64_t cur;
    if (u->n >= UNDO_MAX || journal_find(h->j, k.target, k.index, k.sub) >= 0 ||
        knobs_get(&h->env, &k, &cur) < 0 || journal_add(h->j, k.target, k.index, k.sub, cur) < 0) {
        return;
    }
    u->e[u->n++] = (UndoRec){.key = k, .prev = cur, .jact = UNDO_J_FORGET};
}

/* Before a mode switch: the original of every node the switch may change, durable on disk,
 * so that undo and --restore put back the state before jtune and not the mode's defaults. */
static int snapshot_for_mode(Helper *h, Undo *u) {
    uint64_t cpus = 0;
    knobs_possible_cpus(&h->env, &cpus);
    for (uint32_t cpu = 0; cpu < 64; cpu++) {
        if (!(cpus & (1ULL << cpu))) {
            continue;
        }
        if (cpu > 0) {
            snapshot_one(h, (KnobKey){.target = TUNE_T_CPU_ONLINE, .index = cpu}, u);
        }
        for (size_t i = 0; i < sizeof mode_policy_targets / sizeof mode_policy_targets[0]; i++) {
            snapshot_one(h, (KnobKey){.target = mode_policy_targets[i], .index = cpu}, u);
        }
    }
    for (size_t i = 0; i < sizeof mode_board_targets / sizeof mode_board_targets[0]; i++) {
        snapshot_one(h, (KnobKey){.target = mode_board_targets[i]}, u);
    }
    return journal_save(h->dirfd, h->j);
}

static int set_target(Helper *h, const TuneRequest *req, Undo *u) {
    KnobKey k = {.target = (TuneTarget)req->target, .index = req->index, .sub = req->sub};
    if (k.target == TUNE_T_CPUIDLE_DISABLE && k.index == TUNE_ALL) {
        return set_idle_all(h, k, req->value, u);
    }
    if (k.target == TUNE_T_FAN_MODE && h->env.fan_kind == KNOB_FAN_HWMON) {
        const TuneTargetInfo *ti = proto_target_info(k.target);
        if (req->value < ti->min || req->value > ti->max) {
            return -EINVAL;
        }
        return (k.index || k.sub) ? -ENODEV : fan_mode_hwmon(h, req->value, u);
    }
    if (k.target == TUNE_T_NVPMODEL) {
        int rc = knobs_check(&h->env, &k, req->value, 0);
        if (rc < 0 || (rc = snapshot_for_mode(h, u)) < 0) {
            return rc;
        }
    }
    if (k.target == TUNE_T_FAN_PWM && h->env.fan_kind == KNOB_FAN_HWMON) {
        int rc = fan_take_hwmon(h, &k, req->value, u);
        if (rc < 0) {
            return rc;
        }
    }
    if (k.target == TUNE_T_FAN_PWM && h->env.fan_mode[0]) {
        /* legacy boards: target_pwm is obeyed only with temp_control off */
        KnobKey mode = {.target = TUNE_T_FAN_MODE};
        int rc = knobs_check(&h->env, &k, req->value, 0);
        if (rc < 0 || (rc = set_one(h, &mode, TUNE_FAN_MANUAL, u)) < 0) {
            return rc;
        }
    }
    return set_one(h, &k, req->value, u);
}

/* ---- operations ---- */

static void op_set(Helper *h, const TuneRequest *req, TuneReply *rep) {
    if (h->txn_active && h->txn_err) {
        rep->err = ECANCELED; /* the transaction already failed and was rolled back */
        rep->flags |= TUNE_RF_ROLLED_BACK;
        return;
    }
    Undo *u = h->txn;
    int from = h->txn_active ? u->n : 0;
    if (!h->txn_active) {
        u->n = 0;
    }
    int rc = set_target(h, req, u);
    if (rc < 0) {
        rep->err = -rc;
        rep->aux = h->env.detail;
        if (h->txn_active) {
            h->txn_err = -rc;
            from = 0; /* a failed transaction rolls back everything it did */
            rep->flags |= TUNE_RF_ROLLED_BACK;
        }
        rollback(h, u, from);
    } else if (!h->txn_active) {
        u->n = 0;
    }
}

static void op_get(Helper *h, const TuneRequest *req, TuneReply *rep) {
    KnobKey k = {.target = (TuneTarget)req->target, .index = req->index, .sub = req->sub};
    int64_t v = 0;
    int rc;
    if (k.target == TUNE_T_FAN_MODE && h->env.fan_kind == KNOB_FAN_HWMON) {
        KnobKey pwm = {.target = TUNE_T_FAN_PWM};
        rc = (k.index || k.sub) ? -ENODEV : knobs_get(&h->env, &pwm, &v);
        v = journal_find(h->j, TUNE_T_FAN_PWM, 0, 0) >= 0 ? TUNE_FAN_MANUAL : TUNE_FAN_AUTO;
    } else {
        rc = knobs_get(&h->env, &k, &v);
    }
    rep->err = rc < 0 ? -rc : 0;
    rep->value = rc < 0 ? 0 : v;
}

/* Put every journaled node back, newest first, in passes: a limit that cannot go back yet
 * (a minimum above the current maximum) goes back once its partner has. */
static void op_restore(Helper *h, TuneReply *rep) {
    if (h->txn_active) {
        rep->err = EBUSY;
        return;
    }
    int restored = 0, last = 0;
    /* the power mode first: switching back sets the mode's defaults, which the other
     * entries (recorded before the switch) then overwrite with the originals */
    for (int m = h->j->n - 1; m >= 0; m--) {
        JournalEntry e = h->j->e[m];
        if (e.target != TUNE_T_NVPMODEL) {
            continue;
        }
        /* a journal edited by hand may name another instance: that fails (ENODEV) and is
         * reported, never skipped in silence */
        KnobKey k = {.target = TUNE_T_NVPMODEL, .index = e.index, .sub = e.sub};
        int rc = knobs_write(&h->env, &k, e.value, KNOB_RESTORE);
        if (rc < 0) {
            last = rc;
        } else {
            journal_remove(h->j, m);
            restored++;
        }
    }
    bool progress = true;
    while (progress && h->j->n > 0) {
        progress = false;
        for (int i = h->j->n - 1; i >= 0; i--) {
            JournalEntry e = h->j->e[i];
            if (e.target == TUNE_T_NVPMODEL) {
                continue; /* tried first; switching later would undo the others */
            }
            KnobKey k = {.target = (TuneTarget)e.target, .index = e.index, .sub = e.sub};
            int rc = knobs_write(&h->env, &k, e.value, KNOB_RESTORE);
            if (rc < 0) {
                last = rc;
                continue;
            }
            journal_remove(h->j, i);
            restored++;
            progress = true;
        }
    }
    int rc = journal_save(h->dirfd, h->j);
    rep->value = restored;
    rep->aux = h->j->n;
    rep->err = h->j->n ? -last : (rc < 0 ? -rc : 0);
}

static void op_keep(Helper *h, TuneReply *rep) {
    if (h->txn_active) {
        rep->err = EBUSY;
        return;
    }
    rep->value = h->j->n;
    h->j->n = 0;
    int rc = journal_save(h->dirfd, h->j);
    rep->err = rc < 0 ? -rc : 0;
}

static void op_txn(Helper *h, TuneOp op, TuneReply *rep) {
    if (op == TUNE_OP_TXN_BEGIN) {
        if (h->txn_active) {
            rep->err = EBUSY;
            return;
        }
        h->txn_active = true;
        h->txn_err = 0;
        h->txn->n = 0;
        return;
    }
    if (!h->txn_active) {
        rep->err = EINVAL; /* no transaction is open */
        return;
    }
    if (h->txn_err) {
        rep->err = h->txn_err;
        rep->flags |= TUNE_RF_ROLLED_BACK;
    } else if (op == TUNE_OP_TXN_ABORT) {
        int rc = rollback(h, h->txn, 0);
        rep->err = rc < 0 ? -rc : 0;
        rep->flags |= TUNE_RF_ROLLED_BACK;
    }
    h->txn_active = false;
    h->txn_err = 0;
    h->txn->n = 0;
}

void helper_handle(Helper *h, const TuneRequest *req, TuneReply *rep) {
    proto_reply_init(rep, req->op, req->seq, 0);
    h->env.detail = 0;
    switch ((TuneOp)req->op) {
    case TUNE_OP_SET: op_set(h, req, rep); break;
    case TUNE_OP_GET: op_get(h, req, rep); break;
    case TUNE_OP_RESTORE: op_restore(h, rep); break;
    case TUNE_OP_KEEP: op_keep(h, rep); break;
    case TUNE_OP_TXN_BEGIN:
    case TUNE_OP_TXN_COMMIT:
    case TUNE_OP_TXN_ABORT: op_txn(h, (TuneOp)req->op, rep); break;
    default: rep->err = EINVAL; break; /* unreachable: proto_decode_request filters ops */
    }
    if (rep->err == 0) {
        rep->aux = h->j->n; /* lets the UI know whether there is anything to restore */
    }
}

int helper_serve(Helper *h, int fd) {
    for (;;) {
        unsigned char buf[128];
        ssize_t n = recv(fd, buf, sizeof buf, MSG_TRUNC);
        if (n == 0) {
            return 0; /* jtune closed its end */
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        TuneRequest req;
        int rc = proto_decode_request(buf, (size_t)n, h->seq + 1, &req);
        if (rc < 0) {
            return rc;
        }
        h->seq = req.seq;
        TuneReply rep;
        helper_handle(h, &req, &rep);
        ssize_t w = send(fd, &rep, sizeof rep, MSG_NOSIGNAL);
        if (w != (ssize_t)sizeof rep) {
            return w < 0 ? -errno : -EIO;
        }
    }
}
