/* The training-load use case (src/app/load.h): store + profile + journal ->
 * per-activity inputs (cached) -> sg_load_analyze. */
#include "app/load.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/course.h"
#include "app/journal.h"
#include "model/jsonw.h"
#include "strideguard/alloc.h"
#include "strideguard/figures.h"
#include "strideguard/journal.h"
#include "strideguard/run_analysis.h"

#define CLOCK_FLOOR 946684800.0          /* 2000-01-01, as the analysis */
#define CACHE_BATCH 256                  /* cache writes per transaction */

int sg_app_load_cache_version(void)
{
    return SG_APP_LOAD_INPUTS_VERSION * 1000 + SG_RUN_ALGORITHM_VERSION;
}

void sg_app_load_opts_init(sg_app_load_opts *o, double today)
{
    memset(o, 0, sizeof *o);
    o->today = today;
    o->now = NAN;
    o->race_date = NAN;
}

int sg_app_load_today(const char *arg, double now, double *today, sg_err *err)
{
    if (!arg) {
        if (!isfinite(now))
            return sg_err_set(err, SG_EUSAGE, -1, "the clock gave no time");
        *today = now;
        return SG_OK;
    }
    double t;
    int rc = sg_app_date_parse(arg, &t, err);
    if (rc)
        return sg_err_set(err, SG_EUSAGE, -1, "--today: '%s' is not a date (expected YYYY-MM-DD)",
                          arg);
    *today = t + 86399.0;
    return SG_OK;
}

/* ---- per-activity inputs -------------------------------------------- */

static void inputs_clear(sg_app_load_inputs *in, long long id)
{
    memset(in, 0, sizeof *in);
    sg_run_summary_init(&in->s);
    in->s.activity_id = id;
}

int sg_app_load_inputs_compute(const sg_activity *act, long long id, sg_app_load_inputs *in,
                               sg_err *err)
{
    if (!act || !in)
        return sg_err_set(err, SG_EUSAGE, -1, "load inputs: missing argument");
    inputs_clear(in, id);
    sg_load_summary_from_activity(act, id, NAN, NAN, SG_SEX_UNKNOWN, &in->s);
    if (in->s.device)
        snprintf(in->device, sizeof in->device, "%s", in->s.device);
    in->s.device = NULL;
    sg_trimp_hr_histogram(act, in->hr_s, in->hr_mean);
    if (!sg_load_on_foot(in->s.sport)) {
        /* the one elevation computation (strideguard/figures.h), as for runs */
        sg_figures f;
        int frc = sg_activity_figures(act, false, &f, err);
        if (frc == SG_OK && isfinite(f.descent_m)) {
            in->s.ascent_m = f.ascent_m;
            in->s.descent_m = f.descent_m;
        }
        return frc;
    }
    sg_run_result *rr = malloc(sizeof *rr);
    if (!rr)
        return sg_err_set(err, SG_ENOMEM, -1, "load inputs: out of memory");
    sg_err e;
    sg_err_clear(&e);
    int rc = sg_run_analyze(act, NULL, rr, &e);
    if (rc == SG_OK) {
        in->s.impact_weighted_km = rr->impact_weighted_km;
        /* the one elevation computation (strideguard/figures.h) for every
         * file, so runs from different devices and the race course compare */
        if (isfinite(rr->terrain.descent_m)) {
            in->s.descent_m = rr->terrain.descent_m;
            in->s.ascent_m = rr->terrain.ascent_m;
        }
        if (!isfinite(in->s.distance_m))
            in->s.distance_m = rr->distance_m;
    } else if (rc == SG_ENOMEM) {
        sg_err_set(err, rc, -1, "%s", e.msg);
    } else {
        rc = SG_OK;   /* too little data for the run analysis: no impact figure */
    }
    sg_run_result_free(rr);
    free(rr);
    return rc;
}

double sg_app_load_trimp(const sg_app_load_inputs *in, double hr_rest, double hr_max, sg_sex sex)
{
    return in ? sg_trimp_from_histogram(in->hr_s, in->hr_mean, hr_rest, hr_max, sex) : NAN;
}

