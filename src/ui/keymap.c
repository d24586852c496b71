/* SPDX-License-Identifier: MIT */
/* keymap: the action table, key names, config overrides and the generated help. */
#include "jtune/ui/keymap.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define C(ch)    ((KeyCode)(ch))
#define CTRL(ch) ((KeyCode)((ch)&0x1f))

static const ActionInfo table[ACT_COUNT] = {
    [ACT_HELP] = {"help", AG_GENERAL, "show or hide this help", {C('?'), KEYC_F(1), C('h')}},
    [ACT_QUIT] = {"quit", AG_GENERAL, "quit", {C('q'), KEYC_F(10)}},
    [ACT_PAUSE] = {"pause", AG_GENERAL, "pause or resume sampling", {C(' ')}},
    [ACT_INTERVAL_UP] = {"interval_up",
                         AG_GENERAL,
                         "sample less often (longer interval)",
                         {C('+')}},
    [ACT_INTERVAL_DOWN] = {"interval_down",
                           AG_GENERAL,
                           "sample more often (shorter interval)",
                           {C('-')}},
    [ACT_REDRAW] = {"redraw", AG_GENERAL, "repaint the whole screen", {CTRL('l')}},
    [ACT_PAGE_NEXT] = {"page_next", AG_PAGES, "next page", {KEYC_TAB}},
    [ACT_PAGE_PREV] = {"page_prev", AG_PAGES, "previous page", {KEYC_BTAB}},
    [ACT_PAGE_1] = {"page1", AG_PAGES, "page 1: Overview", {C('1')}},
    [ACT_PAGE_2] = {"page2", AG_PAGES, "page 2", {C('2')}},
    [ACT_PAGE_3] = {"page3", AG_PAGES, "page 3", {C('3')}},
    [ACT_PAGE_4] = {"page4", AG_PAGES, "page 4", {C('4')}},
    [ACT_PAGE_5] = {"page5", AG_PAGES, "page 5", {C('5')}},
    [ACT_PAGE_6] = {"page6", AG_PAGES, "page 6", {C('6')}},
    [ACT_PAGE_7] = {"page7", AG_PAGES, "page 7", {C('7')}},
    [ACT_PAGE_8] = {"page8", AG_PAGES, "page 8", {C('8')}},
    [ACT_PAGE_9] = {"page9", AG_PAGES, "page 9", {C('9')}},
    [ACT_PAGE_10] = {"page10", AG_PAGES, "page 10", {C('0')}},
    [ACT_UP] = {"up", AG_PAGES, "select the row above", {KEYC_UP, C('k')}},
    [ACT_DOWN] = {"down", AG_PAGES, "select the row below", {KEYC_DOWN, C('j')}},
    [ACT_LEFT] = {"left", AG_PAGES, "select the column to the left (cpuidle)", {KEYC_LEFT}},
    [ACT_RIGHT] = {"right", AG_PAGES, "select the column to the right (cpuidle)", {KEYC_RIGHT}},
    [ACT_AUDIT] = {"audit", AG_PAGES, "the low-power audit: checklist, fixes", {C('A')}},
    [ACT_PROCS] = {"procs", AG_PAGES, "processes (CPU, wakeups, memory) and interrupts", {C('o')}},
    [ACT_INFO] = {"info", AG_PAGES, "board info: versions, addresses (--info)", {C('B')}},
    [ACT_PARK] = {"park", AG_TUNING, "park or unpark the selected core", {C('p')}},
    [ACT_GOVERNOR] = {"governor", AG_TUNING, "choose the selected cluster's governor", {C('g')}},
    [ACT_CPU_CAP] = {"cpu_cap", AG_TUNING, "pick the cluster's CPU maximum (cap)", {C('c')}},
    [ACT_CPU_MIN] = {"cpu_min", AG_TUNING, "pick the cluster's CPU minimum", {C('n')}},
    [ACT_GPU_CAP] = {"gpu_cap", AG_TUNING, "pick the GPU frequency cap", {C('G')}},
    [ACT_GPU_RAILGATE] = {"gpu_railgate",
                          AG_TUNING,
                          "GPU rail-gating on/off (power-gate when idle)",
                          {C('L')}},
    [ACT_GPU_3D] = {"gpu_3d", AG_TUNING, "GPU 3D scaling on/off", {C('D')}},
    [ACT_EMC_CAP] = {"emc_cap", AG_TUNING, "pick the EMC (memory) frequency cap", {C('E')}},
    [ACT_IDLE_TOGGLE] = {"idle_toggle", AG_TUNING, "toggle the selected cpuidle state", {C('i')}},
    [ACT_IDLE_ALL] = {"idle_all", AG_TUNING, "toggle that cpuidle state on every core", {C('I')}},
    [ACT_FAN_UP] = {"fan_up", AG_TUNING, "fan PWM up (manual control)", {C(']')}},
    [ACT_FAN_DOWN] = {"fan_down", AG_TUNING, "fan PWM down (manual control)", {C('[')}},
    [ACT_FAN_AUTO] = {"fan_auto", AG_TUNING, "give the fan back to automatic control", {C('a')}},
    [ACT_RADIO_TOGGLE] = {"radio_toggle",
                          AG_TUNING,
                          "block or unblock the selected radio",
                          {C('r')}},
    [ACT_NVP_MODE] = {"nvp_mode", AG_TUNING, "pick the nvpmodel power mode", {C('m')}},
    [ACT_UNDO_ALL] = {"undo_all", AG_TUNING, "undo every change made in this session", {C('U')}},
    [ACT_PROFILES] = {"profiles", AG_TUNING, "pick and apply a tuning profile", {C('P')}},
    [ACT_MAX_CLOCKS] = {"max_clocks",
                        AG_TUNING,
                        "pin CPU, GPU, EMC at max (jetson_clocks)",
                        {C('M')}},
    [ACT_RECORD] = {"record", AG_RECORD, "start or stop recording samples to a log", {C('R')}},
    [ACT_WORKLOAD] = {"workload", AG_RECORD, "workload page: energy per batch", {C('w')}},
    [ACT_REPLAY_BACK] = {"replay_back", AG_RECORD, "replay: one row back (pauses)", {C(',')}},
    [ACT_REPLAY_FWD] = {"replay_fwd", AG_RECORD, "replay: one row forward (pauses)", {C('.')}},
    [ACT_REPLAY_SPEED] = {"replay_speed", AG_RECORD, "replay: cycle the playback speed", {C('s')}},
    [ACT_REPLAY_GOTO] = {"replay_goto",
                         AG_RECORD,
                         "replay: go to a time or a peak (power, temperature)",
                         {C('t')}},
};

