/* The injectable allocator (include/strideguard/alloc.h). */
#include "strideguard/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "strideguard/err.h"

static void *d_malloc(size_t n, void *ctx) { (void)ctx; return malloc(n); }
static void *d_realloc(void *p, size_t n, void *ctx) { (void)ctx; return realloc(p, n); }
static void d_free(void *p, void *ctx) { (void)ctx; free(p); }

static const sg_allocator default_alloc = {d_malloc, d_realloc, d_free, NULL};

const sg_allocator *sg_alloc_default(void) { return &default_alloc; }

void *sg_malloc(const sg_allocator *a, size_t size)
{
    if (!a)
        a = &default_alloc;
    return size ? a->malloc_fn(size, a->ctx) : NULL;
}

void *sg_calloc_array(const sg_allocator *a, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        return NULL;
    void *p = sg_malloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *sg_realloc_array(const sg_allocator *a, void *ptr, size_t n, size_t size)
{
    if (!a)
        a = &default_alloc;
    if ((n && size > SIZE_MAX / n) || n * size == 0)
        return NULL;
    return a->realloc_fn(ptr, n * size, a->ctx);
}

size_t sg_grow_cap_to(size_t cap, size_t need, size_t first, size_t max, size_t elem)
{
    if (elem && max > SIZE_MAX / elem)
        max = SIZE_MAX / elem;
    if (need > max)
        return 0;
    size_t nc = cap ? cap : first;
    while (nc < need)
        nc = nc > SIZE_MAX / 2 ? SIZE_MAX : nc * 2;
    return nc > max ? max : nc;
}

size_t sg_grow_cap(size_t cap, size_t first, size_t max, size_t elem)
{
    if (elem && max > SIZE_MAX / elem)
        max = SIZE_MAX / elem;
    if (cap >= max)
        return 0;
    return sg_grow_cap_to(cap, cap + 1, first, max, elem);
}

void *sg_grow(const sg_allocator *a, void *v, size_t *cap, size_t elem, size_t first,
              size_t max)
{
    size_t nc = sg_grow_cap(*cap, first, max, elem);
    void *p = nc ? sg_realloc_array(a, v, nc, elem) : NULL;
    if (p)
        *cap = nc;
    return p;
}

int sg_grow_room(void *vp, size_t n, size_t *cap, size_t elem, size_t first, size_t max,
                 const char *what, sg_err *err)
{
    if (n < *cap)
        return SG_OK;
    if (n >= max)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu %s", max, what);
    void *v;
    memcpy(&v, vp, sizeof v);
    v = sg_grow(NULL, v, cap, elem, first, max);
    if (!v)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for %s", what);
    memcpy(vp, &v, sizeof v);
    return SG_OK;
}

void sg_free(const sg_allocator *a, void *ptr)
{
    if (!ptr)
        return;
    if (!a)
        a = &default_alloc;
    a->free_fn(ptr, a->ctx);
}

char *sg_strndup(const sg_allocator *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = sg_malloc(a, len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *sg_strdup(const sg_allocator *a, const char *s)
{
    return s ? sg_strndup(a, s, strlen(s)) : NULL;
}

/* --- failing allocator for allocation-failure tests --- */

static void *f_malloc(size_t n, void *ctx)
{
    sg_failing_alloc *fa = ctx;
    fa->calls++;
    if (fa->fail_at > 0 && fa->calls >= fa->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        fa->live++;
    return p;
}

static void *f_realloc(void *p, size_t n, void *ctx)
{
    sg_failing_alloc *fa = ctx;
    fa->calls++;
    if (fa->fail_at > 0 && fa->calls >= fa->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        fa->live++;
    return q;
}

static void f_free(void *p, void *ctx)
{
    sg_failing_alloc *fa = ctx;
    if (p)
        fa->live--;
    free(p);
}

void sg_failing_alloc_init(sg_failing_alloc *fa, long fail_at)
{
    fa->base.malloc_fn = f_malloc;
    fa->base.realloc_fn = f_realloc;
    fa->base.free_fn = f_free;
    fa->base.ctx = fa;
    fa->calls = 0;
    fa->fail_at = fail_at;
    fa->live = 0;
}

/* --- bump arena --- */

#define ARENA_ALIGN 16
typedef struct arena_hdr {
    size_t size;
    size_t pad; /* keeps the payload 16-byte aligned */
} arena_hdr;

static void *a_malloc(size_t n, void *ctx)
{
    sg_arena *ar = ctx;
    size_t need = sizeof(arena_hdr) + ((n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
    if (n > ar->reserve || need > ar->reserve - ar->used)
        return NULL;
    arena_hdr *h = (arena_hdr *)(ar->mem + ar->used);
    h->size = n;
    ar->last = ar->used;
    ar->used += need;
    return h + 1;
}

static void *a_realloc(void *p, size_t n, void *ctx)
{
    sg_arena *ar = ctx;
    if (!p)
        return a_malloc(n, ctx);
    arena_hdr *h = (arena_hdr *)p - 1;
    if ((unsigned char *)h == ar->mem + ar->last) {
        /* the newest block grows (or shrinks) in place */
        size_t need = sizeof(arena_hdr) + ((n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
        if (n > ar->reserve || need > ar->reserve - ar->last)
            return NULL;
        h->size = n;
        ar->used = ar->last + need;
        return p;
    }
    void *q = a_malloc(n, ctx);
    if (q)
        memcpy(q, p, h->size < n ? h->size : n);
    return q;
}

static void a_free(void *p, void *ctx)
{
    (void)p;
    (void)ctx;
}

int sg_arena_init(sg_arena *ar, size_t reserve)
{
    memset(ar, 0, sizeof *ar);
    void *m = mmap(NULL, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED)
        return SG_ENOMEM;
#ifdef MADV_HUGEPAGE
    madvise(m, reserve, MADV_HUGEPAGE); /* a hint: fewer, larger page faults */
#endif
    ar->mem = m;
    ar->reserve = reserve;
    ar->base.malloc_fn = a_malloc;
    ar->base.realloc_fn = a_realloc;
    ar->base.free_fn = a_free;
    ar->base.ctx = ar;
    return SG_OK;
}

void sg_arena_reset(sg_arena *ar)
{
    ar->used = 0;
    ar->last = 0;
}

void sg_arena_destroy(sg_arena *ar)
{
    if (ar->mem)
        munmap(ar->mem, ar->reserve);
    memset(ar, 0, sizeof *ar);
}
