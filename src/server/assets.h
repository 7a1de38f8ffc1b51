#ifndef SG_SERVER_ASSETS_H
#define SG_SERVER_ASSETS_H
#include <stddef.h>

/* Web assets compiled into the binary by cmake/embed.cmake. The table ends with a
 * {NULL,...} entry. Everything is static, read-only data: nothing to free. */
typedef struct sg_asset {
    const char *path;           /* "/index.html" */
    const unsigned char *data;  /* NUL-terminated for convenience; len excludes it */
    size_t len;
    const char *mime;
} sg_asset;

extern const sg_asset sg_assets[];

#endif
