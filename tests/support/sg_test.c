#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *sg_test_shared(const char *relpath)
{
    const char *root = getenv("SG_SHARED_DATA");
    if (!root || !*root)
        return NULL;
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    size_t n = strlen(root) + strlen(relpath) + 2;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s/%s", root, relpath);
    /* kept reachable for the life of the test process, so LeakSanitizer
     * does not count paths a test drops */
    static char *kept[1024];
    static size_t n_kept;
    if (n_kept < sizeof kept / sizeof *kept)
        kept[n_kept++] = p;
    return p;
}

const char *sg_test_tmpdir(void)
{
    static char *dir;
    if (dir)
        return dir;
    const char *base = getenv("SG_TMP");
    if (!base || !*base)
        base = "/tmp";
    size_t n = strlen(base) + 64;
    dir = malloc(n);
    if (!dir)
        return "/tmp";
    snprintf(dir, n, "%s/t%ld", base, (long)getpid());
    mkdir(base, 0700);
    mkdir(dir, 0700);
    return dir;
}

bool sg_test_close(double a, double b, double rel_tol)
{
    if (isnan(a) && isnan(b))
        return true;
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    if (m < 1)
        m = 1;
    return fabs(a - b) <= rel_tol * m;
}
