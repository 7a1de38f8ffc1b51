/* Fills a clinic store with N simulated runners x Y years, for the scale
 * benchmark (bench/scale/run.sh, docs/scale.md).
 *
 * usage: gen DB [--athletes N] [--years Y] [--seed S] [--interval SECONDS]
 *            [--end YYYY-MM-DD] [--password PW] [--json] [--local]
 *   DB            a SQLite file or a postgresql:// URL (created / migrated)
 *   --athletes    runners (default 200)
 *   --years       years of history each (default 3: 156 weeks)
 *   --seed        every run, profile and journal entry is a function of it
 *   --interval    seconds between stored samples (default 10; 1 = 1 Hz)
 *   --end         the last day of every history (default 2026-11-29)
 *   --password    every account's password (default "scale bench password")
 *   --json        one summary object on stdout
 *   --local       one runner's own store instead (athlete 1, no accounts):
 *                 the local store a `share push` sends
 *
 * What it writes, through the store API and the account use cases:
 * - one admin ("admin"), one clinic ("Scale Clinic"), one clinician
 *   ("clinician") and one runner account per athlete ("runner-0001", ...)
 *   made by redeeming an invitation, which gives the account its athlete;
 * - per athlete (sg_store_use_athlete): a profile, a sim block of Y x 52
 *   weeks (3-7 runs a week, long runs, hills, tempo, rest weeks; a planted
 *   load spike for a quarter of them), each run ingested as `import` would
 *   (summary + sample blob + one source), and a journal: a weekly OSTRC-O2
 *   lower-back questionnaire, pain stretches of 2-4 weeks (pain entries,
 *   a red-flag screen at the start, prehab), one ending in the last days for
 *   a fifth of the runners, a few with a positive screen answer.
 * One transaction per athlete. Progress on stderr. Passwords are salted and
 * codes random; everything else is deterministic for a given seed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/accounts.h"
#include "app/athlete.h"
#include "bytes/sha256.h"
#include "strideguard/journal.h"
#include "strideguard/sim.h"
#include "strideguard/store.h"

typedef struct opts {
    const char *db, *end, *password;
    int athletes, years;
    unsigned long long seed;
    double interval;
    int json;
    int local;     /* --local: one runner's own store (athlete 1), no accounts */
} opts;

typedef struct totals {
    long long runs, sources, journal, accounts, kv;
    long long blob_bytes;
    double accounts_s, fill_s;
} totals;

/* One athlete's fill: the store, the running totals, the day the history ends. */
typedef struct fill {
    sg_store *st;
    totals *t;
    int end_day;
    long long athlete;
} fill;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double uni(sg_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sg_rng_uniform(r);
}

static int store_run(void *vc, size_t index, sg_activity *act, sg_err *err)
{
    fill *f = vc;
    unsigned char *blob = NULL;
    size_t len = 0;
    sg_store_summary sum;
    sg_store_summarize(act, &sum);
    int rc = sg_store_blob_encode(act, &blob, &len, err);
    if (!rc) {
        char path[64];
        snprintf(path, sizeof path, "a%lld-run-%05zu.fit", f->athlete, index);
        sg_store_source src;
        memset(&src, 0, sizeof src);
        src.path = src.file_name = path;
        sg_sha256_hex(blob, len, src.sha256);
        src.format = "fit";
        src.size = (long long)len;
        src.imported_at = (long long)sum.start + 3600;
        sg_ingest_result res;
        rc = sg_store_ingest(f->st, &sum, blob, len, &src, &res, err);
        if (!rc && res.outcome == SG_INGEST_NEW) {
            f->t->runs++;
            f->t->sources++;
            f->t->blob_bytes += (long long)len;
        }
    }
    free(blob);
    sg_activity_free(act);
    return rc;
}

static int put_entry(fill *f, sg_entry *e, sg_err *err)
{
    int rc = sg_entry_validate(e, f->end_day, err);
    char *json = NULL;
    if (!rc)
        rc = sg_entry_to_json(e, &json, err);
    if (!rc) {
        char date[11];
        sg_journal_date_format(sg_entry_day(e), date);
        long long id;
        rc = sg_store_journal_add(f->st, sg_entry_kind_name(e->kind), date, json, &id, err);
        f->t->journal += rc == SG_OK;
    }
    free(json);
    return rc;
}

static const sg_region pain_regions[] = {SG_REGION_LUMBAR, SG_REGION_SACROILIAC,
                                         SG_REGION_LUMBOSACRAL, SG_REGION_HIP,
                                         SG_REGION_BUTTOCK};
