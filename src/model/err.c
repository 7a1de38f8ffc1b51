/* sg_err: fixed-size, allocation-free error reports (include/strideguard/err.h). */
#include "strideguard/err.h"

#include <stdio.h>
#include <string.h>

void sg_err_clear(sg_err *err)
{
    if (!err)
        return;
    err->code = SG_OK;
    err->msg[0] = '\0';
    err->offset = -1;
    err->line = 0;
    err->col = 0;
}

__attribute__((format(printf, 3, 0)))
static void fill(sg_err *err, int code, const char *fmt, va_list ap)
{
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    /* one line, always: a newline inside a message would break the CLI's
     * "strideguard: FILE: offset N: cause" contract */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

int sg_err_set(sg_err *err, int code, long long offset, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    fill(err, code, fmt, ap);
    va_end(ap);
    err->offset = offset;
    err->line = 0;
    err->col = 0;
    return code;
}

int sg_err_set_at(sg_err *err, int code, int line, int col, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    fill(err, code, fmt, ap);
    va_end(ap);
    err->offset = -1;
    err->line = line;
    err->col = col;
    return code;
}

const char *sg_code_name(int code)
{
    switch (code) {
    case SG_OK: return "ok";
    case SG_ENOMEM: return "out of memory";
    case SG_EIO: return "i/o";
    case SG_EFORMAT: return "format";
    case SG_ECRC: return "crc";
    case SG_ETRUNC: return "truncated";
    case SG_ELIMIT: return "limit";
    case SG_EUSAGE: return "usage";
    case SG_ENOTFOUND: return "not found";
    case SG_EUNSUPPORTED: return "unsupported";
    case SG_ESTORE: return "store";
    case SG_ENODATA: return "no data";
    case SG_ENOSPC: return "storage full";
    case SG_EEXISTS: return "already exists";
    case SG_EDENIED: return "denied";
    default: return "error";
    }
}
