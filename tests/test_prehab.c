/* The prehab library: the shipped data/prehab.json loads and is complete;
 * broken libraries fail with a clear message and the exercise's line; every
 * allocation failure is clean. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "strideguard/prehab.h"

static char *lib_path(void)
{
    const char *src = getenv("SG_SOURCE_DIR");
    static char path[4096];
    snprintf(path, sizeof path, "%s/data/prehab.json", src ? src : ".");
    return path;
}

static void test_shipped_library(void **state)
{
    (void)state;
    sg_prehab_lib *lib = NULL;
    sg_err err;
    int rc = sg_prehab_lib_load(lib_path(), NULL, &lib, &err);
    if (rc)
        fail_msg("%s: line %d: %s", lib_path(), err.line, err.msg);
    assert_true(lib->n >= 15 && lib->n <= 25);
    int per_cat[SG_EX_CAT_COUNT] = {0};
    unsigned all_tags = 0;
    for (size_t i = 0; i < lib->n; i++) {
        const sg_exercise *e = &lib->ex[i];
        per_cat[e->category]++;
        all_tags |= e->tags;
        assert_true(e->n_contraindications >= 1);
        assert_true(e->n_progressions >= 1 && e->n_regressions >= 1);
        assert_true(e->line > 0);
        /* every exercise carries the stop rule for spreading pain */
        bool stop_rule = false;
        for (size_t k = 0; k < e->n_contraindications; k++)
            stop_rule |= strstr(e->contraindications[k], "spreads into the buttock or leg") != NULL;
        if (!stop_rule)
            fail_msg("%s lacks the spreading-pain stop rule", e->id);
        /* honest purposes: no treatment claims */
        assert_null(strstr(e->purpose, "cure"));
        assert_null(strstr(e->purpose, "treat"));
        assert_null(strstr(e->purpose, "prevent"));
        assert_true(e->taper_sets <= e->sets);
    }
    for (int c = 1; c < SG_EX_CAT_COUNT; c++)
        assert_true(per_cat[c] >= 3);
    unsigned needed = SG_TAG_ANTI_ROTATION | SG_TAG_ANTI_EXTENSION | SG_TAG_ANTI_LATERAL_FLEXION |
                      SG_TAG_SINGLE_LEG | SG_TAG_PELVIC_CONTROL | SG_TAG_HIP_MOBILITY |
                      SG_TAG_HIP_STRENGTH | SG_TAG_GLUTE | SG_TAG_ECCENTRIC | SG_TAG_DESCENT |
                      SG_TAG_TRUNK_ENDURANCE | SG_TAG_UNILATERAL | SG_TAG_LOW_FATIGUE;
    assert_int_equal(all_tags & needed, needed);
    const sg_exercise *sp = sg_prehab_lib_find(lib, "side_plank");
    assert_non_null(sp);
    assert_int_equal(sp->category, SG_EX_CAT_CORE);
    assert_true(sp->tags & SG_TAG_ANTI_LATERAL_FLEXION);
    assert_null(sg_prehab_lib_find(lib, "handstand"));
    sg_prehab_lib_free(lib);
}

/* Issue #13: "skip while groin pain is present" is honoured only if the
 * planner can read it: every contraindication that says "skip while <region>
 * pain" has a matching skip_while rule, and every rule has its human text. */
