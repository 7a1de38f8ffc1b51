#ifndef STRIDEGUARD_ALLOC_H
#define STRIDEGUARD_ALLOC_H
/* An injectable allocator, so every module can be tested with the n-th
 * allocation failing (expat's alloc tests, curl's torture mode). Pass NULL
 * wherever an `const sg_allocator *` is taken to use malloc/realloc/free. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_allocator {
    void *(*malloc_fn)(size_t size, void *ctx);
    void *(*realloc_fn)(void *ptr, size_t size, void *ctx);
    void (*free_fn)(void *ptr, void *ctx);
    void *ctx;
} sg_allocator;

/* The default allocator (malloc/realloc/free). Static, never NULL. */
const sg_allocator *sg_alloc_default(void);

/* Thin wrappers: `a` may be NULL (default). Sizes of 0 return NULL from
 * sg_malloc. Overflow-checked array allocation: sg_malloc_array returns NULL
 * when n*size overflows. */
void *sg_malloc(const sg_allocator *a, size_t size);
void *sg_calloc_array(const sg_allocator *a, size_t n, size_t size);
void *sg_realloc_array(const sg_allocator *a, void *ptr, size_t n, size_t size);
void sg_free(const sg_allocator *a, void *ptr);
/* The one growth rule of the project's growable arrays: the next capacity
 * after `cap` elements is `first` when empty, else twice cap, never above the
 * ceiling `max` (nor above what a size_t can count of elem-byte elements).
 * Returns 0 when cap is already at the ceiling. */
size_t sg_grow_cap(size_t cap, size_t first, size_t max, size_t elem);
/* The same rule for room for `need` elements at once (byte buffers that
 * append runs): doubling from cap (or first) until need fits, never above
 * the ceiling. Returns 0 when need is above the ceiling. */
size_t sg_grow_cap_to(size_t cap, size_t need, size_t first, size_t max, size_t elem);
/* Grows the array v of *cap elements of `elem` bytes to sg_grow_cap's next
 * capacity and returns it (*cap updated); NULL with v untouched and *cap
 * unchanged when at the ceiling or out of memory. For arrays of several
 * parallel columns, take sg_grow_cap and reallocate each column. */
void *sg_grow(const sg_allocator *a, void *v, size_t *cap, size_t elem, size_t first,
              size_t max);
/* Room for element n of a growable array (malloc'd, the default allocator):
 * vp is the address of the caller's array pointer (any element type), *cap
 * its capacity. Nothing to do while n < *cap; else sg_grow's next capacity
 * (first, ceiling max). Returns SG_OK, or with the pointer and *cap untouched
 * and err (may be NULL) set: SG_ELIMIT when n has reached max ("more than
 * <max> <what>"), SG_ENOMEM ("out of memory for <what>"). The one "append
 * under a ceiling" of the lists that use cases collect from the store. */
struct sg_err;
int sg_grow_room(void *vp, size_t n, size_t *cap, size_t elem, size_t first, size_t max,
                 const char *what, struct sg_err *err);
/* Copies s (may be NULL -> NULL) with the allocator. Caller frees with sg_free. */
char *sg_strdup(const sg_allocator *a, const char *s);
char *sg_strndup(const sg_allocator *a, const char *s, size_t n);

/* A test allocator that fails the n-th call (1-based) and every later one when
 * `fail_at` > 0; counts calls and live blocks. Not thread-safe by design: one
 * per test. */
typedef struct sg_failing_alloc {
    sg_allocator base;      /* pass &fa.base where an allocator is taken */
    long calls;
    long fail_at;           /* 0 = never fail */
    long live;              /* blocks not yet freed */
} sg_failing_alloc;
void sg_failing_alloc_init(sg_failing_alloc *fa, long fail_at);

/* A bump arena over one reserved virtual range (transparent huge pages
 * requested): allocation is a pointer bump, free is a no-op, realloc of the
 * newest block grows in place, and sg_arena_reset() makes the whole range
 * reusable without returning it to the kernel, so a loop that decodes many
 * files touches fresh pages only up to its high-water mark. Not thread-safe.
 * Allocations beyond the reserve fail (NULL), like any allocator. */
typedef struct sg_arena {
    sg_allocator base;      /* pass &arena.base where an allocator is taken */
    unsigned char *mem;
    size_t reserve, used, last; /* `last`: offset of the newest block's header */
} sg_arena;

/* Reserves `reserve` bytes of address space (not memory). Returns SG_OK or
 * SG_ENOMEM when the range cannot be mapped. */
int sg_arena_init(sg_arena *ar, size_t reserve);
/* Forgets every allocation; the memory stays mapped for reuse. */
void sg_arena_reset(sg_arena *ar);
/* Unmaps the range. */
void sg_arena_destroy(sg_arena *ar);

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
 * 16-byte header, so blocks from this pool must be freed through it. No error
 * of its own: an allocation that fails is NULL, a block it cannot keep goes
 * back to libc. */

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

#ifdef __cplusplus
}
#endif
#endif
