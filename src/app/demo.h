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

#include "app/docs.h"
#include "app/import.h"

/* The steps of sg_demo_store, in order. */
typedef enum sg_demo_step {
    SG_DEMO_STEP_OPEN,      /* opening the store */
    SG_DEMO_STEP_IMPORT,    /* importing the FIT files */
    SG_DEMO_STEP_PROFILE,   /* the demo athlete and course */
    SG_DEMO_STEP_JOURNAL,
    SG_DEMO_STEP_TRUNK,
    SG_DEMO_STEP_REPORT,
    SG_DEMO_STEP_DONE
} sg_demo_step;

#define SG_DEMO_LATEST 8

typedef struct sg_demo_store_req {
    const char *db;                   /* the store: path or URL */
    const sg_demo_opts *opts;         /* race_date: the profile's race */
    const sg_demo_result *gen;        /* what sg_demo_generate wrote */
    double today;                     /* UTC midnight */
    const char *report_path;          /* where the clinician report goes */
    double now;                       /* the report's clock reading */
    const sg_app_docs *docs;          /* writes the report: render's (sg_render_docs()) */
    void (*on_progress)(void *ctx, const sg_import_progress *p);   /* NULL = none */
    void *ctx;
} sg_demo_store_req;

typedef struct sg_demo_store_res {
    sg_demo_step reached;             /* the step that failed, or SG_DEMO_STEP_DONE */
    char db_shown[4200];              /* req->db redacted (a URL may hold a password) */
    sg_import_stats import;
    int profile_set;                  /* the store had no profile: the demo's was set */
    size_t journal_added;
    long long imu_id;                 /* 0: no recording added */
    long long count;                  /* activities in the store */
    size_t n_latest;                  /* the last SG_DEMO_LATEST of them, oldest first */
    sg_store_summary latest[SG_DEMO_LATEST];
} sg_demo_store_res;

/* The full demo's store part: opens req->db, imports the generated FIT
 * files, sets the demo athlete (when the store has none) racing on the
 * simulated course, adds the journal and the lower-back recording, writes
 * the clinician report and lists the latest runs. Stops at the first step
 * that fails (res->reached names it; err says why); res holds what the steps
 * before it did. */
int sg_demo_store(const sg_demo_store_req *req, sg_demo_store_res *res, sg_err *err);

#endif
