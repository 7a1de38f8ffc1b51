#ifndef SG_RENDER_PROGRESS_H
#define SG_RENDER_PROGRESS_H
/* A one-line progress bar for terminals:
 *
 *   [##########..........]  512 files  61.2/120.0 MB  18.4 MB/s  ETA 0:03
 *
 * Redrawn in place with '\r'; callers print it only when the stream is a TTY
 * (the CLI decides). Rates and ETA come from bytes, which track work better
 * than file counts when an archive holds a thousand files. */

#include <stdint.h>
#include <stdio.h>

typedef struct sg_progress {
    FILE *f;
    uint64_t total_files;    /* 0 = unknown */
    uint64_t total_bytes;    /* 0 = unknown: no bar, no ETA */
    int drawn;               /* a line is on screen */
} sg_progress;

void sg_progress_init(sg_progress *p, FILE *f, uint64_t total_files, uint64_t total_bytes);

/* Formats the line (without '\r') into buf; returns its length. */
size_t sg_progress_format(char *buf, size_t cap, const sg_progress *p, uint64_t files,
                          uint64_t bytes, double elapsed_s);

/* Redraws the line. */
void sg_progress_update(sg_progress *p, uint64_t files, uint64_t bytes, double elapsed_s);

/* Erases the line (before printing something else, or at the end). */
void sg_progress_clear(sg_progress *p);

#endif
