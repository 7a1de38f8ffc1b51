#ifndef TEST_APP_FIXTURE_H
#define TEST_APP_FIXTURE_H
/* A simulated training block stored in a temporary database, for the
 * journal/triage/plan app tests (header-only: each test is one .c file). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/sim.h"
#include "strideguard/store.h"

/* Stores every activity of a block; returns the number stored or -1. ids[]
 * (may be NULL) receives the activity ids in order (at most cap). */
static inline int fx_store_block(sg_store *st, const sg_sim_block_params *bp, long long *ids,
                                 size_t cap, sg_sim_planted *planted)
{
    sg_activity **acts = NULL;
    size_t n = 0;
    sg_err e;
    sg_err_clear(&e);
    if (sg_sim_block(bp, NULL, &acts, &n, planted, &e)) {
        fprintf(stderr, "sg_sim_block: %s\n", e.msg);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        sg_store_summary s;
        sg_store_summarize(acts[i], &s);
        unsigned char *blob = NULL;
        size_t len = 0;
        if (sg_store_blob_encode(acts[i], &blob, &len, &e)) {
            rc = -1;
            break;
        }
        char name[32];
        snprintf(name, sizeof name, "sim%03zu.fit", i);
        sg_store_source src;
        memset(&src, 0, sizeof src);
        src.file_name = name;
        src.path = name;
        snprintf(src.sha256, sizeof src.sha256, "%064llx",
                 (unsigned long long)(bp->seed * 1000 + i + 1));
        src.format = "fit";
        src.size = (long long)len;
        src.imported_at = 1760000000;
        sg_ingest_result res;
        if (sg_store_ingest(st, &s, blob, len, &src, &res, &e)) {
            fprintf(stderr, "ingest: %s\n", e.msg);
            rc = -1;
        } else if (ids && i < cap) {
            ids[i] = res.activity_id;
        }
        free(blob);
    }
    sg_sim_block_free(acts, n, NULL);
    return rc ? -1 : (int)n;
}

/* Opens a fresh database file under dir with the given name. */
static inline sg_store *fx_open(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
    sg_store *st = NULL;
    sg_err e;
    if (sg_store_open(path, &st, &e)) {
        fprintf(stderr, "open %s: %s\n", path, e.msg);
        return NULL;
    }
    return st;
}

#endif
