#ifndef SG_SERVER_UPLOAD_H
#define SG_SERVER_UPLOAD_H
/* The dashboard's import (POST /api/import, GET /api/import): a file sent as
 * the raw body of a request is streamed to a temporary file in the store's
 * folder (never held in memory), then imported by a thread owned by the
 * service with the CLI's use case (sg_import_run), while GET /api/import
 * reports the job.
 *
 * Jobs belong to an owner, the athlete whose store rows they write: the
 * local server's one runner is SG_IMPORTS_LOCAL (athlete 1); on the clinic
 * server it is the signed-in runner's own athlete, which the front admits
 * before reading a byte of the body (http.c). The job's store handle is
 * scoped to that athlete (sg_app_use_athlete), so nothing it imports lands
 * in another athlete, and an owner sees only their own job's report (file
 * names included).
 *
 * Bounded: one job at a time per owner (a second upload is refused while
 * the first is received or imported); at most SG_UPLOAD_MAX_JOBS jobs
 * received or imported at once on the whole server; each upload at most
 * SG_UPLOAD_MAX_BYTES (the ceiling of a file the CLI reads,
 * SG_FILE_MAX_BYTES), so the temporary files never hold more than
 * SG_UPLOAD_MAX_JOBS x SG_UPLOAD_MAX_BYTES; the archive limits of the walker
 * for what is inside an upload; at most SG_UPLOAD_MAX_NAMED damaged, skipped
 * and failed files named in a report (the counts go on); the last report of
 * at most SG_UPLOAD_MAX_REPORTS owners (the report finished longest ago is
 * forgotten first). An owner's last report stays until their next upload, so
 * a reloaded page finds it again. The temporary file
 * (".sg-upload-XXXXXX/NAME": a hidden folder of mode 0700 beside the
 * database, or in the system's temporary folder for a store without a
 * folder; the file keeps its own name, which the stored sources record) is
 * removed when the import ends or the upload is cut short. */

#include <stddef.h>

#include "bytes/file.h"
#include "model/jsonw.h"
#include "app/pool.h"
#include "strideguard/err.h"

#define SG_UPLOAD_MAX_BYTES SG_FILE_MAX_BYTES /* 1 GiB, one ceiling with the CLI */
#define SG_UPLOAD_MAX_NAMED 1000
#define SG_UPLOAD_NAME_MAX 255
#define SG_UPLOAD_MAX_JOBS 4       /* received or imported at once, server-wide */
#define SG_UPLOAD_MAX_REPORTS 64   /* owners whose last report is kept */
#define SG_IMPORTS_LOCAL 1LL       /* the local server's owner: the store's own runner */

typedef struct sg_imports sg_imports;

/* The import service of a server whose store is db_path (NULL = the default
 * store; borrowed) with handles from pool (borrowed). SG_ENOMEM, or the
 * default path's error. Free with sg_imports_stop. */
int sg_imports_new(const char *db_path, sg_store_pool *pool, sg_imports **out, sg_err *err);

/* Waits for a running import to finish, removes any temporary file and
 * frees. NULL is a no-op. */
void sg_imports_stop(sg_imports *im);

/* Starts receiving one upload called `name` for `owner` (an athlete id,
 * > 0; the caller has admitted the request for that athlete). name is the
 * file's own name, shown in the report: 1..SG_UPLOAD_NAME_MAX bytes, no '/',
 * no control characters, not "." or "..". declared: the body's
 * Content-Length, or -1 when unknown. On success *gen identifies the upload
 * for the calls below (unique on the service). Errors: SG_EUSAGE a bad name
 * or owner, SG_ELIMIT declared beyond SG_UPLOAD_MAX_BYTES, SG_EEXISTS the
 * owner's own upload or import is under way, SG_EDENIED the server is
 * already receiving or importing SG_UPLOAD_MAX_JOBS uploads (try again
 * later), SG_EIO the temporary file cannot be created. */
int sg_imports_begin(sg_imports *im, long long owner, const char *name, long long declared,
                     unsigned long *gen, sg_err *err);

/* Appends a chunk of upload gen. SG_ELIMIT past SG_UPLOAD_MAX_BYTES, SG_EIO
 * (disk full: SG_ENOSPC), SG_EUSAGE no such upload; on any error the upload
 * is dropped. */
int sg_imports_write(sg_imports *im, unsigned long gen, const void *data, size_t len,
                     sg_err *err);

/* Drops upload gen and its temporary file; a no-op once it was started or
 * dropped (so a front end may call it whenever a request ends). */
void sg_imports_abort(sg_imports *im, unsigned long gen);

/* Ends upload gen of `owner` and starts importing it on a thread of its own,
 * on a store handle scoped to owner. SG_EUSAGE when gen is not an upload of
 * owner being received (none, another owner's, or dropped), SG_EIO when the
 * thread cannot start (the upload is dropped). */
int sg_imports_start(sg_imports *im, long long owner, unsigned long gen, sg_err *err);

/* The folder where the service keeps temporary files (beside the store, or
 * the system's temporary folder); borrowed for the service's life. The
 * clinic's share routes import a runner's file from there too
 * (src/app/share.h sg_share_activity_put). */
const char *sg_imports_dir(const sg_imports *im);

/* The report of owner's job as one JSON object (docs/cli.md "GET
 * /api/import"): "idle" when the owner has none. Never another owner's. */
void sg_imports_json(sg_imports *im, long long owner, sg_jw *w);

#endif
