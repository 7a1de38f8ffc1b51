#ifndef STRIDEGUARD_GEO_H
#define STRIDEGUARD_GEO_H
/* Great-circle distances on a spherical Earth (haversine formula).
 *
 * One radius for the whole program: SG_GEO_EARTH_RADIUS_M, the IUGG mean
 * radius R1 = (2a + b) / 3 of the WGS-84 ellipsoid (docs/science.md,
 * "Geodesy"). The spherical model is off by up to ~0.5 % against the
 * ellipsoid, far below GPS noise at running speed. Pure functions, no
 * allocation, thread-safe. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SG_GEO_EARTH_RADIUS_M 6371008.8

/* Distance in metres between two points given in degrees, on a sphere of
 * radius SG_GEO_EARTH_RADIUS_M. NaN when any input is NaN. */
double sg_geo_haversine_m(double lat1, double lon1, double lat2, double lon2);

/* The same on a sphere of radius r_m (for reproducing published examples
 * that use another radius). */
double sg_geo_haversine_r(double lat1, double lon1, double lat2, double lon2, double r_m);

/* Length in metres of a polyline of n points (degrees), summing the
 * haversine distance between consecutive points that both have a position
 * (points with NaN lat or lon are skipped, the path joins the next valid
 * point). When `segment` is not NULL it holds a segment number per point
 * and no distance is counted between points of different segments
 * (recording breaks, e.g. GPX <trkseg>). lat/lon may be NULL (-> 0). */
double sg_geo_path_m(const double *lat, const double *lon, const double *segment, size_t n);

#ifdef __cplusplus
}
#endif
#endif
