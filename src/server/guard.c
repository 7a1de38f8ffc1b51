/* Pure request checks of the server (src/server/guard.h). */
#include "server/guard.h"

#include "model/strbuf.h"

#include <string.h>
#include <strings.h>

static int is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-';
}

static int is_v6_char(unsigned char c)
{
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') ||
           c == ':' || c == '.';
}

/* "" (port 80) or ":digits" (1..65535) at s. */
static int parse_port(const char *s, unsigned *port)
{
    if (!*s) {
        *port = 80;
        return 1;
    }
    if (*s++ != ':' || !*s)
        return 0;
    unsigned v = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= 5)
            return 0;
        v = v * 10 + (unsigned)(*s - '0');
    }
    if (v == 0 || v > 65535)
        return 0;
    *port = v;
    return 1;
}

int sg_http_host_split(const char *host, char *name, size_t cap, unsigned *port)
{
    if (!host || !name || cap == 0 || !port)
        return 0;
    const char *start = host, *end;
    if (*host == '[') {
        start = host + 1;
        end = start;
        while (*end && is_v6_char((unsigned char)*end))
            end++;
        if (*end != ']' || end == start)
            return 0;
        if (!parse_port(end + 1, port))
            return 0;
    } else {
        end = start;
        while (*end && is_name_char((unsigned char)*end))
            end++;
        if (end == start || !parse_port(end, port))
            return 0;
    }
    size_t n = (size_t)(end - start);
    if (n > SG_HOST_NAME_MAX || n + 1 > cap)
        return 0;
    memcpy(name, start, n);
    name[n] = '\0';
    return 1;
}

int sg_http_host_allowed(const sg_http_policy *p, const char *host, const char *local_ip,
                         unsigned local_port)
{
    char name[SG_HOST_NAME_MAX + 1];
    unsigned port;
    if (!sg_http_host_split(host, name, sizeof name, &port))
        return 0;
    if (p)
        for (size_t i = 0; i < p->n_allow && i < SG_GUARD_MAX_ALLOW; i++)
            if (p->allow_hosts[i] && strcasecmp(name, p->allow_hosts[i]) == 0)
                return port == local_port ||
                       (p->behind_proxy && (port == 80 || port == 443));
    if (port != local_port)
        return 0;
    if (strcasecmp(name, "localhost") == 0 || strcmp(name, "127.0.0.1") == 0 ||
        strcmp(name, "::1") == 0)
        return 1;
    return local_ip && *local_ip && strcasecmp(name, local_ip) == 0;
}

static int is_type(const char *ct, const char *want)
{
    size_t n = strlen(want);
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (strncasecmp(ct, want, n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

int sg_http_is_octet_type(const char *ct)
{
    return is_type(ct, "application/octet-stream");
}

int sg_http_is_json_type(const char *ct)
{
    return is_type(ct, "application/json");
}

int sg_http_origin_matches(const char *origin, const char *host)
{
    static const char scheme[] = "http://";
    if (!origin || !host || strncasecmp(origin, scheme, sizeof scheme - 1) != 0)
        return 0;
    char on[SG_HOST_NAME_MAX + 1], hn[SG_HOST_NAME_MAX + 1];
    unsigned op, hp;
    if (!sg_http_host_split(origin + sizeof scheme - 1, on, sizeof on, &op) ||
        !sg_http_host_split(host, hn, sizeof hn, &hp))
        return 0;
    return op == hp && strcasecmp(on, hn) == 0;
}

int sg_http_fetch_site_ok(const char *v)
{
    return !v || strcmp(v, "same-origin") == 0 || strcmp(v, "none") == 0;
}

int sg_http_method_writes(const char *method)
{
    return !method || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0);
}

int sg_http_token_eq(const char *given, const char *expected)
{
    if (!given || !expected)
        return 0;
    size_t n = strlen(expected);
    if (n == 0)
        return 0;
    unsigned char diff = 0;
    size_t i = 0;
    int ended = 0; /* given shorter than expected: keep reading expected */
    for (; i < n; i++) {
        unsigned char g = ended ? 0 : (unsigned char)given[i];
        ended |= g == 0;
        diff |= (unsigned char)(g ^ (unsigned char)expected[i]);
    }
    if (!ended)
        diff |= (unsigned char)given[n]; /* given longer than expected */
    return diff == 0;
}

int sg_http_allow_name_ok(const char *name)
{
    char buf[SG_HOST_NAME_MAX + 1];
    unsigned port;
    return name && name[0] != '[' && !strchr(name, ':') &&
           sg_http_host_split(name, buf, sizeof buf, &port);
}

const char *sg_http_bearer(const char *a)
{
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return NULL;
    a += 7;
    while (*a == ' ')
        a++;
    return *a ? a : NULL;
}


size_t sg_http_unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = sg_hex_digit(r[1])) >= 0 && (lo = sg_hex_digit(r[2])) >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}
