/* SPDX-License-Identifier: MIT */
/* privdrop: the ordered privilege drop and its proof from /proc/self/status. */
#include "jtune/priv/privdrop.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

static uint64_t caps_mask(cap_t c, cap_flag_t flag) {
    uint64_t m = 0;
    int n = (int)cap_max_bits();
    for (int i = 0; i < n && i < 64; i++) {
        cap_flag_value_t v = CAP_CLEAR;
        if (cap_get_flag(c, (cap_value_t)i, flag, &v) == 0 && v == CAP_SET) {
            m |= 1ULL << i;
        }
    }
    return m;
}

uint64_t privdrop_permitted(void) {
    cap_t c = cap_get_proc();
    if (!c) {
        return 0;
    }
    uint64_t m = caps_mask(c, CAP_PERMITTED);
    cap_free(c);
    return m;
}

uint64_t privdrop_missing(const PrivSpec *spec, uint64_t permitted) {
    uint64_t need = spec->keep;
    if (spec->change_ids) {
        need |= UINT64_C(1) << CAP_SETUID | UINT64_C(1) << CAP_SETGID;
    }
    if (spec->drop_bounding) {
        need |= UINT64_C(1) << CAP_SETPCAP;
    }
    return need & ~permitted;
}

/* Replace the three process capability sets with the given masks. */
static int caps_set(uint64_t prm, uint64_t eff, uint64_t inh) {
    cap_t c = cap_init();
    if (!c) {
        return -ENOMEM;
    }
    int n = (int)cap_max_bits();
    for (int i = 0; i < n && i < 64; i++) {
        cap_value_t v = (cap_value_t)i;
        if (prm & (1ULL << i)) {
            cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET);
        }
        if (eff & (1ULL << i)) {
            cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET);
        }
        if (inh & (1ULL << i)) {
            cap_set_flag(c, CAP_INHERITABLE, 1, &v, CAP_SET);
        }
    }
    int rc = cap_set_proc(c) < 0 ? -errno : 0;
    cap_free(c);
    return rc;
}

static int fail(char *err, size_t errsz, int rc, const char *what) {
    if (err && errsz) {
        snprintf(err, errsz, "%s: %s", what, strerror(-rc));
    }
    return rc;
}

/* Cut the bounding set down to keep. Needs CAP_SETPCAP in the effective set. */
static int drop_bounding(uint64_t keep) {
    int n = (int)cap_max_bits();
    for (int i = 0; i < n && i < 64; i++) {
        if (!(keep & (1ULL << i)) && prctl(PR_CAPBSET_DROP, (unsigned long)i, 0, 0, 0) < 0) {
            return -errno;
        }
    }
    return 0;
}

static int change_ids(const PrivSpec *s) {
    if (setgroups((size_t)s->n_groups, s->n_groups ? s->groups : NULL) < 0) {
        return -errno;
    }
    if (setresgid(s->gid, s->gid, s->gid) < 0) {
        return -errno;
    }
    /* keep the permitted set across the uid change; the final capset trims it */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
        return -errno;
    }
    if (setresuid(s->uid, s->uid, s->uid) < 0) {
        return -errno;
    }
    return prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0 ? -errno : 0;
}

int privdrop_apply(const PrivSpec *s, char *err, size_t errsz) {
    int rc;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        return fail(err, errsz, -errno, "no_new_privs");
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
        return fail(err, errsz, -errno, "clearing the ambient set");
    }
    uint64_t prm = privdrop_permitted();
    if ((s->keep & ~prm) != 0) {
        return fail(err, errsz, -EPERM, "a capability to keep is not permitted");
    }
    /* make every permitted capability effective for the steps below */
    if ((rc = caps_set(prm, prm, 0)) < 0) {
        return fail(err, errsz, rc, "raising the effective set");
    }
    if (s->drop_bounding && (rc = drop_bounding(s->keep)) < 0) {
        return fail(err, errsz, rc, "dropping the bounding set");
    }
    if (s->change_ids && (rc = change_ids(s)) < 0) {
        return fail(err, errsz, rc, "changing uid/gid");
    }
    if ((rc = caps_set(s->keep, s->keep, 0)) < 0) {
        return fail(err, errsz, rc, "setting the final capability sets");
    }
    return 0;
}

