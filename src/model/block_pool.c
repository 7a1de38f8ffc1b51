/* The block pool (include/strideguard/alloc.h, beside the arena). */
#include "strideguard/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Header in front of each block: its usable size and its class (-1 = not
 * pooled). 16 bytes keep malloc's alignment for the caller. */
typedef struct hdr {
    size_t cap;
    size_t cls;
} hdr;
_Static_assert(sizeof(hdr) == 16, "header keeps 16-byte alignment");
#define NO_CLASS ((size_t)-1)

static size_t class_of(size_t size, size_t *cap)
{
    size_t c = SG_POOL_MIN, k = 0;
    while (c < size && k + 1 < SG_POOL_CLASSES) {
        c <<= 1;
        k++;
    }
    if (c < size)
        return NO_CLASS;
    *cap = c;
    return k;
}

static void *pool_malloc(size_t size, void *ctx)
{
    sg_blockpool *p = ctx;
    if (size > SIZE_MAX - sizeof(hdr))
        return NULL;
    size_t cap = size, k = size >= SG_POOL_MIN ? class_of(size, &cap) : NO_CLASS;
    if (k == NO_CLASS)
        cap = size;
    else if (p->n_free[k] > 0)
        return (hdr *)p->free_list[k][--p->n_free[k]] + 1;
    hdr *h = malloc(sizeof(hdr) + cap);
    if (!h)
        return NULL;
    h->cap = cap;
    h->cls = k;
    return h + 1;
}

static void pool_free(void *ptr, void *ctx)
{
    sg_blockpool *p = ctx;
    if (!ptr)
        return;
    hdr *h = (hdr *)ptr - 1;
    if (h->cls != NO_CLASS && p->n_free[h->cls] < SG_POOL_KEEP) {
        p->free_list[h->cls][p->n_free[h->cls]++] = h;
        return;
    }
    free(h);
}

static void *pool_realloc(void *ptr, size_t size, void *ctx)
{
    if (!ptr)
        return pool_malloc(size, ctx);
    hdr *h = (hdr *)ptr - 1;
    if (size <= h->cap)
        return ptr;
    void *n = pool_malloc(size, ctx);
    if (!n)
        return NULL;
    memcpy(n, ptr, h->cap);
    pool_free(ptr, ctx);
    return n;
}

void sg_blockpool_init(sg_blockpool *p)
{
    memset(p, 0, sizeof *p);
    p->base.malloc_fn = pool_malloc;
    p->base.realloc_fn = pool_realloc;
    p->base.free_fn = pool_free;
    p->base.ctx = p;
}

void sg_blockpool_dispose(sg_blockpool *p)
{
    for (int k = 0; k < SG_POOL_CLASSES; k++) {
        while (p->n_free[k] > 0)
            free(p->free_list[k][--p->n_free[k]]);
    }
}
