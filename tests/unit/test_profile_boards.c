/* SPDX-License-Identifier: MIT */
/* profile_boards: every shipped profile parses cleanly for its family and resolves on its
 * simulated board with nothing skipped; "stock" is exactly what a fresh board runs; cruise
 * and burst change it (burst's fan PWM with a note where nvfancontrol would set it again);
 * names are found by family; every board has a family of profiles. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/app/profiles.h"
#include "jtune/platform/fileio.h"
#include "simtest.h"

/* The simulated board of each profile family. */
static const struct {
    const char *family;
    const char *board;
    bool nvfancontrol; /* its fan starts under nvfancontrol (JetPack 5/6) */
} families[] = {
    {"orin-nano-super", "orin-nano-super", true},
    {"orin-nano", "orin-nano", true},
    {"orin-nx-super", "orin-nx-16gb", true},
    {"agx-orin", "agx-orin", true},
    {"xavier-nx", "xavier-nx", true},
    {"nano", "nano", false},
};
#define N_FAMILIES (sizeof families / sizeof families[0])

typedef struct {
    char root[PATH_MAX];
    char xdg[PATH_MAX];
    ProfSession *ps;
    Profile prof;
    ProfPlan plan;
} Fx;

static int setup(void **state) {
    Fx *f = calloc(1, sizeof *f);
    Fixture x;
    if (!f || fixture_mkroot(&x) < 0) {
        free(f);
        return -1;
    }
    /* no user profiles may shadow the shipped ones */
    snprintf(f->xdg, sizeof f->xdg, "%s", x.root);
    setenv("XDG_CONFIG_HOME", f->xdg, 1);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fx *f = *state;
    profiles_close(f->ps);
    if (f->root[0]) {
        rm_rf(f->root);
    }
    rm_rf(f->xdg);
    free(f);
    return 0;
}

static void print_diag(const Diag *d) {
    for (int i = 0; i < d->n; i++) {
        print_message("  %s\n", d->msg[i]);
    }
}

static void open_board(Fx *f, const char *board) {
    profiles_close(f->ps);
    f->ps = NULL;
    if (f->root[0]) {
        rm_rf(f->root);
    }
    assert_int_equal(simtest_build(board, 1, 0, f->root, sizeof f->root), 0);
    assert_int_equal(profiles_open(&f->ps, f->root, NULL), 0);
}

/* Load a profile by name and resolve it: nothing skipped and no message but the fan step
 * skipped because nvfancontrol drives the fan (a fact of the board's state, not of the
 * profile: a manual PWM would not hold). Returns the count of those notes. */
static int load_clean(Fx *f, const char *name) {
    Diag d = {0};
    int rc = profiles_load(f->ps, name, &f->prof, &d);
    if (rc == 0) {
        rc = profiles_plan(f->ps, &f->prof, &f->plan, &d);
    }
    int notes = 0;
    for (int i = 0; i < d.n; i++) {
        notes += strstr(d.msg[i], ": warning: fan.pwm: nvfancontrol drives the fan: stop it "
                                  "with `sudo systemctl stop nvfancontrol` to set PWM by hand: "
                                  "skipped") != NULL;
    }
    if (rc != 0 || d.n != notes || f->plan.n_skipped != notes) {
        print_diag(&d);
        fail_msg("%s/%s: rc %d, %d messages, %d skipped", profiles_family(f->ps), name, rc, d.n,
                 f->plan.n_skipped);
    }
    assert_string_equal(f->prof.name, name);
    char want[PATH_MAX];
    snprintf(want, sizeof want, "%s/config/profiles/%s/%s.ini", test_source_dir(),
             profiles_family(f->ps), name);
    assert_string_equal(f->prof.file, want);
    return notes;
}

