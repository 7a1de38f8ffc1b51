/* Sharing (issue #16, part D) without a network: the HTTPS client's URL
 * rules, redaction, query escaping and error lines (src/bytes/http_client.h);
 * the journal entry's content hash (the same on both ends whatever the ids);
 * and the clinic's side on a store scoped to a runner's athlete: journal
 * entries in (deduplicated by hash, the run found by its file's hash), what
 * it holds, the counts, and stopping (the athlete's rows gone, athlete 1
 * refused); a journal entry's identity whether or not its run arrived first
 * (and the older identity still recognised); IMU recordings in chunks (asked,
 * resumed, out of order, finished, held, a wrong hash, over the limit),
 * linked to the clinic's copy of their run, and gone at stop. */
#include "support/sg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "app/journal.h"
#include "app/share.h"
#include "bytes/base64.h"
#include "bytes/http_client.h"
#include "bytes/sha256.h"
#include "sim/sim_trunk.h"
#include "strideguard/fit.h"
#include "strideguard/sim.h"

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

    /* the run's key is its start, known whether or not its file was pushed */
    char key[SG_SHARE_RUN_KEY];
    sg_share_run_key(1740898800.4, key);
    assert_string_equal(key, "start:1740898800");
    sg_share_run_key(NAN, key);
    assert_string_equal(key, "run");
    sg_share_run_key(1740898800.0, key);
    b = a;
    b.u.rpe.run_id = 912;
    assert_int_equal(sg_share_entry_hash(&a, key, ha, &err), SG_OK);
    assert_int_equal(sg_share_entry_hash(&b, key, hb, &err), SG_OK);
    assert_string_equal(ha, hb);
    sg_share_run_key(1740985200.0, key); /* another run, the same day and RPE */
    assert_int_equal(sg_share_entry_hash(&b, key, hb, &err), SG_OK);
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

/* The bug of issue #16's follow-up: a pain entry sent while its run had not
 * reached the clinic (no run hash, or one the clinic lacks) and sent again
 * once the run is there (with its hash) is one entry, not two. */
static void test_clinic_journal_run_late(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    sg_err err;
    sg_err_clear(&err);
    int today = sg_journal_day_from_civil(2026, 2, 1);
    const char *entry = "{\"kind\":\"pain\",\"date\":\"2026-01-03\",\"region\":\"lumbar\","
                        "\"side\":\"left\",\"severity\":3,\"run_id\":5}";
    char first[512], again[512];
    snprintf(first, sizeof first, "{\"entries\":[{\"entry\":%s,\"run_sha256\":null,"
             "\"run_start\":1740898800}]}", entry);
    snprintf(again, sizeof again, "{\"entries\":[{\"entry\":%s,\"run_sha256\":\"%064d\","
             "\"run_start\":1740898800}]}", entry, 7);
    sg_share_journal_res res;
    assert_int_equal(sg_share_journal_put(st, first, strlen(first), today, &res, &err), SG_OK);
    if (res.n_failed)
        fail_msg("%s", res.failed[0].why);
    assert_int_equal(res.added, 1);
    assert_int_equal(sg_share_journal_put(st, again, strlen(again), today, &res, &err), SG_OK);
    assert_int_equal(res.added, 0);
    assert_int_equal(res.held, 1);

    /* an entry an older version took, under the hash with its run's FIT
     * hash: held, and known by the new hash from then on */
    const char *old_entry = "{\"kind\":\"pain\",\"date\":\"2026-01-09\",\"region\":\"hip\","
                            "\"side\":\"right\",\"severity\":2,\"run_id\":8}";
    char run[SG_SHARE_HASH_HEX], body[512];
    snprintf(run, sizeof run, "%064d", 9);
    sg_entry e;
    assert_int_equal(sg_entry_from_json(old_entry, strlen(old_entry), &e, &err), SG_OK);
    char old_hex[SG_SHARE_HASH_HEX], key[128];
    assert_int_equal(sg_share_entry_hash(&e, run, old_hex, &err), SG_OK);
    snprintf(key, sizeof key, "share.journal.%s", old_hex);
    assert_int_equal(sg_store_kv_put(st, key, "41", &err), SG_OK);
    snprintf(body, sizeof body, "{\"entries\":[{\"entry\":%s,\"run_sha256\":\"%s\","
             "\"run_start\":1741000000}]}", old_entry, run);
    assert_int_equal(sg_share_journal_put(st, body, strlen(body), today, &res, &err), SG_OK);
    assert_int_equal(res.added, 0);
    assert_int_equal(res.held, 1);
    sg_share_have h;
    assert_int_equal(sg_share_have_get(st, &h, &err), SG_OK);
    assert_int_equal(h.n_journal, 3); /* one taken; the older key and its new one */
    sg_share_have_free(&h);
    sg_share_counts n;
    assert_int_equal(sg_share_counts_get(st, &n, &err), SG_OK);
    assert_int_equal(n.journal, 1);
    sg_store_close(st);
}

