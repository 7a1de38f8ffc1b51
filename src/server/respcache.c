/* Whole answers kept by the server (src/server/respcache.h). */
#include "server/respcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_rc_init(sg_respcache *c)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
}

void sg_rc_destroy(sg_respcache *c)
{
    for (int i = 0; i < SG_RC_SLOTS; i++)
        free(c->e[i].body);
    pthread_mutex_destroy(&c->mu);
    memset(c->e, 0, sizeof c->e);
}

static int find(const sg_respcache *c, const char *key)
{
    for (int i = 0; i < SG_RC_SLOTS; i++)
        if (c->e[i].body && strcmp(c->e[i].key, key) == 0)
            return i;
    return -1;
}

int sg_rc_get(sg_respcache *c, const char *key, char **body, size_t *len)
{
    *body = NULL;
    *len = 0;
    pthread_mutex_lock(&c->mu);
    int i = find(c, key);
    if (i >= 0 && (*body = malloc(c->e[i].len + 1)) != NULL) {
        memcpy(*body, c->e[i].body, c->e[i].len);
        (*body)[c->e[i].len] = '\0';
        *len = c->e[i].len;
        c->e[i].used = ++c->clock;
    }
    pthread_mutex_unlock(&c->mu);
    return *body != NULL;
}

int sg_rc_put(sg_respcache *c, const char *key, const char *body, size_t len)
{
    if (strlen(key) >= SG_RC_KEY || len > SG_RC_MAX_BODY)
        return 0;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return 0;
    memcpy(copy, body, len);
    pthread_mutex_lock(&c->mu);
    int i = find(c, key);
    if (i < 0) {
        i = 0; /* a free slot, else the least recently used */
        for (int j = 0; j < SG_RC_SLOTS; j++) {
            if (!c->e[j].body) {
                i = j;
                break;
            }
            if (c->e[j].used < c->e[i].used)
                i = j;
        }
    }
    free(c->e[i].body);
    snprintf(c->e[i].key, sizeof c->e[i].key, "%s", key);
    c->e[i].body = copy;
    c->e[i].len = len;
    c->e[i].used = ++c->clock;
    pthread_mutex_unlock(&c->mu);
    return 1;
}
