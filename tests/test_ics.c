/* iCalendar export: CRLF, 75-octet folding that never splits a UTF-8
 * character, TEXT escaping, required properties, and validation of a real
 * plan's calendar by ical.js (tests/e2e/ics_validate.sh; skipped when node or
 * npm is unavailable). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "render/ics.h"

/* Undoes folding (CRLF + space) and checks every physical line. */
static char *unfold_checked(const char *s)
{
    size_t n = strlen(s);
    char *u = malloc(n + 1);
    size_t k = 0, col = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            assert_true(i + 1 < n && s[i + 1] == '\n');
            assert_true(col <= 75);
            col = 0;
            i++;
            if (i + 1 < n && s[i + 1] == ' ') {
                i++; /* continuation */
                col = 1;
                continue;
            }
            u[k++] = '\n';
            continue;
        }
        assert_true(s[i] != '\n'); /* no bare LF */
        /* a continuation never starts inside a UTF-8 sequence */
        if (col == 1 && i > 0 && s[i - 1] == ' ' && s[i - 2] == '\n')
            assert_true(((unsigned char)s[i] & 0xC0) != 0x80);
        u[k++] = s[i];
        col++;
    }
    u[k] = 0;
    return u;
}

static void test_line_folding_and_escaping(void **state)
{
    (void)state;
    sg_ics_buf b = {0};
    char value[400];
    size_t vn = 0;
    static const char word[] = "h\xc3\xbcgel;"; /* "hügel;" x40: two-byte chars at every offset */
    static const char tail[] = "\nback, hip \\ done";
    for (int i = 0; i < 40; i++, vn += sizeof word - 1)
        memcpy(value + vn, word, sizeof word - 1);
    memcpy(value + vn, tail, sizeof tail);
    assert_int_equal(sg_ics_line(&b, "DESCRIPTION", value, 1), SG_OK);
    char *u = unfold_checked(b.p);
    assert_non_null(strstr(u, "DESCRIPTION:h\xc3\xbcgel\\;h\xc3\xbcgel\\;"));
    assert_non_null(strstr(u, "\\nback\\, hip \\\\ done\n"));
    free(u);
    /* a short line is not folded */
    sg_ics_buf_dispose(&b);
    assert_int_equal(sg_ics_line(&b, "VERSION", "2.0", 0), SG_OK);
    assert_string_equal(b.p, "VERSION:2.0\r\n");
    sg_ics_buf_dispose(&b);
}

static sg_prehab_lib *load_lib(void)
{
    char path[4096];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/data/prehab.json", src ? src : ".");
    sg_prehab_lib *lib = NULL;
    sg_err err;
    if (sg_prehab_lib_load(path, NULL, &lib, &err))
        fail_msg("%s: %s", path, err.msg);
    return lib;
}

static char *plan_ics(sg_prehab_lib *lib, bool taper)
{
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    int mon;
    sg_journal_date_parse("2025-09-01", &mon, NULL);
    sg_planned_run runs[] = {{mon + 2, SG_RUN_HARD}, {mon + 6, SG_RUN_LONG}};
    sg_plan_request req;
    sg_plan_request_init(&req, mon, &a);
    req.runs = runs;
    req.n_runs = 2;
    req.taper = taper;
    req.findings = SG_FIND_DESCENT_HEAVY | SG_FIND_ASYMMETRY;
    req.balance_left_pct = 48.5;
    req.balance_baseline_pct = 50.0; /* 1.5 points from the runner's own baseline */
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, lib, &p, NULL), SG_OK);
    char *ics = NULL;
    size_t len = 0;
    /* 2025-09-01T06:30:00Z */
    assert_int_equal(sg_ics_plan(&p, 1756708200LL, NULL, &ics, &len, NULL), SG_OK);
    assert_int_equal(strlen(ics), len);
    sg_athlete_clear(&a);
    return ics;
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void test_plan_calendar(void **state)
{
    (void)state;
    sg_prehab_lib *lib = load_lib();
    char *ics = plan_ics(lib, false);
    char *u = unfold_checked(ics);
    assert_true(strncmp(u, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:", 35) == 0);
    assert_non_null(strstr(u, "END:VCALENDAR\n"));
    int events = count(u, "BEGIN:VEVENT\n");
    assert_int_equal(events, 3 + 7); /* three strength sessions, daily mobility */
    assert_int_equal(count(u, "\nUID:sg-prehab-"), events);
    assert_int_equal(count(u, "\nDTSTAMP:20250901T063000Z\n"), events);
    assert_int_equal(count(u, "\nDTSTART;VALUE=DATE:2025090"), events);
    assert_non_null(strstr(u, "UID:sg-prehab-20250901-strength@strideguard.local\n"));
    assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20250907\nDTEND;VALUE=DATE:20250908\n"));
    assert_non_null(strstr(u, "one extra set on the left"));
    assert_non_null(strstr(u, "spreads into the buttock or leg"));
    free(u);

    /* the same file through a real parser */
    char path[4096];
    snprintf(path, sizeof path, "%s/plan.ics", sg_test_tmpdir());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(ics, f);
    fclose(f);
    free(ics);
    sg_prehab_lib_free(lib);

    const char *src = getenv("SG_SOURCE_DIR");
    if (!src) {
        print_message("skipped: SG_SOURCE_DIR not set, ical.js validation not run\n");
        skip();
    }
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "bash '%s/tests/e2e/ics_validate.sh' '%s'", src, path);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) == 77) {
        print_message("skipped: node/npm unavailable, ical.js validation not run\n");
        skip();
    }
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_taper_calendar_is_lighter(void **state)
{
    (void)state;
    sg_prehab_lib *lib = load_lib();
    char *a = plan_ics(lib, false), *b = plan_ics(lib, true);
    assert_true(count(b, "BEGIN:VEVENT") < count(a, "BEGIN:VEVENT"));
    assert_non_null(strstr(b, "min) - taper week"));
    free(a);
    free(b);
    sg_prehab_lib_free(lib);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_folding_and_escaping),
        cmocka_unit_test(test_plan_calendar),
        cmocka_unit_test(test_taper_calendar_is_lighter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
