/* SPDX-License-Identifier: MIT */
/* profiles: the profile session - lookup, loading, planning against the live board, applying
 * through the helper in one transaction, and the audit. */
#include "jtune/platform/systime.h"
#include "jtune/app/profiles.h"

#include "jtune/buildinfo.h"
#include "jtune/platform/selfpath.h"
#include "jtune/core/parse.h"
#include "jtune/core/profgen.h"
#include "jtune/conf/profilefile.h"
#include "jtune/core/diag.h"
#include "jtune/platform/fileio.h"
#include "jtune/conf/auditread.h"
#include "jtune/platform/jetson/wakeaudit.h"
#include "jtune/platform/jetson/knobstate.h"
#include "jtune/platform/sampler.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROFILE_BYTES  ((size_t)256 * 1024)
#define MAX_DIRS       6
#define ONLINE_WAIT_MS 3000

struct ProfSession {
    Sampler *sampler;
    TuneClient *tune;
    const char *family;
    Sample sample;
    ProfBoard board;
    AuditEvidence ev;
    WakeAudit wake; /* the audit's process counts between calls (zeroed: none yet) */
    Profile scratch;
    ProfPlan plan;
    char in_effect[PROF_NAME];
};

/* ---- where profiles live ---- */

static int add_dir(char out[][PATH_MAX], int n, int max, const char *base, const char *family) {
    if (n < max && family[0] &&
        snprintf(out[n], PATH_MAX, "%s/profiles/%s", base, family) < PATH_MAX) {
        n++;
    }
    if (n < max && snprintf(out[n], PATH_MAX, "%s/profiles", base) < PATH_MAX) {
        n++;
    }
    return n;
}

static int profiles_dirs(const char *family, char out[][PATH_MAX], int max) {
    char user[PATH_MAX] = "";
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) {
        snprintf(user, sizeof user, "%s/jtune", xdg);
    } else if (home && *home) {
        snprintf(user, sizeof user, "%s/.config/jtune", home);
    }
    int n = 0;
    if (user[0]) {
        n = add_dir(out, n, max, user, family);
    }
    n = add_dir(out, n, max, JTUNE_INSTALL_SYSCONFDIR, family);
    char src[PATH_MAX], data[PATH_MAX + 8];
    if (selfpath_source_dir(src, sizeof src)) {
        snprintf(data, sizeof data, "%s/config", src);
    } else if (selfpath_data_dir(data, sizeof data) < 0) {
        return n;
    }
    return add_dir(out, n, max, data, family);
}

/* ---- session ---- */

int profiles_open(ProfSession **out, const char *root, TuneClient *tune) {
    *out = NULL;
    ProfSession *ps = calloc(1, sizeof *ps);
    if (!ps) {
        return -ENOMEM;
    }
    int rc = sampler_open(&ps->sampler, root, NULL);
    if (rc < 0) {
        free(ps);
        return rc;
    }
    ps->tune = tune;
    ps->family = profile_family(&sampler_inventory(ps->sampler)->id);
    *out = ps;
    return 0;
}

void profiles_close(ProfSession *ps) {
    if (ps) {
        sampler_close(ps->sampler);
        free(ps);
    }
}

const char *profiles_family(const ProfSession *ps) {
    return ps->family;
}

/* ---- loading ---- */

static bool is_path(const char *spec) {
    size_t n = strlen(spec);
    return strchr(spec, '/') || (n > 4 && strcmp(spec + n - 4, ".ini") == 0);
}

/* Read and parse one file; the profile is called after the file's base name. */
static int load_file(const char *path, Profile *out, Diag *d) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[PROF_NAME];
    snprintf(name, sizeof name, "%s", base);
    char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".ini") == 0) {
        *dot = '\0';
    }
    profile_init(out, name, path);
    char *text = NULL;
    size_t len;
    int rc = fileio_slurp(path, PROFILE_BYTES, &text, &len);
    if (rc < 0) {
        diag_error(d, path, 0, "cannot read: %s", strerror(-rc));
        return rc;
    }
    int nul = diag_check_text(text, len, path, d);
    rc = profilefile_parse(text, out, d);
    free(text);
    return rc < 0 ? rc : nul;
}

