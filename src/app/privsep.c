/* SPDX-License-Identifier: MIT */
/* privsep: start jtune-helper with this process's privileges, then give them up for good. */
#include "jtune/app/privsep.h"

#include "jtune/buildinfo.h"
#include "jtune/platform/selfpath.h"
#include "jtune/core/parse.h"
#include "jtune/priv/privdrop.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#define HOW_TO_ENABLE                                                                              \
    "run 'sudo jtune', or install the helper with file capabilities (docs/helper.md: "             \
    "setcap "                                                                                      \
    "cap_dac_override,cap_net_admin,cap_setuid,cap_setgid,cap_setpcap+p %s, group jtune)"

/* The installed helper beside this installed jtune (bindir/../libexec/jtune/jtune-helper). */
static const char *installed_helper(void) {
    static char path[PATH_MAX];
    if (!path[0] && selfpath_installed_helper(path, sizeof path) < 0) {
        snprintf(path, sizeof path, "jtune-helper");
    }
    return path;
}

/* The jtune-helper next to this executable, if it exists and is executable. 0 or -errno. */
static int local_helper(char *out, size_t outsz) {
    char exe[PATH_MAX];
    int rc = selfpath_exe_dir(exe, sizeof exe);
    if (rc < 0) {
        return rc;
    }
    if (snprintf(out, outsz, "%s/jtune-helper", exe) >= (int)outsz) {
        return -ENAMETOOLONG;
    }
    return access(out, X_OK) == 0 ? 0 : -errno;
}

static bool is_real_root(const char *root) {
    char canon[PATH_MAX];
    return root == NULL || (realpath(root, canon) && strcmp(canon, "/") == 0);
}

/* The installed helper carries the file capabilities it needs and this user may run it. */
static bool installed_capable(void) {
    if (access(installed_helper(), X_OK) < 0) {
        return false;
    }
    cap_t c = cap_get_file(installed_helper());
    if (!c) {
        return false;
    }
    cap_flag_value_t dac = CAP_CLEAR, setuid_cap = CAP_CLEAR;
    cap_get_flag(c, CAP_DAC_OVERRIDE, CAP_PERMITTED, &dac);
    cap_get_flag(c, CAP_SETUID, CAP_PERMITTED, &setuid_cap);
    cap_free(c);
    return dac == CAP_SET && setuid_cap == CAP_SET;
}

/* Pick the helper to run, or explain why there is none. */
static const char *choose_helper(const Options *o, char *local, size_t localsz, const char **why) {
    bool real = is_real_root(o->root);
    bool have_local = !real && local_helper(local, localsz) == 0;
    if (geteuid() == 0) {
        if (have_local) {
            return local;
        }
        if (access(installed_helper(), X_OK) == 0) {
            return installed_helper();
        }
        static char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "jtune-helper is not installed at %s", installed_helper());
        *why = msg;
        return NULL;
    }
    if (real) {
        if (installed_capable()) {
            return installed_helper();
        }
        *why = "not running as root, and jtune-helper has no file capabilities (or you are not "
               "in group jtune)";
        return NULL;
    }
    if (have_local) {
        return local;
    }
    *why = "no jtune-helper next to jtune for this simulated board";
    return NULL;
}

static TuneClient *start_helper(const Options *o) {
    if (o->monitor_only) {
        return tune_offline("--monitor-only was given", "run without --monitor-only to tune");
    }
    char local[PATH_MAX];
    const char *why = "";
    const char *path = choose_helper(o, local, sizeof local, &why);
    if (!path) {
        char how[PATH_MAX + 256];
        snprintf(how, sizeof how, HOW_TO_ENABLE, installed_helper());
        return tune_offline(why, how);
    }
    TuneStartOpts so;
    tune_opts_init(&so);
    so.helper_path = path;
    so.root = o->root;
    so.state_dir = o->state_dir;
    TuneClient *t = NULL;
    tune_start(&t, &so);
    return t;
}

/* strtol-style strict parse of an id from the environment; -1 when absent or bad. */
static long env_id(const char *name) {
    const char *s = getenv(name);
    int64_t v;
    if (!s || parse_i64(s, strlen(s), &v) < 0 || v < 0 || v > 0x7fffffff) {
        return -1;
    }
    return (long)v;
}

/* Who the UI becomes: the sudo invoker, else the real user (root stays uid 0, without any
 * capability). */
static void ui_identity(PrivSpec *s, const struct passwd **pw_out) {
    long uid = env_id("SUDO_UID"), gid = env_id("SUDO_GID");
    if (geteuid() == 0 && uid > 0 && gid >= 0) {
        s->uid = (uid_t)uid;
        s->gid = (gid_t)gid;
    } else {
        s->uid = getuid();
        s->gid = getgid();
    }
    const struct passwd *pw = getpwuid(s->uid);
    int n = PRIVDROP_MAX_GROUPS;
    if (pw && getgrouplist(pw->pw_name, s->gid, s->groups, &n) >= 0) {
        s->n_groups = n;
    } else {
        s->groups[0] = s->gid;
        s->n_groups = 1;
    }
    *pw_out = pw;
}

static int drop_ui(char *err, size_t errsz) {
    uint64_t prm = privdrop_permitted();
    if (geteuid() != 0 && getuid() == geteuid() && prm == 0) {
        /* nothing to give up; still make sure nothing below can gain privileges */
        return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
    }
    PrivSpec s = {.keep = 0,
                  .drop_bounding = (prm & (1ULL << CAP_SETPCAP)) != 0,
                  .change_ids = (prm & (1ULL << CAP_SETUID)) != 0};
    const struct passwd *pw = NULL;
    ui_identity(&s, &pw);
    char home[PATH_MAX] = "";
    if (pw && s.uid != getuid()) {
        snprintf(home, sizeof home, "%s", pw->pw_dir); /* the user's config, not root's */
    }
    int rc = privdrop_apply(&s, err, errsz);
    if (rc == 0 && (rc = privdrop_verify(&s, NULL, 0)) < 0) {
        snprintf(err, errsz, "could not drop privileges to uid %ld", (long)s.uid);
    }
    if (rc == 0 && home[0]) {
        setenv("HOME", home, 1);
    }
    return rc;
}

/* The board, opened while this process may still read root-only nodes (debugfs, the JP5
 * EMC cap): the sampler keeps their descriptors for after the drop. */
static void open_board(const Options *o, const SamplerConfig *cfg, Sampler **board) {
    SamplerConfig c = cfg ? *cfg : (SamplerConfig){0};
    c.keep_root_only = geteuid() == 0;
    if (sampler_open(board, o->root, &c) < 0) {
        *board = NULL; /* the mode opens it again and reports why it cannot */
    }
}

int privsep_start(const Options *o, TuneClient **tune, char *err, size_t errsz) {
    return privsep_start_board(o, NULL, tune, NULL, err, errsz);
}

int privsep_start_board(const Options *o, const SamplerConfig *cfg, TuneClient **tune,
                        Sampler **board, char *err, size_t errsz) {
    *tune = start_helper(o);
    if (board) {
        open_board(o, cfg, board);
    }
    int rc = drop_ui(err, errsz);
    if (rc < 0) {
        tune_stop(*tune);
        *tune = tune_offline("jtune could not drop its own privileges", "see docs/helper.md");
    }
    return rc;
}
