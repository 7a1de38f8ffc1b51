/* Failure counting with a bounded table (src/server/ratelimit.h). */
#include "server/ratelimit.h"

#include <stdio.h>
#include <string.h>

void sg_rl_init(sg_ratelimit *rl, int max_fails, long long window_s)
{
    memset(rl, 0, sizeof *rl);
    rl->max_fails = max_fails < 1 ? 1 : max_fails;
    rl->window_s = window_s < 1 ? 1 : window_s;
}

static int find(const sg_ratelimit *rl, const char *key)
{
    char k[SG_RL_KEY];
    snprintf(k, sizeof k, "%s", key ? key : "");
    for (int i = 0; i < rl->n; i++)
        if (strcmp(rl->e[i].key, k) == 0)
            return i;
    return -1;
}

static int expired(const sg_ratelimit *rl, const sg_rl_entry *e, long long now)
{
    return now - e->first >= rl->window_s || now < e->first;
}

long long sg_rl_wait(const sg_ratelimit *rl, const char *key, long long now)
{
    int i = find(rl, key);
    if (i < 0)
        return 0;
    const sg_rl_entry *e = &rl->e[i];
    if (expired(rl, e, now) || e->fails < rl->max_fails)
        return 0;
    return e->first + rl->window_s - now;
}

/* A slot for a new key: a free one, an expired one, else the least recently failed. */
static int slot(sg_ratelimit *rl, long long now)
{
    if (rl->n < SG_RL_CAP)
        return rl->n++;
    int oldest = 0;
    for (int i = 0; i < rl->n; i++) {
        if (expired(rl, &rl->e[i], now))
            return i;
        if (rl->e[i].last < rl->e[oldest].last)
            oldest = i;
    }
    return oldest;
}

void sg_rl_fail(sg_ratelimit *rl, const char *key, long long now)
{
    int i = find(rl, key);
    if (i < 0) {
        i = slot(rl, now);
        snprintf(rl->e[i].key, sizeof rl->e[i].key, "%s", key ? key : "");
        rl->e[i].fails = 0;
        rl->e[i].first = now;
    }
    sg_rl_entry *e = &rl->e[i];
    if (expired(rl, e, now)) {
        e->fails = 0;
        e->first = now;
    }
    e->fails++;
    e->last = now;
}

void sg_rl_forgive(sg_ratelimit *rl, const char *key)
{
    int i = find(rl, key);
    if (i >= 0 && rl->e[i].fails > 0)
        rl->e[i].fails--;
}

void sg_rl_clear(sg_ratelimit *rl, const char *key)
{
    int i = find(rl, key);
    if (i < 0)
        return;
    rl->e[i] = rl->e[--rl->n];
}