static void test_skip_rules_match_text(void **state)
{
    (void)state;
    sg_prehab_lib *lib = NULL;
    sg_err err;
    assert_int_equal(sg_prehab_lib_load(lib_path(), NULL, &lib, &err), SG_OK);
    size_t with_rules = 0;
    for (size_t i = 0; i < lib->n; i++) {
        const sg_exercise *e = &lib->ex[i];
        for (int r = 1; r < SG_REGION_COUNT; r++) {
            char phrase[64];
            snprintf(phrase, sizeof phrase, "kip while %s pain", sg_region_name((sg_region)r));
            bool said = false, rule = false;
            for (size_t k = 0; k < e->n_contraindications; k++)
                said |= strstr(e->contraindications[k], phrase) != NULL;
            for (size_t k = 0; k < e->n_skip_while; k++)
                rule |= e->skip_while[k].region == (sg_region)r;
            if (said != rule)
                fail_msg("%s: text says '%s' %s, skip_while %s", e->id, phrase,
                         said ? "yes" : "no", rule ? "yes" : "no");
        }
        with_rules += e->n_skip_while > 0;
    }
    assert_true(with_rules >= 2);
    const sg_exercise *cp = sg_prehab_lib_find(lib, "copenhagen_plank");
    assert_non_null(cp);
    assert_int_equal(cp->n_skip_while, 1);
    assert_int_equal(cp->skip_while[0].region, SG_REGION_GROIN);
    assert_int_equal(cp->skip_while[0].side, SG_SIDE_UNKNOWN);
    sg_prehab_lib_free(lib);
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(sg_prehab_tag_parse("anti_rotation"), SG_TAG_ANTI_ROTATION);
    assert_string_equal(sg_prehab_tag_name(SG_TAG_LOW_FATIGUE), "low_fatigue");
    assert_null(sg_prehab_tag_name(3));
    assert_int_equal(sg_prehab_tag_parse("wobble"), 0);
    assert_int_equal(sg_ex_category_parse("eccentric"), SG_EX_CAT_ECCENTRIC);
    assert_string_equal(sg_ex_kind_name(SG_EX_MOBILITY), "mobility");
    assert_int_equal(sg_run_kind_parse("long"), SG_RUN_LONG);
    assert_int_equal(sg_run_kind_parse("jog"), SG_RUN_NONE);
}

#define EX(id, extra)                                                                        \
    "  {\"id\": \"" id "\", \"name\": \"N\", \"kind\": \"strength\", \"category\": \"core\",\n" \
    "   \"purpose\": \"P\", \"dosage\": {\"sets\": 3, \"taper_sets\": 2, \"reps\": \"8\", "      \
    "\"minutes\": 5},\n"                                                                     \
    "   \"progressions\": [\"a\"], \"regressions\": [\"b\"], " extra "}"
#define OKTAIL "\"contraindications\": [\"stop\"], \"tags\": [\"anti_rotation\"]"

static void expect_error(const char *json, int code, const char *needle, int line)
{
    sg_prehab_lib *lib = (sg_prehab_lib *)1;
    sg_err err;
    int rc = sg_prehab_lib_parse(json, strlen(json), NULL, &lib, &err);
    if (rc != code)
        fail_msg("rc %d, expected %d (%s)", rc, code, err.msg);
    assert_null(lib);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' lacks '%s'", err.msg, needle);
    if (line >= 0 && err.line != line)
        fail_msg("line %d, expected %d (%s)", err.line, line, err.msg);
}

