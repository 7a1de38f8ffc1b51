/* Whole-file reads and atomic writes (src/bytes/file.h). */
#include "bytes/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sg_file_read(const sg_allocator *a, const char *path, size_t max_bytes,
                 unsigned char **data, size_t *len, sg_err *err)
{
    *data = NULL;
    *len = 0;
    if (!max_bytes)
        max_bytes = SG_FILE_MAX_BYTES;
    int rc = SG_OK;
    unsigned char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sg_err_set(err, SG_EIO, -1, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        rc = sg_err_set(err, SG_EIO, -1, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = sg_err_set(err, SG_EIO, -1, "is a directory");
        goto out;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > max_bytes) {
        rc = sg_err_set(err, SG_ELIMIT, -1, "file of %lld bytes exceeds the %zu-byte limit",
                        (long long)st.st_size, max_bytes);
        goto out;
    }
    size_t cap = (size_t)st.st_size + 1;
    buf = sg_malloc(a, cap);
    if (!buf) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory reading %zu bytes", cap - 1);
        goto out;
    }
    size_t got = fread(buf, 1, cap - 1, f);
    if (ferror(f)) {
        rc = sg_err_set(err, SG_EIO, (long long)got, "read error: %s", strerror(errno));
        goto out;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    buf = NULL;
out:
    sg_free(a, buf);
    fclose(f);
    return rc;
}

int sg_file_write_atomic(const char *path, const void *data, size_t len, sg_err *err)
{
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return sg_err_set(err, SG_EUSAGE, -1, "path too long");
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return sg_err_set(err, SG_EIO, -1, "cannot create %s: %s", tmp, strerror(errno));
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return sg_err_set(err, SG_EIO, -1, "cannot write: %s", strerror(e));
    }
    return SG_OK;
}

const char *sg_path_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *sg_name_escape(const char *name, char *out, size_t cap)
{
    static const char HEX[] = "0123456789abcdef";
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    for (; *p; p++) {
        unsigned c = *p;
        char tmp[8];
        size_t k = 0;
        if (c < 0x20 || c == 0x7f) {
            tmp[k++] = '\\', tmp[k++] = 'x', tmp[k++] = HEX[c >> 4], tmp[k++] = HEX[c & 15];
        } else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            c = *++p; /* a C1 control in UTF-8 (U+0080..U+009F, e.g. CSI) */
            tmp[k++] = '\\', tmp[k++] = 'x', tmp[k++] = HEX[c >> 4], tmp[k++] = HEX[c & 15];
        } else if (c == '\\') {
            tmp[k++] = '\\', tmp[k++] = '\\';
        } else {
            tmp[k++] = (char)c;
        }
        if (o + k >= cap)
            break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    out[o] = '\0';
    return out;
}

int sg_file_mkdir_p(const char *dir, sg_err *err)
{
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s", dir);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return sg_err_set(err, SG_EUSAGE, -1, "path too long");
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return sg_err_set(err, SG_EIO, -1, "cannot create %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return sg_err_set(err, SG_EIO, -1, "cannot create %s: %s", tmp, strerror(errno));
    return SG_OK;
}

int sg_file_name_ok(const char *name, size_t max)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > max || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
            return 0;
    }
    return 1;
}
