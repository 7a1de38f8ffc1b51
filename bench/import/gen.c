/* Writes N generated one-hour runs (1 Hz: time, position, distance, speed,
 * altitude, heart rate, cadence, power) into DIR, for the import benchmark
 * and the kill test. Files are FIT when the library has the FIT encoder
 * (built with -DSG_HAVE_FIT_ENCODE), else strideguard sample blobs (.sgab),
 * which `import` also reads.
 *
 * usage: gen DIR N [SECONDS] [FIRST_INDEX]
 * Deterministic: run i always gets the same bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes/file.h"
#include "strideguard/activity.h"
#include "strideguard/store.h"
#ifdef SG_HAVE_FIT_ENCODE
#include "strideguard/fit.h"
#endif

static double lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static sg_activity *make_run(int idx, int secs)
{
    unsigned long long seed = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)idx * 2654435761ULL;
    sg_activity *a = sg_activity_new(NULL);
    if (!a)
        return NULL;
    double t0 = 1577865600.0 + idx * 86400.0 + 6 * 3600 + floor(lcg(&seed) * 3600);
    double lat = 46.0 + lcg(&seed) * 0.5, lon = 7.0 + lcg(&seed) * 0.5;
    double dist = 0, heading = lcg(&seed) * 6.283, alt = 400 + lcg(&seed) * 300;
    double pace = 2.6 + lcg(&seed) * 1.2;
    sg_err err;
    for (int i = 0; i < secs; i++) {
        size_t k;
        double v = pace + 0.3 * sin(i / 97.0) + 0.1 * (lcg(&seed) - 0.5);
        heading += 0.02 * (lcg(&seed) - 0.5);
        dist += v;
        lat += v * cos(heading) / 111320.0;
        lon += v * sin(heading) / (111320.0 * cos(lat * M_PI / 180));
        alt += 0.4 * sin(i / 300.0) + 0.05 * (lcg(&seed) - 0.5);
        if (sg_activity_append(a, &k, &err) ||
            sg_activity_set(a, SG_CH_TIME, k, t0 + i, &err) ||
            sg_activity_set(a, SG_CH_LAT, k, lat, &err) ||
            sg_activity_set(a, SG_CH_LON, k, lon, &err) ||
            sg_activity_set(a, SG_CH_DISTANCE, k, round(dist * 100) / 100, &err) ||
            sg_activity_set(a, SG_CH_SPEED, k, round(v * 1000) / 1000, &err) ||
            sg_activity_set(a, SG_CH_ALTITUDE, k, round(alt * 5) / 5, &err) ||
            sg_activity_set(a, SG_CH_HEART_RATE, k, round(120 + 40.0 * i / secs + 5 * lcg(&seed)), &err) ||
            sg_activity_set(a, SG_CH_CADENCE, k, round(165 + 10 * lcg(&seed)), &err) ||
            sg_activity_set(a, SG_CH_POWER, k, round(230 + 40 * lcg(&seed)), &err)) {
            sg_activity_free(a);
            return NULL;
        }
    }
    sg_session s;
    memset(&s, 0, sizeof s);
    sg_totals_init(&s.totals);
    s.totals.start_time = t0;
    s.totals.elapsed_s = secs;
    s.totals.timer_s = secs;
    s.totals.distance_m = round(dist * 100) / 100;
    s.sport = SG_SPORT_RUNNING;
    s.sub_sport = SG_SUB_ROAD;
    s.fit_sport = 1;
    s.fit_sub_sport = 0;
    a->sport = SG_SPORT_RUNNING;
    a->sub_sport = SG_SUB_ROAD;
    if (sg_activity_add_session(a, &s, &err) || sg_activity_add_lap(a, &s.totals, &err) ||
        sg_activity_set_string(a, &a->source_format, "fit", &err) ||
        sg_activity_set_string(a, &a->device.manufacturer, "garmin", &err) ||
        sg_activity_set_string(a, &a->device.product, "fr965", &err)) {
        sg_activity_free(a);
        return NULL;
    }
    a->device.manufacturer_id = 1;
    a->device.product_id = 4315;
    return a;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen DIR N [SECONDS] [FIRST_INDEX]\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = (int)strtol(argv[2], NULL, 10);
    int secs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3600;
    int first = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 0;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) /* mkdir -p */
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0755);
            *p = '/';
        }
    mkdir(tmp, 0755);
    for (int i = first; i < first + n; i++) {
        sg_activity *a = make_run(i, secs);
        unsigned char *buf = NULL;
        size_t len = 0;
        sg_err err;
        sg_err_clear(&err);
        char path[4096];
#ifdef SG_HAVE_FIT_ENCODE
        int rc = a ? sg_fit_encode(a, NULL, NULL, &buf, &len, &err) : SG_ENOMEM;
        snprintf(path, sizeof path, "%s/run%05d.fit", dir, i);
#else
        int rc = a ? sg_store_blob_encode(a, &buf, &len, &err) : SG_ENOMEM;
        snprintf(path, sizeof path, "%s/run%05d.sgab", dir, i);
#endif
        if (rc || sg_file_write_atomic(path, buf, len, &err)) {
            fprintf(stderr, "gen: %s: %s\n", path, err.msg);
            return 1;
        }
        free(buf);
        sg_activity_free(a);
    }
    return 0;
}