static const char *const group_names[AG_COUNT] = {
    "General", "Pages and selection", "Tuning (needs the helper)", "Recording and replay"};

const ActionInfo *keymap_info(ActionId a) {
    return a > ACT_NONE && a < ACT_COUNT ? &table[a] : NULL;
}

int keymap_action_parse(const char *name, ActionId *out) {
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        if (strcmp(table[a].name, name) == 0) {
            *out = (ActionId)a;
            return 0;
        }
    }
    return -EINVAL;
}

void keymap_defaults(Keymap *km) {
    memset(km, 0, sizeof *km);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        Binding *b = &km->bind[a];
        for (int i = 0; i < KEYMAP_MAX_KEYS && table[a].defaults[i]; i++) {
            b->keys[b->n++] = table[a].defaults[i];
        }
    }
}

ActionId keymap_lookup(const Keymap *km, KeyCode k) {
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        for (int i = 0; i < km->bind[a].n; i++) {
            if (km->bind[a].keys[i] == k) {
                return (ActionId)a;
            }
        }
    }
    return ACT_NONE;
}

/* ---- key names ---- */

static const struct {
    const char *name;
    KeyCode code;
} named[] = {
    {"space", ' '},           {"comma", ','},
    {"semicolon", ';'},       {"tab", KEYC_TAB},
    {"shift-tab", KEYC_BTAB}, {"enter", KEYC_ENTER},
    {"esc", KEYC_ESC},        {"backspace", KEYC_BACKSPACE},
    {"delete", KEYC_DELETE},  {"up", KEYC_UP},
    {"down", KEYC_DOWN},      {"left", KEYC_LEFT},
    {"right", KEYC_RIGHT},    {"home", KEYC_HOME},
    {"end", KEYC_END},        {"pgup", KEYC_PGUP},
    {"pgdn", KEYC_PGDN},
};

