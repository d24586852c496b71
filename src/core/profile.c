/* SPDX-License-Identifier: MIT */
/* profile: settings and inline settings lists -> a Profile (pure; files: conf/profilefile). */
#include "jtune/core/profile.h"

#include "jtune/core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a key's value is spelled. */
typedef enum {
    VK_MODE,    /* mode id or name */
    VK_CPULIST, /* cpu list or "all" */
    VK_WORD,    /* a governor name */
    VK_FREQ,    /* number, "min", "max" */
    VK_CAP,     /* number or "max" */
    VK_IDLE,    /* state names, "none", "all" */
    VK_FAN,     /* 0..255, "max", "auto" */
    VK_ONOFF,   /* on | off */
    VK_THP,     /* always | madvise | never */
    VK_INT,     /* lo..hi */
} ValueKind;

typedef struct {
    const char *name;
    ValueKind kind;
    int64_t lo, hi;     /* VK_INT, VK_FREQ, VK_CAP */
    const char *expect; /* for messages */
} KeyInfo;

static const KeyInfo keys[PK_COUNT] = {
    [PK_NVPMODEL] = {"nvpmodel", VK_MODE, 0, 999, "a mode id or name"},
    [PK_CPU_ONLINE] = {"cpu.online", VK_CPULIST, 0, 0, "a cpu list (0-3) or all"},
    [PK_CPU_GOVERNOR] = {"cpu.governor", VK_WORD, 0, 0, "a governor name"},
    [PK_CPU_MIN_KHZ] = {"cpu.min_khz", VK_FREQ, 1, 100000000, "kHz, min or max"},
    [PK_CPU_MAX_KHZ] = {"cpu.max_khz", VK_FREQ, 1, 100000000, "kHz, min or max"},
    [PK_GPU_MIN_HZ] = {"gpu.min_hz", VK_FREQ, 1, 100000000000LL, "Hz, min or max"},
    [PK_GPU_MAX_HZ] = {"gpu.max_hz", VK_FREQ, 1, 100000000000LL, "Hz, min or max"},
    [PK_EMC_CAP_HZ] = {"emc.cap_hz", VK_CAP, 1, 100000000000LL, "Hz or max"},
    [PK_CPUIDLE_DISABLE] = {"cpuidle.disable", VK_IDLE, 0, 0, "state names, none or all"},
    [PK_FAN_PWM] = {"fan.pwm", VK_FAN, 0, 255, "0-255, max or auto"},
    [PK_RADIO_WIFI] = {"radio.wifi", VK_ONOFF, 0, 1, "on or off"},
    [PK_RADIO_BLUETOOTH] = {"radio.bluetooth", VK_ONOFF, 0, 1, "on or off"},
    [PK_USB_AUTOSUSPEND] = {"usb.autosuspend", VK_ONOFF, 0, 1, "on or off"},
    [PK_THP] = {"thp", VK_THP, 0, 0, "always, madvise or never"},
    [PK_VM_SWAPPINESS] = {"vm.swappiness", VK_INT, 0, 200, "0-200"},
    [PK_VM_DIRTY_RATIO] = {"vm.dirty_ratio", VK_INT, 0, 100, "0-100 (percent)"},
    [PK_VM_DIRTY_BG_RATIO] = {"vm.dirty_background_ratio", VK_INT, 0, 100, "0-100 (percent)"},
};

static const char *const thp_names[PROF_THP_COUNT] = {"always", "madvise", "never"};

const char *profile_key_name(ProfKey k) {
    return (unsigned)k < PK_COUNT ? keys[k].name : "?";
}

static int profile_key_parse(const char *name, ProfKey *out) {
    for (int k = 0; k < PK_COUNT; k++) {
        if (strcmp(keys[k].name, name) == 0) {
            *out = (ProfKey)k;
            return 0;
        }
    }
    return -ENOENT;
}

const char *profile_thp_name(ProfThp t) {
    return (unsigned)t < PROF_THP_COUNT ? thp_names[t] : NULL;
}

void profile_init(Profile *p, const char *name, const char *file) {
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name ? name : "");
    snprintf(p->file, sizeof p->file, "%s", file ? file : "");
}

const ProfSetting *profile_find(const Profile *p, ProfKey k) {
    for (int i = 0; i < p->n; i++) {
        if (p->s[i].key == k) {
            return &p->s[i];
        }
    }
    return NULL;
}

bool profile_is_inline(const char *spec) {
    return spec && strchr(spec, '=') != NULL;
}

