#ifndef SG_SERVER_UPLOAD_H
#define SG_SERVER_UPLOAD_H
/* The dashboard's import (POST /api/import, GET /api/import): a file sent as
 * the raw body of a request is streamed to a temporary file in the store's
 * folder (never held in memory), then imported by a thread owned by the
 * server with the CLI's use case (sg_import_run), while GET /api/import
 * reports the job. One import at a time: an upload is refused while another
 * is being received or imported. The last job's report stays until the next
 * upload completes, so a reloaded page finds it again.
 *
 * Bounded: one upload of at most SG_UPLOAD_MAX_BYTES (the ceiling of a file
 * the CLI reads, SG_FILE_MAX_BYTES), the archive limits of the walker for
 * what is inside it, and at most SG_UPLOAD_MAX_NAMED damaged, skipped and
 * failed files named in the report (the counts go on). The temporary file
 * (".sg-upload-XXXXXX/NAME": a hidden folder of mode 0700 beside the
 * database, or in the system's temporary folder for a store without a
 * folder; the file keeps its own name, which the stored sources record) is
 * removed when the import ends or the upload is cut short.
 *
 * Athletes: the job imports on a handle of its own from the pool, which
 * starts on athlete 1, the local store's runner. That is why the clinic
 * server refuses POST /api/import before reading a byte (http.c): a
 * runner's files reach the clinic through POST /api/share/activity, which
 * imports in the request on the handle sg_auth_admit scoped to the
 * caller's athlete (app/share.h). */

#include <stddef.h>

#include "bytes/file.h"
#include "model/jsonw.h"
#include "app/pool.h"
#include "strideguard/err.h"

#define SG_UPLOAD_MAX_BYTES SG_FILE_MAX_BYTES /* 1 GiB, one ceiling with the CLI */
#define SG_UPLOAD_MAX_NAMED 1000
#define SG_UPLOAD_NAME_MAX 255

typedef struct sg_imports sg_imports;

/* The import service of a server whose store is db_path (NULL = the default
 * store; borrowed) with handles from pool (borrowed). SG_ENOMEM, or the
 * default path's error. Free with sg_imports_stop. */
int sg_imports_new(const char *db_path, sg_store_pool *pool, sg_imports **out, sg_err *err);

/* Waits for a running import to finish, removes any temporary file and
 * frees. NULL is a no-op. */
void sg_imports_stop(sg_imports *im);

/* Starts receiving one upload called `name` (the file's own name, shown in
 * the report: 1..SG_UPLOAD_NAME_MAX bytes, no '/', no control characters,
 * not "." or ".."). declared: the body's Content-Length, or -1 when unknown.
 * On success *gen identifies the upload for the calls below. Errors:
 * SG_EUSAGE a bad name, SG_ELIMIT declared beyond SG_UPLOAD_MAX_BYTES,
 * SG_EEXISTS another upload or import is under way, SG_EIO the temporary
 * file cannot be created. */
int sg_imports_begin(sg_imports *im, const char *name, long long declared, unsigned long *gen,
                     sg_err *err);

/* Appends a chunk of upload gen. SG_ELIMIT past SG_UPLOAD_MAX_BYTES, SG_EIO
 * (disk full: SG_ENOSPC); on any error the upload is dropped. */
int sg_imports_write(sg_imports *im, unsigned long gen, const void *data, size_t len,
                     sg_err *err);

/* Drops upload gen and its temporary file; a no-op once it was started or
 * dropped (so a front end may call it whenever a request ends). */
void sg_imports_abort(sg_imports *im, unsigned long gen);

/* Ends upload gen and starts importing it on the service's thread.
 * SG_EUSAGE when gen is not the upload being received (none, or dropped),
 * SG_EIO when the thread cannot start (the upload is dropped). */
int sg_imports_start(sg_imports *im, unsigned long gen, sg_err *err);

/* The folder where the service keeps temporary files (beside the store, or
 * the system's temporary folder); borrowed for the service's life. The
 * clinic's share routes import a runner's file from there too
 * (src/app/share.h sg_share_activity_put). */
const char *sg_imports_dir(const sg_imports *im);

/* The report as one JSON object (docs/cli.md "GET /api/import"). */
void sg_imports_json(sg_imports *im, sg_jw *w);

#endif
