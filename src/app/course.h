#ifndef SG_APP_COURSE_H
#define SG_APP_COURSE_H
/* The race course, kept in the store: the course file's own bytes (FIT, GPX
 * or TCX, base64 under the key/value key "course.file", with its name and
 * SHA-256 beside it), not a path, so moving or deleting the file does not
 * lose the race, and `db copy` and backups carry it. A profile written before
 * this (course_path only, no stored content) is still read from its path.
 * docs/internals-store.md "The race course". */

#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/store.h"

#define SG_COURSE_MAX_BYTES ((size_t)64 << 20) /* a marathon course is < 2 MB */

typedef struct sg_app_course_info {
    int stored;          /* 1: content in the store; 0: read from the profile's path */
    char name[256];      /* the file name it came from (for display), or the path */
    char sha256[65];     /* of the file's bytes; "" when read from a path */
    size_t bytes;        /* the file's size */
    size_t points;       /* decoded points */
} sg_app_course_info;

/* Checks that data (len bytes of a FIT/GPX/TCX file called `name`, used for
 * format detection and display) is a course: it decodes and has at least two
 * points with positions or distances. Then stores it, replacing any course,
 * in one transaction. info (may be NULL) describes what was stored.
 * Errors: the decoder's (SG_EFORMAT with offset or line, ...), SG_ENODATA
 * (no track), SG_ELIMIT (over SG_COURSE_MAX_BYTES), SG_ESTORE, SG_ENOMEM. */
int sg_app_course_put(sg_store *st, const char *name, const unsigned char *data, size_t len,
                      sg_app_course_info *info, sg_err *err);

/* sg_app_course_put of the file at path (its base name is the stored name).
 * Errors also SG_EIO (cannot read, message has the cause). */
int sg_app_course_put_file(sg_store *st, const char *path, sg_app_course_info *info,
                           sg_err *err);

/* Decodes the stored course (or, for an older profile, the file at its
 * course_path) into *course (allocator a; free with sg_activity_free).
 * info (may be NULL) says where it came from. SG_ENOTFOUND when no course is
 * set; the decoder's errors when the stored bytes or the file are damaged;
 * SG_EIO when an older profile's file is gone. */
int sg_app_course_get(sg_store *st, const sg_allocator *a, sg_activity **course,
                      sg_app_course_info *info, sg_err *err);

/* Reads and decodes the course file at path (a what-if course, or an older
 * profile's course_path) into *course (allocator a; sg_activity_free), with
 * the checks of sg_app_course_put. info (may be NULL) names the path even
 * when the file cannot be read. Errors: SG_EIO / SG_ELIMIT reading, the
 * decoder's, SG_ENODATA (no track), SG_ENOMEM. */
int sg_app_course_read_file(const char *path, const sg_allocator *a, sg_activity **course,
                            sg_app_course_info *info, sg_err *err);

/* Removes the stored course (and the profile's course_path). SG_OK when
 * there was none. */
int sg_app_course_delete(sg_store *st, sg_err *err);

#endif
