/* Store handle pool (src/app/pool.h). */
#include "app/pool.h"

int sg_pool_default_path(char *buf, size_t cap, sg_err *err)
{
    return sg_store_default_path(buf, cap, err);
}

void sg_pool_init(sg_store_pool *p, const char *path)
{
    pthread_mutex_init(&p->mu, NULL);
    p->path = path;
    p->n_free = 0;
}

void sg_pool_destroy(sg_store_pool *p)
{
    for (int i = 0; i < p->n_free; i++)
        sg_store_close(p->free_list[i]);
    p->n_free = 0;
    pthread_mutex_destroy(&p->mu);
}

int sg_pool_get(sg_store_pool *p, sg_store **out, sg_err *err)
{
    *out = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->n_free > 0)
        *out = p->free_list[--p->n_free];
    pthread_mutex_unlock(&p->mu);
    if (*out)
        return SG_OK;
    return sg_store_open(p->path, out, err);
}

void sg_pool_put(sg_store_pool *p, sg_store *st, int broken)
{
    if (!st)
        return;
    if (!broken) {
        sg_store_use_athlete(st, 1); /* the next borrower starts on the store's own runner */
        pthread_mutex_lock(&p->mu);
        if (p->n_free < SG_POOL_MAX) {
            p->free_list[p->n_free++] = st;
            st = NULL;
        }
        pthread_mutex_unlock(&p->mu);
    }
    sg_store_close(st);
}
