/* SPDX-License-Identifier: MIT */
/* theme: role names, the built-in default theme and the theme-file parser. */
#include "jtune/conf/inifile.h"
#include "jtune/ui/theme.h"

#include "jtune/conf/config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *name;
    const char *help;
    const char *style; /* the built-in default, in theme-file syntax */
} RoleInfo;

/* The built-in default (dark terminals). themes/default.theme carries the same styles; a
 * unit test keeps the two equal. */
static const RoleInfo roles[ROLE_COUNT] = {
    [ROLE_NORMAL] = {"normal", "plain text", "default"},
    [ROLE_LABEL] = {"label", "labels, units and column headings", "#8a8a8a"},
    [ROLE_VALUE] = {"value", "measured values", "bold default"},
    [ROLE_NA] = {"na", "values that are unknown (n/a)", "#6c6c6c"},
    [ROLE_HEADER] = {"header", "the two header rows", "#d0d0d0 on #303a46"},
    [ROLE_HEADER_ALERT] = {"header.alert", "alerts in the header (hot, throttling)",
                           "bold #ffffff on #af0000"},
    [ROLE_TITLE] = {"title", "panel titles", "bold #5fafff"},
    [ROLE_BORDER] = {"border", "panel title rules", "#4e5a66"},
    [ROLE_TAB] = {"tab", "page tabs in the footer", "#b2b2b2 on #262626"},
    [ROLE_TAB_ACTIVE] = {"tab.active", "the current page's tab", "bold #000000 on #5fafff"},
    [ROLE_FOOTER] = {"footer", "the footer row and key hints", "#8a8a8a on #262626"},
    [ROLE_MESSAGE] = {"message", "status messages in the footer", "bold #ffd75f on #262626"},
    [ROLE_MESSAGE_ERROR] = {"message.error", "error messages in the footer",
                            "bold #ffffff on #af0000"},
    [ROLE_BAR_LOW] = {"bar.low", "bars, first 60%", "#5fd75f"},
    [ROLE_BAR_MID] = {"bar.mid", "bars, 60% to 85%", "#ffd75f"},
    [ROLE_BAR_HIGH] = {"bar.high", "bars, above 85%", "#ff5f5f"},
    [ROLE_BAR_EMPTY] = {"bar.empty", "the unfilled part of bars", "#3a3a3a"},
    [ROLE_TEMP_COOL] = {"temp.cool", "temperatures far from a trip point", "#5fd75f"},
    [ROLE_TEMP_WARM] = {"temp.warm", "temperatures within 15 degC of a trip point", "#ffd75f"},
    [ROLE_TEMP_HOT] = {"temp.hot", "temperatures within 5 degC of (or past) a trip point",
                       "bold #ff5f5f"},
    [ROLE_GRAPH_CPU] = {"graph.cpu", "CPU history graphs", "#5fafff"},
    [ROLE_GRAPH_GPU] = {"graph.gpu", "GPU history graphs", "#87d75f"},
    [ROLE_GRAPH_EMC] = {"graph.emc", "EMC history graphs", "#d787ff"},
    [ROLE_GRAPH_POWER] = {"graph.power", "power history graphs", "#ffaf00"},
    [ROLE_GRAPH_TEMP] = {"graph.temp", "temperature history graphs", "#ff875f"},
    [ROLE_GRAPH_FAN] = {"graph.fan", "fan history graphs", "#5fd7d7"},
    [ROLE_GRAPH_MEM] = {"graph.mem", "memory history graphs", "#af87ff"},
    [ROLE_GRAPH_AXIS] = {"graph.axis", "graph scales and axis labels", "#6c6c6c"},
    [ROLE_STATE_ON] = {"state.on", "online, enabled, unblocked", "#5fd75f"},
    [ROLE_STATE_OFF] = {"state.off", "parked, disabled, blocked", "bold #ff875f"},
    [ROLE_SELECTED] = {"selected", "the selected row", "reverse"},
    [ROLE_HELP_KEY] = {"help.key", "keys in the help overlay", "bold #5fafff"},
    [ROLE_HELP_HEADING] = {"help.heading", "group headings in the help overlay", "bold underline"},
    [ROLE_DIALOG] = {"dialog", "pickers, dialogs and the help overlay", "#e4e4e4 on #303030"},
    [ROLE_DIALOG_TITLE] = {"dialog.title", "dialog titles", "bold #ffffff on #005f87"},
    [ROLE_DIALOG_SELECTED] = {"dialog.selected", "the highlighted choice in a dialog",
                              "bold #000000 on #5fafff"},
};

const char *theme_role_name(Role r) {
    return (unsigned)r < ROLE_COUNT ? roles[r].name : "?";
}

const char *theme_role_help(Role r) {
    return (unsigned)r < ROLE_COUNT ? roles[r].help : "?";
}

int theme_role_parse(const char *name, Role *out) {
    for (int i = 0; i < ROLE_COUNT; i++) {
        if (strcasecmp(name, roles[i].name) == 0) {
            *out = (Role)i;
            return 0;
        }
    }
    return -EINVAL;
}

static const struct {
    const char *name;
    unsigned bit;
} attr_names[] = {
    {"bold", TATTR_BOLD},       {"dim", TATTR_DIM},       {"underline", TATTR_UNDERLINE},
    {"reverse", TATTR_REVERSE}, {"italic", TATTR_ITALIC}, {"blink", TATTR_BLINK},
};

