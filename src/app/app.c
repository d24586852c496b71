/* app: command line dispatch. */
#include "jtune/app/app.h"

#include "jtune/buildinfo.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out) {
    fprintf(out, "Usage: jtune [OPTIONS]\n"
                 "  -h, --help       show this help\n"
                 "  -V, --version    show the version\n");
}

int app_main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
            printf("jtune %s\n", JTUNE_VERSION);
            return 0;
        }
        fprintf(stderr, "jtune: unknown option '%s' (try --help)\n", argv[i]);
        return 2;
    }
    usage(stderr);
    return 2;
}