int sg_app_load_inputs_to_json(const sg_app_load_inputs *in, char **json, sg_err *err)
{
    *json = NULL;
    sg_jw w;
    sg_jw_init_buf(&w, 1 << 20, 0);
    const sg_run_summary *s = &in->s;
    sg_jw_obj_begin(&w);
    sg_jw_knum(&w, "start", s->start);
    sg_jw_kstr(&w, "sport", sg_sport_name(s->sport));
    sg_jw_knum(&w, "distance_m", s->distance_m);
    sg_jw_knum(&w, "moving_time_s", s->moving_time_s);
    sg_jw_knum(&w, "duration_s", s->duration_s);
    sg_jw_knum(&w, "ascent_m", s->ascent_m);
    sg_jw_knum(&w, "descent_m", s->descent_m);
    sg_jw_knum(&w, "impact_weighted_km", s->impact_weighted_km);
    sg_jw_knum(&w, "hr_peak", s->hr_peak);
    sg_jw_kstr(&w, "device", in->device);
    sg_jw_kbool(&w, "from_listing", in->from_listing);
    /* [bpm bin, seconds, mean bpm] for bins with time */
    sg_jw_key(&w, "hr");
    sg_jw_arr_begin(&w);
    for (int b = 0; b < SG_APP_LOAD_HR_BINS; b++)
        if (in->hr_s[b] > 0) {
            sg_jw_int(&w, b + SG_APP_LOAD_HR_LO);
            sg_jw_num(&w, in->hr_s[b]);
            sg_jw_num(&w, in->hr_mean[b]);
        }
    sg_jw_arr_end(&w);
    sg_jw_obj_end(&w);
    if (sg_jw_error(&w)) {
        sg_jw_dispose(&w);
        return sg_err_set(err, SG_ENOMEM, -1, "load inputs: out of memory");
    }
    *json = sg_jw_take_buf(&w, NULL);
    return SG_OK;
}

static double jnum(json_t *o, const char *k, int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return NAN;
    if (!json_is_number(v)) {
        *bad = 1;
        return NAN;
    }
    return json_number_value(v);
}

/* ---- the cache form as to_json writes it, read without a JSON tree ----
 * A warm load reads every run's inputs (the whole history, see
 * summarize_runs); building a jansson tree of each one's ~150 heart-rate
 * numbers was most of a warm call (about 25 ms of 35 for 773 runs). The
 * text to_json writes has one shape: these keys in this order, no
 * whitespace, numbers as sg_jw_num writes them (or null), the device without
 * escapes. read_exact reads exactly that shape, converting numbers as
 * jansson does (number() below), and gives up (0) on anything else, which then goes through
 * the general reader below: the result is the same either way
 * (tests/test_app_load.c compares both on the same inputs). */

/* Skips the literal `text` at *p. */
static int lit(const char **p, const char *text)
{
    size_t n = strlen(text);
    if (strncmp(*p, text, n) != 0)
        return 0;
    *p += n;
    return 1;
}

static const char *digits(const char *q)
{
    while (*q >= '0' && *q <= '9')
        q++;
    return q;
}

/* A JSON number (RFC 8259 grammar), or null (NaN) unless `whole`, which asks
 * for an integer. Converted as jansson converts: an integer (no fraction or
 * exponent) by strtoll, so "-0" is +0, and refused beyond 15 digits (where
 * jansson's integer range and a double's exact integers end); a real by
 * strtod. */
static int number(const char **p, double *v, int whole)
{
    if (!whole && lit(p, "null")) {
        *v = NAN;
        return 1;
    }
    const char *q = *p + (**p == '-');
    const char *d = digits(q);
    if (d == q || (*q == '0' && d != q + 1))
        return 0;   /* no digit, or a leading zero */
    int integer = 1;
    size_t n_int = (size_t)(d - q);
    q = d;
    if (*q == '.') {
        d = digits(q + 1);
        if (d == q + 1)
            return 0;
        q = d;
        integer = 0;
    }
    if (*q == 'e' || *q == 'E') {
        q += 1 + (q[1] == '+' || q[1] == '-');
        d = digits(q);
        if (d == q)
            return 0;
        q = d;
        integer = 0;
    }
    if (integer ? n_int > 15 : whole)
        return 0;
    if (integer) {   /* strtoll's value, without its locale machinery */
        long long i = 0;
        for (const char *c = *p + (**p == '-'); c < d; c++)
            i = i * 10 + (*c - '0');
        *v = (double)(**p == '-' ? -i : i);
    } else {
        *v = strtod(*p, NULL);
        if (!isfinite(*v))
            return 0;   /* out of range: jansson refuses it */
    }
    *p = q;
    return 1;
}

/* "key":number, then the comma. */
static int field(const char **p, const char *key, double *v)
{
    return lit(p, key) && number(p, v, 0) && lit(p, ",");
}

/* A string of printable ASCII without escapes into buf (cut to cap - 1
 * bytes, as snprintf would); 0 when longer than `limit` or not plain (an
 * escape or UTF-8, which the general reader checks). */
