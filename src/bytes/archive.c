/* Walking files, directories and archives (src/bytes/archive.h).
 *
 * Archives are recognised by their first bytes, never by their names:
 *   zip   "PK\3\4" (or "PK\5\6", empty)      tar    "ustar" at offset 257
 *   gzip  1f 8b                               bzip2  "BZh"
 *   xz    fd 37 7a 58 5a 00
 * and read with libarchive from memory: containers with format_all, compressed
 * streams with format_raw only (their one entry is then sniffed again, so a
 * .tar.gz is a tar inside a gzip). Zip is read through its
 * central directory (libarchive's seekable reader, as the buffer is seekable),
 * which also handles entries written with data descriptors.
 *
 * An archive is read twice when it may be a Strava export: a first pass that
 * only looks for activities.csv (skipping other entries costs no
 * decompression), then the real pass with names and types known before the
 * first activity is handed out. */
#include "bytes/archive.h"
#include "strideguard/alloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes/file.h"

#define CSV_MAX_BYTES ((size_t)64 << 20)
#define CSV_MAX_FIELD 65536
#define META_MAX_ROWS 1000000
#define READ_CHUNK 65536

void sg_walk_limits_default(sg_walk_limits *l)
{
    memset(l, 0, sizeof *l);
    l->max_entries = 100000;
    l->max_entry_bytes = (size_t)256 << 20;
    l->max_total_bytes = (uint64_t)16 << 30;
    l->max_depth = 4;
    l->max_path = 4096;
    l->max_dir_depth = 64;
}

/* ---- Strava activities.csv ------------------------------------------- */

typedef struct csvbuf {
    char *p;
    size_t len, cap;
} csvbuf;

static int csv_putc(csvbuf *b, char c)
{
    if (b->len + 1 >= CSV_MAX_FIELD)
        return SG_ELIMIT;
    if (b->len + 2 > b->cap) {
        char *q = sg_grow(NULL, b->p, &b->cap, 1, 64, CSV_MAX_FIELD);
        if (!q)
            return SG_ENOMEM;
        b->p = q;
    }
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
    return SG_OK;
}

int sg_strava_csv_parse(const char *csv, size_t len,
                        int (*fn)(void *ctx, const char *file, const char *name,
                                  const char *type),
                        void *ctx, sg_err *err)
{
    enum { C_FILE, C_NAME, C_TYPE, C_N };
    static const char *const want[C_N] = {"Filename", "Activity Name", "Activity Type"};
    int idx[C_N] = {-1, -1, -1};
    char *val[C_N] = {NULL, NULL, NULL};
    csvbuf f = {0};
    int rc = SG_OK, col = 0, line = 1, header = 1;
    size_t i = 0;
    if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* UTF-8 byte-order mark */
    while (i <= len) {
        f.len = 0;
        if (f.p)
            f.p[0] = '\0';
        int quoted = i < len && csv[i] == '"';
        if (quoted)
            i++;
        /* one field */
        for (;;) {
            if (i >= len) {
                if (quoted) {
                    rc = sg_err_set_at(err, SG_EFORMAT, line, col + 1,
                                       "activities.csv: unterminated quoted field");
                    goto out;
                }
                break;
            }
            char c = csv[i];
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < len && csv[i + 1] == '"') {
                        i += 2;
                        if ((rc = csv_putc(&f, '"')))
                            goto field_err;
                        continue;
                    }
                    quoted = 0;
                    i++;
                    continue;
                }
                if (c == '\n')
                    line++;
            } else if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
            if ((rc = csv_putc(&f, c)))
                goto field_err;
            i++;
        }
        const char *text = f.p ? f.p : "";
        if (header) {
            for (int k = 0; k < C_N; k++)
                if (idx[k] < 0 && strcmp(text, want[k]) == 0)
                    idx[k] = col;
        } else {
            for (int k = 0; k < C_N; k++) {
                if (idx[k] == col && !val[k]) {
                    val[k] = strdup(text);
                    if (!val[k]) {
                        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory reading activities.csv");
                        goto out;
                    }
                }
            }
        }
        int end_row = i >= len || csv[i] == '\n' || csv[i] == '\r';
        if (i < len && csv[i] == '\r')
            i++;
        if (i < len && csv[i] == '\n')
            i++;
        else if (!end_row)
            i++; /* the comma */
        if (!end_row) {
            col++;
            continue;
        }
        if (header) {
            if (idx[C_FILE] < 0) {
                rc = sg_err_set_at(err, SG_EFORMAT, 1, 1, "activities.csv: no Filename column");
                goto out;
            }
            header = 0;
        } else if (val[C_FILE] && val[C_FILE][0]) {
            if ((rc = fn(ctx, val[C_FILE], val[C_NAME] ? val[C_NAME] : "",
                         val[C_TYPE] ? val[C_TYPE] : "")))
                goto out;
        }
        for (int k = 0; k < C_N; k++) {
            free(val[k]);
            val[k] = NULL;
        }
        col = 0;
        line++;
        if (i >= len)
            break;
    }
    goto out;