static const char *const prehab_ids[] = {"dead_bug", "side_plank", "single_leg_bridge",
                                         "pallof_press", "bird_dog"};

/* A pain stretch of `weeks` weeks from day `from`: a screen on its first day
 * (yes to night pain when `flag`), pain 2-3 times a week, prehab twice. */
static int pain_stretch(fill *f, sg_rng *r, int from, int weeks, int flag, sg_err *err)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_SCREEN);
    e.u.screen.day = from;
    e.u.screen.no = SG_RF_ALL & ~(flag ? SG_RF_BIT(SG_RF_NIGHT_PAIN) : 0u);
    e.u.screen.yes = flag ? SG_RF_BIT(SG_RF_NIGHT_PAIN) : 0u;
    int rc = put_entry(f, &e, err);
    sg_region region = pain_regions[sg_rng_range(r, 0, 4)];
    sg_side side = (sg_side)sg_rng_range(r, SG_SIDE_LEFT, SG_SIDE_CENTRAL);
    for (int w = 0; !rc && w < weeks; w++) {
        for (int k = 0; !rc && k < 3; k++) {
            int day = from + 7 * w + 2 * k + (k == 2 ? sg_rng_range(r, 0, 1) : 0);
            if (day > f->end_day || (k == 2 && sg_rng_uniform(r) < 0.5))
                continue;
            sg_entry_init(&e, SG_ENTRY_PAIN);
            e.u.pain.day = day;
            e.u.pain.region = region;
            e.u.pain.side = side;
            e.u.pain.severity = sg_rng_range(r, 2, w == 0 ? 6 : 4);
            e.u.pain.timing = (sg_timing)sg_rng_range(r, SG_TIMING_DURING, SG_TIMING_NEXT_MORNING);
            if (e.u.pain.timing == SG_TIMING_NEXT_MORNING)
                e.u.pain.stiffness_min = sg_rng_range(r, 5, 45);
            else if (e.u.pain.timing == SG_TIMING_DURING)
                e.u.pain.km = uni(r, 3, 20);
            e.u.pain.changed_run = sg_rng_uniform(r) < 0.3;
            rc = put_entry(f, &e, err);
        }
        for (int k = 0; !rc && k < 2; k++) {
            int day = from + 7 * w + 1 + 3 * k;
            if (day > f->end_day)
                continue;
            sg_entry_init(&e, SG_ENTRY_PREHAB);
            e.u.prehab.day = day;
            rc = sg_entry_set_exercise(&e, prehab_ids[sg_rng_range(r, 0, 4)], err);
            if (!rc)
                rc = put_entry(f, &e, err);
        }
    }
    return rc;
}

/* The journal of one athlete over `weeks` weeks ending on f->end_day. */
static int journal(fill *f, sg_rng *r, int weeks, sg_err *err)
{
    int first = f->end_day - 7 * weeks + 1;
    /* pain stretches: 0-2 older ones anywhere, one recent for a fifth */
    int from[3], len[3], n = 0, flag = sg_rng_uniform(r) < 0.05;
    for (int k = sg_rng_range(r, 0, 2); k > 0 && weeks > 12; k--) {
        from[n] = first + 7 * sg_rng_range(r, 0, weeks - 10);
        len[n++] = sg_rng_range(r, 2, 4);
    }
    if (sg_rng_uniform(r) < 0.2) {
        len[n] = sg_rng_range(r, 2, 3);
        from[n] = f->end_day - 7 * len[n] + sg_rng_range(r, 3, 6);
        n++;
    } else {
        flag = 0;
    }
    int rc = SG_OK;
    for (int k = 0; !rc && k < n; k++)
        rc = pain_stretch(f, r, from[k], len[k], flag && k == n - 1, err);
    /* OSTRC-O2 every Sunday: no problem, or the stretch's answers */
    for (int w = 0; !rc && w < weeks; w++) {
        int day = first + 7 * w + 6;
        int sore = 0;
        for (int k = 0; k < n; k++)
            sore |= day >= from[k] && day < from[k] + 7 * len[k] + 7;
        sg_entry e;
        sg_entry_init(&e, SG_ENTRY_OSTRC);
        e.u.ostrc.day = day;
        e.u.ostrc.area = SG_OSTRC_LOWER_BACK;
        e.u.ostrc.answer[0] = sore ? sg_rng_range(r, 1, 2) : 0;
        e.u.ostrc.answer[1] = sore ? sg_rng_range(r, 0, 2) : 0;
        e.u.ostrc.answer[2] = sore ? sg_rng_range(r, 1, 3) : 0;
        e.u.ostrc.answer[3] = sore ? sg_rng_range(r, 1, 2) : 0;
        rc = put_entry(f, &e, err);
    }
    return rc;
}

