/* Haversine distances (include/strideguard/geo.h).
 *
 * The haversine form a = sin^2(dphi/2) + cos phi1 cos phi2 sin^2(dlambda/2),
 * d = 2 R asin(sqrt(a)) is well conditioned for the short steps of a GPS
 * track (the law of cosines loses precision below ~1 m in doubles). a is
 * clamped to 1 so antipodal rounding never yields asin(>1) = NaN. */
#include "strideguard/geo.h"

#include <math.h>

#define DEG2RAD (3.14159265358979323846 / 180.0)

double sg_geo_haversine_r(double lat1, double lon1, double lat2, double lon2, double r_m)
{
    double p1 = lat1 * DEG2RAD, p2 = lat2 * DEG2RAD;
    double sdp = sin((p2 - p1) / 2), sdl = sin((lon2 - lon1) * DEG2RAD / 2);
    double a = sdp * sdp + cos(p1) * cos(p2) * sdl * sdl;
    if (a > 1)
        a = 1;
    return 2 * r_m * asin(sqrt(a));
}

double sg_geo_haversine_m(double lat1, double lon1, double lat2, double lon2)
{
    return sg_geo_haversine_r(lat1, lon1, lat2, lon2, SG_GEO_EARTH_RADIUS_M);
}

double sg_geo_path_m(const double *lat, const double *lon, const double *segment, size_t n)
{
    if (!lat || !lon)
        return 0;
    double total = 0;
    size_t prev = n; /* index of the last valid point; n = none yet */
    for (size_t i = 0; i < n; i++) {
        if (isnan(lat[i]) || isnan(lon[i]))
            continue;
        if (prev < n && !(segment && segment[prev] != segment[i]))
            total += sg_geo_haversine_m(lat[prev], lon[prev], lat[i], lon[i]);
        prev = i;
    }
    return total;
}
