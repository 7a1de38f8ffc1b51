#ifndef SG_STORE_INTERNAL_H
#define SG_STORE_INTERNAL_H
/* The store handle, shared by store.c (the primitives' callers) and copy.c
 * (whole-store copy); nothing outside src/store sees it. */
#include "store/backend.h"

/* The kv key under which the store records its summaries' version
 * (SG_STORE_SUMMARY_VERSION): written by every open, so it is bookkeeping,
 * not content (copy.c does not count it when asking whether a store is empty). */
#define SG_STORE_SUMMARY_VERSION_KEY "store.summary_version"

struct sg_store {
    const sg_store_backend *be;
    const sg_store_rows *rows;
    void *impl;
    int schema;
    int in_tx;
};

#endif
