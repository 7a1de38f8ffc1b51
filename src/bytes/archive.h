#ifndef SG_BYTES_ARCHIVE_H
#define SG_BYTES_ARCHIVE_H
/* Walking what the user pointed at — files, directory trees, archives
 * (zip, nested zip, tar, .gz/.bz2/.xz, any mix) — and handing each leaf file
 * to a callback as a memory buffer.
 *
 * Untrusted input is expected: every archive is read with ceilings (entry
 * count, uncompressed bytes per entry and per top-level path, nesting depth,
 * name length), directory loops through symlinks are detected by device and
 * inode, and nothing is ever written to disk, so hostile entry names
 * ("../../etc/passwd") can do no harm; they are still cleaned for display.
 *
 * Strava's bulk export is recognised: an activities.csv at the root of an
 * archive or a directory supplies each listed file's activity name and type
 * (walk_entry.meta_name / meta_type).
 *
 * Errors are per entry: a bad entry is reported through the callback with
 * e->err set and the walk goes on with the next one; only the callback can
 * stop a walk. Names follow the CLI convention "archive.zip:inner/path". */

#include <stdint.h>
#include <stddef.h>

#include "strideguard/err.h"

typedef struct sg_walk_limits {
    size_t max_entries;         /* entries per archive (default 100,000) */
    size_t max_entry_bytes;     /* uncompressed bytes of one entry (default 256 MiB) */
    uint64_t max_total_bytes;   /* uncompressed bytes from one file on disk (default 16 GiB) */
    int max_depth;              /* archives inside archives (default 4) */
    size_t max_path;            /* bytes of a display name (default 4096) */
    int max_dir_depth;          /* directory levels (default 64) */
    /* Optional: told how many on-disk bytes have been consumed since the last
     * call (for progress bars). Called from the walking thread. */
    void (*on_bytes)(void *ctx, uint64_t bytes);
} sg_walk_limits;

void sg_walk_limits_default(sg_walk_limits *l);

typedef struct sg_walk_entry {
    const char *path;           /* display path: "dir/a.fit", "x.zip:b/c.fit.gz" */
    const char *name;           /* last component of the innermost name ("c.fit.gz") */
    unsigned char *data;        /* NULL when err is set; else the callback owns it (free()) */
    size_t len;
    const char *meta_name;      /* Strava activity name, or NULL */
    const char *meta_type;      /* Strava activity type ("Run"), or NULL */
    const sg_err *err;          /* set when this path could not be read */
} sg_walk_entry;

/* Return non-zero to stop the walk (that value is returned by sg_walk). */
typedef int (*sg_walk_fn)(void *ctx, sg_walk_entry *e);

/* Walks one path given by the user. Returns 0, or the callback's stop value.
 * `lim` may be NULL (defaults). Directory entries are visited in name order,
 * archive entries in archive order. */
int sg_walk(const char *path, const sg_walk_limits *lim, sg_walk_fn fn, void *ctx);

/* Walks a buffer as if it were a file called `display` (archives are opened,
 * anything else is one entry). The buffer is only read; it stays the
 * caller's. For HTTP uploads and fuzzers. */
int sg_walk_buffer(const char *display, const unsigned char *data, size_t len,
                   const sg_walk_limits *lim, sg_walk_fn fn, void *ctx);

/* Counts regular files and their on-disk bytes under path (archives count as
 * one file), for a progress bar's totals. Never fails; unreadable parts count 0. */
void sg_walk_measure(const char *path, uint64_t *files, uint64_t *bytes);

/* Parses a Strava activities.csv (RFC 4180: quotes, doubled quotes, newlines
 * in fields). For each data row calls fn with the "Filename", "Activity Name"
 * and "Activity Type" fields (empty strings when absent). SG_EFORMAT when the
 * header lacks "Filename". Exposed for tests. */
int sg_strava_csv_parse(const char *csv, size_t len,
                        int (*fn)(void *ctx, const char *file, const char *name,
                                  const char *type),
                        void *ctx, sg_err *err);

#endif
