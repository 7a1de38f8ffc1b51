/* Gear items and their storage JSON (include/strideguard/gear.h). */
#include "strideguard/gear.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/journal.h"

void sg_gear_init(sg_gear *g)
{
    memset(g, 0, sizeof *g);
    g->sport = SG_SPORT_RUNNING;
    g->since_day = SG_GEAR_NO_DAY;
    g->retire_km = NAN;
}

static bool has_control(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return true;
    return false;
}

int sg_gear_set_text(char dst[SG_GEAR_TEXT_MAX], const char *src, const char *what, sg_err *err)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= SG_GEAR_TEXT_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "%s is longer than %d bytes", what,
                          SG_GEAR_TEXT_MAX - 1);
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
    return SG_OK;
}

int sg_gear_validate(const sg_gear *g, sg_err *err)
{
    if (!g->name[0])
        return sg_err_set(err, SG_EUSAGE, -1, "a shoe needs a name");
    if (has_control(g->name) || has_control(g->brand) || has_control(g->model))
        return sg_err_set(err, SG_EUSAGE, -1, "name, brand and model cannot hold control characters");
    if (!isnan(g->retire_km) && !(g->retire_km > 0 && g->retire_km <= SG_GEAR_MAX_RETIRE_KM))
        return sg_err_set(err, SG_EUSAGE, -1, "retirement distance %g km is out of range (above 0, "
                          "at most %.0f)", g->retire_km, SG_GEAR_MAX_RETIRE_KM);
    return SG_OK;
}

int sg_gear_to_json(const sg_gear *g, char **json, sg_err *err)
{
    *json = NULL;
    json_t *o = json_object();
    char d[11];
    int bad = !o;
    if (o) {
        bad |= json_object_set_new(o, "name", json_string(g->name));
        bad |= json_object_set_new(o, "brand", json_string(g->brand));
        bad |= json_object_set_new(o, "model", json_string(g->model));
        bad |= json_object_set_new(o, "sport", json_string(sg_sport_name(g->sport)));
        bad |= json_object_set_new(o, "since", g->since_day == SG_GEAR_NO_DAY
                                                   ? json_null()
                                                   : json_string(sg_journal_date_format(g->since_day, d)));
        bad |= json_object_set_new(o, "retire_km",
                                   isnan(g->retire_km) ? json_null() : json_real(g->retire_km));
        bad |= json_object_set_new(o, "retired", json_boolean(g->retired));
        bad |= json_object_set_new(o, "default", json_boolean(g->is_default));
    }
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory writing a shoe");
    *json = s;
    return SG_OK;
}

static int fail(sg_err *err, const char *key, const char *why)
{
    return sg_err_set(err, SG_EFORMAT, -1, "gear \"%s\" %s", key, why);
}

static int text(json_t *o, const char *key, char dst[SG_GEAR_TEXT_MAX], sg_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        dst[0] = '\0';
        return SG_OK;
    }
    if (!json_is_string(v) || json_string_length(v) >= SG_GEAR_TEXT_MAX ||
        strlen(json_string_value(v)) != json_string_length(v))
        return fail(err, key, "must be a string of at most 63 bytes");
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return SG_OK;
}

int sg_gear_from_json(const char *json, size_t len, sg_gear *out, sg_err *err)
{
    json_error_t je;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return sg_err_set(err, SG_EFORMAT, -1, "gear: not a JSON object (line %d: %s)", je.line,
                          je.text);
    }
    static const char *const keys[] = {"name", "brand", "model", "sport", "since",
                                       "retire_km", "retired", "default", NULL};
    const char *k;
    json_t *v;
    int rc = SG_OK;
    json_object_foreach(o, k, v) {
        bool known = false;
        for (const char *const *p = keys; *p; p++)
            known |= strcmp(*p, k) == 0;
        if (!known) {
            rc = fail(err, k, "is not a known key");
            break;
        }
    }
    sg_gear g;
    sg_gear_init(&g);
    if (!rc)
        rc = text(o, "name", g.name, err);
    if (!rc)
        rc = text(o, "brand", g.brand, err);
    if (!rc)
        rc = text(o, "model", g.model, err);
    if (!rc && (v = json_object_get(o, "sport")) && !json_is_null(v)) {
        g.sport = json_is_string(v) ? sg_sport_parse(json_string_value(v)) : SG_SPORT_UNKNOWN;
        if (g.sport == SG_SPORT_UNKNOWN && !(json_is_string(v) &&
                                             strcmp(json_string_value(v), "unknown") == 0))
            rc = fail(err, "sport", "is not a known sport");
    }
    if (!rc && (v = json_object_get(o, "since")) && !json_is_null(v)) {
        sg_err e2;
        if (!json_is_string(v) || sg_journal_date_parse(json_string_value(v), &g.since_day, &e2))
            rc = fail(err, "since", "must be a date YYYY-MM-DD");
    }
    if (!rc && (v = json_object_get(o, "retire_km")) && !json_is_null(v)) {
        if (!json_is_number(v))
            rc = fail(err, "retire_km", "must be a number of km");
        else
            g.retire_km = json_number_value(v);
    }
    if (!rc && (v = json_object_get(o, "retired")) && !json_is_null(v)) {
        if (!json_is_boolean(v))
            rc = fail(err, "retired", "must be true or false");
        g.retired = json_is_true(v);
    }
    if (!rc && (v = json_object_get(o, "default")) && !json_is_null(v)) {
        if (!json_is_boolean(v))
            rc = fail(err, "default", "must be true or false");
        g.is_default = json_is_true(v);
    }
    json_decref(o);
    if (!rc)
        *out = g;
    return rc;
}