/* Varies the runner: physiology, weekly runs, long-run build, a spike. */
static void athlete_params(sg_rng *r, const opts *o, int end_day, sg_sim_block_params *p)
{
    sg_sim_block_defaults(p);
    p->seed = sg_rng_next(r);
    p->weeks = o->years * 52;
    p->start_date = NAN;
    p->race_date = (double)end_day * 86400.0;
    p->race = false;
    p->taper = true;
    p->sample_interval_s = o->interval;
    p->runs_min = sg_rng_range(r, 3, 5);
    p->runs_max = p->runs_min + sg_rng_range(r, 1, 2);
    p->asymmetry = sg_rng_uniform(r) < 0.3;
    /* the last cycle's week 3 (cycles of 16 weeks are anchored at the end) */
    p->spike_week = sg_rng_uniform(r) < 0.25 && p->weeks >= 16 ? p->weeks - 13 : -1;
    p->long_start_m = uni(r, 12000, 18000);
    p->long_peak_m = uni(r, 24000, 34000);
    sg_sim_athlete *a = &p->athlete;
    sg_sim_athlete_default(a);
    a->sex = sg_rng_uniform(r) < 0.45 ? SG_SEX_FEMALE : SG_SEX_MALE;
    a->hr_rest = uni(r, 44, 62);
    a->hr_max = uni(r, 172, 196);
    a->vo2max = uni(r, 40, 62);
    a->mass_kg = a->sex == SG_SEX_FEMALE ? uni(r, 50, 72) : uni(r, 62, 88);
    a->easy_speed = uni(r, 2.45, 3.4);
    a->cadence_base = uni(r, 156, 180);
}

static int profile(fill *f, const sg_sim_block_params *p, sg_err *err)
{
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    a.sex = p->athlete.sex;
    a.mass_kg = p->athlete.mass_kg;
    a.hr_rest = round(p->athlete.hr_rest);
    a.hr_max = round(p->athlete.hr_max);
    int rc = sg_app_athlete_save(f->st, &a, err);
    sg_athlete_clear(&a);
    f->t->kv += rc == SG_OK;
    return rc;
}

/* An account by invitation; *athlete its athlete (runners; 0 for staff). */
static int account(sg_store *st, const opts *o, long long clinic, sg_role role,
                   const char *login, long long *athlete, totals *t, sg_err *err)
{
    double t0 = now_s();
    long long now = (long long)time(NULL);
    sg_code_req req = {"invite", role, clinic, 0, 0, now};
    sg_code_res code;
    sg_redeem_res res;
    sg_redeem_req rr = {code.code, login, o->password, now};
    int rc = sg_app_code_issue(st, &req, &code, err);
    if (!rc)
        rc = sg_app_code_redeem(st, &rr, &res, err);
    sg_account a;
    if (!rc)
        rc = sg_store_account_get(st, res.account_id, &a, err);
    if (!rc) {
        *athlete = a.athlete_id;
        t->accounts++;
    }
    t->accounts_s += now_s() - t0;
    return rc;
}

static int staff(sg_store *st, const opts *o, long long *clinic, totals *t, sg_err *err)
{
    double t0 = now_s();
    long long now = (long long)time(NULL), id, none;
    sg_admin_create_req ar = {"admin", o->password, now};
    int rc = sg_app_admin_create(st, &ar, &id, err);
    if (!rc)
        rc = sg_app_clinic_create(st, "Scale Clinic", now, clinic, err);
    t->accounts += rc == SG_OK;
    t->accounts_s += now_s() - t0;
    if (!rc)
        rc = account(st, o, *clinic, SG_ROLE_CLINICIAN, "clinician", &none, t, err);
    return rc;
}

