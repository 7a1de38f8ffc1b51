#ifndef SG_APP_POOL_H
#define SG_APP_POOL_H
/* A small pool of store handles for the server's worker threads: a handle is
 * used by one thread at a time (store.h), opening one per request would cost
 * more than most requests, and WAL lets the readers run beside the writer.
 * The pool lives in its owner's context (the server's); there is no global
 * state. It is app's, not the server's, so that the server reaches the store
 * only through app (docs/architecture.md "Include rules"). */

#include <pthread.h>
#include <stddef.h>

#include "strideguard/store.h"

#define SG_POOL_MAX 64

typedef struct sg_store_pool {
    pthread_mutex_t mu;
    const char *path;            /* borrowed; NULL = default store */
    sg_store *free_list[SG_POOL_MAX];
    int n_free;
} sg_store_pool;

/* An empty pool of the store at `path` (borrowed for the pool's life; NULL =
 * the default store, sg_pool_default_path). Never fails. */
void sg_pool_init(sg_store_pool *p, const char *path);
/* Closes every idle handle. Call after all users are gone. */
void sg_pool_destroy(sg_store_pool *p);
/* An idle handle, or a newly opened one (the pool's, lent to the caller).
 * Give it back with sg_pool_put. Errors: sg_store_open's. */
int sg_pool_get(sg_store_pool *p, sg_store **out, sg_err *err);
/* Returns a handle; closes it when the pool is full or `broken`. */
void sg_pool_put(sg_store_pool *p, sg_store *st, int broken);

/* The path of the default store (the one a NULL path opens) into buf.
 * ($XDG_DATA_HOME or $HOME/.local/share, then strideguard/strideguard.db;
 * creates nothing.) Errors: SG_EUSAGE (neither variable set, or buf too small). */
int sg_pool_default_path(char *buf, size_t cap, sg_err *err);

#endif