field_err:
    if (rc == SG_ELIMIT)
        sg_err_set_at(err, rc, line, col + 1, "activities.csv: field longer than %d bytes",
                      CSV_MAX_FIELD);
    else
        sg_err_set(err, rc, -1, "out of memory reading activities.csv");
out:
    for (int k = 0; k < C_N; k++)
        free(val[k]);
    free(f.p);
    return rc;
}

typedef struct meta_row {
    char *file, *name, *type;
} meta_row;

typedef struct meta {
    meta_row *rows;
    size_t n, cap;
    char *prefix;       /* where activities.csv was ("export/"), "" at the root */
} meta;

static void meta_free(meta *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->rows[i].file);
        free(m->rows[i].name);
        free(m->rows[i].type);
    }
    free(m->rows);
    free(m->prefix);
    memset(m, 0, sizeof *m);
}

static int meta_add(void *ctx, const char *file, const char *name, const char *type)
{
    meta *m = ctx;
    if (m->n >= META_MAX_ROWS)
        return SG_ELIMIT;
    if (m->n == m->cap) {
        meta_row *r = sg_grow(NULL, m->rows, &m->cap, sizeof *r, 64, META_MAX_ROWS);
        if (!r)
            return SG_ENOMEM;
        m->rows = r;
    }
    meta_row row = {strdup(file), strdup(name), strdup(type)};
    if (!row.file || !row.name || !row.type) {
        free(row.file);
        free(row.name);
        free(row.type);
        return SG_ENOMEM;
    }
    m->rows[m->n++] = row;
    return SG_OK;
}

static int meta_cmp(const void *a, const void *b)
{
    return strcmp(((const meta_row *)a)->file, ((const meta_row *)b)->file);
}

/* Parses csv into m (sorted for lookup). A damaged csv gives no metadata,
 * not a failed import: the activities themselves are still fine. */
static void meta_load(meta *m, const char *csv, size_t len, const char *prefix)
{
    meta_free(m);
    if (sg_strava_csv_parse(csv, len, meta_add, m, NULL) != SG_OK) {
        meta_free(m);
        return;
    }
    m->prefix = strdup(prefix);
    if (!m->prefix) {
        meta_free(m);
        return;
    }
    qsort(m->rows, m->n, sizeof *m->rows, meta_cmp);
}

/* Looks up an entry path (as stored, relative to the walk root). */
static const meta_row *meta_find(const meta *m, const char *path)
{
    if (!m->n || !m->prefix)
        return NULL;
    size_t pl = strlen(m->prefix);
    if (strncmp(path, m->prefix, pl) != 0)
        return NULL;
    meta_row key = {(char *)(uintptr_t)(path + pl), NULL, NULL};
    return bsearch(&key, m->rows, m->n, sizeof *m->rows, meta_cmp);
}

/* ---- the walker ------------------------------------------------------- */

typedef struct walker {
    sg_walk_limits lim;
    sg_walk_fn fn;
    void *ctx;
    int stop;
    uint64_t total;           /* uncompressed bytes from the current top-level path */
    uint64_t file_reported;   /* on-disk bytes of the current file already reported */
    dev_t dev[128];           /* directories on the current path, for loop detection */
    ino_t ino[128];
    int ndir;
    int total_hit;            /* max_total_bytes reached: stop reading this path */
} walker;

