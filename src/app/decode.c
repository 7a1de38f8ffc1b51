/* The `decode` use cases (app/decode.h): the FIT stream reader and decoder
 * turned into typed results. */
#include "app/decode.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes/file.h"
#include "formats/fit_profile.h"
#include "formats/fit_stream.h"
#include "strideguard/alloc.h"
#include "strideguard/fit.h"

#define MAX_COUNTS (1024 + 64)
#define MAX_DEV 256

void sg_app_fit_counts_free(sg_app_fit_counts *c)
{
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

/* The stream's message counts, by name, in its order. */
static int counts_of(const sg_fit_stream *s, sg_app_fit_counts *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    size_t cursor = 0, count, cap = 0;
    unsigned g;
    while (out->n < MAX_COUNTS && sg_fit_stream_next_count(s, &cursor, &g, &count)) {
        if (out->n == cap) {
            void *v = sg_grow(NULL, out->v, &cap, sizeof *out->v, 32, MAX_COUNTS);
            if (!v) {
                sg_app_fit_counts_free(out);
                return sg_err_set(err, SG_ENOMEM, -1, "out of memory counting messages");
            }
            out->v = v;
        }
        sg_app_fit_count *c = &out->v[out->n++];
        const char *nm = sg_fit_mesg_name(g);
        if (nm)
            snprintf(c->name, sizeof c->name, "%s", nm);
        else
            snprintf(c->name, sizeof c->name, "unknown_%u", g);
        c->count = count;
    }
    return SG_OK;
}

/* ---- the interop view ---- */

typedef struct rec_walk {
    sg_app_fit_record_fn fn;
    void *ctx;
    size_t n;
    sg_app_fit_dev *dev;    /* MAX_DEV */
} rec_walk;

static void dev_value(const sg_fit_view *v, sg_app_fit_dev *d)
{
    d->n = 0;
    unsigned bt = v->base_type & SG_FIT_BT_NUM_MASK;
    if (bt == (SG_FIT_BT_STRING & SG_FIT_BT_NUM_MASK)) {
        d->kind = sg_fit_view_str(v, d->text, sizeof d->text) ? SG_APP_FIT_TEXT
                                                               : SG_APP_FIT_INVALID;
        return;
    }
    size_t n = sg_fit_view_count(v);
    if (bt == (SG_FIT_BT_BYTE & SG_FIT_BT_NUM_MASK)) {
        d->kind = sg_fit_view_invalid(v) ? SG_APP_FIT_INVALID : SG_APP_FIT_BYTES;
        for (size_t k = 0; d->kind == SG_APP_FIT_BYTES && k < v->size && k < SG_APP_FIT_VALUES;
             k++)
            d->v[d->n++] = v->p[k];
        return;
    }
    if (n != 1 && sg_fit_view_invalid(v)) {
        d->kind = SG_APP_FIT_INVALID;
        return;
    }
    d->kind = n == 1 ? SG_APP_FIT_NUM : SG_APP_FIT_NUMS;
    for (size_t k = 0; k < n && k < SG_APP_FIT_VALUES; k++) {
        double x;
        d->v[d->n++] = sg_fit_view_num(v, k, &x) ? x : NAN;
    }
}

static int rec_msg(void *vctx, const sg_fit_msg *m, sg_err *err)
{
    (void)err;
    rec_walk *c = vctx;
    if (m->global != SG_FIT_MESG_RECORD)
        return SG_OK;
    static const int slot[SG_APP_FIT_COLS] = {
        SG_FIT_R_LAT, SG_FIT_R_LON, SG_FIT_R_DISTANCE, SG_FIT_R_ALTITUDE, SG_FIT_R_SPEED,
        SG_FIT_R_HEART_RATE, SG_FIT_R_CADENCE, SG_FIT_R_FRACTIONAL_CADENCE,
        SG_FIT_R_VERTICAL_OSCILLATION, SG_FIT_R_STANCE_TIME, SG_FIT_R_STANCE_TIME_BALANCE,
        SG_FIT_R_VERTICAL_RATIO, SG_FIT_R_STEP_LENGTH,
    };
    sg_app_fit_record r;
    r.index = c->n++;
    r.time = m->rec[SG_FIT_R_TIMESTAMP];
    r.time_relative = r.time < SG_FIT_DATE_TIME_MIN;
    r.unix_time = r.time + SG_FIT_EPOCH_UNIX;
    for (int k = 0; k < SG_APP_FIT_COLS; k++)
        r.col[k] = m->rec[slot[k]];
    size_t nd = sg_fit_msg_ndev(m);
    r.n_dev = 0;
    for (size_t k = 0; k < nd && r.n_dev < MAX_DEV; k++) {
        sg_fit_view v;
        const sg_fit_devdesc *d = sg_fit_msg_dev(m, k, &v);
        if (!d)
            continue;
        c->dev[r.n_dev].name = d->name;
        dev_value(&v, &c->dev[r.n_dev++]);
    }
    r.dev = c->dev;
    return c->fn(c->ctx, &r);
}

int sg_app_decode_records(const unsigned char *buf, size_t len, sg_app_fit_record_fn fn,
                          void *ctx, size_t *records, sg_app_fit_counts *counts, sg_err *err)
{
    *records = 0;
    memset(counts, 0, sizeof *counts);
    rec_walk c = {fn, ctx, 0, malloc(MAX_DEV * sizeof(sg_app_fit_dev))};
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    int rc;
    if (!s || !c.dev)
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    else if (!sg_fit_sniff(buf, len))
        rc = sg_err_set(err, SG_EFORMAT, 0, "not a FIT file (no .FIT header)");
    else
        rc = sg_fit_stream_run(s, buf, len, rec_msg, &c, NULL, err);
    *records = c.n;
    if (s) {
        sg_err cerr;
        if (counts_of(s, counts, &cerr) && !rc)
            rc = sg_err_set(err, cerr.code, -1, "%s", cerr.msg);
    }
    sg_fit_stream_free(s);
    free(c.dev);
    return rc;
}

/* ---- the summary ---- */

int sg_app_decode_summary_of(const unsigned char *buf, size_t len, sg_app_decode_summary *out,
                             sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_fit_report rep;
    int rc = sg_fit_decode(buf, len, NULL, &out->act, &rep, err);
    if (rc)
        return rc;
    out->sections = rep.sections;
    out->errors = rep.errors;
    out->first_error = rep.first_error;
    out->late_session_s = rep.late_session_s;
    /* message counts by name come from a second, callback-free pass: cheap,
     * and it keeps sg_fit_decode's interface small */
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    if (s) {
        sg_fit_stream_run(s, buf, len, NULL, NULL, NULL, NULL);
        out->have_counts = counts_of(s, &out->counts, NULL) == SG_OK;
    }
    sg_fit_stream_free(s);
    size_t n = out->act->n_sessions;
    out->session_sport = calloc(n ? n : 1, sizeof *out->session_sport);
    out->session_sub_sport = calloc(n ? n : 1, sizeof *out->session_sub_sport);
    if (!out->session_sport || !out->session_sub_sport) {
        sg_app_decode_summary_free(out);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        out->session_sport[k] = sg_fit_sport_name((unsigned)out->act->sessions[k].fit_sport);
        out->session_sub_sport[k] =
            sg_fit_sub_sport_name((unsigned)out->act->sessions[k].fit_sub_sport);
    }
    return SG_OK;
}

void sg_app_decode_summary_free(sg_app_decode_summary *s)
{
    sg_activity_free(s->act);
    sg_app_fit_counts_free(&s->counts);
    free(s->session_sport);
    free(s->session_sub_sport);
    memset(s, 0, sizeof *s);
}

/* ---- --stats ---- */

/* CPU time of this process: on a shared machine wall time mostly measures
 * the neighbours. Page faults count (as system time). */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One file of one pass: read (into the arena when there is one), decode
 * (timed into *decode_s), and on the first pass hand it to fn. */
static void stat_file(const char *file, sg_arena *arena, bool first,
                      void (*fn)(void *ctx, const sg_app_decode_stat *s), void *ctx,
                      sg_app_decode_totals *tot, double *decode_s)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sg_err err;
    sg_err_clear(&err);
    const sg_allocator *al = arena ? &arena->base : NULL;
    if (arena)
        sg_arena_reset(arena);
    int rc = sg_file_read(al, file, 0, &buf, &len, &err);
    if (rc == SG_ENOMEM && arena) { /* larger than the arena */
        al = NULL;
        sg_err_clear(&err);
        rc = sg_file_read(NULL, file, 0, &buf, &len, &err);
    }
    sg_fit_report rep;
    memset(&rep, 0, sizeof rep);
    sg_activity *act = NULL;
    if (!rc) {
        double t0 = now_s();
        rc = sg_fit_decode(buf, len, al, &act, &rep, &err);
        *decode_s += now_s() - t0;
    }
    if (first) {
        sg_app_decode_stat s = {file, len, act ? act->n : 0, rep.messages,
                                rc ? 1 : rep.errors, rc, rc ? &err : &rep.first_error};
        tot->failed |= rc || rep.errors;
        tot->files++;
        tot->bytes += len;
        tot->records += s.records;
        if (fn)
            fn(ctx, &s);
    }
    sg_activity_free(act);
    sg_free(al, buf);
}

void sg_app_decode_stats(char *const *files, size_t n, int repeat,
                         void (*fn)(void *ctx, const sg_app_decode_stat *s), void *ctx,
                         sg_app_decode_totals *out)
{
    /* Every file is read and decoded into one arena that is reset between
     * files: fresh page faults for each file's columns otherwise cost more
     * than decoding them (docs/performance.md). The arena reserves address
     * space only; a file that does not fit falls back to malloc. */
    memset(out, 0, sizeof *out);
    out->warm_decode_s = NAN;
    sg_arena arena;
    bool have_arena = sg_arena_init(&arena, (size_t)4 << 30) == SG_OK;
    for (int pass = 0; pass < repeat; pass++) {
        double pass_s = 0;
        for (size_t i = 0; i < n; i++)
            stat_file(files[i], have_arena ? &arena : NULL, pass == 0, fn, ctx, out, &pass_s);
        if (pass == 0)
            out->decode_s = pass_s;
        else if (isnan(out->warm_decode_s) || pass_s < out->warm_decode_s)
            out->warm_decode_s = pass_s;
    }
    if (have_arena)
        sg_arena_destroy(&arena);
}