static void test_every_family_on_its_board(void **state) {
    Fx *f = *state;
    for (size_t i = 0; i < N_FAMILIES; i++) {
        print_message("%s on %s\n", families[i].family, families[i].board);
        open_board(f, families[i].board);
        assert_string_equal(profiles_family(f->ps), families[i].family);

        assert_int_equal(load_clean(f, "stock"), 0);
        assert_int_equal(f->prof.intent, PROF_INTENT_STOCK);
        if (!profplan_matches(&f->plan)) {
            profiles_preview(stderr, &f->prof, &f->plan);
            fail_msg("%s: stock is not what a fresh board runs", families[i].family);
        }
        assert_int_equal(load_clean(f, "cruise"), 0);
        assert_int_equal(f->prof.intent, PROF_INTENT_LOW_POWER);
        assert_true(f->plan.n_changes >= 5);
        /* burst's fan at max: a note where nvfancontrol drives the fan */
        assert_int_equal(load_clean(f, "burst"), families[i].nvfancontrol ? 1 : 0);
        assert_int_equal(f->prof.intent, PROF_INTENT_PERFORMANCE);
        assert_true(f->plan.n_changes >= 5);

        char names[PROFILES_MAX][PROF_NAME];
        int n = profiles_list(f->ps, names, PROFILES_MAX);
        assert_int_equal(n, 3);
        assert_string_equal(names[0], "burst");
        assert_string_equal(names[1], "cruise");
        assert_string_equal(names[2], "stock");
    }
}

/* Every folder of config/profiles is a family some board resolves to, and each holds the
 * three profiles. */
static void test_no_orphan_families(void **state) {
    (void)state;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/config/profiles", test_source_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int seen = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        bool known = false;
        for (size_t i = 0; i < N_FAMILIES; i++) {
            known |= strcmp(families[i].family, de->d_name) == 0;
        }
        if (!known) {
            closedir(d);
            fail_msg("config/profiles/%s matches no simulated board", de->d_name);
        }
        seen++;
    }
    closedir(d);
    assert_int_equal(seen, (int)N_FAMILIES);
    char boards[16][32];
    int nb = simtest_boards(boards, 16);
    for (int b = 0; b < nb; b++) {
        /* AGX Thor (family agx-thor) ships no files: its profiles are derived */
        bool covered = strcmp(boards[b], "thor") == 0;
        for (size_t i = 0; i < N_FAMILIES; i++) {
            covered |= strcmp(families[i].board, boards[b]) == 0;
        }
        if (!covered) {
            fail_msg("board %s has no profile family", boards[b]);
        }
    }
}

static void test_lookup_order_and_errors(void **state) {
    Fx *f = *state;
    open_board(f, "orin-nano-super");
    /* a user profile of the same name wins over the shipped one */
    char dir[PATH_MAX + 64], path[PATH_MAX + 96];
    snprintf(dir, sizeof dir, "%s/jtune/profiles/orin-nano-super", f->xdg);
    assert_int_equal(fileio_mkdirs(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/cruise.ini", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("[settings]\ncpu.governor = schedutil\n", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/jtune/profiles/quiet-night.ini", f->xdg);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("[settings]\nfan.pwm = 0\n", fp);
    fclose(fp);
    Diag d = {0};
    assert_int_equal(profiles_load(f->ps, "cruise", &f->prof, &d), 0);
    assert_int_equal(f->prof.n, 1);
    assert_int_equal(profiles_load(f->ps, "quiet-night", &f->prof, &d), 0);
    char names[PROFILES_MAX][PROF_NAME];
    assert_int_equal(profiles_list(f->ps, names, PROFILES_MAX), 4);
    assert_string_equal(names[2], "quiet-night");
    /* a path, an inline list, a missing name, a bad name */
    snprintf(path, sizeof path, "%s/config/profiles/nano/burst.ini", test_source_dir());
    assert_int_equal(profiles_load(f->ps, path, &f->prof, &d), 0);
    assert_string_equal(f->prof.name, "burst");
    assert_int_equal(profiles_load(f->ps, "cpu.max_khz=1190400,thp=never", &f->prof, &d), 0);
    assert_int_equal(f->prof.n, 2);
    memset(&d, 0, sizeof d);
    assert_int_equal(profiles_load(f->ps, "turbo", &f->prof, &d), -ENOENT);
    assert_non_null(strstr(d.msg[0], "no such profile for this board (orin-nano-super)"));
    assert_int_equal(profiles_load(f->ps, "../etc/passwd", &f->prof, &d), -ENOENT);
    assert_int_equal(profiles_load(f->ps, "x y", &f->prof, &d), -EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_family_on_its_board, setup, teardown),
        cmocka_unit_test(test_no_orphan_families),
        cmocka_unit_test_setup_teardown(test_lookup_order_and_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
