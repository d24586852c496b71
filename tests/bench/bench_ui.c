/* SPDX-License-Identifier: MIT */
/* bench_ui: cost of one UI frame, off-screen - terminal bytes and CPU time per frame of the
 * overview and of each page, at 80x24, 120x40, 200x60 and 300x80, with a synthetic Orin Nano
 * whose values change every sample (as at 1 Hz), painted whole (every cell, as a full
 * redraw) and partially (only the widgets that changed; the UI's way). curses writes to a temporary
 * file, so the bytes are exactly what a terminal would receive. Prints figures; asserts nothing.
 *
 *   bench_ui [FRAMES [full|partial]]   (default 300 frames per case, the first 20 not
 *                                       counted; both ways of painting)
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jtune/ui/panels.h"
#include "jtune/ui/screen.h"
#include "ui_synth.h"

#define WARMUP 20

static double cpu_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef struct {
    double bytes, us, max_bytes;
} Cost;

/* Run frames of one page at one size; mean bytes and CPU per steady-state frame. */
static Cost run(FILE *out, const Inventory *inv, UiState *st, const ScreenCtx *ctx, UiModel *m,
                int cols, int rows, int frames, bool utf8) {
    resize_term(rows, cols);
    clearok(curscr, TRUE);
    screen_invalidate(st);
    Cost c = {0, 0, 0};
    for (int i = 0; i < frames; i++) {
        Sample s;
        uisynth_sample(inv, m->n_samples, 1000, &s);
        fflush(out);
        long before = ftell(out);
        double t0 = cpu_us();
        uimodel_update(m, &s);
        m->utf8 = utf8;
        screen_draw(ctx, st, cols, rows, NULL);
        wnoutrefresh(stdscr);
        doupdate();
        double t1 = cpu_us();
        fflush(out);
        double b = (double)(ftell(out) - before);
        if (i >= WARMUP) {
            c.bytes += b;
            c.us += t1 - t0;
            c.max_bytes = b > c.max_bytes ? b : c.max_bytes;
        }
    }
    c.bytes /= frames - WARMUP;
    c.us /= frames - WARMUP;
    return c;
}

int main(int argc, char **argv) {
    int frames = 300;
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*end || v < WARMUP + 10 || v > 100000) {
            fprintf(stderr, "usage: bench_ui [FRAMES >= %d]\n", WARMUP + 10);
            return 2;
        }
        frames = (int)v;
    }
    int only = -1; /* both ways of painting */
    if (argc > 2) {
        only = strcmp(argv[2], "partial") == 0 ? 1 : strcmp(argv[2], "full") == 0 ? 0 : -2;
        if (only == -2) {
            fprintf(stderr, "usage: bench_ui [FRAMES [full|partial]]\n");
            return 2;
        }
    }
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        setlocale(LC_ALL, "C.utf8");
    }
    FILE *out = tmpfile(), *in = fopen("/dev/null", "r");
    SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
    if (!scr) {
        fprintf(stderr, "bench_ui: cannot start curses on xterm-256color\n");
        return 1;
    }
    set_term(scr);
    start_color();
    use_default_colors();
    static Inventory inv;
    uisynth_inventory(&inv);
    UiModel m;
    uimodel_init(&m, &inv, 600, 1000);
    Theme t;
    theme_default(&t);
    Palette pal;
    palette_init(&pal, &t, true);
    Keymap km;
    keymap_defaults(&km);
    UiActions acts = {0};
    UiState st = {.n_panels = PANEL_COUNT};
    for (int i = 0; i < PANEL_COUNT; i++) {
        st.panels[i] = (PanelId)i;
    }
    static const int sizes[][2] = {{80, 24}, {120, 40}, {200, 60}, {300, 80}};
    printf("UI frame cost, synthetic Orin Nano, values changing every frame (%d frames)\n",
           frames - WARMUP);
    printf("%-10s %-9s %-8s %-8s %12s %12s %12s\n", "page", "size", "glyphs", "paint",
           "bytes/frame", "max bytes", "cpu us/frame");
    for (int page = 0; page <= PANEL_COUNT; page++) {
        st.page = page;
        const char *name = page == 0 ? "overview" : panel_get(st.panels[page - 1])->tab;
        for (int z = 0; z < 4; z++) {
            for (int u = 1; u >= 0; u--) {
                if (page != 0 && (z != 1 || u == 0)) {
                    continue; /* pages: 120x40 Unicode only */
                }
                for (int partial = 0; partial < 2; partial++) {
                    if (only >= 0 && partial != only) {
                        continue;
                    }
                    ScreenCtx ctx = {.win = stdscr,
                                     .pal = &pal,
                                     .glyphs = glyphs_get(u),
                                     .model = &m,
                                     .actions = &acts,
                                     .keymap = &km};
                    st.partial = partial;
                    Cost c = run(out, &inv, &st, &ctx, &m, sizes[z][0], sizes[z][1], frames, u);
                    char size[16];
                    snprintf(size, sizeof size, "%dx%d", sizes[z][0], sizes[z][1]);
                    printf("%-10s %-9s %-8s %-8s %12.0f %12.0f %12.1f\n", name, size,
                           u ? "unicode" : "ascii", partial ? "partial" : "full", c.bytes,
                           c.max_bytes, c.us);
                }
            }
        }
    }
    printf("At 1 Hz, bytes/frame is bytes/s; a 115200-baud serial line carries about "
           "11520 bytes/s.\n");
    uimodel_free(&m);
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return 0;
}
