/* The pain journal on the store (src/app/journal.h).
 *
 * Why a transaction around read-check-write: the duplicate check reads the
 * stored entries, and a second process logging the same thing between our
 * read and our insert would otherwise slip a duplicate in. */
#include "app/journal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes/embedded.h"
#include "strideguard/alloc.h"

int sg_app_today(void)
{
    return (int)floor((double)time(NULL) / 86400.0);
}

typedef struct loader {
    sg_entry *v;
    size_t n, cap;
    sg_entry_kind kind;
    size_t *damaged;   /* NULL: a damaged entry is an error; else counted, skipped */
    sg_err *err;
    int rc;
} loader;

static int load_row(void *ctx, const sg_journal_row *row)
{
    loader *l = ctx;
    sg_entry e;
    sg_err e2;
    sg_err_clear(&e2);
    if (l->damaged) {
        if (!row->payload || sg_entry_from_json(row->payload, strlen(row->payload), &e, &e2) ||
            (l->kind != SG_ENTRY_NONE && e.kind != l->kind)) {
            (*l->damaged)++;
            return 0;
        }
    } else if (sg_entry_from_json(row->payload, strlen(row->payload), &e, &e2)) {
        l->rc = sg_err_set(l->err, SG_EFORMAT, -1, "journal entry %lld is damaged: %s", row->id,
                           e2.msg);
        return l->rc;
    }
    e.id = row->id;
    if (l->kind != SG_ENTRY_NONE && e.kind != l->kind)
        return 0;
    if ((l->rc = sg_grow_room(&l->v, l->n, &l->cap, sizeof *l->v, 64, SG_APP_JOURNAL_MAX,
                              "journal entries", l->err)))
        return l->rc;
    l->v[l->n++] = e;
    return 0;
}

static int journal_load(sg_store *st, sg_entry_kind kind, int since_day, int until_day,
                        sg_entry **out, size_t *n, size_t *damaged, sg_err *err)
{
    *out = NULL;
    *n = 0;
    char from[11], to[11];
    loader l = {NULL, 0, 0, kind, damaged, err, SG_OK};
    if (since_day != SG_JOURNAL_NO_DAY)
        sg_journal_date_format(since_day, from);
    if (until_day != SG_JOURNAL_NO_DAY)
        sg_journal_date_format(until_day + 1, to);
    const char *kname = kind != SG_ENTRY_NONE ? sg_entry_kind_name(kind) : NULL;
    int rc = sg_store_journal_list(st, kname, since_day != SG_JOURNAL_NO_DAY ? from : NULL,
                                   until_day != SG_JOURNAL_NO_DAY ? to : NULL, load_row, &l, err);
    if (l.rc)
        rc = l.rc;
    if (rc) {
        free(l.v);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return SG_OK;
}

int sg_app_journal_load(sg_store *st, sg_entry_kind kind, int since_day, int until_day,
                        sg_entry **out, size_t *n, sg_err *err)
{
    return journal_load(st, kind, since_day, until_day, out, n, NULL, err);
}

int sg_app_journal_load_valid(sg_store *st, sg_entry_kind kind, sg_entry **out, size_t *n,
                              size_t *damaged, sg_err *err)
{
    *damaged = 0;
    return journal_load(st, kind, SG_JOURNAL_NO_DAY, SG_JOURNAL_NO_DAY, out, n, damaged, err);
}

int sg_app_journal_get(sg_store *st, long long id, sg_entry *out, sg_err *err)
{
    loader l = {NULL, 0, 0, SG_ENTRY_NONE, NULL, err, SG_OK};
    int rc = sg_store_journal_get(st, id, load_row, &l, err);
    if (l.rc)
        rc = l.rc;
    if (rc == SG_ENOTFOUND)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no journal entry %lld", id);
    if (!rc && l.n == 1)
        *out = l.v[0];
    free(l.v);
    return rc;
}

int sg_app_run_day(sg_store *st, long long run_id, int *day, sg_err *err)
{
    sg_store_row row;
    sg_err e2;
    sg_err_clear(&e2);
    int rc = sg_store_get(st, run_id, &row, &e2);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, SG_ENOTFOUND, -1,
                          "no run with id %lld (see 'strideguard runs')", run_id);
    if (rc) {
        if (err)
            *err = e2;
        return rc;
    }
    if (!isfinite(row.s.start))
        return sg_err_set(err, SG_ENODATA, -1, "run %lld has no start time", run_id);
    *day = (int)floor(row.s.start / 86400.0);
    return SG_OK;
}

