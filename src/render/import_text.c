/* The import's reasons (src/render/import_text.h). */
#include "render/import_text.h"

#include <stdio.h>

char *sg_import_reason(const sg_err *e, char *buf, size_t cap)
{
    const char *m = e->msg[0] ? e->msg : sg_code_name(e->code);
    if (e->line > 0)
        snprintf(buf, cap, "line %d:%d: %s", e->line, e->col, m);
    else if (e->offset >= 0)
        snprintf(buf, cap, "offset %lld: %s", e->offset, m);
    else
        snprintf(buf, cap, "%s", m);
    return buf;
}