static int one_athlete(sg_store *st, const opts *o, long long clinic, int i, int end_day,
                       totals *t, sg_err *err)
{
    char login[32];
    snprintf(login, sizeof login, "runner-%04d", i + 1);
    fill f = {st, t, end_day, 1};
    int rc = o->local ? SG_OK : account(st, o, clinic, SG_ROLE_RUNNER, login, &f.athlete, t, err);
    if (rc)
        return rc;
    sg_store_use_athlete(st, f.athlete);
    sg_rng r;
    sg_rng_seed(&r, sg_rng_derive(o->seed, (uint64_t)i));
    sg_sim_block_params p;
    athlete_params(&r, o, end_day, &p);
    if ((rc = sg_store_begin(st, err)))
        return rc;
    rc = profile(&f, &p, err);
    if (!rc)
        rc = sg_sim_block_each(&p, NULL, store_run, &f, NULL, err);
    if (!rc)
        rc = journal(&f, &r, p.weeks, err);
    if (!rc)
        return sg_store_commit(st, err);
    sg_store_rollback(st, NULL);
    return rc;
}

static int parse(int argc, char **argv, opts *o)
{
    *o = (opts){NULL, "2026-11-29", "scale bench password", 200, 3, 1, 10, 0, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--json") == 0 || strcmp(a, "--local") == 0) {
            if (a[2] == 'j')
                o->json = 1;
            else
                o->local = 1;
            continue;
        }
        if (a[0] != '-') {
            o->db = a;
            continue;
        }
        if (!v)
            return 0;
        i++;
        if (strcmp(a, "--athletes") == 0)
            o->athletes = (int)strtol(v, NULL, 10);
        else if (strcmp(a, "--years") == 0)
            o->years = (int)strtol(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            o->seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--interval") == 0)
            o->interval = strtod(v, NULL);
        else if (strcmp(a, "--end") == 0)
            o->end = v;
        else if (strcmp(a, "--password") == 0)
            o->password = v;
        else
            return 0;
    }
    if (o->local)
        o->athletes = 1;
    return o->db && o->athletes > 0 && o->athletes <= 9999 && o->years > 0 && o->years <= 20;
}

static void summary(const opts *o, const totals *t, sg_store *st)
{
    long long rows = t->runs + t->sources + t->journal + t->accounts + t->kv;
    struct stat sb;
    long long file = stat(o->db, &sb) == 0 ? (long long)sb.st_size : -1;
    if (!o->json) {
        fprintf(stderr, "%lld runs, %lld journal entries, %lld rows, %.1f MB of sample blobs, %.1f s\n",
                t->runs, t->journal, rows, (double)t->blob_bytes / 1e6, t->fill_s);
        return;
    }
    printf("{\"backend\":\"%s\",\"athletes\":%d,\"years\":%d,\"seed\":%llu,"
           "\"interval_s\":%g,\"runs\":%lld,\"journal\":%lld,\"accounts\":%lld,\"rows\":%lld,"
           "\"blob_bytes\":%lld,\"file_bytes\":%lld,\"accounts_seconds\":%.2f,"
           "\"seconds\":%.2f}\n",
           sg_store_backend_name(st), o->athletes, o->years, o->seed, o->interval, t->runs,
           t->journal, t->accounts, rows, t->blob_bytes, file, t->accounts_s, t->fill_s);
}

int main(int argc, char **argv)
{
    opts o;
    if (!parse(argc, argv, &o)) {
        fprintf(stderr, "usage: gen DB [--athletes N] [--years Y] [--seed S] [--interval S]"
                        " [--end YYYY-MM-DD] [--password PW] [--json] [--local]\n");
        return 2;
    }
    sg_err err;
    sg_err_clear(&err);
    int end_day;
    if (sg_journal_date_parse(o.end, &end_day, &err)) {
        fprintf(stderr, "gen: --end: %s\n", err.msg);
        return 2;
    }
    sg_store *st = NULL;
    totals t;
    memset(&t, 0, sizeof t);
    double t0 = now_s();
    long long clinic = 0;
    int rc = sg_store_open(o.db, &st, &err);
    if (!rc && !o.local)
        rc = staff(st, &o, &clinic, &t, &err);
    for (int i = 0; !rc && i < o.athletes; i++) {
        rc = one_athlete(st, &o, clinic, i, end_day, &t, &err);
        if (!rc && ((i + 1) % 10 == 0 || i + 1 == o.athletes))
            fprintf(stderr, "gen: %d/%d athletes, %lld runs, %.0f s\n", i + 1, o.athletes,
                    t.runs, now_s() - t0);
    }
    t.fill_s = now_s() - t0;
    if (rc) {
        fprintf(stderr, "gen: %s\n", err.msg);
        sg_store_close(st);
        return 1;
    }
    summary(&o, &t, st);
    sg_store_close(st);
    return 0;
}
