#ifndef SG_SERVER_WATCH_H
#define SG_SERVER_WATCH_H
/* `serve --watch DIR`: a thread that imports activity files appearing in one
 * folder (a watch's sync folder, a download folder) while the dashboard
 * runs. Every SG_WATCH_POLL_MS the folder is listed (not its subfolders); a
 * file is imported once its size and modification time have stayed the same
 * for one poll and it is at least SG_WATCH_SETTLE_MS old, so a file still
 * being copied is not read half-written; the import is strict, so a file
 * caught mid-copy after all (a stalled sync) is refused as damaged, stores
 * nothing, and is read again when its size or time changes. Each file is imported once per
 * (size, mtime); the import's own duplicate detection makes a re-import of a
 * stored run a no-op. Hidden files and partial downloads (".part",
 * ".crdownload", ".tmp", "~") are ignored. One line per file goes to the
 * log stream (imported, duplicate, damaged, skipped or failed, with the
 * reason), in the CLI's error format. Bounded: at most SG_WATCH_MAX_FILES
 * names are tracked; beyond that new names are ignored with one warning. */

#include <stdio.h>

#include "app/pool.h"
#include "strideguard/err.h"

#define SG_WATCH_POLL_MS 1000
#define SG_WATCH_SETTLE_MS 1000
#define SG_WATCH_MAX_FILES 100000

typedef struct sg_watch sg_watch;

/* Starts watching `dir` (borrowed; must outlive the watch) with store
 * handles from `pool` (borrowed), logging to `log` (NULL = stderr). Files
 * already in the folder are imported on the first polls. *out: free with
 * sg_watch_stop. Errors: SG_EIO when dir is not a readable folder,
 * SG_ENOMEM, SG_EIO when the thread cannot start. */
int sg_watch_start(const char *dir, sg_store_pool *pool, FILE *log, sg_watch **out, sg_err *err);

/* Stops the thread (finishing the file being imported) and frees the
 * watch. NULL is a no-op. */
void sg_watch_stop(sg_watch *w);

#endif
