/* The share client's HTTP(S) transport (src/bytes/http_client.h). */
#include "bytes/http_client.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/strbuf.h"

#define MAX_HEADERS 8

struct sg_http_client {
    CURL *h;
    char base[2048];
    char redacted[512];
    char *headers[MAX_HEADERS]; /* "Name: value", owned */
    size_t n_headers;
};

/* The answer's body: the one growable buffer (model/strbuf.h), its own
 * ceiling set past ours so that only ours refuses (a doubling capacity may
 * reach twice the bytes it holds) and its error means out of memory. */
typedef struct sink {
    sg_sb b;
    int over;       /* the ceiling was passed */
} sink;

void sg_http_client_redact(const char *url, char *out, size_t cap)
{
    if (!cap)
        return;
    out[0] = '\0';
    if (!url)
        return;
    const char *p = strstr(url, "://");
    size_t scheme = p ? (size_t)(p - url) + 3 : 0;
    const char *host = url + scheme;
    size_t auth_end = strcspn(host, "/?#");
    const char *at = memchr(host, '@', auth_end);
    if (at)
        host = at + 1;
    size_t rest = strcspn(host, "?#");
    snprintf(out, cap, "%.*s%.*s", (int)scheme, url, (int)rest, host);
}

static int is_loopback(const char *host, size_t n)
{
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && strncasecmp(host, names[i], n) == 0)
            return 1;
    return 0;
}

int sg_http_client_url_ok(const char *url, const char **why)
{
    *why = NULL;
    int tls = strncasecmp(url, "https://", 8) == 0;
    if (!tls && strncasecmp(url, "http://", 7) != 0) {
        *why = "expected an https:// address";
        return 0;
    }
    const char *host = url + (tls ? 8 : 7);
    size_t auth = strcspn(host, "/?#");
    if (memchr(host, '@', auth)) {
        *why = "the address must not carry a user or password";
        return 0;
    }
    if (strpbrk(url, "?#")) {
        *why = "the address must not carry a query or fragment";
        return 0;
    }
    for (const char *q = url; *q; q++)
        if ((unsigned char)*q <= 0x20 || *q == 0x7f) {
            *why = "the address has a space or control character";
            return 0;
        }
    size_t hn = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
    if (hn == 0 || hn > auth) {
        *why = "the address has no host";
        return 0;
    }
    if (!tls && !is_loopback(host, hn)) {
        *why = "plain http:// is only for this machine (127.0.0.1, ::1, localhost): use https://";
        return 0;
    }
    return 1;
}

int sg_http_client_new(const char *base, sg_http_client **out, sg_err *err)
{
    *out = NULL;
    char shown[512];
    sg_http_client_redact(base, shown, sizeof shown);
    const char *why = NULL;
    if (!base || !sg_http_client_url_ok(base, &why))
        return sg_err_set(err, SG_EUSAGE, -1, "%s: %s", shown, why ? why : "no address");
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    sg_http_client *c = calloc(1, sizeof *c);
    if (!c)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (n >= sizeof c->base) {
        free(c);
        return sg_err_set(err, SG_EUSAGE, -1, "%s: the address is too long", shown);
    }
    memcpy(c->base, base, n);
    c->base[n] = '\0';
    sg_http_client_redact(c->base, c->redacted, sizeof c->redacted);
    c->h = curl_easy_init();
    if (!c->h) {
        free(c);
        return sg_err_set(err, SG_EIO, -1, "%s: cannot start the HTTP client", shown);
    }
    CURL *h = c->h;
    /* "" turns the cookie engine on with nothing read from disk */
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, SG_HTTP_CLIENT_CONNECT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, SG_HTTP_CLIENT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "strideguard-share");
    *out = c;
    return SG_OK;
}

void sg_http_client_free(sg_http_client *c)
{
    if (!c)
        return;
    if (c->h)
        curl_easy_cleanup(c->h);
    for (size_t i = 0; i < c->n_headers; i++)
        free(c->headers[i]);
    free(c);
}

