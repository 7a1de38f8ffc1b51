/* Loader of the prehab library file (data/prehab.json).
 *
 * Format (docs/formats.md "Prehab library"): one JSON object
 *   {"format": "strideguard-prehab", "version": 1, "claim": "...",
 *    "exercises": [ {exercise}, ... ]}
 * and each exercise
 *   {"id": "lower_case_id", "name": "...", "kind": "strength"|"mobility",
 *    "category": "core"|"single_leg"|"hip_strength"|"hip_mobility"|"eccentric",
 *    "purpose": "...",
 *    "dosage": {"sets": 1..10, "taper_sets": 1..sets, "reps": "...", "minutes": 1..30},
 *    "progressions": ["..."], "regressions": ["..."],
 *    "contraindications": ["..."],   (at least one: every exercise says when to stop)
 *    "skip_while": [{"region": "groin", "side": "any"}],   (optional, at most 4:
 *                    journal region names; side "any" or a journal side name)
 *    "tags": ["anti_rotation", ...]}
 * Unknown keys are errors (a typo must not silently drop a contraindication).
 * Duplicate keys are rejected by the parser. jansson gives line:col for
 * syntax errors; for semantic errors we report the line of the exercise's
 * "id" in the text, found by a search (0 when it cannot be found). */
#include "strideguard/prehab.h"

#include <jansson.h>
#include <string.h>

#include "bytes/file.h"

typedef struct ctx {
    const char *buf;
    size_t len;
    const sg_allocator *a;
    sg_err *err;
    int line;          /* line of the exercise being read */
    const char *id;    /* its id, for messages */
} ctx;

static int line_of_id(const char *buf, size_t len, const char *id)
{
    size_t idn = strlen(id);
    for (size_t i = 0; i + 4 < len; i++) {
        if (memcmp(buf + i, "\"id\"", 4) != 0 || (i > 0 && buf[i - 1] == '\\'))
            continue;
        size_t j = i + 4;
        while (j < len && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\n' || buf[j] == '\r'))
            j++;
        if (j >= len || buf[j] != ':')
            continue;
        j++;
        while (j < len && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\n' || buf[j] == '\r'))
            j++;
        if (j + idn + 2 > len || buf[j] != '"' || memcmp(buf + j + 1, id, idn) != 0 ||
            buf[j + 1 + idn] != '"')
            continue;
        int line = 1;
        for (size_t k = 0; k < i; k++)
            line += buf[k] == '\n';
        return line;
    }
    return 0;
}

static int bad(ctx *c, int code, const char *what, const char *detail)
{
    if (c->id)
        return sg_err_set_at(c->err, code, c->line, 0, "exercise '%.60s': %s%s", c->id, what,
                             detail ? detail : "");
    return sg_err_set_at(c->err, code, c->line, 0, "%s%s", what, detail ? detail : "");
}

static int get_text(ctx *c, json_t *o, const char *key, bool required, char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (!required)
            return SG_OK;
        char m[80];
        snprintf(m, sizeof m, "missing \"%.40s\"", key);
        return bad(c, SG_EFORMAT, m, NULL);
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        char m[80];
        snprintf(m, sizeof m, "\"%.40s\" must be a non-empty string", key);
        return bad(c, SG_EFORMAT, m, NULL);
    }
    if (json_string_length(v) > SG_PREHAB_MAX_TEXT) {
        char m[80];
        snprintf(m, sizeof m, "\"%.40s\" is longer than %d bytes", key, SG_PREHAB_MAX_TEXT);
        return bad(c, SG_ELIMIT, m, NULL);
    }
    if (out) {
        *out = sg_strndup(c->a, json_string_value(v), json_string_length(v));
        if (!*out)
            return sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
    }
    return SG_OK;
}

static int get_list(ctx *c, json_t *o, const char *key, size_t min, char ***out, size_t *n)
{
    json_t *v = json_object_get(o, key);
    char m[100];
    if (!v || !json_is_array(v)) {
        snprintf(m, sizeof m, "\"%.40s\" must be a list of strings", key);
        return bad(c, SG_EFORMAT, m, NULL);
    }
    size_t k = json_array_size(v);
    if (k < min) {
        snprintf(m, sizeof m, "\"%.40s\" needs at least %zu item(s)", key, min);
        return bad(c, SG_EFORMAT, m, NULL);
    }
    if (k > SG_PREHAB_MAX_LIST) {
        snprintf(m, sizeof m, "\"%.40s\" has more than %d items", key, SG_PREHAB_MAX_LIST);
        return bad(c, SG_ELIMIT, m, NULL);
    }
    if (k == 0)
        return SG_OK;
    *out = sg_calloc_array(c->a, k, sizeof **out);
    if (!*out)
        return sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
    for (size_t i = 0; i < k; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s) || json_string_length(s) == 0) {
            snprintf(m, sizeof m, "\"%.40s\" item %zu must be a non-empty string", key, i + 1);
            return bad(c, SG_EFORMAT, m, NULL);
        }
        if (json_string_length(s) > SG_PREHAB_MAX_TEXT) {
            snprintf(m, sizeof m, "\"%.40s\" item %zu is too long", key, i + 1);
            return bad(c, SG_ELIMIT, m, NULL);
        }
        (*out)[i] = sg_strndup(c->a, json_string_value(s), json_string_length(s));
        if (!(*out)[i])
            return sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
        *n = i + 1;
    }
    return SG_OK;
}

