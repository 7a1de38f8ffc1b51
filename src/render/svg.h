#ifndef SG_RENDER_SVG_H
#define SG_RENDER_SVG_H
/* Static SVG charts for the self-contained report (no script, no network):
 * lines and bars over a shared x axis, NaN = gap. */

#include <stddef.h>

#include "model/strbuf.h"

typedef struct sg_svg_series {
    const char *label;
    const double *y;        /* n values, NaN = gap */
    const char *color;      /* CSS colour, NULL = palette */
    int bars;               /* draw as bars instead of a line */
    int right_axis;         /* plot against the right-hand y axis */
} sg_svg_series;

typedef struct sg_svg_opts {
    int width, height;      /* px; 0 = 720 x 220 */
    const char *title;      /* may be NULL */
    const char *x_label;    /* may be NULL */
    int x_is_date;          /* x in s since epoch: ticks as YYYY-MM-DD */
} sg_svg_opts;

/* Appends one <svg> element. x has n values (ascending). Text is escaped. */
void sg_svg_chart(sg_sb *b, const double *x, size_t n, const sg_svg_series *s, size_t ns,
                  const sg_svg_opts *o);

#endif
