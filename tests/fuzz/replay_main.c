/* SPDX-License-Identifier: MIT */
/* Seed replay for the libFuzzer targets, built with the project's compiler: runs
 * LLVMFuzzerTestOneInput once on every file named (a directory: on each file in it, in name
 * order), so the seeds are checked where clang's libFuzzer is not installed. A target reports
 * a failure by aborting, as under libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: read error\n", path);
        return -1;
    }
    uint8_t *copy = malloc(n ? n : 1); /* exactly n bytes, so ASan sees an overread */
    if (!copy) {
        return -1;
    }
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    return 0;
}

static int run_dir(const char *dir, int *count) {
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    if (n < 0) {
        perror(dir);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, list[i]->d_name);
        if (list[i]->d_name[0] != '.' && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            rc |= run_file(p);
            ++*count;
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

int main(int argc, char **argv) {
    int count = 0, rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc |= run_dir(argv[i], &count);
        } else {
            rc |= run_file(argv[i]);
            count++;
        }
    }
    printf("%d inputs replayed\n", count);
    return rc == 0 && count > 0 ? 0 : 1;
}
