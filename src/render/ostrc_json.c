/* The OSTRC-O2 document of GET /api/ostrc (render/ostrc_json.h). */
#include "render/ostrc_json.h"

#include "render/journal_render.h"
#include "strideguard/ostrc.h"

/* Which questions (1-based) option `a` of question `q` (0-based) leaves out:
 * the questionnaire's logic as sg_ostrc_score_week and the journal's
 * validation apply it (include/strideguard/ostrc.h). tests/test_ostrc_json.c
 * checks that the three agree. */
static void write_skips(sg_jw *w, int q, int a)
{
    sg_jw_key(w, "skips");
    sg_jw_arr_begin(w);
    if (q == 0 && a == 0) {          /* full participation without problems: ends it */
        for (int k = 2; k <= SG_OSTRC_QUESTIONS; k++)
            sg_jw_int(w, k);
    } else if (q == 0 && a == 3) {   /* cannot participate: Q2 and Q3 scored at their maximum */
        sg_jw_int(w, 2);
        sg_jw_int(w, 3);
    }
    sg_jw_arr_end(w);
}

static void write_week(sg_jw *w, const sg_entry *e)
{
    const sg_ostrc_entry *o = &e->u.ostrc;
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", e->id);
    sg_jw_kday(w, "date", o->day);
    sg_ostrc_score sc = sg_ostrc_json_week(w, o);
    sg_jw_kbool(w, "problem", sc.problem);
    sg_jw_obj_end(w);
}

void sg_ostrc_write_json(sg_jw *w, const sg_entry *entries, size_t n, int today)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "instrument", "OSTRC-O2");
    sg_jw_kstr(w, "source", "Clarsen et al., Br J Sports Med 2020 (OSTRC-O2); item values "
                            "from Clarsen et al. 2013 (docs/science.md \xc2\xa7" "9.5)");
    sg_jw_kday(w, "today", today);
    sg_jw_key(w, "questions");
    sg_jw_arr_begin(w);
    for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "number", q + 1);
        sg_jw_kstr(w, "text", sg_ostrc_question(q));
        sg_jw_key(w, "options");
        sg_jw_arr_begin(w);
        for (int a = 0; a < sg_ostrc_options(q); a++) {
            sg_jw_obj_begin(w);
            sg_jw_kint(w, "value", a);
            sg_jw_kstr(w, "label", sg_ostrc_option(q, a));
            sg_jw_kint(w, "points", sg_ostrc_points(q, a));
            write_skips(w, q, a);
            sg_jw_obj_end(w);
        }
        sg_jw_arr_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "areas");
    sg_jw_arr_begin(w);
    for (int area = SG_OSTRC_LOWER_BACK; area < SG_OSTRC_AREA_COUNT; area++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "name", sg_ostrc_area_name((sg_ostrc_area)area));
        sg_jw_kstr(w, "words", sg_ostrc_area_words((sg_ostrc_area)area));
        sg_jw_key(w, "weeks");
        sg_jw_arr_begin(w);
        for (size_t i = 0; i < n; i++) {
            const sg_entry *e = &entries[i];
            if (e->kind == SG_ENTRY_OSTRC && (int)e->u.ostrc.area == area &&
                e->u.ostrc.day != SG_JOURNAL_NO_DAY && e->u.ostrc.day <= today)
                write_week(w, e);
        }
        sg_jw_arr_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

sg_ostrc_score sg_ostrc_json_week(sg_jw *w, const sg_ostrc_entry *o)
{
    sg_ostrc_score sc = sg_ostrc_score_week(o);
    sg_jw_key(w, "answers");
    sg_jw_arr_begin(w);
    for (int q = 0; q < SG_OSTRC_QUESTIONS; q++)
        if (o->answer[q] >= 0)
            sg_jw_int(w, o->answer[q]);
        else
            sg_jw_null(w);
    sg_jw_arr_end(w);
    if (sc.complete)
        sg_jw_kint(w, "severity", sc.severity);
    else
        sg_jw_knull(w, "severity");
    sg_jw_kbool(w, "substantial", sc.substantial);
    return sc;
}
