#ifndef SG_APP_DEMO_H
#define SG_APP_DEMO_H
/* The demo use case: a clearly labelled simulated 16-week marathon build for
 * a hilly road marathon, written as real FIT files with the encoder (plus the
 * race course as GPX and a description of what was planted), so the rest of
 * the program is exercised exactly as with a runner's own files. */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/err.h"
#include "strideguard/sim.h"

typedef struct sg_demo_opts {
    const char *dir;      /* output folder (created); files go to dir/fit/ */
    uint64_t seed;
    int weeks;            /* 1..1040 */
    int taper;            /* 1 = taper in the final 3 weeks */
    int spike_week;       /* 0-based, -1 = none */
    int race;             /* include the race itself */
    double race_date;     /* UTC midnight of race day */
    double today;         /* UTC midnight: runs from then on are not written; NaN = all */
} sg_demo_opts;

/* Defaults: seed 2026, 16 weeks, taper, spike in week 3, no race run,
 * race_date and today NaN (the caller sets them). */
void sg_demo_opts_init(sg_demo_opts *o);

typedef struct sg_demo_result {
    size_t files;         /* FIT files written */
    size_t skipped_future;/* runs after `today`, not written */
    sg_sim_planted planted;
    char course_path[4096];
    char planted_path[4096];
    char fit_dir[4096];
} sg_demo_result;

/* Generates the block into o->dir: fit/sim-YYYY-MM-DD-NN.fit (one per run,
 * encoded with sg_fit_encode), course.gpx (the race course, for
 * `athlete set --course`), planted.json (spike date and distances, race
 * date, taper start, balance drift: what analyses should find). Errors:
 * SG_EUSAGE (parameters), SG_EIO (writing), SG_ENOMEM. Files already written
 * stay on failure; they are complete files (atomic writes). */
int sg_demo_generate(const sg_demo_opts *o, sg_demo_result *r, sg_err *err);

#include "strideguard/store.h"

/* Adds the demo's simulated journal to a store: a few pain and stiffness
 * entries of a runner whose left sacroiliac area grumbles on long descents
 * (each note says it is simulated), logged prehab sessions and session RPE
 * for recent runs, all relative to `today` (UTC midnight). Entries that are
 * already there (a re-run with --db) are skipped. Returns the number added. */
int sg_demo_journal(sg_store *st, double today, size_t *added, sg_err *err);

/* Adds a simulated 20-minute lower-back sensor recording taken during the
 * latest long run (>= 15 km) and linked to it, so the Trunk page and
 * `imu --list` have something to show. *id = 0 when there is no long run or
 * the recording is already stored. */
int sg_demo_trunk(sg_store *st, long long *id, sg_err *err);

#endif
