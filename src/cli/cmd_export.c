/* `strideguard export`: write an activity as a FIT file.
 *
 * `export IN.fit -o OUT.fit` decodes IN into the activity model and encodes
 * it again (the use case is src/app/export.c; it normalises a device's file
 * to the fields the model keeps). Options choose the encoding: --big-endian,
 * --compressed-timestamps, --header-size 12|14. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/export.h"
#include "cli/cli.h"
#include "model/jsonw.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard export IN.fit -o OUT.fit [--big-endian] "
          "[--compressed-timestamps] [--header-size 12|14] [--json]\n",
          f);
}

int sg_cmd_export(int argc, char **argv, const sg_cli_ctx *ctx)
{
    (void)ctx;
    const char *in = NULL, *out = NULL;
    bool json = false;
    sg_fit_encode_opts o = {0, 0, 14};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--big-endian") == 0)
            o.big_endian = 1;
        else if (strcmp(a, "--compressed-timestamps") == 0)
            o.compressed_timestamps = 1;
        else if (strcmp(a, "--header-size") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "12") == 0)
                o.header_size = 12;
            else if (strcmp(v, "14") == 0)
                o.header_size = 14;
            else {
                sg_cli_errorf("export: --header-size must be 12 or 14");
                return SG_EXIT_USAGE;
            }
        } else if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (a[0] == '-' && a[1] != '\0') {
            sg_cli_errorf("export: unknown option '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else if (!in)
            in = a;
        else {
            usage(stderr);
            return SG_EXIT_USAGE;
        }
    }
    if (!in || !out) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    sg_app_export_result r;
    const char *which = in;
    sg_err err;
    sg_err_clear(&err);
    if (sg_app_export_fit(in, out, &o, &r, &which, &err)) {
        sg_cli_error(which, &err);
        return SG_EXIT_FAIL;
    }
    if (r.warnings)
        sg_cli_error(in, &r.first_warning); /* a warning: the records before it are written */
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "in", in);
        sg_jw_kstr(&w, "out", out);
        sg_jw_kint(&w, "bytes", (long long)r.bytes);
        sg_jw_kint(&w, "records", (long long)r.records);
        sg_jw_kint(&w, "warnings", (long long)r.warnings);
        sg_jw_obj_end(&w);
        sg_jw_newline(&w);
    } else {
        printf("%s: %zu records, %zu bytes\n", out, r.records, r.bytes);
    }
    return r.warnings ? SG_EXIT_FAIL : SG_EXIT_OK;
}
