/* SPDX-License-Identifier: MIT */
/* profile: tuning profiles - settings by meaning, not by path.
 *
 * A profile names what to change in jtune's terms ("cpu.max_khz = 1200000", "radio.wifi =
 * off"); which sysfs node that is, which values the board offers and in which order to write
 * them is decided later, against a board (core/profplan.h). Two spellings, one model:
 *
 *   file (config/profiles/<family>/cruise.ini, libinih):
 *     [profile]
 *     description = Low power: ...
 *     intent = low-power            ; low-power | performance | stock (the audit's target)
 *     [settings]
 *     nvpmodel = 15W                ; a mode id or name
 *     cpu.online = 0-3
 *     cpu.max_khz = 1200000         ; rounded to the table later
 *
 *   inline list (jtune experiment --a/--b, audit fixes):
 *     "cpu.max_khz=1190400,gpu.max_hz=612000000"
 *     A piece without '=' continues the previous value: "cpu.online=0-1,4" is one setting.
 *
 * Pure: text in, a Profile out; problems go to a Diag as "file:line: msg" (an inline list
 * uses the name "<settings>" and the item number as the line). Syntax errors are errors;
 * unknown keys and sections are warnings; a key given twice warns and the last one counts.
 */
#ifndef JTUNE_CORE_PROFILE_H
#define JTUNE_CORE_PROFILE_H

#include "jtune/core/diag.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every setting a profile can name (one knob of the helper each). */
typedef enum {
    PK_NVPMODEL,          /* mode id or name */
    PK_CPU_ONLINE,        /* cpu list ("0-3", "0-1,4") or "all": the cores to keep online */
    PK_CPU_GOVERNOR,      /* a cpufreq governor, on every cluster with an online core */
    PK_CPU_MIN_KHZ,       /* kHz, "min" or "max" (table ends); rounded down into the table */
    PK_CPU_MAX_KHZ,       /* same */
    PK_GPU_MIN_HZ,        /* Hz, "min" or "max"; "gpu.min_hz = max" locks the GPU clock */
    PK_GPU_MAX_HZ,        /* same */
    PK_EMC_CAP_HZ,        /* Hz or "max" (no cap below the top rate) */
    PK_CPUIDLE_DISABLE,   /* state names ("c7"), "none" or "all": exactly these disabled */
    PK_FAN_PWM,           /* 0..255, "max" (255) or "auto" (the automatic controller) */
    PK_RADIO_WIFI,        /* on | off (off = rfkill soft block) */
    PK_RADIO_BLUETOOTH,   /* on | off */
    PK_USB_AUTOSUSPEND,   /* on (power/control = auto on every USB device) | off (= on) */
    PK_THP,               /* always | madvise | never */
    PK_VM_SWAPPINESS,     /* 0..200 */
    PK_VM_DIRTY_RATIO,    /* 0..100 (percent) */
    PK_VM_DIRTY_BG_RATIO, /* 0..100 (percent) */
    PK_COUNT
} ProfKey;

/* What a profile is for. The audit uses it as its target when the profile is in effect. */
typedef enum {
    PROF_INTENT_NONE,
    PROF_INTENT_LOW_POWER,
    PROF_INTENT_PERFORMANCE,
    PROF_INTENT_STOCK
} ProfIntent;

/* Words that stand for a value. */
typedef enum { PV_NUM, PV_MIN, PV_MAX, PV_AUTO, PV_ALL, PV_NONE, PV_WORD } ProfValKind;

#define PROF_WORD 64

typedef struct {
    ProfKey key;
    int line;             /* line in the file (item number of an inline list) */
    ProfValKind kind;     /* PV_NUM: num; PV_WORD: word; otherwise the word itself is the value */
    int64_t num;          /* PV_NUM: the number (on/off: 1/0; thp: a ProfThp) */
    uint64_t mask;        /* cpu.online: the cpus */
    char word[PROF_WORD]; /* governor, mode name, cpuidle state names (blank-separated) */
} ProfSetting;

/* Transparent hugepage modes, in the kernel's order. */
typedef enum { PROF_THP_ALWAYS, PROF_THP_MADVISE, PROF_THP_NEVER, PROF_THP_COUNT } ProfThp;

#define PROF_NAME 48
#define PROF_DESC 160
#define PROF_FILE 256

typedef struct {
    char name[PROF_NAME];        /* "cruise" (the file's base name) or "<settings>" */
    char file[PROF_FILE];        /* where it came from (for messages) */
    char description[PROF_DESC]; /* [profile] description */
    ProfIntent intent;           /* [profile] intent */
    int n;                       /* settings, in file order; each key at most once */
    ProfSetting s[PK_COUNT];
} Profile;

/* Empty profile called name, read from file (both may be NULL). */
void profile_init(Profile *p, const char *name, const char *file);

/* Parse an inline settings list ("k=v,k=v") into p (name "<settings>" unless p has one).
 * Returns 0, -EINVAL (errors in d), or -ENOENT for an empty list. */
int profile_parse_inline(const char *list, Profile *p, Diag *d);

/* True when spec is an inline settings list rather than a profile name or path (has '='). */
bool profile_is_inline(const char *spec);

/* Set one key from its text value (as a file line would). 0, or -EINVAL with the reason in
 * d (at file:line), -ENOENT for an unknown key (warned). */
int profile_set(Profile *p, const char *key, const char *value, int line, Diag *d);

/* The setting for k, or NULL. */
const ProfSetting *profile_find(const Profile *p, ProfKey k);

/* Stable name of a key ("cpu.max_khz"); "?" when out of range. */
const char *profile_key_name(ProfKey k);

/* The profile family (the folder of config/profiles) of a board: "orin-nano-super",
 * "orin-nano", "orin-nx-super", "orin-nx", "agx-orin", "xavier-nx", "nano"; "" when the
 * identity matches none. The nvpmodel tables differ between the Super and the older device
 * trees, hence their own families. */
const char *profile_family(const Identity *id);

/* Kernel word of a THP mode ("madvise"); NULL when out of range. */
const char *profile_thp_name(ProfThp t);

/* A setting's value as a profile file would spell it, into out. Returns out. */
const char *profile_format_value(const ProfSetting *s, char *out, size_t outsz);

/* The whole profile as an inline list ("k=v,k=v") into out. Length, or -ERANGE. */
int profile_format_inline(const Profile *p, char *out, size_t outsz);

#endif