static int plain_string(const char **p, char *buf, size_t cap, size_t limit)
{
    if (!lit(p, "\""))
        return 0;
    const char *q = *p;
    while (*q >= 0x20 && *q <= 0x7e && *q != '"' && *q != '\\')
        q++;
    size_t n = (size_t)(q - *p);
    if (*q != '"' || n > limit)
        return 0;
    size_t k = n < cap - 1 ? n : cap - 1;
    memcpy(buf, *p, k);
    buf[k] = '\0';
    *p = q + 1;
    return 1;
}

static int read_exact(const char *json, long long id, sg_app_load_inputs *in)
{
    const char *p = json;
    char sport[32];
    inputs_clear(in, id);
    sg_run_summary *s = &in->s;
    if (!lit(&p, "{") || !field(&p, "\"start\":", &s->start) || !lit(&p, "\"sport\":") ||
        !plain_string(&p, sport, sizeof sport, sizeof sport - 1) || !lit(&p, ",") ||
        !field(&p, "\"distance_m\":", &s->distance_m) ||
        !field(&p, "\"moving_time_s\":", &s->moving_time_s) ||
        !field(&p, "\"duration_s\":", &s->duration_s) ||
        !field(&p, "\"ascent_m\":", &s->ascent_m) ||
        !field(&p, "\"descent_m\":", &s->descent_m) ||
        !field(&p, "\"impact_weighted_km\":", &s->impact_weighted_km) ||
        !field(&p, "\"hr_peak\":", &s->hr_peak) || !lit(&p, "\"device\":") ||
        !plain_string(&p, in->device, sizeof in->device, 4096) ||
        !lit(&p, ",\"from_listing\":"))
        return 0;
    if (lit(&p, "true"))
        in->from_listing = true;
    else if (!lit(&p, "false"))
        return 0;
    if (!lit(&p, ",\"hr\":["))
        return 0;
    for (int first = 1; !lit(&p, "]"); first = 0) {
        double b, sec, mean;
        if ((!first && !lit(&p, ",")) || !number(&p, &b, 1) || !lit(&p, ",") ||
            !number(&p, &sec, 0) || isnan(sec) || !lit(&p, ",") || !number(&p, &mean, 0) ||
            isnan(mean))
            return 0;
        long long k = (long long)b - SG_APP_LOAD_HR_LO;
        if (k < 0 || k >= SG_APP_LOAD_HR_BINS)
            return 0;
        in->hr_s[k] = sec;
        in->hr_mean[k] = mean;
    }
    if (!lit(&p, "}") || *p)
        return 0;
    s->sport = sg_sport_parse(sport);
    return 1;
}

int sg_app_load_inputs_from_json(const char *json, long long id, sg_app_load_inputs *in,
                                 sg_err *err)
{
    if (json && in && read_exact(json, id, in))
        return SG_OK;
    json_error_t je;
    json_t *o = json_loads(json, 0, &je);
    int rc = SG_OK, bad = 0;
    if (!o || !json_is_object(o)) {
        rc = sg_err_set(err, SG_EFORMAT, -1, "cached load inputs: not a JSON object");
        goto out;
    }
    inputs_clear(in, id);
    sg_run_summary *s = &in->s;
    s->start = jnum(o, "start", &bad);
    const char *sport = json_string_value(json_object_get(o, "sport"));
    s->sport = sport ? sg_sport_parse(sport) : SG_SPORT_UNKNOWN;
    s->distance_m = jnum(o, "distance_m", &bad);
    s->moving_time_s = jnum(o, "moving_time_s", &bad);
    s->duration_s = jnum(o, "duration_s", &bad);
    s->ascent_m = jnum(o, "ascent_m", &bad);
    s->descent_m = jnum(o, "descent_m", &bad);
    s->impact_weighted_km = jnum(o, "impact_weighted_km", &bad);
    s->hr_peak = jnum(o, "hr_peak", &bad);
    const char *dev = json_string_value(json_object_get(o, "device"));
    snprintf(in->device, sizeof in->device, "%s", dev ? dev : "");
    in->from_listing = json_is_true(json_object_get(o, "from_listing"));
    json_t *hr = json_object_get(o, "hr");
    if (!json_is_array(hr) || json_array_size(hr) % 3) {
        bad = 1;
    } else {
        for (size_t i = 0; i + 2 < json_array_size(hr); i += 3) {
            json_t *jb = json_array_get(hr, i), *js = json_array_get(hr, i + 1),
                   *jm = json_array_get(hr, i + 2);
            if (!json_is_integer(jb) || !json_is_number(js) || !json_is_number(jm)) {
                bad = 1;
                break;
            }
            long long b = json_integer_value(jb) - SG_APP_LOAD_HR_LO;
            if (b < 0 || b >= SG_APP_LOAD_HR_BINS) {
                bad = 1;
                break;
            }
            in->hr_s[b] = json_number_value(js);
            in->hr_mean[b] = json_number_value(jm);
        }
    }
    if (bad || !sport)
        rc = sg_err_set(err, SG_EFORMAT, -1, "cached load inputs: unexpected content");
out:
    json_decref(o);
    return rc;
}

