/* The access token file (src/server/token.h). */
#include "server/token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/db_copy.h"
#include "app/pool.h"

int sg_token_path(const char *db_path, char *buf, size_t cap, sg_err *err)
{
    char def[4096];
    if (!db_path) {
        int rc = sg_pool_default_path(def, sizeof def, err);
        if (rc)
            return rc;
        db_path = def;
    }
    if (strcmp(db_path, ":memory:") == 0 || strstr(db_path, "://")) {
        char shown[512]; /* a PostgreSQL URL's password is never printed */
        sg_db_redact(db_path, shown, sizeof shown);
        return sg_err_set(err, SG_EUSAGE, -1,
                          "--db %s has no folder to keep the access token in", shown);
    }
    int n = snprintf(buf, cap, "%s.serve-token", db_path);
    if (n < 0 || (size_t)n >= cap)
        return sg_err_set(err, SG_EUSAGE, -1, "database path too long");
    return SG_OK;
}

static int fill_random(unsigned char *b, size_t n, sg_err *err)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return sg_err_set(err, SG_EIO, -1, "no random bytes for the access token: %s",
                              strerror(errno));
        got += (size_t)r;
    }
    return SG_OK;
}

static int create_token(const char *path, char out[SG_TOKEN_HEX + 1], sg_err *err)
{
    unsigned char raw[SG_TOKEN_HEX / 2];
    int rc = fill_random(raw, sizeof raw, err);
    if (rc)
        return rc;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[SG_TOKEN_HEX] = '\0';
    memset(raw, 0, sizeof raw);
    char tmp[4200];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return sg_err_set(err, SG_EUSAGE, -1, "token path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return sg_err_set(err, SG_EIO, -1, "%s: cannot create: %s", tmp, strerror(errno));
    int ok = fchmod(fd, 0600) == 0 && write(fd, out, SG_TOKEN_HEX) == SG_TOKEN_HEX &&
             write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return sg_err_set(err, SG_EIO, -1, "%s: cannot write: %s", path, strerror(e));
    }
    return SG_OK;
}

int sg_token_load(const char *path, int renew, char out[SG_TOKEN_HEX + 1], int *created,
                  sg_err *err)
{
    *created = 0;
    out[0] = '\0';
    int fd = renew ? -1 : open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (!renew && errno != ENOENT)
            return sg_err_set(err, SG_EIO, -1, "%s: cannot read: %s", path, strerror(errno));
        int rc = create_token(path, out, err);
        if (rc == SG_OK)
            *created = 1;
        return rc;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return sg_err_set(err, SG_EIO, -1, "%s: not a regular file", path);
    }
    if (st.st_mode & 077) {
        close(fd);
        return sg_err_set(err, SG_EUSAGE, -1,
                          "%s: readable by others (mode %03o); chmod 600 it or start with "
                          "--new-token", path, (unsigned)(st.st_mode & 0777));
    }
    char buf[SG_TOKEN_HEX + 4];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n < SG_TOKEN_HEX)
        return sg_err_set(err, SG_EFORMAT, n < 0 ? -1 : n, "%s: not an access token", path);
    for (size_t i = 0; i < SG_TOKEN_HEX; i++)
        if (!strchr("0123456789abcdef", buf[i]) || !buf[i])
            return sg_err_set(err, SG_EFORMAT, (long long)i, "%s: not an access token", path);
    if (n > SG_TOKEN_HEX && !(n == SG_TOKEN_HEX + 1 && buf[SG_TOKEN_HEX] == '\n'))
        return sg_err_set(err, SG_EFORMAT, SG_TOKEN_HEX, "%s: not an access token", path);
    memcpy(out, buf, SG_TOKEN_HEX);
    out[SG_TOKEN_HEX] = '\0';
    return SG_OK;
}