int sg_http_client_header(sg_http_client *c, const char *name, const char *value, sg_err *err)
{
    if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
        return sg_err_set(err, SG_EUSAGE, -1, "a header must be one line");
    size_t nl = strlen(name), cap = nl + strlen(value) + 3;
    char *line = malloc(cap);
    if (!line)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    snprintf(line, cap, "%s: %s", name, value);
    for (size_t i = 0; i < c->n_headers; i++)
        if (strncasecmp(c->headers[i], name, nl) == 0 && c->headers[i][nl] == ':') {
            free(c->headers[i]);
            c->headers[i] = line;
            return SG_OK;
        }
    if (c->n_headers == MAX_HEADERS) {
        free(line);
        return sg_err_set(err, SG_ELIMIT, -1, "too many headers");
    }
    c->headers[c->n_headers++] = line;
    return SG_OK;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
    sink *s = ctx;
    size_t n = size * nmemb;
    if (s->b.len + n > SG_HTTP_CLIENT_MAX_RESPONSE) {
        s->over = 1;
        return 0; /* stops the transfer */
    }
    sg_sb_put(&s->b, p, n);
    return sg_sb_error(&s->b) ? 0 : n;
}

/* The request's headers: the client's own, plus the body's type. */
static struct curl_slist *header_list(const sg_http_client *c, const char *content_type)
{
    struct curl_slist *l = NULL, *t;
    char ct[128];
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type ? content_type : "");
    if (content_type && !(l = curl_slist_append(l, ct)))
        return NULL;
    /* no "Expect: 100-continue" round trip before each body */
    if (!(t = curl_slist_append(l, "Expect:"))) {
        curl_slist_free_all(l);
        return NULL;
    }
    l = t;
    for (size_t i = 0; i < c->n_headers; i++) {
        if (!(t = curl_slist_append(l, c->headers[i]))) {
            curl_slist_free_all(l);
            return NULL;
        }
        l = t;
    }
    return l;
}

int sg_http_client_send(sg_http_client *c, const char *method, const char *path_and_query,
                        const void *body, size_t len, sg_http_client_response *res,
                        sg_err *err)
{
    return sg_http_client_send_type(c, method, path_and_query, "application/json", body, len,
                                    res, err);
}

int sg_http_client_send_type(sg_http_client *c, const char *method, const char *path_and_query,
                             const char *content_type, const void *body, size_t len,
                             sg_http_client_response *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    if (strpbrk(content_type, "\r\n"))
        return sg_err_set(err, SG_EUSAGE, -1, "a header must be one line");
    size_t need = strlen(c->base) + strlen(path_and_query) + 1;
    char *url = malloc(need);
    if (!url)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    snprintf(url, need, "%s%s", c->base, path_and_query);
    char shown[640];
    sg_http_client_redact(url, shown, sizeof shown);
    struct curl_slist *hdr = header_list(c, body ? content_type : NULL);
    if (!hdr) {
        free(url);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    }
    CURL *h = c->h;
    sink s = {.over = 0};
    sg_sb_init(&s.b, 2 * SG_HTTP_CLIENT_MAX_RESPONSE + 1);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); /* resets a previous body */
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    if (strcmp(method, "GET") != 0 && !(body && strcmp(method, "POST") == 0))
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    CURLcode cc = curl_easy_perform(h);
    curl_slist_free_all(hdr);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    free(url);
    if (cc != CURLE_OK) {
        int oom = sg_sb_error(&s.b);
        sg_sb_dispose(&s.b);
        if (s.over)
            return sg_err_set(err, SG_ELIMIT, -1, "%s: the answer is larger than %zu MiB",
                              shown, SG_HTTP_CLIENT_MAX_RESPONSE >> 20);
        if (oom)
            return sg_err_set(err, SG_ENOMEM, -1, "%s: out of memory", shown);
        return sg_err_set(err, SG_EIO, -1, "%s: %s", shown, curl_easy_strerror(cc));
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
    if (!(res->body = sg_sb_take(&s.b, &res->len)))
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    return SG_OK;
}

void sg_http_client_response_free(sg_http_client_response *res)
{
    if (!res)
        return;
    free(res->body);
    memset(res, 0, sizeof *res);
}

void sg_http_client_error_of(const sg_http_client_response *res, char *out, size_t cap)
{
    json_error_t je;
    json_t *o = res->body ? json_loadb(res->body, res->len, 0, &je) : NULL;
    const char *m = json_string_value(json_object_get(o, "error"));
    if (m && *m)
        snprintf(out, cap, "%s", m);
    else
        snprintf(out, cap, "HTTP %ld", res->status);
    json_decref(o);
    /* one line, whatever the server sent */
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

int sg_http_client_query_escape(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        int keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                   (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~';
        if (k + (keep ? 1 : 3) >= cap)
            return 0;
        if (keep) {
            out[k++] = (char)ch;
        } else {
            out[k++] = '%';
            out[k++] = hex[ch >> 4];
            out[k++] = hex[ch & 15];
        }
    }
    if (k >= cap)
        return 0;
    out[k] = '\0';
    return 1;
}