/* ---- the use case ---------------------------------------------------- */

typedef struct rows {
    sg_store_row *v;
    size_t n, cap;
    int enomem;
} rows;

static int collect_row(void *ctx, const sg_store_row *row)
{
    rows *r = ctx;
    int rc = sg_grow_room(&r->v, r->n, &r->cap, sizeof *r->v, 256, SG_LOAD_MAX_RUNS, "runs",
                          NULL);
    if (rc) {
        r->enomem = rc == SG_ELIMIT ? 2 : 1;
        return 1;
    }
    r->v[r->n++] = *row;
    return 0;
}

/* The cached inputs of every run that has them, read in one statement
 * (sg_store_cache_get_all), by activity id; each text malloc()ed. */
typedef struct cached_ent {
    long long id;
    char *json;
} cached_ent;

typedef struct cached {
    cached_ent *v;
    size_t n, cap;
    int fail;        /* SG_ENOMEM or SG_ELIMIT while collecting */
} cached;

static int collect_cached(void *ctx, long long id, const char *json)
{
    cached *c = ctx;
    int rc = sg_grow_room(&c->v, c->n, &c->cap, sizeof *c->v, 256, SG_LOAD_MAX_RUNS,
                          "cached inputs", NULL);
    char *copy = rc ? NULL : strdup(json);
    if (!copy) {
        c->fail = rc ? rc : SG_ENOMEM;
        return 1;
    }
    c->v[c->n++] = (cached_ent){id, copy};
    return 0;
}

/* The cached text of run `id`, or NULL (binary search: the statement gives
 * them by id). */
static const char *cached_of(const cached *c, long long id)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n && c->v[lo].id == id ? c->v[lo].json : NULL;
}

static void cached_free(cached *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].json);
    free(c->v);
}

typedef struct rpe_ent {
    long long run_id;
    long long order;
    int rpe;
    bool used;
} rpe_ent;

typedef struct rpes {
    rpe_ent *v;
    size_t n;
    size_t bad;      /* damaged, or of no run, or out of 0..10 */
} rpes;

/* The usable RPE entries of the journal (app/journal.c's loader), in
 * journal order; the others counted in r->bad. */
static int collect_rpes(sg_store *st, rpes *r, sg_err *err)
{
    sg_entry *es = NULL;
    size_t n = 0;
    int rc = sg_app_journal_load_valid(st, SG_ENTRY_RPE, &es, &n, &r->bad, err);
    if (rc)
        return rc;
    r->v = malloc((n ? n : 1) * sizeof *r->v);
    if (!r->v) {
        free(es);
        return sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const sg_entry *e = &es[i];
        if (e->u.rpe.run_id <= 0 || e->u.rpe.rpe < 0 || e->u.rpe.rpe > 10) {
            r->bad++;
            continue;
        }
        r->v[r->n] = (rpe_ent){e->u.rpe.run_id, (long long)r->n, e->u.rpe.rpe, false};
        r->n++;
    }
    free(es);
    return SG_OK;
}

