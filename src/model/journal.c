/* The pain journal's entry model (include/strideguard/journal.h): names,
 * dates, validation, duplicate detection and the JSON storage form. */
#include "strideguard/journal.h"

#include "strideguard/civil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const region_names[SG_REGION_COUNT] = {
    NULL,        "upper_cervical", "cervical", "thoracic", "thoracolumbar",
    "lumbar",    "lumbosacral",    "sacroiliac", "buttock", "hip",
    "groin",     "thigh",          "lower_leg", "foot",
};
static const char *const side_names[SG_SIDE_COUNT] = {NULL, "left", "right", "both", "central"};
static const char *const timing_names[SG_TIMING_COUNT] = {NULL, "before", "during", "after",
                                                          "next_morning"};
static const char *const kind_names[SG_ENTRY_KIND_COUNT] = {NULL, "pain", "prehab", "rpe",
                                                                        "screen", "ostrc"};

static int parse_name(const char *const *names, int count, const char *name)
{
    if (!name)
        return 0;
    for (int i = 1; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return 0;
}

const char *sg_region_name(sg_region r)
{
    return (r > 0 && r < SG_REGION_COUNT) ? region_names[r] : "unknown";
}
sg_region sg_region_parse(const char *name)
{
    return (sg_region)parse_name(region_names, SG_REGION_COUNT, name);
}
const char *sg_side_name(sg_side s)
{
    return (s > 0 && s < SG_SIDE_COUNT) ? side_names[s] : "unknown";
}
sg_side sg_side_parse(const char *name) { return (sg_side)parse_name(side_names, SG_SIDE_COUNT, name); }
const char *sg_timing_name(sg_timing t)
{
    return (t > 0 && t < SG_TIMING_COUNT) ? timing_names[t] : "unknown";
}
sg_timing sg_timing_parse(const char *name)
{
    return (sg_timing)parse_name(timing_names, SG_TIMING_COUNT, name);
}
const char *sg_entry_kind_name(sg_entry_kind k)
{
    return (k > 0 && k < SG_ENTRY_KIND_COUNT) ? kind_names[k] : "unknown";
}
sg_entry_kind sg_entry_kind_parse(const char *name)
{
    return (sg_entry_kind)parse_name(kind_names, SG_ENTRY_KIND_COUNT, name);
}

bool sg_region_is_spinal(sg_region r) { return r >= SG_REGION_UPPER_CERVICAL && r <= SG_REGION_SACROILIAC; }
bool sg_region_is_leg(sg_region r)
{
    return r == SG_REGION_THIGH || r == SG_REGION_LOWER_LEG || r == SG_REGION_FOOT;
}

/* ---- dates (include/strideguard/civil.h) ---- */

int sg_journal_day_from_civil(int y, int m, int d) { return (int)sg_days_from_civil(y, m, d); }

void sg_journal_civil_from_day(int day, int *y, int *m, int *d)
{
    long long yy;
    int mm, dd;
    sg_civil_from_days(day, &yy, &mm, &dd);
    if (y)
        *y = (int)yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

int sg_journal_date_parse(const char *s, int *day, sg_err *err)
{
    long long v;
    sg_date_check c = sg_civil_date_scan(s, &v);
    if (c == SG_DATE_SHAPE || (c == SG_DATE_OK && s[10]))
        return sg_err_set(err, SG_EFORMAT, -1, "date '%.40s' is not YYYY-MM-DD", s ? s : "");
    if (c != SG_DATE_OK)
        return sg_err_set(err, SG_EFORMAT, -1, "date '%s' is not a real calendar day", s);
    *day = (int)v;
    return SG_OK;
}

char *sg_journal_date_format(int day, char buf[11]) { return sg_civil_date_format(day, buf); }

int sg_journal_weekday(int day)
{
    /* 1970-01-01 was a Thursday (4). */
    int r = (day + 3) % 7;
    if (r < 0)
        r += 7;
    return r + 1;
}

/* ---- construction and validation ---- */

void sg_entry_init(sg_entry *e, sg_entry_kind kind)
{
    memset(e, 0, sizeof *e);
    e->kind = kind;
    switch (kind) {
    case SG_ENTRY_PAIN:
        e->u.pain.day = SG_JOURNAL_NO_DAY;
        e->u.pain.severity = -1;
        e->u.pain.km = NAN;
        e->u.pain.stiffness_min = -1;
        e->u.pain.eases = -1;
        break;
    case SG_ENTRY_SCREEN:
        e->u.screen.day = SG_JOURNAL_NO_DAY;
        break;
    case SG_ENTRY_OSTRC:
        e->u.ostrc.day = SG_JOURNAL_NO_DAY;
        for (int q = 0; q < SG_OSTRC_QUESTIONS; q++)
            e->u.ostrc.answer[q] = -1;
        break;
    case SG_ENTRY_PREHAB:
        e->u.prehab.day = SG_JOURNAL_NO_DAY;
        break;
    case SG_ENTRY_RPE:
        e->u.rpe.day = SG_JOURNAL_NO_DAY;
        e->u.rpe.rpe = -1;
        break;
    default:
        break;
    }
}

static int copy_text(char *dst, size_t cap, const char *src, const char *what, sg_err *err)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= cap)
        return sg_err_set(err, SG_ELIMIT, -1, "%s is too long (%zu bytes, at most %zu)", what, n,
                          cap - 1);
    memcpy(dst, src, n + 1);
    return SG_OK;
}