static bool valid_name(const char *s) {
    if (!*s || *s == '.') {
        return false;
    }
    for (; *s; s++) {
        if (!(*s == '-' || *s == '_' || *s == '.' || (*s >= '0' && *s <= '9') ||
              (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) {
            return false;
        }
    }
    return true;
}

static int read_board(ProfSession *ps);

int profiles_load(ProfSession *ps, const char *spec, Profile *out, Diag *d) {
    if (strcmp(spec, PROFILES_MAX_CLOCKS) == 0) {
        spec = PROFILES_MAX_CLOCKS_SETTINGS; /* jetson_clocks' pinning, through the journal */
    }
    if (profile_is_inline(spec)) {
        profile_init(out, NULL, NULL);
        return profile_parse_inline(spec, out, d);
    }
    if (is_path(spec)) {
        return load_file(spec, out, d);
    }
    if (!valid_name(spec)) {
        diag_error(d, spec, 0, "not a profile name (letters, digits, '-', '_', '.')");
        return -EINVAL;
    }
    char dirs[MAX_DIRS][PATH_MAX], path[PATH_MAX + PROF_NAME];
    int n = profiles_dirs(ps->family, dirs, MAX_DIRS);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s.ini", dirs[i], spec);
        if (fileio_is_file(path)) {
            return load_file(path, out, d);
        }
    }
    if (profgen_known(spec)) { /* no file overrides it: derive it from this board */
        int rc = read_board(ps);
        return rc < 0 ? rc : profgen_derive(&ps->board, spec, out);
    }
    diag_error(d, spec, 0, "no such profile for this board (%s): looked in %s%s%s",
               ps->family[0] ? ps->family : "unknown board", n ? dirs[0] : "", n > 1 ? " ... " : "",
               n > 1 ? dirs[n - 1] : "");
    return -ENOENT;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(a, b);
}

int profiles_list(ProfSession *ps, char names[][PROF_NAME], int max) {
    char dirs[MAX_DIRS][PATH_MAX];
    int nd = profiles_dirs(ps->family, dirs, MAX_DIRS), n = 0;
    for (int i = 0; i < nd; i++) {
        DIR *dir = opendir(dirs[i]);
        struct dirent *de;
        while (dir && (de = readdir(dir)) != NULL) {
            size_t len = strlen(de->d_name);
            if (len < 5 || len - 4 >= PROF_NAME || strcmp(de->d_name + len - 4, ".ini") != 0) {
                continue;
            }
            char name[PROF_NAME];
            snprintf(name, sizeof name, "%.*s", (int)(len - 4), de->d_name);
            bool dup = false;
            for (int k = 0; k < n; k++) {
                dup |= strcmp(names[k], name) == 0;
            }
            if (!dup && n < max && valid_name(name)) {
                snprintf(names[n++], PROF_NAME, "%s", name);
            }
        }
        if (dir) {
            closedir(dir);
        }
    }
    static const char *const derived[] = {"burst", "cruise", "stock"};
    for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++) {
        bool dup = false;
        for (int k = 0; k < n; k++) {
            dup |= strcmp(names[k], derived[i]) == 0;
        }
        if (!dup && n < max) {
            snprintf(names[n++], PROF_NAME, "%s", derived[i]);
        }
    }
    qsort(names, (size_t)n, PROF_NAME, cmp_names);
    return n;
}

/* ---- planning ---- */

/* Take a fresh sample and read what else profiles need. The EMC cap, root-only on JetPack 5,
 * is asked of the helper when this process cannot read it. */
static int read_board(ProfSession *ps) {
    sampler_refresh_settings(ps->sampler); /* a plan rests on what is set now */
    int rc = sampler_take(ps->sampler, &ps->sample);
    if (rc < 0) {
        return rc;
    }
    const Inventory *inv = sampler_inventory(ps->sampler);
    rc = knobstate_read(sampler_sysfs(ps->sampler), inv, &ps->sample, &ps->board);
    int64_t cap;
    if (rc == 0 && inv->emc.has_cap && !ps->board.cur.emc.cap_hz.ok && ps->tune &&
        tune_connected(ps->tune) && tune_get(ps->tune, TUNE_T_EMC_CAP_HZ, 0, 0, &cap) == 0) {
        ps->board.cur.emc.cap_hz = val_of(cap);
    }
    return rc;
}

int profiles_mode_reboots(ProfSession *ps, bool *needs, int max) {
    int rc = read_board(ps);
    if (rc < 0) {
        return rc;
    }
    int n = ps->board.n_modes < max ? ps->board.n_modes : max;
    for (int i = 0; i < n; i++) {
        needs[i] = ps->board.modes[i].caps_known && ps->board.modes[i].needs_reboot;
    }
    return n;
}

int profiles_plan(ProfSession *ps, const Profile *p, ProfPlan *plan, Diag *d) {
    int rc = read_board(ps);
    return rc < 0 ? rc : profplan_resolve(p, &ps->board, plan, d);
}