static void report_bytes(walker *w, uint64_t b)
{
    if (b && w->lim.on_bytes)
        w->lim.on_bytes(w->ctx, b);
}

static void emit(walker *w, sg_walk_entry *e)
{
    if (w->stop) {
        free(e->data);
        return;
    }
    w->stop = w->fn(w->ctx, e);
}

static void emit_err(walker *w, const char *path, int code, long long off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void emit_err(walker *w, const char *path, int code, long long off, const char *fmt, ...)
{
    sg_err err;
    sg_err_clear(&err);
    err.code = code;
    err.offset = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.msg, sizeof err.msg, fmt, ap);
    va_end(ap);
    sg_walk_entry e = {0};
    e.path = path;
    e.name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    e.err = &err;
    emit(w, &e);
}

enum { K_PLAIN, K_ZIP, K_TAR, K_COMPRESSED };

static int sniff(const unsigned char *p, size_t n)
{
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
        ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
        return K_ZIP;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return K_COMPRESSED;
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
        return K_COMPRESSED;
    if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
        return K_COMPRESSED;
    if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
        return K_TAR;
    return K_PLAIN;
}

/* Cleans an archive entry name for display: drops "", "." and ".."
 * components and leading slashes, and replaces control characters. */
static void clean_name(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    const char *p = in;
    while (*p && o + 1 < cap) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0)
            break;
        if (!((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))) {
            if (o > 0 && o + 1 < cap)
                out[o++] = '/';
            for (size_t i = 0; i < n && o + 1 < cap; i++) {
                unsigned char c = (unsigned char)p[i];
                out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
            }
        }
        p += n;
    }
    if (o == 0 && cap > 8) {
        memcpy(out, "unnamed", 7);
        o = 7;
    }
    out[o] = '\0';
}

static void process_buffer(walker *w, const char *display, const char *name, unsigned char *data,
                           size_t len, int owned, int depth, const char *mname,
                           const char *mtype);

/* A compressed stream (gzip, bzip2, xz) is opened as the "raw" format only:
 * its content is then sniffed like any file, so .tar.gz is a tar inside a
 * gzip. Letting libarchive guess instead would read a gzip of zeros as an
 * empty tar. Containers (zip, tar) are opened without raw. */
/* Opens an archive from memory, or from the file `fname` when it is not NULL
 * (then `data`/`len` are only its first bytes, for sniffing): a top-level
 * archive is streamed from disk, so a multi-gigabyte export never has to fit
 * in memory. */
