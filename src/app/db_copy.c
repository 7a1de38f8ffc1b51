/* `db copy`: two stores opened by path, sg_store_copy between them. */
#include "app/db_copy.h"

#include <stdio.h>
#include <string.h>

void sg_db_redact(const char *path, char *buf, size_t cap) { sg_store_redact(path, buf, cap); }

/* Prefixes err's message with the store's role (the store's own messages
 * name a PostgreSQL URL only redacted). */
static int named(const char *role, int rc, sg_err *err)
{
    if (!err)
        return rc;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return sg_err_set(err, rc, err->offset, "%s store: %s", role, msg);
}

int sg_db_copy(const char *from, const char *to, const sg_db_copy_opts *o, sg_db_copy_info *out,
               sg_err *err)
{
    memset(out, 0, sizeof *out);
    if (!from || !to || !*from || !*to)
        return sg_err_set(err, SG_EUSAGE, -1, "db copy needs a source and a target store");
    if (strcmp(from, to) == 0)
        return sg_err_set(err, SG_EUSAGE, -1, "the source and the target are the same store");
    sg_store *a = NULL, *b = NULL;
    int rc = sg_store_open(from, &a, err);
    if (rc)
        return named("source", rc, err);
    if ((rc = sg_store_open(to, &b, err))) {
        sg_store_close(a);
        return named("target", rc, err);
    }
    rc = sg_store_copy(a, b, o && o->replace, o ? o->progress : NULL, o ? o->progress_ctx : NULL,
                       &out->res, err);
    if (!rc) {
        snprintf(out->from_backend, sizeof out->from_backend, "%s", sg_store_backend_name(a));
        snprintf(out->to_backend, sizeof out->to_backend, "%s", sg_store_backend_name(b));
        out->schema = sg_store_schema_version(a);
    }
    sg_store_close(a);
    sg_store_close(b);
    return rc;
}
