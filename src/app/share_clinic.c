/* Sharing, the clinic's side (src/app/share.h): what the clinic holds for
 * the caller's athlete, one activity file in, journal entries in, the
 * counts, and stopping (the athlete's rows deleted). The handle is scoped
 * to the caller's athlete before any of these runs (server/auth.c). */
#include "app/share.h"
#include "bytes/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/course.h"
#include "app/import.h"
#include "app/journal.h"
#include "bytes/base64.h"
#include "bytes/sha256.h"

#define JOURNAL_KEY "share.journal."
/* Pain entries that arrived before their run (the run's push failed:
 * refused, too large, or the clinic busy): "share.run_pending.<the run's FIT
 * hash>" = their ids, space-separated, until a file of that hash arrives and
 * links them (one indexed read per activity received). */
#define PENDING_KEY "share.run_pending."
#define PENDING_KEY_MAX (sizeof PENDING_KEY + SG_SHARE_HASH_HEX)
#define PENDING_MAX 32 /* entries waiting for one run; more stay without it */

void sg_share_run_key(double start, char key[SG_SHARE_RUN_KEY])
{
    if (isfinite(start) && fabs(start) < 1e15)
        snprintf(key, SG_SHARE_RUN_KEY, "start:%lld", (long long)llround(start));
    else
        snprintf(key, SG_SHARE_RUN_KEY, "run");
}

/* The hash of an entry: its JSON with no ids, a line feed, then `suffix`
 * (the run's key; in an older version the run's FIT hash). */
int sg_share_entry_hash(const sg_entry *e, const char *suffix, char hex[SG_SHARE_HASH_HEX],
                        sg_err *err)
{
    sg_entry x = *e;
    x.id = 0;
    if (x.kind == SG_ENTRY_PAIN)
        x.u.pain.run_id = 0;
    else if (x.kind == SG_ENTRY_RPE)
        x.u.rpe.run_id = 0;
    char *json = NULL;
    int rc = sg_entry_to_json(&x, &json, err);
    if (rc)
        return rc;
    sg_sha256 c;
    sg_sha256_init(&c);
    sg_sha256_update(&c, json, strlen(json));
    sg_sha256_update(&c, "\n", 1);
    if (suffix)
        sg_sha256_update(&c, suffix, strlen(suffix));
    free(json);
    uint8_t d[SG_SHA256_LEN];
    sg_sha256_final(&c, d);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SG_SHA256_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * SG_SHA256_LEN] = '\0';
    return SG_OK;
}

/* ---- what the clinic holds ---- */

typedef struct hashes {
    char (*v)[SG_SHARE_HASH_HEX];
    size_t n, cap;
} hashes;

static int hashes_add(hashes *h, const char *hex)
{
    if (strlen(hex) != SG_SHARE_HASH_HEX - 1)
        return 0;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 256;
        void *p = realloc(h->v, cap * sizeof *h->v);
        if (!p)
            return SG_ENOMEM;
        h->v = p;
        h->cap = cap;
    }
    memcpy(h->v[h->n++], hex, SG_SHARE_HASH_HEX);
    return 0;
}

static int on_hash(void *ctx, const char *sha256)
{
    return hashes_add(ctx, sha256);
}

static int on_journal_key(void *ctx, const char *key, const char *value)
{
    (void)value;
    return hashes_add(ctx, key + strlen(JOURNAL_KEY));
}

static int on_imu_row(void *ctx, const sg_store_imu_row *row)
{
    return hashes_add(ctx, row->sha256);
}

