/* Redaction of a store path for people (sg_store_redact, store.h): its own
 * module because both the generic store and the PostgreSQL backend print
 * paths, and the backend must not call back into store.c. */
#include <string.h>

#include "strideguard/store.h"

/* Copies n bytes of s to the buffer (truncating, always terminated). */
static void put(char *buf, size_t cap, size_t *at, const char *s, size_t n)
{
    while (n-- && *at + 1 < cap)
        buf[(*at)++] = *s++;
    buf[*at] = '\0';
}

void sg_store_redact(const char *path, char *buf, size_t cap)
{
    if (!cap)
        return;
    size_t at = 0;
    buf[0] = '\0';
    if (!path)
        return;
    const char *p = path;
    const char *scheme = strstr(p, "://");
    if (scheme && (strncmp(p, "postgres", 8) == 0)) {
        /* user:password@ in the authority part */
        const char *auth = scheme + 3;
        size_t alen = strcspn(auth, "/?#");
        const char *at_sign = NULL;
        for (size_t i = 0; i < alen; i++)
            if (auth[i] == '@')
                at_sign = auth + i;
        if (at_sign) {
            const char *colon = memchr(auth, ':', (size_t)(at_sign - auth));
            if (colon) {
                put(buf, cap, &at, p, (size_t)(colon + 1 - p));
                put(buf, cap, &at, "***", 3);
                p = at_sign;
            }
        }
        /* password=... among the query parameters */
        const char *qm = strchr(p, '?');
        if (qm) {
            put(buf, cap, &at, p, (size_t)(qm + 1 - p));
            p = qm + 1;
            while (*p) {
                size_t len = strcspn(p, "&");
                if (strncmp(p, "password=", 9) == 0) {
                    put(buf, cap, &at, "password=***", 12);
                } else {
                    put(buf, cap, &at, p, len);
                }
                p += len;
                if (*p == '&')
                    put(buf, cap, &at, p++, 1);
            }
        }
    }
    put(buf, cap, &at, p, strlen(p));
}