const char *profile_family(const Identity *id) {
    if (strcmp(id->soc, "tegra210") == 0) {
        return "nano";
    }
    if (strcmp(id->soc, "tegra194") == 0) {
        return strncmp(id->module, "p3668", 5) == 0 ? "xavier-nx" : "";
    }
    if (strcmp(id->soc, "tegra264") == 0) {
        return strncmp(id->module, "p3834", 5) == 0 ? "agx-thor" : "";
    }
    if (strcmp(id->soc, "tegra234") != 0) {
        return "";
    }
    if (strncmp(id->module, "p3701", 5) == 0) {
        return "agx-orin";
    }
    if (strcmp(id->module, "p3767-0000") == 0 || strcmp(id->module, "p3767-0001") == 0) {
        return id->super ? "orin-nx-super" : "orin-nx";
    }
    if (strncmp(id->module, "p3767", 5) == 0) {
        return id->super ? "orin-nano-super" : "orin-nano";
    }
    return "";
}

/* ---- values ---- */

static bool is_name_char(char c) {
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

static bool is_name(const char *s) {
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (!is_name_char(*s)) {
            return false;
        }
    }
    return true;
}

static bool number(const char *s, int64_t lo, int64_t hi, int64_t *out) {
    int64_t v;
    if (parse_i64(s, strlen(s), &v) < 0 || v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

/* State names separated by commas and/or blanks, normalised to "a b c". */
static bool idle_names(const char *s, char *out, size_t outsz) {
    size_t o = 0;
    int n = 0;
    while (*s) {
        s += strspn(s, ", \t");
        size_t len = strcspn(s, ", \t");
        if (len == 0) {
            break;
        }
        for (size_t i = 0; i < len; i++) {
            if (!is_name_char(s[i])) {
                return false;
            }
        }
        if (o + len + 2 > outsz) {
            return false;
        }
        if (n++) {
            out[o++] = ' ';
        }
        memcpy(out + o, s, len);
        o += len;
        s += len;
    }
    out[o] = '\0';
    return n > 0;
}

static bool word_is(const char *v, const char *w) {
    return strcmp(v, w) == 0;
}

/* Parse v for key k into s. true when it is a valid spelling. */
static bool parse_value(ProfKey k, const char *v, ProfSetting *s) {
    const KeyInfo *ki = &keys[k];
    s->kind = PV_NUM;
    switch (ki->kind) {
    case VK_MODE:
        if (number(v, ki->lo, ki->hi, &s->num)) {
            return true;
        }
        s->kind = PV_WORD;
        return is_name(v) && snprintf(s->word, sizeof s->word, "%s", v) < (int)sizeof s->word;
    case VK_CPULIST:
        if (word_is(v, "all")) {
            s->kind = PV_ALL;
            return true;
        }
        return parse_cpulist(v, strlen(v), &s->mask) == 0 && s->mask != 0;
    case VK_WORD:
        s->kind = PV_WORD;
        return is_name(v) && snprintf(s->word, sizeof s->word, "%s", v) < (int)sizeof s->word;
    case VK_FREQ:
    case VK_CAP:
        if (word_is(v, "max")) {
            s->kind = PV_MAX;
            return true;
        }
        if (ki->kind == VK_FREQ && word_is(v, "min")) {
            s->kind = PV_MIN;
            return true;
        }
        return number(v, ki->lo, ki->hi, &s->num);
    case VK_IDLE:
        s->kind = word_is(v, "none") ? PV_NONE : word_is(v, "all") ? PV_ALL : PV_WORD;
        return s->kind != PV_WORD || idle_names(v, s->word, sizeof s->word);
    case VK_FAN:
        if (word_is(v, "auto")) {
            s->kind = PV_AUTO;
            return true;
        }
        if (word_is(v, "max")) {
            s->num = 255;
            return true;
        }
        return number(v, ki->lo, ki->hi, &s->num);
    case VK_ONOFF: s->num = word_is(v, "on") ? 1 : word_is(v, "off") ? 0 : -1; return s->num >= 0;
    case VK_THP:
        for (int t = 0; t < PROF_THP_COUNT; t++) {
            if (word_is(v, thp_names[t])) {
                s->num = t;
                return true;
            }
        }
        return false;
    case VK_INT: return number(v, ki->lo, ki->hi, &s->num);
    }
    return false;
}

int profile_set(Profile *p, const char *key, const char *value, int line, Diag *d) {
    ProfKey k;
    if (profile_key_parse(key, &k) < 0) {
        diag_warn(d, p->file, line, "unknown setting '%s' (ignored)", key);
        return -ENOENT;
    }
    ProfSetting s = {.key = k, .line = line};
    if (!parse_value(k, value, &s)) {
        diag_error(d, p->file, line, "%s: expected %s, got '%s'", key, keys[k].expect, value);
        return -EINVAL;
    }
    for (int i = 0; i < p->n; i++) {
        if (p->s[i].key == k) {
            diag_warn(d, p->file, line, "%s is also set on line %d: this one counts", key,
                      p->s[i].line);
            p->s[i] = s;
            return 0;
        }
    }
    p->s[p->n++] = s; /* at most PK_COUNT: each key once */
    return 0;
}

/* ---- inline lists ---- */

static void trim(char *s) {
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) {
        s[--n] = '\0';
    }
    size_t lead = strspn(s, " \t");
    memmove(s, s + lead, n - lead + 1);
}

/* Split list into items at commas; a piece without '=' joins the previous item. Returns the
 * count, or -ERANGE. */
static int split_items(const char *list, char items[][PROF_WORD * 2], int max) {
    int n = 0;
    const char *s = list;
    while (*s) {
        size_t len = strcspn(s, ",");
        char piece[PROF_WORD * 2];
        if (len >= sizeof piece) {
            return -ERANGE;
        }
        memcpy(piece, s, len);
        piece[len] = '\0';
        if (n > 0 && !strchr(piece, '=')) {
            size_t have = strlen(items[n - 1]);
            if (have + len + 2 > sizeof items[0]) {
                return -ERANGE;
            }
            items[n - 1][have] = ',';
            memcpy(items[n - 1] + have + 1, piece, len + 1);
        } else if (n < max) {
            memcpy(items[n++], piece, len + 1);
        } else {
            return -ERANGE;
        }
        s += len + (s[len] == ',');
    }
    return n;
}

int profile_parse_inline(const char *list, Profile *p, Diag *d) {
    if (!p->name[0]) {
        snprintf(p->name, sizeof p->name, "<settings>");
    }
    if (!p->file[0]) {
        snprintf(p->file, sizeof p->file, "<settings>");
    }
    char items[PK_COUNT * 2][PROF_WORD * 2];
    int n = split_items(list, items, PK_COUNT * 2);
    if (n < 0) {
        diag_error(d, p->file, 0, "the settings list is too long");
        return -EINVAL;
    }
    bool bad = false;
    int used = 0;
    for (int i = 0; i < n; i++) {
        char *eq = strchr(items[i], '=');
        if (!eq) {
            trim(items[i]);
            if (items[i][0]) {
                diag_error(d, p->file, i + 1, "expected key=value, got '%s'", items[i]);
                bad = true;
            }
            continue;
        }
        *eq = '\0';
        trim(items[i]);
        trim(eq + 1);
        used++;
        if (profile_set(p, items[i], eq + 1, i + 1, d) == -EINVAL) {
            bad = true;
        }
    }
    if (!bad && used == 0) {
        diag_error(d, p->file, 0, "no settings given");
        return -ENOENT;
    }
    return bad ? -EINVAL : 0;
}

/* ---- formatting ---- */

const char *profile_format_value(const ProfSetting *s, char *out, size_t outsz) {
    switch (s->kind) {
    case PV_MIN: snprintf(out, outsz, "min"); break;
    case PV_MAX: snprintf(out, outsz, "max"); break;
    case PV_AUTO: snprintf(out, outsz, "auto"); break;
    case PV_ALL: snprintf(out, outsz, "all"); break;
    case PV_NONE: snprintf(out, outsz, "none"); break;
    case PV_WORD: snprintf(out, outsz, "%s", s->word); break;
    case PV_NUM:
        if (keys[s->key].kind == VK_CPULIST) {
            format_cpulist(s->mask, out, outsz);
        } else if (keys[s->key].kind == VK_ONOFF) {
            snprintf(out, outsz, "%s", s->num ? "on" : "off");
        } else if (keys[s->key].kind == VK_THP) {
            snprintf(out, outsz, "%s", thp_names[s->num]);
        } else {
            snprintf(out, outsz, "%lld", (long long)s->num);
        }
        break;
    }
    return out;
}

int profile_format_inline(const Profile *p, char *out, size_t outsz) {
    size_t used = 0;
    if (outsz == 0) {
        return -ERANGE;
    }
    out[0] = '\0';
    for (int i = 0; i < p->n; i++) {
        char v[PROF_WORD + 8];
        profile_format_value(&p->s[i], v, sizeof v);
        int n = snprintf(out + used, outsz - used, "%s%s=%s", i ? "," : "",
                         profile_key_name(p->s[i].key), v);
        if (n < 0 || (size_t)n >= outsz - used) {
            return -ERANGE;
        }
        used += (size_t)n;
    }
    return (int)used;
}
