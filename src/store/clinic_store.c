/* Findings, assignments, the roster cache and the clinic lookups in the
 * store (include/strideguard/clinic_store.h). The SQL is written once, for
 * both backends, with $1..$n placeholders, and runs through the backend's
 * generic `sql` primitive (src/store/backend.h); values are always
 * parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/store_internal.h"
#include "strideguard/clinic_store.h"

const char *const sg_finding_regions[] = {"upper_cervical", "cervical",    "thoracic",
                                          "thoracolumbar",  "lumbar",      "lumbosacral",
                                          "sacroiliac",     "hip",         NULL};
const char *const sg_finding_sides[] = {"left", "right", "both", "central", NULL};

static int in_list(const char *const *list, const char *name)
{
    for (; name && *list; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

int sg_finding_region_ok(const char *name) { return in_list(sg_finding_regions, name); }
int sg_finding_side_ok(const char *name) { return in_list(sg_finding_sides, name); }






static int deleted(long long changed, const char *what, sg_err *err)
{
    return changed ? SG_OK : sg_err_set(err, SG_ENOTFOUND, -1, "no such %s", what);
}

/* ---- findings ----------------------------------------------------------- */

int sg_store_finding_add(sg_store *st, const sg_finding_row *f, long long *id, sg_err *err)
{
    if (!sg_finding_region_ok(f->region))
        return sg_err_set(err, SG_EUSAGE, -1, "unknown region");
    if (!sg_finding_side_ok(f->side))
        return sg_err_set(err, SG_EUSAGE, -1, "unknown side");
    sg_store_param p[] = {sg_sql_int(f->athlete_id), sg_sql_int(f->account_id), sg_sql_text(f->date),
                          sg_sql_text(f->region),    sg_sql_text(f->side),      sg_sql_text(f->text),
                          sg_sql_int(f->created_utc), sg_sql_int(f->updated_utc)};
    sg_sql_first_int r = {0, 0};
    int rc = sg_sql_run(st,
                 "INSERT INTO findings(athlete_id, account_id, date, region, side, text,"
                 " created_utc, updated_utc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                 " RETURNING id",
                 p, 8, sg_sql_first_int_fn, &r, NULL, err);
    if (!rc && id)
        *id = r.v;
    return rc;
}

typedef struct finding_walk {
    int (*fn)(void *, const sg_finding_row *);
    void *ctx;
} finding_walk;

static int finding_fn(void *ctx, const sg_store_value *c, int n)
{
    finding_walk *w = ctx;
    if (n < 9)
        return 0;
    sg_finding_row r = {c[0].i, c[1].i, c[2].i, sg_sql_value_text(&c[3]), sg_sql_value_text(&c[4]), sg_sql_value_text(&c[5]),
                        sg_sql_value_text(&c[6]), c[7].i, c[8].i};
    return w->fn(w->ctx, &r);
}

int sg_store_finding_list(sg_store *st, long long athlete_id,
                          int (*fn)(void *ctx, const sg_finding_row *row), void *ctx,
                          sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id)};
    finding_walk w = {fn, ctx};
    return sg_sql_run(st,
               "SELECT id, athlete_id, account_id, date, region, side, text, created_utc,"
               " updated_utc FROM findings WHERE athlete_id = $1 ORDER BY date DESC, id DESC",
               p, 1, finding_fn, &w, NULL, err);
}

int sg_store_finding_delete(sg_store *st, long long athlete_id, long long id, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id), sg_sql_int(id)};
    long long changed = 0;
    int rc = sg_sql_run(st, "DELETE FROM findings WHERE athlete_id = $1 AND id = $2", p, 2, NULL, NULL,
                 &changed, err);
    return rc ? rc : deleted(changed, "finding", err);
}

/* ---- assignments -------------------------------------------------------- */