int sg_entry_set_note(sg_entry *e, const char *note, sg_err *err)
{
    if (e->kind != SG_ENTRY_PAIN)
        return sg_err_set(err, SG_EUSAGE, -1, "only pain entries have a note");
    return copy_text(e->u.pain.note, sizeof e->u.pain.note, note, "note", err);
}

int sg_entry_set_exercise(sg_entry *e, const char *exercise_id, sg_err *err)
{
    if (e->kind != SG_ENTRY_PREHAB)
        return sg_err_set(err, SG_EUSAGE, -1, "only prehab entries have an exercise");
    return copy_text(e->u.prehab.exercise, sizeof e->u.prehab.exercise, exercise_id,
                     "exercise id", err);
}

int sg_entry_day(const sg_entry *e)
{
    switch (e->kind) {
    case SG_ENTRY_PAIN: return e->u.pain.day;
    case SG_ENTRY_PREHAB: return e->u.prehab.day;
    case SG_ENTRY_RPE: return e->u.rpe.day;
    case SG_ENTRY_SCREEN: return e->u.screen.day;
    case SG_ENTRY_OSTRC: return e->u.ostrc.day;
    default: return SG_JOURNAL_NO_DAY;
    }
}

static int check_day(int day, int today, bool required, sg_err *err)
{
    if (day == SG_JOURNAL_NO_DAY)
        return required ? sg_err_set(err, SG_EUSAGE, -1, "the date is missing") : SG_OK;
    if (day > today) {
        char a[11], b[11];
        return sg_err_set(err, SG_EUSAGE, -1, "date %s is in the future (today is %s)",
                          sg_journal_date_format(day, a), sg_journal_date_format(today, b));
    }
    return SG_OK;
}

