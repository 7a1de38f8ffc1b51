/* `strideguard report`: the self-contained HTML report for a clinician
 * (docs/cli.md "report"). Parsing and printing only; the work is
 * src/app/report.c. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/load.h"
#include "app/report.h"
#include "bytes/file.h"
#include "cli/cli.h"
#include "render/jsonw.h"
#include "render/report_html.h"
#include "strideguard/journal.h"

int sg_cmd_report(int argc, char **argv, const sg_cli_ctx *ctx);

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

int sg_cmd_report(int argc, char **argv, const sg_cli_ctx *ctx)
{
    const char *out = NULL, *today_arg = NULL;
    bool json = false;
    sg_app_report_opts o;
    sg_app_report_opts_init(&o, NAN);
    o.weeks = SG_APP_REPORT_DEFAULT_WEEKS;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && v) {
            if (!*v) {
                sg_cli_errorf("report: -o expects a file name or '-'");
                return SG_EXIT_USAGE;
            }
            out = v;
            i++;
        } else if (strcmp(a, "--today") == 0 && v) {
            today_arg = v;
            i++;
        } else if (strcmp(a, "--weeks") == 0 && v) {
            char *end;
            long w = strtol(v, &end, 10);
            if (end == v || *end || w < 1 || w > SG_APP_REPORT_MAX_WEEKS) {
                sg_cli_errorf("report: --weeks expects a whole number from 1 to %d, got '%s'",
                              SG_APP_REPORT_MAX_WEEKS, v);
                return SG_EXIT_USAGE;
            }
            o.weeks = (int)w;
            i++;
        } else {
            sg_cli_errorf("report: unknown or incomplete option '%s' (see 'strideguard report "
                          "--help')",
                          a);
            return SG_EXIT_USAGE;
        }
    }
    bool to_stdout = out && strcmp(out, "-") == 0;
    if (to_stdout && json) {
        sg_cli_errorf("report: --json and -o - both write to standard output; pick one");
        return SG_EXIT_USAGE;
    }
    sg_err err;
    sg_err_clear(&err);
    /* the one place the clock is read */
    o.now = (double)time(NULL);
    if (sg_app_load_today(today_arg, o.now, &o.today, &err)) {
        sg_cli_error(NULL, &err);
        return SG_EXIT_USAGE;
    }
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
        char path[PATH_MAX];
        const char *where = ctx->db_path;
        if (!where && sg_store_default_path(path, sizeof path, NULL) == SG_OK)
            where = path;
        sg_cli_error(where, &err);
        free(html);
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
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
    if (json) {
        const char *const *names;
        size_t ns = sg_report_sections(&names);
        sg_jw w;
        sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
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
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            rc = SG_EXIT_FAIL;
    } else {
        printf("wrote %s (%zu bytes): %d week%s, %s to %s\n", out, len, o.weeks,
               o.weeks == 1 ? "" : "s", dfrom, dto);
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    return rc;
}
