#ifndef SG_ANALYSIS_MATCHED_H
#define SG_ANALYSIS_MATCHED_H
/* Early-vs-late comparisons matched for speed and grade, shared by the
 * watch's fatigue drift (fatigue.c, docs/science.md §6) and the lower-back
 * sensor's trunk fatigue (trunk_fatigue.c, §8.4). Not part of the API.
 *
 * The method: data are put in strata of (grade band, 5 %-wide speed bin);
 * in each stratum with data in both the early and the late part the change
 * is the difference of medians, with the standard error of a difference of
 * medians, 1.2533 * sigma * sqrt(1/b1 + 1/b2), sigma = the mean IQR of the
 * two parts / 1.349 (robust normal scale), b = independent blocks (30 s of
 * moving time; a trunk window is one). Strata are pooled with weights
 * t1*t2/(t1+t2) (t = the time behind each part). A change counts when it
 * exceeds twice its pooled error and a minimal effect. Pure, no allocation. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/run_analysis.h" /* grade bands */

/* Speed bins 1.5 * 1.05^k m/s, k = 0..SG_MATCH_SPEED_BINS-1 (1.5-8.7 m/s). */
enum { SG_MATCH_SPEED_BINS = 36, SG_MATCH_STRATA = SG_MATCH_SPEED_BINS * SG_RUN_N_BANDS };

/* Stratum of a speed (m/s) and a grade (%; NaN counts as flat, as in
 * sg_run_band_of), 0..SG_MATCH_STRATA-1, or -1 when the speed is outside
 * the bins or not finite. */
int sg_match_stratum(double speed_mps, double grade_pct);

/* One part (early or late) of one stratum. */
typedef struct sg_match_group {
    double med, iqr;   /* of the values */
    double time;       /* s behind them */
    size_t n;          /* values */
    size_t blocks;     /* independent blocks */
} sg_match_group;

typedef struct sg_match_pool {
    double sw, s, se2; /* sums of weights, weighted changes, squared weighted errors */
    double matched_s;  /* time behind the strata used (both parts) */
    size_t strata;     /* strata used */
} sg_match_pool;

void sg_match_pool_init(sg_match_pool *p);

/* Adds one stratum's early (a) and late (b) part. relative: the change and
 * its error in % of a->med (nothing added when a->med <= 0). The caller has
 * checked that each part has enough values and blocks. */
void sg_match_pool_add(sg_match_pool *p, const sg_match_group *a, const sg_match_group *b,
                       bool relative);

/* The pooled change, its standard error and whether it counts (|change| >
 * 2 x noise and >= min_effect). NaN and false when nothing was added. */
void sg_match_pool_result(const sg_match_pool *p, double min_effect, double *change,
                          double *noise, bool *significant);

#endif
