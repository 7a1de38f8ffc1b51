/* Fuzzes the prehab library loader (sg_prehab_lib_parse): no crash, no leak;
 * a failure leaves nothing allocated and a success has valid dosages and a
 * findable id for every exercise.
 * No SEEDS: the library lives in this repository (data/prehab.json), not
 * under ../shared/data; `-dict` or a copy of it as a seed helps locally. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "strideguard/prehab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_prehab_lib *lib = NULL;
    sg_err err;
    int rc = sg_prehab_lib_parse((const char *)data, size, NULL, &lib, &err);
    if (rc != SG_OK) {
        if (lib)
            abort();
        return 0;
    }
    for (size_t i = 0; i < lib->n; i++) {
        const sg_exercise *e = &lib->ex[i];
        if (sg_prehab_lib_find(lib, e->id) != e || e->sets < 1 || e->taper_sets < 1 ||
            e->taper_sets > e->sets || e->n_contraindications == 0)
            abort();
    }
    sg_prehab_lib_free(lib);
    return 0;
}
