/* Terminal progress bar (src/render/progress.h). */
#include "render/progress.h"

#include <string.h>

#define BAR_WIDTH 20
#define LINE_MAX_CHARS 100

void sg_progress_init(sg_progress *p, FILE *f, uint64_t total_files, uint64_t total_bytes)
{
    p->f = f;
    p->total_files = total_files;
    p->total_bytes = total_bytes;
    p->drawn = 0;
}

static void fmt_duration(char *buf, size_t cap, double s)
{
    if (!(s >= 0) || s > 359999)
        snprintf(buf, cap, "--:--");
    else if (s >= 3600)
        snprintf(buf, cap, "%d:%02d:%02d", (int)s / 3600, (int)s / 60 % 60, (int)s % 60);
    else
        snprintf(buf, cap, "%d:%02d", (int)s / 60, (int)s % 60);
}

size_t sg_progress_format(char *buf, size_t cap, const sg_progress *p, uint64_t files,
                          uint64_t bytes, double elapsed_s)
{
    if (cap == 0)
        return 0;
    char bar[BAR_WIDTH + 3] = "";
    char eta[32] = "";
    double mb = (double)bytes / 1e6;
    double rate = elapsed_s > 0 ? mb / elapsed_s : 0;
    if (p->total_bytes) {
        double frac = (double)bytes / (double)p->total_bytes;
        if (frac > 1)
            frac = 1;
        int fill = (int)(frac * BAR_WIDTH + 0.5);
        bar[0] = '[';
        for (int i = 0; i < BAR_WIDTH; i++)
            bar[1 + i] = i < fill ? '#' : '.';
        bar[BAR_WIDTH + 1] = ']';
        bar[BAR_WIDTH + 2] = '\0';
        char d[16];
        double left = rate > 0 ? ((double)p->total_bytes / 1e6 - mb) / rate : -1;
        fmt_duration(d, sizeof d, bytes >= p->total_bytes ? 0 : left);
        snprintf(eta, sizeof eta, "  ETA %s", d);
    }
    int n;
    if (p->total_bytes)
        n = snprintf(buf, cap, "%s %5llu files  %.1f/%.1f MB  %.1f MB/s%s", bar,
                     (unsigned long long)files, mb, (double)p->total_bytes / 1e6, rate, eta);
    else
        n = snprintf(buf, cap, "%5llu files  %.1f MB  %.1f MB/s", (unsigned long long)files, mb,
                     rate);
    if (n < 0)
        return 0;
    return (size_t)n < cap ? (size_t)n : cap - 1;
}

void sg_progress_update(sg_progress *p, uint64_t files, uint64_t bytes, double elapsed_s)
{
    char line[LINE_MAX_CHARS + 1];
    size_t n = sg_progress_format(line, sizeof line, p, files, bytes, elapsed_s);
    /* pad to erase a longer previous line */
    fprintf(p->f, "\r%s%*s", line, (int)(n < 78 ? 78 - n : 0), "");
    fflush(p->f);
    p->drawn = 1;
}

void sg_progress_clear(sg_progress *p)
{
    if (!p->drawn)
        return;
    fprintf(p->f, "\r%*s\r", 80, "");
    fflush(p->f);
    p->drawn = 0;
}