/* Stored notes go through JSON, which must be UTF-8. */
static bool valid_utf8(const unsigned char *s)
{
    while (*s) {
        int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2
              : (*s & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && *s < 0xC2) || (n == 3 && *s > 0xF4))
            return false;
        s++;
        for (int i = 0; i < n; i++, s++)
            if ((*s & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static bool valid_id_text(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

int sg_entry_validate(const sg_entry *e, int today, sg_err *err)
{
    switch (e->kind) {
    case SG_ENTRY_PAIN: {
        const sg_pain_entry *p = &e->u.pain;
        if (p->severity < 0 || p->severity > 10)
            return sg_err_set(err, SG_EUSAGE, -1, "severity %d is out of range (0 to 10)",
                              p->severity);
        if (p->region <= SG_REGION_UNKNOWN || p->region >= SG_REGION_COUNT)
            return sg_err_set(err, SG_EUSAGE, -1, "unknown region (use upper_cervical, cervical, "
                              "thoracic, thoracolumbar, lumbar, lumbosacral, sacroiliac, buttock, "
                              "hip, groin, thigh, lower_leg or foot)");
        if (p->side <= SG_SIDE_UNKNOWN || p->side >= SG_SIDE_COUNT)
            return sg_err_set(err, SG_EUSAGE, -1,
                              "unknown side (use left, right, both or central)");
        if (p->timing < SG_TIMING_UNKNOWN || p->timing >= SG_TIMING_COUNT)
            return sg_err_set(err, SG_EUSAGE, -1,
                              "unknown timing (use before, during, after or next_morning)");
        if (!isnan(p->km) && !(p->km >= 0 && p->km <= SG_JOURNAL_MAX_KM))
            return sg_err_set(err, SG_EUSAGE, -1, "km %g is out of range (0 to %g)", p->km,
                              SG_JOURNAL_MAX_KM);
        if (p->stiffness_min < -1 || p->stiffness_min > SG_JOURNAL_MAX_STIFFNESS)
            return sg_err_set(err, SG_EUSAGE, -1,
                              "stiffness %d min is out of range (0 to %d)", p->stiffness_min,
                              SG_JOURNAL_MAX_STIFFNESS);
        if (p->run_id < 0)
            return sg_err_set(err, SG_EUSAGE, -1, "run id %lld is not a valid id", p->run_id);
        if (p->eases < -1 || p->eases > 1)
            return sg_err_set(err, SG_EUSAGE, -1, "eases must be yes, no or not given");
        if (memchr(p->note, '\0', sizeof p->note) == NULL)
            return sg_err_set(err, SG_EUSAGE, -1, "note is not terminated");
        if (!valid_utf8((const unsigned char *)p->note))
            return sg_err_set(err, SG_EUSAGE, -1, "note is not valid UTF-8 text");
        /* printed to terminals and pages: no control characters but line
         * breaks and tabs (an escape sequence could rewrite the screen) */
        for (const unsigned char *c = (const unsigned char *)p->note; *c; c++)
            if ((*c < 0x20 && *c != '\n' && *c != '\t') || *c == 0x7f)
                return sg_err_set(err, SG_EUSAGE, -1,
                                  "note holds a control character (byte %zu)",
                                  (size_t)(c - (const unsigned char *)p->note));
        return check_day(p->day, today, true, err);
    }
    case SG_ENTRY_PREHAB: {
        const sg_prehab_entry *p = &e->u.prehab;
        if (memchr(p->exercise, '\0', sizeof p->exercise) == NULL || !valid_id_text(p->exercise))
            return sg_err_set(err, SG_EUSAGE, -1,
                              "exercise id is missing or not of the form lower_case_id");
        return check_day(p->day, today, true, err);
    }
    case SG_ENTRY_RPE: {
        const sg_rpe_entry *r = &e->u.rpe;
        if (r->run_id <= 0)
            return sg_err_set(err, SG_EUSAGE, -1, "an RPE entry needs the run id it rates");
        if (r->rpe < 0 || r->rpe > 10)
            return sg_err_set(err, SG_EUSAGE, -1, "RPE %d is out of range (0 to 10, CR-10 scale)",
                              r->rpe);
        return check_day(r->day, today, false, err);
    }
    case SG_ENTRY_SCREEN: {
        const sg_screen_entry *q = &e->u.screen;
        unsigned all = SG_RF_ALL;
        if ((q->yes | q->no | q->unsure) & ~all)
            return sg_err_set(err, SG_EUSAGE, -1, "a screen answers an unknown question");
        if ((q->yes & q->no) || (q->yes & q->unsure) || (q->no & q->unsure))
            return sg_err_set(err, SG_EUSAGE, -1,
                              "a question is answered twice (yes, no and not sure exclude "
                              "each other)");
        if (!(q->yes | q->no | q->unsure))
            return sg_err_set(err, SG_EUSAGE, -1, "a screen needs at least one answer");
        return check_day(q->day, today, true, err);
    }
    case SG_ENTRY_OSTRC: {
        const sg_ostrc_entry *o = &e->u.ostrc;
        if (o->area <= SG_OSTRC_AREA_UNKNOWN || o->area >= SG_OSTRC_AREA_COUNT)
            return sg_err_set(err, SG_EUSAGE, -1, "unknown area (use lower_back or hip_groin)");
        /* the questionnaire's logic: "full participation without problems"
         * (option 0 of question 1) asks nothing more; "cannot participate"
         * (option 3) skips questions 2 and 3. Questions not asked may be
         * left out (null); an answer given is always in range. */
        for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
            const int a = o->answer[q];
            const bool asked = q == 0 || (o->answer[0] != 0 && !(o->answer[0] == 3 && q < 3));
            if (a >= sg_ostrc_options(q) || a < -1 || (a == -1 && asked))
                return sg_err_set(err, SG_EUSAGE, -1,
                                  "OSTRC question %d needs an option from 0 to %d", q + 1,
                                  sg_ostrc_options(q) - 1);
        }
        return check_day(o->day, today, true, err);
    }
    default:
        return sg_err_set(err, SG_EUSAGE, -1,
                          "unknown entry kind (use pain, prehab, rpe, screen or ostrc)");
    }
}

bool sg_entry_same(const sg_entry *a, const sg_entry *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case SG_ENTRY_PAIN: {
        const sg_pain_entry *x = &a->u.pain, *y = &b->u.pain;
        return x->day == y->day && x->region == y->region && x->side == y->side &&
               x->timing == y->timing && x->run_id == y->run_id;
    }
    case SG_ENTRY_PREHAB:
        return a->u.prehab.day == b->u.prehab.day &&
               strncmp(a->u.prehab.exercise, b->u.prehab.exercise, SG_JOURNAL_EXERCISE_MAX) == 0;
    case SG_ENTRY_RPE:
        return a->u.rpe.run_id == b->u.rpe.run_id;
    case SG_ENTRY_OSTRC:
        return a->u.ostrc.day == b->u.ostrc.day && a->u.ostrc.area == b->u.ostrc.area;
    default:
        return false; /* screens may be answered again the same day */
    }
}

int sg_journal_check_new(const sg_entry *e, const sg_entry *existing, size_t n, int today,
                         sg_err *err)
{
    int rc = sg_entry_validate(e, today, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (e->id != 0 && existing[i].id == e->id)
            continue;
        if (!sg_entry_same(e, &existing[i]))
            continue;
        char d[11];
        switch (e->kind) {
        case SG_ENTRY_PAIN:
            return sg_err_set(err, SG_EUSAGE, -1,
                              "duplicate: %s %s pain (%s) on %s is already logged (entry %lld); "
                              "edit that entry instead",
                              sg_side_name(e->u.pain.side), sg_region_name(e->u.pain.region),
                              e->u.pain.timing ? sg_timing_name(e->u.pain.timing) : "no timing",
                              sg_journal_date_format(e->u.pain.day, d), existing[i].id);
        case SG_ENTRY_PREHAB:
            return sg_err_set(err, SG_EUSAGE, -1,
                              "duplicate: %s on %s is already logged (entry %lld)",
                              e->u.prehab.exercise, sg_journal_date_format(e->u.prehab.day, d),
                              existing[i].id);
        case SG_ENTRY_OSTRC:
            return sg_err_set(err, SG_EUSAGE, -1,
                              "duplicate: the %s questionnaire for %s is already logged (entry "
                              "%lld); edit that entry instead",
                              sg_ostrc_area_name(e->u.ostrc.area),
                              sg_journal_date_format(e->u.ostrc.day, d), existing[i].id);
        default:
            return sg_err_set(err, SG_EUSAGE, -1,
                              "duplicate: run %lld already has an RPE (entry %lld); edit it "
                              "instead",
                              e->u.rpe.run_id, existing[i].id);
        }
    }
    return SG_OK;
}

/* ---- JSON ---- */

static int set_date(json_t *o, const char *key, int day)
{
    char b[11];
    if (day == SG_JOURNAL_NO_DAY)
        return json_object_set_new(o, key, json_null());
    return json_object_set_new(o, key, json_string(sg_journal_date_format(day, b)));
}

/* A mask of red flags as an array of their names (NULL on allocation failure,
 * which json_object_set_new reports). */
static json_t *flag_names(unsigned mask)
{
    json_t *a = json_array();
    for (int f = 0; a && f < SG_RF_COUNT; f++)
        if (mask & SG_RF_BIT(f))
            if (json_array_append_new(a, json_string(sg_redflag_name((sg_redflag)f)))) {
                json_decref(a);
                return NULL;
            }
    return a;
}

int sg_entry_to_json(const sg_entry *e, char **json, sg_err *err)
{
    *json = NULL;
    int rc = SG_OK;
    json_t *o = json_object();
    if (!o)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int bad = json_object_set_new(o, "kind", json_string(sg_entry_kind_name(e->kind)));
    switch (e->kind) {
    case SG_ENTRY_PAIN: {
        const sg_pain_entry *p = &e->u.pain;
        bad |= set_date(o, "date", p->day);
        /* unknown enums are null, which the parser reads back as unknown (a
         * name like "unknown" would not parse): every entry round-trips, and
         * sg_entry_validate is what refuses an incomplete one */
        bad |= json_object_set_new(o, "region", p->region ? json_string(sg_region_name(p->region))
                                                          : json_null());
        bad |= json_object_set_new(o, "side", p->side ? json_string(sg_side_name(p->side))
                                                      : json_null());
        bad |= json_object_set_new(o, "severity", json_integer(p->severity));
        bad |= json_object_set_new(o, "timing", p->timing ? json_string(sg_timing_name(p->timing))
                                                          : json_null());
        bad |= json_object_set_new(o, "km", isfinite(p->km) ? json_real(p->km) : json_null());
        bad |= json_object_set_new(o, "radiates", json_boolean(p->radiates));
        bad |= json_object_set_new(o, "numbness", json_boolean(p->numbness));
        bad |= json_object_set_new(o, "stiffness_min", p->stiffness_min >= 0
                                                           ? json_integer(p->stiffness_min)
                                                           : json_null());
        bad |= json_object_set_new(o, "changed_run", json_boolean(p->changed_run));
        bad |= json_object_set_new(o, "worse_during", json_boolean(p->worse_during));
        bad |= json_object_set_new(o, "eases", p->eases < 0 ? json_null()
                                                            : json_boolean(p->eases == 1));
        bad |= json_object_set_new(o, "run_id", p->run_id ? json_integer(p->run_id) : json_null());
        bad |= json_object_set_new(o, "note", json_stringn(p->note, strnlen(p->note, sizeof p->note)));
        break;
    }
    case SG_ENTRY_PREHAB:
        bad |= set_date(o, "date", e->u.prehab.day);
        bad |= json_object_set_new(
            o, "exercise",
            json_stringn(e->u.prehab.exercise,
                         strnlen(e->u.prehab.exercise, sizeof e->u.prehab.exercise)));
        break;
    case SG_ENTRY_RPE:
        bad |= set_date(o, "date", e->u.rpe.day);
        bad |= json_object_set_new(o, "run_id", json_integer(e->u.rpe.run_id));
        bad |= json_object_set_new(o, "rpe", json_integer(e->u.rpe.rpe));
        break;
    case SG_ENTRY_SCREEN:
        bad |= set_date(o, "date", e->u.screen.day);
        bad |= json_object_set_new(o, "yes", flag_names(e->u.screen.yes));
        bad |= json_object_set_new(o, "no", flag_names(e->u.screen.no));
        bad |= json_object_set_new(o, "unsure", flag_names(e->u.screen.unsure));
        break;
    case SG_ENTRY_OSTRC: {
        bad |= set_date(o, "date", e->u.ostrc.day);
        bad |= json_object_set_new(o, "area", e->u.ostrc.area
                                                  ? json_string(sg_ostrc_area_name(e->u.ostrc.area))
                                                  : json_null());
        json_t *a = json_array();
        for (int q = 0; a && q < SG_OSTRC_QUESTIONS; q++)
            bad |= json_array_append_new(a, e->u.ostrc.answer[q] >= 0
                                                ? json_integer(e->u.ostrc.answer[q])
                                                : json_null());
        bad |= json_object_set_new(o, "answers", a);
        break;
    }
    default:
        break;
    }
    if (bad) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory (or a note that is not UTF-8)");
        goto out;
    }
    *json = json_dumps(o, JSON_COMPACT);
    if (!*json)
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
out:
    json_decref(o);
    return rc;
}

/* A small reader over one object: every key must be known (typos in stored
 * data are errors, not silently dropped fields). */
typedef struct reader {
    json_t *o;
    sg_err *err;
    int rc;
} reader;

static json_t *get(reader *r, const char *key)
{
    json_t *v = json_object_get(r->o, key);
    return (v && !json_is_null(v)) ? v : NULL;
}

static void fail(reader *r, const char *key, const char *problem)
{
    if (!r->rc)
        r->rc = sg_err_set(r->err, SG_EFORMAT, -1, "\"%.60s\" %s", key, problem);
}

static const char *get_str(reader *r, const char *key)
{
    json_t *v = get(r, key);
    if (v && !json_is_string(v)) {
        fail(r, key, "must be a string");
        return NULL;
    }
    return v ? json_string_value(v) : NULL;
}

static bool get_bool(reader *r, const char *key)
{
    json_t *v = get(r, key);
    if (v && !json_is_boolean(v)) {
        fail(r, key, "must be true or false");
        return false;
    }
    return v && json_is_true(v);
}

static long long get_int(reader *r, const char *key, long long dflt)
{
    json_t *v = get(r, key);
    if (!v)
        return dflt;
    if (!json_is_integer(v)) {
        fail(r, key, "must be a whole number");
        return dflt;
    }
    long long x = json_integer_value(v);
    if (x < -1000000000000LL || x > 1000000000000LL) {
        fail(r, key, "is out of range");
        return dflt;
    }
    return x;
}

static int get_day(reader *r, const char *key)
{
    const char *s = get_str(r, key);
    int day = SG_JOURNAL_NO_DAY;
    if (s && !r->rc) {
        sg_err e2;
        if (sg_journal_date_parse(s, &day, &e2) && !r->rc)
            r->rc = sg_err_set(r->err, SG_EFORMAT, -1, "\"%s\": %s", key, e2.msg);
    }
    return day;
}

static int get_name(reader *r, const char *key, int (*parse)(const char *), const char *what)
{
    const char *s = get_str(r, key);
    if (!s)
        return 0;
    int v = parse(s);
    if (!v && !r->rc)
        r->rc = sg_err_set(r->err, SG_EFORMAT, -1, "unknown %s '%.60s'", what, s);
    return v;
}

static int parse_region_i(const char *s) { return (int)sg_region_parse(s); }
static int parse_side_i(const char *s) { return (int)sg_side_parse(s); }
static int parse_timing_i(const char *s) { return (int)sg_timing_parse(s); }

static int parse_area_i(const char *s) { return (int)sg_ostrc_area_parse(s); }

/* An array of red-flag names as a mask. */
static unsigned get_flags(reader *r, const char *key)
{
    json_t *a = get(r, key);
    if (!a)
        return 0;
    if (!json_is_array(a)) {
        fail(r, key, "must be an array of question names");
        return 0;
    }
    unsigned m = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        int f = json_is_string(v) ? sg_redflag_parse(json_string_value(v)) : -1;
        if (f < 0) {
            if (!r->rc)
                r->rc = sg_err_set(r->err, SG_EFORMAT, -1, "\"%s\": unknown question '%.60s'",
                                   key, json_is_string(v) ? json_string_value(v) : "?");
            return 0;
        }
        m |= SG_RF_BIT(f);
    }
    return m;
}

