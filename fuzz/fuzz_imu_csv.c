/* Fuzzes the IMU CSV reader: parse, unit check and resample any bytes; every
 * result is either a clean error or a recording whose samples are finite.
 * (Seeds on the next line: a block comment cannot hold the glob.) */
// SEEDS: recurrent-grf-prediction/Sample_test_data.csv ipol-gait-dataset-1/*_lb.txt
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/imu_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_imu *r = NULL;
    sg_err e;
    sg_imu_csv_opts o = {0};
    /* the first byte picks options, so the mapping paths are reached too */
    if (size > 0 && (data[0] & 1))
        o.columns = "t,ax,ay,az,gx,gy,gz";
    if (size > 0 && (data[0] & 2))
        o.rate_hz = 100;
    if (sg_imu_csv_read(NULL, (const char *)data, size, &o, &r, &e) == SG_OK) {
        for (size_t i = 0; i < r->n; i++)
            for (int k = 0; k < 3; k++)
                if (!isfinite(r->acc[k][i]) || (r->gyr[k] && !isfinite(r->gyr[k][i])))
                    abort();
        sg_imu_free(r);
    }
    return 0;
}
