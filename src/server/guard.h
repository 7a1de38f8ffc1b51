#ifndef SG_SERVER_GUARD_H
#define SG_SERVER_GUARD_H
/* The server's own request checks, as pure functions (no sockets, no clock,
 * no allocation, no I/O) so that tests/test_http.c and fuzz/fuzz_http.c drive
 * them directly. docs/threat-model.md says what each one stops.
 *
 * Every function takes NUL-terminated strings it only reads (NULL where a
 * header is absent, unless said otherwise) and never fails: the answer is the
 * return value. */

#include <stddef.h>

#define SG_TOKEN_HEX 64          /* 32 random bytes as lower-case hex */
#define SG_GUARD_MAX_ALLOW 16    /* --allow-host names */
#define SG_HOST_NAME_MAX 253

/* What a server admits. Filled by sg_server_run; read-only while serving. */
typedef struct sg_http_policy {
    int require_token;                      /* API calls need `token` */
    char token[SG_TOKEN_HEX + 1];           /* valid when require_token */
    const char *allow_hosts[SG_GUARD_MAX_ALLOW]; /* borrowed names (no port) */
    size_t n_allow;
    /* serve --clinic --behind-tls: a TLS proxy in front passes the browser's
     * Host, "name" or "name:443", so an allowed name may also come without
     * the server's own port (80 or 443 instead) */
    int behind_proxy;
} sg_http_policy;

/* Splits a Host (or the part of an Origin after "http://") into a name and
 * a port: "name", "name:port", "[v6]" or "[v6]:port"; the port defaults to
 * 80. A name is 1..253 bytes of [A-Za-z0-9.-] (an IPv4 literal is one); a
 * bracketed name is [0-9A-Fa-f:.] and is returned without the brackets.
 * Returns 1 when well-formed (name written, NUL-terminated, into name[cap]),
 * else 0. */
int sg_http_host_split(const char *host, char *name, size_t cap, unsigned *port);

/* 1 when `host` (a Host header value) names this server: its port is
 * local_port and its name is, case-insensitively, "localhost", "127.0.0.1",
 * "::1", local_ip (the address the connection was accepted on, in text; may
 * be NULL) or one of the policy's allowed names; with p->behind_proxy an
 * allowed name may also have port 80 (none given) or 443. p may be NULL (no
 * names). */
int sg_http_host_allowed(const sg_http_policy *p, const char *host, const char *local_ip,
                         unsigned local_port);

/* 1 when a Content-Type is application/json, parameters allowed
 * ("application/json; charset=utf-8"), case-insensitive. */
int sg_http_is_json_type(const char *content_type);

/* The same for application/octet-stream (a file upload's body). */
int sg_http_is_octet_type(const char *content_type);

/* 1 when an Origin is the server's own: "http://" + the same name and port
 * as `host` (already allowed). "null" and any other scheme are foreign. */
int sg_http_origin_matches(const char *origin, const char *host);

/* 1 when a Sec-Fetch-Site value may write: absent, "same-origin" or "none". */
int sg_http_fetch_site_ok(const char *sec_fetch_site);

/* 1 when the method may change state (anything but GET and HEAD). */
int sg_http_method_writes(const char *method);

/* 1 when `given` equals `expected`, in time that depends only on the length
 * of `expected` (the secret). given may be NULL (0). */
int sg_http_token_eq(const char *given, const char *expected);

/* 1 when a --allow-host value is a bare name sg_http_host_split accepts
 * (no port, no brackets). */
int sg_http_allow_name_ok(const char *name);

/* The token of an "Authorization: Bearer TOKEN" value, or NULL. Returns a
 * pointer into `authorization`. */
const char *sg_http_bearer(const char *authorization);

/* Percent-decodes s in place, except that an encoded NUL stays encoded
 * (decoded, it would cut the path short: "/api/runs/1%00x" would read as run
 * 1). Returns the new length. */
size_t sg_http_unescape(char *s);

#endif
