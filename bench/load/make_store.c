/* Builds a store holding a simulated multi-year training history, for timing
 * `strideguard load` end to end (bench/load/run_cli.sh).
 *
 * Usage: make_store DB [weeks] [sample_interval_s]
 *   weeks: default 520 (10 years, ~3,100 runs at 5-7 a week)
 *   sample_interval_s: default 10 (the simulator's low-rate mode; 1 = 1 Hz)
 * The runs are stored exactly as `import` stores them (summary + sample
 * blob, one source each); the athlete profile gets HR settings, the race
 * date and the demo course (written beside DB as DB.course.gpx). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "bytes/file.h"
#include "bytes/sha256.h"
#include "strideguard/gpx_write.h"
#include "strideguard/sim.h"
#include "strideguard/store.h"

typedef struct ctx {
    sg_store *st;
    size_t n, batch;
} ctx;

static int store_one(void *vc, size_t index, sg_activity *act, sg_err *err)
{
    ctx *c = vc;
    int rc;
    unsigned char *blob = NULL;
    size_t len = 0;
    sg_store_summary sum;
    sg_store_summarize(act, &sum);
    if ((rc = sg_store_blob_encode(act, &blob, &len, err)))
        goto out;
    char path[64];
    snprintf(path, sizeof path, "sim-%06zu.fit", index);
    sg_store_source src;
    memset(&src, 0, sizeof src);
    src.path = src.file_name = path;
    sg_sha256_hex(blob, len, src.sha256);
    src.format = "fit";
    src.size = (long long)len;
    src.imported_at = 1760000000;
    if (!c->batch && (rc = sg_store_begin(c->st, err)))
        goto out;
    sg_ingest_result res;
    if ((rc = sg_store_ingest(c->st, &sum, blob, len, &src, &res, err)))
        goto out;
    c->n++;
    if (++c->batch == 500) {
        c->batch = 0;
        rc = sg_store_commit(c->st, err);
    }
out:
    free(blob);
    sg_activity_free(act);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: make_store DB [weeks] [sample_interval_s]\n");
        return 2;
    }
    int weeks = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 520;
    double interval = argc > 3 ? strtod(argv[3], NULL) : 10;
    sg_err err;
    sg_err_clear(&err);
    ctx c = {0};
    if (sg_store_open(argv[1], &c.st, &err))
        goto fail;
    sg_sim_block_params p;
    sg_sim_block_defaults(&p);   /* race day 2025-10-19 */
    p.weeks = weeks;
    p.runs_min = 5;
    p.runs_max = 7;
    p.sample_interval_s = interval;
    p.race = false;
    sg_sim_planted pl;
    if (sg_sim_block_each(&p, NULL, store_one, &c, &pl, &err))
        goto fail;
    if (c.batch && sg_store_commit(c.st, &err))
        goto fail;

    char course[4096];
    snprintf(course, sizeof course, "%s.course.gpx", argv[1]);
    sg_activity *cr = NULL;
    char *gpx = NULL;
    size_t len = 0;
    if (sg_sim_course(25, NULL, &cr, &err) || sg_gpx_write(cr, NULL, NULL, &gpx, &len, &err) ||
        sg_file_write_atomic(course, gpx, len, &err))
        goto fail;
    sg_free(NULL, gpx);
    sg_activity_free(cr);
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    a.sex = SG_SEX_MALE;
    a.hr_rest = 52;
    a.hr_max = 186;
    a.race_date = pl.race_date;
    a.course_path = sg_strdup(NULL, course);
    int rc = sg_app_athlete_save(c.st, &a, &err);
    sg_athlete_clear(&a);
    if (rc)
        goto fail;
    printf("%zu runs over %d weeks (1 sample per %g s) in %s\n", c.n, weeks, interval, argv[1]);
    sg_store_close(c.st);
    return 0;
fail:
    fprintf(stderr, "make_store: %s\n", err.msg);
    sg_store_close(c.st);
    return 1;
}
