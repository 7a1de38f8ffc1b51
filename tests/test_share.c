/* Sharing (issue #16, part D) without a network: the HTTPS client's URL
 * rules, redaction, query escaping and error lines (src/bytes/http_client.h);
 * the journal entry's content hash (the same on both ends whatever the ids);
 * and the clinic's side on a store scoped to a runner's athlete: journal
 * entries in (deduplicated by hash, the run found by its file's hash), what
 * it holds, the counts, and stopping (the athlete's rows gone, athlete 1
 * refused). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/share.h"
#include "bytes/http_client.h"

static void test_url_rules(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_true(sg_http_client_url_ok("https://clinic.example:8443", &why));
    assert_true(sg_http_client_url_ok("https://clinic.example/base", &why));
    assert_true(sg_http_client_url_ok("http://127.0.0.1:8080", &why));
    assert_true(sg_http_client_url_ok("http://localhost", &why));
    assert_true(sg_http_client_url_ok("http://[::1]:80", &why));
    assert_false(sg_http_client_url_ok("http://clinic.example", &why));
    assert_non_null(strstr(why, "https://"));
    assert_false(sg_http_client_url_ok("http://127.0.0.1.evil.example", &why));
    assert_false(sg_http_client_url_ok("ftp://clinic.example", &why));
    assert_false(sg_http_client_url_ok("https://user:pw@clinic.example", &why));
    assert_false(sg_http_client_url_ok("https://clinic.example/?code=1", &why));
    assert_false(sg_http_client_url_ok("https://", &why));
    assert_false(sg_http_client_url_ok("https://a b", &why));

    sg_http_client *c = NULL;
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_http_client_new("http://clinic.example", &c, &err), SG_EUSAGE);
    assert_null(c);
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(sg_http_client_new("https://clinic.example/", &c, &err), SG_OK);
    assert_int_equal(sg_http_client_header(c, "X-CSRF-Token", "abc", &err), SG_OK);
    assert_int_equal(sg_http_client_header(c, "X-CSRF-Token", "def", &err), SG_OK);
    assert_int_equal(sg_http_client_header(c, "X-Bad", "a\r\nInjected: 1", &err), SG_EUSAGE);
    sg_http_client_free(c);
}

static void test_redact_escape_error(void **state)
{
    (void)state;
    char out[128];
    sg_http_client_redact("https://ann:secret@clinic.example:8443/api/accept?code=ABCD#x", out,
                          sizeof out);
    assert_string_equal(out, "https://clinic.example:8443/api/accept");
    sg_http_client_redact("http://127.0.0.1/api/import?name=a.fit", out, sizeof out);
    assert_string_equal(out, "http://127.0.0.1/api/import");

    assert_true(sg_http_client_query_escape("run 1/ä.fit", out, sizeof out));
    assert_string_equal(out, "run%201%2F%C3%A4.fit");
    char small[4];
    assert_false(sg_http_client_query_escape("a b", small, sizeof small));

    char body[] = "{\"error\":\"sign in first\\n(POST /api/login)\"}";
    sg_http_client_response r = {401, body, sizeof body - 1};
    sg_http_client_error_of(&r, out, sizeof out);
    assert_string_equal(out, "sign in first (POST /api/login)");
    char html[] = "<html>bad gateway</html>";
    sg_http_client_response g = {502, html, sizeof html - 1};
    sg_http_client_error_of(&g, out, sizeof out);
    assert_string_equal(out, "HTTP 502");
}

static void test_entry_hash(void **state)
{
    (void)state;
    sg_entry a, b;
    sg_entry_init(&a, SG_ENTRY_RPE);
    a.u.rpe.day = 20000;
    a.u.rpe.run_id = 17;
    a.u.rpe.rpe = 6;
    a.id = 3;
    b = a;
    b.u.rpe.run_id = 912; /* the clinic's id of the same run */
    b.id = 40;
    const char *run = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char ha[SG_SHARE_HASH_HEX], hb[SG_SHARE_HASH_HEX], hc[SG_SHARE_HASH_HEX];
    sg_err err;
    assert_int_equal(sg_share_entry_hash(&a, run, ha, &err), SG_OK);
    assert_int_equal(sg_share_entry_hash(&b, run, hb, &err), SG_OK);
    assert_string_equal(ha, hb);
    assert_int_equal(strlen(ha), 64);
    assert_int_equal(sg_share_entry_hash(&a, NULL, hc, &err), SG_OK);
    assert_string_not_equal(ha, hc);
    b.u.rpe.rpe = 7;
    assert_int_equal(sg_share_entry_hash(&b, run, hb, &err), SG_OK);
    assert_string_not_equal(ha, hb);
}