static void check_keys(reader *r, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(r->o, k, v) {
        (void)v;
        bool known = false;
        for (const char *const *p = keys; *p; p++)
            if (strcmp(*p, k) == 0)
                known = true;
        if (!known) {
            fail(r, k, "is not a known key");
            return;
        }
    }
}

static int int_in(long long v) { return v < -1000000 ? -1000000 : v > 1000000 ? 1000000 : (int)v; }

int sg_entry_from_json(const char *json, size_t len, sg_entry *out, sg_err *err)
{
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!o)
        return sg_err_set_at(err, SG_EFORMAT, je.line, je.column, "%s", je.text);
    reader r = {o, err, SG_OK};
    sg_entry e;
    if (!json_is_object(o)) {
        r.rc = sg_err_set(err, SG_EFORMAT, -1, "a journal entry must be a JSON object");
        goto out;
    }
    const char *ks = get_str(&r, "kind");
    sg_entry_kind kind = sg_entry_kind_parse(ks);
    if (r.rc)
        goto out;
    if (!kind) {
        r.rc = sg_err_set(err, SG_EFORMAT, -1, "unknown entry kind '%.40s' (pain, prehab, rpe, screen, ostrc)",
                          ks ? ks : "");
        goto out;
    }
    sg_entry_init(&e, kind);
    if (kind == SG_ENTRY_PAIN) {
        static const char *const keys[] = {"kind", "date", "region", "side", "severity",
                                           "timing", "km", "radiates", "numbness",
                                           "stiffness_min", "changed_run", "worse_during",
                                           "eases", "run_id", "note", NULL};
        check_keys(&r, keys);
        sg_pain_entry *p = &e.u.pain;
        p->day = get_day(&r, "date");
        p->region = (sg_region)get_name(&r, "region", parse_region_i, "region");
        p->side = (sg_side)get_name(&r, "side", parse_side_i, "side");
        p->severity = int_in(get_int(&r, "severity", -1));
        p->timing = (sg_timing)get_name(&r, "timing", parse_timing_i, "timing");
        json_t *km = get(&r, "km");
        if (km && !json_is_number(km))
            fail(&r, "km", "must be a number");
        p->km = km && json_is_number(km) ? json_number_value(km) : NAN;
        p->radiates = get_bool(&r, "radiates");
        p->numbness = get_bool(&r, "numbness");
        p->stiffness_min = int_in(get_int(&r, "stiffness_min", -1));
        p->changed_run = get_bool(&r, "changed_run");
        p->worse_during = get_bool(&r, "worse_during");
        json_t *ea = get(&r, "eases");
        if (ea && !json_is_boolean(ea))
            fail(&r, "eases", "must be true, false or null");
        p->eases = ea && json_is_boolean(ea) ? json_is_true(ea) : -1;
        p->run_id = get_int(&r, "run_id", 0);
        const char *note = get_str(&r, "note");
        if (!r.rc && note)
            r.rc = copy_text(p->note, sizeof p->note, note, "note", err);
    } else if (kind == SG_ENTRY_PREHAB) {
        static const char *const keys[] = {"kind", "date", "exercise", NULL};
        check_keys(&r, keys);
        e.u.prehab.day = get_day(&r, "date");
        const char *ex = get_str(&r, "exercise");
        if (!r.rc && ex)
            r.rc = copy_text(e.u.prehab.exercise, sizeof e.u.prehab.exercise, ex, "exercise id",
                             err);
    } else if (kind == SG_ENTRY_SCREEN) {
        static const char *const keys[] = {"kind", "date", "yes", "no", "unsure", NULL};
        check_keys(&r, keys);
        e.u.screen.day = get_day(&r, "date");
        e.u.screen.yes = get_flags(&r, "yes");
        e.u.screen.no = get_flags(&r, "no");
        e.u.screen.unsure = get_flags(&r, "unsure");
    } else if (kind == SG_ENTRY_OSTRC) {
        static const char *const keys[] = {"kind", "date", "area", "answers", NULL};
        check_keys(&r, keys);
        e.u.ostrc.day = get_day(&r, "date");
        e.u.ostrc.area = (sg_ostrc_area)get_name(&r, "area", parse_area_i, "area");
        json_t *a = get(&r, "answers");
        if (a && (!json_is_array(a) || json_array_size(a) != SG_OSTRC_QUESTIONS))
            fail(&r, "answers", "must be an array of 4 answers");
        for (int q = 0; !r.rc && a && q < SG_OSTRC_QUESTIONS; q++) {
            json_t *v = json_array_get(a, (size_t)q);
            if (json_is_null(v))
                continue;
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 9)
                fail(&r, "answers", "must hold option numbers (0 = the first option)");
            else
                e.u.ostrc.answer[q] = (int)json_integer_value(v);
        }
    } else {
        static const char *const keys[] = {"kind", "date", "run_id", "rpe", NULL};
        check_keys(&r, keys);
        e.u.rpe.day = get_day(&r, "date");
        e.u.rpe.run_id = get_int(&r, "run_id", 0);
        e.u.rpe.rpe = int_in(get_int(&r, "rpe", -1));
    }
    if (!r.rc)
        *out = e;
out:
    json_decref(o);
    return r.rc;
}
