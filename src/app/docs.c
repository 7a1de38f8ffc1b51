/* Calling the front end's document writers into a buffer (app/docs.h). */
#include "app/docs.h"

#include <stddef.h>

/* The writer's buffer as *json, or the error that kept it from being one. */
static int take(sg_jw *w, char **json, sg_err *err)
{
    *json = sg_jw_error(w) ? NULL : sg_jw_take_buf(w, NULL);
    sg_jw_dispose(w);
    return *json ? SG_OK : sg_err_set(err, SG_ENOMEM, -1, "out of memory writing the document");
}

static int no_table(char **json, sg_err *err)
{
    *json = NULL;
    return sg_err_set(err, SG_EUSAGE, -1, "no document writer given");
}

int sg_app_doc_run(const sg_app_docs *d, const sg_run_result *r, char **json, sg_err *err)
{
    if (!d || !d->run)
        return no_table(json, err);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    d->run(&w, r);
    return take(&w, json, err);
}

int sg_app_doc_run_series(const sg_app_docs *d, const sg_run_profile *p, char **json,
                          sg_err *err)
{
    if (!d || !d->run_series)
        return no_table(json, err);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    d->run_series(&w, p);
    return take(&w, json, err);
}

int sg_app_doc_trunk(const sg_app_docs *d, const char *file, const sg_imu *rec,
                     const sg_trunk_result *r, char **json, sg_err *err)
{
    if (!d || !d->trunk)
        return no_table(json, err);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    d->trunk(&w, file, rec, r);
    return take(&w, json, err);
}
