#ifndef SG_STORE_INTERNAL_H
#define SG_STORE_INTERNAL_H
/* The store handle, shared by store.c (the primitives' callers) and copy.c
 * (whole-store copy); nothing outside src/store sees it. */
#include "store/backend.h"

struct sg_store {
    const sg_store_backend *be;
    const sg_store_rows *rows;
    void *impl;
    int schema;
    int in_tx;
};

#endif
