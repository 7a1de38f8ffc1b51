#ifndef SG_BYTES_HTTP_CLIENT_H
#define SG_BYTES_HTTP_CLIENT_H
/* A small HTTPS client (libcurl) for `strideguard share` (docs/cli.md
 * "share"): one handle per client, so one connection is kept alive across
 * requests (hundreds of files in one push); cookies in memory only (the
 * session cookie never touches the disk); JSON bodies; a ceiling on every
 * response; connect and whole-request timeouts; TLS certificates and host
 * names always verified (there is no option to turn that off). Plain http://
 * is taken only for a loopback host (127.0.0.1, ::1, localhost), where no
 * network sees the password; anything else must be https://.
 *
 * Errors are one line naming the URL without its query string (a query may
 * carry a name or a code) and without any user:password part:
 *   SG_EUSAGE    a URL that is not http(s)://HOST[:PORT][/PATH], or plain
 *                http:// to a host that is not loopback
 *   SG_EIO       the server could not be reached, TLS failed, a timeout
 *   SG_ELIMIT    the response was larger than the client's ceiling
 *   SG_ENOMEM
 * An HTTP status is not an error of these functions: the caller reads
 * res->status (and the server's {"error": ...} with sg_http_client_error_of). */

#include <stddef.h>

#include "strideguard/err.h"

#define SG_HTTP_CLIENT_MAX_RESPONSE ((size_t)64 << 20) /* 64 MiB */
#define SG_HTTP_CLIENT_CONNECT_S 10L
#define SG_HTTP_CLIENT_TIMEOUT_S 300L

typedef struct sg_http_client sg_http_client;

/* One response: body owned (NUL-terminated, free with
 * sg_http_client_response_free). */
typedef struct sg_http_client_response {
    long status;
    char *body;
    size_t len;
} sg_http_client_response;

/* Checks base ("https://host[:port]" with an optional path prefix, no query
 * or fragment) and makes a client for it. *out owned: sg_http_client_free.
 * Errors: SG_EUSAGE (the URL, see above), SG_ENOMEM, SG_EIO (libcurl could
 * not start). */
int sg_http_client_new(const char *base, sg_http_client **out, sg_err *err);
/* Closes the connection and forgets the cookies and headers. NULL is a no-op. */
void sg_http_client_free(sg_http_client *c);

/* A header sent with every later request ("X-CSRF-Token: ..."; replaces the
 * one of the same name). SG_EUSAGE for a line with CR or LF, SG_ENOMEM. */
int sg_http_client_header(sg_http_client *c, const char *name, const char *value, sg_err *err);

/* One request: method ("GET", "POST", "DELETE"), path_and_query ("/api/x?a=b",
 * appended to the base), body (NULL = none) sent as application/json.
 * *res is filled on SG_OK (its body owned). Errors above. */
int sg_http_client_send(sg_http_client *c, const char *method, const char *path_and_query,
                        const void *body, size_t len, sg_http_client_response *res,
                        sg_err *err);

/* The same with a body of another type (e.g. "application/octet-stream"). */
int sg_http_client_send_type(sg_http_client *c, const char *method, const char *path_and_query,
                             const char *content_type, const void *body, size_t len,
                             sg_http_client_response *res, sg_err *err);

/* Frees res->body and zeroes *res; NULL is a no-op. */
void sg_http_client_response_free(sg_http_client_response *res);

/* The URL for messages: scheme, host, port and path, with no user:password,
 * query or fragment (into out, cap > 0 bytes, cut when too long). */
void sg_http_client_redact(const char *url, char *out, size_t cap);

/* Whether a URL's scheme and host may be used (1) or not (0, with *why set
 * to a static sentence): https:// anywhere, http:// for a loopback host. */
int sg_http_client_url_ok(const char *url, const char **why);

/* The server's one-line error from a JSON body {"error": "..."} into out,
 * or "HTTP <status>" when the body has none. */
void sg_http_client_error_of(const sg_http_client_response *res, char *out, size_t cap);

/* A string escaped for a URL's query (RFC 3986 unreserved characters kept,
 * everything else %XX) into out; 0 when it does not fit. */
int sg_http_client_query_escape(const char *s, char *out, size_t cap);

#endif
