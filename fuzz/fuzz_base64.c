/* Fuzzes the strict base64 decoder (src/bytes/base64.c), which reads the race
 * course kept in the store: any text decodes to a clean SG_EFORMAT or to bytes
 * whose encoding is exactly the input (one encoding per byte string), and any
 * bytes encode to text that decodes back to them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *b = NULL;
    size_t m = 0;
    char *s = NULL;
    size_t n = 0;
    if (sg_base64_decode((const char *)data, size, NULL, &b, &m, NULL) == SG_OK) {
        if (sg_base64_encode(b, m, NULL, &s, &n, NULL) != SG_OK || n != size ||
            memcmp(s, data, size) != 0)
            abort();
        sg_free(NULL, s);
        sg_free(NULL, b);
    }
    if (sg_base64_encode(data, size, NULL, &s, &n, NULL) != SG_OK)
        abort();
    if (sg_base64_decode(s, n, NULL, &b, &m, NULL) != SG_OK || m != size ||
        (size && memcmp(b, data, size) != 0))
        abort();
    sg_free(NULL, s);
    sg_free(NULL, b);
    return 0;
}
