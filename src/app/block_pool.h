#ifndef SG_APP_BLOCK_POOL_H
#define SG_APP_BLOCK_POOL_H
/* An sg_allocator that keeps freed large blocks for reuse.
 *
 * Why: analysing runs one after another allocates and frees the same few
 * large blocks (sample columns, the analysis' scratch, the blob payload) per
 * run. glibc serves blocks above its mmap threshold with fresh mappings and
 * trims the heap top on free, so every run re-faults hundreds of kB of pages
 * (a quarter of `show --all`'s time before this pool). Blocks of at least
 * SG_POOL_MIN bytes are rounded up to a power of two and, when freed, kept on
 * a per-size list (at most SG_POOL_KEEP each) instead of going back to libc.
 * Smaller blocks pass straight through.
 *
 * Single-threaded by design (one walk owns one pool). Every block carries a
 * 16-byte header, so blocks from this pool must be freed through it. */

#include <stddef.h>

#include "strideguard/alloc.h"

#define SG_POOL_MIN ((size_t)16 << 10)
#define SG_POOL_CLASSES 40
#define SG_POOL_KEEP 6

typedef struct sg_blockpool {
    sg_allocator base;   /* pass &pool.base where an allocator is taken */
    void *free_list[SG_POOL_CLASSES][SG_POOL_KEEP];
    int n_free[SG_POOL_CLASSES];
} sg_blockpool;

void sg_blockpool_init(sg_blockpool *p);
/* Frees the kept blocks; blocks still in use must be freed first. */
void sg_blockpool_dispose(sg_blockpool *p);

#endif