static int get_int(ctx *c, json_t *o, const char *key, int lo, int hi, int *out)
{
    json_t *v = json_object_get(o, key);
    char m[100];
    if (!v || !json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        snprintf(m, sizeof m, "dosage \"%.30s\" must be a whole number from %d to %d", key, lo, hi);
        return bad(c, SG_EFORMAT, m, NULL);
    }
    *out = (int)json_integer_value(v);
    return SG_OK;
}

static int check_keys(ctx *c, json_t *o, const char *const *keys, const char *where)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        (void)v;
        bool ok = false;
        for (const char *const *p = keys; *p; p++)
            ok |= strcmp(*p, k) == 0;
        if (!ok) {
            char m[120];
            snprintf(m, sizeof m, "unknown key \"%.50s\" in %s", k, where);
            return bad(c, SG_EFORMAT, m, NULL);
        }
    }
    return SG_OK;
}

static int get_skip(ctx *c, json_t *o, sg_exercise *e)
{
    static const char *const keys[] = {"region", "side", NULL};
    json_t *v = json_object_get(o, "skip_while");
    if (!v)
        return SG_OK;
    if (!json_is_array(v))
        return bad(c, SG_EFORMAT, "\"skip_while\" must be a list of {\"region\", \"side\"}",
                   NULL);
    if (json_array_size(v) > SG_PREHAB_MAX_SKIP)
        return bad(c, SG_ELIMIT, "\"skip_while\" has more than 4 rules", NULL);
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *r = json_array_get(v, i);
        int rc;
        if (!json_is_object(r))
            return bad(c, SG_EFORMAT, "a \"skip_while\" rule must be an object", NULL);
        if ((rc = check_keys(c, r, keys, "skip_while")))
            return rc;
        json_t *rg = json_object_get(r, "region"), *sd = json_object_get(r, "side");
        sg_region region = sg_region_parse(json_is_string(rg) ? json_string_value(rg) : NULL);
        if (region == SG_REGION_UNKNOWN)
            return bad(c, SG_EFORMAT,
                       "a \"skip_while\" rule needs \"region\": a journal region name", NULL);
        const char *sn = json_is_string(sd) ? json_string_value(sd) : NULL;
        sg_side side = SG_SIDE_UNKNOWN;
        if (!sn || (strcmp(sn, "any") != 0 && (side = sg_side_parse(sn)) == SG_SIDE_UNKNOWN))
            return bad(c, SG_EFORMAT,
                       "a \"skip_while\" rule needs \"side\": any, left, right, both or central",
                       NULL);
        e->skip_while[i].region = region;
        e->skip_while[i].side = side;
        e->n_skip_while = i + 1;
    }
    return SG_OK;
}

