/* The journal export as JSON and CSV (render/journal_render.h). */
#include "render/journal_render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/format.h"
#include "strideguard/ostrc.h"

void sg_journal_export_write_json(sg_jw *w, const sg_app_journal_export_result *x)
{
    sg_jw_obj_begin(w);
    sg_jw_kday(w, "from", x->from_day);
    sg_jw_kday(w, "to", x->to_day);
    sg_jw_kint(w, "count", (long long)x->n);
    sg_jw_key(w, "entries");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < x->n; i++)
        sg_entry_write_json(w, &x->entries[i]);
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

/* The columns, in order; a kind fills those that apply to it. */
enum {
    C_ID, C_DATE, C_KIND, C_REGION, C_SIDE, C_SEVERITY, C_TIMING, C_KM, C_RADIATES, C_NUMBNESS,
    C_STIFFNESS, C_CHANGED_RUN, C_WORSE_DURING, C_EASES, C_RUN_ID, C_RPE, C_EXERCISE, C_AREA,
    C_ANSWERS, C_OSTRC_SEVERITY, C_YES, C_NO, C_UNSURE, C_NOTE, C_COUNT
};

static const char *const header[C_COUNT] = {
    "id", "date", "kind", "region", "side", "severity", "timing", "km", "radiates", "numbness",
    "stiffness_min", "changed_run", "worse_during", "eases", "run_id", "rpe", "exercise",
    "ostrc_area", "ostrc_answers", "ostrc_severity", "screen_yes", "screen_no", "screen_unsure",
    "note"};

#define CELL 1024 /* the longest cell: a note (SG_JOURNAL_NOTE_MAX) or a list of questions */

typedef char row[C_COUNT][CELL];

/* One field, quoted when it must be (RFC 4180). */
static void put_field(sg_sb *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sg_sb_puts(b, s);
        return;
    }
    sg_sb_put(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sg_sb_put(b, "\"", 1);
        sg_sb_put(b, p, 1);
    }
    sg_sb_put(b, "\"", 1);
}

static void put_row(sg_sb *b, const char *const *cells)
{
    for (int c = 0; c < C_COUNT; c++) {
        if (c)
            sg_sb_put(b, ",", 1);
        put_field(b, cells[c]);
    }
    sg_sb_put(b, "\r\n", 2);
}

static void set_int(row r, int c, long long v)
{
    sg_fmt_num(r[c], CELL, (double)v, 0, NULL);
}

static void set_bool(row r, int c, bool v)
{
    snprintf(r[c], CELL, "%s", v ? "yes" : "no");
}

/* The red-flag questions in mask, separated by ';'. */
static void set_flags(row r, int c, unsigned mask)
{
    size_t used = 0;
    for (int f = 0; f < SG_RF_COUNT && used < CELL; f++)
        if (mask & SG_RF_BIT(f)) {
            int k = snprintf(r[c] + used, CELL - used, "%s%s", used ? ";" : "",
                             sg_redflag_name((sg_redflag)f));
            used += k > 0 ? (size_t)k : 0;
        }
}

static void pain_cells(row r, const sg_pain_entry *p)
{
    snprintf(r[C_REGION], CELL, "%s", sg_region_name(p->region));
    snprintf(r[C_SIDE], CELL, "%s", sg_side_name(p->side));
    set_int(r, C_SEVERITY, p->severity);
    if (p->timing)
        snprintf(r[C_TIMING], CELL, "%s", sg_timing_name(p->timing));
    if (isfinite(p->km))
        sg_fmt_num(r[C_KM], CELL, p->km, 2, NULL);
    set_bool(r, C_RADIATES, p->radiates);
    set_bool(r, C_NUMBNESS, p->numbness);
    if (p->stiffness_min >= 0)
        set_int(r, C_STIFFNESS, p->stiffness_min);
    set_bool(r, C_CHANGED_RUN, p->changed_run);
    set_bool(r, C_WORSE_DURING, p->worse_during);
    if (p->eases >= 0)
        set_bool(r, C_EASES, p->eases == 1);
    if (p->run_id)
        set_int(r, C_RUN_ID, p->run_id);
    /* a note a spreadsheet would read as a formula is shown as text */
    const char *lead = strchr("=+-@\t\r", p->note[0]) && p->note[0] ? "'" : "";
    snprintf(r[C_NOTE], CELL, "%s%s", lead, p->note);
}

static void ostrc_cells(row r, const sg_ostrc_entry *o)
{
    snprintf(r[C_AREA], CELL, "%s", sg_ostrc_area_name(o->area));
    size_t used = 0;
    for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
        char n[16] = "";
        if (o->answer[q] >= 0)
            sg_fmt_num(n, sizeof n, o->answer[q], 0, NULL);
        int k = snprintf(r[C_ANSWERS] + used, CELL - used, "%s%s", q ? ";" : "", n);
        used += k > 0 ? (size_t)k : 0;
    }
    sg_ostrc_score sc = sg_ostrc_score_week(o);
    if (sc.complete)
        set_int(r, C_OSTRC_SEVERITY, sc.severity);
}

static void entry_cells(row r, const sg_entry *e)
{
    memset(r, 0, sizeof(row));
    set_int(r, C_ID, e->id);
    int day = sg_entry_day(e);
    if (day != SG_JOURNAL_NO_DAY)
        sg_journal_date_format(day, r[C_DATE]);
    snprintf(r[C_KIND], CELL, "%s", sg_entry_kind_name(e->kind));
    switch (e->kind) {
    case SG_ENTRY_PAIN:
        pain_cells(r, &e->u.pain);
        break;
    case SG_ENTRY_PREHAB:
        snprintf(r[C_EXERCISE], CELL, "%s", e->u.prehab.exercise);
        break;
    case SG_ENTRY_RPE:
        set_int(r, C_RUN_ID, e->u.rpe.run_id);
        set_int(r, C_RPE, e->u.rpe.rpe);
        break;
    case SG_ENTRY_SCREEN:
        set_flags(r, C_YES, e->u.screen.yes);
        set_flags(r, C_NO, e->u.screen.no);
        set_flags(r, C_UNSURE, e->u.screen.unsure);
        break;
    case SG_ENTRY_OSTRC:
        ostrc_cells(r, &e->u.ostrc);
        break;
    default:
        break;
    }
}

void sg_journal_export_write_csv(sg_sb *b, const sg_app_journal_export_result *x)
{
    put_row(b, header);
    row *r = malloc(sizeof *r);
    if (!r) {
        b->error = 1;
        return;
    }
    for (size_t i = 0; i < x->n; i++) {
        entry_cells(*r, &x->entries[i]);
        const char *cells[C_COUNT];
        for (int c = 0; c < C_COUNT; c++)
            cells[c] = (*r)[c];
        put_row(b, cells);
    }
    free(r);
}
