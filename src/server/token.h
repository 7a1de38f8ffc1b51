#ifndef SG_SERVER_TOKEN_H
#define SG_SERVER_TOKEN_H
/* The access token of a server reachable beyond loopback: 32 bytes from
 * getrandom(2) as 64 lower-case hex digits, kept in a file of mode 0600
 * beside the database ("<db>.serve-token") so that the runner pairs a phone
 * once. */

#include <stddef.h>

#include "server/guard.h"
#include "strideguard/err.h"

/* Writes the token file's path for the database at db_path (NULL = the
 * default store) into buf[cap]. SG_EUSAGE when the database has no folder
 * (":memory:", postgres://) or the path is too long. */
int sg_token_path(const char *db_path, char *buf, size_t cap, sg_err *err);

/* Reads the token at path, or creates it (mode 0600, atomically) when the
 * file is absent or `renew` is set. *created tells which. Errors: SG_EFORMAT
 * when the file holds anything but one token, SG_EUSAGE when it is readable
 * by group or others, SG_EIO when it cannot be read, written or no random
 * bytes are available. out is NUL-terminated. */
int sg_token_load(const char *path, int renew, char out[SG_TOKEN_HEX + 1], int *created,
                  sg_err *err);

#endif
