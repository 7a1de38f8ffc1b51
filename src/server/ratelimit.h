#ifndef SG_SERVER_RATELIMIT_H
#define SG_SERVER_RATELIMIT_H
/* Failure counting for the clinic server's login (docs/threat-model.md): a
 * key (a login, a client address) that failed max_fails times within
 * window_s seconds of its first failure is refused until that window ends.
 * Pure and bounded: a fixed table of SG_RL_CAP keys that, when full, forgets
 * an expired key or else the least recently failed one; the clock is a
 * parameter; no locking and no global state (the server keeps one table per
 * kind of key in its context, under its own mutex). Keys longer than
 * SG_RL_KEY - 1 bytes are cut. */

#define SG_RL_CAP 2048
#define SG_RL_KEY 80

typedef struct sg_rl_entry {
    char key[SG_RL_KEY];
    int fails;
    long long first;   /* the window's start: the first failure counted in it */
    long long last;    /* the latest failure */
} sg_rl_entry;

typedef struct sg_ratelimit {
    int max_fails;
    long long window_s;
    int n;
    sg_rl_entry e[SG_RL_CAP];
} sg_ratelimit;

/* An empty table (max_fails >= 1, window_s >= 1). */
void sg_rl_init(sg_ratelimit *rl, int max_fails, long long window_s);

/* 0 when `key` may try at `now`; else the seconds until it may (>= 1). */
long long sg_rl_wait(const sg_ratelimit *rl, const char *key, long long now);

/* Counts one failure of `key` at `now` (a new window when the last one ended). */
void sg_rl_fail(sg_ratelimit *rl, const char *key, long long now);

/* Takes back one failure of `key` (an attempt counted before it succeeded). */
void sg_rl_forgive(sg_ratelimit *rl, const char *key);

/* Forgets `key` (a success). */
void sg_rl_clear(sg_ratelimit *rl, const char *key);

#endif
