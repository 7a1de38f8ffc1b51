/* Open connections and their header deadline (src/server/conns.h). */
#include "server/conns.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

void sg_conns_init(sg_conns *t, double header_secs)
{
    pthread_mutex_init(&t->mu, NULL);
    t->head.next = t->head.prev = &t->head;
    t->header_secs = header_secs;
}

void sg_conns_destroy(sg_conns *t)
{
    pthread_mutex_lock(&t->mu);
    sg_conn *c = t->head.next;
    while (c != &t->head) {
        sg_conn *n = c->next;
        free(c);
        c = n;
    }
    t->head.next = t->head.prev = &t->head;
    pthread_mutex_unlock(&t->mu);
    pthread_mutex_destroy(&t->mu);
}

double sg_conns_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The local address of a socket as text; IPv4-mapped IPv6 as plain IPv4. */
static void local_addr(int fd, char *ip, size_t cap, unsigned *port)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    ip[0] = '\0';
    *port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
        return;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &v4->sin_addr, ip, (socklen_t)cap);
        *port = ntohs(v4->sin_port);
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&ss;
        if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr))
            inet_ntop(AF_INET, &v6->sin6_addr.s6_addr[12], ip, (socklen_t)cap);
        else
            inet_ntop(AF_INET6, &v6->sin6_addr, ip, (socklen_t)cap);
        *port = ntohs(v6->sin6_port);
    }
}

sg_conn *sg_conns_open(sg_conns *t, int fd, double now)
{
    sg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->phase = SG_CONN_WAITING;
    c->deadline = now + t->header_secs;
    local_addr(fd, c->local_ip, sizeof c->local_ip, &c->local_port);
    pthread_mutex_lock(&t->mu);
    c->next = &t->head;
    c->prev = t->head.prev;
    t->head.prev->next = c;
    t->head.prev = c;
    pthread_mutex_unlock(&t->mu);
    return c;
}

void sg_conns_close(sg_conns *t, sg_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&t->mu);
    c->prev->next = c->next;
    c->next->prev = c->prev;
    pthread_mutex_unlock(&t->mu);
    free(c);
}

void sg_conns_busy(sg_conns *t, sg_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&t->mu);
    if (c->phase == SG_CONN_WAITING)
        c->phase = SG_CONN_BUSY;
    pthread_mutex_unlock(&t->mu);
}

void sg_conns_idle(sg_conns *t, sg_conn *c, double now)
{
    if (!c)
        return;
    pthread_mutex_lock(&t->mu);
    if (c->phase == SG_CONN_BUSY) {
        c->phase = SG_CONN_WAITING;
        c->deadline = now + t->header_secs;
    }
    pthread_mutex_unlock(&t->mu);
}

size_t sg_conns_sweep(sg_conns *t, double now)
{
    size_t cut = 0;
    pthread_mutex_lock(&t->mu);
    /* The fd stays valid while its entry is listed: libmicrohttpd reports
     * the close (sg_conns_close, which waits for this lock) before it closes
     * the socket. shutdown() wakes its event loop, which then closes it. */
    for (sg_conn *c = t->head.next; c != &t->head; c = c->next) {
        if (c->phase == SG_CONN_WAITING && now >= c->deadline) {
            shutdown(c->fd, SHUT_RDWR);
            c->phase = SG_CONN_CUT;
            cut++;
        }
    }
    pthread_mutex_unlock(&t->mu);
    return cut;
}
