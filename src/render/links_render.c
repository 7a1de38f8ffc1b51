/* Journal-to-training links as JSON (docs/cli.md "check") and text. The
 * caveat travels with every rendering: these are associations. */
#include <math.h>

#include "render/journal_render.h"

void sg_links_write_json(sg_jw *w, const sg_links_result *r)
{
    char d[11];
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "from", sg_journal_date_format(r->from_day, d));
    sg_jw_kstr(w, "to", sg_journal_date_format(r->today, d));
    sg_jw_kstr(w, "caveat", r->caveat);
    sg_jw_key(w, "flares");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_flares; i++) {
        const sg_link_flare *fl = &r->flares[i];
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "entry", fl->entry_id);
        sg_jw_kstr(w, "date", sg_journal_date_format(fl->day, d));
        sg_jw_kint(w, "severity", fl->severity);
        sg_jw_kstr(w, "region", sg_region_name(fl->region));
        sg_jw_kstr(w, "side", sg_side_name(fl->side));
        sg_jw_key(w, "runs_before");
        sg_jw_arr_begin(w);
        for (size_t k = 0; k < fl->n_runs; k++)
            sg_jw_int(w, fl->run_ids[k]);
        sg_jw_arr_end(w);
        sg_jw_key(w, "factors");
        sg_jw_arr_begin(w);
        for (int f = 0; f < SG_LF_COUNT; f++)
            if (fl->factors & (1u << f))
                sg_jw_str(w, sg_link_factor_name((sg_link_factor)f));
        sg_jw_arr_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kint(w, "flares_total", (long long)r->n_flares_total);
    sg_jw_key(w, "factors");
    sg_jw_obj_begin(w);
    for (int f = 0; f < SG_LF_COUNT; f++) {
        const sg_link_factor_stat *s = &r->factor[f];
        sg_jw_key(w, sg_link_factor_name((sg_link_factor)f));
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "flares_with", s->flares_with);
        sg_jw_kint(w, "flares_with_runs", s->flares_with_runs);
        sg_jw_kint(w, "runs_with", s->runs_with);
        sg_jw_kint(w, "runs_total", s->runs_total);
        sg_jw_knumf(w, "flare_share", s->flare_share, 3);
        sg_jw_knumf(w, "run_share", s->run_share, 3);
        sg_jw_obj_end(w);
    }
    sg_jw_obj_end(w);
    sg_jw_key(w, "side");
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "left_entries", r->side.left_entries);
    sg_jw_kint(w, "right_entries", r->side.right_entries);
    sg_jw_kstr(w, "pain_side", r->side.pain_side ? sg_side_name(r->side.pain_side) : NULL);
    sg_jw_knumf(w, "mean_balance_left_pct", r->side.mean_balance_left, 2);
    sg_jw_kstr(w, "longer_contact_side",
               r->side.longer_contact_side ? sg_side_name(r->side.longer_contact_side) : NULL);
    sg_jw_kbool(w, "comparable", r->side.comparable);
    sg_jw_kbool(w, "same_side", r->side.same_side);
    sg_jw_obj_end(w);
    sg_jw_key(w, "weeks");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_weeks; i++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "week_start", sg_journal_date_format(r->weeks[i].week_start, d));
        sg_jw_knumf(w, "distance_km", r->weeks[i].distance_m / 1000.0, 1);
        sg_jw_kint(w, "max_severity", r->weeks[i].max_severity);
        sg_jw_kint(w, "pain_entries", r->weeks[i].n_pain);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_knumf(w, "load_pain_r", r->load_pain_r, 3);
    sg_jw_kint(w, "weeks_paired", r->n_weeks_paired);
    sg_jw_obj_end(w);
}

static const char *const factor_words[SG_LF_COUNT] = {
    "a descent-heavy run", "a distance spike", "an off-centre contact balance",
    "late-run form breakdown", "a return after a break from running"};

void sg_links_write_text(FILE *f, const sg_links_result *r)
{
    fprintf(f, "Flare-ups (pain >= %d/10): %zu\n", SG_LINK_FLARE_SEVERITY, r->n_flares_total);
    for (int k = 0; k < SG_LF_COUNT; k++) {
        const sg_link_factor_stat *s = &r->factor[k];
        if (!s->flares_with_runs)
            continue;
        fprintf(f, "  %d of %d flare-ups came within %d days after %s; %d of %d runs had it.\n",
                s->flares_with, s->flares_with_runs, SG_LINK_LOOKBACK_DAYS, factor_words[k],
                s->runs_with, s->runs_total);
    }
    if (r->side.comparable)
        fprintf(f, "One-sided pain is mostly %s; contact time is longer on the %s (%s).\n",
                sg_side_name(r->side.pain_side), sg_side_name(r->side.longer_contact_side),
                r->side.same_side ? "same side" : "opposite sides");
    if (isfinite(r->load_pain_r))
        fprintf(f, "Weekly distance vs weekly worst pain over %d weeks: r = %.2f.\n",
                r->n_weeks_paired, r->load_pain_r);
    else
        fprintf(f, "Too few weeks of journal to compare pain with weekly distance.\n");
    fprintf(f, "%s\n", r->caveat);
}
