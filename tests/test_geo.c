/* Haversine distances against published worked examples. */
#include "support/sg_test.h"

#include "strideguard/geo.h"

static void test_published(void **state)
{
    (void)state;
    /* Rosetta Code "Haversine formula": Nashville BNA (36.12, -86.67) to
     * Los Angeles LAX (33.94, -118.40) with R = 6372.8 km gives
     * 2887.2599506071106 km. */
    assert_near(sg_geo_haversine_r(36.12, -86.67, 33.94, -118.40, 6372800.0), 2887259.9506071106,
                1e-6);
    /* Movable Type "Calculate distance, bearing and more between
     * Latitude/Longitude points" (C. Veness): Land's End 50 03 59 N 005 42 53 W
     * to John o' Groats 58 38 38 N 003 04 12 W, R = 6371 km: 968.9 km. */
    double d = sg_geo_haversine_r(50 + 3 / 60.0 + 59 / 3600.0, -(5 + 42 / 60.0 + 53 / 3600.0),
                                  58 + 38 / 60.0 + 38 / 3600.0, -(3 + 4 / 60.0 + 12 / 3600.0),
                                  6371000.0);
    assert_near(d, 968900, 50);
    /* one degree of latitude on the mean sphere: 2 pi R / 360 */
    assert_near(sg_geo_haversine_m(0, 0, 1, 0), 2 * 3.14159265358979323846 * 6371008.8 / 360, 1e-6);
    assert_close(sg_geo_haversine_m(45, 14, 45, 14), 0, 0);
    /* antipodes: no NaN from rounding */
    assert_near(sg_geo_haversine_m(0, 0, 0, 180), 3.14159265358979323846 * 6371008.8, 1e-6);
    assert_true(isnan(sg_geo_haversine_m(NAN, 0, 0, 0)));
}

static void test_path(void **state)
{
    (void)state;
    double lat[] = {0, 0, NAN, 0, 0};
    double lon[] = {0, 1, 5, 2, 3};
    double seg[] = {0, 0, 0, 1, 1};
    double deg = sg_geo_haversine_m(0, 0, 0, 1);
    /* the NaN point is skipped and the path joins the next valid one */
    assert_near(sg_geo_path_m(lat, lon, NULL, 5), 3 * deg, 1e-6);
    /* no distance across a segment break */
    assert_near(sg_geo_path_m(lat, lon, seg, 5), 2 * deg, 1e-6);
    assert_close(sg_geo_path_m(NULL, lon, NULL, 5), 0, 0);
    assert_close(sg_geo_path_m(lat, lon, NULL, 0), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