static int cmp_hash(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The race course's content hash, "" when there is none (or it cannot be
 * read: the runner's push then sends it again). */
static int course_hash(sg_store *st, char hex[SG_SHARE_HASH_HEX], sg_err *err)
{
    hex[0] = '\0';
    sg_activity *course = NULL;
    sg_app_course_info info;
    sg_err e;
    sg_err_clear(&e);
    int rc = sg_app_course_get(st, NULL, &course, &info, &e);
    sg_activity_free(course);
    if (rc == SG_ESTORE || rc == SG_ENOMEM) {
        *err = e;
        return rc;
    }
    if (!rc && info.stored && strlen(info.sha256) == SG_SHARE_HASH_HEX - 1)
        memcpy(hex, info.sha256, SG_SHARE_HASH_HEX);
    return SG_OK;
}

int sg_share_have_get(sg_store *st, sg_share_have *h, sg_err *err)
{
    memset(h, 0, sizeof *h);
    hashes a = {0}, j = {0}, m = {0};
    int rc = sg_store_each_hash(st, on_hash, &a, err);
    if (!rc)
        rc = sg_store_kv_list(st, JOURNAL_KEY, on_journal_key, &j, err);
    if (!rc)
        rc = sg_store_imu_list(st, on_imu_row, &m, err);
    if (!rc)
        rc = course_hash(st, h->course, err);
    if (rc) {
        free(a.v);
        free(j.v);
        free(m.v);
        if (rc == SG_ENOMEM)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        return rc;
    }
    if (a.n)
        qsort(a.v, a.n, sizeof *a.v, cmp_hash);
    if (j.n)
        qsort(j.v, j.n, sizeof *j.v, cmp_hash);
    if (m.n)
        qsort(m.v, m.n, sizeof *m.v, cmp_hash);
    h->activities = a.v;
    h->n_activities = a.n;
    h->journal = j.v;
    h->n_journal = j.n;
    h->imu = m.v;
    h->n_imu = m.n;
    return SG_OK;
}

void sg_share_have_free(sg_share_have *h)
{
    if (!h)
        return;
    free(h->activities);
    free(h->journal);
    free(h->imu);
    memset(h, 0, sizeof *h);
}

/* ---- one activity file ---- */

static const char *status_name(sg_import_status s)
{
    switch (s) {
    case SG_IMPORT_IMPORTED: return "imported";
    case SG_IMPORT_DUPLICATE: return "duplicate";
    case SG_IMPORT_SAME_RUN: return "same_run";
    case SG_IMPORT_SKIPPED: return "skipped";
    case SG_IMPORT_IMU: return "imported";
    case SG_IMPORT_DAMAGED: return "damaged";
    default: return "failed";
    }
}

static void on_event(void *ctx, const sg_import_event *ev)
{
    sg_share_activity_res *res = ctx;
    res->status = status_name(ev->status);
    res->activity_id = ev->activity_id;
    if (ev->err && ev->err->msg[0])
        snprintf(res->reason, sizeof res->reason, "%s", ev->err->msg);
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

/* Links the pain entries waiting for the run whose FIT hash is sha (see
 * PENDING_KEY) to activity_id, and forgets them. An entry deleted or given
 * a run meanwhile is only forgotten; one the journal's checks refuse with
 * its run stays without it. Errors: SG_ESTORE, SG_ENOMEM. */
static int link_pending(sg_store *st, const char *sha, long long activity_id, int today,
                        sg_err *err)
{
    char key[PENDING_KEY_MAX], *ids = NULL;
    snprintf(key, sizeof key, PENDING_KEY "%s", sha);
    sg_err ge;
    sg_err_clear(&ge);
    int rc = sg_store_kv_get(st, key, &ids, &ge);
    if (rc == SG_ENOTFOUND)
        return SG_OK;
    if (rc) {
        *err = ge;
        return rc;
    }
    for (char *p = ids, *end; !rc; p = end) {
        long long id = strtoll(p, &end, 10);
        if (end == p)
            break;
        sg_entry e;
        sg_err pe;
        sg_err_clear(&pe);
        int g = sg_app_journal_get(st, id, &e, &pe);
        if (g == SG_OK && e.kind == SG_ENTRY_PAIN && !e.u.pain.run_id) {
            e.u.pain.run_id = activity_id;
            g = sg_app_journal_edit(st, &e, today, NULL, &pe);
        }
        if (g == SG_ESTORE || g == SG_ENOMEM) {
            *err = pe;
            rc = g;
        }
    }
    free(ids);
    return rc ? rc : sg_store_kv_delete(st, key, err);
}

int sg_share_activity_put(sg_store *st, const char *tmpdir, const char *name,
                          const void *data, size_t len, int today,
                          sg_share_activity_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    res->status = "failed";
    if (!sg_file_name_ok(name, SG_FILE_NAME_MAX))
        return sg_err_set(err, SG_EUSAGE, -1, "name: expected the file's name (1 to 255 bytes, "
                          "no '/', '\\' or control characters)");
    sg_sha256_hex(data, len, res->sha256);
    char dir[4200], path[4500];
    if ((size_t)snprintf(dir, sizeof dir, "%s/.sg-share-XXXXXX", tmpdir) >= sizeof dir)
        return sg_err_set(err, SG_EIO, -1, "the temporary folder's name is too long");
    if (!mkdtemp(dir))
        return sg_err_set(err, SG_EIO, -1, "cannot create a temporary folder: %s",
                          strerror(errno));
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int rc = SG_OK;
    if (fd < 0 || write_all(fd, data, len) != 0) {
        int code = errno == ENOSPC ? SG_ENOSPC : SG_EIO;
        rc = sg_err_set(err, code, -1, "cannot keep the file for its import: %s",
                        strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    if (!rc) {
        sg_import_opts o;
        sg_import_opts_init(&o);
        o.threads = 1;
        o.on_event = on_event;
        o.ctx = res;
        const char *paths[1] = {path};
        sg_import_stats stats;
        rc = sg_import_run(st, paths, 1, &o, &stats, err);
    }
    unlink(path);
    rmdir(dir);
    if (!rc && res->activity_id > 0)
        rc = link_pending(st, res->sha256, res->activity_id, today, err);
    return rc;
}

/* ---- journal entries ---- */

static void fail_entry(sg_share_journal_res *res, size_t i, const char *why)
{
    if (res->n_failed < sizeof res->failed / sizeof *res->failed) {
        sg_share_failure *f = &res->failed[res->n_failed];
        snprintf(f->what, sizeof f->what, "entry %zu", i);
        res->failed_index[res->n_failed] = i;
        snprintf(f->why, sizeof f->why, "%s", why);
    }
    res->n_failed++;
}

/* One item of the batch: SG_OK (added, held or failed in res), or a store
 * error that ends the batch. */
static int journal_item(sg_store *st, json_t *item, size_t i, int today,
                        sg_share_journal_res *res, sg_err *err)
{
    json_t *ej = json_object_get(item, "entry"), *rs = json_object_get(item, "run_sha256");
    json_t *rt = json_object_get(item, "run_start");
    if (!json_is_object(ej) || !(json_is_null(rs) || json_is_string(rs) || !rs) ||
        !(!rt || json_is_null(rt) || json_is_number(rt))) {
        fail_entry(res, i, "expected {\"entry\": {...}, \"run_sha256\": \"hex\" or null, "
                           "\"run_start\": UTC s or null}");
        return SG_OK;
    }
    const char *run = json_string_value(rs);
    if (run && strlen(run) != SG_SHARE_HASH_HEX - 1) {
        fail_entry(res, i, "run_sha256: expected 64 hex digits");
        return SG_OK;
    }
    char *text = json_dumps(ej, JSON_COMPACT);
    if (!text)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    sg_entry e;
    sg_err pe;
    sg_err_clear(&pe);
    int rc = sg_entry_from_json(text, strlen(text), &e, &pe);
    free(text);
    if (rc) {
        fail_entry(res, i, pe.msg);
        return SG_OK;
    }
    /* the identity: the entry and its run's start, whether or not the run
     * is here (share.h) */
    long long named = e.kind == SG_ENTRY_PAIN ? e.u.pain.run_id
                      : e.kind == SG_ENTRY_RPE ? e.u.rpe.run_id
                                               : 0;
    char run_key[SG_SHARE_RUN_KEY] = "";
    if (named)
        sg_share_run_key(json_is_number(rt) ? json_number_value(rt) : NAN, run_key);
    char hex[SG_SHARE_HASH_HEX], key[sizeof JOURNAL_KEY + SG_SHARE_HASH_HEX];
    if ((rc = sg_share_entry_hash(&e, run_key, hex, err)))
        return rc;
    snprintf(key, sizeof key, JOURNAL_KEY "%s", hex);
    char *v = NULL;
    rc = sg_store_kv_get(st, key, &v, err);
    free(v);
    v = NULL;
    if (rc == SG_OK) {
        res->held++;
        return SG_OK;
    }
    if (rc != SG_ENOTFOUND)
        return rc;
    if (run) {
        /* taken by an older version, under the hash with its run's FIT hash:
         * held, and known by the new hash from now on */
        char old_hex[SG_SHARE_HASH_HEX], old_key[sizeof JOURNAL_KEY + SG_SHARE_HASH_HEX];
        if ((rc = sg_share_entry_hash(&e, run, old_hex, err)))
            return rc;
        snprintf(old_key, sizeof old_key, JOURNAL_KEY "%s", old_hex);
        rc = sg_store_kv_get(st, old_key, &v, err);
        if (rc == SG_OK) {
            rc = sg_store_kv_put(st, key, v, err);
            free(v);
            if (!rc)
                res->held++;
            return rc;
        }
        if (rc != SG_ENOTFOUND)
            return rc;
    }
    long long run_id = 0;
    if (run && sg_store_find_hash(st, run, &run_id, &pe) != SG_OK)
        run_id = 0;
    if (e.kind == SG_ENTRY_PAIN)
        e.u.pain.run_id = run_id;
    else if (e.kind == SG_ENTRY_RPE)
        e.u.rpe.run_id = run_id;
    if (e.kind == SG_ENTRY_RPE && !run_id) {
        fail_entry(res, i, "its run is not at the clinic: push the runs first");
        return SG_OK;
    }
    sg_err_clear(&pe);
    rc = sg_app_journal_add(st, &e, today, NULL, &pe);
    if (rc == SG_EEXISTS)
        res->held++;
    else if (rc == SG_EUSAGE || rc == SG_ENOTFOUND || rc == SG_EFORMAT)
        fail_entry(res, i, pe.msg);
    else if (rc) {
        *err = pe;
        return rc;
    } else
        res->added++;
    if (rc && rc != SG_EEXISTS)
        return SG_OK;
    const int added = rc == SG_OK;
    char id[32];
    snprintf(id, sizeof id, "%lld", e.id);
    if ((rc = sg_store_kv_put(st, key, id, err)))
        return rc;
    if (added && e.kind == SG_ENTRY_PAIN && run && !run_id) {
        /* its run did not reach the clinic (yet): linked when it does */
        char pk[PENDING_KEY_MAX], *was = NULL;
        snprintf(pk, sizeof pk, PENDING_KEY "%s", run);
        sg_err_clear(&pe);
        if ((rc = sg_store_kv_get(st, pk, &was, &pe)) && rc != SG_ENOTFOUND) {
            *err = pe;
            return rc;
        }
        size_t waiting = was ? 1 : 0;
        for (const char *c = was ? strchr(was, ' ') : NULL; c; c = strchr(c + 1, ' '))
            waiting++;
        if (waiting >= PENDING_MAX) {
            free(was);
            return SG_OK;
        }
        size_t n = (was ? strlen(was) : 0) + sizeof id + 1;
        char *ids = malloc(n);
        if (ids)
            snprintf(ids, n, "%s%s%s", was ? was : "", was ? " " : "", id);
        free(was);
        rc = ids ? sg_store_kv_put(st, pk, ids, err)
                 : sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        free(ids);
        return rc;
    }
    return SG_OK;
}

int sg_share_journal_put(sg_store *st, const char *body, size_t len, int today,
                         sg_share_journal_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    json_error_t je;
    json_t *o = body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &je) : NULL;
    json_t *a = json_object_get(o, "entries");
    if (!json_is_object(o) || json_object_size(o) != 1 || !json_is_array(a) ||
        json_array_size(a) > SG_SHARE_JOURNAL_BATCH) {
        json_decref(o);
        return sg_err_set(err, SG_EUSAGE, -1, "expected {\"entries\": [...]} with at most %d "
                          "entries", SG_SHARE_JOURNAL_BATCH);
    }
    int rc = SG_OK;
    for (size_t i = 0; i < json_array_size(a) && !rc; i++)
        rc = journal_item(st, json_array_get(a, i), i, today, res, err);
    json_decref(o);
    return rc;
}

/* ---- IMU recordings, in chunks ---- */

#define IMU_PART_PREFIX ".sg-share-imu-"

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != SG_SHARE_HASH_HEX - 1)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* A non-negative integer member that fits: 1, else 0. */
static int get_size(json_t *o, const char *key, unsigned long long *v)
{
    json_t *x = json_object_get(o, key);
    if (!json_is_integer(x) || json_integer_value(x) < 0)
        return 0;
    *v = (unsigned long long)json_integer_value(x);
    return 1;
}

static void imu_failed(sg_share_imu_res *res, const char *why)
{
    res->status = "failed";
    snprintf(res->reason, sizeof res->reason, "%s", why);
}

/* Stores the recording and, when pin, pins its link to run_id (0: pinned
 * "no link"), in one transaction. */
static int imu_store(sg_store *st, const sg_store_imu_row *meta, const void *blob, size_t len,
                     long long run_id, int pin, sg_store_imu_put_result *put, sg_err *err)
{
    int rc = sg_store_begin(st, err);
    if (rc)
        return rc;
    rc = sg_store_imu_put(st, meta, blob, len, run_id, put, err);
    if (!rc && pin && !put->duplicate) {
        rc = sg_store_imu_link(st, put->id, run_id, err);
        put->linked_activity_id = run_id;
    }
    if (rc) {
        sg_store_rollback(st, NULL);
        return rc;
    }
    return sg_store_commit(st, err);
}

/* The whole blob arrived (path): checked, decoded, described, encoded again
 * and stored. A problem with the bytes is "failed" in res (SG_OK). */
static int imu_finish(sg_store *st, const char *path, const char *sha, const char *file_name,
                      const char *run_sha, int pinned, sg_share_imu_res *res, sg_err *err)
{
    unsigned char *data = NULL, *blob = NULL;
    size_t len = 0, blob_len = 0;
    sg_imu *rec = NULL;
    sg_err e;
    sg_err_clear(&e);
    int rc = sg_file_read(NULL, path, SG_SHARE_IMU_MAX_BYTES, &data, &len, &e);
    unlink(path); /* whatever comes next, this part is done */
    if (rc) {
        *err = e;
        return rc == SG_ELIMIT ? sg_err_set(err, SG_EUSAGE, -1, "%s", e.msg) : rc;
    }
    char hex[SG_SHARE_HASH_HEX];
    sg_sha256_hex(data, len, hex);
    if (strcmp(hex, sha) != 0) {
        imu_failed(res, "the recording's bytes do not match its sha256 (push again)");
        goto out;
    }
    rc = sg_store_imu_blob_decode(data, len, NULL, &rec, &e);
    if (rc == SG_ENOMEM) {
        *err = e;
        goto out;
    }
    if (rc) {
        res->status = "failed";
        snprintf(res->reason, sizeof res->reason, "not a recording: %.200s", e.msg);
        rc = SG_OK;
        goto out;
    }
    if ((rc = sg_store_imu_blob_encode(rec, &blob, &blob_len, err)))
        goto out;
    sg_store_imu_row meta;
    sg_store_imu_describe(rec, &meta);
    snprintf(meta.file_name, sizeof meta.file_name, "%s", file_name);
    snprintf(meta.path, sizeof meta.path, "(shared by the runner) %s", file_name);
    memcpy(meta.sha256, sha, SG_SHARE_HASH_HEX);
    meta.created_at = (long long)time(NULL);
    long long run_id = 0;
    if (run_sha && sg_store_find_hash(st, run_sha, &run_id, NULL) != SG_OK)
        run_id = 0;
    sg_store_imu_put_result put;
    /* a pinned link to a run the clinic lacks stays automatic */
    if ((rc = imu_store(st, &meta, blob, blob_len, run_id, pinned && (!run_sha || run_id > 0),
                        &put, err)))
        goto out;
    res->status = put.duplicate ? "held" : "imported";
    res->imu_id = put.id;
    res->linked_activity_id = put.linked_activity_id;
out:
    sg_free(NULL, data);
    free(blob);
    sg_imu_free(rec);
    return rc;
}

/* Removes the athlete's parts under tmpdir, the least recently written first
 * (ties: by name), until at most keep are left. */
static void parts_trim(const char *tmpdir, long long athlete, int keep)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, IMU_PART_PREFIX "%lld-", athlete);
    size_t pl = strlen(prefix);
    for (;;) { /* one scan per removal: an athlete has a handful of parts */
        DIR *d = tmpdir ? opendir(tmpdir) : NULL;
        if (!d)
            return;
        int count = 0;
        char oldest[4400] = "";
        struct timespec ot = {0, 0};
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            char path[4400];
            struct stat sb;
            if (strncmp(de->d_name, prefix, pl) != 0 ||
                (size_t)snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name) >= sizeof path ||
                lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            count++;
            if (!oldest[0] || sb.st_mtim.tv_sec < ot.tv_sec ||
                (sb.st_mtim.tv_sec == ot.tv_sec &&
                 (sb.st_mtim.tv_nsec < ot.tv_nsec ||
                  (sb.st_mtim.tv_nsec == ot.tv_nsec && strcmp(path, oldest) < 0)))) {
                snprintf(oldest, sizeof oldest, "%s", path);
                ot = sb.st_mtim;
            }
        }
        closedir(d);
        if (count <= keep || unlink(oldest) != 0)
            return;
    }
}