static sg_store *clinic_store(long long *athlete)
{
    char path[512];
    snprintf(path, sizeof path, "%s/share-clinic.db", sg_test_tmpdir());
    unlink(path);
    sg_store *st = NULL;
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("open: %s", err.msg);
    assert_int_equal(sg_store_athlete_add(st, "ann", athlete, &err), SG_OK);
    sg_store_use_athlete(st, *athlete);
    return st;
}

static void test_clinic_journal(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    sg_err err;
    sg_err_clear(&err);
    const char *body =
        "{\"entries\":["
        "{\"entry\":{\"kind\":\"prehab\",\"date\":\"2026-01-05\",\"exercise\":\"side_plank\"},"
        "\"run_sha256\":null},"
        "{\"entry\":{\"kind\":\"ostrc\",\"date\":\"2026-01-04\",\"area\":\"lower_back\","
        "\"answers\":[1,1,0,0]}},"
        "{\"entry\":{\"kind\":\"rpe\",\"date\":\"2026-01-03\",\"run_id\":5,\"rpe\":6},"
        "\"run_sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"},"
        "{\"entry\":{\"kind\":\"nonsense\"}}]}";
    int today = sg_journal_day_from_civil(2026, 2, 1);
    sg_share_journal_res res;
    assert_int_equal(sg_share_journal_put(st, body, strlen(body), today, &res, &err), SG_OK);
    assert_int_equal(res.added, 2);
    assert_int_equal(res.held, 0);
    assert_int_equal(res.n_failed, 2); /* the RPE's run is not there; the bad kind */
    assert_int_equal(res.failed_index[0], 2);
    assert_int_equal(res.failed_index[1], 3);
    /* the same batch again: held, nothing added */
    assert_int_equal(sg_share_journal_put(st, body, strlen(body), today, &res, &err), SG_OK);
    assert_int_equal(res.added, 0);
    assert_int_equal(res.held, 2);
    sg_share_have h;
    assert_int_equal(sg_share_have_get(st, &h, &err), SG_OK);
    assert_int_equal(h.n_journal, 2);
    assert_int_equal(h.n_activities, 0);
    assert_true(strcmp(h.journal[0], h.journal[1]) < 0);
    sg_share_have_free(&h);
    assert_int_equal(sg_share_journal_put(st, "[]", 2, today, &res, &err), SG_EUSAGE);

    sg_share_counts n;
    assert_int_equal(sg_share_counts_get(st, &n, &err), SG_OK);
    assert_int_equal(n.journal, 2);
    assert_int_equal(sg_share_clinic_delete(st, 0, 1800000000LL, &n, &err), SG_OK);
    assert_int_equal(n.journal, 2);
    assert_int_equal(sg_share_counts_get(st, &n, &err), SG_OK);
    assert_int_equal(n.journal, 0);
    sg_store_athlete_row row;
    assert_int_equal(sg_store_athlete_get(st, ann, &row, &err), SG_ENOTFOUND);
    sg_store_use_athlete(st, 1);
    assert_int_equal(sg_share_clinic_delete(st, 0, 1800000000LL, &n, &err), SG_EUSAGE);
    sg_store_close(st);
}

static void test_clinic_activity_name(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    sg_err err;
    sg_err_clear(&err);
    sg_share_activity_res res;
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "../x.fit", "x", 1, &res, &err),
                     SG_EUSAGE);
    /* not an activity: skipped, nothing stored, the temporary file gone */
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "notes.txt", "hello", 5, &res,
                                           &err),
                     SG_OK);
    assert_string_equal(res.status, "skipped");
    assert_int_equal(strlen(res.sha256), 64);
    long long n = -1;
    assert_int_equal(sg_store_count(st, &n, &err), SG_OK);
    assert_int_equal(n, 0);
    sg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_rules),
        cmocka_unit_test(test_redact_escape_error),
        cmocka_unit_test(test_entry_hash),
        cmocka_unit_test(test_clinic_journal),
        cmocka_unit_test(test_clinic_activity_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
