#ifndef SG_APP_JOURNAL_H
#define SG_APP_JOURNAL_H
/* The pain journal on the store: log, list, edit, delete.
 *
 * Entries are kept in the store's journal table as their storage JSON
 * (docs/formats.md "Journal entries"); the store's id is the entry id. Every
 * write validates first (sg_entry_validate against `today`, the prehab
 * library for exercise ids, the store for run ids, sg_journal_check_new for
 * duplicates) inside one transaction, so on any error nothing stored changes.
 *
 * Error codes, chosen so a front end can tell a bad argument from a conflict
 * with what is stored:
 *   SG_EUSAGE     a field is invalid (range, unknown name, future date, an
 *                 exercise id the library does not have)
 *   SG_ENOTFOUND  the run or entry named does not exist
 *   SG_ESTORE     a duplicate of a stored entry (message "duplicate: ...",
 *                 naming the entry), or the database refused
 *   SG_EFORMAT    a stored entry is damaged (message names its id)
 *   SG_ELIMIT     more than SG_APP_JOURNAL_MAX entries
 *   SG_ENOMEM */

#include <stddef.h>

#include "strideguard/journal.h"
#include "strideguard/prehab.h"
#include "strideguard/store.h"

#define SG_APP_JOURNAL_MAX 200000

/* Today as a civil day from the clock (UTC). Front ends only: the app
 * functions take today as a parameter. */
int sg_app_today(void);

/* Loads entries, oldest first (by date, then id), into a new malloc()ed array
 * (*out, free with free(); NULL when none). kind SG_ENTRY_NONE = every kind;
 * since_day SG_JOURNAL_NO_DAY = no lower bound; until_day (inclusive)
 * SG_JOURNAL_NO_DAY = no upper bound. */
int sg_app_journal_load(sg_store *st, sg_entry_kind kind, int since_day, int until_day,
                        sg_entry **out, size_t *n, sg_err *err);

/* Every entry of `kind` like sg_app_journal_load, but an entry that does not
 * parse (or parses as another kind) is skipped and counted in *damaged
 * instead of failing the call: for analyses that go on without it (load's
 * RPE). */
int sg_app_journal_load_valid(sg_store *st, sg_entry_kind kind, sg_entry **out, size_t *n,
                              size_t *damaged, sg_err *err);

/* One entry by id; SG_ENOTFOUND. */
int sg_app_journal_get(sg_store *st, long long id, sg_entry *out, sg_err *err);

/* Stores a new entry and sets e->id. An RPE entry takes the date of its run
 * (e->u.rpe.day is overwritten with the run's start day). A pain entry's
 * run id, when given, must exist. `lib` checks prehab exercise ids (NULL =
 * not checked). Errors: SG_EUSAGE (a field), SG_EEXISTS (the same entry is
 * already logged; the message names it), SG_ESTORE. */
int sg_app_journal_add(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib,
                       sg_err *err);

/* Replaces entry e->id with *e (same checks as add; the entry is not its own
 * duplicate; the kind cannot change: SG_EUSAGE). SG_ENOTFOUND. */
int sg_app_journal_edit(sg_store *st, sg_entry *e, int today, const sg_prehab_lib *lib,
                        sg_err *err);

/* Deletes one entry; SG_ENOTFOUND. */
int sg_app_journal_delete(sg_store *st, long long id, sg_err *err);

/* ---- export (`strideguard export-journal`, GET /api/journal/export) ---- */

/* What to export: every entry of every kind dated from_day to to_day
 * (inclusive; SG_JOURNAL_NO_DAY = open). With either bound given, entries
 * without a date are left out. */
typedef struct sg_app_journal_export_req {
    int from_day;
    int to_day;
} sg_app_journal_export_req;

/* The export: the period as asked and the entries by date, then id. */
typedef struct sg_app_journal_export_result {
    int from_day, to_day;
    sg_entry *entries;   /* owned: sg_app_journal_export_free */
    size_t n;
} sg_app_journal_export_result;

/* Fills *out (zeroed first, also on failure). SG_EUSAGE when from_day is
 * after to_day; SG_EFORMAT for a damaged stored entry; SG_ELIMIT, SG_ENOMEM,
 * SG_ESTORE. */
int sg_app_journal_export(sg_store *st, const sg_app_journal_export_req *req,
                          sg_app_journal_export_result *out, sg_err *err);
/* Frees out->entries and zeroes *out. out may be NULL. */
void sg_app_journal_export_free(sg_app_journal_export_result *out);

/* The civil day an activity started on; SG_ENOTFOUND when there is no such
 * activity, SG_ENODATA when its start is unknown. */
int sg_app_run_day(sg_store *st, long long run_id, int *day, sg_err *err);

/* Loads the prehab library: from `path`, or the copy embedded in the binary
 * (data/prehab.json) when path is NULL. Errors as sg_prehab_lib_parse /
 * sg_prehab_lib_load. Free with sg_prehab_lib_free. */
int sg_app_prehab_lib(const char *path, sg_prehab_lib **out, sg_err *err);

#endif
