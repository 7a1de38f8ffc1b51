#ifndef SG_BYTES_FILE_H
#define SG_BYTES_FILE_H
/* Reading whole files into memory with a ceiling. Decoders work on memory
 * buffers (DESIGN.md §2.7), so files, archive entries, HTTP uploads and
 * fuzzers share one path; this is the file end of that path. */

#include <stddef.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"

#define SG_FILE_MAX_BYTES ((size_t)1 << 30) /* 1 GiB: no activity file is larger */

/* Reads `path` into a new buffer (NUL-terminated one byte past *len, so text
 * parsers may treat it as a string). max_bytes 0 means SG_FILE_MAX_BYTES.
 * Errors: SG_EIO (cannot open/read; message has strerror), SG_ELIMIT (larger
 * than max), SG_ENOMEM. The caller frees *data with sg_free(a, *data). */
int sg_file_read(const sg_allocator *a, const char *path, size_t max_bytes,
                 unsigned char **data, size_t *len, sg_err *err);

/* Writes len bytes to path atomically (temp file + rename). SG_EIO on failure;
 * the target is untouched then. */
int sg_file_write_atomic(const char *path, const void *data, size_t len, sg_err *err);

/* mkdir -p: creates the folder `dir` and any missing parents (mode 0700; an
 * existing one is fine). Errors: SG_EUSAGE (path of 4096 bytes or more),
 * SG_EIO (the folder that could not be made, with the OS's reason). */
int sg_file_mkdir_p(const char *dir, sg_err *err);

/* 1 when `name` may name a file sent over the network (an upload's or a
 * shared activity's ?name=): 1..max bytes, not "." or "..", no '/', '\\',
 * control characters or DEL; it is only ever a last path component. */
int sg_file_name_ok(const char *name, size_t max);
#define SG_FILE_NAME_MAX 255 /* bytes of a file name, as most file systems allow */

/* Copies a file name for display into out (cap > 0 bytes, always
 * NUL-terminated, cut when too long): control characters (C0, DEL, and C1
 * written as UTF-8) become \xHH and a backslash becomes \\, so a name can
 * never move the cursor, recolour or retitle a terminal, or forge a line.
 * Returns out. Every message that prints a file name goes through this. */
char *sg_name_escape(const char *name, char *out, size_t cap);

/* The last path component ("a/b/c.fit" -> "c.fit"); points into path. */
const char *sg_path_basename(const char *path);

#endif