int sg_store_assignment_add(sg_store *st, const sg_assignment_row *a, long long *id,
                            sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(a->athlete_id), sg_sql_int(a->account_id), sg_sql_text(a->exercise),
                          sg_sql_text(a->dose),      sg_sql_text(a->notes),     sg_sql_text(a->from_date),
                          sg_sql_text(a->to_date),   sg_sql_int(a->created_utc), sg_sql_int(a->updated_utc)};
    sg_sql_first_int r = {0, 0};
    int rc = sg_sql_run(st,
                 "INSERT INTO assignments(athlete_id, account_id, exercise, dose, notes,"
                 " from_date, to_date, created_utc, updated_utc)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 p, 9, sg_sql_first_int_fn, &r, NULL, err);
    if (!rc && id)
        *id = r.v;
    return rc;
}

typedef struct assignment_walk {
    int (*fn)(void *, const sg_assignment_row *);
    void *ctx;
} assignment_walk;

static int assignment_fn(void *ctx, const sg_store_value *c, int n)
{
    assignment_walk *w = ctx;
    if (n < 10)
        return 0;
    sg_assignment_row r = {c[0].i,      c[1].i,      c[2].i,
                           sg_sql_value_text(&c[3]), sg_sql_value_text(&c[4]), sg_sql_value_text(&c[5]),
                           sg_sql_value_text(&c[6]), c[7].null ? NULL : sg_sql_value_text(&c[7]),
                           c[8].i,      c[9].i};
    return w->fn(w->ctx, &r);
}

int sg_store_assignment_list(sg_store *st, long long athlete_id,
                             int (*fn)(void *ctx, const sg_assignment_row *row), void *ctx,
                             sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id)};
    assignment_walk w = {fn, ctx};
    return sg_sql_run(st,
               "SELECT id, athlete_id, account_id, exercise, dose, notes, from_date, to_date,"
               " created_utc, updated_utc FROM assignments WHERE athlete_id = $1"
               " ORDER BY from_date, id",
               p, 1, assignment_fn, &w, NULL, err);
}

int sg_store_assignment_delete(sg_store *st, long long athlete_id, long long id, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id), sg_sql_int(id)};
    long long changed = 0;
    int rc = sg_sql_run(st, "DELETE FROM assignments WHERE athlete_id = $1 AND id = $2", p, 2, NULL,
                 NULL, &changed, err);
    return rc ? rc : deleted(changed, "assignment", err);
}

/* ---- clinics and their runners ------------------------------------------ */

int sg_store_athlete_clinic(sg_store *st, long long athlete_id, long long *clinic_id,
                            sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id)};
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st,
                 "SELECT clinic_id FROM accounts WHERE athlete_id = $1 AND role = 'runner'"
                 " AND clinic_id IS NOT NULL ORDER BY id",
                 p, 1, sg_sql_first_int_fn, &f, NULL, err);
    if (!rc)
        *clinic_id = f.rows ? f.v : 0;
    return rc;
}

typedef struct runner_walk {
    int (*fn)(void *, const sg_clinic_runner *);
    void *ctx;
} runner_walk;

/* The fingerprint: the athlete's change counter (migration 10, kept by
 * triggers on every insert, update and delete of their rows), one indexed
 * row, the same text for sg_store_athlete_fingerprint and the roster's list.
 * Every athlete has the row (migration 10 adds one for each existing
 * athlete, a trigger one for each new athlete, db copy carries them). */
#define FP_COL(A) " (SELECT seq FROM athlete_changes WHERE athlete_id = " A ")"
#define FP_N 1

static void fp_text(const sg_store_value *c, char out[SG_ROSTER_FP_MAX])
{
    snprintf(out, SG_ROSTER_FP_MAX, "c%s", c[0].null ? "-" : sg_sql_value_text(&c[0]));
}

static int runner_fn(void *ctx, const sg_store_value *c, int n)
{
    runner_walk *w = ctx;
    if (n < 6 + FP_N)
        return 0;
    char fp[SG_ROSTER_FP_MAX];
    fp_text(c + 6, fp);
    sg_clinic_runner r = {c[0].i, c[1].i, sg_sql_value_text(&c[2]), sg_sql_value_text(&c[3]), fp,
                          c[4].null ? NULL : sg_sql_value_text(&c[4]), c[5].null ? NULL : sg_sql_value_text(&c[5])};
    return w->fn(w->ctx, &r);
}