static int ids_line(StrView v, long out[4]) {
    StrView w[4];
    size_t n = 0;
    if (parse_words(v.p, v.n, w, 4, &n) < 0 || n != 4) {
        return -EINVAL;
    }
    for (int i = 0; i < 4; i++) {
        int64_t x;
        if (parse_i64(w[i].p, w[i].n, &x) < 0 || x < 0) {
            return -EINVAL;
        }
        out[i] = (long)x;
    }
    return 0;
}

static int hex_line(const char *text, size_t len, const char *key, uint64_t *out) {
    StrView v;
    if (parse_kv_find(text, len, key, ':', &v) < 0) {
        return -EINVAL;
    }
    return parse_hex_u64(v.p, v.n, out);
}

static int groups_line(const char *text, size_t len, PrivStatus *st) {
    StrView v;
    st->n_groups = 0;
    if (parse_kv_find(text, len, "Groups", ':', &v) < 0) {
        return -EINVAL;
    }
    StrView w[PRIVDROP_MAX_GROUPS];
    size_t n = 0;
    if (parse_words(v.p, v.n, w, PRIVDROP_MAX_GROUPS, &n) < 0) {
        return -EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t g;
        if (parse_i64(w[i].p, w[i].n, &g) < 0) {
            return -EINVAL;
        }
        st->groups[st->n_groups++] = (long)g;
    }
    return 0;
}

int privdrop_status_parse(const char *text, size_t len, PrivStatus *st) {
    memset(st, 0, sizeof *st);
    StrView v;
    if (parse_kv_find(text, len, "Uid", ':', &v) < 0 || ids_line(v, st->uid) < 0) {
        return -EINVAL;
    }
    if (parse_kv_find(text, len, "Gid", ':', &v) < 0 || ids_line(v, st->gid) < 0) {
        return -EINVAL;
    }
    if (groups_line(text, len, st) < 0 || hex_line(text, len, "CapInh", &st->cap_inh) < 0 ||
        hex_line(text, len, "CapPrm", &st->cap_prm) < 0 ||
        hex_line(text, len, "CapEff", &st->cap_eff) < 0 ||
        hex_line(text, len, "CapBnd", &st->cap_bnd) < 0) {
        return -EINVAL;
    }
    if (hex_line(text, len, "CapAmb", &st->cap_amb) < 0) {
        st->cap_amb = 0; /* kernels before 4.3 have no ambient set at all */
    }
    int64_t nnp;
    st->no_new_privs = parse_kv_i64(text, len, "NoNewPrivs", ':', &nnp) == 0 ? (int)nnp : -1;
    return 0;
}

int privdrop_status_read(pid_t pid, PrivStatus *out) {
    char path[64];
    if (pid == 0) {
        snprintf(path, sizeof path, "/proc/self/status");
    } else {
        snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    char buf[8192];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0) {
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    return privdrop_status_parse(buf, got, out);
}

void privdrop_format_caps(uint64_t mask, char *out, size_t outsz) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < 64 && mask; i++) {
        if (!(mask & (1ULL << i))) {
            continue;
        }
        mask &= ~(1ULL << i);
        char *name = cap_to_name((cap_value_t)i);
        int n = snprintf(out + used, outsz - used, "%s%s", used ? "," : "", name ? name : "?");
        cap_free(name);
        if (n < 0 || (size_t)n >= outsz - used) {
            return;
        }
        used += (size_t)n;
    }
    if (used == 0) {
        snprintf(out, outsz, "none");
    }
}

typedef struct {
    char *out;
    size_t sz, used;
    int bad;
} Report;

static void check(Report *r, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void check(Report *r, bool ok, const char *fmt, ...) {
    r->bad += !ok;
    if (!r->out || r->used + 1 >= r->sz) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->out + r->used, r->sz - r->used, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n < r->sz - r->used) {
        r->used += (size_t)n;
        n = snprintf(r->out + r->used, r->sz - r->used, " %s\n", ok ? "ok" : "MISMATCH");
        if (n > 0 && (size_t)n < r->sz - r->used) {
            r->used += (size_t)n;
        }
    }
}

