#ifndef SG_BYTES_EMBEDDED_H
#define SG_BYTES_EMBEDDED_H
#include <stddef.h>

/* Files compiled into the binary by cmake/embed.cmake: the dashboard (web/src
 * under "/", npm vendor files under "/vendor/") and the project's data files
 * (data/ under "/data/", e.g. "/data/prehab.json"). The table ends with a
 * {NULL,...} entry. Everything is static, read-only data: nothing to free. */
typedef struct sg_asset {
    const char *path;           /* "/index.html" */
    const unsigned char *data;  /* NUL-terminated for convenience; len excludes it */
    size_t len;
    const char *mime;
} sg_asset;

extern const sg_asset sg_assets[];

/* The embedded file at path ("/data/prehab.json"), or NULL. */
const sg_asset *sg_asset_find(const char *path);

#endif
