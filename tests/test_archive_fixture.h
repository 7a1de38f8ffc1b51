#ifndef TEST_ARCHIVE_FIXTURE_H
#define TEST_ARCHIVE_FIXTURE_H
/* Builds archives in memory with libarchive's writer, for the archive and
 * import tests (header-only; each test is one .c file). */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx_member {
    const char *name;
    const void *data;
    size_t len;
} fx_member;

enum { FX_ZIP, FX_TAR, FX_TGZ, FX_GZ };

/* Returns a malloc()ed archive of the members (FX_GZ: the first member only). */
static inline unsigned char *fx_archive(int kind, const fx_member *m, size_t n, size_t *outlen)
{
    size_t cap = 4096;
    for (size_t i = 0; i < n; i++)
        cap += m[i].len + m[i].len / 2 + 1024 + strlen(m[i].name) * 2;
    unsigned char *buf = malloc(cap);
    struct archive *a = archive_write_new();
    if (kind == FX_ZIP) {
        archive_write_set_format_zip(a);
    } else if (kind == FX_TAR) {
        archive_write_set_format_pax_restricted(a);
    } else if (kind == FX_TGZ) {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
    } else {
        archive_write_set_format_raw(a);
        archive_write_add_filter_gzip(a);
        n = 1;
    }
    size_t used = 0;
    if (archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK) {
        fprintf(stderr, "archive_write_open_memory: %s\n", archive_error_string(a));
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_size(e, (la_int64_t)m[i].len);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        if (archive_write_header(a, e) != ARCHIVE_OK) {
            fprintf(stderr, "archive_write_header: %s\n", archive_error_string(a));
            abort();
        }
        if (m[i].len && archive_write_data(a, m[i].data, m[i].len) != (la_ssize_t)m[i].len) {
            fprintf(stderr, "archive_write_data: %s\n", archive_error_string(a));
            abort();
        }
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    *outlen = used;
    return buf;
}

static inline void fx_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        abort();
    }
}

#endif
