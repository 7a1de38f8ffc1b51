/* Journal-to-training links (include/strideguard/links.h). Counts and a
 * correlation, nothing more: the output names associations and never causes.
 * Thresholds are design choices [D] documented in docs/science.md §9. */
#include "strideguard/links.h"

#include <math.h>
#include <string.h>

static const char *const factor_names[SG_LF_COUNT] = {"descent", "spike", "asymmetry",
                                                      "fatigue_breakdown",
                                                      "return_from_break"};

static const char caveat[] =
    "These are associations in your own records, not causes: a run before a flare-up did not "
    "necessarily bring it on, and with few flare-ups any pattern can be chance.";

const char *sg_link_factor_name(sg_link_factor f)
{
    return (f >= 0 && f < SG_LF_COUNT) ? factor_names[f] : "unknown";
}

bool sg_link_run_has(const sg_run_fact *r, sg_link_factor f)
{
    switch (f) {
    case SG_LF_DESCENT:
        return isfinite(r->descent_m) && isfinite(r->distance_m) && r->distance_m > 0 &&
               r->descent_m / (r->distance_m / 1000.0) >= SG_LINK_DESCENT_M_PER_KM;
    case SG_LF_SPIKE:
        return r->spike == SG_SPIKE_MODERATE || r->spike == SG_SPIKE_LARGE;
    case SG_LF_ASYMMETRY:
        return isfinite(r->balance_left_pct) && fabs(r->balance_left_pct - 50.0) > SG_LINK_ASYM_PCT;
    case SG_LF_FATIGUE:
        return r->fatigue_breakdown;
    case SG_LF_RETURN: /* its own category: it has no percentage to grade */
        return r->spike == SG_SPIKE_RETURN;
    default:
        return false;
    }
}

static int monday_of(int day) { return day - (sg_journal_weekday(day) - 1); }

static bool is_flare(const sg_entry *e, int from, int today)
{
    return e->kind == SG_ENTRY_PAIN && e->u.pain.severity >= SG_LINK_FLARE_SEVERITY &&
           e->u.pain.day >= from && e->u.pain.day <= today;
}

/* A flare entry continues an earlier flare-up of the same region when one
 * was logged in the SG_LINK_FLARE_MERGE_DAYS days before it. */
static bool continues(const sg_entry *es, size_t n, size_t k, int from, int today)
{
    const sg_pain_entry *p = &es[k].u.pain;
    for (size_t i = 0; i < n; i++) {
        if (i == k || !is_flare(&es[i], from, today) || es[i].u.pain.region != p->region)
            continue;
        int d = p->day - es[i].u.pain.day;
        if ((d > 0 && d <= SG_LINK_FLARE_MERGE_DAYS) || (d == 0 && i < k))
            return true;
    }
    return false;
}

static bool precedes(const sg_run_fact *r, const sg_pain_entry *p)
{
    if (p->run_id && r->run_id == p->run_id)
        return true;
    int d = p->day - r->day;
    if (d == 0)
        return p->timing != SG_TIMING_BEFORE; /* pain before the run: not after it */
    return d > 0 && d <= SG_LINK_LOOKBACK_DAYS;
}

static double ratio(int a, int b) { return b > 0 ? (double)a / b : NAN; }

static double pearson(const double *x, const double *y, int n)
{
    if (n < SG_LINK_MIN_WEEKS)
        return NAN;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0 || syy <= 0)
        return NAN;
    return sxy / sqrt(sxx * syy);
}

/* Flare-ups in [from, today] and the factors of the runs before them,
 * oldest first, and each factor's share among flares and among runs. */
static void links_flares(const sg_entry *es, size_t n, const sg_run_fact *runs, size_t nr,
                         int from, int today, sg_links_result *out)
{
    for (size_t k = 0; k < n; k++) {
        if (!is_flare(&es[k], from, today) || continues(es, n, k, from, today))
            continue;
        out->n_flares_total++;
        const sg_pain_entry *p = &es[k].u.pain;
        sg_link_flare fl;
        memset(&fl, 0, sizeof fl);
        fl.entry_id = es[k].id;
        fl.day = p->day;
        fl.severity = p->severity;
        fl.region = p->region;
        fl.side = p->side;
        bool any = false;
        for (size_t r = 0; r < nr; r++) {
            if (!precedes(&runs[r], p))
                continue;
            any = true;
            if (fl.n_runs < SG_LINK_MAX_RUNS_PER_FLARE)
                fl.run_ids[fl.n_runs++] = runs[r].run_id;
            for (int f = 0; f < SG_LF_COUNT; f++)
                if (sg_link_run_has(&runs[r], (sg_link_factor)f))
                    fl.factors |= 1u << f;
        }
        for (int f = 0; f < SG_LF_COUNT; f++) {
            out->factor[f].flares_with_runs += any;
            out->factor[f].flares_with += (fl.factors >> f) & 1u;
        }
        if (out->n_flares < SG_LINK_MAX_FLARES)
            out->flares[out->n_flares++] = fl;
    }
    /* oldest first (insertion sort by day; entries may come in any order) */
    for (size_t i = 1; i < out->n_flares; i++) {
        sg_link_flare t = out->flares[i];
        size_t j = i;
        while (j > 0 && out->flares[j - 1].day > t.day) {
            out->flares[j] = out->flares[j - 1];
            j--;
        }
        out->flares[j] = t;
    }
    for (int f = 0; f < SG_LF_COUNT; f++) {
        sg_link_factor_stat *s = &out->factor[f];
        s->flare_share = ratio(s->flares_with, s->flares_with_runs);
        s->run_share = ratio(s->runs_with, s->runs_total);
    }

}