static int cmp_rpe(const void *pa, const void *pb)
{
    const rpe_ent *a = pa, *b = pb;
    if (a->run_id != b->run_id)
        return a->run_id < b->run_id ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The RPE logged last for a run (journal order), or NaN. */
static double rpe_for(rpes *r, long long id)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {   /* first entry with run_id > id */
        size_t mid = lo + (hi - lo) / 2;
        if (r->v[mid].run_id <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || r->v[lo - 1].run_id != id)
        return NAN;
    for (size_t k = lo; k-- > 0 && r->v[k].run_id == id;)
        r->v[k].used = true;
    return r->v[lo - 1].rpe;
}

/* Compact heart-rate histograms of all activities, for TRIMP once HRmax is
 * known. */
typedef struct hr_pool {
    double *bpm, *sec;
    size_t n, cap;
} hr_pool;

static int pool_add(hr_pool *p, const sg_app_load_inputs *in, size_t *first, size_t *count)
{
    size_t k = 0;
    for (int b = 0; b < SG_APP_LOAD_HR_BINS; b++)
        k += in->hr_s[b] > 0;
    if (p->n + k > p->cap) {
        size_t cap = sg_grow_cap_to(p->cap, p->n + k, 4096, SIZE_MAX, sizeof(double));
        if (!cap)
            return SG_ENOMEM;
        double *bpm = realloc(p->bpm, cap * sizeof *bpm);
        if (!bpm)
            return SG_ENOMEM;
        p->bpm = bpm;
        double *sec = realloc(p->sec, cap * sizeof *sec);
        if (!sec)
            return SG_ENOMEM;
        p->sec = sec;
        p->cap = cap;
    }
    *first = p->n;
    for (int b = 0; b < SG_APP_LOAD_HR_BINS; b++)
        if (in->hr_s[b] > 0) {
            p->bpm[p->n] = in->hr_mean[b];
            p->sec[p->n] = in->hr_s[b];
            p->n++;
        }
    *count = k;
    return SG_OK;
}

static double pool_trimp(const hr_pool *p, size_t first, size_t count, double hr_rest,
                         double hr_max, sg_sex sex)
{
    sg_app_load_inputs one;
    if (!count)
        return NAN;
    /* rebuild only the bins that matter; sg_app_load_trimp is the one formula */
    memset(one.hr_s, 0, sizeof one.hr_s);
    for (size_t i = first; i < first + count; i++) {
        long b = lround(p->bpm[i]) - SG_APP_LOAD_HR_LO;
        b = b < 0 ? 0 : b >= SG_APP_LOAD_HR_BINS ? SG_APP_LOAD_HR_BINS - 1 : b;
        one.hr_s[b] = p->sec[i];
        one.hr_mean[b] = p->bpm[i];
    }
    return sg_app_load_trimp(&one, hr_rest, hr_max, sex);
}

/* Codes of a damaged sample blob (or a run deleted meanwhile): that run
 * falls back to its listing; anything else is the store's failure. */
static int blob_damage(int code)
{
    return code == SG_EFORMAT || code == SG_ECRC || code == SG_ETRUNC || code == SG_ELIMIT ||
           code == SG_ENODATA || code == SG_ENOTFOUND || code == SG_EUNSUPPORTED;
}

static void listing_inputs(const sg_store_row *row, sg_app_load_inputs *in)
{
    inputs_clear(in, row->id);
    in->from_listing = true;
    in->s.start = row->s.start;
    in->s.sport = row->s.sport;
    in->s.distance_m = row->s.distance_m;
    in->s.duration_s = row->s.duration_s;
    in->s.moving_time_s = row->s.moving_time_s;
    in->s.ascent_m = row->s.ascent_m;
    snprintf(in->device, sizeof in->device, "%s", row->s.device);
}

/* Course file -> summary. Returns 1 when usable; else writes why. */
/* The race course: the file `path` when given (an override), else the one
 * kept in the store (src/app/course.h). 1 when summarised; 0 with why set
 * when it cannot be used, and with why "" when no course is set. */
static int read_course(sg_store *st, const char *path, const sg_allocator *a, sg_course *c,
                       char *name, size_t name_cap, char *why, size_t cap)
{
    sg_activity *act = NULL;
    sg_app_course_info info;
    sg_err e;
    sg_err_clear(&e);
    int rc = path ? sg_app_course_read_file(path, a, &act, &info, &e)
                  : sg_app_course_get(st, a, &act, &info, &e);
    if (rc == SG_ENOTFOUND && !path) {
        sg_activity_free(act);
        return 0; /* no course set: nothing to say */
    }
    snprintf(name, name_cap, "%s", info.name);
    /* both readers have checked the track (sg_app_course_put's rule) */
    if (!rc)
        rc = sg_course_summarize(act, c, &e);
    if (rc)
        snprintf(why, cap, "%s", e.msg[0] ? e.msg : sg_code_name(e.code));
    sg_activity_free(act);
    return !rc;
}

/* The state of one sg_app_load call, shared by its steps below (each in
 * the order the use case runs them). */
typedef struct load_call {
    sg_store *st;
    const sg_app_load_opts *o;
    const sg_allocator *a;
    sg_err *err;
    sg_app_load_stats stats;
    sg_athlete ath;
    int found;
    rows rw;
    cached cache;            /* the cached inputs, read before the walk */
    rpes rp;
    hr_pool pool;
    sg_run_summary *sums, *peaks;
    char (*devs)[96];
    size_t *hr_first, *hr_count;
    size_t n;                /* summaries kept */
    sg_app_load_inputs *in;
    char *json;
    int in_tx, cache_ok;
    size_t batch;
    double hr_max;
    sg_course course;
} load_call;

/* The RPE entries of the journal, sorted by run then journal order. */
static int load_rpes(load_call *L)
{
    int rc;
    if ((rc = collect_rpes(L->st, &L->rp, L->err)))
        return rc;
    if (L->rp.n)
        qsort(L->rp.v, L->rp.n, sizeof *L->rp.v, cmp_rpe);
    return SG_OK;
}

/* The store's listing, and room for a summary per activity. */
static int load_rows(load_call *L)
{
    int rc;
    sg_store_filter f;
    sg_store_filter_init(&f);
    if ((rc = sg_store_list(L->st, &f, collect_row, &L->rw, L->err)) && !L->rw.enomem)
        return rc;
    if (L->rw.enomem)
        return sg_err_set(L->err, L->rw.enomem == 2 ? SG_ELIMIT : SG_ENOMEM, -1,
                          L->rw.enomem == 2 ? "load: more than %zu activities"
                                            : "load: out of memory",
                          SG_LOAD_MAX_RUNS);
    L->stats.activities = L->rw.n;
    size_t m = L->rw.n ? L->rw.n : 1;
    L->sums = calloc(m, sizeof *L->sums);
    L->peaks = calloc(m, sizeof *L->peaks);
    L->devs = calloc(m, sizeof *L->devs);
    L->hr_first = calloc(m, sizeof *L->hr_first);
    L->hr_count = calloc(m, sizeof *L->hr_count);
    if (!L->sums || !L->peaks || !L->devs || !L->hr_first || !L->hr_count)
        return sg_err_set(L->err, SG_ENOMEM, -1, "load: out of memory");
    return SG_OK;
}

/* Ends the cache's open transaction, if any, keeping what it wrote. */
static void cache_commit(load_call *L)
{
    sg_err ce;
    if (sg_store_commit(L->st, &ce) != SG_OK)
        sg_store_rollback(L->st, NULL);
    L->in_tx = 0;
}

/* Writes L->in to the cache, CACHE_BATCH writes per transaction; on the
 * first failure (read-only or full) goes on without the cache. */
static void cache_put(load_call *L, const sg_store_row *row, int ver)
{
    sg_err ce;
    if (!L->in_tx && sg_store_begin(L->st, &ce) == SG_OK)
        L->in_tx = 1;
    if (sg_app_load_inputs_to_json(L->in, &L->json, &ce) == SG_OK &&
        sg_store_cache_put(L->st, row->id, SG_APP_LOAD_CACHE_NAME, ver, L->json, &ce) == SG_OK) {
        L->stats.cache_written++;
        L->batch++;
    } else {
        L->cache_ok = 0;   /* read-only or full: go on without the cache */
    }
    free(L->json);
    L->json = NULL;
    if (L->in_tx && (L->batch >= CACHE_BATCH || !L->cache_ok)) {
        cache_commit(L);
        L->batch = 0;
    }
}

/* One activity's inputs into L->in: from the cache, else computed from its
 * samples (and cached), else from its listing when its blob is damaged. */
static int run_inputs(load_call *L, const sg_store_row *row, int ver)
{
    int have = 0, rc;
    const char *json = L->cache_ok ? cached_of(&L->cache, row->id) : NULL;
    if (json) {
        sg_err ce;
        have = sg_app_load_inputs_from_json(json, row->id, L->in, &ce) == SG_OK;
    }
    if (have) {
        L->stats.from_cache++;
        return SG_OK;
    }
    sg_activity *act = NULL;
    sg_err le;
    sg_err_clear(&le);
    int lrc = sg_store_load(L->st, row->id, L->a, &act, &le);
    if (lrc != SG_OK && !blob_damage(lrc)) {
        /* the database itself failed (or memory): not one run's problem */
        return sg_err_set(L->err, lrc, -1, "%s", le.msg[0] ? le.msg : sg_code_name(lrc));
    }
    if (lrc == SG_OK) {
        rc = sg_app_load_inputs_compute(act, row->id, L->in, L->err);
        sg_activity_free(act);
        if (rc)
            return rc;
        L->stats.computed++;
    } else {
        /* a damaged sample blob: the listing still knows the basics */
        listing_inputs(row, L->in);
        L->stats.unreadable++;
    }
    if (L->cache_ok && !L->in->from_listing)
        cache_put(L, row, ver);
    return SG_OK;
}

/* Every cached input of this version, in one statement: one round trip
 * instead of one per run. The load model needs every run of the history
 * (see summarize_runs), so there is no window to narrow the statement to.
 * A failed read is a cache miss for every run, as a failed single read was;
 * only running out of memory is an error. */
static int read_cache(load_call *L, int ver)
{
    sg_err ce;
    sg_err_clear(&ce);
    int rc = sg_store_cache_get_all(L->st, SG_APP_LOAD_CACHE_NAME, ver, collect_cached,
                                    &L->cache, &ce);
    if (L->cache.fail == SG_ENOMEM)
        return sg_err_set(L->err, SG_ENOMEM, -1, "load: out of memory");
    if (rc || L->cache.fail) {   /* over the ceiling, or the store refused: recompute */
        cached_free(&L->cache);
        memset(&L->cache, 0, sizeof L->cache);
    }
    return SG_OK;
}

/* Every activity's summary (with its RPE and heart-rate bins), but those
 * after a what-if "today".
 *
 * The whole history, not a window: sg_load_analyze's output depends on every
 * run from the first one on. The 7- and 28-day EWMAs and the PMC's CTL/ATL
 * (42/7 days) are recursions started on the first day, so no finite window
 * leaves their values unchanged to the last bit; the gap threshold is the
 * median interval between all activity days; the automatic metric is chosen
 * by the share of all runs with TRIMP or RPE, and missing loads are imputed
 * from the median load per minute of all runs; the estimated HRmax reads
 * every run's peak. So every run's summary is read, but cheaply: the cached
 * inputs of all of them come from one statement (read_cache). */
static int summarize_runs(load_call *L)
{
    int rc;
    const sg_app_load_opts *o = L->o;
    sg_app_load_inputs *in = L->in;
    const int ver = sg_app_load_cache_version();
    size_t k = 0;   /* summaries kept */
    if (L->cache_ok && (rc = read_cache(L, ver)))
        return rc;
    for (size_t i = 0; i < L->rw.n; i++) {
        const sg_store_row *row = &L->rw.v[i];
        if ((rc = run_inputs(L, row, ver)))
            return rc;
        if (isfinite(o->now) && o->now > o->today && in->s.start > o->today &&
            in->s.start <= o->now) {
            L->stats.after_today++;   /* a what-if "today": not there yet, not wrong */
            continue;
        }
        L->sums[k] = in->s;
        memcpy(L->devs[k], in->device, sizeof L->devs[k]);
        L->sums[k].device = L->devs[k][0] ? L->devs[k] : NULL;
        L->sums[k].srpe = rpe_for(&L->rp, row->id);
        if ((rc = pool_add(&L->pool, in, &L->hr_first[k], &L->hr_count[k])))
            return sg_err_set(L->err, SG_ENOMEM, -1, "load: out of memory");
        k++;
    }
    L->n = k;
    if (L->in_tx)
        cache_commit(L);
    return SG_OK;
}

/* Runs with an RPE used, and RPE entries ignored (of runs not loaded, or
 * damaged). */
static void count_rpes(load_call *L)
{
    const rpes *rp = &L->rp;
    for (size_t q = 0; q < rp->n;) {
        size_t j = q;
        bool used = false;
        for (; j < rp->n && rp->v[j].run_id == rp->v[q].run_id; j++)
            used |= rp->v[j].used;
        if (used)
            L->stats.rpe_used++;
        else
            L->stats.rpe_ignored += j - q;
        q = j;
    }
    L->stats.rpe_ignored += rp->bad;
}

/* Heart-rate context: TRIMP needs HRmax before the analysis runs. */
static void heart_rate(load_call *L)
{
    double hr_rest = isfinite(L->ath.hr_rest) ? L->ath.hr_rest : SG_APP_LOAD_HR_REST_DEFAULT;
    double hr_max = L->ath.hr_max;
    if (!isfinite(hr_max)) {
        /* clock-wrong activities are no evidence of anything (the analysis
         * leaves them out too) */
        size_t np = 0;
        for (size_t i = 0; i < L->n; i++)
            if (L->sums[i].start >= CLOCK_FLOOR)
                L->peaks[np++] = L->sums[i];
        hr_max = sg_load_estimate_hr_max(L->peaks, np, L->o->today, NULL);
        L->stats.hr_max_estimated = isfinite(hr_max);
    }
    L->stats.hr_max = hr_max;
    L->hr_max = hr_max;
    for (size_t i = 0; i < L->n; i++)
        L->sums[i].trimp = pool_trimp(&L->pool, L->hr_first[i], L->hr_count[i], hr_rest, hr_max,
                                      L->ath.sex);
}

/* The analysis over the summaries, with the athlete and the race course. */
static int analyze(load_call *L, sg_load_result **out)
{
    const sg_app_load_opts *o = L->o;
    sg_athlete used = L->ath;   /* a shallow copy: only read during the call */
    used.hr_max = L->hr_max;
    sg_load_opts lo;
    sg_load_opts_init(&lo, o->today);
    lo.weeks = o->weeks;
    lo.metric = o->metric;
    lo.athlete = &used;
    lo.race_date = o->race_date;
    lo.course = L->stats.course ? &L->course : NULL;
    return sg_load_analyze(L->sums, L->n, &lo, L->a, out, L->err);
}

/* The use case's own flags: what the inputs lacked. */
static void add_flags(const load_call *L, sg_load_result *r)
{
    const sg_app_load_stats *stats = &L->stats;
    if (stats->hr_max_estimated) {
        r->hr_max_estimated = true;
        sg_flag_add(r->flags, &r->n_flags, "hr_max_estimated", SG_FLAG_INFO,
                    "Maximum heart rate not set; estimated at %.0f bpm from your highest "
                    "recorded run peaks (likely an underestimate; set it with strideguard "
                    "athlete set --hr-max).",
                    L->hr_max);
    }
    if (!L->found)
        sg_flag_add(r->flags, &r->n_flags, "no_profile", SG_FLAG_INFO,
                    "No athlete profile: heart-rate load uses defaults and no race is set "
                    "(strideguard athlete set).");
    if (stats->unreadable)
        sg_flag_add(r->flags, &r->n_flags, "activities_unreadable", SG_FLAG_INFO,
                    "%zu stored activit%s could not be decoded; only %s listed distance and "
                    "time %s used.",
                    stats->unreadable, stats->unreadable == 1 ? "y" : "ies",
                    stats->unreadable == 1 ? "its" : "their",
                    stats->unreadable == 1 ? "is" : "are");
    if (stats->course_error[0] && !stats->course && r->has_race)
        sg_flag_add(r->race.flags, &r->race.n_flags, "course_unreadable", SG_FLAG_WATCH,
                    "The race course file could not be used (%s); readiness below ignores it.",
                    stats->course_error);
}

static void load_call_free(load_call *L)
{
    if (L->in_tx)
        sg_store_rollback(L->st, NULL);
    free(L->json);
    free(L->in);
    free(L->sums);
    free(L->peaks);
    free(L->devs);
    free(L->hr_first);
    free(L->hr_count);
    free(L->pool.bpm);
    free(L->pool.sec);
    free(L->rw.v);
    cached_free(&L->cache);
    free(L->rp.v);
    sg_athlete_clear(&L->ath);
}

int sg_app_load(sg_store *st, const sg_app_load_opts *o, const sg_allocator *a,
                sg_load_result **out, sg_app_load_stats *stats_out, sg_err *err)
{
    if (out)
        *out = NULL;
    if (!st || !o || !out)
        return sg_err_set(err, SG_EUSAGE, -1, "load: missing argument");
    if (!isfinite(o->today))
        return sg_err_set(err, SG_EUSAGE, -1, "load: today is not a time");
    load_call L;
    memset(&L, 0, sizeof L);
    L.st = st;
    L.o = o;
    L.a = a;
    L.err = err;
    L.stats.hr_max = NAN;
    sg_athlete_init(&L.ath, NULL);
    L.in = malloc(sizeof *L.in);
    L.cache_ok = !o->no_cache;
    int rc;
    if (!L.in) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
        goto out;
    }
    if ((rc = sg_app_athlete_load(st, &L.ath, &L.found, err)))
        goto out;
    L.stats.profile = L.found;
    if ((rc = load_rpes(&L)) || (rc = load_rows(&L)) || (rc = summarize_runs(&L)))
        goto out;
    count_rpes(&L);
    heart_rate(&L);
    /* the race course */
    L.stats.course = read_course(st, o->course_path, a, &L.course, L.stats.course_path,
                                 sizeof L.stats.course_path, L.stats.course_error,
                                 sizeof L.stats.course_error);
    if ((rc = analyze(&L, out)))
        goto out;
    add_flags(&L, *out);
out:
    if (stats_out)
        *stats_out = L.stats;
    load_call_free(&L);
    return rc;
}
