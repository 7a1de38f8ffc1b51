#ifndef STRIDEGUARD_CLINIC_STORE_H
#define STRIDEGUARD_CLINIC_STORE_H
/* The clinician's view in the store (issue #16, schema 9): assessment
 * findings by region and side, prehab assignments, the roster's per-athlete
 * cached row, and the lookups the clinic server's admission needs (which
 * clinic an athlete belongs to, a clinic's runners). src/store/clinic_store.c
 * writes the SQL once for both backends through the generic `sql` primitive.
 *
 * store.h's conventions hold: every function returns SG_OK or an sg_code and
 * fills `err` (may be NULL); SG_ENOTFOUND for a missing row (or one of another
 * athlete: ids never leak across athletes), SG_EUSAGE for a region or side
 * outside the lists, SG_ESTORE when the database refused. Strings passed in
 * are copied by the database; rows given to callbacks are borrowed for the
 * call; fn's nonzero return stops the listing and is returned. Dates are
 * "YYYY-MM-DD" text; times are seconds since 1970-01-01 UTC. Every call
 * names its athlete explicitly (these rows are read across athletes by the
 * roster), never through the handle's current athlete. */

#include "strideguard/err.h"
#include "strideguard/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SG_FINDING_TEXT_MAX 4000   /* bytes of a finding's free text */
#define SG_ASSIGN_TEXT_MAX 1000    /* bytes of a dose or a note */

/* The regions and sides a finding may name (the CHECKs of migration 9):
 * NULL-terminated static lists, in display order. */
extern const char *const sg_finding_regions[];
extern const char *const sg_finding_sides[];
/* 1 when name is one of the list's. */
int sg_finding_region_ok(const char *name);
int sg_finding_side_ok(const char *name);

typedef struct sg_finding_row {
    long long id, athlete_id, account_id;
    const char *date, *region, *side, *text;   /* borrowed */
    long long created_utc, updated_utc;
} sg_finding_row;

/* Inserts f (its id ignored); *id the new one. */
int sg_store_finding_add(sg_store *st, const sg_finding_row *f, long long *id, sg_err *err);
/* The athlete's findings, newest date first (then newest id). */
int sg_store_finding_list(sg_store *st, long long athlete_id,
                          int (*fn)(void *ctx, const sg_finding_row *row), void *ctx,
                          sg_err *err);
/* Deletes finding id of the athlete. SG_ENOTFOUND. */
int sg_store_finding_delete(sg_store *st, long long athlete_id, long long id, sg_err *err);

typedef struct sg_assignment_row {
    long long id, athlete_id, account_id;
    const char *exercise, *dose, *notes;       /* borrowed */
    const char *from_date;                     /* borrowed */
    const char *to_date;                       /* borrowed; NULL = open-ended */
    long long created_utc, updated_utc;
} sg_assignment_row;

int sg_store_assignment_add(sg_store *st, const sg_assignment_row *a, long long *id,
                            sg_err *err);
/* The athlete's assignments, by from_date then id. */
int sg_store_assignment_list(sg_store *st, long long athlete_id,
                             int (*fn)(void *ctx, const sg_assignment_row *row), void *ctx,
                             sg_err *err);
int sg_store_assignment_delete(sg_store *st, long long athlete_id, long long id, sg_err *err);

/* The clinic of the runner account that owns athlete_id (*clinic_id; 0 when
 * no runner account owns it or the account has no clinic). */
int sg_store_athlete_clinic(sg_store *st, long long athlete_id, long long *clinic_id,
                            sg_err *err);

typedef struct sg_clinic_runner {
    long long athlete_id, account_id;
    const char *login, *name;                  /* borrowed */
    const char *fingerprint;                   /* sg_store_athlete_fingerprint's, now */
    const char *cached_fp, *cached_payload;    /* the roster cache's row; NULL when none */
} sg_clinic_runner;

/* The runner accounts of a clinic that own an athlete, by athlete id, each
 * with its data fingerprint and cached roster row (one statement). */
int sg_store_clinic_runners(sg_store *st, long long clinic_id,
                            int (*fn)(void *ctx, const sg_clinic_runner *r), void *ctx,
                            sg_err *err);

#define SG_CLINIC_KEY_MAX 96
/* A text that changes whenever anything the roster shows of a clinic's
 * runners may have: who they are (accounts, names, enabled) and each one's
 * data (the athletes' change counters). It is the clinic's change counter
 * (schema 12), kept by the database's triggers, which move it with every
 * such change, committed by whichever process: "k" and the number, "k-"
 * for no such clinic; one indexed row, reads only. A server's cached
 * roster answer is valid while this (and the day) hold. */
int sg_store_clinic_key(sg_store *st, long long clinic_id, char out[SG_CLINIC_KEY_MAX],
                        sg_err *err);

/* One audit row ("read", detail) per runner of the clinic listed by
 * sg_store_clinic_runners, in one statement: the roster's reads. */
int sg_store_audit_roster(sg_store *st, long long now, long long account_id,
                          long long clinic_id, const char *detail, sg_err *err);

#define SG_ROSTER_FP_MAX 256
/* A text that changes whenever the athlete's stored data does: their change
 * counter (schema 10), which triggers advance on every insert, update and
 * delete of their activities, sources, journal, settings, IMU recordings,
 * gear and run changes. One indexed row, whatever the history's length. */
int sg_store_athlete_fingerprint(sg_store *st, long long athlete_id,
                                 char out[SG_ROSTER_FP_MAX], sg_err *err);
/* The cached roster row of an athlete when its fingerprint is `fp` (*payload
 * malloc()ed, free()); SG_ENOTFOUND when none or stale. */
int sg_store_roster_cache_get(sg_store *st, long long athlete_id, const char *fp,
                              char **payload, sg_err *err);
/* Replaces the athlete's cached roster row. */
int sg_store_roster_cache_put(sg_store *st, long long athlete_id, const char *fp,
                              const char *payload, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
