/* `strideguard check [--red-flag NAME ...] [--no NAME|all ...] [--today D] [--json]`
 * (docs/cli.md "check"): triage of the journal and the red-flag answers,
 * with links to the stored runs as associations. On a terminal without
 * answers given, asks the red-flag questions one by one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/journal.h"
#include "app/triage.h"
#include "app/views.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "render/journal_render.h"

int sg_cmd_check(int argc, char **argv, const sg_cli_ctx *ctx);

static void usage(FILE *f)
{
    fputs("usage: strideguard check [--red-flag NAME[,NAME...]]... [--no NAME[,NAME...]|all]...\n"
          "                         [--today D] [--json]\n"
          "--red-flag (or --yes) answers yes, --no answers no; without answers on a terminal\n"
          "the questions are asked one by one. Red flags:\n"
          "  saddle_numbness bladder_dysfunction bowel_dysfunction sexual_dysfunction\n"
          "  bilateral_leg_symptoms progressive_weakness fever immunosuppression major_trauma\n"
          "  cancer_history unexplained_weight_loss night_pain age_onset\n",
          f);
}

/* Marks every name of a comma list; "all" for --no. */
static int mark(const char *list, unsigned *mask, int allow_all)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (allow_all && strcmp(t, "all") == 0) {
            *mask |= SG_RF_ALL;
            continue;
        }
        int f = sg_redflag_parse(t);
        if (f < 0) {
            sg_cli_errorf("check: unknown red flag '%s' (see --help)", t);
            return 0;
        }
        *mask |= SG_RF_BIT(f);
    }
    return 1;
}

/* Asks each question; stops asking at end of input. */
static void ask(sg_redflag_answers *a)
{
    char line[64];
    puts("A few questions first. Answer y or n (Enter skips; a skipped question stays "
         "unanswered).");
    for (int f = 0; f < SG_RF_COUNT; f++) {
        printf("%s [y/n] ", sg_redflag_question((sg_redflag)f));
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin))
            break;
        if (line[0] == 'y' || line[0] == 'Y') {
            a->yes |= SG_RF_BIT(f);
            a->asked |= SG_RF_BIT(f);
        } else if (line[0] == 'n' || line[0] == 'N') {
            a->asked |= SG_RF_BIT(f);
        }
    }
    putchar('\n');
}

int sg_cmd_check(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_redflag_answers ans = {0, 0, 0};
    unsigned no = 0;
    int json = 0, answered = 0, today = sg_app_today();
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--help") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
        if (strcmp(o, "--json") == 0) {
            json = 1;
            continue;
        }
        if (!v) {
            sg_cli_errorf("check: unknown or incomplete option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
        i++;
        if (strcmp(o, "--red-flag") == 0 || strcmp(o, "--yes") == 0) {
            if (!mark(v, &ans.yes, 0))
                return SG_EXIT_USAGE;
            answered = 1;
        } else if (strcmp(o, "--no") == 0) {
            if (!mark(v, &no, 1))
                return SG_EXIT_USAGE;
            answered = 1;
        } else if (strcmp(o, "--today") == 0) {
            if (!sg_cli_day_arg("check", o, v, &today))
                return SG_EXIT_USAGE;
        } else {
            sg_cli_errorf("check: unknown option '%s' (see --help)", o);
            return SG_EXIT_USAGE;
        }
    }
    if (ans.yes & no) {
        sg_cli_errorf("check: a red flag was answered both yes and no");
        return SG_EXIT_USAGE;
    }
    ans.asked = ans.yes | no;
    if (!answered && !json && ctx->tty_out && isatty(STDIN_FILENO))
        ask(&ans);

    int rc = SG_EXIT_OK;
    sg_store *st = NULL;
    sg_app_check_result *r = calloc(1, sizeof *r);
    sg_err err;
    sg_err_clear(&err);
    if (!r) {
        sg_cli_errorf("check: out of memory");
        return SG_EXIT_FAIL;
    }
    if (sg_store_open(ctx->db_path, &st, &err)) {
        sg_cli_error(ctx->db_path, &err);
        rc = SG_EXIT_FAIL;
        goto out;
    }
    if (sg_app_check(st, &ans, today, r, &err)) {
        sg_cli_errorf("check: %s", err.msg);
        rc = sg_cli_exit_for(err.code);
        goto out;
    }
    if (json) {
        char *j = sg_view_check_json(r);
        if (!j || fputs(j, stdout) == EOF || putchar('\n') == EOF) {
            sg_cli_errorf("check: could not write the JSON");
            rc = SG_EXIT_FAIL;
        }
        free(j);
    } else {
        sg_triage_write_text(stdout, &r->triage);
        if (r->has_links) {
            puts("\nPain and your runs (associations in your own records, not causes):");
            sg_links_write_text(stdout, &r->links);
        }
    }
out:
    free(r);
    sg_store_close(st);
    return rc;
}