/* Decode one UTF-8 code point that makes up all of s. 0 or -EINVAL. */
static int utf8_single(const char *s, KeyCode *out) {
    const unsigned char *u = (const unsigned char *)s;
    int len = u[0] < 0x80             ? 1
              : (u[0] & 0xe0) == 0xc0 ? 2
              : (u[0] & 0xf0) == 0xe0 ? 3
              : (u[0] & 0xf8) == 0xf0 ? 4
                                      : 0;
    if (len == 0 || strlen(s) != (size_t)len) {
        return -EINVAL;
    }
    int32_t cp = len == 1 ? u[0] : u[0] & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            return -EINVAL;
        }
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    static const int32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp < 0x21 ||
        cp == 0x7f) {
        return -EINVAL; /* overlong, surrogate, control or blank: use a name instead */
    }
    *out = cp;
    return 0;
}

int keymap_key_parse(const char *s, KeyCode *out) {
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strcasecmp(s, named[i].name) == 0) {
            *out = named[i].code;
            return 0;
        }
    }
    if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
        int n = s[1] - '0';
        if (s[2] >= '0' && s[2] <= '9' && s[3] == '\0') {
            n = n * 10 + (s[2] - '0');
        } else if (s[2] != '\0') {
            return -EINVAL;
        }
        if (n > 24) {
            return -EINVAL;
        }
        *out = KEYC_F(n);
        return 0;
    }
    if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && s[2] && !s[3]) {
        char ch = (char)(s[2] | 0x20);
        if (ch < 'a' || ch > 'z' || strchr("ijmcz", ch)) {
            return -EINVAL; /* C-i is Tab, C-j/C-m Enter, C-c/C-z signals */
        }
        *out = CTRL(ch);
        return 0;
    }
    return utf8_single(s, out);
}

static int put_utf8(int32_t cp, char *out, size_t outsz) {
    char b[5];
    int n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    } else {
        b[0] = (char)(0xf0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    }
    if ((size_t)n >= outsz) {
        return -ERANGE;
    }
    memcpy(out, b, (size_t)n);
    out[n] = '\0';
    return n;
}

int keymap_key_format(KeyCode k, char *out, size_t outsz) {
    int n;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (named[i].code == k) {
            n = snprintf(out, outsz, "%s", named[i].name);
            return n < 0 || (size_t)n >= outsz ? -ERANGE : n;
        }
    }
    if (k > KEYC_F(0) && k <= KEYC_F(24)) {
        n = snprintf(out, outsz, "F%d", (int)(k - KEYC_SPECIAL));
    } else if (k > 0 && k < 0x20) {
        n = snprintf(out, outsz, "C-%c", (char)(k + 'a' - 1));
    } else if (k >= 0x21 && k < KEYC_SPECIAL && k != 0x7f) {
        return put_utf8(k, out, outsz);
    } else {
        n = snprintf(out, outsz, "key-%d", (int)k);
    }
    return n < 0 || (size_t)n >= outsz ? -ERANGE : n;
}

int keymap_keys_format(const Keymap *km, ActionId a, char *out, size_t outsz) {
    size_t len = 0;
    out[0] = '\0';
    const Binding *b = &km->bind[a];
    for (int i = 0; i < b->n; i++) {
        char name[24];
        keymap_key_format(b->keys[i], name, sizeof name);
        int n = snprintf(out + len, outsz - len, "%s%s", i ? ", " : "", name);
        if (n < 0 || (size_t)n >= outsz - len) {
            return -ERANGE;
        }
        len += (size_t)n;
    }
    return (int)len;
}

/* ---- overrides from [keys] ---- */

/* Parse "q, F10" (or "none") into keys. 0 or -EINVAL with the bad word in bad. */
static int parse_key_list(const char *s, Binding *out, char *bad, size_t badsz) {
    memset(out, 0, sizeof *out);
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    if (strcasecmp(buf, "none") == 0) {
        return 0;
    }
    char *save = NULL;
    for (char *w = strtok_r(buf, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save)) {
        KeyCode k;
        if (keymap_key_parse(w, &k) < 0 || out->n == KEYMAP_MAX_KEYS) {
            snprintf(bad, badsz, "%s", w);
            return -EINVAL;
        }
        out->keys[out->n++] = k;
    }
    if (out->n == 0) {
        snprintf(bad, badsz, "%s", s);
        return -EINVAL;
    }
    return 0;
}

