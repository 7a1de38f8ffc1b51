#ifndef SG_RENDER_JSONW_H
#define SG_RENDER_JSONW_H
/* The JSON writer is a base utility now (src/model/jsonw.h, issue #14). This
 * forwarding header remains only for src/cli/cmd_runs.c and src/server/api.c,
 * which other work is editing; it goes when they include model/jsonw.h. */
#include "model/jsonw.h"
#endif