static int style_word(const char *w, Style *st, bool *have_fg, char *why, size_t whysz) {
    if (strcasecmp(w, "normal") == 0) {
        return 0;
    }
    for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
        if (strcasecmp(w, attr_names[i].name) == 0) {
            st->attrs |= attr_names[i].bit;
            return 0;
        }
    }
    if (*have_fg) {
        snprintf(why, whysz, "unexpected '%s' (a style is [attributes] [FG] [on BG])", w);
        return -EINVAL;
    }
    if (color_parse(w, &st->fg) < 0) {
        snprintf(why, whysz,
                 "bad colour or attribute '%s' (use #rrggbb, 0-255, a colour "
                 "name, default, or bold/dim/underline/reverse/italic/blink)",
                 w);
        return -EINVAL;
    }
    *have_fg = true;
    return 0;
}

int theme_style_parse(const char *s, Style *out, char *why, size_t whysz) {
    Style st = {.fg = {.kind = CLR_DEFAULT}, .bg = {.kind = CLR_DEFAULT}, .attrs = 0};
    char buf[160];
    if (strlen(s) >= sizeof buf) {
        snprintf(why, whysz, "style too long");
        return -EINVAL;
    }
    snprintf(buf, sizeof buf, "%s", s);
    bool have_fg = false, have_bg = false, any = false;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        any = true;
        if (strcasecmp(w, "on") == 0) {
            char *bg = strtok_r(NULL, " \t", &save);
            if (!bg || have_bg || color_parse(bg, &st.bg) < 0) {
                snprintf(why, whysz, "'on' needs one background colour, got '%s'", bg ? bg : "");
                return -EINVAL;
            }
            have_bg = true;
            continue;
        }
        if (style_word(w, &st, &have_fg, why, whysz) < 0) {
            return -EINVAL;
        }
    }
    if (!any) {
        snprintf(why, whysz, "empty style (write 'default' for the terminal's colours)");
        return -EINVAL;
    }
    *out = st;
    return 0;
}

static int color_format(ColorSpec c, char *out, size_t outsz) {
    switch (c.kind) {
    case CLR_INDEX: return snprintf(out, outsz, "%u", c.index);
    case CLR_RGB: return snprintf(out, outsz, "#%02x%02x%02x", c.r, c.g, c.b);
    default: return snprintf(out, outsz, "default");
    }
}

int theme_style_format(const Style *s, char *out, size_t outsz) {
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
        if (s->attrs & attr_names[i].bit) {
            len += (size_t)snprintf(out + len, outsz > len ? outsz - len : 0, "%s ",
                                    attr_names[i].name);
        }
    }
    char fg[16], bg[16];
    color_format(s->fg, fg, sizeof fg);
    color_format(s->bg, bg, sizeof bg);
    if (s->bg.kind != CLR_DEFAULT) {
        len += (size_t)snprintf(out + len, outsz > len ? outsz - len : 0, "%s on %s", fg, bg);
    } else if (s->fg.kind != CLR_DEFAULT || s->attrs == 0) {
        len += (size_t)snprintf(out + len, outsz > len ? outsz - len : 0, "%s", fg);
    } else if (len > 0) {
        out[--len] = '\0'; /* drop the blank after the last attribute */
    }
    return len < outsz ? (int)len : -ERANGE;
}

void theme_default(Theme *t) {
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "default");
    snprintf(t->description, sizeof t->description, "built-in default for dark terminals");
    for (int i = 0; i < ROLE_COUNT; i++) {
        char why[8];
        theme_style_parse(roles[i].style, &t->style[i], why, sizeof why);
    }
}

void theme_strip_colors(Theme *t) {
    for (int i = 0; i < ROLE_COUNT; i++) {
        t->style[i].fg = (ColorSpec){.kind = CLR_DEFAULT};
        t->style[i].bg = (ColorSpec){.kind = CLR_DEFAULT};
    }
}

typedef struct {
    Theme *t;
    const char *file;
    Diag *d;
} ThemeCtx;

static int on_theme_line(void *user, const char *section, const char *key, const char *value,
                         int line) {
    ThemeCtx *c = user;
    if (strcmp(section, "theme") == 0) {
        if (strcmp(key, "name") == 0) {
            snprintf(c->t->name, sizeof c->t->name, "%s", value);
        } else if (strcmp(key, "description") == 0) {
            snprintf(c->t->description, sizeof c->t->description, "%s", value);
        } else {
            diag_warn(c->d, c->file, line, "unknown key '%s' in [theme] ignored", key);
        }
        return 1;
    }
    if (strcmp(section, "roles") != 0) {
        diag_warn(c->d, c->file, line, "unknown section [%s] ignored", section);
        return 1;
    }
    Role r;
    if (theme_role_parse(key, &r) < 0) {
        diag_warn(c->d, c->file, line, "unknown role '%s' ignored", key);
        return 1;
    }
    char why[DIAG_MSG_LEN];
    if (theme_style_parse(value, &c->t->style[r], why, sizeof why) < 0) {
        diag_error(c->d, c->file, line, "%s: %s; the default style is used", key, why);
        return 0;
    }
    return 1;
}

int theme_parse(Theme *t, const char *text, const char *file, Diag *d) {
    ThemeCtx c = {.t = t, .file = file, .d = d};
    int before = d->n_errors;
    config_check_syntax(text, file, d);
    if (inifile_parse(text, on_theme_line, &c) == -ENOMEM) {
        return -ENOMEM;
    }
    return d->n_errors > before ? -EINVAL : 0;
}
