/* SPDX-License-Identifier: MIT */
/* infoview: the board information page (key B) - what `jtune --info` prints: board, module,
 * SoC, serial (redacted until "s"), L4T and JetPack, kernel, CUDA/cuDNN/TensorRT/VPI/OpenCV/
 * Vulkan versions, hostname, addresses, disk use of / and uptime. One "key: value" row per
 * line of sysinfo_format, scrolled with up/down.
 *
 * The key handler is a pure state machine; the caller reads the board (UiActions.info_read)
 * when the page opens and on "r".
 */
#ifndef JTUNE_UI_INFOVIEW_H
#define JTUNE_UI_INFOVIEW_H

#include "jtune/core/sysinfo.h"
#include "jtune/ui/draw.h"
#include "jtune/ui/keymap.h"

#include <stdbool.h>

#define INFOVIEW_TEXT 6144

typedef struct {
    SysInfo si;
    bool have;                /* si was read */
    bool keep_serial;         /* show the serial unredacted */
    bool opened;              /* opened once (the caller applies --keep-serial then) */
    int top;                  /* first line shown */
    int n_lines;              /* lines of the last draw */
    char status[160];         /* why the read failed ("" none) */
    char text[INFOVIEW_TEXT]; /* the formatted report, cut into lines while drawing */
} InfoView;

typedef enum {
    IV_NONE,   /* key not for the page */
    IV_MOVED,  /* scrolled, or the serial shown/hidden */
    IV_REREAD, /* read the board again */
    IV_CLOSE,
} InfoViewCmd;

/* Nothing read yet, serial redacted unless keep_serial. */
void infoview_init(InfoView *v, bool keep_serial);

/* up/down/k/j/pgup/pgdn/home/end scroll; s shows or hides the serial; r: IV_REREAD;
 * esc/q/B: IV_CLOSE. rows = lines visible. */
InfoViewCmd infoview_key(InfoView *v, KeyCode k, int rows);

/* Paint the page into c (every cell). Returns the lines visible. */
int infoview_draw(const Canvas *c, InfoView *v);

#endif
