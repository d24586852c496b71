/* SPDX-License-Identifier: MIT */
/* jtune: argv -> app; nothing else. */
#include "jtune/app/app.h"

int main(int argc, char **argv) {
    return app_main(argc, argv);
}