/* Everything that does not need the other entries. */
static int check_fields(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib,
                        sg_err *err)
{
    if (e->kind == SG_ENTRY_RPE && e->u.rpe.run_id > 0) {
        int rc = sg_app_run_day(st, e->u.rpe.run_id, &e->u.rpe.day, err);
        if (rc == SG_ENODATA) /* a run without a clock: the entry keeps no date */
            e->u.rpe.day = SG_JOURNAL_NO_DAY;
        else if (rc)
            return rc;
    }
    int rc = sg_entry_validate(e, today, err);
    if (rc)
        return rc;
    if (e->kind == SG_ENTRY_PAIN && e->u.pain.run_id > 0) {
        int day;
        rc = sg_app_run_day(st, e->u.pain.run_id, &day, err);
        if (rc && rc != SG_ENODATA)
            return rc;
    }
    if (e->kind == SG_ENTRY_PREHAB && lib && !sg_prehab_lib_find(lib, e->u.prehab.exercise))
        return sg_err_set(err, SG_EUSAGE, -1,
                          "unknown exercise '%s' (see data/prehab.json for the ids)",
                          e->u.prehab.exercise);
    return SG_OK;
}

static int write_entry(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib, int edit,
                       sg_err *err)
{
    sg_entry *all = NULL;
    size_t n = 0;
    char *json = NULL;
    int began = 0;
    int rc = sg_store_begin(st, err);
    if (rc)
        return rc;
    began = 1;
    if (edit) {
        sg_entry old;
        rc = sg_app_journal_get(st, e->id, &old, err);
        if (rc)
            goto out;
        if (old.kind != e->kind) {
            rc = sg_err_set(err, SG_EUSAGE, -1, "entry %lld is a %s entry; its kind cannot change",
                            e->id, sg_entry_kind_name(old.kind));
            goto out;
        }
    }
    rc = check_fields(st, e, today, lib, err);
    if (rc)
        goto out;
    rc = sg_app_journal_load(st, e->kind, SG_JOURNAL_NO_DAY, SG_JOURNAL_NO_DAY, &all, &n, err);
    if (rc)
        goto out;
    if (!edit)
        e->id = 0;
    sg_err dup;
    sg_err_clear(&dup);
    if (sg_journal_check_new(e, all, n, today, &dup)) {
        /* the fields passed sg_entry_validate, so this is a duplicate */
        rc = sg_err_set(err, SG_EEXISTS, -1, "%s", dup.msg);
        goto out;
    }
    rc = sg_entry_to_json(e, &json, err);
    if (rc)
        goto out;
    char date[11] = "";
    int day = sg_entry_day(e);
    if (day != SG_JOURNAL_NO_DAY)
        sg_journal_date_format(day, date);
    const char *kind = sg_entry_kind_name(e->kind);
    long long id = e->id;
    rc = edit ? sg_store_journal_update(st, e->id, kind, date, json, err)
              : sg_store_journal_add(st, kind, date, json, &id, err);
    if (rc)
        goto out;
    rc = sg_store_commit(st, err);
    if (rc)
        goto out;
    began = 0;
    e->id = id;
out:
    if (began)
        sg_store_rollback(st, NULL);
    free(json);
    free(all);
    return rc;
}

int sg_app_journal_add(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib,
                       sg_err *err)
{
    return write_entry(st, e, today, lib, 0, err);
}

int sg_app_journal_edit(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib,
                        sg_err *err)
{
    return write_entry(st, e, today, lib, 1, err);
}

int sg_app_journal_delete(sg_store *st, long long id, sg_err *err)
{
    int rc = sg_store_journal_delete(st, id, err);
    if (rc == SG_ENOTFOUND)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no journal entry %lld", id);
    return rc;
}

int sg_app_journal_export(sg_store *st, const sg_app_journal_export_req *req,
                          sg_app_journal_export_result *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    out->from_day = req->from_day;
    out->to_day = req->to_day;
    if (req->from_day != SG_JOURNAL_NO_DAY && req->to_day != SG_JOURNAL_NO_DAY &&
        req->from_day > req->to_day) {
        char f[11], t[11];
        return sg_err_set(err, SG_EUSAGE, -1, "the period starts (%s) after it ends (%s)",
                          sg_journal_date_format(req->from_day, f),
                          sg_journal_date_format(req->to_day, t));
    }
    return sg_app_journal_load(st, SG_ENTRY_NONE, req->from_day, req->to_day, &out->entries,
                               &out->n, err);
}

void sg_app_journal_export_free(sg_app_journal_export_result *out)
{
    if (!out)
        return;
    free(out->entries);
    memset(out, 0, sizeof *out);
}

int sg_app_prehab_lib(const char *path, sg_prehab_lib **out, sg_err *err)
{
    if (path)
        return sg_prehab_lib_load(path, NULL, out, err);
    const sg_asset *a = sg_asset_find("/data/prehab.json");
    if (!a) {
        *out = NULL;
        return sg_err_set(err, SG_ENOTFOUND, -1, "this build has no embedded prehab library");
    }
    return sg_prehab_lib_parse((const char *)a->data, a->len, NULL, out, err);
}
