/* `strideguard export-journal`: every journal entry, for a clinician, as CSV
 * or JSON (docs/cli.md "export-journal"). Parsing and printing only: the use
 * case is sg_app_journal_export (src/app/journal.c), the writers are in
 * src/render/journal_render.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/journal.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "cli/opts.h"
#include "render/journal_render.h"
#include "model/strbuf.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard export-journal [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json|--csv]\n"
          "  Every journal entry (pain, prehab, RPE, screening answers, OSTRC), oldest first,\n"
          "  for a clinician: CSV with a header line (the default) or one JSON document.\n"
          "  --from, --to  the first and last day exported (default: all; entries without\n"
          "                a date are left out when either is given)\n",
          f);
}

typedef struct export_args {
    sg_app_journal_export_req req;
    bool csv;
} export_args;

/* export-journal's own options (sg_cli_opt_fn) */
static int export_opt(void *state, const char *a, const char *v)
{
    export_args *x = state;
    if (strcmp(a, "--csv") == 0) {
        x->csv = true;
        return 1;
    } else if (strcmp(a, "--from") == 0 && v) {
        return sg_cli_day_arg("export-journal", a, v, &x->req.from_day) ? 2 : -1;
    } else if (strcmp(a, "--to") == 0 && v) {
        return sg_cli_day_arg("export-journal", a, v, &x->req.to_day) ? 2 : -1;
    }
    return 0;
}

static int print_csv(const sg_app_journal_export_result *x)
{
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_journal_export_write_csv(&b, x);
    size_t len = 0;
    char *s = sg_sb_take(&b, &len);
    int ok = s && fwrite(s, 1, len, stdout) == len;
    free(s);
    return ok ? SG_EXIT_OK : SG_EXIT_FAIL;
}

int sg_cmd_export_journal(int argc, char **argv, const sg_cli_ctx *ctx)
{
    export_args a = {{SG_JOURNAL_NO_DAY, SG_JOURNAL_NO_DAY}, false};
    sg_cli_common co = {.takes_today = false};
    int rc = sg_cli_parse(argc, argv, "export-journal", usage, &co, export_opt, &a);
    if (rc != SG_CLI_GO_ON)
        return rc;
    if (co.json && a.csv) {
        sg_cli_errorf("export-journal: --json and --csv: pick one");
        return SG_EXIT_USAGE;
    }
    sg_err err;
    sg_err_clear(&err);
    sg_store *st = NULL;
    sg_app_journal_export_result x = {0};
    rc = sg_store_open(ctx->db_path, &st, &err);
    if (rc == SG_OK)
        rc = sg_app_journal_export(st, &a.req, &x, &err);
    sg_store_close(st);
    if (rc == SG_EUSAGE) {
        sg_cli_errorf("export-journal: %s", err.msg);
        return SG_EXIT_USAGE;
    }
    if (rc)
        return sg_cli_store_failed(ctx, rc, &err);
    if (co.json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_journal_export_write_json(&w, &x);
        rc = sg_cli_json_end(&w);
    } else {
        rc = print_csv(&x);
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    if (rc)
        sg_cli_errorf("export-journal: cannot write to standard output");
    sg_app_journal_export_free(&x);
    return rc;
}
