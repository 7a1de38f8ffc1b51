#ifndef SG_RENDER_DECODE_RENDER_H
#define SG_RENDER_DECODE_RENDER_H
/* The writers of `strideguard decode` (docs/cli.md "decode"; the --jsonl
 * interop view in docs/formats.md "FIT"): the app's typed results of
 * app/decode.h as JSON lines, a JSON object or text. JSON errors are the
 * writer's (sticky, sg_jw_error), text errors the FILE's. */

#include <stdbool.h>
#include <stdio.h>

#include "app/decode.h"
#include "model/jsonw.h"

/* --jsonl: the first line {"t":"file", file (a base name), bytes, decoder}. */
void sg_decode_jsonl_head(sg_jw *w, const char *file, size_t bytes, const char *version);
/* --jsonl: one line {"t":"record", ...} a record message. */
void sg_decode_jsonl_record(sg_jw *w, const sg_app_fit_record *r);
/* --jsonl: the last line {"t":"summary", records, messages (by name), errors,
 * ok}; `err` is the walk's error when rc is not SG_OK. */
void sg_decode_jsonl_tail(sg_jw *w, size_t records, const sg_app_fit_counts *counts, int rc,
                          const sg_err *err);

/* --summary --json: one object and a newline. `file` is a base name. */
void sg_decode_summary_json(sg_jw *w, const char *file, size_t bytes,
                            const sg_app_decode_summary *s);
/* --summary: the same facts for a terminal (metric or imperial units). */
void sg_decode_summary_text(FILE *f, const char *file, size_t bytes,
                            const sg_app_decode_summary *s, bool metric);

/* --stats: a file's line (JSON line or text) and the total's. */
void sg_decode_stat_write(sg_jw *w, FILE *f, bool json, const sg_app_decode_stat *s);
void sg_decode_totals_write(sg_jw *w, FILE *f, bool json, const sg_app_decode_totals *t,
                            int repeat);

#endif