static bool all_eq(const long v[4], long want) {
    return v[0] == want && v[1] == want && v[2] == want && v[3] == want;
}

static bool groups_ok(const PrivStatus *st, const PrivSpec *s) {
    if (st->n_groups != s->n_groups) {
        return false;
    }
    for (int i = 0; i < st->n_groups; i++) {
        bool found = false;
        for (int j = 0; j < s->n_groups; j++) {
            found |= st->groups[i] == (long)s->groups[j];
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static void check_caps(Report *r, const PrivStatus *st, const PrivSpec *s) {
    char want[512], got[512];
    privdrop_format_caps(s->keep, want, sizeof want);
    privdrop_format_caps(st->cap_prm, got, sizeof got);
    check(r, st->cap_prm == s->keep, "CapPrm: %016llx (%s; expected %s)",
          (unsigned long long)st->cap_prm, got, want);
    privdrop_format_caps(st->cap_eff, got, sizeof got);
    check(r, st->cap_eff == s->keep, "CapEff: %016llx (%s; expected %s)",
          (unsigned long long)st->cap_eff, got, want);
    check(r, st->cap_inh == 0, "CapInh: %016llx (expected 0)", (unsigned long long)st->cap_inh);
    check(r, st->cap_amb == 0, "CapAmb: %016llx (expected 0)", (unsigned long long)st->cap_amb);
    if (s->drop_bounding) {
        privdrop_format_caps(st->cap_bnd, got, sizeof got);
        check(r, st->cap_bnd == s->keep, "CapBnd: %016llx (%s; expected %s)",
              (unsigned long long)st->cap_bnd, got, want);
    } else {
        check(r, true, "CapBnd: %016llx (left as inherited: no CAP_SETPCAP to drop it)",
              (unsigned long long)st->cap_bnd);
    }
}

int privdrop_verify(const PrivSpec *s, char *report, size_t reportsz) {
    Report r = {.out = report, .sz = reportsz};
    if (report && reportsz) {
        report[0] = '\0';
    }
    PrivStatus st = {0}; /* only read after a successful read */
    int rc = privdrop_status_read(0, &st);
    check(&r, rc == 0, "/proc/self/status: %s", rc == 0 ? "read" : strerror(-rc));
    if (rc < 0) {
        return -EPERM;
    }
    check(&r, all_eq(st.uid, (long)s->uid), "Uid: %ld %ld %ld %ld (expected %ld)", st.uid[0],
          st.uid[1], st.uid[2], st.uid[3], (long)s->uid);
    check(&r, all_eq(st.gid, (long)s->gid), "Gid: %ld %ld %ld %ld (expected %ld)", st.gid[0],
          st.gid[1], st.gid[2], st.gid[3], (long)s->gid);
    check(&r, groups_ok(&st, s), "Groups: %d supplementary (expected %d)", st.n_groups,
          s->n_groups);
    check_caps(&r, &st, s);
    check(&r, st.no_new_privs == 1, "NoNewPrivs: %d (expected 1)", st.no_new_privs);
    if (s->uid != 0) {
        /* the proof that matters: root cannot be regained */
        bool uid_fails = setuid(0) < 0;
        check(&r, uid_fails, "setuid(0): %s", uid_fails ? "refused" : "SUCCEEDED");
        bool gid_fails = setgid(0) < 0 || s->gid == 0;
        check(&r, gid_fails, "setgid(0): %s", gid_fails ? "refused" : "SUCCEEDED");
        if (!uid_fails || !gid_fails) {
            _exit(70); /* root again: never run another instruction with it */
        }
    }
    return r.bad ? -EPERM : 0;
}

int privdrop_child_ambient(uint64_t mask) {
    if (mask == 0) {
        return 0;
    }
    uint64_t prm = privdrop_permitted();
    if ((mask & ~prm) != 0) {
        return -EPERM;
    }
    /* ambient capabilities must be both permitted and inheritable */
    int rc = caps_set(prm, prm, mask);
    if (rc < 0) {
        return rc;
    }
    for (int i = 0; i < 64; i++) {
        if ((mask & (1ULL << i)) &&
            prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)i, 0, 0) < 0) {
            return -errno;
        }
    }
    return 0;
}