static bool id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SG_JOURNAL_EXERCISE_MAX)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static int read_exercise(ctx *c, json_t *o, sg_exercise *e, const sg_prehab_lib *lib)
{
    static const char *const keys[] = {"id", "name", "kind", "category", "purpose", "dosage",
                                       "progressions", "regressions", "contraindications",
                                       "skip_while", "tags", NULL};
    static const char *const dkeys[] = {"sets", "taper_sets", "reps", "minutes", NULL};
    int rc;
    if (!json_is_object(o))
        return bad(c, SG_EFORMAT, "an exercise must be a JSON object", NULL);
    json_t *idv = json_object_get(o, "id");
    if (json_is_string(idv)) {
        c->id = json_string_value(idv);
        c->line = line_of_id(c->buf, c->len, c->id);
        e->line = c->line;
    }
    if ((rc = get_text(c, o, "id", true, &e->id)))
        return rc;
    if (!id_ok(e->id))
        return bad(c, SG_EFORMAT, "id must be lower_case_letters_digits_underscores, at most 47 bytes",
                   NULL);
    for (size_t i = 0; i < lib->n; i++)
        if (&lib->ex[i] != e && lib->ex[i].id && strcmp(lib->ex[i].id, e->id) == 0)
            return bad(c, SG_EFORMAT, "duplicate id", NULL);
    if ((rc = check_keys(c, o, keys, "exercise")))
        return rc;
    if ((rc = get_text(c, o, "name", true, &e->name)) ||
        (rc = get_text(c, o, "purpose", true, &e->purpose)))
        return rc;
    json_t *kv = json_object_get(o, "kind");
    e->kind = sg_ex_kind_parse(json_is_string(kv) ? json_string_value(kv) : NULL);
    if (!e->kind)
        return bad(c, SG_EFORMAT, "\"kind\" must be strength or mobility", NULL);
    json_t *cv = json_object_get(o, "category");
    e->category = sg_ex_category_parse(json_is_string(cv) ? json_string_value(cv) : NULL);
    if (!e->category)
        return bad(c, SG_EFORMAT,
                   "\"category\" must be core, single_leg, hip_strength, hip_mobility or eccentric",
                   NULL);
    json_t *d = json_object_get(o, "dosage");
    if (!json_is_object(d))
        return bad(c, SG_EFORMAT, "\"dosage\" must be an object", NULL);
    if ((rc = check_keys(c, d, dkeys, "dosage")) || (rc = get_int(c, d, "sets", 1, 10, &e->sets)) ||
        (rc = get_int(c, d, "taper_sets", 1, e->sets, &e->taper_sets)) ||
        (rc = get_int(c, d, "minutes", 1, 30, &e->minutes)) ||
        (rc = get_text(c, d, "reps", true, &e->reps)))
        return rc;
    if ((rc = get_list(c, o, "progressions", 1, &e->progressions, &e->n_progressions)) ||
        (rc = get_list(c, o, "regressions", 1, &e->regressions, &e->n_regressions)) ||
        (rc = get_list(c, o, "contraindications", 1, &e->contraindications,
                       &e->n_contraindications)) ||
        (rc = get_skip(c, o, e)))
        return rc;
    json_t *tv = json_object_get(o, "tags");
    if (!json_is_array(tv) || json_array_size(tv) == 0 || json_array_size(tv) > SG_PREHAB_MAX_LIST)
        return bad(c, SG_EFORMAT, "\"tags\" must be a list of 1 to 16 tag names", NULL);
    for (size_t i = 0; i < json_array_size(tv); i++) {
        json_t *t = json_array_get(tv, i);
        unsigned bit = sg_prehab_tag_parse(json_is_string(t) ? json_string_value(t) : NULL);
        if (!bit) {
            char m[120];
            snprintf(m, sizeof m, "unknown tag '%.60s'",
                     json_is_string(t) ? json_string_value(t) : "(not a string)");
            return bad(c, SG_EFORMAT, m, NULL);
        }
        e->tags |= bit;
    }
    return SG_OK;
}

int sg_prehab_lib_parse(const char *buf, size_t len, const sg_allocator *a, sg_prehab_lib **out,
                        sg_err *err)
{
    *out = NULL;
    if (!a)
        a = sg_alloc_default();
    ctx c = {buf, len, a, err, 0, NULL};
    int rc = SG_OK;
    sg_prehab_lib *lib = NULL;
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return sg_err_set_at(err, SG_EFORMAT, je.line, je.column, "%s", je.text);
    static const char *const keys[] = {"format", "version", "claim", "exercises", NULL};
    if (!json_is_object(root)) {
        rc = bad(&c, SG_EFORMAT, "the library must be a JSON object", NULL);
        goto out;
    }
    if ((rc = check_keys(&c, root, keys, "the top level")))
        goto out;
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), "strideguard-prehab") != 0) {
        rc = bad(&c, SG_EFORMAT, "\"format\" must be \"strideguard-prehab\"", NULL);
        goto out;
    }
    json_t *ver = json_object_get(root, "version");
    if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
        rc = bad(&c, SG_EUNSUPPORTED, "only \"version\": 1 is understood", NULL);
        goto out;
    }
    json_t *exs = json_object_get(root, "exercises");
    if (!json_is_array(exs) || json_array_size(exs) == 0) {
        rc = bad(&c, SG_EFORMAT, "\"exercises\" must be a non-empty list", NULL);
        goto out;
    }
    if (json_array_size(exs) > SG_PREHAB_MAX_EXERCISES) {
        rc = bad(&c, SG_ELIMIT, "more than 200 exercises", NULL);
        goto out;
    }
    lib = sg_malloc(a, sizeof *lib);
    if (!lib) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    memset(lib, 0, sizeof *lib);
    lib->alloc = a;
    lib->version = 1;
    lib->ex = sg_calloc_array(a, json_array_size(exs), sizeof *lib->ex);
    if (!lib->ex) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(exs); i++) {
        lib->n = i + 1; /* zeroed, so a partly read exercise frees cleanly */
        c.id = NULL;
        c.line = 0;
        if ((rc = read_exercise(&c, json_array_get(exs, i), &lib->ex[i], lib)))
            goto out;
    }
out:
    json_decref(root);
    if (rc)
        sg_prehab_lib_free(lib);
    else
        *out = lib;
    return rc;
}

int sg_prehab_lib_load(const char *path, const sg_allocator *a, sg_prehab_lib **out, sg_err *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = sg_file_read(a, path, SG_PREHAB_MAX_FILE, &data, &len, err);
    if (rc)
        return rc;
    rc = sg_prehab_lib_parse((const char *)data, len, a, out, err);
    sg_free(a, data);
    return rc;
}