/* A simulated 20-minute run as the FIT file share push sends (sg_free). */
static uint8_t *sim_run_fit(size_t *len)
{
    sg_sim_run_params rp;
    sg_sim_run_defaults(&rp);
    rp.distance_m = 0;
    rp.duration_s = 1200;
    sg_activity *act = NULL;
    assert_int_equal(sg_sim_run(&rp, NULL, &act, NULL), SG_OK);
    uint8_t *fit = NULL;
    assert_int_equal(sg_fit_encode(act, NULL, NULL, &fit, len, NULL), SG_OK);
    sg_activity_free(act);
    return fit;
}

static int on_first_id(void *ctx, const sg_journal_row *row)
{
    long long *id = ctx;
    if (!*id)
        *id = row->id;
    return 0;
}

/* A pain entry that reaches the clinic before its run (the run's push was
 * refused: too large, the clinic busy) is taken without its run, and linked
 * once a file of the hash it named arrives; an entry deleted meanwhile is
 * only forgotten. */
static void test_clinic_journal_run_arrives(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    sg_err err;
    sg_err_clear(&err);
    size_t fit_len = 0;
    uint8_t *fit = sim_run_fit(&fit_len);
    char sha[SG_SHARE_HASH_HEX];
    sg_sha256_hex(fit, fit_len, sha);

    int today = sg_journal_day_from_civil(2026, 2, 1);
    char body[1024];
    snprintf(body, sizeof body,
             "{\"entries\":[{\"entry\":{\"kind\":\"pain\",\"date\":\"2026-01-03\","
             "\"region\":\"lumbar\",\"side\":\"left\",\"severity\":3,\"run_id\":5},"
             "\"run_sha256\":\"%s\",\"run_start\":1740898800},"
             "{\"entry\":{\"kind\":\"pain\",\"date\":\"2026-01-04\",\"region\":\"hip\","
             "\"side\":\"right\",\"severity\":2,\"run_id\":5},"
             "\"run_sha256\":\"%s\",\"run_start\":1740898800}]}",
             sha, sha);
    sg_share_journal_res res;
    assert_int_equal(sg_share_journal_put(st, body, strlen(body), today, &res, &err), SG_OK);
    if (res.n_failed)
        fail_msg("%s", res.failed[0].why);
    assert_int_equal(res.added, 2);
    long long first = 0;
    assert_int_equal(sg_store_journal_list(st, "pain", NULL, NULL, on_first_id, &first, &err),
                     SG_OK);
    sg_entry e;
    assert_int_equal(sg_app_journal_get(st, first, &e, &err), SG_OK);
    assert_int_equal(e.u.pain.run_id, 0); /* its run is not here yet */
    char pending_key[128], *waiting = NULL, want[64];
    snprintf(pending_key, sizeof pending_key, "share.run_pending.%s", sha);
    assert_int_equal(sg_store_kv_get(st, pending_key, &waiting, &err), SG_OK);
    snprintf(want, sizeof want, "%lld %lld", first, first + 1);
    assert_string_equal(waiting, want);
    free(waiting);
    /* the runner deletes the second entry at the clinic before the run comes */
    assert_int_equal(sg_app_journal_delete(st, first + 1, &err), SG_OK);

    sg_share_activity_res ar;
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "run.fit", fit, fit_len, today,
                                           &ar, &err),
                     SG_OK);
    assert_string_equal(ar.status, "imported");
    assert_string_equal(ar.sha256, sha);
    assert_int_equal(sg_app_journal_get(st, first, &e, &err), SG_OK);
    assert_int_equal(e.u.pain.run_id, ar.activity_id);
    waiting = NULL;
    assert_int_equal(sg_store_kv_get(st, pending_key, &waiting, &err), SG_ENOTFOUND);
    /* the batch sent again: both held (the deleted one is not brought
     * back), the link kept */
    assert_int_equal(sg_share_journal_put(st, body, strlen(body), today, &res, &err), SG_OK);
    assert_int_equal(res.held, 2);
    assert_int_equal(res.added, 0);
    assert_int_equal(sg_app_journal_get(st, first, &e, &err), SG_OK);
    assert_int_equal(e.u.pain.run_id, ar.activity_id);
    /* one run's waiting list is bounded: 33 entries naming a run that never
     * comes, 32 wait */
    char many[33 * 220 + 64], other[SG_SHARE_HASH_HEX];
    size_t used = 0;
    snprintf(other, sizeof other, "%064d", 3);
    used += (size_t)snprintf(many, sizeof many, "{\"entries\":[");
    for (int i = 0; i < 33; i++)
        used += (size_t)snprintf(many + used, sizeof many - used,
                                 "%s{\"entry\":{\"kind\":\"pain\",\"date\":\"2025-%s-%02d\","
                                 "\"region\":\"hip\",\"side\":\"left\",\"severity\":2,"
                                 "\"run_id\":9},\"run_sha256\":\"%s\",\"run_start\":1740000000}",
                                 i ? "," : "", i < 30 ? "11" : "12", i < 30 ? i + 1 : i - 29,
                                 other);
    assert_true(used + 3 < sizeof many);
    snprintf(many + used, sizeof many - used, "]}");
    assert_int_equal(sg_share_journal_put(st, many, strlen(many), today, &res, &err), SG_OK);
    if (res.n_failed)
        fail_msg("%s", res.failed[0].why);
    assert_int_equal(res.added, 33);
    snprintf(pending_key, sizeof pending_key, "share.run_pending.%s", other);
    assert_int_equal(sg_store_kv_get(st, pending_key, &waiting, &err), SG_OK);
    int n_waiting = 1;
    for (const char *c = strchr(waiting, ' '); c; c = strchr(c + 1, ' '))
        n_waiting++;
    assert_int_equal(n_waiting, 32);
    free(waiting);

    /* the same file again: a duplicate, nothing to link, no error */
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "run.fit", fit, fit_len, today,
                                           &ar, &err),
                     SG_OK);
    sg_free(NULL, fit);
    sg_store_close(st);
}

