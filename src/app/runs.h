#ifndef SG_APP_RUNS_H
#define SG_APP_RUNS_H
/* The "list stored activities" use case, shared by `strideguard runs` and
 * the dashboard. */

#include <stddef.h>

#include "strideguard/store.h"

#define SG_RUNS_MAX_SOURCES 16

/* One activity with the names of the files it came from. Borrowed by the
 * callback; valid during the call only. */
typedef struct sg_run_row {
    const sg_store_row *row;
    size_t n_sources;                          /* may exceed SG_RUNS_MAX_SOURCES */
    const char *sources[SG_RUNS_MAX_SOURCES];  /* file names, import order */
} sg_run_row;

/* Calls fn for each activity matching f (NULL = all), oldest first. fn
 * returning non-zero stops and is returned. */
int sg_runs_list(sg_store *st, const sg_store_filter *f,
                 int (*fn)(void *ctx, const sg_run_row *r), void *ctx, sg_err *err);

/* Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS][Z]" (UTC) into
 * seconds since the epoch. SG_EUSAGE on anything else. */
int sg_runs_parse_date(const char *s, double *out, sg_err *err);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (buf >= 21 bytes); "" when t is not finite. */
void sg_runs_format_time(double t, char *buf, size_t cap);

/* ---- deleting with undo (docs/internals-store.md "Trash and change log") ----
 * The use cases of `runs delete`, `runs undo`, `runs changes` and their API
 * twins. *done (may be NULL) receives the change as logged. */

/* Moves run id to the trash. SG_ENOTFOUND (naming the id) when no such run. */
int sg_runs_delete(sg_store *st, long long id, sg_store_change *done, sg_err *err);

/* Restores the most recently deleted run still in the trash, under its id.
 * SG_ENOTFOUND when there is nothing to undo; SG_EEXISTS when one of its
 * files has been imported again since (the message names the run and the
 * file; nothing changes). */
int sg_runs_undo(sg_store *st, sg_store_change *done, sg_err *err);

/* Calls fn for each logged delete and undo, oldest first. */
int sg_runs_changes(sg_store *st, int (*fn)(void *ctx, const sg_store_change *c), void *ctx,
                    sg_err *err);

#endif
