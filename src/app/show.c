/* `show FILE`: bytes -> activity -> run analysis. */
#include "app/show.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "render/run_json.h"
#include "strideguard/activity.h"
#include "strideguard/decode.h"
#include "strideguard/fit.h"
#include "strideguard/formats.h"

int sg_show_decode(const unsigned char *buf, size_t len, const char *name, const sg_allocator *a,
                   sg_activity **out, size_t *warnings, sg_err *err)
{
    sg_fit_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = sg_decode_one(buf, len, name, a, out, &rep, err);
    if (warnings)
        *warnings = rc ? 0 : rep.errors;
    return rc;
}

int sg_show_file(const char *path, const sg_allocator *a, const sg_run_baseline *base,
                 sg_run_result *out, size_t *warnings, sg_err *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sg_activity *act = NULL;
    int rc = sg_file_read(a, path, 0, &buf, &len, err);
    if (rc)
        goto out;
    rc = sg_show_decode(buf, len, path, a, &act, warnings, err);
    if (rc)
        goto out;
    rc = sg_run_analyze(act, base, out, err);
out:
    sg_activity_free(act);
    sg_free(a, buf);
    return rc;
}

/* ---- show ID: the store ------------------------------------------------ */

typedef struct hist {
    long long ids[SG_SHOW_MAX_HISTORY];
    size_t n;
    long long self;
} hist;

static int collect(void *ctx, const sg_store_row *row)
{
    hist *h = ctx;
    if (row->id == h->self)
        return 0;
    /* oldest first: keep the most recent SG_SHOW_MAX_HISTORY */
    if (h->n == SG_SHOW_MAX_HISTORY) {
        memmove(h->ids, h->ids + 1, (SG_SHOW_MAX_HISTORY - 1) * sizeof h->ids[0]);
        h->n--;
    }
    h->ids[h->n++] = row->id;
    return 0;
}

int sg_show_baseline(sg_store *st, long long id, const sg_allocator *a, sg_run_baseline *out,
                     sg_err *err)
{
    sg_store_row row;
    int rc = sg_store_get(st, id, &row, err);
    if (rc)
        return rc;
    hist h = {.n = 0, .self = id};
    sg_run_result *past = NULL;
    size_t np = 0;
    if (!isnan(row.s.start)) {
        sg_store_filter f;
        sg_store_filter_init(&f);
        f.sport = SG_SPORT_RUNNING;
        f.until = row.s.start;
        f.since = row.s.start - SG_SHOW_HISTORY_DAYS * 86400.0;
        if ((rc = sg_store_list(st, &f, collect, &h, err)))
            return rc;
    }
    if (h.n) {
        past = sg_calloc_array(a, h.n, sizeof *past);
        if (!past)
            return sg_err_set(err, SG_ENOMEM, -1, "baseline: out of memory");
    }
    for (size_t i = 0; i < h.n; i++) {
        sg_activity *act = NULL;
        /* a damaged or unanalysable earlier run just does not count */
        if (sg_store_load(st, h.ids[i], a, &act, NULL) == SG_OK &&
            sg_run_analyze(act, NULL, &past[np], NULL) == SG_OK)
            np++;
        sg_activity_free(act);
    }
    rc = sg_run_baseline_build(past, np, a, out, err);
    sg_free(a, past);
    return rc;
}

int sg_show_id(sg_store *st, long long id, const sg_allocator *a, sg_run_result *out,
               char **json, sg_err *err)
{
    sg_activity *act = NULL;
    sg_run_baseline *base = NULL;
    char *buf = NULL;
    if (json)
        *json = NULL;
    int rc = sg_store_load(st, id, a, &act, err);
    if (rc)
        goto out;
    base = sg_malloc(a, sizeof *base);
    if (!base) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show: out of memory");
        goto out;
    }
    if ((rc = sg_show_baseline(st, id, a, base, err)))
        goto out;
    if ((rc = sg_run_analyze(act, base, out, err)))
        goto out;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_run_json_write(&w, out);
    size_t len;
    buf = sg_jw_error(&w) ? NULL : sg_jw_take_buf(&w, &len);
    sg_jw_dispose(&w);
    if (!buf) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show: out of memory for JSON");
        goto out;
    }
    /* the cache is an optimisation: failing to write it is not an error */
    sg_store_cache_put(st, id, SG_SHOW_CACHE_NAME, SG_RUN_ALGORITHM_VERSION, buf, NULL);
    if (json) {
        *json = buf;
        buf = NULL;
    }
out:
    free(buf);
    sg_free(a, base);
    sg_activity_free(act);
    return rc;
}