static struct archive *open_src(const unsigned char *data, size_t len, const char *fname)
{
    struct archive *a = archive_read_new();
    if (!a)
        return NULL;
    archive_read_support_filter_all(a);
    if (sniff(data, len) == K_COMPRESSED)
        archive_read_support_format_raw(a);
    else
        archive_read_support_format_all(a);
    int r = fname ? archive_read_open_filename(a, fname, 1 << 16)
                  : archive_read_open_memory(a, data, len);
    if (r != ARCHIVE_OK) {
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Reads the current entry's data with the ceilings. Returns SG_OK with a
 * malloc()ed buffer, or an error code with a message in *why. */
static int read_entry(walker *w, struct archive *a, unsigned char **out, size_t *outlen,
                      char *why, size_t whycap)
{
    *out = NULL;
    *outlen = 0;
    size_t cap = 0, n = 0;
    unsigned char *buf = NULL;
    for (;;) {
        if (n == cap) {
            if (n >= w->lim.max_entry_bytes) {
                /* one more byte would be over the limit: see if there is one */
                unsigned char probe;
                la_ssize_t r = archive_read_data(a, &probe, 1);
                if (r == 0)
                    break;
                free(buf);
                snprintf(why, whycap,
                         "uncompressed size exceeds the %zu-byte limit per entry (zip bomb?)",
                         w->lim.max_entry_bytes);
                return SG_ELIMIT;
            }
            size_t nc = sg_grow_cap(cap, READ_CHUNK, w->lim.max_entry_bytes, 1);
            unsigned char *q = realloc(buf, nc + 1);
            if (!q) {
                free(buf);
                snprintf(why, whycap, "out of memory");
                return SG_ENOMEM;
            }
            buf = q;
            cap = nc;
        }
        la_ssize_t r = archive_read_data(a, buf + n, cap - n);
        if (r < 0) {
            free(buf);
            snprintf(why, whycap, "%s", archive_error_string(a) ? archive_error_string(a)
                                                                : "damaged archive entry");
            return SG_EFORMAT;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (w->total + n > w->lim.max_total_bytes) {
            free(buf);
            w->total_hit = 1;
            snprintf(why, whycap,
                     "uncompressed total exceeds the %llu-byte limit (zip bomb?)",
                     (unsigned long long)w->lim.max_total_bytes);
            return SG_ELIMIT;
        }
    }
    if (!buf) {
        buf = malloc(1);
        if (!buf) {
            snprintf(why, whycap, "out of memory");
            return SG_ENOMEM;
        }
    }
    buf[n] = '\0';
    w->total += n;
    *out = buf;
    *outlen = n;
    return SG_OK;
}

/* macOS adds "__MACOSX/" folders and "._name" files (AppleDouble resource
 * forks) to zips and copied folders: metadata of the file beside them, never
 * user data, and often named like the activity ("._run.fit"). */
static int is_apple_double(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return strncmp(path, "__MACOSX/", 9) == 0 || strstr(path, "/__MACOSX/") != NULL ||
           strncmp(b, "._", 2) == 0;
}

static int is_csv_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return strcmp(b ? b + 1 : path, "activities.csv") == 0;
}

/* First pass: activities.csv anywhere up to one directory deep. */
static void find_strava_csv(walker *w, const unsigned char *data, size_t len, const char *fname,
                            meta *m)
{
    struct archive *a = open_src(data, len, fname);
    if (!a)
        return;
    struct archive_entry *ent;
    size_t count = 0;
    while (archive_read_next_header(a, &ent) == ARCHIVE_OK && count++ < w->lim.max_entries) {
        const char *p = archive_entry_pathname(ent);
        if (archive_format(a) == ARCHIVE_FORMAT_RAW)
            break;
        if (!p || archive_entry_filetype(ent) != AE_IFREG || !is_csv_name(p))
            continue;
        const char *slash = strrchr(p, '/');
        size_t pl = slash ? (size_t)(slash - p) + 1 : 0;
        if (slash && memchr(p, '/', (size_t)(slash - p)))
            continue; /* deeper than one directory: not the export's own csv */
        if (archive_entry_size_is_set(ent) && archive_entry_size(ent) > (la_int64_t)CSV_MAX_BYTES)
            break;
        sg_walk_limits saved = w->lim;
        uint64_t saved_total = w->total;
        w->lim.max_entry_bytes = CSV_MAX_BYTES;
        unsigned char *csv;
        size_t n;
        char why[128];
        char prefix[512];
        if (read_entry(w, a, &csv, &n, why, sizeof why) == SG_OK) {
            snprintf(prefix, sizeof prefix, "%.*s", (int)pl, p);
            meta_load(m, (const char *)csv, n, prefix);
            free(csv);
        }
        w->lim = saved;
        w->total = saved_total;
        break;
    }
    archive_read_free(a);
}

static void walk_archive(walker *w, const char *display, const char *name,
                         const unsigned char *data, size_t len, const char *fname, int depth,
                         const char *mname, const char *mtype)
{
    meta m = {0};
    int kind = sniff(data, len);
    if (kind == K_ZIP || kind == K_TAR)
        find_strava_csv(w, data, len, fname, &m);
    struct archive *a = open_src(data, len, fname);
    char *child = NULL;
    if (!a) {
        emit_err(w, display, fname ? SG_EIO : SG_ENOMEM, -1, "cannot open archive");
        goto out;
    }
    size_t cap = w->lim.max_path + 1;
    child = malloc(cap);
    char *clean = malloc(cap);
    if (!child || !clean) {
        free(clean);
        emit_err(w, display, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    size_t count = 0;
    la_int64_t consumed = 0;
    for (;;) {
        if (w->stop || w->total_hit)
            break;
        struct archive_entry *ent;
        int r = archive_read_next_header(a, &ent);
        if (r == ARCHIVE_EOF)
            break;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
            const char *msg = archive_error_string(a);
            emit_err(w, display, SG_EFORMAT, -1, "damaged archive: %s",
                     msg ? msg : "cannot read the next entry");
            break;
        }
        if (++count > w->lim.max_entries) {
            emit_err(w, display, SG_ELIMIT, -1, "more than %zu entries; the rest is ignored",
                     w->lim.max_entries);
            break;
        }
        int raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        const char *ep = raw ? NULL : archive_entry_pathname(ent);
        if (!raw && !ep)
            ep = archive_entry_pathname_utf8(ent);
        if (!raw && archive_entry_filetype(ent) != AE_IFREG)
            continue; /* directories, links, devices: nothing to read */
        if (!raw && ep && m.n && is_csv_name(ep) && strncmp(ep, m.prefix, strlen(m.prefix)) == 0 &&
            strlen(ep) == strlen(m.prefix) + 14)
            continue; /* the Strava index itself, already used */
        const char *cname;
        if (raw) {
            if (strlen(display) >= cap) {
                emit_err(w, display, SG_ELIMIT, -1, "name longer than %zu bytes", w->lim.max_path);
                continue;
            }
            snprintf(child, cap, "%s", display);
            cname = name;
        } else {
            clean_name(ep ? ep : "", clean, cap);
            int n = snprintf(child, cap, "%s:%s", display, clean);
            if (n < 0 || (size_t)n >= cap) {
                emit_err(w, display, SG_ELIMIT, -1, "entry name longer than %zu bytes",
                         w->lim.max_path);
                continue;
            }
            cname = strrchr(clean, '/') ? strrchr(clean, '/') + 1 : clean;
            if (is_apple_double(clean))
                continue;
        }
        if (archive_entry_size_is_set(ent) &&
            archive_entry_size(ent) > (la_int64_t)w->lim.max_entry_bytes) {
            emit_err(w, child, SG_ELIMIT, -1,
                     "entry of %lld bytes exceeds the %zu-byte limit (zip bomb?)",
                     (long long)archive_entry_size(ent), w->lim.max_entry_bytes);
            continue;
        }
        unsigned char *buf;
        size_t n;
        char why[200];
        int rc = read_entry(w, a, &buf, &n, why, sizeof why);
        if (depth == 1) {
            la_int64_t now = archive_filter_bytes(a, -1);
            if (now > consumed) {
                report_bytes(w, (uint64_t)(now - consumed));
                w->file_reported += (uint64_t)(now - consumed);
                consumed = now;
            }
        }
        if (rc) {
            emit_err(w, child, rc, -1, "%s", why);
            if (w->total_hit)
                break;
            continue;
        }
        const char *en = mname, *et = mtype;
        const meta_row *row = (!raw && ep) ? meta_find(&m, ep) : NULL;
        if (row) {
            en = row->name[0] ? row->name : NULL;
            et = row->type[0] ? row->type : NULL;
        } else if (!raw) {
            en = et = NULL; /* a parent's metadata names the archive, not its members */
        }
        process_buffer(w, child, cname, buf, n, 1, depth, en, et);
    }
    free(clean);
out:
    free(child);
    if (a)
        archive_read_free(a);
    meta_free(&m);
}

static void process_buffer(walker *w, const char *display, const char *name, unsigned char *data,
                           size_t len, int owned, int depth, const char *mname,
                           const char *mtype)
{
    int kind = sniff(data, len);
    if (kind != K_PLAIN) {
        if (depth >= w->lim.max_depth)
            emit_err(w, display, SG_ELIMIT, -1, "archives nested deeper than %d levels",
                     w->lim.max_depth);
        else
            walk_archive(w, display, name, data, len, NULL, depth + 1, mname, mtype);
        if (owned)
            free(data);
        return;
    }
    if (!owned) {
        unsigned char *copy = malloc(len + 1);
        if (!copy) {
            emit_err(w, display, SG_ENOMEM, -1, "out of memory");
            return;
        }
        memcpy(copy, data, len);
        copy[len] = '\0';
        data = copy;
    }
    sg_walk_entry e = {0};
    e.path = display;
    e.name = name;
    e.data = data;
    e.len = len;
    e.meta_name = mname;
    e.meta_type = mtype;
    emit(w, &e);
}

static void walk_file(walker *w, const char *path, const char *mname, const char *mtype)
{
    unsigned char *data;
    size_t len;
    sg_err err;
    w->file_reported = 0;
    w->total = 0;
    w->total_hit = 0;
    /* Archives are streamed from disk; anything else is read whole. */
    unsigned char head[512];
    size_t hn = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        hn = fread(head, 1, sizeof head, f);
        fclose(f);
    }
    if (f && sniff(head, hn) != K_PLAIN) {
        struct stat st;
        uint64_t size = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
        walk_archive(w, path, sg_path_basename(path), head, hn, path, 1, mname, mtype);
        if (size > w->file_reported)
            report_bytes(w, size - w->file_reported);
        return;
    }
    if (sg_file_read(NULL, path, 0, &data, &len, &err)) {
        sg_walk_entry e = {0};
        e.path = path;
        e.name = sg_path_basename(path);
        e.err = &err;
        emit(w, &e);
        return;
    }
    process_buffer(w, path, sg_path_basename(path), data, len, 1, 0, mname, mtype);
    if (len > w->file_reported)
        report_bytes(w, len - w->file_reported);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory but . and .., sorted by name (at most
 * max_entries; errors are reported and what was read is kept). false when
 * the directory cannot be opened. */
static bool list_dir(walker *w, const char *path, char ***names_out, size_t *n_out)
{
    DIR *d = opendir(path);
    if (!d) {
        emit_err(w, path, SG_EIO, -1, "cannot open directory: %s", strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int oom = 0;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n >= w->lim.max_entries) {
            emit_err(w, path, SG_ELIMIT, -1, "more than %zu entries; the rest is ignored",
                     w->lim.max_entries);
            break;
        }
        if (n == cap) {
            char **q = sg_grow(NULL, names, &cap, sizeof *q, 64, SIZE_MAX);
            if (!q) {
                oom = 1;
                break;
            }
            names = q;
        }
        if (!(names[n] = strdup(de->d_name))) {
            oom = 1;
            break;
        }
        n++;
    }
    closedir(d);
    if (oom)
        emit_err(w, path, SG_ENOMEM, -1, "out of memory listing the directory");
    if (names)
        qsort(names, n, sizeof *names, name_cmp);

    *names_out = names;
    *n_out = n;
    return true;
}

static void walk_dir(walker *w, const char *path, const meta *m, const char *mbase)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        emit_err(w, path, SG_EIO, -1, "cannot open: %s", strerror(errno));
        return;
    }
    for (int i = 0; i < w->ndir; i++) {
        if (w->dev[i] == st.st_dev && w->ino[i] == st.st_ino) {
            emit_err(w, path, SG_ELIMIT, -1, "directory loop (a symlink points to its own parent)");
            return;
        }
    }
    if (w->ndir >= w->lim.max_dir_depth || w->ndir >= (int)(sizeof w->dev / sizeof *w->dev)) {
        emit_err(w, path, SG_ELIMIT, -1, "directories nested deeper than %d levels",
                 w->lim.max_dir_depth);
        return;
    }
    char **names = NULL;
    size_t n = 0;
    if (!list_dir(w, path, &names, &n))
        return;

    /* A Strava export unpacked into a folder. */
    meta own = {0};
    char *own_base = NULL;
    for (size_t i = 0; i < n && !m; i++) {
        if (strcmp(names[i], "activities.csv") != 0)
            continue;
        size_t pl = strlen(path) + 16;
        char *csvp = malloc(pl);
        unsigned char *csv;
        size_t clen;
        if (csvp) {
            snprintf(csvp, pl, "%s/activities.csv", path);
            if (sg_file_read(NULL, csvp, CSV_MAX_BYTES, &csv, &clen, NULL) == SG_OK) {
                meta_load(&own, (const char *)csv, clen, "");
                free(csv);
            }
            free(csvp);
        }
        if (own.n) {
            own_base = strdup(path);
            m = &own;
            mbase = own_base;
        }
    }

    w->dev[w->ndir] = st.st_dev;
    w->ino[w->ndir] = st.st_ino;
    w->ndir++;
    size_t pcap = w->lim.max_path + 1;
    char *child = malloc(pcap);
    for (size_t i = 0; i < n && child && !w->stop; i++) {
        int k = snprintf(child, pcap, "%s/%s", path, names[i]);
        if (k < 0 || (size_t)k >= pcap) {
            emit_err(w, path, SG_ELIMIT, -1, "entry name longer than %zu bytes", w->lim.max_path);
            continue;
        }
        struct stat cs;
        if (stat(child, &cs) != 0) {
            struct stat ls;
            int dangling = lstat(child, &ls) == 0 && S_ISLNK(ls.st_mode);
            emit_err(w, child, SG_EIO, -1, "%s: %s", dangling ? "dangling symlink" : "cannot open",
                     strerror(errno));
            continue;
        }
        if (S_ISDIR(cs.st_mode)) {
            walk_dir(w, child, m, mbase);
        } else if (S_ISREG(cs.st_mode)) {
            if (m == &own && strcmp(names[i], "activities.csv") == 0)
                continue; /* the Strava index itself, already used */
            if (is_apple_double(names[i]))
                continue;
            const meta_row *row = NULL;
            if (m && mbase && strncmp(child, mbase, strlen(mbase)) == 0 &&
                child[strlen(mbase)] == '/')
                row = meta_find(m, child + strlen(mbase) + 1);
            walk_file(w, child, row && row->name[0] ? row->name : NULL,
                      row && row->type[0] ? row->type : NULL);
        }
        /* fifos, sockets, devices: not files anyone exported */
    }
    if (!child)
        emit_err(w, path, SG_ENOMEM, -1, "out of memory");
    free(child);
    w->ndir--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    meta_free(&own);
    free(own_base);
}

static void walker_init(walker *w, const sg_walk_limits *lim, sg_walk_fn fn, void *ctx)
{
    memset(w, 0, sizeof *w);
    if (lim)
        w->lim = *lim;
    else
        sg_walk_limits_default(&w->lim);
    w->fn = fn;
    w->ctx = ctx;
}

int sg_walk(const char *path, const sg_walk_limits *lim, sg_walk_fn fn, void *ctx)
{
    walker w;
    walker_init(&w, lim, fn, ctx);
    struct stat st;
    if (stat(path, &st) != 0) {
        emit_err(&w, path, SG_EIO, -1, "cannot open: %s", strerror(errno));
        return w.stop;
    }
    if (S_ISDIR(st.st_mode))
        walk_dir(&w, path, NULL, NULL);
    else
        walk_file(&w, path, NULL, NULL);
    return w.stop;
}

int sg_walk_buffer(const char *display, const unsigned char *data, size_t len,
                   const sg_walk_limits *lim, sg_walk_fn fn, void *ctx)
{
    walker w;
    walker_init(&w, lim, fn, ctx);
    const char *slash = strrchr(display, '/');
    /* process_buffer only reads `data` unless it owns it */
    process_buffer(&w, display, slash ? slash + 1 : display, (unsigned char *)(uintptr_t)data,
                   len, 0, 0, NULL, NULL);
    return w.stop;
}

static void measure(const char *path, uint64_t *files, uint64_t *bytes, dev_t *dv, ino_t *in,
                    int depth)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    if (S_ISREG(st.st_mode)) {
        (*files)++;
        *bytes += (uint64_t)st.st_size;
        return;
    }
    if (!S_ISDIR(st.st_mode) || depth >= 64)
        return;
    for (int i = 0; i < depth; i++)
        if (dv[i] == st.st_dev && in[i] == st.st_ino)
            return;
    dv[depth] = st.st_dev;
    in[depth] = st.st_ino;
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *de;
    char child[4096];
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        int k = snprintf(child, sizeof child, "%s/%s", path, de->d_name);
        if (k > 0 && (size_t)k < sizeof child)
            measure(child, files, bytes, dv, in, depth + 1);
    }
    closedir(d);
}

void sg_walk_measure(const char *path, uint64_t *files, uint64_t *bytes)
{
    dev_t dv[64];
    ino_t in[64];
    *files = 0;
    *bytes = 0;
    measure(path, files, bytes, dv, in, 0);
}
