/* Fuzzes the stored IMU blob: any bytes decode to a clean error or to a
 * recording of finite samples; and any bytes the IMU CSV reader accepts
 * survive encode -> decode within float32 precision, gaps and times exact.
 * (Seeds on the next line: a block comment cannot hold the glob.) */
// SEEDS: recurrent-grf-prediction/Sample_test_data.csv ipol-gait-dataset-1/*_lb.txt
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/imu_csv.h"
#include "strideguard/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_imu *r = NULL, *d = NULL;
    if (sg_store_imu_blob_decode(data, size, NULL, &d, NULL) == SG_OK) {
        for (size_t i = 0; i < d->n; i++)
            for (int k = 0; k < 3; k++)
                if (!isfinite(d->acc[k][i]) || (d->gyr[k] && !isfinite(d->gyr[k][i])))
                    abort();
        sg_imu_free(d);
        d = NULL;
    }
    sg_imu_csv_opts o = {0};
    if (sg_imu_csv_read(NULL, (const char *)data, size, &o, &r, NULL) != SG_OK)
        return 0;
    unsigned char *b = NULL;
    size_t n = 0;
    if (sg_store_imu_blob_encode(r, &b, &n, NULL) == SG_OK) {
        if (sg_store_imu_blob_decode(b, n, NULL, &d, NULL) != SG_OK)
            abort();
        if (d->n != r->n || d->fs != r->fs || d->t0 != r->t0 || d->n_gaps != r->n_gaps)
            abort();
        for (size_t i = 0; i < r->n; i++)
            for (int k = 0; k < 3; k++) {
                double a = r->acc[k][i];
                if (fabs(d->acc[k][i] - a) > 6e-8 * fabs(a) + 1e-37)
                    abort();
            }
        sg_imu_free(d);
        free(b);
    }
    sg_imu_free(r);
    return 0;
}
