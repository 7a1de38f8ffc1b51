#ifndef SG_BYTES_SHA256_H
#define SG_BYTES_SHA256_H
/* SHA-256 (FIPS 180-4), used as the content hash of imported files so the same
 * bytes are recognised however they arrived (.fit, .fit.gz, inside a zip).
 * Incremental: init, update any number of times, final. No allocation, no
 * global state; a context is a plain value. */

#include <stddef.h>
#include <stdint.h>

#define SG_SHA256_LEN 32
#define SG_SHA256_HEX_LEN 64

typedef struct sg_sha256 {
    uint32_t h[8];
    uint64_t total;          /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;             /* bytes waiting in block */
} sg_sha256;

void sg_sha256_init(sg_sha256 *c);
void sg_sha256_update(sg_sha256 *c, const void *data, size_t len);
void sg_sha256_final(sg_sha256 *c, uint8_t out[SG_SHA256_LEN]);

/* One-shot: writes 64 lower-case hex digits and a NUL into hex[65]. */
void sg_sha256_hex(const void *data, size_t len, char hex[SG_SHA256_HEX_LEN + 1]);

#endif
