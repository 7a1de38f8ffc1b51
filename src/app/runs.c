/* Listing stored activities with their source files (src/app/runs.h). */
#include "app/runs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct src_acc {
    size_t n;
    char *names[SG_RUNS_MAX_SOURCES];
} src_acc;

static int add_src(void *ctx, const sg_store_source *s)
{
    src_acc *a = ctx;
    /* The same file name twice (a.fit, then a.fit again from another folder)
     * says nothing new. */
    for (size_t i = 0; i < a->n && i < SG_RUNS_MAX_SOURCES; i++)
        if (strcmp(a->names[i], s->file_name) == 0)
            return 0;
    if (a->n < SG_RUNS_MAX_SOURCES) {
        a->names[a->n] = strdup(s->file_name);
        if (!a->names[a->n])
            return SG_ENOMEM;
    }
    a->n++;
    return 0;
}

typedef struct list_ctx {
    sg_store *st;
    int (*fn)(void *, const sg_run_row *);
    void *ctx;
    sg_err *err;
} list_ctx;

static int each(void *ctx, const sg_store_row *row)
{
    list_ctx *l = ctx;
    src_acc acc = {0};
    int rc = sg_store_sources(l->st, row->id, add_src, &acc, l->err);
    if (!rc) {
        sg_run_row r = {row, acc.n, {NULL}};
        for (size_t i = 0; i < acc.n && i < SG_RUNS_MAX_SOURCES; i++)
            r.sources[i] = acc.names[i];
        rc = l->fn(l->ctx, &r);
    }
    for (size_t i = 0; i < acc.n && i < SG_RUNS_MAX_SOURCES; i++)
        free(acc.names[i]);
    return rc;
}

int sg_runs_list(sg_store *st, const sg_store_filter *f,
                 int (*fn)(void *ctx, const sg_run_row *r), void *ctx, sg_err *err)
{
    list_ctx l = {st, fn, ctx, err};
    return sg_store_list(st, f, each, &l, err);
}

int sg_runs_parse_date(const char *s, double *out, sg_err *err)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    size_t len = strlen(s);
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        goto bad;
    if (len > 10) {
        int k = 0;
        if ((s[10] != 'T' && s[10] != ' ') ||
            sscanf(s + 11, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
            goto bad;
        const char *p = s + 16;
        if (*p == ':') {
            if (sscanf(p + 1, "%2d%n", &sec, &k) != 1 || k != 2)
                goto bad;
            p += 3;
        }
        if (*p == 'Z')
            p++;
        if (*p)
            goto bad;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970)
        goto bad;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *out = (double)timegm(&tm);
    return SG_OK;
bad:
    return sg_err_set(err, SG_EUSAGE, -1,
                      "'%s' is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", s);
}

void sg_runs_format_time(double t, char *buf, size_t cap)
{
    if (!cap)
        return;
    buf[0] = '\0';
    if (!isfinite(t) || t < -62135596800.0 || t > 253402300799.0)
        return;
    time_t tt = (time_t)floor(t);
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return;
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