static void test_errors(void **state)
{
    (void)state;
    const char *head = "{\"format\": \"strideguard-prehab\", \"version\": 1, \"exercises\": [\n";
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s,\n%s]}", head, EX("a", OKTAIL),
             EX("b", "\"contraindications\": [\"stop\"], \"tags\": [\"wobble\"]"));
    expect_error(buf, SG_EFORMAT, "exercise 'b': unknown tag 'wobble'", 5);
    snprintf(buf, sizeof buf, "%s%s,\n%s]}", head, EX("a", OKTAIL), EX("a", OKTAIL));
    expect_error(buf, SG_EFORMAT, "duplicate id", -1);
    snprintf(buf, sizeof buf, "%s%s]}", head,
             EX("c", "\"contraindications\": [], \"tags\": [\"anti_rotation\"]"));
    expect_error(buf, SG_EFORMAT, "\"contraindications\" needs at least 1", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head, EX("d", OKTAIL ", \"colour\": 1"));
    expect_error(buf, SG_EFORMAT, "unknown key \"colour\"", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head, EX("Bad-Id", OKTAIL));
    expect_error(buf, SG_EFORMAT, "id must be", 2);
    expect_error("{\"format\": \"strideguard-prehab\", \"version\": 1,\n \"exercises\": [,]}",
                 SG_EFORMAT, "", 2);
    expect_error("{\"format\": \"other\", \"version\": 1, \"exercises\": []}", SG_EFORMAT,
                 "\"format\" must be", -1);
    expect_error("{\"format\": \"strideguard-prehab\", \"version\": 2, \"exercises\": []}",
                 SG_EUNSUPPORTED, "version", -1);
    expect_error("{\"format\": \"strideguard-prehab\", \"version\": 1, \"exercises\": []}",
                 SG_EFORMAT, "non-empty", -1);
    /* skip_while: journal region names, side "any" or a journal side */
    snprintf(buf, sizeof buf, "%s%s]}", head,
             EX("s", OKTAIL ", \"skip_while\": [{\"region\": \"knee\", \"side\": \"any\"}]"));
    expect_error(buf, SG_EFORMAT, "exercise 's': a \"skip_while\" rule needs \"region\"", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head,
             EX("s", OKTAIL ", \"skip_while\": [{\"region\": \"groin\", \"side\": \"up\"}]"));
    expect_error(buf, SG_EFORMAT, "needs \"side\"", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head,
             EX("s", OKTAIL ", \"skip_while\": [{\"region\": \"groin\"}]"));
    expect_error(buf, SG_EFORMAT, "needs \"side\"", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head,
             EX("s", OKTAIL ", \"skip_while\": [{\"region\": \"hip\", \"side\": \"left\", "
                        "\"when\": 1}]"));
    expect_error(buf, SG_EFORMAT, "unknown key \"when\" in skip_while", 2);
    snprintf(buf, sizeof buf, "%s%s]}", head, EX("s", OKTAIL ", \"skip_while\": \"groin\""));
    expect_error(buf, SG_EFORMAT, "\"skip_while\" must be a list", 2);
    {
        snprintf(buf, sizeof buf, "%s%s]}", head,
                 EX("s", OKTAIL ", \"skip_while\": [{\"region\": \"hip\", \"side\": "
                                "\"left\"}, {\"region\": \"groin\", \"side\": \"any\"}]"));
        sg_prehab_lib *ok = NULL;
        assert_int_equal(sg_prehab_lib_parse(buf, strlen(buf), NULL, &ok, NULL), SG_OK);
        assert_int_equal(ok->ex[0].n_skip_while, 2);
        assert_int_equal(ok->ex[0].skip_while[0].region, SG_REGION_HIP);
        assert_int_equal(ok->ex[0].skip_while[0].side, SG_SIDE_LEFT);
        assert_int_equal(ok->ex[0].skip_while[1].side, SG_SIDE_UNKNOWN);
        sg_prehab_lib_free(ok);
    }
    /* taper sets above sets */
    const char *taper = "{\"format\": \"strideguard-prehab\", \"version\": 1, \"exercises\": [\n"
                        "{\"id\": \"e\", \"name\": \"N\", \"kind\": \"strength\", \"category\": "
                        "\"core\", \"purpose\": \"P\", \"dosage\": {\"sets\": 2, \"taper_sets\": "
                        "3, \"reps\": \"8\", \"minutes\": 5}, \"progressions\": [\"a\"], "
                        "\"regressions\": [\"b\"], " OKTAIL "}]}";
    expect_error(taper, SG_EFORMAT, "taper_sets", 2);

    sg_prehab_lib *lib = NULL;
    sg_err err;
    assert_int_equal(sg_prehab_lib_load("/nonexistent/prehab.json", NULL, &lib, &err), SG_EIO);
    assert_null(lib);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(sg_file_read(NULL, lib_path(), 0, &data, &len, NULL), SG_OK);
    bool succeeded = false;
    for (long n = 1; n < 2000 && !succeeded; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_prehab_lib *lib = NULL;
        sg_err err;
        int rc = sg_prehab_lib_parse((const char *)data, len, &fa.base, &lib, &err);
        if (rc == SG_OK) {
            succeeded = true;
            sg_prehab_lib_free(lib);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(lib);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_library),
        cmocka_unit_test(test_skip_rules_match_text),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