static void unbind_key(Keymap *km, ActionId except, KeyCode k, const char *file, int line,
                       Diag *d) {
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        Binding *b = &km->bind[a];
        for (int i = 0; a != (int)except && i < b->n; i++) {
            if (b->keys[i] == k) {
                char name[24];
                keymap_key_format(k, name, sizeof name);
                diag_warn(d, file, line, "key '%s' moves from '%s' to '%s'", name, table[a].name,
                          table[except].name);
                memmove(&b->keys[i], &b->keys[i + 1], sizeof b->keys[0] * (size_t)(b->n - i - 1));
                b->n--;
                i--;
            }
        }
    }
}

int keymap_apply(Keymap *km, const Config *c, Diag *d) {
    int bad = 0;
    const char *file = c->path[0] ? c->path : "config";
    for (int i = 0; i < c->n_binds; i++) {
        const ConfigBind *cb = &c->binds[i];
        ActionId a;
        if (keymap_action_parse(cb->action, &a) < 0) {
            diag_error(d, file, cb->line, "[keys]: unknown action '%s'", cb->action);
            bad++;
            continue;
        }
        Binding nb;
        char word[64];
        if (parse_key_list(cb->keys, &nb, word, sizeof word) < 0) {
            diag_error(d, file, cb->line,
                       "[keys] %s: bad key '%s' (a character, space, tab, "
                       "F1..F24, C-a..C-z, up, down, ...; at most %d keys)",
                       cb->action, word, KEYMAP_MAX_KEYS);
            bad++;
            continue;
        }
        for (int k = 0; k < nb.n; k++) {
            unbind_key(km, a, nb.keys[k], file, cb->line, d);
        }
        km->bind[a] = nb;
    }
    return bad ? -EINVAL : 0;
}

/* ---- help ---- */

int keymap_help(const Keymap *km, HelpLine *out, int max) {
    int n = 0;
    for (int g = 0; g < AG_COUNT; g++) {
        if (n < max) {
            out[n] = (HelpLine){.heading = true, .action = ACT_NONE};
            snprintf(out[n].text, sizeof out[n].text, "%s", group_names[g]);
            n++;
        }
        for (int a = ACT_NONE + 1; a < ACT_COUNT && n < max; a++) {
            if ((int)table[a].group != g) {
                continue;
            }
            HelpLine *h = &out[n++];
            *h = (HelpLine){.heading = false, .action = (ActionId)a};
            if (keymap_keys_format(km, (ActionId)a, h->keys, sizeof h->keys) <= 0) {
                snprintf(h->keys, sizeof h->keys, "(unbound)");
            }
            snprintf(h->text, sizeof h->text, "%s", table[a].help);
        }
    }
    return n;
}

/* ---- key bar and the fixed keys ---- */

/* Key bar items: on panel's page (a PanelId), on the overview (BAR_OVERVIEW) or on every
 * page (BAR_ALL), in this order. */
enum { BAR_ALL = -2, BAR_OVERVIEW = -1 };
static const struct {
    int panel;
    ActionId action;
    const char *label;
} bar_items[] = {
    {PANEL_CPU, ACT_PARK, "park"},
    {PANEL_CPU, ACT_GOVERNOR, "governor"},
    {PANEL_CPU, ACT_CPU_CAP, "max"},
    {PANEL_CPU, ACT_CPU_MIN, "min"},
    {PANEL_GPU, ACT_GPU_CAP, "GPU cap"},
    {PANEL_GPU, ACT_GPU_RAILGATE, "railgate"},
    {PANEL_GPU, ACT_GPU_3D, "3D scaling"},
    {PANEL_EMC, ACT_EMC_CAP, "EMC cap"},
    {PANEL_POWER, ACT_NVP_MODE, "power mode"},
    {PANEL_POWER, ACT_PROFILES, "profiles"},
    {PANEL_THERMAL, ACT_NVP_MODE, "power mode"},
    {PANEL_IDLE, ACT_IDLE_TOGGLE, "toggle"},
    {PANEL_IDLE, ACT_IDLE_ALL, "all cores"},
    {PANEL_FAN, ACT_FAN_UP, "faster"},
    {PANEL_FAN, ACT_FAN_DOWN, "slower"},
    {PANEL_FAN, ACT_FAN_AUTO, "auto"},
    {PANEL_RADIO, ACT_RADIO_TOGGLE, "block/unblock"},
    {PANEL_MEM, ACT_AUDIT, "audit"},
    {BAR_OVERVIEW, ACT_PAGE_NEXT, "next page"},
    {BAR_OVERVIEW, ACT_PROFILES, "profiles"},
    {BAR_OVERVIEW, ACT_AUDIT, "audit"},
    {BAR_OVERVIEW, ACT_WORKLOAD, "workload"},
    {BAR_OVERVIEW, ACT_INFO, "info"},
    {BAR_OVERVIEW, ACT_NVP_MODE, "power mode"},
    {BAR_OVERVIEW, ACT_MAX_CLOCKS, "max clocks"},
    {BAR_ALL, ACT_HELP, "help"},
    {BAR_ALL, ACT_QUIT, "quit"},
    {BAR_ALL, ACT_REPLAY_BACK, "back"},
    {BAR_ALL, ACT_REPLAY_FWD, "forward"},
    {BAR_ALL, ACT_REPLAY_GOTO, "go to"},
    {BAR_ALL, ACT_PAUSE, "pause"},
    {BAR_ALL, ACT_RECORD, "record"},
    {BAR_ALL, ACT_UNDO_ALL, "undo all"},
};

