#ifndef SG_APP_GEAR_H
#define SG_APP_GEAR_H
/* The `gear` use case (docs/cli.md "gear"): shoes, which runs used them, and
 * what that adds up to. A run's shoe is its assignment, else the default
 * item of its sport (from the item's `since` day on, while it is not
 * retired). Distances and times are the stored summaries' — the same
 * figures `runs` lists — so a shoe's distance is the sum of its runs'. */

#include <stddef.h>

#include "strideguard/gear.h"
#include "strideguard/store.h"

#define SG_APP_GEAR_MAX 1000          /* items per store */
#define SG_APP_GEAR_SHARE_DAYS 56     /* rotation share over the last 8 weeks */
#define SG_APP_GEAR_SOON_FRAC 0.9     /* "due soon" from 90 % of the retirement distance */
#define SG_APP_GEAR_PAIN_DAYS 2       /* pain on the run's day or the 2 days after */

typedef enum sg_gear_status {
    SG_GEAR_OK = 0,
    SG_GEAR_DUE_SOON,                 /* >= 90 % of the retirement distance */
    SG_GEAR_DUE,                      /* at or past it */
    SG_GEAR_RETIRED,
} sg_gear_status;

const char *sg_gear_status_name(sg_gear_status s); /* "ok", "due_soon", "due", "retired" */

typedef struct sg_app_gear_item {
    sg_gear gear;
    long long runs;                   /* activities counted for it */
    long long assigned;               /* of which assigned explicitly (the rest by default) */
    double distance_m;                /* sum of those runs' stored distances (unknown ones: 0) */
    double moving_time_s;             /* sum of their moving times (unknown ones: 0) */
    int first_day, last_day;          /* civil days; SG_GEAR_NO_DAY when no run */
    double share_pct;                 /* of on-foot runs in the last 8 weeks; NaN when none */
    double retire_km;                 /* the reminder distance in effect */
    int retire_default;               /* retire_km is SG_GEAR_RETIRE_KM_DEFAULT */
    sg_gear_status status;
    long long pain_after;             /* pain entries (> 0) on a run's day or the 2 days after,
                                         an association, not a cause */
} sg_app_gear_item;

typedef struct sg_app_gear_result {
    int today;
    sg_app_gear_item *items;          /* by id; malloc()ed */
    size_t n;
    long long runs_without;           /* on-foot runs with no shoe */
} sg_app_gear_result;

/* Everything stored, for `today`. Free with sg_app_gear_report_free.
 * Errors: SG_ESTORE, SG_ENOMEM, SG_EFORMAT (a stored item that no longer
 * reads, named by id). */
int sg_app_gear_report(sg_store *st, int today, sg_app_gear_result *out, sg_err *err);
void sg_app_gear_report_free(sg_app_gear_result *r);

/* One item by id. SG_ENOTFOUND. */
int sg_app_gear_get(sg_store *st, long long id, sg_gear *out, sg_err *err);

/* Validates and stores g (g->id 0: a new item; its id is set). Making an
 * item the default of its sport takes the default from the others of that
 * sport; retiring an item ends its being a default. One transaction.
 * Errors: SG_EUSAGE (validation, too many items), SG_ENOTFOUND, SG_ESTORE. */
int sg_app_gear_save(sg_store *st, sg_gear *g, sg_err *err);

/* Deletes an item; its runs become unassigned. SG_ENOTFOUND. */
int sg_app_gear_delete(sg_store *st, long long id, sg_err *err);

/* The shoe of one run; gear_id 0 clears the assignment (the default applies
 * again). SG_ENOTFOUND for an unknown run or item. */
int sg_app_gear_assign(sg_store *st, long long run_id, long long gear_id, sg_err *err);

#endif