int sg_share_imu_put(sg_store *st, const char *tmpdir, const char *body, size_t len,
                     sg_share_imu_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    res->status = "failed";
    json_error_t je;
    json_t *o = body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *sha = json_string_value(json_object_get(o, "sha256"));
    const char *b64 = json_string_value(json_object_get(o, "data_base64"));
    const char *name = json_string_value(json_object_get(o, "file_name"));
    json_t *rs = json_object_get(o, "run_sha256"), *pin = json_object_get(o, "pinned");
    unsigned long long size = 0, offset = 0;
    int rc = SG_OK;
    unsigned char *data = NULL;
    size_t n = 0;
    if (!json_is_object(o) || !is_hex64(sha) || !b64 || !get_size(o, "size", &size) ||
        !get_size(o, "offset", &offset) || !(json_is_null(rs) || is_hex64(json_string_value(rs))) ||
        !json_is_boolean(pin)) {
        rc = sg_err_set(err, SG_EUSAGE, -1, "expected {\"sha256\": hex, \"size\": n, \"offset\": "
                        "n, \"data_base64\": \"...\", \"file_name\": \"...\", \"run_sha256\": hex "
                        "or null, \"pinned\": bool}");
        goto out;
    }
    if (!name || !sg_file_name_ok(name, SG_FILE_NAME_MAX)) {
        rc = sg_err_set(err, SG_EUSAGE, -1, "file_name: expected the recording's file name (1 "
                        "to 255 bytes, no '/', '\\' or control characters)");
        goto out;
    }
    if (size == 0 || size > SG_SHARE_IMU_MAX_BYTES) {
        rc = sg_err_set(err, SG_EUSAGE, -1, "size: an IMU recording of %llu bytes; a clinic "
                        "takes 1 byte to %zu MiB", size, SG_SHARE_IMU_MAX_BYTES >> 20);
        goto out;
    }
    if (sg_base64_decode(b64, strlen(b64), NULL, &data, &n, err)) {
        rc = sg_err_set(err, SG_EUSAGE, -1, "data_base64: %s", err->msg);
        goto out;
    }
    if (n > SG_SHARE_IMU_CHUNK || offset > size || n > size - offset) {
        rc = sg_err_set(err, SG_EUSAGE, -1, "a chunk of 0 to %zu bytes inside the recording's "
                        "%llu, at offset %llu (got %zu bytes)", SG_SHARE_IMU_CHUNK, size, offset,
                        n);
        goto out;
    }
    long long id = 0;
    if ((rc = sg_store_imu_find_hash(st, sha, &id, err)) == SG_OK) {
        res->status = "held";
        res->imu_id = id;
        goto out;
    }
    if (rc != SG_ENOTFOUND)
        goto out;
    rc = SG_OK;
    /* the athlete's own part file: another athlete's upload of the same
     * bytes never meets it */
    char path[4400];
    if ((size_t)snprintf(path, sizeof path, "%s/" IMU_PART_PREFIX "%lld-%s", tmpdir,
                         sg_store_athlete(st), sha) >= sizeof path) {
        rc = sg_err_set(err, SG_EIO, -1, "the temporary folder's name is too long");
        goto out;
    }
    struct stat sb;
    unsigned long long have = stat(path, &sb) == 0 ? (unsigned long long)sb.st_size : 0;
    if (have > size) { /* a part of another size: start again */
        unlink(path);
        have = 0;
    }
    if (offset != have || n == 0) { /* out of place, or asking where to go on */
        res->status = "partial";
        res->next = have;
        goto out;
    }
    if (have == 0) /* a new part: the athlete's others make room (share.h) */
        parts_trim(tmpdir, sg_store_athlete(st), SG_SHARE_IMU_PARTS_MAX - 1);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 || write_all(fd, data, n) != 0) {
        int code = errno == ENOSPC ? SG_ENOSPC : SG_EIO;
        rc = sg_err_set(err, code, -1, "cannot keep the recording's part: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(path); /* a short write would misplace every later chunk */
        goto out;
    }
    close(fd);
    if (offset + n < size) {
        res->status = "partial";
        res->next = offset + n;
        goto out;
    }
    rc = imu_finish(st, path, sha, name, json_string_value(rs), json_is_true(pin), res, err);
out:
    sg_free(NULL, data);
    json_decref(o);
    return rc;
}