int keymap_bar(const Keymap *km, int panel, KeyHint *out, int max) {
    int n = 0;
    for (size_t i = 0; i < sizeof bar_items / sizeof bar_items[0] && n < max; i++) {
        int p = bar_items[i].panel;
        ActionId a = bar_items[i].action;
        if ((p != BAR_ALL && p != panel) || km->bind[a].n == 0) {
            continue;
        }
        KeyHint *h = &out[n];
        KeyCode k = km->bind[a].keys[0];
        if (k > ' ' && k < 0x7f) {
            snprintf(h->key, sizeof h->key, "%c", (char)k); /* "," rather than "comma" */
        } else if (keymap_key_format(k, h->key, sizeof h->key) < 0) {
            continue;
        }
        h->action = a;
        h->label = bar_items[i].label;
        h->page_only = p != BAR_ALL;
        n++;
    }
    return n;
}

/* Keys that belong to one page or overlay and are not rebindable. */
static const struct {
    const char *keys; /* NULL: a heading */
    const char *text;
} fixed_keys[] = {
    {NULL, "Workload page (w)"},
    {"up, down", "choose a workload"},
    {"enter", "start the chosen workload"},
    {"s", "stop the running workload"},
    {"-", "sample faster (finer energy per batch)"},
    {"w, esc", "back to the monitor"},
    {NULL, "Low-power audit (A)"},
    {"up, down", "select a check"},
    {"f, enter", "apply the selected check's fix (undoable)"},
    {"t", "cycle the audit target (automatic, idle, ...)"},
    {"A, q, esc", "close the audit"},
    {NULL, "Processes page (o): WAKE/s = voluntary context switches/s"},
    {"w c m g", "sort by wakeups, CPU %, RSS, GPU memory (again: reverse)"},
    {"s p n", "sort by state, PID, command (again: reverse)"},
    {"< > r", "previous / next sort column, reverse the order"},
    {"/", "filter by name (enter keeps it, esc clears it)"},
    {"i", "interrupts: busiest IRQs, timer and IPI rates per core"},
    {"o, q, esc", "close the page"},
    {NULL, "Board information (B)"},
    {"up, down", "scroll"},
    {"s", "show or hide the serial number"},
    {"r", "read the board again"},
    {"B, q, esc", "close the board information"},
    {NULL, "Pickers, dialogs, profile preview"},
    {"up, down", "move; pgup, pgdn, home, end jump"},
    {"enter", "choose (a dialog: its first letter too)"},
    {"a, y", "profile preview: apply the profile"},
    {"esc, n, q", "cancel"},
};

int keymap_fixed_help(HelpLine *out, int max) {
    int n = 0;
    for (size_t i = 0; i < sizeof fixed_keys / sizeof fixed_keys[0] && n < max; i++) {
        HelpLine *h = &out[n++];
        *h = (HelpLine){.heading = fixed_keys[i].keys == NULL, .action = ACT_NONE};
        snprintf(h->keys, sizeof h->keys, "%s", fixed_keys[i].keys ? fixed_keys[i].keys : "");
        snprintf(h->text, sizeof h->text, "%s", fixed_keys[i].text);
    }
    return n;
}
