/* The generic statement's helpers (src/store/store_internal.h). */
#include "store/store_internal.h"

sg_store_param sg_sql_int(long long i) { return (sg_store_param){SG_PARAM_INT, i, NULL}; }

sg_store_param sg_sql_text(const char *s)
{
    return (sg_store_param){s ? SG_PARAM_TEXT : SG_PARAM_NULL, 0, s};
}

sg_store_param sg_sql_id(long long i)
{
    return i ? sg_sql_int(i) : (sg_store_param){SG_PARAM_NULL, 0, NULL};
}

int sg_sql_run(sg_store *st, const char *sql, const sg_store_param *p, int n,
               int (*fn)(void *, const sg_store_value *, int), void *ctx, long long *changed,
               sg_err *err)
{
    return st->be->sql(st->impl, sql, p, n, fn, ctx, changed, err);
}

int sg_sql_first_int_fn(void *ctx, const sg_store_value *c, int n)
{
    sg_sql_first_int *f = ctx;
    if (f->rows++ == 0 && n > 0)
        f->v = c[0].null ? 0 : c[0].i;
    return 0;
}

const char *sg_sql_value_text(const sg_store_value *v) { return v->null || !v->s ? "" : v->s; }