/* One POST /api/share/imu body. */
static char *imu_body(const char *sha, size_t size, size_t off, const unsigned char *data,
                      size_t n, const char *run, int pinned)
{
    char *b64 = NULL;
    assert_int_equal(sg_base64_encode(data, n, NULL, &b64, NULL, NULL), SG_OK);
    size_t cap = strlen(b64) + 512;
    char *body = malloc(cap);
    assert_non_null(body);
    char runj[80];
    if (run)
        snprintf(runj, sizeof runj, "\"%s\"", run);
    else
        snprintf(runj, sizeof runj, "null");
    snprintf(body, cap, "{\"sha256\":\"%s\",\"size\":%zu,\"offset\":%zu,\"data_base64\":\"%s\","
             "\"file_name\":\"lower-back.csv\",\"run_sha256\":%s,\"pinned\":%s}", sha, size,
             off, b64, runj, pinned ? "true" : "false");
    sg_free(NULL, b64);
    return body;
}

static int put_chunk(sg_store *st, const char *sha, const unsigned char *blob, size_t len,
                     size_t off, size_t n, const char *run, int pinned, sg_share_imu_res *res)
{
    char *body = imu_body(sha, len, off, blob + off, n, run, pinned);
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_share_imu_put(st, sg_test_tmpdir(), body, strlen(body), res, &err);
    free(body);
    return rc;
}

