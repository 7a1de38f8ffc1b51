#ifndef SG_BYTES_SHA256_H
#define SG_BYTES_SHA256_H
/* SHA-256 (FIPS 180-4), used as the content hash of imported files so the same
 * bytes are recognised however they arrived (.fit, .fit.gz, inside a zip).
 * Incremental: init, update any number of times, final. A thin wrapper over
 * libsodium's crypto_hash_sha256 (hashing by a library, issue #14). No
 * allocation, no global state of ours; a context is a plain value. */

#include <stddef.h>
#include <stdint.h>

#include <sodium/crypto_hash_sha256.h>

#define SG_SHA256_LEN 32
#define SG_SHA256_HEX_LEN 64

typedef struct sg_sha256 {
    crypto_hash_sha256_state s;
} sg_sha256;

void sg_sha256_init(sg_sha256 *c);
void sg_sha256_update(sg_sha256 *c, const void *data, size_t len);
void sg_sha256_final(sg_sha256 *c, uint8_t out[SG_SHA256_LEN]);

/* One-shot: writes 64 lower-case hex digits and a NUL into hex[65]. */
void sg_sha256_hex(const void *data, size_t len, char hex[SG_SHA256_HEX_LEN + 1]);

#endif
