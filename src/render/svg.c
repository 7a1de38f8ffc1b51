/* Static SVG charts (src/render/svg.h). */
#include "render/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const palette[] = {"#1f6fb2", "#c62828", "#2e7d32", "#8e44ad", "#b26a00"};

/* A "nice" tick step (1, 2, 5 x 10^k) giving about `want` ticks over span. */
static double nice_step(double span, int want)
{
    if (!(span > 0))
        return 1;
    double raw = span / want;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static void range(const double *v, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (v[i] < *lo)
            *lo = v[i];
        if (v[i] > *hi)
            *hi = v[i];
    }
}

static void fmt_tick(char *out, size_t n, double v, int is_date)
{
    if (is_date) {
        time_t t = (time_t)v;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(out, n, "%Y-%m-%d", &tm);
    } else {
        snprintf(out, n, "%g", fabs(v) < 1e-9 ? 0.0 : v);
    }
}

void sg_svg_chart(sg_sb *b, const double *x, size_t n, const sg_svg_series *s, size_t ns,
                  const sg_svg_opts *o)
{
    int W = o && o->width ? o->width : 720, H = o && o->height ? o->height : 220;
    const int L = 56, R = 56, T = 28, B = 36;
    double pw = W - L - R, ph = H - T - B;
    double x0, x1;
    range(x, n, &x0, &x1);
    sg_sb_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
                    "class=\"chart\" font-family=\"sans-serif\" font-size=\"11\">", W, H);
    if (o && o->title) {
        sg_sb_puts(b, "<title>");
        sg_sb_html(b, o->title);
        sg_sb_puts(b, "</title>");
    }
    if (!isfinite(x0) || n < 2) {
        sg_sb_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#5f6b76\">no data</text></svg>", L, H / 2);
        return;
    }
    if (x1 == x0)
        x1 = x0 + 1;
    /* y ranges for the left and right axes */
    double ylo[2] = {INFINITY, INFINITY}, yhi[2] = {-INFINITY, -INFINITY};
    for (size_t k = 0; k < ns; k++) {
        int ax = s[k].right_axis ? 1 : 0;
        double lo, hi;
        range(s[k].y, n, &lo, &hi);
        if (s[k].bars && lo > 0)
            lo = 0;
        if (lo < ylo[ax])
            ylo[ax] = lo;
        if (hi > yhi[ax])
            yhi[ax] = hi;
    }
    double ystep[2];
    for (int ax = 0; ax < 2; ax++) {
        if (!isfinite(ylo[ax])) {
            ylo[ax] = 0;
            yhi[ax] = 1;
        }
        if (yhi[ax] == ylo[ax])
            yhi[ax] = ylo[ax] + 1;
        ystep[ax] = nice_step(yhi[ax] - ylo[ax], 4);
        ylo[ax] = floor(ylo[ax] / ystep[ax]) * ystep[ax];
        yhi[ax] = ceil(yhi[ax] / ystep[ax]) * ystep[ax];
    }
#define PX(v) (L + ((v)-x0) / (x1 - x0) * pw)
#define PY(v, ax) (T + ph - ((v)-ylo[ax]) / (yhi[ax] - ylo[ax]) * ph)
    /* grid + left ticks */
    char lab[32];
    for (double v = ylo[0]; v <= yhi[0] + ystep[0] / 2; v += ystep[0]) {
        fmt_tick(lab, sizeof lab, v, 0);
        sg_sb_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6e9\"/>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5f6b76\">%s</text>",
                     L, W - R, PY(v, 0), PY(v, 0), L - 4, PY(v, 0) + 4, lab);
    }
    int has_right = 0;
    for (size_t k = 0; k < ns; k++)
        has_right |= s[k].right_axis;
    if (has_right)
        for (double v = ylo[1]; v <= yhi[1] + ystep[1] / 2; v += ystep[1]) {
            fmt_tick(lab, sizeof lab, v, 0);
            sg_sb_printf(b, "<text x=\"%d\" y=\"%.1f\" fill=\"#5f6b76\">%s</text>", W - R + 4,
                         PY(v, 1) + 4, lab);
        }
    double xstep = o && o->x_is_date ? nice_step((x1 - x0) / 86400.0, 5) * 86400.0
                                     : nice_step(x1 - x0, 6);
    for (double v = ceil(x0 / xstep) * xstep; v <= x1; v += xstep) {
        fmt_tick(lab, sizeof lab, v, o && o->x_is_date);
        sg_sb_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5f6b76\">%s</text>",
                     PX(v), H - B + 14, lab);
    }
    if (o && o->x_label) {
        sg_sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#5f6b76\">", W - R, H - 4);
        sg_sb_html(b, o->x_label);
        sg_sb_puts(b, "</text>");
    }
    /* series; long series are thinned to about one point per pixel */
    size_t stride = n > (size_t)pw * 2 ? n / ((size_t)pw * 2) : 1;
    double lx = L + 4;
    for (size_t k = 0; k < ns; k++) {
        const char *col = s[k].color ? s[k].color : palette[k % 5];
        int ax = s[k].right_axis ? 1 : 0;
        if (s[k].bars) {
            double bw = pw / (double)n * 0.8;
            if (bw < 1)
                bw = 1;
            sg_sb_printf(b, "<g fill=\"%s\" fill-opacity=\"0.55\">", col);
            for (size_t i = 0; i < n; i++) {
                if (isnan(s[k].y[i]) || isnan(x[i]))
                    continue;
                double y0 = PY(ylo[ax] > 0 ? ylo[ax] : 0, ax), y1 = PY(s[k].y[i], ax);
                sg_sb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                             PX(x[i]) - bw / 2, y1 < y0 ? y1 : y0, bw, fabs(y0 - y1));
            }
            sg_sb_puts(b, "</g>");
        } else {
            sg_sb_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" d=\"", col);
            int pen = 0;
            for (size_t i = 0; i < n; i += stride) {
                if (isnan(s[k].y[i]) || isnan(x[i])) {
                    pen = 0;
                    continue;
                }
                sg_sb_printf(b, "%c%.1f %.1f", pen ? 'L' : 'M', PX(x[i]), PY(s[k].y[i], ax));
                pen = 1;
            }
            sg_sb_puts(b, "\"/>");
        }
        sg_sb_printf(b, "<rect x=\"%.1f\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                        "<text x=\"%.1f\" y=\"17\">", lx, col, lx + 13);
        sg_sb_html(b, s[k].label);
        sg_sb_puts(b, "</text>");
        lx += 24 + 6.2 * (double)(s[k].label ? strlen(s[k].label) : 0);
    }
#undef PX
#undef PY
    sg_sb_puts(b, "</svg>");
}
