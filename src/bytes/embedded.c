/* Lookup in the embedded file table (src/bytes/embedded.h). */
#include "bytes/embedded.h"

#include <string.h>

const sg_asset *sg_asset_find(const char *path)
{
    for (const sg_asset *a = sg_assets; a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}
