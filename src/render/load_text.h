#ifndef SG_RENDER_LOAD_TEXT_H
#define SG_RENDER_LOAD_TEXT_H
/* The human summary of a load result: "this week", "watch out",
 * "before race day". */

#include <stdbool.h>
#include <stdio.h>

#include "strideguard/load.h"

/* imperial: miles and feet instead of km and m. Returns 0, or -1 when
 * writing failed. */
int sg_load_text(FILE *f, const sg_load_result *r, bool imperial);

/* Only the "before race day" part (for `strideguard race`). */
int sg_load_text_race(FILE *f, const sg_load_result *r, bool imperial);

#endif
