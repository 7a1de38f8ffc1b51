#ifndef SG_APP_DB_COPY_H
#define SG_APP_DB_COPY_H
/* The "copy a whole store" use case (`strideguard db copy FROM TO`):
 * SQLite ⇄ PostgreSQL or any two stores, lossless (store.h, sg_store_copy). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/store.h"

typedef struct sg_db_copy_opts {
    bool replace;                     /* empty a non-empty target first (else refused) */
    sg_store_copy_progress progress;  /* NULL = none */
    void *progress_ctx;
} sg_db_copy_opts;

typedef struct sg_db_copy_info {
    char from_backend[16], to_backend[16]; /* "sqlite" / "postgresql" */
    int schema;
    sg_store_copy_result res;
} sg_db_copy_info;

/* Opens both stores (creating and migrating the target when absent), copies
 * every table from `from` into `to` and closes them. SG_EUSAGE when the two
 * paths are the same or the target holds rows and !replace; the store's
 * errors otherwise (`to` unchanged on any failure). Error messages name the
 * stores only in redacted form. */
int sg_db_copy(const char *from, const char *to, const sg_db_copy_opts *o, sg_db_copy_info *out,
               sg_err *err);

/* A store path as it may be shown: a PostgreSQL URL's password replaced by
 * "***" (sg_store_redact); other paths unchanged. buf is always terminated. */
void sg_db_redact(const char *path, char *buf, size_t cap);

#endif
