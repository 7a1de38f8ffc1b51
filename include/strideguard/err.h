#ifndef STRIDEGUARD_ERR_H
#define STRIDEGUARD_ERR_H
/* Errors carry a code, a one-line message and a position that means something:
 * a byte offset in binary formats, line:col in text formats, an entry path in
 * archives (put in msg). Every function that can fail takes an `sg_err *err`
 * that may be NULL; on failure it fills it and returns a non-zero code. */

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sg_code {
    SG_OK = 0,
    SG_ENOMEM,       /* allocation failed */
    SG_EIO,          /* read/write failure of the OS */
    SG_EFORMAT,      /* bytes do not follow the format */
    SG_ECRC,         /* checksum mismatch */
    SG_ETRUNC,       /* input ends early */
    SG_ELIMIT,       /* a configured ceiling was hit (size, depth, count) */
    SG_EUSAGE,       /* caller passed an invalid argument */
    SG_ENOTFOUND,    /* no such id / file / key */
    SG_EUNSUPPORTED, /* recognised but not handled (e.g. not an activity) */
    SG_ESTORE,       /* the database refused */
    SG_ENODATA,      /* the input holds nothing usable for this request */
    SG_ENOSPC,       /* storage is full (disk or database size limit): writing cannot go on */
    SG_EEXISTS,      /* the same thing is already stored (a duplicate journal entry, ...) */
    SG_EDENIED       /* not allowed: wrong credentials, no valid session or code, no right */
} sg_code;

typedef struct sg_err {
    int code;           /* sg_code */
    char msg[256];      /* one line, no trailing newline */
    long long offset;   /* byte offset, -1 when not applicable */
    int line, col;      /* 1-based, 0 when not applicable */
} sg_err;

/* Resets *err to "no error" (offset -1). err may be NULL. */
void sg_err_clear(sg_err *err);

/* Fills *err (if err != NULL) and returns code. Message is printf-style and is
 * truncated to fit. Never allocates. */
int sg_err_set(sg_err *err, int code, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* As sg_err_set, with a text position (line, col). */
int sg_err_set_at(sg_err *err, int code, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A short stable name of a code ("format", "crc", ...). Static string. */
const char *sg_code_name(int code);

#ifdef __cplusplus
}
#endif
#endif
