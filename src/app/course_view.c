/* Course profile (src/app/course_view.h). */
#include "app/course_view.h"

#include <math.h>
#include <stdlib.h>

#include "app/course.h"
#include "strideguard/geo.h"

void sg_app_course_profile_free(sg_app_course_profile *p)
{
    free(p->distance_m);
    free(p->altitude_m);
    p->distance_m = p->altitude_m = NULL;
    p->n = 0;
}

int sg_app_course_profile_of(sg_store *st, size_t max_points, sg_app_course_profile *out,
                             sg_err *err)
{
    out->distance_m = out->altitude_m = NULL;
    out->n = 0;
    sg_activity *act = NULL;
    double *dist = NULL;
    int rc = sg_app_course_get(st, NULL, &act, NULL, err);
    if (rc)
        goto out;
    size_t n = act->n;
    if (n < 2 || !max_points) {
        rc = sg_err_set(err, SG_ENODATA, -1, "the course has fewer than two points");
        goto out;
    }
    dist = malloc(n * sizeof *dist);
    if (!dist) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    const double *d = act->ch[SG_CH_DISTANCE], *lat = act->ch[SG_CH_LAT], *lon = act->ch[SG_CH_LON];
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        if (d && !isnan(d[i])) {
            dist[i] = d[i];
            continue;
        }
        if (i && lat && lon && !isnan(lat[i]) && !isnan(lat[i - 1]))
            acc += sg_geo_haversine_m(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        dist[i] = acc;
    }
    const double *alt = act->ch[SG_CH_ALTITUDE];
    size_t np = n < max_points ? n : max_points;
    out->distance_m = malloc(np * sizeof *out->distance_m);
    out->altitude_m = malloc(np * sizeof *out->altitude_m);
    if (!out->distance_m || !out->altitude_m) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        sg_app_course_profile_free(out);
        goto out;
    }
    out->n = np;
    for (int col = 0; col < 2; col++) {
        double *dst = col ? out->altitude_m : out->distance_m;
        for (size_t b = 0; b < np; b++) {
            size_t lo = b * n / np, hi = (b + 1) * n / np;
            double s = 0;
            size_t c = 0;
            for (size_t k = lo; k < hi; k++) {
                double v = col ? (alt ? alt[k] : NAN) : dist[k];
                if (!isnan(v)) {
                    s += v;
                    c++;
                }
            }
            dst[b] = c ? s / (double)c : NAN;
        }
    }
out:
    free(dist);
    sg_activity_free(act);
    return rc;
}
