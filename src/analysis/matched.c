/* Early-vs-late comparisons matched for speed and grade (analysis/matched.h). */
#include "analysis/matched.h"
#include "analysis/run_internal.h" /* sg_runi_bin, the one bin search */

#include <math.h>

/* 1.5 * 1.05^k m/s, written out so that a bin edge is the same number on
 * every platform */
static const double edges5[SG_MATCH_SPEED_BINS + 1] = {
    1.5, 1.5750000000000002, 1.6537500000000001, 1.7364375000000001, 1.8232593750000003,
    1.9144223437500005, 2.0101434609375008, 2.1106506339843758, 2.2161831656835944,
    2.3269923239677741, 2.4433419401661629, 2.5655090371744711, 2.6937844890331952,
    2.828473713484855, 2.9698973991590982, 3.1183922691170531, 3.2743118825729054,
    3.4380274767015511, 3.6099288505366287, 3.7904252930634605, 3.9799465577166333,
    4.1789438856024654, 4.3878910798825892, 4.6072856338767183, 4.8376499155705543,
    5.0795324113490832, 5.3335090319165364, 5.600184483512364, 5.8801937076879822,
    6.1742033930723821, 6.4829135627260017, 6.8070592408623014, 7.147412202905417,
    7.5047828130506877, 7.8800219537032223, 8.2740230513883848, 8.6877242039578029,
};

int sg_match_stratum(double v, double grade_pct)
{
    int sb = sg_runi_bin(edges5, SG_MATCH_SPEED_BINS, v);
    return sb < 0 ? -1 : sb * SG_RUN_N_BANDS + sg_run_band_of(grade_pct);
}

void sg_match_pool_init(sg_match_pool *p)
{
    p->sw = p->s = p->se2 = p->matched_s = 0;
    p->strata = 0;
}

void sg_match_pool_add(sg_match_pool *p, const sg_match_group *a, const sg_match_group *b,
                       bool relative)
{
    double diff = b->med - a->med;
    double sigma = 0.5 * (a->iqr + b->iqr) / 1.349;
    double se = 1.2533 * sigma * sqrt(1.0 / (double)a->blocks + 1.0 / (double)b->blocks);
    if (relative) {
        if (!(a->med > 0))
            return;
        diff = diff / a->med * 100.0;
        se = se / a->med * 100.0;
    }
    double w = a->time * b->time / (a->time + b->time);
    p->s += w * diff;
    p->se2 += w * w * se * se;
    p->sw += w;
    p->matched_s += a->time + b->time;
    p->strata++;
}

void sg_match_pool_result(const sg_match_pool *p, double min_effect, double *change,
                          double *noise, bool *significant)
{
    *change = *noise = NAN;
    *significant = false;
    if (!(p->sw > 0))
        return;
    *change = p->s / p->sw;
    *noise = sqrt(p->se2) / p->sw;
    *significant = fabs(*change) > 2 * *noise && fabs(*change) >= min_effect;
}
