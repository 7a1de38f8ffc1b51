/* The race course in the store (src/app/course.h). */
#include "app/course.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "bytes/base64.h"
#include "bytes/file.h"
#include "bytes/sha256.h"
#include "strideguard/decode.h"
#include "strideguard/load.h"

#define KEY_FILE "course.file"
#define KEY_NAME "course.name"
#define KEY_SHA "course.sha256"

/* Decodes len bytes into a course and checks it has a track. */
static int decode_course(const char *name, const unsigned char *data, size_t len,
                         const sg_allocator *a, sg_activity **out, sg_err *err)
{
    *out = NULL;
    sg_activity *act = NULL;
    int rc = sg_decode_one(data, len, name, a, &act, NULL, err);
    if (rc)
        return rc;
    sg_course c;
    if ((rc = sg_course_summarize(act, &c, err))) {
        sg_activity_free(act);
        return rc;
    }
    if (!c.has_track || act->n < 2) {
        sg_activity_free(act);
        return sg_err_set(err, SG_ENODATA, -1, "the course has no positions or distances");
    }
    *out = act;
    return SG_OK;
}

int sg_app_course_put(sg_store *st, const char *name, const unsigned char *data, size_t len,
                      sg_app_course_info *info, sg_err *err)
{
    if (!st || !name || (!data && len))
        return sg_err_set(err, SG_EUSAGE, -1, "course: missing argument");
    if (len > SG_COURSE_MAX_BYTES)
        return sg_err_set(err, SG_ELIMIT, -1, "the course file is %zu bytes, over the %zu MiB "
                          "a course may have", len, SG_COURSE_MAX_BYTES >> 20);
    sg_activity *act = NULL;
    int rc = decode_course(name, data, len, NULL, &act, err);
    if (rc)
        return rc;
    size_t points = act->n;
    sg_activity_free(act);
    char *b64 = NULL, hex[SG_SHA256_HEX_LEN + 1];
    if ((rc = sg_base64_encode(data, len, NULL, &b64, NULL, err)))
        return rc;
    sg_sha256_hex(data, len, hex);
    const char *base = sg_path_basename(name);
    if ((rc = sg_store_begin(st, err)))
        goto out;
    if ((rc = sg_store_kv_put(st, KEY_FILE, b64, err)) ||
        (rc = sg_store_kv_put(st, KEY_NAME, base, err)) ||
        (rc = sg_store_kv_put(st, KEY_SHA, hex, err)) || (rc = sg_store_commit(st, err))) {
        sg_store_rollback(st, NULL);
        goto out;
    }
    if (info) {
        memset(info, 0, sizeof *info);
        info->stored = 1;
        snprintf(info->name, sizeof info->name, "%s", base);
        memcpy(info->sha256, hex, sizeof info->sha256);
        info->bytes = len;
        info->points = points;
    }
out:
    sg_free(NULL, b64);
    return rc;
}

int sg_app_course_put_file(sg_store *st, const char *path, sg_app_course_info *info,
                           sg_err *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = sg_file_read(NULL, path, SG_COURSE_MAX_BYTES, &buf, &len, err);
    if (!rc)
        rc = sg_app_course_put(st, path, buf, len, info, err);
    sg_free(NULL, buf);
    return rc;
}

int sg_app_course_read_file(const char *path, const sg_allocator *a, sg_activity **course,
                            sg_app_course_info *info, sg_err *err)
{
    *course = NULL;
    if (info) { /* named even when the file cannot be read */
        memset(info, 0, sizeof *info);
        snprintf(info->name, sizeof info->name, "%s", path);
    }
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = sg_file_read(NULL, path, SG_COURSE_MAX_BYTES, &buf, &len, err);
    if (!rc)
        rc = decode_course(path, buf, len, a, course, err);
    if (!rc && info) {
        info->bytes = len;
        info->points = (*course)->n;
    }
    sg_free(NULL, buf);
    return rc;
}

/* The course of an older profile: the file at its course_path. */
static int get_from_path(sg_store *st, const sg_allocator *a, sg_activity **course,
                         sg_app_course_info *info, sg_err *err)
{
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    int found = 0;
    int rc = sg_app_athlete_load(st, &p, &found, err);
    if (!rc && (!found || !p.course_path || !p.course_path[0]))
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no race course is set");
    if (!rc)
        rc = sg_app_course_read_file(p.course_path, a, course, info, err);
    sg_athlete_clear(&p);
    return rc;
}

int sg_app_course_get(sg_store *st, const sg_allocator *a, sg_activity **course,
                      sg_app_course_info *info, sg_err *err)
{
    *course = NULL;
    if (info)
        memset(info, 0, sizeof *info);
    char *b64 = NULL;
    int rc = sg_store_kv_get(st, KEY_FILE, &b64, err);
    if (rc == SG_ENOTFOUND)
        return get_from_path(st, a, course, info, err);
    if (rc)
        return rc;
    unsigned char *buf = NULL;
    size_t len = 0;
    char *name = NULL, *sha = NULL;
    if ((rc = sg_base64_decode(b64, strlen(b64), NULL, &buf, &len, err)))
        goto out;
    if (sg_store_kv_get(st, KEY_NAME, &name, NULL))
        name = NULL;
    if (sg_store_kv_get(st, KEY_SHA, &sha, NULL))
        sha = NULL;
    if ((rc = decode_course(name ? name : "course", buf, len, a, course, err)))
        goto out;
    if (info) {
        info->stored = 1;
        snprintf(info->name, sizeof info->name, "%s", name ? name : "course");
        snprintf(info->sha256, sizeof info->sha256, "%s", sha ? sha : "");
        info->bytes = len;
        info->points = (*course)->n;
    }
out:
    free(b64);
    free(name);
    free(sha);
    sg_free(NULL, buf);
    return rc;
}

int sg_app_course_delete(sg_store *st, sg_err *err)
{
    int rc = sg_store_begin(st, err);
    if (rc)
        return rc;
    const char *keys[] = {KEY_FILE, KEY_NAME, KEY_SHA};
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !rc; i++) {
        rc = sg_store_kv_delete(st, keys[i], err);
        if (rc == SG_ENOTFOUND)
            rc = SG_OK;
    }
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    int found = 0;
    if (!rc && !(rc = sg_app_athlete_load(st, &p, &found, err)) && found && p.course_path) {
        sg_free(p.alloc, p.course_path);
        p.course_path = NULL;
        rc = sg_app_athlete_save(st, &p, err);
    }
    sg_athlete_clear(&p);
    if (rc) {
        sg_store_rollback(st, NULL);
        return rc;
    }
    return sg_store_commit(st, err);
}
