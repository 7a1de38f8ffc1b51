#ifndef SG_SERVER_POOL_H
#define SG_SERVER_POOL_H
/* A small pool of store handles for the server's worker threads: a handle is
 * used by one thread at a time (store.h), opening one per request would cost
 * more than most requests, and WAL lets the readers run beside the writer.
 * The pool lives in the server's context; there is no global state. */

#include <pthread.h>

#include "strideguard/store.h"

#define SG_POOL_MAX 64

typedef struct sg_store_pool {
    pthread_mutex_t mu;
    const char *path;            /* borrowed; NULL = default store */
    sg_store *free_list[SG_POOL_MAX];
    int n_free;
} sg_store_pool;

void sg_pool_init(sg_store_pool *p, const char *path);
/* Closes every idle handle. Call after all users are gone. */
void sg_pool_destroy(sg_store_pool *p);
/* An idle handle, or a newly opened one. Give it back with sg_pool_put. */
int sg_pool_get(sg_store_pool *p, sg_store **out, sg_err *err);
/* Returns a handle; closes it when the pool is full or `broken`. */
void sg_pool_put(sg_store_pool *p, sg_store *st, int broken);

#endif