/* Which side the pain is on, and which foot the runs keep longer on the ground. */
static void links_side(const sg_entry *es, size_t n, const sg_run_fact *runs, size_t nr,
                       int from, int today, sg_links_result *out)
{
    sg_link_side *sd = &out->side;
    double bsum = 0;
    int bn = 0;
    for (size_t k = 0; k < n; k++) {
        if (es[k].kind != SG_ENTRY_PAIN || es[k].u.pain.severity <= 0 || es[k].u.pain.day < from ||
            es[k].u.pain.day > today)
            continue;
        sd->left_entries += es[k].u.pain.side == SG_SIDE_LEFT;
        sd->right_entries += es[k].u.pain.side == SG_SIDE_RIGHT;
    }
    for (size_t r = 0; r < nr; r++)
        if (runs[r].day >= from && runs[r].day <= today && isfinite(runs[r].balance_left_pct)) {
            bsum += runs[r].balance_left_pct;
            bn++;
        }
    int sides = sd->left_entries + sd->right_entries;
    if (sides > 0 && 3 * sd->left_entries >= 2 * sides)
        sd->pain_side = SG_SIDE_LEFT;
    else if (sides > 0 && 3 * sd->right_entries >= 2 * sides)
        sd->pain_side = SG_SIDE_RIGHT;
    sd->mean_balance_left = bn ? bsum / bn : NAN;
    if (bn && fabs(sd->mean_balance_left - 50.0) > SG_LINK_ASYM_PCT)
        sd->longer_contact_side = sd->mean_balance_left > 50.0 ? SG_SIDE_LEFT : SG_SIDE_RIGHT;
    sd->comparable = sd->pain_side != SG_SIDE_UNKNOWN && sd->longer_contact_side != SG_SIDE_UNKNOWN;
    sd->same_side = sd->comparable && sd->pain_side == sd->longer_contact_side;

}

/* Weekly distance and pain from first_monday, and their correlation over the
 * weeks from the first pain on. */
static void links_weeks(const sg_entry *es, size_t n, const sg_run_fact *runs, size_t nr,
                        int from, int today, int first_monday, int n_weeks,
                        sg_links_result *out)
{
    int first_pain = today + 1;
    for (size_t k = 0; k < n; k++)
        if (es[k].kind == SG_ENTRY_PAIN && es[k].u.pain.day >= from && es[k].u.pain.day < first_pain)
            first_pain = es[k].u.pain.day;
    double x[SG_LINK_MAX_WEEKS], y[SG_LINK_MAX_WEEKS];
    int np = 0;
    for (int w = 0; w < n_weeks; w++) {
        sg_link_week *wk = &out->weeks[out->n_weeks++];
        wk->week_start = first_monday + 7 * w;
        const int end = wk->week_start + 6;
        for (size_t r = 0; r < nr; r++)
            if (runs[r].day >= wk->week_start && runs[r].day <= end && isfinite(runs[r].distance_m))
                wk->distance_m += runs[r].distance_m;
        for (size_t k = 0; k < n; k++)
            if (es[k].kind == SG_ENTRY_PAIN && es[k].u.pain.day >= wk->week_start &&
                es[k].u.pain.day <= end && es[k].u.pain.day <= today) {
                wk->n_pain++;
                if (es[k].u.pain.severity > wk->max_severity)
                    wk->max_severity = es[k].u.pain.severity;
            }
        if (end >= first_pain) {
            x[np] = wk->distance_m;
            y[np] = wk->max_severity;
            np++;
        }
    }
    out->n_weeks_paired = np;
    out->load_pain_r = pearson(x, y, np);
}

void sg_links_analyze(const sg_entry *es, size_t n, const sg_run_fact *runs, size_t nr, int today,
                      int n_weeks, sg_links_result *out)
{
    memset(out, 0, sizeof *out);
    if (!es)
        n = 0;
    if (!runs)
        nr = 0;
    if (n_weeks < 1)
        n_weeks = 1;
    if (n_weeks > SG_LINK_MAX_WEEKS)
        n_weeks = SG_LINK_MAX_WEEKS;
    const int first_monday = monday_of(today) - 7 * (n_weeks - 1);
    const int from = first_monday;
    out->from_day = from;
    out->today = today;
    out->caveat = caveat;
    out->load_pain_r = NAN;

    /* base rates */
    for (size_t r = 0; r < nr; r++) {
        if (runs[r].day < from || runs[r].day > today)
            continue;
        for (int f = 0; f < SG_LF_COUNT; f++) {
            out->factor[f].runs_total++;
            out->factor[f].runs_with += sg_link_run_has(&runs[r], (sg_link_factor)f);
        }
    }

    links_flares(es, n, runs, nr, from, today, out);
    links_side(es, n, runs, nr, from, today, out);
    links_weeks(es, n, runs, nr, from, today, first_monday, n_weeks, out);
}