int profiles_preview_lines(const Profile *p, const ProfPlan *plan, char lines[][96], int max) {
    int n = 0, same = 0;
    if (n < max) {
        snprintf(lines[n++], 96, "%s: %d change%s%s%s", p->name, plan->n_changes,
                 plan->n_changes == 1 ? "" : "s", p->description[0] ? " - " : "", p->description);
    }
    for (int i = 0; i < plan->n; i++) {
        if (!plan->steps[i].change) {
            same++;
        } else if (n < max) {
            lines[n][0] = ' ';
            lines[n][1] = ' ';
            profplan_format_step(&plan->steps[i], lines[n] + 2, 94);
            n++;
        }
    }
    if (same && n < max) {
        snprintf(lines[n++], 96, "  (%d setting%s already as asked)", same, same == 1 ? "" : "s");
    }
    if (plan->n_skipped && n < max) {
        snprintf(lines[n++], 96, "  (%d setting%s skipped: not supported by this board)",
                 plan->n_skipped, plan->n_skipped == 1 ? "" : "s");
    }
    return n;
}

void profiles_preview(FILE *f, const Profile *p, const ProfPlan *plan) {
    char lines[PLAN_MAX_STEPS + 4][96];
    int n = profiles_preview_lines(p, plan, lines, PLAN_MAX_STEPS + 4);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s\n", lines[i]);
    }
}

/* ---- applying ---- */

static int thp_of(int64_t v) {
    const char *want = profile_thp_name((ProfThp)v);
    for (int t = 0; want && t < TUNE_THP_COUNT; t++) {
        if (strcmp(proto_thp_name((TuneThp)t), want) == 0) {
            return t;
        }
    }
    return -1;
}

/* One helper call per step. */
static int step_call(TuneClient *t, const ProfStep *s) {
    switch (s->op) {
    case PO_NVPMODEL: return tune_nvpmodel(t, (int)s->value);
    case PO_CPU_ONLINE: return tune_cpu_online(t, s->index, s->value != 0);
    case PO_CPU_GOVERNOR: {
        int g = proto_governor_parse(s->arg, strlen(s->arg));
        return g < 0 ? -EOPNOTSUPP : tune_cpu_governor(t, s->index, (TuneGovernor)g);
    }
    case PO_CPU_MIN_KHZ: return tune_cpu_min_khz(t, s->index, s->value);
    case PO_CPU_MAX_KHZ: return tune_cpu_max_khz(t, s->index, s->value);
    case PO_GPU_MIN_HZ: return tune_gpu_min_hz(t, s->value);
    case PO_GPU_MAX_HZ: return tune_gpu_max_hz(t, s->value);
    case PO_EMC_CAP_HZ: return tune_emc_cap_hz(t, s->value);
    case PO_CPUIDLE_DISABLE: return tune_cpuidle_disable(t, s->index, s->sub, s->value != 0);
    case PO_FAN_PWM: return tune_fan_pwm(t, (int)s->value);
    case PO_FAN_AUTO: return tune_fan_auto(t);
    case PO_RADIO_BLOCK: return tune_radio_block(t, s->index, s->value != 0);
    case PO_USB_POWER: return tune_usb_power(t, s->arg, s->value ? TUNE_USB_AUTO : TUNE_USB_ON);
    case PO_THP: {
        int thp = thp_of(s->value);
        return thp < 0 ? -EOPNOTSUPP : tune_thp(t, (TuneThp)thp);
    }
    case PO_VM_SWAPPINESS: return tune_vm_swappiness(t, (int)s->value);
    case PO_VM_DIRTY_RATIO: return tune_vm_dirty_ratio(t, (int)s->value);
    case PO_VM_DIRTY_BG_RATIO: return tune_vm_dirty_background_ratio(t, (int)s->value);
    default: return -EINVAL;
    }
}

static void failed(ProfResult *res, const ProfStep *s, int rc, const char *why) {
    snprintf(res->msg, sizeof res->msg,
             "%s -> %s failed: %s; every change of this profile was "
             "rolled back",
             s->node, s->to, why && *why ? why : strerror(-rc));
}

/* After a step that brings cores up or down, wait (with a deadline) until the kernel shows the
 * online set the plan expects: a cluster's limits can only be written while one of its cores
 * is online. A kernel does it before the write returns; a simulated board on its next tick. */
static void wait_online(ProfSession *ps, uint64_t want) {
    Sysfs *fs = sampler_sysfs(ps->sampler);
    struct timespec step = {0, 10 * 1000000L};
    for (int i = 0; i < ONLINE_WAIT_MS / 10; i++) {
        char buf[256];
        uint64_t mask;
        ssize_t n = sysfs_read(fs, "sys/devices/system/cpu/online", buf, sizeof buf);
        if (n > 0 && parse_cpulist(buf, (size_t)n, &mask) == 0 && mask == want) {
            return;
        }
        nanosleep(&step, NULL);
    }
}

/* The next step that will be written after i, or NULL. */
static const ProfStep *next_change(const ProfPlan *plan, int i) {
    for (int k = i + 1; k < plan->n; k++) {
        if (plan->steps[k].change) {
            return &plan->steps[k];
        }
    }
    return NULL;
}

