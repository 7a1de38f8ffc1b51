/* Fuzzes the archive walker on arbitrary bytes: zip, nested zip, tar, gzip,
 * bzip2, xz or plain, with small ceilings so bombs are cut short. Every
 * entry handed out must be owned memory of the stated length. */
// SEEDS: goldencheetah/*.zip goldencheetah/*.gz
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/archive.h"

static int on_entry(void *ctx, sg_walk_entry *e)
{
    size_t *total = ctx;
    if (e->err) {
        if (!e->path || strlen(e->err->msg) >= sizeof e->err->msg)
            abort();
        return 0;
    }
    if (!e->path || !e->name || !e->data)
        abort();
    /* touch every byte: ASan catches a short buffer; the NUL is promised */
    size_t sum = 0;
    for (size_t i = 0; i < e->len; i++)
        sum += e->data[i];
    if (e->data[e->len] != '\0')
        abort();
    *total += sum & 1;
    free(e->data);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_walk_limits lim;
    sg_walk_limits_default(&lim);
    lim.max_entries = 200;
    lim.max_entry_bytes = (size_t)4 << 20;
    lim.max_total_bytes = (uint64_t)16 << 20;
    size_t total = 0;
    sg_walk_buffer("fuzz.zip", data, size, &lim, on_entry, &total);
    return 0;
}
