/* Athlete profile persistence (src/app/athlete.h). */
#include "app/athlete.h"
#include "strideguard/civil.h"

#include <jansson.h>
#include <math.h>
#include <stddef.h>
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

static int out_of_range(double v, double lo, double hi)
{
    return !isnan(v) && !(v >= lo && v <= hi);
}

int sg_app_athlete_validate(const sg_athlete *p, sg_err *err)
{
    static const struct {
        const char *name;
        size_t off;
        double lo, hi;
    } nums[] = {
        {"height_m", offsetof(sg_athlete, height_m), SG_ATHLETE_HEIGHT_M_MIN, SG_ATHLETE_HEIGHT_M_MAX},
        {"mass_kg", offsetof(sg_athlete, mass_kg), SG_ATHLETE_MASS_KG_MIN, SG_ATHLETE_MASS_KG_MAX},
        {"hr_rest", offsetof(sg_athlete, hr_rest), SG_ATHLETE_HR_REST_MIN, SG_ATHLETE_HR_REST_MAX},
        {"hr_max", offsetof(sg_athlete, hr_max), SG_ATHLETE_HR_MAX_MIN, SG_ATHLETE_HR_MAX_MAX},
    };
    if (p->birth_year &&
        (p->birth_year < SG_ATHLETE_BIRTH_YEAR_MIN || p->birth_year > SG_ATHLETE_BIRTH_YEAR_MAX))
        return sg_err_set(err, SG_EUSAGE, -1, "birth_year: expected a year from %d to %d, got %d",
                          SG_ATHLETE_BIRTH_YEAR_MIN, SG_ATHLETE_BIRTH_YEAR_MAX, p->birth_year);
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        double v = *(const double *)((const char *)p + nums[i].off);
        if (out_of_range(v, nums[i].lo, nums[i].hi))
            return sg_err_set(err, SG_EUSAGE, -1, "%s: expected a number from %g to %g, got %g",
                              nums[i].name, nums[i].lo, nums[i].hi, v);
    }
    if (!isnan(p->hr_rest) && !isnan(p->hr_max) && p->hr_rest >= p->hr_max)
        return sg_err_set(err, SG_EUSAGE, -1, "resting heart rate must be below max heart rate");
    if (p->race_name && strlen(p->race_name) > SG_ATHLETE_RACE_NAME_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "race_name: longer than %d characters",
                          SG_ATHLETE_RACE_NAME_MAX);
    return SG_OK;
}

/* One member of the update (src/app/athlete.h) into *p. */
static int update_member(sg_athlete *p, const char *k, json_t *v, sg_err *err)
{
    static const struct {
        const char *name;
        size_t off;
    } nums[] = {
        {"height_m", offsetof(sg_athlete, height_m)},
        {"mass_kg", offsetof(sg_athlete, mass_kg)},
        {"hr_rest", offsetof(sg_athlete, hr_rest)},
        {"hr_max", offsetof(sg_athlete, hr_max)},
    };
    int null = json_is_null(v);
    if (strcmp(k, "sex") == 0) {
        const char *s = json_string_value(v);
        if (!null && !(s && (strcmp(s, "female") == 0 || strcmp(s, "male") == 0)))
            return sg_err_set(err, SG_EUSAGE, -1, "sex: expected \"female\", \"male\" or null");
        p->sex = null ? SG_SEX_UNKNOWN : strcmp(s, "female") == 0 ? SG_SEX_FEMALE : SG_SEX_MALE;
        return SG_OK;
    }
    if (strcmp(k, "birth_year") == 0) {
        if (!null && !json_is_integer(v))
            return sg_err_set(err, SG_EUSAGE, -1, "birth_year: expected a year or null");
        json_int_t y = null ? 0 : json_integer_value(v);
        if (!null && (y < SG_ATHLETE_BIRTH_YEAR_MIN || y > SG_ATHLETE_BIRTH_YEAR_MAX))
            return sg_err_set(err, SG_EUSAGE, -1, "birth_year: expected a year from %d to %d",
                              SG_ATHLETE_BIRTH_YEAR_MIN, SG_ATHLETE_BIRTH_YEAR_MAX);
        p->birth_year = (int)y;
        return SG_OK;
    }
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        if (strcmp(k, nums[i].name) == 0) {
            if (!null && !json_is_number(v))
                return sg_err_set(err, SG_EUSAGE, -1, "%s: expected a number or null", k);
            *(double *)((char *)p + nums[i].off) = null ? NAN : json_number_value(v);
            return SG_OK;
        }
    if (strcmp(k, "race_date") == 0) {
        if (null) {
            p->race_date = NAN;
            return SG_OK;
        }
        if (!json_is_string(v))
            return sg_err_set(err, SG_EUSAGE, -1, "race_date: expected \"YYYY-MM-DD\" or null");
        int rc = sg_app_date_parse(json_string_value(v), &p->race_date, err);
        if (rc) {
            char m[sizeof err->msg];
            snprintf(m, sizeof m, "%s", err->msg);
            sg_err_set(err, rc, -1, "race_date: %s", m);
        }
        return rc;
    }
    if (strcmp(k, "race_name") == 0) {
        if (!null && !json_is_string(v))
            return sg_err_set(err, SG_EUSAGE, -1, "race_name: expected a string or null");
        char *c = NULL;
        if (!null && !(c = sg_strdup(p->alloc, json_string_value(v))))
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        sg_free(p->alloc, p->race_name);
        p->race_name = c;
        return SG_OK;
    }
    if (strcmp(k, "history") == 0) {
        if (!json_is_array(v))
            return sg_err_set(err, SG_EUSAGE, -1, "history: expected a list of names");
        unsigned h = 0;
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it)
        {
            unsigned f = json_is_string(it) ? sg_athlete_history_parse(json_string_value(it)) : 0;
            if (!f)
                return sg_err_set(err, SG_EUSAGE, -1, "history: unknown item");
            h |= f;
        }
        p->history = h;
        return SG_OK;
    }
    if (strcmp(k, "course_path") == 0)
        return sg_err_set(err, SG_EUSAGE, -1,
                          "course_path cannot be set here: store the course file itself");
    return sg_err_set(err, SG_EUSAGE, -1, "unknown field '%.60s'", k);
}

int sg_app_athlete_update_json(sg_store *st, const char *json, size_t len, sg_athlete *out,
                               sg_err *err)
{
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return sg_err_set_at(err, SG_EFORMAT, je.line, je.column, "athlete profile: %s",
                             o ? "not a JSON object" : je.text);
    }
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    int found = 0;
    int rc = sg_app_athlete_load(st, &p, &found, err);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (rc)
            break;
        rc = update_member(&p, k, v, err);
    }
    json_decref(o);
    if (!rc)
        rc = sg_app_athlete_validate(&p, err);
    if (!rc)
        rc = sg_app_athlete_save(st, &p, err);
    if (!rc && out) {
        /* hand the new profile over: the caller's is replaced */
        sg_athlete_clear(out);
        *out = p;
        return SG_OK;
    }
    sg_athlete_clear(&p);
    return rc;
}
