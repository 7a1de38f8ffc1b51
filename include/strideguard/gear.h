#ifndef STRIDEGUARD_GEAR_H
#define STRIDEGUARD_GEAR_H
/* Shoes (and other gear): what the runner owns, as it is stored. The store
 * keeps each item as JSON (sg_gear_to_json / sg_gear_from_json); which runs
 * used which item is the store's assignment table (store.h). What the
 * distances mean is the app's gear report (docs/cli.md "gear"). */

#include <stdbool.h>

#include "strideguard/activity.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SG_GEAR_TEXT_MAX 64          /* name, brand, model: bytes including the NUL */
#define SG_GEAR_MAX_RETIRE_KM 5000.0
/* The retirement reminder when the runner sets none: 700 km, inside the
 * 500-800 km (300-500 mile) range that shoe makers and running shops quote.
 * The evidence is weak: midsole shock absorption falls with use in
 * machine tests (Cook et al. 1985), but no study ties a distance to injury
 * (docs/science.md §10.6). The runner's own number always wins. */
#define SG_GEAR_RETIRE_KM_DEFAULT 700.0

typedef struct sg_gear {
    long long id;                    /* the store's id; 0 = not stored yet */
    char name[SG_GEAR_TEXT_MAX];     /* required, e.g. "Pegasus 40 (blue)" */
    char brand[SG_GEAR_TEXT_MAX];    /* "" = not given */
    char model[SG_GEAR_TEXT_MAX];
    sg_sport sport;                  /* what it is for; UNKNOWN = any */
    int since_day;                   /* first day of use (civil day); SG_GEAR_NO_DAY = not given */
    double retire_km;                /* reminder distance the runner set; NaN = default */
    bool retired;
    bool is_default;                 /* the default for its sport: runs of that sport without
                                        an assignment count for it from since_day on */
} sg_gear;

#define SG_GEAR_NO_DAY (-2147483647 - 1)

/* Empty item: sport running, no dates, retire_km NaN. */
void sg_gear_init(sg_gear *g);

/* Name required (1..63 bytes, no control characters), texts without
 * control characters, retire_km NaN or in (0, SG_GEAR_MAX_RETIRE_KM].
 * SG_EUSAGE with the reason. */
int sg_gear_validate(const sg_gear *g, sg_err *err);

/* Copies text into one of the fixed fields; SG_EUSAGE when too long. */
int sg_gear_set_text(char dst[SG_GEAR_TEXT_MAX], const char *src, const char *what, sg_err *err);

/* {"name":..,"brand":..,"model":..,"sport":"running","since":"YYYY-MM-DD"|null,
 *  "retire_km":700|null,"retired":false,"default":false}; *json malloc()ed.
 * The id is not in the JSON (the store keeps it). SG_ENOMEM. */
int sg_gear_to_json(const sg_gear *g, char **json, sg_err *err);
/* The same shape (unknown keys refused); g->id is left 0. SG_EFORMAT with
 * the key at fault; *g untouched then. Does not validate ranges. */
int sg_gear_from_json(const char *json, size_t len, sg_gear *g, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
