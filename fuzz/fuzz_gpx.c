/* Fuzzes the GPX reader (and format detection) with arbitrary bytes: no
 * crash, no leak, and a success always carries at least one sample.
 */
// SEEDS: gpxpy/*.gpx goldencheetah/*.gpx
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "strideguard/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)sg_format_detect(data, size, "fuzz.gpx");
    sg_activity *a = NULL;
    sg_err e;
    int rc = sg_gpx_decode(data, size, NULL, &a, &e);
    if (rc == SG_OK && (!a || a->n == 0))
        abort();
    if (rc != SG_OK && a)
        abort();
    sg_activity_free(a);
    return 0;
}
