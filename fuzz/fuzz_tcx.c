/* Fuzzes the TCX reader with arbitrary bytes: no crash, no leak, and a
 * success always returns at least one activity.
 */
// SEEDS: python-tcxparser/*.tcx goldencheetah/*.tcx
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "strideguard/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_activity **acts = NULL;
    size_t n = 0;
    sg_err e;
    int rc = sg_tcx_decode(data, size, NULL, &acts, &n, &e);
    if (rc == SG_OK && (!acts || n == 0))
        abort();
    if (rc != SG_OK && (acts || n))
        abort();
    for (size_t i = 0; i < n; i++)
        sg_activity_free(acts[i]);
    sg_free(NULL, acts);
    return 0;
}
