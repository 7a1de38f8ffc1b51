/* GPX/TCX decode throughput: decodes each file 20 times, prints ms and MB/s per decode.
 * Build and run: see docs/performance.md, "GPX and TCX decode". */
#include <stdio.h>
#include <time.h>
#include "strideguard/formats.h"
#include "bytes/file.h"
int main(int argc, char **argv);
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    unsigned char *d; size_t len; sg_err e;
    if (sg_file_read(NULL, argv[i], 0, &d, &len, &e)) return 1;
    int reps = 20; struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < reps; r++) {
      if (sg_format_detect(d, len, NULL) == SG_FMT_GPX) { sg_activity *a; sg_gpx_decode(d, len, NULL, &a, &e); sg_activity_free(a); }
      else { sg_activity **as; size_t n; sg_tcx_decode(d, len, NULL, &as, &n, &e); for (size_t k = 0; k < n; k++) sg_activity_free(as[k]); sg_free(NULL, as); }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9) / reps;
    printf("%s: %zu bytes, %.2f ms, %.0f MB/s\n", argv[i], len, s * 1e3, len / s / 1e6);
    sg_free(NULL, d);
  }
}
