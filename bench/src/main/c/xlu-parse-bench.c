/*
 * libxlu's side of bench/config-parse-bench: parse one xl.cfg file's text with Xen's own parser
 * (libxlutil, xlu_cfg_readdata) N times and print the mean time per parse in microseconds.
 *   usage: xlu-parse-bench FILE SECONDS
 */
#include <libxlutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE SECONDS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    double seconds = atof(argv[2]);
    long parses = 0;
    double start = now(), end = start + seconds, t;
    while ((t = now()) < end) {
        for (int i = 0; i < 1000; i++) {
            XLU_Config *c = xlu_cfg_init(stderr, argv[1]);
            if (xlu_cfg_readdata(c, text, (int)n)) {
                fprintf(stderr, "%s: libxlu could not parse it\n", argv[1]);
                return 1;
            }
            xlu_cfg_destroy(c);
        }
        parses += 1000;
    }
    printf("libxlu xlu_cfg_readdata: %.2f us per parse (%ld parses in %.1f s)\n", (t - start) * 1e6 / parses, parses, t - start);
    return 0;
}