int profiles_apply(ProfSession *ps, const ProfPlan *plan, ProfResult *res) {
    memset(res, 0, sizeof *res);
    res->failed = -1;
    TuneClient *t = ps->tune;
    if (!t || !tune_connected(t)) {
        res->rc = -ENOTCONN;
        snprintf(res->msg, sizeof res->msg, "cannot apply: %s", t ? tune_status(t) : "no helper");
        return res->rc;
    }
    if (plan->n_changes == 0) {
        return 0;
    }
    int rc = tune_txn_begin(t);
    for (int i = 0; rc == 0 && i < plan->n; i++) {
        if (!plan->steps[i].change) {
            continue;
        }
        const ProfStep *st = &plan->steps[i];
        rc = step_call(t, st);
        if (rc < 0) {
            res->failed = i;
            failed(res, st, rc, tune_last_error(t));
            break;
        }
        res->applied++;
        const ProfStep *next = next_change(plan, i);
        if (st->online_after && next && next->op != PO_CPU_ONLINE) {
            wait_online(ps, st->online_after);
        }
    }
    int crc = tune_txn_commit(t);
    if (rc == 0 && crc < 0) {
        rc = crc;
        snprintf(res->msg, sizeof res->msg, "the transaction failed: %s (rolled back)",
                 tune_last_error(t)[0] ? tune_last_error(t) : strerror(-crc));
    }
    if (rc < 0) {
        res->applied = 0;
    }
    sampler_request_rescan(ps->sampler); /* cores may have come or gone */
    res->rc = rc;
    return rc;
}

/* ---- the audit ---- */

const char *profiles_in_effect(ProfSession *ps, ProfIntent *intent) {
    char names[PROFILES_MAX][PROF_NAME];
    int n = profiles_list(ps, names, PROFILES_MAX);
    *intent = PROF_INTENT_NONE;
    if (read_board(ps) < 0) {
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        Diag d = {0};
        if (profiles_load(ps, names[i], &ps->scratch, &d) < 0 ||
            ps->scratch.intent == PROF_INTENT_NONE || ps->scratch.n == 0 ||
            profplan_resolve(&ps->scratch, &ps->board, &ps->plan, &d) < 0 ||
            !profplan_matches(&ps->plan)) {
            continue;
        }
        snprintf(ps->in_effect, sizeof ps->in_effect, "%s", names[i]);
        *intent = ps->scratch.intent;
        return ps->in_effect;
    }
    return NULL;
}

int profiles_audit(ProfSession *ps, int target, AuditReport *out) {
    AuditTarget t = AUDIT_LOW_POWER;
    const char *active = NULL;
    if (target < 0) {
        ProfIntent intent;
        active = profiles_in_effect(ps, &intent); /* reads the board too */
        t = intent == PROF_INTENT_PERFORMANCE ? AUDIT_PERFORMANCE : AUDIT_LOW_POWER;
    } else {
        int rc = read_board(ps);
        if (rc < 0) {
            return rc;
        }
        t = target == AUDIT_PERFORMANCE ? AUDIT_PERFORMANCE : AUDIT_LOW_POWER;
    }
    ps->ev.b = &ps->board;
    auditread_collect(sampler_sysfs(ps->sampler), &ps->ev);
    wakeaudit_collect(sampler_sysfs(ps->sampler), &ps->wake, systime_mono_ms(), &ps->ev);
    audit_evaluate(&ps->ev, t, out);
    snprintf(out->profile, sizeof out->profile, "%s", active ? active : "");
    return 0;
}

int profiles_fix(ProfSession *ps, const AuditReport *r, AuditId id, ProfResult *res) {
    memset(res, 0, sizeof *res);
    res->failed = -1;
    if ((unsigned)id >= AUD_COUNT || !r->items[id].fix[0] || r->items[id].status != AUDIT_FAIL) {
        res->rc = -ENOENT;
        snprintf(res->msg, sizeof res->msg, "%s: nothing jtune can change%s%s", audit_title(id),
                 r->items[id].command[0] ? "; run: " : "", r->items[id].command);
        return res->rc;
    }
    Diag d = {0};
    profile_init(&ps->scratch, audit_name(id), "<audit fix>");
    int rc = profile_parse_inline(r->items[id].fix, &ps->scratch, &d);
    if (rc == 0) {
        rc = profiles_plan(ps, &ps->scratch, &ps->plan, &d);
    }
    if (rc == 0 && ps->plan.n_changes == 0) {
        rc = -EAGAIN; /* e.g. a cap below a pinned minimum: another item's fix comes first */
    }
    if (rc < 0) {
        res->rc = rc;
        snprintf(res->msg, sizeof res->msg, "%s: %s", audit_title(id),
                 d.n ? d.msg[0] : "nothing to change");
        return rc;
    }
    return profiles_apply(ps, &ps->plan, res);
}
