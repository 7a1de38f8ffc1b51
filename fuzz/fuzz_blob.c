/* Fuzzes the store's sample blob (src/store/blob.c), the decoder a lying
 * header once turned into a multi-gigabyte allocation: any bytes decode to a
 * clean error or to an activity whose re-encoding decodes again to the same
 * number of samples. The decoder's own ceilings (payload size against stored
 * size, sample count against payload) keep each input's memory small; a
 * breach shows as libFuzzer's out-of-memory report (-rss_limit_mb). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "strideguard/activity.h"
#include "strideguard/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_activity *a = NULL, *b = NULL;
    if (sg_store_blob_decode(data, size, NULL, &a, NULL) != SG_OK)
        return 0;
    unsigned char *enc = NULL;
    size_t n = 0;
    if (sg_store_blob_encode(a, &enc, &n, NULL) == SG_OK) {
        if (sg_store_blob_decode(enc, n, NULL, &b, NULL) != SG_OK || b->n != a->n)
            abort();
        sg_activity_free(b);
        free(enc);
    }
    sg_activity_free(a);
    return 0;
}