void sg_share_imu_parts_drop(const char *tmpdir, long long athlete)
{
    parts_trim(tmpdir, athlete, 0);
}

/* ---- counts, stopping ---- */

static int count_journal(void *ctx, const sg_journal_row *row)
{
    (void)row;
    ++*(long long *)ctx;
    return 0;
}

static int count_imu(void *ctx, const sg_store_imu_row *row)
{
    (void)row;
    ++*(long long *)ctx;
    return 0;
}

int sg_share_counts_get(sg_store *st, sg_share_counts *c, sg_err *err)
{
    memset(c, 0, sizeof *c);
    int rc = sg_store_count(st, &c->activities, err);
    if (!rc)
        rc = sg_store_journal_list(st, NULL, NULL, NULL, count_journal, &c->journal, err);
    if (!rc)
        rc = sg_store_imu_list(st, count_imu, &c->imu, err);
    return rc;
}

int sg_share_clinic_delete(sg_store *st, long long account_id, long long now,
                           sg_share_counts *deleted, sg_err *err)
{
    long long athlete = sg_store_athlete(st);
    if (athlete <= 1)
        return sg_err_set(err, SG_EUSAGE, -1, "this store's own runner is not shared");
    int rc = sg_share_counts_get(st, deleted, err);
    if (!rc)
        rc = sg_store_athlete_delete(st, athlete, err);
    long long n = 0;
    if (!rc)
        rc = sg_app_sessions_revoke(st, account_id, now, &n, err);
    return rc;
}
