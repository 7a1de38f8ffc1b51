/* Athlete profile persistence (src/app/athlete.h). */
#include "app/athlete.h"
#include "strideguard/civil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sg_app_date_parse(const char *s, double *t, sg_err *err)
{
    long long days;
    sg_date_check c = sg_civil_date_scan(s, &days);
    if (c == SG_DATE_SHAPE || (c == SG_DATE_OK && s[10]))
        return sg_err_set(err, SG_EUSAGE, -1, "'%s' is not a date (expected YYYY-MM-DD)",
                          s ? s : "");
    if (c != SG_DATE_OK) /* 2025-02-30 and the like */
        return sg_err_set(err, SG_EUSAGE, -1, "'%s' is not a calendar date", s);
    *t = (double)days * 86400.0;
    return SG_OK;
}

void sg_app_date_format(double t, char buf[11])
{
    sg_civil_date_format(sg_civil_day_of(t, NULL), buf);
}

static const char *sex_name(sg_sex s)
{
    return s == SG_SEX_FEMALE ? "female" : s == SG_SEX_MALE ? "male" : NULL;
}

void sg_app_athlete_json(sg_jw *w, const sg_athlete *p)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "sex", sex_name(p->sex));
    if (p->birth_year)
        sg_jw_kint(w, "birth_year", p->birth_year);
    else
        sg_jw_knull(w, "birth_year");
    sg_jw_knum(w, "height_m", p->height_m);
    sg_jw_knum(w, "mass_kg", p->mass_kg);
    sg_jw_knum(w, "hr_rest", p->hr_rest);
    sg_jw_knum(w, "hr_max", p->hr_max);
    if (isnan(p->race_date)) {
        sg_jw_knull(w, "race_date");
    } else {
        char b[11];
        sg_app_date_format(p->race_date, b);
        sg_jw_kstr(w, "race_date", b);
    }
    sg_jw_kstr(w, "race_name", p->race_name);
    sg_jw_kstr(w, "course_path", p->course_path);
    sg_jw_key(w, "history");
    sg_jw_arr_begin(w);
    for (unsigned bit = 1; bit && bit <= SG_HIST_STRESS_FRACTURE; bit <<= 1)
        if (p->history & bit)
            sg_jw_str(w, sg_athlete_history_name(bit));
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

static double num_or_nan(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static int set_str(sg_athlete *p, char **member, json_t *o, const char *k, sg_err *err)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v))
        return SG_OK;
    char *c = sg_strdup(p->alloc, json_string_value(v));
    if (!c)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    sg_free(p->alloc, *member);
    *member = c;
    return SG_OK;
}

int sg_app_athlete_from_json(const char *json, sg_athlete *p, sg_err *err)
{
    json_error_t je;
    json_t *o = json_loads(json, 0, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return sg_err_set_at(err, SG_EFORMAT, je.line, je.column, "athlete profile: %s",
                             je.text[0] ? je.text : "not a JSON object");
    }
    int rc = SG_OK;
    const char *sex = json_string_value(json_object_get(o, "sex"));
    p->sex = sex && strcmp(sex, "female") == 0 ? SG_SEX_FEMALE
             : sex && strcmp(sex, "male") == 0 ? SG_SEX_MALE
                                               : SG_SEX_UNKNOWN;
    json_t *by = json_object_get(o, "birth_year");
    p->birth_year = json_is_integer(by) ? (int)json_integer_value(by) : 0;
    p->height_m = num_or_nan(o, "height_m");
    p->mass_kg = num_or_nan(o, "mass_kg");
    p->hr_rest = num_or_nan(o, "hr_rest");
    p->hr_max = num_or_nan(o, "hr_max");
    p->race_date = NAN;
    const char *rd = json_string_value(json_object_get(o, "race_date"));
    if (rd && (rc = sg_app_date_parse(rd, &p->race_date, err)))
        goto out;
    if ((rc = set_str(p, &p->race_name, o, "race_name", err)) ||
        (rc = set_str(p, &p->course_path, o, "course_path", err)))
        goto out;
    p->history = 0;
    json_t *h = json_object_get(o, "history");
    size_t i;
    json_t *it;
    json_array_foreach(h, i, it)
    {
        if (json_is_string(it))
            p->history |= sg_athlete_history_parse(json_string_value(it));
    }
out:
    json_decref(o);
    return rc;
}

int sg_app_athlete_load(sg_store *st, sg_athlete *p, int *found, sg_err *err)
{
    *found = 0;
    char *json = NULL;
    int rc = sg_store_kv_get(st, SG_ATHLETE_KEY, &json, err);
    if (rc == SG_ENOTFOUND) {
        sg_err_clear(err);
        return SG_OK;
    }
    if (rc)
        return rc;
    rc = sg_app_athlete_from_json(json, p, err);
    free(json);
    if (!rc)
        *found = 1;
    return rc;
}

int sg_app_athlete_save(sg_store *st, const sg_athlete *p, sg_err *err)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_app_athlete_json(&w, p);
    char *json = sg_jw_take_buf(&w, NULL);
    if (!json)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int rc = sg_store_kv_put(st, SG_ATHLETE_KEY, json, err);
    free(json);
    return rc;
}
