#ifndef SG_SERVER_RESPCACHE_H
#define SG_SERVER_RESPCACHE_H
/* Whole answers kept by the server, by a key the route makes from what the
 * answer depends on (e.g. the clinic roster: the clinic, the day and
 * sg_app_roster_key's text, which changes with any runner's data). A hit
 * saves the work of computing and writing the answer, never the check that
 * it is current: the route reads the key from the store on every request.
 * Bounded: SG_RC_SLOTS answers of at most SG_RC_MAX_BODY bytes each, the
 * least recently used replaced. Thread-safe (its own mutex); no global
 * state (the server keeps one in its context). */
#include <pthread.h>
#include <stddef.h>

#define SG_RC_SLOTS 32
#define SG_RC_KEY 160
#define SG_RC_MAX_BODY (2u << 20)

typedef struct sg_rc_entry {
    char key[SG_RC_KEY];
    char *body;                 /* owned; NULL = free slot */
    size_t len;
    unsigned long long used;    /* the clock of its last use */
} sg_rc_entry;

typedef struct sg_respcache {
    pthread_mutex_t mu;
    unsigned long long clock;
    sg_rc_entry e[SG_RC_SLOTS];
} sg_respcache;

void sg_rc_init(sg_respcache *c);
void sg_rc_destroy(sg_respcache *c);   /* frees every body */

/* On a hit, a copy of the answer stored under `key` (*body malloc()ed,
 * free(); *len its bytes) and 1; else 0 (also when out of memory). */
int sg_rc_get(sg_respcache *c, const char *key, char **body, size_t *len);

/* Stores a copy of body[0..len) under `key` (replacing it, or the least
 * recently used entry). Keys of SG_RC_KEY bytes or more and bodies over
 * SG_RC_MAX_BODY are not kept (0); 1 when kept; 0 when out of memory. */
int sg_rc_put(sg_respcache *c, const char *key, const char *body, size_t len);

#endif
