#ifndef SG_SERVER_CONNS_H
#define SG_SERVER_CONNS_H
/* The server's open connections and the header deadline libmicrohttpd lacks:
 * its CONNECTION_TIMEOUT is an idle timeout, so a slowloris that sends one
 * byte every few seconds keeps a slot for ever. Every connection here must
 * deliver a complete request head within `header_secs` of being accepted (or
 * of its previous request finishing); sg_conns_sweep, called by the serving
 * loop, shuts down the socket of any that is late, and libmicrohttpd then
 * closes it. The table lives in the server's context (no global state) and
 * locks itself. */

#include <pthread.h>
#include <stddef.h>

typedef enum sg_conn_phase {
    SG_CONN_WAITING = 0,  /* waiting for a request head: the deadline runs */
    SG_CONN_BUSY,         /* a request is being handled: no deadline here */
    SG_CONN_CUT           /* shut down by the sweep, closing */
} sg_conn_phase;

typedef struct sg_conn {
    struct sg_conn *prev, *next;
    int fd;                       /* borrowed from libmicrohttpd */
    sg_conn_phase phase;
    double deadline;              /* monotonic seconds, when WAITING */
    char local_ip[64];            /* address the client connected to ("" unknown) */
    unsigned local_port;
} sg_conn;

typedef struct sg_conns {
    pthread_mutex_t mu;
    sg_conn head;                 /* sentinel of a circular list */
    double header_secs;
} sg_conns;

void sg_conns_init(sg_conns *t, double header_secs);
/* Frees every entry. Call after the daemon has stopped. */
void sg_conns_destroy(sg_conns *t);
/* A new connection on socket fd, accepted at monotonic time now: its local
 * address is read with getsockname. Returns the entry (owned by the table,
 * freed by sg_conns_close) or NULL when out of memory (the connection then
 * runs without a deadline entry; callers treat NULL as "unknown address"). */
sg_conn *sg_conns_open(sg_conns *t, int fd, double now);
/* Removes and frees c (NULL ignored). Must be called before fd is closed. */
void sg_conns_close(sg_conns *t, sg_conn *c);
/* The request head arrived: stop the deadline. */
void sg_conns_busy(sg_conns *t, sg_conn *c);
/* The request finished: the next head is due within header_secs of now. */
void sg_conns_idle(sg_conns *t, sg_conn *c, double now);
/* Shuts down every connection whose head is overdue at `now`. Returns how
 * many it cut. */
size_t sg_conns_sweep(sg_conns *t, double now);
/* CLOCK_MONOTONIC in seconds. */
double sg_conns_now(void);

#endif
