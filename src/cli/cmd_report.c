/* `strideguard report`: the self-contained HTML report for a clinician
 * (docs/cli.md "report"). Parsing and printing only; the work is
 * src/app/report.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/load.h"
#include "app/report.h"
#include "bytes/file.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "model/jsonw.h"
#include "render/docs.h"
#include "render/report_html.h"
#include "strideguard/journal.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard report [-o FILE.html|-] [--weeks N] [--today YYYY-MM-DD] [--json]\n"
          "  One self-contained HTML file (no network needed; prints to A4) summarising the\n"
          "  last N weeks for a clinician: triage, pain journal, training load, runs, prehab.\n"
          "  -o        output file (default: strideguard-report-YYYY-MM-DD.html here);\n"
          "            '-' writes the HTML to standard output\n"
          "  --weeks   weeks reported (1-104, default 8), ending with today's week\n"
          "  --today   the last day reported (default: today, UTC)\n"
          "  --json    print {path, bytes, weeks, from, to, sections} instead of a line\n",
          f);
}

/* report's own options (sg_cli_opt_fn) */
typedef struct report_args {
    const char *out;
    sg_app_report_opts o;
} report_args;

static int report_opt(void *state, const char *a, const char *v)
{
    report_args *r = state;
    if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && v) {
        if (!*v) {
            sg_cli_errorf("report: -o expects a file name or '-'");
            return -1;
        }
        r->out = v;
        return 2;
    } else if (strcmp(a, "--weeks") == 0 && v) {
        return sg_cli_int_arg("report", "--weeks", v, 1, SG_APP_REPORT_MAX_WEEKS, &r->o.weeks) ? 2
                                                                                               : -1;
    }
    return 0;
}

int sg_cmd_report(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_cli_common co = {.takes_today = true};
    report_args ra = {NULL, {0}};
    sg_app_report_opts_init(&ra.o, NAN);
    ra.o.docs = sg_render_docs();
    ra.o.weeks = SG_APP_REPORT_DEFAULT_WEEKS;
    int prc = sg_cli_parse(argc, argv, "report", usage, &co, report_opt, &ra);
    if (prc != SG_CLI_GO_ON)
        return prc;
    const char *out = ra.out;
    sg_app_report_opts o = ra.o;
    bool to_stdout = out && strcmp(out, "-") == 0;
    if (to_stdout && co.json) {
        sg_cli_errorf("report: --json and -o - both write to standard output; pick one");
        return SG_EXIT_USAGE;
    }
    sg_err err;
    sg_err_clear(&err);
    if (!sg_cli_today(co.today, &o.now, &o.today))
        return SG_EXIT_USAGE;
    int from_day, to_day;
    if (sg_app_report_period(&o, &from_day, &to_day, &err)) {
        sg_cli_error(NULL, &err);
        return SG_EXIT_USAGE;
    }
    char dfrom[11], dto[11], def_path[64];
    sg_journal_date_format(from_day, dfrom);
    sg_journal_date_format(to_day, dto);
    if (!out) {
        snprintf(def_path, sizeof def_path, "strideguard-report-%s.html", dto);
        out = def_path;
    }

    sg_store *st = NULL;
    char *html = NULL;
    size_t len = 0;
    int rc = sg_store_open(ctx->db_path, &st, &err);
    if (rc == SG_OK)
        rc = sg_app_report(st, &o, &html, &len, &err);
    sg_store_close(st);
    if (rc) {
        free(html);
        return sg_cli_store_failed(ctx, rc, &err);
    }
    if (to_stdout) {
        rc = fwrite(html, 1, len, stdout) == len && fflush(stdout) == 0 ? SG_EXIT_OK
                                                                         : SG_EXIT_FAIL;
        free(html);
        if (rc)
            sg_cli_errorf("report: cannot write to standard output");
        return rc;
    }
    rc = sg_file_write_atomic(out, html, len, &err);
    free(html);
    if (rc) {
        sg_cli_error(out, &err);
        return SG_EXIT_FAIL;
    }
    if (co.json) {
        const char *const *names;
        size_t ns = sg_report_sections(&names);
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "path", out);
        sg_jw_kint(&w, "bytes", (long long)len);
        sg_jw_kint(&w, "weeks", o.weeks);
        sg_jw_kstr(&w, "from", dfrom);
        sg_jw_kstr(&w, "to", dto);
        sg_jw_key(&w, "sections");
        sg_jw_arr_begin(&w);
        for (size_t i = 0; i < ns; i++)
            sg_jw_str(&w, names[i]);
        sg_jw_arr_end(&w);
        sg_jw_obj_end(&w);
        rc = sg_cli_json_end(&w);
    } else {
        printf("wrote %s (%zu bytes): %d week%s, %s to %s\n", out, len, o.weeks,
               o.weeks == 1 ? "" : "s", dfrom, dto);
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    return rc;
}
