/* SHA-256 by libsodium (crypto_hash_sha256, FIPS 180-4), behind the
 * sg_sha256_* API the rest of the project calls. Tested against the FIPS
 * examples and NIST's long message (tests/test_store_sha256.c). */
#include "bytes/sha256.h"

#include <sodium/core.h>

void sg_sha256_init(sg_sha256 *c)
{
    /* sodium_init is idempotent and thread-safe; it only picks the fastest
     * implementations for this CPU. SHA-256 works without it, so a failure
     * (-1) changes nothing here and needs no state of ours. */
    if (sodium_init() < 0) {
        /* nothing to do: crypto_hash_sha256 needs no initialisation */
    }
    crypto_hash_sha256_init(&c->s);
}

void sg_sha256_update(sg_sha256 *c, const void *data, size_t len)
{
    if (len)
        crypto_hash_sha256_update(&c->s, (const unsigned char *)data, (unsigned long long)len);
}

void sg_sha256_final(sg_sha256 *c, uint8_t out[SG_SHA256_LEN])
{
    crypto_hash_sha256_final(&c->s, out);
}

void sg_sha256_hex(const void *data, size_t len, char hex[SG_SHA256_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    sg_sha256 c;
    uint8_t d[SG_SHA256_LEN];
    sg_sha256_init(&c);
    sg_sha256_update(&c, data, len);
    sg_sha256_final(&c, d);
    for (int i = 0; i < SG_SHA256_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[SG_SHA256_HEX_LEN] = '\0';
}
