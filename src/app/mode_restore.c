/* mode_restore: not part of this build yet. */
#include "jtune/app/modes.h"

#include <stdio.h>

int mode_restore(const Options *o) {
    (void)o;
    fputs("jtune: this mode is not available in this build\n", stderr);
    return 1;
}
