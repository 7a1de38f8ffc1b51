/* Course profile (src/app/course_view.h). */
#include "app/course_view.h"

#include <math.h>
#include <stdlib.h>

#include "app/course.h"
#include "model/jsonw.h"
#include "strideguard/geo.h"

int sg_app_course_profile_json(sg_store *st, size_t max_points, char **json, sg_err *err)
{
    *json = NULL;
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
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    for (int col = 0; col < 2; col++) {
        sg_jw_key(&w, col ? "altitude_m" : "distance_m");
        sg_jw_arr_begin(&w);
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
            sg_jw_numf(&w, c ? s / (double)c : NAN, 1);
        }
        sg_jw_arr_end(&w);
    }
    sg_jw_obj_end(&w);
    *json = sg_jw_take_buf(&w, NULL);
    if (!*json)
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
out:
    free(dist);
    sg_activity_free(act);
    return rc;
}