static int parts_left(long long athlete, const char *sha)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/.sg-share-imu-%lld-%s", sg_test_tmpdir(), athlete, sha);
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Sets a part file's last write to t (Unix seconds). */
static void part_touch(long long athlete, const char *sha, long long t)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/.sg-share-imu-%lld-%s", sg_test_tmpdir(), athlete, sha);
    struct timespec ts[2] = {{(time_t)t, 0}, {(time_t)t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* A runner's unfinished recordings are bounded: a new part past
 * SG_SHARE_IMU_PARTS_MAX drops their least recently written one, never
 * another athlete's, and a resumed part stays. */
static void test_clinic_imu_parts_bounded(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    unsigned char bytes[1000]; /* a recording's blob; each part is left unfinished */
    memset(bytes, 7, sizeof bytes);
    const size_t size = sizeof bytes, K = 64; /* chunks of K bytes */
    char sha[SG_SHARE_IMU_PARTS_MAX + 2][SG_SHARE_HASH_HEX];
    sg_share_imu_res res;
    /* another athlete's part, older than all of ann's */
    char other[1024];
    snprintf(other, sizeof other, "%s/.sg-share-imu-%lld-%064d", sg_test_tmpdir(), ann + 1, 9);
    FILE *f = fopen(other, "wb");
    assert_non_null(f);
    fputs("x", f);
    fclose(f);
    struct timespec old[2] = {{1000, 0}, {1000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, other, old, 0), 0);
    for (int i = 0; i < SG_SHARE_IMU_PARTS_MAX; i++) {
        snprintf(sha[i], sizeof sha[i], "%064d", 100 + i);
        assert_int_equal(put_chunk(st, sha[i], bytes, size, 0, K, NULL, 0, &res),
                         SG_OK);
        assert_string_equal(res.status, "partial");
        part_touch(ann, sha[i], 1800000000LL + i);
    }
    /* the first is resumed: it is now the most recently written */
    assert_int_equal(put_chunk(st, sha[0], bytes, size, K, K, NULL, 0, &res),
                     SG_OK);
    assert_int_equal(res.next, 2 * K);
    part_touch(ann, sha[0], 1800000100LL);
    /* one more: the least recently written (the second) goes */
    int m = SG_SHARE_IMU_PARTS_MAX;
    snprintf(sha[m], sizeof sha[m], "%064d", 200);
    assert_int_equal(put_chunk(st, sha[m], bytes, size, 0, K, NULL, 0, &res), SG_OK);
    assert_false(parts_left(ann, sha[1]));
    assert_true(parts_left(ann, sha[0]));
    for (int i = 2; i <= m; i++)
        assert_true(parts_left(ann, sha[i]));
    assert_int_equal(access(other, F_OK), 0);
    /* asking where the dropped one goes on: from the start */
    assert_int_equal(put_chunk(st, sha[1], bytes, size, 0, 0, NULL, 0, &res), SG_OK);
    assert_string_equal(res.status, "partial");
    assert_int_equal(res.next, 0);
    sg_share_imu_parts_drop(sg_test_tmpdir(), ann);
    for (int i = 0; i <= m; i++)
        assert_false(parts_left(ann, sha[i]));
    assert_int_equal(access(other, F_OK), 0);
    unlink(other);
    sg_store_close(st);
}

static void test_clinic_imu(void **state)
{
    (void)state;
    long long ann = 0;
    sg_store *st = clinic_store(&ann);
    sg_err err;
    sg_err_clear(&err);

    /* the clinic's copy of a run, as share push sends it */
    size_t fit_len = 0;
    uint8_t *fit = sim_run_fit(&fit_len);
    int today = sg_journal_day_from_civil(2026, 2, 1);
    sg_share_activity_res ar;
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "run.fit", fit, fit_len, today,
                                           &ar, &err),
                     SG_OK);
    sg_free(NULL, fit);
    assert_string_equal(ar.status, "imported");

    /* a lower-back recording far from the run in time: only its hash links it */
    sg_sim_trunk_params tp;
    sg_sim_trunk_defaults(&tp);
    tp.t0 = 1600000000.0;
    tp.duration_s = 600;
    sg_imu *rec = NULL;
    assert_int_equal(sg_sim_trunk(&tp, NULL, &rec, &err), SG_OK);
    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(sg_store_imu_blob_encode(rec, &blob, &len, &err), SG_OK);
    long long n_samples = (long long)rec->n;
    sg_imu_free(rec);
    assert_true(len > 2 * SG_SHARE_IMU_CHUNK); /* three chunks at least */
    char sha[SG_SHARE_HASH_HEX];
    sg_sha256_hex(blob, len, sha);

    sg_share_imu_res res;
    const size_t C = SG_SHARE_IMU_CHUNK;
    /* the push's first question: nothing held yet */
    assert_int_equal(put_chunk(st, sha, blob, len, 0, 0, ar.sha256, 1, &res), SG_OK);
    assert_string_equal(res.status, "partial");
    assert_int_equal(res.next, 0);
    assert_int_equal(put_chunk(st, sha, blob, len, 0, C, ar.sha256, 1, &res), SG_OK);
    assert_string_equal(res.status, "partial");
    assert_int_equal(res.next, C);
    /* out of order (a push resumed from 0, or a chunk ahead): not written */
    assert_int_equal(put_chunk(st, sha, blob, len, 0, C, ar.sha256, 1, &res), SG_OK);
    assert_int_equal(res.next, C);
    assert_int_equal(put_chunk(st, sha, blob, len, 2 * C, len - 2 * C, ar.sha256, 1, &res),
                     SG_OK);
    assert_string_equal(res.status, "partial");
    assert_int_equal(res.next, C);
    for (size_t off = C; off < len; off += C) {
        size_t n = len - off < C ? len - off : C;
        assert_int_equal(put_chunk(st, sha, blob, len, off, n, ar.sha256, 1, &res), SG_OK);
        assert_string_equal(res.status, off + n < len ? "partial" : "imported");
    }
    assert_false(parts_left(ann, sha));
    assert_true(res.imu_id > 0);
    assert_int_equal(res.linked_activity_id, ar.activity_id);
    sg_store_imu_row row;
    assert_int_equal(sg_store_imu_get(st, res.imu_id, &row, &err), SG_OK);
    assert_string_equal(row.sha256, sha);
    assert_int_equal(row.n_samples, n_samples); /* described by the clinic itself */
    assert_int_equal(row.linked_activity_id, ar.activity_id);
    assert_true(row.link_pinned);
    assert_string_equal(row.file_name, "lower-back.csv");

    /* held: nothing more is written, whatever the chunk */
    assert_int_equal(put_chunk(st, sha, blob, len, 0, C, NULL, 0, &res), SG_OK);
    assert_string_equal(res.status, "held");
    sg_share_have h;
    assert_int_equal(sg_share_have_get(st, &h, &err), SG_OK);
    assert_int_equal(h.n_imu, 1);
    assert_string_equal(h.imu[0], sha);
    assert_string_equal(h.course, "");
    sg_share_have_free(&h);

    /* bytes that do not match their hash: failed, the part dropped */
    char wrong[SG_SHARE_HASH_HEX];
    snprintf(wrong, sizeof wrong, "%064d", 5);
    assert_int_equal(put_chunk(st, wrong, blob, 100, 0, 100, NULL, 0, &res), SG_OK);
    assert_string_equal(res.status, "failed");
    assert_non_null(strstr(res.reason, "sha256"));
    assert_false(parts_left(ann, wrong));
    /* bytes that are not a recording, under their own hash: failed */
    char junk_sha[SG_SHARE_HASH_HEX];
    sg_sha256_hex("not a blob", 10, junk_sha);
    assert_int_equal(put_chunk(st, junk_sha, (const unsigned char *)"not a blob", 10, 0, 10, NULL,
                               0, &res),
                     SG_OK);
    assert_string_equal(res.status, "failed");
    assert_non_null(strstr(res.reason, "not a recording"));
    /* the body's shape: over the limit, a chunk too long, a bad hash */
    char *body = imu_body(sha, SG_SHARE_IMU_MAX_BYTES + 1, 0, blob, 10, NULL, 0);
    assert_int_equal(sg_share_imu_put(st, sg_test_tmpdir(), body, strlen(body), &res, &err),
                     SG_EUSAGE);
    assert_non_null(strstr(err.msg, "32 MiB"));
    free(body);
    body = imu_body(sha, len, 0, blob, C + 1, NULL, 0);
    assert_int_equal(sg_share_imu_put(st, sg_test_tmpdir(), body, strlen(body), &res, &err),
                     SG_EUSAGE);
    free(body);
    body = imu_body("ABC", len, 0, blob, 10, NULL, 0);
    assert_int_equal(sg_share_imu_put(st, sg_test_tmpdir(), body, strlen(body), &res, &err),
                     SG_EUSAGE);
    free(body);

    /* an unfinished part goes at stop, with the athlete's rows */
    char part_sha[SG_SHARE_HASH_HEX];
    snprintf(part_sha, sizeof part_sha, "%064d", 6);
    assert_int_equal(put_chunk(st, part_sha, blob, len, 0, C, NULL, 0, &res), SG_OK);
    assert_true(parts_left(ann, part_sha));
    sg_share_imu_parts_drop(sg_test_tmpdir(), ann + 1); /* another athlete's: kept */
    assert_true(parts_left(ann, part_sha));
    sg_share_counts n;
    assert_int_equal(sg_share_clinic_delete(st, 0, 1800000000LL, &n, &err), SG_OK);
    assert_int_equal(n.imu, 1);
    assert_int_equal(n.activities, 1);
    sg_share_imu_parts_drop(sg_test_tmpdir(), ann);
    assert_false(parts_left(ann, part_sha));
    assert_int_equal(sg_share_counts_get(st, &n, &err), SG_OK);
    assert_int_equal(n.imu, 0);
    free(blob);
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
    int today = sg_journal_day_from_civil(2026, 2, 1);
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "../x.fit", "x", 1, today, &res,
                                           &err),
                     SG_EUSAGE);
    /* not an activity: skipped, nothing stored, the temporary file gone */
    assert_int_equal(sg_share_activity_put(st, sg_test_tmpdir(), "notes.txt", "hello", 5, today,
                                           &res, &err),
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
        cmocka_unit_test(test_clinic_journal_run_late),
        cmocka_unit_test(test_clinic_journal_run_arrives),
        cmocka_unit_test(test_clinic_imu),
        cmocka_unit_test(test_clinic_imu_parts_bounded),
        cmocka_unit_test(test_clinic_activity_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