int sg_store_clinic_runners(sg_store *st, long long clinic_id,
                            int (*fn)(void *ctx, const sg_clinic_runner *r), void *ctx,
                            sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(clinic_id)};
    runner_walk w = {fn, ctx};
    return sg_sql_run(st,
               "SELECT a.athlete_id, a.id, a.login, t.name, c.fingerprint, c.payload,"
               FP_COL("a.athlete_id")
               " FROM accounts a JOIN athletes t ON t.id = a.athlete_id"
               " LEFT JOIN roster_cache c ON c.athlete_id = a.athlete_id"
               " WHERE a.clinic_id = $1 AND a.role = 'runner' AND a.disabled = 0"
               " ORDER BY a.athlete_id",
               p, 1, runner_fn, &w, NULL, err);
}

static int key_fn(void *ctx, const sg_store_value *c, int n)
{
    if (n >= 1 && !c[0].null)
        snprintf(ctx, SG_CLINIC_KEY_MAX, "k%s", sg_sql_value_text(&c[0]));
    return 0;
}

int sg_store_clinic_key(sg_store *st, long long clinic_id, char out[SG_CLINIC_KEY_MAX],
                        sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(clinic_id)};
    snprintf(out, SG_CLINIC_KEY_MAX, "k-");
    return sg_sql_run(st, "SELECT seq FROM clinic_changes WHERE clinic_id = $1", p, 1, key_fn,
                      out, NULL, err);
}

int sg_store_audit_roster(sg_store *st, long long now, long long account_id,
                          long long clinic_id, const char *detail, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(now), sg_sql_int(account_id), sg_sql_text(detail), sg_sql_int(clinic_id)};
    return sg_sql_run(st,
               "INSERT INTO audit(at_utc, account_id, athlete_id, action, detail)"
               " SELECT $1, $2, a.athlete_id, 'read', $3 FROM accounts a"
               " JOIN athletes t ON t.id = a.athlete_id"
               " WHERE a.clinic_id = $4 AND a.role = 'runner' AND a.disabled = 0",
               p, 4, NULL, NULL, NULL, err);
}

/* ---- the roster cache ----------------------------------------------------- */

typedef struct fp_out {
    char *out;
    int rows;
} fp_out;

static int fp_fn(void *ctx, const sg_store_value *c, int n)
{
    fp_out *o = ctx;
    if (n >= FP_N && !o->rows++)
        fp_text(c, o->out);
    return 0;
}

int sg_store_athlete_fingerprint(sg_store *st, long long athlete_id,
                                 char out[SG_ROSTER_FP_MAX], sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id)};
    fp_out o = {out, 0};
    out[0] = '\0';
    return sg_sql_run(st, "SELECT" FP_COL("$1"), p, 1, fp_fn, &o, NULL, err);
}

typedef struct text_out {
    char *s;
    int rows;
} text_out;

static int text_fn(void *ctx, const sg_store_value *c, int n)
{
    text_out *o = ctx;
    if (n > 0 && !o->rows++)
        o->s = strdup(sg_sql_value_text(&c[0]));
    return o->s ? 0 : SG_ENOMEM;
}

int sg_store_roster_cache_get(sg_store *st, long long athlete_id, const char *fp,
                              char **payload, sg_err *err)
{
    *payload = NULL;
    sg_store_param p[] = {sg_sql_int(athlete_id), sg_sql_text(fp)};
    text_out o = {NULL, 0};
    int rc = sg_sql_run(st,
                 "SELECT payload FROM roster_cache WHERE athlete_id = $1 AND fingerprint = $2",
                 p, 2, text_fn, &o, NULL, err);
    if (rc == SG_ENOMEM)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (rc)
        return rc;
    if (!o.s)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no cached roster row");
    *payload = o.s;
    return SG_OK;
}

int sg_store_roster_cache_put(sg_store *st, long long athlete_id, const char *fp,
                              const char *payload, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(athlete_id), sg_sql_text(fp), sg_sql_text(payload)};
    return sg_sql_run(st,
               "INSERT INTO roster_cache(athlete_id, fingerprint, payload) VALUES ($1, $2, $3)"
               " ON CONFLICT (athlete_id) DO UPDATE SET fingerprint = excluded.fingerprint,"
               " payload = excluded.payload",
               p, 3, NULL, NULL, NULL, err);
}
